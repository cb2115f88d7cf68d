// Duplicate delivery and fault injection: purchases run to their end while every SQS message reaches its consumer
// 2-3 times and a share of consumer invocations fail (before or after the handler ran). Failed messages come back
// through the visibility timeout; dead-lettered ones are redriven as an operator would. Afterwards every effect
// must have happened exactly once.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryFaultStats } from '@tbs/devops-local';
import type { Actors } from './actors';
import { queueDepths, redriveAll } from './queues';
import { type Shop, sleep, until } from './shop';

export type Journey = 'ship' | 'digital' | 'scarce' | 'cancel';

export interface DeliveryProducts {
  tea: string;
  ebook: string;
  /** A physical product with little stock, so some orders for it fail fulfilment and are refunded. */
  scarce: string;
  scarceStock: number;
  teaStock: number;
}

export interface JourneyResult {
  journey: Journey;
  customer: string;
  orderId: string;
  paymentIntentId: string;
  gross: number;
  status: string;
  /** From checkout to the final status. */
  ms: number;
  error?: string;
}

export interface DeliveryOutcome {
  journeys: JourneyResult[];
  redriven: number;
  faults: DeliveryFaultStats;
  /** Problems found, one line each; empty when every effect happened exactly once. */
  problems: string[];
  emailsChecked: number;
  /** How long the journeys took, and the drain after them. */
  journeysMs: number;
  drainMs: number;
}

const TERMINAL = ['DELIVERED', 'REFUNDED', 'CANCELLED', 'PAYMENT_FAILED'];

async function runJourney(
  shop: Shop,
  admin: string,
  customer: string,
  journey: Journey,
  products: DeliveryProducts,
  timeoutMs: number,
): Promise<JourneyResult> {
  const started = Date.now();
  const productId = journey === 'digital' ? products.ebook : journey === 'scarce' ? products.scarce : products.tea;
  const placed = await shop.buy(customer, [{ productId, quantity: 1 }]);
  const result: JourneyResult = {
    journey,
    customer,
    orderId: placed.order.id,
    paymentIntentId: placed.payment.paymentIntentId,
    gross: placed.order.totals.gross,
    status: placed.order.status,
    ms: 0,
  };
  try {
    await followJourney(shop, admin, customer, journey, result, Date.now() + timeoutMs);
  } finally {
    result.ms = Date.now() - started;
  }
  return result;
}

async function followJourney(
  shop: Shop,
  admin: string,
  customer: string,
  journey: Journey,
  result: JourneyResult,
  deadline: number,
): Promise<void> {
  const left = () => Math.max(1000, deadline - Date.now());
  const paid = await shop.awaitStatus(customer, result.orderId, ['PAID', ...TERMINAL], left());
  result.status = paid;
  if (journey === 'digital' || paid !== 'PAID') {
    result.status = await shop.awaitStatus(customer, result.orderId, TERMINAL, left());
    return;
  }
  if (journey === 'cancel') {
    const cancel = await shop.api(`/order/v1/orders/${result.orderId}/cancel`, { method: 'POST', as: customer });
    if (cancel.status !== 200 && cancel.status !== 202) result.error = `cancel answered ${cancel.status}`;
    result.status = await shop.awaitStatus(customer, result.orderId, TERMINAL, left());
    return;
  }
  // A physical order that was paid: once fulfilment created the shipment (or failed it), dispatch and deliver.
  const shipment = await until(
    () => shop.api<{ status: string }>(`/fulfilment/v1/shipments/${result.orderId}`, { as: admin }),
    (r) => r.status === 200,
    left(),
  );
  if (shipment.status !== 200) {
    // No shipment: out of stock, so the order is refunded.
    result.status = await shop.awaitStatus(customer, result.orderId, TERMINAL, left());
    return;
  }
  const dispatched = await shop.api(`/fulfilment/v1/shipments/${result.orderId}/dispatch`, {
    method: 'POST',
    as: admin,
    body: { carrier: 'NZ Post', trackingNumber: `NZ${result.orderId.slice(-8)}` },
  });
  if (dispatched.status !== 200) {
    result.error = `dispatch answered ${dispatched.status} ${dispatched.text}`;
    return;
  }
  const delivered = await shop.api(`/fulfilment/v1/shipments/${result.orderId}/deliver`, { method: 'POST', as: admin });
  if (delivered.status !== 200) result.error = `deliver answered ${delivered.status} ${delivered.text}`;
  result.status = await shop.awaitStatus(customer, result.orderId, ['DELIVERED', 'REFUNDED', 'CANCELLED'], left());
}

