import { ulid } from 'ulid';
import { headerOf, isRecord } from './api-event';

/** The request header a caller (or the front end) may set to tie its requests to our logs and events. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

// Client-supplied ids end up in logs and events, so only short, plain tokens are trusted.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const safe = (value: unknown): string | undefined =>
  typeof value === 'string' && SAFE_ID.test(value) ? value : undefined;

/**
 * The correlation id of an API Gateway event (the `x-correlation-id` header, else API Gateway's request id) or of
 * a CloudEvent (`correlationid`). A new ULID when there is none, so every log line and event still carries one.
 */
export const correlationIdFrom = (event: unknown): string => {
  if (!isRecord(event)) return ulid();
  const fromCloudEvent = safe(event.correlationid);
  if (fromCloudEvent) return fromCloudEvent;
  const fromHeader = safe(headerOf(event, CORRELATION_ID_HEADER));
  if (fromHeader) return fromHeader;
  const requestContext = event.requestContext;
  if (isRecord(requestContext)) {
    const requestId = safe(requestContext.requestId);
    if (requestId) return requestId;
  }
  return ulid();
};
