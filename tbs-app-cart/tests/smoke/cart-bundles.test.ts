import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltFunction, buildStack, invokeBundle } from '@tbs/devops-local/build';
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
  let outRoot: string;
  let bundles: Map<string, BuiltFunction>;

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-app-cart-smoke-'));
    dynamo = await startDynamoDb({ port: 0 });
    const client = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createCartTable(client, TABLE);
    client.destroy();
    const build = await buildStack(STACK_DIR, { outRoot, functions: FUNCTIONS });
    bundles = new Map(build.functions.map((fn) => [fn.logicalId, fn]));
  }, 120_000);

  afterAll(async () => {
    await dynamo?.stop();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  const invoke = <T>(logicalId: string, event: unknown): Promise<T> => {
    const bundle = bundles.get(logicalId);
    if (!bundle) throw new Error(`${logicalId} was not built`);
    const exportName = bundle.handler.slice(bundle.handler.lastIndexOf('.') + 1);
    return invokeBundle<T>(bundle.outFile, exportName, event, {
      TABLE_NAME: TABLE,
      TAX_RATE: '0.15',
      CURRENCY: 'NZD',
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });
  };

  it('builds every function as an ESM bundle named after its template handler', () => {
    expect([...bundles.keys()].sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of bundles.values()) expect(bundle.outFile.endsWith('.mjs')).toBe(true);
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
