import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { assertCloudEvent } from '@tbs/contracts/runtime';
import { type RunningDynamoDb, type RunningStandIn, startDynamoDb, startSecrets } from '@tbs/devops-local';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SetStockOnHand } from '../../src/application/set-stock-on-hand';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbFulfilmentRepository } from '../../src/infrastructure/dynamodb-fulfilment-repository';
import { FULFILMENT_EVENT_VALIDATORS } from '../../src/infrastructure/fulfilment-event-validators';
import { verifyDownloadLink } from '../../src/infrastructure/hmac-download-links';
import { FixedClock } from '../fixtures/fakes';
import { createTableFromTemplate, outboxEvents } from '../fixtures/fulfilment-tables';
import { cancellationRequested, orderCancelled, orderPaid, orderRefunded, sqsBatch } from '../fixtures/order-events';

const TABLE = 'tbs-app-fulfilment-consumer';
const PROCESSED = 'tbs-app-fulfilment-consumer-processed';
const REGION = 'ap-southeast-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const SIGNING_KEY = 'k'.repeat(64);
// The stock the example OrderPaid asks for (2 x Green Sencha) and its e-book.
const SENCHA = '01JD8X3QK7M2V4R6T8W0Y2A4C6';
const EBOOK = '01JD8X5B2N4P6R8T0V2X4Z6A8C';

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

