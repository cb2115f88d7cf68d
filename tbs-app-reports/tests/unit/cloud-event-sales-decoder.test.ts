import { InvalidCloudEventError, UnknownEventTypeError } from '@tbs/contracts/runtime';
import { describe, expect, it } from 'vitest';
import { CloudEventSalesDecoder, InconsistentEventError } from '../../src/infrastructure/cloud-event-sales-decoder';
import { buildFixture } from '../fixtures/sales-fixture';

const decoder = new CloudEventSalesDecoder();
const paid = () =>
  structuredClone(
    buildFixture(30).find((o) => o.paid)?.paid as NonNullable<ReturnType<typeof buildFixture>[number]['paid']>,
  );

describe('CloudEventSalesDecoder', () => {
  it('maps OrderPaid to a sale with its lines', () => {
    const event = paid();
    const entry = decoder.decode(JSON.stringify(event));
    expect(entry).toMatchObject({ type: 'sale', eventId: event.id, orderId: event.data.orderId, version: 2 });
    expect(entry.type === 'sale' && entry.lines).toHaveLength(event.data.lines.length);
  });

  it('refuses totals that do not add up, which would corrupt every report', () => {
    const event = paid();
    event.data.totals.gross += 1;
    expect(() => decoder.decode(JSON.stringify(event))).toThrow(InconsistentEventError);
    const other = paid();
    const line = other.data.lines[0];
    if (line) line.lineTotal += 1;
    expect(() => decoder.decode(JSON.stringify(other))).toThrow(InconsistentEventError);
  });

  it('refuses messages that are not valid events of the subscribed types', () => {
    const event = paid();
    expect(() => decoder.decode(JSON.stringify({ ...event, data: { ...event.data, version: 0 } }))).toThrow(
      InvalidCloudEventError,
    );
    expect(() => decoder.decode(JSON.stringify({ ...event, type: 'tbs.order.OrderPlaced.v1' }))).toThrow(
      UnknownEventTypeError,
    );
    expect(() => decoder.decode('{"Type":"Notification","Message":"..."}')).toThrow();
  });
});
