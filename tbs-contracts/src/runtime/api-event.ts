import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/** An API Gateway proxy event: REST API (payload 1.0) or HTTP API (payload 2.0). The runtime accepts both. */
export type ApiEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request header by name, case-insensitively (REST APIs keep the client's casing, HTTP APIs lower-case it). */
export const headerOf = (event: unknown, name: string): string | undefined => {
  if (!isRecord(event) || !isRecord(event.headers)) return undefined;
  const headers = event.headers;
  const exact = headers[name];
  if (typeof exact === 'string') return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
};

/** The path the client asked for (with the custom-domain base path when there is one), for `instance`. */
export const requestPathOf = (event: unknown): string | undefined => {
  if (!isRecord(event)) return undefined;
  if (typeof event.path === 'string') return event.path;
  if (typeof event.rawPath === 'string') return event.rawPath;
  return undefined;
};

export const stringMapOf = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
};

export { isRecord };
