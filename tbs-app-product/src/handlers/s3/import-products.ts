import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import { ulid } from 'ulid';
import { ImportProducts } from '../../application/import-products';
import { createContainer } from '../../infrastructure/container';

const logger = new Logger({ serviceName: 'tbs-app-product' });
const importProducts = createContainer(process.env, logger).resolve(ImportProducts);

/** A CSV dropped into the import bucket -> products, and a `<key>.report.json` next to it. */
export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records ?? []) {
    // S3 event keys are URL-encoded with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    if (!key.toLowerCase().endsWith('.csv')) continue;
    const correlationId = ulid();
    const report = await importProducts.execute(key, correlationId);
    logger.info('Import finished', { key, correlationId, status: report.status, ...report.totals });
  }
};
