import middy from '@middy/core';
import {
  callerFromEvent,
  correlationIdFrom,
  etagOf,
  headerOf,
  jsonResponse,
  parseIfMatch,
  problemJson,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { UpdateMyProfile } from '../../application/update-my-profile';
import { createContainer, logger } from '../../infrastructure/container';
import { profileChangesFrom, toCustomerRepresentation } from './customer-representation';

const updateMyProfile = createContainer().resolve(UpdateMyProfile);

/**
 * PUT /customers/me: replaces the caller's names and shipping address. If-Match is optional (only the customer
 * edits their own profile); when sent, a stale version is refused with 412.
 */
export const handler = middy<ValidatedEvent<unknown, Record<string, never>>, APIGatewayProxyResult>()
  .use(validateRequest({}))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    const ifMatch = headerOf(event, 'if-match');
    const customer = await updateMyProfile.execute({
      customerId: callerFromEvent(event).customerId,
      changes: profileChangesFrom(event.body),
      ...(ifMatch === undefined ? {} : { expectedVersion: parseIfMatch(ifMatch) }),
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(200, toCustomerRepresentation(customer), { etag: etagOf(customer.version) });
  });
