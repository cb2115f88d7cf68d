import type { PricedCart } from '../../domain/cart-pricing';

/** The Cart schema of the cart API (`tbs-contracts/openapi/cart.yaml`). */
export function toCartRepresentation(cart: PricedCart) {
  return {
    customerId: cart.customerId,
    lines: cart.lines.map((line) => ({ ...line })),
    totals: { ...cart.totals },
    updatedAt: cart.updatedAt.toISOString(),
  };
}
