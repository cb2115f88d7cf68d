import type { CatalogueProjection, ProductSnapshot } from './ports/catalogue-projection';

/**
 * ProductCreated/Updated/Archived: keep the snapshot unless a newer version is already held, so duplicates and
 * late deliveries change nothing. Returns whether it was kept.
 */
export class RecordProduct {
  constructor(private readonly catalogue: CatalogueProjection) {}

  async execute(snapshot: ProductSnapshot): Promise<boolean> {
    return this.catalogue.recordProduct(snapshot);
  }
}
