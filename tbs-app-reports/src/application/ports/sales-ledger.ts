import type { SalesEntry } from '../../domain/sales-entry';

/** Where recorded sales live. */
export interface SalesLedger {
  /**
   * Records the entries all or nothing (one database transaction). Entries whose event was recorded before are
   * skipped; a status never replaces one of a later order version. Throws DatabaseUnavailableError when the
   * database stayed unreachable (e.g. still resuming) for longer than the adapter waits; any other error means
   * the entries themselves could not be recorded.
   */
  record(entries: readonly SalesEntry[]): Promise<void>;
}

/** The database is temporarily unavailable (e.g. resuming from 0 ACU): retry later, the data is not at fault. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}
