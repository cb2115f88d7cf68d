import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SigningKeySource } from './hmac-download-links';

/**
 * The download signing key from Secrets Manager, fetched on first use and kept for the life of the container.
 * A failed fetch is not cached, so the next event tries again. The key never reaches a log.
 */
export function secretsManagerSigningKey(client: SecretsManagerClient, secretId: string): SigningKeySource {
  let cached: Promise<Uint8Array> | undefined;
  return () => {
    cached ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then(
      (secret) => {
        if (secret.SecretBinary) return secret.SecretBinary;
        if (secret.SecretString) return Buffer.from(secret.SecretString, 'utf8');
        throw new Error(`Secret ${secretId} has no value`);
      },
      (error: unknown) => {
        cached = undefined;
        throw error;
      },
    );
    return cached;
  };
}
