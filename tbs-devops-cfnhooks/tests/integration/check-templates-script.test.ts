import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/check-templates.ts', import.meta.url));
const fixtures = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function run(root: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, root], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('check-templates (the make check-templates command)', () => {
  it('exits 1 and prints stack, resource, rule and fix for a non-compliant stack', () => {
    const { status, out } = run(fixtures('repo-noncompliant'));
    expect(status).toBe(1);
    expect(out).toMatch(/^tbs-app-broken {2}WorkerLogGroup {2}log-group-kms {2}-> Set KmsKeyId/m);
    expect(out).toMatch(/^tbs-app-broken {2}JobsQueue {2}sqs-dead-letter-queue {2}-> Add RedrivePolicy/m);
    expect(out).toMatch(
      /^tbs-app-broken {2}WorkerFunction {2}function-errors-alarm {2}-> Add an AWS::CloudWatch::Alarm/m,
    );
    expect(out).toContain('check-templates: 1 stack(s), 9 failure(s)');
  });

  it('exits 0 for a compliant repository', () => {
    const { status, out } = run(fixtures('repo-compliant'));
    expect(out).toContain('tbs-app-sample  ok');
    expect(status).toBe(0);
  });
});
