import type { Order, Shipment } from '../domain/order';
import { changeOrder } from './change-order';
import type { Clock } from './ports/clock';
import type { OrderRepository } from './ports/order-repository';
import type { PaymentGateway } from './ports/payment-gateway';

export type FulfilmentOutcome =
  | { kind: 'fulfilment_failed'; orderId: string }
  | { kind: 'shipment_cancelled'; orderId: string }
  | { kind: 'cancellation_rejected'; orderId: string; shipmentStatus: 'DISPATCHED' | 'DELIVERED' }
  | { kind: 'dispatched'; orderId: string; shipment: Shipment }
  | { kind: 'delivered'; orderId: string }
  | { kind: 'digital_goods_ready'; orderId: string };

/** Refunds use one key per order, so a retried saga step never refunds twice. */
export const refundKeyOf = (orderId: string) => `refund-${orderId}`;

/**
 * The order's side of the saga. Refunds go through Stripe before the order records them; if the write then loses
 * a race or the process dies, the retry asks Stripe again with the same key and gets the same refund back.
 */
export class UpdateOrderFromFulfilment {
  constructor(
    private readonly orders: OrderRepository,
    private readonly payments: PaymentGateway,
    private readonly clock: Clock,
  ) {}

  async execute(outcome: FulfilmentOutcome): Promise<Order> {
    return changeOrder(this.orders, outcome.orderId, async (order) => {
      const now = () => this.clock.now();
      switch (outcome.kind) {
        case 'fulfilment_failed': {
          if (!order.needsRefundForFailedFulfilment) return { changed: false };
          return order.markRefundedAfterFailedFulfilment(await this.refund(order), now());
        }
        case 'shipment_cancelled': {
          if (order.status !== 'CANCELLATION_REQUESTED') return order.completeCancellation(this.noRefund(order), now());
          return order.completeCancellation(await this.refund(order), now());
        }
        case 'cancellation_rejected':
          return order.rejectCancellation(outcome.shipmentStatus, now());
        case 'dispatched':
          return order.markShipped(outcome.shipment, now());
        case 'delivered':
          return order.markDelivered(now());
        case 'digital_goods_ready':
          return order.markDigitalGoodsDelivered(now());
      }
    });
  }

  private async refund(order: Order) {
    if (order.paymentIntentId === null) throw new Error(`Order ${order.id} was paid without a PaymentIntent`);
    return this.payments.refund({
      paymentIntentId: order.paymentIntentId,
      amount: order.totals.gross,
      idempotencyKey: refundKeyOf(order.id),
      orderId: order.id,
    });
  }

  /** Only reached for an order that is not waiting for a cancellation; the order itself decides what that means. */
  private noRefund(order: Order) {
    return order.refund ?? { refundId: 're_none', amount: order.totals.gross, currency: order.totals.currency };
  }
}
