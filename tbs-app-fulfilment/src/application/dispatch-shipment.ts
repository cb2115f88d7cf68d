import { ReservationUnderflowError, ShipmentNotFoundError } from '../domain/fulfilment-errors';
import { unitsPerProduct } from '../domain/reservation';
import type { Shipment } from '../domain/shipment';
import type { Clock } from './ports/clock';
import type { FulfilmentRepository, WriteContext } from './ports/fulfilment-repository';
import { retryOnConflict } from './retry-on-conflict';

/**
 * POST /shipments/{orderId}/dispatch: the parcel left with a carrier.
 * 1. The shipment moves READY -> DISPATCHED (a repeat with the same carrier and tracking number is answered
 *    unchanged; anything else is a 409).
 * 2. Its units leave both onHand and reserved, in the same transaction, with one StockLevelChanged per product.
 */
export class DispatchShipment {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly clock: Clock,
  ) {}

  execute(orderId: string, carrier: string, trackingNumber: string, context: WriteContext): Promise<Shipment> {
    return retryOnConflict(async () => {
      const now = this.clock.now().toISOString();
      const shipment = await this.repository.findShipment(orderId);
      if (shipment === undefined) throw new ShipmentNotFoundError(orderId);
      if (!shipment.dispatch(carrier.trim(), trackingNumber, now)) return shipment;
      const units = unitsPerProduct(shipment.lines);
      const stock = await this.repository.findInventories(units.map((unit) => unit.productId));
      const inventories = units.map(({ productId, quantity }) => {
        const inventory = stock.get(productId);
        if (inventory === undefined) throw new ReservationUnderflowError(productId, quantity, 0);
        inventory.dispatch(quantity, now);
        return inventory;
      });
      await this.repository.commit({ shipment, inventories }, context);
      return shipment;
    });
  }
}
