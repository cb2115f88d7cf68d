import { isRecord } from '../rules/property-values';

/** The part of a stack or change-set hook payload the rules need. */
export interface TemplatePayload {
  template: string;
}

export type FetchPayload = (url: string) => Promise<TemplatePayload>;

const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

/**
 * Only https URLs of AWS endpoints are fetched: the URL comes from the request, and fetching anything else
 * would turn the hook into a proxy into the account's network.
 */
export function isTrustedPayloadUrl(raw: string, allowLoopback = false): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (allowLoopback && url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'))
    return true;
  // Any AWS endpoint over https: the presigned payload URL is S3's today, and a narrower match would turn a
  // change of host on AWS's side into InternalFailure (a blocked deployment) in FAIL mode.
  return url.protocol === 'https:' && /(^|\.)amazonaws\.com(\.cn)?$/.test(url.hostname);
}

export function createPayloadFetcher(options: { allowLoopback?: boolean } = {}): FetchPayload {
  return async (url) => {
    if (!isTrustedPayloadUrl(url, options.allowLoopback))
      throw new Error('the payload URL is not an https URL of an AWS endpoint');
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (!response.ok) throw new Error(`fetching the payload answered HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_PAYLOAD_BYTES) throw new Error('the payload is larger than 5 MB');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error('the payload is not JSON');
    }
    if (!isRecord(body)) throw new Error('the payload is not a JSON object');
    const template = body['template'];
    // Hooks send the template as a string; accept an already-parsed object too.
    if (typeof template === 'string' && template.trim() !== '') return { template };
    if (isRecord(template)) return { template: JSON.stringify(template) };
    throw new Error('the payload has no template');
  };
}
