import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assertCloudEvent, type CloudEvent } from '@tbs/contracts/runtime';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelShipment } from '../../src/application/cancel-shipment';
import { DispatchShipment } from '../../src/application/dispatch-shipment';
import { FulfilPaidOrder } from '../../src/application/fulfil-paid-order';
import { SetStockOnHand } from '../../src/application/set-stock-on-hand';
import { ConcurrentUpdateError } from '../../src/domain/fulfilment-errors';
import { Inventory } from '../../src/domain/inventory';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbFulfilmentRepository } from '../../src/infrastructure/dynamodb-fulfilment-repository';
import { FULFILMENT_EVENT_VALIDATORS } from '../../src/infrastructure/fulfilment-event-validators';
import { FixedClock, RecordingDownloadLinks } from '../fixtures/fakes';
import { createTableFromTemplate, outboxEvents } from '../fixtures/fulfilment-tables';
import { ebookLine, paidOrder, teaLine } from '../fixtures/paid-orders';

const TABLE = 'tbs-app-fulfilment-test';
const REGION = 'ap-southeast-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const ctx = { correlationId: 'corr-int' };
const ulids = { next: () => ulid() };

describe('DynamoDbFulfilmentRepository (DynamoDB stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbFulfilmentRepository;
  const published: CloudEvent[] = [];
  const clock = new FixedClock();

  const outbox = () => outboxEvents(documents, TABLE);

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createTableFromTemplate(client, 'FulfilmentTable', TABLE);
    documents = documentClientOf(client);
    repository = new DynamoDbFulfilmentRepository(documents, TABLE, {
      publishCommittedTogether: async (events) => {
        published.push(...events);
      },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('stores stock with its event in the outbox, valid against the published schema', async () => {
    const productId = ulid();
    const before = (await outbox()).length;
    await new SetStockOnHand(repository, clock).execute(productId, 7, undefined, ctx);
    const stored = await repository.findInventory(productId);
    expect([stored?.onHand, stored?.reserved, stored?.available, stored?.version]).toEqual([7, 0, 7, 1]);
    const written = (await outbox()).slice(before);
    expect(written).toHaveLength(1);
    const event = assertCloudEvent(written[0], FULFILMENT_EVENT_VALIDATORS);
    expect(event).toMatchObject({
      type: 'tbs.fulfilment.StockLevelChanged.v1',
      source: 'tbs-app-fulfilment',
      subject: productId,
      correlationid: 'corr-int',
      data: { productId, onHand: 7, available: 7, version: 1, reason: 'ADJUSTED' },
    });
    expect(published.map((e) => e.id)).toContain(event.id);
  });

  it('refuses a write based on a stale read and writes nothing of it', async () => {
    const productId = ulid();
    await repository.commit({ inventories: [Inventory.create(productId, 5, clock.now().toISOString())] }, ctx);
    const first = (await repository.findInventory(productId)) as Inventory;
    const second = (await repository.findInventory(productId)) as Inventory;
    first.reserve(2, clock.now().toISOString());
    await repository.commit({ inventories: [first] }, ctx);
    second.reserve(5, clock.now().toISOString());
    const outboxBefore = (await outbox()).length;
    await expect(repository.commit({ inventories: [second] }, ctx)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect((await repository.findInventory(productId))?.reserved).toBe(2);
    expect((await outbox()).length).toBe(outboxBefore);
    await expect(
      repository.commit({ inventories: [Inventory.create(productId, 1, clock.now().toISOString())] }, ctx),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });

  it('oversell is impossible: 50 concurrent paid orders for the last 10 units reserve exactly 10', async () => {
    const tea = ulid();
    await new SetStockOnHand(repository, clock).execute(tea, 10, undefined, ctx);
    const fulfil = new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, ulids);
    const orders = Array.from({ length: 50 }, () => paidOrder(ulid(), [{ ...teaLine(1), productId: tea }]));
    const results = await Promise.all(orders.map((order) => fulfil.execute(order, ctx)));
    expect(results.filter((r) => r === 'SHIPMENT_CREATED')).toHaveLength(10);
    expect(results.filter((r) => r === 'FAILED')).toHaveLength(40);
    expect(await repository.findInventory(tea)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    const shipments = await Promise.all(orders.map((order) => repository.findShipment(order.orderId)));
    expect(shipments.filter(Boolean)).toHaveLength(10);
    const mine = (await outbox()).filter((e) => orders.some((o) => o.orderId === e.subject) || e.subject === tea);
    for (const event of mine) assertCloudEvent(event, FULFILMENT_EVENT_VALIDATORS);
    expect(mine.filter((e) => e.type === 'tbs.fulfilment.ShipmentCreated.v1')).toHaveLength(10);
    expect(mine.filter((e) => e.type === 'tbs.fulfilment.FulfilmentFailed.v1')).toHaveLength(40);
    // One ADJUSTED plus one RESERVED per winning order, with versions 1..11 and no gaps or repeats.
    const versions = mine
      .filter((e) => e.type === 'tbs.fulfilment.StockLevelChanged.v1')
      .map((e) => (e.data as { version: number }).version)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  }, 60_000);

  it('the largest legal order (50 lines, 49 distinct physical products and a download) reserves, cancels and dispatches atomically', async () => {
    const products = Array.from({ length: 49 }, () => ulid());
    for (const productId of products) await new SetStockOnHand(repository, clock).execute(productId, 4, undefined, ctx);
    const lines = [...products.map((productId) => ({ ...teaLine(2), productId })), ebookLine()];
    const fulfil = new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, ulids);
    const cancelled = paidOrder(ulid(), lines);
    published.length = 0;
    expect(await fulfil.execute(cancelled, ctx)).toBe('SHIPMENT_CREATED');
    const stock = await repository.findInventories(products);
    expect([...stock.values()].map((inventory) => inventory.reserved)).toEqual(products.map(() => 2));
    // Every fact of the reservation was written and handed to the relay: the shipment, the download, 49 stock levels.
    expect(published.map((event) => event.type).sort()).toEqual(
      [
        'tbs.fulfilment.DigitalGoodsReady.v1',
        'tbs.fulfilment.ShipmentCreated.v1',
        ...products.map(() => 'tbs.fulfilment.StockLevelChanged.v1'),
      ].sort(),
    );
    for (const event of published) assertCloudEvent(event, FULFILMENT_EVENT_VALIDATORS);
    const outboxIds = new Set((await outbox()).map((event) => event.id));
    expect(published.every((event) => outboxIds.has(event.id))).toBe(true);

    // Cancelling releases every product in one transaction, too.
    expect(await new CancelShipment(repository, clock).execute(cancelled.orderId, ctx)).toBe('cancelled');
    expect([...(await repository.findInventories(products)).values()].map((i) => i.reserved)).toEqual(
      products.map(() => 0),
    );

    // And so does dispatching a shipment of fifty distinct products.
    const fifty = [...products, ulid()];
    await new SetStockOnHand(repository, clock).execute(fifty[49] as string, 4, undefined, ctx);
    const shipped = paidOrder(
      ulid(),
      fifty.map((productId) => ({ ...teaLine(1), productId })),
    );
    expect(await fulfil.execute(shipped, ctx)).toBe('SHIPMENT_CREATED');
    await new DispatchShipment(repository, clock).execute(shipped.orderId, 'NZ Post', 'NZ123456789', ctx);
    const after = await repository.findInventories(fifty);
    expect(fifty.map((productId) => [after.get(productId)?.onHand, after.get(productId)?.reserved])).toEqual(
      fifty.map(() => [3, 0]),
    );
  }, 60_000);

  it('a paid order delivered twice at once creates one shipment and reserves once', async () => {
    const tea = ulid();
    await new SetStockOnHand(repository, clock).execute(tea, 10, undefined, ctx);
    const fulfil = new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, ulids);
    const order = paidOrder(ulid(), [{ ...teaLine(3), productId: tea }]);
    const results = await Promise.all([fulfil.execute(order, ctx), fulfil.execute(order, ctx)]);
    expect(results.sort()).toEqual(['ALREADY_HANDLED', 'SHIPMENT_CREATED']);
    expect((await repository.findInventory(tea))?.reserved).toBe(3);
  });

  it('lists shipments by status, oldest first, page by page; a forged cursor is a 400', async () => {
    const tea = ulid();
    await new SetStockOnHand(repository, clock).execute(tea, 100, undefined, ctx);
    const fulfil = new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, ulids);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      const orderId = ulid();
      ids.push(orderId);
      await fulfil.execute(paidOrder(orderId, [{ ...teaLine(1), productId: tea }]), ctx);
    }
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listShipments({ status: 'READY', limit: 2, ...(cursor && { cursor }) });
      all.push(...page.items.map((s) => s.orderId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.filter((id) => ids.includes(id))).toEqual(ids);
    const none = await repository.listShipments({ status: 'DELIVERED', limit: 10 });
    expect(none.items.filter((s) => ids.includes(s.orderId))).toEqual([]);
    const forged = Buffer.from(JSON.stringify({ pk: 'PRODUCT#x', sk: 'INVENTORY' })).toString('base64url');
    await expect(repository.listShipments({ limit: 2, cursor: forged })).rejects.toMatchObject({ status: 400 });
  });
});
