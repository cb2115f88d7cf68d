// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { TemplateError } from './template-error';
import type { CfnResource } from './template-types';

/*
 * What the SAM transform generates for one AWS::Serverless::Function, as data. Values stay unresolved (they may
 * hold intrinsic functions: pass them through `resolveValue`). Call it on a template that went through
 * `applySamGlobals`, so Globals are already merged. Logical ids follow the SAM transform's naming.
 */

export type FunctionPolicy =
  /** An AWS managed policy (a bare name becomes `arn:${AWS::Partition}:iam::aws:policy/<name>`) or an ARN. */
  | { kind: 'managed'; arn: unknown }
  /** A SAM policy template, e.g. `{ name: 'DynamoDBCrudPolicy', parameters: { TableName: { Ref: 'Table' } } }`. */
  | { kind: 'template'; name: string; parameters: Record<string, unknown> }
  /** An inline IAM policy document (`{ Statement: [...] }`). */
  | { kind: 'inline'; document: unknown };

interface EventBase {
  /** The event's key under `Events`. */
  id: string;
  /** The event's Properties as written. */
  properties: Record<string, unknown>;
}

export type FunctionEvent =
  | (EventBase & {
      type: 'SQS';
      /** Logical id of the generated AWS::Lambda::EventSourceMapping. */
      mappingLogicalId: string;
      queue: unknown;
      batchSize: number;
      maximumBatchingWindowInSeconds: number;
      /** `['ReportBatchItemFailures']` when partial batch responses are on. */
      functionResponseTypes: string[];
      enabled: boolean;
      filterCriteria?: unknown;
      maximumConcurrency?: unknown;
    })
  | (EventBase & {
      type: 'DynamoDB' | 'Kinesis';
      mappingLogicalId: string;
      stream: unknown;
      startingPosition: unknown;
      batchSize: number;
      functionResponseTypes: string[];
      enabled: boolean;
    })
  | (EventBase & {
      type: 'SNS';
      subscriptionLogicalId: string;
      topic: unknown;
      filterPolicy?: unknown;
      filterPolicyScope: 'MessageAttributes' | 'MessageBody';
      /** With `SqsSubscription`, SAM puts a queue between the topic and the function. */
      sqsSubscription: boolean;
    })
  | (EventBase & {
      type: 'Api' | 'HttpApi';
      /** `{ Ref: 'ServerlessRestApi' }` / `{ Ref: 'ServerlessHttpApi' }` when the event names no API. */
      apiId: unknown;
      implicitApi: boolean;
      path: string;
      /** Upper-case HTTP method, `ANY` for any. */
      method: string;
      auth?: unknown;
      permissionLogicalId: string;
    })
  | (EventBase & { type: 'S3'; bucket: unknown; events: unknown; filter?: unknown; permissionLogicalId: string })
  | (EventBase & { type: 'Cognito'; userPool: unknown; triggers: string[]; permissionLogicalId: string })
  | (EventBase & {
      type: 'Schedule' | 'ScheduleV2' | 'EventBridgeRule' | 'CloudWatchEvent';
      ruleLogicalId: string;
      schedule?: unknown;
      pattern?: unknown;
      enabled: boolean;
    })
  | (EventBase & { type: 'Other'; samType: string });

export interface ExpandedServerlessFunction {
  logicalId: string;
  /** The generated AWS::Lambda::Function's properties with SAM's defaults filled in. */
  function: {
    functionName?: unknown;
    handler: unknown;
    runtime: unknown;
    codeUri: unknown;
    memorySize: unknown;
    timeout: unknown;
    architectures: unknown;
    environment: Record<string, unknown>;
    tracing?: unknown;
    reservedConcurrentExecutions?: unknown;
    layers: unknown[];
    loggingConfig?: unknown;
    deadLetterQueue?: unknown;
    ephemeralStorage?: unknown;
    /** `{ 'Fn::GetAtt': ['<Id>Role', 'Arn'] }` when SAM generates the role, else the template's Role. */
    role: unknown;
  };
  /** The generated execution role, absent when the template gives `Role`. */
  role?: { logicalId: string; managedPolicyArns: unknown[]; policies: FunctionPolicy[]; permissionsBoundary?: unknown };
  events: FunctionEvent[];
  /** `Metadata.BuildMethod`/`BuildProperties` (e.g. esbuild), when given. */
  build?: { method: string; properties: Record<string, unknown> };
  /** Logical ids and types of everything the transform generates for this function. */
  generated: Array<{ logicalId: string; type: string }>;
}

const BASIC_EXECUTION = 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY_WRITE = 'arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess';

