import {
  DeliveryAddressRequiredError,
  DuplicateLineError,
  InvalidOrderError,
  MixedCurrenciesError,
  ProductUnavailableError,
} from './order-errors';

export const SHIPPING_OPTIONS = ['STANDARD', 'EXPRESS'] as const;
export type ShippingOption = (typeof SHIPPING_OPTIONS)[number];
export type ProductKind = 'physical' | 'digital';
export const MAX_LINES = 50;
export const MAX_QUANTITY = 99;

/** What the order service knows about a product, kept up to date from the product events. */
export interface CatalogueEntry {
  productId: string;
  sku: string;
  name: string;
  kind: ProductKind;
  /** Cents, excluding tax. */
  unitPrice: number;
  currency: string;
  status: 'active' | 'archived';
  version: number;
}

export interface PricingRules {
  currency: string;
  /** e.g. 0.15 for New Zealand GST. */
  taxRate: number;
  standardShipping: number;
  expressShipping: number;
  /** STANDARD shipping is free from this net amount (cents). */
  freeStandardShippingFrom: number;
}

export const DEFAULT_PRICING_RULES: PricingRules = {
  currency: 'NZD',
  taxRate: 0.15,
  standardShipping: 800,
  expressShipping: 1500,
  freeStandardShippingFrom: 10_000,
};

export interface RequestedLine {
  productId: string;
  quantity: number;
}

export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  kind: ProductKind;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Totals {
  net: number;
  shipping: number;
  tax: number;
  gross: number;
  currency: string;
}

export interface PricedOrder {
  lines: PricedLine[];
  totals: Totals;
  /** null when every line is digital: nothing is shipped. */
  shippingOption: ShippingOption | null;
}

/**
 * Prices an order from the catalogue only: the client says what and how many, never how much. Tax is charged on
 * goods and shipping together and rounded once, half away from zero, so the total is exact in cents.
 */
export function priceOrder(
  requested: readonly RequestedLine[],
  catalogue: ReadonlyMap<string, CatalogueEntry>,
  shippingOption: ShippingOption | undefined,
  hasDeliveryAddress: boolean,
  rules: PricingRules = DEFAULT_PRICING_RULES,
): PricedOrder {
  if (requested.length === 0 || requested.length > MAX_LINES) {
    throw new InvalidOrderError('lines', `must have 1 to ${MAX_LINES} lines`);
  }
  const seen = new Set<string>();
  for (const line of requested) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new InvalidOrderError('quantity', `must be a whole number from 1 to ${MAX_QUANTITY}`);
    }
    if (seen.has(line.productId)) throw new DuplicateLineError(line.productId);
    seen.add(line.productId);
  }
  const unavailable = requested
    .filter((line) => catalogue.get(line.productId)?.status !== 'active')
    .map((line) => line.productId);
  if (unavailable.length > 0) throw new ProductUnavailableError(unavailable);

  const lines = requested.map((line): PricedLine => {
    const entry = catalogue.get(line.productId) as CatalogueEntry;
    if (entry.currency !== rules.currency) throw new MixedCurrenciesError();
    return {
      productId: entry.productId,
      sku: entry.sku,
      name: entry.name,
      kind: entry.kind,
      quantity: line.quantity,
      unitPrice: entry.unitPrice,
      lineTotal: entry.unitPrice * line.quantity,
    };
  });
  const physical = lines.some((line) => line.kind === 'physical');
  if (physical && (!hasDeliveryAddress || shippingOption === undefined)) throw new DeliveryAddressRequiredError();
  const net = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const option = physical ? (shippingOption as ShippingOption) : null;
  const shipping = shippingCost(option, net, rules);
  const tax = roundHalfAwayFromZero((net + shipping) * rules.taxRate);
  return {
    lines,
    totals: { net, shipping, tax, gross: net + shipping + tax, currency: rules.currency },
    shippingOption: option,
  };
}

export function shippingCost(option: ShippingOption | null, net: number, rules: PricingRules): number {
  if (option === null) return 0;
  if (option === 'EXPRESS') return rules.expressShipping;
  return net >= rules.freeStandardShippingFrom ? 0 : rules.standardShipping;
}

/** Integer cents only: scale the rate so 0.15 * 5700 is 855 and not 854.9999. */
function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.round(Math.abs(value) * 1e6) / 1e6;
  return Math.sign(value) * Math.round(rounded);
}
