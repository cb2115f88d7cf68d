import { BatchWriteItemCommand, type DynamoDBClient, QueryCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { CloudEvent } from '../cloud-event';
import { consoleJsonLogger, errorAttributes, type RuntimeLogger } from '../runtime-logger';
import { OUTBOX_PARTITION, type OutboxKey, outboxKeyOf } from './outbox-put';

/** What the relay needs of a publisher; `SnsEventPublisher` fits. */
export interface OutboxPublisher {
  publish(events: readonly CloudEvent[]): Promise<void>;
}

export interface OutboxRelayOptions {
  client: DynamoDBClient;
  tableName: string;
  publisher: OutboxPublisher;
  logger?: RuntimeLogger;
  now?: () => Date;
}

export interface RelayResult {
  published: number;
  failed: number;
}

/** Writers publish their own events within milliseconds; older pending items mean the writer died. */
export const DEFAULT_GRACE_MS = 60_000;
const PUBLISH_BATCH = 10;
const DELETE_BATCH = 25;
const MAX_DELETE_ATTEMPTS = 5;

/**
 * Moves committed events from a table's outbox to SNS and deletes each one SNS accepted. An event that was not
 * accepted stays for the next run; an event published but not yet deleted is published again later, which is
 * harmless because consumers dedupe on the event id. Only items that committed are ever read, so a failed write
 * publishes nothing.
 */
export class OutboxRelay {
  private readonly logger: RuntimeLogger;
  private readonly now: () => Date;

  constructor(private readonly options: OutboxRelayOptions) {
    this.logger = options.logger ?? consoleJsonLogger;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Right after the transaction that wrote these events committed: publish them and clear their outbox items.
   * Never throws: whatever fails stays in the outbox for `publishPending`, so the caller's write still succeeds.
   */
  async publishCommitted(events: readonly CloudEvent[]): Promise<RelayResult> {
    if (events.length === 0) return { published: 0, failed: 0 };
    try {
      return await this.publishAndClear(events);
    } catch (error) {
      this.logger.warn('Events stay in the outbox for the relay', {
        eventIds: events.map((event) => event.id),
        ...errorAttributes(error),
      });
      return { published: 0, failed: events.length };
    }
  }

  /**
   * The scheduled catch-up: publishes outbox items written more than `olderThanMs` ago (their writer died between
   * commit and publish), oldest first, at most `limit` of them per run.
   */
  async publishPending(olderThanMs: number = DEFAULT_GRACE_MS, limit = 500): Promise<RelayResult> {
    const cutoff = new Date(this.now().getTime() - Math.max(0, olderThanMs)).toISOString();
    const events: CloudEvent[] = [];
    let startKey: QueryCommand['input']['ExclusiveStartKey'];
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :outbox AND sk < :cutoff',
          ExpressionAttributeValues: { ':outbox': { S: OUTBOX_PARTITION }, ':cutoff': { S: cutoff } },
          ProjectionExpression: 'pk, sk, #event',
          ExpressionAttributeNames: { '#event': 'event' },
          ConsistentRead: true,
          Limit: limit - events.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const parsed = parseStored(item.event?.S);
        if (parsed) events.push(parsed);
        else this.logger.error('Outbox item is not an event; left in place', { sk: item.sk?.S });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && events.length < limit);
    if (events.length === 0) return { published: 0, failed: 0 };
    const result = await this.publishAndClear(events);
    this.logger.info('Outbox relay run', { ...result, cutoff });
    return result;
  }

  private async publishAndClear(events: readonly CloudEvent[]): Promise<RelayResult> {
    let published = 0;
    let failed = 0;
    for (let start = 0; start < events.length; start += PUBLISH_BATCH) {
      const batch = events.slice(start, start + PUBLISH_BATCH);
      const accepted = await this.publishBatch(batch);
      failed += batch.length - accepted.length;
      await this.deleteItems(accepted.map(outboxKeyOf));
      published += accepted.length;
    }
    return { published, failed };
  }

  /** Returns the events SNS accepted; the publisher's error names the ones it did not. */
  private async publishBatch(batch: readonly CloudEvent[]): Promise<CloudEvent[]> {
    try {
      await this.options.publisher.publish(batch);
      return [...batch];
    } catch (error) {
      const refused = new Set(
        (error as { failed?: { eventId: string }[] }).failed?.map((entry) => entry.eventId) ??
          batch.map((event) => event.id),
      );
      this.logger.warn('Events not published; they stay in the outbox', {
        eventIds: [...refused],
        ...errorAttributes(error),
      });
      return batch.filter((event) => !refused.has(event.id));
    }
  }

  private async deleteItems(keys: readonly OutboxKey[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      let requests: WriteRequest[] = keys.slice(start, start + DELETE_BATCH).map((key) => ({
        DeleteRequest: { Key: { pk: { S: key.pk }, sk: { S: key.sk } } },
      }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > MAX_DELETE_ATTEMPTS) {
          // Published but still pending: the relay publishes them again, which consumers dedupe.
          this.logger.warn('Published events left in the outbox', { count: requests.length });
          return;
        }
        const { UnprocessedItems } = await this.options.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.options.tableName]: requests } }),
        );
        requests = UnprocessedItems?.[this.options.tableName] ?? [];
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}

function parseStored(json: string | undefined): CloudEvent | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as CloudEvent;
    return typeof value?.id === 'string' && typeof value.time === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
