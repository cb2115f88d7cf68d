import { UsageError } from './errors';

export type AlarmState = 'ALARM' | 'OK';

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'up'; stacks?: string[]; dataDir?: string; port: number; seed: boolean }
  | { name: 'seed' }
  | { name: 'dlq-list'; json: boolean }
  | { name: 'dlq-show'; queue: string; id?: string }
  | { name: 'dlq-redrive'; queue: string }
  | { name: 'emails'; to?: string; json: boolean }
  | { name: 'alarm'; alarmName: string; state: AlarmState }
  | { name: 'user-create'; email: string; admin: boolean; password?: string }
  | { name: 'token'; email: string; password?: string }
  | { name: 'outputs'; stack?: string };

export const DEFAULT_GATEWAY_PORT = 3000;

export const USAGE = `Usage: tbs-local <command> [options]

Commands:
  up [--stacks a,b] [--data DIR] [--port N] [--no-seed]
                                 Start the local cloud (gateway on port 3000 unless --port; 0 picks a free port)
  seed                           Create the demo users and run every stack's seed module (idempotent)
  dlq list [--json]              Dead-lettered messages, newest first
  dlq show <queue> [--id ID]     The messages of one dead-letter queue in full (or one message)
  dlq redrive <queue>            Move a dead-letter queue's messages back to its source queue
  emails [--to ADDR] [--json]    Emails sent through the SES stand-in
  alarm NAME [--state ALARM|OK]  Publish a CloudWatch alarm notification to the alarm topic
  user create EMAIL [--admin] [--password P]
                                 Sign up and confirm a user (--admin adds it to Administrators)
  token EMAIL [--password P]     Print an ID token for Authorization: Bearer
  outputs [STACK]                Stack outputs as JSON
  help                           This text`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAME = /^[a-z][a-z0-9-]*$/;
// SQS queue names: letters, digits, hyphens and underscores, with .fifo allowed at the end.
const QUEUE = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

type FlagSpec = Record<string, 'boolean' | 'string'>;

interface Parsed {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

function parseFlags(command: string, argv: string[], spec: FlagSpec): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option ${name} for "${command}"`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`${name} needs a value`);
    }
    flags[name] = value;
  }
  return { positionals, flags };
}

function expectPositionals(command: string, parsed: Parsed, min: number, max: number, what: string): void {
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`"${command}" needs ${what}`);
  if (n > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}" for "${command}"`);
}

function str(flags: Parsed['flags'], name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function parsePort(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError('--port must be 0..65535 (0 picks a free port)');
  const port = Number(raw);
  if (port > 65535) throw new UsageError('--port must be 0..65535 (0 picks a free port)');
  return port;
}

function parseEmail(raw: string | undefined, option: string): string {
  if (raw === undefined || !EMAIL.test(raw)) throw new UsageError(`${option} must be an email address, got "${raw}"`);
  return raw.toLowerCase();
}

function parsePassword(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length < 8) throw new UsageError('--password must be at least 8 characters');
  return raw;
}

