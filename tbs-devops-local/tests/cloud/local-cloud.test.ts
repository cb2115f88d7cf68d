import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud, UnsupportedResourceError } from '../../src/cloud/index';

const repoRoot = fileURLToPath(new URL('../fixtures/cloud/repo', import.meta.url));
const batches: Array<Array<{ body: string }>> = [];
let observer: Server;
let cloud: LocalCloud;
let sqs: SQSClient;

beforeAll(async () => {
  observer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      batches.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((r) => observer.listen(0, '127.0.0.1', r));
  const observerUrl = `http://127.0.0.1:${(observer.address() as AddressInfo).port}`;
  cloud = await startLocalCloud({
    repoRoot,
    gatewayPort: 0,
    build: false,
    parameterOverrides: { 'tbs-fixture': { ObserverUrl: observerUrl } },
    log: () => {},
  });
  const env = cloud.awsEnv();
  sqs = new SQSClient({
    endpoint: env.AWS_ENDPOINT_URL_SQS,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    useQueueUrlAsEndpoint: false,
  });
});

afterAll(async () => {
  await cloud?.stop();
  observer.closeAllConnections();
  await new Promise((r) => observer.close(r));
});

describe('local cloud on a fixture stack', () => {
  it('creates the stack as <folder>-local with Env=local, its outputs and exports', () => {
    const stack = cloud.stacks.find((s) => s.name === 'tbs-fixture')!;
    expect(stack.stackName).toBe('tbs-fixture-local');
    expect(stack.parameters.Env).toBe('local');
    expect(cloud.outputs('tbs-fixture').TableName).toBe('tbs-fixture-local-table');
    expect(stack.exports['tbs-fixture-local:TableName']).toBe('tbs-fixture-local-table');
    expect(cloud.outputs('tbs-fixture').TopicArn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:tbs-fixture-local-events$/);
  });

  it('generates secrets locally and never leaves a template secret empty', async () => {
    const env = cloud.awsEnv();
    const client = new SecretsManagerClient({
      endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const secret = await client.send(new GetSecretValueCommand({ SecretId: cloud.outputs('tbs-fixture').SecretArn }));
    expect(secret.SecretString).toMatch(/^[A-Za-z0-9]{24}$/);
    client.destroy();
  });

  it('gives every function its own environment: template variables, endpoints and dummy credentials', async () => {
    const keys = ['FIXTURE_NAME', 'TBS_ENV', 'TABLE_NAME', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ACCESS_KEY_ID'];
    const a = (await cloud.invoke('tbs-fixture', 'EnvAFunction', { keys })) as { env: Record<string, string> };
    const b = (await cloud.invoke('tbs-fixture', 'EnvBFunction', { keys })) as { env: Record<string, string> };
    expect(a.env).toMatchObject({ FIXTURE_NAME: 'alpha', TBS_ENV: 'local', TABLE_NAME: 'tbs-fixture-local-table' });
    expect(a.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(cloud.endpoints.dynamodb);
    expect(a.env.AWS_ACCESS_KEY_ID).toBe('local');
    expect(b.env).toMatchObject({ FIXTURE_NAME: 'beta', TABLE_NAME: null });
  });

  it('serves the API under the base path of its mapping with a REST proxy event', async () => {
    const res = await fetch(`${cloud.gatewayUrl}/fixture/v1/echo/a%20b?x=1&x=2&y=3`, {
      headers: [
        ['x-multi', 'one'],
        ['x-multi', 'two'],
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-echo')).toBe('yes');
    const event = (await res.json()) as { multiValueHeaders: Record<string, string[]> };
    expect(event).toMatchObject({
      resource: '/echo/{id}',
      path: '/fixture/v1/echo/a%20b',
      httpMethod: 'GET',
      pathParameters: { id: 'a b' },
      queryStringParameters: { x: '2', y: '3' },
      multiValueQueryStringParameters: { x: ['1', '2'], y: ['3'] },
      requestContext: { stage: 'local', resourcePath: '/echo/{id}' },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.multiValueHeaders['x-multi']).toEqual(['one, two']);
  });

  it('answers unknown routes 404, wrong methods 405 and CORS preflights from the Cors config', async () => {
    expect((await fetch(`${cloud.gatewayUrl}/fixture/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${cloud.gatewayUrl}/elsewhere`)).status).toBe(404);
    const wrong = await fetch(`${cloud.gatewayUrl}/fixture/v1/echo/1`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toEqual({ message: 'Method Not Allowed' });
    const preflight = await fetch(`${cloud.gatewayUrl}/fixture/v1/echo/1`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,authorization');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
  });

  it('enqueues webhook calls through the SQS integration with the raw body and the signature header', async () => {
    const raw = '{"id":"evt_1",  "type":"payment_intent.succeeded"}';
    const res = await fetch(`${cloud.gatewayUrl}/fixture/v1/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.outputs('tbs-fixture').WebhookQueueUrl,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(out.Messages?.[0]?.Body).toBe(raw);
    expect(out.Messages?.[0]?.MessageAttributes?.['Stripe-Signature']?.StringValue).toBe('t=1,v1=abc');
  });

  it('delivers only events matching the subscription filter policy to the consuming function', async () => {
    const env = cloud.awsEnv();
    const sns = new SNSClient({
      endpoint: env.AWS_ENDPOINT_URL_SNS,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const topic = cloud.outputs('tbs-fixture').TopicArn;
    const publish = (n: string, type: string) =>
      sns.send(
        new PublishCommand({
          TopicArn: topic,
          Message: JSON.stringify({ n }),
          MessageAttributes: { type: { DataType: 'String', StringValue: type } },
        }),
      );
    await publish('skipped', 'tbs.fixture.Other.v1');
    await publish('paid', 'tbs.fixture.Paid.v1');
    const seen = () => batches.flat().map((r) => JSON.parse(r.body).n);
    const end = Date.now() + 5000;
    while (!seen().includes('paid') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen()).toEqual(['paid']);
    sns.destroy();
  });
});

describe('unsupported templates', () => {
  it('fails fast naming the stack, the resource and its type', async () => {
    const err = await startLocalCloud({
      repoRoot: fileURLToPath(new URL('../fixtures/cloud/repo-unsupported', import.meta.url)),
      gatewayPort: 0,
      build: false,
      log: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedResourceError);
    expect((err as Error).message).toContain('tbs-unsupported-local: resource Server has type AWS::EC2::Instance');
  });
});
