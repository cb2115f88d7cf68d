import type { Inventory } from './inventory';

export interface RequestedUnits {
  productId: string;
  quantity: number;
}

export interface ShortLine {
  productId: string;
  requested: number;
  available: number;
}

export type ReservationResult = { reserved: true; inventories: Inventory[] } | { reserved: false; short: ShortLine[] };

/** The same product on two lines is one request for their sum: stock is checked per product, not per line. */
export function unitsPerProduct(lines: readonly RequestedUnits[]): RequestedUnits[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * All or nothing: when any product lacks units (a product without a stock record has none), nothing is reserved
 * and every short product is reported; otherwise every product's units are reserved. The caller persists the
 * changed inventories in one conditional write, so a concurrent change makes the whole reservation retry.
 */
export function reserveAll(
  lines: readonly RequestedUnits[],
  stock: ReadonlyMap<string, Inventory>,
  now: string,
): ReservationResult {
  const requests = unitsPerProduct(lines);
  const short: ShortLine[] = [];
  for (const { productId, quantity } of requests) {
    const available = stock.get(productId)?.available ?? 0;
    if (quantity > available) short.push({ productId, requested: quantity, available });
  }
  if (short.length > 0) return { reserved: false, short };
  const inventories = requests.map(({ productId, quantity }) => {
    const inventory = stock.get(productId) as Inventory;
    inventory.reserve(quantity, now);
    return inventory;
  });
  return { reserved: true, inventories };
}
