import { createCloudEvent } from '@tbs/contracts/runtime';
import type { CustomerProfileUpdatedEvent, CustomerRegisteredEvent } from '@tbs/contracts/types';
import type { CustomerEvent } from '../domain/customer-events';

export const EVENT_SOURCE = 'tbs-app-customer';

export type CustomerCloudEvent = CustomerRegisteredEvent | CustomerProfileUpdatedEvent;

/** The published form of a domain event; its id is the domain event's, so every retry publishes the same event. */
export function toCloudEvent(event: CustomerEvent, correlationId: string): CustomerCloudEvent {
  const common = {
    source: EVENT_SOURCE,
    subject: event.customerId,
    correlationId,
    id: event.eventId,
    time: event.occurredAt,
  };
  switch (event.type) {
    case 'CustomerRegistered':
      return createCloudEvent({
        ...common,
        type: 'tbs.customer.CustomerRegistered.v1' as const,
        data: {
          customerId: event.customerId,
          email: event.email,
          name: event.name,
          registeredAt: event.occurredAt.toISOString(),
        },
      }) as CustomerRegisteredEvent;
    case 'CustomerProfileUpdated':
      return createCloudEvent({
        ...common,
        type: 'tbs.customer.CustomerProfileUpdated.v1' as const,
        data: {
          customerId: event.customerId,
          version: event.version,
          name: event.name,
          shippingAddress: event.shippingAddress,
          updatedAt: event.occurredAt.toISOString(),
        },
      }) as CustomerProfileUpdatedEvent;
  }
}
