import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClearPaidOrder } from '../../src/application/clear-paid-order';
import { SetCartLine } from '../../src/application/set-cart-line';
import { DynamoDbCartRepository } from '../../src/infrastructure/dynamodb-cart-repository';
import { DynamoDbCatalogueProjection } from '../../src/infrastructure/dynamodb-catalogue-projection';
import { createDocumentClient } from '../../src/infrastructure/dynamodb-client';
import { SystemClock } from '../../src/infrastructure/system-clock';
import { createCartTable } from '../fixtures/cart-table';
import { CUSTOMER } from '../fixtures/catalogue';

const TABLE = 'tbs-app-cart-concurrency';
const REGION = 'ap-southeast-2';
const ids = Array.from({ length: 4 }, (_, n) => `01JD8X3QK7M2V4R6T8W0Y2B${String(n).padStart(3, '0')}`);

describe('concurrent changes to one cart (conditional writes on dynalite)', () => {
  let dynamo: RunningDynamoDb;
  let documents: DynamoDBDocumentClient;
  let setLine: SetCartLine;
  let carts: DynamoDbCartRepository;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    await createCartTable(new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials }), TABLE);
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
    carts = new DynamoDbCartRepository(documents, TABLE);
    const catalogue = new DynamoDbCatalogueProjection(documents, TABLE);
    for (const productId of ids) {
      await catalogue.recordProduct({
        productId,
        version: 1,
        sku: 'EBOOK',
        name: 'E-book',
        kind: 'digital',
        unitPrice: 500,
        currency: 'NZD',
        archived: false,
      });
    }
    setLine = new SetCartLine(carts, catalogue, new SystemClock(), { taxRate: 0.15, currency: 'NZD' });
  });

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  it('keeps every line when several tabs add different products at the same moment', async () => {
    await Promise.all(ids.map((productId) => setLine.execute(CUSTOMER, productId, 1)));
    expect((await carts.find(CUSTOMER))?.lines.map((line) => line.productId).sort()).toEqual([...ids].sort());
  });

  it('an OrderPaid racing a change removes only what was bought', async () => {
    const placedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const clearPaid = new ClearPaidOrder(carts, new SystemClock());
    await Promise.all([
      clearPaid.execute({ customerId: CUSTOMER, productIds: ids.slice(0, 2), placedAt }),
      setLine.execute(CUSTOMER, ids[3] as string, 2),
    ]);
    const lines = (await carts.find(CUSTOMER))?.lines ?? [];
    expect(lines.map((line) => [line.productId, line.quantity]).sort()).toEqual([
      [ids[2], 1],
      [ids[3], 2],
    ]);
  });
});
