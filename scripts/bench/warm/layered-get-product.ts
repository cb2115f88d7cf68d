// The warm-overhead breakdown: GET /products/{id} with the shipped layers added one at a time (middy alone, then
// request validation, then problem+json), on the same in-memory repository and use case as the other two handlers.
// The container is left out on purpose: it resolves the use case once per cold start, not per invocation.
import middy from '@middy/core';
import { etagOf, jsonResponse, problemJson, type ValidatedEvent, validateRequest } from '@tbs/contracts/runtime';
import { validateGetProductParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GetProduct } from '../../../tbs-app-product/src/application/get-product';
import { toProductRepresentation } from '../../../tbs-app-product/src/handlers/http/product-representation';
import { benchRepository } from './in-memory-product-repository';

const getProduct = new GetProduct(benchRepository);

const respond = async (id: string): Promise<APIGatewayProxyResult> => {
  const product = await getProduct.execute(id);
  return jsonResponse(200, toProductRepresentation(product), { etag: etagOf(product.version) });
};

export const middyOnly = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(async (event) =>
  respond(event.pathParameters?.id ?? ''),
);

export const withValidation = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetProductParams }))
  .handler(async (event) => respond(event.params.id));

export const withProblemJson = middy<ValidatedEvent<undefined, { id: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetProductParams }))
  .use(problemJson())
  .handler(async (event) => respond(event.params.id));
