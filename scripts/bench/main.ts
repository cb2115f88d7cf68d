// `make bench`: bundle sizes and cold inits of every built function beside an empty handler and an SDK-only floor,
// warm middleware overhead, catalogue search on the local cloud and the purchase pipeline, each judged against
// scripts/bench/budgets.json. Prints one markdown table and writes it to docs/benchmarks.md.
// Options: --only=cold,warm,search,pipeline (a subset) and --functions=<text>,... (or BENCH_FUNCTIONS): cold init and
// bundle size of only the functions whose <stack>/<LogicalId> contains one of the texts, beside their floors measured
// in the same run. docs/benchmarks.md is written only by a full run (every part, every function).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { type BuiltFunction, readManifest, runBounded } from '@tbs/devops-local/build';
import { applySamGlobals, type CfnTemplate, discoverStacks } from '@tbs/devops-local/template';
import { type Budgets, loadBudgets } from './budgets';
import { measureCatalogueSearch } from './catalogue-search';
import { analyseBundle, type BundleAnalysis, buildBaseline, type InitSubject, measureInits } from './cold-init';
import { type BenchOptions, BenchOptionsError, isFullRun, isSelected, parseBenchOptions } from './options';
import { HOPS, type Hop, measurePipeline, pipelineGap } from './pipeline';
import { functionRows, type MachineDescription, ms, type Row, renderMarkdown, us, warmCause } from './report';
import { DYNAMODB_CALLS, measureWarmOverhead } from './warm-overhead';

const repoRoot = resolve(import.meta.dirname, '..', '..');

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof BenchOptionsError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const { parts } = options;
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// The SQS stand-in persists through node:sqlite, whose "experimental" warning is noise here.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (!text.startsWith('SQLite is an experimental feature')) emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

const started = Date.now();
const budgets = await loadBudgets(join(import.meta.dirname, 'budgets.json'));
const stacks = await discoverStacks(repoRoot);
const templates = new Map<string, CfnTemplate>(stacks.map((s) => [s.name, applySamGlobals(s.template)]));
const rows: Row[] = [];
const notes: string[] = [
  'Regenerate with `make bench` (after `make build`); budgets live in `scripts/bench/budgets.json`. To measure ' +
    'chosen functions only, each beside its floor and the empty handler measured in the same run: ' +
    '`BENCH_FUNCTIONS=StripeWebhook,tbs-app-cart/ make bench` (texts matched in `<stack>/<LogicalId>`; cold init and ' +
    'bundle size only, printed and never written here). Results: ' +
    '`within`/`OVER` a budget, `measured` (no budget yet), `missing` (not built or not implemented yet, never a ' +
    'made-up number), `failed` (the measurement itself failed; the note says why).',
  "Cold init: a fresh Node process per run imports the bundle with the function's template environment " +
    '(placeholder resource names, dummy credentials) and times the import, i.e. the module scope our code runs at ' +
    `a cold start; ${budgets.coldInit.runs} runs per bundle, round-robin over all bundles, two at a time. The ` +
    'budget judges the CPU time the process spent on the import, which other work on the machine does not inflate ' +
    'the way it inflates wall time; the wall time is shown beside it. ' +
    "Floor: a bundle built with the function's esbuild options that only constructs the AWS SDK clients the " +
    "function's metafile contains; empty: a handler that imports nothing. Over budget, the note names the largest " +
    'of what the bundle evaluates at start-up beyond the floor (a build with every `import()` left out) and how ' +
    'much of the bundle waits for an `import()`, i.e. is evaluated only when first used.',
  'Bundle size: the whole minified and gzipped bundle, the AWS SDK floor it contains, and what it carries above ' +
    'that floor, which is what the size budget judges (the SDK is bundled, not taken from the Lambda runtime, so ' +
    'every function runs the SDK version it was tested with; see docs/decisions.md).',
  'Purchase pipeline: every stack with the demo data; one shopper buys one physical product five times after an ' +
    'uncounted warm-up purchase, each time confirming the payment at the Stripe stand-in as Stripe.js would and ' +
    'timing, from just before POST /orders, when the order is paid, the shipment exists, the receipt email names ' +
    'the order and the monthly report counts it.',
  'Percentiles are nearest-rank. Warm overhead: GET /products/{id} as shipped (middy, request validation, ' +
    'problem+json, container) against a bare handler doing the same work, both on the same in-memory repository ' +
    'in one process, 20,000 calls each in blocks of 500 in rotating order after 2,000 warm-up calls each; over budget, the ' +
    'shipped layers are added one at a time (middy, request validation, problem+json) to show where it goes. ' +
    'The second warm row repeats the comparison with realistic work: the shipped bundle as deployed and the bare ' +
    "handler on the product service's DynamoDB repository, both against the local DynamoDB stand-in, in blocks of " +
    '100 after 200 warm-up calls each.',
];

