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
import type { ProfileInput } from '@tbs/contracts/types';
import { validateUpdateMyProfileBody, validateUpdateMyProfileParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { UpdateMyProfile } from '../../application/update-my-profile';
import type { ShippingAddressProps } from '../../domain/shipping-address';
import { createContainer, logger } from '../../infrastructure/container';
import { toCustomerRepresentation } from './customer-representation';

const updateMyProfile = createContainer().resolve(UpdateMyProfile);

/**
 * PUT /customers/me: replaces the caller's name and shipping address. Only the customer edits their own profile,
 * so If-Match is optional; when a client sends the ETag it read, a stale one is refused with 412.
 */
export const handler = middy<ValidatedEvent<ProfileInput, Record<string, never>>, APIGatewayProxyResult>()
  .use(validateRequest({ body: validateUpdateMyProfileBody, params: validateUpdateMyProfileParams }))
  .use(problemJson({ logger }))
  .handler(async (event) => {
    const ifMatch = headerOf(event, 'if-match');
    const customer = await updateMyProfile.execute({
      customerId: callerFromEvent(event).customerId,
      changes: { name: event.body.name, shippingAddress: event.body.shippingAddress as ShippingAddressProps | null },
      ...(ifMatch === undefined ? {} : { expectedVersion: parseIfMatch(ifMatch) }),
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(200, toCustomerRepresentation(customer), { etag: etagOf(customer.version) });
  });
