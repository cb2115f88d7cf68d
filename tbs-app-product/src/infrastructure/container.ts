import 'reflect-metadata';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { GetProduct } from '../application/get-product';
import type { ProductRepository } from '../application/ports/product-repository';
import { TOKENS } from '../application/ports/tokens';
import { readConfig } from './config';
import { createDocumentClient } from './dynamodb-client';
import { DynamoDbProductRepository } from './dynamodb-product-repository';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/**
 * The product service's only composition root. Use cases stay free of tsyringe (the layering rules keep
 * application code framework-free), so they are registered with factories; adapters use `@inject`.
 * Handlers call this once at module scope (once per cold start); importing this module has no side effects, so
 * tests can build containers from their own environment.
 */
export function createContainer(env: Record<string, string | undefined> = process.env): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  container.register(INFRASTRUCTURE_TOKENS.ProductTableName, { useValue: config.tableName });
  container.register(INFRASTRUCTURE_TOKENS.DocumentClient, {
    useValue: createDocumentClient({ region: config.region, endpoint: config.dynamoDbEndpoint }),
  });
  container.register(
    TOKENS.ProductRepository,
    { useClass: DynamoDbProductRepository },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(GetProduct, {
    useFactory: instanceCachingFactory((c) => new GetProduct(c.resolve<ProductRepository>(TOKENS.ProductRepository))),
  });
  return container;
}
