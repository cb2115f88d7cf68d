/**
 * Single-table design of the product service (the README's "Table design" explains the access patterns).
 *
 * | item    | pk           | sk      | gsi1pk (GSI1)       | gsi1sk          | gsi2pk (GSI2) | gsi2sk          |
 * |---------|--------------|---------|---------------------|-----------------|---------------|-----------------|
 * | product | PRODUCT#<id> | PRODUCT | CATEGORY#<category> | <name key>#<id> | CATALOGUE     | <name key>#<id> |
 *
 * Both indexes are sparse: only active products carry their keys, so browsing (by category on GSI1, the whole
 * catalogue on GSI2, in name order) never sees archived products, which stay readable by id. Keyword search
 * filters those queries on `searchText` (folded name and SKU), matching the API's "name or SKU contains".
 */
export const PRODUCT_SORT_KEY = 'PRODUCT';
export const CATEGORY_INDEX = 'GSI1';
export const CATALOGUE_INDEX = 'GSI2';
export const CATALOGUE_PARTITION = 'CATALOGUE';

export const productPartitionKey = (productId: string): string => `PRODUCT#${productId}`;
export const categoryPartitionKey = (category: string): string => `CATEGORY#${category}`;

/** Case, accents and repeated spaces do not matter to a shopper, so they do not matter to sorting or search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Name order as a shopper reads it; the id makes keys unique so equal names still page deterministically. */
export function nameSortKey(name: string, productId: string): string {
  return `${foldText(name).slice(0, 100)}#${productId}`;
}
