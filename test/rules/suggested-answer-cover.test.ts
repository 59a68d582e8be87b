import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnswerCover } from '../../server/src/rules/suggested-answer.js';

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
