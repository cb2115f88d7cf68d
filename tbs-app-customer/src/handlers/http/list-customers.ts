import middy from '@middy/core';
import {
  callerFromEvent,
  decodeCursor,
  encodeCursor,
  HttpProblem,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DEFAULT_PAGE_SIZE, ListCustomers, MAX_PAGE_SIZE } from '../../application/list-customers';
import type { CustomerListPosition } from '../../application/ports/customer-repository';
import { createContainer, logger } from '../../infrastructure/container';
import { toCustomerRepresentation } from './customer-representation';

const listCustomers = createContainer().resolve(ListCustomers);

/** GET /admin/customers?limit=&cursor=: administrators only, newest registrations first. */
export const handler = middy<ValidatedEvent<undefined, Record<string, string>>, APIGatewayProxyResult>()
  .use(validateRequest({}))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const query = event.queryStringParameters ?? {};
    const after = decodeCursor<CustomerListPosition>(query.cursor, (position) => listCustomers.accepts(position));
    const page = await listCustomers.execute({
      limit: limitOf(query.limit),
      ...(after === undefined ? {} : { after }),
    });
    return jsonResponse(200, {
      items: page.customers.map(toCustomerRepresentation),
      nextCursor: page.next === undefined ? null : encodeCursor(page.next),
    });
  });

function limitOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const limit = Number(value);
  if (!/^\d{1,3}$/.test(value) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw HttpProblem.badRequest('VALIDATION_FAILED', 'limit must be an integer from 1 to 100.', [
      { path: '/params/limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` },
    ]);
  }
  return limit;
}
