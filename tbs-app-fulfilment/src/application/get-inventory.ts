import { InventoryNotFoundError } from '../domain/fulfilment-errors';
import type { Inventory } from '../domain/inventory';
import type { FulfilmentRepository } from './ports/fulfilment-repository';

export class GetInventory {
  constructor(private readonly repository: FulfilmentRepository) {}

  async execute(productId: string): Promise<Inventory> {
    const inventory = await this.repository.findInventory(productId);
    if (inventory === undefined) throw new InventoryNotFoundError(productId);
    return inventory;
  }
}
