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
export { BuildPropertiesError, type EsbuildPlan, esbuildPlanFor, handlerFile } from './esbuild-options';
export { invokeBundle } from './invoke-bundle';
export { placeholderEnvironment } from './placeholder-environment';
export { defaultConcurrency, runBounded } from './run-bounded';
export { type SmokeResult, smokeTestBundle } from './smoke-bundle';
