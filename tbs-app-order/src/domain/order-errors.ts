import { DomainError } from './domain-error';

export class InvalidOrderError extends DomainError {
  readonly code = 'INVALID_ORDER';
  readonly kind = 'validation';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** A line names a product the catalogue projection does not know, or one that was archived. */
export class ProductUnavailableError extends DomainError {
  readonly code = 'PRODUCT_UNAVAILABLE';
  readonly kind = 'validation';
  constructor(readonly productIds: readonly string[]) {
    super(`These products cannot be ordered: ${productIds.join(', ')}`);
  }
}

export class DeliveryAddressRequiredError extends DomainError {
  readonly code = 'DELIVERY_ADDRESS_REQUIRED';
  readonly kind = 'validation';
  constructor() {
    super('A delivery address and a shipping option are required when any line is physical');
  }
}

export class DuplicateLineError extends DomainError {
  readonly code = 'DUPLICATE_LINE';
  readonly kind = 'validation';
  constructor(readonly productId: string) {
    super(`Product ${productId} appears on more than one line`);
  }
}

export class MixedCurrenciesError extends DomainError {
  readonly code = 'MIXED_CURRENCIES';
  readonly kind = 'validation';
  constructor() {
    super('Every line of an order must be priced in the store currency');
  }
}

/** Also what a customer gets for someone else's order, so order ids cannot be probed. */
export class OrderNotFoundError extends DomainError {
  readonly code = 'ORDER_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly orderId: string) {
    super(`Order ${orderId} was not found`);
  }
}

export class OrderNotCancellableError extends DomainError {
  readonly code = 'ORDER_NOT_CANCELLABLE';
  readonly kind = 'conflict';
  constructor(
    readonly orderId: string,
    readonly status: string,
  ) {
    super(`Order ${orderId} can no longer be cancelled (it is ${status})`);
  }
}

/** A trigger that makes no sense in the order's current status (e.g. a shipment for an unpaid order). */
export class IllegalTransitionError extends DomainError {
  readonly code = 'ILLEGAL_ORDER_TRANSITION';
  readonly kind = 'conflict';
  constructor(
    readonly orderId: string,
    readonly status: string,
    readonly trigger: string,
  ) {
    super(`Order ${orderId} cannot ${trigger} while ${status}`);
  }
}

/** The payment Stripe reports is not the one this order asked for (amount, currency or intent). */
export class PaymentMismatchError extends DomainError {
  readonly code = 'PAYMENT_MISMATCH';
  readonly kind = 'validation';
  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super(`Payment does not match order ${orderId}: ${reason}`);
  }
}

/** The request is well-formed, but this Idempotency-Key already names another checkout: it cannot be processed. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'validation';
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

/** Another writer changed the order first; the caller reloads and decides again. */
export class OrderChangedConcurrentlyError extends DomainError {
  readonly code = 'ORDER_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict';
  constructor(readonly orderId: string) {
    super(`Order ${orderId} was changed by someone else; try again`);
  }
}
