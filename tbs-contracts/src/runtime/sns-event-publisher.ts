import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { assertCloudEvent, type CloudEvent, type EventValidators } from './cloud-event';

/** SNS PublishBatch limits: 10 entries and 256 KiB for the whole request. */
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;
// Leaves room for the attributes and ids SNS counts towards the request size.
const ENTRY_OVERHEAD_BYTES = 512;

export interface FailedPublication {
  eventId: string;
  eventType: string;
  code: string;
  message: string;
}

/** Some events were not accepted by SNS. `failed` names them; the others were published. */
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  constructor(readonly failed: FailedPublication[]) {
    super(
      `SNS did not accept ${failed.length} event(s): ${failed.map((entry) => `${entry.eventId} (${entry.code})`).join(', ')}`,
    );
  }
}

/**
 * Loads the validators of the events a publisher sends, e.g.
 * `() => import('./order-event-validators').then((m) => m.ORDER_EVENT_VALIDATORS)`: bundled as a module that is
 * evaluated only when first called, so a function pays for compiled schemas at its first publish, and one that never
 * publishes never evaluates them.
 */
export type EventValidatorsLoader = () => Promise<EventValidators>;

/**
 * Publishes CloudEvents to one SNS topic. Every event is validated against the schema of its type before anything
 * is sent (an invalid one throws and nothing is published), then sent with PublishBatch, with the message
 * attribute `type` that subscription filter policies match on. Throws `EventPublishError` if SNS rejects any
 * entry, so the caller retries (consumers are idempotent on the event id, so republishing the rest is safe).
 * The validators are a map, or a loader called at the first publish (again after a failed load).
 */
export class SnsEventPublisher {
  private validators: Promise<EventValidators> | undefined;

  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly validatorsOf: EventValidators | EventValidatorsLoader,
  ) {}

  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    const validators = await this.loadValidators();
    for (const event of events) assertCloudEvent(event, validators);
    const failed: FailedPublication[] = [];
    for (const batch of batchesOf(events)) {
      const entries: PublishBatchRequestEntry[] = batch.map(({ event, message }, index) => ({
        Id: `e${index}`,
        Message: message,
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }));
      const result = await this.sns.send(
        new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: entries }),
      );
      const accepted = new Set((result.Successful ?? []).map((entry) => entry.Id));
      const reported = new Map((result.Failed ?? []).map((entry) => [entry.Id, entry]));
      batch.forEach(({ event }, index) => {
        const id = `e${index}`;
        if (accepted.has(id)) return;
        const failure = reported.get(id);
        failed.push({
          eventId: event.id,
          eventType: event.type,
          code: failure?.Code ?? 'NotAcknowledged',
          message: failure?.Message ?? 'SNS did not report this entry as published',
        });
      });
    }
    if (failed.length > 0) throw new EventPublishError(failed);
  }

  private loadValidators(): Promise<EventValidators> {
    const source = this.validatorsOf;
    if (typeof source !== 'function') return Promise.resolve(source);
    this.validators ??= source().catch((error: unknown) => {
      this.validators = undefined;
      throw error;
    });
    return this.validators;
  }
}

interface Outgoing {
  event: CloudEvent;
  message: string;
}

const batchesOf = (events: readonly CloudEvent[]): Outgoing[][] => {
  const batches: Outgoing[][] = [];
  let current: Outgoing[] = [];
  let bytes = 0;
  for (const event of events) {
    const message = JSON.stringify(event);
    const size = Buffer.byteLength(message, 'utf8') + ENTRY_OVERHEAD_BYTES;
    if (size > MAX_BATCH_BYTES) throw new RangeError(`Event ${event.id} is larger than SNS accepts (${size} bytes)`);
    if (current.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ event, message });
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};
