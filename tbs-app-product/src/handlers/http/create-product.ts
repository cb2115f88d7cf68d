import middy from '@middy/core';
import {
  callerFromEvent,
  correlationIdFrom,
  etagOf,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { ProductInput } from '@tbs/contracts/types';
import { validateCreateProductBody } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CreateProduct } from '../../application/create-product';
import { createContainer } from '../../infrastructure/container';
import { toProductDetails } from './product-input';
import { toProductRepresentation } from './product-representation';

const createProduct = createContainer().resolve(CreateProduct);

/** POST /products: administrators only. */
export const handler = middy<ValidatedEvent<ProductInput>, APIGatewayProxyResult>()
  .use(validateRequest({ body: validateCreateProductBody }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const product = await createProduct.execute(toProductDetails(event.body), {
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(201, toProductRepresentation(product), {
      etag: etagOf(product.version),
      location: `products/${product.id}`,
    });
  });
