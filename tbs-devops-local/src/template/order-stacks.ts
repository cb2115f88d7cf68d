import { evaluateConditions } from './evaluate-conditions';
import { createResolveContext, type ResolveContext } from './resolve-context';
import { intrinsicName, resolveValue } from './resolve-value';
import { TemplateError } from './template-error';
import type { CfnResource, CfnTemplate } from './template-types';

export interface OrderableStack {
  name: string;
  template: CfnTemplate;
}

/**
 * What `orderStacks` needs to resolve one stack's export and import names: at least the deployed stack name
 * (e.g. `tbs-app-product-local`) and its resolved parameters. Conditions are evaluated when not given.
 */
export type StackContextInput = Partial<ResolveContext> & { stackName: string };

export interface StackLinks {
  /** Export names this stack declares (Outputs with `Export.Name` whose Condition holds). */
  exports: string[];
  /**
   * Export names this stack imports with `Fn::ImportValue`: in resources and outputs whose Condition holds, and
   * only in the `Fn::If` branches taken.
   */
  imports: string[];
}

/** Resolves the names a stack exports and imports, using its parameters and pseudo parameters. */
export function stackLinks(template: CfnTemplate, input: StackContextInput): StackLinks {
  const conditions = input.conditions ?? evaluateConditions(template, input.parameters ?? {}, input);
  const ctx = createResolveContext({ mappings: template.Mappings ?? {}, ...input, conditions });
  const holds = (condition: unknown): boolean => typeof condition !== 'string' || conditions[condition] === true;

  const exports: string[] = [];
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (!output?.Export || !holds(output.Condition)) continue;
    const name = resolveName(output.Export.Name, ctx, `Outputs.${id}.Export.Name`);
    exports.push(name);
  }
  const imports = new Set<string>();
  const collect = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        collect(item, `${path}[${i}]`);
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const name = intrinsicName(node);
    const arg = name ? (node as Record<string, unknown>)[name] : undefined;
    if (name === 'Fn::ImportValue') {
      imports.add(resolveName(arg, ctx, `${path}.Fn::ImportValue`));
      return;
    }
    // Only the branch CloudFormation will take imports anything.
    if (name === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string' && arg[0] in conditions) {
      const taken = conditions[arg[0]] ? 1 : 2;
      collect(arg[taken], `${path}.Fn::If[${taken}]`);
      return;
    }
    for (const [key, child] of Object.entries(node)) collect(child, `${path}.${key}`);
  };
  for (const [id, resource] of Object.entries(template.Resources) as [string, CfnResource][]) {
    if (holds(resource?.Condition)) collect(resource, `Resources.${id}`);
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (holds(output?.Condition)) collect(output?.Value, `Outputs.${id}.Value`);
  }
  return { exports, imports: [...imports] };
}

function resolveName(expression: unknown, ctx: ResolveContext, path: string): string {
  let name: unknown;
  try {
    name = resolveValue(expression, ctx, path);
  } catch (error) {
    throw new TemplateError(
      `stack ${ctx.stackName}: cannot work out the export name at ${path} before deployment ` +
        `(use parameters and pseudo parameters only): ${(error as Error).message}`,
    );
  }
  if (typeof name !== 'string' || name === '') throw new TemplateError(`stack ${ctx.stackName}: ${path} is not a name`);
  return name;
}

/**
 * Orders stacks so that each comes after the stacks whose exports it imports (input order otherwise).
 * Throws a `TemplateError` naming the importing stack and export when nobody exports it (and it is not in
 * `existingExports`), naming two stacks exporting the same name, or naming the stacks of a cycle.
 * @param ctxFor the stack name and parameters each stack will be deployed with
 * @param existingExports exports already available outside this set (e.g. stacks deployed earlier)
 */
export function orderStacks<T extends OrderableStack>(
  stacks: readonly T[],
  ctxFor: (stack: T) => StackContextInput,
  existingExports: Iterable<string> = [],
): T[] {
  const links = stacks.map((stack) => stackLinks(stack.template, ctxFor(stack)));
  const exporter = new Map<string, number>();
  links.forEach((link, index) => {
    for (const name of link.exports) {
      const other = exporter.get(name);
      if (other !== undefined) {
        throw new TemplateError(`stacks ${stacks[other]?.name} and ${stacks[index]?.name} both export "${name}"`);
      }
      exporter.set(name, index);
    }
  });
  const external = new Set(existingExports);
  const dependsOn = links.map((link, index) => {
    const deps = new Set<number>();
    for (const name of link.imports) {
      const from = exporter.get(name);
      if (from === undefined) {
        if (external.has(name)) continue;
        throw new TemplateError(`stack ${stacks[index]?.name} imports "${name}", which no stack exports`);
      }
      if (from !== index) deps.add(from);
    }
    return deps;
  });

  const ordered: T[] = [];
  const state = new Array<'new' | 'visiting' | 'done'>(stacks.length).fill('new');
  const trail: number[] = [];
  const visit = (index: number): void => {
    if (state[index] === 'done') return;
    if (state[index] === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(index)), index].map((i) => stacks[i]?.name);
      throw new TemplateError(`stacks import each other's exports in a cycle: ${cycle.join(' -> ')}`);
    }
    state[index] = 'visiting';
    trail.push(index);
    for (const dep of [...(dependsOn[index] ?? [])].sort((a, b) => a - b)) visit(dep);
    trail.pop();
    state[index] = 'done';
    ordered.push(stacks[index] as T);
  };
  stacks.forEach((_, index) => {
    visit(index);
  });
  return ordered;
}