/** Describes what SAM generates for `resource` (an AWS::Serverless::Function with Globals applied). */
export function expandServerlessFunction(logicalId: string, resource: CfnResource): ExpandedServerlessFunction {
  if (resource.Type !== 'AWS::Serverless::Function') {
    throw new TemplateError(`${logicalId} is ${resource.Type}, not AWS::Serverless::Function`);
  }
  const p = resource.Properties ?? {};
  const generated: ExpandedServerlessFunction['generated'] = [{ logicalId, type: 'AWS::Lambda::Function' }];
  const add = (id: string, type: string): string => {
    generated.push({ logicalId: id, type });
    return id;
  };

  let role: ExpandedServerlessFunction['role'];
  if (p.Role === undefined) {
    const managed: unknown[] = [{ 'Fn::Sub': BASIC_EXECUTION }];
    if (p.Tracing === 'Active') managed.push({ 'Fn::Sub': XRAY_WRITE });
    role = {
      logicalId: add(`${logicalId}Role`, 'AWS::IAM::Role'),
      managedPolicyArns: managed,
      policies: policiesOf(logicalId, p.Policies),
      ...(p.PermissionsBoundary !== undefined ? { permissionsBoundary: p.PermissionsBoundary } : {}),
    };
  }

  const environment = ((p.Environment as Record<string, unknown> | undefined)?.Variables ?? {}) as Record<
    string,
    unknown
  >;
  const events = Object.entries((p.Events ?? {}) as Record<string, { Type?: string; Properties?: unknown }>).map(
    ([id, event]) => describeEvent(logicalId, id, event, add),
  );

  if (p.AutoPublishAlias !== undefined) {
    add(`${logicalId}Version`, 'AWS::Lambda::Version');
    add(`${logicalId}Alias${String(p.AutoPublishAlias)}`, 'AWS::Lambda::Alias');
  }
  if (p.FunctionUrlConfig !== undefined) {
    add(`${logicalId}Url`, 'AWS::Lambda::Url');
    add(`${logicalId}UrlPublicPermissions`, 'AWS::Lambda::Permission');
  }
  if (p.EventInvokeConfig !== undefined) add(`${logicalId}EventInvokeConfig`, 'AWS::Lambda::EventInvokeConfig');

  const metadata = resource.Metadata ?? {};
  const build =
    typeof metadata.BuildMethod === 'string'
      ? { method: metadata.BuildMethod, properties: (metadata.BuildProperties ?? {}) as Record<string, unknown> }
      : undefined;

  return {
    logicalId,
    function: {
      ...(p.FunctionName !== undefined ? { functionName: p.FunctionName } : {}),
      handler: p.Handler,
      runtime: p.Runtime,
      codeUri: p.CodeUri ?? '.',
      memorySize: p.MemorySize ?? 128,
      timeout: p.Timeout ?? 3,
      architectures: p.Architectures ?? ['x86_64'],
      environment,
      ...(p.Tracing !== undefined ? { tracing: p.Tracing } : {}),
      ...(p.ReservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: p.ReservedConcurrentExecutions }
        : {}),
      layers: (p.Layers as unknown[] | undefined) ?? [],
      ...(p.LoggingConfig !== undefined ? { loggingConfig: p.LoggingConfig } : {}),
      ...(p.DeadLetterQueue !== undefined ? { deadLetterQueue: p.DeadLetterQueue } : {}),
      ...(p.EphemeralStorage !== undefined ? { ephemeralStorage: p.EphemeralStorage } : {}),
      role: p.Role ?? { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] },
    },
    ...(role ? { role } : {}),
    events,
    ...(build ? { build } : {}),
    generated,
  };
}

