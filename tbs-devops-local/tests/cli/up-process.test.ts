import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CloudState } from '../../src/cli/state-file';

const BIN = fileURLToPath(new URL('../../bin/tbs-local.js', import.meta.url));
// A small stack with a user pool, an API and a seed module, so the test does not depend on the shop's stacks.
const FIXTURE_REPO = fileURLToPath(new URL('../harness/fixtures/repo', import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)])
      .toString()
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('tbs-local up', () => {
  it('starts, publishes its state, and on Ctrl-C stops every server and leaves no process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbs-up-'));
    const child = spawn(process.execPath, [BIN, 'up', '--port', '0', '--stacks', 'shop'], {
      env: { ...process.env, TBS_LOCAL_DIR: dir, TBS_REPO_ROOT: FIXTURE_REPO },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = Date.now();
    while (!out.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null) throw new Error(`up exited early (${child.exitCode}):\n${err}`);
      if (Date.now() - started > 60_000) throw new Error(`up was not ready within 60 s:\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toMatch(/ready in \d+(\.\d)? m?s/);
    expect(err).toMatch(/1 stack running: tbs-app-shop/);
    expect(out).toMatch(/shop API\s+http:\/\/127\.0\.0\.1:\d+\/shop\/v1/);
    expect(out).toMatch(/admin@thebetterstore\.local\s+Admin-Passw0rd!\s+Administrators/);
    expect(out).toMatch(/tbs-app-shop\s+seeded as admin@thebetterstore\.local \(Administrators\)/);

    const statePath = join(dir, 'state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as CloudState;
    expect(state.pid).toBe(child.pid);
    expect(out).toContain(state.gatewayUrl);
    const urls = [state.gatewayUrl, ...Object.values(state.endpoints).filter(Boolean)];
    for (const url of urls) expect(await portOpen(url), url).toBe(true);
    const grandchildren = childrenOf(child.pid as number);

    let second: { status: number; stderr: string } = { status: 0, stderr: '' };
    try {
      execFileSync(process.execPath, [BIN, 'up', '--port', '0'], {
        env: { ...process.env, TBS_LOCAL_DIR: dir, TBS_REPO_ROOT: FIXTURE_REPO },
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      second = { status: e.status, stderr: e.stderr.toString() };
    }
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`AlreadyRunningError: a local cloud is already running (pid ${child.pid}`);
    expect(existsSync(statePath)).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toContain('SIGINT: stopping the local cloud');
    expect(existsSync(statePath)).toBe(false);
    for (const url of urls) expect(await portOpen(url), url).toBe(false);
    // Helpers such as esbuild's service process end when their parent's pipes close: give them a moment.
    const deadline = Date.now() + 5000;
    while (grandchildren.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const pid of grandchildren) expect(alive(pid), `child process ${pid}`).toBe(false);
  }, 90_000);

  it('refuses commands when no cloud runs, with a named error and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbs-none-'));
    const run = (args: string[]) => {
      try {
        execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, TBS_LOCAL_DIR: dir }, stdio: 'pipe' });
        return { code: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: Buffer };
        return { code: e.status, stderr: e.stderr.toString() };
      }
    };
    const notRunning = run(['dlq', 'list']);
    expect(notRunning.code).toBe(1);
    expect(notRunning.stderr).toContain('NotRunningError: no local cloud is running');
    expect(notRunning.stderr).not.toMatch(/\n\s+at /);
    const badFlag = run(['up', '--port', '70000']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('UsageError: --port must be 0..65535');
  });
});
