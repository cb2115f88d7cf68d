import type { ProductInput } from '@tbs/contracts/types';
import { Money } from '../../domain/money';
import type { ProductDetails } from '../../domain/product';

/** The validated request body as the aggregate's input; defaults are the spec's. */
export function toProductDetails(input: ProductInput): ProductDetails {
  return {
    sku: input.sku,
    name: input.name,
    description: input.description ?? '',
    category: input.category,
    kind: input.kind,
    price: Money.of(input.price.amount, input.price.currency),
    imageUrls: input.imageUrls ?? [],
  };
}
