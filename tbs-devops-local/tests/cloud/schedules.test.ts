import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalFunction } from '../../src/cloud/function-runtime';
import { rateMs, startSchedules } from '../../src/cloud/schedules';

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

  it('invokes the function with a Scheduled Event on every tick and stops when told', async () => {
    const fn = new LocalFunction(
      {
        stack: 'tbs-fixture-local',
        logicalId: 'Relay',
        functionName: 'relay',
        bundlePath: fileURLToPath(new URL('../fixtures/cloud/handlers/env-echo.mjs', import.meta.url)),
        handlerExport: 'handler',
        env: {},
        timeoutSeconds: 3,
        memorySize: 128,
        region: 'us-east-1',
        accountId: '000000000000',
      },
      () => {},
    );
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
