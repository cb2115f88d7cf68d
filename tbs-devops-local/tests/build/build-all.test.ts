import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, runBounded } from '../../src/build';

const template = (functions: string[]): string =>
  `Resources:\n${functions
    .map(
      (name) =>
        `  ${name}Function:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: esbuild\n` +
        `      BuildProperties: {Format: esm, OutExtension: [".js=.mjs"], EntryPoints: [src/${name}.ts]}\n` +
        `    Properties: {CodeUri: ./, Handler: ${name}.handler, Runtime: nodejs24.x}\n`,
    )
    .join('')}`;

describe('buildAll', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tbs-build-all-'));
    await writeFile(join(root, 'package.json'), '{"private": true, "workspaces": ["tbs-*"]}');
    const stacks: Record<string, string[]> = { 'tbs-app-a': ['One', 'Two'], 'tbs-app-b': ['Three'] };
    for (const [stack, functions] of Object.entries(stacks)) {
      await mkdir(join(root, stack, 'src'), { recursive: true });
      await writeFile(join(root, stack, 'template.yaml'), template(functions));
      for (const name of functions) {
        await writeFile(join(root, stack, 'src', `${name}.ts`), `export const handler = async () => '${name}';\n`);
      }
    }
    await mkdir(join(root, 'tbs-no-functions'));
    await writeFile(join(root, 'tbs-no-functions', 'template.yaml'), 'Resources:\n  T: {Type: AWS::SNS::Topic}\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('builds every stack with esbuild functions into <root>/.build and drops output of removed functions', async () => {
    await mkdir(join(root, '.build', 'tbs-app-a', 'RemovedFunction'), { recursive: true });
    const builds = await buildAll(root, { concurrency: 2 });
    expect(builds.map((b) => [b.stack, b.functions.map((f) => f.logicalId)])).toEqual([
      ['tbs-app-a', ['OneFunction', 'TwoFunction']],
      ['tbs-app-b', ['ThreeFunction']],
    ]);
    expect(builds[0]?.manifestPath).toBe(join(root, '.build', 'tbs-app-a', 'manifest.json'));
    expect(existsSync(join(root, '.build', 'tbs-app-a', 'RemovedFunction'))).toBe(false);
    expect(existsSync(join(root, '.build', 'tbs-no-functions'))).toBe(false);
    const { handler } = (await import(builds[1]!.functions[0]!.outFile)) as { handler: () => Promise<string> };
    await expect(handler()).resolves.toBe('Three');
  });
});

describe('runBounded', () => {
  it('never runs more than the limit at once and keeps the results in task order', async () => {
    let running = 0;
    let peak = 0;
    const tasks = [30, 5, 20, 1, 10].map((ms, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    await expect(runBounded(tasks, 2)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure and starts no new tasks after it', async () => {
    const started: number[] = [];
    const tasks = [0, 1, 2, 3].map((i) => async () => {
      started.push(i);
      if (i === 0) throw new Error('boom');
      return i;
    });
    await expect(runBounded(tasks, 1)).rejects.toThrow('boom');
    expect(started).toEqual([0]);
  });
});
