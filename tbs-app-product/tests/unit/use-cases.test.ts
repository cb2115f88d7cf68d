import { describe, expect, it } from 'vitest';
import { ArchiveProduct } from '../../src/application/archive-product';
import { CreateProduct } from '../../src/application/create-product';
import { ListCategories } from '../../src/application/list-categories';
import { ListProducts } from '../../src/application/list-products';
import { RecordStockLevel } from '../../src/application/record-stock-level';
import { UpdateProduct } from '../../src/application/update-product';
import { Money } from '../../src/domain/money';
import type { ProductDetails } from '../../src/domain/product';
import {
  ProductArchivedError,
  ProductNotFoundError,
  ProductVersionMismatchError,
  SkuAlreadyExistsError,
} from '../../src/domain/product-errors';
import { InMemoryProductRepository } from '../fixtures/in-memory-product-repository';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const clock = { now: () => NOW };
let next = 0;
const ids = { next: () => `01JDB${String(++next).padStart(21, '0')}` };
const context = { correlationId: 'c-1' };

const details = (overrides: Partial<ProductDetails> = {}): ProductDetails => ({
  sku: 'TEA-SENCHA-100',
  name: 'Green Sencha',
  description: 'Steamed Japanese green tea',
  category: 'tea',
  kind: 'physical',
  price: Money.of(1850),
  imageUrls: [],
  ...overrides,
});

const setup = () => {
  const products = new InMemoryProductRepository();
  return {
    products,
    create: new CreateProduct(products, clock, ids),
    update: new UpdateProduct(products, clock),
    archive: new ArchiveProduct(products, clock),
    list: new ListProducts(products),
    categories: new ListCategories(products),
    stock: new RecordStockLevel(products),
  };
};

describe('CreateProduct', () => {
  it('creates an active version-1 product with a service id and records ProductCreated', async () => {
    const { create, products } = setup();
    const product = await create.execute(details(), context);
    expect(product).toMatchObject({ status: 'active', version: 1, sku: 'TEA-SENCHA-100' });
    expect(product.id).toMatch(/^01JDB/);
    expect(products.published.map((event) => [event.type, event.snapshot.version])).toEqual([['ProductCreated', 1]]);
  });

  it('refuses a SKU another product already has', async () => {
    const { create } = setup();
    await create.execute(details(), context);
    await expect(create.execute(details({ name: 'Twin' }), context)).rejects.toBeInstanceOf(SkuAlreadyExistsError);
  });
});

describe('UpdateProduct', () => {
  it('replaces the details when If-Match names the current version, and publishes the new snapshot', async () => {
    const { create, update, products } = setup();
    const { id } = await create.execute(details(), context);
    const updated = await update.execute(id, 1, details({ price: Money.of(1950) }), context);
    expect(updated).toMatchObject({ version: 2 });
    expect(updated.price.amount).toBe(1950);
    expect(products.published.at(-1)).toMatchObject({ type: 'ProductUpdated', snapshot: { version: 2 } });
  });

  it('refuses a stale version with a precondition failure and changes nothing', async () => {
    const { create, update, products } = setup();
    const { id } = await create.execute(details(), context);
    await update.execute(id, 1, details({ name: 'Renamed' }), context);
    await expect(update.execute(id, 1, details({ name: 'Lost update' }), context)).rejects.toBeInstanceOf(
      ProductVersionMismatchError,
    );
    expect((await products.findById(id))?.name).toBe('Renamed');
  });

  it('changes nothing (no version, no event) when the details are the same', async () => {
    const { create, update, products } = setup();
    const { id } = await create.execute(details(), context);
    expect((await update.execute(id, 1, details(), context)).version).toBe(1);
    expect(products.published).toHaveLength(1);
  });

  it('answers not found for an unknown product and conflict for an archived one', async () => {
    const { create, update, archive } = setup();
    await expect(update.execute('01JDBZZZZZZZZZZZZZZZZZZZZZ', 1, details(), context)).rejects.toBeInstanceOf(
      ProductNotFoundError,
    );
    const { id } = await create.execute(details(), context);
    await archive.execute(id, undefined, context);
    await expect(update.execute(id, 2, details({ name: 'Back' }), context)).rejects.toBeInstanceOf(
      ProductArchivedError,
    );
  });
});

describe('ArchiveProduct', () => {
  it('archives once, publishes ProductArchived, and answers the archived product again without a new event', async () => {
    const { create, archive, products } = setup();
    const { id } = await create.execute(details(), context);
    expect((await archive.execute(id, 1, context)).status).toBe('archived');
    expect((await archive.execute(id, 1, context)).version).toBe(2);
    expect(products.published.map((event) => event.type)).toEqual(['ProductCreated', 'ProductArchived']);
  });

  it('refuses a stale If-Match', async () => {
    const { create, update, archive } = setup();
    const { id } = await create.execute(details(), context);
    await update.execute(id, 1, details({ name: 'Renamed' }), context);
    await expect(archive.execute(id, 1, context)).rejects.toBeInstanceOf(ProductVersionMismatchError);
  });
});

describe('ListProducts and ListCategories', () => {
  it('searches by every word of q, ignoring case, accents and stop words, and hides archived products', async () => {
    const { create, archive, list } = setup();
    const sencha = await create.execute(details({ sku: 'A-1', name: 'Crème Sencha' }), context);
    await create.execute(details({ sku: 'A-2', name: 'Matcha', description: 'Stone ground' }), context);
    const gone = await create.execute(details({ sku: 'A-3', name: 'Old Sencha' }), context);
    await archive.execute(gone.id, undefined, context);
    const ids = async (q: string) => (await list.execute({ q, limit: 25 })).items.map((p) => p.id);
    expect(await ids('CREME')).toEqual([sencha.id]);
    expect(await ids('the sencha')).toEqual([sencha.id]);
    expect(await ids('sencha matcha')).toEqual([]);
    expect(await ids('the !!')).toEqual([]);
    expect(await ids('a-1')).toEqual([sencha.id]);
  });

  it('clamps the page size to 1..100', async () => {
    const { create, list } = setup();
    for (let index = 0; index < 3; index++) await create.execute(details({ sku: `P-${index}` }), context);
    expect((await list.execute({ limit: 0 })).items).toHaveLength(1);
    expect((await list.execute({ limit: 500 })).items).toHaveLength(3);
  });

  it('lists categories with active products in slug order', async () => {
    const { create, categories } = setup();
    await create.execute(details({ sku: 'C-1', category: 'tea' }), context);
    await create.execute(details({ sku: 'C-2', category: 'books' }), context);
    await create.execute(details({ sku: 'C-3', category: 'tea' }), context);
    expect(await categories.execute()).toEqual([
      { slug: 'books', productCount: 1 },
      { slug: 'tea', productCount: 2 },
    ]);
  });
});

describe('RecordStockLevel', () => {
  it('keeps only newer reports, so duplicates and late arrivals change nothing', async () => {
    const { create, stock, products } = setup();
    const { id } = await create.execute(details(), context);
    expect(await stock.execute({ productId: id, available: 4, version: 2 })).toBe(true);
    expect(await stock.execute({ productId: id, available: 9, version: 1 })).toBe(false);
    expect(await stock.execute({ productId: id, available: 4, version: 2 })).toBe(false);
    expect((await products.findById(id))?.availability).toEqual({ status: 'in_stock', available: 4 });
  });
});
