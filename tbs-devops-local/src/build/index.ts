export {
  BuildError,
  type BuildOptions,
  type BuiltFunction,
  buildAll,
  buildStack,
  findRepoRoot,
  readManifest,
  type StackBuild,
} from './build-stack';
export { type BuiltStack, buildStackForTest } from './built-stack';
export { BuildPropertiesError, type EsbuildPlan, esbuildPlanFor, handlerFile } from './esbuild-options';
export { placeholderEnvironment } from './placeholder-environment';
export { defaultConcurrency, runBounded } from './run-bounded';
export { invokeBundle, type SmokeResult, smokeTestBundle } from './run-bundle';
export { bundleEnvironment, type NodeRun, type RunNodeOptions, runNode } from './run-node';
