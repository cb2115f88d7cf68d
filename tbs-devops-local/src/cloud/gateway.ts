import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JWTPayload } from 'jose';
import {
  type GatewayRequest,
  type HttpResponse,
  httpProxyEvent,
  type MatchedRoute,
  proxyResult,
  restProxyEvent,
} from './api-events';
import { type AuthorizerConfig, UnauthorizedError, verifyToken } from './cognito-authorizer';
import { FunctionThrottledError, type LocalFunction } from './function-runtime';
import { type GatewayResponseConfig, type GatewayResponseType, gatewayAnswer } from './gateway-responses';
import { type SqsIntegrationConfig, sendFromIntegration } from './sqs-integration';

export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

export type RouteTarget = { type: 'function'; fn: LocalFunction } | { type: 'sqs'; integration: SqsIntegrationConfig };

export interface RouteDefinition {
  /** Upper-case method or `ANY`. */
  method: string;
  /** Path template relative to the API, e.g. `/products/{id}` or `/{proxy+}`. */
  path: string;
  target: RouteTarget;
  authorizer?: AuthorizerConfig;
}

/** One API of one stack, mounted on the gateway under its base path. */
export interface ApiDefinition {
  stack: string;
  logicalId: string;
  apiId: string;
  kind: 'rest' | 'http';
  stage: string;
  /** `/product/v1`, or '' for an API mounted at the root. */
  basePath: string;
  binaryMediaTypes: string[];
  cors?: CorsConfig;
  /** The API's GatewayResponses by response type (REST APIs only). */
  gatewayResponses?: Record<string, GatewayResponseConfig>;
  routes: RouteDefinition[];
}

interface Match {
  api: ApiDefinition;
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** Returns path parameters when the template matches, with a score preferring literal segments. */
function matchTemplate(template: string, path: string): { params: Record<string, string>; score: number } | null {
  const t = splitPath(template);
  const p = splitPath(path);
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(seg);
    if (greedy) {
      if (i >= p.length) return null;
      params[greedy[1]!] = p.slice(i).map(decodeURIComponent).join('/');
      return { params, score: score * 2 };
    }
    const value = p[i];
    if (value === undefined) return null;
    const param = /^\{(.+)\}$/.exec(seg);
    if (param) {
      params[param[1]!] = decodeURIComponent(value);
      score += 1;
    } else if (seg === value) {
      score += 2;
    } else {
      return null;
    }
  }
  return t.length === p.length ? { params, score: score * 2 + 1 } : null;
}

const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const json = (statusCode: number, body: unknown, extra: Record<string, string[]> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': ['application/json'], ...extra },
  body: Buffer.from(JSON.stringify(body)),
});

/**
 * The one local HTTP entry point: every stack's API under its base path, as a custom domain with base-path
 * mappings serves them in AWS.
 */
export class Gateway {
  private apis: ApiDefinition[] = [];
  private server?: Server;

  constructor(private readonly options: { sqs?: SQSClient; log: (line: string) => void }) {}

  /** Replaces the mounted APIs (longest base path wins when two overlap). */
  setApis(apis: ApiDefinition[]): void {
    const seen = new Map<string, string>();
    for (const api of apis) {
      const owner = seen.get(api.basePath);
      if (owner) throw new Error(`base path '${api.basePath}' is declared by both ${owner} and ${api.stack}`);
      seen.set(api.basePath, `${api.stack}/${api.logicalId}`);
    }
    this.apis = [...apis].sort((a, b) => b.basePath.length - a.basePath.length);
  }

  get mounted(): readonly ApiDefinition[] {
    return this.apis;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    const api = this.findApi((req.url ?? '/').split('?')[0] as string)?.api;
    let response: HttpResponse;
    try {
      const request = await this.readRequest(req, requestId);
      response = request ? await this.route(request) : this.answer(api, 'REQUEST_TOO_LARGE', requestId);
    } catch (err) {
      this.options.log(`[gateway] ${req.method} ${req.url} failed: ${(err as Error).message}`);
      response = this.answer(api, 'INTERNAL', requestId);
    }
    response.headers['x-amzn-requestid'] ??= [requestId];
    res.statusCode = response.statusCode;
    for (const [name, values] of Object.entries(response.headers)) {
      res.setHeader(name, values.length === 1 ? values[0]! : values);
    }
    res.end(response.body);
    this.options.log(`[gateway] ${req.method} ${req.url} ${response.statusCode} ${Date.now() - started}ms`);
  }

  /** An answer of the gateway itself, shaped by the API's GatewayResponses (none without an API). */
  private answer(
    api: ApiDefinition | undefined,
    type: GatewayResponseType,
    requestId: string,
    extraHeaders: Record<string, string[]> = {},
  ): HttpResponse {
    return gatewayAnswer(api?.gatewayResponses, type, requestId, extraHeaders);
  }

