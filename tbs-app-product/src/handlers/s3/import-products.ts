import type { S3Event } from 'aws-lambda';
import { ImportProducts } from '../../application/import-products';
import { createImportContainer, createLogger } from '../../infrastructure/container';

const logger = createLogger();
const importProducts = createImportContainer(process.env, logger).resolve(ImportProducts);

/** A CSV dropped into the import bucket -> products, and a `<key>.report.json` next to it. */
export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records ?? []) {
    // S3 event keys are URL-encoded with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    if (!key.toLowerCase().endsWith('.csv')) continue;
    const report = await importProducts.execute(key);
    logger.info('Import finished', { key, status: report.status, ...report.totals });
  }
};
