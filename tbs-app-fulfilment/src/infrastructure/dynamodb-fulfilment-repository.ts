import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CloudEvent, type Cursor, decodeCursor, encodeCursor, outboxPutAll } from '@tbs/contracts/runtime';
import { inject, injectable } from 'tsyringe';
import type {
  FulfilmentChange,
  FulfilmentRepository,
  ShipmentPage,
  ShipmentQuery,
  WriteContext,
} from '../application/ports/fulfilment-repository';
import { ConcurrentUpdateError, OutcomeAlreadyRecordedError } from '../domain/fulfilment-errors';
import type { FulfilmentEvent } from '../domain/fulfilment-events';
import { Inventory, type InventorySnapshot } from '../domain/inventory';
import type { FulfilmentOutcome } from '../domain/paid-order';
import { Shipment, type ShipmentSnapshot } from '../domain/shipment';
import { toCloudEvent } from './fulfilment-cloud-events';
import {
  ALL_SHIPMENTS_INDEX,
  ALL_SHIPMENTS_PARTITION,
  inventoryKey,
  outcomeKey,
  STATUS_INDEX,
  shipmentKey,
  shipmentListSortKey,
  statusPartition,
} from './fulfilment-table';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** What the repository needs of the outbox relay (the contracts runtime's `OutboxRelay`). */
export interface CommittedEventPublisher {
  /** The events of one change, written as one outbox item (`outboxPutAll`). */
  publishCommittedTogether(events: readonly CloudEvent[]): Promise<unknown>;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
type ItemRole = 'outcome' | 'shipment' | 'inventory' | 'outbox';

const MAX_TRANSACTION_ITEMS = 100;
const MAX_BATCH_GET = 100;

@injectable()
export class DynamoDbFulfilmentRepository implements FulfilmentRepository {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly client: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.TableName) private readonly tableName: string,
    @inject(INFRASTRUCTURE_TOKENS.EventRelay) private readonly relay: CommittedEventPublisher,
  ) {}

  async findInventory(productId: string): Promise<Inventory | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: inventoryKey(productId), ConsistentRead: true }),
    );
    return Item && toInventory(Item);
  }

  async findInventories(productIds: readonly string[]): Promise<Map<string, Inventory>> {
    const found = new Map<string, Inventory>();
    const ids = [...new Set(productIds)];
    for (let start = 0; start < ids.length; start += MAX_BATCH_GET) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(start, start + MAX_BATCH_GET).map(inventoryKey);
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const page: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of page.Responses?.[this.tableName] ?? []) {
          found.set(String(item.productId), toInventory(item));
        }
        keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
        if (attempt > 8 && keys?.length) throw new Error('DynamoDB kept stock reads unprocessed');
      }
    }
    return found;
  }

  async findShipment(orderId: string): Promise<Shipment | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: shipmentKey(orderId), ConsistentRead: true }),
    );
    return Item && Shipment.restore(toShipmentSnapshot(Item));
  }

  async listShipments(query: ShipmentQuery): Promise<ShipmentPage> {
    const [index, partitionName, partition] =
      query.status === undefined
        ? [ALL_SHIPMENTS_INDEX, 'gsi2pk', ALL_SHIPMENTS_PARTITION]
        : [STATUS_INDEX, 'gsi1pk', statusPartition(query.status)];
    const sortName = index === STATUS_INDEX ? 'gsi1sk' : 'gsi2sk';
    // A cursor is client input: it must be a position in the very partition this query reads.
    const start = decodeCursor(
      query.cursor,
      (position) =>
        Object.keys(position).length === 4 &&
        position[partitionName] === partition &&
        typeof position[sortName] === 'string' &&
        typeof position.pk === 'string' &&
        position.sk === 'SHIPMENT',
    );
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { '#partition': partitionName },
        ExpressionAttributeValues: { ':partition': partition },
        Limit: query.limit,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    return {
      items: Items.map((item) => Shipment.restore(toShipmentSnapshot(item))),
      nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey as Cursor) : null,
    };
  }

  async findOutcome(orderId: string): Promise<FulfilmentOutcome | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: outcomeKey(orderId), ConsistentRead: true }),
    );
    return Item?.outcome as FulfilmentOutcome | undefined;
  }

  async commit(change: FulfilmentChange, context: WriteContext): Promise<void> {
    const items: TransactItem[] = [];
    const roles: ItemRole[] = [];
    const add = (role: ItemRole, item: TransactItem) => {
      items.push(item);
      roles.push(role);
    };
    const domainEvents: FulfilmentEvent[] = [];
    if (change.outcome) add('outcome', this.outcomePut(change.outcome.orderId, change.outcome.outcome));
    if (change.shipment) {
      add('shipment', this.shipmentPut(change.shipment));
      domainEvents.push(...change.shipment.pullEvents());
    }
    for (const inventory of change.inventories ?? []) {
      add('inventory', this.inventoryPut(inventory));
      domainEvents.push(...inventory.pullEvents());
    }
    domainEvents.push(...(change.events ?? []));
    const events = domainEvents.map((event) => toCloudEvent(event, context.correlationId));
    // All events of the change share one outbox item, so a change costs one item per product plus three at most
    // (outcome, shipment, outbox): the largest legal order (50 lines) fits one transaction with room to spare.
    if (events.length > 0) add('outbox', outboxPutAll(this.tableName, events));
    if (items.length === 0) return;
    if (items.length > MAX_TRANSACTION_ITEMS) {
      // One transaction is what makes a reservation all-or-nothing; splitting it would break that promise.
      throw new Error(`A fulfilment change of ${items.length} items exceeds one DynamoDB transaction`);
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw translateCancellation(error, roles, change);
    }
    await this.relay.publishCommittedTogether(events);
  }

  private outcomePut(orderId: string, outcome: FulfilmentOutcome): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...outcomeKey(orderId), entityType: 'FulfilmentOutcome', orderId, outcome },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private shipmentPut(shipment: Shipment): TransactItem {
    const snapshot = shipment.snapshot();
    const listKey = shipmentListSortKey(snapshot.createdAt, snapshot.orderId);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...shipmentKey(snapshot.orderId),
          entityType: 'Shipment',
          ...snapshot,
          gsi1pk: statusPartition(snapshot.status),
          gsi1sk: listKey,
          gsi2pk: ALL_SHIPMENTS_PARTITION,
          gsi2sk: listKey,
        },
        ...versionCondition(shipment.storedVersion),
      },
    };
  }

  private inventoryPut(inventory: Inventory): TransactItem {
    const snapshot = inventory.snapshot();
    const stored = inventory.stored;
    const item = {
      ...inventoryKey(snapshot.productId),
      entityType: 'Inventory',
      ...snapshot,
      available: inventory.available,
    };
    if (stored === undefined) {
      return { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
    }
    // The version says nobody changed the record since it was read; the available-units condition states the
    // stock rule in the database itself, so no code path can write a reservation the shelf cannot cover.
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: '#version = :storedVersion AND available >= :taken',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':storedVersion': stored.version,
          ':taken': Math.max(0, stored.available - inventory.available),
        },
      },
    };
  }
}

