import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  type BuiltFunction,
  bundleEnvironment,
  esbuildPlanFor,
  placeholderEnvironment,
  runBounded,
  runNode,
} from '@tbs/devops-local/build';
import type { CfnTemplate } from '@tbs/devops-local/template';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import {
  type Contributor,
  contributors,
  EMPTY_HANDLER_SOURCE,
  embedsStripe,
  type FloorClient,
  floorSource,
  type Metafile,
  sdkClientsOf,
} from './bundle-analysis';
import { type Summary, summarize } from './stats';

/** What a function's bundle contains, from a metafile build with the function's own esbuild options. */
export interface BundleAnalysis {
  fn: BuiltFunction;
  options: BuildOptions;
  env: Record<string, string>;
  owners: Contributor[];
  /** The part of `owners` evaluated when the bundle is imported (the rest waits for an `import()`). */
  startUpOwners: Contributor[];
  sdkClients: string[];
  embedsStripe: boolean;
}

/** A bundle whose cold init is measured: a function, or a baseline built in the same run. */
export interface InitSubject {
  id: string;
  outFile: string;
  env: Record<string, string>;
  bytes: number;
  gzipBytes: number;
}

export interface InitResult {
  subject: InitSubject;
  /** CPU milliseconds of the import (what the budget judges: on a shared machine, wall time also measures the neighbours). */
  summary?: Summary;
  /** Wall-clock milliseconds of the same imports. */
  wall?: Summary;
  /** Why the bundle could not be measured (its first failing run's error). */
  error?: string;
}

/**
 * Leaves every `import()` out of a build, so what remains (tree-shaken as usual) is what the bundle evaluates when
 * it is imported; a module the shipped bundle holds only for an `import()` runs when that import first does.
 */
