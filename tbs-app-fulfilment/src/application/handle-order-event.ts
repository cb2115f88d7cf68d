import type {
  OrderCancellationRequestedEvent,
  OrderCancelledEvent,
  OrderPaidEvent,
  OrderRefundedEvent,
} from '@tbs/contracts/types';
import type { CancelShipment, CloseOrder } from './cancel-shipment';
import type { FulfilPaidOrder } from './fulfil-paid-order';

export type ConsumedOrderEvent =
  | OrderPaidEvent
  | OrderCancellationRequestedEvent
  | OrderRefundedEvent
  | OrderCancelledEvent;

/** The order events fulfilment reacts to, each to one use case; returns what happened, for the log. */
export class HandleOrderEvent {
  constructor(
    private readonly fulfilPaidOrder: FulfilPaidOrder,
    private readonly cancelShipment: CancelShipment,
    private readonly closeOrder: CloseOrder,
  ) {}

  execute(event: ConsumedOrderEvent): Promise<string> {
    const context = { correlationId: event.correlationid };
    switch (event.type) {
      case 'tbs.order.OrderPaid.v1': {
        const { orderId, customerId, lines, shippingOption, deliveryAddress } = event.data;
        return this.fulfilPaidOrder.execute(
          {
            orderId,
            customerId,
            lines: lines.map(({ productId, sku, name, kind, quantity }) => ({ productId, sku, name, kind, quantity })),
            shippingOption,
            deliveryAddress,
          },
          context,
        );
      }
      case 'tbs.order.OrderCancellationRequested.v1':
        return this.cancelShipment.execute(event.data.orderId, context);
      case 'tbs.order.OrderRefunded.v1':
      case 'tbs.order.OrderCancelled.v1':
        return this.closeOrder.execute(event.data.orderId, context);
    }
  }
}
