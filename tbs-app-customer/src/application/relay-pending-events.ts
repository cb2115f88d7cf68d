import type { Clock } from './ports/clock';
import type { EventRelay } from './ports/event-relay';

/** Outbox events younger than this are most likely still being published by the request that committed them. */
export const RELAY_GRACE_MS = 60_000;
const BATCH = 100;

/**
 * The safety net of the outbox: publishes events whose change committed but whose publication never happened
 * (the function crashed or timed out between the write and the publish, or SNS was unavailable). Runs on a
 * schedule; republishing an event that did go out is harmless because consumers deduplicate on its id.
 */
export class RelayPendingEvents {
  constructor(
    private readonly relay: EventRelay,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ published: number; failed: number }> {
    const cutoff = new Date(this.clock.now().getTime() - RELAY_GRACE_MS);
    return this.relay.relayPending(cutoff, BATCH);
  }
}
