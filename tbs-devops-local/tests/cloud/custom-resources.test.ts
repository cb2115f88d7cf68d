import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absentProducerImports, MissingProducerError } from '../../src/cloud/absent-producers';
import { CustomResourceFailedError, runCustomResource } from '../../src/cloud/custom-resources';
import { type LocalCloud, startLocalCloud } from '../../src/cloud/index';
import type { CfnTemplate } from '../../src/template';

const repoRoot = fileURLToPath(new URL('../fixtures/cloud/repo-custom', import.meta.url));

describe('custom resources on the local cloud', () => {
  let cloud: LocalCloud;
  const lines: string[] = [];

  beforeAll(async () => {
    cloud = await startLocalCloud({ repoRoot, gatewayPort: 0, build: false, log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('sends a Create request and exposes PhysicalResourceId as Ref and Data as attributes', () => {
    const outputs = cloud.outputs('tbs-custom');
    expect(outputs.ThingId).toBe('thing-hello-local');
    expect(outputs.ThingRequest).toBe(
      'Create Custom::Thing arn:aws:cloudformation:us-east-1:000000000000:stack/tbs-custom-local/local',
    );
    expect(outputs.ThingToken).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:tbs-custom-local-ProvisionFunction',
    );
  });

  it('runs AWS::CloudFormation::CustomResource too, after what it depends on', () => {
    const outputs = cloud.outputs('tbs-custom');
    expect(outputs.LegacyGreeting).toBe('hello-local');
    expect(outputs.LegacyId).toBe('thing-hello-local');
  });

  it('runs cron schedules it can evaluate and says which it does not', () => {
    expect(lines).toContainEqual(
      expect.stringMatching(/ProvisionFunction runs on cron\(0 3 \* \* \? \*\) \(UTC\), next at /),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/schedule LastFriday \(cron\(0 3 \? \* 6L \*\)\) is not run locally/),
    );
    expect(lines).toContainEqual('[local] tbs-custom-local/ProvisionFunction runs every 3600 s');
    expect(lines).toContainEqual(
      '[local] tbs-custom-local/PatternRule: rule is not run locally: event patterns are not matched locally',
    );
  });

  it('starts without the subscription to a producer stack the repository does not have, and says so', () => {
    expect(lines.some((l) => /ProducerEventsSubscription: skipped.*tbs-absent-local:TopicArn/.test(l))).toBe(true);
  });
});

describe('a custom resource answering FAILED', () => {
  it('fails the start with the Reason, naming the resource', async () => {
    await expect(
      startLocalCloud({
        repoRoot,
        gatewayPort: 0,
        build: false,
        parameterOverrides: { 'tbs-custom': { Outcome: 'FAILED' } },
        log: () => {},
      }),
    ).rejects.toThrow(/creating Thing \(Custom::Thing\) failed: refused: hello-local/);
  });
});

describe('runCustomResource', () => {
  const base = {
    stackName: 'tbs-x-local',
    logicalId: 'Thing',
    resourceType: 'Custom::Thing',
    properties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:f' },
    region: 'us-east-1',
    accountId: '000000000000',
    timeoutMs: 2000,
    graceMs: 100,
  };
  const put = (url: unknown, doc: unknown) =>
    fetch(String(url), { method: 'PUT', body: typeof doc === 'string' ? doc : JSON.stringify(doc) });

  it('fails when the function returns without answering', async () => {
    await expect(runCustomResource({ ...base, invoke: async () => undefined })).rejects.toThrow(
      'custom resource Thing failed: the function returned without a response',
    );
  });

  it('fails with the function error when the invocation fails', async () => {
    await expect(
      runCustomResource({
        ...base,
        invoke: async () => {
          throw new Error('Runtime.ImportModuleError: boom');
        },
      }),
    ).rejects.toThrow(/the function failed: Runtime.ImportModuleError: boom/);
  });

  it('times out when no response arrives in time', async () => {
    const error = await runCustomResource({
      ...base,
      timeoutMs: 200,
      invoke: () => new Promise((r) => setTimeout(r, 1000)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomResourceFailedError);
    expect((error as Error).message).toMatch(/no response within/);
  });

  it('refuses a malformed response document and keeps waiting for a valid one', async () => {
    const statuses: number[] = [];
    const result = await runCustomResource({
      ...base,
      invoke: async (event) => {
        statuses.push((await put(event.ResponseURL, 'not json')).status);
        statuses.push((await put(event.ResponseURL, { Status: 'SUCCESS', RequestId: 'other' })).status);
        const doc = { Status: 'SUCCESS', RequestId: event.RequestId, PhysicalResourceId: 'p1', Data: { A: '1' } };
        statuses.push((await put(event.ResponseURL, doc)).status);
      },
    });
    expect(statuses).toEqual([400, 400, 200]);
    expect(result).toEqual({ physicalResourceId: 'p1', data: { A: '1' } });
  });

  it('fails a SUCCESS without a PhysicalResourceId, as CloudFormation does', async () => {
    await expect(
      runCustomResource({
        ...base,
        invoke: async (event) => {
          await put(event.ResponseURL, { Status: 'SUCCESS', RequestId: event.RequestId });
        },
      }),
    ).rejects.toThrow(/no PhysicalResourceId/);
  });
});

describe('imports from producer stacks the repository does not have', () => {
  const template = (resources: CfnTemplate['Resources']): CfnTemplate => ({ Resources: resources });
  const ctxFor = (s: { name: string }) => ({ stackName: `${s.name}-local`, parameters: {} });
  const topic = { 'Fn::ImportValue': 'tbs-app-order-local:OrderTopicArn' };

  it('are optional when they only subscribe to the producer topic', () => {
    const consumer = {
      name: 'tbs-app-reports',
      template: template({
        Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: topic, Protocol: 'sqs', Endpoint: 'x' } },
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: { Events: { OrderEvents: { Type: 'SNS', Properties: { Topic: topic } } } },
        },
      }),
    };
    expect(absentProducerImports([consumer], [consumer], ctxFor)).toEqual(
      new Map([['tbs-app-order-local:OrderTopicArn', 'tbs-app-order']]),
    );
  });

  it('fail naming the missing stack when anything else uses them', () => {
    const consumer = {
      name: 'tbs-app-reports',
      template: template({
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: { Environment: { Variables: { TOPIC: topic } } },
        },
      }),
    };
    const attempt = () => absentProducerImports([consumer], [consumer], ctxFor);
    expect(attempt).toThrow(MissingProducerError);
    expect(attempt).toThrow(/imports "tbs-app-order-local:OrderTopicArn" \(in Fn\).*no stack folder tbs-app-order/);
  });
});
