import 'reflect-metadata';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { OutboxRelay, SnsEventPublisher } from '@tbs/contracts/runtime';
import { eventValidators } from '@tbs/contracts/validators';
import { type RunningDynamoDb, type RunningFauxqs, startDynamoDb, startFauxqs } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../src/domain/customer';
import { CustomerAlreadyRegisteredError, CustomerVersionConflictError } from '../../src/domain/customer-errors';
import { createDocumentClient, createDynamoDbClient } from '../../src/infrastructure/aws-clients';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';
import { AROHA_ID, registrationOf, TAMATI_ID, WELLINGTON } from '../fixtures/customers';
import { createCustomersTable } from '../fixtures/customers-table';
import { CREDENTIALS, REGION, topicWithQueue } from '../fixtures/event-topic';

const TABLE = 'tbs-app-customer-repository-customers';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
// The scheduled relay only takes events older than its grace period; these relays look from two minutes ahead.
const inTwoMinutes = () => new Date(Date.now() + 120_000);

describe('DynamoDbCustomerRepository and the outbox relay (dynalite, fauxqs)', () => {
  let dynamo: RunningDynamoDb;
  let fauxqs: RunningFauxqs;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbCustomerRepository;
  let topic: Awaited<ReturnType<typeof topicWithQueue>>;
  let relayTo: (topicArn: string, now?: () => Date) => OutboxRelay;
  // What the repository publishes through after each commit; `undefined` plays a writer that dies right after it.
  let writerRelay: OutboxRelay | undefined;
  // The outbox as the repository's relay found it when it was handed the committed events.
  let outboxAtPublish: Record<string, unknown>[] | undefined;

  const outboxItems = async () =>
    ((await documents.send(new ScanCommand({ TableName: TABLE }))).Items ?? []).filter((item) => item.pk === 'OUTBOX');

  beforeAll(async () => {
    [dynamo, fauxqs] = await Promise.all([startDynamoDb({ port: 0 }), startFauxqs({ port: 0, region: REGION })]);
    const client = createDynamoDbClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createCustomersTable(client, TABLE);
    documents = createDocumentClient(client);
    topic = await topicWithQueue(fauxqs.endpoint, 'customer-repository-events');
    relayTo = (topicArn, now) =>
      new OutboxRelay({
        client,
        tableName: TABLE,
        publisher: new SnsEventPublisher(topic.sns, topicArn, eventValidators),
        logger: silent,
        ...(now === undefined ? {} : { now }),
      });
    writerRelay = relayTo(topic.topicArn);
    repository = new DynamoDbCustomerRepository(documents, TABLE, {
      publishCommitted: async (events) => {
        outboxAtPublish = await outboxItems();
        return writerRelay?.publishCommitted(events);
      },
    });
  });

  afterAll(async () => {
    documents?.destroy();
    topic?.destroy();
    await Promise.all([dynamo?.stop(), fauxqs?.stop()]);
  });

  it('stores a registration with its event in the outbox, reads it back, publishes it and clears the outbox', async () => {
    const customer = Customer.register(registrationOf());
    await repository.save(customer, 'corr-1');
    const loaded = await repository.findById(AROHA_ID);
    expect(loaded?.email).toBe('aroha@example.com');
    expect(loaded?.name).toBe('Aroha Ngata');
    expect(loaded?.shippingAddress?.toJSON()).toEqual(WELLINGTON);
    expect(loaded?.registeredAt).toEqual(customer.registeredAt);
    // Published only once committed: the event was in the outbox when the relay got it.
    expect(outboxAtPublish).toHaveLength(1);
    const stored = JSON.parse(String(outboxAtPublish?.[0]?.event));
    expect(stored).toMatchObject({
      id: '01KEVENT000000000000000001',
      type: 'tbs.customer.CustomerRegistered.v1',
      correlationid: 'corr-1',
      subject: AROHA_ID,
    });

    const [message] = await topic.received(1);
    expect(message?.type).toBe('tbs.customer.CustomerRegistered.v1');
    // What goes out is exactly what was committed.
    expect(message?.body).toEqual(stored);
    expect(await outboxItems()).toHaveLength(0);
  });

  it('refuses a second registration of the same customer and writes no second event', async () => {
    const duplicate = Customer.register(
      registrationOf({ eventId: '01KEVENT000000000000000099', name: 'Someone Else' }),
    );
    outboxAtPublish = undefined;
    await expect(repository.save(duplicate, 'corr-2')).rejects.toBeInstanceOf(CustomerAlreadyRegisteredError);
    expect(outboxAtPublish).toBeUndefined();
    expect((await repository.findById(AROHA_ID))?.name).toBe('Aroha Ngata');
    expect(await outboxItems()).toHaveLength(0);
  });

  it('stores an update only over the version it was based on', async () => {
    writerRelay = undefined;
    const first = await repository.findById(AROHA_ID);
    const second = await repository.findById(AROHA_ID);
    if (!first || !second) throw new Error('profile missing');
    const later = { eventId: '01KEVENT000000000000000002', now: new Date('2026-02-01T07:00:00Z') };
    first.updateProfile({ name: 'Aroha Ngata', shippingAddress: null }, later);
    await repository.save(first, 'corr-3');
    second.updateProfile(
      { name: 'Ari Ngata', shippingAddress: WELLINGTON },
      { ...later, eventId: '01KEVENT000000000000000003' },
    );
    await expect(repository.save(second, 'corr-4')).rejects.toBeInstanceOf(CustomerVersionConflictError);

    const stored = await repository.findById(AROHA_ID);
    expect(stored?.version).toBe(2);
    expect(stored?.shippingAddress).toBeNull();
    // Only the committed change has an event waiting.
    expect((await outboxItems()).map((item) => item.eventId)).toEqual(['01KEVENT000000000000000002']);
  });

  it('publishes events a crashed writer left behind once they are past the grace period', async () => {
    // 30 s after the update was written: its writer may still be publishing it.
    const soon = () => new Date('2026-02-01T07:00:30Z');
    expect(await relayTo(topic.topicArn, soon).publishPending()).toEqual({ published: 0, failed: 0 });
    expect(await relayTo(topic.topicArn, inTwoMinutes).publishPending()).toEqual({ published: 1, failed: 0 });
    const [message] = await topic.received(1);
    expect(message?.body).toMatchObject({
      type: 'tbs.customer.CustomerProfileUpdated.v1',
      correlationid: 'corr-3',
      data: { version: 2, shippingAddress: null },
    });
    expect(await outboxItems()).toHaveLength(0);
  });

  it('keeps events in the outbox while the topic refuses them', async () => {
    const broken = relayTo(`${topic.topicArn}-missing`, inTwoMinutes);
    writerRelay = broken;
    const customer = Customer.register(
      registrationOf({ id: TAMATI_ID, email: 'Tamati@Example.com', eventId: '01KEVENT000000000000000010' }),
    );
    // The refused publish does not fail the committed save.
    await repository.save(customer, 'corr-5');
    expect(await outboxItems()).toHaveLength(1);
    expect(await broken.publishPending()).toEqual({ published: 0, failed: 1 });
    expect(await relayTo(topic.topicArn, inTwoMinutes).publishPending()).toEqual({ published: 1, failed: 0 });
    expect(await outboxItems()).toHaveLength(0);
    await topic.received(1);
  });

  it('finds a customer by email', async () => {
    expect((await repository.findByEmail('tamati@example.com'))?.id).toBe(TAMATI_ID);
    expect(await repository.findByEmail('nobody@example.com')).toBeUndefined();
  });

  it('lists customers newest first across pages and accepts only its own positions as cursors', async () => {
    const extra = ['1a1a1a1a-1a1a-4a1a-8a1a-1a1a1a1a1a1a', '2c2c2c2c-2c2c-4c2c-8c2c-2c2c2c2c2c2c'];
    for (const [index, id] of extra.entries()) {
      await repository.save(
        Customer.register(
          registrationOf({
            id,
            email: `extra${index}@example.com`,
            eventId: `01KEVENT00000000000000002${index}`,
            now: new Date(`2026-03-0${index + 1}T00:00:00Z`),
          }),
        ),
        'corr-list',
      );
    }
    const first = await repository.list({ limit: 2 });
    expect(first.customers.map((c) => c.id)).toEqual([extra[1], extra[0]]);
    expect(first.next && repository.isListPosition(first.next)).toBe(true);
    const rest = await repository.list({ limit: 10, ...(first.next ? { after: first.next } : {}) });
    expect(rest.customers.map((c) => c.id).sort()).toEqual([AROHA_ID, TAMATI_ID].sort());
    expect(rest.next).toBeUndefined();

    expect(repository.isListPosition({ pk: 'OUTBOX', sk: 'x', gsi1pk: 'CUSTOMERS', gsi1sk: 'x' })).toBe(false);
    expect(repository.isListPosition({ ...first.next, extra: 'x' })).toBe(false);
  });
});
