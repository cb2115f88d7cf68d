import { OutboxRelay } from '@tbs/contracts/runtime';
import { createContainer, logger } from '../../infrastructure/container';

const relay = createContainer().resolve(OutboxRelay);

/**
 * Every minute: publishes customer events whose change committed but were never published (the writer died
 * between its commit and its publish, or SNS was unavailable). Fails the invocation when events remain
 * unpublishable, so the Errors alarm tells an operator the outbox is not draining.
 */
export const handler = async (): Promise<{ published: number; failed: number }> => {
  const result = await relay.publishPending();
  if (result.published > 0 || result.failed > 0) logger.info('Outbox relayed', { ...result });
  if (result.failed > 0) throw new Error(`${result.failed} outbox event(s) could not be published; they stay queued`);
  return result;
};
