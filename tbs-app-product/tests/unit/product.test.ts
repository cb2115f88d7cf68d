import { describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { Product } from '../../src/domain/product';
import { InvalidProductError } from '../../src/domain/product-errors';
import { aProduct, CREATED_AT, newProduct } from '../fixtures/products';

describe('Product', () => {
  it('starts active at version 1 with the given clock', () => {
    const product = aProduct({ name: '  Green Sencha 100 g ' });
    expect(product.status).toBe('active');
    expect(product.version).toBe(1);
    expect(product.name).toBe('Green Sencha 100 g');
    expect(product.createdAt).toEqual(CREATED_AT);
    expect(product.updatedAt).toEqual(CREATED_AT);
    expect(product.isPurchasable).toBe(true);
  });

  it('reports physical goods without stock reports as out of stock and digital goods as always available', () => {
    expect(aProduct().availability).toEqual({ status: 'out_of_stock', available: 0 });
    expect(aProduct({ kind: 'digital' }).availability).toEqual({ status: 'in_stock', available: null });
    const stocked = Product.restore({ ...aProduct().toSnapshot(), stockLevel: 42 });
    expect(stocked.availability).toEqual({ status: 'in_stock', available: 42 });
  });

  it.each([
    ['id', { id: '01jd8x3qk7m2v4r6t8w0y2a4c6' }],
    ['id', { id: '2026-01-10T09:30:00Z' }],
    ['sku', { sku: 'tea-sencha' }],
    ['sku', { sku: '-TEA' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(201) }],
    ['description', { description: 'x'.repeat(4001) }],
    ['category', { category: 'Green Tea' }],
    ['kind', { kind: 'service' as never }],
    ['imageUrls', { imageUrls: ['ftp://img.example.com/a.jpg'] }],
    ['imageUrls', { imageUrls: Array.from({ length: 11 }, (_, i) => `https://img.example.com/${i}.jpg`) }],
  ])('rejects an invalid %s', (field, override) => {
    const attempt = () => Product.create(newProduct(override), CREATED_AT);
    expect(attempt).toThrow(InvalidProductError);
    expect(attempt).toThrow(expect.objectContaining({ field, code: 'INVALID_PRODUCT', kind: 'validation' }));
  });

  it('archives once: the second archive changes nothing', () => {
    const product = aProduct();
    const later = new Date('2026-03-01T10:00:00Z');
    expect(product.archive(later)).toBe(true);
    expect(product.status).toBe('archived');
    expect(product.version).toBe(2);
    expect(product.updatedAt).toEqual(later);
    expect(product.isPurchasable).toBe(false);

    expect(product.archive(new Date('2026-04-01T00:00:00Z'))).toBe(false);
    expect(product.version).toBe(2);
    expect(product.updatedAt).toEqual(later);
  });

  it('never moves updatedAt backwards when the clock does', () => {
    const product = aProduct();
    product.archive(new Date('2025-12-31T00:00:00Z'));
    expect(product.updatedAt).toEqual(CREATED_AT);
  });

  it('survives a round trip through its snapshot', () => {
    const product = aProduct({ price: Money.of(1200, 'AUD') });
    product.archive(new Date('2026-03-01T10:00:00Z'));
    const restored = Product.restore(JSON.parse(JSON.stringify(product.toSnapshot())));
    expect(restored.toSnapshot()).toEqual(product.toSnapshot());
    expect(restored.price.equals(Money.of(1200, 'AUD'))).toBe(true);
  });

  it('refuses stored data no product could have produced', () => {
    const snapshot = aProduct().toSnapshot();
    expect(() => Product.restore({ ...snapshot, version: 0 })).toThrow(InvalidProductError);
    expect(() => Product.restore({ ...snapshot, status: 'deleted' as never })).toThrow(InvalidProductError);
    expect(() => Product.restore({ ...snapshot, updatedAt: '2020-01-01T00:00:00Z' })).toThrow(InvalidProductError);
    expect(() => Product.restore({ ...snapshot, createdAt: 'yesterday' })).toThrow(InvalidProductError);
    expect(() => Product.restore({ ...snapshot, stockLevel: -3 })).toThrow(InvalidProductError);
  });

  it('does not let callers change its state through returned values', () => {
    const product = aProduct();
    product.createdAt.setFullYear(1999);
    product.imageUrls.push('https://img.example.com/other.jpg');
    expect(product.createdAt).toEqual(CREATED_AT);
    expect(product.imageUrls).toEqual(['https://img.example.com/products/tea-sencha-100.jpg']);
  });
});
