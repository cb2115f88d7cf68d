import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NotifyDevOpsAgent } from '../application/notify-devops-agent';
import { DynamoDbNotificationLedger } from './dynamodb-notification-ledger';
import { SecretsManagerWebhookConfig } from './secrets-manager-webhook-config';
import { SignedWebhookClient } from './signed-webhook-client';

export interface Container {
  logger: Logger;
  notifyDevOpsAgent: NotifyDevOpsAgent;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The composition root: one per cold start. */
export function createContainer(env: NodeJS.ProcessEnv = process.env): Container {
  const logger = new Logger({ serviceName: 'tbs-devops-aiagent' });
  // Locally (Env=local) the webhook receiver is plain http on 127.0.0.1; in AWS only https is accepted.
  const local = env['TBS_ENV'] === 'local';
  const config = new SecretsManagerWebhookConfig(new SecretsManagerClient({}), required(env, 'WEBHOOK_SECRET_ID'), {
    allowHttp: local,
  });
  const ledger = new DynamoDbNotificationLedger(new DynamoDBClient({}), required(env, 'LEDGER_TABLE_NAME'));
  const notifyDevOpsAgent = new NotifyDevOpsAgent(ledger, new SignedWebhookClient(config), {
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
  });
  return { logger, notifyDevOpsAgent };
}
