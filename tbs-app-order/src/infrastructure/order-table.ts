/**
 * One table for orders, checkout attempts, the catalogue projection and the outbox (string keys pk/sk):
 *
 * | item       | pk                            | sk          | indexes                                              |
 * | ---------- | ----------------------------- | ----------- | ---------------------------------------------------- |
 * | order      | `ORDER#<id>`                  | `ORDER`     | ByCustomer `CUSTOMER#<sub>` / ByStatus `STATUS#<s>` / AllOrders `ORDERS`, each sorted by `<placedAt>#<id>` |
 * | attempt    | `ATTEMPT#<sub>#<key>`         | `ATTEMPT`   | TTL `expiresAt`                                      |
 * | catalogue  | `PRODUCT#<id>`                | `CATALOGUE` |                                                      |
 * | outbox     | `OUTBOX`                      | time#id     | (written by the contracts runtime)                   |
 */
export const ORDER_SORT_KEY = 'ORDER';
export const ATTEMPT_SORT_KEY = 'ATTEMPT';
export const CATALOGUE_SORT_KEY = 'CATALOGUE';
export const BY_CUSTOMER_INDEX = 'ByCustomer';
export const BY_STATUS_INDEX = 'ByStatus';
export const ALL_ORDERS_INDEX = 'AllOrders';
export const ALL_ORDERS_PARTITION = 'ORDERS';
/** Attempts outlive any sensible client retry window; after that the key may be reused. */
export const ATTEMPT_RETENTION_SECONDS = 30 * 86_400;

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: ORDER_SORT_KEY });
export const attemptKey = (customerId: string, key: string) => ({
  pk: `ATTEMPT#${customerId}#${key}`,
  sk: ATTEMPT_SORT_KEY,
});
export const catalogueKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: CATALOGUE_SORT_KEY });
export const customerPartition = (customerId: string) => `CUSTOMER#${customerId}`;
export const statusPartition = (status: string) => `STATUS#${status}`;
export const placedSortKey = (placedAt: string, orderId: string) => `${placedAt}#${orderId}`;
