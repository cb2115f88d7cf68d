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
  const bundle = join(root, '.build', 'tbs-app-x', 'Fn', 'handler.mjs');
  const manifest = join(root, '.build', 'tbs-app-x', 'manifest.json');
  for (const f of [source, contract, bundle]) writeFileSync(f, '');
  writeFileSync(manifest, JSON.stringify([{ logicalId: 'Fn', outFile: bundle }]));
  const past = new Date(Date.now() - 60_000);
  for (const f of [source, contract]) utimesSync(f, past, past);
  return { root, stackDir, source, contract, bundle };
}

describe('build freshness', () => {
  it('reuses a build newer than every input', () => {
    const { root, stackDir, bundle } = repo();
    expect(freshBundles(root, 'tbs-app-x', stackDir)).toEqual([{ logicalId: 'Fn', outFile: bundle }]);
  });

  it.each(['source', 'contract'] as const)('rebuilds after a %s file changed', (which) => {
    const r = repo();
    const later = new Date(Date.now() + 60_000);
    utimesSync(r[which], later, later);
    expect(freshBundles(r.root, 'tbs-app-x', r.stackDir)).toBeUndefined();
  });

  it('rebuilds when a bundle is missing', () => {
    const { root, stackDir, bundle } = repo();
    rmSync(bundle);
    expect(freshBundles(root, 'tbs-app-x', stackDir)).toBeUndefined();
  });
});
