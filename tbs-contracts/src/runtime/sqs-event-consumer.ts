import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type CloudEvent, type EventValidators, parseCloudEvent } from './cloud-event';
import type { IdempotencyStore } from './idempotency-store';
import { consoleJsonLogger, errorAttributes, type RuntimeLogger } from './runtime-logger';

export interface SqsEventConsumerOptions<TEvent extends CloudEvent> {
  validators: EventValidators;
  /** Handles one valid event. Throw to have the record retried (and dead-lettered after maxReceiveCount). */
  handle: (event: TEvent, record: SQSRecord) => Promise<void>;
  idempotency?: IdempotencyStore;
  logger?: RuntimeLogger;
}

export type SqsEventHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

type Outcome = 'handled' | 'duplicate' | 'failed';

/**
 * A Lambda SQS handler (event source with `ReportBatchItemFailures`) for queues subscribed to SNS topics with raw
 * delivery. Each record is parsed and validated as a CloudEvent, then handled; records run one after another in
 * batch order. Every failure is reported in `batchItemFailures` (never swallowed): invalid records too, so they
 * reach the dead-letter queue after maxReceiveCount instead of vanishing. On a FIFO queue the records after a
 * failure are failed unprocessed, to keep each message group in order.
 */
export const sqsEventConsumer = <TEvent extends CloudEvent = CloudEvent>(
  options: SqsEventConsumerOptions<TEvent>,
): SqsEventHandler => {
  const logger = options.logger ?? consoleJsonLogger;

  const processRecord = async (record: SQSRecord): Promise<Outcome> => {
    let event: TEvent;
    try {
      event = parseCloudEvent<TEvent>(record.body, options.validators);
    } catch (error) {
      logger.error('Rejected an event that is not valid', {
        messageId: record.messageId,
        error: errorAttributes(error),
      });
      return 'failed';
    }
    const context = {
      messageId: record.messageId,
      eventId: event.id,
      eventType: event.type,
      correlationId: event.correlationid,
    };
    const store = options.idempotency;
    try {
      if (store) {
        const state = await store.begin(event.id);
        if (state === 'done') {
          logger.info('Skipped an event already handled', context);
          return 'duplicate';
        }
        if (state === 'in_progress') {
          logger.warn('Event is being handled by another invocation; retrying later', context);
          return 'failed';
        }
      }
    } catch (error) {
      logger.error('Could not claim the event', { ...context, error: errorAttributes(error) });
      return 'failed';
    }
    try {
      await options.handle(event, record);
    } catch (error) {
      logger.error('Handling the event failed', { ...context, error: errorAttributes(error) });
      if (store) {
        await store.release(event.id).catch((releaseError: unknown) => {
          logger.error('Could not release the event claim; it expires with its lease', {
            ...context,
            error: errorAttributes(releaseError),
          });
        });
      }
      return 'failed';
    }
    if (store) {
      try {
        await store.complete(event.id);
      } catch (error) {
        // Handled but not recorded: retry so the record is not lost; the handler must tolerate a second delivery.
        logger.error('Could not record the event as handled', { ...context, error: errorAttributes(error) });
        return 'failed';
      }
    }
    return 'handled';
  };

  return async (sqsEvent) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    let blocked = false;
    for (const record of sqsEvent.Records) {
      if (blocked) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const outcome = await processRecord(record);
      if (outcome === 'failed') {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        if (record.eventSourceARN?.endsWith('.fifo')) blocked = true;
      }
    }
    return { batchItemFailures };
  };
};
