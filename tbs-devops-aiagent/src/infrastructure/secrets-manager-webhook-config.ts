import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseWebhookConfig, type WebhookConfig, type WebhookConfigSource } from './webhook-config';

const DEFAULT_TTL_MS = 5 * 60_000;

/** Reads the webhook configuration from Secrets Manager once per TTL (warm invocations reuse it). */
export class SecretsManagerWebhookConfig implements WebhookConfigSource {
  private cached?: { value: WebhookConfig; until: number };
  private pending?: Promise<WebhookConfig>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly options: { ttlMs?: number; allowHttp?: boolean; now?: () => number } = {},
  ) {}

  async get(): Promise<WebhookConfig> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.until > now) return this.cached.value;
    this.pending ??= this.load(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(now: number): Promise<WebhookConfig> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!result.SecretString) throw new Error(`secret ${this.secretId} has no string value`);
    const value = parseWebhookConfig(result.SecretString, this.options.allowHttp ?? false);
    this.cached = { value, until: now + (this.options.ttlMs ?? DEFAULT_TTL_MS) };
    return value;
  }
}
