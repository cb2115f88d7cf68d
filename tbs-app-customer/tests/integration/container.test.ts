import { OutboxRelay } from '@tbs/contracts/runtime';
import { describe, expect, it } from 'vitest';
import { GetMyProfile } from '../../src/application/get-my-profile';
import { ListCustomers } from '../../src/application/list-customers';
import { TOKENS } from '../../src/application/ports/tokens';
import { RegisterCustomer } from '../../src/application/register-customer';
import { UpdateMyProfile } from '../../src/application/update-my-profile';
import { createContainer } from '../../src/infrastructure/container';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';

const ENV = {
  TABLE_NAME: 'tbs-app-customer-dev-customers',
  AWS_REGION: 'ap-southeast-2',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:tbs-devops-events-dev-customer',
};

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, wired to the DynamoDB and outbox adapters, once per container', () => {
    const container = createContainer(ENV);
    for (const useCase of [GetMyProfile, UpdateMyProfile, ListCustomers, RegisterCustomer]) {
      const resolved = container.resolve<object>(useCase);
      expect(resolved).toBeInstanceOf(useCase);
      expect(container.resolve<object>(useCase)).toBe(resolved);
    }
    expect(container.resolve(TOKENS.CustomerRepository)).toBeInstanceOf(DynamoDbCustomerRepository);
    expect(container.resolve(OutboxRelay)).toBeInstanceOf(OutboxRelay);
  });

  it('serves reads without the events topic, but refuses to publish without one', () => {
    const { EVENTS_TOPIC_ARN: _, ...readOnly } = ENV;
    const container = createContainer(readOnly);
    expect(container.resolve(GetMyProfile)).toBeInstanceOf(GetMyProfile);
    expect(container.resolve(ListCustomers)).toBeInstanceOf(ListCustomers);
    expect(() => container.resolve(RegisterCustomer)).toThrow(/EVENTS_TOPIC_ARN/);
    expect(() => container.resolve(UpdateMyProfile)).toThrow(/EVENTS_TOPIC_ARN/);
    expect(() => container.resolve(OutboxRelay)).toThrow(/EVENTS_TOPIC_ARN/);
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() =>
      createContainer({ AWS_REGION: 'nowhere', EVENTS_TOPIC_ARN: 'my topic', AWS_ENDPOINT_URL_SNS: 'localhost:4566' }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*EVENTS_TOPIC_ARN.*AWS_ENDPOINT_URL_SNS/);
  });
});