if (parts.has('cold')) rows.push(...(await coldInitRows(budgets)));
if (parts.has('warm')) rows.push(...(await warmRows(budgets)));
if (parts.has('search')) rows.push(...(await searchRows(budgets)));
if (parts.has('pipeline')) rows.push(...(await pipelineRows()));

const machine: MachineDescription = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: cpus().length,
  memoryGiB: totalmem() / 1024 ** 3,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
const markdown = renderMarkdown(rows, machine, [...notes, `Run time: ${Math.round((Date.now() - started) / 1000)} s.`]);
process.stdout.write(markdown);
if (isFullRun(options)) {
  await writeFile(join(repoRoot, 'docs', 'benchmarks.md'), markdown);
  log('bench: wrote docs/benchmarks.md');
}
const over = rows.filter((row) => row.result === 'OVER' || row.result === 'failed').length;
log(`bench: ${rows.length} rows, ${over} over budget or failed, ${Math.round((Date.now() - started) / 1000)} s`);

async function coldInitRows(budgets: Budgets): Promise<Row[]> {
  const buildRoot = join(repoRoot, '.build');
  const built: BuiltFunction[] = [];
  for (const stack of stacks) {
    const manifest = join(buildRoot, stack.name, 'manifest.json');
    if (existsSync(manifest)) {
      built.push(...(await readManifest(manifest)).filter((fn) => isSelected(options, fn.stack, fn.logicalId)));
    }
  }
  if (built.length === 0 && !existsSync(buildRoot)) {
    console.error('bench: no bundles under .build/ (run `make build` first)');
    process.exit(1);
  }
  const rows: Row[] = [];
  // Functions a template declares that `make build` left no bundle for are reported, not skipped silently.
  for (const [stack, template] of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource?.Type !== 'AWS::Serverless::Function' || resource.Metadata?.BuildMethod !== 'esbuild') continue;
      if (!isSelected(options, stack, logicalId)) continue;
      if (built.some((fn) => fn.stack === stack && fn.logicalId === logicalId)) continue;
      rows.push({
        benchmark: 'cold init',
        subject: `${stack} / ${logicalId}`,
        measured: 'no bundle',
        baseline: '',
        budget: '',
        result: 'missing',
        note: `.build/${stack}/manifest.json does not list it: make build did not bundle this stack (yet)`,
      });
    }
  }

  if (options.functions !== undefined && built.length === 0 && rows.length === 0) {
    console.error(`bench: --functions=${options.functions.join(',')} matches no function of any template`);
    process.exit(2);
  }
  log(`cold init: analysing ${built.length} bundles ...`);
  const analyses = (
    await runBounded(
      built.map((fn) => async (): Promise<BundleAnalysis | undefined> => {
        const template = templates.get(fn.stack);
        if (!template) return undefined;
        return analyseBundle(fn, template, join(repoRoot, fn.stack), repoRoot);
      }),
      2,
    )
  ).filter((a): a is BundleAnalysis => a !== undefined);

  const baselines = new Map<string, { subject: InitSubject; clients: string[] }>();
  const baselineOf = async (analysis: BundleAnalysis, clients: string[]): Promise<string> => {
    const artefact = await buildBaseline(clients, analysis.options, repoRoot);
    const env: Record<string, string> = analysis.env.NODE_OPTIONS ? { NODE_OPTIONS: analysis.env.NODE_OPTIONS } : {};
    const id = `baseline:${artefact.key}:${env['NODE_OPTIONS'] ?? ''}`;
    if (!baselines.has(id)) baselines.set(id, { subject: { id, env, ...artefact }, clients });
    return id;
  };
  const pairs: { analysis: BundleAnalysis; floorId: string; emptyId: string }[] = [];
  for (const analysis of analyses) {
    pairs.push({
      analysis,
      floorId: await baselineOf(analysis, analysis.sdkClients),
      emptyId: await baselineOf(analysis, []),
    });
  }
  const subjects: InitSubject[] = [
    ...analyses.map((a) => ({
      id: `${a.fn.stack}/${a.fn.logicalId}`,
      outFile: a.fn.outFile,
      env: a.env,
      bytes: a.fn.bytes,
      gzipBytes: a.fn.gzipBytes,
    })),
    ...[...baselines.values()].map((b) => b.subject),
  ];
  log(`cold init: ${subjects.length} bundles (${baselines.size} baselines) x ${budgets.coldInit.runs} runs ...`);
  const results = new Map((await measureInits(subjects, budgets.coldInit.runs)).map((r) => [r.subject.id, r]));
  for (const { analysis, floorId, emptyId } of pairs) {
    const own = results.get(`${analysis.fn.stack}/${analysis.fn.logicalId}`);
    const floor = results.get(floorId);
    rows.push(
      ...functionRows(
        {
          stack: analysis.fn.stack,
          logicalId: analysis.fn.logicalId,
          bytes: analysis.fn.bytes,
          gzipBytes: analysis.fn.gzipBytes,
          owners: analysis.owners,
          startUpOwners: analysis.startUpOwners,
          sdkClients: analysis.sdkClients,
          embedsStripe: analysis.embedsStripe,
          ...(own?.summary ? { init: own.summary } : {}),
          ...(own?.wall ? { initWall: own.wall } : {}),
          ...(own?.error ? { initError: own.error } : {}),
          ...(floor?.summary ? { floor: floor.summary } : {}),
          floorBytes: baselines.get(floorId)?.subject.bytes ?? 0,
          ...(results.get(emptyId)?.summary ? { empty: results.get(emptyId)?.summary } : {}),
        },
        budgets,
      ),
    );
  }
  return rows;
}

