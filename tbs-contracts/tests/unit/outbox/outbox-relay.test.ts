import { CreateTableCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { subscribeQueue } from '@tbs/devops-local/testing';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CloudEvent,
  createCloudEvent,
  OUTBOX_PARTITION,
  type OutboxPublisher,
  OutboxRelay,
  outboxPut,
  outboxPutAll,
  SnsEventPublisher,
} from '../../../src/runtime';
import { eventValidators, ORDER_PAID } from '../runtime/event-fixtures';

const region = 'ap-southeast-2';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const silent = { info: () => {}, warn: () => {}, error: () => {} };

let dynamo: RunningDynamoDb;
let fauxqs: FauxqsServer;
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let queueUrl: string;
let table: string;
let tableCount = 0;

const paid = (orderId: string): CloudEvent =>
  createCloudEvent({
    source: 'tbs-app-order',
    type: ORDER_PAID,
    subject: orderId,
    data: { orderId, gross: 1000 },
    correlationId: 'c-1',
  });

/** The aggregate change plus its events, in one transaction, as a service's repository writes them. */
const commit = async (orderId: string, events: CloudEvent[], condition?: string) =>
  documents.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { pk: `ORDER#${orderId}`, sk: 'ORDER', status: 'PAID' },
            ...(condition ? { ConditionExpression: condition } : {}),
          },
        },
        ...events.map((event) => outboxPut(table, event)),
      ],
    }),
  );

/** A change that reports many facts at once: all its events in one outbox item. */
const commitTogether = async (orderId: string, events: CloudEvent[]) =>
  documents.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { pk: `ORDER#${orderId}`, sk: 'ORDER', status: 'PAID' } } },
        outboxPutAll(table, events),
      ],
    }),
  );

const received = async (atLeast: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: attempt < 3 ? 1 : 0 }),
    );
    for (const message of Messages) {
      ids.push((JSON.parse(message.Body ?? '{}') as CloudEvent).id);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    if (Messages.length === 0 && ids.length >= atLeast) break;
  }
  return ids;
};

const pendingCount = async (): Promise<number> => {
  const { Count = 0 } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: OUTBOX_PARTITION } },
      Select: 'COUNT',
    }),
  );
  return Count;
};

const relayAt = (now: Date, publisher: OutboxPublisher = new SnsEventPublisher(sns, topicArn, eventValidators)) =>
  new OutboxRelay({ client, tableName: table, publisher, logger: silent, now: () => now });

beforeAll(async () => {
  dynamo = await startDynamoDb({ port: 0 });
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, defaultRegion: region });
  const endpoint = `http://127.0.0.1:${fauxqs.port}`;
  client = new DynamoDBClient({ region, endpoint: dynamo.endpoint, credentials });
  documents = DynamoDBDocumentClient.from(client);
  sns = new SNSClient({ region, endpoint, credentials });
  sqs = new SQSClient({ region, endpoint, credentials, useQueueUrlAsEndpoint: false });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'tbs-order-events' }))).TopicArn ?? '';
  ({ queueUrl } = await subscribeQueue({ sns, sqs }, topicArn, 'outbox-consumer'));
});

beforeEach(async () => {
  table = `outbox-${++tableCount}`;
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  sns?.destroy();
  sqs?.destroy();
  await fauxqs?.stop();
  await dynamo?.stop();
});

