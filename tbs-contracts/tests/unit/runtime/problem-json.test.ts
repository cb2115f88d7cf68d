import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { HttpProblem, PROBLEM_TYPE_BASE, problemJson, type RuntimeLogger } from '../../../src/runtime';
import { lambdaContext, restEvent, silentLogger } from './fixtures';

class ProductNotFoundError extends Error {
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';
}

const handlerThrowing = (error: unknown, logger: RuntimeLogger = silentLogger()) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(problemJson({ logger }))
    .handler(async () => {
      throw error;
    });

const invoke = async (error: unknown, logger = silentLogger()) => {
  const response = (await handlerThrowing(error, logger)(restEvent(), lambdaContext)) as APIGatewayProxyResult;
  return { response, body: JSON.parse(response.body), logger };
};

describe('problemJson', () => {
  it('renders a domain error by its kind, with code, type URI, title and the request path as instance', async () => {
    const { response, body } = await invoke(new ProductNotFoundError('Product 01JBX3 does not exist.'));
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(body).toEqual({
      type: `${PROBLEM_TYPE_BASE}/product-not-found`,
      title: 'Not Found',
      status: 404,
      detail: 'Product 01JBX3 does not exist.',
      instance: '/product/v1/products/01JBX3K5Q9ZJ7Y8V6W4T2R0P1M',
      code: 'PRODUCT_NOT_FOUND',
    });
  });

  it.each([
    ['validation', 422],
    ['not_found', 404],
    ['conflict', 409],
    ['forbidden', 403],
    ['unauthorized', 401],
    ['precondition_failed', 412],
    ['precondition_required', 428],
  ])('maps domain kind %s to %i', async (kind, status) => {
    const error = Object.assign(new Error('nope'), { code: 'SOME_RULE', kind });
    const { response, body } = await invoke(error);
    expect(response.statusCode).toBe(status);
    expect(body.code).toBe('SOME_RULE');
  });

  it('renders an HttpProblem as itself, with its field errors and headers', async () => {
    const { response, body } = await invoke(HttpProblem.methodNotAllowed(['GET', 'PUT']));
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe('GET, PUT');
    expect(body.code).toBe('METHOD_NOT_ALLOWED');

    const invalid = await invoke(
      HttpProblem.badRequest('VALIDATION_FAILED', 'bad', [{ path: '/body/x', message: 'm' }]),
    );
    expect(invalid.response.statusCode).toBe(400);
    expect(invalid.body.errors).toEqual([{ path: '/body/x', message: 'm' }]);
  });

  it('renders the client errors other middy middlewares expose (http-errors style) with their status', async () => {
    const bodyParserError = Object.assign(new Error('Content type defined as JSON but an invalid JSON was provided'), {
      statusCode: 422,
      expose: true,
    });
    const { response, body } = await invoke(bodyParserError);
    expect(response.statusCode).toBe(422);
    expect(body.code).toBe('UNPROCESSABLE_CONTENT');
    const hidden = await invoke(Object.assign(new Error('upstream said no'), { statusCode: 502, expose: false }));
    expect(hidden.response.statusCode).toBe(500);
  });

  it('hides unexpected errors behind a 500 INTERNAL_ERROR and logs them instead', async () => {
    const { response, body, logger } = await invoke(new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2'));
    expect(response.statusCode).toBe(500);
    expect(body).toEqual({
      type: `${PROBLEM_TYPE_BASE}/internal-error`,
      title: 'Internal Server Error',
      status: 500,
      instance: '/product/v1/products/01JBX3K5Q9ZJ7Y8V6W4T2R0P1M',
      code: 'INTERNAL_ERROR',
    });
    expect(response.body).not.toContain('ECONNREFUSED');
    const logged = logger.lines.find((line) => line.level === 'error');
    expect(logged?.attributes?.correlationId).toBe('corr-123');
    expect(JSON.stringify(logged?.attributes)).toContain('ECONNREFUSED');
  });

  it('does not trust look-alikes: an error with an unknown kind or a non-code is a 500', async () => {
    expect((await invoke(Object.assign(new Error('x'), { code: 'X', kind: 'teapot' }))).response.statusCode).toBe(500);
    expect(
      (await invoke(Object.assign(new Error('x'), { code: 'ENOENT ', kind: 'not_found' }))).response.statusCode,
    ).toBe(500);
    expect((await invoke('a thrown string')).response.statusCode).toBe(500);
  });

  it('handles errors first when registered last, so earlier error middlewares see the problem response', async () => {
    const seen: (number | undefined)[] = [];
    const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use({
        onError: (request) => {
          seen.push(request.response?.statusCode);
          if (request.response) request.response.headers = { ...request.response.headers, 'x-decorated': 'yes' };
        },
      })
      .use(problemJson({ logger: silentLogger() }))
      .handler(async () => {
        throw new ProductNotFoundError('gone');
      });
    const response = await handler(restEvent(), lambdaContext);
    expect(seen).toEqual([404]);
    expect(response.headers?.['x-decorated']).toBe('yes');
  });

  it('passes successful responses through untouched', async () => {
    const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(problemJson())
      .handler(async () => ({ statusCode: 200, body: '{"ok":true}' }));
    expect(await handler(restEvent(), lambdaContext)).toEqual({ statusCode: 200, body: '{"ok":true}' });
  });
});

describe('problemJson with a Powertools logger', () => {
  it('accepts the Logger services already use and logs the failure through it', async () => {
    const logged: string[] = [];
    const logger = new Logger({ serviceName: 'tbs-app-test', logLevel: 'INFO' });
    const capture = (chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    let response: APIGatewayProxyResult;
    try {
      response = (await handlerThrowing(new Error('database unreachable'), logger)(
        restEvent(),
        lambdaContext,
      )) as APIGatewayProxyResult;
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(response.statusCode).toBe(500);
    const entries = logged
      .flatMap((chunk) => chunk.split('\n').filter((line) => line.startsWith('{')))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.some((entry) => entry.level === 'ERROR' && entry.code === 'INTERNAL_ERROR')).toBe(true);
  });
});
