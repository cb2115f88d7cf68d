import type { APIGatewayProxyResult } from 'aws-lambda';

/** A JSON API Gateway proxy result. `undefined` body (e.g. 204) sends an empty body without a content type. */
export const jsonResponse = (
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => {
  if (body === undefined) return { statusCode: status, headers: { ...headers }, body: '' };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
};
