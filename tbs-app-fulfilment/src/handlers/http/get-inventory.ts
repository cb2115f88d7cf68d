import middy from '@middy/core';
import {
  callerFromEvent,
  etagOf,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateGetInventoryParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetInventory } from '../../application/get-inventory';
import { createContainer } from '../../infrastructure/container';
import { toInventoryRepresentation } from './representations';

const getInventory = createContainer().resolve(GetInventory);

/** GET /inventory/{productId}: administrators only; the ETag is what a later PUT sends as If-Match. */
export const handler = middy<ValidatedEvent<unknown, { productId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetInventoryParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const inventory = await getInventory.execute(event.params.productId);
    return jsonResponse(200, toInventoryRepresentation(inventory), { etag: etagOf(inventory.version) });
  });
