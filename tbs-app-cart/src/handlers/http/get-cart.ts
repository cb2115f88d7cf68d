import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateGetCartParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetCart } from '../../application/get-cart';
import { createContainer } from '../../infrastructure/container';
import { toCartRepresentation } from './cart-representation';

// Once per cold start: a bad configuration fails here, loudly, before any request is served.
const getCart = createContainer().resolve(GetCart);

/** GET /cart: the caller's own cart; the customer id comes only from the verified token. */
export const handler = middy<ValidatedEvent, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetCartParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { customerId } = callerFromEvent(event);
    return jsonResponse(200, toCartRepresentation(await getCart.execute(customerId)));
  });
