import { describe, expect, it } from 'vitest';
import { DeliveryFaults } from '../../src/cloud/delivery-faults';

describe('delivery faults', () => {
  it('are off unless configured: one invocation per batch, no failures', () => {
    const faults = new DeliveryFaults();
    expect(faults.active).toBe(false);
    expect(faults.plan(['a', 'b'])).toEqual([['a', 'b']]);
    expect(faults.next()).toBe('none');
    expect(faults.describe()).toBe('delivery faults off');
  });

  it('deliver every message 2 or 3 times, shuffled, never twice in one invocation', () => {
    const faults = new DeliveryFaults({ seed: 7, duplicates: true });
    const batch = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const counts = new Map<string, number>();
    const orders = new Set<string>();
    for (let round = 0; round < 50; round++) {
      const plan = faults.plan(batch);
      for (const invocation of plan) {
        expect(new Set(invocation).size).toBe(invocation.length);
        expect(invocation.length).toBeLessThanOrEqual(batch.length);
      }
      const seen = plan.flat();
      for (const m of batch) {
        const n = seen.filter((s) => s === m).length;
        expect([2, 3]).toContain(n);
        counts.set(`${m}:${n}`, (counts.get(`${m}:${n}`) ?? 0) + 1);
      }
      orders.add(seen.join(''));
    }
    // Both multiplicities occur and the order differs from one batch to the next.
    expect([...counts.keys()].some((k) => k.endsWith(':2'))).toBe(true);
    expect([...counts.keys()].some((k) => k.endsWith(':3'))).toBe(true);
    expect(orders.size).toBeGreaterThan(40);
    const stats = faults.stats;
    expect(stats.messages).toBe(500);
    expect(stats.extraDeliveries).toBeGreaterThanOrEqual(500);
    expect(stats.extraDeliveries).toBeLessThanOrEqual(1000);
  });

  it('fail about the requested fraction of invocations, before and after the handler', () => {
    const faults = new DeliveryFaults({ seed: 42, failureRate: 0.3 });
    const outcomes = Array.from({ length: 4000 }, () => faults.next());
    const before = outcomes.filter((o) => o === 'before').length;
    const after = outcomes.filter((o) => o === 'after').length;
    expect((before + after) / outcomes.length).toBeGreaterThan(0.27);
    expect((before + after) / outcomes.length).toBeLessThan(0.33);
    expect(before).toBeGreaterThan(400);
    expect(after).toBeGreaterThan(400);
    expect(faults.stats).toMatchObject({ invocations: 4000, failedBefore: before, failedAfter: after });
  });

  it('never fail fewer invocations than the rate allows so far, however short the run', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const faults = new DeliveryFaults({ seed, failureRate: 0.35 });
      for (let n = 1; n <= 60; n++) {
        faults.next();
        const { failedBefore, failedAfter } = faults.stats;
        expect(failedBefore + failedAfter).toBeGreaterThanOrEqual(Math.floor(0.35 * n));
      }
    }
  });

  it('repeat exactly for the same seed and differ for another', () => {
    const run = (seed: number) => {
      const faults = new DeliveryFaults({ seed, duplicates: true, failureRate: 0.5 });
      return [faults.plan([1, 2, 3, 4, 5]), Array.from({ length: 20 }, () => faults.next())];
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('can be switched off while running, and reject nonsense', () => {
    const faults = new DeliveryFaults({ seed: 1, failureRate: 0.99 });
    expect(faults.describe()).toBe('delivery faults on: seed 1, no duplicates, failure rate 0.99');
    faults.disable();
    expect(faults.next()).toBe('none');
    expect(() => faults.configure({ seed: 1, failureRate: 1 })).toThrow(RangeError);
    expect(() => faults.configure({ seed: 1.5 })).toThrow(RangeError);
  });
});
