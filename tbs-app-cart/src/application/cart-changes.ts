import { Cart } from '../domain/cart';
import { type PricedCart, type PricingPolicy, priceCart } from '../domain/cart-pricing';
import { type CartRepository, CartVersionConflictError } from './ports/cart-repository';
import type { CatalogueProjection } from './ports/catalogue-projection';
import type { Clock } from './ports/clock';

/** Concurrent writers of one cart are rare (one customer, a few tabs, plus OrderPaid); a few retries settle them. */
const MAX_ATTEMPTS = 5;

/**
 * The customer's cart as of `now`: a new empty cart when none is stored, and an empty one (keeping the stored
 * version for the conditional write) when it has expired but DynamoDB's TTL has not deleted it yet.
 */
export async function loadCart(carts: CartRepository, customerId: string, now: Date): Promise<Cart> {
  const stored = await carts.find(customerId);
  if (stored === undefined) return Cart.empty(customerId, now);
  if (stored.isExpiredAt(now)) {
    return Cart.restore({ customerId, lines: [], version: stored.version, updatedAt: now });
  }
  return stored;
}

/** Reads, changes and conditionally stores a cart, re-reading on a concurrent change. Returns the stored cart. */
export async function changeCart(
  carts: CartRepository,
  clock: Clock,
  customerId: string,
  change: (cart: Cart, now: Date) => Promise<boolean> | boolean,
): Promise<Cart> {
  for (let attempt = 1; ; attempt++) {
    const now = clock.now();
    const cart = await loadCart(carts, customerId, now);
    if (!(await change(cart, now))) return cart;
    try {
      await carts.save(cart);
      return cart;
    } catch (error) {
      if (!(error instanceof CartVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

export async function priced(cart: Cart, catalogue: CatalogueProjection, policy: PricingPolicy): Promise<PricedCart> {
  const items = await catalogue.find(cart.lines.map((line) => line.productId));
  return priceCart(cart, items, policy);
}
