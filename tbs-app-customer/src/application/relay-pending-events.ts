import type { EventRelay } from './ports/event-relay';

/**
 * The safety net of the outbox: publishes events whose change committed but whose publication never happened
 * (the function crashed or timed out between the write and the publish, or SNS was unavailable). Runs on a
 * schedule; republishing an event that did go out is harmless because consumers deduplicate on its id.
 */
export class RelayPendingEvents {
  constructor(private readonly relay: EventRelay) {}

  execute(): Promise<{ published: number; failed: number }> {
    return this.relay.publishPending();
  }
}
