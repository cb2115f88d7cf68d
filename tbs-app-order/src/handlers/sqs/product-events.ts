import { Logger } from '@aws-lambda-powertools/logger';
import { type CloudEvent, sqsEventConsumer } from '@tbs/contracts/runtime';
import {
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
} from '@tbs/contracts/validators';
import { RecordCatalogueEntry } from '../../application/record-catalogue-entry';
import { catalogueEntryOf } from '../../infrastructure/consumed-events';
import { createContainer } from '../../infrastructure/container';

const logger = new Logger({ serviceName: 'tbs-app-order' });
const recordCatalogueEntry = createContainer(process.env, logger).resolve(RecordCatalogueEntry);

/**
 * Product events -> the catalogue checkout prices from. Idempotent without a dedupe table: an entry is kept only
 * when its product version is newer than the one held, so duplicates and late arrivals change nothing.
 */
export const handler = sqsEventConsumer<CloudEvent<Parameters<typeof catalogueEntryOf>[0]['data']>>({
  validators: {
    'tbs.product.ProductCreated.v1': validateProductCreatedEvent,
    'tbs.product.ProductUpdated.v1': validateProductUpdatedEvent,
    'tbs.product.ProductArchived.v1': validateProductArchivedEvent,
  },
  logger,
  handle: async (event) => {
    const entry = catalogueEntryOf(event);
    const kept = await recordCatalogueEntry.execute(entry);
    if (!kept) {
      logger.info('Stale or repeated product event ignored', { eventId: event.id, productId: entry.productId });
    }
  },
});
