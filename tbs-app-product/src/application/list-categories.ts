import type { CategoryCount, ProductRepository } from './ports/product-repository';

/** Categories that have active products, in slug order, with how many each has. */
export class ListCategories {
  constructor(private readonly products: ProductRepository) {}

  async execute(): Promise<CategoryCount[]> {
    const categories = await this.products.categories();
    return [...categories].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }
}
