import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpanSet } from '../../server/src/lexicon/spans.js';

/** The spans with overlapping or touching ones joined, by repeated pairwise merging. */
function joined(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const out = spans.map((s) => ({ ...s }));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        if (out[i]!.start <= out[j]!.end && out[j]!.start <= out[i]!.end) {
          out[i] = { start: Math.min(out[i]!.start, out[j]!.start), end: Math.max(out[i]!.end, out[j]!.end) };
          out.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return out;
}

describe('SpanSet', () => {
  it('contains a range exactly when one joined span holds it, for sorted and unsorted input, and leaves the input alone', () => {
    const span = fc.tuple(fc.nat(30), fc.nat(10)).map(([start, length]) => ({ start, end: start + length }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.boolean(), (spans, sort) => {
        if (sort) spans.sort((a, b) => a.start - b.start);
        const before = JSON.stringify(spans);
        const set = new SpanSet(spans);
        const union = joined(spans);
        for (let s = 0; s < 42; s++) {
          for (let e = s; e < 44; e++) expect(set.contains(s, e)).toBe(union.some((u) => u.start <= s && e <= u.end));
        }
        expect(JSON.stringify(spans)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answers for questions in any order (the span it looked at last is only a hint)', () => {
    const span = fc.tuple(fc.nat(30), fc.nat(10)).map(([start, length]) => ({ start, end: start + length }));
    const query = fc.tuple(fc.nat(42), fc.nat(6)).map(([start, length]) => [start, start + length] as const);
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.array(query, { maxLength: 40 }), (spans, queries) => {
        const set = new SpanSet(spans);
        const union = joined(spans);
        for (const [s, e] of queries) expect(set.contains(s, e)).toBe(union.some((u) => u.start <= s && e <= u.end));
      }),
      { numRuns: 300 },
    );
  });

  it('SpanSet.ofExemplars answers as a SpanSet of all the sets\' exemplar spans does, sorted or not', () => {
    const span = fc.tuple(fc.nat(30), fc.nat(10)).map(([start, length]) => ({ start, end: start + length }));
    fc.assert(
      fc.property(fc.array(fc.array(span, { maxLength: 5 }), { maxLength: 3 }), fc.boolean(), (lists, sort) => {
        if (sort) {
          const all = lists.flat().sort((a, b) => a.start - b.start);
          lists = lists.map((l) => all.splice(0, l.length));
        }
        const sets = lists.map((l) => ({ exemplars: l.map((s) => ({ span: s })) }));
        const fast = SpanSet.ofExemplars(sets);
        const plain = new SpanSet(lists.flat());
        for (let s = 0; s < 42; s++) {
          for (let e = s; e < 44; e++) expect(fast.contains(s, e)).toBe(plain.contains(s, e));
        }
      }),
      { numRuns: 300 },
    );
  });
});
