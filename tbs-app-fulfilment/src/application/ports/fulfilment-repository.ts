import type { FulfilmentEvent } from '../../domain/fulfilment-events';
import type { Inventory } from '../../domain/inventory';
import type { FulfilmentOutcome } from '../../domain/paid-order';
import type { Shipment, ShipmentStatus } from '../../domain/shipment';

export interface WriteContext {
  correlationId: string;
}

export interface ShipmentQuery {
  status?: ShipmentStatus;
  limit: number;
  /** Opaque position from a previous page. */
  cursor?: string;
}

export interface ShipmentPage {
  items: Shipment[];
  nextCursor: string | null;
}

/**
 * One atomic change: everything in it is written, with its events, or nothing is. Every inventory and shipment is
 * written only if it still has the version it was read at (a new one only if it does not exist yet), and an outcome
 * only if the order has none yet.
 */
export interface FulfilmentChange {
  outcome?: { orderId: string; outcome: FulfilmentOutcome };
  shipment?: Shipment;
  inventories?: Inventory[];
  /** Events not recorded by the aggregates above (FulfilmentFailed, DigitalGoodsReady). */
  events?: FulfilmentEvent[];
}

export interface FulfilmentRepository {
  findInventory(productId: string): Promise<Inventory | undefined>;
  findInventories(productIds: readonly string[]): Promise<Map<string, Inventory>>;
  findShipment(orderId: string): Promise<Shipment | undefined>;
  listShipments(query: ShipmentQuery): Promise<ShipmentPage>;
  findOutcome(orderId: string): Promise<FulfilmentOutcome | undefined>;
  /**
   * Writes the change and the events its aggregates recorded in one transaction, then publishes the events.
   * Throws `ConcurrentUpdateError` when an inventory or shipment changed since it was read, and
   * `OutcomeAlreadyRecordedError` when the order already has an outcome.
   */
  commit(change: FulfilmentChange, context: WriteContext): Promise<void>;
}
