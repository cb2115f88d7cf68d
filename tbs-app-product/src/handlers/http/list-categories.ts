import middy from '@middy/core';
import { jsonResponse, problemJson, type ValidatedEvent, validateRequest } from '@tbs/contracts/runtime';
import { validateListCategoriesParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListCategories } from '../../application/list-categories';
import { createContainer } from '../../infrastructure/container';

const listCategories = createContainer().resolve(ListCategories);

/** GET /categories: public, categories with active products and their counts; it takes no parameters. */
export const handler = middy<ValidatedEvent<undefined, Record<string, never>>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListCategoriesParams }))
  .use(problemJson())
  .handler(async () => jsonResponse(200, { items: await listCategories.execute() }));
