import type { CatalogueItem, ProductKind } from '../../domain/catalogue-item';

/** A product as the catalogue last published it (ProductCreated/Updated/Archived carry the full snapshot). */
export interface ProductSnapshot {
  productId: string;
  version: number;
  sku: string;
  name: string;
  kind: ProductKind;
  unitPrice: number;
  currency: string;
  archived: boolean;
}

export interface StockSnapshot {
  productId: string;
  version: number;
  available: number;
}

/**
 * The cart's read model of the catalogue and stock. Writes keep a snapshot only when its version is newer than the
 * one held (product and stock versions are separate, as they come from different aggregates), so duplicates and
 * out-of-order deliveries never roll a product back. They return whether the snapshot was kept.
 */
export interface CatalogueProjection {
  find(productIds: readonly string[]): Promise<Map<string, CatalogueItem>>;
  recordProduct(snapshot: ProductSnapshot): Promise<boolean>;
  recordStock(snapshot: StockSnapshot): Promise<boolean>;
}
