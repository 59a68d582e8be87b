import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stemStarts, stemTrie, traitsIn } from '../../server/src/lexicon/agentic.js';
import { scanCandidates, scannedCandidates, tokenize } from '../../server/src/lexicon/tokens.js';
import { TextLexicon } from '../../server/src/lexicon/lexicon.js';

/**
 * The tokeniser lists as trait candidates only the tokens whose fourth code unit may follow their first three
 * letters (the second part of `stemStarts()`: see PREFIX_WHOLE in tokens.ts). `traitsIn` over those candidates
 * must find what it finds over every token.
 */
describe('trait candidates: the fourth-letter test of the tokeniser', () => {
  const stems = stemTrie().stems.filter((s) => s !== undefined).map((s) => s!.stem);
  // Beginnings of stems (three letters or more, so the first three pass), then a code unit that may or may not
  // continue one: ASCII letters in both cases, digits, non-ASCII letters (one lower-cases to ASCII), joiners.
  const start = fc.tuple(fc.constantFrom(...stems), fc.nat()).map(([s, k]) => s.slice(0, 3 + (k % (s.length - 2))));
  const tail = fc.constantFrom('', '', 's', 'ed', 'ing', 'ly', 'x', 'Q', 'z', '1', '_', 'é', 'É', '\u212a', 'İ', "'s", '-up', 'ness', 'ful');
  const casing = fc.constantFrom('as is', 'upper', 'title', 'fourth upper');
  const word = fc.tuple(start, tail, casing).map(([s, t, c]) => {
    const w = s + t;
    if (c === 'upper') return w.toUpperCase();
    if (c === 'title') return w[0]!.toUpperCase() + w.slice(1);
    if (c === 'fourth upper' && w.length > 3) return w.slice(0, 3) + w[3]!.toUpperCase() + w.slice(4);
    return w;
  });
  const other = fc.constantFrom('could', 'while', 'which', 'into', 'under', 'out', 'she', 'the', 'kind of', 'team leader', 'help desk', 'a', 'is');
  const sep = fc.constantFrom(' ', ' ', ', ', '. ', '\n', '-', '');
  const text = fc.array(fc.tuple(fc.oneof(word, other), sep), { maxLength: 40 }).map((a) => a.map(([w, s]) => w + s).join(''));

  it('lists a subset of the first-three-letters candidates, and traitsIn finds the same words in it as in every token', () => {
    const firstPart = stemStarts().slice(0, 26 * 26 * 26);
    let dropped = 0;
    let withTraits = 0;
    fc.assert(
      fc.property(text, (t) => {
        const filter = new Uint8Array(1);
        scanCandidates(t, filter, 0, firstPart);
        const all3 = Array.from(scannedCandidates.prefixIndexes.subarray(0, scannedCandidates.prefixCount));
        const scanned = scanCandidates(t, filter, 0, stemStarts());
        const listed = Array.from(scannedCandidates.prefixIndexes.subarray(0, scannedCandidates.prefixCount));
        expect(listed.every((i) => all3.includes(i))).toBe(true);
        dropped += all3.length - listed.length;
        const want = traitsIn(tokenize(t));
        if (want.length > 0) withTraits++;
        expect(traitsIn(scanned, undefined, scannedCandidates.prefixIndexes, scannedCandidates.prefixCount)).toEqual(want);
      }),
      { numRuns: 2000 },
    );
    expect(dropped).toBeGreaterThan(1000);
    expect(withTraits).toBeGreaterThan(500);
  });

  it('keeps the trait words of a long text (candidates listed while scanning, then kept) and of an edited one', () => {
    const sample = fc.sample(text, { numRuns: 300, seed: 29 }).join('\n');
    expect(sample.length).toBeGreaterThan(4096);
    const scanned = new TextLexicon(sample);
    scanned.mentions;
    expect(scanned.traitCandidates).toBeDefined();
    const want = traitsIn(tokenize(sample));
    expect(want.length).toBeGreaterThan(100);
    expect(scanned.traits).toEqual(want);
    const edited = `${sample.slice(0, 2000)}\nconfident caring leader\n${sample.slice(2000)}`;
    const e = TextLexicon.edited(scanned, edited);
    if (e) expect(traitsIn(e.scan(), undefined, e.traitCandidates)).toEqual(traitsIn(tokenize(edited)));
  });
});
