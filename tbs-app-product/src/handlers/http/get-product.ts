import middy from '@middy/core';
import { etagOf, jsonResponse, problemJson, type ValidatedEvent, validateRequest } from '@tbs/contracts/runtime';
import { validateGetProductParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetProduct } from '../../application/get-product';
import { createContainer } from '../../infrastructure/container';
import { toProductRepresentation } from './product-representation';

// Once per cold start: a bad configuration fails here, loudly, before any request is served.
const getProduct = createContainer().resolve(GetProduct);

/** GET /products/{id}: public, archived products included. */
export const handler = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetProductParams }))
  .use(problemJson())
  .handler(async (event) => {
    const product = await getProduct.execute(event.params.id);
    return jsonResponse(200, toProductRepresentation(product), { etag: etagOf(product.version) });
  });
