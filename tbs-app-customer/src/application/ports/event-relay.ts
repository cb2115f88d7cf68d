/**
 * Publishes events that were committed to the outbox with their change. Publication is at least once: an event may
 * be published again (consumers deduplicate on the event id), and one that could not be published stays in the
 * outbox for a later `relayPending`.
 */
export interface EventRelay {
  /**
   * Publishes these committed events now. Never throws: whatever fails stays in the outbox, so the caller's
   * change (already committed) still succeeds.
   */
  relay(eventIds: readonly string[]): Promise<void>;
  /** Publishes outbox events committed before `committedBefore` (left behind by a crash or an outage). */
  relayPending(committedBefore: Date, limit: number): Promise<{ published: number; failed: number }>;
}
