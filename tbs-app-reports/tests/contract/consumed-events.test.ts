import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { CloudEventSalesDecoder, SUBSCRIBED_EVENT_TYPES } from '../../src/infrastructure/cloud-event-sales-decoder';
import { TEMPLATE_PATH } from '../fixtures/reports-env';

const example = (name: string): unknown => {
  const path = fileURLToPath(new URL(`../../../tbs-contracts/events/order/${name}.v1.schema.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { examples: unknown[] }).examples[0];
};

describe('consumed order events: the producer examples and the subscription', () => {
  const decoder = new CloudEventSalesDecoder();

  it("decodes the order service's published examples of OrderPaid, OrderRefunded and OrderCancelled", () => {
    expect(decoder.decode(JSON.stringify(example('OrderPaid')))).toMatchObject({
      type: 'sale',
      orderId: '01JDA1B2C3D4E5F6G7H8J9K0MN',
      net: 4900,
      shipping: 800,
      tax: 855,
      gross: 6555,
      currency: 'NZD',
    });
    expect(decoder.decode(JSON.stringify(example('OrderRefunded')))).toMatchObject({
      type: 'closure',
      status: 'REFUNDED',
      refund: { refundId: 're_3QaBcDeFgHiJkLmN0pQrStUv', amount: 6555 },
    });
    expect(decoder.decode(JSON.stringify(example('OrderCancelled')))).toMatchObject({
      type: 'closure',
      status: 'CANCELLED',
      version: 5,
      refund: { amount: 6555, refundedAt: '2026-02-11T08:00:40Z' },
    });
  });

  it('subscribes the queue to exactly the decoded event types, with raw delivery', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const subscription = template.Resources.OrderEventsSubscription?.Properties as {
      FilterPolicy: { type: string[] };
      RawMessageDelivery: boolean;
    };
    expect([...subscription.FilterPolicy.type].sort()).toEqual([...SUBSCRIBED_EVENT_TYPES].sort());
    expect(subscription.RawMessageDelivery).toBe(true);
  });

  it('subscribes to the order topic of tbs-devops-events, the only topic allowed to send to the queue', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const orderTopic = { 'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-events-\${Env}:OrderTopicArn` } };
    const subscription = template.Resources.OrderEventsSubscription?.Properties as { TopicArn: unknown };
    expect(subscription.TopicArn).toEqual(orderTopic);
    const policy = template.Resources.SalesEventsQueuePolicy?.Properties as {
      PolicyDocument: { Statement: { Principal: unknown; Condition: unknown }[] };
    };
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': orderTopic } },
      }),
    ]);
  });
});
