import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validatePlaceOrderBody, validatePlaceOrderParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { PlaceOrder, type PlaceOrderInput } from '../../application/place-order';
import { createLogger, createPaymentContainer } from '../../infrastructure/container';
import { toOrderRepresentation } from './order-representation';

const logger = createLogger();
const placeOrder = createPaymentContainer(process.env, logger).resolve(PlaceOrder);

/** POST /orders: idempotent checkout; the same Idempotency-Key and body always answer the same 201. */
export const handler = middy<ValidatedEvent<PlaceOrderInput, { 'Idempotency-Key': string }>, APIGatewayProxyResult>()
  .use(
    validateRequest({ body: validatePlaceOrderBody, params: validatePlaceOrderParams, headers: ['Idempotency-Key'] }),
  )
  .use(problemJson({ logger }))
  .handler(async (event) => {
    const caller = callerFromEvent(event);
    const placed = await placeOrder.execute(caller, event.params['Idempotency-Key'], event.body);
    logger.info('Order placed', { orderId: placed.order.id, paymentIntentId: placed.payment.paymentIntentId });
    return jsonResponse(
      201,
      { order: toOrderRepresentation(placed.order), payment: placed.payment },
      { location: `/order/v1/orders/${placed.order.id}` },
    );
  });
