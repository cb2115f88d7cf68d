import { OutboxRelay } from '@tbs/contracts/runtime';
import { describe, expect, it } from 'vitest';
import { GetMyProfile } from '../../src/application/get-my-profile';
import { ListCustomers } from '../../src/application/list-customers';
import { NotifyCustomer } from '../../src/application/notify-customer';
import { TOKENS } from '../../src/application/ports/tokens';
import { RegisterCustomer } from '../../src/application/register-customer';
import { UpdateMyProfile } from '../../src/application/update-my-profile';
import { createContainer } from '../../src/infrastructure/container';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';
import { SesMailer } from '../../src/infrastructure/ses-mailer';

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

  it('builds the email use case only for the function given the email settings', () => {
    const emails = {
      TABLE_NAME: ENV.TABLE_NAME,
      AWS_REGION: ENV.AWS_REGION,
      SENT_EMAILS_TABLE_NAME: 'tbs-app-customer-dev-sent-emails',
      SENDER_EMAIL_ADDRESS: 'orders@shop.example',
      EMAIL_TEMPLATE_PREFIX: 'tbs-app-customer-dev-',
      EMAIL_CONFIGURATION_SET: '',
      STORE_TIME_ZONE: 'Pacific/Auckland',
    };
    const container = createContainer(emails);
    expect(container.resolve(NotifyCustomer)).toBeInstanceOf(NotifyCustomer);
    expect(container.resolve(TOKENS.Mailer)).toBeInstanceOf(SesMailer);
    expect(() => createContainer(ENV).resolve(NotifyCustomer)).toThrow(/SENDER_EMAIL_ADDRESS/);
    expect(() => createContainer({ ...emails, SENDER_EMAIL_ADDRESS: '' })).toThrow(/missing SENDER_EMAIL_ADDRESS/);
    expect(() =>
      createContainer({ ...emails, SENDER_EMAIL_ADDRESS: 'not an address', STORE_TIME_ZONE: 'Mars/Olympus' }),
    ).toThrow(/SENDER_EMAIL_ADDRESS must be an email address.*STORE_TIME_ZONE/);
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() =>
      createContainer({ AWS_REGION: 'nowhere', EVENTS_TOPIC_ARN: 'my topic', AWS_ENDPOINT_URL_SNS: 'localhost:4566' }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*EVENTS_TOPIC_ARN.*AWS_ENDPOINT_URL_SNS/);
  });
});
