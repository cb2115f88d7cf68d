import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { CloudEvent } from '@tbs/contracts/runtime';
import { validateGetInventoryResponse200, validateGetShipmentResponse200 } from '@tbs/contracts/validators';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { subscribeQueue } from '@tbs/devops-local/testing';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPaid } from '../fixtures/order-events';

const ADMIN = 'stock.admin@example.com';
const SHOPPER = 'stock.shopper@example.com';

/**
 * The fulfilment stack as the local cloud runs it from template.yaml: built bundles behind the Cognito-authorized
 * gateway, the order-event queue with its filter policy and event-source mapping, the topic, the secret.
 */
describe('fulfilment stack on the local cloud', () => {
  let cloud: TestCloud;
  let sns: SNSClient;
  let sqs: SQSClient;
  let probeUrl: string;
  let orderTopicArn: string;
  const seen: CloudEvent[] = [];

  const drainProbe = async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: probeUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    seen.push(...Messages.map((m) => JSON.parse(m.Body ?? '{}') as CloudEvent));
    return Messages.length;
  };

  beforeAll(async () => {
    // The order stack is not part of this test: the test publishes the order service's events on the order topic of
    // tbs-devops-events, which runs because fulfilment imports from it. The product stack runs (and both seeds) to
    // show stock reaching the catalogue through the events.
    cloud = await startTestCloud({ stacks: ['product', 'fulfilment'], seed: true });
    await cloud.createUser({ email: ADMIN, admin: true });
    await cloud.createUser({ email: SHOPPER });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const region = cloud.awsEnv.AWS_REGION ?? 'us-east-1';
    sns = new SNSClient({ region, endpoint: cloud.endpoints.sns, credentials });
    sqs = new SQSClient({ region, endpoint: cloud.endpoints.sqs, credentials, useQueueUrlAsEndpoint: false });
    const topics = cloud.stacks.find((stack) => stack.name === 'tbs-devops-events')?.outputs ?? {};
    orderTopicArn = topics.OrderTopicArn ?? '';
    ({ queueUrl: probeUrl } = await subscribeQueue(
      { sns, sqs },
      topics.FulfilmentTopicArn as string,
      'fulfilment-events-probe',
    ));
  }, 240_000);

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await cloud?.stop();
  });

  it('seeds demo stock for every physical catalogue product, and the catalogue shows it as available', async () => {
    const stocked = cloud.seeded?.stacks.find((s) => s.name === 'tbs-app-fulfilment')?.result.ids?.stocked ?? [];
    expect(stocked.length).toBeGreaterThan(0);
    const productId = stocked[0] as string;
    const deadline = Date.now() + 30_000;
    let availability: unknown;
    do {
      const product = await cloud.api<{ kind: string; availability?: { available: number } }>(
        `/product/v1/products/${productId}`,
      );
      expect(product.body.kind).toBe('physical');
      availability = product.body.availability;
      if ((availability as { available?: number } | undefined)?.available === 25) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    expect(availability).toMatchObject({ available: 25 });
  });

  it('lets administrators count stock (If-Match), and nobody else', async () => {
    const productId = ulid();
    const path = `/fulfilment/v1/inventory/${productId}`;
    expect((await cloud.api(path)).status).toBe(401);
    expect((await cloud.api(path, { as: SHOPPER })).status).toBe(403);
    expect((await cloud.api(path, { as: ADMIN })).status).toBe(404);
    const created = await cloud.api(path, { method: 'PUT', as: ADMIN, body: { onHand: 5 } });
    expect([created.status, created.headers.get('etag')]).toEqual([200, '"1"']);
    expect(validateGetInventoryResponse200(created.body)).toBe(true);
    expect((await cloud.api(path, { method: 'PUT', as: ADMIN, body: { onHand: 6 } })).status).toBe(428);
    const changed = await cloud.api(path, {
      method: 'PUT',
      as: ADMIN,
      body: { onHand: 6 },
      headers: { 'If-Match': '"1"' },
    });
    expect(changed.status).toBe(200);
  });

  it('never oversells: 50 paid orders at once for the last 10 units reserve exactly 10', async () => {
    const productId = ulid();
    await cloud.api(`/fulfilment/v1/inventory/${productId}`, { method: 'PUT', as: ADMIN, body: { onHand: 10 } });
    const orders = Array.from({ length: 50 }, () => {
      const event = orderPaid(ulid());
      event.data.lines = [
        {
          productId,
          sku: 'LAST-TEN',
          name: 'The last ten',
          kind: 'physical',
          quantity: 1,
          unitPrice: 1000,
          lineTotal: 1000,
        },
      ];
      return event;
    });
    await Promise.all(
      orders.map((event) =>
        sns.send(
          new PublishCommand({
            TopicArn: orderTopicArn,
            Message: JSON.stringify(event),
            MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
          }),
        ),
      ),
    );
    const orderIds = new Set(orders.map((o) => o.data.orderId));
    const outcomes = () =>
      seen.filter(
        (e) =>
          orderIds.has(e.subject) &&
          (e.type === 'tbs.fulfilment.ShipmentCreated.v1' || e.type === 'tbs.fulfilment.FulfilmentFailed.v1'),
      );
    const deadline = Date.now() + 90_000;
    while (outcomes().length < 50 && Date.now() < deadline) await drainProbe();
    expect(outcomes().filter((e) => e.type === 'tbs.fulfilment.ShipmentCreated.v1')).toHaveLength(10);
    expect(outcomes().filter((e) => e.type === 'tbs.fulfilment.FulfilmentFailed.v1')).toHaveLength(40);
    const stock = await cloud.api<{ onHand: number; reserved: number; available: number }>(
      `/fulfilment/v1/inventory/${productId}`,
      { as: ADMIN },
    );
    expect(stock.body).toMatchObject({ onHand: 10, reserved: 10, available: 0 });

    // One of the winners ships: its units leave the shelf and the reservation.
    const winner = outcomes().find((e) => e.type === 'tbs.fulfilment.ShipmentCreated.v1')?.subject as string;
    const dispatched = await cloud.api(`/fulfilment/v1/shipments/${winner}/dispatch`, {
      method: 'POST',
      as: ADMIN,
      body: { carrier: 'NZ Post', trackingNumber: 'NZ123456789' },
    });
    expect(dispatched.status).toBe(200);
    expect(validateGetShipmentResponse200(dispatched.body)).toBe(true);
    const after = await cloud.api(`/fulfilment/v1/inventory/${productId}`, { as: ADMIN });
    expect(after.body).toMatchObject({ onHand: 9, reserved: 9, available: 0 });
    const delivered = await cloud.api<{ status: string }>(`/fulfilment/v1/shipments/${winner}/deliver`, {
      method: 'POST',
      as: ADMIN,
    });
    expect([delivered.status, delivered.body.status]).toEqual([200, 'DELIVERED']);
  }, 150_000);
});
