import { validateCustomerProfileUpdatedEvent, validateCustomerRegisteredEvent } from '@tbs/contracts/validators';

/**
 * The compiled schemas of the events the customer service publishes (only these, so bundles carry no other
 * schema). The container loads this module at the first publish (a dynamic import), so functions that never publish
 * never evaluate it.
 */
export const CUSTOMER_EVENT_VALIDATORS = {
  'tbs.customer.CustomerRegistered.v1': validateCustomerRegisteredEvent,
  'tbs.customer.CustomerProfileUpdated.v1': validateCustomerProfileUpdatedEvent,
};
