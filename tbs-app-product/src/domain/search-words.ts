/** Case, accents and repeated spaces do not matter to a shopper, so they do not matter to sorting or search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Bounded so a product's words plus its other items always fit one 100-item transaction (update = old + new). */
export const MAX_SEARCH_WORDS = 12;

// Words that match nearly every product would find nothing useful and make index partitions huge.
const STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** The distinct folded words of a text, in order of appearance, without stop words. */
export function wordsOf(text: string): string[] {
  const words = foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && word.length <= 40 && !STOP_WORDS.has(word));
  return [...new Set(words)];
}

/**
 * The words a product is found by: name first, then category and SKU (their hyphen-separated parts, so a full SKU
 * typed as `q` matches), then description, capped at MAX_SEARCH_WORDS so every write fits one transaction; a long
 * description's later words are not searchable.
 */
export function searchWordsOf(product: { name: string; category: string; sku: string; description: string }): string[] {
  const words = [
    ...wordsOf(product.name),
    ...wordsOf(product.category),
    ...wordsOf(product.sku),
    ...wordsOf(product.description),
  ];
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}
