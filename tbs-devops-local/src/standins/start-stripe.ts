import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, DEFAULT_HOST, endpointFor, listen, once, readBody } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';
import { type FormObject, parseStripeForm } from './stripe-form';
import {
  type WebhookDelivery,
  WebhookDispatcher,
  type WebhookEndpoint,
  type WebhookRetryPolicy,
} from './stripe-webhooks';

export interface StripeOptions extends StandInOptions {
  secretKey?: string;
  publishableKey?: string;
  webhookEndpoints?: WebhookEndpoint[];
  webhookRetry?: WebhookRetryPolicy;
  /** api_version stamped on events (default: the version the bundled stripe SDK pins). */
  apiVersion?: string;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface RunningStripe extends RunningStandIn {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http';
  readonly publishableKey: string;
  readonly secretKey: string;
  addWebhookEndpoint(url: string, secret: string): void;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): WebhookDelivery[];
  /** Every event so far, oldest first. */
  events(): StripeEvent[];
  /** Every PaymentIntent, charge and refund so far (copies), for tests that must prove what was or was not created. */
  objects(): { paymentIntents: Json[]; charges: Json[]; refunds: Json[] };
  /** Delivers an event again to every endpoint (as "Resend" in the Stripe dashboard). */
  resend(eventId: string): void;
  /** Completes (or fails) the customer authentication of a PaymentIntent in `requires_action`, as 3-D Secure would. */
  authenticate(paymentIntentId: string, succeed?: boolean): void;
}

// The API version the stripe SDK in this repository pins; events carry it like a Stripe account's default version.
const DEFAULT_API_VERSION = '2026-10-28.endive';

type Json = Record<string, unknown>;

interface IdempotentResult {
  fingerprint: string;
  status: number;
  body: string;
}

interface State {
  intents: Record<string, Json>;
  charges: Record<string, Json>;
  refunds: Record<string, Json>;
  events: StripeEvent[];
  idempotency: Record<string, IdempotentResult>;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: Json,
    /** Stripe saves idempotent results only once the endpoint started executing, not for rejected parameters. */
    readonly saveIdempotently = true,
  ) {
    super(String(error.message));
  }
}

const invalid = (message: string, param?: string, code = 'parameter_invalid'): StripeApiError =>
  new StripeApiError(400, { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) }, false);

const missing = (kind: string, id: string, param = 'id'): StripeApiError =>
  new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });

const id = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = (): number => Math.floor(Date.now() / 1000);

interface TestCard {
  brand: string;
  last4: string;
  outcome: 'succeed' | 'decline' | 'authenticate';
  declineCode?: string;
  declineMessage?: string;
}

// The test PaymentMethods Stripe documents for test mode that the shop's flows need.
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', outcome: 'succeed' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', outcome: 'succeed' },
  pm_card_amex: { brand: 'amex', last4: '8431', outcome: 'succeed' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', outcome: 'decline', declineCode: 'generic_decline' },
  pm_card_visa_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    outcome: 'decline',
    declineCode: 'insufficient_funds',
    declineMessage: 'Your card has insufficient funds.',
  },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', outcome: 'authenticate' },
};

const CANCELABLE = new Set([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
]);
const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

function positiveInteger(value: unknown, param: string): number {
  const n =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`Invalid positive integer`, param, 'parameter_invalid_integer');
  return n;
}

function metadataOf(value: unknown): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('Invalid object', 'metadata');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalid('Metadata values must be strings', `metadata[${k}]`);
    out[k] = v;
  }
  return out;
}

const truthy = (v: unknown): boolean => v === true || v === 'true';

/**
 * A Stripe test-mode fake for PaymentIntents, Refunds and webhooks, reached through the real `stripe` SDK with
 * `new Stripe(secretKey, { host, port, protocol: 'http' })`.
 */
