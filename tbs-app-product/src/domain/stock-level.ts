/**
 * Stock of a physical product as fulfilment last reported it. `version` is fulfilment's stock version: a report
 * older than (or equal to) the one held is stale or a duplicate and changes nothing.
 */
export interface StockLevel {
  productId: string;
  available: number;
  version: number;
}

export function isNewerStockLevel(candidate: StockLevel, held: StockLevel | undefined): boolean {
  return held === undefined || candidate.version > held.version;
}
