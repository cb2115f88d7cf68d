import { describe, expect, it } from 'vitest';
import { parseSnsAlarmMessage } from '../../src/infrastructure/parse-alarm-event';
import { cloudWatchAlarmNotification } from '../../src/local/cloudwatch-alarm-notification';

describe('cloudWatchAlarmNotification (what the local cloud publishes for tbs-local alarm)', () => {
  const alarm = {
    AlarmName: 'tbs-app-product-local-ProductApi5xxAlarm',
    Namespace: 'AWS/ApiGateway',
    MetricName: '5XXError',
    Dimensions: [{ Name: 'ApiName', Value: 'tbs-app-product-local-api' }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  };
  const now = new Date('2026-11-22T03:05:09.123Z');

  it('reads back as the OK -> ALARM transition CloudWatch would send', () => {
    const message = cloudWatchAlarmNotification(alarm, {
      region: 'ap-southeast-2',
      accountId: '111122223333',
      newState: 'ALARM',
      now,
    });
    const t = parseSnsAlarmMessage(message);
    expect(t).toMatchObject({
      alarmArn: 'arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:tbs-app-product-local-ProductApi5xxAlarm',
      oldState: 'OK',
      newState: 'ALARM',
      transitionTime: '2026-11-22T03:05:09.123Z',
      region: 'ap-southeast-2',
    });
    expect(t.reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (22/11/26 03:05:09)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
    );
    expect(t.metrics).toEqual([
      {
        namespace: 'AWS/ApiGateway',
        name: '5XXError',
        statistic: 'SUM',
        dimensions: [{ name: 'ApiName', value: 'tbs-app-product-local-api' }],
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
      },
    ]);
  });

  it('reads back as ALARM -> OK for --state OK', () => {
    const message = cloudWatchAlarmNotification(alarm, {
      region: 'us-east-1',
      accountId: '000000000000',
      newState: 'OK',
      now,
    });
    expect(parseSnsAlarmMessage(message)).toMatchObject({ oldState: 'ALARM', newState: 'OK' });
  });
});
