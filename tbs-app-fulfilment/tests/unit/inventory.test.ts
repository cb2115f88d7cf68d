import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/domain/inventory';

const T0 = '2026-02-10T20:00:00.000Z';
const T1 = '2026-02-10T21:00:00.000Z';
const P = '01JD8X3QK7M2V4R6T8W0Y2A4C6';

describe('Inventory', () => {
  it('starts with everything on hand available at version 1 and announces it', () => {
    const inventory = Inventory.create(P, 44, T0);
    expect([inventory.onHand, inventory.reserved, inventory.available, inventory.version]).toEqual([44, 0, 44, 1]);
    expect(inventory.pullEvents()).toEqual([
      {
        type: 'StockLevelChanged',
        productId: P,
        onHand: 44,
        reserved: 0,
        available: 44,
        version: 1,
        reason: 'ADJUSTED',
        changedAt: T0,
      },
    ]);
  });

  it('reserves, releases and dispatches, each bumping the version with its reason', () => {
    const inventory = Inventory.create(P, 10, T0);
    inventory.pullEvents();
    inventory.reserve(4, T1);
    expect([inventory.onHand, inventory.reserved, inventory.available]).toEqual([10, 4, 6]);
    inventory.release(1, T1);
    expect([inventory.onHand, inventory.reserved, inventory.available]).toEqual([10, 3, 7]);
    inventory.dispatch(3, T1);
    expect([inventory.onHand, inventory.reserved, inventory.available, inventory.version]).toEqual([7, 0, 7, 4]);
    expect(inventory.pullEvents().map((e) => [e.reason, e.version, e.available])).toEqual([
      ['RESERVED', 2, 6],
      ['RELEASED', 3, 7],
      ['DISPATCHED', 4, 7],
    ]);
    expect(inventory.pullEvents()).toEqual([]);
  });

  it('never promises more than is available', () => {
    const inventory = Inventory.create(P, 3, T0);
    inventory.reserve(3, T0);
    expect(() => inventory.reserve(1, T1)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_STOCK' }));
    expect(inventory.available).toBe(0);
  });

  it('refuses an onHand below the reserved units (409) and nonsense quantities (422)', () => {
    const inventory = Inventory.create(P, 5, T0);
    inventory.reserve(4, T0);
    expect(() => inventory.setOnHand(3, T1)).toThrow(
      expect.objectContaining({ code: 'STOCK_BELOW_RESERVED', kind: 'conflict' }),
    );
    inventory.setOnHand(4, T1);
    expect(inventory.available).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN, 1_000_001]) {
      expect(() => inventory.setOnHand(bad, T1)).toThrow(expect.objectContaining({ kind: 'validation' }));
    }
    expect(() => inventory.reserve(0, T1)).toThrow(expect.objectContaining({ kind: 'validation' }));
  });

  it('cannot release or dispatch more than is reserved', () => {
    const inventory = Inventory.create(P, 5, T0);
    inventory.reserve(2, T0);
    expect(() => inventory.release(3, T1)).toThrow(expect.objectContaining({ code: 'RESERVATION_UNDERFLOW' }));
    expect(() => inventory.dispatch(3, T1)).toThrow(expect.objectContaining({ code: 'RESERVATION_UNDERFLOW' }));
    expect(inventory.reserved).toBe(2);
  });
});
