import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltStack, buildStackForTest } from '../../src/build';

const STACK = fileURLToPath(new URL('../fixtures/decorated-stack', import.meta.url));

describe('buildStackForTest', () => {
  let built: BuiltStack;

  beforeAll(async () => {
    built = await buildStackForTest(STACK, ['GreetFunction']);
  }, 120_000);

  afterAll(() => built?.remove());

  it('builds only the functions named, and refuses one it did not build', () => {
    expect(built.functions.map((fn) => fn.logicalId)).toEqual(['GreetFunction']);
    expect(() => built.bundle('LegacyFunction')).toThrow(/LegacyFunction was not built/);
  });

  it('gives each function the environment its template declares, with the test’s values on top', () => {
    expect(built.environment('GreetFunction')).toMatchObject({ GREETING: 'Kia ora', TBS_ENV: 'local' });
    expect(built.environment('GreetFunction', { GREETING: 'Mōrena' }).GREETING).toBe('Mōrena');
  });

  it('invokes a bundle in a fresh process with that environment', async () => {
    const year = new Date().getUTCFullYear();
    expect(await built.invoke('GreetFunction', { name: 'Aroha' })).toEqual({
      statusCode: 200,
      body: `Kia ora, Aroha (${year})`,
    });
    expect(await built.invoke('GreetFunction', { name: 'Aroha' }, { GREETING: 'Mōrena' })).toMatchObject({
      body: `Mōrena, Aroha (${year})`,
    });
  });

  it('loads every bundle it built, names one that fails to load, and removes its folder when asked', async () => {
    expect(await built.loadFailures()).toEqual([]);
    await writeFile(built.bundle('GreetFunction').outFile, "throw new Error('broken at import');\n");
    expect(await built.loadFailures()).toEqual([expect.stringMatching(/^GreetFunction: .*broken at import/s)]);
    const folder = dirname(dirname(dirname(built.bundle('GreetFunction').outFile)));
    expect(existsSync(folder)).toBe(true);
    await built.remove();
    expect(existsSync(folder)).toBe(false);
  });
});
