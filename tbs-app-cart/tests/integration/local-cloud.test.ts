import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { validateGetCartResponse200 } from '@tbs/contracts/validators';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENCHA_ID } from '../fixtures/catalogue';
import { orderPaidEvent, productEvent, stockEvent } from '../fixtures/cloud-events';

type CartBody = { customerId: string; lines: { productId: string; quantity: number }[]; totals: { gross: number } };

/**
 * The cart stack as the local cloud runs it from template.yaml: Cognito-authorised gateway routes under /cart/v1,
 * the built bundles, and the events queue with its event-source mapping. Events are published on the topics of
 * tbs-devops-events as their producers publish them (CloudEvent body, `type` attribute), so the cart's
 * subscriptions, filter policies and raw delivery are what brings them to the queue.
 */
describe('cart stack on the local cloud', () => {
  let cloud: TestCloud;
  let sns: SNSClient;
  let topics: Record<string, string>;

  const TOPIC_OF: Record<string, string> = {
    'tbs-app-product': 'ProductTopicArn',
    'tbs-app-fulfilment': 'FulfilmentTopicArn',
    'tbs-app-order': 'OrderTopicArn',
  };
  const publish = (event: { source: string; type: string }) =>
    sns.send(
      new PublishCommand({
        TopicArn: topics[TOPIC_OF[event.source] ?? ''],
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );

  async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    cloud = await startTestCloud({ stacks: ['cart'] });
    topics = cloud.cloud.outputs('tbs-devops-events');
    sns = new SNSClient({
      region: cloud.awsEnv.AWS_REGION ?? 'ap-southeast-2',
      endpoint: cloud.endpoints.sns,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, 180_000);

  afterAll(async () => {
    sns?.destroy();
    cloud?.close();
    await cloud?.stop();
  });

  it('fills a cart from projected events, keeps it to its owner and empties it when the order is paid', async () => {
    await publish(productEvent('ProductCreated', { productId: SENCHA_ID, version: 1 }));
    await publish(stockEvent(SENCHA_ID, 1, 10));
    await cloud.createUser({ email: 'aroha@example.com', name: 'Aroha Ngata' });
    await cloud.createUser({ email: 'rangi@example.com', name: 'Rangi Parata' });

    const put = await eventually(
      () =>
        cloud.api<CartBody>(`/cart/v1/cart/lines/${SENCHA_ID}`, {
          method: 'PUT',
          as: 'aroha@example.com',
          body: { quantity: 2 },
        }),
      (response) => response.status === 200,
    );
    expect(put.status).toBe(200);
    expect(put.body.totals.gross).toBe(4255);

    const mine = await cloud.api<CartBody>('/cart/v1/cart', { as: 'aroha@example.com' });
    expect(validateGetCartResponse200(mine.body)).toBe(true);
    expect(mine.body.lines).toEqual([expect.objectContaining({ productId: SENCHA_ID, quantity: 2 })]);
    expect((await cloud.api<CartBody>('/cart/v1/cart', { as: 'rangi@example.com' })).body.lines).toEqual([]);
    expect((await cloud.api('/cart/v1/cart')).status).toBe(401);

    const placedAt = new Date(Date.now() + 1000).toISOString();
    await publish(orderPaidEvent(mine.body.customerId, [SENCHA_ID], placedAt));
    const after = await eventually(
      () => cloud.api<CartBody>('/cart/v1/cart', { as: 'aroha@example.com' }),
      (response) => response.body.lines.length === 0,
    );
    expect(after.body.lines).toEqual([]);
  }, 90_000);
});
