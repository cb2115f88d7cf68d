import { ReservationUnderflowError } from '../domain/fulfilment-errors';
import type { Inventory } from '../domain/inventory';
import { unitsPerProduct } from '../domain/reservation';
import type { ShipmentLine } from '../domain/shipment';
import type { FulfilmentRepository } from './ports/fulfilment-repository';

/** The inventories of a cancelled shipment with its units released; written with the shipment's cancellation. */
export async function releaseStockOf(
  lines: readonly ShipmentLine[],
  repository: FulfilmentRepository,
  now: string,
): Promise<Inventory[]> {
  const units = unitsPerProduct(lines);
  const stock = await repository.findInventories(units.map((unit) => unit.productId));
  return units.map(({ productId, quantity }) => {
    const inventory = stock.get(productId);
    if (inventory === undefined) throw new ReservationUnderflowError(productId, quantity, 0);
    inventory.release(quantity, now);
    return inventory;
  });
}
