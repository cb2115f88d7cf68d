import { describe, expect, it } from 'vitest';
import { HmacDownloadLinks, verifyDownloadLink } from '../../src/infrastructure/hmac-download-links';

const KEY = new Uint8Array(Buffer.from('a-32-byte-or-longer-signing-key-for-tests'));
const NOW = new Date('2026-02-10T20:16:06.000Z');
const ORDER = '01JDA1B2C3D4E5F6G7H8J9K0MN';
const PRODUCT = '01JD8X5B2N4P6R8T0V2X4Z6A8C';
const request = { orderId: ORDER, customerId: 'c-1', productId: PRODUCT };

describe('HMAC download links', () => {
  const links = new HmacDownloadLinks(async () => KEY, 'https://downloads.example.com/', 3600);

  it('signs a link that verifies until it expires', async () => {
    const { url, expiresAt } = await links.sign(request, NOW);
    expect(url).toMatch(
      new RegExp(`^https://downloads.example.com/downloads/${ORDER}/${PRODUCT}\\?expires=\\d+&signature=`),
    );
    expect(expiresAt).toBe('2026-02-10T21:16:06.000Z');
    expect(verifyDownloadLink(url, KEY, new Date(NOW.getTime() + 3_599_000))).toEqual({
      valid: true,
      orderId: ORDER,
      productId: PRODUCT,
      expiresAt: new Date(expiresAt),
    });
    expect(verifyDownloadLink(url, KEY, new Date(NOW.getTime() + 3_600_000))).toEqual({
      valid: false,
      reason: 'EXPIRED',
    });
  });

  it('refuses any change to the product, order, expiry or signature, and another key', async () => {
    const { url } = await links.sign(request, NOW);
    const parsed = new URL(url);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(parsed.searchParams.get('expires')) + 86_400));
    const forged = [
      url.replace(PRODUCT, '01JD8X5B2N4P6R8T0V2X4Z6A8D'),
      url.replace(ORDER, '01JDA1B2C3D4E5F6G7H8J9K0MP'),
      later.toString(),
      url.replace(/signature=./, 'signature=A'),
    ];
    for (const link of forged) expect(verifyDownloadLink(link, KEY, NOW).valid).toBe(false);
    expect(verifyDownloadLink(url, new Uint8Array(Buffer.from('another-key-another-key-another-key!')), NOW)).toEqual({
      valid: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyDownloadLink('not a url', KEY, NOW)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('refuses to sign with a short key', async () => {
    const weak = new HmacDownloadLinks(async () => new Uint8Array(8), 'https://downloads.example.com', 60);
    await expect(weak.sign(request, NOW)).rejects.toThrow(/at least 32 bytes/);
  });
});
