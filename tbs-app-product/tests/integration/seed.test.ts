import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, seed } from '../../seed/seed';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { createProductsTable } from '../fixtures/products-table';

const TABLE = 'tbs-app-product-local-products';
const REGION = 'ap-southeast-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('seed (dynalite)', () => {
  let dynamo: RunningDynamoDb;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createProductsTable(client, TABLE);
    client.destroy();
  });

  afterAll(async () => {
    await dynamo?.stop();
  });

  it('writes the demo catalogue once and leaves it alone on a second run', async () => {
    const ctx = {
      outputs: { ProductsTableName: TABLE },
      awsEnv: {
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
      log: () => undefined,
    };
    const catalogue = await loadCatalogue();

    expect(await seed(ctx)).toMatchObject({ created: catalogue.length, alreadyPresent: 0 });
    const again = await seed(ctx);
    expect(again).toMatchObject({ created: 0, alreadyPresent: catalogue.length });
    expect(again.summary).toBe(
      `${catalogue.length} products in 5 categories (0 created, ${catalogue.length} already present)`,
    );
    expect(again.ids.products).toEqual(catalogue.map((p) => p.id));

    const documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    const repository = new DynamoDbProductRepository(documents, TABLE);
    const sample = catalogue[0];
    expect((await repository.findById(sample?.id ?? ''))?.toSnapshot()).toEqual(sample?.toSnapshot());
    documents.destroy();
  });

  it('says which output is missing instead of writing somewhere else', async () => {
    await expect(seed({ outputs: {}, awsEnv: {}, log: () => {} })).rejects.toThrow('ProductsTableName');
  });
});
