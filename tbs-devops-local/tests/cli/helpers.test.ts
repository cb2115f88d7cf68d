import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredAlarms, findAlarm, resolveText } from '../../src/cli/alarm-catalog';
import { buildAlarmNotification, cloudWatchTime } from '../../src/cli/alarm-notification';
import { formatAge, formatTable, summarizeBody } from '../../src/cli/format';
import { asSeedResult } from '../../src/cli/seeder';
import { apiBasePath, resolveStackNames } from '../../src/cli/up';
import { parseTemplate } from '../../src/template';

const ctx = {
  stackName: 'tbs-app-order-local',
  region: 'us-east-1',
  accountId: '000000000000',
  parameters: { Env: 'local' },
};

describe('alarm catalog', () => {
  it('resolves the intrinsics alarm names and dimensions are written with', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    expect(resolveText({ 'Fn::Sub': '${AWS::StackName}-dlq-${Env}' }, ctx)).toBe('tbs-app-order-local-dlq-local');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a JS template
    expect(resolveText({ 'Fn::Sub': ['${Q}-depth', { Q: { Ref: 'PaymentsQueue' } }] }, ctx)).toBe(
      'tbs-app-order-local-PaymentsQueue-depth',
    );
    expect(resolveText({ 'Fn::GetAtt': ['PaymentsDlq', 'QueueName'] }, ctx)).toBe('tbs-app-order-local-PaymentsDlq');
    expect(resolveText({ 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'x']] }, ctx)).toBe('us-east-1-x');
    expect(resolveText({ 'Fn::ImportValue': 'x' }, ctx)).toBeUndefined();
  });

  const template = parseTemplate(`
Parameters:
  Env: { Type: String, Default: dev }
Resources:
  PaymentsDlqDepthAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub "\${AWS::StackName}-payments-dlq-depth"
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions: [{ Name: QueueName, Value: !GetAtt PaymentsDlq.QueueName }]
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
  ErrorRateAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      EvaluationPeriods: 2
      Threshold: 5
      ComparisonOperator: GreaterThanOrEqualToThreshold
      Metrics: [{ Id: rate, Expression: "errors / invocations * 100" }]
  PaymentsDlq:
    Type: AWS::SQS::Queue
`);
  const alarms = declaredAlarms([{ name: 'tbs-app-order', template }], {
    region: 'us-east-1',
    accountId: '000000000000',
    envName: 'local',
  });

  it('lists the alarms of a template with their local names', () => {
    expect(alarms.map((a) => a.alarmName)).toEqual([
      'tbs-app-order-local-payments-dlq-depth',
      'tbs-app-order-local-ErrorRateAlarm',
    ]);
    expect(alarms[0]?.dimensions).toEqual([{ name: 'QueueName', value: 'tbs-app-order-local-PaymentsDlq' }]);
    expect(findAlarm(alarms, 'ErrorRateAlarm')).toBe(alarms[1]);
    expect(findAlarm(alarms, 'payments-dlq')).toBe(alarms[0]);
    expect(findAlarm(alarms, 'tbs-app-order')).toHaveLength(2);
  });

  it('builds metric-math notifications with Metrics in the trigger, and OK transitions', () => {
    const now = new Date('2026-03-04T05:06:07.890Z');
    const n = buildAlarmNotification({
      alarm: alarms[1] as (typeof alarms)[number],
      state: 'OK',
      region: 'ap-southeast-2',
      accountId: '000000000000',
      topicArn: 'arn:aws:sns:ap-southeast-2:000000000000:alarms',
      now,
    });
    expect(n.subject).toBe('OK: "tbs-app-order-local-ErrorRateAlarm" in Asia Pacific (Sydney)');
    expect(n.message).toMatchObject({
      NewStateValue: 'OK',
      OldStateValue: 'ALARM',
      StateChangeTime: '2026-03-04T05:06:07.890+0000',
      Trigger: { Metrics: [{ Id: 'rate' }], EvaluationPeriods: 2, Threshold: 5 },
    });
    expect(String(n.message['NewStateReason'])).toContain('was not greater than or equal to the threshold (5.0)');
    expect(cloudWatchTime(now)).toBe('2026-03-04T05:06:07.890+0000');
  });
});

describe('output formatting', () => {
  it('aligns table columns', () => {
    expect(formatTable(['A', 'LONG'], [['xyz', '1']])).toBe('A    LONG\n---  ----\nxyz  1');
  });

  it('says how old something is', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const ago = (s: number) => formatAge(new Date(now.getTime() - s * 1000), now);
    expect([ago(5), ago(125), ago(3 * 3600 + 120), ago(3 * 86_400)]).toEqual(['5s', '2m05s', '3h02m', '3d']);
  });

  it('summarises CloudEvents by type and subject, other bodies by their text', () => {
    expect(summarizeBody(JSON.stringify({ specversion: '1.0', type: 'tbs.x.Y.v1', subject: 's-1', data: {} }))).toBe(
      'tbs.x.Y.v1 s-1',
    );
    expect(summarizeBody('plain\n  text', 8)).toBe('plain t…');
  });

  it('describes seed results given as counts', () => {
    expect(asSeedResult({ created: 3, alreadyPresent: 9 })).toEqual({ summary: 'created 3, already present 9' });
    expect(asSeedResult({ summary: 'x', ids: { a: ['1'] } })).toEqual({ summary: 'x', ids: { a: ['1'] } });
    expect(asSeedResult(undefined)).toEqual({ summary: 'done' });
  });

  it('maps service stacks to their API base paths', () => {
    expect(apiBasePath('tbs-app-fulfilment')).toBe('/fulfilment/v1');
    expect(apiBasePath('tbs-devops-aiagent')).toBeUndefined();
  });

  it('accepts stack folder names and short names, and names an unknown stack', () => {
    const root = fileURLToPath(new URL('../harness/fixtures/repo', import.meta.url));
    expect(resolveStackNames(root, ['shop', 'tbs-app-shop'])).toEqual(['tbs-app-shop', 'tbs-app-shop']);
    expect(() => resolveStackNames(root, ['cart'])).toThrow('--stacks: no stack "cart" (stacks: tbs-app-shop)');
  });
});
