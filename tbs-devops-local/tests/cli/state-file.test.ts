import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotRunningError } from '../../src/cli/errors';
import {
  type CloudState,
  findState,
  readState,
  removeState,
  StateFileError,
  writeState,
} from '../../src/cli/state-file';

const state = (pid: number): CloudState => ({
  version: 1,
  pid,
  startedAt: '2026-01-01T00:00:00.000Z',
  repoRoot: '/repo',
  gatewayUrl: 'http://127.0.0.1:3000',
  endpoints: { sqs: 'http://127.0.0.1:1' },
  awsEnv: { AWS_REGION: 'us-east-1' },
  stacks: [{ name: 'tbs-app-product', stackName: 'tbs-app-product-local', outputs: { ApiUrl: 'x' } }],
  users: [{ email: 'admin@thebetterstore.local', password: 'Admin-Passw0rd!', admin: true }],
});

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tbs-state-')), 'nested', 'state.json');
}

// A pid that certainly belongs to no running process: one that has just exited.
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('state file', () => {
  it('round-trips the state of a live process, readable only by its owner', () => {
    const path = tempPath();
    writeState(path, state(process.pid));
    expect(readState(path)).toEqual(state(process.pid));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reports no cloud when the file is missing or its process is gone', () => {
    const path = tempPath();
    expect(findState(path)).toBeUndefined();
    expect(() => readState(path)).toThrow(NotRunningError);
    writeState(path, state(deadPid()));
    expect(findState(path)).toBeUndefined();
  });

  it('names a corrupt or foreign file instead of crashing on it', () => {
    const path = tempPath();
    writeState(path, state(process.pid));
    writeFileSync(path, '{not json');
    expect(() => findState(path)).toThrow(StateFileError);
    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    expect(() => findState(path)).toThrow(/not a tbs-local state file/);
  });

  it('is removed only by the process that wrote it', () => {
    const path = tempPath();
    writeState(path, state(process.pid));
    removeState(path, process.pid + 1);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    removeState(path);
    expect(findState(path)).toBeUndefined();
  });
});
