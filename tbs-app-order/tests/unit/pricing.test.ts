import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, DEFAULT_PRICING_RULES, priceOrder } from '../../src/domain/pricing';
import { ARCHIVED_POT, EBOOK, TEA } from '../fixtures/catalogue';

const catalogue = new Map<string, CatalogueEntry>([TEA, EBOOK, ARCHIVED_POT].map((e) => [e.productId, e]));

describe('pricing comes from the catalogue, never from the client', () => {
  it('prices the spec example exactly: 2 tea + 1 e-book, standard shipping, 15% on goods and shipping', () => {
    const priced = priceOrder(
      [
        { productId: TEA.productId, quantity: 2 },
        { productId: EBOOK.productId, quantity: 1 },
      ],
      catalogue,
      'STANDARD',
      true,
    );
    expect(priced.totals).toEqual({ net: 4900, shipping: 800, tax: 855, gross: 6555, currency: 'NZD' });
    expect(priced.lines.map((l) => [l.sku, l.unitPrice, l.lineTotal])).toEqual([
      ['TEA-SENCHA-100', 1850, 3700],
      ['EBOOK-TEA-GUIDE', 1200, 1200],
    ]);
  });

  it('standard shipping is free from 100.00 net; express never is', () => {
    const lines = [{ productId: TEA.productId, quantity: 6 }]; // 11100
    expect(priceOrder(lines, catalogue, 'STANDARD', true).totals).toMatchObject({
      shipping: 0,
      tax: 1665,
      gross: 12765,
    });
    expect(priceOrder(lines, catalogue, 'EXPRESS', true).totals).toMatchObject({ shipping: 1500, tax: 1890 });
  });

  it('just under the threshold still pays for standard shipping', () => {
    const cheap = new Map([[TEA.productId, { ...TEA, unitPrice: 9999 }]]);
    expect(priceOrder([{ productId: TEA.productId, quantity: 1 }], cheap, 'STANDARD', true).totals.shipping).toBe(800);
  });

  it('rounds tax half away from zero on the total, once', () => {
    const odd = new Map([[EBOOK.productId, { ...EBOOK, unitPrice: 1010 }]]); // 151.5 -> 152
    expect(priceOrder([{ productId: EBOOK.productId, quantity: 1 }], odd, undefined, false).totals).toEqual({
      net: 1010,
      shipping: 0,
      tax: 152,
      gross: 1162,
      currency: 'NZD',
    });
  });

  it('a digital-only order needs no address and ships nothing', () => {
    const priced = priceOrder([{ productId: EBOOK.productId, quantity: 3 }], catalogue, 'EXPRESS', false);
    expect(priced.shippingOption).toBeNull();
    expect(priced.totals.shipping).toBe(0);
  });

  it.each([
    ['an unknown product', [{ productId: '01JDZZZZZZZZZZZZZZZZZZZZZZ', quantity: 1 }], 'PRODUCT_UNAVAILABLE'],
    ['an archived product', [{ productId: ARCHIVED_POT.productId, quantity: 1 }], 'PRODUCT_UNAVAILABLE'],
    ['quantity 0', [{ productId: TEA.productId, quantity: 0 }], 'INVALID_ORDER'],
    ['quantity 100', [{ productId: TEA.productId, quantity: 100 }], 'INVALID_ORDER'],
    ['no lines', [], 'INVALID_ORDER'],
    [
      'a repeated product',
      [
        { productId: TEA.productId, quantity: 1 },
        { productId: TEA.productId, quantity: 2 },
      ],
      'DUPLICATE_LINE',
    ],
  ])('refuses %s', (_name, lines, code) => {
    expect(() => priceOrder(lines, catalogue, 'STANDARD', true)).toThrow(
      expect.objectContaining({ code, kind: 'validation' }),
    );
  });

  it('refuses 51 lines and accepts 50', () => {
    const many = new Map<string, CatalogueEntry>();
    const lines = Array.from({ length: 51 }, (_, i) => {
      const productId = `01JD${String(i).padStart(22, '0')}`;
      many.set(productId, { ...EBOOK, productId });
      return { productId, quantity: 1 };
    });
    expect(() => priceOrder(lines, many, undefined, false)).toThrow(expect.objectContaining({ code: 'INVALID_ORDER' }));
    expect(priceOrder(lines.slice(0, 50), many, undefined, false).totals.net).toBe(50 * 1200);
  });

  it('a physical line without an address or shipping option is refused', () => {
    const lines = [{ productId: TEA.productId, quantity: 1 }];
    expect(() => priceOrder(lines, catalogue, 'STANDARD', false)).toThrow(
      expect.objectContaining({ code: 'DELIVERY_ADDRESS_REQUIRED' }),
    );
    expect(() => priceOrder(lines, catalogue, undefined, true)).toThrow(
      expect.objectContaining({ code: 'DELIVERY_ADDRESS_REQUIRED' }),
    );
  });

  it('uses the configured rate and thresholds', () => {
    const rules = { ...DEFAULT_PRICING_RULES, taxRate: 0.1, standardShipping: 500 };
    expect(priceOrder([{ productId: TEA.productId, quantity: 1 }], catalogue, 'STANDARD', true, rules).totals).toEqual({
      net: 1850,
      shipping: 500,
      tax: 235,
      gross: 2585,
      currency: 'NZD',
    });
  });
});
