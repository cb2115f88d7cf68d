import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BudgetsError, parseBudgets } from '../../../scripts/bench/budgets';
import {
  contributors,
  floorSource,
  type Metafile,
  ownerOf,
  sdkClientsOf,
} from '../../../scripts/bench/bundle-analysis';
import { leaveDynamicImportsOut } from '../../../scripts/bench/cold-init';
import { BenchOptionsError, isFullRun, isSelected, PARTS, parseBenchOptions } from '../../../scripts/bench/options';
import { functionRows, renderMarkdown, warmCause } from '../../../scripts/bench/report';
import { percentile, summarize } from '../../../scripts/bench/stats';

const budgets = parseBudgets({
  coldInit: { runs: 10, maxRatioToFloorP50: 1.3 },
  bundle: { maxMinifiedKBAboveSdkFloor: 300, exemptWhenEmbedding: ['stripe'] },
  warmOverhead: { maxP50OverheadPercent: 10 },
  catalogueSearch: { products: 10000, queries: 200, maxP99Ms: 50 },
  catalogueImport: { maxSeconds: 60 },
});

const timing = (p50: number) => ({ runs: 10, p50, p90: p50 * 1.2, p99: p50 * 1.5, min: p50 * 0.9, max: p50 * 1.5 });

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of measured values', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 99)).toBe(10);
    expect(summarize([3])).toMatchObject({ p50: 3, p90: 3, p99: 3, runs: 1 });
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('bundle analysis', () => {
  const repo = '/repo';
  const workingDir = '/repo/tbs-app-product';
  const metafile: Metafile = {
    outputs: {
      '../.build/x/get.mjs.map': { bytes: 10, inputs: {} },
      '../.build/x/get.mjs': {
        bytes: 1000,
        entryPoint: 'src/handlers/http/get.ts',
        inputs: {
          '../node_modules/@aws-sdk/client-sns/dist-es/SNSClient.js': { bytesInOutput: 300 },
          '../node_modules/@aws-sdk/client-sns/dist-es/commands/Publish.js': { bytesInOutput: 100 },
          '../node_modules/@aws-sdk/lib-dynamodb/dist-es/index.js': { bytesInOutput: 50 },
          '../node_modules/@aws-sdk/nested-clients/dist-es/sso.js': { bytesInOutput: 70 },
          '../node_modules/a/node_modules/stripe/esm/index.js': { bytesInOutput: 0 },
          'src/handlers/http/get.ts': { bytesInOutput: 200 },
          '../tbs-contracts/src/generated/validators/index.js': { bytesInOutput: 350 },
        },
      },
    },
  };

  it('names the innermost package or the repository file each byte comes from', () => {
    expect(ownerOf('../node_modules/@smithy/core/dist/a.js', workingDir, repo)).toBe('@smithy/core');
    expect(ownerOf('../node_modules/a/node_modules/tslib/x.js', workingDir, repo)).toBe('tslib');
    expect(ownerOf('src/domain/product.ts', workingDir, repo)).toBe('tbs-app-product/src/domain/product.ts');
  });

  it('ranks contributors by bytes in the output, ignoring source maps and tree-shaken inputs', () => {
    const owners = contributors(metafile, workingDir, repo);
    expect(owners.slice(0, 3)).toEqual([
      { name: '@aws-sdk/client-sns', bytes: 400 },
      { name: 'tbs-contracts/src/generated/validators/index.js', bytes: 350 },
      { name: 'tbs-app-product/src/handlers/http/get.ts', bytes: 200 },
    ]);
    expect(owners.some((o) => o.name === 'stripe')).toBe(false);
    expect(sdkClientsOf(owners)).toEqual(['@aws-sdk/client-sns', '@aws-sdk/lib-dynamodb']);
  });

  it('tells what a bundle evaluates at import from what only an import() reaches', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-lazy-'));
    try {
      await writeFile(join(dir, 'static.js'), 'export const answer = 42;\n');
      await writeFile(join(dir, 'lazy.js'), "export const schema = { type: 'object' };\n");
      await writeFile(
        join(dir, 'entry.js'),
        "import { answer } from './static.js';\n" +
          "export const handler = async () => [answer, (await import('./lazy.js')).schema];\n",
      );
      const inputsOf = async (plugins: Parameters<typeof build>[0]['plugins']) => {
        const result = await build({
          entryPoints: [join(dir, 'entry.js')],
          absWorkingDir: dir,
          bundle: true,
          format: 'esm',
          write: false,
          metafile: true,
          outdir: join(dir, 'out'),
          logLevel: 'silent',
          plugins,
        });
        return Object.keys(result.metafile.inputs).sort();
      };
      expect(await inputsOf([])).toEqual(['entry.js', 'lazy.js', 'static.js']);
      expect(await inputsOf([leaveDynamicImportsOut])).toEqual(['entry.js', 'static.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds a floor that constructs every client, wrapping DynamoDB for the document client', () => {
    const source = floorSource([
      { pkg: '@aws-sdk/client-dynamodb', className: 'DynamoDBClient' },
      { pkg: '@aws-sdk/lib-dynamodb', className: 'DynamoDBDocumentClient' },
      { pkg: '@aws-sdk/client-sns', className: 'SNSClient' },
    ]);
    expect(source).toContain("import { SNSClient as C2 } from '@aws-sdk/client-sns';");
    expect(source).toContain('const c0 = new C0({});');
    expect(source).toContain('C1.from(c0)');
    expect(source).toContain('export const handler');
    expect(() => floorSource([{ pkg: '@aws-sdk/lib-dynamodb', className: 'DynamoDBDocumentClient' }])).toThrow();
  });
});

describe('budget file', () => {
  it('names the field that is wrong', () => {
    expect(() => parseBudgets({ ...budgets, coldInit: { runs: 3, maxRatioToFloorP50: 1.3 } })).toThrow(/at least 10/);
    expect(() => parseBudgets({ ...budgets, warmOverhead: {} })).toThrow(BudgetsError);
    expect(() =>
      parseBudgets({ ...budgets, bundle: { maxMinifiedKBAboveSdkFloor: 300, exemptWhenEmbedding: 'stripe' } }),
    ).toThrow(/exemptWhenEmbedding/);
  });
});

describe('function rows', () => {
  const base = {
    stack: 'tbs-app-order',
    logicalId: 'PlaceOrderFunction',
    gzipBytes: 100 * 1024,
    sdkClients: ['@aws-sdk/client-dynamodb'],
    embedsStripe: false,
    floorBytes: 250 * 1024,
    empty: timing(7),
  };
  const owners = [
    { name: '@smithy/core', bytes: 130 * 1024 },
    { name: 'tbs-contracts/src/generated/validators/index.js', bytes: 270 * 1024 },
  ];

  it('passes a function within 1.3x its floor and under 300 KB above its SDK floor', () => {
    const rows = functionRows({ ...base, bytes: 290 * 1024, owners, init: timing(120), floor: timing(100) }, budgets);
    expect(rows.map((r) => r.result)).toEqual(['within', 'within']);
  });

  it('judges the bytes above the SDK floor and still shows the whole bundle', () => {
    const within = functionRows({ ...base, bytes: 550 * 1024, owners, init: timing(100), floor: timing(100) }, budgets);
    expect(within[0]).toMatchObject({
      result: 'within',
      measured: '550.0 KB min, 100.0 KB gz; 300.0 KB above the floor',
      baseline: 'SDK floor 250.0 KB min',
    });
    const over = functionRows({ ...base, bytes: 551 * 1024, owners, init: timing(100), floor: timing(100) }, budgets);
    expect(over[0]?.result).toBe('OVER');
  });

  it('marks a slow, large bundle over budget with what it pulls in beyond the SDK', () => {
    const rows = functionRows({ ...base, bytes: 650 * 1024, owners, init: timing(200), floor: timing(100) }, budgets);
    expect(rows.map((r) => r.result)).toEqual(['OVER', 'OVER']);
    expect(rows[1]?.measured).toContain('2.00x floor');
    expect(rows[1]?.note).toContain('tbs-contracts/src/generated/validators/index.js 270.0 KB');
    expect(rows[1]?.note).not.toContain('@smithy/core');
  });

  it('names only what is evaluated at start-up as the cause, and how much waits for its first use', () => {
    const startUpOwners = [
      { name: '@smithy/core', bytes: 100 * 1024 },
      { name: 'tsyringe', bytes: 10 * 1024 },
    ];
    const rows = functionRows(
      {
        ...base,
        bytes: 650 * 1024,
        owners: [...owners, { name: 'tsyringe', bytes: 10 * 1024 }],
        startUpOwners,
        init: timing(200),
        floor: timing(100),
      },
      budgets,
    );
    expect(rows[1]?.note).toBe(
      '+400.0 KB over the floor in the bundle, 270.0 KB of it evaluated only when first used; ' +
        'largest at start-up: tsyringe 10.0 KB',
    );
  });

  it('exempts bundles that embed Stripe from the size budget', () => {
    const withStripe = [...owners, { name: 'stripe', bytes: 400 * 1024 }];
    const rows = functionRows(
      { ...base, bytes: 900 * 1024, owners: withStripe, embedsStripe: true, init: timing(100), floor: timing(100) },
      budgets,
    );
    expect(rows[0]).toMatchObject({ result: 'within', budget: 'exempt (embeds stripe)' });
  });

  it('reports a bundle that does not load instead of a number', () => {
    const rows = functionRows(
      { ...base, bytes: 100, owners, initError: 'Invalid configuration', floor: timing(100) },
      budgets,
    );
    expect(rows[1]).toMatchObject({ result: 'failed', measured: 'not measured' });
    expect(rows[1]?.note).toContain('Invalid configuration');
  });

  it('renders one markdown table with the machine description', () => {
    const rows = functionRows({ ...base, bytes: 100, owners, init: timing(1), floor: timing(1) }, budgets);
    const text = renderMarkdown(
      rows,
      { cpu: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v24.0.0', date: '2026-01-01' },
      ['a | note'],
    );
    expect(text).toContain('Test CPU, 2 cores, 4.0 GiB memory, Node v24.0.0');
    expect(text.split('\n').filter((line) => line.startsWith('| cold init |'))).toHaveLength(1);
    expect(text).toContain('- a | note');
  });
});

describe('warm overhead cause', () => {
  it('attributes the overhead to each shipped layer in turn', () => {
    const note = warmCause({
      ours: timing(13),
      bare: timing(9),
      overheadPercent: 44,
      onDynamoDb: { ours: timing(2600), bare: timing(2650), overheadPercent: -2 },
      layers: [
        { name: 'middyOnly', summary: timing(10) },
        { name: 'withValidation', summary: timing(11.5) },
        { name: 'withProblemJson', summary: timing(12.5) },
      ],
    });
    expect(note).toContain('+4.0 µs a call at p50');
    expect(note).toContain('middy core +1.0 µs, request validation +1.5 µs, problem+json +1.0 µs');
    expect(note).toContain('container and shipped wiring +0.5 µs');
  });
});

describe('bench options', () => {
  it('runs every part over every function by default, which is the only run that writes the table', () => {
    const options = parseBenchOptions([], {});
    expect([...options.parts]).toEqual([...PARTS]);
    expect(isSelected(options, 'tbs-app-order', 'StripeWebhookFunction')).toBe(true);
    expect(isFullRun(options)).toBe(true);
    expect(isFullRun(parseBenchOptions(['--only=cold'], {}))).toBe(false);
  });

  it('selects functions whose <stack>/<LogicalId> contains one of the texts, from the argument or BENCH_FUNCTIONS', () => {
    const options = parseBenchOptions(['--only=cold', '--functions=StripeWebhook, tbs-app-cart/'], {});
    expect([...options.parts]).toEqual(['cold']);
    expect(isSelected(options, 'tbs-app-order', 'StripeWebhookFunction')).toBe(true);
    expect(isSelected(options, 'tbs-app-cart', 'GetCartFunction')).toBe(true);
    expect(isSelected(options, 'tbs-app-order', 'GetOrderFunction')).toBe(false);
    expect(isFullRun(options)).toBe(false);

    const fromEnv = parseBenchOptions([], { BENCH_FUNCTIONS: 'tbs-app-order/GetOrder' });
    expect([...fromEnv.parts]).toEqual(['cold']);
    expect(isSelected(fromEnv, 'tbs-app-order', 'GetOrderFunction')).toBe(true);
    expect(isSelected(fromEnv, 'tbs-app-order', 'PlaceOrderFunction')).toBe(false);
    // A selection is never a full run, even with every part: its table must not replace docs/benchmarks.md.
    expect(isFullRun(parseBenchOptions([`--only=${PARTS.join(',')}`, '--functions=GetOrder'], {}))).toBe(false);
    const argumentWins = parseBenchOptions(['--functions=PlaceOrder'], { BENCH_FUNCTIONS: 'GetOrder' });
    expect(isSelected(argumentWins, 'tbs-app-order', 'GetOrderFunction')).toBe(false);
  });

  it('refuses unknown parts and options and empty lists', () => {
    expect(() => parseBenchOptions(['--only=cold,warp'], {})).toThrow(/unknown part "warp"/);
    expect(() => parseBenchOptions(['--function=GetOrder'], {})).toThrow(BenchOptionsError);
    expect(() => parseBenchOptions(['--functions=,'], {})).toThrow(/names no function/);
    expect(() => parseBenchOptions(['--only='], {})).toThrow(/names no part/);
  });
});
