import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, NotRunningError } from './errors';

export interface StackState {
  name: string;
  stackName: string;
  dir?: string;
  outputs: Record<string, string>;
}

export interface DemoUser {
  email: string;
  password: string;
  admin: boolean;
}

/** What `tbs-local up` publishes so other commands (and `make demo`) can reach the running cloud. */
export interface CloudState {
  version: 1;
  pid: number;
  startedAt: string;
  repoRoot: string;
  gatewayUrl: string;
  endpoints: Record<string, string>;
  awsEnv: Record<string, string>;
  stacks: StackState[];
  users: DemoUser[];
}

export class StateFileError extends CliError {}

export function writeState(path: string, state: CloudState): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename so a reader never sees half a file; 0600 because it holds the demo passwords.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Removes the state file only when it is ours, so a second `up` that failed to start cannot orphan the first. */
export function removeState(path: string, pid = process.pid): void {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<CloudState>;
    if (state.pid !== pid) return;
  } catch {
    return;
  }
  rmSync(path, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isState(value: unknown): value is CloudState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['version'] === 1 &&
    typeof v['pid'] === 'number' &&
    typeof v['gatewayUrl'] === 'string' &&
    typeof v['endpoints'] === 'object' &&
    v['endpoints'] !== null &&
    typeof v['awsEnv'] === 'object' &&
    v['awsEnv'] !== null &&
    Array.isArray(v['stacks']) &&
    Array.isArray(v['users'])
  );
}

/** The running cloud's state, or undefined when none runs (a state file left by a dead process counts as none). */
export function findState(path: string): CloudState | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new StateFileError(`${path} is not valid JSON; delete it and run "tbs-local up" again`);
  }
  if (!isState(parsed))
    throw new StateFileError(`${path} is not a tbs-local state file; delete it and run "tbs-local up"`);
  return isAlive(parsed.pid) ? parsed : undefined;
}

export function readState(path: string): CloudState {
  const state = findState(path);
  if (!state) throw new NotRunningError('no local cloud is running: start one with "make dev" or "npx tbs-local up"');
  return state;
}
