import { DomainError } from './domain-error';

/** A profile value breaks a rule of the shop. `field` names the offending input (e.g. `shippingAddress.postcode`). */
export class InvalidCustomerProfileError extends DomainError {
  readonly code = 'INVALID_CUSTOMER_PROFILE';
  readonly kind = 'validation';

  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** No profile for this customer: the sign-up was never confirmed, or the confirmation trigger has not run yet. */
export class CustomerNotFoundError extends DomainError {
  readonly code = 'CUSTOMER_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly customerId: string) {
    super(`No profile exists for customer ${customerId}`);
  }
}

/** The caller edited a version of the profile that is no longer current (stale If-Match): reload and retry. */
export class StaleCustomerVersionError extends DomainError {
  readonly code = 'VERSION_MISMATCH';
  readonly kind = 'precondition_failed';

  constructor(
    readonly customerId: string,
    readonly expectedVersion: number,
  ) {
    super(`The profile is no longer at version ${expectedVersion}`);
  }
}

/** Another write changed the profile between reading and storing it: nothing was stored, retrying is safe. */
export class CustomerVersionConflictError extends DomainError {
  readonly code = 'CUSTOMER_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(
    readonly customerId: string,
    readonly expectedVersion: number,
  ) {
    super(`The profile is no longer at version ${expectedVersion}`);
  }
}

/** A profile for this customer already exists; registration is a one-time fact. */
export class CustomerAlreadyRegisteredError extends DomainError {
  readonly code = 'CUSTOMER_ALREADY_REGISTERED';
  readonly kind = 'conflict';

  constructor(readonly customerId: string) {
    super(`Customer ${customerId} is already registered`);
  }
}

/** Another delivery of the same event is sending this email right now: retry later, it will then be recorded. */
export class EmailBeingSentError extends DomainError {
  readonly code = 'EMAIL_BEING_SENT';
  readonly kind = 'conflict';

  constructor(readonly emailKey: string) {
    super(`The email ${emailKey} is being sent by another invocation`);
  }
}
