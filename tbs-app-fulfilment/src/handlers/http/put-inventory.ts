import middy from '@middy/core';
import {
  callerFromEvent,
  correlationIdFrom,
  etagOf,
  headerOf,
  jsonResponse,
  parseIfMatch,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { InventoryInput } from '@tbs/contracts/types';
import { validatePutInventoryBody, validatePutInventoryParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { SetStockOnHand } from '../../application/set-stock-on-hand';
import { createContainer } from '../../infrastructure/container';
import { toInventoryRepresentation } from './representations';

const setStockOnHand = createContainer().resolve(SetStockOnHand);

/** PUT /inventory/{productId}: administrators only; If-Match is required once the record exists (428/412). */
export const handler = middy<ValidatedEvent<InventoryInput, { productId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ body: validatePutInventoryBody, params: validatePutInventoryParams, headers: ['If-Match'] }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const ifMatch = headerOf(event, 'if-match');
    const inventory = await setStockOnHand.execute(
      event.params.productId,
      event.body.onHand,
      ifMatch === undefined ? undefined : parseIfMatch(ifMatch),
      { correlationId: correlationIdFrom(event) },
    );
    return jsonResponse(200, toInventoryRepresentation(inventory), { etag: etagOf(inventory.version) });
  });
