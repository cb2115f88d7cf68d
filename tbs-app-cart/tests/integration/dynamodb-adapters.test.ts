import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartVersionConflictError } from '../../src/application/ports/cart-repository';
import type { ProductSnapshot } from '../../src/application/ports/catalogue-projection';
import { Cart } from '../../src/domain/cart';
import { DynamoDbCartRepository } from '../../src/infrastructure/dynamodb-cart-repository';
import { DynamoDbCatalogueProjection } from '../../src/infrastructure/dynamodb-catalogue-projection';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { createCartTable } from '../fixtures/cart-table';
import { anItem, CUSTOMER, EBOOK_ID, SENCHA_ID, TEAPOT_ID, UNKNOWN_ID } from '../fixtures/catalogue';

const TABLE = 'tbs-app-cart-adapters';
const REGION = 'ap-southeast-2';
const T0 = new Date('2026-02-10T20:00:00Z');

const snapshot = (overrides: Partial<ProductSnapshot> = {}): ProductSnapshot => ({
  productId: SENCHA_ID,
  version: 1,
  sku: 'TEA-SENCHA-100',
  name: 'Green Sencha 100 g',
  kind: 'physical',
  unitPrice: 1850,
  currency: 'NZD',
  archived: false,
  ...overrides,
});

describe('DynamoDB adapters of the cart (dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let carts: DynamoDbCartRepository;
  let catalogue: DynamoDbCatalogueProjection;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    await createCartTable(new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials }), TABLE);
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    carts = new DynamoDbCartRepository(documents, TABLE);
    catalogue = new DynamoDbCatalogueProjection(documents, TABLE);
  });

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  it('stores a cart with its lines in order, a version and a TTL 30 days after the change (epoch seconds)', async () => {
    const cart = Cart.empty(CUSTOMER, T0);
    cart.setQuantity(SENCHA_ID, 2, anItem(), T0);
    cart.setQuantity(EBOOK_ID, 1, anItem({ productId: EBOOK_ID, kind: 'digital', availableQuantity: null }), T0);
    await carts.save(cart);
    const found = await carts.find(CUSTOMER);
    expect(found?.lines).toEqual(cart.lines);
    expect(found?.version).toBe(1);
    const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { pk: `CART#${CUSTOMER}` } }));
    expect(Item?.expiresAt).toBe(Date.parse('2026-03-12T20:00:00Z') / 1000);
  });

  it('refuses to overwrite a cart another writer stored since it was read', async () => {
    const first = await carts.find(CUSTOMER);
    const second = await carts.find(CUSTOMER);
    if (!first || !second) throw new Error('cart missing');
    first.removeLine(SENCHA_ID, T0);
    await carts.save(first);
    second.clear(T0);
    await expect(carts.save(second)).rejects.toBeInstanceOf(CartVersionConflictError);
    // A second "first cart" for the same customer (two tabs creating it at once) cannot replace the stored one.
    const duplicate = Cart.empty(CUSTOMER, T0);
    duplicate.setQuantity(SENCHA_ID, 1, anItem(), T0);
    await expect(carts.save(duplicate)).rejects.toBeInstanceOf(CartVersionConflictError);
    expect((await carts.find(CUSTOMER))?.lines.map((l) => l.productId)).toEqual([EBOOK_ID]);
  });

  it('keeps the newest product snapshot whatever order the versions arrive in', async () => {
    expect(await catalogue.recordProduct(snapshot({ productId: TEAPOT_ID, version: 3, name: 'v3' }))).toBe(true);
    expect(await catalogue.recordProduct(snapshot({ productId: TEAPOT_ID, version: 1, name: 'v1' }))).toBe(false);
    expect(await catalogue.recordProduct(snapshot({ productId: TEAPOT_ID, version: 3, name: 'v3 again' }))).toBe(false);
    expect((await catalogue.find([TEAPOT_ID])).get(TEAPOT_ID)?.name).toBe('v3');
    expect(await catalogue.recordProduct(snapshot({ productId: TEAPOT_ID, version: 4, archived: true }))).toBe(true);
    expect((await catalogue.find([TEAPOT_ID])).get(TEAPOT_ID)?.archived).toBe(true);
  });

  it('keeps stock and product versions apart; stock that arrives first is shown once the product is known', async () => {
    expect(await catalogue.recordStock({ productId: SENCHA_ID, version: 7, available: 42 })).toBe(true);
    expect((await catalogue.find([SENCHA_ID])).has(SENCHA_ID)).toBe(false);
    expect(await catalogue.recordProduct(snapshot())).toBe(true);
    expect(await catalogue.recordStock({ productId: SENCHA_ID, version: 6, available: 1 })).toBe(false);
    expect((await catalogue.find([SENCHA_ID, UNKNOWN_ID])).get(SENCHA_ID)).toEqual(anItem({ availableQuantity: 42 }));
  });

  it('reports a physical product with no stock report yet as 0 available, a digital one as null', async () => {
    await catalogue.recordProduct(snapshot({ productId: EBOOK_ID, kind: 'digital' }));
    await catalogue.recordProduct(snapshot({ productId: UNKNOWN_ID }));
    const found = await catalogue.find([EBOOK_ID, UNKNOWN_ID]);
    expect(found.get(EBOOK_ID)?.availableQuantity).toBeNull();
    expect(found.get(UNKNOWN_ID)?.availableQuantity).toBe(0);
  });
});
