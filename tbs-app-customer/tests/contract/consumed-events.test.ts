import { parseCloudEvent } from '@tbs/contracts/runtime';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { emailTemplates, TEMPLATE_PATH } from '../../scripts/email-samples';
import { composeEmail, emailRequestOf, NOTIFYING_EVENT_TYPES } from '../../src/application/customer-emails';
import { CUSTOMER_EMAIL_KINDS } from '../../src/domain/customer-email';
import { notifyingEventValidators } from '../../src/infrastructure/container';
import { exampleEvents } from '../fixtures/notifying-events';

const importOf = (name: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-events-\${Env}:${name}` } });
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's placeholder, as the template writes it.
const STACK_NAME = '${AWS::StackName}';
type Resource = { Type: string; Properties?: Record<string, unknown> };

async function resources(): Promise<Record<string, Resource>> {
  return (await loadTemplate(TEMPLATE_PATH)).Resources as Record<string, Resource>;
}

describe('events consumed for customer emails', () => {
  it("accepts each producer's published example and turns it into its email", () => {
    const examples = exampleEvents();
    for (const kind of CUSTOMER_EMAIL_KINDS) {
      const event = parseCloudEvent(JSON.stringify(examples[kind]), notifyingEventValidators);
      expect(emailRequestOf(event as never).kind).toBe(kind);
      expect(
        composeEmail(event as never, 'Aroha Ngata', { locale: 'en-NZ', timeZone: 'Pacific/Auckland' }),
      ).toBeDefined();
    }
  });

  it('validates exactly the event types that cause an email', () => {
    expect(Object.keys(notifyingEventValidators).sort()).toEqual([...NOTIFYING_EVENT_TYPES].sort());
  });

  it('subscribes the email queue to exactly those types, each on the topic of its producer in tbs-devops-events', async () => {
    const subscriptions = Object.values(await resources()).filter(
      (r) =>
        r.Type === 'AWS::SNS::Subscription' &&
        JSON.stringify(r.Properties?.Endpoint).includes('CustomerEmailEventsQueue'),
    );
    const byTopic = new Map<string, string[]>();
    for (const { Properties = {} } of subscriptions) {
      expect(Properties.RawMessageDelivery).toBe(true);
      expect(Properties.FilterPolicyScope).toBe('MessageAttributes');
      byTopic.set(JSON.stringify(Properties.TopicArn), (Properties.FilterPolicy as { type: string[] }).type);
    }
    const producedOn = (source: string) =>
      NOTIFYING_EVENT_TYPES.filter((type) => type.startsWith(`tbs.${source}.`)).sort();
    expect([...byTopic.keys()].sort()).toEqual(
      [JSON.stringify(importOf('OrderTopicArn')), JSON.stringify(importOf('FulfilmentTopicArn'))].sort(),
    );
    expect(byTopic.get(JSON.stringify(importOf('OrderTopicArn')))?.sort()).toEqual(producedOn('order'));
    expect(byTopic.get(JSON.stringify(importOf('FulfilmentTopicArn')))?.sort()).toEqual(producedOn('fulfilment'));
  });

  it('lets only those two topics deliver to the queue, which only the email function consumes', async () => {
    const all = await resources();
    const policy = JSON.stringify(all.CustomerEmailEventsQueuePolicy?.Properties);
    expect(policy).toContain(JSON.stringify(importOf('OrderTopicArn')));
    expect(policy).toContain(JSON.stringify(importOf('FulfilmentTopicArn')));
    const consumers = Object.entries(all).filter(([, r]) =>
      JSON.stringify(r.Properties?.Events ?? {}).includes('CustomerEmailEventsQueue'),
    );
    expect(consumers.map(([id]) => id)).toEqual(['NotifyCustomerFunction']);
  });

  it('declares one SES template per email, named with the prefix the function sends with, and may send only those', async () => {
    const templates = await emailTemplates('tbs-app-customer-dev');
    expect(templates.map((t) => t.name)).toEqual(CUSTOMER_EMAIL_KINDS.map((kind) => `tbs-app-customer-dev-${kind}`));
    const fn = (await resources()).NotifyCustomerFunction?.Properties as {
      Environment: { Variables: Record<string, unknown> };
      Policies: unknown[];
    };
    expect(fn.Environment.Variables.EMAIL_TEMPLATE_PREFIX).toEqual({ 'Fn::Sub': `${STACK_NAME}-` });
    const policies = JSON.stringify(fn.Policies);
    expect(policies).toContain(`:template/${STACK_NAME}-*`);
    expect(policies).toContain('"ses:FromAddress":{"Ref":"SenderEmailAddress"}');
    expect(policies.match(/"Action":"?[^,]+/g)).toEqual(['"Action":"ses:SendEmail"']);
  });
});
