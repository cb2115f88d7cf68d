import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  DynamoDbIdempotencyStore,
  type IdempotencyStore,
  OutboxRelay,
  type RuntimeLogger,
  SnsEventPublisher,
} from '@tbs/contracts/runtime';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { CancelShipment, CloseOrder } from '../application/cancel-shipment';
import { DeliverShipment } from '../application/deliver-shipment';
import { DispatchShipment } from '../application/dispatch-shipment';
import { FulfilPaidOrder } from '../application/fulfil-paid-order';
import { GetInventory } from '../application/get-inventory';
import { GetShipment, ListShipments } from '../application/get-shipment';
import { HandleOrderEvent } from '../application/handle-order-event';
import type { Clock, IdGenerator } from '../application/ports/clock';
import type { DownloadLinks } from '../application/ports/download-links';
import type { FulfilmentRepository } from '../application/ports/fulfilment-repository';
import { TOKENS } from '../application/ports/tokens';
import { SetStockOnHand } from '../application/set-stock-on-hand';
import { readConfig } from './config';
import { createDynamoDbClient, documentClientOf } from './dynamodb-client';
import { type CommittedEventPublisher, DynamoDbFulfilmentRepository } from './dynamodb-fulfilment-repository';
import { HmacDownloadLinks } from './hmac-download-links';
import { secretsManagerSigningKey } from './secrets-manager-signing-key';
import { systemClock, ulidGenerator } from './system-clock';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** Without a topic (read-only functions) nothing is written, and anything that were would wait for the relay. */
const leaveInOutbox: CommittedEventPublisher = { publishCommittedTogether: async () => {} };

/**
 * The fulfilment service's only composition root. Use cases stay free of tsyringe (the layering rules keep
 * application code framework-free), so they are registered with factories; adapters use `@inject`. Handlers call
 * this once at module scope (once per cold start); importing this module has no side effects.
 */
export function createContainer(
  env: Record<string, string | undefined> = process.env,
  logger?: RuntimeLogger,
  /** Explicit keys for local tools (the seed); functions use the SDK's default chain (the Lambda role). */
  credentials?: { accessKeyId: string; secretAccessKey: string },
): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const dynamoDb = createDynamoDbClient({
    region: config.region,
    ...(config.dynamoDbEndpoint && { endpoint: config.dynamoDbEndpoint }),
    ...(credentials && { credentials }),
  });
  container.register(INFRASTRUCTURE_TOKENS.TableName, { useValue: config.tableName });
  container.register(INFRASTRUCTURE_TOKENS.DocumentClient, { useValue: documentClientOf(dynamoDb) });
  const relay =
    config.eventsTopicArn === undefined
      ? undefined
      : new OutboxRelay({
          client: dynamoDb,
          tableName: config.tableName,
          publisher: new SnsEventPublisher(
            new SNSClient({
              region: config.region,
              ...(config.snsEndpoint && { endpoint: config.snsEndpoint }),
              ...(credentials && { credentials }),
            }),
            config.eventsTopicArn,
            () => import('./fulfilment-event-validators').then((module) => module.FULFILMENT_EVENT_VALIDATORS),
          ),
          ...(logger && { logger }),
        });
  if (relay !== undefined) container.register(OutboxRelay, { useValue: relay });
  container.register(INFRASTRUCTURE_TOKENS.EventRelay, { useValue: relay ?? leaveInOutbox });
  if (config.processedEventsTableName !== undefined) {
    container.register(INFRASTRUCTURE_TOKENS.IdempotencyStore, {
      useValue: new DynamoDbIdempotencyStore({
        client: dynamoDb,
        tableName: config.processedEventsTableName,
        consumer: 'fulfilment-order-events',
        leaseSeconds: config.eventLeaseSeconds,
      }),
    });
  }
  container.register(TOKENS.Clock, { useValue: systemClock });
  container.register(TOKENS.IdGenerator, { useValue: ulidGenerator });
  container.register(
    TOKENS.FulfilmentRepository,
    { useClass: DynamoDbFulfilmentRepository },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(TOKENS.DownloadLinks, {
    useFactory: instanceCachingFactory<DownloadLinks>(() => {
      if (config.downloadKeySecretId === undefined || config.downloadBaseUrl === undefined) {
        throw new Error('DOWNLOAD_KEY_SECRET_ID and DOWNLOAD_BASE_URL are needed to deliver digital goods');
      }
      const secrets = new SecretsManagerClient({
        region: config.region,
        ...(config.secretsManagerEndpoint && { endpoint: config.secretsManagerEndpoint }),
      });
      return new HmacDownloadLinks(
        secretsManagerSigningKey(secrets, config.downloadKeySecretId),
        config.downloadBaseUrl,
        config.downloadLinkTtlSeconds,
      );
    }),
  });
  const repository = (c: DependencyContainer) => c.resolve<FulfilmentRepository>(TOKENS.FulfilmentRepository);
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const ids = (c: DependencyContainer) => c.resolve<IdGenerator>(TOKENS.IdGenerator);
  const factory = <T>(build: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(build) });
  container.register(
    GetInventory,
    factory((c) => new GetInventory(repository(c))),
  );
  container.register(
    SetStockOnHand,
    factory((c) => new SetStockOnHand(repository(c), clock(c))),
  );
  container.register(
    GetShipment,
    factory((c) => new GetShipment(repository(c))),
  );
  container.register(
    ListShipments,
    factory((c) => new ListShipments(repository(c))),
  );
  container.register(
    DispatchShipment,
    factory((c) => new DispatchShipment(repository(c), clock(c))),
  );
  container.register(
    DeliverShipment,
    factory((c) => new DeliverShipment(repository(c), clock(c))),
  );
  container.register(
    CancelShipment,
    factory((c) => new CancelShipment(repository(c), clock(c))),
  );
  container.register(
    CloseOrder,
    factory((c) => new CloseOrder(repository(c), clock(c))),
  );
  container.register(
    FulfilPaidOrder,
    factory(
      (c) => new FulfilPaidOrder(repository(c), c.resolve<DownloadLinks>(TOKENS.DownloadLinks), clock(c), ids(c)),
    ),
  );
  container.register(
    HandleOrderEvent,
    factory((c) => new HandleOrderEvent(c.resolve(FulfilPaidOrder), c.resolve(CancelShipment), c.resolve(CloseOrder))),
  );
  return container;
}

/** The structured JSON logger of every fulfilment function (Powertools; adds the Lambda context to each line). */
export function serviceLogger(): Logger {
  return new Logger({ serviceName: 'tbs-app-fulfilment' });
}

/** The order-event consumer's dedupe store; only configured where PROCESSED_EVENTS_TABLE_NAME is set. */
export function idempotencyStoreOf(container: DependencyContainer): IdempotencyStore {
  return container.resolve<IdempotencyStore>(INFRASTRUCTURE_TOKENS.IdempotencyStore);
}
