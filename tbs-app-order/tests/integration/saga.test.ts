import {
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { CloudEvent } from '@tbs/contracts/runtime';
import { validateGetOrderResponse200 } from '@tbs/contracts/validators';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { subscribeQueue } from '@tbs/devops-local/testing';
import Stripe from 'stripe';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADMIN = 'saga.admin@example.com';
const SHOPPER = 'saga.shopper@example.com';
const ADDRESS = { name: 'Aroha Ngata', line1: '12 Kauri Street', city: 'Wellington', postcode: '6011', country: 'NZ' };
const DISPATCHED = 'tbs.fulfilment.ShipmentDispatched.v1';

interface OrderBody {
  id: string;
  status: string;
  totals: { gross: number };
  shipment: { carrier: string; trackingNumber: string } | null;
}
interface ShipmentBody {
  status: string;
  lines: { productId: string; quantity: number }[];
}
interface StockBody {
  onHand: number;
  reserved: number;
  available: number;
}

/**
 * The purchase saga across the order, fulfilment and product stacks as the local cloud runs them from their
 * templates: products created through the product API reach the order's catalogue and fulfilment's stock through
 * events, payments go through the Stripe stand-in and the real webhook route, and every step in between is an event
 * on the topics of tbs-devops-events. Eventual states are awaited by polling with a deadline.
 */
describe('the purchase saga on the local cloud (order + fulfilment + product)', () => {
  let cloud: TestCloud;
  let stripe: Stripe;
  let sns: SNSClient;
  let sqs: SQSClient;

  /** Reads until `done` holds or the deadline passes; returns the last value read (the caller asserts on it). */
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const order = async (id: string) => (await cloud.api<OrderBody>(`/order/v1/orders/${id}`, { as: SHOPPER })).body;
  const orderIn = async (id: string, status: string) =>
    until(
      () => order(id),
      (o) => o.status === status,
    );
  const shipment = (orderId: string) => cloud.api<ShipmentBody>(`/fulfilment/v1/shipments/${orderId}`, { as: ADMIN });
  const stock = async (productId: string) =>
    (await cloud.api<StockBody>(`/fulfilment/v1/inventory/${productId}`, { as: ADMIN })).body;
  const refundsOf = (paymentIntentId: string) =>
    cloud.cloud.standins.stripe.objects().refunds.filter((refund) => refund.payment_intent === paymentIntentId);

  /** A physical product created by an administrator, with `onHand` units counted in (none: no stock record). */
  const product = async (name: string, onHand?: number): Promise<string> => {
    const created = await cloud.api<{ id: string }>('/product/v1/products', {
      method: 'POST',
      as: ADMIN,
      body: {
        sku: `SAGA-${ulid().slice(-8)}`,
        name,
        category: 'tea',
        kind: 'physical',
        price: { amount: 2500, currency: 'NZD' },
      },
    });
    expect(created.status).toBe(201);
    if (onHand !== undefined) {
      const counted = await cloud.api(`/fulfilment/v1/inventory/${created.body.id}`, {
        method: 'PUT',
        as: ADMIN,
        body: { onHand },
      });
      expect(counted.status).toBe(200);
    }
    return created.body.id;
  };

  /** Checkout (once the product reached the order's catalogue) and a card payment: the order is PAID. */
  const paidOrder = async (productId: string, quantity: number) => {
    const key = `saga-${ulid()}`;
    const placed = await until(
      () =>
        cloud.api<{ order: OrderBody; payment: { paymentIntentId: string } }>('/order/v1/orders', {
          method: 'POST',
          as: SHOPPER,
          headers: { 'Idempotency-Key': key },
          body: { lines: [{ productId, quantity }], shippingOption: 'STANDARD', deliveryAddress: ADDRESS },
        }),
      // 422 PRODUCT_UNAVAILABLE until ProductCreated reached the order's catalogue.
      (response) => response.status !== 422,
    );
    expect(placed.status).toBe(201);
    const { paymentIntentId } = placed.body.payment;
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
    const paid = await orderIn(placed.body.order.id, 'PAID');
    expect(paid.status).toBe('PAID');
    return { orderId: placed.body.order.id, paymentIntentId, gross: placed.body.order.totals.gross };
  };

  /** Waits until a queue has no message waiting or in flight; returns how many are left. */
  const drained = async (queueName: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return until(
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
      (left) => left === 0,
    );
  };

  const pendingShipment = async (orderId: string) => {
    const found = await until(
      () => shipment(orderId),
      (r) => r.status === 200,
    );
    expect([found.status, found.body.status]).toEqual([200, 'READY']);
    return found.body;
  };

  beforeAll(async () => {
    cloud = await startTestCloud({ stacks: ['order', 'fulfilment', 'product'] });
    const stand = cloud.cloud.standins.stripe;
    stripe = new Stripe(stand.secretKey, { host: stand.host, port: stand.port, protocol: 'http' });
    const region = cloud.awsEnv.AWS_REGION ?? 'us-east-1';
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    sns = new SNSClient({ region, endpoint: cloud.endpoints.sns, credentials });
    sqs = new SQSClient({ region, endpoint: cloud.endpoints.sqs, credentials, useQueueUrlAsEndpoint: false });
    await cloud.createUser({ email: ADMIN, admin: true });
    await cloud.createUser({ email: SHOPPER, name: 'Aroha Ngata' });
  }, 240_000);

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await cloud?.stop();
  });

  it('(a) a paid order with stock is reserved and shipped: dispatch -> SHIPPED, delivery -> DELIVERED', async () => {
    const tea = await product('Saga Sencha', 5);
    const { orderId, paymentIntentId } = await paidOrder(tea, 2);

    const created = await pendingShipment(orderId);
    expect(created.lines).toMatchObject([{ productId: tea, quantity: 2 }]);
    expect(await stock(tea)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });

    const dispatched = await cloud.api(`/fulfilment/v1/shipments/${orderId}/dispatch`, {
      method: 'POST',
      as: ADMIN,
      body: { carrier: 'NZ Post', trackingNumber: 'NZ100000001' },
    });
    expect(dispatched.status).toBe(200);
    const shipped = await orderIn(orderId, 'SHIPPED');
    expect(shipped).toMatchObject({
      status: 'SHIPPED',
      shipment: { carrier: 'NZ Post', trackingNumber: 'NZ100000001' },
    });
    expect(await stock(tea)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    expect((await cloud.api(`/fulfilment/v1/shipments/${orderId}/deliver`, { method: 'POST', as: ADMIN })).status).toBe(
      200,
    );
    const delivered = await orderIn(orderId, 'DELIVERED');
    expect(delivered.status).toBe('DELIVERED');
    expect(validateGetOrderResponse200(delivered)).toBe(true);
    expect(refundsOf(paymentIntentId)).toEqual([]);
  }, 90_000);

  it('(b) a paid order without stock fails fulfilment and is refunded through Stripe exactly once, even with every message delivered twice', async () => {
    const unstocked = await product('Saga Oolong (never counted)');
    // SQS is at-least-once: every event source now hands each message to its function 2 or 3 times.
    cloud.cloud.faults.configure({ seed: 20261122, duplicates: true });
    try {
      const { orderId, paymentIntentId, gross } = await paidOrder(unstocked, 1);
      const refunded = await orderIn(orderId, 'REFUNDED');
      expect(refunded.status).toBe('REFUNDED');
      expect((await shipment(orderId)).status).toBe(404);
      // Stripe's charge.refunded comes back through the webhook too; once it and every copy of FulfilmentFailed
      // have been consumed, there is still one refund and the order is still REFUNDED.
      const stand = cloud.cloud.standins.stripe;
      const chargeRefunded = stand
        .events()
        .find((e) => e.type === 'charge.refunded' && e.data.object.payment_intent === paymentIntentId);
      expect(chargeRefunded).toBeDefined();
      const delivered = await until(
        async () => stand.deliveries(),
        (all) => all.some((d) => d.eventId === chargeRefunded?.id && d.succeeded),
      );
      expect(delivered.some((d) => d.eventId === chargeRefunded?.id && d.succeeded)).toBe(true);
      expect(await drained('tbs-app-order-local-stripe-webhook')).toBe(0);
      expect(await drained('tbs-app-order-local-fulfilment-events')).toBe(0);
      expect(cloud.cloud.faults.stats.extraDeliveries).toBeGreaterThan(0);
      const refunds = refundsOf(paymentIntentId);
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({ amount: gross, status: 'succeeded' });
      expect((await order(orderId)).status).toBe('REFUNDED');
    } finally {
      cloud.cloud.faults.disable();
    }
  }, 90_000);

  it('(c) a paid physical order cancelled before dispatch: shipment cancelled, stock released, refunded, CANCELLED', async () => {
    const mug = await product('Saga Clay Mug', 4);
    const { orderId, paymentIntentId, gross } = await paidOrder(mug, 3);
    await pendingShipment(orderId);
    expect(await stock(mug)).toMatchObject({ reserved: 3, available: 1 });

    const cancel = await cloud.api<OrderBody>(`/order/v1/orders/${orderId}/cancel`, { method: 'POST', as: SHOPPER });
    expect([cancel.status, cancel.body.status]).toEqual([200, 'CANCELLATION_REQUESTED']);

    const cancelled = await orderIn(orderId, 'CANCELLED');
    expect(cancelled.status).toBe('CANCELLED');
    expect((await shipment(orderId)).body.status).toBe('CANCELLED');
    expect(await stock(mug)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    const refunds = refundsOf(paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: gross });
    // The parcel is gone from the warehouse's list: it can no longer be dispatched.
    const late = await cloud.api(`/fulfilment/v1/shipments/${orderId}/dispatch`, {
      method: 'POST',
      as: ADMIN,
      body: { carrier: 'NZ Post', trackingNumber: 'NZ100000002' },
    });
    expect(late.status).toBe(409);
  }, 90_000);

  it('(c) a cancellation that arrives after dispatch is rejected: no refund, the order returns to SHIPPED', async () => {
    const pot = await product('Saga Teapot', 2);
    const { orderId, paymentIntentId } = await paidOrder(pot, 1);
    await pendingShipment(orderId);

    // The customer cancels while ShipmentDispatched is still on its way to the order service: the order's
    // subscription holds it back (a probe queue keeps a copy) until the cancellation has been answered.
    const topicArn = cloud.cloud.outputs('tbs-devops-events').FulfilmentTopicArn as string;
    const sagaQueueUrl = (
      await sqs.send(new GetQueueUrlCommand({ QueueName: 'tbs-app-order-local-fulfilment-events' }))
    ).QueueUrl as string;
    const queueArn = async (url: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes
        ?.QueueArn as string;
    const sagaArn = await queueArn(sagaQueueUrl);
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const subscriptionArn = Subscriptions.find((s) => s.Endpoint === sagaArn)?.SubscriptionArn as string;
    expect(subscriptionArn).toBeDefined();
    const sagaTypes = [
      'tbs.fulfilment.FulfilmentFailed.v1',
      'tbs.fulfilment.ShipmentCancelled.v1',
      'tbs.fulfilment.ShipmentCancellationRejected.v1',
      DISPATCHED,
      'tbs.fulfilment.ShipmentDelivered.v1',
      'tbs.fulfilment.DigitalGoodsReady.v1',
    ];
    const filterFor = (types: string[]) =>
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: JSON.stringify({ type: types }),
        }),
      );
    const { queueUrl: probeUrl } = await subscribeQueue({ sns, sqs }, topicArn, `saga-probe-${ulid()}`, {
      type: [DISPATCHED],
    });
    await filterFor(sagaTypes.filter((type) => type !== DISPATCHED));
    try {
      const dispatched = await cloud.api(`/fulfilment/v1/shipments/${orderId}/dispatch`, {
        method: 'POST',
        as: ADMIN,
        body: { carrier: 'NZ Post', trackingNumber: 'NZ100000003' },
      });
      expect(dispatched.status).toBe(200);
      expect((await order(orderId)).status).toBe('PAID');

      const cancel = await cloud.api<OrderBody>(`/order/v1/orders/${orderId}/cancel`, { method: 'POST', as: SHOPPER });
      expect([cancel.status, cancel.body.status]).toEqual([200, 'CANCELLATION_REQUESTED']);
      const rejected = await orderIn(orderId, 'SHIPPED');
      expect(rejected.status).toBe('SHIPPED');
      expect((await shipment(orderId)).body.status).toBe('DISPATCHED');
      expect(await stock(pot)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
      expect(refundsOf(paymentIntentId)).toEqual([]);
      // Cancelling again is refused outright now that the order knows it shipped.
      const again = await cloud.api(`/order/v1/orders/${orderId}/cancel`, { method: 'POST', as: SHOPPER });
      expect([again.status, (again.body as { code: string }).code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
    } finally {
      await filterFor(sagaTypes);
    }

    // The held-back ShipmentDispatched arrives late: the order keeps its status and gains the tracking details.
    const held = await until(
      async () =>
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: probeUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })))
          .Messages ?? [],
      (messages) => messages.some((m) => (JSON.parse(m.Body ?? '{}') as CloudEvent).subject === orderId),
    );
    const late = held.find((m) => (JSON.parse(m.Body ?? '{}') as CloudEvent).subject === orderId);
    expect(late).toBeDefined();
    await sqs.send(new DeleteMessageCommand({ QueueUrl: probeUrl, ReceiptHandle: late?.ReceiptHandle }));
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: late?.Body as string,
        MessageAttributes: { type: { DataType: 'String', StringValue: DISPATCHED } },
      }),
    );
    const tracked = await until(
      () => order(orderId),
      (o) => o.shipment !== null,
    );
    expect(tracked).toMatchObject({
      status: 'SHIPPED',
      shipment: { carrier: 'NZ Post', trackingNumber: 'NZ100000003' },
    });
    expect(refundsOf(paymentIntentId)).toEqual([]);
  }, 90_000);
});
