import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-amzn-event-timestamp';
export const SIGNATURE_HEADER = 'x-amzn-event-signature';

/** base64(HMAC-SHA256(secret, `${timestamp}:${body}`)), the DevOps Agent generic webhook signature. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}:${body}`).digest('base64');
}

export function isValidWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
