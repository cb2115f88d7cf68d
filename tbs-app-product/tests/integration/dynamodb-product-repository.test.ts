import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { Product } from '../../src/domain/product';
import { ProductVersionConflictError } from '../../src/domain/product-errors';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { CATALOGUE_INDEX, CATEGORY_INDEX } from '../../src/infrastructure/product-table';
import { aProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const TABLE = 'tbs-app-product-test-products';
const REGION = 'ap-southeast-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('DynamoDbProductRepository (dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbProductRepository;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createProductsTable(client, TABLE);
    client.destroy();
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    repository = new DynamoDbProductRepository(documents, TABLE);
  });

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  it('stores a new product and reads it back unchanged', async () => {
    const product = aProduct({ id: '01JD8X3QK7M2V4R6T8W0Y2A4C6' });
    await repository.save(product);
    const found = await repository.findById(product.id);
    expect(found?.toSnapshot()).toEqual(product.toSnapshot());
  });

  it('answers undefined for an id that was never stored', async () => {
    expect(await repository.findById('01JD8X5B2N4P6R8T0V2X4Z6A8C')).toBeUndefined();
  });

  it('refuses to create the same product twice', async () => {
    const product = aProduct({ id: '01JD9000000000000000000001' });
    await repository.save(product);
    await expect(repository.save(aProduct({ id: product.id, name: 'Impostor' }))).rejects.toBeInstanceOf(
      ProductVersionConflictError,
    );
    expect((await repository.findById(product.id))?.name).toBe(product.name);
  });

  it('lets only one of two concurrent changes of the same version win', async () => {
    const id = '01JD9000000000000000000002';
    await repository.save(aProduct({ id }));
    const first = (await repository.findById(id)) as Product;
    const second = (await repository.findById(id)) as Product;
    first.archive(new Date('2026-03-01T00:00:00Z'));
    second.archive(new Date('2026-03-02T00:00:00Z'));
    const results = await Promise.allSettled([repository.save(first), repository.save(second)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')[0]).toMatchObject({
      reason: expect.any(ProductVersionConflictError),
    });
    expect((await repository.findById(id))?.version).toBe(2);
  });

  it('lists active products by category and in the catalogue in name order, and drops archived ones', async () => {
    const fixtures = [
      aProduct({ id: '01JDA000000000000000000001', sku: 'BOOK-ZEN', name: 'Zen and Tea', category: 'books' }),
      aProduct({ id: '01JDA000000000000000000002', sku: 'BOOK-ART', name: 'Ärt of Brewing', category: 'books' }),
      aProduct({ id: '01JDA000000000000000000003', sku: 'BOOK-MUG', name: 'mugs Through Time', category: 'books' }),
    ];
    for (const product of fixtures) await repository.save(product);
    const archived = fixtures[2] as Product;
    archived.archive(new Date('2026-03-01T00:00:00Z'));
    await repository.save(archived);

    const byCategory = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: CATEGORY_INDEX,
        KeyConditionExpression: 'gsi1pk = :category',
        ExpressionAttributeValues: { ':category': 'CATEGORY#books' },
      }),
    );
    expect(byCategory.Items?.map((item) => item.name)).toEqual(['Ärt of Brewing', 'Zen and Tea']);

    const catalogue = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: CATALOGUE_INDEX,
        KeyConditionExpression: 'gsi2pk = :all',
        FilterExpression: 'contains(searchText, :q)',
        ExpressionAttributeValues: { ':all': 'CATALOGUE', ':q': 'book-' },
      }),
    );
    expect(catalogue.Items?.map((item) => item.sku)).toEqual(['BOOK-ART', 'BOOK-ZEN']);
    expect((await repository.findById(archived.id))?.status).toBe('archived');
  });

  it('treats unreadable stored data as a server fault, not as a missing or invalid product', async () => {
    const id = '01JD9000000000000000000003';
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
      { ...aProduct().toSnapshot(), id: '01JD9000000000000000000004', price: Money.of(99_999_999, 'AUD') },
      new Date('2026-01-01T00:00:00Z'),
    );
    await repository.save(product);
    expect((await repository.findById(product.id))?.price.toJSON()).toEqual({ amount: 99_999_999, currency: 'AUD' });
  });
});
