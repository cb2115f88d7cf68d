// Every endpoint of every published spec, called by every kind of caller. The expected statuses are a literal
// table: the specs' security (public, any signed-in customer, Administrators only) and the services' rule that a
// customer never sees another customer's cart, orders or profile (another customer's order is 404, as if absent).
import type { Actors, Caller } from './actors';

export interface MatrixFixture {
  productId: string;
  /** The SKU of an existing product: creating another with it is a conflict, so the call changes nothing. */
  existingSku: string;
  /** A product id no product has (for admin writes that must not change anything). */
  missingProductId: string;
  /** An order of customer A, still awaiting payment. */
  orderOfA: string;
  /** An order id no order has. */
  missingOrderId: string;
}

export interface MatrixRow {
  method: string;
  /** The spec path, `{name}` placeholders filled from the fixture by `target`. */
  path: string;
  target: (f: MatrixFixture) => string;
  body?: unknown;
  headers?: Record<string, string>;
  expected: Record<Caller, number>;
}

const SIGNED_OUT = { anonymous: 401, expired: 401, forged: 401 } as const;

// biome-ignore format: one row per endpoint reads as a table
export const AUTHORIZATION_MATRIX: MatrixRow[] = [
  //                                                                              anonymous expired forged   A    B   admin
  { method: 'GET', path: '/product/v1/products', target: () => '/product/v1/products',
    expected: { anonymous: 200, expired: 200, forged: 200, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'GET', path: '/product/v1/products/{id}', target: (f) => `/product/v1/products/${f.productId}`,
    expected: { anonymous: 200, expired: 200, forged: 200, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'GET', path: '/product/v1/categories', target: () => '/product/v1/categories',
    expected: { anonymous: 200, expired: 200, forged: 200, customerA: 200, customerB: 200, admin: 200 } },
  // Admin writes are valid requests that cannot succeed (an existing SKU, a missing product, a stale If-Match), so
  // the administrator's call passes authorization and still changes nothing.
  { method: 'POST', path: '/product/v1/products', target: () => '/product/v1/products', body: 'PRODUCT',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 409 } },
  { method: 'PUT', path: '/product/v1/products/{id}', target: (f) => `/product/v1/products/${f.missingProductId}`,
    body: 'PRODUCT', headers: { 'If-Match': '"1"' },
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 404 } },
  { method: 'DELETE', path: '/product/v1/products/{id}', target: (f) => `/product/v1/products/${f.missingProductId}`,
    headers: { 'If-Match': '"1"' },
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 404 } },
  { method: 'GET', path: '/cart/v1/cart', target: () => '/cart/v1/cart',
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'DELETE', path: '/cart/v1/cart', target: () => '/cart/v1/cart',
    expected: { ...SIGNED_OUT, customerA: 204, customerB: 204, admin: 204 } },
  { method: 'PUT', path: '/cart/v1/cart/lines/{productId}', target: (f) => `/cart/v1/cart/lines/${f.productId}`,
    body: { quantity: 0 },
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'DELETE', path: '/cart/v1/cart/lines/{productId}', target: (f) => `/cart/v1/cart/lines/${f.productId}`,
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 200, admin: 200 } },
  // No Idempotency-Key: a signed-in caller gets the 400 that proves it passed the authorizer.
  { method: 'POST', path: '/order/v1/orders', target: () => '/order/v1/orders', body: {},
    expected: { ...SIGNED_OUT, customerA: 400, customerB: 400, admin: 400 } },
  { method: 'GET', path: '/order/v1/orders', target: () => '/order/v1/orders',
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'GET', path: '/order/v1/orders/{id}', target: (f) => `/order/v1/orders/${f.orderOfA}`,
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 404, admin: 404 } },
  // Cancelling someone else's order is 404; the owner's call is last in the run (see runMatrix) and succeeds.
  { method: 'POST', path: '/order/v1/orders/{id}/cancel', target: (f) => `/order/v1/orders/${f.orderOfA}/cancel`,
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 404, admin: 404 } },
  { method: 'GET', path: '/order/v1/admin/orders', target: () => '/order/v1/admin/orders',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
  // Stripe's webhook is public and answers 2xx once the body is queued; the consumer then drops the forgery.
  { method: 'POST', path: '/order/v1/payments/stripe/webhook', target: () => '/order/v1/payments/stripe/webhook',
    body: { id: 'evt_matrix', object: 'event', type: 'ping' }, headers: { 'Stripe-Signature': 't=1,v1=00' },
    expected: { anonymous: 200, expired: 200, forged: 200, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'GET', path: '/fulfilment/v1/inventory/{productId}', target: (f) => `/fulfilment/v1/inventory/${f.productId}`,
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
  { method: 'PUT', path: '/fulfilment/v1/inventory/{productId}', target: (f) => `/fulfilment/v1/inventory/${f.productId}`,
    body: { onHand: 5 }, headers: { 'If-Match': '"999999"' },
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 412 } },
  { method: 'GET', path: '/fulfilment/v1/shipments', target: () => '/fulfilment/v1/shipments',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
  { method: 'GET', path: '/fulfilment/v1/shipments/{orderId}', target: (f) => `/fulfilment/v1/shipments/${f.missingOrderId}`,
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 404 } },
  { method: 'POST', path: '/fulfilment/v1/shipments/{orderId}/dispatch',
    target: (f) => `/fulfilment/v1/shipments/${f.missingOrderId}/dispatch`, body: { carrier: 'NZ Post', trackingNumber: 'NZ123' },
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 404 } },
  { method: 'POST', path: '/fulfilment/v1/shipments/{orderId}/deliver',
    target: (f) => `/fulfilment/v1/shipments/${f.missingOrderId}/deliver`,
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 404 } },
  { method: 'GET', path: '/customer/v1/customers/me', target: () => '/customer/v1/customers/me',
    expected: { ...SIGNED_OUT, customerA: 200, customerB: 200, admin: 200 } },
  { method: 'PUT', path: '/customer/v1/customers/me', target: () => '/customer/v1/customers/me', body: { bogus: 1 },
    expected: { ...SIGNED_OUT, customerA: 400, customerB: 400, admin: 400 } },
  { method: 'GET', path: '/customer/v1/admin/customers', target: () => '/customer/v1/admin/customers',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
  { method: 'GET', path: '/reports/v1/reports/monthly-sales', target: () => '/reports/v1/reports/monthly-sales',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
  { method: 'GET', path: '/reports/v1/reports/top-products', target: () => '/reports/v1/reports/top-products',
    expected: { ...SIGNED_OUT, customerA: 403, customerB: 403, admin: 200 } },
];

export interface MatrixCell {
  method: string;
  path: string;
  caller: Caller;
  expected: number;
  actual: number;
  contentType: string;
}

const productBody = (sku: string) => ({
  sku,
  name: 'Matrix product',
  description: 'Never stored: the SKU exists or the product does not',
  category: 'reliability',
  kind: 'physical',
  price: { amount: 100, currency: 'NZD' },
  imageUrls: [],
});

/** Runs every row for every caller. The owner's cancel runs last, so the others see the order as it was. */
export async function runMatrix(gatewayUrl: string, actors: Actors, fixture: MatrixFixture): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  const order: Caller[] = ['anonymous', 'expired', 'forged', 'customerB', 'admin', 'customerA'];
  for (const caller of order) {
    for (const row of AUTHORIZATION_MATRIX) {
      const token = actors.tokens[caller];
      const headers: Record<string, string> = { ...(row.headers ?? {}) };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (row.body !== undefined) headers['Content-Type'] = 'application/json';
      const body = row.body === 'PRODUCT' ? productBody(fixture.existingSku) : row.body;
      const res = await fetch(`${gatewayUrl}${row.target(fixture)}`, {
        method: row.method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      await res.arrayBuffer();
      cells.push({
        method: row.method,
        path: row.path,
        caller,
        expected: row.expected[caller],
        actual: res.status,
        contentType: res.headers.get('content-type') ?? '',
      });
    }
  }
  return cells;
}
