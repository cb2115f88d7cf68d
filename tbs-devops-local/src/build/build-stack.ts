import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Message } from 'esbuild';
import { applySamGlobals, type CfnResource, discoverStacks, loadTemplate } from '../template';
import { esbuildPlanFor, handlerFile } from './esbuild-options';
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
    await Promise.all(stacks.map((stack) => rm(join(outRoot, stack), { recursive: true, force: true })));
  }
  const built = await runBounded(
    jobs.map((job) => () => buildFunction(job, repoRoot, outRoot)),
    opts.concurrency ?? defaultConcurrency(),
  );
  const results: StackBuild[] = [];
  for (const stack of stacks) {
    const functions = built.filter((fn) => fn.stack === stack);
    const manifestPath = join(outRoot, stack, 'manifest.json');
    await mkdir(dirname(manifestPath), { recursive: true });
    await writeFile(manifestPath, `${JSON.stringify(functions, null, 2)}\n`);
    results.push({ stack, manifestPath, functions });
  }
  return results;
}

async function buildFunction(job: Job, repoRoot: string, outRoot: string): Promise<BuiltFunction> {
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
  const outDir = join(outRoot, stack, logicalId);
  await rm(outDir, { recursive: true, force: true });
  const tsconfig = nearestTsconfig(codeDir, repoRoot);
  try {
    await build({
      ...plan.options,
      absWorkingDir: codeDir,
      entryPoints: plan.entryPoints.map((entry) => join(codeDir, entry)),
      outdir: outDir,
      ...(tsconfig ? { tsconfig } : {}),
      logLevel: 'silent',
      write: true,
    });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    const detail = messages?.length ? messages.map(formatMessage).join('\n') : (error as Error).message;
    throw new BuildError(`${id}: esbuild failed\n${detail}`);
  }

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
    await writeFile(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  }
  const content = await readFile(outFile);
  const built: BuiltFunction = {
    stack,
    logicalId,
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
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(built, null, 2)}\n`);
  return built;
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
