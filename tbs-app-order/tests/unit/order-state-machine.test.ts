import { describe, expect, it } from 'vitest';
import { Order, type OrderSnapshot, type OrderStatus } from '../../src/domain/order';
import { ADDRESS, CUSTOMER, EBOOK, TEA } from '../fixtures/catalogue';

const AT = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-01T11:00:00.000Z');
const PI = 'pi_3QaBcDeFgHiJkLmN';

function orderIn(status: OrderStatus, kind: 'physical' | 'digital' = 'physical'): Order {
  const entry = kind === 'physical' ? TEA : EBOOK;
  const shipping = kind === 'physical' ? 800 : 0;
  const net = entry.unitPrice * 2;
  const tax = Math.round((net + shipping) * 0.15);
  const snapshot: OrderSnapshot = {
    id: '01JDA1B2C3D4E5F6G7H8J9K0MN',
    customerId: CUSTOMER.customerId,
    receiptEmail: CUSTOMER.email,
    status,
    lines: [{ ...entry, quantity: 2, lineTotal: net }],
    totals: { net, shipping, tax, gross: net + shipping + tax, currency: 'NZD' },
    shippingOption: kind === 'physical' ? 'STANDARD' : null,
    deliveryAddress: kind === 'physical' ? ADDRESS : null,
    paymentIntentId: PI,
    shipment: status === 'SHIPPED' || status === 'DELIVERED' ? { carrier: 'NZ Post', trackingNumber: 'NZ1' } : null,
    refund: null,
    placedAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    version: 3,
  };
  return Order.restore(snapshot);
}

const payment = (order: Order) => ({ paymentIntentId: PI, amount: order.totals.gross, currency: 'nzd' });
const refund = (order: Order) => ({ refundId: 're_1', amount: order.totals.gross, currency: 'NZD' });

const TRIGGERS = {
  pay: (o: Order) => o.markPaid(payment(o), LATER),
  failPayment: (o: Order) => o.markPaymentFailed(payment(o), { code: 'card_declined', message: 'Declined' }, LATER),
  paymentCanceled: (o: Order) => o.markPaymentCancelled(payment(o), LATER),
  customerCancel: (o: Order) => o.requestCancellation(LATER),
  shipmentCancelled: (o: Order) => o.completeCancellation(refund(o), LATER),
  cancellationRejected: (o: Order) => o.rejectCancellation('DISPATCHED', LATER),
  fulfilmentFailedRefund: (o: Order) => o.markRefundedAfterFailedFulfilment(refund(o), LATER),
  chargeRefunded: (o: Order) => o.markChargeRefunded(refund(o), LATER),
  dispatched: (o: Order) => o.markShipped({ carrier: 'NZ Post', trackingNumber: 'NZ1' }, LATER),
  delivered: (o: Order) => o.markDelivered(LATER),
  digitalGoodsReady: (o: Order) => o.markDigitalGoodsDelivered(LATER),
} as const;
type Trigger = keyof typeof TRIGGERS;

// Outcome: the new status (+ event, if any), '=' for a no-op, or the error code.
type Outcome = `${OrderStatus}${'' | ` ${string}`}` | '=' | 'ILLEGAL_ORDER_TRANSITION' | 'ORDER_NOT_CANCELLABLE';
const X = 'ILLEGAL_ORDER_TRANSITION';
const NC = 'ORDER_NOT_CANCELLABLE';

// A physical order. Columns in the order of TRIGGERS.
const TABLE: Record<OrderStatus, Outcome[]> = {
  // prettier-ignore
  PENDING_PAYMENT: [
    'PAID OrderPaid',
    'PAYMENT_FAILED OrderPaymentFailed',
    'CANCELLED OrderCancelled',
    'CANCELLED OrderCancelled',
    X,
    X,
    X,
    X,
    X,
    X,
    '=',
  ],
  PAID: [
    '=',
    '=',
    X,
    'CANCELLATION_REQUESTED OrderCancellationRequested',
    X,
    X,
    'REFUNDED OrderRefunded',
    'REFUNDED OrderRefunded',
    'SHIPPED',
    'DELIVERED',
    '=',
  ],
  PAYMENT_FAILED: [
    'PAID OrderPaid',
    '=',
    'CANCELLED OrderCancelled',
    'CANCELLED OrderCancelled',
    X,
    X,
    X,
    X,
    X,
    X,
    '=',
  ],
  CANCELLATION_REQUESTED: [
    '=',
    '=',
    X,
    '=',
    'CANCELLED OrderCancelled',
    'SHIPPED',
    'REFUNDED OrderRefunded',
    'CANCELLED OrderCancelled',
    'SHIPPED',
    'DELIVERED',
    '=',
  ],
  CANCELLED: [X, '=', '=', '=', '=', X, '=', '=', X, X, '='],
  REFUNDED: [X, '=', X, NC, X, X, '=', '=', X, X, '='],
  SHIPPED: ['=', '=', X, NC, X, '=', X, 'REFUNDED OrderRefunded', '=', 'DELIVERED', '='],
  DELIVERED: ['=', '=', X, NC, X, '=', X, 'REFUNDED OrderRefunded', '=', '=', '='],
};

