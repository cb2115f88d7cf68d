import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { sqsRecord } from '@tbs/devops-local/testing';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';
import { aProduct } from '../fixtures/products';
import { createProductsTable } from '../fixtures/products-table';

const TABLE = 'tbs-app-product-stock-handler';
const REGION = 'ap-southeast-2';

/** The producer's own published example: what fulfilment promises to send. */
const schema = JSON.parse(
  readFileSync(
    new URL('../../../tbs-contracts/events/fulfilment/StockLevelChanged.v1.schema.json', import.meta.url),
    'utf8',
  ),
) as { examples: Record<string, unknown>[] };
const example = schema.examples[0] as { id: string; subject: string; data: Record<string, unknown> };

const stockEvent = (id: string, available: number, version: number) => ({
  ...example,
  id,
  data: { ...example.data, available, onHand: available + 2, reserved: 2, version },
});

const record = (body: unknown, messageId: string): SQSRecord => sqsRecord({ body, messageId }, { region: REGION });

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

describe('StockLevelChanged consumer (SQS event, DynamoDB stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbProductRepository;
  let handler: Handler;
  const productId = example.subject;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint });
    await createProductsTable(client, TABLE);
    client.destroy();
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint });
    repository = new DynamoDbProductRepository(documents, TABLE);
    await repository.save(aProduct({ id: productId, sku: 'STOCK-HANDLER' }));
    ({ handler } = (await import('../../src/handlers/sqs/stock-level-changed')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    documents?.destroy();
    await dynamo?.stop();
  });

  it("shows fulfilment's reported stock, ignoring duplicates and reports that arrive late", async () => {
    const newer = stockEvent('01JDA2EVENT000000000000002', 42, 7);
    const older = stockEvent('01JDA2EVENT000000000000003', 3, 6);
    const result = await handler({ Records: [record(newer, 'm1'), record(older, 'm2'), record(newer, 'm3')] });
    expect(result.batchItemFailures).toEqual([]);
    expect((await repository.findById(productId))?.availability).toEqual({ status: 'in_stock', available: 42 });

    await handler({ Records: [record(stockEvent('01JDA2EVENT000000000000004', 0, 8), 'm4')] });
    expect((await repository.findById(productId))?.availability).toEqual({ status: 'out_of_stock', available: 0 });
  });

  it('reports an invalid record as a batch item failure (retried, then dead-lettered) and handles the rest', async () => {
    const good = stockEvent('01JDA2EVENT000000000000005', 12, 9);
    const result = await handler({
      Records: [
        record('{"not":"an event"}', 'bad'),
        record({ ...good, data: { available: -1 } }, 'bad2'),
        record(good, 'ok'),
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }, { itemIdentifier: 'bad2' }]);
    expect((await repository.findById(productId))?.availability).toEqual({ status: 'in_stock', available: 12 });
  });
});
