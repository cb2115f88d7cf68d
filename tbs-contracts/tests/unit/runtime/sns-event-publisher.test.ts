import { CreateTopicCommand, type PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { subscribeQueue } from '@tbs/devops-local/testing';
import Ajv from 'ajv';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudEvent,
  createCloudEvent,
  EventPublishError,
  InvalidCloudEventError,
  SnsEventPublisher,
  UnknownEventTypeError,
} from '../../../src/runtime';
import { eventValidators, ORDER_CANCELLED, ORDER_PAID } from './event-fixtures';

const region = 'ap-southeast-2';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let fauxqs: FauxqsServer;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let paidQueueUrl: string;

const paid = (orderId: string) =>
  createCloudEvent({
    source: 'tbs-app-order',
    type: ORDER_PAID,
    subject: orderId,
    data: { orderId, gross: 1000 },
    correlationId: 'c-1',
  });
const cancelled = (orderId: string) =>
  createCloudEvent({
    source: 'tbs-app-order',
    type: ORDER_CANCELLED,
    subject: orderId,
    data: { orderId },
    correlationId: 'c-1',
  });

const drain = async (queueUrl: string, expected: number): Promise<string[]> => {
  const bodies: string[] = [];
  for (let attempt = 0; attempt < 20 && bodies.length < expected; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    bodies.push(...Messages.map((message) => message.Body ?? ''));
  }
  return bodies;
};

const queueDepth = async (queueUrl: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
};

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, defaultRegion: region });
  const endpoint = `http://127.0.0.1:${fauxqs.port}`;
  sns = new SNSClient({ region, endpoint, credentials });
  sqs = new SQSClient({ region, endpoint, credentials, useQueueUrlAsEndpoint: false });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'tbs-order-events' }))).TopicArn ?? '';
  ({ queueUrl: paidQueueUrl } = await subscribeQueue({ sns, sqs }, topicArn, 'fulfilment-order-paid', {
    type: [ORDER_PAID],
  }));
});

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await fauxqs?.stop();
});

