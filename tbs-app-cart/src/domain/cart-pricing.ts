import type { Cart } from './cart';
import { type Availability, availabilityOf, type CatalogueItem, type ProductKind } from './catalogue-item';

export interface PricingPolicy {
  /** e.g. 0.15 for New Zealand GST. */
  taxRate: number;
  /** ISO 4217, the shop's single currency. */
  currency: string;
}

export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  kind: ProductKind;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  availability: Availability;
  availableQuantity: number | null;
}

export interface CartTotals {
  net: number;
  shipping: number;
  tax: number;
  gross: number;
  currency: string;
}

export interface PricedCart {
  customerId: string;
  lines: PricedLine[];
  totals: CartTotals;
  updatedAt: Date;
}

/**
 * Prices a cart from the current catalogue. Totals count only the lines that can be ordered as they stand
 * (available, in the shop's currency), so the figure the customer sees is what checkout can charge. Shipping is
 * 0: it depends on the option chosen at checkout. tax = round((net + shipping) * taxRate), half away from zero.
 * A line whose product the projection no longer knows is left out rather than shown without a price.
 */
export function priceCart(
  cart: Cart,
  catalogue: ReadonlyMap<string, CatalogueItem>,
  policy: PricingPolicy,
): PricedCart {
  const lines: PricedLine[] = [];
  let net = 0;
  for (const line of cart.lines) {
    const item = catalogue.get(line.productId);
    if (item === undefined) continue;
    const availability = availabilityOf(item, line.quantity);
    const lineTotal = item.unitPrice * line.quantity;
    lines.push({
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      kind: item.kind,
      quantity: line.quantity,
      unitPrice: item.unitPrice,
      lineTotal,
      availability,
      availableQuantity: item.kind === 'digital' ? null : item.availableQuantity,
    });
    if (availability === 'available' && item.currency === policy.currency) net += lineTotal;
  }
  const shipping = 0;
  // The rate as an integer of millionths keeps the product exact: 180 * 0.175 is 31.4999... in floating point but
  // must round to 32.
  const tax = Math.round(((net + shipping) * Math.round(policy.taxRate * 1_000_000)) / 1_000_000);
  return {
    customerId: cart.customerId,
    lines,
    totals: { net, shipping, tax, gross: net + shipping + tax, currency: policy.currency },
    updatedAt: cart.updatedAt,
  };
}
