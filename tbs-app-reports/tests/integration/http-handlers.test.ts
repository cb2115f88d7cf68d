import 'reflect-metadata';
import { lambdaContext } from '@tbs/devops-local/testing';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsApiEvent } from '../fixtures/api-events';
import { reportsEnv } from '../fixtures/reports-env';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;
const context = lambdaContext({ remainingTimeMs: 29_000 });

/**
 * The handlers as API Gateway calls them. Nothing listens on the Data API endpoint: every answer here must come
 * before the database is touched, except the last one, which shows what an unreachable database looks like.
 */
describe('report HTTP handlers', () => {
  let monthlySales: Handler;
  let topProducts: Handler;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, reportsEnv('http://127.0.0.1:9'), { DB_RESUME_WAIT_MS: '0' });
    monthlySales = (await import('../../src/handlers/http/get-monthly-sales')).handler as unknown as Handler;
    topProducts = (await import('../../src/handlers/http/get-top-products')).handler as unknown as Handler;
  });

  afterAll(() => {
    process.env = saved;
  });

  const problem = (response: APIGatewayProxyResult) => ({
    status: response.statusCode,
    contentType: response.headers?.['Content-Type'] ?? response.headers?.['content-type'],
    ...JSON.parse(response.body),
  });

  it('refuses customers who are not administrators (403)', async () => {
    const response = await monthlySales(reportsApiEvent('/reports/monthly-sales', null, 'customer'), context);
    expect(problem(response)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers 400 for parameters outside the spec (months over 24, unknown ranking) and 422 for date ranges the reports do not serve', async () => {
    expect(
      problem(await monthlySales(reportsApiEvent('/reports/monthly-sales', { months: '0' }), context)),
    ).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(
      problem(await monthlySales(reportsApiEvent('/reports/monthly-sales', { months: '25' }), context)),
    ).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(
      problem(await topProducts(reportsApiEvent('/reports/top-products', { by: 'price' }), context)),
    ).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const reversed = await topProducts(
      reportsApiEvent('/reports/top-products', { from: '2026-03-02', to: '2026-03-01' }),
      context,
    );
    expect(problem(reversed)).toMatchObject({
      status: 422,
      code: 'RANGE_INVALID',
      contentType: 'application/problem+json',
    });
    const tooLong = await topProducts(
      reportsApiEvent('/reports/top-products', { from: '2024-01-01', to: '2026-01-01' }),
      context,
    );
    expect(problem(tooLong)).toMatchObject({ status: 422, code: 'RANGE_TOO_LONG' });
    expect(
      problem(await topProducts(reportsApiEvent('/reports/top-products', { limit: '101' }), context)),
    ).toMatchObject({
      status: 400,
    });
  });

  it('answers 500 without details when the database cannot be reached', async () => {
    const response = await monthlySales(reportsApiEvent('/reports/monthly-sales', { months: '3' }), context);
    const body = problem(response);
    expect(body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(body.detail).toBeUndefined();
  });
});
