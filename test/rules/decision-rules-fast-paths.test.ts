// The fast paths of decision-rules.ts must find exactly what the plain code found: `openerStartList` (flags read
// four at a time) the sentence starts the plain loop over every token tests, and `mentionAt` (a binary search)
// the mention a Map by token gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FLAG_SENTENCE_START, tokenize, tokenLower, type Tokens } from '../../server/src/lexicon/tokens';
import { mentionsOf } from '../../server/src/lexicon/lexicon';
import { Segment } from '../../server/src/model/segment';
import { mentionAt, openerStartList } from '../../server/src/rules/shared/decision-rules';

const OPENERS = new Set(['always', 'only', 'please', 'then', 'first', 'reject', 'prefer', 'screen', 'give', 'hire', 'rate', 'skip', 'avoid', 'favour']);
const WORDS = [...OPENERS, 'Reject', 'PREFER', 'Only', 'men', 'women', 'applicants', 'over', '65', 'the', 'a', 'married', 'couples', 'customers', 'muslim', 'and', 'with', 'children'];
const GAPS = [' ', ' ', ' ', '. ', '.\n', '\n- ', '! ', '? ', '; ', ', ', ': ', '\n\n1. ', ' "', '" '];

/** The plain loop: every token, the opener test at each sentence start. */
function plainStarts(t: Tokens): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.flags[i]! & FLAG_SENTENCE_START && OPENERS.has(tokenLower(t, i))) out.push(i);
  return out;
}

const textOf = (minLength: number, maxLength: number) =>
  fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)), { minLength, maxLength }).map((parts) => parts.map(([w, g]) => w + g).join(''));
const textArb = textOf(0, 400);

describe('decision rules: fast paths', () => {
  it('openerStartList lists the sentence starts the plain loop finds (short and long texts)', () => {
    fc.assert(
      // Texts of more than 512 tokens have tokens of their own (flags read four at a time); shorter ones share a block.
      fc.property(fc.oneof(textArb, textOf(300, 700)), fc.integer({ min: 0, max: 3 }), (text, pad) => {
        // A leading pad shifts token indexes against the four-byte reads.
        const t = tokenize('x '.repeat(pad) + text);
        const plain = plainStarts(t);
        // Every word of WORDS that may open an instruction is in OPENERS (a subset of the module's list).
        expect(openerStartList(t)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('openerStartList finds the starts of a text longer than its first list', () => {
    // Five tokens a sentence: the starts fall on each of the four bytes read together.
    const text = 'Reject the men over 65. '.repeat(400);
    const t = tokenize(text);
    expect(openerStartList(t)).toEqual(plainStarts(t));
    expect(plainStarts(t)).toHaveLength(400);
  });

  it('mentionAt finds the mention a Map by token finds, at every token', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const ms = mentionsOf(new Segment(text, 0));
        const byToken = new Map(ms.map((m) => [m.token, m]));
        const t = tokenize(text);
        for (let k = -1; k <= t.count; k++) expect(mentionAt(ms, k)).toBe(byToken.get(k));
      }),
      { numRuns: 200 },
    );
  });
});
