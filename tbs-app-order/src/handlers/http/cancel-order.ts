import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateCancelOrderParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CancelOrder } from '../../application/cancel-order';
import { createLogger, createPaymentContainer } from '../../infrastructure/container';
import { toOrderRepresentation } from './order-representation';

const logger = createLogger();
const cancelOrder = createPaymentContainer(process.env, logger).resolve(CancelOrder);

/** POST /orders/{id}/cancel: CANCELLED at once when unpaid, CANCELLATION_REQUESTED for a paid physical order. */
export const handler = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateCancelOrderParams }))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    const order = await cancelOrder.execute(callerFromEvent(event).customerId, event.params.id);
    logger.info('Order cancel requested', { orderId: order.id, status: order.status });
    return jsonResponse(200, toOrderRepresentation(order));
  });
