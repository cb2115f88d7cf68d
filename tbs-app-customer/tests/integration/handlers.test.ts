import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  eventValidators,
  validateGetMyProfileResponse200,
  validateListCustomersResponse200,
  validateUpdateMyProfileResponse200,
} from '@tbs/contracts/validators';
import { type RunningDynamoDb, type RunningFauxqs, startDynamoDb, startFauxqs } from '@tbs/devops-local';
import { lambdaContext } from '@tbs/devops-local/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Customer } from '../../src/domain/customer';
import { createDocumentClient } from '../../src/infrastructure/aws-clients';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';
import { apiEvent, postConfirmationEvent, type RequestOptions } from '../fixtures/api-events';
import { ADMIN_ID, AROHA_ID, registrationOf, TAMATI_ID } from '../fixtures/customers';
import { createCustomersTable } from '../fixtures/customers-table';
import { CREDENTIALS, REGION, topicWithQueue } from '../fixtures/event-topic';

const TABLE = 'tbs-app-customer-handler-customers';
type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type TriggerHandler = (event: PostConfirmationTriggerEvent, context: Context) => Promise<PostConfirmationTriggerEvent>;

const AROHA = { sub: AROHA_ID, email: 'aroha@example.com' };
const TAMATI = { sub: TAMATI_ID, email: 'tamati@example.com' };
const ADMIN = { sub: ADMIN_ID, email: 'admin@example.com', groups: ['Administrators'] };

