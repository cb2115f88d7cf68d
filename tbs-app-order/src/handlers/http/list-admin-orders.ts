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
import { validateListAdminOrdersParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListAdminOrders } from '../../application/list-orders';
import type { OrderStatus } from '../../domain/order';
import { createContainer } from '../../infrastructure/container';
import { isListPosition, toOrderRepresentation } from './order-representation';

const listAdminOrders = createContainer().resolve(ListAdminOrders);

interface Params {
  status?: OrderStatus;
  limit: number;
  cursor?: string;
}

/** GET /admin/orders?status=: every customer's orders, newest first (administrators only). */
export const handler = middy<ValidatedEvent<undefined, Params>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListAdminOrdersParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const { status, limit, cursor } = event.params;
    const after = decodeCursor<Record<string, string>>(cursor, isListPosition);
    const page = await listAdminOrders.execute(status, { limit, ...(after ? { after } : {}) });
    return jsonResponse(200, {
      items: page.orders.map(toOrderRepresentation),
      nextCursor: page.next === undefined ? null : encodeCursor({ ...page.next }),
    });
  });