describe('SnsEventPublisher (against the fauxqs stand-in)', () => {
  it('publishes every event, in batches of up to 10, as raw CloudEvents that filter policies route by type', async () => {
    const batchSizes: number[] = [];
    const counting = {
      send: (command: PublishBatchCommand) => {
        batchSizes.push(command.input.PublishBatchRequestEntries?.length ?? 0);
        return sns.send(command);
      },
    } as unknown as SNSClient;
    const publisher = new SnsEventPublisher(counting, topicArn, eventValidators);
    const paidEvents = Array.from({ length: 23 }, (_, index) => paid(`o-${index}`));
    await publisher.publish([...paidEvents.slice(0, 12), cancelled('o-x'), ...paidEvents.slice(12)]);

    const bodies = await drain(paidQueueUrl, 23);
    const received = bodies.map((body) => JSON.parse(body) as CloudEvent);
    expect(batchSizes).toEqual([10, 10, 4]);
    expect(received).toHaveLength(23);
    expect(received.every((event) => event.type === ORDER_PAID)).toBe(true);
    expect(new Set(received.map((event) => event.id))).toEqual(new Set(paidEvents.map((event) => event.id)));
    expect(received.find((event) => event.id === paidEvents[0]?.id)).toEqual(paidEvents[0]);
  });

  it('sends nothing when any event is invalid or of an unknown type', async () => {
    const publisher = new SnsEventPublisher(sns, topicArn, eventValidators);
    const invalid = { ...paid('o-bad'), data: { orderId: 'o-bad' } };
    await expect(publisher.publish([paid('o-ok'), invalid])).rejects.toBeInstanceOf(InvalidCloudEventError);
    const unknown = { ...paid('o-odd'), type: 'tbs.order.OrderTeleported.v1' };
    await expect(publisher.publish([paid('o-ok'), unknown])).rejects.toBeInstanceOf(UnknownEventTypeError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await queueDepth(paidQueueUrl)).toBe(0);
  });

  it('lets a rejected request fail the publish (here: a topic that does not exist)', async () => {
    const missingTopic = `${topicArn.slice(0, topicArn.lastIndexOf(':'))}:no-such-topic`;
    const publisher = new SnsEventPublisher(sns, missingTopic, eventValidators);
    await expect(publisher.publish([paid('o-1')])).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('sends nothing for no events', async () => {
    const refusing = {
      send: async () => {
        throw new Error('must not be called');
      },
    } as unknown as SNSClient;
    await expect(new SnsEventPublisher(refusing, topicArn, eventValidators).publish([])).resolves.toBeUndefined();
  });

  it('reports entries SNS answered as failed', async () => {
    const events = [paid('o-1'), paid('o-2'), paid('o-3')];
    const partial = {
      send: async () => ({
        Successful: [{ Id: 'e0', MessageId: 'm0' }],
        Failed: [{ Id: 'e1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      }),
    } as unknown as SNSClient;
    const error = await new SnsEventPublisher(partial, topicArn, eventValidators)
      .publish(events)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(EventPublishError);
    expect((error as EventPublishError).failed).toEqual([
      { eventId: events[1]?.id, eventType: ORDER_PAID, code: 'InternalError', message: 'try again' },
      { eventId: events[2]?.id, eventType: ORDER_PAID, code: 'NotAcknowledged', message: expect.any(String) },
    ]);
  });
});

describe('SnsEventPublisher batching', () => {
  it('keeps each PublishBatch request under SNS 256 KiB limit', async () => {
    const sizes: number[] = [];
    const recording = {
      send: async (command: PublishBatchCommand) => {
        const entries = command.input.PublishBatchRequestEntries ?? [];
        sizes.push(entries.reduce((total, entry) => total + Buffer.byteLength(entry.Message ?? ''), 0));
        return { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: 'm' })), Failed: [] };
      },
    } as unknown as SNSClient;
    const bigType = 'tbs.test.Big.v1';
    const events = Array.from({ length: 10 }, () =>
      createCloudEvent({
        source: 'tbs-app-test',
        type: bigType,
        subject: 's',
        data: { blob: 'x'.repeat(60_000) },
        correlationId: 'c',
      }),
    );
    await new SnsEventPublisher(recording, topicArn, { [bigType]: new Ajv().compile({}) }).publish(events);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(256 * 1024);
  });
});

describe('SnsEventPublisher with validators loaded at the first publish', () => {
  const accepting = (sent: string[]) =>
    ({
      send: async (command: PublishBatchCommand) => {
        const entries = command.input.PublishBatchRequestEntries ?? [];
        sent.push(...entries.map((entry) => entry.Message ?? ''));
        return { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: 'm' })), Failed: [] };
      },
    }) as unknown as SNSClient;

  it('loads them once, on the first publish with events, and validates every event with them', async () => {
    const sent: string[] = [];
    let loads = 0;
    const publisher = new SnsEventPublisher(accepting(sent), topicArn, async () => {
      loads += 1;
      return eventValidators;
    });
    await publisher.publish([]);
    expect(loads).toBe(0);

    await publisher.publish([paid('o-1')]);
    await publisher.publish([paid('o-2'), cancelled('o-2')]);
    expect(loads).toBe(1);
    expect(sent).toHaveLength(3);

    const invalid = { ...paid('o-bad'), data: { orderId: 'o-bad' } };
    await expect(publisher.publish([paid('o-3'), invalid])).rejects.toBeInstanceOf(InvalidCloudEventError);
    const unknown = { ...paid('o-odd'), type: 'tbs.order.OrderTeleported.v1' };
    await expect(publisher.publish([unknown])).rejects.toBeInstanceOf(UnknownEventTypeError);
    expect(sent).toHaveLength(3);
  });

  it('sends nothing when they cannot be loaded, and loads them again at the next publish', async () => {
    const sent: string[] = [];
    let loads = 0;
    const publisher = new SnsEventPublisher(accepting(sent), topicArn, async () => {
      loads += 1;
      if (loads === 1) throw new Error('module not found');
      return eventValidators;
    });
    await expect(publisher.publish([paid('o-1')])).rejects.toThrow('module not found');
    expect(sent).toHaveLength(0);
    await publisher.publish([paid('o-1')]);
    expect(loads).toBe(2);
    expect(sent).toHaveLength(1);
  });
});
