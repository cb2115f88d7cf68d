export { type ApiRoute, apiRoutes } from './api-routes';
export { applySamGlobals, SAM_GLOBALS_SECTIONS } from './apply-sam-globals';
export { cidrSubnets } from './cidr';
export { type DiscoveredStack, discoverStacks } from './discover-stacks';
export { conditionReferences, evaluateConditions } from './evaluate-conditions';
export {
  type ExpandedServerlessFunction,
  expandServerlessFunction,
  type FunctionEvent,
  type FunctionPolicy,
} from './expand-serverless-function';
export { type OrderableStack, orderStacks, type StackContextInput, type StackLinks, stackLinks } from './order-stacks';
export { loadTemplate, parseTemplate } from './parse-template';
export {
  createResolveContext,
  LOCAL_PSEUDO_DEFAULTS,
  type ResolveContext,
  type ResolvedResource,
  stackIdOf,
} from './resolve-context';
export {
  type ParameterOverride,
  type ResolvedParameters,
  type ResolveParametersOptions,
  resolveParameters,
  resolveParametersAsync,
} from './resolve-parameters';
export { intrinsicName, resolveValue } from './resolve-value';
export { TemplateError } from './template-error';
export type { CfnOutput, CfnParameter, CfnResource, CfnTemplate } from './template-types';
