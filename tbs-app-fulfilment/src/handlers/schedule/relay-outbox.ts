import { OutboxRelay } from '@tbs/contracts/runtime';
import { createContainer, serviceLogger } from '../../infrastructure/container';

const logger = serviceLogger();
const relay = createContainer(process.env, logger).resolve(OutboxRelay);
const graceMs = Number(process.env.OUTBOX_GRACE_SECONDS ?? '60') * 1000;

/** Every minute: publish fulfilment events whose writer died between its commit and its publish. */
export const handler = async (): Promise<void> => {
  const result = await relay.publishPending(graceMs);
  if (result.failed > 0) throw new Error(`${result.failed} outbox event(s) could not be published; they stay queued`);
};
