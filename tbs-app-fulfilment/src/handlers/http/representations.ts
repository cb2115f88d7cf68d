import type { InventoryItem, Shipment as ShipmentRepresentation } from '@tbs/contracts/types';
import type { Inventory } from '../../domain/inventory';
import type { Shipment } from '../../domain/shipment';

export function toInventoryRepresentation(inventory: Inventory): InventoryItem {
  return {
    productId: inventory.productId,
    onHand: inventory.onHand,
    reserved: inventory.reserved,
    available: inventory.available,
    version: inventory.version,
    updatedAt: inventory.updatedAt,
  };
}

export function toShipmentRepresentation(shipment: Shipment): ShipmentRepresentation {
  return shipment.snapshot();
}
