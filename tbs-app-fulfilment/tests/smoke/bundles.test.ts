import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltFunction, buildStack, placeholderEnvironment, smokeTestBundle } from '@tbs/devops-local/build';
import { applySamGlobals, loadTemplate } from '@tbs/devops-local/template';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/fulfilment-tables';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = [
  'GetInventoryFunction',
  'PutInventoryFunction',
  'ListShipmentsFunction',
  'GetShipmentFunction',
  'DispatchShipmentFunction',
  'DeliverShipmentFunction',
  'OrderEventsFunction',
  'RelayOutboxFunction',
];

/**
 * Every function as esbuild builds it from the template Metadata, imported in a fresh Node process with the
 * environment the template gives it: catches bundling, decorator and configuration mistakes source-level tests miss.
 * (The local-cloud test invokes the same bundles end to end.)
 */
describe('built bundles (esbuild from template Metadata) in a fresh process', () => {
  let outRoot: string;
  let bundles: BuiltFunction[];

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-app-fulfilment-smoke-'));
    bundles = (await buildStack(STACK_DIR, { outRoot, functions: FUNCTIONS })).functions;
  }, 120_000);

  afterAll(async () => {
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  it('builds one ESM bundle per function, named after its template handler', () => {
    expect(bundles.map((b) => b.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of bundles) expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
  });

  it('loads every bundle with the environment the template gives it', async () => {
    const template = applySamGlobals(await loadTemplate(TEMPLATE_PATH));
    for (const bundle of bundles) {
      const env = placeholderEnvironment(template, bundle.logicalId, 'tbs-app-fulfilment-local');
      const result = await smokeTestBundle(bundle.outFile, 'handler', env);
      expect(result.error, bundle.logicalId).toBeUndefined();
    }
  }, 120_000);
});
