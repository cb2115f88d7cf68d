/**
 * Single-table design of the customer service (the README's "Table design" explains the access patterns).
 *
 * | item    | pk               | sk      | gsi1pk (GSI1) | gsi1sk                 | gsi2pk (GSI2) | gsi2sk                  |
 * |---------|------------------|---------|---------------|------------------------|---------------|-------------------------|
 * | profile | CUSTOMER#<sub>   | PROFILE | CUSTOMERS     | <registeredAt>#<sub>   |               |                         |
 * | outbox  | OUTBOX#<eventId> | EVENT   |               |                        | OUTBOX        | <committedAt>#<eventId> |
 *
 * GSI1 lists customers by registration time for administrators. GSI2 is sparse: it holds only events that were
 * committed but not yet published, which is what the outbox relay looks for; a published event is deleted.
 */
export const PROFILE_SORT_KEY = 'PROFILE';
export const OUTBOX_SORT_KEY = 'EVENT';
export const CUSTOMERS_INDEX = 'GSI1';
export const CUSTOMERS_PARTITION = 'CUSTOMERS';
export const OUTBOX_INDEX = 'GSI2';
export const OUTBOX_PARTITION = 'OUTBOX';

export const customerPartitionKey = (customerId: string): string => `CUSTOMER#${customerId}`;
export const outboxPartitionKey = (eventId: string): string => `OUTBOX#${eventId}`;
