export { type DiscoveredStack, discoverStacks } from './discover-stacks';
export { loadTemplate, parseTemplate } from './parse-template';
export { TemplateError } from './template-error';
export type { CfnOutput, CfnParameter, CfnResource, CfnTemplate } from './template-types';
