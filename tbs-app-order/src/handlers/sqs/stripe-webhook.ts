import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RecordPaymentEvent } from '../../application/record-payment-event';
import { createContainer, type IdempotencyStoreFactory, INFRASTRUCTURE_TOKENS } from '../../infrastructure/container';
import type { SecretsManagerStripeKeys } from '../../infrastructure/stripe-keys';
import { StripeWebhookConsumer } from '../../infrastructure/stripe-webhook-consumer';

const logger = new Logger({ serviceName: 'tbs-app-order' });
const metrics = new Metrics({ namespace: 'TheBetterStore', serviceName: 'tbs-app-order' });
const container = createContainer(process.env, logger);
const keys = container.resolve<SecretsManagerStripeKeys>(INFRASTRUCTURE_TOKENS.StripeKeys);
const idempotencyStoreOf = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);
const leaseSeconds = Number(process.env.IDEMPOTENCY_LEASE_SECONDS ?? '40');

const consumer = new StripeWebhookConsumer({
  webhookSecret: async () => (await keys.get()).webhookSecret,
  recordPaymentEvent: container.resolve(RecordPaymentEvent),
  idempotency: idempotencyStoreOf('stripe-webhook', leaseSeconds),
  logger,
  // One metric for every kind of rejection (the alarm watches the total); the reason is in the log line.
  countRejected: () => metrics.addMetric('RejectedStripeEvents', MetricUnit.Count, 1),
});

/** The webhook queue: verified Stripe events move orders; forged or stale ones are counted and dropped. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  try {
    return await consumer.handle(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
