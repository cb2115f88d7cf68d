import { describe, expect, it, vi } from 'vitest';
import type { LocalFunction } from '../../src/cloud/function-runtime';
import { parseCron, rateMs, startSchedules } from '../../src/cloud/schedules';
import { fixtureFunction } from '../fixtures/cloud/fixture-function';

describe('local schedules', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
  ])('runs %s every %i ms', (expression, ms) => {
    expect(rateMs(expression)).toBe(ms);
  });

  it('does not run cron expressions or malformed rates', () => {
    expect(rateMs('cron(0 12 * * ? *)')).toBeUndefined();
    expect(rateMs('rate(minute)')).toBeUndefined();
  });

  it.each([
    ['cron(0 12 * * ? *)', '2026-03-04T10:30:00Z', '2026-03-04T12:00:00.000Z'],
    ['cron(0 12 * * ? *)', '2026-03-04T12:00:00Z', '2026-03-05T12:00:00.000Z'],
    ['cron(15 10 ? * 6L 2026-2027)', '2026-03-04T10:30:00Z', undefined],
    ['cron(0/15 * * * ? *)', '2026-03-04T10:31:10Z', '2026-03-04T10:45:00.000Z'],
    ['cron(0 18 ? * MON-FRI *)', '2026-03-06T19:00:00Z', '2026-03-09T18:00:00.000Z'],
    ['cron(0 8 1 * ? *)', '2026-12-15T00:00:00Z', '2027-01-01T08:00:00.000Z'],
    ['cron(30 2 ? JAN,JUL 1 *)', '2026-03-04T00:00:00Z', '2026-07-05T02:30:00.000Z'],
    ['cron(0 0 29 2 ? *)', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['cron(0 0 1 1 ? 2020)', '2026-03-01T00:00:00Z', 'never'],
  ])('%s after %s fires at %s (UTC)', (expression, after, next) => {
    const cron = parseCron(expression);
    if (next === undefined) {
      expect(cron).toBeUndefined();
      return;
    }
    expect(cron?.next(new Date(after))?.toISOString() ?? 'never').toBe(next);
  });

  it('rejects malformed cron expressions and ones with both day fields set', () => {
    for (const e of [
      'cron(0 12 * * *)',
      'cron(0 12 * * * *)',
      'cron(61 * * * ? *)',
      'cron(0 12 ? * FOO *)',
      'rate(1 minute)',
    ]) {
      expect(parseCron(e)).toBeUndefined();
    }
  });

  it('invokes a cron schedule at its minutes, with the rule in the event', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-04T10:29:30Z') });
    try {
      const times: string[] = [];
      const fn = {
        spec: { stack: 's', logicalId: 'Nightly' },
        invoke: async (event: { time: string; resources: string[] }) => {
          times.push(`${event.time} ${event.resources[0]}`);
        },
      } as unknown as LocalFunction;
      const cron = parseCron('cron(0/30 * * * ? *)')!;
      const stop = startSchedules([{ fn, cron, ruleArn: 'arn:rule' }], () => {}, {
        region: 'us-east-1',
        accountId: '000000000000',
      });
      await vi.advanceTimersByTimeAsync(29_000);
      expect(times).toEqual([]);
      await vi.advanceTimersByTimeAsync(61 * 60_000);
      expect(times).toEqual([
        '2026-03-04T10:30:00Z arn:rule',
        '2026-03-04T11:00:00Z arn:rule',
        '2026-03-04T11:30:00Z arn:rule',
      ]);
      stop();
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(times).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends a rule target's constant Input instead of the Scheduled Event", async () => {
    vi.useFakeTimers();
    try {
      const events: unknown[] = [];
      const fn = {
        spec: { stack: 's', logicalId: 'Hourly' },
        invoke: async (event: unknown) => {
          events.push(event);
        },
      } as unknown as LocalFunction;
      const stop = startSchedules([{ fn, everyMs: 1000, ruleArn: 'arn:rule', input: { job: 'report' } }], () => {}, {
        region: 'us-east-1',
        accountId: '000000000000',
      });
      await vi.advanceTimersByTimeAsync(2500);
      stop();
      expect(events).toEqual([{ job: 'report' }, { job: 'report' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('invokes the function with a Scheduled Event on every tick and stops when told', async () => {
    const fn = fixtureFunction('env-echo.mjs', { logicalId: 'Relay', functionName: 'relay' });
    const events: unknown[] = [];
    const invoke = fn.invoke.bind(fn);
    fn.invoke = (event, mode) => {
      events.push(event);
      return invoke(event, mode);
    };
    const stop = startSchedules(
      [{ fn, everyMs: 150, ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/r' }],
      () => {},
      {
        region: 'us-east-1',
        accountId: '000000000000',
      },
    );
    await new Promise((r) => setTimeout(r, 1000));
    stop();
    const count = events.length;
    await new Promise((r) => setTimeout(r, 400));
    await fn.stop();
    expect(count).toBeGreaterThanOrEqual(2);
    expect(events).toHaveLength(count);
    expect(events[0]).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/r'],
      detail: {},
    });
  });
});
