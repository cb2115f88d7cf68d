import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validatePutCartLineBody, validatePutCartLineParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { SetCartLine } from '../../application/set-cart-line';
import { createContainer } from '../../infrastructure/container';
import { toCartRepresentation } from './cart-representation';

const setCartLine = createContainer().resolve(SetCartLine);

/** PUT /cart/lines/{productId} `{quantity 0..99}`: 0 removes the line. */
export const handler = middy<ValidatedEvent<{ quantity: number }, { productId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ body: validatePutCartLineBody, params: validatePutCartLineParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { customerId } = callerFromEvent(event);
    const cart = await setCartLine.execute(customerId, event.params.productId, event.body.quantity);
    return jsonResponse(200, toCartRepresentation(cart));
  });
