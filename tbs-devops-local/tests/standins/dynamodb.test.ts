import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDb, startDynamoDb } from '../../src/standins';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('DynamoDB stand-in', () => {
  let ddb: RunningDynamoDb;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    ddb = await startDynamoDb({ ttlSweepMs: 100 });
    client = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'ap-southeast-2', credentials });
    doc = DynamoDBDocumentClient.from(client);
    for (const TableName of ['orders', 'stock']) {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
    }
  });

  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
  });

  it('applies every write of a transaction whose conditions hold', async () => {
    await doc.send(new PutCommand({ TableName: 'stock', Item: { pk: 'sku-1', onHand: 5 } }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: 'orders',
              Item: { pk: 'o-1', status: 'PAID' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: 'stock',
              Key: { pk: 'sku-1' },
              UpdateExpression: 'SET onHand = onHand - :q',
              ConditionExpression: 'onHand >= :q',
              ExpressionAttributeValues: { ':q': 2 },
            },
          },
        ],
      }),
    );
    expect((await doc.send(new GetCommand({ TableName: 'stock', Key: { pk: 'sku-1' } }))).Item?.onHand).toBe(3);
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o-1' } }))).Item?.status).toBe('PAID');
  });

  it('changes nothing when one condition fails and reports a reason per item', async () => {
    await doc.send(new PutCommand({ TableName: 'stock', Item: { pk: 'sku-2', onHand: 1 } }));
    const attempt = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk: 'o-2', status: 'PAID' } } },
          {
            Update: {
              TableName: 'stock',
              Key: { pk: 'sku-2' },
              UpdateExpression: 'SET onHand = onHand - :q',
              ConditionExpression: 'onHand >= :q',
              ExpressionAttributeValues: { ':q': 3 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    const err = await attempt.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionCanceledException);
    const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons[1]?.Item?.onHand).toEqual({ N: '1' });
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o-2' } }))).Item).toBeUndefined();
    expect((await doc.send(new GetCommand({ TableName: 'stock', Key: { pk: 'sku-2' } }))).Item?.onHand).toBe(1);
  });

  it('undoes earlier writes when a later update fails against the stored item', async () => {
    await doc.send(new PutCommand({ TableName: 'stock', Item: { pk: 'sku-text', onHand: 'five' } }));
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o-keep', status: 'PENDING' } }));
    const attempt = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk: 'o-keep', status: 'PAID' } } },
          { Delete: { TableName: 'orders', Key: { pk: 'o-1' } } },
          {
            Update: {
              TableName: 'stock',
              Key: { pk: 'sku-text' },
              UpdateExpression: 'SET onHand = onHand - :q',
              ExpressionAttributeValues: { ':q': 1 },
            },
          },
        ],
      }),
    );
    const err = (await attempt.catch((e: unknown) => e)) as TransactionCanceledException;
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'None', 'ValidationError']);
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o-keep' } }))).Item?.status).toBe(
      'PENDING',
    );
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o-1' } }))).Item).toBeDefined();
  });

  it('treats a repeated ClientRequestToken as the same transaction', async () => {
    const request = (pk: string) =>
      new TransactWriteCommand({
        ClientRequestToken: 'place-order-o-tok',
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      });
    await doc.send(request('o-tok'));
    // Re-applied, the condition would fail: a replay must succeed without writing.
    await expect(doc.send(request('o-tok'))).resolves.toBeDefined();
    await expect(doc.send(request('o-other'))).rejects.toMatchObject({ name: 'IdempotentParameterMismatchException' });
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o-other' } }))).Item).toBeUndefined();
  });

  it('rejects two operations on one item and more than 100 items', async () => {
    const twice = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk: 'dup' } } },
          { Delete: { TableName: 'orders', Key: { pk: 'dup' } } },
        ],
      }),
    );
    await expect(twice).rejects.toMatchObject({ name: 'ValidationException' });
    const tooMany = doc.send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: 101 }, (_, i) => ({
          Put: { TableName: 'orders', Item: { pk: `bulk-${i}` } },
        })),
      }),
    );
    await expect(tooMany).rejects.toMatchObject({ name: 'ValidationException' });
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'bulk-0' } }))).Item).toBeUndefined();
  });

  it('lets only one of many concurrent transactions claim the same item', async () => {
    await doc.send(new PutCommand({ TableName: 'stock', Item: { pk: 'sku-3', onHand: 1, version: 0 } }));
    const claims = Array.from({ length: 8 }, (_, i) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: 'stock',
                Key: { pk: 'sku-3' },
                UpdateExpression: 'SET onHand = onHand - :one, version = version + :one',
                ConditionExpression: 'onHand >= :one AND version = :v',
                ExpressionAttributeValues: { ':one': 1, ':v': 0 },
              },
            },
            { Put: { TableName: 'orders', Item: { pk: `claim-${i}` } } },
          ],
        }),
      ),
    );
    const results = await Promise.allSettled(claims);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const item = (await doc.send(new GetCommand({ TableName: 'stock', Key: { pk: 'sku-3' } }))).Item;
    expect(item).toMatchObject({ onHand: 0, version: 1 });
  });

  it('returns the current item when a conditional write fails and ALL_OLD is asked for', async () => {
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o-cc', version: 3 } }));
    const stale = doc.send(
      new PutCommand({
        TableName: 'orders',
        Item: { pk: 'o-cc', version: 3 },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': 2 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    await expect(stale).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: { pk: { S: 'o-cc' }, version: { N: '3' } },
    });
  });

  it('reads several items at once with TransactGetItems', async () => {
    const result = await doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: 'orders', Key: { pk: 'o-1' } } },
          { Get: { TableName: 'orders', Key: { pk: 'missing' } } },
          { Get: { TableName: 'stock', Key: { pk: 'sku-1' }, ProjectionExpression: 'onHand' } },
        ],
      }),
    );
    expect(result.Responses?.map((r) => r.Item)).toEqual([{ pk: 'o-1', status: 'PAID' }, undefined, { onHand: 3 }]);
  });

  it('deletes items whose TTL attribute is in the past once TTL is enabled', async () => {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'orders',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
      }),
    );
    const described = await client.send(new DescribeTimeToLiveCommand({ TableName: 'orders' }));
    expect(described.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    const now = Math.floor(Date.now() / 1000);
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'old', expiresAt: now - 10 } }));
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'fresh', expiresAt: now + 3600 } }));
    await expect
      .poll(async () => (await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'old' } }))).Item, {
        timeout: 3000,
      })
      .toBeUndefined();
    expect((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'fresh' } }))).Item).toBeDefined();
  });
});
