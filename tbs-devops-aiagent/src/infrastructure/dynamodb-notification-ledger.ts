import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { NotificationLedger } from '../application/ports/notification-ledger';

const KEEP_DAYS = 30;
// A claim older than this is considered abandoned (the invocation died mid-send) and can be taken over.
const LEASE_SECONDS = 120;

/**
 * One small table, key `pk`: `transition#<alarm ARN>#<time>` items make each transition notify once;
 * `open#<alarm ARN>` items hold the incident to resolve. `expiresAt` is the TTL attribute.
 */
export class DynamoDbNotificationLedger implements NotificationLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async claim(key: string): Promise<boolean> {
    const now = this.seconds();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: `transition#${key}` },
            status: { S: 'PENDING' },
            leaseUntil: { N: String(now + LEASE_SECONDS) },
            expiresAt: { N: String(now + KEEP_DAYS * 86_400) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': { S: 'PENDING' }, ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(key: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `transition#${key}` } },
        UpdateExpression: 'SET #status = :sent REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': { S: 'SENT' } },
      }),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `transition#${key}` } },
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': { S: 'PENDING' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async rememberOpenIncident(alarmArn: string, incidentId: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: `open#${alarmArn}` },
          incidentId: { S: incidentId },
          expiresAt: { N: String(this.seconds() + KEEP_DAYS * 86_400) },
        },
      }),
    );
  }

  async takeOpenIncident(alarmArn: string): Promise<string | undefined> {
    const result = await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `open#${alarmArn}` } },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes?.['incidentId']?.S;
  }
}
