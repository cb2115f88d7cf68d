import { sqsRecord } from '@tbs/devops-local/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type CloudEvent, createCloudEvent, type IdempotencyStore, sqsEventConsumer } from '../../../src/runtime';
import { eventValidators, ORDER_CANCELLED, ORDER_PAID } from './event-fixtures';
import { lambdaContext, silentLogger } from './fixtures';

const QUEUE_ARN = 'arn:aws:sqs:ap-southeast-2:123456789012:tbs-fulfilment-order-events';

const event = (orderId: string, type = ORDER_PAID) =>
  createCloudEvent({
    source: 'tbs-app-order',
    type,
    subject: orderId,
    data: type === ORDER_PAID ? { orderId, gross: 100 } : { orderId },
    correlationId: `corr-${orderId}`,
  });

const record = (messageId: string, body: unknown, queueArn = QUEUE_ARN): SQSRecord =>
  sqsRecord({ messageId, body }, { queueArn, region: 'ap-southeast-2' });

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** An in-memory IdempotencyStore with the port's semantics, recording what the consumer asked. */
class MemoryIdempotencyStore implements IdempotencyStore {
  readonly states = new Map<string, 'in_progress' | 'done'>();
  readonly calls: string[] = [];
  async begin(eventId: string) {
    this.calls.push(`begin ${eventId}`);
    const state = this.states.get(eventId);
    if (state) return state;
    this.states.set(eventId, 'in_progress');
    return 'new' as const;
  }
  async complete(eventId: string) {
    this.calls.push(`complete ${eventId}`);
    this.states.set(eventId, 'done');
  }
  async release(eventId: string) {
    this.calls.push(`release ${eventId}`);
    this.states.delete(eventId);
  }
}

describe('sqsEventConsumer', () => {
  it('handles every valid record in batch order and reports no failures', async () => {
    const handled: string[] = [];
    const handler = sqsEventConsumer({
      validators: eventValidators,
      logger: silentLogger(),
      handle: async (received) => {
        await new Promise((resolve) => setTimeout(resolve, received.subject === 'o-1' ? 20 : 0));
        handled.push(received.subject);
      },
    });
    const result = await handler(
      batch(record('m1', event('o-1')), record('m2', event('o-2')), record('m3', event('o-3'))),
      lambdaContext,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('reports only the failed and the invalid records, logging invalid ones by message id', async () => {
    const logger = silentLogger();
    const handled: string[] = [];
    const handler = sqsEventConsumer({
      validators: eventValidators,
      logger,
      handle: async (received) => {
        if (received.subject === 'o-2') throw new Error('warehouse offline');
        handled.push(received.subject);
      },
    });
    const result = await handler(
      batch(
        record('m1', event('o-1')),
        record('m2', event('o-2')),
        record('m3', 'not json at all'),
        record('m4', { ...event('o-4'), type: 'tbs.order.Unknown.v1' }),
        record('m5', { ...event('o-5'), data: { orderId: 'o-5', gross: 'lots' } }),
        record('m6', event('o-6', ORDER_CANCELLED)),
      ),
    );
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'm2' },
      { itemIdentifier: 'm3' },
      { itemIdentifier: 'm4' },
      { itemIdentifier: 'm5' },
    ]);
    expect(handled).toEqual(['o-1', 'o-6']);
    const rejected = logger.lines.filter((line) => line.message === 'Rejected an event that is not valid');
    expect(rejected.map((line) => line.attributes?.messageId)).toEqual(['m3', 'm4', 'm5']);
    expect(JSON.stringify(logger.lines)).not.toContain('not json at all');
  });

  it('fails the rest of a FIFO batch after a failure so message groups stay in order', async () => {
    const fifo = `${QUEUE_ARN}.fifo`;
    const handled: string[] = [];
    const handler = sqsEventConsumer({
      validators: eventValidators,
      logger: silentLogger(),
      handle: async (received) => {
        if (received.subject === 'o-2') throw new Error('boom');
        handled.push(received.subject);
      },
    });
    const result = await handler(
      batch(record('m1', event('o-1'), fifo), record('m2', event('o-2'), fifo), record('m3', event('o-3'), fifo)),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(handled).toEqual(['o-1']);
  });

  describe('with an idempotency store', () => {
    it('handles an event once and skips its redelivery as a success', async () => {
      const store = new MemoryIdempotencyStore();
      const handled: CloudEvent[] = [];
      const handler = sqsEventConsumer({
        validators: eventValidators,
        idempotency: store,
        logger: silentLogger(),
        handle: async (received) => {
          handled.push(received);
        },
      });
      const paid = event('o-1');
      expect(await handler(batch(record('m1', paid)))).toEqual({ batchItemFailures: [] });
      expect(await handler(batch(record('m1-again', paid)))).toEqual({ batchItemFailures: [] });
      expect(handled).toHaveLength(1);
      expect(store.calls).toEqual([`begin ${paid.id}`, `complete ${paid.id}`, `begin ${paid.id}`]);
    });

    it('fails (to retry later) an event another invocation is handling', async () => {
      const store = new MemoryIdempotencyStore();
      const paid = event('o-1');
      store.states.set(paid.id, 'in_progress');
      let calls = 0;
      const handler = sqsEventConsumer({
        validators: eventValidators,
        idempotency: store,
        logger: silentLogger(),
        handle: async () => {
          calls += 1;
        },
      });
      expect(await handler(batch(record('m1', paid)))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
      expect(calls).toBe(0);
      expect(store.states.get(paid.id)).toBe('in_progress');
    });

    it('releases the claim when handling fails, so the retry handles it', async () => {
      const store = new MemoryIdempotencyStore();
      const paid = event('o-1');
      let attempts = 0;
      const handler = sqsEventConsumer({
        validators: eventValidators,
        idempotency: store,
        logger: silentLogger(),
        handle: async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('transient');
        },
      });
      expect(await handler(batch(record('m1', paid)))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
      expect(store.calls).toContain(`release ${paid.id}`);
      expect(await handler(batch(record('m1', paid)))).toEqual({ batchItemFailures: [] });
      expect(attempts).toBe(2);
      expect(store.states.get(paid.id)).toBe('done');
    });

    it('fails the record when the store itself fails', async () => {
      const broken: IdempotencyStore = {
        begin: async () => {
          throw new Error('table missing');
        },
        complete: async () => {},
        release: async () => {},
      };
      const handler = sqsEventConsumer({
        validators: eventValidators,
        idempotency: broken,
        logger: silentLogger(),
        handle: async () => {},
      });
      expect(await handler(batch(record('m1', event('o-1'))))).toEqual({
        batchItemFailures: [{ itemIdentifier: 'm1' }],
      });
    });
  });
});
