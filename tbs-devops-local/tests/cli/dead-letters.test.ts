import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findDeadLetterQueues,
  listDeadLetters,
  peekDeadLetters,
  redriveDeadLetters,
  resolveDeadLetterQueue,
} from '../../src/cli/dead-letters';
import { NotFoundError } from '../../src/cli/errors';

let fauxqs: FauxqsServer;
let sqs: SQSClient;
let sourceUrl: string;

const event = (subject: string) =>
  JSON.stringify({ specversion: '1.0', type: 'tbs.order.OrderPaid.v1', subject, id: subject, data: {} });

// Receives a message without deleting it until SQS gives up on it, as a failing consumer would.
async function failUntilDeadLettered(queueUrl: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, MaxNumberOfMessages: 10 }));
  }
}

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false });
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${fauxqs.port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'payments-dlq' }));
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.['QueueArn'];
  const source = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'payments',
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    }),
  );
  sourceUrl = source.QueueUrl as string;
  await sqs.send(new CreateQueueCommand({ QueueName: 'unrelated' }));
});

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

describe('dead letters', () => {
  it('finds dead-letter queues through the RedrivePolicy of their source queues', async () => {
    const dlqs = await findDeadLetterQueues(sqs);
    expect(dlqs.map((q) => [q.name, q.sources.map((s) => s.name)])).toEqual([['payments-dlq', ['payments']]]);
    expect((await resolveDeadLetterQueue(sqs, 'payments')).name).toBe('payments-dlq');
    await expect(resolveDeadLetterQueue(sqs, 'unrelated')).rejects.toThrow(
      '"unrelated" is neither a dead-letter queue',
    );
    await expect(resolveDeadLetterQueue(sqs, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists dead-lettered messages newest first without consuming them, then redrives them to the source', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: event('order-1') }));
    await new Promise((r) => setTimeout(r, 5));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: sourceUrl,
        MessageBody: event('order-2'),
        MessageAttributes: { type: { DataType: 'String', StringValue: 'tbs.order.OrderPaid.v1' } },
      }),
    );
    await failUntilDeadLettered(sourceUrl, 3);

    const letters = await listDeadLetters(sqs);
    expect(letters.map((l) => JSON.parse(l.body).subject)).toEqual(['order-2', 'order-1']);
    expect(letters[0]).toMatchObject({ queue: 'payments-dlq', attributes: { type: 'tbs.order.OrderPaid.v1' } });
    expect(letters.every((l) => l.receiveCount >= 2)).toBe(true);
    // Looking did not take them: a second look sees the same messages.
    const dlq = await resolveDeadLetterQueue(sqs, 'payments-dlq');
    expect((await peekDeadLetters(sqs, dlq)).map((l) => l.messageId).sort()).toEqual(
      letters.map((l) => l.messageId).sort(),
    );

    const result = await redriveDeadLetters(sqs, dlq);
    expect(result).toEqual({ from: 'payments-dlq', to: 'payments', moved: 2 });
    expect(await listDeadLetters(sqs)).toEqual([]);
    const back = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    expect((back.Messages ?? []).map((m) => JSON.parse(m.Body as string).subject).sort()).toEqual([
      'order-1',
      'order-2',
    ]);
    const withType = back.Messages?.find((m) => m.MessageAttributes?.['type']);
    expect(withType?.MessageAttributes?.['type']?.StringValue).toBe('tbs.order.OrderPaid.v1');
  });
});
