import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type RunningDynamoDb, type RunningStandIn, startDynamoDb, startSecrets } from '@tbs/devops-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbNotificationLedger } from '../../src/infrastructure/dynamodb-notification-ledger';
import { SecretsManagerWebhookConfig } from '../../src/infrastructure/secrets-manager-webhook-config';
import { startLocalDevOpsAgent } from '../../src/local';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let dynamo: RunningDynamoDb;
let secretsStandIn: RunningStandIn;
let db: DynamoDBClient;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  [dynamo, secretsStandIn] = await Promise.all([startDynamoDb(), startSecrets()]);
  db = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  secrets = new SecretsManagerClient({ endpoint: secretsStandIn.endpoint, region: 'us-east-1', credentials });
  await db.send(
    new CreateTableCommand({
      TableName: 'ledger',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
});

afterAll(async () => {
  db?.destroy();
  secrets?.destroy();
  await Promise.all([dynamo?.stop(), secretsStandIn?.stop()]);
});

describe('DynamoDbNotificationLedger (on the DynamoDB stand-in)', () => {
  it('lets exactly one of two concurrent claims win, and keeps a sent transition claimed', async () => {
    const ledger = new DynamoDbNotificationLedger(db, 'ledger');
    const key = 'arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:a#2026-11-22T03:01:12.345Z';
    const results = await Promise.all([ledger.claim(key), ledger.claim(key)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await ledger.markSent(key);
    await ledger.release(key); // a sent transition is not given back
    expect(await ledger.claim(key)).toBe(false);
  });

  it('gives a failed claim back, and lets an abandoned claim be taken over after its lease', async () => {
    let now = Date.parse('2026-11-22T03:00:00Z');
    const ledger = new DynamoDbNotificationLedger(db, 'ledger', () => now);
    expect(await ledger.claim('k1')).toBe(true);
    await ledger.release('k1');
    expect(await ledger.claim('k1')).toBe(true);

    expect(await ledger.claim('k2')).toBe(true);
    now += 60_000;
    expect(await ledger.claim('k2')).toBe(false);
    now += 120_000;
    expect(await ledger.claim('k2')).toBe(true);
  });

  it('remembers the open incident of an alarm until it is taken', async () => {
    const ledger = new DynamoDbNotificationLedger(db, 'ledger');
    await ledger.rememberOpenIncident('arn:alarm:b', 'tbs-123');
    expect(await ledger.takeOpenIncident('arn:alarm:b')).toBe('tbs-123');
    expect(await ledger.takeOpenIncident('arn:alarm:b')).toBeUndefined();
  });
});

describe('SecretsManagerWebhookConfig (on the Secrets Manager stand-in)', () => {
  it('reads and validates the secret, caches it, and rereads after invalidate', async () => {
    await secrets.send(
      new CreateSecretCommand({
        Name: 'tbs/devops-agent/webhook',
        SecretString: JSON.stringify({ webhookUrl: 'https://event-ai.example/webhook/generic/1', hmacSecret: 'one' }),
      }),
    );
    const config = new SecretsManagerWebhookConfig(secrets, 'tbs/devops-agent/webhook');
    expect(await config.get()).toEqual({ url: 'https://event-ai.example/webhook/generic/1', hmacSecret: 'one' });
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: 'tbs/devops-agent/webhook',
        SecretString: JSON.stringify({ webhookUrl: 'https://event-ai.example/webhook/generic/1', hmacSecret: 'two' }),
      }),
    );
    expect((await config.get()).hmacSecret).toBe('one');
    config.invalidate();
    expect((await config.get()).hmacSecret).toBe('two');
  });

  it('rejects a secret without a key, or with a plain-http URL outside the local cloud', async () => {
    for (const [name, value] of [
      ['no-key', { webhookUrl: 'https://event-ai.example/x' }],
      ['http', { webhookUrl: 'http://event-ai.example/x', hmacSecret: 's' }],
    ] as const) {
      await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
      await expect(new SecretsManagerWebhookConfig(secrets, name).get()).rejects.toThrow(/hmacSecret nor apiKey|https/);
    }
    const local = new SecretsManagerWebhookConfig(secrets, 'http', { allowHttp: true });
    expect((await local.get()).url).toBe('http://event-ai.example/x');
  });
});

describe('startLocalDevOpsAgent', () => {
  it('points the notifier secret at a fresh receiver each time it starts', async () => {
    const first = await startLocalDevOpsAgent({
      secretsEndpoint: secretsStandIn.endpoint,
      secretName: 'local/webhook',
    });
    const second = await startLocalDevOpsAgent({
      secretsEndpoint: secretsStandIn.endpoint,
      secretName: 'local/webhook',
    });
    try {
      const config = await new SecretsManagerWebhookConfig(secrets, 'local/webhook', { allowHttp: true }).get();
      expect(config.url).toBe(second.url);
      expect(config.url).not.toBe(first.url);
      expect(config.hmacSecret).toMatch(/^[A-Za-z0-9+/=]{44}$/);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
