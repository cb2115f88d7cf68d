import { ShipmentNotFoundError } from '../domain/fulfilment-errors';
import type { Shipment } from '../domain/shipment';
import type { Clock } from './ports/clock';
import type { FulfilmentRepository, WriteContext } from './ports/fulfilment-repository';
import { retryOnConflict } from './retry-on-conflict';

/** POST /shipments/{orderId}/deliver: DISPATCHED -> DELIVERED (a repeat is answered unchanged). */
export class DeliverShipment {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly clock: Clock,
  ) {}

  execute(orderId: string, context: WriteContext): Promise<Shipment> {
    return retryOnConflict(async () => {
      const shipment = await this.repository.findShipment(orderId);
      if (shipment === undefined) throw new ShipmentNotFoundError(orderId);
      if (shipment.deliver(this.clock.now().toISOString())) await this.repository.commit({ shipment }, context);
      return shipment;
    });
  }
}
