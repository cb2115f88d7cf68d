import type { Product } from '../../domain/product';

/** Where products live. Implementations must be safe against lost updates (see `save`). */
export interface ProductRepository {
  /** The product with this id, archived or not; undefined when there is none. */
  findById(productId: string): Promise<Product | undefined>;
  /**
   * Stores the product if nobody else changed it meanwhile: a version-1 product must not exist yet, any other
   * version must replace exactly the previous one. Throws ProductVersionConflictError otherwise.
   */
  save(product: Product): Promise<void>;
}
