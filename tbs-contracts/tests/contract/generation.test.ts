import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffGenerated, generateAll } from '../../scripts/generate';
import { PACKAGE_ROOT } from './contract-fixtures';

describe('generation', () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is deterministic and matches what is committed in src/generated', async () => {
    const first = await generateAll(PACKAGE_ROOT);
    const second = await generateAll(PACKAGE_ROOT);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, content] of first) expect(second.get(path), path).toBe(content);
    expect(diffGenerated(join(PACKAGE_ROOT, 'src', 'generated'), first)).toEqual([]);
  }, 60_000);

  it('names every stale, missing and leftover file when the committed output is out of date', () => {
    scratch = mkdtempSync(join(tmpdir(), 'tbs-generated-'));
    const expected = new Map([
      ['types/a.ts', 'export type A = 1;\n'],
      ['validators/b.js', 'export const b = 1;\n'],
    ]);
    const write = (path: string, content: string): void => {
      mkdirSync(dirname(join(scratch!, path)), { recursive: true });
      writeFileSync(join(scratch!, path), content);
    };
    write('types/a.ts', 'export type A = 2;\n');
    write('validators/old.js', 'export const old = 1;\n');
    expect(diffGenerated(scratch, expected)).toEqual([
      'differs: src/generated/types/a.ts',
      'missing: src/generated/validators/b.js',
      'not generated any more: src/generated/validators/old.js',
    ]);
  });
});
