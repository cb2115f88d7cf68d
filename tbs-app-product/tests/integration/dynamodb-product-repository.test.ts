import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudEvent } from '@tbs/contracts/runtime';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { Product } from '../../src/domain/product';
import { ProductVersionConflictError, SkuAlreadyExistsError } from '../../src/domain/product-errors';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { aProduct, newProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const TABLE = 'tbs-app-product-test-products';
const REGION = 'ap-southeast-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LATER = new Date('2026-03-01T00:00:00Z');

let sequence = 0;
/** A product with its own id and SKU, so tests sharing the table never collide. */
const fresh = (overrides: Parameters<typeof aProduct>[0] = {}) => {
  sequence += 1;
  return aProduct({ id: ulid(), sku: `SKU-${sequence}`, ...overrides });
};

describe('DynamoDbProductRepository (DynamoDB stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbProductRepository;
  const published: CloudEvent[] = [];

  const outbox = async () => {
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OUTBOX' },
      }),
    );
    return Items.map((item) => JSON.parse(String(item.event)) as CloudEvent);
  };

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createProductsTable(client, TABLE);
    client.destroy();
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    repository = new DynamoDbProductRepository(documents, TABLE, {
      publishCommitted: async (events) => {
        published.push(...events);
      },
    });
  });

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  it('stores a new product and reads it back unchanged', async () => {
    const product = fresh();
    await repository.save(product, { correlationId: 'c-1' });
    expect((await repository.findById(product.id))?.toSnapshot()).toEqual(product.toSnapshot());
    expect(await repository.findById(ulid())).toBeUndefined();
  });

  it('writes the event into the outbox in the same transaction and hands it to the relay after the commit', async () => {
    const product = fresh();
    await repository.save(product, { correlationId: 'c-created' });
    const event = published.find((candidate) => candidate.subject === product.id);
    expect(event).toMatchObject({
      type: 'tbs.product.ProductCreated.v1',
      source: 'tbs-app-product',
      correlationid: 'c-created',
      data: { productId: product.id, version: 1, sku: product.sku, status: 'active' },
    });
    expect((await outbox()).map((stored) => stored.id)).toContain(event?.id);
  });

  it('refuses the same product twice and a SKU another product has, writing no event for either', async () => {
    const product = fresh();
    await repository.save(product);
    const before = (await outbox()).length;
    await expect(repository.save(aProduct({ id: product.id, sku: 'OTHER-SKU-1' }))).rejects.toBeInstanceOf(
      ProductVersionConflictError,
    );
    await expect(repository.save(aProduct({ id: ulid(), sku: product.sku }))).rejects.toBeInstanceOf(
      SkuAlreadyExistsError,
    );
    expect((await outbox()).length).toBe(before);
    expect((await repository.findBySkus([product.sku])).get(product.sku)?.id).toBe(product.id);
  });

  it('lets only one of two concurrent changes of the same version win', async () => {
    const product = fresh();
    await repository.save(product);
    const first = (await repository.findById(product.id)) as Product;
    const second = (await repository.findById(product.id)) as Product;
    first.archive(new Date('2026-03-01T00:00:00Z'));
    second.archive(new Date('2026-03-02T00:00:00Z'));
    const results = await Promise.allSettled([repository.save(first), repository.save(second)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await repository.findById(product.id))?.version).toBe(2);
  });

  it('frees the old SKU when a product changes its SKU', async () => {
    const product = fresh();
    await repository.save(product);
    const loaded = (await repository.findById(product.id)) as Product;
    const oldSku = loaded.sku;
    loaded.update({ ...newProduct(), sku: `${oldSku}-NEW` }, LATER);
    await repository.save(loaded);
    await repository.save(fresh({ sku: oldSku }));
    expect((await repository.findBySkus([oldSku, `${oldSku}-NEW`])).size).toBe(2);
  });

  it('lists a category in name order without archived products, page by page', async () => {
    const names = ['Zen and Tea', 'Ärt of Brewing', 'mugs Through Time', 'Brewing Basics', 'Oolong Odyssey'];
    const products = names.map((name) => fresh({ name, category: 'list-books' }));
    for (const product of products) await repository.save(product);
    const archived = products[2] as Product;
    archived.archive(LATER);
    await repository.save(archived);

    const first = await repository.list({ category: 'list-books', limit: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['Ärt of Brewing', 'Brewing Basics']);
    // A write between pages (a product sorting before the cursor) neither repeats nor skips anything.
    await repository.save(fresh({ name: 'Aardvark Tea', category: 'list-books' }));
    const second = await repository.list({ category: 'list-books', limit: 2, after: first.next });
    expect(second.items.map((p) => p.name)).toEqual(['Oolong Odyssey', 'Zen and Tea']);
    const third = await repository.list({ category: 'list-books', limit: 2, after: second.next });
    expect(third.items).toEqual([]);
    expect((await repository.findById(archived.id))?.status).toBe('archived');
  });

  it('finds products by words of name, category and description, all words required, accents ignored', async () => {
    const sencha = fresh({
      name: 'Crème Sencha',
      category: 'search-tea',
      description: 'Vaporised leaves from Shizuoka',
    });
    const matcha = fresh({ name: 'Ceremonial Matcha', category: 'search-tea', description: 'Stone ground' });
    const kettle = fresh({ name: 'Gooseneck Kettle', category: 'search-gear', description: 'For vaporised milk too' });
    for (const product of [sencha, matcha, kettle]) await repository.save(product);

    const ids = async (words: string[], category?: string) =>
      (await repository.list({ words, limit: 10, ...(category ? { category } : {}) })).items.map((p) => p.id);
    expect(await ids(['creme'])).toEqual([sencha.id]);
    expect(await ids(['shizuoka'])).toEqual([sencha.id]);
    expect(await ids(['vaporised'])).toEqual([sencha.id, kettle.id]);
    expect(await ids(['vaporised', 'leaves'])).toEqual([sencha.id]);
    expect(await ids(['vaporised'], 'search-gear')).toEqual([kettle.id]);
    expect(await ids(['gear'])).toEqual([kettle.id]);

    matcha.archive(LATER);
    await repository.save(matcha);
    expect(await ids(['ceremonial'])).toEqual([]);
    const renamed = (await repository.findById(sencha.id)) as Product;
    renamed.update({ ...newProduct(), sku: renamed.sku, name: 'Kabuse Sencha', category: 'search-tea' }, LATER);
    await repository.save(renamed);
    expect(await ids(['creme'])).toEqual([]);
    expect(await ids(['kabuse'])).toEqual([sencha.id]);
  });

  it('pages through keyword results with a cursor', async () => {
    const products = Array.from({ length: 7 }, (_, index) =>
      fresh({ name: `Pagination Item ${String.fromCharCode(65 + index)}`, category: 'search-pages' }),
    );
    for (const product of products) await repository.save(product);
    const seen: string[] = [];
    let page = await repository.list({ words: ['pagination'], limit: 3 });
    seen.push(...page.items.map((p) => p.name));
    while (page.next) {
      page = await repository.list({ words: ['pagination'], limit: 3, after: page.next });
      seen.push(...page.items.map((p) => p.name));
    }
    expect(seen).toEqual(products.map((p) => p.name));
  });

  it('counts active products per category as they are created, moved and archived', async () => {
    const a = fresh({ category: 'count-a' });
    const b = fresh({ category: 'count-a' });
    await repository.save(a);
    await repository.save(b);
    const moved = (await repository.findById(b.id)) as Product;
    moved.update({ ...newProduct(), sku: moved.sku, category: 'count-b' }, LATER);
    await repository.save(moved);
    const counts = async () =>
      (await repository.categories()).filter((c) => c.slug.startsWith('count-')).map((c) => [c.slug, c.productCount]);
    expect(await counts()).toEqual([
      ['count-a', 1],
      ['count-b', 1],
    ]);
    a.archive(LATER);
    await repository.save(a);
    expect(await counts()).toEqual([['count-b', 1]]);
  });

  it('keeps the newest stock report only, whatever order reports arrive in', async () => {
    const product = fresh({ category: 'stock' });
    await repository.save(product);
    expect(await repository.recordStockLevel({ productId: product.id, available: 5, version: 3 })).toBe(true);
    expect(await repository.recordStockLevel({ productId: product.id, available: 9, version: 2 })).toBe(false);
    expect(await repository.recordStockLevel({ productId: product.id, available: 5, version: 3 })).toBe(false);
    expect((await repository.findById(product.id))?.availability).toEqual({ status: 'in_stock', available: 5 });
    const listed = await repository.list({ category: 'stock', limit: 5 });
    expect(listed.items[0]?.availability).toEqual({ status: 'in_stock', available: 5 });
    expect(await repository.recordStockLevel({ productId: product.id, available: 0, version: 4 })).toBe(true);
    expect((await repository.findById(product.id))?.availability).toEqual({ status: 'out_of_stock', available: 0 });
  });

  it('stores many products in shared transactions and reports the ones it could not store', async () => {
    const taken = fresh({ category: 'bulk' });
    await repository.save(taken);
    const products = Array.from({ length: 60 }, (_, index) => fresh({ name: `Bulk ${index}`, category: 'bulk' }));
    const clash = aProduct({ id: ulid(), sku: taken.sku, category: 'bulk' });
    const failures = await repository.saveMany([...products, clash], { correlationId: 'import-1' });
    expect([...failures.keys()]).toEqual([clash.id]);
    expect(failures.get(clash.id)).toBeInstanceOf(SkuAlreadyExistsError);
    expect((await repository.categories()).find((c) => c.slug === 'bulk')?.productCount).toBe(61);
    expect((await repository.findBySkus(products.map((p) => p.sku))).size).toBe(60);
    // The refused product's search words went out ahead of its transaction: search must not show it.
    const found = await repository.list({ words: ['sencha'], category: 'bulk', limit: 100 });
    expect(found.items.map((p) => p.id)).toEqual([taken.id]);
    // Words written ahead of a committed product do find it (the SKU's parts are words too, hence `toContain`).
    expect((await repository.list({ words: ['bulk', '59'], limit: 5 })).items.map((p) => p.name)).toContain('Bulk 59');
  });

  it('treats unreadable stored data as a server fault, not as a missing or invalid product', async () => {
    const id = ulid();
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `PRODUCT#${id}`, sk: 'PRODUCT', entityType: 'Product', id, name: 'Half a product' },
      }),
    );
    const attempt = repository.findById(id);
    await expect(attempt).rejects.toThrow(`Stored product PRODUCT#${id} cannot be read`);
    await expect(attempt).rejects.not.toHaveProperty('kind');
  });

  it('keeps the price in integer cents with its currency', async () => {
    const product = Product.create(
      { ...newProduct(), id: ulid(), sku: 'PRICE-CENTS', price: Money.of(99_999_999, 'AUD') },
      new Date('2026-01-01T00:00:00Z'),
    );
    await repository.save(product);
    expect((await repository.findById(product.id))?.price.toJSON()).toEqual({ amount: 99_999_999, currency: 'AUD' });
  });
});
