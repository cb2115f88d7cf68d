import { createResolveContext, type ResolveContext } from './resolve-context';
import { intrinsicName, resolveValue } from './resolve-value';
import { TemplateError } from './template-error';
import type { CfnTemplate } from './template-types';

/**
 * Evaluates every entry of the template's `Conditions` section. Conditions may use `Condition` to refer to
 * each other (in any order); a cycle is an error naming the conditions in it.
 * @param parameters resolved parameter values (see `resolveParameters`)
 * @param pseudo pseudo parameter values (stack name, region...) when conditions use them
 */
export function evaluateConditions(
  template: CfnTemplate,
  parameters: Record<string, string | string[]>,
  pseudo: Partial<ResolveContext> = {},
): Record<string, boolean> {
  const definitions = (template.Conditions ?? {}) as Record<string, unknown>;
  const results: Record<string, boolean> = {};
  const inProgress: string[] = [];

  const evaluate = (name: string): boolean => {
    const done = results[name];
    if (done !== undefined) return done;
    if (!(name in definitions)) throw new TemplateError(`unknown condition "${name}"`);
    if (inProgress.includes(name)) {
      throw new TemplateError(`conditions refer to each other in a cycle: ${[...inProgress, name].join(' -> ')}`);
    }
    inProgress.push(name);
    const definition = definitions[name];
    for (const dependency of conditionReferences(definition)) evaluate(dependency);
    const ctx = createResolveContext({
      stackName: 'local-stack',
      ...pseudo,
      parameters,
      mappings: template.Mappings ?? {},
      conditions: results,
    });
    const value = resolveValue(definition, ctx, `Conditions.${name}`);
    inProgress.pop();
    if (typeof value !== 'boolean') {
      throw new TemplateError(
        `condition ${name} must be Fn::Equals/And/Or/Not or Condition, got ${JSON.stringify(value)}`,
      );
    }
    results[name] = value;
    return value;
  };

  for (const name of Object.keys(definitions)) evaluate(name);
  return results;
}

/** Names used with `Condition` (and as the first argument of `Fn::If`) anywhere inside `value`. */
export function conditionReferences(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const name = intrinsicName(node);
    const arg = name ? (node as Record<string, unknown>)[name] : undefined;
    if (name === 'Condition' && typeof arg === 'string') found.add(arg);
    if (name === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string') found.add(arg[0]);
    for (const child of Object.values(node)) walk(child);
  };
  walk(value);
  return [...found];
}
