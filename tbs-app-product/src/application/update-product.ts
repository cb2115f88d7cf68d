import type { Product, ProductDetails } from '../domain/product';
import {
  ProductNotFoundError,
  ProductVersionConflictError,
  ProductVersionMismatchError,
} from '../domain/product-errors';
import type { Clock } from './ports/clock';
import type { ProductRepository, WriteContext } from './ports/product-repository';

/**
 * An administrator replaces a product's details, naming the version they edited (If-Match).
 * 1. A version other than the current one means they edited stale data: refuse (412), nothing changes.
 * 2. Identical details change nothing (no new version, no event).
 * 3. Someone else saving in between also fails the precondition, never overwrites their change.
 */
export class UpdateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    productId: string,
    expectedVersion: number,
    details: ProductDetails,
    context: WriteContext,
  ): Promise<Product> {
    const product = await this.products.findById(productId);
    if (!product) throw new ProductNotFoundError(productId);
    if (product.version !== expectedVersion) throw new ProductVersionMismatchError(productId, expectedVersion);
    if (!product.update(details, this.clock.now())) return product;
    try {
      await this.products.save(product, context);
    } catch (error) {
      if (error instanceof ProductVersionConflictError)
        throw new ProductVersionMismatchError(productId, expectedVersion);
      throw error;
    }
    return product;
  }
}
