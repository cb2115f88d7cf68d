import middy from '@middy/core';
import {
  callerFromEvent,
  decodeCursor,
  encodeCursor,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateListCustomersParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListCustomers } from '../../application/list-customers';
import type { CustomerListPosition } from '../../application/ports/customer-repository';
import { createContainer, logger } from '../../infrastructure/container';
import { toCustomerRepresentation } from './customer-representation';

const listCustomers = createContainer().resolve(ListCustomers);

interface ListCustomersParams {
  email?: string;
  limit: number;
  cursor?: string;
}

/** GET /admin/customers?email=&limit=&cursor=: administrators only, newest registrations first. */
export const handler = middy<ValidatedEvent<undefined, ListCustomersParams>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListCustomersParams }))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const { email, limit, cursor } = event.params;
    const after = decodeCursor<CustomerListPosition>(cursor, (position) => listCustomers.accepts(position));
    const page = await listCustomers.execute({
      limit,
      ...(email === undefined ? {} : { email }),
      ...(after === undefined ? {} : { after }),
    });
    return jsonResponse(200, {
      items: page.customers.map(toCustomerRepresentation),
      nextCursor: page.next === undefined ? null : encodeCursor(page.next),
    });
  });
