import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  createContainer,
  createLogger,
  createMetrics,
  createStripeWebhookConsumer,
} from '../../infrastructure/container';

const logger = createLogger();
const metrics = createMetrics();
const consumer = createStripeWebhookConsumer(
  createContainer(process.env, logger),
  logger,
  metrics,
  Number(process.env.IDEMPOTENCY_LEASE_SECONDS ?? '40'),
);

/** The webhook queue: verified Stripe events move orders; forged or stale ones are counted and dropped. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  try {
    return await consumer.handle(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
