import type { Product } from '../domain/product';
import {
  ProductNotFoundError,
  ProductVersionConflictError,
  ProductVersionMismatchError,
} from '../domain/product-errors';
import type { Clock } from './ports/clock';
import type { ProductRepository, WriteContext } from './ports/product-repository';

/**
 * An administrator withdraws a product from sale; it stays readable by id for carts and past orders.
 * 1. Archiving an archived product returns it unchanged (a repeated DELETE is harmless).
 * 2. An optional If-Match version guards against archiving something that changed since it was looked at.
 */
export class ArchiveProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock: Clock,
  ) {}

  async execute(productId: string, expectedVersion: number | undefined, context: WriteContext): Promise<Product> {
    const product = await this.products.findById(productId);
    if (!product) throw new ProductNotFoundError(productId);
    if (product.status === 'archived') return product;
    if (expectedVersion !== undefined && product.version !== expectedVersion) {
      throw new ProductVersionMismatchError(productId, expectedVersion);
    }
    product.archive(this.clock.now());
    try {
      await this.products.save(product, context);
    } catch (error) {
      if (error instanceof ProductVersionConflictError) {
        throw new ProductVersionMismatchError(productId, expectedVersion ?? product.version - 1);
      }
      throw error;
    }
    return product;
  }
}
