import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { validateGetProductResponse200 } from '@tbs/contracts/validators';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { lambdaContext } from '@tbs/devops-local/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { getProductEvent } from '../fixtures/api-events';
import { aProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const TABLE = 'tbs-app-product-handler-products';
const REGION = 'ap-southeast-2';
const ACTIVE_ID = '01KE6P6S705RNJ7WWKWYR5FNXF';
const ARCHIVED_ID = '01KE6P8KT07S946SEZ4SS7QHXK';
const CORRUPT_ID = '01KE6PAEE0FZ0W3ZK9V4G3Y2SQ';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

describe('GET /products/{id} handler (API Gateway proxy event, dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let handler: Handler;
  const invoke = (id: string) => handler(getProductEvent(id), lambdaContext());

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    await createProductsTable(new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint }), TABLE);

    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint });
    const repository = new DynamoDbProductRepository(documents, TABLE);
    await repository.save(aProduct({ id: ACTIVE_ID }));
    const archived = aProduct({ id: ARCHIVED_ID, sku: 'TEA-OLD', name: 'Discontinued Tea', kind: 'digital' });
    await repository.save(archived);
    archived.archive(new Date('2026-03-01T10:00:00Z'));
    await repository.save(archived);
    await documents.send(
      new PutCommand({ TableName: TABLE, Item: { pk: `PRODUCT#${CORRUPT_ID}`, sk: 'PRODUCT', entityType: 'Product' } }),
    );

    // Imported only now: the module reads its configuration from the environment at cold start.
    ({ handler } = (await import('../../src/handlers/http/get-product')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    documents?.destroy();
    await dynamo?.stop();
  });

  it('answers 200 with the product representation and its version as ETag', async () => {
    const response = await invoke(ACTIVE_ID);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', etag: '"1"' });
    const body = JSON.parse(response.body);
    expect(validateGetProductResponse200(body)).toBe(true);
    expect(body).toEqual({
      id: ACTIVE_ID,
      sku: 'TEA-SENCHA-100',
      name: 'Green Sencha 100 g',
      description: 'Steamed Japanese green tea, loose leaf.',
      category: 'tea',
      kind: 'physical',
      price: { amount: 1850, currency: 'NZD' },
      status: 'active',
      imageUrls: ['https://img.example.com/products/tea-sencha-100.jpg'],
      availability: { status: 'out_of_stock', available: 0 },
      version: 1,
      createdAt: '2026-01-10T09:30:00.000Z',
      updatedAt: '2026-01-10T09:30:00.000Z',
    });
  });

  it('still answers 200 for an archived product', async () => {
    const response = await invoke(ARCHIVED_ID);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"2"');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 'archived',
      version: 2,
      availability: { status: 'in_stock', available: null },
    });
  });

  it('answers 404 problem+json PRODUCT_NOT_FOUND for an unknown id', async () => {
    const id = '01KE6PZZZZZZZZZZZZZZZZZZZZ';
    const response = await invoke(id);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 404,
      title: 'Not Found',
      code: 'PRODUCT_NOT_FOUND',
      instance: `/products/${id}`,
    });
  });

  it('answers 400 problem+json for an id that is not a ULID, pointing at the parameter', async () => {
    const response = await invoke('not-a-product-id');
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: '/params/id' }));
  });

  it('answers 500 without detail when stored data is unreadable, and logs the cause for the operator', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    try {
      const response = await invoke(CORRUPT_ID);
      expect(response.statusCode).toBe(500);
      const problem = JSON.parse(response.body);
      expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
      expect(problem.detail).toBeUndefined();
      expect(response.body).not.toContain('PRODUCT#');
      expect(errors.join('\n')).toContain(`Stored product PRODUCT#${CORRUPT_ID} cannot be read`);
    } finally {
      vi.mocked(console.error).mockRestore();
    }
  });
});
