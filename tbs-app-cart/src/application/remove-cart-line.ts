import type { PricedCart, PricingPolicy } from '../domain/cart-pricing';
import { changeCart, priced } from './cart-changes';
import type { CartRepository } from './ports/cart-repository';
import type { CatalogueProjection } from './ports/catalogue-projection';
import type { Clock } from './ports/clock';

/** DELETE /cart/lines/{productId}: removing a product that is not in the cart is not an error. */
export class RemoveCartLine {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalogue: CatalogueProjection,
    private readonly clock: Clock,
    private readonly pricing: PricingPolicy,
  ) {}

  async execute(customerId: string, productId: string): Promise<PricedCart> {
    const cart = await changeCart(this.carts, this.clock, customerId, (current, now) =>
      current.removeLine(productId, now),
    );
    return priced(cart, this.catalogue, this.pricing);
  }
}
