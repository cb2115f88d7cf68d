import { wordsOf } from '../domain/search-words';
import type { ListPosition, ProductPage, ProductRepository } from './ports/product-repository';

export interface ListProductsQuery {
  category?: string;
  q?: string;
  limit: number;
  after?: ListPosition;
}

/**
 * Browses active products in name order for anyone.
 * 1. With `q`, a product matches when every word of `q` is one of its words (name, category, description),
 *    case- and accent-insensitively; a `q` of only stop words or punctuation matches nothing.
 * 2. Pages continue from the last product shown, so writes between pages neither repeat nor skip products.
 */
export class ListProducts {
  constructor(private readonly products: ProductRepository) {}

  async execute(query: ListProductsQuery): Promise<ProductPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit), 1), 100);
    if (query.q === undefined) {
      return this.products.list({ category: query.category, limit, after: query.after });
    }
    const words = wordsOf(query.q);
    if (words.length === 0) return { items: [] };
    return this.products.list({ category: query.category, words, limit, after: query.after });
  }
}
