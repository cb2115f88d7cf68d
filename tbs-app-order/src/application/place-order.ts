import { canonicalJson, checkIdempotencyKey, resumeAttempt } from '../domain/idempotency';
import { type Address, Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order-errors';
import {
  DEFAULT_PRICING_RULES,
  type PricingRules,
  priceOrder,
  type RequestedLine,
  type ShippingOption,
} from '../domain/pricing';
import { changeOrder } from './change-order';
import type { Catalogue } from './ports/catalogue';
import type { Clock, IdGenerator } from './ports/clock';
import type { Fingerprint } from './ports/fingerprint';
import type { OrderRepository } from './ports/order-repository';
import type { PaymentGateway } from './ports/payment-gateway';

export interface PlaceOrderInput {
  lines: RequestedLine[];
  deliveryAddress?: Address;
  shippingOption?: ShippingOption;
}

export interface PlacedOrder {
  order: Order;
  payment: { paymentIntentId: string; clientSecret: string; publishableKey: string };
}

/**
 * Checkout, safe to retry at any point:
 * 1. a known Idempotency-Key with the same body resumes its order; with another body it is refused;
 * 2. otherwise price every line from the catalogue projection and store the order PENDING_PAYMENT together with
 *    the key (one conditional write: two racing requests with one key create one order);
 * 3. create the PaymentIntent with idempotency key = order id, so a retry after a crash gets the same intent;
 * 4. attach it to the order, which announces OrderPlaced.
 */
export class PlaceOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly catalogue: Catalogue,
    private readonly payments: PaymentGateway,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly fingerprintOf: Fingerprint,
    private readonly rules: PricingRules = DEFAULT_PRICING_RULES,
  ) {}

  async execute(
    customer: { customerId: string; email: string },
    idempotencyKey: string,
    input: PlaceOrderInput,
  ): Promise<PlacedOrder> {
    const key = checkIdempotencyKey(idempotencyKey);
    const fingerprint = this.fingerprintOf(canonicalJson(input));
    const existing = await this.orders.findAttempt(customer.customerId, key);
    if (existing !== undefined) return this.resume(resumeAttempt(existing, fingerprint));

    const catalogue = await this.catalogue.getMany(input.lines.map((line) => line.productId));
    const priced = priceOrder(
      input.lines,
      catalogue,
      input.shippingOption,
      input.deliveryAddress !== undefined,
      this.rules,
    );
    const order = Order.place(
      {
        id: this.ids.next(),
        customerId: customer.customerId,
        receiptEmail: customer.email,
        priced,
        deliveryAddress: input.deliveryAddress,
      },
      this.clock.now(),
    );
    const created = await this.orders.create(order, {
      customerId: customer.customerId,
      key,
      fingerprint,
      orderId: order.id,
    });
    if (created === 'attempt_exists') {
      const winner = await this.orders.findAttempt(customer.customerId, key);
      if (winner === undefined) throw new Error('Checkout attempt vanished after its key was claimed');
      return this.resume(resumeAttempt(winner, fingerprint));
    }
    return this.resume(order.id);
  }

  private async resume(orderId: string): Promise<PlacedOrder> {
    const stored = await this.orders.get(orderId);
    if (stored === undefined) throw new OrderNotFoundError(orderId);
    if (stored.paymentIntentId !== null) {
      const intent = await this.payments.getPaymentIntent(stored.paymentIntentId);
      return this.placed(stored, intent.id, intent.clientSecret);
    }
    const snapshot = stored.toSnapshot();
    const intent = await this.payments.createPaymentIntent({
      orderId: stored.id,
      customerId: stored.customerId,
      amount: snapshot.totals.gross,
      currency: snapshot.totals.currency,
      receiptEmail: snapshot.receiptEmail,
    });
    const order = await changeOrder(this.orders, orderId, (current) =>
      current.attachPaymentIntent(intent.id, this.clock.now()),
    );
    return this.placed(order, intent.id, intent.clientSecret);
  }

  private placed(order: Order, paymentIntentId: string, clientSecret: string): PlacedOrder {
    return { order, payment: { paymentIntentId, clientSecret, publishableKey: this.payments.publishableKey } };
  }
}
