import { isIntrinsic, isRecord, readBoolean, readInteger, readJsonObject } from '../rules/property-values';
import { applyGlobals } from '../template/expand-sam-resources';
import type { CfnResource, CfnTemplate } from '../template/parse-cfn-template';
import { referencedIds, stringsIn, valuesOfKey } from './template-references';

/** One failure of the checker: which stack and resource, which rule, and how to fix it. */
export interface TemplateFailure {
  stack: string;
  resource: string;
  rule: string;
  message: string;
  fix: string;
}

export interface StackStandardsOptions {
  /**
   * The only alarm action allowed. Defaults to the alarm topic exported by the aiagent stack; the aiagent
   * stack itself routes its own alarms to its ops fallback topic so a broken notifier cannot alarm into itself.
   */
  alarmTarget?: unknown;
}

export const AIAGENT_ALARM_TOPIC_IMPORT = {
  'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-aiagent-\${Env}:AlarmTopicArn` },
};
const ALARM_TOPIC_FIX = `AlarmActions: [!ImportValue {'Fn::Sub': 'tbs-devops-aiagent-\${Env}:AlarmTopicArn'}] (and the same for OKActions, if any)`;

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const API_TYPES = new Set([
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
]);
const ALARM_TYPES = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']);
/**
 * The gateway responses every REST API declares as problem+json, so that no answer of API Gateway itself (authorizer,
 * unknown route, size, media type, throttling, timeouts, anything else through the defaults) is a bare
 * `{"message"}`.
 */
export const PROBLEM_GATEWAY_RESPONSES = [
  'UNAUTHORIZED',
  'ACCESS_DENIED',
  'MISSING_AUTHENTICATION_TOKEN',
  'REQUEST_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'THROTTLED',
  'QUOTA_EXCEEDED',
  'INTEGRATION_TIMEOUT',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
] as const;

/** Why a declared gateway response is not a problem+json answer with status and request id, or undefined. */
function problemResponseFault(response: unknown): string | undefined {
  if (!isRecord(response)) return 'is not a mapping';
  const samHeaders = isRecord(response['ResponseParameters']) ? response['ResponseParameters']['Headers'] : undefined;
  const contentType = isRecord(samHeaders)
    ? samHeaders['Content-Type']
    : isRecord(response['responseParameters'])
      ? response['responseParameters']['gatewayresponse.header.Content-Type']
      : undefined;
  if (contentType !== "'application/problem+json'") return "sets no Content-Type 'application/problem+json'";
  const templates = response['ResponseTemplates'] ?? response['responseTemplates'];
  const body = isRecord(templates) ? templates['application/json'] : undefined;
  if (typeof body !== 'string') return 'has no application/json body';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.replaceAll('$context.requestId', 'id'));
  } catch {
    return 'has a body that is not JSON';
  }
  const ok =
    isRecord(parsed) &&
    ['type', 'title', 'code'].every((k) => typeof parsed[k] === 'string') &&
    typeof parsed['status'] === 'number' &&
    body.includes('"requestId":"$context.requestId"');
  return ok ? undefined : 'has a body without type, title, status, code and requestId ($context.requestId)';
}
const DEFAULT_LAMBDA_TIMEOUT = 3;
const DEFAULT_VISIBILITY_TIMEOUT = 30;
const VISIBILITY_FACTOR = 6;

interface Alarm {
  id: string;
  metricNames: Set<string>;
  refs: Set<string>;
  /** The literal Value of every dimension, to match REST APIs whose metrics are keyed by the API's Name. */
  dimensionValues: string[];
  p99: boolean;
}

function describeAlarms(resources: Record<string, CfnResource>): Alarm[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(([id, r]) => {
      const props = r.Properties ?? {};
      const stats = [...valuesOfKey(props, 'ExtendedStatistic'), ...valuesOfKey(props, 'Stat')];
      return {
        id,
        metricNames: new Set(valuesOfKey(props, 'MetricName').filter((v): v is string => typeof v === 'string')),
        refs: referencedIds([props['Dimensions'], props['Metrics']]),
        dimensionValues: valuesOfKey([props['Dimensions'], props['Metrics']], 'Value').map((v) => JSON.stringify(v)),
        p99: stats.some((s) => s === 'p99'),
      };
    });
}

