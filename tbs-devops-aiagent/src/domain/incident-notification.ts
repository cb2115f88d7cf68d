import type { AlarmTransition } from './alarm-transition';
import { derivePriority, type IncidentPriority } from './incident-priority';

/** The AWS DevOps Agent generic webhook body. */
export interface IncidentNotification {
  eventType: 'incident';
  action: 'created' | 'resolved';
  priority: IncidentPriority;
  incidentId: string;
  title: string;
  description: string;
  service: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** `tbs-app-order-dev-PaymentErrors-1X2Y` -> `tbs-app-order`; other names -> `unknown`. */
export function serviceOf(alarmName: string): { service: string; stack?: string } {
  const match = /^(tbs-(?:app|devops)-[a-z0-9]+)-(dev|prod|local)\b/.exec(alarmName);
  if (!match) return { service: 'unknown' };
  return { service: match[1] as string, stack: `${match[1]}-${match[2]}` };
}

export function consoleLink(transition: AlarmTransition): string {
  const region = encodeURIComponent(transition.region);
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(transition.alarmName)}`;
}

function describeMetrics(transition: AlarmTransition): string {
  if (transition.metrics.length === 0) return 'Metric: (composite or expression alarm)';
  return transition.metrics
    .map((m) => {
      const dims = m.dimensions.map((d) => `${d.name}=${d.value}`).join(', ') || 'no dimensions';
      const threshold = m.threshold !== undefined ? `, ${m.comparison ?? 'threshold'} ${m.threshold}` : '';
      return `Metric: ${m.namespace} ${m.name}${m.statistic ? ` (${m.statistic})` : ''} [${dims}]${threshold}`;
    })
    .join('\n');
}

/** Builds the webhook body for an alarm transition; `incidentId` ties the resolve to its open. */
export function buildIncidentNotification(
  transition: AlarmTransition,
  action: 'created' | 'resolved',
  incidentId: string,
): IncidentNotification {
  const { service, stack } = serviceOf(transition.alarmName);
  const verb = action === 'created' ? 'ALARM' : 'resolved (OK)';
  const lines = [
    `CloudWatch alarm ${transition.alarmName} moved from ${transition.oldState} to ${transition.newState} at ${transition.transitionTime}.`,
    transition.description ? `Alarm description: ${transition.description}` : undefined,
    `Reason: ${transition.reason}`,
    describeMetrics(transition),
    `Service: ${service}${stack ? ` (stack ${stack})` : ''}`,
    `Account: ${transition.accountId}, region: ${transition.region}`,
    `Console: ${consoleLink(transition)}`,
  ].filter((line): line is string => line !== undefined);
  return {
    eventType: 'incident',
    action,
    priority: derivePriority(transition),
    incidentId,
    title: `[${verb}] ${transition.alarmName}`.slice(0, 250),
    description: lines.join('\n'),
    service,
    timestamp: transition.transitionTime,
    data: {
      alarmName: transition.alarmName,
      alarmArn: transition.alarmArn,
      oldState: transition.oldState,
      newState: transition.newState,
      reason: transition.reason,
      metrics: transition.metrics,
      stack,
      region: transition.region,
      accountId: transition.accountId,
      transitionTime: transition.transitionTime,
      consoleUrl: consoleLink(transition),
    },
  };
}
