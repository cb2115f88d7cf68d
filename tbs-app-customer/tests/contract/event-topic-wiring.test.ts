import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/customers-table';

/**
 * Customer events go to the customer topic of tbs-devops-events (the shared events stack), never to a topic of
 * this stack: consumers subscribe to that stack only, so no service stack has to import from another.
 */
const importOf = (name: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-events-\${Env}:${name}` } });
const TOPIC_ARN = importOf('CustomerTopicArn');
const TOPIC_NAME = { 'Fn::Select': [5, { 'Fn::Split': [':', TOPIC_ARN] }] };

interface FunctionProps {
  Environment?: { Variables?: Record<string, unknown> };
  Policies?: unknown[];
}

async function template() {
  return loadTemplate(TEMPLATE_PATH);
}

async function functions(): Promise<[string, FunctionProps][]> {
  const { Resources } = await template();
  return Object.entries(Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([id, r]) => [id, (r.Properties ?? {}) as FunctionProps]);
}

const publishers = async () => (await functions()).filter(([, p]) => p.Environment?.Variables?.EVENTS_TOPIC_ARN);

describe('customer events: published to the customer topic of tbs-devops-events', () => {
  it('declares no topic and no topic key of its own', async () => {
    const { Resources } = await template();
    const types = Object.values(Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::SNS::Topic');
    const keys = Object.entries(Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key');
    expect(keys.map(([id]) => id)).toEqual(['LogsKey']);
  });

  it('gives every function that records events the imported topic ARN', async () => {
    const ids = (await publishers()).map(([id]) => id).sort();
    expect(ids).toEqual(['PostConfirmationFunction', 'RelayOutboxFunction', 'UpdateMyProfileFunction']);
    for (const [id, props] of await publishers()) {
      expect(props.Environment?.Variables?.EVENTS_TOPIC_ARN, id).toEqual(TOPIC_ARN);
    }
  });

  it('lets publishers publish to that topic only, with a data key of the events key', async () => {
    for (const [id, props] of await publishers()) {
      expect(props.Policies, id).toContainEqual({ SNSPublishMessagePolicy: { TopicName: TOPIC_NAME } });
      expect(props.Policies, id).toContainEqual({
        Statement: [
          { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: importOf('EventsKeyArn') },
        ],
      });
    }
  });

  it('grants no SNS or KMS use to functions that publish nothing', async () => {
    for (const [id, props] of (await functions()).filter(([, p]) => !p.Environment?.Variables?.EVENTS_TOPIC_ARN)) {
      const policies = JSON.stringify(props.Policies ?? []);
      expect(policies, id).not.toMatch(/SNSPublish|sns:|kms:/);
    }
  });

  it('exports nothing that belongs to the events stack', async () => {
    const { Outputs = {} } = (await template()) as { Outputs?: Record<string, unknown> };
    expect(Object.keys(Outputs).filter((name) => /Topic|EventsKey/.test(name))).toEqual([]);
  });
});
