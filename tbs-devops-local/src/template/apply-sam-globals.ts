import { intrinsicName } from './resolve-value';
import { TemplateError } from './template-error';
import type { CfnResource, CfnTemplate } from './template-types';

/** Which `Globals` section applies to which SAM resource type. */
export const SAM_GLOBALS_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  LayerVersion: 'AWS::Serverless::LayerVersion',
};

/** Function properties SAM refuses in Globals, because they must differ per function. */
const NOT_GLOBAL_FUNCTION_PROPERTIES = ['Role', 'Policies', 'FunctionName', 'Events'];

/**
 * A copy of the template where each `Globals` section is merged into the Properties of every resource of its
 * type, as the SAM transform does: mappings merge key by key (recursively, the resource's value winning),
 * lists concatenate (globals first), and any other value (scalars, intrinsic functions, type mismatches) is
 * taken from the resource when it sets one. The copy has no `Globals` section, so applying twice is harmless.
 */
export function applySamGlobals(template: CfnTemplate): CfnTemplate {
  const copy = structuredClone(template);
  const globals = copy.Globals;
  delete copy.Globals;
  if (!globals) return copy;
  if (typeof globals !== 'object' || Array.isArray(globals)) throw new TemplateError("'Globals' must be a mapping");
  for (const [section, properties] of Object.entries(globals)) {
    if (!(section in SAM_GLOBALS_SECTIONS)) {
      const known = Object.keys(SAM_GLOBALS_SECTIONS).sort().join(', ');
      throw new TemplateError(`Globals: '${section}' is not supported; must be one of ${known}`);
    }
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
      throw new TemplateError(`Globals.${section} must be a mapping`);
    }
    const refused =
      section === 'Function'
        ? Object.keys(properties).filter((key) => NOT_GLOBAL_FUNCTION_PROPERTIES.includes(key))
        : [];
    if (refused.length > 0) {
      throw new TemplateError(
        `Globals.Function: ${refused.join(', ')} cannot be set globally; set it on each function`,
      );
    }
  }
  for (const [section, type] of Object.entries(SAM_GLOBALS_SECTIONS)) {
    const sectionGlobals = globals[section];
    if (!sectionGlobals) continue;
    for (const resource of Object.values(copy.Resources) as CfnResource[]) {
      if (resource?.Type !== type) continue;
      resource.Properties = mergeGlobal(structuredClone(sectionGlobals), resource.Properties ?? {}) as Record<
        string,
        unknown
      >;
    }
  }
  return copy;
}

type Token = 'map' | 'list' | 'primitive';

function tokenOf(value: unknown): Token {
  if (Array.isArray(value)) return 'list';
  // SAM treats intrinsic functions as opaque values: a resource's !If replaces a global map, it is not merged.
  if (value !== null && typeof value === 'object' && intrinsicName(value) === undefined) return 'map';
  return 'primitive';
}

function mergeGlobal(globalValue: unknown, localValue: unknown): unknown {
  const token = tokenOf(localValue);
  if (token !== tokenOf(globalValue) || token === 'primitive') return localValue;
  if (token === 'list') return [...(globalValue as unknown[]), ...(localValue as unknown[])];
  const merged: Record<string, unknown> = { ...(globalValue as Record<string, unknown>) };
  for (const [key, value] of Object.entries(localValue as Record<string, unknown>)) {
    merged[key] = key in merged ? mergeGlobal(merged[key], value) : value;
  }
  return merged;
}
