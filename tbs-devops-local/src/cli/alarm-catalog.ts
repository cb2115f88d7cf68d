import type { CfnTemplate } from '../template';

/** An `AWS::CloudWatch::Alarm` as declared in a stack's template, with its names resolved for the local cloud. */
export interface DeclaredAlarm {
  stack: string;
  stackName: string;
  logicalId: string;
  alarmName: string;
  description?: string;
  metricName?: string;
  namespace?: string;
  statistic?: string;
  extendedStatistic?: string;
  dimensions: { name: string; value: string }[];
  period?: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator: string;
  treatMissingData?: string;
  unit?: string;
  /** Metric math alarms declare `Metrics` instead of one metric. */
  metrics?: unknown[];
}

export interface CatalogStack {
  name: string;
  template: CfnTemplate;
}

export interface ResolveContext {
  stackName: string;
  region: string;
  accountId: string;
  parameters: Record<string, string>;
}

// Just enough of the intrinsics to name things: alarm names and dimensions are Subs/Refs of parameters and
// resources. A Ref to a resource becomes the physical name the local cloud gives it (`<stack>-<LogicalId>`).
export function resolveText(value: unknown, ctx: ResolveContext): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const [fn, arg] = Object.entries(value)[0] ?? [];
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? ref(arg, ctx) : undefined;
    case 'Fn::Sub': {
      const [text, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [arg, {}];
      if (typeof text !== 'string') return undefined;
      return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        if (name in vars) return resolveText(vars[name], ctx) ?? name;
        return name.includes('.') ? `${ctx.stackName}-${name.split('.')[0]}` : ref(name, ctx);
      });
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || !Array.isArray(arg[1])) return undefined;
      const parts = (arg[1] as unknown[]).map((p) => resolveText(p, ctx));
      return parts.every((p) => p !== undefined) ? parts.join(String(arg[0])) : undefined;
    }
    case 'Fn::GetAtt': {
      const logicalId = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      return typeof logicalId === 'string' ? `${ctx.stackName}-${logicalId}` : undefined;
    }
    default:
      return undefined;
  }
}

function ref(name: string, ctx: ResolveContext): string {
  switch (name) {
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return ctx.parameters[name] ?? `${ctx.stackName}-${name}`;
  }
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Every alarm declared in the given stacks' templates, as the stacks run locally (`Env=local`). */
export function declaredAlarms(
  stacks: readonly CatalogStack[],
  env: { region: string; accountId: string; envName: string },
): DeclaredAlarm[] {
  const alarms: DeclaredAlarm[] = [];
  for (const stack of stacks) {
    const stackName = `${stack.name}-${env.envName}`;
    const parameters: Record<string, string> = {};
    for (const [key, param] of Object.entries(stack.template.Parameters ?? {})) {
      if (param.Default !== undefined) parameters[key] = String(param.Default);
    }
    parameters['Env'] = env.envName;
    const ctx: ResolveContext = { stackName, region: env.region, accountId: env.accountId, parameters };
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
      const p = resource.Properties ?? {};
      const dims = Array.isArray(p['Dimensions']) ? (p['Dimensions'] as Record<string, unknown>[]) : [];
      const text = (key: string) => resolveText(p[key], ctx);
      const alarm: DeclaredAlarm = {
        stack: stack.name,
        stackName,
        logicalId,
        alarmName: text('AlarmName') ?? `${stackName}-${logicalId}`,
        dimensions: dims.map((d) => ({
          name: resolveText(d['Name'], ctx) ?? '',
          value: resolveText(d['Value'], ctx) ?? '',
        })),
        evaluationPeriods: num(p['EvaluationPeriods']) ?? 1,
        comparisonOperator: text('ComparisonOperator') ?? 'GreaterThanOrEqualToThreshold',
      };
      const optional: [keyof DeclaredAlarm, string | number | undefined][] = [
        ['description', text('AlarmDescription')],
        ['metricName', text('MetricName')],
        ['namespace', text('Namespace')],
        ['statistic', text('Statistic')],
        ['extendedStatistic', text('ExtendedStatistic')],
        ['period', num(p['Period'])],
        ['datapointsToAlarm', num(p['DatapointsToAlarm'])],
        ['threshold', num(p['Threshold'])],
        ['treatMissingData', text('TreatMissingData')],
        ['unit', text('Unit')],
      ];
      for (const [key, value] of optional) if (value !== undefined) Object.assign(alarm, { [key]: value });
      if (Array.isArray(p['Metrics'])) alarm.metrics = p['Metrics'] as unknown[];
      alarms.push(alarm);
    }
  }
  return alarms;
}

/** Exact alarm name first, then logical id, then a unique case-insensitive substring of either. */
export function findAlarm(alarms: readonly DeclaredAlarm[], name: string): DeclaredAlarm | DeclaredAlarm[] {
  const exact = alarms.find((a) => a.alarmName === name) ?? alarms.filter((a) => a.logicalId === name);
  if (!Array.isArray(exact)) return exact;
  if (exact.length === 1) return exact[0] as DeclaredAlarm;
  const needle = name.toLowerCase();
  const partial = alarms.filter(
    (a) => a.alarmName.toLowerCase().includes(needle) || a.logicalId.toLowerCase().includes(needle),
  );
  return partial.length === 1 ? (partial[0] as DeclaredAlarm) : partial;
}
