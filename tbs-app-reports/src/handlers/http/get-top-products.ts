import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { TopProducts } from '@tbs/contracts/types';
import { validateGetTopProductsParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetTopProducts } from '../../application/get-top-products';
import { createContainer } from '../../infrastructure/container';

// Once per cold start: a bad configuration fails here, loudly, before any request is served.
const getTopProducts = createContainer().resolve(GetTopProducts);

/** GET /reports/top-products?from=&to=&limit=&by=: administrators only. */
export const handler = middy<
  ValidatedEvent<undefined, { from?: string; to?: string; limit?: number; by?: 'units' | 'net' }>,
  APIGatewayProxyResult
>()
  .use(validateRequest({ params: validateGetTopProductsParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const { from, to, limit, by } = event.params;
    const report: TopProducts = await getTopProducts.execute({ from, to, limit, rankBy: by });
    return jsonResponse(200, report);
  });
