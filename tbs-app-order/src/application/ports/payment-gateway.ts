import type { Refund } from '../../domain/order';

export interface PaymentIntent {
  id: string;
  clientSecret: string;
  amount: number;
  currency: string;
  status: string;
}

/** Stripe, seen from the order service. Every money-moving call carries an idempotency key. */
export interface PaymentGateway {
  readonly publishableKey: string;
  /** Idempotency key = the order id: however often it is retried, one order has one PaymentIntent. */
  createPaymentIntent(input: {
    orderId: string;
    customerId: string;
    amount: number;
    currency: string;
    receiptEmail: string;
  }): Promise<PaymentIntent>;
  getPaymentIntent(paymentIntentId: string): Promise<PaymentIntent>;
  /** `already_final` when the intent succeeded or was cancelled before this call. */
  cancelPaymentIntent(paymentIntentId: string, idempotencyKey: string): Promise<'cancelled' | 'already_final'>;
  refund(input: { paymentIntentId: string; amount: number; idempotencyKey: string; orderId: string }): Promise<Refund>;
}
