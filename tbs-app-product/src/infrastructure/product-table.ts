/**
 * Single-table design of the product service (see the README's "Table design").
 *
 * | item              | pk               | sk              | gsi1pk               | gsi1sk             |
 * |-------------------|------------------|-----------------|----------------------|--------------------|
 * | product           | PRODUCT#<id>     | PRODUCT         | CATEGORY#<category>  | <name key>#<id>    |
 *
 * GSI1 is overloaded and sparse: only active products carry gsi1 keys, so category browse in name order is one
 * Query and archived products drop out of it. Keyword search and catalogue-wide browse will add index items
 * under the same product partition (KEYWORD#<token>, CATALOGUE) that reuse GSI1.
 */
export const PRODUCT_SORT_KEY = 'PRODUCT';
export const GSI1_NAME = 'GSI1';

export const productPartitionKey = (productId: string): string => `PRODUCT#${productId}`;
export const categoryPartitionKey = (category: string): string => `CATEGORY#${category}`;

/**
 * Sorts by how a shopper reads the name: case, accents and repeated spaces do not change the order. The id
 * makes the key unique, so two products with the same name still page deterministically.
 */
export function nameSortKey(name: string, productId: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${folded}#${productId}`;
}
