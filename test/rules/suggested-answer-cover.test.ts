import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnswerCover, firstEndingAfter } from '../../server/src/rules/suggested-answer.js';

const span = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 12 })).map(([start, length]) => ({ start, end: start + length }));

describe('AnswerCover', () => {
  it('says a span lies inside one of the non-empty spans exactly when a pass over them would', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), fc.array(span, { maxLength: 20 }), (spans, queries) => {
        const cover = new AnswerCover(spans);
        for (const q of queries) {
          const expected = spans.some((a) => q.start >= a.start && q.end <= a.end && a.end > a.start);
          expect(cover.covers(q)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not join overlapping spans: a span across two of them is inside neither', () => {
    const cover = new AnswerCover([
      { start: 0, end: 10 },
      { start: 5, end: 20 },
    ]);
    expect(cover.covers({ start: 2, end: 9 })).toBe(true);
    expect(cover.covers({ start: 6, end: 19 })).toBe(true);
    expect(cover.covers({ start: 2, end: 15 })).toBe(false);
    expect(cover.covers({ start: 21, end: 22 })).toBe(false);
  });
});

describe('firstEndingAfter', () => {
  // Demo spans as the rule keeps them: sorted by start and not overlapping (so their ends rise too).
  const spans = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 6 })), { maxLength: 40 })
    .map((parts) => {
      let at = 0;
      return parts.map(([gap, length]) => {
        const s = { start: at + gap, end: at + gap + length };
        at = s.end;
        return s;
      });
    });
  const plain = (covered: readonly { start: number; end: number }[], pos: number) => {
    const i = covered.findIndex((c) => c.end > pos);
    return i < 0 ? covered.length : i;
  };

  it('finds the first span ending after a position from any hint, as a pass over the spans does', () => {
    fc.assert(
      fc.property(spans, fc.array(fc.tuple(fc.integer({ min: -2, max: 260 }), fc.integer({ min: -3, max: 45 })), { maxLength: 25 }), (covered, queries) => {
        for (const [pos, hint] of queries) expect(firstEndingAfter(covered, pos, hint)).toBe(plain(covered, pos));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answers when the hint is the last answer, for positions in rising and in any order', () => {
    fc.assert(
      fc.property(spans, fc.array(fc.integer({ min: 0, max: 260 }), { maxLength: 25 }), (covered, positions) => {
        for (const order of [[...positions].sort((a, b) => a - b), positions]) {
          let hint = 0;
          for (const pos of order) {
            hint = firstEndingAfter(covered, pos, hint);
            expect(hint).toBe(plain(covered, pos));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
