// The bare handler of the warm-overhead comparison: the same work as GET /products/{id} (id check, lookup,
// representation, ETag, JSON) on the same in-memory repository, with no middleware, request validation or container.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PRODUCT_ID_PATTERN } from '../../../tbs-app-product/src/domain/product';
import { toProductRepresentation } from '../../../tbs-app-product/src/handlers/http/product-representation';
import { benchRepository } from './in-memory-product-repository';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id ?? '';
  const product = PRODUCT_ID_PATTERN.test(id) ? await benchRepository.findById(id) : undefined;
  if (!product) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({ status: 404, code: 'PRODUCT_NOT_FOUND' }),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', etag: `"${product.version}"` },
    body: JSON.stringify(toProductRepresentation(product)),
  };
};
