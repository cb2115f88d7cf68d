import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FunctionInvocationError,
  type FunctionSpec,
  FunctionThrottledError,
  FunctionTimeoutError,
  type LocalFunction,
} from '../../src/cloud/function-runtime';
import { fixtureFunction } from '../fixtures/cloud/fixture-function';

const started: LocalFunction[] = [];
const logs: string[] = [];

function fn(overrides: Partial<FunctionSpec> & { file: string }): LocalFunction {
  const { file, ...rest } = overrides;
  const f = fixtureFunction(file, rest, (line) => logs.push(line));
  started.push(f);
  return f;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
  logs.length = 0;
});

describe('function runtime', () => {
  it('gives each function its own process.env and keeps it warm between invocations', async () => {
    const a = fn({ file: 'env-echo.mjs', logicalId: 'A', functionName: 'fn-a', env: { FIXTURE_NAME: 'alpha' } });
    const b = fn({ file: 'env-echo.mjs', logicalId: 'B', functionName: 'fn-b', env: { FIXTURE_NAME: 'beta' } });
    // A function that mutates its own env must not leak into the other one.
    const first = (await a.invoke({ setEnv: 'mutated' })) as Record<string, unknown>;
    const other = (await b.invoke({})) as Record<string, unknown>;
    const again = (await a.invoke({})) as Record<string, unknown>;
    expect(first.functionName).toBe('fn-a');
    expect(other).toMatchObject({ name: 'beta', functionName: 'fn-b', contextFunctionName: 'fn-b', invocations: 1 });
    expect(again).toMatchObject({ name: 'mutated', invocations: 2 });
    expect(again.requestId).not.toBe(first.requestId);
    expect(again.remaining).toBeGreaterThan(2000);
    expect(again.remaining).toBeLessThanOrEqual(3000);
    expect(process.env.FIXTURE_NAME).toBeUndefined();
  });

  it('fails a timed-out invocation and replaces its environment', async () => {
    const f = fn({ file: 'sleep.mjs', timeoutSeconds: 0.3, reservedConcurrency: 1 });
    await expect(f.invoke({ ms: 2000 })).rejects.toBeInstanceOf(FunctionTimeoutError);
    expect(f.warmEnvironments).toBe(0);
    expect(logs.some((l) => l.includes('Task timed out after 0.30 seconds'))).toBe(true);
    await expect(f.invoke({ ms: 10 })).resolves.toEqual({ slept: 10 });
  });

  it('replaces an environment whose init failed, so a transient failure at cold start does not stick', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbs-init-'));
    const counter = join(dir, 'inits');
    writeFileSync(counter, '0');
    try {
      const f = fn({ file: 'init-fails-once.mjs', reservedConcurrency: 1, env: { FIXTURE_INIT_COUNTER: counter } });
      await expect(f.invoke({})).rejects.toMatchObject({ errorMessage: 'dependency unreachable during init' });
      expect(f.warmEnvironments).toBe(0);
      expect(logs.some((l) => l.includes('Init error: Error; the environment is replaced'))).toBe(true);
      await expect(f.invoke({})).resolves.toEqual({ inits: 2 });
      await expect(f.invoke({})).resolves.toEqual({ inits: 2 });
      expect(f.warmEnvironments).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('initialises at most one environment per core at a time, so a burst of cold starts does not starve each init', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbs-init-'));
    const log = join(dir, 'inits');
    writeFileSync(log, '');
    try {
      const f = fn({
        file: 'slow-init.mjs',
        reservedConcurrency: 8,
        env: { FIXTURE_INIT_LOG: log, FIXTURE_INIT_MS: '150' },
      });
      const threads = await Promise.all(Array.from({ length: 8 }, () => f.invoke({})));
      expect(new Set(threads.map((t) => (t as { threadId: number }).threadId)).size).toBe(8);
      let running = 0;
      let most = 0;
      for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
        running += line.startsWith('start') ? 1 : -1;
        most = Math.max(most, running);
      }
      expect(most).toBeLessThanOrEqual(Math.max(1, availableParallelism()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports handler errors with their type and prefixes log lines with stack and logical id', async () => {
    const f = fn({ file: 'sleep.mjs', logicalId: 'Sleeper' });
    const err = await f.invoke({ ms: 1, fail: 'bad input' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FunctionInvocationError);
    expect(err).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    await f.invoke({ ms: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(logs).toContain('[tbs-fixture-local/Sleeper] slept 1');
  });

  it('never runs more invocations at once than ReservedConcurrentExecutions', async () => {
    const f = fn({ file: 'sleep.mjs', reservedConcurrency: 2 });
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, f.inFlight);
    }, 5);
    const t0 = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => f.invoke({ ms: 250 }, 'queue')));
    clearInterval(watch);
    // Four 250 ms invocations through two environments take two rounds.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(480);
    expect(peak).toBe(2);
    expect(f.warmEnvironments).toBe(2);
    // Synchronous callers (the gateway) are throttled instead of queued.
    const busy = [f.invoke({ ms: 200 }), f.invoke({ ms: 200 })];
    await expect(f.invoke({ ms: 1 }, 'throttle')).rejects.toBeInstanceOf(FunctionThrottledError);
    await Promise.all(busy);
  });

  it('fails in-flight invocations at once when stopped, so shutting down never waits for a handler', async () => {
    const f = fn({ file: 'sleep.mjs', timeoutSeconds: 30 });
    const running = f.invoke({ ms: 20_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await f.stop();
    expect(await running).toMatchObject({ errorType: 'Runtime.Stopped' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
