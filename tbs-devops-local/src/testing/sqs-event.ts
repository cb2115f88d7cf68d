import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { toSqsRecord } from '../cloud/sqs-event-source';

/** A message on a queue, as a test puts it there. */
export interface SqsTestMessage {
  /** A string is the body as it is (malformed JSON included); anything else is sent as JSON. */
  body: unknown;
  /** A random UUID unless given, as SQS assigns it. */
  messageId?: string;
  /** String message attributes, e.g. the ones an API Gateway SQS integration sets. */
  messageAttributes?: Record<string, string>;
}

export interface SqsTestQueue {
  queueArn?: string;
  region?: string;
}

/**
 * One record of the event a function's SQS event source mapping hands it, built by the local cloud's own event
 * source code (attributes, MD5 of the body, message attribute shape, event source ARN and region).
 */
export function sqsRecord(message: SqsTestMessage, queue: SqsTestQueue = {}): SQSRecord {
  const region = queue.region ?? 'us-east-1';
  const queueArn = queue.queueArn ?? `arn:aws:sqs:${region}:000000000000:tbs-test-queue`;
  const received: Message = {
    MessageId: message.messageId ?? randomUUID(),
    ReceiptHandle: `receipt-${randomUUID()}`,
    Body: typeof message.body === 'string' ? message.body : JSON.stringify(message.body),
    MessageAttributes: Object.fromEntries(
      Object.entries(message.messageAttributes ?? {}).map(([name, value]) => [
        name,
        { DataType: 'String', StringValue: value },
      ]),
    ),
  };
  return toSqsRecord(received, { queueArn, region }) as unknown as SQSRecord;
}

/** The event for a batch of messages received together from one queue. */
export function sqsEvent(messages: SqsTestMessage[], queue: SqsTestQueue = {}): SQSEvent {
  return { Records: messages.map((message) => sqsRecord(message, queue)) };
}