function outcomeOf(status: OrderStatus, trigger: Trigger, kind: 'physical' | 'digital' = 'physical'): string {
  const order = orderIn(status, kind);
  try {
    const { changed } = TRIGGERS[trigger](order);
    if (!changed) {
      expect(order.version).toBe(3);
      expect(order.pendingEvents).toHaveLength(0);
      return '=';
    }
    expect(order.version).toBe(4);
    return [order.status, ...order.pendingEvents.map((e) => e.type)].join(' ');
  } catch (error) {
    expect(order.status).toBe(status);
    expect(order.pendingEvents).toHaveLength(0);
    return (error as { code: string }).code;
  }
}

describe('the order state machine: every (status, trigger) of a physical order', () => {
  const cases = Object.entries(TABLE).flatMap(([status, outcomes]) =>
    (Object.keys(TRIGGERS) as Trigger[]).map((trigger, i) => [status as OrderStatus, trigger, outcomes[i]] as const),
  );

  it('covers every status and trigger', () => {
    expect(Object.keys(TABLE).sort()).toEqual(
      [
        'CANCELLATION_REQUESTED',
        'CANCELLED',
        'DELIVERED',
        'PAID',
        'PAYMENT_FAILED',
        'PENDING_PAYMENT',
        'REFUNDED',
        'SHIPPED',
      ].sort(),
    );
    for (const outcomes of Object.values(TABLE)) expect(outcomes).toHaveLength(Object.keys(TRIGGERS).length);
  });

  it.each(cases)('%s + %s -> %s', (status, trigger, expected) => {
    expect(outcomeOf(status, trigger)).toBe(expected);
  });
});

describe('a dispatch reported after the order reached its shipping status another way', () => {
  it.each([
    ['SHIPPED', 'a rejected cancellation'],
    ['DELIVERED', 'a delivery that overtook its dispatch'],
  ] as const)('%s (through %s) records the carrier and tracking number, without an event', (status, _how) => {
    const order = Order.restore({ ...orderIn(status).toSnapshot(), shipment: null });
    expect(order.markShipped({ carrier: 'NZ Post', trackingNumber: 'NZ1' }, LATER)).toEqual({ changed: true });
    expect(order.toSnapshot()).toMatchObject({ status, shipment: { carrier: 'NZ Post', trackingNumber: 'NZ1' } });
    expect(order.version).toBe(4);
    expect(order.pendingEvents).toHaveLength(0);
    expect(order.markShipped({ carrier: 'NZ Post', trackingNumber: 'NZ1' }, LATER)).toEqual({ changed: false });
  });
});

describe('a digital-only order', () => {
  it('completes when its downloads are ready', () => {
    expect(outcomeOf('PAID', 'digitalGoodsReady', 'digital')).toBe('DELIVERED');
    expect(outcomeOf('DELIVERED', 'digitalGoodsReady', 'digital')).toBe('=');
    expect(outcomeOf('PENDING_PAYMENT', 'digitalGoodsReady', 'digital')).toBe(X);
  });

  it('cannot be cancelled once paid: the goods are already on their way by download', () => {
    expect(outcomeOf('PAID', 'customerCancel', 'digital')).toBe(NC);
  });
});

describe('payments that do not match the order are refused without a change', () => {
  it.each([
    ['amount', { amount: 1 }],
    ['currency', { currency: 'usd' }],
    ['intent', { paymentIntentId: 'pi_someone_else' }],
  ])('wrong %s', (_name, change) => {
    const order = orderIn('PENDING_PAYMENT');
    expect(() => order.markPaid({ ...payment(order), ...change }, LATER)).toThrow(
      expect.objectContaining({ code: 'PAYMENT_MISMATCH' }),
    );
    expect(order.status).toBe('PENDING_PAYMENT');
  });

  it('a saga refund for less than was paid', () => {
    const order = orderIn('PAID');
    expect(() => order.markRefundedAfterFailedFulfilment({ ...refund(order), amount: 1 }, LATER)).toThrow(
      expect.objectContaining({ code: 'PAYMENT_MISMATCH' }),
    );
  });
});

describe('events carry the state after the change', () => {
  it('OrderPaid carries the paid snapshot with its new version', () => {
    const order = orderIn('PENDING_PAYMENT');
    order.markPaid(payment(order), LATER);
    const [event] = order.pendingEvents;
    expect(event?.snapshot).toMatchObject({ status: 'PAID', version: 4, updatedAt: LATER.toISOString() });
  });

  it('a clock stepping backwards never moves updatedAt back', () => {
    const order = orderIn('PENDING_PAYMENT');
    order.markPaid(payment(order), new Date('2026-01-01T00:00:00Z'));
    expect(order.toSnapshot().updatedAt).toBe(AT.toISOString());
  });

  it('OrderPlaced is recorded once, when the PaymentIntent is attached', () => {
    const order = Order.restore({ ...orderIn('PENDING_PAYMENT').toSnapshot(), paymentIntentId: null, version: 1 });
    expect(order.attachPaymentIntent(PI, LATER).changed).toBe(true);
    expect(order.attachPaymentIntent(PI, LATER).changed).toBe(false);
    expect(order.pendingEvents.map((e) => e.type)).toEqual(['OrderPlaced']);
    expect(() => order.attachPaymentIntent('pi_other', LATER)).toThrow(expect.objectContaining({ code: X }));
  });
});
