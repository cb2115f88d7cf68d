import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartEvent } from '../fixtures/api-events';
import { createCartTable } from '../fixtures/cart-table';
import { CUSTOMER, SENCHA_ID } from '../fixtures/catalogue';
import { productEvent, sqsBatch, stockEvent } from '../fixtures/cloud-events';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TABLE = 'tbs-app-cart-smoke-cart';
const REGION = 'ap-southeast-2';
const FUNCTIONS = [
  'GetCartFunction',
  'PutCartLineFunction',
  'DeleteCartLineFunction',
  'ClearCartFunction',
  'CartEventsFunction',
];

describe('cart function bundles (esbuild from template Metadata)', () => {
  let dynamo: RunningDynamoDb;
  let built: BuiltStack;

  beforeAll(async () => {
    [dynamo, built] = await Promise.all([startDynamoDb({ port: 0 }), buildStackForTest(STACK_DIR, FUNCTIONS)]);
    const client = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createCartTable(client, TABLE);
    client.destroy();
  }, 120_000);

  afterAll(async () => {
    await dynamo?.stop();
    await built?.remove();
  });

  const invoke = <T>(logicalId: string, event: unknown): Promise<T> =>
    built.invoke<T>(logicalId, event, {
      TABLE_NAME: TABLE,
      TAX_RATE: '0.15',
      CURRENCY: 'NZD',
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });

  it('builds every function as an ESM bundle named after its template handler', () => {
    expect(built.functions.map((fn) => fn.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of built.functions) {
      expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
    }
  });

  it('the consumer bundle projects events, and the API bundles put, read and clear a cart from cold starts', async () => {
    const consumed = await invoke<{ batchItemFailures: unknown[] }>(
      'CartEventsFunction',
      sqsBatch(productEvent('ProductCreated', { productId: SENCHA_ID, version: 1 }), stockEvent(SENCHA_ID, 1, 5)),
    );
    expect(consumed.batchItemFailures).toEqual([]);

    type Response = { statusCode: number; body: string };
    const put = await invoke<Response>(
      'PutCartLineFunction',
      cartEvent({ method: 'PUT', productId: SENCHA_ID, body: { quantity: 2 } }),
    );
    expect(put.statusCode).toBe(200);
    const got = await invoke<Response>('GetCartFunction', cartEvent({ method: 'GET' }));
    expect(JSON.parse(got.body)).toMatchObject({ customerId: CUSTOMER, totals: { net: 3700, tax: 555, gross: 4255 } });
    const removed = await invoke<Response>(
      'DeleteCartLineFunction',
      cartEvent({ method: 'DELETE', productId: SENCHA_ID }),
    );
    expect(JSON.parse(removed.body).lines).toEqual([]);
    expect((await invoke<Response>('ClearCartFunction', cartEvent({ method: 'DELETE' }))).statusCode).toBe(204);
  }, 60_000);
});
