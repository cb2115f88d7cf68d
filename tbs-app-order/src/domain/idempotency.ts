import { IdempotencyKeyReusedError, InvalidOrderError } from './order-errors';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** A checkout attempt as the customer identified it: keys are scoped to the customer, never shared. */
export interface CheckoutAttempt {
  customerId: string;
  key: string;
  /** Fingerprint of the request body (see `canonicalJson`). */
  fingerprint: string;
  orderId: string;
}

/**
 * A stable text for a request body: object keys sorted, so `{a, b}` and `{b, a}` are the same request while any
 * change of value is another one.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function checkIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new InvalidOrderError('Idempotency-Key', 'must be 8 to 128 letters, digits, "-" or "_"');
  }
  return key;
}

/**
 * The rule of a repeated key: the same body continues (or replays) the order that key started; another body is a
 * different purchase wrongly sent under an old key and is refused, never merged.
 */
export function resumeAttempt(existing: CheckoutAttempt, fingerprint: string): string {
  if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
  return existing.orderId;
}
