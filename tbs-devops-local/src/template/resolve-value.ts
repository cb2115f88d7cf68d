import { cidrSubnets } from './cidr';
import { type ResolveContext, stackIdOf } from './resolve-context';
import { TemplateError } from './template-error';

/** What `Ref: AWS::NoValue` resolves to before it is dropped from its mapping or list. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const INTRINSICS = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::FindInMap',
  'Fn::ImportValue',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::Cidr',
  'Fn::Length',
  'Fn::ToJsonString',
]);

/** The intrinsic function name when `value` is an intrinsic call (a one-key mapping `Ref`/`Fn::*`/`Condition`). */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  if (key === 'Ref' || key.startsWith('Fn::')) return key;
  if (key === 'Condition' && typeof (value as Record<string, unknown>)[key] === 'string') return key;
  return undefined;
}

/**
 * Resolves every intrinsic function in `value` against `ctx`, returning plain data. `Ref: AWS::NoValue` removes
 * the mapping key or list item holding it (and yields `undefined` at the top). Errors name the path.
 * @param path where `value` sits in the template, used in error messages (e.g. `Resources.Fn.Properties`).
 */
export function resolveValue(value: unknown, ctx: ResolveContext, path = ''): unknown {
  const resolved = resolve(value, ctx, path);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolve(value: unknown, ctx: ResolveContext, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, ctx, `${path}[${i}]`)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const name = intrinsicName(value);
  if (name !== undefined)
    return resolveIntrinsic(name, (value as Record<string, unknown>)[name], ctx, `${path}.${name}`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item, ctx, path ? `${path}.${key}` : key);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function fail(message: string, path: string): never {
  throw new TemplateError(`${message} (at ${path})`);
}

function resolveIntrinsic(name: string, arg: unknown, ctx: ResolveContext, path: string): unknown {
  switch (name) {
    case 'Ref':
      return resolveRef(resolveString(arg, ctx, path, 'Ref'), ctx, path);
    case 'Condition':
      return conditionValue(resolveString(arg, ctx, path, 'Condition'), ctx, path);
    case 'Fn::GetAtt':
      return resolveGetAtt(arg, ctx, path);
    case 'Fn::Sub':
      return resolveSub(arg, ctx, path);
    case 'Fn::Join': {
      const [delimiter, list] = expectArgs(arg, 2, name, path);
      const items = resolveList(list, ctx, `${path}[1]`, name);
      return items
        .map((item, i) => scalarText(item, `${path}[1][${i}]`, name))
        .join(resolveString(delimiter, ctx, path, name));
    }
    case 'Fn::Select': {
      const [indexArg, list] = expectArgs(arg, 2, name, path);
      const index = Number(resolve(indexArg, ctx, `${path}[0]`));
      const items = resolveList(list, ctx, `${path}[1]`, name);
      if (!Number.isInteger(index) || index < 0 || index >= items.length) {
        fail(`Fn::Select index ${String(indexArg)} is outside the list of ${items.length}`, path);
      }
      return items[index];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArgs(arg, 2, name, path);
      return resolveString(source, ctx, `${path}[1]`, name).split(resolveString(delimiter, ctx, `${path}[0]`, name));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArgs(arg, 3, name, path);
      if (typeof condition !== 'string') fail('Fn::If needs a condition name first', path);
      return conditionValue(condition, ctx, path)
        ? resolve(whenTrue, ctx, `${path}[1]`)
        : resolve(whenFalse, ctx, `${path}[2]`);
    }
    case 'Fn::Equals': {
      const [a, b] = expectArgs(arg, 2, name, path);
      return comparable(resolve(a, ctx, `${path}[0]`)) === comparable(resolve(b, ctx, `${path}[1]`));
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) fail(`${name} needs 2 to 10 conditions`, path);
      const values = arg.map((item, i) => resolveBoolean(item, ctx, `${path}[${i}]`, name));
      return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'Fn::Not': {
      const [condition] = expectArgs(arg, 1, name, path);
      return !resolveBoolean(condition, ctx, `${path}[0]`, name);
    }
    case 'Fn::FindInMap':
      return resolveFindInMap(arg, ctx, path);
    case 'Fn::ImportValue': {
      const exportName = resolveString(arg, ctx, path, name);
      const imported = ctx.imports[exportName];
      if (imported === undefined) {
        fail(`stack ${ctx.stackName} imports "${exportName}", which no stack exports`, path);
      }
      return imported;
    }
    case 'Fn::Base64':
      return Buffer.from(resolveString(arg, ctx, path, name), 'utf8').toString('base64');
    case 'Fn::GetAZs': {
      const region = resolveString(arg ?? '', ctx, path, name) || ctx.region;
      return ctx.availabilityZones?.(region) ?? ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::Cidr': {
      const [block, count, bits] = expectArgs(arg, 3, name, path);
      try {
        return cidrSubnets(
          resolveString(block, ctx, `${path}[0]`, name),
          Number(resolve(count, ctx, `${path}[1]`)),
          Number(resolve(bits, ctx, `${path}[2]`)),
        );
      } catch (error) {
        return fail(`Fn::Cidr: ${(error as Error).message}`, path);
      }
    }
    case 'Fn::Length':
      return resolveList(arg, ctx, path, name).length;
    case 'Fn::ToJsonString':
      return JSON.stringify(resolve(arg, ctx, path));
    default:
      if (name === 'Fn::Transform') fail('Fn::Transform (macros such as AWS::Include) is not supported', path);
      return fail(`unknown intrinsic function ${name}; supported: ${[...INTRINSICS].join(', ')}`, path);
  }
}

function resolveRef(name: string, ctx: ResolveContext, path: string): unknown {
  const parameter = ctx.parameters[name];
  if (parameter !== undefined) return parameter;
  switch (name) {
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return stackIdOf(ctx);
    case 'AWS::Partition':
      return ctx.partition;
    case 'AWS::URLSuffix':
      return ctx.urlSuffix;
    case 'AWS::NotificationARNs':
      return ctx.notificationArns ?? [];
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  const resource = ctx.resources[name];
  if (resource !== undefined) return resource.ref;
  return fail(`Ref to "${name}": no parameter, pseudo parameter or resource of that name`, path);
}

function resolveGetAtt(arg: unknown, ctx: ResolveContext, path: string): unknown {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    [logicalId, attribute] = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg, undefined];
  } else if (Array.isArray(arg) && arg.length === 2) {
    [logicalId, attribute] = [arg[0], resolve(arg[1], ctx, `${path}[1]`)];
  }
  if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
    fail('Fn::GetAtt needs [LogicalId, AttributeName]', path);
  }
  const resource = ctx.resources[logicalId];
  if (resource === undefined) fail(`Fn::GetAtt ${logicalId}.${attribute}: no resource ${logicalId}`, path);
  if (!(attribute in resource.attributes)) {
    const known = Object.keys(resource.attributes).join(', ') || 'none';
    fail(`Fn::GetAtt ${logicalId}.${attribute}: ${logicalId} has no attribute ${attribute} (it has: ${known})`, path);
  }
  return resource.attributes[attribute];
}

