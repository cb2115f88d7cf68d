/**
 * The emails the shop sends a customer about an order. Each is sent at most once per order (the kind and the order
 * id name it), however often or in whatever order the events that cause it arrive.
 */
export const CUSTOMER_EMAIL_KINDS = [
  'order-receipt',
  'payment-failed',
  'order-refunded',
  'order-cancelled',
  'shipment-dispatched',
  'digital-goods-ready',
] as const;

export type CustomerEmailKind = (typeof CUSTOMER_EMAIL_KINDS)[number];

/** The identity of one email: what it is about and for which order. */
export function emailKeyOf(kind: CustomerEmailKind, orderId: string): string {
  return `${kind}:${orderId}`;
}
