import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStack, invokeBundle, type StackBuild } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compliantLogGroup, resourceRequest } from '../fixtures/hook-requests';

// Imports each bundle the way Lambda does (a fresh Node process, ESM, no source tree around it) and invokes it.
const stackDir = fileURLToPath(new URL('../../', import.meta.url));

let outRoot: string;
let built: StackBuild;
beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'tbs-cfnhooks-build-'));
  built = await buildStack(stackDir, { outRoot });
}, 120_000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

const invoke = (outFile: string, event: unknown) => invokeBundle<Record<string, unknown>>(outFile, 'handler', event);

describe('built hook bundles', () => {
  it('builds one bundle per hook', () => {
    expect(built.functions.map((f) => f.logicalId).sort()).toEqual([
      'DynamoDbTableHookFunction',
      'LambdaFunctionHookFunction',
      'LogGroupHookFunction',
      'SqsQueueHookFunction',
    ]);
  });

  it('answer hook requests from the bundle alone', async () => {
    const logGroupHook = built.functions.find((f) => f.logicalId === 'LogGroupHookFunction')!;
    const ok = await invoke(logGroupHook.outFile, resourceRequest('AWS::Logs::LogGroup', 'Logs', compliantLogGroup));
    expect(ok['hookStatus']).toBe('SUCCESS');
    const bad = await invoke(logGroupHook.outFile, resourceRequest('AWS::Logs::LogGroup', 'Logs', {}));
    expect(bad).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    const malformed = await invoke(logGroupHook.outFile, { hello: 'world' });
    expect(malformed).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
  });
});
