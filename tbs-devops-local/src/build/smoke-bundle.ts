import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface SmokeResult {
  ok: boolean;
  /** What went wrong (stderr of the importing process), when not ok. */
  error?: string;
  durationMs: number;
}

// Runs inside the fresh process: import the bundle the way the Lambda Node runtime does and check the export.
const PROBE = `
const [url, name] = process.argv.slice(1);
const mod = await import(url);
const fn = mod[name] ?? mod.default?.[name];
if (typeof fn !== 'function') {
  console.error('export "' + name + '" is ' + typeof fn + ', not a function (exports: ' + Object.keys(mod).join(', ') + ')');
  process.exit(3);
}
`;

/**
 * Imports a built bundle in a fresh Node process (so no module or global polyfill loaded elsewhere can mask a
 * missing import) and checks that `exportName` is a function. `env` is the function's environment; the
 * process gets dummy AWS credentials and a region, never the caller's.
 */
export function smokeTestBundle(
  outFile: string,
  exportName: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<SmokeResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', PROBE, pathToFileURL(outFile).href, exportName],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: timeoutMs,
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code, signal) => {
      const durationMs = Date.now() - started;
      if (code === 0) resolvePromise({ ok: true, durationMs });
      else resolvePromise({ ok: false, error: stderr.trim() || `exited with ${code ?? signal}`, durationMs });
    });
    child.on('error', (error) => resolvePromise({ ok: false, error: error.message, durationMs: Date.now() - started }));
  });
}