async function warmRows(budgets: Budgets): Promise<Row[]> {
  const base = {
    benchmark: 'warm overhead',
    subject: 'tbs-app-product / GetProductFunction, in-memory repository',
    budget: `<= ${budgets.warmOverhead.maxP50OverheadPercent}% at p50`,
  };
  const realSubject = 'tbs-app-product / GetProductFunction, DynamoDB stand-in';
  const template = templates.get('tbs-app-product');
  if (!template) return [{ ...base, measured: '', baseline: '', result: 'missing', note: 'no tbs-app-product stack' }];
  log('warm overhead: GET /products/{id} as shipped vs bare, in memory and on the DynamoDB stand-in ...');
  try {
    const warm = await measureWarmOverhead(repoRoot, template);
    const max = budgets.warmOverhead.maxP50OverheadPercent;
    const over = warm.overheadPercent > max;
    const real = warm.onDynamoDb;
    const realOver = real.overheadPercent > max;
    const signed = (percent: number): string =>
      `${percent >= 0 ? '+' : ''}${percent.toFixed(percent < 1 && percent > -1 ? 1 : 0)}%`;
    return [
      {
        ...base,
        measured: `p50 ${us(warm.ours.p50)}, p99 ${us(warm.ours.p99)} (${signed(warm.overheadPercent)})`,
        baseline: `bare p50 ${us(warm.bare.p50)}, p99 ${us(warm.bare.p99)}`,
        result: over ? 'OVER' : 'within',
        note: over
          ? `${warmCause(warm)}. A fixed cost per call (middy arms its early-timeout timer and an AbortController ` +
            `for every invocation; the parameters are coerced and validated), not one that grows with the work: on ` +
            `a real read it is ${signed(real.overheadPercent)} (next row)`
          : '',
      },
      {
        ...base,
        subject: realSubject,
        measured: `p50 ${us(real.ours.p50)}, p99 ${us(real.ours.p99)} (${signed(real.overheadPercent)})`,
        baseline: `bare p50 ${us(real.bare.p50)}, p99 ${us(real.bare.p99)}`,
        result: realOver ? 'OVER' : 'within',
        note:
          `the shipped bundle unchanged and the bare handler on the shipped DynamoDB repository, both reading one ` +
          `product from the local DynamoDB stand-in, ${DYNAMODB_CALLS.toLocaleString('en')} calls each`,
      },
    ];
  } catch (error) {
    return [{ ...base, measured: '', baseline: '', result: 'failed', note: (error as Error).message }];
  }
}

