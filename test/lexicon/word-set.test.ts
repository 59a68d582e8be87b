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

describe('WordSet.nextIn', () => {
  // Many words, so that the filters let words of no set through too (and the set's own words are found).
  const vocabulary = [
    'hire', 'approve', 'Deny', 'score', 'rank', 'rate', 'classify', 'DECIDE', 'select', 'loan', 'credit', 'screen', 'grant', 'triage',
    'the', 'could', 'very', 'their', 'have', 'because', 'answer', 'choices', 'step', 'think', 'straße', 'être', 'x', 'a', 'ab',
    ...Array.from({ length: 60 }, (_, i) => `w${i.toString(36)}q`),
  ];
  const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 5, maxLength: 60 }).map((a) => a.join(' '));
  const sets = fc.subarray(vocabulary, { minLength: 1, maxLength: 20 });

  it('finds, from any token on, the first token that `has` says is in the set', () => {
    let found = 0;
    let none = 0;
    fc.assert(
      fc.property(sets, text, fc.nat(20), (words, s, from) => {
        const set = new WordSet(words);
        const tokens = tokenize(s);
        let want = -1;
        for (let i = from; i < tokens.count && want < 0; i++) if (set.has(tokens, i)) want = i;
        if (want >= 0) found++;
        else none++;
        expect(set.nextIn(tokens, from)).toBe(want);
      }),
      { numRuns: 1000 },
    );
    expect(found).toBeGreaterThan(200);
    expect(none).toBeGreaterThan(50);
  });
});
