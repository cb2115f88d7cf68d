import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  validateDispatchShipmentResponse200,
  validateGetInventoryResponse200,
  validateGetShipmentResponse200,
  validateListShipmentsResponse200,
  validateProblem,
} from '@tbs/contracts/validators';
import { type RunningDynamoDb, startDynamoDb } from '@tbs/devops-local';
import { lambdaContext } from '@tbs/devops-local/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FulfilPaidOrder } from '../../src/application/fulfil-paid-order';
import { documentClientOf } from '../../src/infrastructure/dynamodb-client';
import { DynamoDbFulfilmentRepository } from '../../src/infrastructure/dynamodb-fulfilment-repository';
import { type AdminRequest, apiEvent } from '../fixtures/api-events';
import { FixedClock, RecordingDownloadLinks } from '../fixtures/fakes';
import { createTableFromTemplate } from '../fixtures/fulfilment-tables';
import { paidOrder, teaLine } from '../fixtures/paid-orders';

const TABLE = 'tbs-app-fulfilment-http';
const REGION = 'ap-southeast-2';
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const handlers: Record<string, Handler> = {};

const call = async (name: string, request: AdminRequest) => {
  const response = await (handlers[name] as Handler)(apiEvent(request), lambdaContext());
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
};

describe('HTTP handlers (recorded-shape API Gateway events, DynamoDB stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;
  let repository: DynamoDbFulfilmentRepository;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    client = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTableFromTemplate(client, 'FulfilmentTable', TABLE);
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    for (const name of [
      'get-inventory',
      'put-inventory',
      'list-shipments',
      'get-shipment',
      'dispatch-shipment',
      'deliver-shipment',
    ]) {
      handlers[name] = ((await import(`../../src/handlers/http/${name}`)) as { handler: Handler }).handler;
    }
    repository = new DynamoDbFulfilmentRepository(documentClientOf(client), TABLE, {
      publishCommittedTogether: async () => {},
    });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    client?.destroy();
    await dynamo?.stop();
  });

  const putStock = (productId: string, onHand: unknown, headers: Record<string, string> = {}) =>
    call('put-inventory', {
      method: 'PUT',
      resource: '/inventory/{productId}',
      pathParameters: { productId },
      body: { onHand },
      headers,
    });

  it('inventory: created without If-Match, then changed only with the current ETag (428, 412)', async () => {
    const productId = ulid();
    const created = await putStock(productId, 10);
    expect([created.statusCode, created.headers?.etag]).toEqual([200, '"1"']);
    expect(validateGetInventoryResponse200(created.json)).toBe(true);
    expect((await putStock(productId, 12)).statusCode).toBe(428);
    expect((await putStock(productId, 12, { 'If-Match': '"7"' })).statusCode).toBe(412);
    const changed = await putStock(productId, 12, { 'If-Match': '"1"' });
    expect([changed.statusCode, changed.json.available, changed.headers?.etag]).toEqual([200, 12, '"2"']);
    const read = await call('get-inventory', {
      method: 'GET',
      resource: '/inventory/{productId}',
      pathParameters: { productId },
    });
    expect([read.statusCode, read.json.onHand, read.headers?.etag]).toEqual([200, 12, '"2"']);
  });

  it('inventory: 400 for a bad body or id, 404 when unknown, 409 below the reserved units', async () => {
    const productId = ulid();
    expect((await putStock(productId, -1)).statusCode).toBe(400);
    expect((await putStock('not-a-ulid', 1)).statusCode).toBe(400);
    const missing = await call('get-inventory', {
      method: 'GET',
      resource: '/inventory/{productId}',
      pathParameters: { productId },
    });
    expect([missing.statusCode, missing.json.code]).toEqual([404, 'INVENTORY_NOT_FOUND']);
    expect(validateProblem(missing.json)).toBe(true);
    await putStock(productId, 3);
    await new FulfilPaidOrder(repository, new RecordingDownloadLinks(), new FixedClock(), {
      next: () => ulid(),
    }).execute(paidOrder(ulid(), [{ ...teaLine(2), productId }]), { correlationId: 'c' });
    const below = await putStock(productId, 1, { 'If-Match': '"2"' });
    expect([below.statusCode, below.json.code]).toEqual([409, 'STOCK_BELOW_RESERVED']);
  });

  it('only administrators: 403 for a customer, 401 without a token', async () => {
    const request = { method: 'GET', resource: '/shipments' } as const;
    const customer = await call('list-shipments', { ...request, caller: 'customer' });
    expect(customer.statusCode).toBe(403);
    expect((await call('list-shipments', { ...request, caller: 'anonymous' })).statusCode).toBe(401);
    const productId = ulid();
    await putStock(productId, 1);
    const read = await call('get-inventory', {
      method: 'GET',
      resource: '/inventory/{productId}',
      pathParameters: { productId },
      caller: 'customer',
    });
    expect(read.statusCode).toBe(403);
    const write = await call('put-inventory', {
      method: 'PUT',
      resource: '/inventory/{productId}',
      pathParameters: { productId },
      body: { onHand: 99 },
      headers: { 'If-Match': '"1"' },
      caller: 'customer',
    });
    expect(write.statusCode).toBe(403);
    expect((await repository.findInventory(productId))?.onHand).toBe(1);
  });

  it('shipments: read, list by status, dispatch, deliver; invalid transitions are 409', async () => {
    const productId = ulid();
    await putStock(productId, 5);
    const orderId = ulid();
    await new FulfilPaidOrder(repository, new RecordingDownloadLinks(), new FixedClock(), {
      next: () => ulid(),
    }).execute(paidOrder(orderId, [{ ...teaLine(2), productId }]), { correlationId: 'c' });
    const path = { orderId };
    const got = await call('get-shipment', { method: 'GET', resource: '/shipments/{orderId}', pathParameters: path });
    expect([got.statusCode, got.json.status]).toEqual([200, 'READY']);
    expect(validateGetShipmentResponse200(got.json)).toBe(true);
    const listed = await call('list-shipments', {
      method: 'GET',
      resource: '/shipments',
      query: { status: 'READY' },
    });
    expect(validateListShipmentsResponse200(listed.json)).toBe(true);
    expect(listed.json.items.map((s: { orderId: string }) => s.orderId)).toContain(orderId);

    const early = await call('deliver-shipment', {
      method: 'POST',
      resource: '/shipments/{orderId}/deliver',
      pathParameters: path,
    });
    expect([early.statusCode, early.json.code]).toEqual([409, 'SHIPMENT_NOT_DELIVERABLE']);
    const dispatch = (body: unknown) =>
      call('dispatch-shipment', {
        method: 'POST',
        resource: '/shipments/{orderId}/dispatch',
        pathParameters: path,
        body,
      });
    expect((await dispatch({ carrier: 'NZ Post' })).statusCode).toBe(400);
    const dispatched = await dispatch({ carrier: 'NZ Post', trackingNumber: 'NZ123456789' });
    expect([dispatched.statusCode, dispatched.json.status, dispatched.json.version]).toEqual([200, 'DISPATCHED', 2]);
    expect(validateDispatchShipmentResponse200(dispatched.json)).toBe(true);
    expect((await dispatch({ carrier: 'NZ Post', trackingNumber: 'NZ123456789' })).json.version).toBe(2);
    expect((await dispatch({ carrier: 'DHL', trackingNumber: 'X1' })).statusCode).toBe(409);
    expect(await repository.findInventory(productId)).toMatchObject({ onHand: 3, reserved: 0 });
    const delivered = await call('deliver-shipment', {
      method: 'POST',
      resource: '/shipments/{orderId}/deliver',
      pathParameters: path,
    });
    expect([delivered.statusCode, delivered.json.status]).toEqual([200, 'DELIVERED']);
    const unknown = await call('get-shipment', {
      method: 'GET',
      resource: '/shipments/{orderId}',
      pathParameters: { orderId: ulid() },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
