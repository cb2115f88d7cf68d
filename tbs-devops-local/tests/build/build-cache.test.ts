// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are TypeScript sources written to disk
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, type StackBuild } from '../../src/build';

const props = '{Format: esm, Target: es2022, OutExtension: [".js=.mjs"], EntryPoints: [src/NAME.ts]}';
const template = (functions: Record<string, string>): string =>
  `Resources:\n${Object.entries(functions)
    .map(
      ([name, properties]) =>
        `  ${name}Function:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: esbuild\n` +
        `      BuildProperties: ${properties.replace('NAME', name.toLowerCase())}\n` +
        `    Properties: {CodeUri: ./, Handler: ${name.toLowerCase()}.handler, Runtime: nodejs24.x}\n`,
    )
    .join('')}`;

describe('incremental builds', () => {
  let root: string;
  let stackDir: string;
  const write = (path: string, text: string) => writeFile(join(stackDir, path), text);
  const mtimes = (b: StackBuild) =>
    Object.fromEntries(b.functions.map((f) => [f.logicalId, statSync(f.outFile).mtimeMs]));
  const run = async (logicalId: string, build: StackBuild) => {
    const fn = build.functions.find((f) => f.logicalId === logicalId)!;
    // A fresh URL per check: the module cache must not hide a rebuilt bundle.
    const mod = (await import(`${fn.outFile}?v=${statSync(fn.outFile).mtimeMs}`)) as { handler: () => string };
    return mod.handler();
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tbs-build-cache-'));
    stackDir = join(root, 'tbs-app-a');
    await mkdir(join(stackDir, 'src'), { recursive: true });
    await writeFile(join(root, 'package.json'), '{"private": true, "workspaces": ["tbs-*"]}');
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion": 3}');
    await write('template.yaml', template({ One: props, Two: props, Three: props.replace('es2022', 'es2020') }));
    await write('src/shared.ts', "export const greeting = 'hello';\n");
    for (const name of ['one', 'two', 'three']) {
      await write(
        `src/${name}.ts`,
        `import { greeting } from './shared';\nexport const handler = () => \`\${greeting} ${name}\`;\n`,
      );
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reuses every bundle whose inputs, properties and lockfile are unchanged, even after a touch', async () => {
    const first = await buildStack(stackDir, { repoRoot: root });
    await expect(run('OneFunction', first)).resolves.toBe('hello one');
    await expect(run('ThreeFunction', first)).resolves.toBe('hello three');
    const future = new Date(Date.now() + 60_000);
    await utimes(join(stackDir, 'src/shared.ts'), future, future);
    const second = await buildStack(stackDir, { repoRoot: root });
    expect(mtimes(second)).toEqual(mtimes(first));
    expect(second.functions).toEqual(first.functions);
    expect(first.rebuilt).toEqual(['OneFunction', 'TwoFunction', 'ThreeFunction']);
    expect(second.rebuilt).toEqual([]);
  });

  it('rebuilds only the functions that read a changed file', async () => {
    const before = mtimes(await buildStack(stackDir, { repoRoot: root }));
    await write(
      'src/two.ts',
      "import { greeting } from './shared';\nexport const handler = () => `${greeting} TWO`;\n",
    );
    const after = await buildStack(stackDir, { repoRoot: root });
    expect(after.rebuilt).toEqual(['TwoFunction']);
    await expect(run('TwoFunction', after)).resolves.toBe('hello TWO');
    expect(mtimes(after).TwoFunction).not.toBe(before.TwoFunction);
    expect(mtimes(after).OneFunction).toBe(before.OneFunction);
    expect(mtimes(after).ThreeFunction).toBe(before.ThreeFunction);

    await write('src/shared.ts', "export const greeting = 'hi';\n");
    const shared = await buildStack(stackDir, { repoRoot: root });
    await expect(run('OneFunction', shared)).resolves.toBe('hi one');
    await expect(run('ThreeFunction', shared)).resolves.toBe('hi three');
  });

  it('rebuilds when the build properties or the lockfile change', async () => {
    const before = mtimes(await buildStack(stackDir, { repoRoot: root }));
    await write(
      'template.yaml',
      template({ One: props.replace('Format', 'Minify: false, Format'), Two: props, Three: props }),
    );
    const changedProps = mtimes(await buildStack(stackDir, { repoRoot: root }));
    expect(changedProps.OneFunction).not.toBe(before.OneFunction);
    expect(changedProps.TwoFunction).toBe(before.TwoFunction);
    expect(changedProps.ThreeFunction).not.toBe(before.ThreeFunction);

    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}');
    const changedLock = mtimes(await buildStack(stackDir, { repoRoot: root }));
    for (const id of ['OneFunction', 'TwoFunction', 'ThreeFunction'])
      expect(changedLock[id]).not.toBe(changedProps[id]);
  });

  it('rebuilds when a package.json above an input changes, e.g. its sideEffects', async () => {
    await write('template.yaml', template({ One: props, Two: props }));
    await mkdir(join(stackDir, 'src', 'lib'), { recursive: true });
    await write('src/lib/marker.ts', "(globalThis as Record<string, unknown>).marker = 'MARKER_LOADED';\n");
    await write('src/one.ts', "import './lib/marker';\nexport const handler = () => 'one';\n");
    await write('src/two.ts', "export const handler = () => 'two';\n");
    const bundleOf = async (b: StackBuild) =>
      readFile(b.functions.find((f) => f.logicalId === 'OneFunction')!.outFile, 'utf8');
    // Imported for its effect only: esbuild keeps it, unless the package says it has none (sideEffects: false).
    expect(await bundleOf(await buildStack(stackDir, { repoRoot: root }))).toContain('MARKER_LOADED');

    await write('package.json', '{"name": "tbs-app-a", "sideEffects": false}');
    const stackManifest = await buildStack(stackDir, { repoRoot: root });
    expect(stackManifest.rebuilt).toEqual(['OneFunction', 'TwoFunction']);
    expect(await bundleOf(stackManifest)).not.toContain('MARKER_LOADED');

    // The nearest package.json decides, so one deeper down counts as well (as tbs-contracts/src/generated has one).
    await write('src/lib/package.json', '{"sideEffects": true}');
    const nested = await buildStack(stackDir, { repoRoot: root });
    expect(nested.rebuilt).toEqual(['OneFunction']);
    expect(await bundleOf(nested)).toContain('MARKER_LOADED');
    await expect(run('OneFunction', nested)).resolves.toBe('one');
    expect((await buildStack(stackDir, { repoRoot: root })).rebuilt).toEqual([]);
    await rm(join(stackDir, 'package.json'));
    await write('src/one.ts', "export const handler = () => 'one';\n");
    await rm(join(stackDir, 'src', 'lib'), { recursive: true });
  });

  it('drops the output of functions removed from the template and keeps the manifest in step', async () => {
    await write('template.yaml', template({ One: props }));
    const build = await buildStack(stackDir, { repoRoot: root });
    expect(build.functions.map((f) => f.logicalId)).toEqual(['OneFunction']);
    const manifest = JSON.parse(await readFile(build.manifestPath, 'utf8')) as Array<{ logicalId: string }>;
    expect(manifest.map((f) => f.logicalId)).toEqual(['OneFunction']);
    expect(() => statSync(join(root, '.build', 'tbs-app-a', 'TwoFunction'))).toThrow();
  });

  it('replaces a bundle atomically, so a cloud loading it during a rebuild never reads a missing or partial file', async () => {
    await write('template.yaml', template({ One: props }));
    const first = await buildStack(stackDir, { repoRoot: root });
    const outFile = first.functions[0]!.outFile;
    const outDir = first.functions[0]!.outDir;
    const seen = new Set<string>();
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const text = await readFile(outFile, 'utf8').catch(() => 'missing');
        seen.add(
          text.includes('sourceMappingURL') || text.includes('export')
            ? 'whole'
            : text === 'missing'
              ? 'missing'
              : 'partial',
        );
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 5; i++) {
      await write('src/one.ts', `export const handler = () => 'build ${i} ${'x'.repeat(200_000)}';\n`);
      await buildStack(stackDir, { repoRoot: root });
    }
    reading = false;
    await reader;
    expect([...seen]).toEqual(['whole']);
    // Nothing is left behind but the bundle and what describes it.
    expect((await readdir(outDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the function whose source fails to compile, even when it shares one esbuild call', async () => {
    await write('template.yaml', template({ One: props, Two: props }));
    await write('src/two.ts', 'export const handler = ( => 1;\n');
    await expect(buildStack(stackDir, { repoRoot: root })).rejects.toThrow(
      /tbs-app-a\/TwoFunction: esbuild failed\n.*two\.ts/,
    );
  });
});
