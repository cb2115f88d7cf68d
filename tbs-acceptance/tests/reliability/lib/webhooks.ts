// Stripe webhooks an attacker or a confused network could send: forged signatures, the wrong secret, a stale
// timestamp, a tampered body, replays and events out of order. None may move an order or charge anyone.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Stripe from 'stripe';
import type { Shop } from './shop';
import { sleep, until } from './shop';

export interface WebhookCase {
  name: string;
  expected: string;
  actual: string;
}

const WEBHOOK = '/order/v1/payments/stripe/webhook';

/** The webhook signing secret of the local order stack (its local.params.json), as Stripe holds it. */
function localWebhookSecret(): string {
  const file = fileURLToPath(new URL('../../../../tbs-app-order/local.params.json', import.meta.url));
  const params = JSON.parse(readFileSync(file, 'utf8')) as { SecretValues: { StripeSecret: string } };
  return (JSON.parse(params.SecretValues.StripeSecret) as { webhookSecret: string }).webhookSecret;
}

export async function runWebhookAttacks(
  shop: Shop,
  customer: string,
  productId: string,
  settle: () => Promise<void>,
): Promise<WebhookCase[]> {
  const secret = localWebhookSecret();
  const cases: WebhookCase[] = [];
  const post = async (body: string, signature: string) => {
    const res = await fetch(`${shop.cloud.gatewayUrl}${WEBHOOK}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const sign = (body: string, timestamp = Math.floor(Date.now() / 1000), key = secret) =>
    shop.stripe.webhooks.generateTestHeaderString({ payload: body, secret: key, timestamp });
  const status = async (orderId: string) => (await shop.order(customer, orderId)).body.status;

  // An order awaiting payment, and a succeeded event for it as Stripe would send once it is paid.
  const target = await shop.placeOrder(customer, [{ productId, quantity: 1 }]);
  if (target.status !== 201) throw new Error(`placing the target order: ${target.status} ${target.text}`);
  const { order, payment } = target.body;
  const event = (id: string, amount = order.totals.gross): Stripe.Event =>
    ({
      id,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: payment.paymentIntentId,
          object: 'payment_intent',
          amount,
          amount_received: amount,
          currency: order.totals.currency.toLowerCase(),
          status: 'succeeded',
          metadata: { orderId: order.id },
        },
      },
    }) as unknown as Stripe.Event;

  const forgedBody = JSON.stringify(event('evt_rel_forged'));
  await post(forgedBody, `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}`);
  const wrongSecretBody = JSON.stringify(event('evt_rel_wrong_secret'));
  await post(wrongSecretBody, sign(wrongSecretBody, undefined, 'whsec_not_the_shops_secret'));
  const staleBody = JSON.stringify(event('evt_rel_stale'));
  await post(staleBody, sign(staleBody, Math.floor(Date.now() / 1000) - 600));
  const signedBody = JSON.stringify(event('evt_rel_tampered'));
  await post(signedBody.replace(`"amount":${order.totals.gross}`, '"amount":1'), sign(signedBody));
  // Correctly signed, but for the wrong amount: the shop must not take it as payment of the order.
  const wrongAmount = JSON.stringify(event('evt_rel_wrong_amount', 1));
  await post(wrongAmount, sign(wrongAmount));
  await settle();
  const afterAttacks = await status(order.id);
  for (const name of [
    'forged signature',
    'wrong secret',
    'stale timestamp (10 min)',
    'tampered body',
    'signed but wrong amount',
  ]) {
    cases.push({ name, expected: 'PENDING_PAYMENT', actual: afterAttacks });
  }
  const intent = await shop.stripe.paymentIntents.retrieve(payment.paymentIntentId);
  cases.push({ name: 'no charge from any of them', expected: 'requires_payment_method', actual: intent.status });

  // Out of order: a declined attempt, then a successful one; Stripe's failure event arrives again afterwards.
  const second = await shop.placeOrder(customer, [{ productId, quantity: 1 }]);
  if (second.status !== 201) throw new Error(`placing the second order: ${second.status} ${second.text}`);
  const pi = second.body.payment.paymentIntentId;
  await shop.stripe.paymentIntents.confirm(pi, { payment_method: 'pm_card_chargeDeclined' }).catch(() => undefined);
  await shop.stripe.paymentIntents.confirm(pi, { payment_method: 'pm_card_visa' });
  const paid = await shop.awaitStatus(customer, second.body.order.id, ['PAID'], 20_000);
  const events = shop.cloud.cloud.standins.stripe.events().filter((e) => (e.data.object as { id?: string }).id === pi);
  const failed = events.find((e) => e.type === 'payment_intent.payment_failed');
  const succeeded = events.find((e) => e.type === 'payment_intent.succeeded');
  if (!failed || !succeeded) throw new Error(`Stripe sent no failure and success for ${pi}`);
  const late = JSON.stringify(failed);
  await post(late, sign(late));
  // Replays: Stripe resends the success (and the failure) as its dashboard's "Resend" does, and a captured
  // success is posted again with a fresh valid signature.
  shop.cloud.cloud.standins.stripe.resend(succeeded.id);
  shop.cloud.cloud.standins.stripe.resend(failed.id);
  const replay = JSON.stringify(succeeded);
  await post(replay, sign(replay));
  await post(replay, sign(replay));
  await sleep(500);
  await settle();
  cases.push({ name: 'paid after a declined attempt', expected: 'PAID', actual: paid });
  cases.push({
    name: 'late failure event and replays after payment',
    expected: 'PAID',
    actual: await status(second.body.order.id),
  });
  const charges = shop.cloud.cloud.standins.stripe
    .objects()
    .charges.filter((c) => c.payment_intent === pi && c.status === 'succeeded');
  cases.push({ name: 'charges for the replayed payment', expected: '1', actual: String(charges.length) });
  const receipts = await until(
    async () =>
      (await shop.cloud.emails()).filter((e) => e.subject.includes(second.body.order.id) && /receipt/i.test(e.subject)),
    (r) => r.length > 0,
    10_000,
  );
  cases.push({ name: 'receipt emails for the replayed payment', expected: '1', actual: String(receipts.length) });
  return cases;
}
