import { TemplateError } from './template-error';
import type { CfnParameter, CfnTemplate } from './template-types';

export type ParameterOverride = string | number | boolean | string[];
export type ResolvedParameters = Record<string, string | string[]>;

export interface ResolveParametersOptions {
  /** Looks up an SSM parameter's value for `AWS::SSM::Parameter::Value<...>` parameters. */
  resolveSsmParameter?: (name: string) => string | undefined;
  /** Used in error messages. */
  stackName?: string;
}

const SSM_PREFIX = 'AWS::SSM::Parameter::Value<';

/**
 * Gives every template parameter its value: the override, else the Default. Checks the type (String, Number,
 * List<Number>, CommaDelimitedList, AWS-specific and SSM types) and AllowedValues, AllowedPattern, Min/MaxLength,
 * Min/MaxValue, as CloudFormation does at deploy time. Values are strings (lists are string arrays), because
 * `Ref` to a parameter yields strings in CloudFormation even for Number parameters.
 */
export function resolveParameters(
  template: CfnTemplate,
  overrides: Record<string, ParameterOverride | undefined> = {},
  options: ResolveParametersOptions = {},
): ResolvedParameters {
  const declared = (template.Parameters ?? {}) as Record<string, CfnParameter>;
  const where = options.stackName ? ` of stack ${options.stackName}` : '';
  const unknown = Object.keys(overrides).filter((name) => overrides[name] !== undefined && !(name in declared));
  if (unknown.length > 0)
    throw new TemplateError(`parameters ${unknown.join(', ')} do not exist in the template${where}`);

  const resolved: ResolvedParameters = {};
  const missing: string[] = [];
  for (const [name, definition] of Object.entries(declared)) {
    const given = overrides[name] ?? definition.Default;
    if (given === undefined || given === null) {
      missing.push(name);
      continue;
    }
    resolved[name] = checkParameter(name, definition, given, options, where);
  }
  if (missing.length > 0) throw new TemplateError(`parameters ${missing.join(', ')}${where} must have values`);
  return resolved;
}

/**
 * Like `resolveParameters`, with an asynchronous SSM lookup (e.g. a GetParameter call to the local SSM stand-in).
 */
export async function resolveParametersAsync(
  template: CfnTemplate,
  overrides: Record<string, ParameterOverride | undefined> = {},
  options: Omit<ResolveParametersOptions, 'resolveSsmParameter'> & {
    resolveSsmParameter?: (name: string) => Promise<string | undefined>;
  } = {},
): Promise<ResolvedParameters> {
  const declared = (template.Parameters ?? {}) as Record<string, CfnParameter>;
  const found = new Map<string, string | undefined>();
  if (options.resolveSsmParameter) {
    for (const [name, definition] of Object.entries(declared)) {
      const ssmName = overrides[name] ?? definition.Default;
      if (
        typeof definition.Type === 'string' &&
        definition.Type.startsWith(SSM_PREFIX) &&
        typeof ssmName === 'string'
      ) {
        found.set(ssmName, await options.resolveSsmParameter(ssmName));
      }
    }
  }
  const syncOptions: ResolveParametersOptions = {
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
    ...(options.resolveSsmParameter ? { resolveSsmParameter: (name: string) => found.get(name) } : {}),
  };
  return resolveParameters(template, overrides, syncOptions);
}

function checkParameter(
  name: string,
  definition: CfnParameter,
  given: unknown,
  options: ResolveParametersOptions,
  where: string,
): string | string[] {
  const fail = (message: string): never => {
    const hint = definition.ConstraintDescription ? ` (${definition.ConstraintDescription})` : '';
    throw new TemplateError(`parameter ${name}${where}: ${message}${hint}`);
  };
  let type = definition.Type;
  if (typeof type !== 'string') fail('has no Type');
  let value: unknown = given;
  if (type.startsWith(SSM_PREFIX) && type.endsWith('>')) {
    if (typeof value !== 'string') fail('an SSM parameter type needs the SSM parameter name as its value');
    if (!options.resolveSsmParameter) fail(`SSM parameter "${value}" cannot be resolved: no SSM lookup was given`);
    const ssmValue = options.resolveSsmParameter?.(value as string);
    if (ssmValue === undefined) fail(`SSM parameter "${value}" does not exist`);
    value = ssmValue;
    type = type.slice(SSM_PREFIX.length, -1);
  }
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  if (isList) {
    const items = Array.isArray(value)
      ? value.map((item) => String(item))
      : String(value) === ''
        ? []
        : String(value)
            .split(',')
            .map((item) => item.trim());
    const elementType = type.startsWith('List<') ? type.slice(5, -1) : 'String';
    for (const item of items) checkScalar(item, elementType, definition, fail, true);
    return items;
  }
  if (Array.isArray(value)) fail(`type ${type} takes one value, not a list`);
  if (value !== null && typeof value === 'object') fail(`type ${type} takes a scalar value`);
  const text = String(value);
  checkScalar(text, type, definition, fail, false);
  return text;
}

function checkScalar(
  text: string,
  type: string,
  definition: CfnParameter,
  fail: (message: string) => never,
  inList: boolean,
): void {
  // NoEcho values are secrets: never echo them back in an error.
  const shown = definition.NoEcho === true || definition.NoEcho === 'true' ? '****' : `"${text}"`;
  if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(text)) {
    fail(`${shown} is not one of the allowed values ${definition.AllowedValues.map(String).join(', ')}`);
  }
  if (type === 'Number') {
    if (text.trim() === '' || !Number.isFinite(Number(text))) fail(`${shown} is not a number`);
    const n = Number(text);
    if (definition.MinValue !== undefined && n < Number(definition.MinValue))
      fail(`${shown} is below MinValue ${definition.MinValue}`);
    if (definition.MaxValue !== undefined && n > Number(definition.MaxValue))
      fail(`${shown} is above MaxValue ${definition.MaxValue}`);
    return;
  }
  if (!inList || type === 'String') {
    if (definition.AllowedPattern !== undefined && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(text)) {
      fail(`${shown} does not match the pattern ${definition.AllowedPattern}`);
    }
    if (definition.MinLength !== undefined && text.length < Number(definition.MinLength)) {
      fail(`${shown} is shorter than MinLength ${definition.MinLength}`);
    }
    if (definition.MaxLength !== undefined && text.length > Number(definition.MaxLength)) {
      fail(`the value is longer than MaxLength ${definition.MaxLength}`);
    }
  }
}
