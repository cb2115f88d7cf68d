import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A REST API (payload 1.0) proxy event as API Gateway sends it behind a custom domain. */
export const restEvent = (overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent => ({
  resource: '/products/{productId}',
  path: '/product/v1/products/01JBX3K5Q9ZJ7Y8V6W4T2R0P1M',
  httpMethod: 'GET',
  headers: { Accept: 'application/json', 'X-Correlation-Id': 'corr-123' },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: { productId: '01JBX3K5Q9ZJ7Y8V6W4T2R0P1M' },
  stageVariables: null,
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    authorizer: null,
    protocol: 'HTTP/1.1',
    httpMethod: 'GET',
    identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
    path: '/prod/products/01JBX3K5Q9ZJ7Y8V6W4T2R0P1M',
    stage: 'prod',
    requestId: 'req-1',
    requestTimeEpoch: 1_700_000_000_000,
    resourceId: 'res1',
    resourcePath: '/products/{productId}',
  },
  body: null,
  isBase64Encoded: false,
  ...overrides,
});

/** An HTTP API (payload 2.0) event. */
export const httpApiEvent = (overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: 'POST /orders',
  rawPath: '/order/v1/orders',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'api.example.com',
    domainPrefix: 'api',
    http: {
      method: 'POST',
      path: '/order/v1/orders',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.1',
      userAgent: 'vitest',
    },
    requestId: 'req-2',
    routeKey: 'POST /orders',
    stage: '$default',
    time: '22/Nov/2026:03:00:00 +0000',
    timeEpoch: 1_700_000_000_000,
  },
  isBase64Encoded: false,
  ...overrides,
});

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'aws-req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

export const silentLogger = () => {
  const lines: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, attributes?: Record<string, unknown>) => lines.push({ level: 'info', message, attributes }),
    warn: (message: string, attributes?: Record<string, unknown>) => lines.push({ level: 'warn', message, attributes }),
    error: (message: string, attributes?: Record<string, unknown>) =>
      lines.push({ level: 'error', message, attributes }),
  };
};
