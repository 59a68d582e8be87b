// A long text's mentions are found stretch by stretch while it is scanned (`findWhileScanning`): they must be
// exactly those found by one pass over all its kept tokens, also where a phrase, a chain of group adjectives or a
// sentence-initial demonym waiting for confirmation ("Poles are …") spans the end of a stretch.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextLexicon, type Mention } from '../../server/src/lexicon/lexicon';

/** Words joined into phrases and adjective chains, and separators that do or do not break a join. */
const WORDS = [
  'the', 'a', 'elderly', 'Chinese', 'woman', 'gay', 'man', 'men', 'nurse', 'Poles', 'Polish', 'Swedes', 'are', 'old',
  'African', 'American', 'Black', 'people', 'young', 'children', 'she', 'he', 'Emily', 'doctor', 'deaf', 'blind',
  'reviewers', 'poor', 'disabled', 'kann', 'immigrants', 'Muslim', 'tent', 'poles', 'with', 'and',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '-', "'", '. ', ', ', '\n', '? '];

const plain = (text: string): Mention[] => {
  const lexicon = new TextLexicon(text);
  // Tokens first: the mentions are then found in one pass over all of them.
  void lexicon.tokens;
  return lexicon.mentions;
};
const shape = (ms: Mention[]) => ms.map((m) => [m.token, m.length, m.start, m.end, JSON.stringify(m.tags)]);

describe('mentions found while scanning', () => {
  it('are those of one pass over the kept tokens', () => {
    const piece = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const unit = pieces.map((p) => p.map(([w, s]) => w + s).join('')).join('');
        // Over 65,536 code units (a stretch), so that stretches end in every kind of place.
        let text = unit;
        while (text.length < 200_000) text += unit;
        expect(shape(new TextLexicon(text).mentions)).toEqual(shape(plain(text)));
      }),
      { numRuns: 25 },
    );
  });
});
