import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTemplate, formatFailure } from '../../src/checker/check-template';
import { parseCfnTemplate } from '../../src/template/parse-cfn-template';

const fixture = (path: string) =>
  parseCfnTemplate(readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8'));
const compliant = fixture('repo-compliant/tbs-app-sample/template.yaml');

function without(resourceId: string) {
  const copy = structuredClone(compliant);
  delete copy.Resources[resourceId];
  return copy;
}

function edit(resourceId: string, change: (props: Record<string, unknown>) => void) {
  const copy = structuredClone(compliant);
  change(copy.Resources[resourceId]!.Properties!);
  return copy;
}

const found = (failures: { resource: string; rule: string }[]) => failures.map((f) => `${f.resource} ${f.rule}`).sort();

describe('checkTemplate', () => {
  it('passes a stack that follows every standard (SAM functions expanded, Globals applied)', () => {
    expect(checkTemplate('tbs-app-sample', compliant)).toEqual([]);
  });

  it('names resource, rule and fix for each failure of the non-compliant fixture', () => {
    const failures = checkTemplate('tbs-app-broken', fixture('repo-noncompliant/tbs-app-broken/template.yaml'));
    expect(found(failures)).toEqual([
      'JobsQueue sqs-dead-letter-queue',
      'JobsQueue sqs-visibility-timeout',
      'WorkerFunction function-errors-alarm',
      'WorkerFunction function-throttles-alarm',
      'WorkerFunction no-hardcoded-account',
      'WorkerFunction no-hardcoded-email',
      'WorkerFunction no-hardcoded-region',
      'WorkerFunction.Events.Jobs sqs-report-batch-item-failures',
      'WorkerLogGroup log-group-kms',
    ]);
    const kms = failures.find((f) => f.rule === 'log-group-kms')!;
    expect(formatFailure(kms)).toBe(`tbs-app-broken  WorkerLogGroup  log-group-kms  -> ${kms.fix}`);
    expect(kms.fix).toContain('KmsKeyId');
  });

  it('requires the alarms per function, DLQ and API', () => {
    expect(found(checkTemplate('s', without('ConsumeThrottlesAlarm')))).toEqual([
      'ConsumeFunction function-throttles-alarm',
    ]);
    expect(found(checkTemplate('s', without('ConsumeErrorsAlarm')))).toEqual(['ConsumeFunction function-errors-alarm']);
    expect(found(checkTemplate('s', without('EventsDlqDepthAlarm')))).toEqual(['EventsDlq dlq-depth-alarm']);
    expect(found(checkTemplate('s', without('Api5xxAlarm')))).toEqual(['Api api-5xx-alarm']);
    const avgLatency = edit('ApiLatencyAlarm', (p) => {
      delete p['ExtendedStatistic'];
      p['Statistic'] = 'Average';
    });
    expect(found(checkTemplate('s', avgLatency))).toEqual(['Api api-latency-alarm']);
  });

  it('rejects a REST API alarm keyed by the API id: its metrics carry the API name, so it could never fire', () => {
    const byId = edit('Api5xxAlarm', (p) => {
      p['Dimensions'] = [{ Name: 'ApiName', Value: { Ref: 'Api' } }];
    });
    expect(found(checkTemplate('s', byId))).toEqual(['Api api-5xx-alarm']);
  });

  it('requires a dashboard, an explicit log group per function and the Env parameter', () => {
    expect(found(checkTemplate('s', without('Dashboard')))).toEqual(['Resources stack-dashboard']);
    expect(found(checkTemplate('s', without('ConsumeLogGroup')))).toEqual(['ConsumeFunction function-log-group']);
    const noEnv = structuredClone(compliant);
    delete noEnv.Parameters!['Env'];
    expect(found(checkTemplate('s', noEnv))).toContain('Parameters stack-env-parameter');
  });

  it('rejects alarms that notify anything but the aiagent alarm topic', () => {
    const elsewhere = edit('Api5xxAlarm', (p) => {
      p['AlarmActions'] = [{ Ref: 'SomeOtherTopic' }];
    });
    expect(found(checkTemplate('s', elsewhere))).toEqual(['Api5xxAlarm alarm-actions']);
    const silent = edit('Api5xxAlarm', (p) => {
      delete p['AlarmActions'];
    });
    expect(found(checkTemplate('s', silent))).toEqual(['Api5xxAlarm alarm-actions']);
  });

  it('checks API access logs, throttling and tracing', () => {
    const bare = edit('Api', (p) => {
      delete p['AccessLogSetting'];
      delete p['MethodSettings'];
      p['TracingEnabled'] = false;
    });
    expect(found(checkTemplate('s', bare))).toEqual(['Api api-access-logs', 'Api api-throttling', 'Api api-tracing']);
  });

  it('requires every REST API to answer its own errors as problem+json with status and request id', () => {
    const globalsWithout = (change: (responses: Record<string, Record<string, unknown>>) => void) => {
      const copy = structuredClone(compliant);
      const api = (copy.Globals as Record<string, { GatewayResponses: Record<string, Record<string, unknown>> }>).Api!;
      change(api.GatewayResponses);
      return copy;
    };
    const missing = globalsWithout((r) => {
      delete r['DEFAULT_4XX'];
      delete r['THROTTLED'];
    });
    const failures = checkTemplate('s', missing);
    expect(found(failures)).toEqual(['Api api-problem-responses']);
    expect(failures[0]!.message).toBe('No gateway response for THROTTLED, DEFAULT_4XX.');
    const plainJson = globalsWithout((r) => {
      r['UNAUTHORIZED']!['ResponseParameters'] = { Headers: {} };
      r['DEFAULT_5XX']!['ResponseTemplates'] = { 'application/json': '{"message":$context.error.messageString}' };
    });
    expect(checkTemplate('s', plainJson)[0]!.message).toBe(
      "UNAUTHORIZED sets no Content-Type 'application/problem+json' DEFAULT_5XX has a body that is not JSON",
    );
    // Declared in the OpenAPI definition instead of the SAM property counts too.
    const inDefinition = globalsWithout(() => {});
    const responses = (inDefinition.Globals as Record<string, Record<string, unknown>>).Api!['GatewayResponses'];
    delete (inDefinition.Globals as Record<string, unknown>).Api;
    inDefinition.Resources['Api']!.Properties!['DefinitionBody'] = {
      'x-amazon-apigateway-gateway-responses': Object.fromEntries(
        Object.entries(responses as Record<string, Record<string, unknown>>).map(([type, r]) => [
          type,
          {
            responseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
            responseTemplates: r['ResponseTemplates'],
          },
        ]),
      ),
    };
    expect(checkTemplate('s', inDefinition)).toEqual([]);
  });

  it('rejects literal secrets and administrator-style function permissions', () => {
    const leaky = edit('GetThingFunction', (p) => {
      p['Environment'] = { Variables: { STRIPE_SECRET_KEY: 'sk_test_51Hx4gQJ2eZvKYlo2C0m8', TABLE: 'things' } };
      p['Policies'] = ['AdministratorAccess'];
    });
    expect(found(checkTemplate('s', leaky))).toEqual([
      'GetThingFunction function-least-privilege',
      'GetThingFunction no-secret-literals',
    ]);
    const wildcard = edit('ConsumeFunction', (p) => {
      p['Policies'] = [{ Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }];
      p['Environment'] = {
        Variables: { WEBHOOK_SECRET_ARN: { Ref: 'Secret' }, API_KEY: '{{resolve:secretsmanager:k}}' },
      };
    });
    expect(found(checkTemplate('s', wildcard))).toEqual(['ConsumeFunction function-least-privilege']);
  });

  it('requires imports of exports of this repository in the same environment', () => {
    const foreign = edit('GetThingErrorsAlarm', (p) => {
      p['OKActions'] = [{ 'Fn::ImportValue': 'shared-alarm-topic' }];
    });
    const failures = found(checkTemplate('s', foreign));
    expect(failures).toContain('GetThingErrorsAlarm import-naming');
  });

  it('requires exports named after the stack', () => {
    const outputs = structuredClone(compliant);
    outputs.Outputs = { TableName: { Value: { Ref: 'ThingsTable' }, Export: { Name: 'things-table' } } };
    expect(found(checkTemplate('s', outputs))).toEqual(['Outputs.TableName export-naming']);
    outputs.Outputs = {
      TableName: { Value: { Ref: 'ThingsTable' }, Export: { Name: { 'Fn::Sub': `\${AWS::StackName}:TableName` } } },
    };
    expect(checkTemplate('s', outputs)).toEqual([]);
  });

  it('compares queue visibility with the consumer timeout read through parameter defaults', () => {
    const slow = structuredClone(compliant);
    slow.Parameters!['ConsumerTimeout']!['Default'] = 60;
    expect(found(checkTemplate('s', slow))).toEqual(['EventsQueue sqs-visibility-timeout']);
  });

  it('checks HTTP APIs by ApiId, with route throttling and access log settings (no X-Ray on HTTP APIs)', () => {
    const http = structuredClone(compliant);
    const topic = http.Resources['Api5xxAlarm']!.Properties!['AlarmActions'];
    http.Resources['HttpApi'] = {
      Type: 'AWS::Serverless::HttpApi',
      Properties: {
        AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['ApiAccessLogs', 'Arn'] }, Format: '{}' },
        DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 },
      },
    };
    const alarm = (metric: string, extra: Record<string, unknown>) => ({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/ApiGateway',
        MetricName: metric,
        Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: topic,
        ...extra,
      },
    });
    http.Resources['Http5xx'] = alarm('5xx', { Statistic: 'Sum' });
    http.Resources['HttpLatency'] = alarm('Latency', { ExtendedStatistic: 'p99' });
    expect(checkTemplate('s', http)).toEqual([]);
    delete http.Resources['HttpApi']!.Properties!['DefaultRouteSettings'];
    delete http.Resources['Http5xx'];
    expect(found(checkTemplate('s', http))).toEqual(['HttpApi api-5xx-alarm', 'HttpApi api-throttling']);
  });

  it('checks raw event source mappings like SAM SQS events', () => {
    const raw = structuredClone(compliant);
    raw.Resources['ConsumeFunction']!.Properties!['Events'] = {};
    raw.Resources['Mapping'] = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: { Ref: 'ConsumeFunction' },
        EventSourceArn: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
      },
    };
    raw.Parameters!['ConsumerTimeout']!['Default'] = 30;
    expect(found(checkTemplate('s', raw))).toEqual([
      'EventsQueue sqs-visibility-timeout',
      'Mapping sqs-report-batch-item-failures',
    ]);
  });
});
