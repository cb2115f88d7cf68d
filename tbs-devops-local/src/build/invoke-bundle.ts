import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MARKER = '@@TBS_RESULT@@';

// Runs inside the fresh process: import the bundle as the Lambda Node runtime does, call the handler once with the
// event and a Lambda-shaped context, and print its result after a marker (the handler may log to stdout too).
const INVOKE = `
const [url, name, event] = process.argv.slice(1);
const mod = await import(url);
const fn = mod[name] ?? mod.default?.[name];
const context = {
  functionName: 'smoke', functionVersion: '$LATEST', awsRequestId: 'smoke-request-1', memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/smoke', logStreamName: 'smoke', getRemainingTimeInMillis: () => 30000,
};
const response = await fn(JSON.parse(event), context);
process.stdout.write('\\n${MARKER}' + JSON.stringify(response ?? null));
`;

/**
 * Imports a built bundle in a fresh Node process and invokes `exportName` once with `event`, returning what the
 * handler returned (parsed from JSON). `env` is the function's environment; the process gets dummy AWS credentials
 * and a region, never the caller's. A handler that throws rejects with the process's stderr.
 */
export async function invokeBundle<T = unknown>(
  outFile: string,
  exportName: string,
  event: unknown,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [
      '--enable-source-maps',
      '--input-type=module',
      '-e',
      INVOKE,
      pathToFileURL(outFile).href,
      exportName,
      JSON.stringify(event),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        ...env,
      },
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const at = stdout.lastIndexOf(MARKER);
  if (at < 0) throw new Error(`${outFile} printed no result`);
  return JSON.parse(stdout.slice(at + MARKER.length)) as T;
}
