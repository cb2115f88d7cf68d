import type Stripe from 'stripe';
import type { PaymentGateway, PaymentIntent } from '../application/ports/payment-gateway';
import type { Refund } from '../domain/order';
import type { StripeKeys } from './stripe-keys';

export interface StripeConnection {
  keys: () => Promise<StripeKeys>;
  /** The stand-in's base URL; undefined in AWS, where the SDK talks to api.stripe.com. */
  apiBase?: string;
}

type StripeSdk = typeof import('stripe').default;
let stripeSdk: Promise<StripeSdk> | undefined;

/**
 * The Stripe SDK, evaluated on the first payment call instead of at a cold start: the functions that move money
 * start as fast as the others and pay the SDK's set-up once, when they first talk to Stripe.
 */
export function loadStripeSdk(): Promise<StripeSdk> {
  stripeSdk ??= import('stripe').then((module) => module.default);
  return stripeSdk;
}

/** Builds the SDK client once the keys are known; `STRIPE_API_BASE` points it at a stand-in. */
export async function stripeClientOf(connection: StripeConnection): Promise<{ stripe: Stripe; keys: StripeKeys }> {
  const keys = await connection.keys();
  const options: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 2, timeout: 10_000 };
  if (connection.apiBase !== undefined) {
    const url = new URL(connection.apiBase);
    options.host = url.hostname;
    options.port = url.port || (url.protocol === 'https:' ? '443' : '80');
    options.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  const StripeClient = await loadStripeSdk();
  return { stripe: new StripeClient(keys.secretKey, options), keys };
}

/**
 * Stripe behind the PaymentGateway port. Every call that moves money carries an idempotency key, so a retry (of
 * the SDK, the Lambda or the client) can never charge, cancel or refund twice.
 */
export class StripePaymentGateway implements PaymentGateway {
  private client?: Promise<{ stripe: Stripe; keys: StripeKeys }>;

  constructor(
    private readonly connection: StripeConnection,
    private publishable = '',
  ) {}

  get publishableKey(): string {
    return this.publishable;
  }

  /** Loads the keys (once); call before reading `publishableKey`. */
  async ready(): Promise<Stripe> {
    this.client ??= stripeClientOf(this.connection).catch((error) => {
      this.client = undefined;
      throw error;
    });
    const { stripe, keys } = await this.client;
    this.publishable = keys.publishableKey;
    return stripe;
  }

  async createPaymentIntent(input: {
    orderId: string;
    customerId: string;
    amount: number;
    currency: string;
    receiptEmail: string;
  }): Promise<PaymentIntent> {
    const stripe = await this.ready();
    const intent = await stripe.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        metadata: { orderId: input.orderId, customerId: input.customerId },
        receipt_email: input.receiptEmail,
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: input.orderId },
    );
    return toPaymentIntent(intent);
  }

  async getPaymentIntent(paymentIntentId: string): Promise<PaymentIntent> {
    const stripe = await this.ready();
    return toPaymentIntent(await stripe.paymentIntents.retrieve(paymentIntentId));
  }

  async cancelPaymentIntent(paymentIntentId: string, idempotencyKey: string): Promise<'cancelled' | 'already_final'> {
    const stripe = await this.ready();
    try {
      await stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey });
      return 'cancelled';
    } catch (error) {
      // Stripe refuses to cancel an intent that already succeeded or was cancelled.
      const { errors } = await loadStripeSdk();
      if (error instanceof errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
        return 'already_final';
      }
      throw error;
    }
  }

  async refund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
    orderId: string;
  }): Promise<Refund> {
    const stripe = await this.ready();
    const refund = await stripe.refunds.create(
      { payment_intent: input.paymentIntentId, amount: input.amount, metadata: { orderId: input.orderId } },
      { idempotencyKey: input.idempotencyKey },
    );
    return { refundId: refund.id, amount: refund.amount, currency: refund.currency.toUpperCase() };
  }
}

function toPaymentIntent(intent: Stripe.PaymentIntent): PaymentIntent {
  if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} came back without a client secret`);
  return {
    id: intent.id,
    clientSecret: intent.client_secret,
    amount: intent.amount,
    currency: intent.currency,
    status: intent.status,
  };
}
