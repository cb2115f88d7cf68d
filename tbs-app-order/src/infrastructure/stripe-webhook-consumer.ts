import type { IdempotencyStore, RuntimeLogger } from '@tbs/contracts/runtime';
import { errorAttributes } from '@tbs/contracts/runtime';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type Stripe from 'stripe';
import type { PaymentEvent, RecordPaymentEvent } from '../application/record-payment-event';
import { IllegalTransitionError, PaymentMismatchError } from '../domain/order-errors';
import { StripeSignatureError, verifyStripeSignature } from './stripe-signature';

/** Stripe's own default, and what the issue asks for: older signatures are replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const SIGNATURE_ATTRIBUTE = 'Stripe-Signature';
const ORDER_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type RejectionReason = 'missing_signature' | 'invalid_signature' | 'payment_mismatch' | 'illegal_transition';

export interface StripeWebhookConsumerOptions {
  webhookSecret: () => Promise<string>;
  recordPaymentEvent: Pick<RecordPaymentEvent, 'execute'>;
  idempotency: IdempotencyStore;
  logger: RuntimeLogger;
  /** Counted in a metric so forged or stale traffic shows up on the dashboard. */
  countRejected: (reason: RejectionReason) => void;
  /** Milliseconds since the epoch; the signature's age is measured against it. */
  now?: () => number;
}

/**
 * Consumes the webhook queue: nothing in a message is trusted before its signature is verified against the raw
 * body. Forged, stale and mismatching events are dropped (logged and counted, never retried: a retry cannot make
 * them valid); an event for an order that is not visible yet fails its record, so SQS retries it and finally
 * dead-letters it. Stripe event ids are claimed in the idempotency store, so a redelivery is skipped.
 */
export class StripeWebhookConsumer {
  constructor(private readonly options: StripeWebhookConsumerOptions) {}

  async handle(event: SQSEvent): Promise<SQSBatchResponse> {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await this.handleRecord(record);
      } catch (error) {
        this.options.logger.error('Stripe event failed; it will be retried', {
          messageId: record.messageId,
          ...errorAttributes(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  }

  private async handleRecord(record: SQSRecord): Promise<void> {
    const { logger, countRejected, idempotency } = this.options;
    const signature = attributeOf(record, SIGNATURE_ATTRIBUTE);
    if (signature === undefined) {
      countRejected('missing_signature');
      logger.warn('Stripe webhook without a signature dropped', { messageId: record.messageId });
      return;
    }
    try {
      verifyStripeSignature(
        record.body,
        signature,
        await this.options.webhookSecret(),
        SIGNATURE_TOLERANCE_SECONDS,
        this.options.now?.(),
      );
    } catch (error) {
      if (!(error instanceof StripeSignatureError)) throw error;
      countRejected('invalid_signature');
      logger.warn('Stripe webhook with a forged or stale signature dropped', { messageId: record.messageId });
      return;
    }
    // Signed by Stripe, so it is Stripe's event JSON; a body that is not JSON fails the record (retried, then DLQ).
    const stripeEvent = JSON.parse(record.body) as Stripe.Event;
    const payment = toPaymentEvent(stripeEvent);
    if (payment === undefined) {
      logger.info('Stripe event of no interest ignored', { eventId: stripeEvent.id, eventType: stripeEvent.type });
      return;
    }
    const claim = await idempotency.begin(stripeEvent.id);
    if (claim === 'done') {
      logger.info('Stripe event already processed', { eventId: stripeEvent.id });
      return;
    }
    if (claim === 'in_progress')
      throw new Error(`Stripe event ${stripeEvent.id} is being processed by another invocation`);
    try {
      await this.options.recordPaymentEvent.execute(payment);
    } catch (error) {
      if (error instanceof PaymentMismatchError || error instanceof IllegalTransitionError) {
        countRejected(error instanceof PaymentMismatchError ? 'payment_mismatch' : 'illegal_transition');
        logger.error('Stripe event does not fit its order; dropped', {
          eventId: stripeEvent.id,
          eventType: stripeEvent.type,
          orderId: payment.orderId,
          code: error.code,
        });
        await idempotency.complete(stripeEvent.id);
        return;
      }
      await idempotency.release(stripeEvent.id);
      throw error;
    }
    await idempotency.complete(stripeEvent.id);
    logger.info('Stripe event applied', {
      eventId: stripeEvent.id,
      eventType: stripeEvent.type,
      orderId: payment.orderId,
    });
  }
}

function attributeOf(record: SQSRecord, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(record.messageAttributes ?? {}).find(([key]) => key.toLowerCase() === wanted);
  const value = entry?.[1]?.stringValue;
  return value === undefined || value.length === 0 ? undefined : value;
}

/** The verified event reduced to what the order needs; undefined for types (or shapes) the order does not use. */
export function toPaymentEvent(event: Stripe.Event): PaymentEvent | undefined {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const orderId = intent.metadata?.orderId;
      if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) return undefined;
      const base = { orderId, paymentIntentId: intent.id, amount: intent.amount, currency: intent.currency };
      if (event.type === 'payment_intent.succeeded') return { kind: 'succeeded', ...base };
      if (event.type === 'payment_intent.canceled') return { kind: 'canceled', ...base };
      const failure = intent.last_payment_error;
      return {
        kind: 'failed',
        ...base,
        failureCode: failure?.decline_code ?? failure?.code ?? 'payment_failed',
        failureMessage: failure?.message ?? 'The payment failed',
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const orderId = charge.metadata?.orderId;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      const refund = charge.refunds?.data?.[0];
      if (typeof orderId !== 'string' || !ORDER_ID.test(orderId) || intentId === undefined) return undefined;
      // A partial refund leaves the order as it is; only a fully refunded charge refunds the order.
      if (!charge.refunded) return undefined;
      return {
        kind: 'refunded',
        orderId,
        refundId: refund?.id ?? `re_${charge.id}`,
        amount: charge.amount_refunded,
        currency: charge.currency,
      };
    }
    default:
      return undefined;
  }
}
