import { describe, expect, it } from 'vitest';
import { canonicalJson, checkIdempotencyKey, resumeAttempt } from '../../src/domain/idempotency';

describe('idempotency rules', () => {
  it('the same body in another key order is the same request', () => {
    expect(canonicalJson({ lines: [{ quantity: 1, productId: 'a' }], shippingOption: 'STANDARD' })).toBe(
      canonicalJson({ shippingOption: 'STANDARD', lines: [{ productId: 'a', quantity: 1 }] }),
    );
  });

  it('any changed value or line order is another request', () => {
    const base = canonicalJson({ lines: [{ productId: 'a', quantity: 1 }] });
    expect(canonicalJson({ lines: [{ productId: 'a', quantity: 2 }] })).not.toBe(base);
    expect(canonicalJson({ lines: [{ productId: 'a', quantity: 1 }], shippingOption: 'EXPRESS' })).not.toBe(base);
  });

  it('a known key with the same fingerprint resumes its order; another fingerprint is refused as unprocessable', () => {
    const attempt = { customerId: 'c', key: 'key-12345', fingerprint: 'f1', orderId: 'o1' };
    expect(resumeAttempt(attempt, 'f1')).toBe('o1');
    // kind validation is what the shared problem+json table answers with 422.
    expect(() => resumeAttempt(attempt, 'f2')).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', kind: 'validation' }),
    );
  });

  it.each(['short', 'has space in it', 'x'.repeat(129), 'semi;colon-key'])('refuses the key %j', (key) => {
    expect(() => checkIdempotencyKey(key)).toThrow(expect.objectContaining({ kind: 'validation' }));
  });

  it('accepts a UUID', () => {
    expect(checkIdempotencyKey('5f0c6f0e-3a8b-4d0e-9a51-7f3b2c1d0e9f')).toBe('5f0c6f0e-3a8b-4d0e-9a51-7f3b2c1d0e9f');
  });
});
