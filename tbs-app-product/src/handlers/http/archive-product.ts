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
import { validateGetProductParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ArchiveProduct } from '../../application/archive-product';
import { createContainer } from '../../infrastructure/container';
import { toProductRepresentation } from './product-representation';

const archiveProduct = createContainer().resolve(ArchiveProduct);

/** DELETE /products/{id}: administrators only; archives (the product stays readable by id). */
export const handler = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetProductParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const ifMatch = headerOf(event, 'if-match');
    const expectedVersion = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    const product = await archiveProduct.execute(event.params.id, expectedVersion, {
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(200, toProductRepresentation(product), { etag: etagOf(product.version) });
  });
