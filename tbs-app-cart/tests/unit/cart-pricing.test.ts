import { describe, expect, it } from 'vitest';
import { Cart } from '../../src/domain/cart';
import { priceCart } from '../../src/domain/cart-pricing';
import type { CatalogueItem } from '../../src/domain/catalogue-item';
import { ARCHIVED_ID, anItem, CUSTOMER, EBOOK_ID, ebook, SENCHA_ID, TEAPOT_ID } from '../fixtures/catalogue';

const NOW = new Date('2026-02-10T20:10:00Z');
const NZ = { taxRate: 0.15, currency: 'NZD' };

function cartOf(lines: [CatalogueItem, number][]): Cart {
  const cart = Cart.empty(CUSTOMER, NOW);
  for (const [item, quantity] of lines) cart.setQuantity(item.productId, quantity, item, NOW);
  return cart;
}

const catalogueOf = (...items: CatalogueItem[]) => new Map(items.map((item) => [item.productId, item]));

describe('priceCart', () => {
  it('prices the spec example: net 4900, tax 735, gross 5635, shipping 0', () => {
    const priced = priceCart(
      cartOf([
        [anItem(), 2],
        [ebook(), 1],
      ]),
      catalogueOf(anItem(), ebook()),
      NZ,
    );
    expect(priced.totals).toEqual({ net: 4900, shipping: 0, tax: 735, gross: 5635, currency: 'NZD' });
    expect(priced.lines[0]).toEqual({
      productId: SENCHA_ID,
      sku: 'TEA-SENCHA-100',
      name: 'Green Sencha 100 g',
      kind: 'physical',
      quantity: 2,
      unitPrice: 1850,
      lineTotal: 3700,
      availability: 'available',
      availableQuantity: 42,
    });
    expect(priced.lines[1]).toMatchObject({ productId: EBOOK_ID, availableQuantity: null, availability: 'available' });
  });

  it('rounds tax half up exactly: 180 * 0.175 is 31.5, which floating point computes as 31.4999...', () => {
    const item = anItem({ unitPrice: 180 });
    const priced = priceCart(cartOf([[item, 1]]), catalogueOf(item), { taxRate: 0.175, currency: 'NZD' });
    expect(priced.totals).toMatchObject({ net: 180, tax: 32, gross: 212 });
  });

  it('uses the current catalogue price, not the price when the line was added', () => {
    const cart = cartOf([[anItem(), 2]]);
    const priced = priceCart(cart, catalogueOf(anItem({ name: 'Sencha (new)', unitPrice: 1950 })), NZ);
    expect(priced.lines[0]).toMatchObject({ name: 'Sencha (new)', unitPrice: 1950, lineTotal: 3900 });
    expect(priced.totals.net).toBe(3900);
  });

  it('shows lines that cannot be ordered with their state and leaves them out of the totals', () => {
    const teapot = anItem({ productId: TEAPOT_ID, sku: 'TEAPOT', name: 'Teapot', unitPrice: 4500 });
    const archived = anItem({ productId: ARCHIVED_ID, sku: 'OLD', name: 'Old tea', unitPrice: 999 });
    const cart = cartOf([
      [anItem(), 3],
      [teapot, 1],
      [archived, 1],
      [ebook(), 1],
    ]);
    const now = catalogueOf(
      anItem({ availableQuantity: 2 }),
      { ...teapot, availableQuantity: 0 },
      { ...archived, archived: true },
      ebook(),
    );
    const priced = priceCart(cart, now, NZ);
    expect(priced.lines.map((line) => [line.productId, line.availability])).toEqual([
      [SENCHA_ID, 'insufficient_stock'],
      [TEAPOT_ID, 'out_of_stock'],
      [ARCHIVED_ID, 'archived'],
      [EBOOK_ID, 'available'],
    ]);
    expect(priced.totals).toEqual({ net: 1200, shipping: 0, tax: 180, gross: 1380, currency: 'NZD' });
  });

  it('applies the configured tax rate and currency', () => {
    const priced = priceCart(cartOf([[ebook(), 1]]), catalogueOf(ebook()), { taxRate: 0.1, currency: 'NZD' });
    expect(priced.totals).toMatchObject({ net: 1200, tax: 120, gross: 1320 });
  });

  it('an empty cart totals zero', () => {
    expect(priceCart(Cart.empty(CUSTOMER, NOW), new Map(), NZ).totals).toEqual({
      net: 0,
      shipping: 0,
      tax: 0,
      gross: 0,
      currency: 'NZD',
    });
  });
});
