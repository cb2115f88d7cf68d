import { DomainError } from './domain-error';

export class ProductNotFoundError extends DomainError {
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(productId: string) {
    super(`There is no product ${productId} in the catalogue.`);
  }
}

export class ProductArchivedError extends DomainError {
  readonly code = 'PRODUCT_ARCHIVED';
  readonly kind = 'conflict';

  constructor(productId: string) {
    super(`Product ${productId} has left the catalogue and can no longer be added to a cart.`);
  }
}

export class InsufficientStockError extends DomainError {
  readonly code = 'INSUFFICIENT_STOCK';
  readonly kind = 'conflict';

  constructor(productId: string, requested: number, available: number) {
    super(`Only ${available} of product ${productId} can be ordered; ${requested} were requested.`);
  }
}

export class InvalidQuantityError extends DomainError {
  readonly code = 'INVALID_QUANTITY';
  readonly kind = 'validation';

  constructor(quantity: number) {
    super(`The quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}; got ${quantity}.`);
  }
}

export class CartLineLimitError extends DomainError {
  readonly code = 'CART_LINE_LIMIT';
  readonly kind = 'validation';

  constructor(limit: number) {
    super(`A cart holds at most ${limit} different products; remove one before adding another.`);
  }
}

export const MIN_QUANTITY = 0;
export const MAX_QUANTITY = 99;
