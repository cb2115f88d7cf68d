import type { Order } from '../domain/order';
import { OrderNotCancellableError, OrderNotFoundError } from '../domain/order-errors';
import { changeOrder } from './change-order';
import type { Clock } from './ports/clock';
import type { OrderRepository } from './ports/order-repository';
import type { PaymentGateway } from './ports/payment-gateway';

/**
 * The customer's cancel:
 * 1. only the owner may cancel (anyone else gets a 404);
 * 2. an unpaid order's PaymentIntent is cancelled in Stripe first, so it can no longer be charged;
 * 3. the order records the cancel (CANCELLED, or CANCELLATION_REQUESTED for a paid physical order).
 */
export class CancelOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly payments: PaymentGateway,
    private readonly clock: Clock,
  ) {}

  async execute(customerId: string, orderId: string): Promise<Order> {
    const order = await this.orders.get(orderId);
    if (order === undefined || order.customerId !== customerId) throw new OrderNotFoundError(orderId);
    return changeOrder(this.orders, orderId, async (current) => {
      const unpaid = current.status === 'PENDING_PAYMENT' || current.status === 'PAYMENT_FAILED';
      if (unpaid && current.paymentIntentId !== null) {
        const outcome = await this.payments.cancelPaymentIntent(current.paymentIntentId, `cancel-${current.id}`);
        // The payment went through while the customer was cancelling: the webhook will mark it paid.
        if (outcome === 'already_final') {
          const intent = await this.payments.getPaymentIntent(current.paymentIntentId);
          if (intent.status !== 'canceled') throw new OrderNotCancellableError(current.id, 'being paid');
        }
      }
      return current.requestCancellation(this.clock.now());
    });
  }
}
