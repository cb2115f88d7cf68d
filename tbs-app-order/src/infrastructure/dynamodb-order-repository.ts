import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type CloudEvent, outboxPut } from '@tbs/contracts/runtime';
import { ulid } from 'ulid';
import type { OrderPage, OrderRepository, PageRequest } from '../application/ports/order-repository';
import type { CheckoutAttempt } from '../domain/idempotency';
import { Order, type OrderSnapshot, type OrderStatus } from '../domain/order';
import { OrderChangedConcurrentlyError } from '../domain/order-errors';
import { toCloudEvent } from './order-cloud-events';
import {
  ALL_ORDERS_INDEX,
  ALL_ORDERS_PARTITION,
  ATTEMPT_RETENTION_SECONDS,
  attemptKey,
  BY_CUSTOMER_INDEX,
  BY_STATUS_INDEX,
  customerPartition,
  ORDER_SORT_KEY,
  orderKey,
  placedSortKey,
  statusPartition,
} from './order-table';

/** What the repository needs of the outbox relay (the contracts runtime's `OutboxRelay`). */
export interface CommittedEventPublisher {
  publishCommitted(events: readonly CloudEvent[]): Promise<unknown>;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Orders in DynamoDB. Every write is one transaction: the order (conditional on the version it was loaded at),
 * and its events in the outbox; events are published right after the commit, the relay catches up on the rest.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly relay: CommittedEventPublisher,
    private readonly correlationId: () => string = ulid,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : Order.restore(toSnapshot(Item));
  }

  async create(order: Order, attempt: CheckoutAttempt): Promise<'created' | 'attempt_exists'> {
    const events = this.eventsOf(order);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...attemptKey(attempt.customerId, attempt.key),
            entityType: 'CheckoutAttempt',
            fingerprint: attempt.fingerprint,
            orderId: attempt.orderId,
            expiresAt: this.nowSeconds() + ATTEMPT_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.tableName, Item: toItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...events.map((event) => outboxPut(this.tableName, event)),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedCondition(error, 0)) return 'attempt_exists';
      throw error;
    }
    await this.relay.publishCommitted(events);
    return 'created';
  }

  async save(order: Order): Promise<void> {
    if (order.storedVersion === 0) throw new Error('A new order is stored with create()');
    const events = this.eventsOf(order);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(order),
          ConditionExpression: '#version = :stored',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':stored': order.storedVersion },
        },
      },
      ...events.map((event) => outboxPut(this.tableName, event)),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedCondition(error, 0)) throw new OrderChangedConcurrentlyError(order.id);
      throw error;
    }
    await this.relay.publishCommitted(events);
  }

  async findAttempt(customerId: string, key: string): Promise<CheckoutAttempt | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: attemptKey(customerId, key), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return { customerId, key, fingerprint: String(Item.fingerprint), orderId: String(Item.orderId) };
  }

  async listByCustomer(customerId: string, since: Date, page: PageRequest): Promise<OrderPage> {
    return this.query(BY_CUSTOMER_INDEX, 'gsi1pk', 'gsi1sk', customerPartition(customerId), since.toISOString(), page);
  }

  async listAll(status: OrderStatus | undefined, page: PageRequest): Promise<OrderPage> {
    return status === undefined
      ? this.query(ALL_ORDERS_INDEX, 'gsi3pk', 'gsi3sk', ALL_ORDERS_PARTITION, undefined, page)
      : this.query(BY_STATUS_INDEX, 'gsi2pk', 'gsi2sk', statusPartition(status), undefined, page);
  }

  private async query(
    index: string,
    partitionAttribute: string,
    sortAttribute: string,
    partition: string,
    since: string | undefined,
    page: PageRequest,
  ): Promise<OrderPage> {
    // A cursor is only ever a position inside the partition it was issued for.
    const after = page.after !== undefined && page.after[partitionAttribute] === partition ? page.after : undefined;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: since === undefined ? '#p = :p' : '#p = :p AND #s >= :since',
        ExpressionAttributeNames:
          since === undefined ? { '#p': partitionAttribute } : { '#p': partitionAttribute, '#s': sortAttribute },
        ExpressionAttributeValues: since === undefined ? { ':p': partition } : { ':p': partition, ':since': since },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: after,
      }),
    );
    return {
      orders: Items.map((item) => Order.restore(toSnapshot(item))),
      ...(LastEvaluatedKey === undefined ? {} : { next: LastEvaluatedKey as Record<string, string> }),
    };
  }

  private eventsOf(order: Order): CloudEvent[] {
    const correlationId = this.correlationId();
    return order.pendingEvents.map((event) => toCloudEvent(event, correlationId));
  }
}

function toItem(order: Order): Record<string, unknown> {
  const snapshot = order.toSnapshot();
  const sortKey = placedSortKey(snapshot.placedAt, snapshot.id);
  return {
    ...orderKey(snapshot.id),
    entityType: 'Order',
    gsi1pk: customerPartition(snapshot.customerId),
    gsi1sk: sortKey,
    gsi2pk: statusPartition(snapshot.status),
    gsi2sk: sortKey,
    gsi3pk: ALL_ORDERS_PARTITION,
    gsi3sk: sortKey,
    snapshot,
    version: snapshot.version,
  };
}

function toSnapshot(item: Record<string, unknown>): OrderSnapshot {
  if (item.sk !== ORDER_SORT_KEY || typeof item.snapshot !== 'object' || item.snapshot === null) {
    throw new Error('Not an order item');
  }
  return item.snapshot as OrderSnapshot;
}

/** True when the transaction was cancelled because the condition of item `index` failed. */
function failedCondition(error: unknown, index: number): boolean {
  const named = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (named.name === 'ConditionalCheckFailedException') return true;
  if (named.name !== 'TransactionCanceledException') return false;
  return named.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
}
