import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type {
  Address,
  Cart,
  Customer,
  InventoryItem,
  MonthlySales,
  Order,
  PlacedOrder,
  PlaceOrderInput,
  Product,
  ProductInput,
  Shipment,
} from '@tbs/contracts/types';
import { type ApiInit, type ApiResponse, startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import Stripe from 'stripe';
import { eventually, show } from './eventually';

export const ADMIN = 'shop.admin@thebetterstore.test';

/** The test card numbers of Stripe's test mode, by the words a feature uses. */
export const CARDS = {
  valid: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
} as const;

export type Card = keyof typeof CARDS;

export class StepFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailedError';
  }
}

/** Fails with the request, the expected status and what the shop answered. */
export function expectStatus<T>(response: ApiResponse<T>, status: number, what: string): ApiResponse<T> {
  if (response.status !== status) {
    throw new StepFailedError(`${what}: expected HTTP ${status}, got ${response.status}: ${show(response.body)}`);
  }
  return response;
}

export function assertThat(condition: boolean, expected: string, seen: unknown): void {
  if (!condition) throw new StepFailedError(`expected ${expected}, saw: ${show(seen)}`);
}

/** Calendar month (YYYY-MM) in the store's time zone, as the sales report keys its months. */
export function storeMonth(date: Date, timeZone = 'Pacific/Auckland'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/**
 * The shop as its users reach it: one local cloud with every stack, shared by all features of a run. Every helper
 * goes through the gateway with a real Cognito ID token (or through the Stripe stand-in as Stripe.js would).
 */
export class ShopWorld {
  private started?: TestCloud;
  private stripeClient?: Stripe;
  private ses?: SESv2Client;
  private sequence = 0;
  readonly runId = Date.now().toString(36);

  async start(): Promise<void> {
    // Queue visibility timeouts are minutes in the templates (6x the consumer's timeout); scaled down, a failing
    // message reaches its dead-letter queue after its five receives in seconds instead of half an hour.
    this.started = await startTestCloud({ visibilityTimeoutScale: 0.02 });
    this.deliverPoolEmailsThroughSes();
    const url = new URL(this.cloud.endpoints['stripe'] as string);
    // What Stripe.js does in the browser with the client secret; the stand-in accepts any test-mode key.
    this.stripeClient = new Stripe('sk_test_acceptance_shopper', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
    });
    await this.cloud.createUser({ email: ADMIN, admin: true, name: 'Shop Admin' });
  }

  async stop(): Promise<void> {
    this.ses?.destroy();
    await this.started?.stop();
  }

  /**
   * The deployed user pool sends its verification codes by email; locally they go to the SES stand-in, so a
   * visitor reads their code from their mailbox and confirms the sign-up with it.
   */
  private deliverPoolEmailsThroughSes(): void {
    const ses = new SESv2Client({
      endpoint: this.cloud.endpoints['ses'],
      region: this.cloud.awsEnv['AWS_REGION'] ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    this.ses = ses;
    this.cloud.cloud.standins.cognito.onEmail(async (mail) => {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
        }),
      );
    });
  }

  get cloud(): TestCloud {
    if (!this.started) throw new StepFailedError('the local cloud is not running (its start failed: see beforeAll)');
    return this.started;
  }

  get stripe(): Stripe {
    if (!this.stripeClient) throw new StepFailedError('the Stripe client is not ready');
    return this.stripeClient;
  }

  api<T>(path: string, init?: ApiInit): Promise<ApiResponse<T>> {
    return this.cloud.api<T>(path, init);
  }

  /** A value unique to this run: emails, SKUs and names never collide between scenarios. */
  unique(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.runId}-${this.sequence}`;
  }

  sku(prefix: string): string {
    return this.unique(prefix)
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, '');
  }

  // --- catalogue and stock (administrators) -------------------------------------------------------------------

  async createProduct(input: ProductInput): Promise<Product> {
    const created = await this.api<Product>('/product/v1/products', { method: 'POST', as: ADMIN, body: input });
    return expectStatus(created, 201, `creating product "${input.name}"`).body;
  }

  /** Sets the stock on hand in fulfilment, as an administrator does (If-Match once the record exists). */
  async setStock(productId: string, onHand: number): Promise<InventoryItem> {
    const path = `/fulfilment/v1/inventory/${productId}`;
    const current = await this.api<InventoryItem>(path, { as: ADMIN });
    const etag = current.status === 200 ? current.headers.get('etag') : null;
    const put = await this.api<InventoryItem>(path, {
      method: 'PUT',
      as: ADMIN,
      body: { onHand },
      ...(etag ? { headers: { 'If-Match': etag } } : {}),
    });
    return expectStatus(put, 200, `setting the stock of ${productId} to ${onHand}`).body;
  }

  /** A physical product with stock, once the catalogue shows it available (StockLevelChanged has arrived). */
  async stockedProduct(name: string, priceCents: number, onHand: number, category = 'acceptance'): Promise<Product> {
    const product = await this.createProduct({
      sku: this.sku('SKU'),
      name,
      category,
      kind: 'physical',
      price: { amount: priceCents, currency: 'NZD' },
    });
    await this.setStock(product.id, onHand);
    return eventually(
      `the catalogue to show ${onHand} of "${name}" available`,
      () => this.api<Product>(`/product/v1/products/${product.id}`),
      (r) => (r.status === 200 && r.body.availability.available === onHand ? r.body : undefined),
    );
  }

  async digitalProduct(name: string, priceCents: number, category = 'acceptance'): Promise<Product> {
    return this.createProduct({
      sku: this.sku('DIG'),
      name,
      category,
      kind: 'digital',
      price: { amount: priceCents, currency: 'NZD' },
    });
  }

  // --- customers ----------------------------------------------------------------------------------------------

  /** A signed-up, verified customer with a shipping address, once their profile exists. */
  async customer(name: string): Promise<{ email: string; password: string; profile: Customer }> {
    const email = this.email(name);
    const { password } = await this.cloud.createUser({
      email,
      name,
      address: { street_address: '12 Kauri Street', locality: 'Wellington', postal_code: '6011', country: 'NZ' },
    });
    const profile = await eventually(
      `the profile of ${email} to exist`,
      () => this.api<Customer>('/customer/v1/customers/me', { as: email }),
      (r) => (r.status === 200 ? r.body : undefined),
    );
    return { email, password, profile };
  }

  email(name: string): string {
    return `${this.unique(name.toLowerCase().replace(/\s+/g, '.'))}@example.com`;
  }

  // --- cart -------------------------------------------------------------------------------------------------

  async cart(email: string): Promise<Cart> {
    return expectStatus(await this.api<Cart>('/cart/v1/cart', { as: email }), 200, 'reading the cart').body;
  }

  /**
   * Sets a cart line the way the storefront's button does. The cart learns products and stock from events, so a
   * product created a moment ago may still be unknown to it (404 PRODUCT_NOT_FOUND) or show no stock yet (409):
   * pressing again until the deadline is what a shopper would do.
   */
  async setCartLine(
    email: string,
    productId: string,
    quantity: number,
  ): Promise<ApiResponse<Cart & { code?: string }>> {
    return eventually(
      `the cart to know product ${productId}`,
      () => this.putCartLine(email, productId, quantity),
      (r) => (r.status === 404 && r.body.code === 'PRODUCT_NOT_FOUND' ? undefined : r),
    );
  }

  /** Adds a line once the cart accepts it (its stock may arrive after the product itself). */
  async addToCart(email: string, productId: string, quantity: number): Promise<Cart> {
    const response = await eventually(
      `the cart to accept ${quantity} of ${productId}`,
      () => this.putCartLine(email, productId, quantity),
      (r) => (r.status === 200 ? r : undefined),
    );
    return response.body;
  }

  private putCartLine(email: string, productId: string, quantity: number) {
    return this.api<Cart & { code?: string }>(`/cart/v1/cart/lines/${productId}`, {
      method: 'PUT',
      as: email,
      body: { quantity },
    });
  }

  // --- orders and payments ----------------------------------------------------------------------------------

  /** Checks out; the order service learns products from events, so a brand-new product may still be unknown. */
  async placeOrder(email: string, input: PlaceOrderInput): Promise<ApiResponse<PlacedOrder & { code?: string }>> {
    const key = randomUUID();
    return eventually(
      'the order service to know every product of the order',
      () =>
        this.api<PlacedOrder & { code?: string }>('/order/v1/orders', {
          method: 'POST',
          as: email,
          headers: { 'Idempotency-Key': key },
          body: input,
        }),
      (r) => (r.status === 422 && r.body.code === 'PRODUCT_UNAVAILABLE' ? undefined : r),
    );
  }

  /** Confirms the PaymentIntent with a test card, as Stripe.js does; a decline is an outcome, not an error. */
  async pay(paymentIntentId: string, card: Card): Promise<string> {
    try {
      const intent = await this.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: CARDS[card] });
      return intent.status;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) return 'declined';
      throw error;
    }
  }

  async order(email: string, orderId: string): Promise<Order> {
    const r = await this.api<Order>(`/order/v1/orders/${orderId}`, { as: email });
    return expectStatus(r, 200, `reading order ${orderId}`).body;
  }

  async awaitOrderStatus(email: string, orderId: string, status: Order['status']): Promise<Order> {
    return eventually(
      `order ${orderId} to be ${status}`,
      () => this.order(email, orderId),
      (o) => (o.status === status ? o : undefined),
    );
  }

  /** A paid order of the given lines, delivered to the customer's profile address. */
  async paidOrder(email: string, lines: { productId: string; quantity: number }[], address?: Address): Promise<Order> {
    const placed = expectStatus(
      await this.placeOrder(email, {
        lines,
        ...(address ? { deliveryAddress: address, shippingOption: 'STANDARD' } : {}),
      }),
      201,
      'placing the order',
    ).body;
    const outcome = await this.pay(placed.payment.paymentIntentId, 'valid');
    assertThat(outcome === 'succeeded', 'the payment to succeed', outcome);
    return this.awaitOrderStatus(email, placed.order.id, 'PAID');
  }

  // --- fulfilment and reports (administrators) -------------------------------------------------------------

  async awaitShipment(orderId: string, status: Shipment['status']): Promise<Shipment> {
    return eventually(
      `a ${status} shipment for order ${orderId}`,
      () => this.api<Shipment>(`/fulfilment/v1/shipments/${orderId}`, { as: ADMIN }),
      (r) => (r.status === 200 && r.body.status === status ? r.body : undefined),
    );
  }

  async monthlySales(months = 12): Promise<MonthlySales> {
    const r = await this.api<MonthlySales>(`/reports/v1/reports/monthly-sales?months=${months}`, { as: ADMIN });
    return expectStatus(r, 200, 'reading the monthly sales report').body;
  }
}
