import { fileURLToPath } from 'node:url';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type LocalCloud, startLocalCloud } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/local/webhook-receiver';
import { cloudWatchAlarmMessage } from '../fixtures/alarm-events';

// The whole path on the local cloud: the stack's own template provisions the alarm topic, the ledger table
// and the notifier; a CloudWatch alarm notification published to the topic reaches the webhook receiver.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'local-devops-agent-hmac-key-acceptance';
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
  receiver = await startWebhookReceiver({ secret: SECRET });
  cloud = await startLocalCloud({ repoRoot, stacks: ['tbs-devops-aiagent'], gatewayPort: 0, log: () => undefined });
  const secrets = new SecretsManagerClient({ endpoint: cloud.endpoints.secrets, region: 'us-east-1', credentials });
  await secrets.send(
    new CreateSecretCommand({
      Name: 'tbs/devops-agent/webhook',
      SecretString: JSON.stringify({ webhookUrl: receiver.url, hmacSecret: SECRET }),
    }),
  );
  secrets.destroy();
  sns = new SNSClient({ endpoint: cloud.endpoints.sns, region: 'us-east-1', credentials });
  topicArn = cloud.outputs('tbs-devops-aiagent')['AlarmTopicArn'] as string;
}, 120_000);

afterAll(async () => {
  sns?.destroy();
  await cloud?.stop();
  await receiver?.close();
});

const publish = (message: Record<string, unknown>) =>
  sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'ALARM', Message: JSON.stringify(message) }));

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
});