describe('customer handlers (API Gateway and Cognito events, dynalite, fauxqs)', () => {
  let dynamo: RunningDynamoDb;
  let fauxqs: RunningFauxqs;
  let topic: Awaited<ReturnType<typeof topicWithQueue>>;
  let postConfirmation: TriggerHandler;
  let getMyProfile: ApiHandler;
  let updateMyProfile: ApiHandler;
  let listCustomers: ApiHandler;
  let relayOutbox: () => Promise<{ published: number; failed: number }>;

  const call = async (handler: ApiHandler, options: RequestOptions) => {
    const response = await handler(apiEvent(options), lambdaContext());
    return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
  };
  const confirm = (attributes: Record<string, string>, source?: PostConfirmationTriggerEvent['triggerSource']) =>
    postConfirmation(postConfirmationEvent(attributes, source), lambdaContext());

  beforeAll(async () => {
    [dynamo, fauxqs] = await Promise.all([startDynamoDb({ port: 0 }), startFauxqs({ port: 0, region: REGION })]);
    await createCustomersTable(
      new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS }),
      TABLE,
    );
    topic = await topicWithQueue(fauxqs.endpoint, 'customer-handler-events');
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('EVENTS_TOPIC_ARN', topic.topicArn);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', fauxqs.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    // Imported only now: each module reads its configuration from the environment at cold start.
    ({ handler: postConfirmation } = (await import('../../src/handlers/cognito/post-confirmation')) as never);
    ({ handler: getMyProfile } = (await import('../../src/handlers/http/get-my-profile')) as never);
    ({ handler: updateMyProfile } = (await import('../../src/handlers/http/update-my-profile')) as never);
    ({ handler: listCustomers } = (await import('../../src/handlers/http/list-customers')) as never);
    ({ handler: relayOutbox } = (await import('../../src/handlers/schedule/relay-outbox')) as never);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    topic?.destroy();
    await Promise.all([dynamo?.stop(), fauxqs?.stop()]);
  });

  describe('PostConfirmation trigger', () => {
    it('creates the profile from the sign-up attributes and publishes one valid CustomerRegistered', async () => {
      const event = postConfirmationEvent();
      const returned = await postConfirmation(structuredClone(event), lambdaContext());
      // Cognito needs its event back unchanged, or the confirmation fails.
      expect(returned).toEqual(event);

      const messages = await topic.received(1);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.type).toBe('tbs.customer.CustomerRegistered.v1');
      expect(eventValidators['tbs.customer.CustomerRegistered.v1'](messages[0]?.body)).toBe(true);
      expect(messages[0]?.body).toMatchObject({
        subject: AROHA_ID,
        correlationid: lambdaContext().awsRequestId,
        data: { customerId: AROHA_ID, email: 'aroha@example.com', name: 'Aroha Ngata' },
      });

      const profile = await call(getMyProfile, { caller: AROHA });
      expect(profile.json.shippingAddress).toEqual({
        name: 'Aroha Ngata',
        line1: '12 Kauri Street',
        city: 'Wellington',
        postcode: '6011',
        country: 'NZ',
      });
    });

    it('does nothing the second time Cognito delivers the same confirmation', async () => {
      await confirm({ given_name: 'Changed' });
      expect(await topic.received(1, 2)).toEqual([]);
      expect((await call(getMyProfile, { caller: AROHA })).json.name).toBe('Aroha Ngata');
    });

    it('creates no profile for a confirmed password reset', async () => {
      await confirm({ sub: TAMATI_ID, email: 'tamati@example.com' }, 'PostConfirmation_ConfirmForgotPassword');
      expect((await call(getMyProfile, { caller: TAMATI })).statusCode).toBe(404);
    });
  });

  describe('GET /customers/me', () => {
    it('answers the caller profile with its version as ETag', async () => {
      const response = await call(getMyProfile, { caller: AROHA });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({ etag: '"1"' });
      expect(response.json).toMatchObject({
        customerId: AROHA_ID,
        email: 'aroha@example.com',
        name: 'Aroha Ngata',
        version: 1,
      });
      expect(validateGetMyProfileResponse200(response.json)).toBe(true);
    });

    it("uses only the token's sub: nothing in the request can select another customer's profile", async () => {
      await confirm({
        sub: TAMATI_ID,
        email: 'tamati@example.com',
        given_name: 'Tamati',
        family_name: 'Kereama',
        address: '',
      });
      await topic.received(1);
      const response = await call(getMyProfile, {
        caller: TAMATI,
        headers: { 'X-Customer-Id': AROHA_ID, 'X-Amz-User-Sub': AROHA_ID },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json).toMatchObject({ customerId: TAMATI_ID, name: 'Tamati Kereama', shippingAddress: null });
      expect(response.body).not.toContain('aroha');
      // The contract has no way to name a customer: unknown query parameters are refused.
      const probing = await call(getMyProfile, { caller: TAMATI, query: { customerId: AROHA_ID } });
      expect(probing.statusCode).toBe(400);
    });

    it('is 404 for a signed-in user whose profile does not exist', async () => {
      const stranger = { sub: '4d4d4d4d-4d4d-4d4d-8d4d-4d4d4d4d4d4d', email: 'stranger@example.com' };
      const response = await call(getMyProfile, { caller: stranger });
      expect(response.statusCode).toBe(404);
      expect(response.json).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
    });

    it('is 401 without ID-token claims (e.g. an access token)', async () => {
      const event = apiEvent({ caller: AROHA });
      const claims = event.requestContext.authorizer?.claims as Record<string, string>;
      delete claims.email;
      const response = await getMyProfile(event, lambdaContext());
      expect(response.statusCode).toBe(401);
    });
  });

  describe('PUT /customers/me', () => {
    const body = {
      name: 'Aroha Ngata',
      shippingAddress: { name: 'Aroha Ngata', line1: '3 Rimu Road', city: 'Auckland', postcode: '1010', country: 'NZ' },
    };

    it('replaces names and address, answers the new version and publishes CustomerProfileUpdated', async () => {
      const response = await call(updateMyProfile, {
        method: 'PUT',
        caller: AROHA,
        body,
        headers: { 'If-Match': '"1"', 'X-Correlation-Id': '01KE7A2W3X4Y5Z6A7B8C9D0E1F' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({ etag: '"2"' });
      expect(response.json).toMatchObject({ version: 2, shippingAddress: body.shippingAddress });
      expect(validateUpdateMyProfileResponse200(response.json)).toBe(true);

      const [message] = await topic.received(1);
      expect(message?.type).toBe('tbs.customer.CustomerProfileUpdated.v1');
      expect(eventValidators['tbs.customer.CustomerProfileUpdated.v1'](message?.body)).toBe(true);
      expect(message?.body).toMatchObject({
        correlationid: '01KE7A2W3X4Y5Z6A7B8C9D0E1F',
        data: { customerId: AROHA_ID, version: 2, shippingAddress: body.shippingAddress },
      });
      expect((await call(getMyProfile, { caller: AROHA })).json.shippingAddress.city).toBe('Auckland');
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const response = await call(updateMyProfile, {
        method: 'PUT',
        caller: AROHA,
        body: { ...body, name: 'Ari Ngata' },
        headers: { 'If-Match': '"1"' },
      });
      expect(response.statusCode).toBe(412);
      expect(response.json.code).toBe('VERSION_MISMATCH');
      expect((await call(getMyProfile, { caller: AROHA })).json.name).toBe('Aroha Ngata');
    });

    it('accepts an update without If-Match', async () => {
      const response = await call(updateMyProfile, {
        method: 'PUT',
        caller: AROHA,
        body: { ...body, name: 'Aroha Ngata-Rua' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json.version).toBe(3);
      await topic.received(1);
    });

    it('answers 422 naming the field for an address the contract allows but the shop cannot ship to', async () => {
      const response = await call(updateMyProfile, {
        method: 'PUT',
        caller: AROHA,
        body: { ...body, shippingAddress: { ...body.shippingAddress, city: 'Auckland\u0007' } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json).toMatchObject({ code: 'INVALID_CUSTOMER_PROFILE' });
      expect(response.json.detail).toContain('shippingAddress.city');
    });

    it.each([
      ['an email change', { ...body, email: 'new@example.com' }, '/body/email'],
      ['a missing name', { shippingAddress: null }, '/body/name'],
      [
        'a country that is not ISO 3166-1',
        { ...body, shippingAddress: { ...body.shippingAddress, country: 'New Zealand' } },
        '/body/shippingAddress',
      ],
      [
        'a numeric postcode',
        { ...body, shippingAddress: { ...body.shippingAddress, postcode: 1010 } },
        '/body/shippingAddress/postcode',
      ],
    ])('answers 400 for %s', async (_, invalid, path) => {
      const response = await call(updateMyProfile, { method: 'PUT', caller: AROHA, body: invalid });
      expect(response.statusCode).toBe(400);
      expect(response.json.errors).toContainEqual(expect.objectContaining({ path }));
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await call(updateMyProfile, { method: 'PUT', caller: AROHA, body: '{"name":' });
      expect(response.statusCode).toBe(400);
    });

    it("cannot create or change another customer's profile: it only ever writes the caller's own", async () => {
      const stranger = { sub: '5e5e5e5e-5e5e-4e5e-8e5e-5e5e5e5e5e5e', email: 'stranger@example.com' };
      const response = await call(updateMyProfile, {
        method: 'PUT',
        caller: stranger,
        body: { ...body, id: AROHA_ID },
      });
      expect(response.statusCode).toBe(400);
      const plain = await call(updateMyProfile, { method: 'PUT', caller: stranger, body });
      expect(plain.statusCode).toBe(404);
      expect((await call(getMyProfile, { caller: AROHA })).json.name).toBe('Aroha Ngata-Rua');
    });
  });

  describe('GET /admin/customers', () => {
    it('is forbidden to customers', async () => {
      const response = await call(listCustomers, { resource: '/admin/customers', caller: AROHA });
      expect(response.statusCode).toBe(403);
    });

    it('pages through all customers for an administrator, newest first', async () => {
      const first = await call(listCustomers, { resource: '/admin/customers', caller: ADMIN, query: { limit: '1' } });
      expect(first.statusCode).toBe(200);
      expect(first.json.items.map((c: { customerId: string }) => c.customerId)).toEqual([TAMATI_ID]);
      expect(typeof first.json.nextCursor).toBe('string');
      const second = await call(listCustomers, {
        resource: '/admin/customers',
        caller: ADMIN,
        query: { limit: '1', cursor: first.json.nextCursor },
      });
      expect(second.json.items.map((c: { customerId: string }) => c.customerId)).toEqual([AROHA_ID]);
      const all = await call(listCustomers, { resource: '/admin/customers', caller: ADMIN });
      expect(all.json).toMatchObject({ nextCursor: null });
      expect(all.json.items).toHaveLength(2);
      expect(validateListCustomersResponse200(all.json)).toBe(true);
    });

    it('finds one customer by email, whatever its case', async () => {
      const found = await call(listCustomers, {
        resource: '/admin/customers',
        caller: ADMIN,
        query: { email: 'Tamati@Example.com' },
      });
      expect(found.json).toEqual({ items: [expect.objectContaining({ customerId: TAMATI_ID })], nextCursor: null });
      const none = await call(listCustomers, {
        resource: '/admin/customers',
        caller: ADMIN,
        query: { email: 'nobody@example.com' },
      });
      expect(none.json).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      [{ limit: '0' }],
      [{ limit: '101' }],
      [{ limit: 'ten' }],
      [{ cursor: 'not-a-cursor' }],
      [{ cursor: Buffer.from(JSON.stringify({ pk: 'OUTBOX#1', sk: 'EVENT' })).toString('base64url') }],
    ])('answers 400 for %j', async (query) => {
      const response = await call(listCustomers, { resource: '/admin/customers', caller: ADMIN, query });
      expect(response.statusCode).toBe(400);
    });
  });

  describe('scheduled outbox relay', () => {
    it('publishes an event whose writer died after the commit, once, and then finds nothing left', async () => {
      const documents = createDocumentClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
      const crashed = Customer.register(
        registrationOf({
          id: '6f6f6f6f-6f6f-4f6f-8f6f-6f6f6f6f6f6f',
          email: 'crashed@example.com',
          eventId: '01KEVENT000000000000000777',
        }),
      );
      // Committed with its event, but the process "died" before publishing it.
      const diedBeforePublishing = { publishCommitted: async () => undefined };
      await new DynamoDbCustomerRepository(documents, TABLE, diedBeforePublishing).save(crashed, 'corr-crash');
      documents.destroy();

      expect(await relayOutbox()).toEqual({ published: 1, failed: 0 });
      const [message] = await topic.received(1);
      expect(message?.body).toMatchObject({ id: '01KEVENT000000000000000777', correlationid: 'corr-crash' });
      expect(await relayOutbox()).toEqual({ published: 0, failed: 0 });
    });
  });
});
