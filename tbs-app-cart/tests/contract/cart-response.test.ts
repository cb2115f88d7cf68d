import { validateGetCartResponse200 } from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Cart } from '../../src/domain/cart';
import { priceCart } from '../../src/domain/cart-pricing';
import type { CatalogueItem } from '../../src/domain/catalogue-item';
import { toCartRepresentation } from '../../src/handlers/http/cart-representation';
import { readContractsFile } from '../fixtures/contracts-files';

const spec = parse(readContractsFile('openapi/cart.yaml'));
const example = spec.components.examples.CartWithLines.value;

describe('Cart representation against the published spec', () => {
  it('rebuilds the spec example exactly from the same catalogue (prices, availability, totals at 15 %)', () => {
    const updatedAt = new Date(example.updatedAt);
    const cart = Cart.empty(example.customerId, updatedAt);
    const catalogue = new Map<string, CatalogueItem>();
    for (const line of example.lines) {
      const item: CatalogueItem = {
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        kind: line.kind,
        unitPrice: line.unitPrice,
        currency: example.totals.currency,
        archived: false,
        availableQuantity: line.availableQuantity,
      };
      catalogue.set(item.productId, item);
      cart.setQuantity(line.productId, line.quantity, item, updatedAt);
    }
    const body = toCartRepresentation(priceCart(cart, catalogue, { taxRate: 0.15, currency: 'NZD' }));
    expect(validateGetCartResponse200(body)).toBe(true);
    expect({ ...body, updatedAt: new Date(body.updatedAt).getTime() }).toEqual({
      ...example,
      updatedAt: updatedAt.getTime(),
    });
  });
});
