import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { restProxyEvent } from '../cloud/api-events';

/** Who calls: the claims of the Cognito ID token the REST API's authorizer accepted. */
export interface RestApiCaller {
  sub: string;
  email: string;
  groups?: string[];
  /** Any further claims the token carries. */
  claims?: JWTPayload;
}

export interface RestApiRequest {
  method: string;
  /** The route's path template relative to the API, e.g. `/orders/{id}`. */
  resource: string;
  /** A value for each `{name}` (or greedy `{name+}`) of the resource. */
  pathParameters?: Record<string, string>;
  query?: Record<string, string | string[]>;
  /** Request headers; names are lower-cased, as the gateway receives them over HTTP. */
  headers?: Record<string, string>;
  /** A string is sent as it is (malformed JSON included), anything else as JSON; `content-type: application/json` unless given. */
  body?: unknown;
  /** Omit for a request on a route without an authorizer (no claims in the event). */
  caller?: RestApiCaller;
  /** The custom domain's base path the API is mounted under, e.g. `/order/v1`; none by default. */
  basePath?: string;
  stage?: string;
  apiId?: string;
  domainName?: string;
  sourceIp?: string;
}

function pathOf(request: RestApiRequest): string {
  const given = request.pathParameters ?? {};
  const path = request.resource.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const value = given[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${request.resource}`);
    return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  return `${request.basePath ?? ''}${path}`;
}

function queryOf(query: Record<string, string | string[]> = {}): string {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(query)) {
    for (const value of Array.isArray(values) ? values : [values]) params.append(name, value);
  }
  return params.toString();
}

/**
 * The REST API (payload format 1.0) proxy event the local gateway hands a function for this request, built by the
 * gateway's own code: the same headers, query and path parameters, body encoding and authorizer claims as a
 * request through `startTestCloud` would produce, without starting a cloud.
 */
export function restApiEvent(request: RestApiRequest): APIGatewayProxyEvent {
  const domainName = request.domainName ?? 'localhost';
  const headers: Record<string, string[]> = { host: [domainName] };
  let body = '';
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] = ['application/json'];
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = [value];
  const caller = request.caller;
  const claims: JWTPayload | undefined = caller && {
    sub: caller.sub,
    email: caller.email,
    email_verified: true,
    'cognito:username': caller.sub,
    token_use: 'id',
    ...(caller.groups && { 'cognito:groups': caller.groups }),
    ...caller.claims,
  };
  const event = restProxyEvent(
    {
      method: request.method.toUpperCase(),
      path: pathOf(request),
      rawQuery: queryOf(request.query),
      headers,
      body: Buffer.from(body, 'utf8'),
      sourceIp: request.sourceIp ?? '127.0.0.1',
      domainName,
    },
    {
      apiId: request.apiId ?? 'localapi01',
      stage: request.stage ?? 'local',
      kind: 'rest',
      resource: request.resource,
      routeMethod: request.method.toUpperCase(),
      pathParameters: request.pathParameters ?? {},
      binaryMediaTypes: [],
      claims,
    },
  );
  return event as unknown as APIGatewayProxyEvent;
}
