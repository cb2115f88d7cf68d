/** The alarm's own definition, as resolved from a template (AWS::CloudWatch::Alarm properties). */
export interface AlarmDefinition {
  AlarmName: string;
  AlarmDescription?: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: string }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period?: number;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  Metrics?: unknown[];
}

export interface AlarmNotificationOptions {
  region: string;
  accountId: string;
  newState: 'ALARM' | 'OK';
  /** The topic(s) the alarm notifies, copied into AlarmActions/OKActions as CloudWatch does. */
  actionArns?: string[];
  now?: Date;
}

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

/** CloudWatch's time format in alarm messages: 2026-11-22T03:01:12.345+0000. */
function cloudWatchTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/**
 * The JSON message CloudWatch publishes to an SNS alarm action when the alarm changes state, built from the
 * alarm's definition (what `tbs-local alarm NAME` publishes, so the notifier sees what it would in AWS).
 */
export function cloudWatchAlarmNotification(alarm: AlarmDefinition, options: AlarmNotificationOptions): string {
  const now = options.now ?? new Date();
  const opening = options.newState === 'ALARM';
  const threshold = alarm.Threshold ?? 0;
  const comparison = alarm.ComparisonOperator ?? 'GreaterThanOrEqualToThreshold';
  const value = opening ? threshold + 1 : 0;
  const iso = now.toISOString();
  // The datapoint's time as CloudWatch writes it in the reason: dd/MM/yy HH:mm:ss.
  const stamp = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
  const reason = opening
    ? `Threshold Crossed: 1 out of the last 1 datapoints [${value.toFixed(1)} (${stamp})] was ${comparison
        .replace(/Threshold$/, '')
        .replace(/([A-Z])/g, ' $1')
        .trim()
        .toLowerCase()} the threshold (${threshold.toFixed(1)}) (minimum 1 datapoint for OK -> ALARM transition).`
    : `Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].`;
  const actions = options.actionArns ?? [];
  return JSON.stringify({
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: options.accountId,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(new Date(now.getTime() - 86_400_000)),
    NewStateValue: options.newState,
    NewStateReason: reason,
    StateChangeTime: cloudWatchTime(now),
    Region: REGION_NAMES[options.region] ?? options.region,
    AlarmArn: `arn:aws:cloudwatch:${options.region}:${options.accountId}:alarm:${alarm.AlarmName}`,
    OldStateValue: opening ? 'OK' : 'ALARM',
    OKActions: actions,
    AlarmActions: actions,
    InsufficientDataActions: [],
    Trigger: alarm.Metrics
      ? {
          Metrics: alarm.Metrics,
          ComparisonOperator: comparison,
          Threshold: threshold,
          EvaluationPeriods: alarm.EvaluationPeriods ?? 1,
        }
      : {
          MetricName: alarm.MetricName ?? '',
          Namespace: alarm.Namespace ?? '',
          StatisticType: alarm.ExtendedStatistic ? 'ExtendedStatistic' : 'Statistic',
          ...(alarm.ExtendedStatistic
            ? { ExtendedStatistic: alarm.ExtendedStatistic }
            : { Statistic: (alarm.Statistic ?? 'Sum').toUpperCase() }),
          Unit: null,
          Dimensions: (alarm.Dimensions ?? []).map((d) => ({ value: d.Value, name: d.Name })),
          Period: alarm.Period ?? 60,
          EvaluationPeriods: alarm.EvaluationPeriods ?? 1,
          DatapointsToAlarm: alarm.DatapointsToAlarm ?? 1,
          ComparisonOperator: comparison,
          Threshold: threshold,
          TreatMissingData: alarm.TreatMissingData ?? 'missing',
          EvaluateLowSampleCountPercentile: '',
        },
  });
}
