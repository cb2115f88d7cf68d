import { fileURLToPath } from 'node:url';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/cli/cognito-users';
import {
  alarmCommand,
  dlqCommand,
  emailsCommand,
  type Io,
  outputsCommand,
  seedCommand,
  tokenCommand,
  userCreateCommand,
} from '../../src/cli/commands';
import { NotFoundError, UsageError } from '../../src/cli/errors';
import type { CloudState } from '../../src/cli/state-file';
import { demoUsers, startTestCloud, type TestCloud } from '../../src/harness';

const repoRoot = fileURLToPath(new URL('../harness/fixtures/repo', import.meta.url));
let t: TestCloud;
let state: CloudState;

function capture(now = new Date()): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (s) => lines.push(s), err: (s) => errors.push(s), now: () => now };
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

beforeAll(async () => {
  t = await startTestCloud({ repoRoot, build: false });
  state = {
    version: 1,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    repoRoot,
    gatewayUrl: t.gatewayUrl,
    endpoints: { ...t.cloud.endpoints },
    awsEnv: t.awsEnv,
    stacks: t.cloud.stacks.map((s) => ({ name: s.name, stackName: s.stackName, dir: s.dir, outputs: s.outputs })),
    users: demoUsers(),
  };
});

afterAll(async () => {
  await t?.stop();
});

