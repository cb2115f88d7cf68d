// make demo: the OrderPurchased scenario, step by step, against the local cloud `tbs-local up` runs (or one
// started here when none runs). A step whose service is not there yet is reported as MISSING and ends the demo:
// nothing is faked.
import { randomUUID } from 'node:crypto';
import {
  type ApiInit,
  type ApiResponse,
  type CloudClient,
  connectToLocalCloud,
  DEMO_ADDRESS,
  DEMO_ADMIN_EMAIL,
  startTestCloud,
} from '@tbs/devops-local/harness';

interface Product {
  id: string;
  name: string;
  kind: string;
  price: { amount: number; currency: string };
  availability?: unknown;
}
interface Totals {
  net: number;
  shipping: number;
  tax: number;
  gross: number;
  currency: string;
}
interface Order {
  id: string;
  status: string;
  totals: Totals;
}

class MissingStepError extends Error {}
class StepFailedError extends Error {}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The SQS stand-in persists through node:sqlite, whose "experimental" warning is noise in a demo.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (!text.startsWith('SQLite is an experimental feature')) emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

let client!: CloudClient;
let stopCloud: (() => Promise<void>) | undefined;
const demoStarted = performance.now();
let stepNumber = 0;
let details: string[] = [];

async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
  stepNumber += 1;
  details = [];
  const started = performance.now();
  const heading = `${String(stepNumber).padStart(2)}. ${title}`;
  try {
    const result = await run();
    console.log(`${heading} ... ok (${Math.round(performance.now() - started)} ms)`);
    for (const line of details) console.log(`      ${line}`);
    return result;
  } catch (error) {
    console.log(`${heading} ... stopped after ${Math.round(performance.now() - started)} ms`);
    if (error instanceof MissingStepError) {
      console.log(`MISSING: ${title} (needs ${error.message})`);
    } else {
      console.log(`FAILED: ${title}: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw error;
  }
}

function detail(line: string): void {
  details.push(line);
}

function requireStack(service: string, endpoint: string): void {
  if (!client.stacks.some((s) => s.name === `tbs-app-${service}`)) {
    throw new MissingStepError(`${service} ${endpoint}; tbs-app-${service} is not running`);
  }
}

/** Calls a service; a route the gateway does not know means the service has not built that endpoint yet. */
async function call<T>(
  service: string,
  method: string,
  path: string,
  init: ApiInit,
  expected: number[],
): Promise<ApiResponse<T>> {
  const endpoint = `${method} /${service}/v1${path.replace(/\?.*$/, '')}`;
  requireStack(service, endpoint);
  const response = await client.api<T>(`/${service}/v1${path}`, { ...init, method });
  const body = response.body as unknown as { message?: string; code?: string } | undefined;
  // The gateway's own answer for a route no stack declares: its ROUTE_NOT_FOUND problem, or API Gateway's message.
  const noRoute =
    body?.code === 'ROUTE_NOT_FOUND' || (body?.message && !response.headers.get('content-type')?.includes('problem'));
  if ((response.status === 404 || response.status === 403) && noRoute) {
    throw new MissingStepError(`${service} ${endpoint}; the gateway has no such route`);
  }
  if (!expected.includes(response.status)) {
    throw new StepFailedError(`${endpoint} answered ${response.status}: ${response.text.slice(0, 300)}`);
  }
  return response;
}

async function poll<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new StepFailedError(`${what} within ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

async function connect(): Promise<void> {
  try {
    const running = connectToLocalCloud();
    client = running;
    console.log(`Using the local cloud at ${running.gatewayUrl} (pid ${running.state.pid})\n`);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'NotRunningError') throw error;
    console.log('No local cloud is running: starting one for this demo (make dev keeps one running) ...');
    const started = performance.now();
    const cloud = await startTestCloud({ seed: true });
    client = cloud;
    stopCloud = cloud.stop;
    console.log(`Started at ${cloud.gatewayUrl} in ${Math.round(performance.now() - started)} ms\n`);
  }
}

async function scenario(): Promise<void> {
  const shopper = `shopper-${Date.now().toString(36)}@thebetterstore.local`;

  const token = await step(`sign up and log in as ${shopper}`, async () => {
    requireStack('customer', 'user pool (Cognito sign-up)');
    await client.createUser({ email: shopper, name: 'Demo Shopper', address: DEMO_ADDRESS });
    const idToken = await client.tokenFor(shopper);
    const profile = await poll('the customer profile (PostConfirmation) to appear', 10_000, async () => {
      const r = await call<{ email: string }>('customer', 'GET', '/customers/me', { token: idToken }, [200, 404]);
      return r.status === 200 ? r.body : undefined;
    });
    detail(`profile ${profile.email}`);
    return idToken;
  });

  const product = await step('browse the catalogue', async () => {
    const page = await call<{ items: Product[] }>('product', 'GET', '/products?limit=25', {}, [200]);
    const physical = page.body.items.find((p) => p.kind === 'PHYSICAL' || p.kind === 'physical') ?? page.body.items[0];
    if (!physical) throw new StepFailedError('the catalogue is empty: run "npx tbs-local seed"');
    const one = await call<Product>('product', 'GET', `/products/${physical.id}`, {}, [200]);
    detail(
      `${page.body.items.length} products; picked ${one.body.name} at ${money(one.body.price.amount, one.body.price.currency)}`,
    );
    return one.body;
  });

  await step(`add ${product.name} to the cart`, async () => {
    // The cart learns the catalogue from product events (relayed from the product service's outbox), so a product
    // seeded a moment ago may not have reached it yet: keep trying, as a shopper pressing the button again would.
    const started = Date.now();
    await poll(
      'the product to reach the cart (ProductCreated events)',
      90_000,
      async () => {
        const r = await call<{ code?: string }>(
          'cart',
          'PUT',
          `/cart/lines/${product.id}`,
          { token, body: { quantity: 1 } },
          [200, 404],
        );
        if (r.status === 404 && r.body.code !== 'PRODUCT_NOT_FOUND') {
          throw new StepFailedError(`PUT /cart/v1/cart/lines/${product.id} answered 404: ${r.text.slice(0, 300)}`);
        }
        return r.status === 200 ? true : undefined;
      },
      2000,
    );
    if (Date.now() - started > 1000) {
      detail(`waited ${Math.round((Date.now() - started) / 1000)} s for the product to reach the cart`);
    }
    const cart = await call<{ totals: Totals }>('cart', 'GET', '/cart', { token }, [200]);
    const t = cart.body.totals;
    detail(
      `cart: net ${money(t.net, t.currency)}, tax ${money(t.tax, t.currency)}, gross ${money(t.gross, t.currency)}`,
    );
  });

  const placed = await step('check out', async () => {
    const r = await call<{ order: Order; payment: { paymentIntentId: string; clientSecret: string } }>(
      'order',
      'POST',
      '/orders',
      {
        token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          lines: [{ productId: product.id, quantity: 1 }],
          shippingOption: 'STANDARD',
          deliveryAddress: {
            name: 'Demo Shopper',
            line1: '1 Queen Street',
            city: 'Auckland',
            postcode: '1010',
            country: 'NZ',
          },
        },
      },
      [201],
    );
    const t = r.body.order.totals;
    detail(`order ${r.body.order.id} ${r.body.order.status}, gross ${money(t.gross, t.currency)}`);
    return r.body;
  });

  await step('confirm the payment with pm_card_visa', async () => {
    const stripe = client.endpoints['stripe'];
    if (!stripe) throw new MissingStepError('local cloud Stripe stand-in');
    // What Stripe.js does in the browser; the stand-in takes its local test key.
    const response = await fetch(new URL(`/v1/payment_intents/${placed.payment.paymentIntentId}/confirm`, stripe), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${process.env['TBS_STRIPE_SECRET_KEY'] ?? 'sk_test_tbslocal'}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ payment_method: 'pm_card_visa' }),
    });
    const intent = (await response.json()) as { status?: string; error?: { message: string } };
    if (!response.ok) throw new StepFailedError(`Stripe answered ${response.status}: ${intent.error?.message ?? ''}`);
    detail(`PaymentIntent ${placed.payment.paymentIntentId} ${intent.status}`);
  });

  await step('wait for the order to be PAID', async () => {
    const order = await poll('the order to become PAID', 30_000, async () => {
      const r = await call<Order>('order', 'GET', `/orders/${placed.order.id}`, { token }, [200]);
      return ['PAID', 'SHIPPED', 'DELIVERED'].includes(r.body.status) ? r.body : undefined;
    });
    detail(`order ${order.id} ${order.status}`);
  });

  await step('read the receipt email', async () => {
    requireStack('customer', 'receipt email (OrderPaid -> SES)');
    const mail = await poll('a receipt email', 20_000, async () => {
      const mails = await client.emails({ to: shopper });
      return mails.find((m) => m.subject.includes(placed.order.id) || /receipt|order/i.test(m.subject));
    });
    detail(`"${mail.subject}" to ${mail.to.join(', ')}`);
  });

  await step('see the shipment', async () => {
    const shipment = await poll('a shipment', 20_000, async () => {
      const r = await call<{ status: string; shipmentId: string }>(
        'fulfilment',
        'GET',
        `/shipments/${placed.order.id}`,
        { as: DEMO_ADMIN_EMAIL },
        [200, 404],
      );
      return r.status === 200 ? r.body : undefined;
    });
    detail(`shipment ${shipment.shipmentId} ${shipment.status}`);
  });

  await step('see the sale in the monthly report', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const row = await poll('this month in the report', 20_000, async () => {
      const r = await call<{ currency: string; months: { month: string; orders: number; gross: number }[] }>(
        'reports',
        'GET',
        '/reports/monthly-sales?months=1',
        { as: DEMO_ADMIN_EMAIL },
        [200],
      );
      const found = r.body.months.find((m) => m.month === month && m.orders > 0);
      return found ? { ...found, currency: r.body.currency } : undefined;
    });
    detail(`${row.month}: ${row.orders} orders, gross ${money(row.gross, row.currency)}`);
  });
}

let code = 0;
try {
  await connect();
  await scenario();
  console.log(`\nOrderPurchased: done in ${((performance.now() - demoStarted) / 1000).toFixed(1)} s`);
} catch (error) {
  code = 1;
  if (!(error instanceof MissingStepError) && !(error instanceof StepFailedError)) {
    console.log(`demo stopped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
} finally {
  client?.close();
  await stopCloud?.();
}
process.exit(code);
