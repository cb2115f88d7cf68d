import {
  validateDigitalGoodsReadyEvent,
  validateFulfilmentFailedEvent,
  validateShipmentCancellationRejectedEvent,
  validateShipmentCancelledEvent,
  validateShipmentCreatedEvent,
  validateShipmentDeliveredEvent,
  validateShipmentDispatchedEvent,
  validateStockLevelChangedEvent,
} from '@tbs/contracts/validators';

/**
 * The compiled schemas of the events the fulfilment service publishes. The container loads this module at the first
 * publish (a dynamic import), so functions that never publish never evaluate it.
 */
export const FULFILMENT_EVENT_VALIDATORS = {
  'tbs.fulfilment.StockLevelChanged.v1': validateStockLevelChangedEvent,
  'tbs.fulfilment.ShipmentCreated.v1': validateShipmentCreatedEvent,
  'tbs.fulfilment.FulfilmentFailed.v1': validateFulfilmentFailedEvent,
  'tbs.fulfilment.ShipmentCancelled.v1': validateShipmentCancelledEvent,
  'tbs.fulfilment.ShipmentCancellationRejected.v1': validateShipmentCancellationRejectedEvent,
  'tbs.fulfilment.ShipmentDispatched.v1': validateShipmentDispatchedEvent,
  'tbs.fulfilment.ShipmentDelivered.v1': validateShipmentDeliveredEvent,
  'tbs.fulfilment.DigitalGoodsReady.v1': validateDigitalGoodsReadyEvent,
};
