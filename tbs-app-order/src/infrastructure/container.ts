import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  type CloudEvent,
  DynamoDbIdempotencyStore,
  OutboxRelay,
  type RuntimeLogger,
  SnsEventPublisher,
} from '@tbs/contracts/runtime';
import { type DependencyContainer, instanceCachingFactory, container as rootContainer } from 'tsyringe';
import { CancelOrder } from '../application/cancel-order';
import { GetOrder } from '../application/get-order';
import { ListAdminOrders, ListOrders } from '../application/list-orders';
import { PlaceOrder } from '../application/place-order';
import type { Catalogue } from '../application/ports/catalogue';
import type { Clock } from '../application/ports/clock';
import type { OrderRepository } from '../application/ports/order-repository';
import type { PaymentGateway } from '../application/ports/payment-gateway';
import { TOKENS } from '../application/ports/tokens';
import { RecordCatalogueEntry } from '../application/record-catalogue-entry';
import { RecordPaymentEvent } from '../application/record-payment-event';
import { UpdateOrderFromFulfilment } from '../application/update-order-from-fulfilment';
import { type OrderServiceConfig, readConfig } from './config';
import { DynamoDbCatalogue } from './dynamodb-catalogue';
import { createDynamoDbClient, documentClientOf } from './dynamodb-client';
import { type CommittedEventPublisher, DynamoDbOrderRepository } from './dynamodb-order-repository';
import { SecretsManagerStripeKeys } from './stripe-keys';
import { StripePaymentGateway } from './stripe-payment-gateway';
import { StripeWebhookConsumer } from './stripe-webhook-consumer';
import { sha256Fingerprint, systemClock, ulidGenerator } from './system-clock';

/** Infrastructure pieces some handlers resolve directly (the webhook consumer, the relay, the dedupe table). */
export const INFRASTRUCTURE_TOKENS = {
  Config: Symbol.for('tbs.order.Config'),
  StripeKeys: Symbol.for('tbs.order.StripeKeys'),
  IdempotencyStoreFactory: Symbol.for('tbs.order.IdempotencyStoreFactory'),
} as const;

export type IdempotencyStoreFactory = (consumer: string, leaseSeconds: number) => DynamoDbIdempotencyStore;

/** Without a topic (read-only functions) events wait in the outbox for the relay function. */
const leaveInOutbox: CommittedEventPublisher = { publishCommitted: async (_events: readonly CloudEvent[]) => {} };

/**
 * The order service's only composition root. Use cases stay free of tsyringe, so they are registered with
 * factories. Handlers call this once at module scope; importing this module has no side effects, so tests can
 * build containers from their own environment.
 */
export function createContainer(
  env: Record<string, string | undefined> = process.env,
  logger?: RuntimeLogger,
): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const dynamoDb = createDynamoDbClient(config.region, config.dynamoDbEndpoint);
  const documents = documentClientOf(dynamoDb);
  const relay = outboxRelayOf(config, dynamoDb, logger);
  if (relay !== undefined) container.register(OutboxRelay, { useValue: relay });
  container.register(INFRASTRUCTURE_TOKENS.Config, { useValue: config });
  container.register(TOKENS.Clock, { useValue: systemClock });
  container.register(TOKENS.IdGenerator, { useValue: ulidGenerator });
  container.register(TOKENS.OrderRepository, {
    useValue: new DynamoDbOrderRepository(documents, config.tableName, relay ?? leaveInOutbox),
  });
  container.register(TOKENS.Catalogue, { useValue: new DynamoDbCatalogue(documents, config.tableName) });
  const factory = <T>(build: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(build) });
  container.register(
    INFRASTRUCTURE_TOKENS.StripeKeys,
    factory(() => {
      if (config.stripeSecretArn === undefined) throw new Error('STRIPE_SECRET_ARN is not configured');
      const client = new SecretsManagerClient({
        region: config.region,
        ...(config.secretsManagerEndpoint ? { endpoint: config.secretsManagerEndpoint } : {}),
      });
      return new SecretsManagerStripeKeys(client, config.stripeSecretArn);
    }),
  );
  container.register<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory, {
    useValue: (consumer, leaseSeconds) => {
      if (config.processedEventsTableName === undefined) {
        throw new Error('PROCESSED_EVENTS_TABLE_NAME is not configured');
      }
      return new DynamoDbIdempotencyStore({
        client: dynamoDb,
        tableName: config.processedEventsTableName,
        consumer,
        leaseSeconds,
      });
    },
  });

  const orders = (c: DependencyContainer) => c.resolve<OrderRepository>(TOKENS.OrderRepository);
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const payments = (c: DependencyContainer) => c.resolve<PaymentGateway>(TOKENS.PaymentGateway);
  container.register(
    PlaceOrder,
    factory(
      (c) =>
        new PlaceOrder(
          orders(c),
          c.resolve<Catalogue>(TOKENS.Catalogue),
          payments(c),
          clock(c),
          ulidGenerator,
          sha256Fingerprint,
          config.pricing,
        ),
    ),
  );
  container.register(
    GetOrder,
    factory((c) => new GetOrder(orders(c))),
  );
  container.register(
    ListOrders,
    factory((c) => new ListOrders(orders(c), clock(c))),
  );
  container.register(
    ListAdminOrders,
    factory((c) => new ListAdminOrders(orders(c))),
  );
  container.register(
    CancelOrder,
    factory((c) => new CancelOrder(orders(c), payments(c), clock(c))),
  );
  container.register(
    RecordPaymentEvent,
    factory((c) => new RecordPaymentEvent(orders(c), clock(c))),
  );
  container.register(
    UpdateOrderFromFulfilment,
    factory((c) => new UpdateOrderFromFulfilment(orders(c), payments(c), clock(c))),
  );
  container.register(
    RecordCatalogueEntry,
    factory((c) => new RecordCatalogueEntry(c.resolve<Catalogue>(TOKENS.Catalogue))),
  );
  return container;
}

