import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  validateDeleteCartLineResponse200,
  validateGetCartResponse200,
  validatePutCartLineResponse200,
} from '@tbs/contracts/validators';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { lambdaContext } from '@tbs/devops-local/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbCatalogueProjection } from '../../src/infrastructure/dynamodb-catalogue-projection';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { cartEvent } from '../fixtures/api-events';
import { createCartTable } from '../fixtures/cart-table';
import { ARCHIVED_ID, CUSTOMER, EBOOK_ID, OTHER_CUSTOMER, SENCHA_ID, UNKNOWN_ID } from '../fixtures/catalogue';

const TABLE = 'tbs-app-cart-handlers';
const REGION = 'ap-southeast-2';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

describe('cart HTTP handlers (REST API proxy events with Cognito claims, dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  const handlers: Record<'get' | 'put' | 'deleteLine' | 'clear', Handler> = {} as never;

  const get = (sub?: string | null) => handlers.get(cartEvent({ method: 'GET', sub }), lambdaContext());
  const put = (productId: string, body: unknown, sub?: string | null) =>
    handlers.put(cartEvent({ method: 'PUT', productId, body, sub }), lambdaContext());
  const deleteLine = (productId: string, sub?: string) =>
    handlers.deleteLine(cartEvent({ method: 'DELETE', productId, sub }), lambdaContext());
  const clear = (sub?: string) => handlers.clear(cartEvent({ method: 'DELETE', sub }), lambdaContext());
  const json = (response: APIGatewayProxyResult) => JSON.parse(response.body);

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('TAX_RATE', '0.15');
    vi.stubEnv('CURRENCY', 'NZD');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    await createCartTable(new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint }), TABLE);
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint });
    const catalogue = new DynamoDbCatalogueProjection(documents, TABLE);
    const base = { sku: 'TEA-SENCHA-100', name: 'Green Sencha 100 g', currency: 'NZD', archived: false } as const;
    await catalogue.recordProduct({ ...base, productId: SENCHA_ID, version: 1, kind: 'physical', unitPrice: 1850 });
    await catalogue.recordStock({ productId: SENCHA_ID, version: 1, available: 42 });
    await catalogue.recordProduct({
      ...base,
      productId: EBOOK_ID,
      version: 1,
      sku: 'EBOOK-TEA-GUIDE',
      name: 'The Tea Guide (e-book)',
      kind: 'digital',
      unitPrice: 1200,
    });
    await catalogue.recordProduct({
      ...base,
      productId: ARCHIVED_ID,
      version: 2,
      kind: 'physical',
      unitPrice: 900,
      archived: true,
    });

    // Imported only now: each module reads its configuration from the environment at cold start.
    handlers.get = ((await import('../../src/handlers/http/get-cart')) as unknown as { handler: Handler }).handler;
    handlers.put = ((await import('../../src/handlers/http/put-cart-line')) as unknown as { handler: Handler }).handler;
    handlers.deleteLine = (
      (await import('../../src/handlers/http/delete-cart-line')) as unknown as { handler: Handler }
    ).handler;
    handlers.clear = ((await import('../../src/handlers/http/clear-cart')) as unknown as { handler: Handler }).handler;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    documents?.destroy();
    await dynamo?.stop();
  });

  it('GET answers an empty cart for a customer who has none', async () => {
    const response = await get();
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(validateGetCartResponse200(body)).toBe(true);
    expect(body).toMatchObject({
      customerId: CUSTOMER,
      lines: [],
      totals: { net: 0, tax: 0, gross: 0, currency: 'NZD' },
    });
  });

  it('PUT adds lines and answers the spec example cart (current prices, availability, totals)', async () => {
    expect((await put(SENCHA_ID, { quantity: 2 })).statusCode).toBe(200);
    const response = await put(EBOOK_ID, { quantity: 1 });
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(validatePutCartLineResponse200(body)).toBe(true);
    expect(body.lines).toEqual([
      {
        productId: SENCHA_ID,
        sku: 'TEA-SENCHA-100',
        name: 'Green Sencha 100 g',
        kind: 'physical',
        quantity: 2,
        unitPrice: 1850,
        lineTotal: 3700,
        availability: 'available',
        availableQuantity: 42,
      },
      {
        productId: EBOOK_ID,
        sku: 'EBOOK-TEA-GUIDE',
        name: 'The Tea Guide (e-book)',
        kind: 'digital',
        quantity: 1,
        unitPrice: 1200,
        lineTotal: 1200,
        availability: 'available',
        availableQuantity: null,
      },
    ]);
    expect(body.totals).toEqual({ net: 4900, shipping: 0, tax: 735, gross: 5635, currency: 'NZD' });
    expect(json(await get()).lines).toHaveLength(2);
  });

  it('another customer never sees or changes this cart: the customer id comes only from the token', async () => {
    expect(json(await get(OTHER_CUSTOMER)).lines).toEqual([]);
    await put(SENCHA_ID, { quantity: 5 }, OTHER_CUSTOMER);
    await clear(OTHER_CUSTOMER);
    const mine = json(await get());
    expect(mine.customerId).toBe(CUSTOMER);
    expect(mine.lines.map((line: { quantity: number }) => line.quantity)).toEqual([2, 1]);
  });

  it('answers 401 problem+json without verified claims', async () => {
    for (const response of [await get(null), await put(SENCHA_ID, { quantity: 1 }, null)]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
    }
  });

  it.each([
    [{ quantity: 100 }, 400, 'VALIDATION_FAILED'],
    [{ quantity: -1 }, 400, 'VALIDATION_FAILED'],
    [{ quantity: 1.5 }, 400, 'VALIDATION_FAILED'],
    [{ quantity: 'two' }, 400, 'VALIDATION_FAILED'],
    [{}, 400, 'VALIDATION_FAILED'],
    ['{"quantity":', 400, 'INVALID_JSON'],
  ])('PUT %j answers %i %s with a pointer to the problem', async (body, status, code) => {
    const response = await put(SENCHA_ID, body);
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(json(response)).toMatchObject({ status, code });
  });

  it('PUT answers 404 for an unknown product, 409 for an archived one or more than is in stock', async () => {
    const unknown = await put(UNKNOWN_ID, { quantity: 1 });
    expect([unknown.statusCode, json(unknown).code]).toEqual([404, 'PRODUCT_NOT_FOUND']);
    expect(json(unknown).detail).toContain(UNKNOWN_ID);
    const archived = await put(ARCHIVED_ID, { quantity: 1 });
    expect([archived.statusCode, json(archived).code]).toEqual([409, 'PRODUCT_ARCHIVED']);
    const tooMany = await put(SENCHA_ID, { quantity: 43 });
    expect([tooMany.statusCode, json(tooMany).code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect(json(await get()).lines.map((line: { quantity: number }) => line.quantity)).toEqual([2, 1]);
  });

  it('answers 400 for a product id that is not a ULID', async () => {
    const response = await put('not-a-ulid', { quantity: 1 });
    expect(response.statusCode).toBe(400);
    expect(json(response).errors[0].path).toBe('/params/productId');
  });

  it('PUT quantity 0 and DELETE remove lines; DELETE /cart empties the cart with 204', async () => {
    expect(json(await put(SENCHA_ID, { quantity: 0 })).lines).toHaveLength(1);
    const removed = await deleteLine(SENCHA_ID);
    expect(removed.statusCode).toBe(200);
    expect(validateDeleteCartLineResponse200(json(removed))).toBe(true);
    await put(SENCHA_ID, { quantity: 3 });
    const cleared = await clear();
    expect(cleared.statusCode).toBe(204);
    expect(cleared.body).toBe('');
    expect(json(await get()).lines).toEqual([]);
  });
});