async function searchRows(budgets: Budgets): Promise<Row[]> {
  const { products, queries, maxP99Ms } = budgets.catalogueSearch;
  const subject = `${products.toLocaleString('en')} products, local cloud`;
  try {
    const result = await measureCatalogueSearch(products, queries, log);
    const importOver = result.importSeconds > budgets.catalogueImport.maxSeconds;
    const rows: Row[] = [
      {
        benchmark: 'catalogue import',
        subject,
        measured: `${result.importSeconds.toFixed(1)} s (${((result.importSeconds * 1000) / products).toFixed(1)} ms a row)`,
        baseline: '',
        budget: `<= ${budgets.catalogueImport.maxSeconds} s`,
        result: importOver ? 'OVER' : 'within',
        note: 'CSV dropped in the import bucket until its report is written',
      },
    ];
    if (!result.search) {
      rows.push({
        benchmark: 'catalogue search',
        subject,
        measured: '',
        baseline: '',
        budget: `p99 <= ${maxP99Ms} ms`,
        result: 'missing',
        note: result.searchMissing ?? '',
      });
    } else {
      const over = result.search.p99 > maxP99Ms;
      rows.push({
        benchmark: 'catalogue search',
        subject,
        measured: `p50 ${ms(result.search.p50)}, p99 ${ms(result.search.p99)} (${result.search.runs} searches)`,
        baseline: '',
        budget: `p99 <= ${maxP99Ms} ms`,
        result: over ? 'OVER' : 'within',
        note: 'GET /product/v1/products?q= through the local gateway, one at a time',
      });
    }
    return rows;
  } catch (error) {
    return [
      {
        benchmark: 'catalogue search',
        subject,
        measured: '',
        baseline: '',
        budget: `p99 <= ${maxP99Ms} ms`,
        result: 'failed',
        note: (error as Error).message.split('\n')[0] ?? '',
      },
    ];
  }
}

async function pipelineRows(): Promise<Row[]> {
  const base = { benchmark: 'purchase pipeline', baseline: '', budget: 'no budget set yet' };
  const gap = pipelineGap(repoRoot);
  if (gap) {
    return [
      { ...base, subject: 'POST /orders to every effect', measured: 'not measured', result: 'missing', note: gap },
    ];
  }
  const orders = 5;
  const result = await measurePipeline(orders, 30_000, log);
  const rows: Row[] = [
    {
      ...base,
      subject: 'orders per minute, one shopper at a time',
      measured: result.ordersPerMinute === undefined ? 'not measured' : `${result.ordersPerMinute.toFixed(1)}/min`,
      result: result.stoppedAt ? 'failed' : Object.keys(result.absent).length > 0 ? 'missing' : 'measured',
      note: result.stoppedAt
        ? `stopped at "${result.stoppedAt.hop}": ${result.stoppedAt.reason}`
        : `${orders} purchases, each from POST /orders until ${HOPS.filter((h) => !(h in result.absent)).join(', ')}` +
          (Object.keys(result.absent).length > 0
            ? `; without ${Object.keys(result.absent).join(', ')} (never seen)`
            : ''),
    },
  ];
  // A cloud that did not start has no hops to report; the row above says why.
  for (const hop of result.stoppedAt?.hop === 'setup' ? [] : HOPS) {
    const summary = result.hops[hop];
    const warmUp = result.warmUp[hop];
    const stoppedHere = result.stoppedAt?.hop === hop;
    rows.push({
      ...base,
      subject: `POST /orders -> ${hop}`,
      measured: summary
        ? `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)} (${summary.runs} orders)`
        : warmUp !== undefined
          ? `warm-up purchase only: ${ms(warmUp)}`
          : result.absent[hop]
            ? 'not produced'
            : 'not observed',
      result: summary || warmUp !== undefined ? 'measured' : 'missing',
      note: stoppedHere
        ? (result.stoppedAt?.reason ?? '')
        : result.absent[hop]
          ? `${producerOf(hop)}; left out of the counted purchases (${result.absent[hop]})`
          : summary || warmUp !== undefined
            ? ''
            : `not reached: the run stopped at "${result.stoppedAt?.hop ?? ''}"`,
    });
  }
  return rows;
}

/** Why an effect the warm-up purchase never saw is absent, from the templates that ran (only emails have a producer check). */
function producerOf(hop: Hop): string {
  if (hop !== 'emailed') return 'never seen';
  const customer = JSON.stringify(templates.get('tbs-app-customer') ?? {});
  return customer.includes('tbs.order.OrderPaid.v1')
    ? 'tbs-app-customer subscribes to OrderPaid, yet no receipt naming the order reached the SES stand-in'
    : 'tbs-app-customer does not consume OrderPaid yet, so no receipt email is sent';
}
