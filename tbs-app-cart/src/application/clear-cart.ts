import { changeCart } from './cart-changes';
import type { CartRepository } from './ports/cart-repository';
import type { Clock } from './ports/clock';

/** DELETE /cart: every line goes; an empty or absent cart stays as it is. */
export class ClearCart {
  constructor(
    private readonly carts: CartRepository,
    private readonly clock: Clock,
  ) {}

  async execute(customerId: string): Promise<void> {
    await changeCart(this.carts, this.clock, customerId, (cart, now) => cart.clear(now));
  }
}
