import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The deployment scripts refuse bad arguments before touching AWS (no credentials or CLI needed here).
const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}`, import.meta.url));
const run = (name: string, args: string[]) => {
  const result = spawnSync('bash', [bin(name), ...args], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  return { status: result.status, stderr: result.stderr };
};

describe('bin scripts validate their arguments', () => {
  const valid = ['--env', 'dev', '--account', '111122223333', '--region', 'ap-southeast-2'];

  it.each([
    ['deploy-setup.sh', ['--env', 'qa'], '--env must be dev or prod'],
    ['deploy-setup.sh', ['--env', 'dev', '--region', 'ap-southeast-2'], '--account must be'],
    ['deploy-setup.sh', [...valid, '--org-id', 'acme'], '--org-id must look like'],
    ['deploy-stackset.sh', [...valid, '--ous', 'engineering'], '--ous must be'],
    ['deploy-stackset.sh', [...valid, '--ous', 'ou-ab12-cdefgh34', '--failure-mode', 'IGNORE'], '--failure-mode'],
    ['deploy-stackset.sh', [...valid, '--bogus'], 'unknown argument: --bogus'],
  ])('%s %j', (script, args, message) => {
    const { status, stderr } = run(script, args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });
});
