import { beforeEach, describe, expect, it } from 'vitest';
import { CancelOrder } from '../../src/application/cancel-order';
import { GetOrder } from '../../src/application/get-order';
import { ListOrders } from '../../src/application/list-orders';
import { PlaceOrder, type PlaceOrderInput } from '../../src/application/place-order';
import { RecordPaymentEvent } from '../../src/application/record-payment-event';
import { UpdateOrderFromFulfilment } from '../../src/application/update-order-from-fulfilment';
import { ADDRESS, CUSTOMER, EBOOK, OTHER_CUSTOMER, TEA } from '../fixtures/catalogue';
import {
  FakePaymentGateway,
  FixedClock,
  InMemoryCatalogue,
  InMemoryOrderRepository,
  SequentialIds,
} from '../fixtures/in-memory-ports';

const KEY = '5f0c6f0e-3a8b-4d0e-9a51-7f3b2c1d0e9f';
const INPUT: PlaceOrderInput = {
  lines: [
    { productId: TEA.productId, quantity: 2 },
    { productId: EBOOK.productId, quantity: 1 },
  ],
  shippingOption: 'STANDARD',
  deliveryAddress: ADDRESS,
};

let orders: InMemoryOrderRepository;
let payments: FakePaymentGateway;
let clock: FixedClock;
let placeOrder: PlaceOrder;
let recordPayment: RecordPaymentEvent;
let saga: UpdateOrderFromFulfilment;

beforeEach(async () => {
  orders = new InMemoryOrderRepository();
  payments = new FakePaymentGateway();
  clock = new FixedClock();
  const catalogue = new InMemoryCatalogue();
  await catalogue.record(TEA);
  await catalogue.record(EBOOK);
  placeOrder = new PlaceOrder(orders, catalogue, payments, clock, new SequentialIds(), (text) => text);
  recordPayment = new RecordPaymentEvent(orders, clock);
  saga = new UpdateOrderFromFulfilment(orders, payments, clock);
});

async function paidOrder() {
  const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
  const intent = await payments.getPaymentIntent(placed.payment.paymentIntentId);
  intent.status = 'succeeded';
  payments.intents.set(intent.id, intent);
  await recordPayment.execute({
    kind: 'succeeded',
    orderId: placed.order.id,
    paymentIntentId: intent.id,
    amount: 6555,
    currency: 'nzd',
  });
  return placed;
}

