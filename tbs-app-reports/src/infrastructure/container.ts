import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { GetMonthlySales } from '../application/get-monthly-sales';
import { GetTopProducts } from '../application/get-top-products';
import { MigrateDatabase } from '../application/migrate-database';
import type { SalesEventDecoder } from '../application/ports/sales-event-decoder';
import type { SalesLedger } from '../application/ports/sales-ledger';
import type { SalesReports } from '../application/ports/sales-reports';
import type { SchemaMigrator } from '../application/ports/schema-migrator';
import { type Clock, type ReportsLogger, type StoreSettings, TOKENS } from '../application/ports/tokens';
import { RecordSalesEvents } from '../application/record-sales-events';
import { sendCustomResourceResponse } from './cfn-custom-resource';
import { CloudEventSalesDecoder } from './cloud-event-sales-decoder';
import { readConfig } from './config';
import { createRdsDataClient, DataApi } from './data-api';
import { DataApiSalesLedger } from './data-api-sales-ledger';
import { DataApiSalesReports } from './data-api-sales-reports';
import { DataApiSchemaMigrator } from './data-api-schema-migrator';
import type { Migration } from './migrations';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** Resolves to the function that answers CloudFormation for a custom resource (the migration function uses it). */
export const CUSTOM_RESOURCE_RESPONSE = Symbol.for('tbs.reports.CustomResourceResponse');
export type SendCustomResourceResponse = typeof sendCustomResourceResponse;

export interface ContainerOverrides {
  /** Where migrations come from; deployed functions use the copy bundled into them. */
  migrations?: () => Promise<Migration[]>;
  /** Backoff between Data API retries (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  logger?: ReportsLogger;
  /** Explicit keys for a local stand-in; otherwise the SDK's default chain (the Lambda role in AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The reports service's only composition root. Use cases stay free of tsyringe, so they are registered with
 * factories; adapters use `@inject`. Handlers call this once at module scope (once per cold start).
 */
export function createContainer(
  env: Record<string, string | undefined> = process.env,
  overrides: ContainerOverrides = {},
): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const store: StoreSettings = { timeZone: config.timeZone, currency: config.currency };
  const logger: ReportsLogger = overrides.logger ?? powertoolsLogger();
  container.register(TOKENS.StoreSettings, { useValue: store });
  container.register(TOKENS.Clock, { useValue: overrides.clock ?? (() => new Date()) });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(INFRASTRUCTURE_TOKENS.DataApi, {
    useValue: new DataApi({
      client: createRdsDataClient({
        region: config.region,
        ...(config.dataApiEndpoint === undefined ? {} : { endpoint: config.dataApiEndpoint }),
        ...(overrides.credentials === undefined ? {} : { credentials: overrides.credentials }),
      }),
      clusterArn: config.clusterArn,
      secretArn: config.secretArn,
      database: config.database,
      resumeWaitMs: config.resumeWaitMs,
      ...(overrides.sleep === undefined ? {} : { sleep: overrides.sleep }),
    }),
  });
  container.register(INFRASTRUCTURE_TOKENS.Migrations, {
    // Loaded lazily: only the migration function needs the SQL text, and only its bundle inlines it.
    useValue:
      overrides.migrations ?? (() => import('./bundled-migrations').then((module) => module.BUNDLED_MIGRATIONS)),
  });
  container.register(TOKENS.SalesLedger, { useClass: DataApiSalesLedger }, { lifecycle: Lifecycle.ContainerScoped });
  container.register(TOKENS.SalesReports, { useClass: DataApiSalesReports }, { lifecycle: Lifecycle.ContainerScoped });
  container.register(
    TOKENS.SchemaMigrator,
    { useClass: DataApiSchemaMigrator },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(CUSTOM_RESOURCE_RESPONSE, { useValue: sendCustomResourceResponse });

  const clock = () => container.resolve<Clock>(TOKENS.Clock);
  const reports = (c: DependencyContainer) => c.resolve<SalesReports>(TOKENS.SalesReports);
  container.register(GetMonthlySales, {
    useFactory: instanceCachingFactory((c) => new GetMonthlySales(reports(c), store, clock())),
  });
  container.register(GetTopProducts, {
    useFactory: instanceCachingFactory((c) => new GetTopProducts(reports(c), store, clock())),
  });
  container.register(MigrateDatabase, {
    useFactory: instanceCachingFactory(
      (c) => new MigrateDatabase(c.resolve<SchemaMigrator>(TOKENS.SchemaMigrator), logger),
    ),
  });
  return container;
}

/**
 * The container of the sales events consumer: createContainer plus RecordSalesEvents and the decoder that validates
 * the three consumed events. A separate entry so that only that function bundles and evaluates their compiled
 * schemas; the report and migration functions cannot resolve RecordSalesEvents.
 */
export function createRecordingContainer(
  env: Record<string, string | undefined> = process.env,
  overrides: ContainerOverrides = {},
): DependencyContainer {
  const container = createContainer(env, overrides);
  container.register(TOKENS.SalesEventDecoder, { useValue: new CloudEventSalesDecoder() });
  container.register(RecordSalesEvents, {
    useFactory: instanceCachingFactory(
      (c) =>
        new RecordSalesEvents(
          c.resolve<SalesEventDecoder>(TOKENS.SalesEventDecoder),
          c.resolve<SalesLedger>(TOKENS.SalesLedger),
          c.resolve<ReportsLogger>(TOKENS.Logger),
        ),
    ),
  });
  return container;
}

function powertoolsLogger(): ReportsLogger {
  const logger = new Logger({ serviceName: 'tbs-app-reports' });
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}
