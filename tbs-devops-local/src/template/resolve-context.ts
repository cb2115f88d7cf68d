/** What a created resource offers to `Ref` and `Fn::GetAtt`. */
export interface ResolvedResource {
  /** The value `Ref` returns (a name, URL or ARN depending on the resource type). */
  ref: string;
  /** `Fn::GetAtt` attributes by name; nested names keep their dots (`Endpoint.Address`). */
  attributes: Record<string, unknown>;
}

/**
 * Everything `resolveValue` needs to turn template values into plain data. The provisioner fills `resources`
 * as it creates them and `imports` with the exports of stacks already up.
 */
export interface ResolveContext {
  stackName: string;
  /** Defaults to `arn:<partition>:cloudformation:<region>:<accountId>:stack/<stackName>/local`. */
  stackId?: string;
  region: string;
  accountId: string;
  partition: string;
  urlSuffix: string;
  notificationArns?: string[];
  /** Resolved parameter values (see `resolveParameters`): strings, or string lists for list types. */
  parameters: Record<string, string | string[]>;
  /** Evaluated conditions (see `evaluateConditions`). */
  conditions: Record<string, boolean>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  resources: Record<string, ResolvedResource>;
  /** Exports of other stacks, by export name. */
  imports: Record<string, string>;
  /** The availability zones `Fn::GetAZs` returns; defaults to `<region>a`, `<region>b`, `<region>c`. */
  availabilityZones?: (region: string) => string[];
}

/** Pseudo parameter values for the local cloud when nothing else is given. */
export const LOCAL_PSEUDO_DEFAULTS = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
} as const;

/** A context with local defaults for anything not given (empty parameters, resources and imports). */
export function createResolveContext(partial: Partial<ResolveContext> & { stackName: string }): ResolveContext {
  return {
    ...LOCAL_PSEUDO_DEFAULTS,
    parameters: {},
    conditions: {},
    mappings: {},
    resources: {},
    imports: {},
    ...partial,
  };
}

export function stackIdOf(ctx: ResolveContext): string {
  return (
    ctx.stackId ?? `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`
  );
}
