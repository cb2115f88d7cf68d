import { DomainError } from './domain-error';

export class ProductNotFoundError extends DomainError {
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly productId: string) {
    super(`Product ${productId} does not exist`);
  }
}

/** A product (or one of its values) would break a catalogue rule. `field` names the offending input. */
export class InvalidProductError extends DomainError {
  readonly code = 'INVALID_PRODUCT';
  readonly kind = 'validation';

  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** Someone else changed the product since it was read: the caller must reload and retry. */
export class ProductVersionConflictError extends DomainError {
  readonly code = 'PRODUCT_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(
    readonly productId: string,
    readonly expectedVersion: number,
  ) {
    super(`Product ${productId} is no longer at version ${expectedVersion}`);
  }
}

/** The product is archived and the requested change needs an active product. */
export class ProductArchivedError extends DomainError {
  readonly code = 'PRODUCT_ARCHIVED';
  readonly kind = 'conflict';

  constructor(readonly productId: string) {
    super(`Product ${productId} is archived`);
  }
}
