import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltFunction, buildStack } from '@tbs/devops-local/build';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { getProductEvent } from '../fixtures/api-events';
import { lambdaContext } from '../fixtures/lambda-context';
import { aProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const run = promisify(execFile);
const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TABLE = 'tbs-app-product-smoke-products';
const REGION = 'ap-southeast-2';
const PRODUCT_ID = '01KE6P6S705RNJ7WWKWYR5FNXF';

// Runs in a fresh Node process, as the Lambda runtime would: import the bundle, call the handler once.
const INVOKE = `
const [url, exportName, event, context] = process.argv.slice(1);
const mod = await import(url);
const response = await mod[exportName](JSON.parse(event), { ...JSON.parse(context), getRemainingTimeInMillis: () => 10000 });
process.stdout.write('\\n@@RESULT@@' + JSON.stringify(response));
`;

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

  async function invoke(id: string): Promise<APIGatewayProxyResult> {
    const [file, exportName] = [bundle.outFile, bundle.handler.slice(bundle.handler.lastIndexOf('.') + 1)];
    const { getRemainingTimeInMillis: _, ...context } = lambdaContext();
    const { stdout } = await run(
      process.execPath,
      [
        '--enable-source-maps',
        '--input-type=module',
        '-e',
        INVOKE,
        pathToFileURL(file).href,
        exportName,
        JSON.stringify(getProductEvent(id)),
        JSON.stringify(context),
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          TABLE_NAME: TABLE,
          AWS_REGION: REGION,
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
        timeout: 20_000,
      },
    );
    return JSON.parse(stdout.slice(stdout.lastIndexOf('@@RESULT@@') + '@@RESULT@@'.length));
  }

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
