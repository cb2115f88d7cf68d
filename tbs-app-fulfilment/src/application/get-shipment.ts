import { ShipmentNotFoundError } from '../domain/fulfilment-errors';
import type { Shipment } from '../domain/shipment';
import type { FulfilmentRepository, ShipmentPage, ShipmentQuery } from './ports/fulfilment-repository';

export class GetShipment {
  constructor(private readonly repository: FulfilmentRepository) {}

  async execute(orderId: string): Promise<Shipment> {
    const shipment = await this.repository.findShipment(orderId);
    if (shipment === undefined) throw new ShipmentNotFoundError(orderId);
    return shipment;
  }
}

export class ListShipments {
  constructor(private readonly repository: FulfilmentRepository) {}

  execute(query: ShipmentQuery): Promise<ShipmentPage> {
    return this.repository.listShipments(query);
  }
}
