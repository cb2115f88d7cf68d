import middy from '@middy/core';
import Ajv from 'ajv';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { problemJson, type ValidatedEvent, validateRequest } from '../../../src/runtime';
import { httpApiEvent, lambdaContext, restEvent, silentLogger } from './fixtures';

interface PutLine {
  quantity: number;
}
interface LineParams {
  productId: string;
  'Idempotency-Key'?: string;
  limit?: number;
}

const ajv = new Ajv({ allErrors: false });
const bodyValidator = ajv.compile<PutLine>({
  type: 'object',
  properties: { quantity: { type: 'integer', minimum: 0, maximum: 99 } },
  required: ['quantity'],
  additionalProperties: false,
});
const paramsValidator = new Ajv({ coerceTypes: true }).compile<LineParams>({
  type: 'object',
  properties: {
    productId: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
    'Idempotency-Key': { type: 'string', minLength: 8 },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
  },
  required: ['productId'],
  additionalProperties: false,
});

const PRODUCT_ID = '01JBX3K5Q9ZJ7Y8V6W4T2R0P1M';

const seen: ValidatedEvent<PutLine, LineParams>[] = [];
const handler = middy()
  .use(validateRequest({ body: bodyValidator, params: paramsValidator, headers: ['Idempotency-Key'] }))
  .use(problemJson({ logger: silentLogger() }))
  .handler(async (event) => {
    seen.push(event);
    return {
      statusCode: 200,
      body: JSON.stringify({ quantity: event.body.quantity, productId: event.params.productId }),
    };
  });

const put = async (
  body: string | null,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
  extra = {},
) => {
  // middy types a handler by the event its code sees (validated); Lambda hands it the raw proxy event.
  const response = (await handler(
    restEvent({ httpMethod: 'PUT', body, headers, pathParameters: { productId: PRODUCT_ID }, ...extra }) as never,
    lambdaContext,
  )) as APIGatewayProxyResult;
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe('validateRequest', () => {
  it('hands the handler the parsed body and the validated params', async () => {
    seen.length = 0;
    const response = await put('{"quantity": 3}');
    expect(response).toEqual({ status: 200, body: { quantity: 3, productId: PRODUCT_ID } });
    expect(seen[0]?.body).toEqual({ quantity: 3 });
  });

  it('accepts JSON content types with parameters and +json suffixes, and base64-encoded bodies', async () => {
    expect((await put('{"quantity":1}', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await put('{"quantity":1}', { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    const encoded = Buffer.from('{"quantity":2}').toString('base64');
    expect(await put(encoded, { 'content-type': 'application/json' }, { isBase64Encoded: true })).toEqual({
      status: 200,
      body: { quantity: 2, productId: PRODUCT_ID },
    });
  });

  it('rejects a body that is not JSON by content type with 415', async () => {
    const response = await put('quantity=3', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await put('{"quantity":3}', {})).status).toBe(415);
  });

  it('rejects malformed JSON with 400 INVALID_JSON without echoing it', async () => {
    const response = await put('{"quantity": 3, secret-token');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_JSON');
    expect(JSON.stringify(response.body)).not.toContain('secret-token');
  });

  it('lists body violations as JSON pointers with messages', async () => {
    const tooMany = await put('{"quantity": 100}');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
    expect(tooMany.body.errors).toEqual([{ path: '/body/quantity', message: 'must be <= 99' }]);

    const missing = await put('{}');
    expect(missing.body.errors).toEqual([
      { path: '/body/quantity', message: "must have required property 'quantity'" },
    ]);

    const extra = await put(`{"quantity": 1, "${'x'.repeat(50)}": "${'y'.repeat(5000)}"}`);
    expect(extra.body.errors).toEqual([{ path: `/body/${'x'.repeat(50)}`, message: 'is not allowed' }]);
    expect(JSON.stringify(extra.body)).not.toContain('yyyy');
  });

  it('requires a body when the operation has a body validator', async () => {
    const response = await put(null);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: '/body', message: 'is required' }]);
  });

  it('caps the body size with 413', async () => {
    const big = JSON.stringify({ quantity: 1, pad: 'x'.repeat(300 * 1024) });
    const response = await put(big);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('CONTENT_TOO_LARGE');
  });

  it('validates path, query and requested headers as one params object, coercing query strings', async () => {
    seen.length = 0;
    const ok = await put(
      '{"quantity":1}',
      { 'content-type': 'application/json', 'idempotency-key': 'key-12345678', 'x-other': 'ignored' },
      { queryStringParameters: { limit: '10' } },
    );
    expect(ok.status).toBe(200);
    expect(seen[0]?.params).toEqual({ productId: PRODUCT_ID, 'Idempotency-Key': 'key-12345678', limit: 10 });

    const badLimit = await put('{"quantity":1}', undefined, { queryStringParameters: { limit: 'lots' } });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([{ path: '/params/limit', message: 'must be integer' }]);

    const badId = await put('{"quantity":1}', undefined, { pathParameters: { productId: 'not-an-id' } });
    expect(badId.body.errors[0].path).toBe('/params/productId');
  });

  it('lets a path parameter win over a query parameter of the same name', async () => {
    seen.length = 0;
    await put('{"quantity":1}', undefined, { queryStringParameters: { productId: 'spoofed' } });
    expect(seen[0]?.params.productId).toBe(PRODUCT_ID);
  });

  it('works with HTTP API (payload 2.0) events and requests without a body', async () => {
    const get = middy()
      .use(validateRequest<unknown, LineParams, APIGatewayProxyEventV2>({ params: paramsValidator }))
      .use(problemJson({ logger: silentLogger() }))
      .handler(async (event) => ({
        statusCode: 200,
        body: JSON.stringify({ body: event.body ?? null, params: event.params }),
      }));
    const response = (await get(
      httpApiEvent({ pathParameters: { productId: PRODUCT_ID }, headers: {} }) as never,
      lambdaContext,
    )) as APIGatewayProxyResult;
    expect(JSON.parse(response.body)).toEqual({ body: null, params: { productId: PRODUCT_ID } });

    const bad = (await get(httpApiEvent({ pathParameters: {} }) as never, lambdaContext)) as APIGatewayProxyResult;
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).instance).toBe('/order/v1/orders');
  });
});
