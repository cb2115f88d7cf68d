import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type Message, type Metafile } from 'esbuild';
import { applySamGlobals, type CfnResource, discoverStacks, loadTemplate } from '../template';
import { type EsbuildPlan, esbuildPlanFor, handlerFile } from './esbuild-options';
import { defaultConcurrency, runBounded } from './run-bounded';

/** One bundled function, as listed in `.build/<stack>/manifest.json`. Paths are absolute (`.build` is machine-local). */
export interface BuiltFunction {
  stack: string;
  logicalId: string;
  /** The template's Handler, `file.export` relative to the output folder (e.g. `get-product.handler`). */
  handler: string;
  /** The (first) entry point's source file. */
  entry: string;
  /** The bundle the handler points at. */
  outFile: string;
  /** The function's output folder, i.e. what `sam build` would zip as the function's code. */
  outDir: string;
  bytes: number;
  gzipBytes: number;
  format: string;
  sourcemap: boolean;
  warnings: string[];
}

export interface BuildOptions {
  /** The repository root (for `.build/` and the manifest paths); found from the stack folder when absent. */
  repoRoot?: string;
  /** Where the output goes; default `<repoRoot>/.build`. */
  outRoot?: string;
  /** Build only these logical ids. */
  functions?: string[];
  /** Builds at once; default: the core count, at most 4. */
  concurrency?: number;
}

export interface StackBuild {
  stack: string;
  manifestPath: string;
  functions: BuiltFunction[];
  /** Logical ids bundled by this build; the others were unchanged and reused from the cache. */
  rebuilt: string[];
}

/** A failed build: names the stack, the function and the esbuild messages with file:line. */
export class BuildError extends Error {
  override readonly name = 'BuildError';
}

interface Job {
  stack: string;
  stackDir: string;
  logicalId: string;
  resource: CfnResource;
}

/**
 * Bundles every AWS::Serverless::Function of `<stackDir>/template.yaml` (Globals applied) whose Metadata has
 * `BuildMethod: esbuild`, as `sam build` would, into `.build/<stack>/<LogicalId>/`, and writes
 * `.build/<stack>/manifest.json` (a `BuiltFunction[]`) and `.build/<stack>/<LogicalId>/manifest.json` (that
 * function's `BuiltFunction`).
 */
export async function buildStack(stackDir: string, opts: BuildOptions = {}): Promise<StackBuild> {
  const dir = resolve(stackDir);
  const repoRoot = resolve(opts.repoRoot ?? findRepoRoot(dir));
  const template = applySamGlobals(await loadTemplate(join(dir, 'template.yaml')));
  const stack = basename(dir);
  const jobs = jobsOf(stack, dir, template.Resources, opts.functions);
  const [result] = await buildJobs(jobs, [stack], repoRoot, opts, opts.functions === undefined);
  return result as StackBuild;
}

/** Builds every `tbs-*` stack with esbuild functions under the repository root (bounded parallelism). */
export async function buildAll(
  repoRoot: string,
  opts: Omit<BuildOptions, 'repoRoot' | 'functions'> = {},
): Promise<StackBuild[]> {
  const root = resolve(repoRoot);
  const stacks = await discoverStacks(root);
  const jobs: Job[] = [];
  const names: string[] = [];
  for (const stack of stacks) {
    const stackJobs = jobsOf(stack.name, stack.dir, applySamGlobals(stack.template).Resources);
    if (stackJobs.length === 0) continue;
    names.push(stack.name);
    jobs.push(...stackJobs);
  }
  return buildJobs(jobs, names, root, opts, true);
}

/** Reads a manifest written by `buildStack`/`buildAll`. */
export async function readManifest(manifestPath: string): Promise<BuiltFunction[]> {
  return JSON.parse(await readFile(manifestPath, 'utf8')) as BuiltFunction[];
}

function jobsOf(stack: string, stackDir: string, resources: Record<string, CfnResource>, only?: string[]): Job[] {
  const jobs = Object.entries(resources)
    .filter(([, r]) => r?.Type === 'AWS::Serverless::Function' && r.Metadata?.BuildMethod === 'esbuild')
    .filter(([id]) => only === undefined || only.includes(id))
    .map(([logicalId, resource]) => ({ stack, stackDir, logicalId, resource }));
  const missing = (only ?? []).filter((id) => !jobs.some((job) => job.logicalId === id));
  if (missing.length > 0) throw new BuildError(`${stack}: no esbuild function named ${missing.join(', ')}`);
  return jobs;
}

/** A function ready to bundle: its esbuild plan and where its output and cache record go. */
interface Prepared {
  job: Job;
  id: string;
  handler: string;
  codeDir: string;
  outDir: string;
  tsconfig: string | undefined;
  plan: EsbuildPlan;
  /** Functions with the same signature are bundled by one esbuild call. */
  signature: string;
  cachePath: string;
  repoRoot: string;
}

