import type { Product } from '../domain/product';
import { PRODUCT_ID_PATTERN } from '../domain/product';
import { ProductNotFoundError } from '../domain/product-errors';
import type { ProductRepository } from './ports/product-repository';

/**
 * Reads one product by id for anyone browsing the shop.
 * 1. Look the product up; an id that is not a ULID cannot exist, so it is not looked up at all.
 * 2. Archived products are returned too: carts and past orders link to them.
 */
export class GetProduct {
  constructor(private readonly products: ProductRepository) {}

  async execute(productId: string): Promise<Product> {
    const product = PRODUCT_ID_PATTERN.test(productId) ? await this.products.findById(productId) : undefined;
    if (!product) throw new ProductNotFoundError(productId);
    return product;
  }
}
