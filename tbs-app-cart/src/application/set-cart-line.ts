import type { PricedCart, PricingPolicy } from '../domain/cart-pricing';
import { changeCart, priced } from './cart-changes';
import type { CartRepository } from './ports/cart-repository';
import type { CatalogueProjection } from './ports/catalogue-projection';
import type { Clock } from './ports/clock';

/**
 * PUT /cart/lines/{productId}.
 * 1. Look the product up in the cart's own catalogue projection (404 unknown, 409 archived or not enough stock).
 * 2. Set the quantity (0 removes the line) and store the cart, refreshing its 30-day expiry.
 * 3. Answer the cart priced from the same projection.
 */
export class SetCartLine {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalogue: CatalogueProjection,
    private readonly clock: Clock,
    private readonly pricing: PricingPolicy,
  ) {}

  async execute(customerId: string, productId: string, quantity: number): Promise<PricedCart> {
    const item = quantity === 0 ? undefined : (await this.catalogue.find([productId])).get(productId);
    const cart = await changeCart(this.carts, this.clock, customerId, (current, now) =>
      current.setQuantity(productId, quantity, item, now),
    );
    return priced(cart, this.catalogue, this.pricing);
  }
}
