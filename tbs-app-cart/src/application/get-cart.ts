import type { PricedCart, PricingPolicy } from '../domain/cart-pricing';
import { loadCart, priced } from './cart-changes';
import type { CartRepository } from './ports/cart-repository';
import type { CatalogueProjection } from './ports/catalogue-projection';
import type { Clock } from './ports/clock';

/** The caller's cart with current prices and availability; an empty cart when they have none. */
export class GetCart {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalogue: CatalogueProjection,
    private readonly clock: Clock,
    private readonly pricing: PricingPolicy,
  ) {}

  async execute(customerId: string): Promise<PricedCart> {
    const cart = await loadCart(this.carts, customerId, this.clock.now());
    return priced(cart, this.catalogue, this.pricing);
  }
}
