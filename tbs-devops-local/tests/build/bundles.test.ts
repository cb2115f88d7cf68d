import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, placeholderEnvironment, runBounded, smokeTestBundle } from '../../src/build';
import { applySamGlobals, type CfnResource, discoverStacks, loadTemplate } from '../../src/template';

/*
 * The bundle smoke test: every esbuild function of every stack in the repository (plus the decorated fixture,
 * so the pipeline is covered before any stack has functions) is built and imported in a fresh Node process,
 * which must find its handler export. It catches what source-level tests cannot: decorators, ESM/CJS interop,
 * missing polyfills and dynamic requires that only break once bundled.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const isEsbuildFunction = (r: CfnResource | undefined): boolean =>
  r?.Type === 'AWS::Serverless::Function' && r.Metadata?.BuildMethod === 'esbuild';
const stacks = (await discoverStacks(repoRoot))
  .filter((stack) => Object.values(stack.template.Resources).some(isEsbuildFunction))
  .map((stack) => ({ name: stack.name, dir: stack.dir }));
const targets = [
  ...stacks,
  { name: 'decorated-stack (fixture)', dir: join(repoRoot, 'tbs-devops-local/tests/fixtures/decorated-stack') },
];

describe.each(targets)('bundles of $name', ({ name, dir }) => {
  let outRoot: string;
  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-bundles-'));
  });
  afterAll(async () => {
    await rm(outRoot, { recursive: true, force: true });
  });

  it('build, and each handler loads in a fresh Node process', { timeout: 180_000 }, async () => {
    const built = await buildStack(dir, { outRoot, repoRoot });
    expect(built.functions.length).toBeGreaterThan(0);
    const template = applySamGlobals(await loadTemplate(join(dir, 'template.yaml')));
    const results = await runBounded(
      built.functions.map((fn) => async () => {
        const exportName = fn.handler.slice(fn.handler.lastIndexOf('.') + 1);
        const env = placeholderEnvironment(template, fn.logicalId, `${name}-local`);
        return { logicalId: fn.logicalId, ...(await smokeTestBundle(fn.outFile, exportName, env)) };
      }),
      2,
    );
    const failures = results.filter((r) => !r.ok).map((r) => `${r.logicalId}: ${r.error}`);
    expect(failures).toEqual([]);
  });
});
