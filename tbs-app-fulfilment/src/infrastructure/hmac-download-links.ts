import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DownloadLinkRequest, DownloadLinks, SignedDownloadLink } from '../application/ports/download-links';

/** Where the signing key comes from (Secrets Manager in AWS and locally); read once per cold start. */
export type SigningKeySource = () => Promise<Uint8Array>;

const SIGNATURE_VERSION = 'v1';
const MIN_KEY_BYTES = 32;

/**
 * Download links `<base>/downloads/<orderId>/<productId>?expires=<epoch seconds>&signature=<base64url>` where the
 * signature is HMAC-SHA256 over `v1\n<orderId>\n<productId>\n<expires>` with a secret key. Changing the order, the
 * product or the expiry invalidates the signature; without the key nobody can make a new one.
 */
export class HmacDownloadLinks implements DownloadLinks {
  constructor(
    private readonly signingKey: SigningKeySource,
    private readonly baseUrl: string,
    private readonly ttlSeconds: number,
  ) {}

  async sign(request: DownloadLinkRequest, now: Date): Promise<SignedDownloadLink> {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const signature = signatureOf(await this.key(), request.orderId, request.productId, expires);
    const url = new URL(
      `downloads/${encodeURIComponent(request.orderId)}/${encodeURIComponent(request.productId)}`,
      this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`,
    );
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('signature', signature);
    return { url: url.toString(), expiresAt: new Date(expires * 1000).toISOString() };
  }

  private async key(): Promise<Uint8Array> {
    const key = await this.signingKey();
    if (key.byteLength < MIN_KEY_BYTES)
      throw new Error(`The download signing key must have at least ${MIN_KEY_BYTES} bytes`);
    return key;
  }
}

export type LinkVerdict =
  | { valid: true; orderId: string; productId: string; expiresAt: Date }
  | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

/**
 * What the download service does before serving a file: recompute the signature from the path and expiry and
 * compare in constant time, then check the expiry. Signature first, so an expired link tells nothing about keys.
 */
export function verifyDownloadLink(link: string, key: Uint8Array, now: Date): LinkVerdict {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { valid: false, reason: 'MALFORMED' };
  }
  const match = /\/downloads\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  if (!match || !Number.isSafeInteger(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) {
    return { valid: false, reason: 'MALFORMED' };
  }
  const orderId = decodeURIComponent(match[1] as string);
  const productId = decodeURIComponent(match[2] as string);
  const expected = Buffer.from(signatureOf(key, orderId, productId, expires), 'base64url');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'base64url'))) return { valid: false, reason: 'BAD_SIGNATURE' };
  if (now.getTime() >= expires * 1000) return { valid: false, reason: 'EXPIRED' };
  return { valid: true, orderId, productId, expiresAt: new Date(expires * 1000) };
}

function signatureOf(key: Uint8Array, orderId: string, productId: string, expires: number): string {
  return createHmac('sha256', key)
    .update(`${SIGNATURE_VERSION}\n${orderId}\n${productId}\n${expires}`)
    .digest('base64url');
}
