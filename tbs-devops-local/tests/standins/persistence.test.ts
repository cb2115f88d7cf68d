import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDb, startFauxqs, startSecrets, startStripe } from '../../src/standins';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('stand-ins started with a dataDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbs-standins-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keep DynamoDB tables, items and TTL settings across restarts', async () => {
    const first = await startDynamoDb({ dataDir: join(dir, 'dynamodb') });
    let client = new DynamoDBClient({ endpoint: first.endpoint, region: 'us-east-1', credentials });
    await client.send(
      new CreateTableCommand({
        TableName: 'carts',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: 'carts', Item: { pk: 'c-1', lines: 2 } }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'carts',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' },
      }),
    );
    client.destroy();
    await first.stop();

    const second = await startDynamoDb({ dataDir: join(dir, 'dynamodb') });
    client = new DynamoDBClient({ endpoint: second.endpoint, region: 'us-east-1', credentials });
    const item = await DynamoDBDocumentClient.from(client).send(
      new GetCommand({ TableName: 'carts', Key: { pk: 'c-1' } }),
    );
    expect(item.Item).toEqual({ pk: 'c-1', lines: 2 });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'carts' }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('ttl');
    client.destroy();
    await second.stop();
  });

  it('keep queues and their messages across restarts', async () => {
    const sqsFor = (endpoint: string) =>
      new SQSClient({ endpoint, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
    const first = await startFauxqs({ dataDir: join(dir, 'fauxqs') });
    let sqs = sqsFor(first.endpoint);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'still here' }));
    sqs.destroy();
    await first.stop();

    const second = await startFauxqs({ dataDir: join(dir, 'fauxqs') });
    sqs = sqsFor(second.endpoint);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['still here']);
    sqs.destroy();
    await second.stop();
  });

  it('keep secrets and Stripe payments across restarts', async () => {
    const secretsOne = await startSecrets({ dataDir: join(dir, 'secrets') });
    const stripeOne = await startStripe({ dataDir: join(dir, 'stripe') });
    const sm = new SecretsManagerClient({ endpoint: secretsOne.endpoint, region: 'us-east-1', credentials });
    await sm.send(new CreateSecretCommand({ Name: 'hmac', SecretString: 's3cret' }));
    sm.destroy();
    const pi = await new Stripe(stripeOne.secretKey, {
      host: stripeOne.host,
      port: stripeOne.port,
      protocol: 'http',
    }).paymentIntents.create({
      amount: 900,
      currency: 'nzd',
    });
    await secretsOne.stop();
    await stripeOne.stop();

    const secretsTwo = await startSecrets({ dataDir: join(dir, 'secrets') });
    const stripeTwo = await startStripe({ dataDir: join(dir, 'stripe') });
    const sm2 = new SecretsManagerClient({ endpoint: secretsTwo.endpoint, region: 'us-east-1', credentials });
    expect((await sm2.send(new GetSecretValueCommand({ SecretId: 'hmac' }))).SecretString).toBe('s3cret');
    sm2.destroy();
    const stripe = new Stripe(stripeTwo.secretKey, { host: stripeTwo.host, port: stripeTwo.port, protocol: 'http' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).amount).toBe(900);
    await secretsTwo.stop();
    await stripeTwo.stop();
  });
});
