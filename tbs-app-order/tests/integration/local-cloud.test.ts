import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createCloudEvent, SnsEventPublisher } from '@tbs/contracts/runtime';
import {
  validateGetOrderResponse200,
  validatePlaceOrderResponse201,
  validateProductCreatedEvent,
} from '@tbs/contracts/validators';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADMIN = 'ops@example.com';
const SHOPPER = 'aroha@example.com';
const OTHER = 'rangi@example.com';
const ADDRESS = { name: 'Aroha Ngata', line1: '12 Kauri Street', city: 'Wellington', postcode: '6011', country: 'NZ' };

interface OrderBody {
  id: string;
  status: string;
  totals: { gross: number };
}

/**
 * The order stack as the local cloud runs it from template.yaml, with the product stack feeding its catalogue and
 * the Stripe stand-in calling the webhook route (API Gateway -> SQS -> the verifying consumer).
 */
describe('order stack on the local cloud', () => {
  let cloud: TestCloud;
  let stripe: Stripe;
  let teaId: string;

  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const placeOrder = (
    key: string,
    body: unknown = {
      lines: [{ productId: teaId, quantity: 2 }],
      shippingOption: 'STANDARD',
      deliveryAddress: ADDRESS,
    },
  ) =>
    cloud.api<{ order: OrderBody; payment: { paymentIntentId: string; clientSecret: string; publishableKey: string } }>(
      '/order/v1/orders',
      { method: 'POST', as: SHOPPER, headers: { 'Idempotency-Key': key }, body },
    );

  beforeAll(async () => {
    cloud = await startTestCloud({ stacks: ['order'] });
    const url = new URL(cloud.endpoints.stripe as string);
    stripe = new Stripe('sk_test_local_shopper', { host: url.hostname, port: url.port, protocol: 'http' });
    await cloud.createUser({ email: ADMIN, admin: true });
    await cloud.createUser({ email: SHOPPER, name: 'Aroha Ngata' });
    await cloud.createUser({ email: OTHER, name: 'Rangi Parata' });
    // The product service's event, as it publishes it to the product topic of tbs-devops-events.
    teaId = '01JD8X3QK7M2V4R6T8W0Y2A4C6';
    const env = cloud.awsEnv;
    const sns = new SNSClient({
      region: env.AWS_REGION,
      endpoint: cloud.endpoints.sns,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      },
    });
    const topicArn = cloud.cloud.outputs('tbs-devops-events').ProductTopicArn as string;
    await new SnsEventPublisher(sns, topicArn, {
      'tbs.product.ProductCreated.v1': validateProductCreatedEvent,
    }).publish([
      createCloudEvent({
        source: 'tbs-app-product',
        type: 'tbs.product.ProductCreated.v1',
        subject: teaId,
        correlationId: 'local-cloud-test',
        data: {
          productId: teaId,
          version: 1,
          sku: 'TEA-SENCHA-100',
          name: 'Green Sencha 100 g',
          description: '',
          category: 'tea',
          kind: 'physical',
          price: { amount: 1850, currency: 'NZD' },
          status: 'active',
          imageUrls: [],
          createdAt: '2026-02-01T00:00:00.000Z',
          updatedAt: '2026-02-01T00:00:00.000Z',
        },
      }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('prices from the projection fed by product events, and takes the payment through the verified webhook', async () => {
    const key = `lc-${Date.now()}-success`;
    // ProductCreated reaches the order catalogue asynchronously; until then the product is unknown (422).
    const placed = await until(
      () => placeOrder(key),
      (r) => r.status !== 422,
    );
    expect(placed.status).toBe(201);
    expect(validatePlaceOrderResponse201(placed.body)).toBe(true);
    expect(placed.body.order).toMatchObject({
      status: 'PENDING_PAYMENT',
      totals: { net: 3700, shipping: 800, tax: 675, gross: 5175 },
    });

    const replay = await placeOrder(key);
    expect(replay.status).toBe(201);
    expect(replay.body.payment).toEqual(placed.body.payment);
    expect(replay.body.order.id).toBe(placed.body.order.id);
    const reused = await placeOrder(key, {
      lines: [{ productId: teaId, quantity: 3 }],
      shippingOption: 'STANDARD',
      deliveryAddress: ADDRESS,
    });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reused.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });

    await stripe.paymentIntents.confirm(placed.body.payment.paymentIntentId, { payment_method: 'pm_card_visa' });
    const paid = await until(
      () => cloud.api<OrderBody>(`/order/v1/orders/${placed.body.order.id}`, { as: SHOPPER }),
      (r) => r.body.status === 'PAID',
    );
    expect(paid.body.status).toBe('PAID');
    expect(validateGetOrderResponse200(paid.body)).toBe(true);

    expect((await cloud.api(`/order/v1/orders/${placed.body.order.id}`, { as: OTHER })).status).toBe(404);
    expect(
      (await cloud.api(`/order/v1/orders/${placed.body.order.id}/cancel`, { method: 'POST', as: OTHER })).status,
    ).toBe(404);
  });

  it('answers 400 without an Idempotency-Key and 401 without a token', async () => {
    const missing = await cloud.api('/order/v1/orders', {
      method: 'POST',
      as: SHOPPER,
      body: { lines: [{ productId: teaId, quantity: 1 }], shippingOption: 'STANDARD', deliveryAddress: ADDRESS },
    });
    expect(missing.status).toBe(400);
    const anonymous = await cloud.api<{ code: string; status: number }>('/order/v1/orders');
    expect(anonymous.status).toBe(401);
    // The authorizer's refusal is the API's UNAUTHORIZED gateway response: a problem like the service's own.
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('the webhook answers 400 problem for a body SQS refuses and 415 for another media type, queueing nothing', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${cloud.gatewayUrl}/order/v1/payments/stripe/webhook`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'stripe-signature': `t=1,v1=${'0'.repeat(64)}` },
        body,
      });
    for (const body of ['', '{"id":"evt_\u0000"}', JSON.stringify({ id: 'evt_big', pad: 'x'.repeat(1024 * 1024) })]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ status: 400, code: 'UNQUEUEABLE_WEBHOOK' });
    }
    const xml = await post('<event/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('a forged webhook is accepted by the gateway (enqueued) but changes nothing', async () => {
    const placed = await placeOrder(`lc-${Date.now()}-forged`);
    expect(placed.status).toBe(201);
    const forged = {
      id: 'evt_forged_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: placed.body.payment.paymentIntentId,
          object: 'payment_intent',
          amount: placed.body.order.totals.gross,
          currency: 'nzd',
          metadata: { orderId: placed.body.order.id },
        },
      },
    };
    const sent = await cloud.api('/order/v1/payments/stripe/webhook', {
      method: 'POST',
      headers: { 'Stripe-Signature': `t=${forged.created},v1=${'0'.repeat(64)}` },
      body: forged,
    });
    expect(sent.status).toBe(200);
    // The message was taken off the queue and deleted (dropped, not failed: it is neither in flight nor waiting).
    const env = cloud.awsEnv;
    const sqs = new SQSClient({
      region: env.AWS_REGION,
      endpoint: cloud.endpoints.sqs,
      useQueueUrlAsEndpoint: false,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      },
    });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'tbs-app-order-local-stripe-webhook' }));
    const depth = await until(
      async () => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
        );
      },
      (n) => n === 0,
    );
    expect(depth).toBe(0);
    const order = await cloud.api<OrderBody>(`/order/v1/orders/${placed.body.order.id}`, { as: SHOPPER });
    expect(order.body.status).toBe('PENDING_PAYMENT');
  });

  it('cancelling before payment cancels the PaymentIntent; history lists the orders newest first', async () => {
    const placed = await placeOrder(`lc-${Date.now()}-cancel`);
    const cancelled = await cloud.api<OrderBody>(`/order/v1/orders/${placed.body.order.id}/cancel`, {
      method: 'POST',
      as: SHOPPER,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect((await stripe.paymentIntents.retrieve(placed.body.payment.paymentIntentId)).status).toBe('canceled');

    const history = await cloud.api<{ items: OrderBody[] }>('/order/v1/orders?limit=10', { as: SHOPPER });
    expect(history.status).toBe(200);
    expect(history.body.items[0]?.id).toBe(placed.body.order.id);
    expect((await cloud.api('/order/v1/admin/orders?status=CANCELLED', { as: SHOPPER })).status).toBe(403);
    const admin = await cloud.api<{ items: OrderBody[] }>('/order/v1/admin/orders?status=CANCELLED', { as: ADMIN });
    expect(admin.body.items.map((o) => o.id)).toContain(placed.body.order.id);
  });
});
