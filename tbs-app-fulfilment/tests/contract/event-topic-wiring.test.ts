import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/fulfilment-tables';

/**
 * Fulfilment events go to the fulfilment topic of tbs-devops-events and order events come from its order topic, so
 * this stack imports from the events stack only, never from another service stack.
 */
const importOf = (name: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-events-\${Env}:${name}` } });
const TOPIC_ARN = importOf('FulfilmentTopicArn');
const TOPIC_NAME = { 'Fn::Select': [5, { 'Fn::Split': [':', TOPIC_ARN] }] };

interface FunctionProps {
  Environment?: { Variables?: Record<string, unknown> };
  Policies?: unknown[];
}

async function functions(): Promise<[string, FunctionProps][]> {
  const { Resources } = await loadTemplate(TEMPLATE_PATH);
  return Object.entries(Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([id, r]) => [id, (r.Properties ?? {}) as FunctionProps]);
}

describe('fulfilment events: the topics of tbs-devops-events', () => {
  it('declares no topic of its own and imports from no other service stack', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    expect(Object.values(template.Resources).map((r) => r.Type)).not.toContain('AWS::SNS::Topic');
    expect(JSON.stringify(template)).not.toMatch(/tbs-app-(product|order|cart|reports)-/);
  });

  it('gives exactly the functions that change state the topic, with publish rights and the events key', async () => {
    const publishers = (await functions()).filter(([, p]) => p.Environment?.Variables?.EVENTS_TOPIC_ARN);
    expect(publishers.map(([id]) => id).sort()).toEqual([
      'DeliverShipmentFunction',
      'DispatchShipmentFunction',
      'OrderEventsFunction',
      'PutInventoryFunction',
      'RelayOutboxFunction',
    ]);
    for (const [id, props] of publishers) {
      expect(props.Environment?.Variables?.EVENTS_TOPIC_ARN, id).toEqual(TOPIC_ARN);
      expect(props.Policies, id).toContainEqual({ SNSPublishMessagePolicy: { TopicName: TOPIC_NAME } });
      expect(props.Policies, id).toContainEqual({
        Statement: [
          { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: importOf('EventsKeyArn') },
        ],
      });
    }
    for (const [id, props] of (await functions()).filter(([, p]) => !p.Environment?.Variables?.EVENTS_TOPIC_ARN)) {
      expect(JSON.stringify(props.Policies ?? []), id).not.toMatch(/SNSPublish|sns:|kms:|Crud/);
    }
  });

  it('subscribes its queue to the order topic of the events stack, and only that topic may send to it', async () => {
    const { Resources } = await loadTemplate(TEMPLATE_PATH);
    const subscription = Resources.OrderEventsSubscription?.Properties as { TopicArn: unknown; Endpoint: unknown };
    expect(subscription.TopicArn).toEqual(importOf('OrderTopicArn'));
    expect(JSON.stringify(Resources.OrderEventsQueuePolicy?.Properties)).toContain(
      JSON.stringify(importOf('OrderTopicArn')),
    );
  });
});
