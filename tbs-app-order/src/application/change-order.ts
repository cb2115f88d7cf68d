import type { Order, TransitionResult } from '../domain/order';
import { OrderChangedConcurrentlyError, OrderNotFoundError } from '../domain/order-errors';
import type { OrderRepository } from './ports/order-repository';

const ATTEMPTS = 4;

/**
 * Load, apply one transition, save conditionally; when another writer won the race, decide again on the fresh
 * order (which usually makes the transition a no-op). Side effects inside `apply` must be idempotent.
 */
export async function changeOrder(
  orders: OrderRepository,
  orderId: string,
  apply: (order: Order) => Promise<TransitionResult> | TransitionResult,
): Promise<Order> {
  for (let attempt = 1; ; attempt++) {
    const order = await orders.get(orderId);
    if (order === undefined) throw new OrderNotFoundError(orderId);
    const result = await apply(order);
    if (!result.changed) return order;
    try {
      await orders.save(order);
      return order;
    } catch (error) {
      if (!(error instanceof OrderChangedConcurrentlyError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
