import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud, UnsupportedResourceError } from '../../src/cloud/index';
import { checkSupported } from '../../src/cloud/provisioner';

const repoRoot = fileURLToPath(new URL('../fixtures/cloud/repo', import.meta.url));
const batches: Array<Array<{ body: string }>> = [];
const observed: Array<{ kind: string; event: Record<string, unknown> }> = [];
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
      const parsed = JSON.parse(body);
      if (Array.isArray(parsed)) batches.push(parsed);
      else observed.push(parsed);
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

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};

async function publish(n: string, type: string, fail = false) {
  const env = cloud.awsEnv();
  const sns = new SNSClient({
    endpoint: env.AWS_ENDPOINT_URL_SNS,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await sns.send(
    new PublishCommand({
      TopicArn: cloud.outputs('tbs-fixture').TopicArn,
      Message: JSON.stringify(fail ? { n, fail } : { n }),
      MessageAttributes: { type: { DataType: 'String', StringValue: type } },
    }),
  );
  sns.destroy();
}

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

  it('mounts an implicit API (an event naming no API) under the stack folder', async () => {
    const res = await fetch(`${cloud.gatewayUrl}/tbs-fixture/implicit/ana`);
    expect(res.status).toBe(200);
    const event = (await res.json()) as { routeKey: string; pathParameters: Record<string, string> };
    expect(event).toMatchObject({ routeKey: 'GET /implicit/{name}', pathParameters: { name: 'ana' } });
    expect(cloud.outputs('tbs-fixture').ImplicitApiId).toMatch(/^[0-9a-f]{10}$/);
  });

  it("answers unknown routes and methods with the API's gateway responses, and CORS preflights from the Cors config", async () => {
    // A REST API answers an unknown resource or method 403 Missing Authentication Token, through DEFAULT_4XX here.
    const unknown = await fetch(`${cloud.gatewayUrl}/fixture/v1/nothing`);
    expect(unknown.status).toBe(403);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const requestId = unknown.headers.get('x-amzn-requestid');
    expect(await unknown.json()).toEqual({
      type: 'MISSING_AUTHENTICATION_TOKEN',
      title: 'Missing Authentication Token',
      requestId,
    });
    const wrong = await fetch(`${cloud.gatewayUrl}/fixture/v1/echo/1`, { method: 'DELETE' });
    expect(wrong.status).toBe(403);
    const unauthorized = await fetch(`${cloud.gatewayUrl}/fixture/v1/me`);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ type: 'UNAUTHORIZED', title: 'Unauthorized' });
    // The HTTP API has no gateway responses (HTTP APIs do not support them); no API at all is API Gateway's 404.
    const httpWrong = await fetch(`${cloud.gatewayUrl}/fixture-http/v1/whoami`, { method: 'DELETE' });
    expect(httpWrong.status).toBe(405);
    expect(await httpWrong.json()).toEqual({ message: 'Method Not Allowed' });
    expect((await fetch(`${cloud.gatewayUrl}/elsewhere`)).status).toBe(404);
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

  it('answers a webhook body SQS refuses with the integration response selected by its status, and other types 415', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${cloud.gatewayUrl}/fixture/v1/webhook`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'stripe-signature': 't=1,v1=abc' },
        body,
      });
    // SQS refuses an empty body, a NUL character and a body over its message size with 400.
    for (const body of ['', 'a\u0000b', 'x'.repeat(1024 * 1024 + 1)]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toEqual({ refused: res.headers.get('x-amzn-requestid') });
    }
    // passthroughBehavior never: a content type without a request template is 415, through DEFAULT_4XX.
    const xml = await post('<a/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ type: 'UNSUPPORTED_MEDIA_TYPE' });
    // A charset parameter does not change the template API Gateway selects.
    expect((await post('{"id":"evt_2"}', 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('delivers only events matching each subscription filter policy, to queues and to functions', async () => {
    await publish('skipped', 'tbs.fixture.Other.v1');
    await publish('paid', 'tbs.fixture.Paid.v1');
    await publish('cancelled', 'tbs.fixture.Cancelled.v1');
    const seen = () => batches.flat().map((r) => JSON.parse(r.body).n);
    await until(() => seen().includes('paid') && observed.some((o) => o.kind === 'sns'));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen()).toEqual(['paid']);
    const sns = observed.filter((o) => o.kind === 'sns').map((o) => o.event);
    expect(sns).toHaveLength(1);
    expect(sns[0]).toMatchObject({
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            TopicArn: cloud.outputs('tbs-fixture').TopicArn,
            Message: JSON.stringify({ n: 'cancelled' }),
            MessageAttributes: { type: { Type: 'String', Value: 'tbs.fixture.Cancelled.v1' } },
          },
        },
      ],
    });
  });

  it('moves a record that keeps failing to the dead-letter queue after maxReceiveCount receives', async () => {
    await publish('poison', 'tbs.fixture.Paid.v1', true);
    const dlq = cloud.outputs('tbs-fixture').PaidQueueDlqUrl;
    let dead: string[] = [];
    const end = Date.now() + 8000;
    while (dead.length === 0 && Date.now() < end) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 1 }));
      dead = (out.Messages ?? []).map((m) => JSON.parse(m.Body!).n);
    }
    expect(dead).toEqual(['poison']);
    const attempts = batches.flat().filter((r) => JSON.parse(r.body).n === 'poison');
    expect(attempts).toHaveLength(2);
  });
});

describe('Cognito on the local cloud', () => {
  it('runs the PostConfirmation trigger and accepts the pool ID token at the authorizer', async () => {
    const env = cloud.awsEnv();
    const cognito = new CognitoIdentityProviderClient({
      endpoint: env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const { UserPoolId, UserPoolClientId } = cloud.outputs('tbs-fixture');
    const email = 'ana@example.com';
    await cognito.send(
      new SignUpCommand({
        ClientId: UserPoolClientId,
        Username: email,
        Password: 'Correct-Horse-1',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: email }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: 'Administrators' }));
    await until(() => observed.some((o) => o.kind === 'cognito'));
    const trigger = observed.find((o) => o.kind === 'cognito')!.event;
    expect(trigger).toMatchObject({ userPoolId: UserPoolId, triggerSource: 'PostConfirmation_ConfirmSignUp' });

    const auth = await cognito.send(
      new InitiateAuthCommand({
        ClientId: UserPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: 'Correct-Horse-1' },
      }),
    );
    const idToken = auth.AuthenticationResult!.IdToken!;
    expect((await fetch(`${cloud.gatewayUrl}/fixture/v1/me`)).status).toBe(401);
    const res = await fetch(`${cloud.gatewayUrl}/fixture/v1/me`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(res.status).toBe(200);
    const event = (await res.json()) as { requestContext: { authorizer: { claims: Record<string, string> } } };
    expect(event.requestContext.authorizer.claims).toMatchObject({ email, 'cognito:groups': 'Administrators' });
    // The HTTP API's JWT authorizer (issuer = the pool's ProviderURL, audience = the client) takes the same token.
    const whoami = await fetch(`${cloud.gatewayUrl}/fixture-http/v1/whoami`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(whoami.status).toBe(200);
    const v2 = (await whoami.json()) as {
      requestContext: { authorizer: { jwt: { claims: Record<string, unknown> } } };
    };
    expect(v2.requestContext.authorizer.jwt.claims).toMatchObject({ email, 'cognito:groups': '[Administrators]' });
    expect((await fetch(`${cloud.gatewayUrl}/fixture-http/v1/whoami`)).status).toBe(401);
    const access = auth.AuthenticationResult!.AccessToken!;
    const withAccess = await fetch(`${cloud.gatewayUrl}/fixture/v1/me`, { headers: { authorization: access } });
    expect(withAccess.status).toBe(401);
    cognito.destroy();
  });
});

describe('S3 notifications on the local cloud', () => {
  it('invokes the function with an S3 event for objects matching the filter only', async () => {
    const env = cloud.awsEnv();
    const s3 = new S3Client({
      endpoint: env.AWS_ENDPOINT_URL_S3,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      forcePathStyle: true,
    });
    const Bucket = cloud.outputs('tbs-fixture').UploadsBucket;
    await s3.send(new PutObjectCommand({ Bucket, Key: 'notes.txt', Body: 'ignored' }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'imports/new products.csv', Body: 'sku,name\n' }));
    await until(() => observed.some((o) => o.kind === 's3'));
    await new Promise((r) => setTimeout(r, 200));
    const events = observed.filter((o) => o.kind === 's3').map((o) => o.event);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: Bucket }, object: { key: 'imports/new+products.csv', size: 9 } },
        },
      ],
    });
    s3.destroy();
  });
});

describe('test-only options', () => {
  it('scale visibility timeouts, start with delivery faults off, and refuse a nonsense scale', async () => {
    expect(cloud.faults.active).toBe(false);
    const scaled = await startLocalCloud({
      repoRoot,
      gatewayPort: 0,
      build: false,
      visibilityTimeoutScale: 4,
      deliveryFaults: { seed: 9, duplicates: true, failureRate: 0.3 },
      log: () => {},
    });
    try {
      const env = scaled.awsEnv();
      const client = new SQSClient({
        endpoint: env.AWS_ENDPOINT_URL_SQS,
        region: env.AWS_REGION,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        useQueueUrlAsEndpoint: false,
      });
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: 'tbs-fixture-local-paid' }));
      const attrs = await client.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }),
      );
      // The template says 1 second.
      expect(attrs.Attributes?.VisibilityTimeout).toBe('4');
      expect(scaled.faults.describe()).toBe('delivery faults on: seed 9, each message 2-3 times, failure rate 0.3');
      client.destroy();
    } finally {
      await scaled.stop();
    }
    await expect(
      startLocalCloud({ repoRoot, gatewayPort: 0, build: false, visibilityTimeoutScale: 0 }),
    ).rejects.toThrow('visibilityTimeoutScale must be a positive number');
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

  it('fails on a property of an emulated type that the local cloud would silently ignore', () => {
    const queue = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', Bogus: true } };
    expect(() => checkSupported('tbs-x-local', 'Queue', queue)).toThrow(
      'tbs-x-local: resource Queue (AWS::SQS::Queue) uses Bogus, which the local cloud does not support',
    );
    expect(() =>
      checkSupported('tbs-x-local', 'Role', { Type: 'AWS::IAM::Role', Properties: { Any: 1 } }),
    ).not.toThrow();
  });
});
