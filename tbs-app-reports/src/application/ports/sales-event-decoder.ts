import type { SalesEntry } from '../../domain/sales-entry';

/** Turns one queued message into the entry it records; throws when the message is not a valid order event. */
export interface SalesEventDecoder {
  decode(body: string): SalesEntry;
}
