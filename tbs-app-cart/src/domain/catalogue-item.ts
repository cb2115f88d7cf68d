export type ProductKind = 'physical' | 'digital';
export type Availability = 'available' | 'insufficient_stock' | 'out_of_stock' | 'archived';

/**
 * What the cart knows about a product: its own projection of the catalogue (product events) and of stock
 * (fulfilment events). Never read from another service at request time.
 */
export interface CatalogueItem {
  productId: string;
  sku: string;
  name: string;
  kind: ProductKind;
  /** Cents, excluding tax. */
  unitPrice: number;
  currency: string;
  archived: boolean;
  /** Units fulfilment last reported as available; null for digital goods, 0 while no report has arrived. */
  availableQuantity: number | null;
}

/** Whether `quantity` of the item can be ordered now. Digital goods never run out. */
export function availabilityOf(item: CatalogueItem, quantity: number): Availability {
  if (item.archived) return 'archived';
  if (item.kind === 'digital' || item.availableQuantity === null) return 'available';
  if (item.availableQuantity <= 0) return 'out_of_stock';
  return item.availableQuantity >= quantity ? 'available' : 'insufficient_stock';
}
