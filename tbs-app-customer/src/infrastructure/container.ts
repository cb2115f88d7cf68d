import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { OutboxRelay, SnsEventPublisher } from '@tbs/contracts/runtime';
import { validateCustomerProfileUpdatedEvent, validateCustomerRegisteredEvent } from '@tbs/contracts/validators';
import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { GetMyProfile } from '../application/get-my-profile';
import { ListCustomers } from '../application/list-customers';
import type { Clock, IdGenerator } from '../application/ports/clock';
import type { CustomerRepository } from '../application/ports/customer-repository';
import type { EventRelay } from '../application/ports/event-relay';
import { TOKENS } from '../application/ports/tokens';
import { RegisterCustomer } from '../application/register-customer';
import { RelayPendingEvents } from '../application/relay-pending-events';
import { UpdateMyProfile } from '../application/update-my-profile';
import { createDocumentClient, createDynamoDbClient, createSnsClient } from './aws-clients';
import { readConfig } from './config';
import { DynamoDbCustomerRepository } from './dynamodb-customer-repository';
import { OutboxEventRelay } from './outbox-event-relay';
import { SystemClock, UlidGenerator } from './system-clock';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/** One logger per cold start; Powertools reads POWERTOOLS_SERVICE_NAME and the log level from the environment. */
export const logger = new Logger({ serviceName: 'tbs-app-customer' });

// Only the validators of the events this service publishes, so bundles do not carry every schema of the shop.
const customerEventValidators = {
  'tbs.customer.CustomerRegistered.v1': validateCustomerRegisteredEvent,
  'tbs.customer.CustomerProfileUpdated.v1': validateCustomerProfileUpdatedEvent,
};

/**
 * The customer service's only composition root. Use cases stay free of tsyringe (the layering rules keep
 * application code framework-free), so they are registered with factories; adapters use `@inject`.
 * Handlers call this once at module scope (once per cold start); importing this module has no side effects
 * beyond creating the logger, so tests can build containers from their own environment. The SNS side is resolved
 * lazily: functions that only read are deployed without the topic (and without permission to publish).
 */
export function createContainer(env: Record<string, string | undefined> = process.env): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const dynamoDb = createDynamoDbClient({
    region: config.region,
    ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
  });
  container.register(INFRASTRUCTURE_TOKENS.CustomerTableName, { useValue: config.tableName });
  container.register(INFRASTRUCTURE_TOKENS.Logger, { useValue: logger });
  container.register(INFRASTRUCTURE_TOKENS.DocumentClient, { useValue: createDocumentClient(dynamoDb) });
  container.register(INFRASTRUCTURE_TOKENS.OutboxRelay, {
    useFactory: instanceCachingFactory(() => {
      if (config.eventsTopicArn === undefined) throw new Error('EVENTS_TOPIC_ARN is required to publish events');
      const sns = createSnsClient({
        region: config.region,
        ...(config.snsEndpoint === undefined ? {} : { endpoint: config.snsEndpoint }),
      });
      const publisher = new SnsEventPublisher(sns, config.eventsTopicArn, customerEventValidators);
      return new OutboxRelay({ client: dynamoDb, tableName: config.tableName, publisher, logger });
    }),
  });
  container.register(
    TOKENS.CustomerRepository,
    { useClass: DynamoDbCustomerRepository },
    { lifecycle: Lifecycle.ContainerScoped },
  );
  container.register(TOKENS.EventRelay, { useClass: OutboxEventRelay }, { lifecycle: Lifecycle.ContainerScoped });
  container.register(TOKENS.Clock, { useValue: new SystemClock() });
  container.register(TOKENS.IdGenerator, { useValue: new UlidGenerator() });

  const repository = (c: DependencyContainer) => c.resolve<CustomerRepository>(TOKENS.CustomerRepository);
  const relay = (c: DependencyContainer) => c.resolve<EventRelay>(TOKENS.EventRelay);
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const ids = (c: DependencyContainer) => c.resolve<IdGenerator>(TOKENS.IdGenerator);
  container.register(GetMyProfile, { useFactory: instanceCachingFactory((c) => new GetMyProfile(repository(c))) });
  container.register(ListCustomers, { useFactory: instanceCachingFactory((c) => new ListCustomers(repository(c))) });
  container.register(RegisterCustomer, {
    useFactory: instanceCachingFactory((c) => new RegisterCustomer(repository(c), relay(c), clock(c), ids(c))),
  });
  container.register(UpdateMyProfile, {
    useFactory: instanceCachingFactory(
      (c) => new UpdateMyProfile(c.resolve(GetMyProfile), repository(c), relay(c), clock(c), ids(c)),
    ),
  });
  container.register(RelayPendingEvents, {
    useFactory: instanceCachingFactory((c) => new RelayPendingEvents(relay(c))),
  });
  return container;
}
