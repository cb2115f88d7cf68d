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

/** One outbox item: its key and the events it holds (one, or several written with `outboxPutAll`). */
interface OutboxEntry {
  key: OutboxKey;
  events: CloudEvent[];
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
    return this.publishEntries(events.map((event) => ({ key: outboxKeyOf(event), events: [event] })));
  }

  /**
   * Like `publishCommitted`, for events written as one item with `outboxPutAll`: the item is deleted only once SNS
   * accepted every one of its events, so none is lost when some of them fail.
   */
  async publishCommittedTogether(events: readonly CloudEvent[]): Promise<RelayResult> {
    const [first] = events;
    return this.publishEntries(first === undefined ? [] : [{ key: outboxKeyOf(first), events: [...events] }]);
  }

  private async publishEntries(entries: readonly OutboxEntry[]): Promise<RelayResult> {
    const events = entries.flatMap((entry) => entry.events);
    if (events.length === 0) return { published: 0, failed: 0 };
    try {
      return await this.publishAndClear(entries);
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
    const entries: OutboxEntry[] = [];
    let startKey: QueryCommand['input']['ExclusiveStartKey'];
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :outbox AND sk < :cutoff',
          ExpressionAttributeValues: { ':outbox': { S: OUTBOX_PARTITION }, ':cutoff': { S: cutoff } },
          ProjectionExpression: 'pk, sk, #event, #events',
          ExpressionAttributeNames: { '#event': 'event', '#events': 'events' },
          ConsistentRead: true,
          Limit: limit - entries.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const key = { pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' };
        const events = parseStored(item.event?.S, item.events?.S);
        if (events) entries.push({ key, events });
        else this.logger.error('Outbox item is not an event; left in place', { sk: key.sk });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && entries.length < limit);
    if (entries.length === 0) return { published: 0, failed: 0 };
    const result = await this.publishAndClear(entries);
    this.logger.info('Outbox relay run', { ...result, cutoff });
    return result;
  }

  /** Publishes by SNS batches and deletes each item as soon as all of its events were accepted. */
  private async publishAndClear(entries: readonly OutboxEntry[]): Promise<RelayResult> {
    const events = entries.flatMap((entry) => entry.events);
    const accepted = new Set<string>();
    const refused = new Set<string>();
    const done = (entry: OutboxEntry) => entry.events.every((event) => accepted.has(event.id) || refused.has(event.id));
    let next = 0;
    for (let start = 0; start < events.length; start += PUBLISH_BATCH) {
      const batch = events.slice(start, start + PUBLISH_BATCH);
      const published = new Set((await this.publishBatch(batch)).map((event) => event.id));
      for (const event of batch) (published.has(event.id) ? accepted : refused).add(event.id);
      // Items whose events have all had their turn: delete those SNS took in full, leave the others for the relay.
      const settled: OutboxKey[] = [];
      while (next < entries.length && done(entries[next] as OutboxEntry)) {
        const entry = entries[next] as OutboxEntry;
        if (entry.events.every((event) => accepted.has(event.id))) settled.push(entry.key);
        next += 1;
      }
      await this.deleteItems(settled);
    }
    return { published: accepted.size, failed: events.length - accepted.size };
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

/** The events of a stored item (`event` for one, `events` for several), or undefined when it holds no valid event. */
function parseStored(single: string | undefined, several: string | undefined): CloudEvent[] | undefined {
  const json = single ?? several;
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    const events = (single === undefined ? value : [value]) as CloudEvent[];
    const valid =
      Array.isArray(events) &&
      events.length > 0 &&
      events.every((event) => typeof event?.id === 'string' && typeof event.time === 'string');
    return valid ? events : undefined;
  } catch {
    return undefined;
  }
}
