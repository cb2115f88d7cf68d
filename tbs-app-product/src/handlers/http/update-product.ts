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
import type { ProductInput } from '@tbs/contracts/types';
import { validateGetProductParams, validateUpdateProductBody } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { UpdateProduct } from '../../application/update-product';
import { createContainer } from '../../infrastructure/container';
import { toProductDetails } from './product-input';
import { toProductRepresentation } from './product-representation';

const updateProduct = createContainer().resolve(UpdateProduct);

/** PUT /products/{id}: administrators only; If-Match required (absent 428, stale 412). */
export const handler = middy<ValidatedEvent<ProductInput, { id: string }>, APIGatewayProxyResult>()
  // The id only: a missing If-Match must answer 428, which parseIfMatch does, not a schema 400.
  .use(validateRequest({ body: validateUpdateProductBody, params: validateGetProductParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const expectedVersion = parseIfMatch(headerOf(event, 'if-match'));
    const product = await updateProduct.execute(event.params.id, expectedVersion, toProductDetails(event.body), {
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(200, toProductRepresentation(product), { etag: etagOf(product.version) });
  });
