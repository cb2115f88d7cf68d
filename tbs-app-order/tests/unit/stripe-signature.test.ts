import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { StripeSignatureError, verifyStripeSignature } from '../../src/infrastructure/stripe-signature';

// Headers are made by the Stripe SDK's own test signer, so these check our verification against Stripe's scheme.
const SECRET = 'whsec_signature_unit_secret';
const NOW = 1_800_000_000;
const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { amount: 1299 } } });
const signed = (payload = body, timestamp = NOW, secret = SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
const verify = (header: string, options: { payload?: string; secret?: string; nowSeconds?: number } = {}) =>
  verifyStripeSignature(
    options.payload ?? body,
    header,
    options.secret ?? SECRET,
    300,
    (options.nowSeconds ?? NOW) * 1000,
  );

describe('verifyStripeSignature', () => {
  it('accepts what Stripe signs, up to the tolerance, and what Stripe would accept', () => {
    expect(() => verify(signed())).not.toThrow();
    expect(() => verify(signed(), { nowSeconds: NOW + 300 })).not.toThrow();
    // Stripe's own verifier agrees on the same inputs.
    expect(() => Stripe.webhooks.constructEvent(body, signed(), SECRET, 300, undefined, NOW * 1000)).not.toThrow();
  });

  it('accepts a header with several v1 signatures (a rolled secret) when one matches, and ignores v0', () => {
    const other = signed(body, NOW, 'whsec_the_previous_secret').split(',')[1] ?? '';
    const header = `t=${NOW},${other},v0=${'0'.repeat(64)},${signed().split(',')[1]}`;
    expect(() => verify(header)).not.toThrow();
  });

  it('refuses a body other than the one signed, even by one character', () => {
    expect(() => verify(signed(), { payload: body.replace('1299', '1') })).toThrow(StripeSignatureError);
    expect(() => verify(signed(), { payload: `${body} ` })).toThrow(StripeSignatureError);
  });

  it('refuses a signature made with another secret, and an empty secret', () => {
    expect(() => verify(signed(body, NOW, 'whsec_someone_else'))).toThrow(StripeSignatureError);
    expect(() => verify(signed(), { secret: '' })).toThrow(/No webhook signing secret/);
  });

  it('refuses a timestamp older than the tolerance, and a timestamp changed after signing', () => {
    expect(() => verify(signed(), { nowSeconds: NOW + 301 })).toThrow(/older than the tolerance/);
    expect(() => verify(signed().replace(`t=${NOW}`, `t=${NOW + 100}`))).toThrow(/No v1 signature matches/);
  });

  it('refuses malformed headers', () => {
    const signature = signed().split(',')[1] ?? '';
    for (const header of [
      '',
      signature,
      `t=${NOW}`,
      `t=${NOW},v0=${signature.slice(3)}`,
      `t=${NOW}abc,${signature}`,
      `t=,${signature}`,
      `t=${NOW},v1=${signature.slice(3, -2)}`,
      `t=${NOW},v1=${signature.slice(3).toUpperCase()}`,
    ]) {
      expect(() => verify(header), header).toThrow(StripeSignatureError);
    }
  });
});
