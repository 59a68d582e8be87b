import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sentenceAt, sentencesOf, type Sentence } from '../../server/src/lexicon/sentences.js';
import { tokenize } from '../../server/src/lexicon/tokens.js';

describe('sentenceAt into a reused object', () => {
  it('gives, token by token in one overwritten object, the sentence sentencesOf lists for that token', () => {
    const pieces = fc.constantFrom('The nurse', 'said', 'hello', '.', '?', '!', ' ', '\n', 'Who', 'is', 'right', '"', ')', 'women', 'are', 'good at', '...', 'x');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const t = tokenize(parts.join(' '));
        const all = sentencesOf(t);
        const out: Sentence = { first: -1, last: -1, start: -1, end: -1, question: true };
        for (let i = 0; i < t.count; i++) {
          const s = sentenceAt(t, i, out);
          expect(s).toBe(out);
          const listed = all.find((x) => x.first <= i && i < x.last);
          expect({ ...s }).toEqual(listed);
          expect({ ...s }).toEqual(sentenceAt(t, i));
        }
      }),
    );
  });
});
