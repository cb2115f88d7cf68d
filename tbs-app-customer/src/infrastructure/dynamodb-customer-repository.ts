import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type CloudEvent, outboxPut } from '@tbs/contracts/runtime';
import type { CustomerListPosition, CustomerPage, CustomerRepository } from '../application/ports/customer-repository';
import { Customer } from '../domain/customer';
import { CustomerAlreadyRegisteredError, CustomerVersionConflictError } from '../domain/customer-errors';
import { ShippingAddress, type ShippingAddressProps } from '../domain/shipping-address';
import { toCloudEvent } from './customer-cloud-events';
import {
  CUSTOMERS_INDEX,
  CUSTOMERS_PARTITION,
  customerPartitionKey,
  EMAIL_INDEX,
  emailPartitionKey,
  PROFILE_SORT_KEY,
} from './customer-table';

/** The stored shape of a profile. */
interface ProfileItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  entityType: 'Customer';
  customerId: string;
  email: string;
  name: string;
  shippingAddress?: ShippingAddressProps;
  version: number;
  registeredAt: string;
  updatedAt: string;
}

const LIST_POSITION_KEYS = ['gsi1pk', 'gsi1sk', 'pk', 'sk'];

/** What the repository needs of the outbox relay (the contracts runtime's `OutboxRelay`). */
export interface CommittedEventPublisher {
  publishCommitted(events: readonly CloudEvent[]): Promise<unknown>;
}

/**
 * Customer profiles in DynamoDB. A save that carries events is one transaction: the profile (conditional on the
 * version it replaces) and its events in the shared outbox; the events are published right after the commit and
 * the scheduled relay catches up on whatever was not.
 */
export class DynamoDbCustomerRepository implements CustomerRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly relay: CommittedEventPublisher,
  ) {}

  async findById(customerId: string): Promise<Customer | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: customerPartitionKey(customerId), sk: PROFILE_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item as ProfileItem) : undefined;
  }

  async save(customer: Customer, correlationId: string): Promise<void> {
    const isNew = customer.version === 1;
    const profile = {
      TableName: this.tableName,
      Item: toItem(customer),
      ConditionExpression: isNew ? 'attribute_not_exists(pk)' : 'version = :previous',
      ...(isNew ? {} : { ExpressionAttributeValues: { ':previous': customer.version - 1 } }),
    };
    const events = customer.pendingEvents.map((event) => toCloudEvent(event, correlationId));
    const outbox = events.map((event) => outboxPut(this.tableName, event));
    const conflict = () =>
      isNew
        ? new CustomerAlreadyRegisteredError(customer.id)
        : new CustomerVersionConflictError(customer.id, customer.version - 1);
    try {
      if (outbox.length === 0) {
        await this.documents.send(new PutCommand(profile));
      } else {
        const input: TransactWriteCommandInput = { TransactItems: [{ Put: profile }, ...outbox] };
        await this.documents.send(new TransactWriteCommand(input));
      }
    } catch (error) {
      if (isProfileConditionFailure(error)) throw conflict();
      throw error;
    }
    await this.relay.publishCommitted(events);
  }

  async findByEmail(email: string): Promise<Customer | undefined> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: EMAIL_INDEX,
        KeyConditionExpression: 'gsi2pk = :email',
        ExpressionAttributeValues: { ':email': emailPartitionKey(email) },
        Limit: 1,
      }),
    );
    return Items[0] ? fromItem(Items[0] as ProfileItem) : undefined;
  }

  async list({ limit, after }: { limit: number; after?: CustomerListPosition }): Promise<CustomerPage> {
    const { Items = [], LastEvaluatedKey } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: CUSTOMERS_INDEX,
        KeyConditionExpression: 'gsi1pk = :customers',
        ExpressionAttributeValues: { ':customers': CUSTOMERS_PARTITION },
        ScanIndexForward: false,
        Limit: limit,
        ...(after !== undefined && this.isListPosition(after) ? { ExclusiveStartKey: after } : {}),
      }),
    );
    const customers = Items.map((item) => fromItem(item as ProfileItem));
    return LastEvaluatedKey ? { customers, next: LastEvaluatedKey as CustomerListPosition } : { customers };
  }

  isListPosition(position: Record<string, unknown>): position is CustomerListPosition {
    const keys = Object.keys(position).sort();
    return (
      keys.length === LIST_POSITION_KEYS.length &&
      keys.every((key, index) => key === LIST_POSITION_KEYS[index] && typeof position[key] === 'string') &&
      position.gsi1pk === CUSTOMERS_PARTITION &&
      position.sk === PROFILE_SORT_KEY &&
      String(position.pk).startsWith('CUSTOMER#')
    );
  }
}

function toItem(customer: Customer): ProfileItem {
  return {
    pk: customerPartitionKey(customer.id),
    sk: PROFILE_SORT_KEY,
    gsi1pk: CUSTOMERS_PARTITION,
    gsi1sk: `${customer.registeredAt.toISOString()}#${customer.id}`,
    gsi2pk: emailPartitionKey(customer.email),
    entityType: 'Customer',
    customerId: customer.id,
    email: customer.email,
    name: customer.name,
    ...(customer.shippingAddress ? { shippingAddress: customer.shippingAddress.toJSON() } : {}),
    version: customer.version,
    registeredAt: customer.registeredAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

function fromItem(item: ProfileItem): Customer {
  return Customer.restore({
    id: item.customerId,
    email: item.email,
    name: item.name,
    shippingAddress: item.shippingAddress ? ShippingAddress.create(item.shippingAddress) : null,
    version: item.version,
    registeredAt: new Date(item.registeredAt),
    updatedAt: new Date(item.updatedAt),
  });
}

/**
 * The profile's condition failed: a plain conditional put, or the first item of a cancelled transaction (outbox
 * items have fresh event ids, so theirs cannot be the one that failed). Matched by name: a second SDK copy in a bundle would
 * defeat `instanceof`.
 */
function isProfileConditionFailure(error: unknown): boolean {
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (name === 'ConditionalCheckFailedException') return true;
  return name === 'TransactionCanceledException' && CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
}
