import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type CloudEvent,
  DynamoDbIdempotencyStore,
  type EventValidators,
  OutboxRelay,
  SnsEventPublisher,
} from '@tbs/contracts/runtime';
import {
  validateDigitalGoodsReadyEvent,
  validateOrderCancelledEvent,
  validateOrderPaidEvent,
  validateOrderPaymentFailedEvent,
  validateOrderRefundedEvent,
  validateShipmentDispatchedEvent,
} from '@tbs/contracts/validators';
import { type DependencyContainer, instanceCachingFactory, container as rootContainer } from 'tsyringe';
import { GetMyProfile } from '../application/get-my-profile';
import { ListCustomers } from '../application/list-customers';
import { NotifyCustomer } from '../application/notify-customer';
import type { Clock, IdGenerator } from '../application/ports/clock';
import type { CustomerRepository } from '../application/ports/customer-repository';
import type { Mailer } from '../application/ports/mailer';
import type { SentEmails } from '../application/ports/sent-emails';
import { TOKENS } from '../application/ports/tokens';
import { RegisterCustomer } from '../application/register-customer';
import { UpdateMyProfile } from '../application/update-my-profile';
import { createDocumentClient, createDynamoDbClient, createSesClient, createSnsClient } from './aws-clients';
import { type CustomerServiceConfig, type EmailConfig, readConfig } from './config';
import { type CommittedEventPublisher, DynamoDbCustomerRepository } from './dynamodb-customer-repository';
import { SesMailer } from './ses-mailer';
import { SystemClock, UlidGenerator } from './system-clock';

/** One logger per cold start; Powertools reads POWERTOOLS_SERVICE_NAME and the log level from the environment. */
export const logger = new Logger({ serviceName: 'tbs-app-customer' });

/** The events that cause an email, validated on receipt (only these, so the bundle carries no other schema). */
export const notifyingEventValidators: EventValidators = {
  'tbs.order.OrderPaid.v1': validateOrderPaidEvent,
  'tbs.order.OrderPaymentFailed.v1': validateOrderPaymentFailedEvent,
  'tbs.order.OrderRefunded.v1': validateOrderRefundedEvent,
  'tbs.order.OrderCancelled.v1': validateOrderCancelledEvent,
  'tbs.fulfilment.ShipmentDispatched.v1': validateShipmentDispatchedEvent,
  'tbs.fulfilment.DigitalGoodsReady.v1': validateDigitalGoodsReadyEvent,
};

/** Without a topic (read-only functions) nothing is written with events, so nothing waits to be published. */
const leaveInOutbox: CommittedEventPublisher = { publishCommitted: async (_events: readonly CloudEvent[]) => {} };

const NO_TOPIC = 'EVENTS_TOPIC_ARN is required to publish events';
const NO_EMAILS = 'SENDER_EMAIL_ADDRESS, EMAIL_TEMPLATE_PREFIX and SENT_EMAILS_TABLE_NAME are required to send emails';

/**
 * The customer service's only composition root. Use cases stay free of tsyringe (the layering rules keep
 * application code framework-free), so they are registered with factories.
 * Handlers call this once at module scope (once per cold start); importing this module has no side effects
 * beyond creating the logger, so tests can build containers from their own environment. Functions that only read
 * are deployed without the topic (and without permission to publish): they get the readers, and resolving a use
 * case that writes events, or the `OutboxRelay`, fails with the missing setting.
 */
export function createContainer(env: Record<string, string | undefined> = process.env): DependencyContainer {
  const config = readConfig(env);
  const container = rootContainer.createChildContainer();
  const dynamoDb = createDynamoDbClient({
    region: config.region,
    ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
  });
  const relay = outboxRelayOf(config, dynamoDb);
  container.register(OutboxRelay, {
    useFactory: () => {
      if (relay === undefined) throw new Error(NO_TOPIC);
      return relay;
    },
  });
  container.register(TOKENS.CustomerRepository, {
    useValue: new DynamoDbCustomerRepository(createDocumentClient(dynamoDb), config.tableName, relay ?? leaveInOutbox),
  });
  registerEmails(container, config, dynamoDb);
  container.register(TOKENS.Clock, { useValue: new SystemClock() });
  container.register(TOKENS.IdGenerator, { useValue: new UlidGenerator() });

  const repository = (c: DependencyContainer) => c.resolve<CustomerRepository>(TOKENS.CustomerRepository);
  const writer = (c: DependencyContainer) => {
    if (relay === undefined) throw new Error(NO_TOPIC);
    return repository(c);
  };
  const clock = (c: DependencyContainer) => c.resolve<Clock>(TOKENS.Clock);
  const ids = (c: DependencyContainer) => c.resolve<IdGenerator>(TOKENS.IdGenerator);
  container.register(GetMyProfile, { useFactory: instanceCachingFactory((c) => new GetMyProfile(repository(c))) });
  container.register(ListCustomers, { useFactory: instanceCachingFactory((c) => new ListCustomers(repository(c))) });
  container.register(RegisterCustomer, {
    useFactory: instanceCachingFactory((c) => new RegisterCustomer(writer(c), clock(c), ids(c))),
  });
  container.register(UpdateMyProfile, {
    useFactory: instanceCachingFactory(
      (c) => new UpdateMyProfile(c.resolve(GetMyProfile), writer(c), clock(c), ids(c)),
    ),
  });
  container.register(NotifyCustomer, {
    useFactory: instanceCachingFactory((c) => {
      const emails = config.emails;
      if (emails === undefined) throw new Error(NO_EMAILS);
      return new NotifyCustomer(
        repository(c),
        c.resolve<SentEmails>(TOKENS.SentEmails),
        c.resolve<Mailer>(TOKENS.Mailer),
        { locale: emails.locale, timeZone: emails.timeZone },
      );
    }),
  });
  return container;
}

/** The mailer and the record of sent emails, for the function that emails customers (the only one configured). */
function registerEmails(container: DependencyContainer, config: CustomerServiceConfig, dynamoDb: DynamoDBClient) {
  const emailsOf = (): EmailConfig => {
    if (config.emails === undefined) throw new Error(NO_EMAILS);
    return config.emails;
  };
  container.register(TOKENS.Mailer, {
    useFactory: instanceCachingFactory(() => {
      const { senderAddress, templatePrefix, configurationSet } = emailsOf();
      const ses = createSesClient({
        region: config.region,
        ...(config.sesEndpoint === undefined ? {} : { endpoint: config.sesEndpoint }),
      });
      return new SesMailer(ses, {
        senderAddress,
        templatePrefix,
        ...(configurationSet === undefined ? {} : { configurationSet }),
      });
    }),
  });
  container.register(TOKENS.SentEmails, {
    useFactory: instanceCachingFactory(() => {
      const { sentEmailsTableName, leaseSeconds } = emailsOf();
      return new DynamoDbIdempotencyStore({
        client: dynamoDb,
        tableName: sentEmailsTableName,
        consumer: 'customer-emails',
        leaseSeconds,
      });
    }),
  });
}

function outboxRelayOf(config: CustomerServiceConfig, dynamoDb: DynamoDBClient): OutboxRelay | undefined {
  if (config.eventsTopicArn === undefined) return undefined;
  const sns = createSnsClient({
    region: config.region,
    ...(config.snsEndpoint === undefined ? {} : { endpoint: config.snsEndpoint }),
  });
  const publisher = new SnsEventPublisher(sns, config.eventsTopicArn, () =>
    import('./customer-event-validators').then((module) => module.CUSTOMER_EVENT_VALIDATORS),
  );
  return new OutboxRelay({ client: dynamoDb, tableName: config.tableName, publisher, logger });
}
