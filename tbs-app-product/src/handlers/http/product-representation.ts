import type { Product } from '../../domain/product';

/** The API's Product schema (see tbs-contracts/openapi/product.yaml). */
export interface ProductRepresentation {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  kind: 'physical' | 'digital';
  price: { amount: number; currency: string };
  status: 'active' | 'archived';
  imageUrls: string[];
  availability: { status: 'in_stock' | 'out_of_stock'; available: number | null };
  version: number;
  createdAt: string;
  updatedAt: string;
}

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
