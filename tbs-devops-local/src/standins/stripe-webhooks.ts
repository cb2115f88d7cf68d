import { createHmac } from 'node:crypto';

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface WebhookRetryPolicy {
  /** Attempts per event and endpoint, the first included (default 8; Stripe keeps trying for 3 days). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each time (default 1000 ms). */
  initialDelayMs?: number;
  /** Upper bound for one delay (default 60 000 ms). */
  maxDelayMs?: number;
  /** How long one attempt may take before it counts as failed (default 10 000 ms). */
  timeoutMs?: number;
}

/** One HTTP attempt to deliver one event to one endpoint. */
export interface WebhookDelivery {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  at: string;
  /** HTTP status, absent when the endpoint could not be reached or timed out. */
  status?: number;
  error?: string;
  succeeded: boolean;
  durationMs: number;
}

export interface StripeEventLike {
  id: string;
  type: string;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`, the scheme Stripe signs webhooks with. */
export function signWebhookPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/** Delivers events to webhook endpoints with Stripe's behaviour: signed, retried with backoff until a 2xx. */
export class WebhookDispatcher {
  private readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    readonly endpoints: WebhookEndpoint[],
    private readonly policy: Required<WebhookRetryPolicy>,
  ) {}

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  dispatch(event: StripeEventLike): void {
    for (const endpoint of this.endpoints) this.attempt(event, endpoint, 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    await Promise.allSettled([...this.pending]);
  }

  private attempt(event: StripeEventLike, endpoint: WebhookEndpoint, attempt: number): void {
    if (this.stopped) return;
    const run = this.send(event, endpoint, attempt).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  private async send(event: StripeEventLike, endpoint: WebhookEndpoint, attempt: number): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    this.inFlight.add(controller);
    const started = Date.now();
    const record: WebhookDelivery = {
      eventId: event.id,
      eventType: event.type,
      url: endpoint.url,
      attempt,
      at: new Date(started).toISOString(),
      succeeded: false,
      durationMs: 0,
    };
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signWebhookPayload(payload, endpoint.secret),
        },
        body: payload,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      record.succeeded = response.status >= 200 && response.status < 300;
    } catch (err) {
      record.error = controller.signal.aborted ? `timed out after ${this.policy.timeoutMs} ms` : (err as Error).message;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    record.durationMs = Date.now() - started;
    this.log.push(record);
    if (record.succeeded || this.stopped || attempt >= this.policy.maxAttempts) return;
    const delay = Math.min(this.policy.initialDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(event, endpoint, attempt + 1);
    }, delay);
    this.timers.add(timer);
  }
}
