import type { OutboxRelay } from '@tbs/contracts/runtime';
import { inject, injectable } from 'tsyringe';
import type { EventRelay } from '../application/ports/event-relay';
import type { CustomerEvent } from '../domain/customer-events';
import { toCloudEvent } from './customer-cloud-events';
import { INFRASTRUCTURE_TOKENS } from './tokens';

/**
 * The customer service's side of the shared transactional outbox (`OutboxRelay` of the contracts runtime). The
 * repository wrote each event as `toCloudEvent(event, correlationId)`; the mapping is pure (id and time come from
 * the domain event), so the event published here is the one stored, byte for byte.
 */
@injectable()
export class OutboxEventRelay implements EventRelay {
  constructor(@inject(INFRASTRUCTURE_TOKENS.OutboxRelay) private readonly outbox: OutboxRelay) {}

  async publishCommitted(events: readonly CustomerEvent[], correlationId: string): Promise<void> {
    await this.outbox.publishCommitted(events.map((event) => toCloudEvent(event, correlationId)));
  }

  publishPending(): Promise<{ published: number; failed: number }> {
    return this.outbox.publishPending();
  }
}