/**
 * What a previous build of a function read: every input outside node_modules with its content hash, and the
 * package.json files that govern them, including those that did not exist (`ABSENT`), since adding one changes
 * the build as much as editing it.
 */
interface CacheRecord {
  key: string;
  inputs: Record<string, { mtimeMs: number; size: number; sha256: string }>;
  built: BuiltFunction;
}

const ABSENT = 'absent';

async function buildJobs(
  jobs: Job[],
  stacks: string[],
  repoRoot: string,
  opts: BuildOptions,
  cleanStacks: boolean,
): Promise<StackBuild[]> {
  const outRoot = resolve(opts.outRoot ?? join(repoRoot, '.build'));
  if (cleanStacks) {
    // Drops bundles of functions removed from a template, so the manifest and folders never disagree.
    await Promise.all(stacks.map((stack) => removeStale(join(outRoot, stack), jobs, stack)));
  }
  const hashes = new FileHashes();
  // node_modules is covered by the lockfile: its files are not hashed one by one.
  const lockfile = join(repoRoot, 'package-lock.json');
  const lockHash = isFile(lockfile) ? hashes.of(lockfile) : 'no-lockfile';
  const prepared = jobs.map((job) => prepare(job, repoRoot, outRoot, lockHash, hashes));
  const reused = new Map<Prepared, BuiltFunction>();
  for (const p of prepared) {
    const hit = cached(p, hashes);
    if (hit) reused.set(p, hit);
  }
  const groups = new Map<string, Prepared[]>();
  for (const p of prepared) {
    if (reused.has(p)) continue;
    const key = p.plan.entryPoints.length === 1 ? p.signature : `${p.signature}\0${p.id}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const builtGroups = await runBounded(
    [...groups.values()].map((group) => () => bundleGroup(group, outRoot, hashes)),
    opts.concurrency ?? defaultConcurrency(),
  );
  const fresh = new Map(builtGroups.flat().map((b) => [b.prepared, b.built]));
  const results: StackBuild[] = [];
  for (const stack of stacks) {
    const functions = prepared
      .filter((p) => p.job.stack === stack)
      .map((p) => (reused.get(p) ?? fresh.get(p)) as BuiltFunction);
    const manifestPath = join(outRoot, stack, 'manifest.json');
    await mkdir(dirname(manifestPath), { recursive: true });
    await writeFileAtomic(manifestPath, `${JSON.stringify(functions, null, 2)}\n`);
    const rebuilt = prepared.filter((p) => p.job.stack === stack && fresh.has(p)).map((p) => p.job.logicalId);
    results.push({ stack, manifestPath, functions, rebuilt });
  }
  return results;
}

/** Removes output folders of functions no longer in the template (the cache and manifests of the others stay). */
async function removeStale(stackOut: string, jobs: Job[], stack: string): Promise<void> {
  if (!existsSync(stackOut)) return;
  const current = new Set(jobs.filter((j) => j.stack === stack).map((j) => j.logicalId));
  for (const entry of await readdir(stackOut, { withFileTypes: true })) {
    if (entry.name === CACHE_DIR || entry.name === 'manifest.json') continue;
    if (!entry.isDirectory() || !current.has(entry.name)) {
      await rm(join(stackOut, entry.name), { recursive: true, force: true });
      await rm(join(stackOut, CACHE_DIR, `${entry.name}.json`), { force: true });
    }
  }
}

const CACHE_DIR = '.cache';

function prepare(job: Job, repoRoot: string, outRoot: string, lockHash: string, hashes: FileHashes): Prepared {
  const { stack, stackDir, logicalId, resource } = job;
  const id = `${stack}/${logicalId}`;
  const properties = resource.Properties ?? {};
  const handler = properties.Handler;
  const codeUri = properties.CodeUri ?? '.';
  if (typeof handler !== 'string') throw new BuildError(`${id}: Handler must be a string`);
  if (typeof codeUri !== 'string') throw new BuildError(`${id}: CodeUri must be a local folder to build from`);
  const codeDir = resolve(stackDir, codeUri);
  if (!existsSync(codeDir)) throw new BuildError(`${id}: CodeUri ${codeUri} does not exist`);
  const buildProperties = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
  const plan = esbuildPlanFor(id, buildProperties, handler, (path) => isFile(join(codeDir, path)));
  const tsconfig = nearestTsconfig(codeDir, repoRoot);
  // tsconfig files are read by esbuild but never listed as metafile inputs: they are part of the signature.
  const tsconfigs = [tsconfig, join(repoRoot, 'tsconfig.base.json')].filter((f): f is string => !!f && isFile(f));
  const signature = JSON.stringify({
    esbuild: esbuildVersion,
    codeDir,
    options: plan.options,
    tsconfig,
    tsconfigHashes: tsconfigs.map((f) => hashes.of(f)),
    lockHash,
  });
  return {
    job,
    id,
    handler,
    codeDir,
    outDir: join(outRoot, stack, logicalId),
    tsconfig,
    plan,
    signature,
    cachePath: join(outRoot, stack, CACHE_DIR, `${logicalId}.json`),
    repoRoot,
  };
}

function cacheKey(p: Prepared): string {
  return createHash('sha256')
    .update(JSON.stringify([p.signature, p.handler, p.plan.entryPoints, p.outDir]))
    .digest('hex');
}

/** The previous build of this function when its key and every input it read are unchanged. */
function cached(p: Prepared, hashes: FileHashes): BuiltFunction | undefined {
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(p.cachePath, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  if (record.key !== cacheKey(p) || !isFile(record.built.outFile)) return undefined;
  for (const [file, seen] of Object.entries(record.inputs)) {
    let stat: Stats;
    try {
      stat = statSync(file);
    } catch {
      if (seen.sha256 === ABSENT) continue;
      return undefined;
    }
    if (seen.sha256 === ABSENT) return undefined;
    // Same size and time: unchanged. Otherwise the content decides (a checkout or touch changes times only).
    if (stat.mtimeMs === seen.mtimeMs && stat.size === seen.size) continue;
    if (hashes.of(file) !== seen.sha256) return undefined;
  }
  return record.built;
}

/**
 * Bundles functions that share their esbuild options and code folder in one esbuild call (one entry point per
 * function, each written to its own folder). When the call fails, each function is built alone so the error
 * names the function it belongs to.
 */
async function bundleGroup(
  group: Prepared[],
  outRoot: string,
  hashes: FileHashes,
): Promise<Array<{ prepared: Prepared; built: BuiltFunction }>> {
  const [first] = group as [Prepared];
  const single = group.length === 1;
  const entryPoints = single
    ? first.plan.entryPoints.map((entry) => join(first.codeDir, entry))
    : group.map((p) => ({
        in: join(p.codeDir, p.plan.entryPoints[0] as string),
        out: `${p.job.logicalId}/${basename(p.plan.entryPoints[0] as string).replace(/\.[cm]?[jt]sx?$/, '')}`,
      }));
  let metafile: Metafile;
  try {
    const result = await build({
      ...first.plan.options,
      absWorkingDir: first.codeDir,
      entryPoints,
      outdir: single ? first.outDir : join(outRoot, first.job.stack),
      ...(first.tsconfig ? { tsconfig: first.tsconfig } : {}),
      logLevel: 'silent',
      // Written below file by file, atomically: a running local cloud may be loading these bundles right now.
      write: false,
      metafile: true,
    });
    metafile = result.metafile;
    await replaceOutputs(
      group.map((p) => p.outDir),
      result.outputFiles,
    );
  } catch (error) {
    if (!single) {
      const each = await runBounded(
        group.map((p) => () => bundleGroup([p], outRoot, hashes)),
        defaultConcurrency(),
      );
      return each.flat();
    }
    const messages = (error as { errors?: Message[] }).errors;
    const detail = messages?.length ? messages.map(formatMessage).join('\n') : (error as Error).message;
    throw new BuildError(`${first.id}: esbuild failed\n${detail}`);
  }
  const results: Array<{ prepared: Prepared; built: BuiltFunction }> = [];
  for (const p of group) {
    const built = await finish(p);
    const inputs: CacheRecord['inputs'] = {};
    const remember = (file: string) => {
      if (!isFile(file)) {
        inputs[file] = { mtimeMs: 0, size: 0, sha256: ABSENT };
        return;
      }
      const stat = statSync(file);
      inputs[file] = { mtimeMs: stat.mtimeMs, size: stat.size, sha256: hashes.of(file) };
    };
    for (const [output, meta] of Object.entries(metafile.outputs)) {
      if (!resolve(first.codeDir, output).startsWith(p.outDir + sep)) continue;
      for (const input of readFor(metafile, meta)) {
        const file = resolve(first.codeDir, input);
        if (file.split(sep).includes('node_modules') || !isFile(file)) continue;
        remember(file);
        // esbuild reads these too (sideEffects, exports, type) but never lists them as inputs.
        for (const manifest of packageJsonsAbove(file, p.repoRoot)) remember(manifest);
      }
    }
    await mkdir(dirname(p.cachePath), { recursive: true });
    const record: CacheRecord = { key: cacheKey(p), inputs, built };
    await writeFileAtomic(p.cachePath, JSON.stringify(record));
    results.push({ prepared: p, built });
  }
  return results;
}

/** Checks the handler's file exists, adds what Lambda needs to load it, and writes the function's manifest. */
async function finish(p: Prepared): Promise<BuiltFunction> {
  const { id, handler, plan, outDir, codeDir } = p;
  const outFile = join(outDir, handlerFile(handler) + plan.jsExtension);
  if (!isFile(outFile)) {
    throw new BuildError(
      `${id}: Handler "${handler}" needs ${relative(outDir, outFile)} in the build output, which esbuild did not ` +
        `produce: make the Handler's file match the entry point's name (${plan.entryPoints.join(', ')})`,
    );
  }
  const warnings = [...plan.warnings];
  if (plan.options.format === 'esm' && plan.jsExtension === '.js') {
    warnings.push(`${id}: ESM output in .js files needs OutExtension [".js=.mjs"] for Lambda to load it as a module`);
  }
  if (plan.jsExtension === '.js' && plan.options.format === 'cjs') {
    // Lambda's code folder has no package.json, so .js is CommonJS there; the repository's "type": "module"
    // would otherwise make Node load the bundle as ESM when it runs from .build/.
    await writeFileAtomic(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  }
  const content = await readFile(outFile);
  const built: BuiltFunction = {
    stack: p.job.stack,
    logicalId: p.job.logicalId,
    handler,
    entry: join(codeDir, plan.entryPoints[0] as string),
    outFile,
    outDir,
    bytes: content.byteLength,
    gzipBytes: gzipSync(content).byteLength,
    format: String(plan.options.format),
    sourcemap: plan.options.sourcemap === true,
    warnings,
  };
  // Each function folder describes itself too, so a runtime can load one function without the stack manifest.
  await writeFileAtomic(join(outDir, 'manifest.json'), `${JSON.stringify(built, null, 2)}\n`);
  return built;
}

/**
 * Writes a file so that a reader sees the old content or the new, never a partial file: builds run while other
 * processes (another local cloud, a test file) load bundles from `.build`, and may build the same function at once.
 */
async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

const TEMPORARY_SUFFIX = '.tmp';

/** Puts esbuild's output in place (each file atomically) and removes what the folders held from earlier builds. */
async function replaceOutputs(outDirs: string[], files: Array<{ path: string; contents: Uint8Array }>) {
  const written = new Set(files.map((f) => f.path));
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, file.contents);
  }
  const keep = (path: string) =>
    written.has(path) || path.endsWith(TEMPORARY_SUFFIX) || ['package.json', 'manifest.json'].includes(basename(path));
  for (const dir of outDirs.filter((d) => existsSync(d))) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isFile() && !keep(path)) await rm(path, { force: true });
    }
  }
}

/** Content hashes, each file read once per build. */
class FileHashes {
  private readonly known = new Map<string, string>();
  of(file: string): string {
    let hash = this.known.get(file);
    if (hash === undefined) {
      hash = createHash('sha256').update(readFileSync(file)).digest('hex');
      this.known.set(file, hash);
    }
    return hash;
  }
}

function formatMessage(message: Message): string {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column}: `
    : '';
  return `  ${where}${message.text}`;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The files esbuild read for one output: those in it and every file its entry point imports, also those tree
 * shaking left out (a package.json change can bring them back).
 */
function readFor(metafile: Metafile, output: Metafile['outputs'][string]): Set<string> {
  const files = new Set(Object.keys(output.inputs));
  const pending = output.entryPoint === undefined ? [] : [output.entryPoint];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (files.has(path) && path !== output.entryPoint) continue;
    files.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (!imported.external && !files.has(imported.path)) pending.push(imported.path);
    }
  }
  return files;
}

/**
 * Where a package.json may sit from a file's folder up to the repository root, whether or not one does: the
 * package manifests decide how esbuild treats the file (`sideEffects` for tree shaking, `type`, `exports` and
 * `imports` for resolution), and esbuild reads them without listing them in the metafile. Those inside
 * node_modules are covered by the lockfile.
 */
function packageJsonsAbove(file: string, repoRoot: string): string[] {
  const manifests: string[] = [];
  const root = resolve(repoRoot);
  for (let dir = dirname(file); dir === root || dir.startsWith(root + sep); dir = dirname(dir)) {
    manifests.push(join(dir, 'package.json'));
    if (dir === root) break;
  }
  return manifests;
}

/** The tsconfig.json esbuild would find from the code folder (walking up, not past the repository root). */
function nearestTsconfig(from: string, repoRoot: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    if (isFile(candidate)) return candidate;
    if (dir === repoRoot || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** The closest folder above `from` whose package.json declares npm workspaces, else the stack's parent. */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  while (dirname(dir) !== dir) {
    dir = dirname(dir);
    const manifest = join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // an unreadable package.json is not the root; keep looking
      }
    }
  }
  return dirname(resolve(from));
}
