import type { CloudEvent } from '../cloud-event';

/**
 * Key layout of the transactional outbox inside a service's own table (string keys `pk`/`sk`):
 *
 * | item           | pk       | sk                                 | attributes                                     |
 * |----------------|----------|------------------------------------|------------------------------------------------|
 * | pending event  | `OUTBOX` | `<event time ISO>#<id>`            | entityType, eventId, eventType, event (JSON)   |
 * | pending events | `OUTBOX` | `<first event time ISO>#<its id>`  | entityType, eventIds, events (JSON array)      |
 *
 * One partition holds every pending event in write-time order, so the relay finds what is older than its grace
 * period with one Query (`sk < <cutoff>`) and no index. Items only live between a commit and its publication
 * (milliseconds, or one relay run after a crash), so the partition stays small; its write rate is bounded by
 * DynamoDB's per-partition limit (1,000 writes/s), far above what a catalogue or an order flow produces.
 */
export const OUTBOX_PARTITION = 'OUTBOX';
export const OUTBOX_ENTITY_TYPE = 'OutboxEvent';

export interface OutboxKey {
  pk: string;
  sk: string;
}

/** A TransactWriteItems entry in the form of `@aws-sdk/lib-dynamodb` (plain values). */
export interface OutboxTransactPut {
  Put: {
    TableName: string;
    Item: Record<string, string>;
    ConditionExpression: string;
  };
}

/** The outbox key of an event: fixed by the event itself, so the writer can delete it after publishing. */
export function outboxKeyOf(event: Pick<CloudEvent, 'id' | 'time'>): OutboxKey {
  const time = new Date(event.time);
  if (Number.isNaN(time.getTime())) throw new TypeError(`Event ${event.id} has no valid time`);
  // Normalised so events written with different ISO precisions still sort by time.
  return { pk: OUTBOX_PARTITION, sk: `${time.toISOString()}#${event.id}` };
}

/**
 * The outbox item of one event, to put in the same TransactWriteItems as the aggregate change it reports: the
 * event exists exactly when the change committed. The event is stored as the JSON that will be published, so a
 * relay never rebuilds (or alters) it; its id was fixed at write time, which is what consumers dedupe on.
 */
export function outboxPut(tableName: string, event: CloudEvent): OutboxTransactPut {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...outboxKeyOf(event),
        entityType: OUTBOX_ENTITY_TYPE,
        eventId: event.id,
        eventType: event.type,
        event: JSON.stringify(event),
      },
      // An event id is written once; a second put of it is a bug and must fail its transaction.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * One outbox item holding several events of one change, for changes that report many facts at once (a reservation
 * of fifty products): a transaction holds at most 100 items, and one item for all events keeps the change's size
 * from doubling. Published and deleted as a unit by `OutboxRelay.publishCommittedTogether` and `publishPending`.
 * Keyed by its first event, so it sorts by write time like single events.
 */
export function outboxPutAll(tableName: string, events: readonly CloudEvent[]): OutboxTransactPut {
  const [first] = events;
  if (first === undefined) throw new TypeError('An outbox item needs at least one event');
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...outboxKeyOf(first),
        entityType: OUTBOX_ENTITY_TYPE,
        eventIds: events.map((event) => event.id).join(' '),
        events: JSON.stringify(events),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
