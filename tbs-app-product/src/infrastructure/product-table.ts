import { foldText } from '../domain/search-words';

export { foldText, searchWordsOf, wordsOf } from '../domain/search-words';

/**
 * Single-table design of the product service (the README's "Table design" explains the access patterns).
 *
 * | item             | pk               | sk              | GSI1 (gsi1pk / gsi1sk)              | GSI2 (gsi2pk / gsi2sk)     |
 * |------------------|------------------|-----------------|-------------------------------------|----------------------------|
 * | product          | PRODUCT#<id>     | PRODUCT         | CATEGORY#<category> / <name key>#id | CATALOGUE / <name key>#id  |
 * | stock level      | PRODUCT#<id>     | STOCK           |                                     |                            |
 * | SKU claim        | SKU#<sku>        | SKU             |                                     |                            |
 * | category counter | CATEGORIES       | <category>      |                                     |                            |
 * | search word      | WORD#<word>      | <name key>#<id> |                                     |                            |
 * | pending event    | OUTBOX           | <time>#<id>     |  (the contracts runtime's outbox)   |                            |
 *
 * Both indexes are sparse: only active products carry their keys, so browsing never sees archived products, which
 * stay readable by id. Search words exist for active products only, in name order, so a keyword page is one Query.
 */
export const PRODUCT_SORT_KEY = 'PRODUCT';
export const STOCK_SORT_KEY = 'STOCK';
export const SKU_SORT_KEY = 'SKU';
export const CATEGORY_INDEX = 'GSI1';
export const CATALOGUE_INDEX = 'GSI2';
export const CATALOGUE_PARTITION = 'CATALOGUE';
export const CATEGORIES_PARTITION = 'CATEGORIES';
export const productPartitionKey = (productId: string): string => `PRODUCT#${productId}`;
export const categoryPartitionKey = (category: string): string => `CATEGORY#${category}`;
export const skuPartitionKey = (sku: string): string => `SKU#${sku}`;
export const wordPartitionKey = (word: string): string => `WORD#${word}`;

/** Name order as a shopper reads it; the id makes keys unique so equal names still page deterministically. */
export function nameSortKey(name: string, productId: string): string {
  return `${foldText(name).slice(0, 100)}#${productId}`;
}
