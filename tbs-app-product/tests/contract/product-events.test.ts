import {
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
} from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money';
import { toCloudEvent } from '../../src/infrastructure/product-cloud-events';
import { aProduct, newProduct } from '../fixtures/products';

const VALIDATORS = {
  'tbs.product.ProductCreated.v1': validateProductCreatedEvent,
  'tbs.product.ProductUpdated.v1': validateProductUpdatedEvent,
  'tbs.product.ProductArchived.v1': validateProductArchivedEvent,
} as const;

describe('product events against the published schemas', () => {
  it('publishes ProductCreated, ProductUpdated and ProductArchived with the full snapshot and version', () => {
    const product = aProduct({ kind: 'digital', imageUrls: [] });
    product.update(
      { ...newProduct(), kind: 'digital', imageUrls: [], price: Money.of(2100) },
      new Date('2026-02-01T00:00:00Z'),
    );
    product.archive(new Date('2026-03-01T00:00:00Z'));
    const events = product.pendingEvents.map((event) => toCloudEvent(event, 'corr-1'));
    expect(events.map((event) => [event.type, (event.data as { version: number }).version])).toEqual([
      ['tbs.product.ProductCreated.v1', 1],
      ['tbs.product.ProductUpdated.v1', 2],
      ['tbs.product.ProductArchived.v1', 3],
    ]);
    for (const event of events) {
      const validate = VALIDATORS[event.type as keyof typeof VALIDATORS];
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
      expect(event).toMatchObject({ source: 'tbs-app-product', subject: product.id, correlationid: 'corr-1' });
    }
    expect(events[1]?.data).toMatchObject({ price: { amount: 2100, currency: 'NZD' }, status: 'active' });
  });
});
