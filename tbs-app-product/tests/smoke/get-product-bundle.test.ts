import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { getProductEvent } from '../fixtures/api-events';
import { aProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TABLE = 'tbs-app-product-smoke-products';
const REGION = 'ap-southeast-2';
const PRODUCT_ID = '01KE6P6S705RNJ7WWKWYR5FNXF';

describe('GetProductFunction built bundle (esbuild from template Metadata)', () => {
  let dynamo: RunningDynamoDb;
  let built: BuiltStack;

  beforeAll(async () => {
    [dynamo, built] = await Promise.all([
      startDynamoDb({ port: 0 }),
      buildStackForTest(STACK_DIR, ['GetProductFunction']),
    ]);
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    await createProductsTable(client, TABLE);
    client.destroy();
    const documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    await new DynamoDbProductRepository(documents, TABLE).save(aProduct({ id: PRODUCT_ID }));
    documents.destroy();
  });

  afterAll(async () => {
    await dynamo?.stop();
    await built?.remove();
  });

  const invoke = (id: string): Promise<APIGatewayProxyResult> =>
    built.invoke('GetProductFunction', getProductEvent(id), {
      TABLE_NAME: TABLE,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });

  it('is an ESM bundle named after the template handler', () => {
    const bundle = built.bundle('GetProductFunction');
    expect(bundle.handler).toBe('get-product.handler');
    expect(bundle.outFile.endsWith('get-product.mjs')).toBe(true);
  });

  it('serves a stored product and a problem+json 404 from a cold start', async () => {
    const found = await invoke(PRODUCT_ID);
    expect(found.statusCode).toBe(200);
    expect(JSON.parse(found.body)).toMatchObject({ id: PRODUCT_ID, sku: 'TEA-SENCHA-100', version: 1 });

    const missing = await invoke('01KE6PZZZZZZZZZZZZZZZZZZZZ');
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });
});
