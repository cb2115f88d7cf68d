import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltFunction, buildStack, invokeBundle } from '@tbs/devops-local/build';
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
  let outRoot: string;
  let bundle: BuiltFunction;

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-app-product-smoke-'));
    dynamo = await startDynamoDb({ port: 0 });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    await createProductsTable(client, TABLE);
    client.destroy();
    const documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    await new DynamoDbProductRepository(documents, TABLE).save(aProduct({ id: PRODUCT_ID }));
    documents.destroy();

    const build = await buildStack(STACK_DIR, { outRoot, functions: ['GetProductFunction'] });
    bundle = build.functions[0] as BuiltFunction;
  });

  afterAll(async () => {
    await dynamo?.stop();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  const invoke = (id: string): Promise<APIGatewayProxyResult> =>
    invokeBundle(bundle.outFile, bundle.handler.slice(bundle.handler.lastIndexOf('.') + 1), getProductEvent(id), {
      TABLE_NAME: TABLE,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });

  it('is an ESM bundle named after the template handler', () => {
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
