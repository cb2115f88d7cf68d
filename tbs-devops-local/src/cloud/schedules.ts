import { randomUUID } from 'node:crypto';
import type { LocalFunction } from './function-runtime';

/** A `rate(...)` or `cron(...)` schedule (Schedule/ScheduleV2 events) the local cloud runs with a timer. */
export interface LocalSchedule {
  fn: LocalFunction;
  ruleArn: string;
  /** rate(): the period. */
  everyMs?: number;
  /** cron(): when it fires next after a given time (UTC, as EventBridge rules evaluate cron). */
  cron?: CronSchedule;
  /** A rule target's constant `Input`, sent instead of the Scheduled Event. */
  input?: unknown;
}

/** A parsed EventBridge `cron(minutes hours day-of-month month day-of-week year)` expression. */
export interface CronSchedule {
  expression: string;
  /** The first matching minute strictly after `after`, or undefined when none comes within the next 5 years. */
  next(after: Date): Date | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * One cron field as the set of values it allows (undefined = any): `*`, `?`, numbers, names (JAN, MON),
 * ranges `a-b`, lists `a,b` and steps `*\/n`, `a/n`, `a-b/n`. `L`, `W` and `#` are not supported.
 */
function cronField(
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): Set<number> | null | undefined {
  if (text === '*' || text === '?') return null;
  const value = (v: string): number | undefined => {
    const named = names.indexOf(v.toUpperCase());
    if (named >= 0) return named + nameBase;
    if (!/^\d+$/.test(v)) return undefined;
    const n = Number(v);
    return n >= min && n <= max ? n : undefined;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const [, range = '', stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number | undefined, number | undefined];
    else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (from === undefined || to === undefined || from > to) return undefined;
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return allowed;
}

/** Parses `cron(...)`; undefined for anything else or for what the local cloud cannot evaluate (L, W, #). */
export function parseCron(expression: string): CronSchedule | undefined {
  const m = /^cron\(\s*(.+?)\s*\)$/.exec(expression.trim());
  const fields = m?.[1]?.split(/\s+/) ?? [];
  if (fields.length !== 6) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = [
    cronField(fields[0]!, 0, 59),
    cronField(fields[1]!, 0, 23),
    cronField(fields[2]!, 1, 31),
    cronField(fields[3]!, 1, 12, MONTHS, 1),
    cronField(fields[4]!, 1, 7, DAYS, 1),
    cronField(fields[5]!, 1970, 2199),
  ];
  if ([minutes, hours, dayOfMonth, month, dayOfWeek, year].some((f) => f === undefined)) return undefined;
  // EventBridge requires one of the two day fields to be '?'.
  if ((fields[2] === '?') === (fields[4] === '?')) return undefined;
  const ok = (set: Set<number> | null | undefined, v: number) => set === null || set?.has(v) === true;
  const dayMatches = (d: Date) =>
    ok(year, d.getUTCFullYear()) &&
    ok(month, d.getUTCMonth() + 1) &&
    ok(dayOfMonth, d.getUTCDate()) &&
    ok(dayOfWeek, d.getUTCDay() + 1);
  return {
    expression,
    next(after: Date): Date | undefined {
      const t = new Date(after.getTime());
      t.setUTCSeconds(0, 0);
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      const limit = after.getTime() + 5 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        if (!dayMatches(t)) {
          t.setUTCHours(0, 0, 0, 0);
          t.setUTCDate(t.getUTCDate() + 1);
        } else if (!ok(hours, t.getUTCHours())) {
          t.setUTCMinutes(0, 0, 0);
          t.setUTCHours(t.getUTCHours() + 1);
        } else if (!ok(minutes, t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1);
        } else return t;
      }
      return undefined;
    },
  };
}

/** `rate(5 minutes)` in milliseconds; undefined for cron expressions and anything else. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (!m) return undefined;
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}

/** Runs schedules with timers and the event EventBridge sends; a run still going when the next is due skips it. */
export function startSchedules(
  schedules: LocalSchedule[],
  log: (line: string) => void,
  where: { region: string; accountId: string },
): () => void {
  const timers = new Set<NodeJS.Timeout>();
  for (const schedule of schedules) {
    let running = false;
    const fire = () => {
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
        .invoke(schedule.input === undefined ? event : schedule.input)
        .catch((err: Error) =>
          log(`[${schedule.fn.spec.stack}/${schedule.fn.spec.logicalId}] schedule: ${err.message}`),
        )
        .finally(() => {
          running = false;
        });
    };
    const name = `${schedule.fn.spec.stack}/${schedule.fn.spec.logicalId}`;
    if (schedule.everyMs !== undefined) {
      timers.add(setInterval(fire, schedule.everyMs));
      log(`[local] ${name} runs every ${schedule.everyMs / 1000} s`);
    } else if (schedule.cron) {
      const cron = schedule.cron;
      const arm = () => {
        const at = cron.next(new Date());
        if (!at) return;
        // setTimeout cannot wait more than ~24 days: far runs re-arm on the way.
        const wait = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (Date.now() >= at.getTime() - 5) fire();
          arm();
        }, wait);
        timers.add(timer);
      };
      arm();
      log(
        `[local] ${name} runs on ${cron.expression} (UTC), next at ${cron.next(new Date())?.toISOString() ?? 'never'}`,
      );
    }
  }
  return () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}
