import { describe, expect, it } from 'vitest';
import {
  type CloudEvent,
  createCloudEvent,
  InvalidCloudEventError,
  parseCloudEvent,
  UnknownEventTypeError,
} from '../../../src/runtime';
import { eventValidators, ORDER_PAID, type OrderPaidData } from './event-fixtures';

const orderPaid = (data: unknown = { orderId: 'o-1', gross: 11500 }) =>
  createCloudEvent({
    source: 'tbs-app-order',
    type: ORDER_PAID,
    subject: 'o-1',
    data,
    correlationId: 'corr-1',
  });

describe('createCloudEvent', () => {
  it('fills in a CloudEvents 1.0 envelope with a ULID id and the current time', () => {
    const before = Date.now();
    const event = orderPaid();
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'tbs-app-order',
      type: ORDER_PAID,
      subject: 'o-1',
      datacontenttype: 'application/json',
      correlationid: 'corr-1',
      data: { orderId: 'o-1', gross: 11500 },
    });
    expect(event.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(orderPaid().id).not.toBe(event.id);
  });

  it('takes a given id and time (replays, tests) and normalises the time to ISO', () => {
    const event = createCloudEvent({
      source: 'tbs-app-order',
      type: ORDER_PAID,
      subject: 'o-1',
      data: {},
      correlationId: 'c',
      id: '01JBX3K5Q9ZJ7Y8V6W4T2R0P1M',
      time: new Date('2026-11-22T03:00:00+13:00'),
    });
    expect(event.id).toBe('01JBX3K5Q9ZJ7Y8V6W4T2R0P1M');
    expect(event.time).toBe('2026-11-21T14:00:00.000Z');
  });

  it('refuses an event without a source, type, subject or correlation id', () => {
    const base = { source: 'tbs-app-order', type: ORDER_PAID, subject: 'o-1', data: {}, correlationId: 'c' };
    for (const field of ['source', 'type', 'subject', 'correlationId'] as const) {
      expect(() => createCloudEvent({ ...base, [field]: '' })).toThrow(TypeError);
    }
    expect(() => createCloudEvent({ ...base, time: 'yesterday' })).toThrow(TypeError);
  });
});

describe('parseCloudEvent', () => {
  it('returns a valid event, typed', () => {
    const sent = orderPaid();
    const received = parseCloudEvent<CloudEvent<OrderPaidData>>(JSON.stringify(sent), eventValidators);
    expect(received).toEqual(sent);
    expect(received.data.gross).toBe(11500);
  });

  it('names unknown event types', () => {
    const event = { ...orderPaid(), type: 'tbs.order.OrderTeleported.v1' };
    const error = catchError(() => parseCloudEvent(JSON.stringify(event), eventValidators));
    expect(error).toBeInstanceOf(UnknownEventTypeError);
    expect((error as UnknownEventTypeError).eventType).toBe('tbs.order.OrderTeleported.v1');
  });

  it('does not treat inherited object keys as event types', () => {
    const event = { ...orderPaid(), type: 'constructor' };
    expect(catchError(() => parseCloudEvent(event, eventValidators))).toBeInstanceOf(UnknownEventTypeError);
  });

  it('rejects data that does not match the schema of its type, saying where', () => {
    const error = catchError(() =>
      parseCloudEvent(JSON.stringify(orderPaid({ orderId: 'o-1', gross: -5 })), eventValidators),
    );
    expect(error).toBeInstanceOf(InvalidCloudEventError);
    expect((error as InvalidCloudEventError).errors).toEqual([{ path: '/data/gross', message: 'must be >= 0' }]);
    expect((error as InvalidCloudEventError).eventType).toBe(ORDER_PAID);
  });

  it('points at a subscription without raw message delivery', () => {
    const wrapped = { Type: 'Notification', MessageId: 'm', TopicArn: 'arn', Message: JSON.stringify(orderPaid()) };
    const error = catchError(() => parseCloudEvent(JSON.stringify(wrapped), eventValidators));
    expect(error).toBeInstanceOf(InvalidCloudEventError);
    expect((error as Error).message).toContain('RawMessageDelivery');
  });

  it('rejects broken envelopes and non-JSON', () => {
    const { specversion: _dropped, ...noVersion } = orderPaid();
    expect(catchError(() => parseCloudEvent(noVersion, eventValidators))).toBeInstanceOf(InvalidCloudEventError);
    expect(catchError(() => parseCloudEvent({ ...orderPaid(), time: 'last tuesday' }, eventValidators))).toBeInstanceOf(
      InvalidCloudEventError,
    );
    expect(catchError(() => parseCloudEvent('{"specversion":', eventValidators))).toBeInstanceOf(
      InvalidCloudEventError,
    );
    expect(catchError(() => parseCloudEvent('[]', eventValidators))).toBeInstanceOf(InvalidCloudEventError);
  });
});

const catchError = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};
