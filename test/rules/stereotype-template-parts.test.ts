// stereotype-template looks up the demo question (or answer) that holds a finding by binary search over the set's
// parts when they lie in source order apart (`firstPartHolding`), else by a walk: both must give the same exemplar.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstPartHolding, firstPartHoldingByWalk } from '../../server/src/rules/stereotype-template';
import type { ExemplarSet } from '../../server/src/model/types';

type Part = { sourceStart: number; sourceEnd: number } | undefined;

function setOf(parts: Part[], part: 'question' | 'output'): ExemplarSet {
  return { exemplars: parts.map((p) => ({ [part]: p })) } as unknown as ExemplarSet;
}

/** Parts in source order with a gap after each (some exemplars without one), as a demo set's questions lie. */
const apart = fc.array(fc.tuple(fc.nat(5), fc.nat(6), fc.boolean()), { maxLength: 30 }).map((xs) => {
  let at = 0;
  return xs.map(([gap, len, has]): Part => {
    const start = at + gap + 1;
    at = start + len;
    return has ? { sourceStart: start, sourceEnd: start + len } : undefined;
  });
});
/** Any parts: out of order, overlapping, touching. */
const anyParts = fc.array(
  fc.option(fc.tuple(fc.nat(60), fc.nat(8)).map(([s, len]) => ({ sourceStart: s, sourceEnd: s + len })), { nil: undefined }),
  { maxLength: 30 },
);
const query = fc.tuple(fc.nat(200), fc.nat(6)).map(([s, len]) => [s, s + len] as const);

describe('stereotype-template: the part that holds a span', () => {
  for (const part of ['question', 'output'] as const) {
    it(`finds the first ${part} holding a span as a walk does (parts apart: binary search)`, () => {
      fc.assert(
        fc.property(apart, fc.array(query, { minLength: 1, maxLength: 20 }), (parts, queries) => {
          const set = setOf(parts, part);
          for (const [s, e] of queries) expect(firstPartHolding(set, part, s, e)).toBe(firstPartHoldingByWalk(set, part, s, e));
          // Every part's own span and its ends, where an off-by-one would show.
          parts.forEach((p) => {
            if (!p) return;
            for (const [s, e] of [[p.sourceStart, p.sourceEnd], [p.sourceStart, p.sourceStart], [p.sourceEnd, p.sourceEnd], [p.sourceEnd - 1, p.sourceEnd]])
              expect(firstPartHolding(set, part, s, e)).toBe(firstPartHoldingByWalk(set, part, s, e));
          });
        }),
        { numRuns: 500 },
      );
    });
    it(`finds the first ${part} holding a span as a walk does (any parts)`, () => {
      fc.assert(
        fc.property(anyParts, fc.array(query, { minLength: 1, maxLength: 20 }), (parts, queries) => {
          const set = setOf(parts, part);
          for (const [s, e] of queries) expect(firstPartHolding(set, part, s, e)).toBe(firstPartHoldingByWalk(set, part, s, e));
        }),
        { numRuns: 500 },
      );
    });
  }
  it('finds a question inside a span of parts', () => {
    const set = setOf([{ sourceStart: 0, sourceEnd: 10 }, undefined, { sourceStart: 20, sourceEnd: 30 }, { sourceStart: 40, sourceEnd: 45 }], 'question');
    expect(firstPartHolding(set, 'question', 22, 30)).toBe(2);
    expect(firstPartHolding(set, 'question', 28, 31)).toBe(-1);
    expect(firstPartHolding(set, 'question', 0, 10)).toBe(0);
    expect(firstPartHolding(set, 'question', 12, 14)).toBe(-1);
  });
});
