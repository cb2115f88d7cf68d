import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../seed/seed';
import { DynamoDbCatalogue } from '../../src/infrastructure/dynamodb-catalogue';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { EBOOK, TEA } from '../fixtures/catalogue';
import { createTableFromTemplate } from '../fixtures/order-tables';

const TABLE = 'tbs-app-order-test-seed';
const asProduct = (e: typeof TEA) => ({
  id: e.productId,
  sku: e.sku,
  name: e.name,
  description: '',
  category: 'tea',
  kind: e.kind,
  price: { amount: e.unitPrice, currency: e.currency },
  status: e.status,
  imageUrls: [],
  availability: { status: 'in_stock', available: e.kind === 'digital' ? null : 5 },
  version: e.version,
  createdAt: '2026-02-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
});

describe('order seed: the catalogue projection from the public product API', () => {
  let dynamo: RunningDynamoDb;
  let api: Server;
  let gatewayUrl: string;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    client = new DynamoDBClient({
      region: 'ap-southeast-2',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTableFromTemplate(client, 'OrdersTable', TABLE);
    // Two pages, as the product API serves them.
    api = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const second = url.searchParams.get('cursor') === 'page-2';
      const body = second
        ? { items: [asProduct(EBOOK)], nextCursor: null }
        : { items: [asProduct(TEA)], nextCursor: 'page-2' };
      res.writeHead(url.pathname === '/product/v1/products' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  }, 30_000);

  afterAll(async () => {
    await new Promise((resolve) => api?.close(resolve));
    await dynamo?.stop();
  });

  it('records every product of every page, and a second run changes nothing', async () => {
    const ctx = {
      outputs: { OrdersTableName: TABLE },
      awsEnv: {
        AWS_REGION: 'ap-southeast-2',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
      gatewayUrl,
      log: () => {},
    };
    expect(await seed(ctx)).toMatchObject({ recorded: 2, unchanged: 0 });
    expect(await seed(ctx)).toMatchObject({ recorded: 0, unchanged: 2 });
    const entries = await new DynamoDbCatalogue(documentClientOf(client), TABLE).getMany([
      TEA.productId,
      EBOOK.productId,
    ]);
    expect(entries.get(TEA.productId)).toEqual(TEA);
    expect(entries.get(EBOOK.productId)).toEqual(EBOOK);
  });
});
