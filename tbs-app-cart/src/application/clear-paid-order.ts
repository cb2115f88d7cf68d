import { changeCart } from './cart-changes';
import type { CartRepository } from './ports/cart-repository';
import type { Clock } from './ports/clock';

export interface PaidOrder {
  customerId: string;
  productIds: readonly string[];
  placedAt: Date;
}

/**
 * OrderPaid: the products the customer just bought leave their cart. Only now, not when the order is placed, so a
 * failed payment returns the customer to a full cart. Returns whether the cart changed.
 */
export class ClearPaidOrder {
  constructor(
    private readonly carts: CartRepository,
    private readonly clock: Clock,
  ) {}

  async execute(order: PaidOrder): Promise<boolean> {
    let changed = false;
    await changeCart(this.carts, this.clock, order.customerId, (cart, now) => {
      changed = cart.removePaidLines(order.productIds, order.placedAt, now);
      return changed;
    });
    return changed;
  }
}
