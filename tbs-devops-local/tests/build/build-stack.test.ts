import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltFunction, buildStack, readManifest, type StackBuild, smokeTestBundle } from '../../src/build';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const repoRoot = resolve(fixtures, '../../..');

describe('buildStack on a stack with tsyringe-decorated handlers', () => {
  let outRoot: string;
  let result: StackBuild;
  const fn = (id: string): BuiltFunction => result.functions.find((f) => f.logicalId === id) as BuiltFunction;

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-build-'));
    result = await buildStack(join(fixtures, 'decorated-stack'), { outRoot });
  });
  afterAll(async () => {
    await rm(outRoot, { recursive: true, force: true });
  });

  it('builds every esbuild function (and only those) into <out>/<stack>/<LogicalId>/ with a manifest', async () => {
    expect(result.functions.map((f) => f.logicalId).sort()).toEqual(['GreetFunction', 'LegacyFunction']);
    expect(await readManifest(join(outRoot, 'decorated-stack', 'manifest.json'))).toEqual(result.functions);
    const own = JSON.parse(await readFile(join(outRoot, 'decorated-stack/GreetFunction/manifest.json'), 'utf8'));
    expect(own).toEqual(fn('GreetFunction'));
    const greet = fn('GreetFunction');
    expect(greet).toMatchObject({
      stack: 'decorated-stack',
      handler: 'greet.handler',
      entry: join(fixtures, 'decorated-stack/src/handlers/greet.ts'),
      outFile: join(outRoot, 'decorated-stack/GreetFunction/greet.mjs'),
      format: 'esm',
      sourcemap: true,
    });
    expect(existsSync(`${greet.outFile}.map`)).toBe(true);
    expect(greet.gzipBytes).toBeGreaterThan(0);
    expect(greet.gzipBytes).toBeLessThan(greet.bytes);
    expect(await readFile(greet.outFile, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module';/);
  });

  it('produces bundles whose handler runs in a fresh Node process, decorators included', async () => {
    const greet = await smokeTestBundle(fn('GreetFunction').outFile, 'handler', { GREETING: 'Kia ora' });
    expect(greet).toMatchObject({ ok: true });
    const missing = await smokeTestBundle(fn('GreetFunction').outFile, 'handlr');
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/export "handlr" is undefined, not a function/);
  });

  it('wires constructor parameters by their @inject tokens, in order', async () => {
    process.env.GREETING = 'Kia ora';
    try {
      const { handler } = (await import(fn('GreetFunction').outFile)) as {
        handler: (event: { name?: string }) => Promise<{ statusCode: number; body: string }>;
      };
      await expect(handler({ name: 'Aroha' })).resolves.toEqual({
        statusCode: 200,
        body: `Kia ora, Aroha (${new Date().getUTCFullYear()})`,
      });
    } finally {
      delete process.env.GREETING;
    }
  });

  it('builds CommonJS with SAM defaults from the Handler when no BuildProperties are given', async () => {
    const legacy = fn('LegacyFunction');
    expect(legacy).toMatchObject({ format: 'cjs', sourcemap: false });
    expect(legacy.outFile).toBe(join(outRoot, 'decorated-stack/LegacyFunction/legacy.js'));
    const { handler } = (await import(legacy.outFile)) as { handler: () => Promise<string> };
    await expect(handler()).resolves.toBe('module:object');
  });

  it('honours the tsconfig next to the code: without experimentalDecorators the bundle fails to build', async () => {
    await expect(buildStack(join(fixtures, 'decorators-off'), { outRoot, repoRoot })).rejects.toThrow(
      /decorators-off\/GreetFunction: esbuild failed[\s\S]*greeter\.ts:\d+:\d+: Parameter decorators only work when experimental decorators are enabled/,
    );
  });

  it('builds only the requested functions, and names unknown ones', async () => {
    const only = await buildStack(join(fixtures, 'decorated-stack'), { outRoot, functions: ['LegacyFunction'] });
    expect(only.functions.map((f) => f.logicalId)).toEqual(['LegacyFunction']);
    await expect(
      buildStack(join(fixtures, 'decorated-stack'), { outRoot, functions: ['InlineFunction'] }),
    ).rejects.toThrow(/no esbuild function named InlineFunction/);
  });
});
