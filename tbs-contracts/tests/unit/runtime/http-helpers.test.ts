import { describe, expect, it } from 'vitest';
import {
  correlationIdFrom,
  decodeCursor,
  encodeCursor,
  etagOf,
  HttpProblem,
  jsonResponse,
  parseIfMatch,
} from '../../../src/runtime';
import { restEvent } from './fixtures';

const statusOf = (action: () => unknown): number | undefined => {
  try {
    action();
  } catch (error) {
    return error instanceof HttpProblem ? error.status : -1;
  }
  return undefined;
};

describe('jsonResponse', () => {
  it('serialises the body with a JSON content type and extra headers', () => {
    expect(jsonResponse(200, { id: 'p1' }, { etag: '"3"' })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', etag: '"3"' },
      body: '{"id":"p1"}',
    });
  });

  it('sends an empty body for 204', () => {
    expect(jsonResponse(204)).toEqual({ statusCode: 204, headers: {}, body: '' });
  });
});

describe('ETags', () => {
  it('round-trips a version through ETag and If-Match', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toBe(7);
    expect(parseIfMatch(' "0" ')).toBe(0);
  });

  it('requires If-Match (428) and fails anything that cannot match a version (412)', () => {
    expect(statusOf(() => parseIfMatch(undefined))).toBe(428);
    expect(statusOf(() => parseIfMatch(''))).toBe(428);
    for (const header of ['W/"7"', '7', '"7", "8"', '*', '"abc"', '"99999999999999999999"']) {
      expect(statusOf(() => parseIfMatch(header))).toBe(412);
    }
  });

  it('refuses to make an ETag of a non-version', () => {
    expect(() => etagOf(-1)).toThrow(RangeError);
    expect(() => etagOf(1.5)).toThrow(RangeError);
  });
});

describe('cursors', () => {
  it('round-trips a DynamoDB key as an opaque url-safe string', () => {
    const key = { pk: 'CATEGORY#books', sk: 'NAME#a tale/of two+cities?', n: 3 };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it('rejects tampered or foreign cursors with 400', () => {
    expect(statusOf(() => decodeCursor('not a cursor!'))).toBe(400);
    expect(statusOf(() => decodeCursor(Buffer.from('{"pk":').toString('base64url')))).toBe(400);
    expect(statusOf(() => decodeCursor(Buffer.from('[1,2]').toString('base64url')))).toBe(400);
    expect(statusOf(() => decodeCursor(encodeCursor({ pk: { nested: true } } as never)))).toBe(400);
    expect(statusOf(() => decodeCursor('a'.repeat(5000)))).toBe(400);
  });

  it('applies the caller-supplied shape check', () => {
    const mine = (position: Record<string, unknown>) => position.pk === 'CUSTOMER#me';
    expect(decodeCursor(encodeCursor({ pk: 'CUSTOMER#me', sk: 'ORDER#1' }), mine)).toEqual({
      pk: 'CUSTOMER#me',
      sk: 'ORDER#1',
    });
    expect(statusOf(() => decodeCursor(encodeCursor({ pk: 'CUSTOMER#someone-else', sk: 'ORDER#1' }), mine))).toBe(400);
  });
});

describe('correlationIdFrom', () => {
  it('prefers the x-correlation-id header, then API Gateway request id', () => {
    expect(correlationIdFrom(restEvent())).toBe('corr-123');
    expect(correlationIdFrom(restEvent({ headers: {} }))).toBe('req-1');
  });

  it('ignores unsafe header values and reads CloudEvents', () => {
    expect(correlationIdFrom(restEvent({ headers: { 'x-correlation-id': 'a\nforged log line' } }))).toBe('req-1');
    expect(correlationIdFrom({ correlationid: 'from-event' })).toBe('from-event');
    // Only ids the event schemas accept as `correlationid`, so a request's id can always flow into its events.
    expect(correlationIdFrom(restEvent({ headers: { 'x-correlation-id': 'user@example.com' } }))).toBe('req-1');
    expect(correlationIdFrom(restEvent({ headers: { 'x-correlation-id': 'x'.repeat(129) } }))).toBe('req-1');
  });

  it('makes up a fresh ULID when nothing carries one', () => {
    const id = correlationIdFrom({});
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(correlationIdFrom({})).not.toBe(id);
  });
});
