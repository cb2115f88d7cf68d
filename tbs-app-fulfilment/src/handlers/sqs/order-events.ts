import { sqsEventConsumer } from '@tbs/contracts/runtime';
import {
  validateOrderCancellationRequestedEvent,
  validateOrderCancelledEvent,
  validateOrderPaidEvent,
  validateOrderRefundedEvent,
} from '@tbs/contracts/validators';
import { type ConsumedOrderEvent, HandleOrderEvent } from '../../application/handle-order-event';
import { createContainer, idempotencyStoreOf, serviceLogger } from '../../infrastructure/container';

const logger = serviceLogger();
const container = createContainer(process.env, logger);
const handleOrderEvent = container.resolve(HandleOrderEvent);

/**
 * Order events -> reservations, shipments, cancellations. Deduped on the event id; every use case is also guarded by
 * stored state (an outcome per order, shipment versions), so a redelivery or an out-of-order arrival acts once.
 */
export const handler = sqsEventConsumer<ConsumedOrderEvent>({
  validators: {
    'tbs.order.OrderPaid.v1': validateOrderPaidEvent,
    'tbs.order.OrderCancellationRequested.v1': validateOrderCancellationRequestedEvent,
    'tbs.order.OrderRefunded.v1': validateOrderRefundedEvent,
    'tbs.order.OrderCancelled.v1': validateOrderCancelledEvent,
  },
  idempotency: idempotencyStoreOf(container),
  logger,
  handle: async (event) => {
    const result = await handleOrderEvent.execute(event);
    logger.info('Order event handled', { eventId: event.id, type: event.type, orderId: event.subject, result });
  },
});
