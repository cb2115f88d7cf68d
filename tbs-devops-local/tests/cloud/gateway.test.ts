import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizerConfig } from '../../src/cloud/cognito-authorizer';
import type { LocalFunction } from '../../src/cloud/function-runtime';
import { Gateway } from '../../src/cloud/gateway';
import { fixtureFunction } from '../fixtures/cloud/fixture-function';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'http://127.0.0.1:9229/local_pool';
let jwks: Server;
let gateway: Gateway;
let url: string;
let echo: LocalFunction;
let slow: LocalFunction;
let signingKey: PrivateKey;
let otherKey: PrivateKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const authorizer: AuthorizerConfig = {
    name: 'CognitoAuthorizer',
    issuer: ISSUER,
    jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    audience: ['client-1'],
    tokenUse: ['id'],
    header: 'authorization',
  };
  echo = fixtureFunction('http-echo.mjs', { logicalId: 'Echo', functionName: 'echo' });
  slow = fixtureFunction('sleep.mjs', { logicalId: 'Slow', functionName: 'slow', reservedConcurrency: 1 });
  gateway = new Gateway({ log: () => {} });
  gateway.setApis([
    {
      stack: 'tbs-fixture-local',
      logicalId: 'Api',
      apiId: 'rest1',
      kind: 'rest',
      stage: 'local',
      basePath: '/rest/v1',
      binaryMediaTypes: ['image/png'],
      routes: [
        { method: 'GET', path: '/me', target: { type: 'function', fn: echo }, authorizer },
        { method: 'POST', path: '/upload', target: { type: 'function', fn: echo } },
        { method: 'GET', path: '/slow', target: { type: 'function', fn: slow } },
      ],
    },
    {
      stack: 'tbs-fixture-local',
      logicalId: 'HttpApi',
      apiId: 'http1',
      kind: 'http',
      stage: '$default',
      basePath: '/http/v1',
      binaryMediaTypes: [],
      cors: { allowOrigins: ['http://shop.test'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: ['etag'] },
      routes: [{ method: 'ANY', path: '/files/{proxy+}', target: { type: 'function', fn: echo } }],
    },
  ]);
  url = await gateway.listen(0);
});

afterAll(async () => {
  await gateway.close();
  await echo.stop();
  await slow.stop();
  jwks.closeAllConnections();
  await new Promise((r) => jwks.close(r));
});

interface TokenOptions {
  key?: PrivateKey;
  aud?: string;
  tokenUse?: string;
  expiresIn?: string | number;
  issuer?: string;
}

function token(o: TokenOptions = {}): Promise<string> {
  return new SignJWT({ token_use: o.tokenUse ?? 'id', email: 'ana@example.com', 'cognito:groups': ['Administrators'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('user-1')
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.aud ?? 'client-1')
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '1h')
    .sign(o.key ?? signingKey);
}

const me = (authorization?: string) => fetch(`${url}/rest/v1/me`, { headers: authorization ? { authorization } : {} });

describe('gateway Cognito authorizer', () => {
  it('passes a valid ID token and hands its claims to the function', async () => {
    const res = await me(`Bearer ${await token()}`);
    expect(res.status).toBe(200);
    const event = (await res.json()) as { requestContext: { authorizer: { claims: Record<string, string> } } };
    expect(event.requestContext.authorizer.claims).toMatchObject({
      sub: 'user-1',
      email: 'ana@example.com',
      'cognito:groups': 'Administrators',
      token_use: 'id',
    });
  });

  it.each([
    ['no token', async () => undefined],
    ['a bad signature', async () => token({ key: otherKey })],
    ['a wrong audience', async () => token({ aud: 'someone-else' })],
    ['an expired token', async () => token({ expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['another issuer', async () => token({ issuer: 'http://127.0.0.1:9229/other_pool' })],
    ['an access token', async () => token({ tokenUse: 'access' })],
  ])('answers 401 for %s', async (_name, make) => {
    const res = await me(await make());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });
});

describe('gateway proxy events', () => {
  it('base64-encodes binary media types for REST APIs and decodes nothing else', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const res = await fetch(`${url}/rest/v1/upload`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    const event = (await res.json()) as { body: string; isBase64Encoded: boolean };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(png);
  });

  it('sends HTTP API payload 2.0 with greedy path parameters, joined headers, cookies and CORS headers', async () => {
    const res = await fetch(`${url}/http/v1/files/a/b.txt?tag=x&tag=y`, {
      method: 'PUT',
      headers: [
        ['origin', 'http://shop.test'],
        ['cookie', 'a=1; b=2'],
        ['x-multi', 'one'],
        ['x-multi', 'two'],
        ['content-type', 'text/plain'],
      ],
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(res.headers.get('access-control-expose-headers')).toBe('etag');
    const event = await res.json();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /files/{proxy+}',
      rawPath: '/http/v1/files/a/b.txt',
      rawQueryString: 'tag=x&tag=y',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { tag: 'x,y' },
      pathParameters: { proxy: 'a/b.txt' },
      requestContext: { http: { method: 'PUT' }, stage: '$default' },
      body: 'hello',
      isBase64Encoded: false,
    });
    expect((event as { headers: Record<string, string> }).headers['x-multi']).toBe('one, two');
  });
});

describe('gateway limits', () => {
  it("refuses payloads over API Gateway's 10 MB with 413", async () => {
    const res = await fetch(`${url}/rest/v1/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });
    expect(res.status).toBe(413);
  });
});

describe('gateway and function concurrency', () => {
  it('throttles requests beyond ReservedConcurrentExecutions with 429 instead of queueing them', async () => {
    const first = slow.invoke({ ms: 400 });
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${url}/rest/v1/slow`);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ message: 'Too Many Requests' });
    await first;
    // Once the execution is free the request runs; sleep.mjs returns no proxy response, which REST answers 502.
    expect((await fetch(`${url}/rest/v1/slow`)).status).toBe(502);
  });
});
