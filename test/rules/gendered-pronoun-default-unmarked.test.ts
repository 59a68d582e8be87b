// unmarkedRole's WordSet lookup (by token hash, no lower-cased string) must say what the plain
// Map lookup of the lower-cased token says, for every token of any text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unmarkedRole, unmarkedRolePlain } from '../../server/src/rules/gendered-pronoun-default';
import { genderPairs } from '../../server/src/lexicon/gender';
import { tokenize } from '../../server/src/lexicon/tokens';

const pairWords = [...genderPairs().toFemale].flatMap(([m, f]) => [m, f]);
const words = [...pairWords, 'nurse', 'the', 'waiterx', 'actors', 'stewardesses', 'he', 'she', 'Ärzte', 'o\u0301'];

describe('unmarkedRole (WordSet) = unmarkedRolePlain (Map of lower case)', () => {
  it('agrees on every token of texts made of pair words, in any case', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom('lower', 'upper', 'title', 'mixed'), fc.constantFrom(' ', ', ', '. ', '\n', "'s ")), { maxLength: 30 }),
        (parts) => {
          const text = parts
            .map(([w, c, sep]) =>
              (c === 'upper' ? w.toUpperCase() : c === 'title' ? w[0]!.toUpperCase() + w.slice(1) : c === 'mixed' ? w.replace(/./g, (ch, i) => (i % 2 ? ch.toUpperCase() : ch)) : w) + sep,
            )
            .join('');
          const t = tokenize(text);
          for (let i = 0; i < t.count; i++) expect(unmarkedRole(t, i, t.end[i]! - t.start[i]!)).toBe(unmarkedRolePlain(t, i));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the unmarked role nouns (singular and plural)', () => {
    const t = tokenize('The Waiter and the ACTORS and the actress');
    const kinds = Array.from({ length: t.count }, (_, i) => unmarkedRole(t, i, t.end[i]! - t.start[i]!));
    expect(kinds.filter((k) => k !== 0).length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < t.count; i++) expect(unmarkedRole(t, i, t.end[i]! - t.start[i]!)).toBe(unmarkedRolePlain(t, i));
  });
});
