import { fileURLToPath } from 'node:url';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type LocalCloud, startLocalCloud } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDevOpsAgent, type WebhookReceiver } from '../../src/local';
import { cloudWatchAlarmMessage } from '../fixtures/alarm-events';

// The whole path on the local cloud: the stack's own template provisions the alarm topic, the ledger table
// and the notifier; a CloudWatch alarm notification published to the topic reaches the webhook receiver.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let cloud: LocalCloud;
let receiver: WebhookReceiver;
let sns: SNSClient;
let topicArn: string;

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  cloud = await startLocalCloud({ repoRoot, stacks: ['tbs-devops-aiagent'], gatewayPort: 0, log: () => undefined });
  receiver = await startLocalDevOpsAgent({ secretsEndpoint: cloud.endpoints.secrets });
  sns = new SNSClient({ endpoint: cloud.endpoints.sns, region: 'us-east-1', credentials });
  topicArn = cloud.outputs('tbs-devops-aiagent')['AlarmTopicArn'] as string;
}, 120_000);

afterAll(async () => {
  sns?.destroy();
  await cloud?.stop();
  await receiver?.close();
});

const publish = (message: Record<string, unknown> | string) =>
  sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: 'ALARM',
      Message: typeof message === 'string' ? message : JSON.stringify(message),
    }),
  );

describe('alarm -> incident on the local cloud', () => {
  it('opens one signed incident per OK -> ALARM transition and resolves it on ALARM -> OK', async () => {
    expect(topicArn).toMatch(/^arn:aws:sns:/);
    const alarm = cloudWatchAlarmMessage();
    await publish(alarm);
    await until(() => receiver.incidents.length === 1, 'the incident');
    expect(receiver.incidents[0]).toMatchObject({ action: 'created', priority: 'CRITICAL', service: 'tbs-app-order' });

    // The same transition again (a redelivery): the DynamoDB ledger keeps it from opening a second incident.
    await publish(alarm);
    await publish(cloudWatchAlarmMessage({ oldState: 'ALARM', newState: 'OK', time: '2026-11-22T03:40:00.000+0000' }));
    await until(() => receiver.incidents.length === 2, 'the resolution');
    expect(receiver.incidents.map((i) => i.action)).toEqual(['created', 'resolved']);
    expect(receiver.incidents[1]!.incidentId).toBe(receiver.incidents[0]!.incidentId);
    expect(receiver.rejections).toEqual([]);
  });

  it('rates a dead-letter queue alarm CRITICAL', async () => {
    const before = receiver.incidents.length;
    const message = cloudWatchAlarmMessage({
      name: 'tbs-app-fulfilment-local-OrderEventsDlqDepthAlarm-7QW2',
      description: 'Order events were dead-lettered.',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ name: 'QueueName', value: 'tbs-app-fulfilment-local-OrderEventsDlq-1R2T' }],
    });
    await publish(message);
    await until(() => receiver.incidents.length === before + 1, 'the DLQ incident');
    const incident = receiver.incidents[before]!;
    expect(incident).toMatchObject({ action: 'created', priority: 'CRITICAL', service: 'tbs-app-fulfilment' });
    expect(incident.description).toContain('AWS/SQS ApproximateNumberOfMessagesVisible (SUM)');
  });
});