export async function startStripe(opts: StripeOptions = {}): Promise<RunningStripe> {
  const host = opts.host ?? DEFAULT_HOST;
  const secretKey = opts.secretKey ?? 'sk_test_tbslocal';
  const publishableKey = opts.publishableKey ?? 'pk_test_tbslocal';
  const apiVersion = opts.apiVersion ?? DEFAULT_API_VERSION;
  const file = opts.dataDir ? join(opts.dataDir, 'stripe.json') : undefined;
  const state: State =
    file && existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as State)
      : { intents: {}, charges: {}, refunds: {}, events: [], idempotency: {} };
  const save = (): void => {
    if (!file || !opts.dataDir) return;
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  };
  const retry = opts.webhookRetry ?? {};
  const webhooks = new WebhookDispatcher([...(opts.webhookEndpoints ?? [])], {
    maxAttempts: retry.maxAttempts ?? 8,
    initialDelayMs: retry.initialDelayMs ?? 1000,
    maxDelayMs: retry.maxDelayMs ?? 60_000,
    timeoutMs: retry.timeoutMs ?? 10_000,
  });

  interface Call {
    requestId: string;
    idempotencyKey: string | null;
  }

  function emit(type: string, object: Json, call: Call): void {
    const event: StripeEvent = {
      id: id('evt'),
      object: 'event',
      api_version: apiVersion,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: webhooks.endpoints.length,
      request: { id: call.requestId, idempotency_key: call.idempotencyKey },
      type,
    };
    state.events.push(event);
    webhooks.dispatch(event);
  }

  function intent(intentId: string): Json {
    const found = state.intents[intentId];
    if (!found) throw missing('payment_intent', intentId);
    return found;
  }

  function paymentMethodObject(pmId: string): Json {
    const card = TEST_CARDS[pmId];
    if (!card) throw missing('PaymentMethod', pmId, 'payment_method');
    return {
      id: pmId,
      object: 'payment_method',
      type: 'card',
      card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3 },
      livemode: false,
    };
  }

  function charge(pi: Json, status: 'succeeded' | 'failed', failure?: { code: string; message: string }): Json {
    const ch: Json = {
      id: id('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: status === 'succeeded' ? pi.amount : 0,
      amount_refunded: 0,
      captured: status === 'succeeded',
      created: now(),
      currency: pi.currency,
      metadata: pi.metadata,
      paid: status === 'succeeded',
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      refunded: false,
      status,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      livemode: false,
    };
    state.charges[ch.id as string] = ch;
    return ch;
  }

  function succeed(pi: Json, call: Call): void {
    const ch = charge(pi, 'succeeded');
    Object.assign(pi, {
      status: 'succeeded',
      amount_received: pi.amount,
      latest_charge: ch.id,
      next_action: null,
      last_payment_error: null,
    });
    emit('payment_intent.succeeded', pi, call);
  }

  function confirm(pi: Json, params: FormObject, call: Call): Json {
    if (!CONFIRMABLE.has(pi.status as string)) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
        payment_intent: pi,
      });
    }
    if (params.payment_method !== undefined) {
      if (typeof params.payment_method !== 'string') throw invalid('Invalid string', 'payment_method');
      paymentMethodObject(params.payment_method);
      pi.payment_method = params.payment_method;
    }
    const pmId = pi.payment_method as string | null;
    if (!pmId) {
      throw invalid(
        'You cannot confirm this PaymentIntent because it\u2019s missing a payment method.',
        'payment_method',
        'payment_intent_unexpected_state',
      );
    }
    const card = TEST_CARDS[pmId] as TestCard;
    if (card.outcome === 'succeed') {
      succeed(pi, call);
    } else if (card.outcome === 'authenticate') {
      Object.assign(pi, {
        status: 'requires_action',
        next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: '' } },
      });
      emit('payment_intent.requires_action', pi, call);
    } else {
      const message = card.declineMessage ?? 'Your card was declined.';
      const ch = charge(pi, 'failed', { code: 'card_declined', message });
      const error: Json = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: card.declineCode,
        message,
        charge: ch.id,
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        payment_method: paymentMethodObject(pmId),
      };
      Object.assign(pi, {
        status: 'requires_payment_method',
        payment_method: null,
        latest_charge: ch.id,
        next_action: null,
        last_payment_error: error,
      });
      emit('payment_intent.payment_failed', pi, call);
      throw new StripeApiError(402, { ...error, payment_intent: structuredClone(pi) });
    }
    return pi;
  }

  function createIntent(params: FormObject, call: Call): Json {
    const amount = positiveInteger(params.amount, 'amount');
    if (typeof params.currency !== 'string' || !/^[a-zA-Z]{3}$/.test(params.currency)) {
      throw invalid('Invalid currency', 'currency');
    }
    if (params.payment_method !== undefined) {
      if (typeof params.payment_method !== 'string') throw invalid('Invalid string', 'payment_method');
      paymentMethodObject(params.payment_method);
    }
    if (truthy(params.confirm) && !params.payment_method) {
      throw invalid(
        'You cannot confirm this PaymentIntent because it\u2019s missing a payment method.',
        'payment_method',
        'payment_intent_unexpected_state',
      );
    }
    const automatic = params.automatic_payment_methods as FormObject | undefined;
    const piId = id('pi');
    const pi: Json = {
      id: piId,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: automatic ? { enabled: truthy(automatic.enabled) } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic',
      client_secret: `${piId}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created: now(),
      currency: params.currency.toLowerCase(),
      description: typeof params.description === 'string' ? params.description : null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadataOf(params.metadata),
      next_action: null,
      payment_method: (params.payment_method as string | undefined) ?? null,
      payment_method_types: Array.isArray(params.payment_method_types) ? params.payment_method_types : ['card'],
      receipt_email: typeof params.receipt_email === 'string' ? params.receipt_email : null,
      status: params.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    };
    state.intents[piId] = pi;
    if (truthy(params.confirm)) {
      try {
        confirm(pi, {}, call);
      } catch (err) {
        // Stripe creates the intent even when the inline confirmation is declined.
        save();
        throw err;
      }
    }
    return pi;
  }

  function cancelIntent(pi: Json, params: FormObject, call: Call): Json {
    if (!CANCELABLE.has(pi.status as string)) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${[...CANCELABLE].join(', ')}.`,
      });
    }
    Object.assign(pi, {
      status: 'canceled',
      canceled_at: now(),
      cancellation_reason: typeof params.cancellation_reason === 'string' ? params.cancellation_reason : null,
      next_action: null,
    });
    emit('payment_intent.canceled', pi, call);
    return pi;
  }

  function createRefund(params: FormObject, call: Call): Json {
    let ch: Json | undefined;
    if (typeof params.payment_intent === 'string') {
      const pi = intent(params.payment_intent);
      ch = pi.status === 'succeeded' ? state.charges[pi.latest_charge as string] : undefined;
      if (!ch) {
        throw invalid(
          `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
          'payment_intent',
          'charge_not_refundable',
        );
      }
    } else if (typeof params.charge === 'string') {
      ch = state.charges[params.charge];
      if (!ch) throw missing('charge', params.charge, 'charge');
      if (ch.status !== 'succeeded')
        throw invalid(`Charge ${ch.id} has not succeeded.`, 'charge', 'charge_not_refundable');
    } else {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      );
    }
    const remaining = (ch.amount as number) - (ch.amount_refunded as number);
    const amount = params.amount === undefined ? remaining : positiveInteger(params.amount, 'amount');
    if (remaining === 0) {
      throw invalid(`Charge ${ch.id} has already been refunded.`, undefined, 'charge_already_refunded');
    }
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund: Json = {
      id: id('re'),
      object: 'refund',
      amount,
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      metadata: metadataOf(params.metadata),
      payment_intent: ch.payment_intent,
      reason: typeof params.reason === 'string' ? params.reason : null,
      status: 'succeeded',
    };
    state.refunds[refund.id as string] = refund;
    ch.amount_refunded = (ch.amount_refunded as number) + amount;
    ch.refunded = ch.amount_refunded === ch.amount;
    emit('charge.refunded', ch, call);
    return refund;
  }

  function route(method: string, path: string, params: FormObject, call: Call): Json {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1')
      throw invalid(`Unrecognized request URL (${method}: ${path}).`, undefined, 'resource_missing');
    const [, resource, resourceId, action] = parts;
    if (resource === 'payment_intents') {
      if (method === 'POST' && !resourceId) return createIntent(params, call);
      if (method === 'GET' && resourceId && !action) return intent(resourceId);
      if (method === 'POST' && resourceId && action === 'confirm') return confirm(intent(resourceId), params, call);
      if (method === 'POST' && resourceId && action === 'cancel') return cancelIntent(intent(resourceId), params, call);
      if (method === 'POST' && resourceId && !action) {
        const pi = intent(resourceId);
        if (params.metadata !== undefined) pi.metadata = { ...(pi.metadata as Json), ...metadataOf(params.metadata) };
        if (typeof params.description === 'string') pi.description = params.description;
        return pi;
      }
    }
    if (resource === 'refunds') {
      if (method === 'POST' && !resourceId) return createRefund(params, call);
      if (method === 'GET' && resourceId) {
        const refund = state.refunds[resourceId];
        if (!refund) throw missing('refund', resourceId);
        return refund;
      }
    }
    if (resource === 'charges' && method === 'GET' && resourceId) {
      const ch = state.charges[resourceId];
      if (!ch) throw missing('charge', resourceId);
      return ch;
    }
    if (resource === 'events' && method === 'GET' && resourceId) {
      const event = state.events.find((e) => e.id === resourceId);
      if (!event) throw missing('event', resourceId);
      return event as unknown as Json;
    }
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). This fake supports payment_intents, refunds, charges and events.`,
    });
  }

  function respond(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Stripe-Version': apiVersion,
      ...extra,
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = id('req');
    res.setHeader('Request-Id', requestId);
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key?.startsWith('sk_test_')) {
      const message = key
        ? `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
        : 'You did not provide an API key.';
      respond(res, 401, JSON.stringify({ error: { type: 'invalid_request_error', message } }));
      return;
    }
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stripe.local');
    const method = req.method ?? 'GET';
    let params: FormObject;
    try {
      params =
        method === 'GET'
          ? parseStripeForm(url.search.slice(1))
          : (req.headers['content-type'] ?? '').includes('application/json')
            ? (JSON.parse(raw || '{}') as FormObject)
            : parseStripeForm(raw);
    } catch {
      respond(res, 400, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid request body.' } }));
      return;
    }
    const idempotencyKey = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
    const scopedKey = idempotencyKey ? `${key}\u0000${idempotencyKey}` : undefined;
    const fingerprint = createHash('sha256')
      .update(`${method} ${url.pathname}\n${JSON.stringify(params)}`)
      .digest('hex');
    if (scopedKey) {
      const stored = state.idempotency[scopedKey];
      if (stored && stored.fingerprint !== fingerprint) {
        respond(
          res,
          400,
          JSON.stringify({
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          }),
        );
        return;
      }
      if (stored) {
        respond(res, stored.status, stored.body, { 'Idempotent-Replayed': 'true', 'Original-Request': requestId });
        return;
      }
    }
    let status = 200;
    let body: string;
    let saveResult = true;
    try {
      body = JSON.stringify(route(method, url.pathname, params, { requestId, idempotencyKey }));
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      status = err.status;
      saveResult = err.saveIdempotently;
      body = JSON.stringify({ error: { ...err.error, request_log_url: `${endpoint}/logs/${requestId}` } });
    }
    if (scopedKey && saveResult) state.idempotency[scopedKey] = { fingerprint, status, body };
    if (method !== 'GET') save();
    respond(res, status, body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        respond(res, 500, JSON.stringify({ error: { type: 'api_error', message: 'Internal error' } }));
      else res.destroy();
    });
  });
  const port = await listen(server, opts.port ?? 0, host);
  const endpoint = endpointFor(host, port);

  return {
    name: 'stripe',
    endpoint,
    host: new URL(endpoint).hostname.replace(/^\[|\]$/g, ''),
    port,
    protocol: 'http',
    publishableKey,
    secretKey,
    addWebhookEndpoint(url, secret) {
      webhooks.endpoints.push({ url, secret });
    },
    deliveries: () => webhooks.deliveries(),
    events: () => structuredClone(state.events),
    objects: () => ({
      paymentIntents: structuredClone(Object.values(state.intents)),
      charges: structuredClone(Object.values(state.charges)),
      refunds: structuredClone(Object.values(state.refunds)),
    }),
    resend(eventId) {
      const event = state.events.find((e) => e.id === eventId);
      if (!event) throw new Error(`No such event: ${eventId}`);
      webhooks.dispatch(event);
    },
    authenticate(paymentIntentId, succeedAuth = true) {
      const pi = state.intents[paymentIntentId];
      if (pi?.status !== 'requires_action')
        throw new Error(`PaymentIntent ${paymentIntentId} is not awaiting authentication`);
      const call = { requestId: id('req'), idempotencyKey: null };
      if (succeedAuth) {
        succeed(pi, call);
      } else {
        const error = {
          type: 'card_error',
          code: 'payment_intent_authentication_failure',
          message: 'We are unable to authenticate your payment method.',
        };
        Object.assign(pi, {
          status: 'requires_payment_method',
          payment_method: null,
          next_action: null,
          last_payment_error: error,
        });
        emit('payment_intent.payment_failed', pi, call);
      }
      save();
    },
    stop: once(async () => {
      await webhooks.stop();
      await closeServer(server);
    }),
  };
}
