import { type CloudEvent, createCloudEvent } from '@tbs/contracts/runtime';
import type { OrderEvent, OrderSnapshot } from '../domain/order';

export const ORDER_EVENT_SOURCE = 'tbs-app-order';

/** The published form of an order event, as `tbs.order.<Name>.v1` declares it. */
export function toCloudEvent(event: OrderEvent, correlationId: string): CloudEvent {
  const { snapshot } = event;
  return createCloudEvent({
    source: ORDER_EVENT_SOURCE,
    type: `tbs.order.${event.type}.v1`,
    subject: snapshot.id,
    time: new Date(snapshot.updatedAt),
    correlationId,
    data: dataOf(event),
  });
}

function dataOf(event: OrderEvent): Record<string, unknown> {
  const s = event.snapshot;
  const base = { orderId: s.id, customerId: s.customerId, version: s.version };
  switch (event.type) {
    case 'OrderPlaced':
      return { ...base, ...details(s), placedAt: s.placedAt };
    case 'OrderPaid':
      return { ...base, ...details(s), receiptEmail: s.receiptEmail, placedAt: s.placedAt, paidAt: s.updatedAt };
    case 'OrderPaymentFailed':
      return {
        ...base,
        paymentIntentId: s.paymentIntentId,
        failureCode: event.failureCode,
        failureMessage: event.failureMessage,
        failedAt: s.updatedAt,
      };
    case 'OrderCancellationRequested':
      return { ...base, requestedAt: s.updatedAt };
    case 'OrderCancelled':
      return { ...base, previousStatus: event.previousStatus, refund: s.refund, cancelledAt: s.updatedAt };
    case 'OrderRefunded':
      return {
        ...base,
        refundId: s.refund?.refundId,
        amount: s.refund?.amount,
        currency: s.refund?.currency,
        reason: event.reason,
        refundedAt: s.updatedAt,
      };
  }
}

function details(s: OrderSnapshot) {
  return {
    lines: s.lines.map((line) => ({ ...line })),
    totals: { ...s.totals },
    shippingOption: s.shippingOption,
    deliveryAddress: s.deliveryAddress,
    paymentIntentId: s.paymentIntentId,
  };
}
