import middy from '@middy/core';
import {
  decodeCursor,
  encodeCursor,
  HttpProblem,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateListProductsParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListProducts } from '../../application/list-products';
import type { ListPosition } from '../../application/ports/product-repository';
import { InvalidListPositionError } from '../../domain/product-errors';
import { createContainer } from '../../infrastructure/container';
import { toProductRepresentation } from './product-representation';

const listProducts = createContainer().resolve(ListProducts);

const KEY_NAMES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);
// A cursor is a table position we issued: only our key names, only strings.
const isPosition = (position: Record<string, unknown>): boolean =>
  Object.entries(position).every(([name, value]) => KEY_NAMES.has(name) && typeof value === 'string');

interface ListParams {
  category?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

/** GET /products: public, active products in name order, by category and/or keywords. */
export const handler = middy<ValidatedEvent<undefined, ListParams>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListProductsParams }))
  .use(problemJson())
  .handler(async (event) => {
    const { category, q, limit, cursor } = event.params;
    const after = decodeCursor<ListPosition & Record<string, string>>(cursor, isPosition);
    const page = await listProducts.execute({ category, q, limit, after }).catch((error: unknown) => {
      // The spec answers every bad query parameter with 400, a cursor from another listing included.
      if (error instanceof InvalidListPositionError) throw HttpProblem.badRequest(error.code, error.message);
      throw error;
    });
    return jsonResponse(200, {
      items: page.items.map(toProductRepresentation),
      nextCursor: page.next === undefined ? null : encodeCursor({ ...page.next }),
    });
  });
