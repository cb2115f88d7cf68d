import { type CloudEvent, parseCloudEvent } from '@tbs/contracts/runtime';
import type { OrderCancelledData, OrderPaidData, OrderRefundedData } from '@tbs/contracts/types';
import {
  validateOrderCancelledEvent,
  validateOrderPaidEvent,
  validateOrderRefundedEvent,
} from '@tbs/contracts/validators';
import type { SalesEventDecoder } from '../application/ports/sales-event-decoder';
import type { SalesEntry } from '../domain/sales-entry';

export const ORDER_PAID = 'tbs.order.OrderPaid.v1';
export const ORDER_REFUNDED = 'tbs.order.OrderRefunded.v1';
export const ORDER_CANCELLED = 'tbs.order.OrderCancelled.v1';
/** The event types the reports subscribe to (the template's filter policy lists the same). */
export const SUBSCRIBED_EVENT_TYPES = [ORDER_PAID, ORDER_REFUNDED, ORDER_CANCELLED] as const;

// The named validators, not the eventValidators map, so the bundles carry only these three schemas.
const validators = {
  [ORDER_PAID]: validateOrderPaidEvent,
  [ORDER_REFUNDED]: validateOrderRefundedEvent,
  [ORDER_CANCELLED]: validateOrderCancelledEvent,
};

/** Raised for a message that is valid JSON and a valid event but breaks a rule the schema cannot express. */
export class InconsistentEventError extends Error {
  override readonly name = 'InconsistentEventError';
}

/**
 * Validates a message against the published schema of its type (anything else is refused) and maps it to the
 * entry the reports record.
 */
export class CloudEventSalesDecoder implements SalesEventDecoder {
  decode(body: string): SalesEntry {
    const event = parseCloudEvent(body, validators);
    switch (event.type) {
      case ORDER_PAID:
        return fromOrderPaid(event as CloudEvent<OrderPaidData>);
      case ORDER_REFUNDED:
        return fromOrderRefunded(event as CloudEvent<OrderRefundedData>);
      default:
        return fromOrderCancelled(event as CloudEvent<OrderCancelledData>);
    }
  }
}

function fromOrderPaid(event: CloudEvent<OrderPaidData>): SalesEntry {
  const { data } = event;
  const { net, shipping, tax, gross, currency } = data.totals;
  const linesTotal = data.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  // A snapshot whose numbers do not add up would make every report built on it wrong: refuse it loudly.
  if (linesTotal !== net || net + shipping + tax !== gross) {
    throw new InconsistentEventError(`OrderPaid ${event.id}: totals do not add up`);
  }
  for (const line of data.lines) {
    if (line.quantity * line.unitPrice !== line.lineTotal) {
      throw new InconsistentEventError(`OrderPaid ${event.id}: a line total is not quantity x unit price`);
    }
  }
  return {
    type: 'sale',
    eventId: event.id,
    eventType: event.type,
    orderId: data.orderId,
    version: data.version,
    currency,
    net,
    shipping,
    tax,
    gross,
    paidAt: data.paidAt,
    lines: data.lines.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      kind: line.kind,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
    })),
  };
}

function fromOrderRefunded(event: CloudEvent<OrderRefundedData>): SalesEntry {
  const { data } = event;
  return {
    type: 'closure',
    eventId: event.id,
    eventType: event.type,
    orderId: data.orderId,
    version: data.version,
    status: 'REFUNDED',
    occurredAt: data.refundedAt,
    refund: {
      refundId: data.refundId,
      amount: data.amount,
      currency: data.currency,
      refundedAt: data.refundedAt,
      reason: data.reason,
    },
  };
}

function fromOrderCancelled(event: CloudEvent<OrderCancelledData>): SalesEntry {
  const { data } = event;
  return {
    type: 'closure',
    eventId: event.id,
    eventType: event.type,
    orderId: data.orderId,
    version: data.version,
    status: 'CANCELLED',
    occurredAt: data.cancelledAt,
    refund:
      data.refund === null
        ? null
        : {
            refundId: data.refund.refundId,
            amount: data.refund.amount,
            currency: data.refund.currency,
            refundedAt: data.cancelledAt,
            reason: 'ORDER_CANCELLED',
          },
  };
}