function resolveSub(arg: unknown, ctx: ResolveContext, path: string): string {
  let text: unknown = arg;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || arg[1] === null || typeof arg[1] !== 'object' || Array.isArray(arg[1])) {
      fail('Fn::Sub needs a string or [string, { Var: value }]', path);
    }
    [text] = arg;
    variables = Object.fromEntries(
      Object.entries(arg[1] as Record<string, unknown>).map(([key, value]) => [
        key,
        resolve(value, ctx, `${path}[1].${key}`),
      ]),
    );
  }
  if (typeof text !== 'string') fail('Fn::Sub needs a string', path);
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let value: unknown;
    if (name in variables) value = variables[name];
    else if (name.includes('.') && !name.startsWith('AWS::')) value = resolveGetAtt(name, ctx, path);
    else value = resolveRef(name, ctx, path);
    if (value === NO_VALUE) fail(`Fn::Sub cannot substitute AWS::NoValue for \${${name}}`, path);
    return scalarText(value, path, `Fn::Sub \${${name}}`);
  });
}

function resolveFindInMap(arg: unknown, ctx: ResolveContext, path: string): unknown {
  if (!Array.isArray(arg) || (arg.length !== 3 && arg.length !== 4)) {
    fail('Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey] and optionally { DefaultValue: v }', path);
  }
  const [mapName, topKey, secondKey] = [0, 1, 2].map((i) =>
    resolveString(arg[i], ctx, `${path}[${i}]`, 'Fn::FindInMap'),
  );
  const options = arg[3] as Record<string, unknown> | undefined;
  const hasDefault =
    options !== undefined && options !== null && typeof options === 'object' && 'DefaultValue' in options;
  const found = ctx.mappings[mapName!]?.[topKey!]?.[secondKey!];
  if (found !== undefined) return resolve(found, ctx, path);
  if (hasDefault) return resolve(options.DefaultValue, ctx, `${path}[3].DefaultValue`);
  if (ctx.mappings[mapName!] === undefined) fail(`Fn::FindInMap: no mapping ${mapName}`, path);
  return fail(`Fn::FindInMap: mapping ${mapName} has no ${topKey}.${secondKey}`, path);
}

function conditionValue(name: string, ctx: ResolveContext, path: string): boolean {
  const value = ctx.conditions[name];
  if (value === undefined) fail(`unknown condition "${name}"`, path);
  return value;
}

function expectArgs(arg: unknown, count: number, name: string, path: string): unknown[] {
  if (!Array.isArray(arg) || arg.length !== count) fail(`${name} needs a list of ${count} arguments`, path);
  return arg;
}

function resolveString(value: unknown, ctx: ResolveContext, path: string, name: string): string {
  const resolved = resolve(value, ctx, path);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  return fail(`${name} needs a string here, got ${describe(resolved)}`, path);
}

function resolveList(value: unknown, ctx: ResolveContext, path: string, name: string): unknown[] {
  const resolved = resolve(value, ctx, path);
  if (!Array.isArray(resolved)) fail(`${name} needs a list here, got ${describe(resolved)}`, path);
  return resolved;
}

function resolveBoolean(value: unknown, ctx: ResolveContext, path: string, name: string): boolean {
  const resolved = resolve(value, ctx, path);
  if (typeof resolved === 'boolean') return resolved;
  if (resolved === 'true' || resolved === 'false') return resolved === 'true';
  return fail(`${name} needs conditions (Fn::Equals, Condition...), got ${describe(resolved)}`, path);
}

function scalarText(value: unknown, path: string, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`${name} needs strings, got ${describe(value)}`, path);
}

/** CloudFormation compares values as strings: `Fn::Equals [!Ref Count, 3]` holds when Count is "3". */
function comparable(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : JSON.stringify(value);
}
