import type { Container } from './container';
import { InvalidAlarmEventError, parseAlarmEvent } from './parse-alarm-event';

export type AlarmHandler = (event: unknown) => Promise<{ notified: number; ignored: number }>;

/**
 * Processes every transition of the event. A malformed event is logged and dropped (retrying cannot fix
 * it); a delivery failure is rethrown so Lambda retries the asynchronous invocation and, after that, sends
 * the event to the dead-letter queue, whose alarm goes to the ops fallback topic.
 */
export function createAlarmHandler({
  logger,
  notifyDevOpsAgent,
}: Pick<Container, 'logger' | 'notifyDevOpsAgent'>): AlarmHandler {
  return async (event) => {
    let parsed: ReturnType<typeof parseAlarmEvent>;
    try {
      parsed = parseAlarmEvent(event);
    } catch (error) {
      if (!(error instanceof InvalidAlarmEventError)) throw error;
      logger.warn('event dropped: not a CloudWatch alarm notification', { reason: error.message });
      return { notified: 0, ignored: 1 };
    }
    for (const reason of parsed.rejected)
      logger.warn('record dropped: not a CloudWatch alarm notification', { reason });
    let notified = 0;
    let ignored = parsed.rejected.length;
    const failures: unknown[] = [];
    for (const transition of parsed.transitions) {
      try {
        const outcome = await notifyDevOpsAgent.execute(transition);
        if (outcome === 'opened' || outcome === 'resolved') notified += 1;
        else ignored += 1;
      } catch (error) {
        logger.error('could not notify the DevOps Agent', { alarmName: transition.alarmName, error: String(error) });
        failures.push(error);
      }
    }
    // Already-sent transitions are claimed in the ledger, so the retry only resends the failed ones.
    if (failures.length > 0) throw failures[0];
    return { notified, ignored };
  };
}