export const leaveDynamicImportsOut: Plugin = {
  name: 'leave-dynamic-imports-out',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Rebuilds the function in memory with its template's BuildProperties plus a metafile (the shipped bundle is not touched). */
export async function analyseBundle(
  fn: BuiltFunction,
  template: CfnTemplate,
  stackDir: string,
  repoRoot: string,
): Promise<BundleAnalysis> {
  const resource = template.Resources[fn.logicalId];
  const properties = (resource?.Properties ?? {}) as Record<string, unknown>;
  const codeDir = resolve(stackDir, String(properties.CodeUri ?? '.'));
  const plan = esbuildPlanFor(
    `${fn.stack}/${fn.logicalId}`,
    (resource?.Metadata?.BuildProperties ?? {}) as Record<string, unknown>,
    String(properties.Handler),
    (path) => isFile(join(codeDir, path)),
  );
  const tsconfig = join(repoRoot, 'tsconfig.json');
  const analysis = (deferDynamicImports: boolean) =>
    build({
      ...plan.options,
      absWorkingDir: codeDir,
      entryPoints: plan.entryPoints.map((entry) => join(codeDir, entry)),
      outdir: join(repoRoot, '.build', 'bench', 'analysis'),
      ...(isFile(tsconfig) ? { tsconfig } : {}),
      ...(deferDynamicImports ? { plugins: [leaveDynamicImportsOut] } : {}),
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
  const [whole, startUp] = await Promise.all([analysis(false), analysis(true)]);
  const owners = contributors(whole.metafile as Metafile, codeDir, repoRoot);
  return {
    fn,
    options: plan.options,
    env: placeholderEnvironment(template, fn.logicalId, `${fn.stack}-local`),
    owners,
    startUpOwners: contributors(startUp.metafile as Metafile, codeDir, repoRoot),
    sdkClients: sdkClientsOf(owners),
    embedsStripe: embedsStripe(owners),
  };
}

/** The class a client package exports (`@aws-sdk/client-sns` -> `SNSClient`), read from its ESM index. */
export function clientClassOf(pkg: string, repoRoot: string): FloorClient {
  if (pkg === '@aws-sdk/lib-dynamodb') return { pkg, className: 'DynamoDBDocumentClient' };
  const index = join(repoRoot, 'node_modules', pkg, 'dist-es', 'index.js');
  const match = existsSync(index) ? /"\.\/(\w+Client)"/.exec(readFileSync(index, 'utf8')) : null;
  if (!match?.[1]) throw new Error(`cannot find the client class exported by ${pkg}`);
  return { pkg, className: match[1] };
}

/**
 * Builds a baseline (the empty handler when `clients` is empty, else the floor with those SDK clients) with the
 * function's esbuild options, once per distinct options + clients, under `.build/bench/baselines/`.
 */
export async function buildBaseline(
  clients: readonly string[],
  options: BuildOptions,
  repoRoot: string,
): Promise<{ outFile: string; bytes: number; gzipBytes: number; key: string }> {
  const source =
    clients.length === 0 ? EMPTY_HANDLER_SOURCE : floorSource(clients.map((c) => clientClassOf(c, repoRoot)));
  const key = createHash('sha256').update(source).update(JSON.stringify(options)).digest('hex').slice(0, 12);
  const outDir = join(repoRoot, '.build', 'bench', 'baselines', key);
  const extension = (options.outExtension as Record<string, string> | undefined)?.['.js'] ?? '.js';
  const outFile = join(outDir, `handler${extension}`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    ...options,
    absWorkingDir: repoRoot,
    stdin: { contents: source, resolveDir: repoRoot, sourcefile: 'handler.mjs', loader: 'js' },
    outfile: outFile,
    outExtension: undefined,
    logLevel: 'silent',
    write: true,
  });
  const content = readFileSync(outFile);
  return { outFile, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength, key };
}

// Runs in the fresh process: the time from asking for the bundle to its module scope having run (top-level awaits
// included), which is the part of a Lambda cold start that our code controls, as wall time and as the CPU time the
// process spent on it.
const PROBE = `
const cpu = process.cpuUsage();
const started = performance.now();
await import(process.argv[1]);
const initMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write('\\n' + JSON.stringify({ initMs, cpuMs: (used.user + used.system) / 1000 }) + '\\n');
`;

/** One cold init in a fresh Node process with the function's environment and dummy credentials. */
export async function measureInitOnce(
  subject: InitSubject,
  timeoutMs = 30_000,
): Promise<{ wallMs: number; cpuMs: number }> {
  const { code, signal, stdout, stderr } = await runNode(
    ['--input-type=module', '-e', PROBE, pathToFileURL(subject.outFile).href],
    { cwd: dirname(subject.outFile), env: bundleEnvironment(subject.env), timeoutMs },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const { initMs, cpuMs } = JSON.parse(last) as { initMs: number; cpuMs: number };
    if (code === 0 && typeof initMs === 'number' && typeof cpuMs === 'number') return { wallMs: initMs, cpuMs };
  } catch {
    // falls through to the failure below
  }
  throw new Error(stderr.trim().split('\n').slice(0, 3).join(' ') || `exited with ${code ?? signal}`);
}

/**
 * Measures every subject `runs` times, round by round (each round visits every subject), so load on the machine
 * during the run spreads evenly over functions and baselines instead of skewing one of them.
 */
export async function measureInits(
  subjects: readonly InitSubject[],
  runs: number,
  concurrency = 2,
): Promise<InitResult[]> {
  const samples = new Map<string, { wallMs: number; cpuMs: number }[]>(subjects.map((s) => [s.id, []]));
  const errors = new Map<string, string>();
  const tasks = Array.from({ length: runs }, () => subjects).flatMap((round) =>
    round.map((subject) => async () => {
      if (errors.has(subject.id)) return;
      try {
        samples.get(subject.id)?.push(await measureInitOnce(subject));
      } catch (first) {
        // One retry: a process that could not even be spawned says nothing about the bundle.
        try {
          samples.get(subject.id)?.push(await measureInitOnce(subject));
        } catch {
          errors.set(subject.id, (first as Error).message);
        }
      }
    }),
  );
  await runBounded(tasks, concurrency);
  return subjects.map((subject) => {
    const error = errors.get(subject.id);
    if (error !== undefined) return { subject, error };
    const runs = samples.get(subject.id) ?? [];
    return {
      subject,
      summary: summarize(runs.map((r) => r.cpuMs)),
      wall: summarize(runs.map((r) => r.wallMs)),
    };
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
