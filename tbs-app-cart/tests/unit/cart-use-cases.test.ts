import { beforeEach, describe, expect, it } from 'vitest';
import { ClearCart } from '../../src/application/clear-cart';
import { ClearPaidOrder } from '../../src/application/clear-paid-order';
import { GetCart } from '../../src/application/get-cart';
import type { ProductSnapshot } from '../../src/application/ports/catalogue-projection';
import { RemoveCartLine } from '../../src/application/remove-cart-line';
import { SetCartLine } from '../../src/application/set-cart-line';
import { ARCHIVED_ID, CUSTOMER, EBOOK_ID, OTHER_CUSTOMER, SENCHA_ID, UNKNOWN_ID } from '../fixtures/catalogue';
import { FixedClock, InMemoryCartRepository, InMemoryCatalogueProjection } from '../fixtures/in-memory-cart-repository';

const PRICING = { taxRate: 0.15, currency: 'NZD' };
const DAY = 24 * 60 * 60 * 1000;

const sencha: ProductSnapshot = {
  productId: SENCHA_ID,
  version: 1,
  sku: 'TEA-SENCHA-100',
  name: 'Green Sencha 100 g',
  kind: 'physical',
  unitPrice: 1850,
  currency: 'NZD',
  archived: false,
};

describe('cart use cases (in-memory ports)', () => {
  let carts: InMemoryCartRepository;
  let catalogue: InMemoryCatalogueProjection;
  let clock: FixedClock;
  let getCart: GetCart;
  let setLine: SetCartLine;
  let removeLine: RemoveCartLine;
  let clearCart: ClearCart;
  let clearPaid: ClearPaidOrder;

  beforeEach(async () => {
    carts = new InMemoryCartRepository();
    catalogue = new InMemoryCatalogueProjection();
    clock = new FixedClock(new Date('2026-02-10T20:00:00Z'));
    getCart = new GetCart(carts, catalogue, clock, PRICING);
    setLine = new SetCartLine(carts, catalogue, clock, PRICING);
    removeLine = new RemoveCartLine(carts, catalogue, clock, PRICING);
    clearCart = new ClearCart(carts, clock);
    clearPaid = new ClearPaidOrder(carts, clock);
    await catalogue.recordProduct(sencha);
    await catalogue.recordStock({ productId: SENCHA_ID, version: 1, available: 10 });
    await catalogue.recordProduct({
      ...sencha,
      productId: EBOOK_ID,
      sku: 'EBOOK-TEA-GUIDE',
      name: 'The Tea Guide (e-book)',
      kind: 'digital',
      unitPrice: 1200,
    });
    await catalogue.recordProduct({ ...sencha, productId: ARCHIVED_ID, sku: 'OLD', version: 3, archived: true });
  });

  it('a customer without a cart gets an empty one, and nothing is stored for it', async () => {
    const cart = await getCart.execute(CUSTOMER);
    expect(cart).toMatchObject({ customerId: CUSTOMER, lines: [], totals: { net: 0, gross: 0, currency: 'NZD' } });
    expect(carts.stored.size).toBe(0);
  });

  it('puts lines, prices them and keeps each customer to their own cart', async () => {
    await setLine.execute(CUSTOMER, SENCHA_ID, 2);
    const cart = await setLine.execute(CUSTOMER, EBOOK_ID, 1);
    expect(cart.totals).toEqual({ net: 4900, shipping: 0, tax: 735, gross: 5635, currency: 'NZD' });
    expect((await getCart.execute(OTHER_CUSTOMER)).lines).toEqual([]);
    await setLine.execute(OTHER_CUSTOMER, SENCHA_ID, 1);
    expect((await getCart.execute(CUSTOMER)).lines.map((l) => [l.productId, l.quantity])).toEqual([
      [SENCHA_ID, 2],
      [EBOOK_ID, 1],
    ]);
  });

  it('answers 404/409 codes for unknown, archived and out-of-stock products and stores nothing', async () => {
    await expect(setLine.execute(CUSTOMER, UNKNOWN_ID, 1)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    await expect(setLine.execute(CUSTOMER, ARCHIVED_ID, 1)).rejects.toMatchObject({ code: 'PRODUCT_ARCHIVED' });
    await expect(setLine.execute(CUSTOMER, SENCHA_ID, 11)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(carts.stored.size).toBe(0);
  });

  it('quantity 0 and DELETE remove a line; removing an absent line is not an error', async () => {
    await setLine.execute(CUSTOMER, SENCHA_ID, 2);
    await setLine.execute(CUSTOMER, EBOOK_ID, 1);
    expect((await setLine.execute(CUSTOMER, SENCHA_ID, 0)).lines.map((l) => l.productId)).toEqual([EBOOK_ID]);
    expect((await removeLine.execute(CUSTOMER, EBOOK_ID)).lines).toEqual([]);
    expect((await removeLine.execute(CUSTOMER, UNKNOWN_ID)).lines).toEqual([]);
    await setLine.execute(CUSTOMER, UNKNOWN_ID, 0);
  });

  it('retries a change that raced another writer, and gives up after repeated conflicts', async () => {
    carts.conflictsToInject = 2;
    expect((await setLine.execute(CUSTOMER, SENCHA_ID, 2)).lines).toHaveLength(1);
    carts.conflictsToInject = 10;
    await expect(setLine.execute(CUSTOMER, SENCHA_ID, 3)).rejects.toThrow(/changed concurrently/);
  });

  it('an abandoned cart reads as empty after 30 days, and a change within them keeps it alive', async () => {
    await setLine.execute(CUSTOMER, SENCHA_ID, 2);
    clock.advance(29 * DAY);
    await setLine.execute(CUSTOMER, EBOOK_ID, 1);
    clock.advance(29 * DAY);
    expect((await getCart.execute(CUSTOMER)).lines).toHaveLength(2);
    clock.advance(1 * DAY);
    expect((await getCart.execute(CUSTOMER)).lines).toEqual([]);
    // Adding to an expired cart starts afresh rather than reviving old lines.
    expect((await setLine.execute(CUSTOMER, EBOOK_ID, 1)).lines.map((l) => l.productId)).toEqual([EBOOK_ID]);
  });

  it('DELETE /cart empties the cart', async () => {
    await setLine.execute(CUSTOMER, SENCHA_ID, 2);
    await clearCart.execute(CUSTOMER);
    expect((await getCart.execute(CUSTOMER)).lines).toEqual([]);
  });

  it('OrderPaid removes the bought products from the buyer only, keeping a line set after checkout', async () => {
    await setLine.execute(CUSTOMER, SENCHA_ID, 2);
    await setLine.execute(OTHER_CUSTOMER, SENCHA_ID, 1);
    const placedAt = clock.now();
    clock.advance(60_000);
    await setLine.execute(CUSTOMER, EBOOK_ID, 1);
    clock.advance(60_000);
    expect(await clearPaid.execute({ customerId: CUSTOMER, productIds: [SENCHA_ID, EBOOK_ID], placedAt })).toBe(true);
    expect((await getCart.execute(CUSTOMER)).lines.map((l) => l.productId)).toEqual([EBOOK_ID]);
    expect((await getCart.execute(OTHER_CUSTOMER)).lines).toHaveLength(1);
    expect(await clearPaid.execute({ customerId: CUSTOMER, productIds: [SENCHA_ID], placedAt })).toBe(false);
  });
});
