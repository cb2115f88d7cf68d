import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyingEvent } from '../../src/application/customer-emails';
import { CUSTOMER_EMAIL_KINDS, type CustomerEmailKind } from '../../src/domain/customer-email';
import { CREDENTIALS } from '../fixtures/event-topic';
import { exampleEvents, withIds } from '../fixtures/notifying-events';

const DEMO_CUSTOMER = 'customer@thebetterstore.local';
const DEMO_ADMIN = 'admin@thebetterstore.local';

/**
 * The emails as the local cloud runs them from template.yaml: the seeded demo customer (whose profile the
 * PostConfirmation trigger created), order and fulfilment events published to the topics of tbs-devops-events,
 * the email-events queue and its filter policies, the built NotifyCustomer bundle, the sent-emails table and the SES
 * templates provisioned into the SES stand-in, whose store is read back as the customer's mailbox.
 */
describe('customer emails on the local cloud', () => {
  let cloud: TestCloud;
  let sns: SNSClient;
  let sqs: SQSClient;
  let customerId: string;
  let topics: { order: string; fulfilment: string };
  let queueUrl: string;
  const ulid = monotonicFactory();
  const eventId = () => ulid();

  const publish = async (event: NotifyingEvent) => {
    const topic = event.source === 'tbs-app-order' ? topics.order : topics.fulfilment;
    await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );
  };

  /** Until nothing waits in the queue or is being handled: every delivery so far has run to its end. */
  const drained = async () => {
    for (let attempt = 0; attempt < 150; attempt++) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      if (Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0') {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the email-events queue did not drain');
  };

  const mailFor = async (orderId: string) =>
    (await cloud.emails({ to: DEMO_CUSTOMER })).filter((email) => email.subject.includes(orderId));

  /** Every consumed event of one order, for the demo customer, with fresh event ids. */
  const eventsOfOrder = (orderId: string): Record<CustomerEmailKind, NotifyingEvent> => {
    const examples = exampleEvents();
    return Object.fromEntries(
      CUSTOMER_EMAIL_KINDS.map((kind) => [kind, withIds(examples[kind], { id: eventId(), orderId, customerId })]),
    ) as Record<CustomerEmailKind, NotifyingEvent>;
  };

  beforeAll(async () => {
    // Retries (a concurrent duplicate, a customer without a profile yet) come back after seconds, not 3 minutes.
    cloud = await startTestCloud({ stacks: ['customer'], seed: true, visibilityTimeoutScale: 0.02 });
    const events = cloud.cloud.outputs('tbs-devops-events');
    topics = { order: events.OrderTopicArn ?? '', fulfilment: events.FulfilmentTopicArn ?? '' };
    const at = { region: cloud.awsEnv.AWS_REGION ?? '', credentials: CREDENTIALS };
    sns = new SNSClient({ ...at, endpoint: cloud.endpoints.sns ?? '' });
    sqs = new SQSClient({ ...at, endpoint: cloud.endpoints.sqs ?? '', useQueueUrlAsEndpoint: false });
    queueUrl =
      (await sqs.send(new GetQueueUrlCommand({ QueueName: 'tbs-app-customer-local-email-events' }))).QueueUrl ?? '';
    const me = await cloud.api<{ customerId: string }>('/customer/v1/customers/me', { as: DEMO_CUSTOMER });
    customerId = me.body.customerId;
  }, 120_000);

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await cloud?.stop();
  });

  it('seeds a demo customer with a profile and an administrator, and gives tokens for both', async () => {
    expect(customerId).toMatch(/^[0-9a-f-]{36}$/);
    const admin = await cloud.api<{ items: { email: string }[] }>(
      `/customer/v1/admin/customers?email=${encodeURIComponent(DEMO_CUSTOMER)}`,
      { as: DEMO_ADMIN },
    );
    expect(admin.status).toBe(200);
    expect(admin.body.items.map((customer) => customer.email)).toEqual([DEMO_CUSTOMER]);
    expect(cloud.seeded?.users.map((user) => user.email).sort()).toEqual([DEMO_ADMIN, DEMO_CUSTOMER]);
  });

  it('sends every email once, to the profile address, even when each event arrives three times', async () => {
    const orderId = ulid();
    const events = eventsOfOrder(orderId);
    for (const kind of CUSTOMER_EMAIL_KINDS) {
      await publish(events[kind]);
      await Promise.all([publish(events[kind]), publish(events[kind])]);
    }
    await drained();

    const mail = await mailFor(orderId);
    expect(mail.map((email) => email.subject).sort()).toEqual(
      [
        `Your downloads for order ${orderId}`,
        `Your order ${orderId} is cancelled`,
        `Your order ${orderId} is on its way`,
        `Your payment for order ${orderId} did not go through`,
        `Your receipt for order ${orderId}`,
        `We have refunded $65.55 for order ${orderId}`,
      ].sort(),
    );
    for (const email of mail) {
      expect(email.from).toBe('orders@thebetterstore.example');
      expect(email.to).toEqual([DEMO_CUSTOMER]);
      expect(email.html).toContain('The Better Store');
      expect(email.text).toContain(orderId);
    }
    const receipt = mail.find((email) => email.subject.startsWith('Your receipt'));
    expect(receipt?.html).toContain('Green Sencha 100 g');
    expect(receipt?.html).toContain('$65.55');
    expect(receipt?.text).toContain('2 x Green Sencha 100 g at $18.50: $37.00');
    expect(receipt?.text).toContain('12 Kauri Street');
    const dispatched = mail.find((email) => email.subject.endsWith('is on its way'));
    expect(dispatched?.text).toContain('Carrier: NZ Post');
    expect(dispatched?.text).toContain('Tracking number: NZ123456789');
    const downloads = mail.find((email) => email.subject.startsWith('Your downloads'));
    expect(downloads?.html).toContain(
      'href="https://downloads.example.com/01JD8X5B2N4P6R8T0V2X4Z6A8C/tea-guide.epub?X-Amz-Expires=604800"',
    );
  }, 60_000);

  it('sends each email once when the shipment and downloads overtake the receipt, and redeliveries follow', async () => {
    const orderId = ulid();
    const events = eventsOfOrder(orderId);
    await publish(events['shipment-dispatched']);
    await publish(events['digital-goods-ready']);
    await drained();
    await publish(events['order-receipt']);
    await publish(events['shipment-dispatched']);
    // The same fact republished under a new event id is still the same email.
    await publish(withIds(events['order-receipt'], { id: eventId() }));
    await drained();

    const subjects = (await mailFor(orderId)).map((email) => email.subject).sort();
    expect(subjects).toEqual(
      [
        `Your downloads for order ${orderId}`,
        `Your order ${orderId} is on its way`,
        `Your receipt for order ${orderId}`,
      ].sort(),
    );
  }, 60_000);

  it('escapes what customers and producers wrote in the HTML and keeps it as written in the text', async () => {
    const orderId = ulid();
    const dispatched = eventsOfOrder(orderId)['shipment-dispatched'];
    if (dispatched.type !== 'tbs.fulfilment.ShipmentDispatched.v1') throw new Error('unexpected example');
    dispatched.data.carrier = 'Tom & <Jerry> Couriers';
    await publish(dispatched);
    await drained();
    const [email] = await mailFor(orderId);
    expect(email?.html).toContain('Tom &amp; &lt;Jerry&gt; Couriers');
    expect(email?.html).not.toContain('<Jerry>');
    expect(email?.text).toContain('Carrier: Tom & <Jerry> Couriers');
  }, 60_000);

  it('retries an event for a customer whose profile does not exist yet and emails them once it does', async () => {
    const { UserPoolId, UserPoolClientId } = cloud.cloud.outputs('tbs-app-customer');
    const cognito = new CognitoIdentityProviderClient({
      region: cloud.awsEnv.AWS_REGION ?? '',
      endpoint: cloud.endpoints.cognito ?? '',
      credentials: CREDENTIALS,
    });
    try {
      const email = 'late.confirmer@example.com';
      const signUp = await cognito.send(
        new SignUpCommand({
          ClientId: UserPoolClientId,
          Username: email,
          Password: 'Late-Passw0rd!',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'given_name', Value: 'Mere' },
            { Name: 'family_name', Value: 'Tane' },
          ],
        }),
      );
      const orderId = ulid();
      const paid = withIds(exampleEvents()['order-receipt'], {
        id: eventId(),
        orderId,
        customerId: signUp.UserSub ?? '',
      });
      await publish(paid);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await cloud.emails({ to: email })).toEqual([]);

      await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: email }));
      for (let attempt = 0; attempt < 100 && (await cloud.emails({ to: email })).length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await drained();
      const mail = await cloud.emails({ to: email });
      expect(mail.map((sent) => sent.subject)).toEqual([`Your receipt for order ${orderId}`]);
      expect(mail[0]?.text).toContain('Hi Mere Tane,');
    } finally {
      cognito.destroy();
    }
  }, 60_000);
});
