import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { assertCloudEvent, type CloudEvent, DynamoDbIdempotencyStore } from '@tbs/contracts/runtime';
import { type RunningDynamoDb, type RunningStripe, startDynamoDb, startStripe } from '@tbs/devops-local';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CancelOrder } from '../../src/application/cancel-order';
import { GetOrder } from '../../src/application/get-order';
import { PlaceOrder, type PlaceOrderInput } from '../../src/application/place-order';
import type { PaymentGateway } from '../../src/application/ports/payment-gateway';
import { RecordPaymentEvent } from '../../src/application/record-payment-event';
import { UpdateOrderFromFulfilment } from '../../src/application/update-order-from-fulfilment';
import { DynamoDbCatalogue } from '../../src/infrastructure/dynamodb-catalogue';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbOrderRepository } from '../../src/infrastructure/dynamodb-order-repository';
import { ORDER_EVENT_VALIDATORS } from '../../src/infrastructure/order-event-validators';
import { StripePaymentGateway } from '../../src/infrastructure/stripe-payment-gateway';
import { type RejectionReason, StripeWebhookConsumer } from '../../src/infrastructure/stripe-webhook-consumer';
import { sha256Fingerprint, systemClock, ulidGenerator } from '../../src/infrastructure/system-clock';
import { ADDRESS, CUSTOMER, EBOOK, OTHER_CUSTOMER, TEA } from '../fixtures/catalogue';
import { createTableFromTemplate } from '../fixtures/order-tables';
import { type CapturedWebhook, sqsEventOf, sqsRecordOf, startWebhookCapture } from '../fixtures/webhook-capture';

const REGION = 'ap-southeast-2';
const ORDERS = 'tbs-app-order-test-orders';
const PROCESSED = 'tbs-app-order-test-processed';
const WEBHOOK_SECRET = 'whsec_order_integration_secret';
const INPUT: PlaceOrderInput = {
  lines: [
    { productId: TEA.productId, quantity: 2 },
    { productId: EBOOK.productId, quantity: 1 },
  ],
  shippingOption: 'STANDARD',
  deliveryAddress: ADDRESS,
};

let dynamo: RunningDynamoDb;
let stripeFake: RunningStripe;
let capture: Awaited<ReturnType<typeof startWebhookCapture>>;
let client: DynamoDBClient;
let shopper: Stripe;
let orders: DynamoDbOrderRepository;
let gateway: StripePaymentGateway;
const published: CloudEvent[] = [];
const rejected: RejectionReason[] = [];
let keySequence = 0;
const newKey = () => `it-key-${Date.now()}-${++keySequence}`;

