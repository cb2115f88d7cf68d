import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The Stripe keys of one environment, as stored in its Secrets Manager secret (JSON). */
export interface StripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/**
 * Reads the keys once per cold start and keeps them in memory only; a failed read is not cached, so the next
 * invocation tries again. The values are never logged.
 */
export class SecretsManagerStripeKeys {
  private pending?: Promise<StripeKeys>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretArn: string,
  ) {}

  get(): Promise<StripeKeys> {
    this.pending ??= this.load().catch((error) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async load(): Promise<StripeKeys> {
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    return parseStripeKeys(SecretString);
  }
}

export function parseStripeKeys(secret: string | undefined): StripeKeys {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(secret ?? '') as Record<string, unknown>;
  } catch {
    throw new Error('The Stripe secret must be JSON {secretKey, publishableKey, webhookSecret}');
  }
  const { secretKey, publishableKey, webhookSecret } = parsed;
  if (typeof secretKey !== 'string' || !/^(sk|rk)_(test|live)_/.test(secretKey)) {
    throw new Error('The Stripe secret has no valid secretKey');
  }
  if (typeof publishableKey !== 'string' || !/^pk_(test|live)_/.test(publishableKey)) {
    throw new Error('The Stripe secret has no valid publishableKey');
  }
  if (typeof webhookSecret !== 'string' || !webhookSecret.startsWith('whsec_')) {
    throw new Error('The Stripe secret has no valid webhookSecret');
  }
  return { secretKey, publishableKey, webhookSecret };
}
