import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { applySamGlobals, type CfnTemplate, loadTemplate } from '../template';
import { type BuiltFunction, buildStack } from './build-stack';
import { placeholderEnvironment } from './placeholder-environment';
import { runBounded } from './run-bounded';
import { invokeBundle, smokeTestBundle } from './run-bundle';

/** A stack's functions built into a temporary folder, for the smoke tests of built bundles. */
export interface BuiltStack {
  functions: BuiltFunction[];
  /** The template with SAM Globals applied. */
  template: CfnTemplate;
  bundle(logicalId: string): BuiltFunction;
  /** The function's environment as the template gives it (resources as placeholders), then `extra` on top. */
  environment(logicalId: string, extra?: Record<string, string>): Record<string, string>;
  /** Invokes the function's bundle once in a fresh Node process with its environment (see `environment`). */
  invoke<T = unknown>(logicalId: string, event: unknown, extra?: Record<string, string>): Promise<T>;
  /** Imports every bundle in a fresh process with its environment: `LogicalId: reason` for each that fails. */
  loadFailures(): Promise<string[]>;
  /** Removes the temporary folder. */
  remove(): Promise<void>;
}

const exportOf = (fn: BuiltFunction) => fn.handler.slice(fn.handler.lastIndexOf('.') + 1);

/**
 * Builds a stack's functions (all, or the ones named) with esbuild from the template Metadata, as `sam build`
 * would, into a fresh temporary folder.
 */
export async function buildStackForTest(stackDir: string, functions?: string[]): Promise<BuiltStack> {
  const dir = resolve(stackDir);
  const stackName = `${basename(dir)}-local`;
  const outRoot = await mkdtemp(join(tmpdir(), `${basename(dir)}-bundles-`));
  const [build, template] = await Promise.all([
    buildStack(dir, { outRoot, ...(functions && { functions }) }),
    loadTemplate(join(dir, 'template.yaml')).then(applySamGlobals),
  ]).catch(async (error: unknown) => {
    await rm(outRoot, { recursive: true, force: true });
    throw error;
  });
  const bundle = (logicalId: string) => {
    const found = build.functions.find((fn) => fn.logicalId === logicalId);
    if (!found) throw new Error(`${logicalId} was not built`);
    return found;
  };
  const environment = (logicalId: string, extra: Record<string, string> = {}) => ({
    ...placeholderEnvironment(template, logicalId, stackName),
    ...extra,
  });
  return {
    functions: build.functions,
    template,
    bundle,
    environment,
    invoke: (logicalId, event, extra) =>
      invokeBundle(bundle(logicalId).outFile, exportOf(bundle(logicalId)), event, environment(logicalId, extra)),
    async loadFailures() {
      const results = await runBounded(
        build.functions.map((fn) => async () => {
          const result = await smokeTestBundle(fn.outFile, exportOf(fn), environment(fn.logicalId));
          return result.ok ? undefined : `${fn.logicalId}: ${result.error}`;
        }),
        2,
      );
      return results.filter((failure): failure is string => failure !== undefined);
    },
    remove: () => rm(outRoot, { recursive: true, force: true }),
  };
}
