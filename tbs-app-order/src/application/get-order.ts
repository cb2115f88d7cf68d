import type { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order-errors';
import type { OrderRepository } from './ports/order-repository';

/** A customer's own order; anyone else's is reported as absent so order ids cannot be probed. */
export class GetOrder {
  constructor(private readonly orders: OrderRepository) {}

  async execute(customerId: string, orderId: string): Promise<Order> {
    const order = await this.orders.get(orderId);
    if (order === undefined || order.customerId !== customerId) throw new OrderNotFoundError(orderId);
    return order;
  }
}
