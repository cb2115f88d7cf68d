import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshBundles } from '../../src/cloud/build-freshness';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function repo() {
  const root = mkdtempSync(join(tmpdir(), 'tbs-fresh-'));
  roots.push(root);
  const stackDir = join(root, 'tbs-app-x');
  mkdirSync(join(stackDir, 'src'), { recursive: true });
  mkdirSync(join(root, 'tbs-contracts', 'src'), { recursive: true });
  mkdirSync(join(root, '.build', 'tbs-app-x', 'Fn'), { recursive: true });
  const source = join(stackDir, 'src', 'handler.ts');
  const contract = join(root, 'tbs-contracts', 'src', 'index.ts');
  const stackPackage = join(stackDir, 'package.json');
  const contractsPackage = join(root, 'tbs-contracts', 'package.json');
  const rootPackage = join(root, 'package.json');
  const lockfile = join(root, 'package-lock.json');
  const bundle = join(root, '.build', 'tbs-app-x', 'Fn', 'handler.mjs');
  const manifest = join(root, '.build', 'tbs-app-x', 'manifest.json');
  const inputs = [source, contract, stackPackage, contractsPackage, rootPackage, lockfile];
  for (const f of [...inputs, bundle]) writeFileSync(f, '');
  writeFileSync(manifest, JSON.stringify([{ logicalId: 'Fn', outFile: bundle }]));
  const past = new Date(Date.now() - 60_000);
  for (const f of inputs) utimesSync(f, past, past);
  return { root, stackDir, source, contract, stackPackage, contractsPackage, rootPackage, lockfile, bundle };
}

describe('build freshness', () => {
  it('reuses a build newer than every input', () => {
    const { root, stackDir, bundle } = repo();
    expect(freshBundles(root, 'tbs-app-x', stackDir)).toEqual([{ logicalId: 'Fn', outFile: bundle }]);
  });

  it.each(['source', 'contract', 'stackPackage', 'contractsPackage', 'rootPackage', 'lockfile'] as const)(
    'rebuilds after a %s file changed',
    (which) => {
      const r = repo();
      const later = new Date(Date.now() + 60_000);
      utimesSync(r[which], later, later);
      expect(freshBundles(r.root, 'tbs-app-x', r.stackDir)).toBeUndefined();
    },
  );

  it('rebuilds when a bundle is missing', () => {
    const { root, stackDir, bundle } = repo();
    rmSync(bundle);
    expect(freshBundles(root, 'tbs-app-x', stackDir)).toBeUndefined();
  });
});