function versionCondition(storedVersion: number | undefined) {
  return storedVersion === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: '#version = :storedVersion',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':storedVersion': storedVersion },
      };
}

function translateCancellation(error: unknown, roles: readonly ItemRole[], change: FulfilmentChange): unknown {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if ((error as { name?: string }).name !== 'TransactionCanceledException' || reasons === undefined) return error;
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [roles[index]] : []));
  if (failed.includes('outcome') && change.outcome) return new OutcomeAlreadyRecordedError(change.outcome.orderId);
  if (failed.includes('inventory')) return new ConcurrentUpdateError('The stock');
  if (failed.includes('shipment')) return new ConcurrentUpdateError('The shipment');
  // Another transaction on the same items at the same moment: retrying reads the winner's result.
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return new ConcurrentUpdateError('The stock');
  return error;
}

function toInventory(item: Record<string, unknown>): Inventory {
  const snapshot: InventorySnapshot = {
    productId: String(item.productId),
    onHand: Number(item.onHand),
    reserved: Number(item.reserved),
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
  };
  return Inventory.restore(snapshot);
}

function toShipmentSnapshot(item: Record<string, unknown>): ShipmentSnapshot {
  const { pk, sk, entityType, gsi1pk, gsi1sk, gsi2pk, gsi2sk, ...snapshot } = item;
  return snapshot as unknown as ShipmentSnapshot;
}
