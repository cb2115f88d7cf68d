import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cart } from '../../src/domain/cart';
import { DynamoDbCartRepository } from '../../src/infrastructure/dynamodb-cart-repository';
import { DynamoDbCatalogueProjection } from '../../src/infrastructure/dynamodb-catalogue-projection';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { createCartTable } from '../fixtures/cart-table';
import { anItem, CUSTOMER, EBOOK_ID, ebook, OTHER_CUSTOMER, SENCHA_ID, TEAPOT_ID } from '../fixtures/catalogue';
import { orderPaidEvent, productEvent, sqsBatch, stockEvent } from '../fixtures/cloud-events';

const TABLE = 'tbs-app-cart-consumer';
const MINUTE = 60_000;
const REGION = 'ap-southeast-2';

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

describe('cart events consumer (SQS batches of CloudEvents, dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let catalogue: DynamoDbCatalogueProjection;
  let carts: DynamoDbCartRepository;
  let handler: Handler;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('TAX_RATE', '0.15');
    vi.stubEnv('CURRENCY', 'NZD');
    vi.stubEnv('EVENT_LEASE_SECONDS', '15');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    await createCartTable(new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint }), TABLE);
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint });
    catalogue = new DynamoDbCatalogueProjection(documents, TABLE);
    carts = new DynamoDbCartRepository(documents, TABLE);
    ({ handler } = (await import('../../src/handlers/sqs/cart-events')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    documents?.destroy();
    await dynamo?.stop();
  });

  it('builds the projection from product and stock events', async () => {
    const result = await handler(
      sqsBatch(productEvent('ProductCreated', { productId: SENCHA_ID, version: 1 }), stockEvent(SENCHA_ID, 1, 42)),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect((await catalogue.find([SENCHA_ID])).get(SENCHA_ID)).toEqual(anItem({ availableQuantity: 42 }));
  });

  it('ignores older versions arriving late, in the same batch or a later one', async () => {
    const result = await handler(
      sqsBatch(
        productEvent('ProductUpdated', { productId: TEAPOT_ID, version: 3, name: 'Teapot v3', amount: 4500 }),
        productEvent('ProductCreated', { productId: TEAPOT_ID, version: 1, name: 'Teapot v1', amount: 3000 }),
        stockEvent(TEAPOT_ID, 5, 7),
        stockEvent(TEAPOT_ID, 4, 99),
      ),
    );
    expect(result.batchItemFailures).toEqual([]);
    await handler(sqsBatch(productEvent('ProductUpdated', { productId: TEAPOT_ID, version: 2, name: 'Teapot v2' })));
    expect((await catalogue.find([TEAPOT_ID])).get(TEAPOT_ID)).toMatchObject({
      name: 'Teapot v3',
      unitPrice: 4500,
      availableQuantity: 7,
      archived: false,
    });
    await handler(sqsBatch(productEvent('ProductArchived', { productId: TEAPOT_ID, version: 4 })));
    expect((await catalogue.find([TEAPOT_ID])).get(TEAPOT_ID)?.archived).toBe(true);
  });

  it('handles a redelivered event once (idempotent on the event id)', async () => {
    // The consumer runs on the real clock, so the cart must be recent (an abandoned one reads as expired).
    const setAt = new Date(Date.now() - 10 * MINUTE);
    const paid = orderPaidEvent(CUSTOMER, [EBOOK_ID], new Date(Date.now() - 5 * MINUTE).toISOString());
    const cart = Cart.empty(CUSTOMER, setAt);
    cart.setQuantity(EBOOK_ID, 1, ebook(), setAt);
    await carts.save(cart);
    expect((await handler(sqsBatch(paid, paid))).batchItemFailures).toEqual([]);
    expect((await carts.find(CUSTOMER))?.lines).toEqual([]);
    // A line dated before the order (as if never removed): handling the same OrderPaid again would remove it.
    const refilled = await carts.find(CUSTOMER);
    refilled?.setQuantity(EBOOK_ID, 1, ebook(), setAt);
    if (refilled) await carts.save(refilled);
    expect((await handler(sqsBatch(paid))).batchItemFailures).toEqual([]);
    expect((await carts.find(CUSTOMER))?.lines).toHaveLength(1);
  });

  it('OrderPaid empties only its buyer cart', async () => {
    const at = new Date(Date.now() - 10 * MINUTE);
    for (const customerId of [CUSTOMER, OTHER_CUSTOMER]) {
      const cart = (await carts.find(customerId)) ?? Cart.empty(customerId, at);
      cart.setQuantity(SENCHA_ID, 2, anItem(), at);
      await carts.save(cart);
    }
    const placedAt = new Date(Date.now() - 5 * MINUTE).toISOString();
    const result = await handler(sqsBatch(orderPaidEvent(CUSTOMER, [SENCHA_ID, EBOOK_ID], placedAt)));
    expect(result.batchItemFailures).toEqual([]);
    expect((await carts.find(CUSTOMER))?.lines).toEqual([]);
    expect((await carts.find(OTHER_CUSTOMER))?.lines).toHaveLength(1);
  });

  it('reports invalid and unknown events as batch item failures so they reach the DLQ, and handles the rest', async () => {
    const invalid = stockEvent(SENCHA_ID, 2, 5);
    (invalid.data as { available: unknown }).available = -3;
    const unknownType = { ...stockEvent(SENCHA_ID, 2, 5), type: 'tbs.fulfilment.ShipmentCreated.v1' };
    const batch = sqsBatch('not json', invalid, unknownType, stockEvent(SENCHA_ID, 3, 40));
    const result = await handler(batch);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      batch.Records.slice(0, 3).map((record) => record.messageId),
    );
    expect((await catalogue.find([SENCHA_ID])).get(SENCHA_ID)?.availableQuantity).toBe(40);
  });
});
