import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';

function usageError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('defaults up to port 3000 with seeding', () => {
    expect(parseArgs(['up'])).toEqual({ name: 'up', port: 3000, seed: true });
  });

  it('reads every up option, in both --flag value and --flag=value forms', () => {
    expect(parseArgs(['up', '--stacks', 'product, customer', '--data=/tmp/d', '--port', '0', '--no-seed'])).toEqual({
      name: 'up',
      stacks: ['product', 'customer'],
      dataDir: '/tmp/d',
      port: 0,
      seed: false,
    });
  });

  it.each([['99999'], ['-1'], ['abc'], ['3.5']])('rejects --port %s', (port) => {
    expect(usageError(['up', '--port', port])).toBe('--port must be 0..65535 (0 picks a free port)');
  });

  it('names unknown commands, flags and actions', () => {
    expect(usageError(['deploy'])).toContain('unknown command "deploy"');
    expect(usageError(['up', '--verbose'])).toBe('unknown option --verbose for "up"');
    expect(usageError(['dlq', 'purge', 'q'])).toContain('unknown dlq action "purge"');
    expect(usageError(['user', 'delete', 'a@b.co'])).toContain('unknown user action "delete"');
  });

  it('requires option values and positional arguments', () => {
    expect(usageError(['up', '--port'])).toBe('--port needs a value');
    expect(usageError(['up', '--stacks', '--no-seed'])).toBe('--stacks needs a value');
    expect(usageError(['dlq', 'show'])).toBe('"dlq show" needs a queue name');
    expect(usageError(['alarm'])).toBe('"alarm" needs an alarm name');
    expect(usageError(['outputs', 'a', 'b'])).toBe('unexpected argument "b" for "outputs"');
  });

  it('validates stack names, emails, passwords, queue names and alarm states', () => {
    expect(usageError(['up', '--stacks', 'Product'])).toContain('"Product" is not a stack name');
    expect(usageError(['user', 'create', 'not-an-email'])).toContain('must be an email address');
    expect(usageError(['token', 'a@b.co', '--password', 'short'])).toBe('--password must be at least 8 characters');
    expect(usageError(['dlq', 'redrive', 'bad/name'])).toBe('"bad/name" is not a queue name');
    expect(usageError(['alarm', 'X', '--state', 'INSUFFICIENT_DATA'])).toBe('--state must be ALARM or OK');
  });

  it('parses the other commands', () => {
    expect(parseArgs(['dlq', 'list'])).toEqual({ name: 'dlq-list', json: false });
    expect(parseArgs(['dlq', 'show', 'orders-dlq', '--id', 'm1'])).toEqual({
      name: 'dlq-show',
      queue: 'orders-dlq',
      id: 'm1',
    });
    expect(parseArgs(['dlq', 'redrive', 'orders-dlq.fifo'])).toEqual({ name: 'dlq-redrive', queue: 'orders-dlq.fifo' });
    expect(parseArgs(['emails', '--to', 'Ann@Example.com', '--json'])).toEqual({
      name: 'emails',
      to: 'ann@example.com',
      json: true,
    });
    expect(parseArgs(['alarm', 'OrderDlqDepth', '--state', 'ok'])).toEqual({
      name: 'alarm',
      alarmName: 'OrderDlqDepth',
      state: 'OK',
    });
    expect(parseArgs(['user', 'create', 'a@b.co', '--admin', '--password', 'long-enough'])).toEqual({
      name: 'user-create',
      email: 'a@b.co',
      admin: true,
      password: 'long-enough',
    });
    expect(parseArgs(['token', 'a@b.co'])).toEqual({ name: 'token', email: 'a@b.co' });
    expect(parseArgs(['outputs', 'product'])).toEqual({ name: 'outputs', stack: 'product' });
    expect(parseArgs([])).toEqual({ name: 'help' });
    expect(parseArgs(['up', '--help'])).toEqual({ name: 'help', topic: 'up' });
  });
});
