import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextLexicon } from '../../server/src/lexicon/lexicon.js';
import { traitsIn } from '../../server/src/lexicon/agentic.js';
import { tokenize } from '../../server/src/lexicon/tokens.js';

describe('TextLexicon: trait words of a short text found while its mentions are', () => {
  // Trait words in several spellings (capitals, a non-ASCII capital that lower-cases to ASCII, hyphens, digits),
  // people words (so that some texts keep their tokens and some do not) and words that share a trait word's
  // first three letters without being one.
  const words = [
    'She', 'he', 'the', 'nurse', 'CONFIDENT', 'warm', 'ambitious', 'kind', 'of', 'caring', 'Assertive', 'ass', 'sup',
    'self-reliant', '\u212Aind', 'leader', 'led', 'helpful', 'help', 'Mary', 'x', '3ab', 'compassionate', 'competitive',
    'compete', 'gentle', 'gent', 'independent', 'ind', 'supportive', 'Émile',
  ];
  const sep = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n', '-');
  const text = fc.array(fc.tuple(fc.constantFrom(...words), sep), { maxLength: 40 }).map((a) => a.map(([w, s]) => w + s).join(''));

  it('are those of a pass over every token, whether the text keeps its tokens or not', () => {
    let withTraits = 0;
    let withoutMentions = 0;
    fc.assert(
      fc.property(text, (t) => {
        const scanned = new TextLexicon(t);
        // Mentions first: the scan that finds them lists the trait candidates.
        if (scanned.mentions.length === 0) withoutMentions++;
        const all = traitsIn(tokenize(t));
        if (all.length > 0) withTraits++;
        expect(scanned.traits).toEqual(all);
        // Asked for without mentions first: the same words.
        expect(new TextLexicon(t).traits).toEqual(all);
      }),
      { numRuns: 1000 },
    );
    expect(withTraits).toBeGreaterThan(300);
    expect(withoutMentions).toBeGreaterThan(50);
  });
});
