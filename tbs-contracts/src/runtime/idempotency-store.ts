/**
 * Remembers which events a consumer has handled, so a redelivered event is handled once.
 * `begin` claims the event: `new` (go ahead), `in_progress` (another invocation holds it: retry later) or `done`
 * (already handled: skip). After handling, `complete`; after a failure, `release` so a retry can claim it again.
 */
export interface IdempotencyStore {
  begin(eventId: string): Promise<'new' | 'in_progress' | 'done'>;
  complete(eventId: string): Promise<void>;
  release(eventId: string): Promise<void>;
}
