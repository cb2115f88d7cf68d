import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryFaults } from '../../src/cloud/delivery-faults';
import { SqsEventSource } from '../../src/cloud/sqs-event-source';
import { fixtureFunction } from '../fixtures/cloud/fixture-function';

interface Seen {
  body: string;
  messageId: string;
  receiveCount: string;
}

let fauxqs: FauxqsServer;
let sqs: SQSClient;
let observer: Server;
let observerUrl: string;
const batches: Seen[][] = [];

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${fauxqs.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  observer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      batches.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((r) => observer.listen(0, '127.0.0.1', r));
  observerUrl = `http://127.0.0.1:${(observer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  observer.closeAllConnections();
  await new Promise((r) => observer.close(r));
  await fauxqs.stop();
});

async function queueWithDlq(name: string, maxReceiveCount: number) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  const arn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  return { url: queue.QueueUrl!, arn, dlqUrl: dlq.QueueUrl! };
}

const until = async (check: () => boolean | Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};

describe('SQS event-source mapping', () => {
  it('redelivers only the failed records of a partial batch, then dead-letters them after maxReceiveCount', async () => {
    const q = await queueWithDlq('partial', 2);
    const fn = fixtureFunction('sqs-batch.mjs', {
      logicalId: 'Consumer',
      functionName: 'consumer',
      env: { OBSERVER_URL: observerUrl },
      reservedConcurrency: 1,
    });
    const source = new SqsEventSource(
      sqs,
      fn,
      {
        queueUrl: q.url,
        queueArn: q.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true,
        region: 'us-east-1',
      },
      () => {},
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify({ n: 'a' }) },
          { Id: 'b', MessageBody: JSON.stringify({ n: 'b', fail: true }) },
          { Id: 'c', MessageBody: JSON.stringify({ n: 'c' }) },
        ],
      }),
    );
    source.start();
    try {
      const seen = () => batches.flat().map((s) => JSON.parse(s.body).n as string);
      await until(() => seen().filter((n) => n === 'b').length >= 2, 6000);
      // The dead-lettering happens on the receive after the last failure: give the poller one more turn.
      await new Promise((r) => setTimeout(r, 1500));
      const all = batches.flat();
      expect(seen().filter((n) => n === 'a')).toHaveLength(1);
      expect(seen().filter((n) => n === 'c')).toHaveLength(1);
      expect(all.filter((s) => JSON.parse(s.body).n === 'b').map((s) => s.receiveCount)).toEqual(['1', '2']);
      const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.dlqUrl, WaitTimeSeconds: 1 }));
      expect(dead.Messages?.map((m) => JSON.parse(m.Body!).n)).toEqual(['b']);
    } finally {
      await source.stop();
      await fn.stop();
    }
  });

  it('runs batches concurrently up to the function concurrency and never more', async () => {
    const q = await queueWithDlq('concurrent', 5);
    const fn = fixtureFunction('sqs-slow.mjs', {
      logicalId: 'Slow',
      functionName: 'slow-consumer',
      reservedConcurrency: 2,
    });
    const source = new SqsEventSource(
      sqs,
      fn,
      {
        queueUrl: q.url,
        queueArn: q.arn,
        batchSize: 1,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true,
        region: 'us-east-1',
      },
      () => {},
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [1, 2, 3, 4, 5, 6].map((n) => ({ Id: `m${n}`, MessageBody: String(n) })),
      }),
    );
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, fn.inFlight);
    }, 10);
    source.start();
    try {
      await until(async () => {
        const attrs = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: q.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          attrs.Attributes?.ApproximateNumberOfMessages === '0' &&
          attrs.Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
        );
      }, 8000);
      // Six 300 ms single-message batches through a function reserved at 2: two at a time, never three.
      expect(peak).toBe(2);
    } finally {
      clearInterval(watch);
      await source.stop();
      await fn.stop();
    }
  });

  const consumer = (name: string) =>
    fixtureFunction('sqs-batch.mjs', {
      logicalId: name,
      functionName: name,
      env: { OBSERVER_URL: observerUrl },
      reservedConcurrency: 2,
    });
  const emptied = (url: string) => async () => {
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      attrs.Attributes?.ApproximateNumberOfMessages === '0' &&
      attrs.Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
    );
  };

  it('with duplicate delivery on, hands every message to the function 2 or 3 times and deletes it once', async () => {
    const q = await queueWithDlq('duplicates', 5);
    const fn = consumer('duplicates');
    const faults = new DeliveryFaults({ seed: 11, duplicates: true });
    const source = new SqsEventSource(
      sqs,
      fn,
      {
        queueUrl: q.url,
        queueArn: q.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true,
        region: 'us-east-1',
      },
      () => {},
      faults,
    );
    const names = ['d1', 'd2', 'd3', 'd4', 'd5'];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: names.map((n) => ({ Id: n, MessageBody: JSON.stringify({ n }) })),
      }),
    );
    source.start();
    try {
      await until(emptied(q.url), 6000);
      const seen = batches.flat().map((b) => JSON.parse(b.body).n as string);
      for (const n of names) expect([2, 3]).toContain(seen.filter((s) => s === n).length);
      expect(faults.stats.messages).toBe(5);
      expect(await emptied(q.url)()).toBe(true);
      const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.dlqUrl, WaitTimeSeconds: 0 }));
      expect(dead.Messages ?? []).toEqual([]);
    } finally {
      await source.stop();
      await fn.stop();
    }
  });

  it('with failures injected, retries through the visibility timeout until every message is handled', async () => {
    const q = await queueWithDlq('faults', 20);
    const fn = consumer('faults');
    const faults = new DeliveryFaults({ seed: 5, failureRate: 0.6 });
    const source = new SqsEventSource(
      sqs,
      fn,
      {
        queueUrl: q.url,
        queueArn: q.arn,
        batchSize: 1,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true,
        region: 'us-east-1',
      },
      () => {},
      faults,
    );
    const names = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: names.map((n) => ({ Id: n, MessageBody: JSON.stringify({ n }) })),
      }),
    );
    source.start();
    try {
      await until(emptied(q.url), 15_000);
      expect(await emptied(q.url)()).toBe(true);
      const stats = faults.stats;
      expect(stats.failedBefore).toBeGreaterThan(0);
      expect(stats.failedAfter).toBeGreaterThan(0);
      const seen = batches.flat().filter((b) => names.includes(JSON.parse(b.body).n));
      // Every message reached the handler; a failure after the handler ran means it ran again on the retry.
      for (const n of names) expect(seen.some((b) => JSON.parse(b.body).n === n)).toBe(true);
      expect(seen.length).toBeGreaterThanOrEqual(names.length + stats.failedAfter);
      expect(seen.some((b) => Number(b.receiveCount) > 1)).toBe(true);
    } finally {
      await source.stop();
      await fn.stop();
    }
  });
});
