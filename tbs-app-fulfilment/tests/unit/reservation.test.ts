import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/domain/inventory';
import { reserveAll } from '../../src/domain/reservation';

const T = '2026-02-10T20:00:00.000Z';

function stock(entries: [string, number][]): Map<string, Inventory> {
  return new Map(entries.map(([id, onHand]) => [id, Inventory.create(id, onHand, T)]));
}

describe('reserveAll (all physical lines or none)', () => {
  it('reserves every product when all have enough, summing lines of the same product', () => {
    const inventories = stock([
      ['a', 5],
      ['b', 1],
    ]);
    const result = reserveAll(
      [
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 3 },
      ],
      inventories,
      T,
    );
    expect(result.reserved).toBe(true);
    expect([inventories.get('a')?.available, inventories.get('b')?.available]).toEqual([0, 0]);
  });

  it('reserves nothing and lists every short product when one is short (unknown products have none)', () => {
    const inventories = stock([
      ['a', 5],
      ['b', 1],
    ]);
    const result = reserveAll(
      [
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 2 },
        { productId: 'c', quantity: 1 },
      ],
      inventories,
      T,
    );
    expect(result).toEqual({
      reserved: false,
      short: [
        { productId: 'b', requested: 2, available: 1 },
        { productId: 'c', requested: 1, available: 0 },
      ],
    });
    expect([inventories.get('a')?.reserved, inventories.get('b')?.reserved]).toEqual([0, 0]);
  });
});
