import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextLexicon, isGroupLike, MENTION_GENDERED, MENTION_GROUP_LIKE, MENTION_NAME } from '../../server/src/lexicon/lexicon.js';

describe('TextLexicon.mentionKinds', () => {
  // Gendered terms, group words, names, gendered person nouns, pronouns, occupations and plain words.
  const words = ['chairman', 'fireman', 'Muslim', 'muslim', 'gay', 'man', 'woman', 'Maria', 'she', 'he', 'nurse', 'customer', 'old', 'people', 'the', 'water', 'Paris'];
  const text = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((a) => a.join(' '));

  it('has a bit set exactly when some mention is of that kind', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(text, (t) => {
        const lex = new TextLexicon(t);
        const ms = new TextLexicon(t).mentions;
        const want =
          (ms.some((m) => m.tags.gendered) ? MENTION_GENDERED : 0) | (ms.some(isGroupLike) ? MENTION_GROUP_LIKE : 0) | (ms.some((m) => m.tags.name) ? MENTION_NAME : 0);
        expect(lex.mentionKinds).toBe(want);
        seen.add(want);
      }),
      { numRuns: 500 },
    );
    // Every combination came up (a name is group-like: with or without a gendered term, 2 more).
    expect(seen.size).toBe(6);
  });
});
