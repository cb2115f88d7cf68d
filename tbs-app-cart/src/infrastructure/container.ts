import 'reflect-metadata';
import { DynamoDbIdempotencyStore, type IdempotencyStore } from '@tbs/contracts/runtime';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { ClearCart } from '../application/clear-cart';
import { ClearPaidOrder } from '../application/clear-paid-order';
import { GetCart } from '../application/get-cart';
import { HandleCartEvent } from '../application/handle-cart-event';
import type { CartRepository } from '../application/ports/cart-repository';
import type { CatalogueProjection } from '../application/ports/catalogue-projection';
import type { Clock } from '../application/ports/clock';
import { TOKENS } from '../application/ports/tokens';
import { RecordProduct } from '../application/record-product';
import { RecordStockLevel } from '../application/record-stock-level';
import { RemoveCartLine } from '../application/remove-cart-line';
import { SetCartLine } from '../application/set-cart-line';
import type { PricingPolicy } from '../domain/cart-pricing';
import { type CartServiceConfig, readConfig } from './config';
import { DynamoDbCartRepository } from './dynamodb-cart-repository';
import { DynamoDbCatalogueProjection } from './dynamodb-catalogue-projection';
import { createDocumentClient, createDynamoDbClient } from './dynamodb-client';
import { SystemClock } from './system-clock';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/**
 * The cart service's only composition root. Use cases stay free of tsyringe, so they are registered with
 * factories; adapters use `@inject`. Handlers call this once at module scope (once per cold start); importing this
 * module has no side effects, so tests can build containers from their own environment.
 */
export function createContainer(env: Record<string, string | undefined> = process.env): DependencyContainer {
  const config: CartServiceConfig = readConfig(env);
  const container = rootContainer.createChildContainer();
  container.register(INFRASTRUCTURE_TOKENS.CartTableName, { useValue: config.tableName });
  const dynamoDb = createDynamoDbClient({ region: config.region, endpoint: config.dynamoDbEndpoint });
  container.register(INFRASTRUCTURE_TOKENS.DocumentClient, { useValue: createDocumentClient(dynamoDb) });
  container.register(INFRASTRUCTURE_TOKENS.IdempotencyStore, {
    useValue: new DynamoDbIdempotencyStore({
      client: dynamoDb,
      tableName: config.tableName,
      consumer: 'cart-events',
      leaseSeconds: config.eventLeaseSeconds,
    }),
  });
  container.register(
    TOKENS.CartRepository,
    { useClass: DynamoDbCartRepository },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(
    TOKENS.CatalogueProjection,
    { useClass: DynamoDbCatalogueProjection },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(TOKENS.Clock, { useValue: new SystemClock() });
  container.register(TOKENS.PricingPolicy, {
    useValue: { taxRate: config.taxRate, currency: config.currency } satisfies PricingPolicy,
  });

  const carts = (c: DependencyContainer) => c.resolve<CartRepository>(TOKENS.CartRepository);
  const catalogue = (c: DependencyContainer) => c.resolve<CatalogueProjection>(TOKENS.CatalogueProjection);
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const pricing = (c: DependencyContainer) => c.resolve<PricingPolicy>(TOKENS.PricingPolicy);
  const cached = <T>(build: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(build) });

  container.register(
    GetCart,
    cached((c) => new GetCart(carts(c), catalogue(c), clock(c), pricing(c))),
  );
  container.register(
    SetCartLine,
    cached((c) => new SetCartLine(carts(c), catalogue(c), clock(c), pricing(c))),
  );
  container.register(
    RemoveCartLine,
    cached((c) => new RemoveCartLine(carts(c), catalogue(c), clock(c), pricing(c))),
  );
  container.register(
    ClearCart,
    cached((c) => new ClearCart(carts(c), clock(c))),
  );
  container.register(
    HandleCartEvent,
    cached(
      (c) =>
        new HandleCartEvent(
          new RecordProduct(catalogue(c)),
          new RecordStockLevel(catalogue(c)),
          new ClearPaidOrder(carts(c), clock(c)),
        ),
    ),
  );
  return container;
}

/** The consumer's record of handled events (kept in the cart table), for the SQS handler's idempotency. */
export function idempotencyStoreOf(container: DependencyContainer): IdempotencyStore {
  return container.resolve<IdempotencyStore>(INFRASTRUCTURE_TOKENS.IdempotencyStore);
}
