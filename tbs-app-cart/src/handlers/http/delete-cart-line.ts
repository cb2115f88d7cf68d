import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateDeleteCartLineParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { RemoveCartLine } from '../../application/remove-cart-line';
import { createContainer } from '../../infrastructure/container';
import { toCartRepresentation } from './cart-representation';

const removeCartLine = createContainer().resolve(RemoveCartLine);

/** DELETE /cart/lines/{productId}: idempotent, answers the updated cart. */
export const handler = middy<ValidatedEvent<undefined, { productId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateDeleteCartLineParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { customerId } = callerFromEvent(event);
    return jsonResponse(200, toCartRepresentation(await removeCartLine.execute(customerId, event.params.productId)));
  });
