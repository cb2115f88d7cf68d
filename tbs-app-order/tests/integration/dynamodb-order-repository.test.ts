import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudEvent } from '@tbs/contracts/runtime';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/domain/order';
import { priceOrder } from '../../src/domain/pricing';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbOrderRepository } from '../../src/infrastructure/dynamodb-order-repository';
import { ADDRESS, CUSTOMER, OTHER_CUSTOMER, TEA } from '../fixtures/catalogue';
import { createTableFromTemplate } from '../fixtures/order-tables';

const TABLE = 'tbs-app-order-test-repository';
const catalogue = new Map([[TEA.productId, TEA]]);

function newOrder(customerId: string, placedAt: Date): Order {
  return Order.place(
    {
      id: ulid(placedAt.getTime()),
      customerId,
      receiptEmail: 'x@example.com',
      priced: priceOrder([{ productId: TEA.productId, quantity: 1 }], catalogue, 'STANDARD', true),
      deliveryAddress: ADDRESS,
    },
    placedAt,
  );
}

describe('DynamoDbOrderRepository (DynamoDB stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;
  let repository: DynamoDbOrderRepository;
  let published: CloudEvent[] = [];
  let keys = 0;
  const attemptFor = (order: Order) => ({
    customerId: order.customerId,
    key: `repo-key-${++keys}`,
    fingerprint: 'f',
    orderId: order.id,
  });

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    client = new DynamoDBClient({
      region: 'ap-southeast-2',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTableFromTemplate(client, 'OrdersTable', TABLE);
    repository = new DynamoDbOrderRepository(documentClientOf(client), TABLE, {
      publishCommitted: async (events) => {
        published.push(...events);
      },
    });
  }, 30_000);

  afterAll(async () => {
    await dynamo?.stop();
  });

  it('two writers loaded at the same version: the second loses and nothing of it is stored or published', async () => {
    const order = newOrder(CUSTOMER.customerId, new Date('2026-02-01T00:00:00Z'));
    await repository.create(order, attemptFor(order));
    const first = (await repository.get(order.id)) as Order;
    const second = (await repository.get(order.id)) as Order;
    first.attachPaymentIntent('pi_first', new Date());
    second.attachPaymentIntent('pi_second', new Date());
    published = [];
    await repository.save(first);
    await expect(repository.save(second)).rejects.toMatchObject({ code: 'ORDER_CHANGED_CONCURRENTLY' });
    expect((await repository.get(order.id))?.paymentIntentId).toBe('pi_first');
    expect(published.map((e) => e.type)).toEqual(['tbs.order.OrderPlaced.v1']);
    // The outbox item of the winner is written in the same transaction (the relay would publish it after a crash).
    const { Items = [] } = await documentClientOf(client).send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OUTBOX' },
      }),
    );
    expect(Items.map((item) => item.eventType)).toContain('tbs.order.OrderPlaced.v1');
  });

  it('a second create with the same checkout key is reported, not stored', async () => {
    const order = newOrder(CUSTOMER.customerId, new Date());
    const attempt = attemptFor(order);
    expect(await repository.create(order, attempt)).toBe('created');
    const twin = newOrder(CUSTOMER.customerId, new Date());
    expect(await repository.create(twin, { ...attempt, orderId: twin.id })).toBe('attempt_exists');
    expect(await repository.get(twin.id)).toBeUndefined();
    expect(await repository.findAttempt(CUSTOMER.customerId, attempt.key)).toMatchObject({ orderId: order.id });
  });

  it("lists a customer's orders since a date, newest first, page by page", async () => {
    const customerId = '0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    const dates = ['2025-01-01', '2026-01-05', '2026-01-10', '2026-01-20'].map((d) => new Date(`${d}T00:00:00Z`));
    const created = [];
    for (const date of dates) {
      const order = newOrder(customerId, date);
      await repository.create(order, attemptFor(order));
      created.push(order.id);
    }
    const other = newOrder(OTHER_CUSTOMER.customerId, new Date('2026-01-15T00:00:00Z'));
    await repository.create(other, attemptFor(other));

    const since = new Date('2026-01-01T00:00:00Z');
    const first = await repository.listByCustomer(customerId, since, { limit: 2 });
    expect(first.orders.map((o) => o.id)).toEqual([created[3], created[2]]);
    const second = await repository.listByCustomer(customerId, since, {
      limit: 2,
      ...(first.next ? { after: first.next } : {}),
    });
    expect(second.orders.map((o) => o.id)).toEqual([created[1]]);

    const byStatus = await repository.listAll('PENDING_PAYMENT', { limit: 100 });
    expect(byStatus.orders.map((o) => o.id)).toEqual(expect.arrayContaining([...created, other.id]));
    expect(byStatus.orders.every((o) => o.status === 'PENDING_PAYMENT')).toBe(true);
  });
});
