import type { DeclaredAlarm } from './alarm-catalog';
import type { AlarmState } from './args';

// CloudWatch writes the region's display name into notifications, not its code.
const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-6': 'Asia Pacific (New Zealand)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-central-1': 'EU (Frankfurt)',
};

const OPERATOR_WORDS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export interface AlarmNotificationInput {
  alarm: DeclaredAlarm;
  state: AlarmState;
  region: string;
  accountId: string;
  topicArn: string;
  now: Date;
}

export interface AlarmNotification {
  subject: string;
  message: Record<string, unknown>;
}

/** `2026-11-22T03:21:00.123+0000`, the timestamp format of CloudWatch alarm notifications. */
export function cloudWatchTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

function datapointTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear() % 100)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:00`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

function reason(alarm: DeclaredAlarm, state: AlarmState, now: Date): string {
  const threshold = alarm.threshold ?? 0;
  const words = OPERATOR_WORDS[alarm.comparisonOperator] ?? 'beyond';
  const breaching = alarm.comparisonOperator.startsWith('Less') ? threshold - 1 : threshold + 1;
  const value = state === 'ALARM' ? breaching : alarm.comparisonOperator.startsWith('Less') ? threshold + 1 : 0;
  const n = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const point = `[${fmt(value)} (${datapointTime(now)})]`;
  if (state === 'ALARM') {
    return `Threshold Crossed: ${n} out of the last ${alarm.evaluationPeriods} datapoints ${point} was ${words} the threshold (${fmt(threshold)}) (minimum ${n} datapoint for OK -> ALARM transition).`;
  }
  return `Threshold Crossed: 1 out of the last ${alarm.evaluationPeriods} datapoints ${point} was not ${words} the threshold (${fmt(threshold)}) (minimum 1 datapoint for ALARM -> OK transition).`;
}

/** The SNS message CloudWatch publishes when the alarm changes state (the JSON it sends, field for field). */
export function buildAlarmNotification(input: AlarmNotificationInput): AlarmNotification {
  const { alarm, state, region, accountId, topicArn, now } = input;
  const regionName = REGION_NAMES[region] ?? region;
  const trigger: Record<string, unknown> = alarm.metrics
    ? { Metrics: alarm.metrics }
    : {
        MetricName: alarm.metricName ?? null,
        Namespace: alarm.namespace ?? null,
        StatisticType: alarm.extendedStatistic ? 'ExtendedStatistic' : 'Statistic',
        ...(alarm.extendedStatistic
          ? { ExtendedStatistic: alarm.extendedStatistic }
          : { Statistic: (alarm.statistic ?? 'Sum').toUpperCase() }),
        Unit: alarm.unit ?? null,
        Dimensions: alarm.dimensions.map((d) => ({ value: d.value, name: d.name })),
        Period: alarm.period ?? 60,
      };
  Object.assign(trigger, {
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
    ComparisonOperator: alarm.comparisonOperator,
    Threshold: alarm.threshold ?? 0,
    TreatMissingData: alarm.treatMissingData ?? 'missing',
    EvaluateLowSampleCountPercentile: '',
  });
  const message = {
    AlarmName: alarm.alarmName,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: accountId,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(new Date(now.getTime() - 86_400_000)),
    NewStateValue: state,
    NewStateReason: reason(alarm, state, now),
    StateChangeTime: cloudWatchTime(now),
    Region: regionName,
    AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarm.alarmName}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    OKActions: [topicArn],
    AlarmActions: [topicArn],
    InsufficientDataActions: [],
    Trigger: trigger,
  };
  // SNS limits subjects to 100 characters; CloudWatch truncates the same way.
  const subject = `${state}: "${alarm.alarmName}" in ${regionName}`.slice(0, 100);
  return { subject, message };
}
