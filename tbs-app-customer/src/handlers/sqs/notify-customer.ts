import { sqsEventConsumer } from '@tbs/contracts/runtime';
import type { NotifyingEvent } from '../../application/customer-emails';
import { NotifyCustomer } from '../../application/notify-customer';
import { createContainer, logger, notifyingEventValidators } from '../../infrastructure/container';

const notifyCustomer = createContainer().resolve(NotifyCustomer);

/**
 * Order and fulfilment events -> emails to the customer. Not deduplicated on the event id: the use case records
 * each email (kind and order), which also covers the same fact arriving twice under different event ids. Logs
 * carry ids and the template only, never an address or a name.
 */
export const handler = sqsEventConsumer<NotifyingEvent>({
  validators: notifyingEventValidators,
  logger,
  handle: async (event) => {
    const { kind, orderId, outcome, messageId } = await notifyCustomer.execute(event);
    logger.info('Customer email handled', { eventId: event.id, orderId, template: kind, outcome, messageId });
  },
});
