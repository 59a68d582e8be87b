// The parser's fast paths (cheap pre-checks, skipping ahead to a core phrase,
// character tests instead of regexes) must find exactly what the plain scans find.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LETTER_ANSWER_PATTERNS, lastLetterStatement } from '../../server/src/parse/exemplars';
import { Segment, isWhiteSpace } from '../../server/src/model/segment';

/** The plain scan: every pattern from offset 0, the last match wins. */
function plainLastLetterStatement(text: string, letters: Set<string> | null) {
  let best: { index: number; end: number; letter: string; letterIndex: number } | null = null;
  for (const p of LETTER_ANSWER_PATTERNS) {
    const re = new RegExp(p.re.source, p.re.flags);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const letter = m[1]!.toUpperCase();
      if (m[1] !== letter && !/\(/.test(m[0])) continue;
      if (letters && !letters.has(letter)) continue;
      const match = { index: m.index, end: m.index + m[0].length, letter, letterIndex: m.index + m[0].lastIndexOf(m[1]!) };
      if (!best || match.index > best.index) best = match;
    }
  }
  return best;
}

const PIECES = [
  'the', 'The', 'THE', 'answer', 'Answer', 'ANSWER', 'bestanswer', 'best', 'correct', 'final', 'right', 'so', 'So', 'therefore', 'hence',
  'is', 'IS', 'would be', 'must be', 'option', 'choice', ':', ',', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '(B)', '(a)', 'B', 'a', 'C.',
  "B's", '.', 'x', 'xanswer', 'answer:', 'Final answer:', 'is correct', ')', '(', 'é', '_', '1',
];

describe('final-answer statements', () => {
  it('finds the same last statement as a plain scan of every pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), fc.boolean(), (pieces, restrict) => {
        const text = pieces.join(pieces.length % 3 === 0 ? '' : ' ');
        const letters = restrict ? new Set(['A', 'B']) : null;
        expect(lastLetterStatement(text, letters)).toEqual(plainLastLetterStatement(text, letters));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips ahead to "answer is" without losing the words before it', () => {
    const text = 'Let us think. Venus is hot, so, \u00a0the  bestanswer is (B). Hence, the correct answer is C';
    expect(lastLetterStatement(text, null)).toEqual(plainLastLetterStatement(text, null));
    expect(lastLetterStatement(text, null)!.letter).toBe('C');
    expect(text.slice(lastLetterStatement(text, null)!.index)).toBe('the correct answer is C');
  });
});

describe('white space without regexes', () => {
  it('isWhiteSpace agrees with /\\s/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isWhiteSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('Segment.trim keeps offsets and returns untouched identity segments as they are', () => {
    const seg = Segment.fromSource('xx \u00a0 hello\u2003\n', 2, 14);
    const t = seg.trim();
    expect(t.text).toBe('hello');
    expect(t.sourceSpan()).toEqual({ start: 5, end: 10 });
    const plain = Segment.fromSource('abc', 0, 3);
    expect(plain.trim()).toBe(plain);
    const mapped = new Segment('ab', 10, Int32Array.from([10, 12, 13]));
    expect(mapped.trim().sourceSpan()).toEqual({ start: 10, end: 13 });
    expect(new Segment('  ', 0).trim().text).toBe('');
  });
});
