import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../../src/runtime';

// dynalite ships no types; a local signature avoids an ambient module declaration other packages might also add.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;

const TABLE = 'tbs-idempotency';
let server: Server;
let client: DynamoDBClient;
let clock = Date.parse('2026-11-22T03:00:00Z');
let sequence = 0;

const store = (consumer = 'fulfilment-order-paid') =>
  new DynamoDbIdempotencyStore({
    client,
    tableName: TABLE,
    consumer,
    leaseSeconds: 60,
    retentionSeconds: 3600,
    now: () => clock,
  });
const eventId = () => `01JBX3K5Q9ZJ7Y8V6W4T2R0P${String(sequence++).padStart(2, '0')}`;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    region: 'ap-southeast-2',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describe('DynamoDbIdempotencyStore (against dynalite)', () => {
  it('claims a new event once; a concurrent claim sees it in progress, a later one sees it done', async () => {
    const id = eventId();
    const [first, second] = await Promise.all([store().begin(id), store().begin(id)]);
    expect([first, second].sort()).toEqual(['in_progress', 'new']);
    // Completion is recorded by event id, so another instance (a warm container) may record it.
    await store().complete(id);
    expect(await store().begin(id)).toBe('done');
  });

  it('writes the documented item: pk, status and a TTL expiresAt in epoch seconds', async () => {
    const id = eventId();
    const s = store();
    await s.begin(id);
    const claimed = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `EVENT#fulfilment-order-paid#${id}` } } }),
    );
    expect(claimed.Item?.status?.S).toBe('IN_PROGRESS');
    await s.complete(id);
    const done = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: s.keyOf(id) } } }));
    expect(done.Item?.status?.S).toBe('DONE');
    expect(Number(done.Item?.expiresAt?.N)).toBe(Math.floor(clock / 1000) + 3600);
  });

  it('releases a failed claim so the retry can claim it', async () => {
    const id = eventId();
    const s = store();
    expect(await s.begin(id)).toBe('new');
    await s.release(id);
    expect(await store().begin(id)).toBe('new');
  });

  it('lets a crashed claim be taken over once its lease has run out', async () => {
    const id = eventId();
    const crashed = store();
    expect(await crashed.begin(id)).toBe('new');
    expect(await store().begin(id)).toBe('in_progress');
    clock += 61_000;
    const successor = store();
    expect(await successor.begin(id)).toBe('new');
    // The late original must not release the successor's claim.
    await crashed.release(id);
    expect(await store().begin(id)).toBe('in_progress');
    await successor.complete(id);
    expect(await store().begin(id)).toBe('done');
  });

  it('never releases a completed event', async () => {
    const id = eventId();
    const s = store();
    await s.begin(id);
    await s.complete(id);
    await s.release(id);
    expect(await store().begin(id)).toBe('done');
  });

  it('forgets handled events after the retention period even before TTL deletes them', async () => {
    const id = eventId();
    const s = store();
    await s.begin(id);
    await s.complete(id);
    clock += 3601_000;
    expect(await store().begin(id)).toBe('new');
  });

  it('keeps separate records per consumer of the same event', async () => {
    const id = eventId();
    const fulfilment = store('fulfilment-order-paid');
    await fulfilment.begin(id);
    await fulfilment.complete(id);
    expect(await store('customer-order-paid').begin(id)).toBe('new');
  });
});
