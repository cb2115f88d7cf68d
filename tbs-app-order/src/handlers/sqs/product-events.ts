import { type CloudEvent, sqsEventConsumer } from '@tbs/contracts/runtime';
import {
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
} from '@tbs/contracts/validators';
import { catalogueEntryOf } from '../../application/consumed-events';
import { RecordCatalogueEntry } from '../../application/record-catalogue-entry';
import { createContainer, createLogger } from '../../infrastructure/container';

const logger = createLogger();
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