describe('PlaceOrder', () => {
  it('stores the order PENDING_PAYMENT with a PaymentIntent for the gross amount and announces it', async () => {
    const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    expect(placed.order.status).toBe('PENDING_PAYMENT');
    expect(placed.order.totals.gross).toBe(6555);
    const intent = payments.intents.get(placed.payment.paymentIntentId);
    expect(intent).toMatchObject({ amount: 6555, currency: 'nzd' });
    expect(placed.payment).toEqual({
      paymentIntentId: intent?.id,
      clientSecret: intent?.clientSecret,
      publishableKey: 'pk_test_fake',
    });
    expect(orders.published.map((e) => e.type)).toEqual(['OrderPlaced']);
  });

  it('the same key and body returns the same order and payment without a second intent', async () => {
    const first = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    const again = await placeOrder.execute(CUSTOMER, KEY, { ...INPUT, lines: [...INPUT.lines] });
    expect(again.order.id).toBe(first.order.id);
    expect(again.payment).toEqual(first.payment);
    expect(payments.intents.size).toBe(1);
    expect(orders.orders.size).toBe(1);
  });

  it('the same key with another body is refused and creates nothing', async () => {
    await placeOrder.execute(CUSTOMER, KEY, INPUT);
    await expect(
      placeOrder.execute(CUSTOMER, KEY, { ...INPUT, lines: [{ productId: TEA.productId, quantity: 3 }] }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(orders.orders.size).toBe(1);
  });

  it('keys belong to one customer: another customer with the same key gets their own order', async () => {
    const mine = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    const theirs = await placeOrder.execute(OTHER_CUSTOMER, KEY, INPUT);
    expect(theirs.order.id).not.toBe(mine.order.id);
  });

  it('a crash between the order write and the PaymentIntent creation is completed by the retry, with one intent', async () => {
    payments.failNext = 'createPaymentIntent';
    await expect(placeOrder.execute(CUSTOMER, KEY, INPUT)).rejects.toThrow('Simulated crash');
    expect([...orders.orders.values()][0]).toMatchObject({ status: 'PENDING_PAYMENT', paymentIntentId: null });
    expect(orders.published).toEqual([]);

    const retried = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    expect(retried.order.paymentIntentId).toBe(retried.payment.paymentIntentId);
    expect(payments.intents.size).toBe(1);
    expect(orders.published.map((e) => e.type)).toEqual(['OrderPlaced']);
  });

  it('a crash after the PaymentIntent was created but before it was attached reuses that intent', async () => {
    orders.beforeSave = () => {
      orders.beforeSave = undefined;
      throw new Error('Simulated crash before attach');
    };
    await expect(placeOrder.execute(CUSTOMER, KEY, INPUT)).rejects.toThrow('Simulated crash');
    const retried = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    expect(payments.intents.size).toBe(1);
    expect(payments.calls.filter((c) => c.startsWith('create:'))).toHaveLength(2);
    expect(retried.order.paymentIntentId).toBe([...payments.intents.keys()][0]);
  });

  it('two requests racing with one key make one order', async () => {
    const [a, b] = await Promise.all([
      placeOrder.execute(CUSTOMER, KEY, INPUT),
      placeOrder.execute(CUSTOMER, KEY, INPUT),
    ]);
    expect(a.order.id).toBe(b.order.id);
    expect(orders.orders.size).toBe(1);
    expect(payments.intents.size).toBe(1);
  });
});

describe('reading orders', () => {
  it("another customer's order is not found", async () => {
    const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    await expect(new GetOrder(orders).execute(OTHER_CUSTOMER.customerId, placed.order.id)).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
    expect((await new GetOrder(orders).execute(CUSTOMER.customerId, placed.order.id)).id).toBe(placed.order.id);
  });

  it('lists only the last 6 months of the caller, newest first', async () => {
    clock.current = new Date('2025-06-01T00:00:00Z');
    await placeOrder.execute(CUSTOMER, 'old-key-0001', INPUT);
    clock.current = new Date('2026-02-01T00:00:00Z');
    const recent = await placeOrder.execute(CUSTOMER, 'new-key-0001', INPUT);
    const newest = await placeOrder.execute(CUSTOMER, 'new-key-0002', INPUT);
    await placeOrder.execute(OTHER_CUSTOMER, 'new-key-0003', INPUT);
    clock.current = new Date('2026-03-01T00:00:00Z');
    const page = await new ListOrders(orders, clock).execute(CUSTOMER.customerId, { limit: 10 });
    expect(page.orders.map((o) => o.id)).toEqual([newest.order.id, recent.order.id]);
  });
});

describe('CancelOrder', () => {
  it('cancels an unpaid order and its PaymentIntent', async () => {
    const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    const cancelled = await new CancelOrder(orders, payments, clock).execute(CUSTOMER.customerId, placed.order.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect(payments.intents.get(placed.payment.paymentIntentId)?.status).toBe('canceled');
    expect(orders.published.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it("refuses another customer's order as not found and changes nothing", async () => {
    const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    await expect(
      new CancelOrder(orders, payments, clock).execute(OTHER_CUSTOMER.customerId, placed.order.id),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(payments.intents.get(placed.payment.paymentIntentId)?.status).toBe('requires_payment_method');
  });

  it('a paid physical order waits for fulfilment, then is refunded once and cancelled', async () => {
    const placed = await paidOrder();
    const cancel = new CancelOrder(orders, payments, clock);
    expect((await cancel.execute(CUSTOMER.customerId, placed.order.id)).status).toBe('CANCELLATION_REQUESTED');
    expect((await cancel.execute(CUSTOMER.customerId, placed.order.id)).status).toBe('CANCELLATION_REQUESTED');
    await saga.execute({ kind: 'shipment_cancelled', orderId: placed.order.id });
    await saga.execute({ kind: 'shipment_cancelled', orderId: placed.order.id });
    expect((await orders.get(placed.order.id))?.status).toBe('CANCELLED');
    expect(payments.refunds.size).toBe(1);
    expect(orders.published.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'OrderPaid',
      'OrderCancellationRequested',
      'OrderCancelled',
    ]);
  });

  it("Stripe's report of our cancellation refund may overtake the saga: still one refund, one OrderCancelled", async () => {
    const placed = await paidOrder();
    await new CancelOrder(orders, payments, clock).execute(CUSTOMER.customerId, placed.order.id);
    // The saga refunds in Stripe, and charge.refunded is recorded before the saga's own write.
    orders.beforeSave = async () => {
      orders.beforeSave = undefined;
      await recordPayment.execute({
        kind: 'refunded',
        orderId: placed.order.id,
        refundId: 're_1',
        amount: 6555,
        currency: 'nzd',
      });
    };
    await saga.execute({ kind: 'shipment_cancelled', orderId: placed.order.id });
    expect((await orders.get(placed.order.id))?.status).toBe('CANCELLED');
    expect(payments.refunds.size).toBe(1);
    expect(orders.published.filter((e) => e.type === 'OrderCancelled')).toHaveLength(1);
    expect(orders.published.filter((e) => e.type === 'OrderRefunded')).toHaveLength(0);
  });

  it('a rejected cancellation returns the order to its shipping status', async () => {
    const placed = await paidOrder();
    await new CancelOrder(orders, payments, clock).execute(CUSTOMER.customerId, placed.order.id);
    await saga.execute({ kind: 'cancellation_rejected', orderId: placed.order.id, shipmentStatus: 'DISPATCHED' });
    expect((await orders.get(placed.order.id))?.status).toBe('SHIPPED');
    expect(payments.refunds.size).toBe(0);
  });
});

describe('payment events', () => {
  it('two deliveries of one success racing: one transition, one OrderPaid', async () => {
    const placed = await placeOrder.execute(CUSTOMER, KEY, INPUT);
    const event = {
      kind: 'succeeded' as const,
      orderId: placed.order.id,
      paymentIntentId: placed.payment.paymentIntentId,
      amount: 6555,
      currency: 'nzd',
    };
    await Promise.all([recordPayment.execute(event), recordPayment.execute(event)]);
    const stored = await orders.get(placed.order.id);
    expect(stored?.status).toBe('PAID');
    expect(stored?.version).toBe(3);
    expect(orders.published.filter((e) => e.type === 'OrderPaid')).toHaveLength(1);
  });

  it('an event for an unknown order fails so it is retried', async () => {
    await expect(
      recordPayment.execute({
        kind: 'succeeded',
        orderId: '01JDZZZZZZZZZZZZZZZZZZZZZZ',
        paymentIntentId: 'pi_x',
        amount: 1,
        currency: 'nzd',
      }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('a late failure after success changes nothing', async () => {
    const placed = await paidOrder();
    await recordPayment.execute({
      kind: 'failed',
      orderId: placed.order.id,
      paymentIntentId: placed.payment.paymentIntentId,
      amount: 6555,
      currency: 'nzd',
      failureCode: 'card_declined',
      failureMessage: 'Declined',
    });
    expect((await orders.get(placed.order.id))?.status).toBe('PAID');
  });
});

describe('FulfilmentFailed', () => {
  it('refunds the gross amount once, even when the first attempt dies after Stripe refunded', async () => {
    const placed = await paidOrder();
    orders.beforeSave = () => {
      orders.beforeSave = undefined;
      throw new Error('Simulated crash after refund');
    };
    await expect(saga.execute({ kind: 'fulfilment_failed', orderId: placed.order.id })).rejects.toThrow();
    await saga.execute({ kind: 'fulfilment_failed', orderId: placed.order.id });
    await saga.execute({ kind: 'fulfilment_failed', orderId: placed.order.id });
    expect((await orders.get(placed.order.id))?.toSnapshot()).toMatchObject({
      status: 'REFUNDED',
      refund: { refundId: 're_1', amount: 6555, currency: 'NZD' },
    });
    expect(payments.refunds.size).toBe(1);
    expect(orders.published.filter((e) => e.type === 'OrderRefunded')).toHaveLength(1);
  });
});
