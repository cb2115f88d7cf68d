import type { AlarmState, AlarmTransition, MetricDescription } from '../domain/alarm-transition';

const STATES = new Set<AlarmState>(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/;

export class InvalidAlarmEventError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function state(value: unknown, field: string): AlarmState {
  if (typeof value === 'string' && STATES.has(value as AlarmState)) return value as AlarmState;
  throw new InvalidAlarmEventError(`${field} is not an alarm state`);
}

/** CloudWatch writes "2026-11-22T03:01:12.345+0000"; normalise to ISO-8601 UTC. */
function isoTime(value: unknown, field: string): string {
  const text = str(value);
  const date = text ? new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new InvalidAlarmEventError(`${field} is not a time`);
  return date.toISOString();
}

function arnParts(arn: unknown): { arn: string; region: string; accountId: string; name: string } {
  const text = str(arn);
  const match = text ? ALARM_ARN.exec(text) : null;
  if (!match || !text) throw new InvalidAlarmEventError('the alarm ARN is missing or malformed');
  return { arn: text, region: match[1] as string, accountId: match[2] as string, name: match[3] as string };
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The message CloudWatch publishes to SNS for an alarm action. */
export function parseSnsAlarmMessage(message: string): AlarmTransition {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    throw new InvalidAlarmEventError('the SNS message is not JSON');
  }
  if (!isObject(body)) throw new InvalidAlarmEventError('the SNS message is not a JSON object');
  const arn = arnParts(body['AlarmArn']);
  const trigger = isObject(body['Trigger']) ? body['Trigger'] : undefined;
  const metrics: MetricDescription[] = [];
  if (trigger && str(trigger['MetricName']) && str(trigger['Namespace'])) {
    const dims = Array.isArray(trigger['Dimensions']) ? trigger['Dimensions'] : [];
    metrics.push({
      namespace: trigger['Namespace'] as string,
      name: trigger['MetricName'] as string,
      statistic: str(trigger['Statistic']) ?? str(trigger['ExtendedStatistic']),
      dimensions: dims
        .filter(isObject)
        .map((d) => ({ name: String(d['name'] ?? ''), value: String(d['value'] ?? '') })),
      threshold: num(trigger['Threshold']),
      comparison: str(trigger['ComparisonOperator']),
    });
  } else if (trigger && Array.isArray(trigger['Metrics'])) {
    for (const m of trigger['Metrics'].filter(isObject)) {
      const stat = isObject(m['MetricStat']) ? m['MetricStat'] : undefined;
      const metric = stat && isObject(stat['Metric']) ? stat['Metric'] : undefined;
      if (!metric || !str(metric['MetricName'])) continue;
      const dims = Array.isArray(metric['Dimensions']) ? metric['Dimensions'] : [];
      metrics.push({
        namespace: String(metric['Namespace'] ?? ''),
        name: metric['MetricName'] as string,
        statistic: str(stat?.['Stat']),
        dimensions: dims
          .filter(isObject)
          .map((d) => ({ name: String(d['name'] ?? ''), value: String(d['value'] ?? '') })),
        threshold: num(trigger['Threshold']),
        comparison: str(trigger['ComparisonOperator']),
      });
    }
  }
  return {
    alarmName: str(body['AlarmName']) ?? arn.name,
    alarmArn: arn.arn,
    description: str(body['AlarmDescription']),
    oldState: state(body['OldStateValue'], 'OldStateValue'),
    newState: state(body['NewStateValue'], 'NewStateValue'),
    reason: str(body['NewStateReason']) ?? '',
    transitionTime: isoTime(body['StateChangeTime'], 'StateChangeTime'),
    region: arn.region,
    accountId: str(body['AWSAccountId']) ?? arn.accountId,
    metrics,
  };
}

/** The EventBridge "CloudWatch Alarm State Change" event. */
export function parseAlarmStateChangeEvent(event: Json): AlarmTransition {
  const detail = event['detail'];
  if (!isObject(detail)) throw new InvalidAlarmEventError('the event has no detail');
  const resources = Array.isArray(event['resources']) ? event['resources'] : [];
  const arn = arnParts(resources[0]);
  const current = isObject(detail['state']) ? detail['state'] : {};
  const previous = isObject(detail['previousState']) ? detail['previousState'] : {};
  const configuration = isObject(detail['configuration']) ? detail['configuration'] : {};
  const metrics: MetricDescription[] = [];
  for (const m of (Array.isArray(configuration['metrics']) ? configuration['metrics'] : []).filter(isObject)) {
    const stat = isObject(m['metricStat']) ? m['metricStat'] : undefined;
    const metric = stat && isObject(stat['metric']) ? stat['metric'] : undefined;
    if (!metric || !str(metric['name'])) continue;
    const dims = isObject(metric['dimensions']) ? metric['dimensions'] : {};
    metrics.push({
      namespace: String(metric['namespace'] ?? ''),
      name: metric['name'] as string,
      statistic: str(stat?.['stat']),
      dimensions: Object.entries(dims).map(([name, value]) => ({ name, value: String(value) })),
    });
  }
  return {
    alarmName: str(detail['alarmName']) ?? arn.name,
    alarmArn: arn.arn,
    description: str(configuration['description']),
    oldState: state(previous['value'], 'detail.previousState.value'),
    newState: state(current['value'], 'detail.state.value'),
    reason: str(current['reason']) ?? '',
    transitionTime: isoTime(current['timestamp'] ?? event['time'], 'detail.state.timestamp'),
    region: str(event['region']) ?? arn.region,
    accountId: str(event['account']) ?? arn.accountId,
    metrics,
  };
}

export interface ParsedAlarmEvent {
  transitions: AlarmTransition[];
  /** Records that were not alarm notifications, with the reason (never the payload: it may hold data). */
  rejected: string[];
}

/** Reads an SNS event (one or more CloudWatch alarm messages) or an EventBridge alarm state change. */
export function parseAlarmEvent(event: unknown): ParsedAlarmEvent {
  if (!isObject(event)) throw new InvalidAlarmEventError('the event is not an object');
  if (event['detail-type'] === 'CloudWatch Alarm State Change') {
    return { transitions: [parseAlarmStateChangeEvent(event)], rejected: [] };
  }
  if (Array.isArray(event['Records'])) {
    const parsed: ParsedAlarmEvent = { transitions: [], rejected: [] };
    for (const [index, record] of event['Records'].entries()) {
      const sns = isObject(record) && isObject(record['Sns']) ? record['Sns'] : undefined;
      try {
        if (!sns || typeof sns['Message'] !== 'string') throw new InvalidAlarmEventError('not an SNS record');
        parsed.transitions.push(parseSnsAlarmMessage(sns['Message']));
      } catch (error) {
        if (!(error instanceof InvalidAlarmEventError)) throw error;
        parsed.rejected.push(`record ${index}: ${error.message}`);
      }
    }
    return parsed;
  }
  throw new InvalidAlarmEventError('the event is neither an SNS event nor a CloudWatch Alarm State Change');
}