  private async readRequest(req: IncomingMessage, requestId: string): Promise<GatewayRequest | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      // API Gateway refuses payloads over 10 MB: the rest is read (so the client gets the answer) but not kept.
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk as Buffer);
    }
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    const headers: Record<string, string[]> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      headers[name] ??= [];
      headers[name].push(req.rawHeaders[i + 1]!);
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    return {
      method: (req.method ?? 'GET').toUpperCase(),
      path: q === -1 ? url : url.slice(0, q),
      rawQuery: q === -1 ? '' : url.slice(q + 1),
      headers,
      body: Buffer.concat(chunks),
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      domainName: (headers.host?.[0] ?? 'localhost').split(':')[0]!,
      requestId,
    };
  }

  private findApi(path: string): { api: ApiDefinition; rest: string } | undefined {
    for (const api of this.apis) {
      if (api.basePath === '') return { api, rest: path };
      if (path === api.basePath || path.startsWith(`${api.basePath}/`)) {
        return { api, rest: path.slice(api.basePath.length) || '/' };
      }
    }
    return undefined;
  }

  private async route(req: GatewayRequest): Promise<HttpResponse> {
    const found = this.findApi(req.path);
    if (!found) return json(404, { message: 'Not Found' });
    const { api, rest } = found;
    const requestId = req.requestId ?? randomUUID();
    const candidates: Array<Match & { score: number }> = [];
    for (const route of api.routes) {
      const m = matchTemplate(route.path, rest);
      if (m) candidates.push({ api, route, pathParameters: m.params, score: m.score });
    }
    // A REST API answers an unknown resource or method 403 Missing Authentication Token; an HTTP API 404.
    if (candidates.length === 0) {
      return api.kind === 'rest'
        ? this.answer(api, 'MISSING_AUTHENTICATION_TOKEN', requestId)
        : json(404, { message: 'Not Found' });
    }
    if (req.method === 'OPTIONS' && api.cors && !candidates.some((c) => c.route.method === 'OPTIONS')) {
      return this.preflight(api.cors, req);
    }
    const byMethod = candidates
      .filter((c) => c.route.method === req.method || c.route.method === 'ANY')
      .sort((a, b) => b.score - a.score || (a.route.method === 'ANY' ? 1 : -1));
    const match = byMethod[0];
    if (!match) {
      if (api.kind === 'rest') return this.answer(api, 'MISSING_AUTHENTICATION_TOKEN', requestId);
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return json(405, { message: 'Method Not Allowed' }, { allow: [allow] });
    }
    const response = await this.dispatch(req, match, requestId);
    if (api.kind === 'http' && api.cors) this.addCorsHeaders(api.cors, req, response);
    return response;
  }

  private async dispatch(req: GatewayRequest, match: Match, requestId: string): Promise<HttpResponse> {
    const { api, route } = match;
    let claims: JWTPayload | undefined;
    if (route.authorizer) {
      try {
        claims = await verifyToken(
          route.authorizer,
          Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, v[0]])),
        );
      } catch (err) {
        if (!(err instanceof UnauthorizedError)) throw err;
        this.options.log(`[gateway] ${api.stack}/${route.authorizer.name}: 401 (${err.message})`);
        return this.answer(api, 'UNAUTHORIZED', requestId, { 'x-amzn-errortype': ['UnauthorizedException'] });
      }
    }
    if (route.target.type === 'sqs') {
      if (!this.options.sqs) throw new Error('the gateway has no SQS client for an SQS integration');
      const sent = await sendFromIntegration(this.options.sqs, route.target.integration, req, requestId);
      if ('gatewayResponse' in sent) return this.answer(api, sent.gatewayResponse, requestId);
      return { statusCode: sent.statusCode, headers: sent.headers, body: Buffer.from(sent.body) };
    }
    const matched: MatchedRoute = {
      apiId: api.apiId,
      stage: api.stage,
      kind: api.kind,
      resource: route.path,
      routeMethod: route.method,
      pathParameters: match.pathParameters,
      binaryMediaTypes: api.binaryMediaTypes,
      claims,
    };
    const event = api.kind === 'rest' ? restProxyEvent(req, matched) : httpProxyEvent(req, matched);
    let result: unknown;
    try {
      result = await route.target.fn.invoke(event, 'throttle');
    } catch (err) {
      if (err instanceof FunctionThrottledError) {
        return this.answer(api, 'THROTTLED', requestId, { 'x-amzn-errortype': ['TooManyRequestsException'] });
      }
      this.options.log(`[gateway] ${api.stack}/${api.logicalId} ${req.method} ${req.path}: ${(err as Error).message}`);
      return this.answer(api, 'LAMBDA_FAILURE', requestId);
    }
    const response = proxyResult(result, api.kind);
    if (!response) {
      this.options.log(`[gateway] ${api.stack}/${api.logicalId}: malformed Lambda proxy response`);
      return this.answer(api, 'LAMBDA_FAILURE', requestId);
    }
    return response;
  }

  private allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
    if (cors.allowOrigins.includes('*')) return cors.allowCredentials && origin ? origin : '*';
    return origin && cors.allowOrigins.includes(origin) ? origin : undefined;
  }

  private preflight(cors: CorsConfig, req: GatewayRequest): HttpResponse {
    const origin = this.allowedOrigin(cors, req.headers.origin?.[0]);
    const headers: Record<string, string[]> = {};
    if (origin) {
      headers['access-control-allow-origin'] = [origin];
      headers['access-control-allow-methods'] = [cors.allowMethods.join(',')];
      if (cors.allowHeaders.length > 0) headers['access-control-allow-headers'] = [cors.allowHeaders.join(',')];
      if (cors.maxAge !== undefined) headers['access-control-max-age'] = [String(cors.maxAge)];
      if (cors.allowCredentials) headers['access-control-allow-credentials'] = ['true'];
    }
    return { statusCode: 204, headers, body: Buffer.alloc(0) };
  }

  private addCorsHeaders(cors: CorsConfig, req: GatewayRequest, response: HttpResponse): void {
    const origin = this.allowedOrigin(cors, req.headers.origin?.[0]);
    if (!origin || response.headers['access-control-allow-origin']) return;
    response.headers['access-control-allow-origin'] = [origin];
    if (cors.exposeHeaders.length > 0)
      response.headers['access-control-expose-headers'] = [cors.exposeHeaders.join(',')];
    if (cors.allowCredentials) response.headers['access-control-allow-credentials'] = ['true'];
  }
}
