import type { CatalogueProjection, StockSnapshot } from './ports/catalogue-projection';

/** StockLevelChanged: keep the level unless a newer stock version is already held. Returns whether it was kept. */
export class RecordStockLevel {
  constructor(private readonly catalogue: CatalogueProjection) {}

  async execute(snapshot: StockSnapshot): Promise<boolean> {
    return this.catalogue.recordStock(snapshot);
  }
}
