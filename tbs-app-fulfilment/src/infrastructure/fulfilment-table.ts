/**
 * Key layout of the fulfilment table (single-table design, string keys `pk`/`sk`):
 *
 * | item        | pk                 | sk          | GSI1 (by status)                    | GSI2 (all shipments)        |
 * |-------------|--------------------|-------------|-------------------------------------|-----------------------------|
 * | inventory   | `PRODUCT#<id>`     | `INVENTORY` |                                     |                             |
 * | shipment    | `ORDER#<orderId>`  | `SHIPMENT`  | `SHIPMENTS#<status>`, `<createdAt>#<orderId>` | `SHIPMENTS`, same |
 * | outcome     | `ORDER#<orderId>`  | `FULFILMENT`|                                     |                             |
 * | outbox      | `OUTBOX`           | `<time>#<eventId>` (the contracts runtime's outbox)                        |
 */
export const INVENTORY_SORT_KEY = 'INVENTORY';
export const SHIPMENT_SORT_KEY = 'SHIPMENT';
export const OUTCOME_SORT_KEY = 'FULFILMENT';
export const STATUS_INDEX = 'GSI1';
export const ALL_SHIPMENTS_INDEX = 'GSI2';
export const ALL_SHIPMENTS_PARTITION = 'SHIPMENTS';

export const inventoryKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: INVENTORY_SORT_KEY });
export const shipmentKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: SHIPMENT_SORT_KEY });
export const outcomeKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: OUTCOME_SORT_KEY });
export const statusPartition = (status: string) => `SHIPMENTS#${status}`;
export const shipmentListSortKey = (createdAt: string, orderId: string) => `${createdAt}#${orderId}`;
