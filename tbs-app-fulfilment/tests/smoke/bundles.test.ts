import { fileURLToPath } from 'node:url';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  let built: BuiltStack;

  beforeAll(async () => {
    built = await buildStackForTest(STACK_DIR, FUNCTIONS);
  }, 120_000);

  afterAll(() => built?.remove());

  it('builds one ESM bundle per function, named after its template handler', () => {
    expect(built.functions.map((b) => b.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of built.functions) {
      expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
    }
  });

  it('loads every bundle with the environment the template gives it', async () => {
    expect(await built.loadFailures()).toEqual([]);
  }, 120_000);
});
