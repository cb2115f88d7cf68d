/**
 * Single-table design of the customer service (the README's "Table design" explains the access patterns).
 *
 * | item    | pk             | sk                  | gsi1pk (GSI1) | gsi1sk               | gsi2pk (GSI2)   |
 * |---------|----------------|---------------------|---------------|----------------------|-----------------|
 * | profile | CUSTOMER#<sub> | PROFILE             | CUSTOMERS     | <registeredAt>#<sub> | EMAIL#<email>   |
 * | outbox  | OUTBOX         | <event time>#<id>   |               |                      |                 |
 *
 * GSI1 lists customers by registration time for administrators; GSI2 finds a customer by their (lower-case) email.
 * Outbox items follow the shared layout of the contracts runtime (`outboxPut`) and live only until published.
 */
export const PROFILE_SORT_KEY = 'PROFILE';
export const CUSTOMERS_INDEX = 'GSI1';
export const CUSTOMERS_PARTITION = 'CUSTOMERS';
export const EMAIL_INDEX = 'GSI2';

export const customerPartitionKey = (customerId: string): string => `CUSTOMER#${customerId}`;
export const emailPartitionKey = (email: string): string => `EMAIL#${email}`;
