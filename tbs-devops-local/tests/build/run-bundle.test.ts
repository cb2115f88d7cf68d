import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeBundle, smokeTestBundle } from '../../src/build';

// A bundle that reports the environment and Lambda context it sees.
const ENV_ECHO = fileURLToPath(new URL('../fixtures/cloud/handlers/env-echo.mjs', import.meta.url));

describe('invokeBundle and smokeTestBundle', () => {
  let scratch: string;
  let failing: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'tbs-run-bundle-'));
    failing = join(scratch, 'failing.mjs');
    await writeFile(
      failing,
      [
        "console.log('a log line before the result');",
        "export const handler = async () => { throw new Error('the handler broke'); };",
        'export const notAHandler = 42;',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('invokes the export once in a fresh process with the event, the given environment and a Lambda context', async () => {
    const result = await invokeBundle<Record<string, unknown>>(
      ENV_ECHO,
      'handler',
      { keys: ['GREETING', 'AWS_ACCESS_KEY_ID', 'AWS_REGION', 'HOME'] },
      { GREETING: 'Kia ora', AWS_REGION: 'ap-southeast-2' },
    );
    expect(result).toMatchObject({
      contextFunctionName: 'tbs-test-Function',
      requestId: '8f5e2c1a-3b4d-4e6f-9a0b-1c2d3e4f5a6b',
      invocations: 1,
      // The caller's credentials and home never reach the bundle; the region is the function's.
      env: { GREETING: 'Kia ora', AWS_ACCESS_KEY_ID: 'local', AWS_REGION: 'ap-southeast-2', HOME: null },
    });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.remaining).toBeLessThanOrEqual(30_000);
  });

  it('rejects with what the process printed when the handler throws or the export is not a function', async () => {
    await expect(invokeBundle(failing, 'handler', {})).rejects.toThrow(/the handler broke/);
    await expect(invokeBundle(failing, 'notAHandler', {})).rejects.toThrow(
      /export "notAHandler" is number, not a function \(exports: handler, notAHandler\)/,
    );
  });

  it('smoke-tests the same way: a loadable export is ok, another is reported with the reason', async () => {
    expect(await smokeTestBundle(ENV_ECHO, 'handler')).toMatchObject({ ok: true });
    const missing = await smokeTestBundle(ENV_ECHO, 'handlr');
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/export "handlr" is undefined/) });
  });
});
