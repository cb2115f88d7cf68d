import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApiInit,
  type ApiResponse,
  DEMO_ADMIN_EMAIL,
  DEMO_CUSTOMER_EMAIL,
  startTestCloud,
} from '@tbs/devops-local/harness';
import { type Summary, summarize } from './stats';

/** The stacks whose effects make up one purchase: paid (order), reserved (fulfilment), emailed (customer), reported. */
export const PIPELINE_STACKS = ['tbs-app-order', 'tbs-app-fulfilment', 'tbs-app-customer', 'tbs-app-reports'];

/** The effects of one purchase after `POST /orders`, in the order a shopper would notice them. */
export const HOPS = ['placed', 'paid', 'reserved', 'emailed', 'reported'] as const;
export type Hop = (typeof HOPS)[number];

export interface PipelineResult {
  orders: number;
  /** Completed purchases per minute, one shopper at a time. */
  ordersPerMinute?: number;
  /** Milliseconds from just before `POST /orders` to each effect, per hop that was observed for every order. */
  hops: Partial<Record<Hop, Summary>>;
  /** Milliseconds to each hop the warm-up purchase reached (not counted in `hops`: it also waits for the catalogue). */
  warmUp: Partial<Record<Hop, number>>;
  /** Effects the warm-up purchase never saw (e.g. a service that does not send them yet), with what was seen instead. */
  absent: Partial<Record<Hop, string>>;
  /** Why the run stopped: the first hop that did not happen in time, or the request that failed. */
  stoppedAt?: { hop: Hop | 'setup'; reason: string };
}

/**
 * Why the end-to-end pipeline cannot be measured in this run, or undefined when every stack it needs exists.
 * A stack exists for the local cloud when its folder has a template.yaml.
 */
export function pipelineGap(repoRoot: string): string | undefined {
  const missing = PIPELINE_STACKS.filter((stack) => !existsSync(join(repoRoot, stack, 'template.yaml')));
  if (missing.length === 0) return undefined;
  const noOrders = missing.includes('tbs-app-order')
    ? ' (so there is no POST /order/v1/orders on the local cloud)'
    : '';
  return `missing: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no template.yaml yet${noOrders}`;
}

class HopError extends Error {
  constructor(
    readonly hop: Hop | 'setup',
    message: string,
  ) {
    super(message);
  }
}

