import { describe, expect, it } from 'vitest';
import { Cart, MAX_LINES } from '../../src/domain/cart';
import { anItem, CUSTOMER, EBOOK_ID, ebook, SENCHA_ID } from '../fixtures/catalogue';

const T0 = new Date('2026-02-10T20:00:00Z');
const T1 = new Date('2026-02-10T20:05:00Z');
const T2 = new Date('2026-02-10T20:10:00Z');

describe('Cart', () => {
  it('adds a line, changes its quantity and removes it with quantity 0', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    expect(cart.setQuantity(SENCHA_ID, 2, anItem(), T0)).toBe(true);
    expect(cart.setQuantity(SENCHA_ID, 5, anItem(), T1)).toBe(true);
    expect(cart.lines).toEqual([{ productId: SENCHA_ID, quantity: 5, changedAt: T1 }]);
    expect(cart.setQuantity(SENCHA_ID, 0, undefined, T2)).toBe(true);
    expect(cart.lines).toEqual([]);
    expect(cart.updatedAt).toEqual(T2);
  });

  it('setting the same quantity again changes nothing (no write, no expiry refresh)', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    cart.setQuantity(SENCHA_ID, 2, anItem(), T0);
    expect(cart.setQuantity(SENCHA_ID, 2, anItem(), T1)).toBe(false);
    expect(cart.updatedAt).toEqual(T0);
  });

  it.each([-1, 100, 1.5, Number.NaN])('refuses quantity %s with INVALID_QUANTITY', (quantity) => {
    expect(() => Cart.empty(CUSTOMER, T0).setQuantity(SENCHA_ID, quantity, anItem(), T0)).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY', kind: 'validation' }),
    );
  });

  it('accepts the bounds 1 and 99 when enough stock is available', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    expect(cart.setQuantity(SENCHA_ID, 99, anItem({ availableQuantity: 99 }), T0)).toBe(true);
    expect(cart.setQuantity(SENCHA_ID, 1, anItem({ availableQuantity: 99 }), T0)).toBe(true);
  });

  it('refuses an unknown product (404), an archived one (409) and more than is in stock (409)', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    expect(() => cart.setQuantity(SENCHA_ID, 1, undefined, T0)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_NOT_FOUND', kind: 'not_found' }),
    );
    expect(() => cart.setQuantity(SENCHA_ID, 1, anItem({ archived: true }), T0)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_ARCHIVED', kind: 'conflict' }),
    );
    expect(() => cart.setQuantity(SENCHA_ID, 3, anItem({ availableQuantity: 2 }), T0)).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', kind: 'conflict' }),
    );
    expect(cart.lines).toEqual([]);
  });

  it('lets a customer remove an archived product with quantity 0', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    cart.setQuantity(SENCHA_ID, 1, anItem(), T0);
    expect(cart.setQuantity(SENCHA_ID, 0, anItem({ archived: true }), T1)).toBe(true);
    expect(cart.lines).toEqual([]);
  });

  it('never runs out of digital goods', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    expect(cart.setQuantity(EBOOK_ID, 99, ebook(), T0)).toBe(true);
  });

  it(`holds at most ${MAX_LINES} different products`, () => {
    const cart = Cart.empty(CUSTOMER, T0);
    const id = (n: number) => `01JD8X3QK7M2V4R6T8W0Y2A${String(n).padStart(3, '0')}`;
    for (let n = 0; n < MAX_LINES; n++) cart.setQuantity(id(n), 1, anItem({ productId: id(n) }), T0);
    expect(() => cart.setQuantity(id(MAX_LINES), 1, anItem({ productId: id(MAX_LINES) }), T0)).toThrow(
      expect.objectContaining({ code: 'CART_LINE_LIMIT' }),
    );
    // Changing an existing line is still allowed at the limit.
    expect(cart.setQuantity(id(0), 2, anItem({ productId: id(0) }), T1)).toBe(true);
  });

  it('expires 30 days after its last change, and a change pushes the expiry back', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    cart.setQuantity(SENCHA_ID, 1, anItem(), T0);
    expect(cart.expiresAt).toEqual(new Date('2026-03-12T20:00:00Z'));
    cart.setQuantity(SENCHA_ID, 2, anItem(), T2);
    expect(cart.expiresAt).toEqual(new Date('2026-03-12T20:10:00Z'));
    const stored = Cart.restore({ customerId: CUSTOMER, lines: cart.lines, version: 1, updatedAt: cart.updatedAt });
    expect(stored.isExpiredAt(new Date('2026-03-12T20:09:59Z'))).toBe(false);
    expect(stored.isExpiredAt(new Date('2026-03-12T20:10:00Z'))).toBe(true);
  });

  it('removes the paid products set before the order was placed, keeping lines changed afterwards', () => {
    const cart = Cart.empty(CUSTOMER, T0);
    cart.setQuantity(SENCHA_ID, 2, anItem(), T0);
    cart.setQuantity(EBOOK_ID, 1, ebook(), T2);
    expect(cart.removePaidLines([SENCHA_ID, EBOOK_ID], T1, T2)).toBe(true);
    expect(cart.lines.map((line) => line.productId)).toEqual([EBOOK_ID]);
    expect(cart.removePaidLines([SENCHA_ID], T1, T2)).toBe(false);
  });
});
