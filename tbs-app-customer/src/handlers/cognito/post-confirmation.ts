import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { RegisterCustomer } from '../../application/register-customer';
import { createContainer, logger } from '../../infrastructure/container';
import { addressFromCognito } from './cognito-address';

const registerCustomer = createContainer().resolve(RegisterCustomer);

// Cognito request ids are UUIDs; anything else is replaced so events always carry a valid correlation id.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Cognito PostConfirmation trigger: creates the profile when a sign-up is confirmed. Cognito may deliver the same
 * confirmation again, so RegisterCustomer is idempotent. A failure is thrown (Cognito reports it to the client and
 * the Errors alarm fires) rather than hidden, because a customer without a profile cannot use their account.
 */
export const handler = async (
  event: PostConfirmationTriggerEvent,
  context: Context,
): Promise<PostConfirmationTriggerEvent> => {
  // A confirmed password reset is not a new customer.
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  const attributes = event.request.userAttributes;
  // The pool requires both names at sign-up; the profile keeps the one name the shop addresses people by.
  const name = [attributes.given_name, attributes.family_name]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  const result = await registerCustomer.execute({
    customerId: attributes.sub ?? '',
    email: attributes.email ?? '',
    name,
    shippingAddress: addressFromCognito(attributes.address, name) ?? null,
    correlationId: CORRELATION_ID.test(context.awsRequestId) ? context.awsRequestId : 'cognito-post-confirmation',
  });
  logger.info(result.created ? 'Customer registered' : 'Customer was already registered', {
    customerId: result.customer.id,
  });
  return event;
};
