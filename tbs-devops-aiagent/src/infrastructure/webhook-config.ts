/** Where and how to call the DevOps Agent webhook; read from a secret, never logged. */
export interface WebhookConfig {
  url: string;
  /** HMAC key for "hmac" webhooks. */
  hmacSecret?: string;
  /** Bearer key for "apikey" webhooks. */
  apiKey?: string;
}

export interface WebhookConfigSource {
  get(): Promise<WebhookConfig>;
  /** Forget a cached value, e.g. after the webhook rejected our credentials (the secret was rotated). */
  invalidate(): void;
}

export class InvalidWebhookConfigError extends Error {}

/** Validates the secret's JSON: {"webhookUrl": "https://...", "hmacSecret": "..."} or {"webhookUrl", "apiKey"}. */
export function parseWebhookConfig(text: string, allowHttp: boolean): WebhookConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidWebhookConfigError('the webhook secret is not JSON');
  }
  if (typeof value !== 'object' || value === null)
    throw new InvalidWebhookConfigError('the webhook secret is not an object');
  const record = value as Record<string, unknown>;
  const url = record['webhookUrl'];
  if (typeof url !== 'string') throw new InvalidWebhookConfigError('the webhook secret has no webhookUrl');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidWebhookConfigError('webhookUrl is not a URL');
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) {
    throw new InvalidWebhookConfigError('webhookUrl must use https');
  }
  const hmacSecret =
    typeof record['hmacSecret'] === 'string' && record['hmacSecret'] ? record['hmacSecret'] : undefined;
  const apiKey = typeof record['apiKey'] === 'string' && record['apiKey'] ? record['apiKey'] : undefined;
  if (!hmacSecret && !apiKey)
    throw new InvalidWebhookConfigError('the webhook secret has neither hmacSecret nor apiKey');
  return { url, ...(hmacSecret ? { hmacSecret } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** A fixed configuration (tests, local runs without Secrets Manager). */
export class StaticWebhookConfig implements WebhookConfigSource {
  constructor(private readonly config: WebhookConfig) {}
  async get(): Promise<WebhookConfig> {
    return this.config;
  }
  invalidate(): void {}
}
