import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildStack, type StackBuild } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudWatchAlarmMessage, snsEvent } from '../fixtures/alarm-events';

// Imports the notifier bundle the way Lambda does (a fresh Node process, ESM, nothing else loaded) and runs it
// on a transition that needs no AWS call, so a bundling mistake (missing require banner, decorator or
// dependency) fails here rather than in the account.
const stackDir = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = `
const [url, event] = process.argv.slice(1);
const { handler } = await import(url);
console.log(JSON.stringify(await handler(JSON.parse(event))));
`;

let outRoot: string;
let built: StackBuild;
beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'tbs-aiagent-build-'));
  built = await buildStack(stackDir, { outRoot });
}, 120_000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('the built notifier bundle', () => {
  it('loads with its template environment and handles an alarm notification', () => {
    const notifier = built.functions.find((f) => f.logicalId === 'NotifierFunction');
    expect(notifier?.outFile).toMatch(/notify-alarm\.mjs$/);
    const event = snsEvent(cloudWatchAlarmMessage({ oldState: 'OK', newState: 'INSUFFICIENT_DATA' }));
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', PROBE, pathToFileURL(notifier!.outFile).href, JSON.stringify(event)],
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: {
          PATH: process.env['PATH'] ?? '',
          AWS_REGION: 'ap-southeast-2',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          WEBHOOK_SECRET_ID: 'tbs/devops-agent/webhook',
          LEDGER_TABLE_NAME: 'ledger',
          TBS_ENV: 'dev',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        },
      },
    );
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1] as string)).toEqual({ notified: 0, ignored: 1 });
  });
});