/** The journeys of a run: mostly shipped orders, with digital, contested and cancelled ones mixed in. */
export function journeysFor(count: number): Journey[] {
  const pattern: Journey[] = ['ship', 'scarce', 'digital', 'cancel', 'ship', 'scarce'];
  return Array.from({ length: count }, (_, i) => pattern[i % pattern.length] as Journey);
}

export interface DeliveryRun {
  shop: Shop;
  sqs: SQSClient;
  actors: Actors;
  products: DeliveryProducts;
  journeys: Journey[];
  /** Switches the faults on and off and reads their counters. */
  faults: { on(): void; off(): void; stats(): DeliveryFaultStats };
  timeoutMs: number;
}

export async function runDeliveryFaults(run: DeliveryRun): Promise<DeliveryOutcome> {
  const { shop, sqs, actors, products } = run;
  const admin = actors.emails.admin;
  const salesBefore = await shop.monthlySales(admin);
  const stockBefore = {
    tea: await shop.inventory(admin, products.tea),
    scarce: await shop.inventory(admin, products.scarce),
  };
  const emailsBefore = new Set((await shop.cloud.emails()).map((e) => e.messageId));

  const t0 = Date.now();
  run.faults.on();
  let redriven = 0;
  let running = true;
  // The operator's side: whatever reaches a dead-letter queue is redriven.
  const operator = (async () => {
    while (running) {
      await sleep(2000);
      redriven += await redriveAll(sqs);
    }
  })();
  const customers = [actors.emails.customerA, actors.emails.customerB];
  const journeys = await Promise.all(
    run.journeys.map(async (journey, i) => {
      await sleep(i * 150);
      const customer = customers[i % 2] as string;
      try {
        return await runJourney(shop, admin, customer, journey, products, run.timeoutMs);
      } catch (error) {
        return {
          journey,
          customer,
          orderId: '',
          paymentIntentId: '',
          gross: 0,
          status: 'ERROR',
          ms: 0,
          error: (error as Error).message,
        };
      }
    }),
  );
  const faults = run.faults.stats();
  run.faults.off();
  const journeysMs = Date.now() - t0;
  // Drain: nothing waits in a queue or a dead-letter queue any more.
  const depths = await until(
    async () => {
      redriven += await redriveAll(sqs);
      return queueDepths(sqs);
    },
    (d) => Object.values(d).every((n) => n === 0),
    120_000,
    1000,
  );
  running = false;
  await operator;
  const drainMs = Date.now() - t0 - journeysMs;

  const problems: string[] = [];
  for (const [queue, n] of Object.entries(depths)) if (n > 0) problems.push(`${queue} still holds ${n} message(s)`);
  for (const j of journeys) {
    const expected =
      j.journey === 'cancel' ? ['CANCELLED'] : j.journey === 'scarce' ? ['DELIVERED', 'REFUNDED'] : ['DELIVERED'];
    if (!expected.includes(j.status))
      problems.push(
        `${j.journey} order ${j.orderId}: ${j.status}, expected ${expected.join(' or ')}${j.error ? ` (${j.error})` : ''}`,
      );
    else if (j.error) problems.push(`${j.journey} order ${j.orderId}: ${j.error}`);
  }

  // Stripe: one PaymentIntent and one charge per order; one full refund for refunded and cancelled orders, none else.
  const stripe = shop.cloud.cloud.standins.stripe.objects();
  for (const j of journeys.filter((x) => x.orderId)) {
    const intents = stripe.paymentIntents.filter(
      (p) => (p.metadata as Record<string, string> | undefined)?.orderId === j.orderId,
    );
    const charges = stripe.charges.filter((c) => c.payment_intent === j.paymentIntentId);
    const refunds = stripe.refunds.filter((r) => r.payment_intent === j.paymentIntentId);
    if (intents.length !== 1) problems.push(`order ${j.orderId}: ${intents.length} PaymentIntents`);
    if (charges.length !== 1) problems.push(`order ${j.orderId}: ${charges.length} charges`);
    const refundedAmount = refunds.reduce((n, r) => n + Number(r.amount), 0);
    const shouldRefund = j.status === 'REFUNDED' || j.status === 'CANCELLED';
    if (shouldRefund && (refunds.length !== 1 || refundedAmount !== j.gross))
      problems.push(
        `order ${j.orderId} (${j.status}): ${refunds.length} refunds of ${refundedAmount}, expected one of ${j.gross}`,
      );
    if (!shouldRefund && refunds.length > 0)
      problems.push(`order ${j.orderId} (${j.status}): refunded ${refundedAmount}`);
  }

  // Stock: each delivered order took one unit; nothing these orders reserved stays reserved.
  const delivered = (journeysOf: Journey[]) =>
    journeys.filter((j) => journeysOf.includes(j.journey) && j.status === 'DELIVERED').length;
  for (const [name, took] of [
    ['tea', delivered(['ship', 'cancel'])],
    ['scarce', delivered(['scarce'])],
  ] as const) {
    const before = stockBefore[name];
    const inv = await shop.inventory(admin, products[name]);
    if (inv.onHand !== before.onHand - took || inv.reserved !== before.reserved)
      problems.push(
        `stock of ${name}: onHand ${inv.onHand} reserved ${inv.reserved}, expected onHand ${before.onHand - took} reserved ${before.reserved}`,
      );
  }
  const scarceWon = journeys.filter((j) => j.journey === 'scarce' && j.status === 'DELIVERED').length;
  const scarceTried = journeys.filter((j) => j.journey === 'scarce').length;
  if (scarceWon !== Math.min(products.scarceStock, scarceTried))
    problems.push(
      `contested product: ${scarceWon} of ${scarceTried} orders delivered with stock ${products.scarceStock}`,
    );

  // Reports: one sale per paid order, refunds counted once.
  const salesAfter = await until(
    () => shop.monthlySales(admin),
    (s) => sum(s, 'orders') - sum(salesBefore, 'orders') >= journeys.length,
    20_000,
  );
  const paidOrders = journeys.filter((j) => j.orderId).length;
  const gross = journeys.reduce((n, j) => n + j.gross, 0);
  const refunded = journeys
    .filter((j) => j.status === 'REFUNDED' || j.status === 'CANCELLED')
    .reduce((n, j) => n + j.gross, 0);
  const delta = (key: 'orders' | 'gross' | 'refunded') => sum(salesAfter, key) - sum(salesBefore, key);
  if (delta('orders') !== paidOrders) problems.push(`report counted ${delta('orders')} orders, expected ${paidOrders}`);
  if (delta('gross') !== gross) problems.push(`report gross grew by ${delta('gross')}, expected ${gross}`);
  if (delta('refunded') !== refunded)
    problems.push(`report refunded grew by ${delta('refunded')}, expected ${refunded}`);

  // Emails: no message twice (same recipient and subject), and one receipt per order.
  const emails = (await shop.cloud.emails()).filter((e) => !emailsBefore.has(e.messageId));
  const seen = new Map<string, number>();
  for (const e of emails) {
    const key = `${[...e.to].sort().join(',')} ${e.subject}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, n] of seen) if (n > 1) problems.push(`email sent ${n} times: ${key}`);
  for (const j of journeys.filter((x) => x.orderId)) {
    if (!emails.some((e) => e.subject.includes(j.orderId) && /receipt/i.test(e.subject)))
      problems.push(`no receipt email for order ${j.orderId}`);
  }
  return { journeys, redriven, faults, problems, emailsChecked: emails.length, journeysMs, drainMs };
}

function sum(s: { months: Array<Record<string, unknown>> }, key: string): number {
  return s.months.reduce((n, m) => n + Number(m[key] ?? 0), 0);
}
