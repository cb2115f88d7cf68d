import type { AlarmTransition } from './alarm-transition';

export type IncidentPriority = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

const PRIORITIES: readonly IncidentPriority[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const MONEY = /payment|stripe|refund|checkout/i;
const DEAD_LETTER = /dlq|dead-?letter/i;
const SERVER_ERRORS = new Set(['Errors', '5XXError', '5xx', 'FunctionErrors']);
const OVERRIDE = /\[priority:(CRITICAL|HIGH|MEDIUM|LOW)\]/i;

function text(transition: AlarmTransition): string {
  const dims = transition.metrics.flatMap((m) => m.dimensions.map((d) => d.value));
  return [transition.alarmName, transition.description ?? '', ...dims].join(' ');
}

/**
 * Priority from the alarm itself, in this order: an explicit "[priority:X]" in the alarm description;
 * CRITICAL when money is involved (payment, Stripe, refund, checkout) or messages are dead-lettered (a DLQ
 * depth alarm means an order, email or stock change was lost until redriven); HIGH for errors and 5XX;
 * MEDIUM for everything else (throttles, latency).
 */
export function derivePriority(transition: AlarmTransition): IncidentPriority {
  const override = OVERRIDE.exec(transition.description ?? '');
  if (override) {
    const wanted = (override[1] as string).toUpperCase() as IncidentPriority;
    if (PRIORITIES.includes(wanted)) return wanted;
  }
  const all = text(transition);
  const isDlqDepth = transition.metrics.some(
    (m) => m.name === 'ApproximateNumberOfMessagesVisible' && m.dimensions.some((d) => DEAD_LETTER.test(d.value)),
  );
  if (MONEY.test(all) || isDlqDepth || DEAD_LETTER.test(transition.alarmName)) return 'CRITICAL';
  if (transition.metrics.some((m) => SERVER_ERRORS.has(m.name))) return 'HIGH';
  return 'MEDIUM';
}
