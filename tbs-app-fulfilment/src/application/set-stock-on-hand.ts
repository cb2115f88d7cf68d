import { InventoryPreconditionRequiredError, InventoryVersionMismatchError } from '../domain/fulfilment-errors';
import { Inventory } from '../domain/inventory';
import type { Clock } from './ports/clock';
import type { FulfilmentRepository, WriteContext } from './ports/fulfilment-repository';

/**
 * An administrator's stock count (PUT /inventory/{productId}).
 * 1. No record yet: create it (If-Match is ignored, there is nothing to be stale against).
 * 2. Otherwise the caller must name the version they read: absent -> 428, different -> 412.
 * 3. onHand below the reserved units -> 409; else write it with StockLevelChanged (ADJUSTED).
 */
export class SetStockOnHand {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    productId: string,
    onHand: number,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<Inventory> {
    const now = this.clock.now().toISOString();
    const existing = await this.repository.findInventory(productId);
    if (existing === undefined) {
      const created = Inventory.create(productId, onHand, now);
      await this.repository.commit({ inventories: [created] }, context);
      return created;
    }
    if (expectedVersion === undefined) throw new InventoryPreconditionRequiredError(productId);
    if (expectedVersion !== existing.version) {
      throw new InventoryVersionMismatchError(productId, expectedVersion, existing.version);
    }
    existing.setOnHand(onHand, now);
    await this.repository.commit({ inventories: [existing] }, context);
    return existing;
  }
}
