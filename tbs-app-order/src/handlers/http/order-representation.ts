import type { Order } from '../../domain/order';

/** The Order of the spec: what a customer may see (no receipt email, no internal refund record). */
export function toOrderRepresentation(order: Order) {
  const { receiptEmail: _email, refund: _refund, ...visible } = order.toSnapshot();
  return visible;
}

/** A list position we issued: only our key names, only strings. */
const KEY_NAMES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);
export const isListPosition = (position: Record<string, unknown>): boolean =>
  Object.entries(position).every(([name, value]) => KEY_NAMES.has(name) && typeof value === 'string');
