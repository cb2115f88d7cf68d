import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { restClaims } from './cognito-authorizer';

/** One HTTP request as the gateway received it, before it becomes a proxy event. */
export interface GatewayRequest {
  method: string;
  /** Full path as the client sent it, including the base path. */
  path: string;
  rawQuery: string;
  /** Header names in lower case, every value kept. */
  headers: Record<string, string[]>;
  body: Buffer;
  sourceIp: string;
  domainName: string;
  /** API Gateway's id of the request (events, mapping templates, gateway responses, x-amzn-RequestId). */
  requestId?: string;
}

export interface MatchedRoute {
  apiId: string;
  stage: string;
  kind: 'rest' | 'http';
  /** The route's path template, e.g. `/products/{id}`. */
  resource: string;
  /** The route's method as declared (`ANY` stays `ANY`). */
  routeMethod: string;
  pathParameters: Record<string, string>;
  binaryMediaTypes: string[];
  claims?: JWTPayload;
}

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|xml|.*\+xml|javascript|x-www-form-urlencoded|graphql))/i;

function mediaTypeMatches(contentType: string, patterns: string[]): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return patterns.some((p) => {
    const pattern = p.replace('~1', '/').toLowerCase();
    if (pattern === '*/*') return true;
    if (pattern.endsWith('/*')) return type.startsWith(pattern.slice(0, -1));
    return type === pattern;
  });
}

/** REST APIs base64-encode only the BinaryMediaTypes; HTTP APIs everything that is not text. */
function encodeBody(req: GatewayRequest, route: MatchedRoute): { body: string | null; isBase64Encoded: boolean } {
  if (req.body.length === 0) return { body: null, isBase64Encoded: false };
  const contentType = req.headers['content-type']?.[0] ?? '';
  const binary =
    route.kind === 'rest'
      ? mediaTypeMatches(contentType, route.binaryMediaTypes)
      : !TEXT_TYPES.test(contentType) && contentType !== '';
  return binary
    ? { body: req.body.toString('base64'), isBase64Encoded: true }
    : { body: req.body.toString('utf8'), isBase64Encoded: false };
}

function parseQuery(rawQuery: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    out[key] ??= [];
    out[key].push(value);
  }
  return out;
}

function lastValues(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]!]));
}

function joined(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.join(',')]));
}

const ACCOUNT_ID = '000000000000';

/** The REST API (payload format 1.0) Lambda proxy event. */
export function restProxyEvent(req: GatewayRequest, route: MatchedRoute): Record<string, unknown> {
  const query = parseQuery(req.rawQuery);
  const hasQuery = Object.keys(query).length > 0;
  const now = new Date();
  const requestId = req.requestId ?? randomUUID();
  return {
    resource: route.resource,
    path: req.path,
    httpMethod: req.method,
    headers: lastValues(req.headers),
    multiValueHeaders: req.headers,
    queryStringParameters: hasQuery ? lastValues(query) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: Object.keys(route.pathParameters).length > 0 ? route.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: route.apiId,
      resourceId: route.resource,
      resourcePath: route.resource,
      httpMethod: req.method,
      path: req.path,
      stage: route.stage,
      protocol: 'HTTP/1.1',
      domainName: req.domainName,
      domainPrefix: req.domainName.split('.')[0],
      requestId,
      extendedRequestId: requestId,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      identity: { sourceIp: req.sourceIp, userAgent: req.headers['user-agent']?.[0] ?? null },
      authorizer: route.claims ? { claims: restClaims(route.claims) } : undefined,
    },
    ...encodeBody(req, route),
  };
}

/** HTTP API claims: arrays rendered as `[a b]`, the way API Gateway passes them to payload format 2.0. */
function httpClaims(payload: JWTPayload): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) out[key] = `[${value.join(' ')}]`;
    else if (typeof value === 'object' && value !== null) out[key] = JSON.stringify(value);
    else out[key] = value as string | number | boolean;
  }
  return out;
}

/** The HTTP API (payload format 2.0) Lambda proxy event. */
export function httpProxyEvent(req: GatewayRequest, route: MatchedRoute): Record<string, unknown> {
  const query = parseQuery(req.rawQuery);
  const { cookie, ...headers } = req.headers;
  const now = new Date();
  const routeKey = `${route.routeMethod} ${route.resource}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: req.path,
    rawQueryString: req.rawQuery,
    cookies: cookie ? cookie.flatMap((c) => c.split(/;\s*/)) : undefined,
    headers: joined(headers),
    queryStringParameters: Object.keys(query).length > 0 ? joined(query) : undefined,
    pathParameters: Object.keys(route.pathParameters).length > 0 ? route.pathParameters : undefined,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: route.apiId,
      domainName: req.domainName,
      domainPrefix: req.domainName.split('.')[0],
      http: {
        method: req.method,
        path: req.path,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp,
        userAgent: req.headers['user-agent']?.[0] ?? '',
      },
      requestId: req.requestId ?? randomUUID(),
      routeKey,
      stage: route.stage,
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: route.claims
        ? {
            jwt: {
              claims: httpClaims(route.claims),
              scopes: String(route.claims.scope ?? '')
                .split(' ')
                .filter(Boolean),
            },
          }
        : undefined,
    },
    ...encodeBody(req, route),
  };
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** Turns a function's result into the HTTP response API Gateway would send; null when the result is malformed. */
export function proxyResult(result: unknown, kind: 'rest' | 'http'): HttpResponse | null {
  const isProxyObject = typeof result === 'object' && result !== null && 'statusCode' in result;
  if (!isProxyObject) {
    // Payload format 2.0 infers a 200 JSON response from any other value; 1.0 calls it malformed.
    if (kind === 'rest') return null;
    return {
      statusCode: 200,
      headers: { 'content-type': ['application/json'] },
      body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result ?? null)),
    };
  }
  const r = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown[]>;
    body?: unknown;
    isBase64Encoded?: boolean;
    cookies?: string[];
  };
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return null;
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = [String(v)];
  for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {})) {
    headers[k.toLowerCase()] = (vs ?? []).map(String);
  }
  if (kind === 'http' && Array.isArray(r.cookies) && r.cookies.length > 0) {
    headers['set-cookie'] = [...(headers['set-cookie'] ?? []), ...r.cookies.map(String)];
  }
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return null;
  const text = (r.body as string | undefined) ?? '';
  const body = r.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  if (kind === 'http' && !headers['content-type'] && text) headers['content-type'] = ['application/json'];
  return { statusCode, headers, body };
}
