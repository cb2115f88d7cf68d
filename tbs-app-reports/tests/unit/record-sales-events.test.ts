import { describe, expect, it } from 'vitest';
import type { SalesEventDecoder } from '../../src/application/ports/sales-event-decoder';
import { DatabaseUnavailableError, type SalesLedger } from '../../src/application/ports/sales-ledger';
import { RecordSalesEvents } from '../../src/application/record-sales-events';
import type { SalesEntry } from '../../src/domain/sales-entry';
import { recordingLogger } from '../fixtures/reports-env';

/** Messages are just order ids here; "bad" ones cannot be decoded. */
const decoder: SalesEventDecoder = {
  decode(body) {
    if (body.startsWith('bad')) throw new Error('not an order event');
    return {
      type: 'closure',
      eventId: `event-${body}`,
      eventType: 'tbs.order.OrderRefunded.v1',
      orderId: body,
      version: 3,
      status: 'REFUNDED',
      occurredAt: '2026-02-10T20:17:00Z',
      refund: null,
    };
  },
};

/** Records all-or-nothing like the database; an entry for order "poison" makes its whole call fail. */
class FakeLedger implements SalesLedger {
  readonly calls: string[][] = [];
  readonly recorded: string[] = [];
  unavailable = false;

  async record(entries: readonly SalesEntry[]): Promise<void> {
    this.calls.push(entries.map((e) => e.orderId));
    if (this.unavailable) throw new DatabaseUnavailableError('resuming');
    if (entries.some((e) => e.orderId === 'poison')) throw new Error('invalid byte sequence');
    this.recorded.push(...entries.map((e) => e.orderId));
  }
}

const batch = (...bodies: string[]) => bodies.map((body, i) => ({ id: `m${i}`, body }));

describe('RecordSalesEvents', () => {
  it('records a whole batch in one call', async () => {
    const ledger = new FakeLedger();
    const result = await new RecordSalesEvents(decoder, ledger, recordingLogger()).execute(batch('a', 'b', 'c'));
    expect(result.failedMessageIds).toEqual([]);
    expect(ledger.calls).toEqual([['a', 'b', 'c']]);
  });

  it('fails an undecodable message alone and records the rest', async () => {
    const ledger = new FakeLedger();
    const logger = recordingLogger();
    const result = await new RecordSalesEvents(decoder, ledger, logger).execute(batch('a', 'bad', 'c'));
    expect(result.failedMessageIds).toEqual(['m1']);
    expect(ledger.recorded).toEqual(['a', 'c']);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', attributes: expect.objectContaining({ messageId: 'm1' }) }),
    );
  });

  it('isolates a record the database rejects by retrying the batch one entry at a time', async () => {
    const ledger = new FakeLedger();
    const result = await new RecordSalesEvents(decoder, ledger, recordingLogger()).execute(batch('a', 'poison', 'c'));
    expect(result.failedMessageIds).toEqual(['m1']);
    expect(ledger.calls).toEqual([['a', 'poison', 'c'], ['a'], ['poison'], ['c']]);
    expect(ledger.recorded).toEqual(['a', 'c']);
  });

  it('hands the whole batch back, untried one by one, when the database is unavailable', async () => {
    const ledger = new FakeLedger();
    ledger.unavailable = true;
    const result = await new RecordSalesEvents(decoder, ledger, recordingLogger()).execute(batch('a', 'bad', 'c'));
    expect(result.failedMessageIds).toEqual(['m0', 'm1', 'm2']);
    expect(ledger.calls).toEqual([['a', 'c']]);
  });

  it('does not call the database for a batch of unreadable messages', async () => {
    const ledger = new FakeLedger();
    const result = await new RecordSalesEvents(decoder, ledger, recordingLogger()).execute(batch('bad1', 'bad2'));
    expect(result.failedMessageIds).toEqual(['m0', 'm1']);
    expect(ledger.calls).toEqual([]);
  });
});