/**
 * The container of the functions that move money (place, cancel, refund on a fulfilment answer): createContainer
 * plus the Stripe payment gateway. It is a separate entry so that only those functions bundle and load the Stripe
 * SDK; resolving PlaceOrder, CancelOrder or UpdateOrderFromFulfilment from createContainer fails at start-up.
 */
export function createPaymentContainer(
  env: Record<string, string | undefined> = process.env,
  logger?: RuntimeLogger,
): DependencyContainer {
  const container = createContainer(env, logger);
  const config = container.resolve<OrderServiceConfig>(INFRASTRUCTURE_TOKENS.Config);
  container.register(TOKENS.PaymentGateway, {
    useFactory: instanceCachingFactory((c) => {
      const keys = c.resolve<SecretsManagerStripeKeys>(INFRASTRUCTURE_TOKENS.StripeKeys);
      return new StripePaymentGateway({
        keys: () => keys.get(),
        ...(config.stripeApiBase ? { apiBase: config.stripeApiBase } : {}),
      });
    }),
  });
  return container;
}

function outboxRelayOf(
  config: OrderServiceConfig,
  dynamoDb: ReturnType<typeof createDynamoDbClient>,
  logger: RuntimeLogger | undefined,
): OutboxRelay | undefined {
  if (config.eventsTopicArn === undefined) return undefined;
  const sns = new SNSClient({ region: config.region, ...(config.snsEndpoint ? { endpoint: config.snsEndpoint } : {}) });
  return new OutboxRelay({
    client: dynamoDb,
    tableName: config.tableName,
    publisher: new SnsEventPublisher(sns, config.eventsTopicArn, () =>
      import('./order-event-validators').then((module) => module.ORDER_EVENT_VALIDATORS),
    ),
    ...(logger ? { logger } : {}),
  });
}

export const SERVICE_NAME = 'tbs-app-order';

/** The structured logger of every handler (Powertools; JSON, with the Lambda context when injected). */
export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME });
}

/** Custom metrics land in the TheBetterStore namespace with the dimension service=tbs-app-order. */
export function createMetrics(): Metrics {
  return new Metrics({ namespace: 'TheBetterStore', serviceName: SERVICE_NAME });
}

/**
 * The webhook queue's consumer, wired to the Stripe secret, the processed-events table and the use case. Every
 * rejection (forged, stale, mismatching) adds one RejectedStripeEvents; the reason is in the log line.
 */
export function createStripeWebhookConsumer(
  container: DependencyContainer,
  logger: RuntimeLogger,
  metrics: Metrics,
  leaseSeconds: number,
): StripeWebhookConsumer {
  const keys = container.resolve<SecretsManagerStripeKeys>(INFRASTRUCTURE_TOKENS.StripeKeys);
  const stores = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);
  return new StripeWebhookConsumer({
    webhookSecret: async () => (await keys.get()).webhookSecret,
    recordPaymentEvent: container.resolve(RecordPaymentEvent),
    idempotency: stores('stripe-webhook', leaseSeconds),
    logger,
    countRejected: () => metrics.addMetric('RejectedStripeEvents', MetricUnit.Count, 1),
  });
}
