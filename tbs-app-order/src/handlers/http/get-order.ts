import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateGetOrderParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetOrder } from '../../application/get-order';
import { createContainer } from '../../infrastructure/container';
import { toOrderRepresentation } from './order-representation';

const getOrder = createContainer().resolve(GetOrder);

/** GET /orders/{id}: the caller's own order; anyone else's is a 404. */
export const handler = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetOrderParams }))
  .use(problemJson())
  .handler(async (event) => {
    const order = await getOrder.execute(callerFromEvent(event).customerId, event.params.id);
    return jsonResponse(200, toOrderRepresentation(order));
  });
