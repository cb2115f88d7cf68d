import middy from '@middy/core';
import { jsonResponse, problemJson } from '@tbs/contracts/runtime';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ListCategories } from '../../application/list-categories';
import { createContainer } from '../../infrastructure/container';

const listCategories = createContainer().resolve(ListCategories);

/** GET /categories: public, categories with active products and their counts. */
export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(problemJson())
  .handler(async () => jsonResponse(200, { items: await listCategories.execute() }));
