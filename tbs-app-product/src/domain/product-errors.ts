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

/** Another product already uses this SKU; SKUs identify products in imports and on shelves. */
export class SkuAlreadyExistsError extends DomainError {
  readonly code = 'SKU_ALREADY_EXISTS';
  readonly kind = 'conflict';

  constructor(readonly sku: string) {
    super(`Another product already has SKU ${sku}`);
  }
}

/** The caller's If-Match names a version the product is no longer at: reload, then retry. */
export class ProductVersionMismatchError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly kind = 'precondition_failed';

  constructor(
    readonly productId: string,
    readonly expectedVersion: number,
  ) {
    super(`Product ${productId} is not at version ${expectedVersion}`);
  }
}

/** A listing cursor that does not belong to the requested listing (another category or search). */
export class InvalidListPositionError extends DomainError {
  readonly code = 'INVALID_CURSOR';
  readonly kind = 'validation';

  constructor() {
    super('The cursor belongs to a different listing; start again without it');
  }
}
