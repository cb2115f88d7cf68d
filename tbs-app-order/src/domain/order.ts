import {
  IllegalTransitionError,
  InvalidOrderError,
  OrderNotCancellableError,
  PaymentMismatchError,
} from './order-errors';
import type { PricedLine, PricedOrder, ShippingOption, Totals } from './pricing';

export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'PAYMENT_FAILED',
  'CANCELLATION_REQUESTED',
  'CANCELLED',
  'REFUNDED',
  'SHIPPED',
  'DELIVERED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postcode: string;
  country: string;
  phone?: string;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
}

/** What Stripe says was charged; checked against what the order asked for before anything changes. */
export interface ReportedPayment {
  paymentIntentId: string;
  amount: number;
  currency: string;
}

export interface Refund {
  refundId: string;
  amount: number;
  currency: string;
}

export interface OrderSnapshot {
  id: string;
  customerId: string;
  receiptEmail: string;
  status: OrderStatus;
  lines: PricedLine[];
  totals: Totals;
  shippingOption: ShippingOption | null;
  deliveryAddress: Address | null;
  paymentIntentId: string | null;
  shipment: Shipment | null;
  refund: Refund | null;
  placedAt: string;
  updatedAt: string;
  version: number;
}

export type OrderEvent =
  | { type: 'OrderPlaced'; snapshot: OrderSnapshot }
  | { type: 'OrderPaid'; snapshot: OrderSnapshot }
  | { type: 'OrderPaymentFailed'; snapshot: OrderSnapshot; failureCode: string; failureMessage: string }
  | { type: 'OrderCancellationRequested'; snapshot: OrderSnapshot }
  | { type: 'OrderCancelled'; snapshot: OrderSnapshot; previousStatus: OrderStatus }
  | { type: 'OrderRefunded'; snapshot: OrderSnapshot; reason: 'FULFILMENT_FAILED' | 'CHARGE_REFUNDED' };

/**
 * What a transition did: `changed` false means the order was already where the trigger would take it (a repeated
 * or late message), which callers treat as success without writing anything.
 */
export interface TransitionResult {
  changed: boolean;
}

const UNCHANGED: TransitionResult = { changed: false };
const CHANGED: TransitionResult = { changed: true };

/**
 * An order from checkout to delivery or refund. Every status change is one method that checks the current status;
 * ids and the clock are inputs. `version` grows by one per change and is what the repository's conditional write
 * compares, so two handlers racing on the same order cannot both win.
 */
export class Order {
  private events: OrderEvent[] = [];
  private constructor(
    private state: OrderSnapshot,
    private readonly loadedVersion: number,
  ) {}

  static place(
    input: {
      id: string;
      customerId: string;
      receiptEmail: string;
      priced: PricedOrder;
      deliveryAddress: Address | undefined;
    },
    now: Date,
  ): Order {
    const at = now.toISOString();
    const physical = input.priced.lines.some((line) => line.kind === 'physical');
    if (physical && input.deliveryAddress === undefined) throw new InvalidOrderError('deliveryAddress', 'is required');
    return new Order(
      {
        id: input.id,
        customerId: input.customerId,
        receiptEmail: input.receiptEmail,
        status: 'PENDING_PAYMENT',
        lines: input.priced.lines.map((line) => ({ ...line })),
        totals: { ...input.priced.totals },
        shippingOption: input.priced.shippingOption,
        deliveryAddress: physical && input.deliveryAddress ? { ...input.deliveryAddress } : null,
        paymentIntentId: null,
        shipment: null,
        refund: null,
        placedAt: at,
        updatedAt: at,
        version: 1,
      },
      // Never stored yet: the repository creates it rather than updating a version.
      0,
    );
  }