describe('order events consumer (SQS batches of CloudEvents, DynamoDB and Secrets Manager stand-ins)', () => {
  let dynamo: RunningDynamoDb;
  let secrets: RunningStandIn;
  let client: DynamoDBClient;
  let repository: DynamoDbFulfilmentRepository;
  let handler: Handler;

  const outboxFor = async (subject: string) =>
    (await outboxEvents(documentClientOf(client), TABLE)).filter((e) => e.subject === subject);
  const typesFor = async (orderId: string) => (await outboxFor(orderId)).map((e) => e.type.split('.')[2]);

  beforeAll(async () => {
    [dynamo, secrets] = await Promise.all([startDynamoDb({ port: 0 }), startSecrets({ port: 0, region: REGION })]);
    client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createTableFromTemplate(client, 'FulfilmentTable', TABLE);
    await createTableFromTemplate(client, 'ProcessedEventsTable', PROCESSED);
    const sm = new SecretsManagerClient({ region: REGION, endpoint: secrets.endpoint, credentials: CREDENTIALS });
    await sm.send(new CreateSecretCommand({ Name: 'fulfilment/download-signing-key', SecretString: SIGNING_KEY }));
    sm.destroy();
    for (const [name, value] of Object.entries({
      TABLE_NAME: TABLE,
      PROCESSED_EVENTS_TABLE_NAME: PROCESSED,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DOWNLOAD_KEY_SECRET_ID: 'fulfilment/download-signing-key',
      DOWNLOAD_BASE_URL: 'https://downloads.example.com',
      EVENT_LEASE_SECONDS: '15',
    })) {
      vi.stubEnv(name, value);
    }
    repository = new DynamoDbFulfilmentRepository(documentClientOf(client), TABLE, {
      publishCommittedTogether: async () => {},
    });
    await new SetStockOnHand(repository, new FixedClock()).execute(SENCHA, 40, undefined, { correlationId: 'seed' });
    ({ handler } = (await import('../../src/handlers/sqs/order-events')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    client?.destroy();
    await Promise.all([dynamo?.stop(), secrets?.stop()]);
  });

  const reservedSencha = async () => (await repository.findInventory(SENCHA))?.reserved;

  it('fulfils the published OrderPaid example once, however often it is delivered', async () => {
    const orderId = ulid();
    const paid = orderPaid(orderId);
    const before = (await reservedSencha()) ?? 0;
    expect((await handler(sqsBatch(paid, paid))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(paid))).batchItemFailures).toEqual([]);
    expect(await reservedSencha()).toBe(before + 2);
    expect((await repository.findShipment(orderId))?.status).toBe('READY');
    expect((await typesFor(orderId)).sort()).toEqual(['DigitalGoodsReady', 'ShipmentCreated']);
    for (const event of await outboxFor(orderId)) assertCloudEvent(event, FULFILMENT_EVENT_VALIDATORS);

    // The cancellation, delivered twice, releases the stock once.
    const cancel = cancellationRequested(orderId);
    expect((await handler(sqsBatch(cancel))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(cancellationRequested(orderId)))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(orderCancelled(orderId), orderRefunded(orderId)))).batchItemFailures).toEqual([]);
    expect(await reservedSencha()).toBe(before);
    expect((await typesFor(orderId)).filter((t) => t === 'ShipmentCancelled')).toHaveLength(1);
  });

  it('sends tamper-proof, expiring download links the key from Secrets Manager verifies', async () => {
    const orderId = ulid();
    await handler(sqsBatch(orderPaid(orderId)));
    const ready = (await outboxFor(orderId)).find((e) => e.type === 'tbs.fulfilment.DigitalGoodsReady.v1');
    const downloads = (ready?.data as { downloads: { url: string; expiresAt: string }[] } | undefined)?.downloads;
    const { url, expiresAt } = downloads?.[0] ?? { url: '', expiresAt: '' };
    const key = Buffer.from(SIGNING_KEY);
    expect(verifyDownloadLink(url, key, new Date())).toMatchObject({ valid: true, orderId, productId: EBOOK });
    expect(verifyDownloadLink(url.replace(orderId, ulid()), key, new Date())).toMatchObject({ valid: false });
    expect(verifyDownloadLink(url, key, new Date(Date.parse(expiresAt) + 1000))).toEqual({
      valid: false,
      reason: 'EXPIRED',
    });
  });

  it('retries a cancellation that overtook its OrderPaid, then cancels once the payment arrived', async () => {
    const orderId = ulid();
    const cancel = cancellationRequested(orderId);
    const early = await handler(sqsBatch(cancel));
    expect(early.batchItemFailures).toHaveLength(1);
    await handler(sqsBatch(orderPaid(orderId)));
    // The queue redelivers the same message (same event id) after its visibility timeout.
    expect((await handler(sqsBatch(cancel))).batchItemFailures).toEqual([]);
    expect((await repository.findShipment(orderId))?.status).toBe('CANCELLED');
  });

  it('a refund that overtook its OrderPaid closes the order: the late payment reserves nothing', async () => {
    const orderId = ulid();
    const before = await reservedSencha();
    expect((await handler(sqsBatch(orderRefunded(orderId), orderPaid(orderId)))).batchItemFailures).toEqual([]);
    expect(await reservedSencha()).toBe(before);
    expect(await repository.findShipment(orderId)).toBeUndefined();
    expect(await typesFor(orderId)).toEqual([]);
  });

  it('a refund delivered twice releases a pending shipment once; a cancellation arriving twice before payment closes it', async () => {
    const orderId = ulid();
    const before = await reservedSencha();
    await handler(sqsBatch(orderPaid(orderId)));
    expect(await reservedSencha()).toBe((before ?? 0) + 2);
    const refunded = orderRefunded(orderId);
    expect((await handler(sqsBatch(refunded, refunded))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(orderRefunded(orderId)))).batchItemFailures).toEqual([]);
    expect(await reservedSencha()).toBe(before);
    expect((await repository.findShipment(orderId))?.status).toBe('CANCELLED');

    const unpaid = ulid();
    const cancelled = orderCancelled(unpaid);
    expect((await handler(sqsBatch(cancelled, orderCancelled(unpaid), orderPaid(unpaid)))).batchItemFailures).toEqual(
      [],
    );
    expect(await repository.findShipment(unpaid)).toBeUndefined();
    expect(await reservedSencha()).toBe(before);
  });

  it('fails the order when stock is short, and rejects the cancellation of a dispatched shipment', async () => {
    const short = ulid();
    const big = orderPaid(short);
    big.data.lines = [
      { ...(big.data.lines[0] as (typeof big.data.lines)[number]), quantity: 99, lineTotal: 99 * 1850 },
    ];
    await handler(sqsBatch(big));
    expect(await typesFor(short)).toEqual(['FulfilmentFailed']);

    const shipped = ulid();
    await handler(sqsBatch(orderPaid(shipped)));
    const { DispatchShipment } = await import('../../src/application/dispatch-shipment');
    await new DispatchShipment(repository, new FixedClock()).execute(shipped, 'NZ Post', 'NZ123', {
      correlationId: 'c',
    });
    expect((await handler(sqsBatch(cancellationRequested(shipped)))).batchItemFailures).toEqual([]);
    expect((await repository.findShipment(shipped))?.status).toBe('DISPATCHED');
    expect(await typesFor(shipped)).toContain('ShipmentCancellationRejected');
  });

  it('every consumed event delivered twice (same event id) changes stock and shipment once', async () => {
    const stockBefore = await repository.findInventory(SENCHA);
    const pending = ulid();
    const paid = orderPaid(pending);
    const cancel = cancellationRequested(pending);
    const closed = orderCancelled(pending);
    expect((await handler(sqsBatch(paid, paid))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(cancel, cancel))).batchItemFailures).toEqual([]);
    expect((await handler(sqsBatch(closed, closed))).batchItemFailures).toEqual([]);
    expect((await repository.findShipment(pending))?.status).toBe('CANCELLED');
    expect((await typesFor(pending)).filter((t) => t === 'ShipmentCancelled')).toHaveLength(1);

    // A refund of a parcel that already left (refunded in Stripe after dispatch): the shipment stays as it is.
    const shipped = ulid();
    await handler(sqsBatch(orderPaid(shipped)));
    const { DispatchShipment } = await import('../../src/application/dispatch-shipment');
    await new DispatchShipment(repository, new FixedClock()).execute(shipped, 'NZ Post', 'NZ124', {
      correlationId: 'c',
    });
    const refunded = orderRefunded(shipped);
    expect((await handler(sqsBatch(refunded, refunded))).batchItemFailures).toEqual([]);
    expect((await repository.findShipment(shipped))?.status).toBe('DISPATCHED');
    expect(await typesFor(shipped)).not.toContain('ShipmentCancelled');

    // Only the dispatched parcel's two units left the shelf; the cancelled order's reservation was released once.
    const stockAfter = await repository.findInventory(SENCHA);
    expect([stockAfter?.onHand, stockAfter?.reserved]).toEqual([(stockBefore?.onHand ?? 0) - 2, stockBefore?.reserved]);
  });

  it('every consumed event in reverse order: the settled order reserves nothing and every record ends handled', async () => {
    const before = await reservedSencha();
    const orderId = ulid();
    const cancel = cancellationRequested(orderId);
    // Newest first: the refund, the cancellation, the cancellation request, and last the payment. The first two
    // close the order, so the request finds nothing to cancel and the payment reserves nothing; none is retried.
    const batch = sqsBatch(orderRefunded(orderId), orderCancelled(orderId), cancel, orderPaid(orderId));
    expect((await handler(batch)).batchItemFailures).toEqual([]);
    expect(await repository.findShipment(orderId)).toBeUndefined();
    expect(await reservedSencha()).toBe(before);
    expect(await typesFor(orderId)).toEqual([]);
  });

  it('reports an invalid event as a failed record (retried, then dead-lettered) without touching others', async () => {
    const orderId = ulid();
    const broken = { ...orderPaid(ulid()), data: { orderId: 'nope' } };
    const result = await handler(sqsBatch(broken, 'not json', orderPaid(orderId)));
    expect(result.batchItemFailures).toHaveLength(2);
    expect(await repository.findShipment(orderId)).toBeDefined();
  });
});
