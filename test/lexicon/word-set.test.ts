import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WordSet, tokenize, tokenLower } from '../../server/src/lexicon/tokens.js';

describe('WordSet.has', () => {
  // Words of the sets, their spellings in other cases, words that differ in one letter, and non-ASCII letters.
  const setWords = ['who', 'which', 'whom', 'or', 'as', 'for', 'by', 'at', 'a', 'an', 'more', 'less', 'likelier', "can't", 'straße', 'être'];
  const others = ['Who', 'WHICH', 'whoa', 'wh', 'whim', 'OR', 'ore', 'o', 'As', 'an', 'and', 'b', 'x', 'mor', 'Likelier', 'STRASSE', 'Être', 'étre', 'the'];
  const text = fc.array(fc.constantFrom(...setWords, ...others), { maxLength: 30 }).map((a) => a.join(' '));
  const sets = fc.subarray(setWords, { minLength: 1 });

  it('says what a Set of lower-cased words says of each token, lower-cased', () => {
    let hits = 0;
    let misses = 0;
    fc.assert(
      fc.property(sets, text, (words, t) => {
        const set = new WordSet(words);
        const plain = new Set(words.map((w) => w.toLowerCase()));
        const tokens = tokenize(t);
        for (let i = 0; i < tokens.count; i++) {
          const want = plain.has(tokenLower(tokens, i));
          if (want) hits++;
          else misses++;
          expect(set.has(tokens, i)).toBe(want);
        }
      }),
      { numRuns: 500 },
    );
    expect(hits).toBeGreaterThan(500);
    expect(misses).toBeGreaterThan(500);
  });
});
