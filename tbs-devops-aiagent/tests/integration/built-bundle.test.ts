import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStack, invokeBundle, type StackBuild } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudWatchAlarmMessage, snsEvent } from '../fixtures/alarm-events';

// Imports the notifier bundle the way Lambda does (a fresh Node process, ESM, nothing else loaded) and runs it
// on a transition that needs no AWS call, so a bundling mistake (missing require banner, decorator or
// dependency) fails here rather than in the account.
const stackDir = fileURLToPath(new URL('../../', import.meta.url));

let outRoot: string;
let built: StackBuild;
beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'tbs-aiagent-build-'));
  built = await buildStack(stackDir, { outRoot });
}, 120_000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('the built notifier bundle', () => {
  it('loads with its template environment and handles an alarm notification', async () => {
    const notifier = built.functions.find((f) => f.logicalId === 'NotifierFunction');
    expect(notifier?.outFile).toMatch(/notify-alarm\.mjs$/);
    const event = snsEvent(cloudWatchAlarmMessage({ oldState: 'OK', newState: 'INSUFFICIENT_DATA' }));
    const result = await invokeBundle(notifier!.outFile, 'handler', event, {
      AWS_REGION: 'ap-southeast-2',
      WEBHOOK_SECRET_ID: 'tbs/devops-agent/webhook',
      LEDGER_TABLE_NAME: 'ledger',
      TBS_ENV: 'dev',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    expect(result).toEqual({ notified: 0, ignored: 1 });
  });
});