function policiesOf(logicalId: string, policies: unknown): FunctionPolicy[] {
  if (policies === undefined) return [];
  const list = Array.isArray(policies) ? policies : [policies];
  return list.map((policy): FunctionPolicy => {
    if (typeof policy === 'string') {
      return {
        kind: 'managed',
        arn: policy.startsWith('arn:') ? policy : { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${policy}` },
      };
    }
    if (policy !== null && typeof policy === 'object' && !Array.isArray(policy)) {
      const keys = Object.keys(policy);
      if ('Statement' in policy) return { kind: 'inline', document: policy };
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::')))
        return { kind: 'managed', arn: policy };
      if (keys.length === 1) {
        const name = keys[0] as string;
        const parameters = (policy as Record<string, unknown>)[name];
        return {
          kind: 'template',
          name,
          parameters: parameters && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : {},
        };
      }
    }
    throw new TemplateError(`${logicalId}: Policies entries must be a managed policy, a policy template or a document`);
  });
}

function describeEvent(
  fn: string,
  id: string,
  event: { Type?: string; Properties?: unknown },
  add: (logicalId: string, type: string) => string,
): FunctionEvent {
  const type = event?.Type;
  if (typeof type !== 'string') throw new TemplateError(`${fn}: event ${id} has no Type`);
  const properties = (event.Properties ?? {}) as Record<string, unknown>;
  const base = { id, properties };
  const responseTypes = (properties.FunctionResponseTypes as string[] | undefined) ?? [];
  const enabled =
    properties.Enabled === undefined ? true : properties.Enabled !== false && properties.Enabled !== 'false';
  switch (type) {
    case 'SQS':
      return {
        ...base,
        type,
        mappingLogicalId: add(`${fn}${id}`, 'AWS::Lambda::EventSourceMapping'),
        queue: properties.Queue,
        batchSize: Number(properties.BatchSize ?? 10),
        maximumBatchingWindowInSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
        functionResponseTypes: responseTypes,
        enabled,
        ...(properties.FilterCriteria !== undefined ? { filterCriteria: properties.FilterCriteria } : {}),
        ...((properties.ScalingConfig as Record<string, unknown> | undefined)?.MaximumConcurrency !== undefined
          ? { maximumConcurrency: (properties.ScalingConfig as Record<string, unknown>).MaximumConcurrency }
          : {}),
      };
    case 'DynamoDB':
    case 'Kinesis':
      return {
        ...base,
        type,
        mappingLogicalId: add(`${fn}${id}`, 'AWS::Lambda::EventSourceMapping'),
        stream: properties.Stream,
        startingPosition: properties.StartingPosition,
        batchSize: Number(properties.BatchSize ?? 100),
        functionResponseTypes: responseTypes,
        enabled,
      };
    case 'SNS': {
      const sqsSubscription = properties.SqsSubscription !== undefined && properties.SqsSubscription !== false;
      if (sqsSubscription) {
        add(`${fn}${id}Queue`, 'AWS::SQS::Queue');
        add(`${fn}${id}QueuePolicy`, 'AWS::SQS::QueuePolicy');
        add(`${fn}${id}EventSourceMapping`, 'AWS::Lambda::EventSourceMapping');
      } else {
        add(`${fn}${id}Permission`, 'AWS::Lambda::Permission');
      }
      return {
        ...base,
        type,
        subscriptionLogicalId: add(`${fn}${id}`, 'AWS::SNS::Subscription'),
        topic: properties.Topic,
        ...(properties.FilterPolicy !== undefined ? { filterPolicy: properties.FilterPolicy } : {}),
        filterPolicyScope: properties.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes',
        sqsSubscription,
      };
    }
    case 'Api':
    case 'HttpApi': {
      const explicit = type === 'Api' ? properties.RestApiId : properties.ApiId;
      const implicitId = type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      const method = String(properties.Method ?? (type === 'HttpApi' ? 'ANY' : '')).toUpperCase();
      const path = String(properties.Path ?? (type === 'HttpApi' ? '$default' : ''));
      if (!method || !path) throw new TemplateError(`${fn}: Api event ${id} needs Path and Method`);
      return {
        ...base,
        type,
        apiId: explicit ?? { Ref: implicitId },
        implicitApi: explicit === undefined,
        path,
        method: method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method,
        ...(properties.Auth !== undefined ? { auth: properties.Auth } : {}),
        permissionLogicalId: add(`${fn}${id}Permission`, 'AWS::Lambda::Permission'),
      };
    }
    case 'S3':
      return {
        ...base,
        type,
        bucket: properties.Bucket,
        events: properties.Events,
        ...(properties.Filter !== undefined ? { filter: properties.Filter } : {}),
        permissionLogicalId: add(`${fn}${id}Permission`, 'AWS::Lambda::Permission'),
      };
    case 'Cognito': {
      const trigger = properties.Trigger;
      return {
        ...base,
        type,
        userPool: properties.UserPool,
        triggers: (Array.isArray(trigger) ? trigger : [trigger]).map(String),
        permissionLogicalId: add(`${fn}Cognito${id}Permission`, 'AWS::Lambda::Permission'),
      };
    }
    case 'Schedule':
    case 'ScheduleV2':
    case 'EventBridgeRule':
    case 'CloudWatchEvent': {
      const ruleType = type === 'ScheduleV2' ? 'AWS::Scheduler::Schedule' : 'AWS::Events::Rule';
      const ruleLogicalId = add(`${fn}${id}`, ruleType);
      if (type !== 'ScheduleV2') add(`${fn}${id}Permission`, 'AWS::Lambda::Permission');
      const state = properties.State;
      return {
        ...base,
        type,
        ruleLogicalId,
        ...(properties.Schedule !== undefined ? { schedule: properties.Schedule } : {}),
        ...(properties.ScheduleExpression !== undefined ? { schedule: properties.ScheduleExpression } : {}),
        ...(properties.Pattern !== undefined ? { pattern: properties.Pattern } : {}),
        enabled: enabled && state !== 'DISABLED',
      };
    }
    default:
      return { ...base, type: 'Other', samType: type };
  }
}
