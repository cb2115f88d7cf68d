import { sqsEventConsumer } from '@tbs/contracts/runtime';
import { EventTypeName } from '@tbs/contracts/types';
import {
  validateOrderPaidEvent,
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
  validateStockLevelChangedEvent,
} from '@tbs/contracts/validators';
import { type CartInboundEvent, HandleCartEvent } from '../../application/handle-cart-event';
import { createContainer, idempotencyStoreOf } from '../../infrastructure/container';

const container = createContainer();
const handleCartEvent = container.resolve(HandleCartEvent);

/**
 * The cart's queue: product events and StockLevelChanged feed the catalogue projection, OrderPaid empties the
 * buyer's cart. Idempotent on the event id; failures are reported per record and retried, then dead-lettered.
 */
export const handler = sqsEventConsumer<CartInboundEvent>({
  validators: {
    [EventTypeName.ProductCreated]: validateProductCreatedEvent,
    [EventTypeName.ProductUpdated]: validateProductUpdatedEvent,
    [EventTypeName.ProductArchived]: validateProductArchivedEvent,
    [EventTypeName.StockLevelChanged]: validateStockLevelChangedEvent,
    [EventTypeName.OrderPaid]: validateOrderPaidEvent,
  },
  idempotency: idempotencyStoreOf(container),
  handle: async (event) => {
    await handleCartEvent.execute(event);
  },
});
