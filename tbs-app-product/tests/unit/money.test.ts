import { describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { InvalidProductError } from '../../src/domain/product-errors';

describe('Money', () => {
  it('keeps whole cents and defaults to the shop currency', () => {
    const price = Money.of(1850);
    expect(price.toJSON()).toEqual({ amount: 1850, currency: 'NZD' });
    expect(price.equals(Money.of(1850, 'NZD'))).toBe(true);
    expect(price.equals(Money.of(1850, 'AUD'))).toBe(false);
  });

  it.each([
    [18.5, 'NZD'],
    [-1, 'NZD'],
    [100_000_000, 'NZD'],
    [Number.NaN, 'NZD'],
    [100, 'nzd'],
    [100, 'NZDX'],
  ])('rejects %s %s', (amount, currency) => {
    expect(() => Money.of(amount, currency)).toThrow(InvalidProductError);
  });

  it('cannot be changed after creation', () => {
    const price = Money.of(500);
    expect(() => {
      (price as { amount: number }).amount = 1;
    }).toThrow(TypeError);
  });
});
