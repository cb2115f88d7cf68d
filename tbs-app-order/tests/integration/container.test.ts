import { OutboxRelay } from '@tbs/contracts/runtime';
import { describe, expect, it } from 'vitest';
import { CancelOrder } from '../../src/application/cancel-order';
import { GetOrder } from '../../src/application/get-order';
import { ListAdminOrders, ListOrders } from '../../src/application/list-orders';
import { PlaceOrder } from '../../src/application/place-order';
import { TOKENS } from '../../src/application/ports/tokens';
import { RecordCatalogueEntry } from '../../src/application/record-catalogue-entry';
import { RecordPaymentEvent } from '../../src/application/record-payment-event';
import { UpdateOrderFromFulfilment } from '../../src/application/update-order-from-fulfilment';
import {
  createContainer,
  createPaymentContainer,
  type IdempotencyStoreFactory,
  INFRASTRUCTURE_TOKENS,
} from '../../src/infrastructure/container';
import { DynamoDbOrderRepository } from '../../src/infrastructure/dynamodb-order-repository';
import { StripePaymentGateway } from '../../src/infrastructure/stripe-payment-gateway';

const ENV = { TABLE_NAME: 'tbs-app-order-dev-orders', AWS_REGION: 'ap-southeast-2' };
const WRITER_ENV = {
  ...ENV,
  EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:tbs-app-order-dev-events',
  STRIPE_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:tbs-app-order-dev/stripe-AbCdEf',
  PROCESSED_EVENTS_TABLE_NAME: 'tbs-app-order-dev-processed-events',
};

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, once per container', () => {
    const container = createPaymentContainer(WRITER_ENV);
    for (const useCase of [
      PlaceOrder,
      GetOrder,
      ListOrders,
      ListAdminOrders,
      CancelOrder,
      RecordPaymentEvent,
      UpdateOrderFromFulfilment,
      RecordCatalogueEntry,
    ]) {
      const resolved = container.resolve(useCase as new (...args: never[]) => unknown);
      expect(resolved).toBeInstanceOf(useCase);
      expect(container.resolve(useCase as new (...args: never[]) => unknown)).toBe(resolved);
    }
    expect(container.resolve(TOKENS.OrderRepository)).toBeInstanceOf(DynamoDbOrderRepository);
    expect(container.resolve(TOKENS.PaymentGateway)).toBeInstanceOf(StripePaymentGateway);
    expect(container.resolve(OutboxRelay)).toBeInstanceOf(OutboxRelay);
    const stores = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);
    expect(stores('stripe-webhook', 30)).toBeDefined();
  });

  it('a read-only function has no relay, no Stripe keys and no dedupe table', () => {
    const container = createContainer(ENV);
    expect(() => container.resolve(OutboxRelay)).toThrow();
    expect(() => createPaymentContainer(ENV).resolve(PlaceOrder)).toThrow(/STRIPE_SECRET_ARN/);
    const stores = container.resolve<IdempotencyStoreFactory>(INFRASTRUCTURE_TOKENS.IdempotencyStoreFactory);
    expect(() => stores('stripe-webhook', 30)).toThrow(/PROCESSED_EVENTS_TABLE_NAME/);
  });

  it('only the payment container has a payment gateway, so functions that move no money never load Stripe', () => {
    const container = createContainer(WRITER_ENV);
    expect(() => container.resolve(TOKENS.PaymentGateway)).toThrow();
    expect(() => container.resolve(CancelOrder)).toThrow();
    expect(container.resolve(GetOrder)).toBeInstanceOf(GetOrder);
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() =>
      createContainer({
        TABLE_NAME: 'x',
        AWS_REGION: 'nowhere',
        STRIPE_API_BASE: 'ftp://stripe',
        TAX_RATE: '15',
        STORE_CURRENCY: 'dollars',
      }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*STRIPE_API_BASE.*STORE_CURRENCY.*TAX_RATE/);
  });

  it('reads the pricing rules from the stack parameters', () => {
    const container = createContainer({ ...WRITER_ENV, TAX_RATE: '0.1', STANDARD_SHIPPING: '500' });
    expect(container.resolve<{ pricing: unknown }>(INFRASTRUCTURE_TOKENS.Config).pricing).toMatchObject({
      taxRate: 0.1,
      standardShipping: 500,
      currency: 'NZD',
    });
  });
});
