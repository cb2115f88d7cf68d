import type { Cart } from '../../domain/cart';

/** Another writer changed the cart since it was read; the caller reads it again and retries. */
export class CartVersionConflictError extends Error {
  constructor(customerId: string) {
    super(`The cart of ${customerId} changed concurrently`);
    this.name = 'CartVersionConflictError';
  }
}

export interface CartRepository {
  /** The stored cart, or undefined when the customer has none. */
  find(customerId: string): Promise<Cart | undefined>;
  /** Stores the cart if nobody else stored it since it was read (its version), else CartVersionConflictError. */
  save(cart: Cart): Promise<void>;
}
