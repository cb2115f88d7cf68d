import type { CustomerEvent } from '../../domain/customer-events';

/**
 * Publishes events that were committed to the outbox together with their change. Publication is at least once:
 * an event may go out again (consumers deduplicate on the event id), and one that could not be published stays in
 * the outbox for `publishPending`.
 */
export interface EventRelay {
  /**
   * Publishes these just-committed events. Never throws: whatever fails stays in the outbox, so the caller's
   * change (already committed) still succeeds.
   */
  publishCommitted(events: readonly CustomerEvent[], correlationId: string): Promise<void>;
  /** Publishes outbox events whose writer died between commit and publish (older than a grace period). */
  publishPending(): Promise<{ published: number; failed: number }>;
}
