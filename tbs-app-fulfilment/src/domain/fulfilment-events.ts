import type { StockLevelChanged } from './inventory';
import type { DigitalGoodsReady, FulfilmentFailed } from './paid-order';
import type { ShipmentEvent } from './shipment';

/** Every fact the fulfilment service publishes; `type` is the event name of the Published Language. */
export type FulfilmentEvent = StockLevelChanged | ShipmentEvent | FulfilmentFailed | DigitalGoodsReady;