describe('tbs-local commands against a running cloud', () => {
  it('seed creates the demo users once and reports each stack seed', async () => {
    const first = capture();
    await seedCommand(state, first);
    expect(first.lines[0]).toBe('tbs-app-shop: seeded as admin@thebetterstore.local (Administrators)');
    expect(first.errors).toContain('user customer@thebetterstore.local created');
    const again = capture();
    await seedCommand(state, again);
    expect(again.errors).toContain('user customer@thebetterstore.local already there');
  });

  it('user create and token give an ID token the gateway accepts', async () => {
    const io = capture();
    await userCreateCommand(
      state,
      { name: 'user-create', email: 'bo@example.com', admin: true, password: 'Bo-passw0rd!' },
      io,
    );
    expect(io.lines).toEqual(['created bo@example.com in Administrators']);
    await tokenCommand(state, { name: 'token', email: 'bo@example.com', password: 'Bo-passw0rd!' }, io);
    const token = io.lines[1] as string;
    expect(claims(token)).toMatchObject({ email: 'bo@example.com', 'cognito:groups': ['Administrators'] });
    expect((await t.api<{ email: string }>('/shop/v1/me', { token })).body.email).toBe('bo@example.com');

    await expect(
      tokenCommand(state, { name: 'token', email: 'bo@example.com', password: 'wrong-password' }, capture()),
    ).rejects.toBeInstanceOf(AuthenticationError);
    await expect(tokenCommand(state, { name: 'token', email: 'who@example.com' }, capture())).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it('emails lists what was sent, filtered by recipient, as a table or JSON', async () => {
    await t.createUser({ email: 'cy@example.com' });
    await t.api('/shop/v1/receipts', { method: 'POST', as: 'cy@example.com', body: { orderId: 'o-42' } });
    const table = capture();
    await emailsCommand(state, { name: 'emails', to: 'cy@example.com', json: false }, table);
    const rows = (table.lines[0] as string).split('\n');
    expect(rows[0]).toMatch(/^AGE\s+TO\s+SUBJECT\s+MESSAGE ID$/);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/cy@example\.com\s+Receipt for o-42/);
    const json = capture();
    await emailsCommand(state, { name: 'emails', to: 'cy@example.com', json: true }, json);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject([{ subject: 'Receipt for o-42', text: 'Thanks for o-42' }]);
    const none = capture();
    await emailsCommand(state, { name: 'emails', to: 'zed@example.com', json: false }, none);
    expect(none.lines).toEqual(['no email to zed@example.com']);
  });

  it('outputs prints a stack by folder or short name', () => {
    const io = capture();
    outputsCommand(state, { name: 'outputs', stack: 'shop' }, io);
    expect(JSON.parse(io.lines[0] as string)).toMatchObject({ UserPoolId: expect.any(String) });
    expect(() => outputsCommand(state, { name: 'outputs', stack: 'nope' }, io)).toThrow(NotFoundError);
  });

  it('alarm publishes the CloudWatch notification of a declared alarm to the alarm topic', async () => {
    const io = capture(new Date('2026-11-22T03:21:00.000Z'));
    await alarmCommand(state, { name: 'alarm', alarmName: 'tbs-app-shop-local-me-errors', state: 'ALARM' }, io);
    expect(io.lines[0]).toMatch(/^published ALARM for tbs-app-shop-local-me-errors \(tbs-app-shop\) to arn:aws:sns:/);
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: state.endpoints['sqs'],
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    try {
      const inbox = t.cloud.stacks[0]?.outputs['AlarmInboxUrl'] as string;
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inbox, WaitTimeSeconds: 2 }));
      const envelope = JSON.parse(received.Messages?.[0]?.Body ?? '{}');
      expect(envelope.Subject).toBe('ALARM: "tbs-app-shop-local-me-errors" in US East (N. Virginia)');
      const message = JSON.parse(envelope.Message);
      expect(message).toMatchObject({
        AlarmName: 'tbs-app-shop-local-me-errors',
        AlarmDescription: 'The me endpoint fails.',
        AWSAccountId: '000000000000',
        NewStateValue: 'ALARM',
        OldStateValue: 'OK',
        StateChangeTime: '2026-11-22T03:21:00.000+0000',
        Region: 'US East (N. Virginia)',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:tbs-app-shop-local-me-errors',
        Trigger: {
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
          StatisticType: 'Statistic',
          Statistic: 'SUM',
          Dimensions: [{ name: 'FunctionName', value: 'tbs-app-shop-local-MeFunction' }],
          Period: 60,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: 1,
          TreatMissingData: 'notBreaching',
        },
      });
      expect(message.NewStateReason).toBe(
        'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (22/11/26 03:21:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
      );
    } finally {
      sqs.destroy();
    }
  });

  it('alarm finds alarms by logical id, names ambiguous or unknown ones', async () => {
    const io = capture();
    await alarmCommand(state, { name: 'alarm', alarmName: 'ApiLatencyAlarm', state: 'OK' }, io);
    expect(io.lines[0]).toMatch(/^published OK for tbs-app-shop-local-ApiLatencyAlarm/);
    await expect(alarmCommand(state, { name: 'alarm', alarmName: 'alarm', state: 'ALARM' }, io)).rejects.toThrow(
      /matches 2 alarms/,
    );
    await expect(alarmCommand(state, { name: 'alarm', alarmName: 'Nope', state: 'ALARM' }, io)).rejects.toThrow(
      /no alarm "Nope" is declared in the running stacks; known: tbs-app-shop-local-me-errors/,
    );
  });

  it('dlq lists, shows and redrives what the consumers gave up on', async () => {
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: state.endpoints['sqs'],
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    try {
      const queueUrl = t.cloud.stacks[0]?.outputs['OrdersQueueUrl'] as string;
      const body = JSON.stringify({ specversion: '1.0', type: 'tbs.order.OrderPaid.v1', subject: 'o-7', id: 'e-7' });
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      // A consumer that fails once: maxReceiveCount 1 sends the message to the DLQ on the next receive.
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0 }));
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0 }));

      const list = capture();
      await dlqCommand(state, { name: 'dlq-list', json: false }, list);
      const rows = (list.lines[0] as string).split('\n');
      expect(rows[0]).toMatch(/^QUEUE\s+MESSAGE ID\s+AGE\s+RECEIVES\s+BODY$/);
      expect(rows[2]).toMatch(/^tbs-app-shop-local-orders-dlq\s+\S+\s+\d+s\s+\d+\s+tbs\.order\.OrderPaid\.v1 o-7$/);

      const show = capture();
      await dlqCommand(state, { name: 'dlq-show', queue: 'tbs-app-shop-local-orders' }, show);
      expect(show.lines).toContain('  queue     tbs-app-shop-local-orders-dlq (source: tbs-app-shop-local-orders)');
      expect(show.lines.join('\n')).toContain('"subject": "o-7"');

      const redrive = capture();
      await dlqCommand(state, { name: 'dlq-redrive', queue: 'tbs-app-shop-local-orders-dlq' }, redrive);
      expect(redrive.lines).toEqual([
        'moved 1 message from tbs-app-shop-local-orders-dlq back to tbs-app-shop-local-orders',
      ]);
      const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      expect(back.Messages?.[0]?.Body).toBe(body);
      const empty = capture();
      await dlqCommand(state, { name: 'dlq-list', json: false }, empty);
      expect(empty.lines).toEqual(['no dead-lettered messages (1 dead-letter queue checked)']);
    } finally {
      sqs.destroy();
    }
  });
});
