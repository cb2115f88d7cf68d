import type { StockLevel } from '../domain/stock-level';
import type { ProductRepository } from './ports/product-repository';

/**
 * Fulfilment reported a product's stock. Only a report newer than the one held (by fulfilment's stock version) is
 * kept, so duplicates and reports that arrive out of order change nothing. Returns whether it was kept.
 */
export class RecordStockLevel {
  constructor(private readonly products: ProductRepository) {}

  async execute(level: StockLevel): Promise<boolean> {
    return this.products.recordStockLevel(level);
  }
}
