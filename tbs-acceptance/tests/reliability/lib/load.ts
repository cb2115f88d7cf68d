// Load smoke: N shoppers buy in a loop for T seconds on loopback. Every purchase must succeed (placed, paid, and
// PAID in the end); latencies are reported, never asserted.
import type { Shop } from './shop';

export interface LoadResult {
  shoppers: number;
  seconds: number;
  purchases: number;
  errors: string[];
  /** Checkout to Stripe confirmation, per purchase. */
  purchaseMs: { p50: number; p99: number };
  /** Every HTTP request to the gateway. */
  requestMs: { p50: number; p99: number };
  requests: number;
  unpaid: string[];
}

/** Nearest-rank percentile: every reported value was measured. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export async function runLoad(shop: Shop, shoppers: string[], productId: string, seconds: number): Promise<LoadResult> {
  const purchaseMs: number[] = [];
  const requestMs: number[] = [];
  const errors: string[] = [];
  const orders: Array<{ customer: string; orderId: string }> = [];
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await call();
    } finally {
      requestMs.push(performance.now() - t);
    }
  };
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    shoppers.map(async (customer) => {
      while (Date.now() < end) {
        const t = performance.now();
        try {
          const line = await timed(() =>
            shop.api(`/cart/v1/cart/lines/${productId}`, { method: 'PUT', as: customer, body: { quantity: 1 } }),
          );
          if (line.status !== 200) throw new Error(`cart answered ${line.status}`);
          const placed = await timed(() => shop.placeOrder(customer, [{ productId, quantity: 1 }]));
          if (placed.status !== 201) throw new Error(`checkout answered ${placed.status} ${placed.text.slice(0, 200)}`);
          const confirmed = await timed(() =>
            shop.stripe.paymentIntents.confirm(placed.body.payment.paymentIntentId, { payment_method: 'pm_card_visa' }),
          );
          if (confirmed.status !== 'succeeded') throw new Error(`payment is ${confirmed.status}`);
          purchaseMs.push(performance.now() - t);
          orders.push({ customer, orderId: placed.body.order.id });
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  // Every purchase ends PAID once its webhook went through the queue.
  const unpaid: string[] = [];
  for (const o of orders) {
    const status = await shop.awaitStatus(o.customer, o.orderId, ['PAID'], 30_000);
    if (status !== 'PAID') unpaid.push(`${o.orderId}: ${status}`);
  }
  return {
    shoppers: shoppers.length,
    seconds,
    purchases: purchaseMs.length,
    errors,
    purchaseMs: { p50: Math.round(percentile(purchaseMs, 50)), p99: Math.round(percentile(purchaseMs, 99)) },
    requestMs: { p50: Math.round(percentile(requestMs, 50)), p99: Math.round(percentile(requestMs, 99)) },
    requests: requestMs.length,
    unpaid,
  };
}
