import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningFauxqs, startFauxqs } from '../../src/standins';
import { subscribeQueue } from '../../src/testing';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('subscribeQueue', () => {
  let fauxqs: RunningFauxqs;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    fauxqs = await startFauxqs({ region: 'ap-southeast-2' });
    const base = { endpoint: fauxqs.endpoint, region: fauxqs.region, credentials };
    sns = new SNSClient(base);
    sqs = new SQSClient({ ...base, useQueueUrlAsEndpoint: false });
  });

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await fauxqs?.stop();
  });

  const bodies = async (queueUrl: string) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return Messages.map((message) => message.Body).sort();
  };

  it('delivers raw message bodies, and only what the filter policy lets through', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events' }));
    const all = await subscribeQueue({ sns, sqs }, TopicArn as string, 'all-events');
    const paid = await subscribeQueue({ sns, sqs }, TopicArn as string, 'paid-events', { type: ['OrderPaid'] });
    expect(paid.queueArn).toMatch(/:paid-events$/);
    expect(paid.subscriptionArn).toContain(TopicArn);

    for (const type of ['OrderPaid', 'OrderCancelled']) {
      await sns.send(
        new PublishCommand({
          TopicArn,
          Message: JSON.stringify({ type }),
          MessageAttributes: { type: { DataType: 'String', StringValue: type } },
        }),
      );
    }
    expect(await bodies(all.queueUrl)).toEqual(['{"type":"OrderCancelled"}', '{"type":"OrderPaid"}']);
    expect(await bodies(paid.queueUrl)).toEqual(['{"type":"OrderPaid"}']);
  });
});
