import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildStack, type StackBuild } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compliantLogGroup, resourceRequest } from '../fixtures/hook-requests';

// Imports each bundle the way Lambda does (a fresh Node process, ESM, no source tree around it) and invokes it.
const stackDir = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = `
const [url, event] = process.argv.slice(1);
const { handler } = await import(url);
console.log(JSON.stringify(await handler(JSON.parse(event))));
`;

let outRoot: string;
let built: StackBuild;
beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'tbs-cfnhooks-build-'));
  built = await buildStack(stackDir, { outRoot });
}, 120_000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

function invoke(outFile: string, event: unknown): Record<string, unknown> {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', PROBE, pathToFileURL(outFile).href, JSON.stringify(event)],
    { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env['PATH'] ?? '' } },
  );
  expect(result.stderr).toBe('');
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('built hook bundles', () => {
  it('builds one bundle per hook', () => {
    expect(built.functions.map((f) => f.logicalId).sort()).toEqual([
      'DynamoDbTableHookFunction',
      'LambdaFunctionHookFunction',
      'LogGroupHookFunction',
      'SqsQueueHookFunction',
    ]);
  });

  it('answer hook requests from the bundle alone', () => {
    const logGroupHook = built.functions.find((f) => f.logicalId === 'LogGroupHookFunction')!;
    const ok = invoke(logGroupHook.outFile, resourceRequest('AWS::Logs::LogGroup', 'Logs', compliantLogGroup));
    expect(ok['hookStatus']).toBe('SUCCESS');
    const bad = invoke(logGroupHook.outFile, resourceRequest('AWS::Logs::LogGroup', 'Logs', {}));
    expect(bad).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    const malformed = invoke(logGroupHook.outFile, { hello: 'world' });
    expect(malformed).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
  });
});