interface Product {
  id: string;
  kind: string;
}
interface PlacedOrder {
  order: { id: string; status: string };
  payment: { paymentIntentId: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts every stack with the demo data, then buys one physical product `orders` times as the demo customer, one
 * purchase after another: place the order, confirm the payment at the Stripe stand-in as Stripe.js would, and wait
 * for each downstream effect. A warm-up purchase (not counted) first lets the order service learn the catalogue.
 */
export async function measurePipeline(
  orders: number,
  hopTimeoutMs: number,
  log: (line: string) => void,
): Promise<PipelineResult> {
  log('pipeline: starting every stack with the demo data ...');
  let cloud: Awaited<ReturnType<typeof startTestCloud>>;
  try {
    cloud = await startTestCloud({ seed: true });
  } catch (error) {
    return {
      orders: 0,
      hops: {},
      warmUp: {},
      absent: {},
      stoppedAt: { hop: 'setup', reason: (error as Error).message.split('\n')[0] ?? '' },
    };
  }
  const samples: Record<Hop, number[]> = { placed: [], paid: [], reserved: [], emailed: [], reported: [] };
  const warmUp: Partial<Record<Hop, number>> = {};
  const absent = new Map<Hop, string>();
  const result = (extra: Partial<PipelineResult> = {}): PipelineResult => ({
    orders: samples.reported.length,
    hops: Object.fromEntries(
      HOPS.filter((hop) => samples[hop].length > 0).map((hop) => [hop, summarize(samples[hop])]),
    ) as PipelineResult['hops'],
    warmUp,
    absent: Object.fromEntries(absent),
    ...extra,
  });
  try {
    const api = async <T>(hop: Hop | 'setup', path: string, init: ApiInit, expected: number[]) => {
      const response: ApiResponse<T> = await cloud.api<T>(path, init);
      if (!expected.includes(response.status)) {
        throw new HopError(
          hop,
          `${init.method ?? 'GET'} ${path} answered ${response.status}: ${response.text.slice(0, 160)}`,
        );
      }
      return response;
    };
    const token = await cloud.tokenFor(DEMO_CUSTOMER_EMAIL);
    const catalogue = await api<{ items: Product[] }>('setup', '/product/v1/products?limit=25', {}, [200]);
    const product = catalogue.body.items.find((p) => p.kind.toLowerCase() === 'physical');
    if (!product) throw new HopError('setup', 'the seeded catalogue has no physical product');
    const reportedOrders = async (): Promise<number> => {
      const month = new Date().toISOString().slice(0, 7);
      const r = await api<{ months: { month: string; orders: number }[] }>(
        'reported',
        '/reports/v1/reports/monthly-sales?months=1',
        { as: DEMO_ADMIN_EMAIL },
        [200],
      );
      return r.body.months.find((m) => m.month === month)?.orders ?? 0;
    };

    const purchase = async (record: boolean, placeTimeoutMs: number): Promise<void> => {
      const before = await reportedOrders();
      const started = performance.now();
      // What the service last said while we waited, so a hop that never happens is reported with its evidence.
      const last: Partial<Record<Hop, string>> = {};
      const mark = (hop: Hop) => {
        if (record) samples[hop].push(performance.now() - started);
        else warmUp[hop] = performance.now() - started;
      };
      const until = async <T>(hop: Hop, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const value = await probe();
          if (value !== undefined) {
            mark(hop);
            return value;
          }
          if (Date.now() > deadline) {
            throw new HopError(
              hop,
              `not observed within ${timeoutMs / 1000} s${last[hop] ? `; last answer: ${last[hop]}` : ''}`,
            );
          }
          await sleep(100);
        }
      };
      const placed = await until('placed', placeTimeoutMs, async () => {
        const r = await cloud.api<PlacedOrder>('/order/v1/orders', {
          method: 'POST',
          token,
          headers: { 'idempotency-key': randomUUID() },
          body: {
            lines: [{ productId: product.id, quantity: 1 }],
            shippingOption: 'STANDARD',
            deliveryAddress: {
              name: 'Bench Shopper',
              line1: '1 Queen Street',
              city: 'Auckland',
              postcode: '1010',
              country: 'NZ',
            },
          },
        });
        if (r.status === 201) return r.body;
        last.placed = `POST /order/v1/orders ${r.status} ${r.text.slice(0, 160)}`;
        // The order service learns products from events: until then it cannot price the line.
        if (!record && (r.status === 404 || r.status === 422)) return undefined;
        throw new HopError('placed', `POST /order/v1/orders answered ${r.status}: ${r.text.slice(0, 160)}`);
      });
      const stripe = cloud.endpoints.stripe;
      if (!stripe) throw new HopError('paid', 'the local cloud has no Stripe stand-in');
      const confirmed = await fetch(new URL(`/v1/payment_intents/${placed.payment.paymentIntentId}/confirm`, stripe), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${process.env.TBS_STRIPE_SECRET_KEY ?? 'sk_test_tbslocal'}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ payment_method: 'pm_card_visa' }),
      });
      if (!confirmed.ok) throw new HopError('paid', `the Stripe stand-in answered ${confirmed.status} to confirm`);
      const orderId = placed.order.id;
      await until('paid', hopTimeoutMs, async () => {
        const r = await api<{ status: string }>('paid', `/order/v1/orders/${orderId}`, { token }, [200]);
        last.paid = `order ${r.body.status}`;
        return r.body.status === 'PENDING_PAYMENT' ? undefined : r.body.status;
      });
      const effects: Record<Exclude<Hop, 'placed' | 'paid'>, () => Promise<true | undefined>> = {
        reserved: async () => {
          const r = await api('reserved', `/fulfilment/v1/shipments/${orderId}`, { as: DEMO_ADMIN_EMAIL }, [200, 404]);
          last.reserved = `GET /fulfilment/v1/shipments/${orderId} ${r.status}`;
          return r.status === 200 ? true : undefined;
        },
        emailed: async () => {
          const mails = await cloud.emails({ to: DEMO_CUSTOMER_EMAIL });
          last.emailed = `${mails.length} emails to the shopper, none naming the order`;
          return mails.some((m) => `${m.subject} ${m.text ?? ''} ${m.html ?? ''}`.includes(orderId)) ? true : undefined;
        },
        reported: async () => ((await reportedOrders()) > before ? true : undefined),
      };
      // The effects happen independently of each other once the order is paid: wait for them side by side. One the
      // warm-up never sees is absent from this build and left out of the counted purchases; later, it is a failure.
      await Promise.all(
        Object.entries(effects)
          .filter(([hop]) => !absent.has(hop as Hop))
          .map(async ([hop, probe]) => {
            try {
              await until(hop as Hop, hopTimeoutMs, probe);
            } catch (error) {
              if (record || !(error instanceof HopError)) throw error;
              absent.set(hop as Hop, error.message);
            }
          }),
      );
    };

    log('pipeline: warm-up purchase ...');
    await purchase(false, 90_000);
    log(`pipeline: ${orders} purchases ...`);
    const started = performance.now();
    for (let index = 0; index < orders; index++) await purchase(true, hopTimeoutMs);
    return result({ ordersPerMinute: (orders * 60_000) / (performance.now() - started) });
  } catch (error) {
    if (error instanceof HopError) return result({ stoppedAt: { hop: error.hop, reason: error.message } });
    return result({ stoppedAt: { hop: 'setup', reason: (error as Error).message.split('\n')[0] ?? '' } });
  } finally {
    await cloud.stop();
  }
}
