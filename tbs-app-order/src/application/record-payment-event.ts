import type { Order, TransitionResult } from '../domain/order';
import { changeOrder } from './change-order';
import type { Clock } from './ports/clock';
import type { OrderRepository } from './ports/order-repository';

/** A verified Stripe event, reduced to what the order needs. */
export type PaymentEvent =
  | { kind: 'succeeded'; orderId: string; paymentIntentId: string; amount: number; currency: string }
  | {
      kind: 'failed';
      orderId: string;
      paymentIntentId: string;
      amount: number;
      currency: string;
      failureCode: string;
      failureMessage: string;
    }
  | { kind: 'canceled'; orderId: string; paymentIntentId: string; amount: number; currency: string }
  | { kind: 'refunded'; orderId: string; refundId: string; amount: number; currency: string };

/**
 * Moves an order as Stripe reports. The order checks the amount, currency and intent; a repeated or late event is
 * a no-op; an unknown order throws OrderNotFoundError so the message is retried (the order may not be visible yet).
 */
export class RecordPaymentEvent {
  constructor(
    private readonly orders: OrderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(event: PaymentEvent): Promise<Order> {
    return changeOrder(this.orders, event.orderId, (order): TransitionResult => {
      const now = this.clock.now();
      switch (event.kind) {
        case 'succeeded':
          return order.markPaid(event, now);
        case 'failed':
          return order.markPaymentFailed(event, { code: event.failureCode, message: event.failureMessage }, now);
        case 'canceled':
          return order.markPaymentCancelled(event, now);
        case 'refunded':
          return order.markChargeRefunded(
            { refundId: event.refundId, amount: event.amount, currency: event.currency.toUpperCase() },
            now,
          );
      }
    });
  }
}
