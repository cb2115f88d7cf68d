import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { NotFoundError } from './errors';

export interface QueueRef {
  name: string;
  url: string;
  arn: string;
}

export interface DeadLetterQueue extends QueueRef {
  /** The queues whose RedrivePolicy targets this one (usually one). */
  sources: QueueRef[];
}

export interface DeadLetter {
  queue: string;
  messageId: string;
  sentAt: Date;
  /** Receives before it was dead-lettered; this inspection's own receive is not counted. */
  receiveCount: number;
  body: string;
  attributes: Record<string, string>;
}

// Long enough to collect every message of a queue without seeing one twice, short enough that an interrupted
// inspection does not hide messages for long.
const PEEK_VISIBILITY_SECONDS = 20;

async function listQueues(sqs: SQSClient): Promise<QueueRef[]> {
  const urls: string[] = [];
  let token: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }));
    urls.push(...(page.QueueUrls ?? []));
    token = page.NextToken;
  } while (token);
  const refs: QueueRef[] = [];
  for (const url of urls) {
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    const arn = attrs.Attributes?.['QueueArn'] ?? '';
    refs.push({ name: arn.split(':').pop() || (url.split('/').pop() ?? url), url, arn });
  }
  return refs;
}

/** Every queue that some queue's RedrivePolicy dead-letters into, with those source queues. */
export async function findDeadLetterQueues(sqs: SQSClient): Promise<DeadLetterQueue[]> {
  const queues = await listQueues(sqs);
  const byArn = new Map(queues.map((q) => [q.arn, { ...q, sources: [] as QueueRef[] }]));
  for (const queue of queues) {
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['RedrivePolicy'] }),
    );
    const policy = attrs.Attributes?.['RedrivePolicy'];
    if (!policy) continue;
    const target = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    const dlq = target ? byArn.get(target) : undefined;
    if (dlq) dlq.sources.push(queue);
  }
  return [...byArn.values()].filter((q) => q.sources.length > 0).sort((a, b) => a.name.localeCompare(b.name));
}

/** A dead-letter queue by its name, or by the name of the queue that dead-letters into it. */
export async function resolveDeadLetterQueue(sqs: SQSClient, name: string): Promise<DeadLetterQueue> {
  const dlqs = await findDeadLetterQueues(sqs);
  const found = dlqs.find((q) => q.name === name) ?? dlqs.find((q) => q.sources.some((s) => s.name === name));
  if (found) return found;
  try {
    await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  } catch {
    throw new NotFoundError(`no queue named "${name}" (see "tbs-local dlq list")`);
  }
  throw new NotFoundError(`"${name}" is neither a dead-letter queue nor has one`);
}

async function receiveAll(sqs: SQSClient, queueUrl: string, visibility: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (;;) {
    const batch = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibility,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = (batch.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) return [...seen.values()];
    for (const m of fresh) seen.set(m.MessageId as string, m);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toDeadLetter(queue: string, m: Message): DeadLetter {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(m.MessageAttributes ?? {})) {
    attributes[key] = value.StringValue ?? `(${value.DataType})`;
  }
  return {
    queue,
    messageId: m.MessageId ?? '',
    sentAt: new Date(Number(m.Attributes?.['SentTimestamp'] ?? 0)),
    receiveCount: Math.max(0, Number(m.Attributes?.['ApproximateReceiveCount'] ?? 1) - 1),
    body: m.Body ?? '',
    attributes,
  };
}

/**
 * Reads a queue's messages without consuming them: receive everything, then make it visible again at once.
 * SQS has no non-destructive read, so this is what the console's "poll for messages" does too.
 */
export async function peekDeadLetters(sqs: SQSClient, queue: QueueRef): Promise<DeadLetter[]> {
  const messages = await receiveAll(sqs, queue.url, PEEK_VISIBILITY_SECONDS);
  for (const batch of chunks(messages, 10)) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
  return messages.map((m) => toDeadLetter(queue.name, m)).sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
}

export async function listDeadLetters(sqs: SQSClient): Promise<DeadLetter[]> {
  const all: DeadLetter[] = [];
  for (const dlq of await findDeadLetterQueues(sqs)) all.push(...(await peekDeadLetters(sqs, dlq)));
  return all.sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
}

export interface RedriveResult {
  from: string;
  to: string;
  moved: number;
}

/**
 * Moves every message of a dead-letter queue back to its source queue (body and message attributes kept), then
 * deletes it from the DLQ; a message is only deleted once the source queue has accepted it.
 */
export async function redriveDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue): Promise<RedriveResult> {
  const [source, ...others] = dlq.sources;
  if (!source) throw new NotFoundError(`no queue dead-letters into "${dlq.name}"`);
  if (others.length > 0) {
    throw new NotFoundError(`"${dlq.name}" serves several queues (${dlq.sources.map((s) => s.name).join(', ')})`);
  }
  const fifo = source.name.endsWith('.fifo');
  const messages = await receiveAll(sqs, dlq.url, 60);
  let moved = 0;
  for (const batch of chunks(messages, 10)) {
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: source.url,
        Entries: batch.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length > 0
            ? { MessageAttributes: m.MessageAttributes }
            : {}),
          ...(fifo
            ? {
                MessageGroupId: m.Attributes?.['MessageGroupId'] ?? 'redrive',
                MessageDeduplicationId: `${m.MessageId}-redrive`,
              }
            : {}),
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const accepted = batch.filter((_, i) => ok.has(String(i)));
    if (accepted.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: dlq.url,
          Entries: accepted.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    moved += accepted.length;
    if (sent.Failed && sent.Failed.length > 0) {
      throw new Error(`${source.name} refused ${sent.Failed.length} message(s): ${sent.Failed[0]?.Message ?? ''}`);
    }
  }
  return { from: dlq.name, to: source.name, moved };
}
