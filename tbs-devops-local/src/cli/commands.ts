import { PublishCommand } from '@aws-sdk/client-sns';
import { discoverStacks } from '../template';
import { declaredAlarms, findAlarm } from './alarm-catalog';
import { buildAlarmNotification } from './alarm-notification';
import type { Command } from './args';
import { cognitoClient, regionOf, snsClient, sqsClient } from './aws-clients';
import { ensureUser, findUserPool, idToken } from './cognito-users';
import {
  findDeadLetterQueues,
  listDeadLetters,
  peekDeadLetters,
  redriveDeadLetters,
  resolveDeadLetterQueue,
} from './dead-letters';
import { demoUsers } from './demo-users';
import { CliError, NotFoundError, UsageError } from './errors';
import { formatAge, formatTable, summarize, summarizeBody } from './format';
import { listEmails } from './mailbox';
import { runSeed, SeedError } from './seeder';
import type { CloudState } from './state-file';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

export const LOCAL_ACCOUNT_ID = '000000000000';

export async function seedCommand(state: CloudState, io: Io): Promise<void> {
  const report = await runSeed({
    repoRoot: state.repoRoot,
    stacks: state.stacks,
    gatewayUrl: state.gatewayUrl,
    endpoints: state.endpoints,
    awsEnv: state.awsEnv,
    users: state.users.length > 0 ? state.users : demoUsers(),
    log: (line) => io.err(line),
  });
  for (const stack of report.stacks) {
    io.out(`${stack.name}: ${stack.result.summary}`);
    for (const [kind, ids] of Object.entries(stack.result.ids ?? {})) io.out(`  ${kind}: ${ids.join(' ')}`);
  }
  if (report.users.length === 0 && report.stacks.length === 0 && report.failures.length === 0)
    io.out('nothing to seed');
  if (report.failures.length > 0) {
    throw new SeedError(`seeding failed for ${report.failures.map((f) => `${f.name} (${f.error})`).join('; ')}`);
  }
}

export async function dlqCommand(
  state: CloudState,
  cmd: Extract<Command, { name: 'dlq-list' | 'dlq-show' | 'dlq-redrive' }>,
  io: Io,
): Promise<void> {
  const sqs = sqsClient(state);
  try {
    if (cmd.name === 'dlq-list') {
      const letters = await listDeadLetters(sqs);
      if (cmd.json) {
        io.out(JSON.stringify(letters, null, 2));
        return;
      }
      if (letters.length === 0) {
        const queues = await findDeadLetterQueues(sqs);
        io.out(
          `no dead-lettered messages (${queues.length} dead-letter queue${queues.length === 1 ? '' : 's'} checked)`,
        );
        return;
      }
      const now = io.now();
      io.out(
        formatTable(
          ['QUEUE', 'MESSAGE ID', 'AGE', 'RECEIVES', 'BODY'],
          letters.map((l) => [
            l.queue,
            l.messageId,
            formatAge(l.sentAt, now),
            String(l.receiveCount),
            summarizeBody(l.body),
          ]),
        ),
      );
      return;
    }
    const dlq = await resolveDeadLetterQueue(sqs, cmd.queue);
    if (cmd.name === 'dlq-redrive') {
      const result = await redriveDeadLetters(sqs, dlq);
      io.out(`moved ${result.moved} message${result.moved === 1 ? '' : 's'} from ${result.from} back to ${result.to}`);
      return;
    }
    const letters = await peekDeadLetters(sqs, dlq);
    const shown = cmd.id ? letters.filter((l) => l.messageId === cmd.id) : letters;
    if (cmd.id && shown.length === 0) throw new NotFoundError(`no message ${cmd.id} in ${dlq.name}`);
    if (shown.length === 0) {
      io.out(`${dlq.name} is empty (source: ${dlq.sources.map((s) => s.name).join(', ')})`);
      return;
    }
    const now = io.now();
    for (const l of shown) {
      io.out(`message ${l.messageId}`);
      io.out(`  queue     ${l.queue} (source: ${dlq.sources.map((s) => s.name).join(', ')})`);
      io.out(`  sent      ${l.sentAt.toISOString()} (${formatAge(l.sentAt, now)} ago)`);
      io.out(`  receives  ${l.receiveCount}`);
      for (const [key, value] of Object.entries(l.attributes)) io.out(`  attribute ${key} = ${value}`);
      io.out(`  body      ${prettyBody(l.body).replace(/\n/g, '\n            ')}`);
    }
  } finally {
    sqs.destroy();
  }
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export async function emailsCommand(
  state: CloudState,
  cmd: Extract<Command, { name: 'emails' }>,
  io: Io,
): Promise<void> {
  const ses = state.endpoints['ses'];
  if (!ses) throw new CliError('the local cloud has no SES stand-in');
  const emails = (await listEmails(ses)).filter(
    (e) => !cmd.to || [...e.to, ...e.cc, ...e.bcc].some((addr) => addr.toLowerCase().includes(cmd.to as string)),
  );
  if (cmd.json) {
    io.out(JSON.stringify(emails, null, 2));
    return;
  }
  if (emails.length === 0) {
    io.out(cmd.to ? `no email to ${cmd.to}` : 'no email sent yet');
    return;
  }
  const now = io.now();
  io.out(
    formatTable(
      ['AGE', 'TO', 'SUBJECT', 'MESSAGE ID'],
      emails.map((e) => [
        formatAge(e.sentAt, now),
        summarize(e.to.join(', '), 40),
        summarize(e.subject, 60),
        e.messageId,
      ]),
    ),
  );
  io.out(`\nread them in full at ${ses.replace(/\/$/, '')}/`);
}

export async function alarmCommand(state: CloudState, cmd: Extract<Command, { name: 'alarm' }>, io: Io): Promise<void> {
  const region = regionOf(state);
  const stacks = await discoverStacks(state.repoRoot);
  const running = new Set(state.stacks.map((s) => s.name));
  const alarms = declaredAlarms(
    stacks.filter((s) => running.has(s.name)),
    { region, accountId: LOCAL_ACCOUNT_ID, envName: 'local' },
  );
  const match = findAlarm(alarms, cmd.alarmName);
  if (Array.isArray(match)) {
    if (match.length === 0) {
      const names = alarms.map((a) => a.alarmName).slice(0, 15);
      throw new NotFoundError(
        `no alarm "${cmd.alarmName}" is declared in the running stacks${names.length ? `; known: ${names.join(', ')}` : ''}`,
      );
    }
    throw new UsageError(
      `"${cmd.alarmName}" matches ${match.length} alarms: ${match.map((a) => a.alarmName).join(', ')}`,
    );
  }
  const topicArn = alarmTopicArn(state);
  const notification = buildAlarmNotification({
    alarm: match,
    state: cmd.state,
    region,
    accountId: LOCAL_ACCOUNT_ID,
    topicArn,
    now: io.now(),
  });
  const sns = snsClient(state);
  try {
    const result = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notification.subject,
        Message: JSON.stringify(notification.message),
      }),
    );
    io.out(`published ${cmd.state} for ${match.alarmName} (${match.stack}) to ${topicArn} as ${result.MessageId}`);
  } finally {
    sns.destroy();
  }
}

