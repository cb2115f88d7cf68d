import { pathToFileURL } from 'node:url';
import { lambdaContext } from '../testing/lambda-context';
import { bundleEnvironment, runNode } from './run-node';

export interface SmokeResult {
  ok: boolean;
  /** What went wrong (stderr of the importing process), when not ok. */
  error?: string;
  durationMs: number;
}

const MARKER = '@@TBS_RESULT@@';

// Every script starts in a fresh process by importing the bundle the way the Lambda Node runtime does and finding
// the handler export; `fn` and the script's own arguments (`args`) are then in scope.
const LOAD = `
const [url, name, ...args] = process.argv.slice(1);
const mod = await import(url);
const fn = mod[name] ?? mod.default?.[name];
if (typeof fn !== 'function') {
  console.error('export "' + name + '" is ' + typeof fn + ', not a function (exports: ' + Object.keys(mod).join(', ') + ')');
  process.exit(3);
}
`;

// Calls the handler once with the event and a Lambda context, and prints its result after a marker (the handler
// may log to stdout too).
const INVOKE = `
const [event, context, timeoutMs] = args;
const deadline = Date.now() + Number(timeoutMs);
const response = await fn(JSON.parse(event), {
  ...JSON.parse(context),
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
process.stdout.write('\\n${MARKER}' + JSON.stringify(response ?? null));
`;

interface Finished {
  ok: boolean;
  stdout: string;
  error?: string;
}

/**
 * Runs `script` after LOAD in a fresh Node process (so no module or global polyfill loaded elsewhere can mask a
 * missing import), with the function's environment on top of dummy AWS credentials and a region.
 */
async function runInFreshProcess(
  outFile: string,
  exportName: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<Finished> {
  const url = pathToFileURL(outFile).href;
  try {
    const run = await runNode(
      ['--enable-source-maps', '--input-type=module', '-e', LOAD + script, url, exportName, ...args],
      { env: bundleEnvironment(env), timeoutMs },
    );
    if (run.code === 0) return { ok: true, stdout: run.stdout };
    return { ok: false, stdout: run.stdout, error: run.stderr.trim() || `exited with ${run.code ?? run.signal}` };
  } catch (error) {
    return { ok: false, stdout: '', error: (error as Error).message };
  }
}

/** Imports a built bundle in a fresh Node process and checks that `exportName` is a function. */
export async function smokeTestBundle(
  outFile: string,
  exportName: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<SmokeResult> {
  const started = Date.now();
  const { ok, error } = await runInFreshProcess(outFile, exportName, '', [], env, timeoutMs);
  return { ok, ...(error !== undefined && { error }), durationMs: Date.now() - started };
}

/**
 * Imports a built bundle in a fresh Node process and invokes `exportName` once with `event` and a Lambda context
 * (`lambdaContext` of the test toolkit), returning what the handler returned (through JSON, as Lambda returns it).
 * A handler that throws, or a missing export, rejects with the process's stderr.
 */
export async function invokeBundle<T = unknown>(
  outFile: string,
  exportName: string,
  event: unknown,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<T> {
  const context = JSON.stringify(lambdaContext({ remainingTimeMs: timeoutMs }));
  const args = [JSON.stringify(event), context, String(timeoutMs)];
  const { ok, stdout, error } = await runInFreshProcess(outFile, exportName, INVOKE, args, env, timeoutMs);
  if (!ok) throw new Error(`${outFile} ${exportName} failed: ${error}`);
  const at = stdout.lastIndexOf(MARKER);
  if (at < 0) throw new Error(`${outFile} printed no result`);
  return JSON.parse(stdout.slice(at + MARKER.length)) as T;
}
