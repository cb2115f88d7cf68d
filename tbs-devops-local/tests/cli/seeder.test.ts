import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/cli/seeder';

function stackWithSeed(root: string, name: string, source: string | undefined) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'seed'), { recursive: true });
  if (source !== undefined) writeFileSync(join(dir, 'seed', 'seed.ts'), source);
  return { name, stackName: `${name}-local`, dir, outputs: { TableName: `${name}-table` } };
}

describe('runSeed', () => {
  it('runs every seed module in stack order and reports failures without stopping at the first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tbs-seed-'));
    const stacks = [
      stackWithSeed(root, 'tbs-app-broken', `export async function seed() { throw new Error('table missing'); }`),
      stackWithSeed(root, 'tbs-app-none', undefined),
      stackWithSeed(root, 'tbs-app-nofn', `export const nothing = 1;`),
      stackWithSeed(
        root,
        'tbs-app-good',
        `export async function seed(ctx) { ctx.log('using ' + ctx.outputs.TableName); return { created: 2, alreadyPresent: 1 }; }`,
      ),
    ];
    const lines: string[] = [];
    const report = await runSeed({
      repoRoot: root,
      stacks,
      gatewayUrl: 'http://127.0.0.1:9',
      // Nothing listens here and no stack outputs a user pool: the demo users fail, the stack seeds still run.
      endpoints: { cognito: 'http://127.0.0.1:9' },
      awsEnv: { AWS_REGION: 'us-east-1' },
      users: [],
      log: (line) => lines.push(line),
    });
    expect(report.stacks).toEqual([{ name: 'tbs-app-good', result: { summary: 'created 2, already present 1' } }]);
    expect(report.failures.map((f) => f.name)).toEqual(['demo users', 'tbs-app-broken', 'tbs-app-nofn']);
    expect(report.failures[1]?.error).toBe('Error: table missing');
    expect(report.failures[2]?.error).toMatch(/does not export a seed\(ctx\) function/);
    expect(lines).toContain('tbs-app-good: using tbs-app-good-table');
  });

  it('runs a seed module after the stacks it names in seedAfter', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tbs-seed-order-'));
    const record = (name: string) =>
      `import { appendFileSync } from 'node:fs';\n` +
      `export async function seed(ctx) { appendFileSync(${JSON.stringify(join(root, 'order.txt'))}, '${name}\\n'); return { summary: '${name}' }; }`;
    const stacks = [
      stackWithSeed(
        root,
        'tbs-app-fulfilment',
        `${record('fulfilment')}\nexport const seedAfter = ['tbs-app-product'];`,
      ),
      stackWithSeed(root, 'tbs-app-product', record('product')),
      stackWithSeed(root, 'tbs-app-cart', record('cart')),
    ];
    const report = await runSeed({
      repoRoot: root,
      stacks,
      gatewayUrl: 'http://127.0.0.1:9',
      endpoints: { cognito: 'http://127.0.0.1:9' },
      awsEnv: { AWS_REGION: 'us-east-1' },
      users: [],
      log: () => {},
    });
    expect(report.stacks.map((s) => s.name)).toEqual(['tbs-app-product', 'tbs-app-fulfilment', 'tbs-app-cart']);
    expect(readFileSync(join(root, 'order.txt'), 'utf8')).toBe('product\nfulfilment\ncart\n');
  });
});