  static restore(snapshot: OrderSnapshot): Order {
    if (!ORDER_STATUSES.includes(snapshot.status)) throw new InvalidOrderError('status', 'is not an order status');
    if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 1) {
      throw new InvalidOrderError('version', 'must be a positive whole number');
    }
    return new Order(structuredClone(snapshot), snapshot.version);
  }

  get id(): string {
    return this.state.id;
  }
  get customerId(): string {
    return this.state.customerId;
  }
  get status(): OrderStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  /** The version the store holds; 0 for an order not stored yet. */
  get storedVersion(): number {
    return this.loadedVersion;
  }
  get totals(): Totals {
    return { ...this.state.totals };
  }
  get paymentIntentId(): string | null {
    return this.state.paymentIntentId;
  }
  get placedAt(): Date {
    return new Date(this.state.placedAt);
  }
  get refund(): Refund | null {
    return this.state.refund ? { ...this.state.refund } : null;
  }
  get hasPhysicalLines(): boolean {
    return this.state.lines.some((line) => line.kind === 'physical');
  }
  get pendingEvents(): readonly OrderEvent[] {
    return [...this.events];
  }

  toSnapshot(): OrderSnapshot {
    return structuredClone(this.state);
  }

  /** The PaymentIntent created for this order; the order is announced (OrderPlaced) once it can be paid. */
  attachPaymentIntent(paymentIntentId: string, now: Date): TransitionResult {
    if (this.state.paymentIntentId === paymentIntentId) return UNCHANGED;
    if (this.state.status !== 'PENDING_PAYMENT' || this.state.paymentIntentId !== null) {
      throw new IllegalTransitionError(this.id, this.status, 'attach a payment');
    }
    this.change({ paymentIntentId }, now);
    this.events.push({ type: 'OrderPlaced', snapshot: this.toSnapshot() });
    return CHANGED;
  }

  /** payment_intent.succeeded. A customer may retry a failed payment with the same intent, so PAYMENT_FAILED pays too. */
  markPaid(payment: ReportedPayment, now: Date): TransitionResult {
    this.checkPayment(payment);
    const status = this.state.status;
    if (status === 'PAID' || status === 'SHIPPED' || status === 'DELIVERED' || status === 'CANCELLATION_REQUESTED') {
      return UNCHANGED;
    }
    if (status !== 'PENDING_PAYMENT' && status !== 'PAYMENT_FAILED') this.illegal('be paid');
    this.change({ status: 'PAID' }, now);
    this.events.push({ type: 'OrderPaid', snapshot: this.toSnapshot() });
    return CHANGED;
  }

  /** payment_intent.payment_failed: the customer goes back to the cart and may try again. */
  markPaymentFailed(payment: ReportedPayment, failure: { code: string; message: string }, now: Date): TransitionResult {
    this.checkPayment(payment);
    if (this.state.status === 'PAYMENT_FAILED') return UNCHANGED;
    // A failure reported after the order was paid or closed is a stale message.
    if (this.state.status !== 'PENDING_PAYMENT') return UNCHANGED;
    this.change({ status: 'PAYMENT_FAILED' }, now);
    this.events.push({
      type: 'OrderPaymentFailed',
      snapshot: this.toSnapshot(),
      failureCode: failure.code.slice(0, 100),
      failureMessage: failure.message.slice(0, 500),
    });
    return CHANGED;
  }

  /** payment_intent.canceled: the intent can no longer be paid, so neither can the order. */
  markPaymentCancelled(payment: ReportedPayment, now: Date): TransitionResult {
    this.checkPayment(payment);
    if (this.state.status === 'CANCELLED') return UNCHANGED;
    if (this.state.status !== 'PENDING_PAYMENT' && this.state.status !== 'PAYMENT_FAILED') {
      this.illegal('have its payment cancelled');
    }
    return this.cancelled(null, now);
  }

  /**
   * The customer's cancel. Unpaid orders are cancelled at once (the caller cancels the PaymentIntent first); a paid
   * order with physical lines waits for fulfilment to stop the shipment. Repeating a cancel changes nothing.
   */
  requestCancellation(now: Date): TransitionResult {
    switch (this.state.status) {
      case 'PENDING_PAYMENT':
      case 'PAYMENT_FAILED':
        return this.cancelled(null, now);
      case 'PAID':
        if (!this.hasPhysicalLines) throw new OrderNotCancellableError(this.id, this.status);
        this.change({ status: 'CANCELLATION_REQUESTED' }, now);
        this.events.push({ type: 'OrderCancellationRequested', snapshot: this.toSnapshot() });
        return CHANGED;
      case 'CANCELLATION_REQUESTED':
      case 'CANCELLED':
        return UNCHANGED;
      default:
        throw new OrderNotCancellableError(this.id, this.status);
    }
  }

  /** ShipmentCancelled, once the money went back: the end of a customer cancel. */
  completeCancellation(refund: Refund, now: Date): TransitionResult {
    if (this.state.status === 'CANCELLED') return UNCHANGED;
    if (this.state.status !== 'CANCELLATION_REQUESTED') this.illegal('complete a cancellation');
    this.checkRefund(refund);
    return this.cancelled(refund, now);
  }

  /** ShipmentCancellationRejected: the parcel already left, so the order goes back to where the shipment is. */
  rejectCancellation(shipmentStatus: 'DISPATCHED' | 'DELIVERED', now: Date): TransitionResult {
    const target: OrderStatus = shipmentStatus === 'DELIVERED' ? 'DELIVERED' : 'SHIPPED';
    if (this.state.status === target || this.state.status === 'DELIVERED') return UNCHANGED;
    if (this.state.status !== 'CANCELLATION_REQUESTED') this.illegal('have its cancellation rejected');
    this.change({ status: target }, now);
    return CHANGED;
  }

  /** Needs a refund now: fulfilment could not reserve the goods (the caller refunds through Stripe first). */
  get needsRefundForFailedFulfilment(): boolean {
    return this.state.status === 'PAID' || this.state.status === 'CANCELLATION_REQUESTED';
  }

  /** FulfilmentFailed, once refunded. */
  markRefundedAfterFailedFulfilment(refund: Refund, now: Date): TransitionResult {
    if (this.state.status === 'REFUNDED' || this.state.status === 'CANCELLED') return UNCHANGED;
    if (!this.needsRefundForFailedFulfilment) this.illegal('be refunded for failed fulfilment');
    this.checkRefund(refund);
    this.change({ status: 'REFUNDED', refund }, now);
    this.events.push({ type: 'OrderRefunded', snapshot: this.toSnapshot(), reason: 'FULFILMENT_FAILED' });
    return CHANGED;
  }

  /** charge.refunded: a refund made in Stripe itself (ours come back as this too, and change nothing). */
  markChargeRefunded(refund: Refund, now: Date): TransitionResult {
    const status = this.state.status;
    if (status === 'REFUNDED' || status === 'CANCELLED') return UNCHANGED;
    if (status !== 'PAID' && status !== 'SHIPPED' && status !== 'DELIVERED' && status !== 'CANCELLATION_REQUESTED') {
      this.illegal('be refunded');
    }
    if (refund.currency !== this.state.totals.currency) throw new PaymentMismatchError(this.id, 'refund currency');
    // Our own cancellation refund can be reported by Stripe before the saga records it: it completes the cancel.
    if (status === 'CANCELLATION_REQUESTED') return this.cancelled(refund, now);
    this.change({ status: 'REFUNDED', refund }, now);
    this.events.push({ type: 'OrderRefunded', snapshot: this.toSnapshot(), reason: 'CHARGE_REFUNDED' });
    return CHANGED;
  }

  /** ShipmentDispatched. A pending cancellation loses the race: the parcel is on its way. */
  markShipped(shipment: Shipment, now: Date): TransitionResult {
    const status = this.state.status;
    if (status === 'SHIPPED' || status === 'DELIVERED') {
      if (this.state.shipment !== null) return UNCHANGED;
      // The order got here before the dispatch itself was reported (a rejected cancellation, a delivery that
      // overtook its dispatch): the carrier and tracking number still belong on it.
      this.change({ shipment: { ...shipment } }, now);
      return CHANGED;
    }
    if (status !== 'PAID' && status !== 'CANCELLATION_REQUESTED') this.illegal('be shipped');
    this.change({ status: 'SHIPPED', shipment: { ...shipment } }, now);
    return CHANGED;
  }

  /** ShipmentDelivered; may overtake its ShipmentDispatched, so PAID is accepted too. */
  markDelivered(now: Date): TransitionResult {
    const status = this.state.status;
    if (status === 'DELIVERED') return UNCHANGED;
    if (status !== 'SHIPPED' && status !== 'PAID' && status !== 'CANCELLATION_REQUESTED') this.illegal('be delivered');
    this.change({ status: 'DELIVERED' }, now);
    return CHANGED;
  }

  /** DigitalGoodsReady: a digital-only order is complete; with physical lines the shipment decides. */
  markDigitalGoodsDelivered(now: Date): TransitionResult {
    if (this.hasPhysicalLines || this.state.status === 'DELIVERED') return UNCHANGED;
    if (this.state.status !== 'PAID') this.illegal('have its downloads delivered');
    this.change({ status: 'DELIVERED' }, now);
    return CHANGED;
  }

  private cancelled(refund: Refund | null, now: Date): TransitionResult {
    const previousStatus = this.state.status;
    this.change({ status: 'CANCELLED', refund }, now);
    this.events.push({ type: 'OrderCancelled', snapshot: this.toSnapshot(), previousStatus });
    return CHANGED;
  }

  private checkPayment(payment: ReportedPayment): void {
    const { totals, paymentIntentId } = this.state;
    if (paymentIntentId !== null && payment.paymentIntentId !== paymentIntentId) {
      throw new PaymentMismatchError(this.id, 'another PaymentIntent');
    }
    if (payment.amount !== totals.gross) throw new PaymentMismatchError(this.id, 'amount');
    if (payment.currency.toUpperCase() !== totals.currency) throw new PaymentMismatchError(this.id, 'currency');
  }

  private checkRefund(refund: Refund): void {
    if (refund.amount !== this.state.totals.gross || refund.currency !== this.state.totals.currency) {
      throw new PaymentMismatchError(this.id, 'refund amount');
    }
  }

  private illegal(trigger: string): never {
    throw new IllegalTransitionError(this.id, this.status, trigger);
  }

  private change(changes: Partial<OrderSnapshot>, now: Date): void {
    // A clock that steps backwards must not make the history look reversed.
    const at = Math.max(now.getTime(), new Date(this.state.updatedAt).getTime());
    this.state = { ...this.state, ...changes, updatedAt: new Date(at).toISOString(), version: this.state.version + 1 };
  }
}
