import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObjectCreatedEvent, type RunningFauxqs, startFauxqs } from '../../src/standins';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('fauxqs stand-in (SNS, SQS, S3)', () => {
  let cloud: RunningFauxqs;
  let sns: SNSClient;
  let sqs: SQSClient;
  let s3: S3Client;

  beforeAll(async () => {
    cloud = await startFauxqs({ region: 'ap-southeast-2' });
    const base = { endpoint: cloud.endpoint, region: cloud.region, credentials };
    sns = new SNSClient(base);
    sqs = new SQSClient({ ...base, useQueueUrlAsEndpoint: false });
    s3 = new S3Client({ ...base, forcePathStyle: true });
  });

  afterAll(async () => {
    for (const c of [sns, sqs, s3]) c?.destroy();
    await cloud?.stop();
  });

  it('fans a CloudEvent out to a queue whose filter policy matches, raw', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'order-events' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'fulfilment-order-events' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.QueueArn,
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ type: ['tbs.order.OrderPaid.v1'] }) },
      }),
    );
    const publish = (type: string, id: string) =>
      sns.send(
        new PublishCommand({
          TopicArn,
          Message: JSON.stringify({ specversion: '1.0', id, type }),
          MessageAttributes: { type: { DataType: 'String', StringValue: type } },
        }),
      );
    await publish('tbs.order.OrderPlaced.v1', 'e-1');
    await publish('tbs.order.OrderPaid.v1', 'e-2');
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(received.Messages?.map((m) => JSON.parse(m.Body ?? '{}').id)).toEqual(['e-2']);
  });

  it('tells listeners about created objects with size and ETag', async () => {
    const seen: ObjectCreatedEvent[] = [];
    const unsubscribe = cloud.onObjectCreated((event) => {
      seen.push(event);
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'imports' }));
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'imports', Key: 'catalogue/2026 products.csv', Body: 'sku,name\nA,Apple\n' }),
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({
      eventName: 'ObjectCreated:Put',
      bucket: 'imports',
      key: 'catalogue/2026 products.csv',
      size: 17,
      etag: put.ETag?.replaceAll('"', ''),
    });
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'imports',
        Key: 'archive/products.csv',
        CopySource: 'imports/catalogue/2026%20products.csv',
      }),
    );
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toMatchObject({ eventName: 'ObjectCreated:Copy', key: 'archive/products.csv', size: 17 });
    // One notification per created object, not one per internal store event.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toHaveLength(2);
    unsubscribe();
  });
});