function parseQueue(raw: string): string {
  if (!QUEUE.test(raw)) throw new UsageError(`"${raw}" is not a queue name`);
  return raw;
}

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { name: 'help', ...(rest[0] ? { topic: rest[0] } : {}) };
  }
  if (rest.includes('--help') || rest.includes('-h')) return { name: 'help', topic: command };

  switch (command) {
    case 'up': {
      const p = parseFlags('up', rest, {
        '--stacks': 'string',
        '--data': 'string',
        '--port': 'string',
        '--no-seed': 'boolean',
      });
      expectPositionals('up', p, 0, 0, 'no arguments');
      const stacksRaw = str(p.flags, '--stacks');
      let stacks: string[] | undefined;
      if (stacksRaw !== undefined) {
        stacks = stacksRaw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (stacks.length === 0) throw new UsageError('--stacks needs at least one stack name');
        const bad = stacks.find((s) => !NAME.test(s));
        if (bad !== undefined) throw new UsageError(`--stacks: "${bad}" is not a stack name (e.g. product,customer)`);
      }
      const portRaw = str(p.flags, '--port');
      const dataDir = str(p.flags, '--data');
      return {
        name: 'up',
        ...(stacks ? { stacks } : {}),
        ...(dataDir ? { dataDir } : {}),
        port: portRaw === undefined ? DEFAULT_GATEWAY_PORT : parsePort(portRaw),
        seed: p.flags['--no-seed'] !== true,
      };
    }
    case 'seed': {
      const p = parseFlags('seed', rest, {});
      expectPositionals('seed', p, 0, 0, 'no arguments');
      return { name: 'seed' };
    }
    case 'dlq': {
      const [action, ...args] = rest;
      if (action === 'list') {
        const p = parseFlags('dlq list', args, { '--json': 'boolean' });
        expectPositionals('dlq list', p, 0, 0, 'no arguments');
        return { name: 'dlq-list', json: p.flags['--json'] === true };
      }
      if (action === 'show') {
        const p = parseFlags('dlq show', args, { '--id': 'string' });
        expectPositionals('dlq show', p, 1, 1, 'a queue name');
        const id = str(p.flags, '--id');
        return { name: 'dlq-show', queue: parseQueue(p.positionals[0] as string), ...(id ? { id } : {}) };
      }
      if (action === 'redrive') {
        const p = parseFlags('dlq redrive', args, {});
        expectPositionals('dlq redrive', p, 1, 1, 'a queue name');
        return { name: 'dlq-redrive', queue: parseQueue(p.positionals[0] as string) };
      }
      throw new UsageError(
        action === undefined
          ? '"dlq" needs list, show or redrive'
          : `unknown dlq action "${action}" (list, show, redrive)`,
      );
    }
    case 'emails': {
      const p = parseFlags('emails', rest, { '--to': 'string', '--json': 'boolean' });
      expectPositionals('emails', p, 0, 0, 'no arguments');
      const to = str(p.flags, '--to');
      return { name: 'emails', json: p.flags['--json'] === true, ...(to ? { to: parseEmail(to, '--to') } : {}) };
    }
    case 'alarm': {
      const p = parseFlags('alarm', rest, { '--state': 'string' });
      expectPositionals('alarm', p, 1, 1, 'an alarm name');
      const state = (str(p.flags, '--state') ?? 'ALARM').toUpperCase();
      if (state !== 'ALARM' && state !== 'OK') throw new UsageError('--state must be ALARM or OK');
      return { name: 'alarm', alarmName: p.positionals[0] as string, state };
    }
    case 'user': {
      const [action, ...args] = rest;
      if (action !== 'create') {
        throw new UsageError(action === undefined ? '"user" needs create' : `unknown user action "${action}" (create)`);
      }
      const p = parseFlags('user create', args, { '--admin': 'boolean', '--password': 'string' });
      expectPositionals('user create', p, 1, 1, 'an email address');
      const password = parsePassword(str(p.flags, '--password'));
      return {
        name: 'user-create',
        email: parseEmail(p.positionals[0], 'EMAIL'),
        admin: p.flags['--admin'] === true,
        ...(password ? { password } : {}),
      };
    }
    case 'token': {
      const p = parseFlags('token', rest, { '--password': 'string' });
      expectPositionals('token', p, 1, 1, 'an email address');
      const password = parsePassword(str(p.flags, '--password'));
      return { name: 'token', email: parseEmail(p.positionals[0], 'EMAIL'), ...(password ? { password } : {}) };
    }
    case 'outputs': {
      const p = parseFlags('outputs', rest, {});
      expectPositionals('outputs', p, 0, 1, 'at most one stack');
      const stack = p.positionals[0];
      return { name: 'outputs', ...(stack ? { stack } : {}) };
    }
    default:
      throw new UsageError(`unknown command "${command}" (run "tbs-local help")`);
  }
}
