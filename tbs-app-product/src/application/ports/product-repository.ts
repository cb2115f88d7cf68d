import type { Product } from '../../domain/product';
import type { StockLevel } from '../../domain/stock-level';

/** Where a listing page ended; opaque to callers (it travels as the API's cursor). */
export type ListPosition = Readonly<Record<string, string>>;

export interface ProductQuery {
  category?: string;
  /** Folded search words; a product matches when it has every one of them. */
  words?: readonly string[];
  limit: number;
  after?: ListPosition;
}

export interface ProductPage {
  items: Product[];
  next?: ListPosition;
}

export interface CategoryCount {
  slug: string;
  productCount: number;
}

/** Who caused a write, carried into the events it publishes (a new correlation id when absent). */
export interface WriteContext {
  correlationId: string;
}

/** Where products live. Implementations must be safe against lost updates (see `save`). */
export interface ProductRepository {
  /** The product with this id, archived or not, with its last reported stock; undefined when there is none. */
  findById(productId: string): Promise<Product | undefined>;
  /** Products by SKU (missing SKUs are simply absent from the map). */
  findBySkus(skus: readonly string[]): Promise<Map<string, Product>>;
  /**
   * Stores the product with its pending events atomically, if nobody else changed it meanwhile: a version-1 product
   * must not exist yet, any other version must replace exactly the previous one (ProductVersionConflictError), and
   * its SKU must be free (SkuAlreadyExistsError). The events are published only once the write committed.
   */
  save(product: Product, context?: WriteContext): Promise<void>;
  /**
   * Stores many new or changed products (an import) in as few transactions as the store allows. Returns the ids of
   * the products that could not be stored (e.g. their SKU was taken meanwhile) with the reason; the others are stored.
   */
  saveMany(products: readonly Product[], context?: WriteContext): Promise<Map<string, Error>>;
  /** Active products in name order, one page at a time. */
  list(query: ProductQuery): Promise<ProductPage>;
  /** Categories with at least one active product, in slug order. */
  categories(): Promise<CategoryCount[]>;
  /** Keeps a stock report unless a newer one is held; returns whether it was kept. */
  recordStockLevel(level: StockLevel): Promise<boolean>;
}
