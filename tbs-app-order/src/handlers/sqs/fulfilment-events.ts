import { Logger } from '@aws-lambda-powertools/logger';
import { type CloudEvent, sqsEventConsumer } from '@tbs/contracts/runtime';
import {
  validateDigitalGoodsReadyEvent,
  validateFulfilmentFailedEvent,
  validateShipmentCancellationRejectedEvent,
  validateShipmentCancelledEvent,
  validateShipmentDeliveredEvent,
  validateShipmentDispatchedEvent,
} from '@tbs/contracts/validators';
import { type FulfilmentOutcome, UpdateOrderFromFulfilment } from '../../application/update-order-from-fulfilment';
import { IllegalTransitionError, PaymentMismatchError } from '../../domain/order-errors';
import { createContainer, type IdempotencyStoreFactory, INFRASTRUCTURE_TOKENS } from '../../infrastructure/container';

const logger = new Logger({ serviceName: 'tbs-app-order' });
const container = createContainer(process.env, logger);
const updateOrder = container.resolve(UpdateOrderFromFulfilment);
const idempotencyStoreOf = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);

interface FulfilmentData {
  orderId: string;
  carrier?: string;
  trackingNumber?: string;
  shipmentStatus?: 'DISPATCHED' | 'DELIVERED';
}

/** Maps a fulfilment event to the order's side of the saga. */
export function outcomeOf(event: CloudEvent<FulfilmentData>): FulfilmentOutcome {
  const { orderId } = event.data;
  switch (event.type) {
    case 'tbs.fulfilment.FulfilmentFailed.v1':
      return { kind: 'fulfilment_failed', orderId };
    case 'tbs.fulfilment.ShipmentCancelled.v1':
      return { kind: 'shipment_cancelled', orderId };
    case 'tbs.fulfilment.ShipmentCancellationRejected.v1':
      return { kind: 'cancellation_rejected', orderId, shipmentStatus: event.data.shipmentStatus ?? 'DISPATCHED' };
    case 'tbs.fulfilment.ShipmentDispatched.v1':
      return {
        kind: 'dispatched',
        orderId,
        shipment: { carrier: String(event.data.carrier), trackingNumber: String(event.data.trackingNumber) },
      };
    case 'tbs.fulfilment.ShipmentDelivered.v1':
      return { kind: 'delivered', orderId };
    default:
      return { kind: 'digital_goods_ready', orderId };
  }
}

/**
 * Fulfilment's answers -> order status, refunds included. Each event id is handled once; an event that makes no
 * sense for the order's status (a permanent condition) is logged and dropped instead of retried to the DLQ.
 */
export const handler = sqsEventConsumer<CloudEvent<FulfilmentData>>({
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
    try {
      const order = await updateOrder.execute(outcomeOf(event));
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
