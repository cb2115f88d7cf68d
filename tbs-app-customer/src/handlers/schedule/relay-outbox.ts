import { RelayPendingEvents } from '../../application/relay-pending-events';
import { createContainer, logger } from '../../infrastructure/container';

const relayPendingEvents = createContainer().resolve(RelayPendingEvents);

/**
 * Scheduled outbox relay: publishes customer events whose change committed but were never published. Fails the
 * invocation when events remain unpublishable, so the Errors alarm tells an operator the outbox is not draining.
 */
export const handler = async (): Promise<{ published: number; failed: number }> => {
  const result = await relayPendingEvents.execute();
  if (result.published > 0 || result.failed > 0) logger.info('Outbox relayed', result);
  if (result.failed > 0) throw new Error(`${result.failed} outbox event(s) could not be published`);
  return result;
};
