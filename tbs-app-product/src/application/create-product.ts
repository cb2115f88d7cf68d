import { Product, type ProductDetails } from '../domain/product';
import type { Clock, IdGenerator } from './ports/clock';
import type { ProductRepository, WriteContext } from './ports/product-repository';

/**
 * An administrator adds a product.
 * 1. The service assigns the id and the time; the aggregate checks every catalogue rule.
 * 2. The product and its ProductCreated event are stored together (a taken SKU fails the whole write).
 */
export class CreateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(details: ProductDetails, context: WriteContext): Promise<Product> {
    const product = Product.create({ ...details, id: this.ids.next() }, this.clock.now());
    await this.products.save(product, context);
    return product;
  }
}
