// Drives the shop as its clients do: HTTP through the local gateway with real Cognito ID tokens, payments through
// the Stripe stand-in with the real stripe SDK (which makes Stripe send its signed webhooks).
import type { ApiResponse, TestCloud } from '@tbs/devops-local/harness';
import Stripe from 'stripe';

export const ADDRESS = {
  name: 'Aroha Ngata',
  line1: '12 Kauri Street',
  city: 'Wellington',
  postcode: '6011',
  country: 'NZ',
};

export interface Order {
  id: string;
  status: string;
  customerId: string;
  totals: { net: number; shipping: number; tax: number; gross: number; currency: string };
}

export interface Placed {
  order: Order;
  payment: { paymentIntentId: string; clientSecret: string; publishableKey: string };
}

export interface Inventory {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}

export interface MonthlySales {
  months: Array<{ month: string; orders: number; net: number; tax: number; gross: number; refunded: number }>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds or the time is up; returns the last value either way (the caller asserts). */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(everyMs);
  }
}

export class Shop {
  readonly stripe: Stripe;
  private keys = 0;

  constructor(readonly cloud: TestCloud) {
    const url = new URL(cloud.endpoints.stripe as string);
    // The storefront's Stripe.js confirms with the publishable key; the stand-in takes any test key.
    this.stripe = new Stripe('sk_test_reliability_shopper', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
      maxNetworkRetries: 2,
    });
  }

  /** Requests the gateway throttled (429) and that were sent again, as a client backs off and retries. */
  throttled = 0;

  /**
   * One request as the shop's clients send it: a 429 (a function at its reserved concurrency, or the stage's
   * limit) was not looked at, so it is sent again after the gateway's Retry-After, with growing jittered backoff,
   * for up to a minute. Checkout is safe to repeat: its Idempotency-Key stays the same.
   */
  async api<T>(path: string, init?: Parameters<TestCloud['api']>[1]): Promise<ApiResponse<T>> {
    const deadline = Date.now() + 60_000;
    for (let attempt = 1; ; attempt++) {
      const res = await this.cloud.api<T>(path, init);
      if (res.status !== 429 || Date.now() > deadline) return res;
      this.throttled++;
      const retryAfterMs = Number(res.headers.get('retry-after') ?? '0') * 1000 || 0;
      await sleep(Math.max(retryAfterMs, Math.min(2000, 100 * attempt)) + Math.floor(Math.random() * 250));
    }
  }

  /** Creates an active product as the administrator and sets its stock (physical goods only). */
  async createProduct(
    admin: string,
    input: { sku: string; name: string; kind: 'physical' | 'digital'; amount: number; stock?: number },
  ): Promise<string> {
    const created = await this.api<{ productId?: string; id?: string }>('/product/v1/products', {
      method: 'POST',
      as: admin,
      body: {
        sku: input.sku,
        name: input.name,
        description: `${input.name} for the reliability suite`,
        category: 'reliability',
        kind: input.kind,
        price: { amount: input.amount, currency: 'NZD' },
        imageUrls: [],
      },
    });
    if (created.status !== 201) throw new Error(`creating ${input.sku}: ${created.status} ${created.text}`);
    const id = created.body.productId ?? created.body.id;
    if (!id) throw new Error(`creating ${input.sku}: no id in ${created.text}`);
    if (input.stock !== undefined) await this.setStock(admin, id, input.stock);
    return id;
  }

  async setStock(admin: string, productId: string, onHand: number): Promise<void> {
    const current = await this.api<Inventory>(`/fulfilment/v1/inventory/${productId}`, { as: admin });
    const headers: Record<string, string> = {};
    if (current.status === 200) headers['If-Match'] = current.headers.get('etag') ?? '';
    const put = await this.api(`/fulfilment/v1/inventory/${productId}`, {
      method: 'PUT',
      as: admin,
      headers,
      body: { onHand },
    });
    if (put.status !== 200) throw new Error(`stock of ${productId}: ${put.status} ${put.text}`);
  }

  inventory(admin: string, productId: string): Promise<Inventory> {
    return this.api<Inventory>(`/fulfilment/v1/inventory/${productId}`, { as: admin }).then((r) => r.body);
  }

  async monthlySales(admin: string): Promise<MonthlySales> {
    const res = await this.api<MonthlySales>('/reports/v1/reports/monthly-sales?months=2', { as: admin });
    if (res.status !== 200) throw new Error(`monthly sales: ${res.status} ${res.text}`);
    return res.body;
  }

  newKey(prefix: string): string {
    return `${prefix}-${Date.now().toString(36)}-${++this.keys}`;
  }

  placeOrder(
    customer: string,
    lines: Array<{ productId: string; quantity: number }>,
    key = this.newKey('order'),
  ): Promise<ApiResponse<Placed>> {
    return this.api<Placed>('/order/v1/orders', {
      method: 'POST',
      as: customer,
      headers: { 'Idempotency-Key': key },
      body: { lines, shippingOption: 'STANDARD', deliveryAddress: ADDRESS },
    });
  }

  /** Waits until both the order and the cart services know the products (they learn them from product events). */
  async awaitCatalogue(customer: string, productIds: string[], timeoutMs = 30_000): Promise<void> {
    for (const productId of productIds) {
      const ready = await until(
        () =>
          this.api<{ lines?: Array<{ productId: string }> }>(`/cart/v1/cart/lines/${productId}`, {
            method: 'PUT',
            as: customer,
            body: { quantity: 0 },
          }),
        (r) => r.status === 200,
        timeoutMs,
      );
      if (ready.status !== 200) throw new Error(`cart never learnt ${productId}: ${ready.status} ${ready.text}`);
    }
    // The order service prices from its own projection: a product is 422 there until its event arrived. The probe
    // order is cancelled at once, which cancels its PaymentIntent.
    for (const productId of productIds) {
      const probe = await until(
        () => this.placeOrder(customer, [{ productId, quantity: 1 }], this.newKey('probe')),
        (r) => r.status !== 422,
        timeoutMs,
      );
      if (probe.status !== 201) throw new Error(`order never learnt ${productId}: ${probe.status} ${probe.text}`);
      const cancelled = await this.api(`/order/v1/orders/${probe.body.order.id}/cancel`, {
        method: 'POST',
        as: customer,
      });
      if (cancelled.status !== 200)
        throw new Error(`cancelling the probe order: ${cancelled.status} ${cancelled.text}`);
    }
  }

  /** Checks out and pays with the test card that succeeds; resolves once Stripe accepted the payment. */
  async buy(customer: string, lines: Array<{ productId: string; quantity: number }>): Promise<Placed> {
    const placed = await this.placeOrder(customer, lines);
    if (placed.status !== 201) throw new Error(`placing an order: ${placed.status} ${placed.text}`);
    const confirmed = await this.stripe.paymentIntents.confirm(placed.body.payment.paymentIntentId, {
      payment_method: 'pm_card_visa',
    });
    if (confirmed.status !== 'succeeded') throw new Error(`payment ${confirmed.id} is ${confirmed.status}`);
    return placed.body;
  }

  order(customer: string, orderId: string): Promise<ApiResponse<Order>> {
    return this.api<Order>(`/order/v1/orders/${orderId}`, { as: customer });
  }

  async awaitStatus(customer: string, orderId: string, statuses: string[], timeoutMs: number): Promise<string> {
    const last = await until(
      () => this.order(customer, orderId),
      (r) => statuses.includes(r.body?.status),
      timeoutMs,
      400,
    );
    return last.body?.status ?? `HTTP ${last.status}`;
  }
}
