import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateClearCartParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ClearCart } from '../../application/clear-cart';
import { createContainer } from '../../infrastructure/container';

const clearCart = createContainer().resolve(ClearCart);

/** DELETE /cart: 204 whether or not there was anything to remove. */
export const handler = middy<ValidatedEvent, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateClearCartParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { customerId } = callerFromEvent(event);
    await clearCart.execute(customerId);
    return jsonResponse(204);
  });