function consumerWith(options: { secret?: string; now?: () => number } = {}) {
  return new StripeWebhookConsumer({
    webhookSecret: async () => options.secret ?? WEBHOOK_SECRET,
    recordPaymentEvent: new RecordPaymentEvent(orders, systemClock),
    idempotency: new DynamoDbIdempotencyStore({
      client,
      tableName: PROCESSED,
      consumer: 'stripe-webhook',
      leaseSeconds: 30,
    }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    countRejected: (reason) => rejected.push(reason),
    ...(options.now ? { now: options.now } : {}),
  });
}

const deliver = (webhook: CapturedWebhook, consumer = consumerWith()) =>
  consumer.handle(sqsEventOf(sqsRecordOf(webhook.body, webhook.signature)));

const placeOrder = (gw: PaymentGateway = gateway) =>
  new PlaceOrder(
    orders,
    new DynamoDbCatalogue(documentClientOf(client), ORDERS),
    gw,
    systemClock,
    ulidGenerator,
    sha256Fingerprint,
  );

const statusOf = async (orderId: string) => (await orders.get(orderId))?.status;
const publishedTypes = (orderId: string) =>
  published.filter((e) => e.subject === orderId).map((e) => e.type.replace(/^tbs\.order\.|\.v1$/g, ''));

beforeAll(async () => {
  [dynamo, stripeFake, capture] = await Promise.all([startDynamoDb(), startStripe(), startWebhookCapture()]);
  stripeFake.addWebhookEndpoint(capture.url, WEBHOOK_SECRET);
  client = new DynamoDBClient({
    region: REGION,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTableFromTemplate(client, 'OrdersTable', ORDERS);
  await createTableFromTemplate(client, 'ProcessedEventsTable', PROCESSED);
  orders = new DynamoDbOrderRepository(documentClientOf(client), ORDERS, {
    // Every event the service would publish must be valid against the published schemas.
    publishCommitted: async (events) => {
      for (const event of events) published.push(assertCloudEvent(event, ORDER_EVENT_VALIDATORS) as CloudEvent);
    },
  });
  const catalogue = new DynamoDbCatalogue(documentClientOf(client), ORDERS);
  await catalogue.record(TEA);
  await catalogue.record(EBOOK);
  const keys = {
    secretKey: stripeFake.secretKey,
    publishableKey: stripeFake.publishableKey,
    webhookSecret: WEBHOOK_SECRET,
  };
  gateway = new StripePaymentGateway({ keys: async () => keys, apiBase: stripeFake.endpoint });
  shopper = new Stripe(stripeFake.secretKey, { host: stripeFake.host, port: stripeFake.port, protocol: 'http' });
}, 30_000);

afterAll(async () => {
  await Promise.all([dynamo?.stop(), stripeFake?.stop(), capture?.stop()]);
});

beforeEach(() => {
  rejected.length = 0;
});

describe('checkout and Stripe payments on the stand-ins', () => {
  it('success: a confirmed card payment marks the order PAID once, with a valid OrderPaid', async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    expect(placed.payment.publishableKey).toBe(stripeFake.publishableKey);
    const intent = await shopper.paymentIntents.retrieve(placed.payment.paymentIntentId);
    expect(intent).toMatchObject({ amount: 6555, currency: 'nzd', metadata: { orderId: placed.order.id } });

    await shopper.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const webhook = await capture.waitFor('payment_intent.succeeded', intent.id);
    expect((await deliver(webhook)).batchItemFailures).toEqual([]);
    expect(await statusOf(placed.order.id)).toBe('PAID');
    expect(publishedTypes(placed.order.id)).toEqual(['OrderPlaced', 'OrderPaid']);
    const paid = published.find((e) => e.subject === placed.order.id && e.type === 'tbs.order.OrderPaid.v1');
    expect(paid?.data).toMatchObject({ receiptEmail: CUSTOMER.email, totals: { gross: 6555 } });
  });

  it('decline: a declined card moves the order to PAYMENT_FAILED', async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    await expect(
      shopper.paymentIntents.confirm(placed.payment.paymentIntentId, { payment_method: 'pm_card_chargeDeclined' }),
    ).rejects.toThrow();
    const webhook = await capture.waitFor('payment_intent.payment_failed', placed.payment.paymentIntentId);
    await deliver(webhook);
    expect(await statusOf(placed.order.id)).toBe('PAYMENT_FAILED');
    expect(publishedTypes(placed.order.id)).toEqual(['OrderPlaced', 'OrderPaymentFailed']);
  });

  it('requires_action: the order waits until 3-D Secure completes, then is PAID', async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    const confirmed = await shopper.paymentIntents.confirm(placed.payment.paymentIntentId, {
      payment_method: 'pm_card_authenticationRequired',
    });
    expect(confirmed.status).toBe('requires_action');
    expect(await statusOf(placed.order.id)).toBe('PENDING_PAYMENT');
    stripeFake.authenticate(confirmed.id, true);
    await deliver(await capture.waitFor('payment_intent.succeeded', confirmed.id));
    expect(await statusOf(placed.order.id)).toBe('PAID');
  });

  it('refund: FulfilmentFailed refunds the gross once in Stripe; the charge.refunded echo changes nothing', async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    await shopper.paymentIntents.confirm(placed.payment.paymentIntentId, { payment_method: 'pm_card_visa' });
    await deliver(await capture.waitFor('payment_intent.succeeded', placed.payment.paymentIntentId));

    const saga = new UpdateOrderFromFulfilment(orders, gateway, systemClock);
    await saga.execute({ kind: 'fulfilment_failed', orderId: placed.order.id });
    await saga.execute({ kind: 'fulfilment_failed', orderId: placed.order.id });
    expect(await statusOf(placed.order.id)).toBe('REFUNDED');

    const refunded = stripeFake.events().filter((e) => e.type === 'charge.refunded');
    const echo = refunded.find(
      (e) => (e.data.object as { payment_intent?: string }).payment_intent === placed.payment.paymentIntentId,
    );
    if (echo === undefined) throw new Error('Stripe reported no charge.refunded for the order');
    const charge = echo.data.object as { id: string; amount_refunded: number };
    expect(charge.amount_refunded).toBe(6555);
    await deliver(await capture.waitFor('charge.refunded', charge.id));
    expect(publishedTypes(placed.order.id)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderRefunded']);
  });
});

