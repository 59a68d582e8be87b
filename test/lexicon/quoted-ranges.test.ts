// findQuotedRanges gives quoted text and code as ranges in order and apart, which inQuotedRange's binary search needs:
// a quote inside inline code made two ranges, one inside the other, and a word in the code after the quote was missed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuotedRanges, inQuotedRange } from '../../server/src/lexicon/context.js';

describe('findQuotedRanges', () => {
  it('merges a quote inside inline code into the code\'s range, so a word after the quote is inside', () => {
    const text = 'Q: rule` for x.\nA: "Hello," she said. The chairman spoke. See `the chairman later.\nThen `a` "b" `c`.';
    const ranges = findQuotedRanges(text);
    const at = (word: string, from = 0) => {
      const s = text.indexOf(word, from);
      return inQuotedRange(ranges, s, s + word.length);
    };
    expect(at('chairman')).toBe(true);
    expect(at('chairman', text.indexOf('See'))).toBe(false);
    expect(at('later')).toBe(false);
    expect(at('Then')).toBe(false);
    expect(at('"b"')).toBe(true);
  });

  it('gives ranges in order and apart, and inQuotedRange answers as a walk over them', () => {
    const piece = fc.constantFrom('`', '"', '“', '”', ' word ', '\n', '\n\n', '```\n', 'x', ' "quoted" ', '`code`');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(200), fc.nat(8), (pieces, start, len) => {
        const text = pieces.join('');
        const r = findQuotedRanges(text);
        for (let i = 0; i + 2 < r.length; i += 2) expect(r[i + 1]!).toBeLessThanOrEqual(r[i + 2]!);
        for (let i = 0; i < r.length; i += 2) expect(r[i]!).toBeLessThan(r[i + 1]! + 1);
        const end = start + len + 1;
        let walk = false;
        for (let i = 0; i < r.length; i += 2) if (r[i]! < end && start < r[i + 1]!) walk = true;
        expect(inQuotedRange(r, start, end)).toBe(walk);
      }),
      { numRuns: 1000 },
    );
  });
});
