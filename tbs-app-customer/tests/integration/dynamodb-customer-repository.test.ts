import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SnsEventPublisher } from '@tbs/contracts/runtime';
import { eventValidators } from '@tbs/contracts/validators';
import { type RunningDynamoDb, type RunningFauxqs, startDynamoDb, startFauxqs } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../src/domain/customer';
import { CustomerAlreadyRegisteredError, CustomerVersionConflictError } from '../../src/domain/customer-errors';
import { createDocumentClient } from '../../src/infrastructure/aws-clients';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';
import { OutboxEventRelay } from '../../src/infrastructure/outbox-event-relay';
import { AROHA_ID, registrationOf, TAMATI_ID, WELLINGTON } from '../fixtures/customers';
import { createCustomersTable } from '../fixtures/customers-table';
import { CREDENTIALS, REGION, topicWithQueue } from '../fixtures/event-topic';

const TABLE = 'tbs-app-customer-repository-customers';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('DynamoDbCustomerRepository and OutboxEventRelay (dynalite, fauxqs)', () => {
  let dynamo: RunningDynamoDb;
  let fauxqs: RunningFauxqs;
  let documents: DynamoDBDocumentClient;
  let repository: DynamoDbCustomerRepository;
  let topic: Awaited<ReturnType<typeof topicWithQueue>>;
  let relay: OutboxEventRelay;

  const outboxItems = async () =>
    ((await documents.send(new ScanCommand({ TableName: TABLE }))).Items ?? []).filter((item) =>
      String(item.pk).startsWith('OUTBOX#'),
    );

  beforeAll(async () => {
    [dynamo, fauxqs] = await Promise.all([startDynamoDb({ port: 0 }), startFauxqs({ port: 0, region: REGION })]);
    await createCustomersTable(
      new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS }),
      TABLE,
    );
    documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    repository = new DynamoDbCustomerRepository(documents, TABLE);
    topic = await topicWithQueue(fauxqs.endpoint, 'customer-repository-events');
    relay = new OutboxEventRelay(
      documents,
      TABLE,
      new SnsEventPublisher(topic.sns, topic.topicArn, eventValidators),
      silent,
    );
  });

  afterAll(async () => {
    documents?.destroy();
    topic?.destroy();
    await Promise.all([dynamo?.stop(), fauxqs?.stop()]);
  });

  it('stores a registration with its event in the outbox, and reads the profile back', async () => {
    const customer = Customer.register(registrationOf());
    await repository.save(customer, 'corr-1');
    const loaded = await repository.findById(AROHA_ID);
    expect(loaded?.email).toBe('aroha@example.com');
    expect(loaded?.shippingAddress?.toJSON()).toEqual(WELLINGTON);
    expect(loaded?.registeredAt).toEqual(customer.registeredAt);
    const outbox = await outboxItems();
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(String(outbox[0]?.event))).toMatchObject({
      id: '01KEVENT000000000000000001',
      type: 'tbs.customer.CustomerRegistered.v1',
      correlationid: 'corr-1',
      subject: AROHA_ID,
    });
  });

  it('refuses a second registration of the same customer and writes no second event', async () => {
    const duplicate = Customer.register(registrationOf({ eventId: '01KEVENT000000000000000099', givenName: 'Other' }));
    await expect(repository.save(duplicate, 'corr-2')).rejects.toBeInstanceOf(CustomerAlreadyRegisteredError);
    expect((await repository.findById(AROHA_ID))?.givenName).toBe('Aroha');
    expect(await outboxItems()).toHaveLength(1);
  });

  it('relays committed events to the topic and empties the outbox', async () => {
    await relay.relay(['01KEVENT000000000000000001']);
    const [message] = await topic.received(1);
    expect(message?.type).toBe('tbs.customer.CustomerRegistered.v1');
    expect(message?.body).toMatchObject({ id: '01KEVENT000000000000000001', data: { name: 'Aroha Ngata' } });
    expect(await outboxItems()).toHaveLength(0);
  });

  it('stores an update only over the version it was based on', async () => {
    const first = await repository.findById(AROHA_ID);
    const second = await repository.findById(AROHA_ID);
    if (!first || !second) throw new Error('profile missing');
    const later = { eventId: '01KEVENT000000000000000002', now: new Date('2026-02-01T07:00:00Z') };
    first.updateProfile({ givenName: 'Aroha', familyName: 'Ngata', shippingAddress: null }, later);
    await repository.save(first, 'corr-3');
    second.updateProfile(
      { givenName: 'Ari', familyName: 'Ngata', shippingAddress: WELLINGTON },
      { ...later, eventId: '01KEVENT000000000000000003' },
    );
    await expect(repository.save(second, 'corr-4')).rejects.toBeInstanceOf(CustomerVersionConflictError);

    const stored = await repository.findById(AROHA_ID);
    expect(stored?.version).toBe(2);
    expect(stored?.shippingAddress).toBeNull();
    // Only the committed change has an event waiting.
    expect((await outboxItems()).map((item) => item.pk)).toEqual(['OUTBOX#01KEVENT000000000000000002']);
  });

  it('publishes events left behind by a crash once they are older than the cutoff', async () => {
    expect(await relay.relayPending(new Date('2000-01-01T00:00:00Z'), 10)).toEqual({ published: 0, failed: 0 });
    expect(await relay.relayPending(new Date(Date.now() + 1000), 10)).toEqual({ published: 1, failed: 0 });
    const [message] = await topic.received(1);
    expect(message?.body).toMatchObject({
      type: 'tbs.customer.CustomerProfileUpdated.v1',
      data: { version: 2, shippingAddress: null },
    });
    expect(await outboxItems()).toHaveLength(0);
  });

  it('keeps events in the outbox when the topic refuses them', async () => {
    const broken = new OutboxEventRelay(
      documents,
      TABLE,
      new SnsEventPublisher(topic.sns, `${topic.topicArn}-missing`, eventValidators),
      silent,
    );
    const customer = Customer.register(
      registrationOf({ id: TAMATI_ID, email: 'tamati@example.com', eventId: '01KEVENT000000000000000010' }),
    );
    await repository.save(customer, 'corr-5');
    await broken.relay(['01KEVENT000000000000000010']);
    expect(await outboxItems()).toHaveLength(1);
    expect(await broken.relayPending(new Date(Date.now() + 1000), 10)).toEqual({ published: 0, failed: 1 });
    expect(await relay.relayPending(new Date(Date.now() + 1000), 10)).toEqual({ published: 1, failed: 0 });
    expect(await outboxItems()).toHaveLength(0);
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

    expect(repository.isListPosition({ pk: 'OUTBOX#x', sk: 'EVENT', gsi1pk: 'CUSTOMERS', gsi1sk: 'x' })).toBe(false);
    expect(repository.isListPosition({ ...first.next, extra: 'x' })).toBe(false);
  });
});