/** An alarm on one of the metrics whose dimensions reference the target, or (byValue) carry one of those values. */
function hasAlarm(alarms: Alarm[], target: string, metrics: string[], p99 = false, byValue?: unknown[]): boolean {
  const names = (byValue ?? []).map((v) => JSON.stringify(v));
  return alarms.some(
    (a) =>
      (byValue ? a.dimensionValues.some((v) => names.includes(v)) : a.refs.has(target)) &&
      metrics.some((m) => a.metricNames.has(m)) &&
      (!p99 || a.p99),
  );
}

/**
 * REST API metrics are keyed by the API's name, not its id: an alarm may name the API through the same
 * value as its Name property (SAM names an unnamed API after the stack).
 */
function apiNameValues(type: string, props: Record<string, unknown>): unknown[] {
  if (props['Name'] !== undefined) return [props['Name']];
  if (type === 'AWS::Serverless::Api') return [{ Ref: 'AWS::StackName' }, { 'Fn::Sub': `\${AWS::StackName}` }];
  return [];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function numberOrDefault(value: unknown, parameters: CfnTemplate['Parameters'], fallback: number): number | undefined {
  const direct = readInteger(value);
  if (typeof direct === 'number') return direct;
  if (direct === undefined) return fallback;
  // A Ref to a parameter is read through its Default; anything else cannot be checked statically.
  if (isRecord(value) && typeof value['Ref'] === 'string') {
    const def = readInteger(parameters?.[value['Ref']]?.['Default']);
    if (typeof def === 'number') return def;
  }
  return undefined;
}

const HARD_CODED: { rule: string; pattern: RegExp; what: string; fix: string }[] = [
  {
    rule: 'no-hardcoded-account',
    pattern: /(^|[^0-9])\d{12}([^0-9]|$)/,
    what: 'an AWS account id',
    fix: `Use \${AWS::AccountId} in a !Sub, or a parameter.`,
  },
  {
    rule: 'no-hardcoded-region',
    pattern:
      /\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/,
    what: 'an AWS region',
    fix: `Use \${AWS::Region} in a !Sub, or a parameter.`,
  },
  {
    rule: 'no-hardcoded-email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/,
    what: 'an email address',
    fix: 'Move the address to a parameter with a sane default.',
  },
];

/**
 * The standards a per-resource hook cannot see because they span resources (the per-stack
 * standards): alarms per function, DLQ and API, alarm routing, a dashboard, queue/consumer timeouts,
 * partial batch failures, explicit log groups and no hard-coded account ids, regions or emails.
 */
export function checkStackStandards(
  stack: string,
  template: CfnTemplate,
  options: StackStandardsOptions = {},
): TemplateFailure[] {
  const failures: TemplateFailure[] = [];
  const fail = (resource: string, rule: string, message: string, fix: string) =>
    failures.push({ stack, resource, rule, message, fix });
  const resources = applyGlobals(template);
  const entries = Object.entries(resources);
  const alarms = describeAlarms(resources);
  const ofType = (types: Set<string>) => entries.filter(([, r]) => types.has(r.Type));

  const env = template.Parameters?.['Env'];
  const allowed = env?.['AllowedValues'];
  if (
    env?.['Default'] !== 'dev' ||
    !Array.isArray(allowed) ||
    !['dev', 'prod', 'local'].every((v) => allowed.includes(v))
  ) {
    fail(
      'Parameters',
      'stack-env-parameter',
      'The Env parameter is missing or incomplete.',
      'Declare Parameters.Env {Type: String, AllowedValues: [dev, prod, local], Default: dev}.',
    );
  }

  if (ofType(new Set(['AWS::CloudWatch::Dashboard'])).length === 0) {
    fail(
      'Resources',
      'stack-dashboard',
      'The stack has no CloudWatch dashboard.',
      "Add an AWS::CloudWatch::Dashboard showing the stack's functions, queues and APIs.",
    );
  }

  // Functions: explicit log group, Errors and Throttles alarms, event source settings.
  const logGroups = entries.filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
  for (const [id, fn] of ofType(FUNCTION_TYPES)) {
    const props = fn.Properties ?? {};
    const logging = isRecord(props['LoggingConfig']) ? props['LoggingConfig']['LogGroup'] : undefined;
    const viaConfig = [...referencedIds(logging)].some((ref) => resources[ref]?.Type === 'AWS::Logs::LogGroup');
    const byName = logGroups.some(([, lg]) => referencedIds(lg.Properties?.['LogGroupName']).has(id));
    if (!viaConfig && !byName) {
      fail(
        id,
        'function-log-group',
        'The function has no explicit log group, so Lambda creates one without retention or encryption.',
        `Add an AWS::Logs::LogGroup with LogGroupName !Sub '/aws/lambda/\${${id}}', RetentionInDays and KmsKeyId, or point LoggingConfig.LogGroup at one.`,
      );
    }
    if (!hasAlarm(alarms, id, ['Errors'])) {
      fail(
        id,
        'function-errors-alarm',
        "No alarm on the function's Errors metric.",
        `Add an AWS::CloudWatch::Alarm on AWS/Lambda Errors with Dimensions FunctionName: !Ref ${id}.`,
      );
    }
    if (!hasAlarm(alarms, id, ['Throttles'])) {
      fail(
        id,
        'function-throttles-alarm',
        "No alarm on the function's Throttles metric.",
        `Add an AWS::CloudWatch::Alarm on AWS/Lambda Throttles with Dimensions FunctionName: !Ref ${id}.`,
      );
    }
    const timeout = numberOrDefault(props['Timeout'], template.Parameters, DEFAULT_LAMBDA_TIMEOUT);
    const events = isRecord(props['Events']) ? props['Events'] : {};
    for (const [eventName, event] of Object.entries(events)) {
      if (!isRecord(event)) continue;
      const eventProps = isRecord(event['Properties']) ? event['Properties'] : {};
      if (event['Type'] === 'SQS') {
        checkSqsSource(`${id}.Events.${eventName}`, eventProps['Queue'], eventProps['FunctionResponseTypes'], timeout);
      }
      if (
        (event['Type'] === 'Api' && eventProps['RestApiId'] === undefined) ||
        (event['Type'] === 'HttpApi' && eventProps['ApiId'] === undefined)
      ) {
        fail(
          `${id}.Events.${eventName}`,
          'api-explicit',
          "The event uses SAM's implicit API, which has no alarms, access logs or throttling.",
          'Declare the API as a resource and set RestApiId (Api) or ApiId (HttpApi) on the event.',
        );
      }
    }
  }
  for (const [id, mapping] of entries.filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')) {
    const props = mapping.Properties ?? {};
    const fnId = [...referencedIds(props['FunctionName'])][0];
    const source = [...referencedIds(props['EventSourceArn'])][0];
    if (!source || resources[source]?.Type !== 'AWS::SQS::Queue') continue;
    const fnTimeout = fnId
      ? numberOrDefault(resources[fnId]?.Properties?.['Timeout'], template.Parameters, DEFAULT_LAMBDA_TIMEOUT)
      : undefined;
    checkSqsSource(id, props['EventSourceArn'], props['FunctionResponseTypes'], fnTimeout);
  }

  function checkSqsSource(where: string, queueRef: unknown, responseTypes: unknown, timeout: number | undefined) {
    if (!Array.isArray(responseTypes) || !responseTypes.includes('ReportBatchItemFailures')) {
      fail(
        where,
        'sqs-report-batch-item-failures',
        'A failed record makes the whole batch retry.',
        'Set FunctionResponseTypes: [ReportBatchItemFailures] and return batchItemFailures from the handler.',
      );
    }
    const queueId = [...referencedIds(queueRef)].find((ref) => resources[ref]?.Type === 'AWS::SQS::Queue');
    if (!queueId || timeout === undefined) return;
    const visibility = numberOrDefault(
      resources[queueId]?.Properties?.['VisibilityTimeout'],
      template.Parameters,
      DEFAULT_VISIBILITY_TIMEOUT,
    );
    if (visibility !== undefined && visibility < VISIBILITY_FACTOR * timeout) {
      fail(
        queueId,
        'sqs-visibility-timeout',
        `VisibilityTimeout ${visibility}s is less than 6x the consumer's ${timeout}s timeout, so messages are redelivered while still being processed.`,
        `Set VisibilityTimeout to at least ${VISIBILITY_FACTOR * timeout}.`,
      );
    }
  }

  // Dead-letter queues: any queue another queue redrives to, or that declares RedriveAllowPolicy.
  const dlqs = new Set<string>();
  for (const [id, queue] of entries.filter(([, r]) => r.Type === 'AWS::SQS::Queue')) {
    const redrive = readJsonObject(queue.Properties?.['RedrivePolicy']);
    if (isRecord(redrive)) for (const ref of referencedIds(redrive['deadLetterTargetArn'])) dlqs.add(ref);
    if (queue.Properties?.['RedriveAllowPolicy'] !== undefined) dlqs.add(id);
  }
  for (const [, fn] of ofType(FUNCTION_TYPES)) {
    for (const ref of referencedIds([fn.Properties?.['DeadLetterQueue'], fn.Properties?.['DeadLetterConfig']])) {
      if (resources[ref]?.Type === 'AWS::SQS::Queue') dlqs.add(ref);
    }
  }
  for (const id of dlqs) {
    if (resources[id]?.Type !== 'AWS::SQS::Queue') continue;
    if (!hasAlarm(alarms, id, ['ApproximateNumberOfMessagesVisible'])) {
      fail(
        id,
        'dlq-depth-alarm',
        "No alarm on the dead-letter queue's depth, so failed messages pile up unseen.",
        `Add an AWS::CloudWatch::Alarm on AWS/SQS ApproximateNumberOfMessagesVisible > 0 with Dimensions QueueName: !GetAtt ${id}.QueueName.`,
      );
    }
  }

  // APIs: alarms, access logs, throttling, tracing.
  for (const [id, api] of ofType(API_TYPES)) {
    const props = api.Properties ?? {};
    const http = api.Type === 'AWS::Serverless::HttpApi' || api.Type === 'AWS::ApiGatewayV2::Api';
    const stages = entries
      .filter(
        ([, r]) =>
          (r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGatewayV2::Stage') &&
          referencedIds(r.Properties?.['RestApiId'] ?? r.Properties?.['ApiId']).has(id),
      )
      .map(([, r]) => r.Properties ?? {});
    const settings = [props, ...stages];
    // REST API metrics carry ApiName (an alarm on !Ref would never fire); HTTP API metrics carry ApiId.
    const nameValues = http ? undefined : apiNameValues(api.Type, props);
    if (!hasAlarm(alarms, id, ['5XXError', '5xx'], false, nameValues)) {
      fail(
        id,
        'api-5xx-alarm',
        "No alarm on the API's server errors.",
        `Add an AWS::CloudWatch::Alarm on AWS/ApiGateway ${http ? `5xx with Dimensions ApiId: !Ref ${id}` : `5XXError with Dimensions ApiName: <the Name of ${id}>`}.`,
      );
    }
    if (!hasAlarm(alarms, id, ['Latency', 'IntegrationLatency'], true, nameValues)) {
      fail(
        id,
        'api-latency-alarm',
        'No p99 latency alarm on the API.',
        `Add an AWS::CloudWatch::Alarm on AWS/ApiGateway Latency with ExtendedStatistic: p99 and Dimensions ${http ? `ApiId: !Ref ${id}` : `ApiName: <the Name of ${id}>`}.`,
      );
    }
    const accessLogs = settings.some((s) => {
      const setting = s['AccessLogSetting'] ?? s['AccessLogSettings'];
      return isRecord(setting) && setting['DestinationArn'] !== undefined;
    });
    if (!accessLogs) {
      fail(
        id,
        'api-access-logs',
        'The API writes no access logs.',
        `Set ${http ? 'AccessLogSettings' : 'AccessLogSetting'} {DestinationArn: <log group ARN>, Format: <JSON format>} with a log group that has retention and a KMS key.`,
      );
    }
    const throttled = settings.some((s) => {
      const candidates = [
        s['DefaultRouteSettings'],
        ...(Array.isArray(s['MethodSettings']) ? s['MethodSettings'] : []),
      ];
      return candidates.some(
        (c) => isRecord(c) && c['ThrottlingBurstLimit'] !== undefined && c['ThrottlingRateLimit'] !== undefined,
      );
    });
    if (!throttled) {
      fail(
        id,
        'api-throttling',
        'The API stage has no throttling limits.',
        http
          ? 'Set DefaultRouteSettings {ThrottlingBurstLimit, ThrottlingRateLimit}.'
          : "Set MethodSettings [{ResourcePath: '/*', HttpMethod: '*', ThrottlingBurstLimit, ThrottlingRateLimit}].",
      );
    }
    // REST APIs answer their own errors as problem+json (HTTP APIs have no gateway responses).
    if (!http) {
      const definition = isRecord(props['DefinitionBody']) ? props['DefinitionBody'] : {};
      const declared: Record<string, unknown> = {
        ...(isRecord(definition['x-amazon-apigateway-gateway-responses'])
          ? definition['x-amazon-apigateway-gateway-responses']
          : {}),
        ...(isRecord(props['GatewayResponses']) ? props['GatewayResponses'] : {}),
      };
      for (const [, r] of entries) {
        const p = r.Properties ?? {};
        if (r.Type === 'AWS::ApiGateway::GatewayResponse' && referencedIds(p['RestApiId']).has(id)) {
          declared[String(p['ResponseType'])] = p;
        }
      }
      const missing = PROBLEM_GATEWAY_RESPONSES.filter((type) => declared[type] === undefined);
      const faults = PROBLEM_GATEWAY_RESPONSES.flatMap((type) => {
        const fault = declared[type] === undefined ? undefined : problemResponseFault(declared[type]);
        return fault ? [`${type} ${fault}`] : [];
      });
      if (missing.length > 0 || faults.length > 0) {
        fail(
          id,
          'api-problem-responses',
          [missing.length > 0 ? `No gateway response for ${missing.join(', ')}.` : '', ...faults]
            .filter(Boolean)
            .join(' '),
          `Declare GatewayResponses (Globals.Api) for ${PROBLEM_GATEWAY_RESPONSES.join(', ')}, each with Headers Content-Type "'application/problem+json'" and an application/json body {"type","title","status","code","requestId":"$context.requestId"}.`,
        );
      }
    }
    // HTTP APIs do not support X-Ray; REST APIs must trace.
    if (!http && !settings.some((s) => readBoolean(s['TracingEnabled']) === true || isIntrinsic(s['TracingEnabled']))) {
      fail(id, 'api-tracing', 'X-Ray tracing is off on the API.', 'Set TracingEnabled: true.');
    }
  }

  // Alarm routing: every action goes to the one alarm topic.
  const target = options.alarmTarget ?? AIAGENT_ALARM_TOPIC_IMPORT;
  for (const [id, alarm] of ofType(ALARM_TYPES)) {
    const props = alarm.Properties ?? {};
    const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((key) =>
      Array.isArray(props[key]) ? props[key] : props[key] === undefined ? [] : [props[key]],
    );
    const alarmActions = Array.isArray(props['AlarmActions']) ? props['AlarmActions'] : [];
    if (alarmActions.length === 0 || actions.some((action) => !sameValue(action, target))) {
      fail(
        id,
        'alarm-actions',
        'The alarm does not notify (only) the alarm topic, so no incident is opened.',
        options.alarmTarget ? `Set every action to ${JSON.stringify(target)}.` : ALARM_TOPIC_FIX,
      );
    }
  }

  // Literals that tie the template to one account, region or person.
  for (const section of ['Resources', 'Outputs'] as const) {
    const seen = new Set<string>();
    for (const { path, text } of stringsIn(template[section], '')) {
      for (const check of HARD_CODED) {
        const resource = path.split(/[.[]/)[0] ?? section;
        const key = `${resource}:${check.rule}`;
        if (!seen.has(key) && check.pattern.test(text)) {
          seen.add(key);
          fail(
            section === 'Resources' ? resource : `Outputs.${resource}`,
            check.rule,
            `${path} contains ${check.what}.`,
            check.fix,
          );
        }
      }
    }
  }
  checkSecretsAndPrivileges(resources, fail);

  // Imports name another stack of this repository in the same environment; nothing outside it.
  for (const [id, resource] of entries) {
    for (const imported of valuesOfKey(resource, 'Fn::ImportValue')) {
      const sub = isRecord(imported) ? imported['Fn::Sub'] : undefined;
      if (typeof sub !== 'string' || !IMPORT_NAME.test(sub)) {
        fail(
          id,
          'import-naming',
          `Fn::ImportValue ${JSON.stringify(imported)} does not name an export of a stack in this repository.`,
          `Import !Sub 'tbs-<app|devops>-<name>-\${Env}:<Export>'.`,
        );
      }
    }
  }

  // Cross-stack references go through exports named after the stack, so importers can build the name.
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    const exported = isRecord(output['Export']) ? output['Export']['Name'] : undefined;
    if (exported === undefined) continue;
    const sub = isRecord(exported) ? exported['Fn::Sub'] : undefined;
    if (typeof sub !== 'string' || !sub.startsWith(STACK_NAME_PREFIX)) {
      fail(
        `Outputs.${id}`,
        'export-naming',
        'The export is not named after the stack.',
        `Name it !Sub '${STACK_NAME_PREFIX}<Name>'.`,
      );
    }
  }
  return failures;
}

const IMPORT_NAME = /^tbs-(app|devops)-[a-z0-9]+-\$\{Env\}:[A-Za-z0-9]+$/;
const STACK_NAME_PREFIX = `\${AWS::StackName}:`;
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY)$/i;
const SECRET_VALUE =
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{8,}|\bwhsec_[A-Za-z0-9]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b/;
const BROAD_MANAGED_POLICIES = /^(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess)$/;

type Fail = (resource: string, rule: string, message: string, fix: string) => void;

/** Secrets only by reference (Secrets Manager/SSM), and no administrator-style permissions on functions. */
function checkSecretsAndPrivileges(resources: Record<string, CfnResource>, fail: Fail): void {
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    const variables = isRecord(props['Environment']) ? props['Environment']['Variables'] : undefined;
    for (const [name, value] of Object.entries(isRecord(variables) ? variables : {})) {
      if (SECRET_NAME.test(name) && typeof value === 'string' && value !== '' && !value.startsWith('{{resolve:')) {
        fail(
          id,
          'no-secret-literals',
          `Environment variable ${name} holds a literal secret.`,
          `Store it in Secrets Manager or SSM SecureString and pass its name or ARN (e.g. ${name}_ARN: !Ref <Secret>), read at run time.`,
        );
      }
    }
    for (const { path, text } of stringsIn(props, 'Properties')) {
      if (SECRET_VALUE.test(text)) {
        fail(
          id,
          'no-secret-literals',
          `${path} contains what looks like a key or secret.`,
          'Move it to Secrets Manager or SSM SecureString and reference it.',
        );
        break;
      }
    }
    if (!FUNCTION_TYPES.has(resource.Type)) continue;
    const policies = Array.isArray(props['Policies'])
      ? props['Policies']
      : props['Policies'] === undefined
        ? []
        : [props['Policies']];
    for (const policy of policies) {
      const broadManaged = typeof policy === 'string' && BROAD_MANAGED_POLICIES.test(policy.split('/').pop() ?? '');
      const statements = isRecord(policy) ? valuesOfKey(policy, 'Statement').flat() : [];
      const wildcard = statements.some((st) => {
        if (!isRecord(st) || st['Effect'] === 'Deny') return false;
        const actions = [st['Action']].flat();
        return (
          actions.some((a) => a === '*' || (typeof a === 'string' && a.endsWith(':*'))) &&
          [st['Resource']].flat().includes('*')
        );
      });
      if (broadManaged || wildcard) {
        fail(
          id,
          'function-least-privilege',
          'The function is granted broad permissions.',
          'Use SAM policy templates (e.g. DynamoDBCrudPolicy: {TableName: !Ref Table}) or statements scoped to named actions and resources.',
        );
        break;
      }
    }
  }
}
