import middy from '@middy/core';
import {
  callerFromEvent,
  etagOf,
  jsonResponse,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateGetMyProfileParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetMyProfile } from '../../application/get-my-profile';
import { createContainer, logger } from '../../infrastructure/container';
import { toCustomerRepresentation } from './customer-representation';

// Once per cold start: a bad configuration fails here, loudly, before any request is served.
const getMyProfile = createContainer().resolve(GetMyProfile);

/** GET /customers/me: the caller's own profile; the id is the token's `sub`, never a request value. */
export const handler = middy<ValidatedEvent<undefined, Record<string, never>>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetMyProfileParams }))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    const customer = await getMyProfile.execute(callerFromEvent(event).customerId);
    return jsonResponse(200, toCustomerRepresentation(customer), { etag: etagOf(customer.version) });
  });
