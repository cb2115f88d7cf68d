import { createHash } from 'node:crypto';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DeliveryFaults, InjectedFaultError } from './delivery-faults';
import type { LocalFunction } from './function-runtime';

/** An `Events: {Type: SQS}` event-source mapping. */
export interface SqsEventSourceConfig {
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency; bounded by the function's own concurrency. */
  maximumConcurrency?: number;
  region: string;
  /** Shapes the invocation event from the SQS records (SNS subscriptions use it); default `{Records}`. */
  toEvent?: (records: Array<Record<string, unknown>>) => unknown;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** One received message as the SQS event source hands it to a function (a record of the event's `Records`). */
export function toSqsRecord(
  message: Message,
  config: Pick<SqsEventSourceConfig, 'queueArn' | 'region'>,
): Record<string, unknown> {
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: '000000000000',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
    ...(message.Attributes as Record<string, string> | undefined),
  };
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: v.StringValue,
      binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
      dataType: v.DataType,
    };
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? md5(message.Body ?? ''),
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    eventSource: 'aws:sqs',
    eventSourceARN: config.queueArn,
    awsRegion: config.region,
  };
}

/**
 * Polls a queue the way Lambda's SQS poller does: long polling, batches of BatchSize gathered for at most the
 * batching window, messages deleted only when the function succeeds for them. Failed messages stay in flight
 * until their visibility timeout ends; the queue's redrive policy then moves them to the DLQ.
 */
export class SqsEventSource {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly fn: LocalFunction,
    readonly config: SqsEventSourceConfig,
    private readonly log: (line: string) => void,
    /** Test-only duplicate deliveries and failed invocations; inactive unless switched on. */
    private readonly faults?: DeliveryFaults,
  ) {}

  start(): void {
    if (this.fn.maxConcurrency <= 0) {
      // Like Lambda, a function with no concurrency does not poll: messages wait in the queue.
      this.log(`${this.prefix} not polling: ReservedConcurrentExecutions is 0`);
      return;
    }
    const limit = Math.max(
      1,
      Math.min(this.fn.maxConcurrency, this.config.maximumConcurrency ?? Number.POSITIVE_INFINITY),
    );
    this.loops.push(this.loop(limit));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  private get prefix(): string {
    return `[${this.fn.spec.stack}/${this.fn.spec.logicalId}] sqs`;
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.config.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return out.Messages ?? [];
  }

  private async gatherBatch(): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowInSeconds } = this.config;
    const batch = await this.receive(batchSize, 20);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + maximumBatchingWindowInSeconds * 1000;
    while (batch.length < batchSize && Date.now() < deadline && !this.abort.signal.aborted) {
      const wait = Math.min(20, Math.ceil((deadline - Date.now()) / 1000));
      const more = await this.receive(batchSize - batch.length, wait);
      batch.push(...more);
      if (more.length === 0 && wait <= 0) break;
    }
    return batch;
  }

  /**
   * One long poll at a time per mapping (few open connections however many queues there are); batches are handed
   * to the function concurrently up to `limit`, and no more is received while that many are running.
   */
  private async loop(limit: number): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.abort.signal.aborted) {
      try {
        while (running.size >= limit) await Promise.race(running);
        const batch = await this.gatherBatch();
        if (batch.length === 0) continue;
        const job: Promise<void> = this.process(batch)
          .catch((err: Error) => this.log(`${this.prefix} ${err.message}`))
          .finally(() => running.delete(job));
        running.add(job);
      } catch (err) {
        if (this.abort.signal.aborted) break;
        this.log(`${this.prefix} poller error: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await Promise.allSettled(running);
  }

  private async process(batch: Message[]): Promise<void> {
    const faults = this.faults?.active ? this.faults : undefined;
    const deliveries = faults ? faults.plan(batch) : [batch];
    // A message is done once any of its deliveries succeeded, as when one of two receivers deletes it.
    const done = new Set((await Promise.all(deliveries.map((d) => this.deliver(d, faults)))).flat());
    const succeeded = batch.filter((m) => done.has(m));
    if (succeeded.length === 0) return;
    const out = await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.config.queueUrl,
        Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    for (const failure of out.Failed ?? []) this.log(`${this.prefix} delete failed: ${failure.Message}`);
  }

  /** One invocation; resolves to the messages it handled successfully. */
  private async deliver(batch: Message[], faults: DeliveryFaults | undefined): Promise<Message[]> {
    const records = batch.map((m) => toSqsRecord(m, this.config));
    const event = this.config.toEvent ? this.config.toEvent(records) : { Records: records };
    try {
      const fault = faults?.next() ?? 'none';
      if (fault === 'before') throw new InjectedFaultError('before');
      const result = await this.fn.invoke(event, 'queue');
      if (fault === 'after') throw new InjectedFaultError('after');
      return this.config.reportBatchItemFailures ? this.successfulOnly(batch, result) : batch;
    } catch (err) {
      this.log(`${this.prefix} batch of ${batch.length} failed: ${(err as Error).message}`);
      return [];
    }
  }

  /** Lambda's partial-batch contract: a malformed response or an unknown id fails the whole batch. */
  private successfulOnly(batch: Message[], result: unknown): Message[] {
    if (result === null || result === undefined || typeof result !== 'object') return batch;
    const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
    if (failures === undefined || failures === null) return batch;
    if (!Array.isArray(failures)) return [];
    const failed = new Set<string>();
    for (const f of failures) {
      const id = (f as { itemIdentifier?: unknown })?.itemIdentifier;
      if (typeof id !== 'string' || id === '' || !batch.some((m) => m.MessageId === id)) {
        this.log(`${this.prefix} invalid batchItemFailures entry: the whole batch is retried`);
        return [];
      }
      failed.add(id);
    }
    return batch.filter((m) => !failed.has(m.MessageId ?? ''));
  }
}
