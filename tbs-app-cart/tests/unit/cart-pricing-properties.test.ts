import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cart } from '../../src/domain/cart';
import { priceCart } from '../../src/domain/cart-pricing';
import type { CatalogueItem } from '../../src/domain/catalogue-item';
import { anItem, CUSTOMER } from '../fixtures/catalogue';

const NOW = new Date('2026-02-10T20:00:00Z');

const line = fc.record({
  unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
  stock: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  archived: fc.boolean(),
});

describe('priceCart properties', () => {
  it('gross = net + tax, tax is net * rate rounded to the nearest cent, net sums exactly the orderable lines', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.integer({ min: 0, max: 300_000 }).map((millionths) => millionths / 1_000_000),
        (lines, taxRate) => {
          const cart = Cart.empty(CUSTOMER, NOW);
          const catalogue = new Map<string, CatalogueItem>();
          lines.forEach((l, n) => {
            const productId = `01JD8X3QK7M2V4R6T8W0Y2A${String(n).padStart(3, '0')}`;
            const item = anItem({
              productId,
              unitPrice: l.unitPrice,
              kind: l.stock === null ? 'digital' : 'physical',
              availableQuantity: l.stock === null ? null : 99,
            });
            cart.setQuantity(productId, l.quantity, item, NOW);
            catalogue.set(productId, { ...item, archived: l.archived, availableQuantity: l.stock });
          });
          const { totals, lines: priced } = priceCart(cart, catalogue, { taxRate, currency: 'NZD' });
          const orderable = lines.filter((l) => !l.archived && (l.stock === null || l.stock >= l.quantity));
          const net = orderable.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
          expect(totals.net).toBe(net);
          expect(Number.isInteger(totals.tax)).toBe(true);
          expect(Math.abs(totals.tax - net * taxRate)).toBeLessThanOrEqual(0.5 + 1e-6);
          expect(totals.gross).toBe(totals.net + totals.shipping + totals.tax);
          expect(priced).toHaveLength(lines.length);
          for (const p of priced) expect(p.lineTotal).toBe(p.unitPrice * p.quantity);
        },
      ),
    );
  });
});
