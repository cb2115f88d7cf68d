import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCloudEvent } from '@tbs/contracts/runtime';
import { validateListOrdersResponse200 } from '@tbs/contracts/validators';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import { sqsRecord } from '@tbs/devops-local/testing';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCatalogue } from '../../src/infrastructure/dynamodb-catalogue';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { orderApiEvent } from '../fixtures/api-events';
import { ADDRESS, TEA } from '../fixtures/catalogue';
import { createTableFromTemplate } from '../fixtures/order-tables';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = [
  'PlaceOrderFunction',
  'ListOrdersFunction',
  'GetOrderFunction',
  'CancelOrderFunction',
  'ListAdminOrdersFunction',
  'StripeWebhookFunction',
  'FulfilmentEventsFunction',
  'ProductEventsFunction',
  'RelayOutboxFunction',
];
const UNKNOWN_ORDER = '01JDA1B2C3D4E5F6G7H8J9K0MN';

/**
 * Every function as esbuild builds it from the template Metadata, imported and invoked in a fresh Node process with
 * the environment the template gives it (tables on the DynamoDB stand-in): catches bundling, decorator, validator
 * and configuration mistakes that source-level tests cannot see. Each call takes a path that needs no Stripe and no
 * topic, so a failure here is the bundle's. (The local-cloud test runs the same bundles end to end.)
 */
describe('built bundles (esbuild from template Metadata) in a fresh process', () => {
  let built: BuiltStack;
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;

  const envOf = (logicalId: string) => built.environment(logicalId, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const invoke = <T>(logicalId: string, event: unknown) =>
    built.invoke<T>(logicalId, event, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });

  beforeAll(async () => {
    [built, dynamo] = await Promise.all([buildStackForTest(STACK_DIR, FUNCTIONS), startDynamoDb()]);
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The names the placeholder environment gives the tables, so every bundle finds them.
    const writerEnv = envOf('StripeWebhookFunction');
    await createTableFromTemplate(client, 'OrdersTable', writerEnv.TABLE_NAME as string);
    await createTableFromTemplate(client, 'ProcessedEventsTable', writerEnv.PROCESSED_EVENTS_TABLE_NAME as string);
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
    await built?.remove();
  });

  it('builds one ESM bundle per function, named after its template handler', () => {
    expect(built.functions.map((b) => b.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of built.functions) {
      expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
    }
  });

  it('loads every bundle with the environment the template gives it', async () => {
    expect(await built.loadFailures()).toEqual([]);
  }, 120_000);

  it('the HTTP bundles validate, authorize and read the table through their middleware', async () => {
    const list = await invoke<APIGatewayProxyResult>(
      'ListOrdersFunction',
      orderApiEvent({ method: 'GET', resource: '/orders', query: { limit: '5' } }),
    );
    expect(list.statusCode).toBe(200);
    expect(validateListOrdersResponse200(JSON.parse(list.body))).toBe(true);

    const missing = await invoke<APIGatewayProxyResult>(
      'GetOrderFunction',
      orderApiEvent({ method: 'GET', resource: '/orders/{id}', pathParameters: { id: UNKNOWN_ORDER } }),
    );
    expect([missing.statusCode, JSON.parse(missing.body).code]).toEqual([404, 'ORDER_NOT_FOUND']);

    const cancel = await invoke<APIGatewayProxyResult>(
      'CancelOrderFunction',
      orderApiEvent({ method: 'POST', resource: '/orders/{id}/cancel', pathParameters: { id: UNKNOWN_ORDER } }),
    );
    expect([cancel.statusCode, JSON.parse(cancel.body).code]).toEqual([404, 'ORDER_NOT_FOUND']);

    const notAdmin = await invoke<APIGatewayProxyResult>(
      'ListAdminOrdersFunction',
      orderApiEvent({ method: 'GET', resource: '/admin/orders' }),
    );
    expect(notAdmin.statusCode).toBe(403);
    const admin = await invoke<APIGatewayProxyResult>(
      'ListAdminOrdersFunction',
      orderApiEvent({ method: 'GET', resource: '/admin/orders', query: { status: 'PAID' }, caller: 'admin' }),
    );
    expect(admin.statusCode).toBe(200);

    const body = {
      lines: [{ productId: TEA.productId, quantity: 1 }],
      shippingOption: 'STANDARD',
      deliveryAddress: ADDRESS,
    };
    const noKey = await invoke<APIGatewayProxyResult>(
      'PlaceOrderFunction',
      orderApiEvent({ method: 'POST', resource: '/orders', body }),
    );
    expect([noKey.statusCode, JSON.parse(noKey.body).code]).toEqual([400, 'VALIDATION_FAILED']);
  }, 120_000);

  it('checkout refuses a product the catalogue lacks; the product-event bundle records it there', async () => {
    const unknown = await invoke<APIGatewayProxyResult>(
      'PlaceOrderFunction',
      orderApiEvent({
        method: 'POST',
        resource: '/orders',
        headers: { 'Idempotency-Key': 'smoke-unknown-product' },
        body: {
          lines: [{ productId: TEA.productId, quantity: 1 }],
          shippingOption: 'STANDARD',
          deliveryAddress: ADDRESS,
        },
      }),
    );
    expect([unknown.statusCode, JSON.parse(unknown.body).code]).toEqual([422, 'PRODUCT_UNAVAILABLE']);

    const created = createCloudEvent({
      source: 'tbs-app-product',
      type: 'tbs.product.ProductCreated.v1',
      subject: TEA.productId,
      correlationId: 'smoke-test',
      data: {
        productId: TEA.productId,
        version: 1,
        sku: TEA.sku,
        name: TEA.name,
        description: '',
        category: 'tea',
        kind: 'physical',
        price: { amount: TEA.unitPrice, currency: TEA.currency },
        status: 'active',
        imageUrls: [],
        createdAt: '2026-02-01T00:00:00.000Z',
        updatedAt: '2026-02-01T00:00:00.000Z',
      },
    });
    const result = await invoke<SQSBatchResponse>('ProductEventsFunction', {
      Records: [
        sqsRecord({ messageId: 'product-1', body: created }),
        sqsRecord({ messageId: 'product-2', body: 'not an event' }),
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'product-2' }]);
    const catalogue = new DynamoDbCatalogue(
      documentClientOf(client),
      envOf('ProductEventsFunction').TABLE_NAME as string,
    );
    expect((await catalogue.getMany([TEA.productId])).get(TEA.productId)).toMatchObject({
      sku: TEA.sku,
      unitPrice: TEA.unitPrice,
    });
  }, 120_000);

  it('the queue bundles drop what cannot be trusted, dead-letter what is invalid, and the relay runs', async () => {
    // No Stripe-Signature: dropped (deleted from the queue), never retried.
    const webhook = await invoke<SQSBatchResponse>('StripeWebhookFunction', {
      Records: [sqsRecord({ messageId: 'webhook-1', body: { id: 'evt_1', type: 'payment_intent.succeeded' } })],
    });
    expect(webhook.batchItemFailures).toEqual([]);

    const saga = await invoke<SQSBatchResponse>('FulfilmentEventsFunction', {
      Records: [
        sqsRecord({ messageId: 'fulfilment-1', body: { specversion: '1.0', type: 'tbs.fulfilment.Unknown.v1' } }),
      ],
    });
    expect(saga.batchItemFailures).toEqual([{ itemIdentifier: 'fulfilment-1' }]);

    // An empty outbox: nothing to publish, so the topic is never called.
    expect(await invoke('RelayOutboxFunction', { source: 'aws.events', 'detail-type': 'Scheduled Event' })).toBeNull();
  }, 120_000);
});
