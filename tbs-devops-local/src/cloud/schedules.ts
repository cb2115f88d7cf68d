import { randomUUID } from 'node:crypto';
import type { LocalFunction } from './function-runtime';

/** A `rate(...)` schedule (Schedule/ScheduleV2 events) the local cloud runs with a timer. */
export interface LocalSchedule {
  fn: LocalFunction;
  ruleArn: string;
  everyMs: number;
}

/** `rate(5 minutes)` in milliseconds; undefined for cron expressions and anything else. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (!m) return undefined;
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}

/** Runs `rate(...)` schedules with timers and the event EventBridge Scheduler sends; overlapping runs are skipped. */
export function startSchedules(
  schedules: LocalSchedule[],
  log: (line: string) => void,
  where: { region: string; accountId: string },
): () => void {
  const timers = schedules.map((schedule) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: where.accountId,
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: where.region,
        resources: [schedule.ruleArn],
        detail: {},
      };
      schedule.fn
        .invoke(event)
        .catch((err: Error) =>
          log(`[${schedule.fn.spec.stack}/${schedule.fn.spec.logicalId}] schedule: ${err.message}`),
        )
        .finally(() => {
          running = false;
        });
    }, schedule.everyMs);
  });
  for (const s of schedules) {
    log(`[local] ${s.fn.spec.stack}/${s.fn.spec.logicalId} runs every ${s.everyMs / 1000} s`);
  }
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
