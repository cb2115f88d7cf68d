import 'reflect-metadata';
import { validateGetProductResponse200 } from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../seed/seed';
import { Product } from '../../src/domain/product';
import { toProductRepresentation } from '../../src/handlers/http/product-representation';
import { aProduct } from '../fixtures/products';

function expectValid(body: unknown): void {
  // Round-trip through JSON: the validator must accept what clients actually receive.
  const valid = validateGetProductResponse200(JSON.parse(JSON.stringify(body)));
  expect(validateGetProductResponse200.errors ?? [], JSON.stringify(validateGetProductResponse200.errors)).toEqual([]);
  expect(valid).toBe(true);
}

describe('GET /products/{id} 200 response against the compiled response validator', () => {
  it('is valid for an active physical product, a stocked one, a digital one and an archived one', () => {
    expectValid(toProductRepresentation(aProduct()));
    expectValid(toProductRepresentation(Product.restore({ ...aProduct().toSnapshot(), stockLevel: 42 })));
    expectValid(toProductRepresentation(aProduct({ kind: 'digital', imageUrls: [] })));
    const archived = aProduct();
    archived.archive(new Date('2026-03-01T10:00:00Z'));
    expectValid(toProductRepresentation(archived));
  });

  it('is valid for every product of the demo catalogue', async () => {
    for (const product of await loadCatalogue()) expectValid(toProductRepresentation(product));
  });

  it('would catch a representation that drifts from the spec', () => {
    const { sku: _dropped, ...withoutSku } = toProductRepresentation(aProduct());
    expect(validateGetProductResponse200(withoutSku)).toBe(false);
  });
});
