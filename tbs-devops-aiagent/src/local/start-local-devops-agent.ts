import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type RecordedIncident, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export interface LocalDevOpsAgentOptions {
  /** The Secrets Manager stand-in the notifier reads (its AWS_ENDPOINT_URL_SECRETS_MANAGER). */
  secretsEndpoint: string;
  region?: string;
  /** The notifier's WEBHOOK_SECRET_ID (the template's WebhookSecretName default). */
  secretName?: string;
  port?: number;
  onIncident?: (incident: RecordedIncident) => void;
}

/**
 * Starts the local webhook receiver with a fresh HMAC key and stores its URL and key where the notifier
 * looks for them, so alarms on the local cloud end as recorded incidents.
 */
export async function startLocalDevOpsAgent(options: LocalDevOpsAgentOptions): Promise<WebhookReceiver> {
  const secret = randomBytes(32).toString('base64');
  const receiver = await startWebhookReceiver({
    secret,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.onIncident ? { onIncident: options.onIncident } : {}),
  });
  const client = new SecretsManagerClient({
    endpoint: options.secretsEndpoint,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const name = options.secretName ?? 'tbs/devops-agent/webhook';
  const value = JSON.stringify({ webhookUrl: receiver.url, hmacSecret: secret });
  try {
    try {
      await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    } catch (error) {
      if (
        !(error instanceof ResourceExistsException) &&
        (error as { name?: string }).name !== 'ResourceExistsException'
      ) {
        throw error;
      }
      await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    }
  } catch (error) {
    await receiver.close();
    throw error;
  } finally {
    client.destroy();
  }
  return receiver;
}
