import {
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
} from '@tbs/contracts/validators';

/**
 * The compiled schemas of the events the product service publishes. The container loads this module at the first
 * publish (a dynamic import), so functions that never publish never evaluate it.
 */
export const PRODUCT_EVENT_VALIDATORS = {
  'tbs.product.ProductCreated.v1': validateProductCreatedEvent,
  'tbs.product.ProductUpdated.v1': validateProductUpdatedEvent,
  'tbs.product.ProductArchived.v1': validateProductArchivedEvent,
};
