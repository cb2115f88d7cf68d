import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/cloud/function-runtime';
import { Gateway } from '../../src/cloud/gateway';
import { type RestApiRequest, restApiEvent } from '../../src/testing';
import { fixtureFunction } from '../fixtures/cloud/fixture-function';

// The builder is checked against the gateway itself: the same request sent over HTTP must reach the function as
// the event the builder returns (apart from the request id and time, which differ on every request).
const ISSUER = 'http://127.0.0.1/local_pool';
let jwks: Server;
let gateway: Gateway;
let url: string;
let echo: LocalFunction;
let sign: (claims: JWTPayload) => Promise<string>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(pair.privateKey);
  jwks = createServer((_req, res) => res.end(JSON.stringify({ keys: [publicJwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  echo = fixtureFunction('http-echo.mjs', { logicalId: 'Echo', functionName: 'echo' });
  const authorizer = {
    name: 'CognitoAuthorizer',
    issuer: ISSUER,
    jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    audience: ['client-1'],
    tokenUse: ['id' as const],
    header: 'authorization',
  };
  const target = { type: 'function' as const, fn: echo };
  gateway = new Gateway({ log: () => {} });
  gateway.setApis([
    {
      stack: 'tbs-fixture-local',
      logicalId: 'Api',
      apiId: 'rest1',
      kind: 'rest',
      stage: 'local',
      basePath: '/shop/v1',
      binaryMediaTypes: [],
      routes: [
        { method: 'POST', path: '/orders/{id}/lines', target, authorizer },
        { method: 'GET', path: '/files/{key+}', target },
      ],
    },
  ]);
  url = await gateway.listen(0);
});

afterAll(async () => {
  await gateway.close();
  await echo.stop();
  jwks.closeAllConnections();
  await new Promise((r) => jwks.close(r));
});

/** What changes on every request, and the headers the HTTP client adds on its own. */
function comparable(event: Record<string, unknown>, sentHeaders: string[]): Record<string, unknown> {
  const keep = (headers: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => sentHeaders.includes(name)));
  const context = event.requestContext as Record<string, unknown>;
  return {
    ...event,
    headers: keep(event.headers as Record<string, unknown>),
    multiValueHeaders: keep(event.multiValueHeaders as Record<string, unknown>),
    requestContext: {
      ...context,
      requestId: 'id',
      extendedRequestId: 'id',
      requestTime: 'time',
      requestTimeEpoch: 0,
    },
  };
}

async function throughGateway(request: RestApiRequest, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('restApiEvent', () => {
  it('is the event the gateway builds for an authorized JSON request with path and query parameters', async () => {
    const host = new URL(url).host;
    const tokenClaims = { iss: ISSUER, aud: 'client-1', iat: 1_768_037_400, exp: 4_102_444_800 };
    const caller = { sub: 'user-1', email: 'ana@example.com', groups: ['Administrators', 'Support'] };
    const token = await sign({
      sub: caller.sub,
      email: caller.email,
      email_verified: true,
      'cognito:username': caller.sub,
      token_use: 'id',
      'cognito:groups': caller.groups,
      ...tokenClaims,
    });
    const request: RestApiRequest = {
      method: 'POST',
      resource: '/orders/{id}/lines',
      pathParameters: { id: 'order 1' },
      query: { tag: ['a', 'b'], limit: '5' },
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'key-1',
        'User-Agent': 'vitest',
        Host: host,
      },
      body: { quantity: 2 },
      caller: { ...caller, claims: tokenClaims },
      basePath: '/shop/v1',
      stage: 'local',
      apiId: 'rest1',
      domainName: '127.0.0.1',
    };
    const sent = ['authorization', 'content-type', 'idempotency-key', 'user-agent', 'host'];
    const received = await throughGateway(request, '/shop/v1/orders/order%201/lines?tag=a&tag=b&limit=5');
    const built = restApiEvent(request);

    expect(comparable(built as never, sent)).toEqual(comparable(received, sent));
    expect(built.requestContext.authorizer?.claims).toMatchObject({
      sub: 'user-1',
      'cognito:groups': 'Administrators,Support',
    });
    expect(built.pathParameters).toEqual({ id: 'order 1' });
    expect(built.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], limit: ['5'] });
  });

  it('is the event the gateway builds for an anonymous request on a greedy route, without a body', async () => {
    const request: RestApiRequest = {
      method: 'GET',
      resource: '/files/{key+}',
      pathParameters: { key: 'images/tea leaves.png' },
      headers: { 'user-agent': 'vitest', host: new URL(url).host },
      basePath: '/shop/v1',
      apiId: 'rest1',
      domainName: '127.0.0.1',
    };
    const sent = ['user-agent', 'host'];
    const received = await throughGateway(request, '/shop/v1/files/images/tea%20leaves.png');
    const built = restApiEvent(request);

    expect(comparable(built as never, sent)).toEqual(comparable(received, sent));
    expect([built.body, built.queryStringParameters, built.requestContext.authorizer]).toEqual([null, null, undefined]);
  });

  it('sends a string body as it is and anything else as JSON, as JSON unless told otherwise', () => {
    const plain = restApiEvent({
      method: 'PUT',
      resource: '/notes',
      body: 'hi',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect([plain.body, plain.headers['content-type']]).toEqual(['hi', 'text/plain']);
    const malformed = restApiEvent({ method: 'PUT', resource: '/notes', body: '{"a":' });
    expect([malformed.body, malformed.headers['content-type']]).toEqual(['{"a":', 'application/json']);
    const json = restApiEvent({ method: 'PUT', resource: '/notes', body: { a: 1 } });
    expect([json.body, json.headers['content-type']]).toEqual(['{"a":1}', 'application/json']);
  });

  it('names the path parameter it has no value for', () => {
    expect(() => restApiEvent({ method: 'GET', resource: '/orders/{id}' })).toThrow(/path parameter id/);
  });
});
