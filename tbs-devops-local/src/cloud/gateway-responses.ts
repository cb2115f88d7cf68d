// The answers API Gateway gives itself (authorizer refusals, unknown routes, throttling, integration failures),
// shaped by the API's GatewayResponses as in AWS: a response declared for the type, else DEFAULT_4XX / DEFAULT_5XX,
// else API Gateway's own `{"message": ...}` body.

/** One entry of `GatewayResponses` (SAM) or `x-amazon-apigateway-gateway-responses` (OpenAPI). */
export interface GatewayResponseConfig {
  /** Replaces the type's status when set. */
  statusCode?: number;
  /** Header values, already unquoted (`'application/problem+json'` in the template). */
  headers: Record<string, string>;
  /** Body templates by content type; only simple `$context` substitution, as API Gateway does. */
  templates: Record<string, string>;
}

/** The response types the local gateway produces, with API Gateway's default status and message. */
export const GATEWAY_RESPONSE_TYPES = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  ACCESS_DENIED: { status: 403, message: 'Forbidden' },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token' },
  RESOURCE_NOT_FOUND: { status: 404, message: 'Not Found' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type' },
  THROTTLED: { status: 429, message: 'Too Many Requests' },
  /** The integration could not be reached (an AWS service integration's endpoint). */
  INTEGRATION_FAILURE: { status: 504, message: 'Internal server error' },
  /** A Lambda proxy integration failed (error, timeout, malformed response): 502, with no type of its own. */
  LAMBDA_FAILURE: { status: 502, message: 'Internal server error', responseType: 'DEFAULT_5XX' },
  /** The API's definition cannot answer (e.g. no integration response for an integration's status). */
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error' },
  /** The gateway itself failed. */
  INTERNAL: { status: 500, message: 'Internal server error', responseType: 'DEFAULT_5XX' },
} as const satisfies Record<string, { status: number; message: string; responseType?: string }>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_TYPES;

export interface GatewayAnswer {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** Reads a SAM `GatewayResponses` map (or the OpenAPI extension) into configs; header values lose their quotes. */
export function gatewayResponsesOf(raw: unknown, where: string): Record<string, GatewayResponseConfig> {
  const out: Record<string, GatewayResponseConfig> = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where} must be a mapping`);
  for (const [type, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    // SAM nests headers under ResponseParameters.Headers; OpenAPI uses gatewayresponse.header.<name> keys.
    const samParameters = value.ResponseParameters as { Headers?: Record<string, unknown> } | undefined;
    const apiParameters = value.responseParameters as Record<string, unknown> | undefined;
    const headers: Record<string, string> = {};
    for (const [name, v] of Object.entries(samParameters?.Headers ?? {}))
      headers[name] = literal(v, `${where}.${type}`);
    for (const [key, v] of Object.entries(apiParameters ?? {})) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
      if (!name) throw new Error(`${where}.${type}: response parameter ${key} is not supported locally`);
      headers[name] = literal(v, `${where}.${type}`);
    }
    const status = value.StatusCode ?? value.statusCode;
    out[type] = {
      ...(status !== undefined ? { statusCode: Number(status) } : {}),
      headers,
      templates: (value.ResponseTemplates ?? value.responseTemplates ?? {}) as Record<string, string>,
    };
  }
  return out;
}

/** `'value'` as the template writes a static header value; anything else is a mapping from the request. */
function literal(value: unknown, where: string): string {
  const m = /^'(.*)'$/s.exec(String(value));
  if (!m) throw new Error(`${where}: only static header values ('...') are supported locally, not ${String(value)}`);
  return m[1] as string;
}

/**
 * The answer of `type`: the API's response for the type, else its DEFAULT_4XX or DEFAULT_5XX, else API Gateway's
 * default body. Templates support the substitutions API Gateway offers that the shop uses.
 */
export function gatewayAnswer(
  responses: Record<string, GatewayResponseConfig> | undefined,
  type: GatewayResponseType,
  requestId: string,
  extraHeaders: Record<string, string[]> = {},
): GatewayAnswer {
  const known: { status: number; message: string; responseType?: string } = GATEWAY_RESPONSE_TYPES[type];
  const { status, message } = known;
  const responseType = known.responseType ?? type;
  const config = responses?.[responseType] ?? responses?.[status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX'];
  if (!config) {
    return {
      statusCode: status,
      headers: { 'content-type': ['application/json'], ...extraHeaders },
      body: Buffer.from(JSON.stringify({ message })),
    };
  }
  const [templateType, template] = Object.entries(config.templates)[0] ?? ['application/json', ''];
  const headers: Record<string, string[]> = { 'content-type': [templateType], ...extraHeaders };
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = [value];
  return {
    statusCode: config.statusCode ?? status,
    headers,
    body: Buffer.from(substitute(template, { requestId, type: responseType, message })),
  };
}

function substitute(template: string, ctx: { requestId: string; type: string; message: string }): string {
  return template.replace(/\$context\.[A-Za-z.]+[A-Za-z]/g, (name) => {
    switch (name) {
      case '$context.requestId':
        return ctx.requestId;
      case '$context.error.responseType':
        return ctx.type;
      case '$context.error.message':
        return ctx.message;
      case '$context.error.messageString':
        return JSON.stringify(ctx.message);
      default:
        throw new Error(`gateway response template variable ${name} is not supported locally`);
    }
  });
}
