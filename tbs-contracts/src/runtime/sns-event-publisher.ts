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
 * Publishes CloudEvents to one SNS topic. Every event is validated against the schema of its type before anything
 * is sent (an invalid one throws and nothing is published), then sent with PublishBatch, with the message
 * attribute `type` that subscription filter policies match on. Throws `EventPublishError` if SNS rejects any
 * entry, so the caller retries (consumers are idempotent on the event id, so republishing the rest is safe).
 */
export class SnsEventPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly validators: EventValidators,
  ) {}

  async publish(events: readonly CloudEvent[]): Promise<void> {
    for (const event of events) assertCloudEvent(event, this.validators);
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
