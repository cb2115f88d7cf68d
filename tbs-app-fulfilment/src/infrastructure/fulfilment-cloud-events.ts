import { type CloudEvent, createCloudEvent } from '@tbs/contracts/runtime';
import type { FulfilmentEvent } from '../domain/fulfilment-events';

export const FULFILMENT_EVENT_SOURCE = 'tbs-app-fulfilment';

/** The published form of a fulfilment event, `tbs.fulfilment.<Name>.v1`: the subject is the order or the product. */
export function toCloudEvent(event: FulfilmentEvent, correlationId: string): CloudEvent {
  const { type, ...data } = event;
  const [subject, time] =
    event.type === 'StockLevelChanged' ? [event.productId, event.changedAt] : [event.orderId, timeOf(event)];
  return createCloudEvent({
    source: FULFILMENT_EVENT_SOURCE,
    type: `tbs.fulfilment.${type}.v1`,
    subject,
    time,
    correlationId,
    data,
  });
}

function timeOf(event: Exclude<FulfilmentEvent, { type: 'StockLevelChanged' }>): string {
  switch (event.type) {
    case 'ShipmentCreated':
      return event.createdAt;
    case 'ShipmentDispatched':
      return event.dispatchedAt;
    case 'ShipmentDelivered':
      return event.deliveredAt;
    case 'ShipmentCancelled':
      return event.cancelledAt;
    case 'ShipmentCancellationRejected':
      return event.rejectedAt;
    case 'FulfilmentFailed':
      return event.failedAt;
    case 'DigitalGoodsReady':
      return event.readyAt;
  }
}
