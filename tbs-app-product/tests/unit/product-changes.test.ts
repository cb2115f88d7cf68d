import { describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { Product } from '../../src/domain/product';
import { InvalidProductError, ProductArchivedError } from '../../src/domain/product-errors';
import { aProduct, newProduct } from '../fixtures/products';

const LATER = new Date('2026-02-01T00:00:00.000Z');
const { id: _id, ...details } = newProduct();

describe('Product changes and their events', () => {
  it('records ProductCreated with the version-1 snapshot, and nothing when restored from storage', () => {
    const product = aProduct();
    expect(product.pendingEvents.map((event) => [event.type, event.snapshot.version])).toEqual([['ProductCreated', 1]]);
    expect(Product.restore(product.toSnapshot()).pendingEvents).toEqual([]);
  });

  it('replaces the details as a new version with ProductUpdated carrying the snapshot after the change', () => {
    const product = Product.restore(aProduct().toSnapshot());
    expect(product.update({ ...details, name: '  Green Sencha 200 g ', price: Money.of(2900) }, LATER)).toBe(true);
    expect(product).toMatchObject({ version: 2, name: 'Green Sencha 200 g' });
    expect(product.updatedAt).toEqual(LATER);
    expect(product.pendingEvents).toEqual([
      expect.objectContaining({
        type: 'ProductUpdated',
        occurredAt: LATER,
        snapshot: expect.objectContaining({ version: 2, price: { amount: 2900, currency: 'NZD' } }),
      }),
    ]);
  });

  it('treats details equal after trimming as no change', () => {
    const product = Product.restore(aProduct().toSnapshot());
    expect(product.update({ ...details, name: ` ${details.name} ` }, LATER)).toBe(false);
    expect(product.version).toBe(1);
    expect(product.pendingEvents).toEqual([]);
  });

  it('checks every rule on update and leaves the product as it was when one fails', () => {
    const product = Product.restore(aProduct().toSnapshot());
    expect(() => product.update({ ...details, category: 'Not A Slug' }, LATER)).toThrow(InvalidProductError);
    expect(product.toSnapshot()).toEqual(aProduct().toSnapshot());
  });

  it('refuses to edit an archived product, and archives only once', () => {
    const product = Product.restore(aProduct().toSnapshot());
    expect(product.archive(LATER)).toBe(true);
    expect(product.archive(LATER)).toBe(false);
    expect(product.pendingEvents.map((event) => event.type)).toEqual(['ProductArchived']);
    expect(() => product.update(details, LATER)).toThrow(ProductArchivedError);
  });
});
