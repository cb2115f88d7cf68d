export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface MetricDescription {
  namespace: string;
  name: string;
  statistic?: string;
  dimensions: { name: string; value: string }[];
  threshold?: number;
  comparison?: string;
}

/** One state change of one CloudWatch alarm, whichever route (SNS or EventBridge) reported it. */
export interface AlarmTransition {
  alarmName: string;
  alarmArn: string;
  description?: string;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
  /** ISO-8601 time of the state change; with the ARN it identifies the transition. */
  transitionTime: string;
  region: string;
  accountId: string;
  metrics: MetricDescription[];
}

export type IncidentAction = 'open' | 'resolve' | 'ignore';

/**
 * Only a move into ALARM from OK opens an incident; a move back to OK from ALARM resolves it. Anything
 * involving INSUFFICIENT_DATA is noise from missing datapoints, and ALARM -> ALARM is not a transition.
 */
export function decideAction(transition: AlarmTransition): IncidentAction {
  if (transition.oldState === 'OK' && transition.newState === 'ALARM') return 'open';
  if (transition.oldState === 'ALARM' && transition.newState === 'OK') return 'resolve';
  return 'ignore';
}

/** The key that makes each transition notify once, whether it arrives by SNS, EventBridge or both. */
export function transitionKey(transition: AlarmTransition): string {
  return `${transition.alarmArn}#${transition.transitionTime}`;
}
