import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The pipelines cannot run here, so this checks what can go stale silently: every workflow parses, and every
// script, Make target, folder and reusable workflow it references exists.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const workflowsDir = join(root, '.github/workflows');
const files = readdirSync(workflowsDir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));
type Json = Record<string, unknown>;
type Job = Json & { steps?: Json[]; uses?: string; with?: Json; needs?: string | string[]; environment?: unknown };
const workflows = new Map(files.map((f) => [f, parse(readFileSync(join(workflowsDir, f), 'utf8')) as Json]));
const makeTargets = new Set(
  [...readFileSync(join(root, 'Makefile'), 'utf8').matchAll(/^([a-zA-Z0-9_-]+):/gm)].map((m) => m[1] as string),
);
const jobsOf = (wf: Json) => Object.entries((wf['jobs'] ?? {}) as Record<string, Job>);
const runsOf = (wf: Json) =>
  jobsOf(wf).flatMap(([, job]) => (job.steps ?? []).filter((s) => typeof s['run'] === 'string'));
const folderInputs = [...workflows.values()].flatMap((wf) =>
  jobsOf(wf)
    .map(([, job]) => job.with?.['folder'])
    .filter((f): f is string => typeof f === 'string'),
);

describe('GitHub workflows', () => {
  it('include CI and the hooks StackSet deploy', () => {
    expect(files).toContain('ci.yml');
    expect(files).toContain('deploy-cfnhooks-stackset.yml');
    const ciRuns = runsOf(workflows.get('ci.yml')!).map((s) => s['run']);
    expect(ciRuns).toContain('make test');
  });

  it.each(files)('%s parses with a name, triggers and jobs', (file) => {
    const wf = workflows.get(file)!;
    expect(typeof wf['name']).toBe('string');
    expect(wf['on']).toBeDefined();
    for (const [name, job] of jobsOf(wf)) {
      expect(job['runs-on'] ?? job.uses, `job ${name}`).toBeDefined();
      if (job['runs-on']) expect(job['timeout-minutes'], `job ${name} timeout`).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s references only Make targets, scripts and folders that exist', (file) => {
    const wf = workflows.get(file)!;
    for (const step of runsOf(wf)) {
      const run = step['run'] as string;
      for (const [, target] of run.matchAll(/\bmake\s+([a-zA-Z0-9_-]+)/g)) {
        expect(makeTargets, `make ${target} in ${file}`).toContain(target);
      }
      for (const [, path] of run.matchAll(/(?:^|\s)((?:tbs-[a-z-]+|scripts|\.github)\/[\w./-]+)/g)) {
        const full = join(root, path as string);
        expect(existsSync(full), `${path} in ${file}`).toBe(true);
        if (statSync(full).isFile() && path!.endsWith('.sh')) accessSync(full, constants.X_OK);
      }
      const dir = step['working-directory'];
      if (typeof dir === 'string' && !dir.includes('${{')) expect(existsSync(join(root, dir)), dir).toBe(true);
    }
    for (const [name, job] of jobsOf(wf)) {
      if (!job.uses?.startsWith('./')) continue;
      const called = workflows.get(job.uses.replace('./.github/workflows/', ''));
      expect(called, `${job.uses} used by ${name}`).toBeDefined();
      const on = called!['on'] as Json;
      const inputs = ((on['workflow_call'] as Json | undefined)?.['inputs'] ?? {}) as Json;
      for (const key of Object.keys(job.with ?? {})) expect(Object.keys(inputs), `input ${key}`).toContain(key);
    }
  });

  it('deploy every stack of the repository, through OIDC, dev before an approved prod', () => {
    const stacks = readdirSync(root).filter((d) => d.startsWith('tbs-') && existsSync(join(root, d, 'template.yaml')));
    for (const stack of stacks) {
      if (stack === 'tbs-devops-cfnhooks') continue; // rolled out by the StackSet workflow
      expect(folderInputs, `a deploy workflow for ${stack}`).toContain(stack);
    }
    for (const folder of folderInputs) {
      expect(existsSync(join(root, folder)), folder).toBe(true);
      if (!existsSync(join(root, folder, 'template.yaml'))) continue; // the stack has not landed yet
      const samconfig = readFileSync(join(root, folder, 'samconfig.toml'), 'utf8');
      expect(samconfig, `${folder}/samconfig.toml`).toContain('[dev.deploy.parameters]');
      expect(samconfig, `${folder}/samconfig.toml`).toContain('[prod.deploy.parameters]');
    }
    const reusable = workflows.get('_deploy-stack.yml')!;
    expect(reusable['permissions']).toMatchObject({ 'id-token': 'write' });
    const jobs = Object.fromEntries(jobsOf(reusable));
    expect(jobs['deploy-prod']?.environment).toBe('prod');
    expect(jobs['deploy-prod']?.needs).toBe('deploy-dev');
    for (const [name, job] of jobsOf(reusable).filter(([n]) => n.startsWith('deploy-'))) {
      const env = name.replace('deploy-', '');
      const steps = job.steps ?? [];
      const creds = steps.find((s) => String(s['uses']).startsWith('aws-actions/configure-aws-credentials'));
      expect((creds?.['with'] as Json)?.['role-to-assume'], name).toBeDefined();
      expect(JSON.stringify(steps)).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
      const runs = steps.map((s) => s['run']).filter(Boolean);
      expect(runs).toContain('sam build --build-in-source');
      expect(runs).toContain(`sam deploy --config-env ${env} --no-confirm-changeset --no-fail-on-empty-changeset`);
    }
  });
});
