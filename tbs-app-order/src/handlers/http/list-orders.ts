import middy from '@middy/core';
import {
  callerFromEvent,
  decodeCursor,
  encodeCursor,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateListOrdersParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListOrders } from '../../application/list-orders';
import { createContainer } from '../../infrastructure/container';
import { isListPosition, toOrderRepresentation } from './order-representation';

const listOrders = createContainer().resolve(ListOrders);

/** GET /orders: the caller's orders of the last 6 months, newest first. */
export const handler = middy<ValidatedEvent<undefined, { limit: number; cursor?: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListOrdersParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { limit, cursor } = event.params;
    const after = decodeCursor<Record<string, string>>(cursor, isListPosition);
    const page = await listOrders.execute(callerFromEvent(event).customerId, { limit, ...(after ? { after } : {}) });
    return jsonResponse(200, {
      items: page.orders.map(toOrderRepresentation),
      nextCursor: page.next === undefined ? null : encodeCursor({ ...page.next }),
    });
  });
