import { spawn } from 'node:child_process';

/** How a Node process run by `runNode` ended, with everything it printed. */
export interface NodeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunNodeOptions {
  /** The whole environment of the process (PATH is added): nothing else of the caller's reaches it. */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * The environment of a bundle run outside Lambda: a region and dummy AWS credentials (never the caller's), then
 * the function's own variables.
 */
export const bundleEnvironment = (env: Record<string, string> = {}): Record<string, string> => ({
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  ...env,
});

/** Runs Node with `args` in a fresh process and collects its output; rejects only when it cannot be started. */
export function runNode(args: string[], options: RunNodeOptions = {}): Promise<NodeRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
