import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, seed } from '../../seed/seed';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbFulfilmentRepository } from '../../src/infrastructure/dynamodb-fulfilment-repository';
import { createTableFromTemplate } from '../fixtures/fulfilment-tables';

const TABLE = 'tbs-app-fulfilment-seed';
const REGION = 'ap-southeast-2';
const TEA = '01JD8X3QK7M2V4R6T8W0Y2A4C6';
const MUG = '01JD8X3QK7M2V4R6T8W0Y2A4C7';
const EBOOK = '01JD8X5B2N4P6R8T0V2X4Z6A8C';

describe('seed: demo stock for the catalogue the product API lists', () => {
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;
  let catalogue: Server;
  let gatewayUrl: string;
  const awsEnv = () => ({
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    client = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTableFromTemplate(client, 'FulfilmentTable', TABLE);
    // Two pages, as the product API pages: the seed must follow nextCursor.
    catalogue = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const page =
        url.searchParams.get('cursor') === 'p2'
          ? { items: [{ id: EBOOK, kind: 'digital' }], nextCursor: null }
          : {
              items: [
                { id: TEA, kind: 'physical' },
                { id: MUG, kind: 'physical' },
              ],
              nextCursor: 'p2',
            };
      res.writeHead(url.pathname === '/product/v1/products' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(page));
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => catalogue.once('listening', resolve));
    gatewayUrl = `http://127.0.0.1:${(catalogue.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    client?.destroy();
    await new Promise((resolve) => catalogue?.close(resolve));
    await dynamo?.stop();
  });

  it('stocks every physical product once; reseeding keeps counts an operator changed', async () => {
    const ctx = { outputs: { FulfilmentTableName: TABLE }, awsEnv: awsEnv(), gatewayUrl, log: () => {} };
    const first = await seed(ctx);
    expect(first).toMatchObject({ created: 2, alreadyPresent: 0, ids: { stocked: [TEA, MUG] } });
    const repository = new DynamoDbFulfilmentRepository(documentClientOf(client), TABLE, {
      publishCommittedTogether: async () => {},
    });
    expect(await repository.findInventory(TEA)).toMatchObject({ onHand: DEMO_UNITS, reserved: 0 });
    expect(await repository.findInventory(EBOOK)).toBeUndefined();
    const tea = await repository.findInventory(TEA);
    tea?.setOnHand(3, new Date().toISOString());
    if (tea) await repository.commit({ inventories: [tea] }, { correlationId: 'ops' });
    expect(await seed(ctx)).toMatchObject({ created: 0, alreadyPresent: 2 });
    expect((await repository.findInventory(TEA))?.onHand).toBe(3);
  });
});
