import { BatchGetCommand, DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type CloudEvent, errorAttributes, type RuntimeLogger } from '@tbs/contracts/runtime';
import { inject, injectable } from 'tsyringe';
import type { EventRelay } from '../application/ports/event-relay';
import { OUTBOX_INDEX, OUTBOX_PARTITION, OUTBOX_SORT_KEY, outboxPartitionKey } from './customer-table';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** What the relay needs of a publisher; `SnsEventPublisher` of the contracts runtime is the one in use. */
export interface CloudEventPublisher {
  publish(events: readonly CloudEvent[]): Promise<void>;
}

interface OutboxItem {
  pk: string;
  event: string;
}

/**
 * The transactional outbox's relay: reads committed events back from the table (so only events whose change
 * committed are ever published), publishes them, and deletes each one SNS accepted. An event SNS refused, or any
 * failure, leaves it in the outbox for the next scheduled `relayPending`.
 */
@injectable()
export class OutboxEventRelay implements EventRelay {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly documents: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.CustomerTableName) private readonly tableName: string,
    @inject(INFRASTRUCTURE_TOKENS.EventPublisher) private readonly publisher: CloudEventPublisher,
    @inject(INFRASTRUCTURE_TOKENS.Logger) private readonly logger: RuntimeLogger,
  ) {}

  async relay(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    try {
      const { Responses } = await this.documents.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: eventIds.map((id) => ({ pk: outboxPartitionKey(id), sk: OUTBOX_SORT_KEY })),
              ConsistentRead: true,
            },
          },
        }),
      );
      await this.publishAndClear((Responses?.[this.tableName] ?? []) as OutboxItem[]);
    } catch (error) {
      this.logger.warn('Events stay in the outbox for the relay', { eventIds, ...errorAttributes(error) });
    }
  }

  async relayPending(committedBefore: Date, limit: number): Promise<{ published: number; failed: number }> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'gsi2pk = :outbox AND gsi2sk < :cutoff',
        ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION, ':cutoff': committedBefore.toISOString() },
        Limit: limit,
      }),
    );
    const items = Items as OutboxItem[];
    if (items.length === 0) return { published: 0, failed: 0 };
    const published = await this.publishAndClear(items);
    return { published, failed: items.length - published };
  }

  /** Publishes one at a time so one refused event cannot hold back the others; returns how many went out. */
  private async publishAndClear(items: readonly OutboxItem[]): Promise<number> {
    let published = 0;
    for (const item of items) {
      const event = JSON.parse(item.event) as CloudEvent;
      try {
        await this.publisher.publish([event]);
      } catch (error) {
        this.logger.warn('Event not published; it stays in the outbox', {
          eventId: event.id,
          eventType: event.type,
          ...errorAttributes(error),
        });
        continue;
      }
      await this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: OUTBOX_SORT_KEY } }),
      );
      this.logger.info('Event published', { eventId: event.id, eventType: event.type, subject: event.subject });
      published += 1;
    }
    return published;
  }
}
