import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStripe, startStripe } from '../../src/standins';

const WEBHOOK_SECRET = 'whsec_test_local';

interface Received {
  body: string;
  signature: string;
}

describe('Stripe stand-in', () => {
  let fake: RunningStripe;
  let stripe: Stripe;
  let receiver: Server;
  const received: Received[] = [];
  let failuresToReturn = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failuresToReturn > 0) {
          failuresToReturn -= 1;
          res.writeHead(500).end();
          return;
        }
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
    fake = await startStripe({
      webhookEndpoints: [{ url: hookUrl, secret: WEBHOOK_SECRET }],
      webhookRetry: { initialDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 },
    });
    stripe = new Stripe(fake.secretKey, {
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
      maxNetworkRetries: 0,
    });
  });

  afterAll(async () => {
    await fake?.stop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const eventsFor = (intentId: string): Stripe.Event[] =>
    received
      .map((r) => stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET))
      .filter(
        (e) =>
          (e.data.object as { id?: string; payment_intent?: string }).id === intentId ||
          (e.data.object as { payment_intent?: string }).payment_intent === intentId,
      );

  it('takes a payment with pm_card_visa and delivers a signed payment_intent.succeeded', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 11500,
      currency: 'nzd',
      metadata: { orderId: 'o-1', customerId: 'c-1' },
      automatic_payment_methods: { enabled: true },
    });
    expect(created).toMatchObject({
      status: 'requires_payment_method',
      amount: 11500,
      currency: 'nzd',
      metadata: { orderId: 'o-1' },
    });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(created.id)).amount_received).toBe(11500);
    await expect.poll(() => eventsFor(created.id).map((e) => e.type)).toEqual(['payment_intent.succeeded']);
    const [event] = eventsFor(created.id);
    expect(event?.id).toMatch(/^evt_/);
    expect(event?.api_version).toBeTruthy();
    expect(() =>
      stripe.webhooks.constructEvent(received[0]?.body ?? '', received[0]?.signature ?? '', 'whsec_wrong'),
    ).toThrow();
  });

  it('declines pm_card_chargeDeclined with a card error and returns the intent to requires_payment_method', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'nzd' });
    const error = await stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.decline_code).toBe('generic_decline');
    await expect.poll(() => eventsFor(pi.id).map((e) => e.type)).toEqual(['payment_intent.payment_failed']);
  });

  it('asks for authentication with pm_card_authenticationRequired, then cancels', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'nzd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const canceled = await stripe.paymentIntents.cancel(pi.id);
    expect(canceled.status).toBe('canceled');
    await expect
      .poll(() => eventsFor(pi.id).map((e) => e.type))
      .toEqual(['payment_intent.requires_action', 'payment_intent.canceled']);
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('refunds partially then fully, only on a succeeded intent', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 1000, currency: 'nzd' });
    await expect(stripe.refunds.create({ payment_intent: pending.id })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'nzd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
    expect(partial).toMatchObject({ amount: 400, status: 'succeeded', payment_intent: pi.id });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 700 })).rejects.toMatchObject({
      code: 'amount_too_large',
    });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(600);
    expect((await stripe.refunds.retrieve(rest.id)).charge).toBe(partial.charge);
    await expect.poll(() => eventsFor(pi.id).filter((e) => e.type === 'charge.refunded').length).toBe(2);
    const last = eventsFor(pi.id).filter((e) => e.type === 'charge.refunded')[1]?.data.object as Stripe.Charge;
    expect(last).toMatchObject({ amount_refunded: 1000, refunded: true });
    const objects = fake.objects();
    expect(objects.paymentIntents.map((p) => p.id)).toEqual(expect.arrayContaining([pending.id, pi.id]));
    expect(objects.charges.filter((c) => c.payment_intent === pi.id)).toHaveLength(1);
    expect(objects.refunds.filter((r) => r.payment_intent === pi.id).map((r) => r.amount)).toEqual([400, 600]);
  });

  it('honours Idempotency-Key like Stripe', async () => {
    const params = { amount: 5000, currency: 'nzd', metadata: { orderId: 'o-idem' } };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-o-idem' });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-o-idem' });
    expect(again.id).toBe(first.id);
    const conflict = stripe.paymentIntents.create({ ...params, amount: 5001 }, { idempotencyKey: 'order-o-idem' });
    await expect(conflict).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('requires a test secret key', async () => {
    const anonymous = new Stripe('rk_live_nope', {
      host: fake.host,
      port: fake.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(anonymous.paymentIntents.create({ amount: 100, currency: 'nzd' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it('retries a webhook the endpoint answered with 500, logging every attempt, and can resend', async () => {
    failuresToReturn = 2;
    const pi = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'nzd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await expect.poll(() => eventsFor(pi.id).length, { timeout: 3000 }).toBe(1);
    const eventId = eventsFor(pi.id)[0]?.id as string;
    const attempts = fake.deliveries().filter((d) => d.eventId === eventId);
    expect(attempts.map((a) => [a.attempt, a.status, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    fake.resend(eventId);
    await expect.poll(() => eventsFor(pi.id).length).toBe(2);
  });

  it('counts an endpoint that does not answer in time as failed and retries it', async () => {
    let calls = 0;
    const slow = createServer((_req, res) => {
      calls += 1;
      // The first delivery never gets an answer; the retry does.
      if (calls > 1) res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
    const impatient = await startStripe({
      webhookEndpoints: [{ url, secret: WEBHOOK_SECRET }],
      webhookRetry: { timeoutMs: 300, initialDelayMs: 10 },
    });
    try {
      const client = new Stripe(impatient.secretKey, { host: impatient.host, port: impatient.port, protocol: 'http' });
      await client.paymentIntents.create({
        amount: 100,
        currency: 'nzd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      await expect.poll(() => impatient.deliveries().some((d) => d.succeeded), { timeout: 5000 }).toBe(true);
      const [first, ...retries] = impatient.deliveries();
      expect(first).toMatchObject({ attempt: 1, succeeded: false, error: expect.stringMatching(/timed out/) });
      expect(retries.at(-1)).toMatchObject({ succeeded: true });
    } finally {
      await impatient.stop();
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
