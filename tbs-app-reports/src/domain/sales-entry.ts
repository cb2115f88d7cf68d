/**
 * What the reports record from the order service's events. Every entry names the event it came from (for
 * idempotency) and the order version after the change (so an older event never overwrites a newer status).
 */
export type OrderStatus = 'PAID' | 'REFUNDED' | 'CANCELLED';

export interface SaleLine {
  productId: string;
  sku: string;
  name: string;
  kind: 'physical' | 'digital';
  quantity: number;
  /** Cents excluding tax. */
  unitPrice: number;
  lineTotal: number;
}

/** An order was paid: a sale in the month of `paidAt`. */
export interface SaleEntry {
  type: 'sale';
  eventId: string;
  eventType: string;
  orderId: string;
  version: number;
  currency: string;
  /** Goods excluding tax and shipping. */
  net: number;
  shipping: number;
  tax: number;
  /** What the customer paid: net + shipping + tax. */
  gross: number;
  paidAt: string;
  lines: SaleLine[];
}

export interface Refund {
  refundId: string;
  amount: number;
  currency: string;
  refundedAt: string;
  reason: string;
}

/** An order was refunded or cancelled; `refund` is null when nothing had been charged. */
export interface ClosureEntry {
  type: 'closure';
  eventId: string;
  eventType: string;
  orderId: string;
  version: number;
  status: Exclude<OrderStatus, 'PAID'>;
  occurredAt: string;
  refund: Refund | null;
}

export type SalesEntry = SaleEntry | ClosureEntry;
