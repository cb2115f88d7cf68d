import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_WORDS, searchWordsOf, wordsOf } from '../../src/domain/search-words';

describe('search words', () => {
  it('folds case and accents, splits on anything but letters and digits, and drops stop words and repeats', () => {
    expect(wordsOf('The Crème-Brûlée of  TEA, tea & Co.')).toEqual(['creme', 'brulee', 'tea', 'co']);
  });

  it('indexes name, then category parts, then description, within the per-product budget', () => {
    expect(
      searchWordsOf({
        name: 'Gooseneck Kettle',
        category: 'brewing-gear',
        sku: 'GEAR-KETTLE-1',
        description: 'For pour over',
      }),
    ).toEqual(['gooseneck', 'kettle', 'brewing', 'gear', '1', 'pour', 'over']);
    const long = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    expect(searchWordsOf({ name: 'Tea', category: 'tea', sku: 'T-1', description: long })).toHaveLength(
      MAX_SEARCH_WORDS,
    );
  });
});
