import { type CloudEvent, sqsEventConsumer } from '@tbs/contracts/runtime';
import { validateStockLevelChangedEvent } from '@tbs/contracts/validators';
import { RecordStockLevel } from '../../application/record-stock-level';
import { createContainer, createLogger } from '../../infrastructure/container';

const logger = createLogger();
const recordStockLevel = createContainer(process.env, logger).resolve(RecordStockLevel);

interface StockLevelChangedData {
  productId: string;
  available: number;
  version: number;
}

/**
 * Fulfilment's StockLevelChanged -> the availability shoppers see. Idempotent without a dedupe table: a report is
 * kept only when its stock version is newer than the one held, so duplicates and late arrivals change nothing.
 */
export const handler = sqsEventConsumer<CloudEvent<StockLevelChangedData>>({
  validators: { 'tbs.fulfilment.StockLevelChanged.v1': validateStockLevelChangedEvent },
  logger,
  handle: async (event) => {
    const { productId, available, version } = event.data;
    const kept = await recordStockLevel.execute({ productId, available, version });
    if (!kept) logger.info('Stale or repeated stock report ignored', { eventId: event.id, productId, version });
  },
});
