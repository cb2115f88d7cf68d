import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { IdempotencyStore } from './idempotency-store';

// By name, not instanceof: a service may bundle its own copy of the DynamoDB client.
const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export interface DynamoDbIdempotencyStoreOptions {
  client: DynamoDBClient;
  /** A table with the string partition key `pk` (no sort key) and TTL on `expiresAt`; may be shared. */
  tableName: string;
  /** The consumer's name (e.g. `fulfilment-order-events`): two consumers of one event keep separate records. */
  consumer: string;
  /**
   * How long a claim blocks redeliveries: the function timeout plus a few seconds (Lambda stops the handler by
   * then). Longer leases make a crashed claim outlive the queue's retries and dead-letter the event unhandled.
   */
  leaseSeconds: number;
  /** How long a handled event is remembered; set it above the queue's retention. Default 14 days (SQS maximum). */
  retentionSeconds?: number;
  now?: () => number;
}

/**
 * `IdempotencyStore` on DynamoDB. One item per event and consumer, `pk = EVENT#<consumer>#<eventId>`, holding
 * `status` (IN_PROGRESS | DONE), `leaseUntil` (epoch ms) and `expiresAt` (epoch seconds, the table's TTL).
 * A claim is a conditional put that only succeeds when there is no live record, so two invocations can never both
 * hold an event; a claim whose lease ran out (a crashed or timed-out invocation) can be taken over.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  private readonly leaseMs: number;
  private readonly retentionSeconds: number;
  private readonly now: () => number;
  // The token of each claim this instance holds, so a release never deletes a claim another invocation took over.
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: DynamoDbIdempotencyStoreOptions) {
    if (!(options.leaseSeconds > 0)) throw new RangeError('leaseSeconds must be positive');
    this.leaseMs = options.leaseSeconds * 1000;
    this.retentionSeconds = options.retentionSeconds ?? 14 * 24 * 3600;
    this.now = options.now ?? Date.now;
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(options.consumer)) throw new TypeError('consumer must be a short plain name');
  }

  keyOf(eventId: string): string {
    return `EVENT#${this.options.consumer}#${eventId}`;
  }

  async begin(eventId: string): Promise<'new' | 'in_progress' | 'done'> {
    const now = this.now();
    const token = randomUUID();
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            pk: { S: this.keyOf(eventId) },
            status: { S: 'IN_PROGRESS' },
            token: { S: token },
            leaseUntil: { N: String(now + this.leaseMs) },
            expiresAt: { N: String(Math.ceil((now + this.leaseMs) / 1000) + this.retentionSeconds) },
          },
          // TTL deletes lazily (up to days late), so an expired record counts as absent.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#status = :inProgress AND leaseUntil < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':nowSeconds': { N: String(Math.floor(now / 1000)) },
            ':nowMs': { N: String(now) },
            ':inProgress': { S: 'IN_PROGRESS' },
          },
        }),
      );
      this.tokens.set(eventId, token);
      return 'new';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.options.client.send(
      new GetItemCommand({
        TableName: this.options.tableName,
        Key: { pk: { S: this.keyOf(eventId) } },
        ConsistentRead: true,
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return existing.Item?.status?.S === 'DONE' ? 'done' : 'in_progress';
  }

  async complete(eventId: string): Promise<void> {
    const now = this.now();
    await this.options.client.send(
      new PutItemCommand({
        TableName: this.options.tableName,
        Item: {
          pk: { S: this.keyOf(eventId) },
          status: { S: 'DONE' },
          completedAt: { S: new Date(now).toISOString() },
          expiresAt: { N: String(Math.floor(now / 1000) + this.retentionSeconds) },
        },
      }),
    );
    this.tokens.delete(eventId);
  }

  async release(eventId: string): Promise<void> {
    const token = this.tokens.get(eventId);
    if (token === undefined) return;
    this.tokens.delete(eventId);
    try {
      await this.options.client.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: { pk: { S: this.keyOf(eventId) } },
          ConditionExpression: '#status = :inProgress AND #token = :token',
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
          ExpressionAttributeValues: { ':inProgress': { S: 'IN_PROGRESS' }, ':token': { S: token } },
        }),
      );
    } catch (error) {
      // Someone else's claim or an already completed event: nothing of ours to release.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
