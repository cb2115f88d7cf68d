import { readFileSync } from 'node:fs';
import { assertCloudEvent, type CloudEvent } from '@tbs/contracts/runtime';
import {
  validateDigitalGoodsReadyEvent,
  validateFulfilmentFailedEvent,
  validateProductArchivedEvent,
  validateProductCreatedEvent,
  validateProductUpdatedEvent,
  validateShipmentCancellationRejectedEvent,
  validateShipmentCancelledEvent,
  validateShipmentDeliveredEvent,
  validateShipmentDispatchedEvent,
} from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { catalogueEntryOf, fulfilmentOutcomeOf } from '../../src/application/consumed-events';
import { UpdateOrderFromFulfilment } from '../../src/application/update-order-from-fulfilment';
import type { OrderStatus } from '../../src/domain/order';
import { ADDRESS, CUSTOMER, EBOOK, TEA } from '../fixtures/catalogue';
import { FakePaymentGateway, FixedClock, InMemoryOrderRepository } from '../fixtures/in-memory-ports';

const VALIDATORS = {
  'tbs.fulfilment.FulfilmentFailed.v1': validateFulfilmentFailedEvent,
  'tbs.fulfilment.ShipmentCancelled.v1': validateShipmentCancelledEvent,
  'tbs.fulfilment.ShipmentCancellationRejected.v1': validateShipmentCancellationRejectedEvent,
  'tbs.fulfilment.ShipmentDispatched.v1': validateShipmentDispatchedEvent,
  'tbs.fulfilment.ShipmentDelivered.v1': validateShipmentDeliveredEvent,
  'tbs.fulfilment.DigitalGoodsReady.v1': validateDigitalGoodsReadyEvent,
  'tbs.product.ProductCreated.v1': validateProductCreatedEvent,
  'tbs.product.ProductUpdated.v1': validateProductUpdatedEvent,
  'tbs.product.ProductArchived.v1': validateProductArchivedEvent,
};

/** The producers' own example events, as published in tbs-contracts. */
function exampleOf(service: string, name: string): CloudEvent<never> {
  const schema = JSON.parse(
    readFileSync(new URL(`../../../tbs-contracts/events/${service}/${name}.v1.schema.json`, import.meta.url), 'utf8'),
  ) as { examples: unknown[] };
  return assertCloudEvent(schema.examples[0], VALIDATORS) as CloudEvent<never>;
}

async function orderIn(status: OrderStatus, orderId: string, digital = false) {
  const orders = new InMemoryOrderRepository();
  const entry = digital ? EBOOK : TEA;
  const net = entry.unitPrice;
  const shipping = digital ? 0 : 800;
  const tax = Math.round((net + shipping) * 0.15);
  orders.orders.set(orderId, {
    id: orderId,
    customerId: CUSTOMER.customerId,
    receiptEmail: CUSTOMER.email,
    status,
    lines: [{ ...entry, quantity: 1, lineTotal: net }],
    totals: { net, shipping, tax, gross: net + shipping + tax, currency: 'NZD' },
    shippingOption: digital ? null : 'STANDARD',
    deliveryAddress: digital ? null : ADDRESS,
    paymentIntentId: 'pi_example',
    shipment: null,
    refund: null,
    placedAt: '2026-02-10T20:15:00.000Z',
    updatedAt: '2026-02-10T20:15:00.000Z',
    version: 2,
  });
  const payments = new FakePaymentGateway();
  payments.intents.set('pi_example', {
    id: 'pi_example',
    clientSecret: 's',
    amount: 0,
    currency: 'nzd',
    status: 'succeeded',
  });
  return { orders, payments, saga: new UpdateOrderFromFulfilment(orders, payments, new FixedClock()) };
}

describe("fulfilment's example events drive the saga", () => {
  it.each([
    ['FulfilmentFailed', 'PAID', 'REFUNDED', false],
    ['ShipmentCancelled', 'CANCELLATION_REQUESTED', 'CANCELLED', false],
    ['ShipmentCancellationRejected', 'CANCELLATION_REQUESTED', 'SHIPPED', false],
    ['ShipmentDispatched', 'PAID', 'SHIPPED', false],
    ['ShipmentDelivered', 'SHIPPED', 'DELIVERED', false],
    ['DigitalGoodsReady', 'PAID', 'DELIVERED', true],
  ] as const)('%s moves a %s order to %s', async (name, from, to, digital) => {
    const event = exampleOf('fulfilment', name);
    const outcome = fulfilmentOutcomeOf(event);
    if (outcome === undefined) throw new Error(`${name} is not followed`);
    const { orders, payments, saga } = await orderIn(from, outcome.orderId, digital);
    await saga.execute(outcome);
    expect((await orders.get(outcome.orderId))?.status).toBe(to);
    const refunds = to === 'REFUNDED' || to === 'CANCELLED' ? 1 : 0;
    expect(payments.refunds.size).toBe(refunds);
  });

  it('a dispatch carries the carrier and tracking number onto the order', async () => {
    const outcome = fulfilmentOutcomeOf(exampleOf('fulfilment', 'ShipmentDispatched'));
    expect(outcome).toMatchObject({ kind: 'dispatched', shipment: { carrier: expect.any(String) } });
    if (outcome === undefined) return;
    const { orders, saga } = await orderIn('PAID', outcome.orderId);
    await saga.execute(outcome);
    expect((await orders.get(outcome.orderId))?.toSnapshot().shipment).toEqual(
      outcome.kind === 'dispatched' ? outcome.shipment : null,
    );
  });
});

describe("product's example events feed the catalogue", () => {
  it.each(['ProductCreated', 'ProductUpdated', 'ProductArchived'])('%s', (name) => {
    const event = exampleOf('product', name) as CloudEvent<{ productId: string; version: number }>;
    const entry = catalogueEntryOf(event as never);
    expect(entry).toMatchObject({ productId: event.data.productId, version: event.data.version });
    expect(Number.isSafeInteger(entry.unitPrice)).toBe(true);
    expect(entry.status).toBe(name === 'ProductArchived' ? 'archived' : 'active');
  });
});