describe('transactional outbox (DynamoDB stand-in + fauxqs)', () => {
  it('publishes the committed events right after the commit and leaves nothing pending', async () => {
    const events = [paid('o-1'), paid('o-1')];
    await commit('o-1', events);
    const result = await relayAt(new Date()).publishCommitted(events);
    expect(result).toEqual({ published: 2, failed: 0 });
    expect((await received(2)).sort()).toEqual(events.map((event) => event.id).sort());
    expect(await pendingCount()).toBe(0);
  });

  it('relays exactly the committed events when the writer dies between commit and publish', async () => {
    const committed = [paid('o-2'), paid('o-3')];
    await commit('o-2', [committed[0] as CloudEvent]);
    await commit('o-3', [committed[1] as CloudEvent]);
    // The process "dies" here: publishCommitted is never called.
    const relay = relayAt(new Date(Date.now() + 120_000));
    expect(await relay.publishPending()).toEqual({ published: 2, failed: 0 });
    expect((await received(2)).sort()).toEqual(committed.map((event) => event.id).sort());
    expect(await relay.publishPending()).toEqual({ published: 0, failed: 0 });
    expect(await received(0)).toEqual([]);
  });

  it('leaves events younger than the grace period to their writer', async () => {
    await commit('o-4', [paid('o-4')]);
    expect(await relayAt(new Date()).publishPending(60_000)).toEqual({ published: 0, failed: 0 });
    expect(await pendingCount()).toBe(1);
  });

  it('publishes nothing for a write whose transaction failed', async () => {
    await commit('o-5', []);
    const lost = paid('o-5');
    await expect(commit('o-5', [lost], 'attribute_not_exists(pk)')).rejects.toThrow();
    expect(await pendingCount()).toBe(0);
    expect(await relayAt(new Date(Date.now() + 120_000)).publishPending()).toEqual({ published: 0, failed: 0 });
    expect(await received(0)).toEqual([]);
  });

  it('keeps events SNS did not take for the next run, and never fails the writer', async () => {
    const event = paid('o-6');
    await commit('o-6', [event]);
    const broken = { publish: async () => Promise.reject(new Error('SNS is down')) };
    expect(await relayAt(new Date(), broken).publishCommitted([event])).toEqual({ published: 0, failed: 1 });
    expect(await pendingCount()).toBe(1);
    expect(await relayAt(new Date(Date.now() + 120_000)).publishPending()).toEqual({ published: 1, failed: 0 });
    expect(await received(1)).toEqual([event.id]);
  });

  it('relays a backlog larger than one publish batch in write order', async () => {
    const events = Array.from({ length: 23 }, (_, index) => paid(`o-b${index}`));
    for (const event of events) await commit(event.subject, [event]);
    expect(await relayAt(new Date(Date.now() + 120_000)).publishPending()).toEqual({ published: 23, failed: 0 });
    expect((await received(23)).sort()).toEqual(events.map((event) => event.id).sort());
    expect(await pendingCount()).toBe(0);
  });

  it('writes the events of one change as one item and publishes and deletes them together', async () => {
    const events = Array.from({ length: 23 }, () => paid('o-g1'));
    await commitTogether('o-g1', events);
    expect(await pendingCount()).toBe(1);
    expect(await relayAt(new Date()).publishCommittedTogether(events)).toEqual({ published: 23, failed: 0 });
    expect((await received(23)).sort()).toEqual(events.map((event) => event.id).sort());
    expect(await pendingCount()).toBe(0);
  });

  it('keeps a shared item until SNS took every one of its events, then the relay publishes them all', async () => {
    const events = Array.from({ length: 12 }, () => paid('o-g2'));
    await commitTogether('o-g2', events);
    let calls = 0;
    const sns10 = new SnsEventPublisher(sns, topicArn, eventValidators);
    // The first batch of 10 goes through, the second fails.
    const flaky: OutboxPublisher = {
      publish: async (batch) => (++calls === 1 ? sns10.publish(batch) : Promise.reject(new Error('SNS is down'))),
    };
    expect(await relayAt(new Date(), flaky).publishCommittedTogether(events)).toEqual({ published: 10, failed: 2 });
    expect(await pendingCount()).toBe(1);
    expect(await received(10)).toHaveLength(10);
    // The relay republishes the whole item (consumers dedupe the ten already delivered) and deletes it.
    expect(await relayAt(new Date(Date.now() + 120_000)).publishPending()).toEqual({ published: 12, failed: 0 });
    expect((await received(12)).sort()).toEqual(events.map((event) => event.id).sort());
    expect(await pendingCount()).toBe(0);
  });
});