export function alarmTopicArn(state: CloudState): string {
  const ordered = [...state.stacks].sort(
    (a, b) => Number(b.name.includes('aiagent')) - Number(a.name.includes('aiagent')),
  );
  for (const stack of ordered) {
    const arn = stack.outputs['AlarmTopicArn'];
    if (arn) return arn;
  }
  throw new NotFoundError('no alarm topic: the tbs-devops-aiagent stack must be up and output AlarmTopicArn');
}

export async function userCreateCommand(
  state: CloudState,
  cmd: Extract<Command, { name: 'user-create' }>,
  io: Io,
): Promise<void> {
  const known = state.users.find((u) => u.email === cmd.email);
  const password = cmd.password ?? known?.password;
  if (!password) throw new UsageError('--password is required for a new user (at least 8 characters)');
  const cognito = cognitoClient(state);
  try {
    const pool = await findUserPool(cognito, state.stacks);
    const outcome = await ensureUser(cognito, pool, { email: cmd.email, password, admin: cmd.admin });
    const role = cmd.admin ? ' in Administrators' : '';
    io.out(
      outcome === 'created'
        ? `created ${cmd.email}${role}`
        : `${cmd.email} already exists${role ? `; now${role}` : ''}`,
    );
  } finally {
    cognito.destroy();
  }
}

export async function tokenCommand(state: CloudState, cmd: Extract<Command, { name: 'token' }>, io: Io): Promise<void> {
  const password = cmd.password ?? state.users.find((u) => u.email === cmd.email)?.password;
  if (!password) throw new UsageError(`--password is required for ${cmd.email} (only the demo users' are known)`);
  const cognito = cognitoClient(state);
  try {
    const pool = await findUserPool(cognito, state.stacks);
    io.out(await idToken(cognito, pool, cmd.email, password));
  } finally {
    cognito.destroy();
  }
}

export function outputsCommand(state: CloudState, cmd: Extract<Command, { name: 'outputs' }>, io: Io): void {
  if (!cmd.stack) {
    io.out(JSON.stringify(Object.fromEntries(state.stacks.map((s) => [s.name, s.outputs])), null, 2));
    return;
  }
  const wanted = cmd.stack;
  const stack = state.stacks.find(
    (s) =>
      s.name === wanted ||
      s.stackName === wanted ||
      s.name === `tbs-app-${wanted}` ||
      s.name === `tbs-devops-${wanted}`,
  );
  if (!stack) {
    throw new NotFoundError(
      `no running stack "${wanted}" (running: ${state.stacks.map((s) => s.name).join(', ') || 'none'})`,
    );
  }
  io.out(JSON.stringify(stack.outputs, null, 2));
}
