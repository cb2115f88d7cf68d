import { type IncidentWebhook, NotificationRejectedError } from '../application/ports/incident-webhook';
import type { IncidentNotification } from '../domain/incident-notification';
import type { WebhookConfigSource } from './webhook-config';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhook-signature';

export interface RetryPolicy {
  /** Total attempts, first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, timeoutMs: 5_000 };

export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts signed notifications. Retries 5xx, 429, timeouts and network errors with exponential backoff and
 * full jitter, a bounded number of times (the Lambda's own retries and DLQ take over after that); 4xx other
 * than 429 are not retried because the same request would fail the same way.
 */
export class SignedWebhookClient implements IncidentWebhook {
  constructor(
    private readonly config: WebhookConfigSource,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly random: () => number = Math.random,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(notification: IncidentNotification): Promise<void> {
    const body = JSON.stringify(notification);
    let last: WebhookDeliveryError | undefined;
    for (let attempt = 1; attempt <= this.policy.attempts; attempt += 1) {
      try {
        await this.post(body);
        return;
      } catch (error) {
        last = error instanceof WebhookDeliveryError ? error : new WebhookDeliveryError(String(error), true);
        if (!last.retryable || attempt === this.policy.attempts) break;
        const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
        await sleep(Math.floor(this.random() * cap));
      }
    }
    if (last && !last.retryable) throw new NotificationRejectedError(last.message);
    throw last ?? new WebhookDeliveryError('webhook delivery failed', true);
  }

  private async post(body: string): Promise<void> {
    const config = await this.config.get();
    // A fresh timestamp per attempt: the receiver rejects stale ones.
    const timestamp = this.now().toISOString();
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp };
    if (config.hmacSecret) headers[SIGNATURE_HEADER] = signWebhookBody(config.hmacSecret, timestamp, body);
    if (config.apiKey) headers['authorization'] = `Bearer ${config.apiKey}`;
    let response: Response;
    try {
      response = await fetch(config.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.policy.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new WebhookDeliveryError(`webhook ${reason}`, true);
    }
    await response.body?.cancel();
    if (response.ok) return;
    if (response.status === 401 || response.status === 403) this.config.invalidate();
    const retryable = response.status >= 500 || response.status === 429 || response.status === 401;
    throw new WebhookDeliveryError(`webhook answered HTTP ${response.status}`, retryable);
  }
}
