import { beforeEach, describe, expect, it } from 'vitest';
import { GetProduct } from '../../src/application/get-product';
import { ProductNotFoundError } from '../../src/domain/product-errors';
import { InMemoryProductRepository } from '../fixtures/in-memory-product-repository';
import { aProduct } from '../fixtures/products';

describe('GetProduct', () => {
  let products: InMemoryProductRepository;
  let getProduct: GetProduct;

  beforeEach(() => {
    products = new InMemoryProductRepository();
    getProduct = new GetProduct(products);
  });

  it('returns the product with that id', async () => {
    await products.save(aProduct());
    const product = await getProduct.execute('01JD8X3QK7M2V4R6T8W0Y2A4C6');
    expect(product.toSnapshot()).toEqual(aProduct().toSnapshot());
  });

  it('still returns an archived product, so old links and orders resolve', async () => {
    const product = aProduct();
    product.archive(new Date('2026-03-01T10:00:00Z'));
    await products.save(aProduct());
    await products.save(product);
    const found = await getProduct.execute(product.id);
    expect(found.status).toBe('archived');
    expect(found.version).toBe(2);
  });

  it('reports an unknown id as PRODUCT_NOT_FOUND', async () => {
    await products.save(aProduct());
    const attempt = getProduct.execute('01JD8X5B2N4P6R8T0V2X4Z6A8C');
    await expect(attempt).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND', kind: 'not_found' });
  });

  it('does not query storage for ids this service could never have issued', async () => {
    await expect(getProduct.execute('../../etc/passwd')).rejects.toBeInstanceOf(ProductNotFoundError);
    expect(products.lookups).toEqual([]);
  });
});
