import {
  type CfnTemplate,
  createResolveContext,
  evaluateConditions,
  type ResolvedResource,
  resolveParameters,
  resolveValue,
} from '../template';

/**
 * The function's environment variables resolved without deploying anything: parameters take their defaults
 * (with `Env=local`), resources resolve to placeholders (`Ref` -> the logical id, `GetAtt` ->
 * `arn:aws:local:::<Id>/<Attr>`), imports to `imported:<name>`. Enough for module-scope code that reads its
 * configuration at cold start; variables that cannot be resolved are left out.
 * @param template the stack template with SAM Globals applied
 */
export function placeholderEnvironment(
  template: CfnTemplate,
  logicalId: string,
  stackName: string,
): Record<string, string> {
  const resource = template.Resources[logicalId];
  const variables = ((resource?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables ?? {}) as Record<string, unknown>;
  let parameters: Record<string, string | string[]> = {};
  let conditions: Record<string, boolean> = {};
  try {
    parameters = resolveParameters(template, 'Env' in (template.Parameters ?? {}) ? { Env: 'local' } : {});
    conditions = evaluateConditions(template, parameters, { stackName });
  } catch {
    // parameters without defaults: variables that need them are simply left out below
  }
  const placeholder = (id: string): ResolvedResource => ({
    ref: id,
    attributes: new Proxy({} as Record<string, unknown>, {
      get: (_, attribute) => `arn:aws:local:::${id}/${String(attribute)}`,
      has: () => true,
    }),
  });
  const ctx = createResolveContext({
    stackName,
    parameters,
    conditions,
    mappings: template.Mappings ?? {},
    resources: new Proxy({} as Record<string, ResolvedResource>, {
      get: (_, id) => placeholder(String(id)),
    }),
    imports: new Proxy({} as Record<string, string>, { get: (_, name) => `imported:${String(name)}` }),
  });
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    try {
      const resolved = resolveValue(value, ctx, `${logicalId}.Environment.Variables.${name}`);
      if (resolved === undefined) continue;
      env[name] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    } catch {
      // unresolvable without a deployment (e.g. a condition on a missing parameter): leave it out
    }
  }
  return env;
}
