import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { type CloudEvent, OutboxRelay, type RuntimeLogger, SnsEventPublisher } from '@tbs/contracts/runtime';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { ArchiveProduct } from '../application/archive-product';
import { CreateProduct } from '../application/create-product';
import { GetProduct } from '../application/get-product';
import { ImportProducts } from '../application/import-products';
import { ListCategories } from '../application/list-categories';
import { ListProducts } from '../application/list-products';
import type { Clock, IdGenerator } from '../application/ports/clock';
import type { ProductRepository } from '../application/ports/product-repository';
import { TOKENS } from '../application/ports/tokens';
import { RecordStockLevel } from '../application/record-stock-level';
import { UpdateProduct } from '../application/update-product';
import { readConfig } from './config';
import { createDynamoDbClient, documentClientOf } from './dynamodb-client';
import { type CommittedEventPublisher, DynamoDbProductRepository } from './dynamodb-product-repository';
import { S3ImportFiles } from './s3-import-files';
import { systemClock, ulidGenerator } from './system-clock';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** The service's structured logger (JSON, with the Lambda context when a handler adds it). */
export function createLogger(): RuntimeLogger {
  return new Logger({ serviceName: 'tbs-app-product' });
}

/** Without a topic (read-only functions, the seed) events wait in the outbox for the relay function. */
const leaveInOutbox: CommittedEventPublisher = { publishCommitted: async (_events: readonly CloudEvent[]) => {} };

/**
 * The product service's only composition root. Use cases stay free of tsyringe (the layering rules keep
 * application code framework-free), so they are registered with factories; adapters use `@inject`.
 * Handlers call this once at module scope (once per cold start); importing this module has no side effects, so
 * tests can build containers from their own environment.
 */
export function createContainer(
  env: Record<string, string | undefined> = process.env,
  logger?: RuntimeLogger,
): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const dynamoDb = createDynamoDbClient({ region: config.region, endpoint: config.dynamoDbEndpoint });
  container.register(INFRASTRUCTURE_TOKENS.ProductTableName, { useValue: config.tableName });
  container.register(INFRASTRUCTURE_TOKENS.DocumentClient, { useValue: documentClientOf(dynamoDb) });
  const relay =
    config.eventsTopicArn === undefined
      ? undefined
      : new OutboxRelay({
          client: dynamoDb,
          tableName: config.tableName,
          publisher: new SnsEventPublisher(
            new SNSClient({ region: config.region, ...(config.snsEndpoint ? { endpoint: config.snsEndpoint } : {}) }),
            config.eventsTopicArn,
            () => import('./product-event-validators').then((module) => module.PRODUCT_EVENT_VALIDATORS),
          ),
          ...(logger ? { logger } : {}),
        });
  if (relay !== undefined) container.register(OutboxRelay, { useValue: relay });
  container.register(INFRASTRUCTURE_TOKENS.EventRelay, { useValue: relay ?? leaveInOutbox });
  container.register(TOKENS.Clock, { useValue: systemClock });
  container.register(TOKENS.IdGenerator, { useValue: ulidGenerator });
  container.register(
    TOKENS.ProductRepository,
    { useClass: DynamoDbProductRepository },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  const repository = (c: DependencyContainer) => c.resolve<ProductRepository>(TOKENS.ProductRepository);
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const ids = (c: DependencyContainer) => c.resolve<IdGenerator>(TOKENS.IdGenerator);
  const factory = <T>(build: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(build) });
  container.register(
    GetProduct,
    factory((c) => new GetProduct(repository(c))),
  );
  container.register(
    ListProducts,
    factory((c) => new ListProducts(repository(c))),
  );
  container.register(
    ListCategories,
    factory((c) => new ListCategories(repository(c))),
  );
  container.register(
    CreateProduct,
    factory((c) => new CreateProduct(repository(c), clock(c), ids(c))),
  );
  container.register(
    UpdateProduct,
    factory((c) => new UpdateProduct(repository(c), clock(c))),
  );
  container.register(
    ArchiveProduct,
    factory((c) => new ArchiveProduct(repository(c), clock(c))),
  );
  container.register(
    RecordStockLevel,
    factory((c) => new RecordStockLevel(repository(c))),
  );
  return container;
}

/**
 * The container of the CSV import function: createContainer plus ImportProducts and its S3 client. A separate
 * entry so that only the import function bundles and loads the S3 SDK client; the others cannot resolve
 * ImportProducts.
 */
export function createImportContainer(
  env: Record<string, string | undefined> = process.env,
  logger?: RuntimeLogger,
): DependencyContainer {
  const config = readConfig(env);
  const container = createContainer(env, logger);
  container.register(ImportProducts, {
    useFactory: instanceCachingFactory((c) => {
      if (config.importBucket === undefined) throw new Error('IMPORT_BUCKET is not configured');
      const s3 = new S3Client({
        region: config.region,
        ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
      });
      return new ImportProducts(
        c.resolve<ProductRepository>(TOKENS.ProductRepository),
        new S3ImportFiles(s3, config.importBucket),
        c.resolve<Clock>(TOKENS.Clock),
        c.resolve<IdGenerator>(TOKENS.IdGenerator),
      );
    }),
  });
  return container;
}
