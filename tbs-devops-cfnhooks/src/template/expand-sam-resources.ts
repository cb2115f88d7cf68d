import { isRecord } from '../rules/property-values';
import type { CfnResource, CfnTemplate } from './parse-cfn-template';

/** A resource as CloudFormation will see it after the SAM transform, for the properties the rules read. */
export interface ExpandedResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** The resource in the authored template this one comes from (itself when not a SAM resource). */
  source: { logicalId: string; type: string };
}

const GLOBALS_SECTION: Record<string, string> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
};

/** SAM's Globals merge: maps merge key by key, lists concatenate, scalars in the resource win. */
function mergeGlobals(global: unknown, local: unknown): unknown {
  if (local === undefined) return global;
  if (isRecord(global) && isRecord(local) && !isIntrinsicLike(local)) {
    const merged: Record<string, unknown> = { ...global };
    for (const [key, value] of Object.entries(local)) merged[key] = mergeGlobals(global[key], value);
    return merged;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}

function isIntrinsicLike(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::'));
}

/** Returns the template's resources with SAM Globals applied (the template itself is not modified). */
export function applyGlobals(template: CfnTemplate): Record<string, CfnResource> {
  const globals = isRecord(template.Globals) ? template.Globals : {};
  const out: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const section = GLOBALS_SECTION[resource.Type];
    const global = section ? globals[section] : undefined;
    out[logicalId] = isRecord(global)
      ? { ...resource, Properties: mergeGlobals(global, resource.Properties ?? {}) as Record<string, unknown> }
      : resource;
  }
  return out;
}

function tracingConfig(tracing: unknown): Record<string, unknown> | undefined {
  if (tracing === undefined) return undefined;
  return { Mode: tracing };
}

function expandFunction(logicalId: string, props: Record<string, unknown>): Record<string, unknown> {
  const lambda: Record<string, unknown> = {};
  for (const key of [
    'Runtime',
    'Handler',
    'Timeout',
    'MemorySize',
    'ReservedConcurrentExecutions',
    'Architectures',
    'Environment',
    'LoggingConfig',
    'PackageType',
    'KmsKeyArn',
    'FunctionName',
    'Layers',
    'VpcConfig',
  ]) {
    if (props[key] !== undefined) lambda[key] = props[key];
  }
  const tracing = tracingConfig(props['Tracing']);
  if (tracing) lambda['TracingConfig'] = tracing;
  // SAM generates <LogicalId>Role from Policies when no Role is given.
  lambda['Role'] = props['Role'] ?? { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] };
  return lambda;
}

function expandSimpleTable(props: Record<string, unknown>): Record<string, unknown> {
  // SimpleTable always becomes an on-demand-or-provisioned table without point-in-time recovery.
  return {
    BillingMode: props['ProvisionedThroughput'] ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(props['SSESpecification'] ? { SSESpecification: props['SSESpecification'] } : {}),
  };
}

/**
 * Expands the SAM resources the rules care about the way the SAM transform does: a Serverless::Function
 * becomes an AWS::Lambda::Function with the same logical id, a SimpleTable a DynamoDB table. Other resources
 * pass through unchanged.
 */
export function expandSamResources(template: CfnTemplate): ExpandedResource[] {
  const resources = applyGlobals(template);
  const expanded: ExpandedResource[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    const source = { logicalId, type: resource.Type };
    switch (resource.Type) {
      case 'AWS::Serverless::Function':
        expanded.push({
          logicalId,
          type: 'AWS::Lambda::Function',
          properties: expandFunction(logicalId, props),
          source,
        });
        break;
      case 'AWS::Serverless::SimpleTable':
        expanded.push({ logicalId, type: 'AWS::DynamoDB::Table', properties: expandSimpleTable(props), source });
        break;
      default:
        expanded.push({ logicalId, type: resource.Type, properties: props, source });
    }
  }
  return expanded;
}
