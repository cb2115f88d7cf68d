import { type CloudEvent, sqsEventConsumer } from '@tbs/contracts/runtime';
import {
  validateDigitalGoodsReadyEvent,
  validateFulfilmentFailedEvent,
  validateShipmentCancellationRejectedEvent,
  validateShipmentCancelledEvent,
  validateShipmentDeliveredEvent,
  validateShipmentDispatchedEvent,
} from '@tbs/contracts/validators';
import { fulfilmentOutcomeOf } from '../../application/consumed-events';
import { UpdateOrderFromFulfilment } from '../../application/update-order-from-fulfilment';
import { IllegalTransitionError, PaymentMismatchError } from '../../domain/order-errors';
import {
  createLogger,
  createPaymentContainer,
  type IdempotencyStoreFactory,
  INFRASTRUCTURE_TOKENS,
} from '../../infrastructure/container';

const logger = createLogger();
const container = createPaymentContainer(process.env, logger);
const updateOrder = container.resolve(UpdateOrderFromFulfilment);
const idempotencyStoreOf = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);

/**
 * Fulfilment's answers -> order status, refunds included. Each event id is handled once; an event that makes no
 * sense for the order's status (a permanent condition) is logged and dropped instead of retried to the DLQ.
 */
export const handler = sqsEventConsumer<CloudEvent<{ orderId: string }>>({
  validators: {
    'tbs.fulfilment.FulfilmentFailed.v1': validateFulfilmentFailedEvent,
    'tbs.fulfilment.ShipmentCancelled.v1': validateShipmentCancelledEvent,
    'tbs.fulfilment.ShipmentCancellationRejected.v1': validateShipmentCancellationRejectedEvent,
    'tbs.fulfilment.ShipmentDispatched.v1': validateShipmentDispatchedEvent,
    'tbs.fulfilment.ShipmentDelivered.v1': validateShipmentDeliveredEvent,
    'tbs.fulfilment.DigitalGoodsReady.v1': validateDigitalGoodsReadyEvent,
  },
  idempotency: idempotencyStoreOf('fulfilment-events', Number(process.env.IDEMPOTENCY_LEASE_SECONDS ?? '40')),
  logger,
  handle: async (event) => {
    const outcome = fulfilmentOutcomeOf(event);
    if (outcome === undefined) return;
    try {
      const order = await updateOrder.execute(outcome);
      logger.info('Fulfilment event applied', { eventId: event.id, orderId: order.id, status: order.status });
    } catch (error) {
      if (!(error instanceof IllegalTransitionError || error instanceof PaymentMismatchError)) throw error;
      logger.error('Fulfilment event does not fit its order; dropped', {
        eventId: event.id,
        eventType: event.type,
        orderId: event.data.orderId,
        code: error.code,
      });
    }
  },
});
