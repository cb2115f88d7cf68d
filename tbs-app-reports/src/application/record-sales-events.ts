import type { SalesEntry } from '../domain/sales-entry';
import type { SalesEventDecoder } from './ports/sales-event-decoder';
import { DatabaseUnavailableError, type SalesLedger } from './ports/sales-ledger';
import type { ReportsLogger } from './ports/tokens';

export interface QueuedMessage {
  /** The queue's message id, reported back when the message must be retried. */
  id: string;
  body: string;
}

/**
 * Records a batch of order events (OrderPaid, OrderRefunded, OrderCancelled) in the sales ledger and returns
 * the ids of the messages that must be retried.
 * 1. Decode every message; one that is not a valid order event fails alone (SQS retries it, then dead-letters it).
 * 2. Record all the others in one transaction.
 * 3. If that transaction fails because of one entry's data, record each entry in its own transaction so only
 *    the poisoned one fails. If the database is unavailable (resuming), nothing is at fault: the whole batch is
 *    retried later, without trying entries one by one.
 */
export class RecordSalesEvents {
  constructor(
    private readonly decoder: SalesEventDecoder,
    private readonly ledger: SalesLedger,
    private readonly logger: ReportsLogger,
  ) {}

  async execute(messages: readonly QueuedMessage[]): Promise<{ failedMessageIds: string[] }> {
    const failed = new Set<string>();
    const decoded: Array<{ id: string; entry: SalesEntry }> = [];
    for (const message of messages) {
      try {
        decoded.push({ id: message.id, entry: this.decoder.decode(message.body) });
      } catch (error) {
        this.logger.error('Unreadable order event', { messageId: message.id, error: messageOf(error) });
        failed.add(message.id);
      }
    }
    if (decoded.length === 0) return { failedMessageIds: orderedIds(messages, failed) };

    try {
      await this.ledger.record(decoded.map((d) => d.entry));
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        this.logger.warn('Database unavailable, the batch will be retried', { error: error.message });
        for (const { id } of decoded) failed.add(id);
        return { failedMessageIds: orderedIds(messages, failed) };
      }
      this.logger.warn('Batch could not be recorded, recording its events one by one', { error: messageOf(error) });
      for (const { id, entry } of decoded) {
        try {
          await this.ledger.record([entry]);
        } catch (single) {
          this.logger.error('Order event could not be recorded', {
            messageId: id,
            eventId: entry.eventId,
            eventType: entry.eventType,
            error: messageOf(single),
          });
          failed.add(id);
        }
      }
    }
    return { failedMessageIds: orderedIds(messages, failed) };
  }
}

function orderedIds(messages: readonly QueuedMessage[], failed: ReadonlySet<string>): string[] {
  return messages.filter((m) => failed.has(m.id)).map((m) => m.id);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
