import type { Product as ProductRepresentation } from '@tbs/contracts/types';
import type { Product } from '../../domain/product';

/** Maps the aggregate to the published representation; the only place that decides what clients see. */
export function toProductRepresentation(product: Product): ProductRepresentation {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    category: product.category,
    kind: product.kind,
    price: product.price.toJSON(),
    status: product.status,
    imageUrls: product.imageUrls,
    availability: product.availability,
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
