import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../seed/seed';

describe('demo catalogue (seed/products.json)', () => {
  it('is a believable shop: 40+ valid products in 4+ categories, physical and digital', async () => {
    const products = await loadCatalogue();
    expect(products.length).toBeGreaterThanOrEqual(40);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(products.map((p) => p.kind))).toEqual(new Set(['physical', 'digital']));
    for (const product of products) {
      expect(product.price.amount, product.sku).toBeGreaterThan(0);
      expect(product.price.currency).toBe('NZD');
    }
  });

  it('has unique ids and SKUs, so reseeding and SKU lookups are unambiguous', async () => {
    const products = await loadCatalogue();
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
  });
});