describe('the webhook consumer trusts nothing it cannot verify', () => {
  let succeeded: CapturedWebhook;
  let orderId: string;

  beforeEach(async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    orderId = placed.order.id;
    await shopper.paymentIntents.confirm(placed.payment.paymentIntentId, { payment_method: 'pm_card_visa' });
    succeeded = await capture.waitFor('payment_intent.succeeded', placed.payment.paymentIntentId);
  });

  it('a forged body (signature of another body) is dropped, counted and not retried', async () => {
    const event = JSON.parse(succeeded.body) as Stripe.Event;
    const forged = JSON.stringify({ ...event, data: { object: { ...(event.data.object as object), amount: 1 } } });
    const result = await consumerWith().handle(sqsEventOf(sqsRecordOf(forged, succeeded.signature)));
    expect(result.batchItemFailures).toEqual([]);
    expect(rejected).toEqual(['invalid_signature']);
    expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');
  });

  it('a signature made with the wrong secret is dropped', async () => {
    await deliver(succeeded, consumerWith({ secret: 'whsec_someone_else' }));
    expect(rejected).toEqual(['invalid_signature']);
    expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');
  });

  it('a message without a signature is dropped', async () => {
    await consumerWith().handle(sqsEventOf(sqsRecordOf(succeeded.body, undefined)));
    expect(rejected).toEqual(['missing_signature']);
  });

  it('a stale timestamp (older than 300 s) is dropped', async () => {
    await deliver(succeeded, consumerWith({ now: () => Date.now() + 301_000 }));
    expect(rejected).toEqual(['invalid_signature']);
    expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');
  });

  it('a replayed event is processed once', async () => {
    await deliver(succeeded);
    await deliver(succeeded);
    expect(await statusOf(orderId)).toBe('PAID');
    expect(publishedTypes(orderId)).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('two deliveries of one event processed in parallel: one transition, one OrderPaid', async () => {
    const results = await Promise.all([deliver(succeeded), deliver(succeeded), deliver(succeeded)]);
    // A delivery that found the event claimed by another invocation fails its record, to be retried (and skipped).
    const retried = results.filter((r) => r.batchItemFailures.length > 0).length;
    if (retried > 0) await deliver(succeeded);
    expect((await orders.get(orderId))?.version).toBe(3);
    expect(publishedTypes(orderId)).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('events out of order: a failure arriving after the success leaves the order PAID', async () => {
    await deliver(succeeded);
    const late = JSON.parse(succeeded.body) as Stripe.Event;
    const failed = {
      ...late,
      id: `${late.id}_late`,
      type: 'payment_intent.payment_failed',
      data: { object: { ...(late.data.object as object), status: 'requires_payment_method' } },
    };
    const body = JSON.stringify(failed);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
    await consumerWith().handle(sqsEventOf(sqsRecordOf(body, signature)));
    expect(await statusOf(orderId)).toBe('PAID');
  });

  it('an event whose amount does not match the order is dropped and counted', async () => {
    const event = JSON.parse(succeeded.body) as Stripe.Event;
    const body = JSON.stringify({
      ...event,
      id: `${event.id}_cheap`,
      data: { object: { ...(event.data.object as object), amount: 100 } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
    const result = await consumerWith().handle(sqsEventOf(sqsRecordOf(body, signature)));
    expect(result.batchItemFailures).toEqual([]);
    expect(rejected).toEqual(['payment_mismatch']);
    expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');
  });

  it('an event for an order not visible yet fails its record so SQS retries it', async () => {
    const event = JSON.parse(succeeded.body) as Stripe.Event;
    const object = event.data.object as { metadata: Record<string, string> };
    const body = JSON.stringify({
      ...event,
      id: `${event.id}_unknown`,
      data: { object: { ...object, metadata: { ...object.metadata, orderId: '01JDZZZZZZZZZZZZZZZZZZZZZZ' } } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
    const record = sqsRecordOf(body, signature);
    expect((await consumerWith().handle(sqsEventOf(record))).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
  });
});

describe('idempotent checkout and ownership on the stand-ins', () => {
  it('a crash between the order write and the PaymentIntent creation: the retry completes with a single PaymentIntent', async () => {
    let crash = true;
    const crashing: PaymentGateway = {
      get publishableKey() {
        return gateway.publishableKey;
      },
      createPaymentIntent: async (input) => {
        if (crash) {
          crash = false;
          throw new Error('Simulated crash before Stripe was called');
        }
        return gateway.createPaymentIntent(input);
      },
      getPaymentIntent: (id) => gateway.getPaymentIntent(id),
      cancelPaymentIntent: (id, key) => gateway.cancelPaymentIntent(id, key),
      refund: (input) => gateway.refund(input),
    };
    const key = newKey();
    await expect(placeOrder(crashing).execute(CUSTOMER, key, INPUT)).rejects.toThrow('Simulated crash');
    const retried = await placeOrder(crashing).execute(CUSTOMER, key, INPUT);
    const again = await placeOrder().execute(CUSTOMER, key, INPUT);
    expect(again.order.id).toBe(retried.order.id);
    expect(again.payment).toEqual(retried.payment);
    // Stripe itself agrees: the order id as idempotency key yields that same intent.
    const direct = await shopper.paymentIntents.create(
      {
        amount: 6555,
        currency: 'nzd',
        metadata: { orderId: retried.order.id, customerId: CUSTOMER.customerId },
        receipt_email: CUSTOMER.email,
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: retried.order.id },
    );
    expect(direct.id).toBe(retried.payment.paymentIntentId);
    expect(publishedTypes(retried.order.id)).toEqual(['OrderPlaced']);
  });

  it('the same key with another body is refused', async () => {
    const key = newKey();
    await placeOrder().execute(CUSTOMER, key, INPUT);
    await expect(placeOrder().execute(CUSTOMER, key, { ...INPUT, shippingOption: 'EXPRESS' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it("a customer can neither read nor cancel another customer's order", async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    await expect(new GetOrder(orders).execute(OTHER_CUSTOMER.customerId, placed.order.id)).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
    await expect(
      new CancelOrder(orders, gateway, systemClock).execute(OTHER_CUSTOMER.customerId, placed.order.id),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect((await shopper.paymentIntents.retrieve(placed.payment.paymentIntentId)).status).not.toBe('canceled');
  });

  it('cancelling an unpaid order cancels its PaymentIntent in Stripe', async () => {
    const placed = await placeOrder().execute(CUSTOMER, newKey(), INPUT);
    const cancelled = await new CancelOrder(orders, gateway, systemClock).execute(CUSTOMER.customerId, placed.order.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect((await shopper.paymentIntents.retrieve(placed.payment.paymentIntentId)).status).toBe('canceled');
    // Stripe reports the cancellation too; the order is already there.
    await deliver(await capture.waitFor('payment_intent.canceled', placed.payment.paymentIntentId));
    expect(publishedTypes(placed.order.id)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });
});
