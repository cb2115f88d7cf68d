import type { CatalogueEntry } from '../../domain/pricing';

/** The order service's own copy of the prices and names it sells at, fed by product events. */
export interface Catalogue {
  getMany(productIds: readonly string[]): Promise<Map<string, CatalogueEntry>>;
  /** Keeps the entry only when it is newer than the one held; false for a stale or repeated event. */
  record(entry: CatalogueEntry): Promise<boolean>;
}
