// stereotype-template looks up the demo question (or answer) that holds a finding by binary search over the set's
// parts when they lie in source order apart (`firstPartHolding`), else by a walk: both must give the same exemplar.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstPartHolding, firstPartHoldingByWalk, inClassifiedInputOf } from '../../server/src/rules/stereotype-template';
import { dataLabels } from '../../server/src/rules/shared/class-labels';
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

// inClassifiedInput looks for the demo that holds a finding only in a set with class labels, or when a later set may
// hold the finding too: it must answer as the plain walk over every set that holds the span.
describe('stereotype-template: a finding in a classified input', () => {
  type Q = { sourceStart: number; sourceEnd: number; text: string };
  /** The plain reading: the first set that holds the span and has a question holding it decides. */
  function plain(sets: readonly ExemplarSet[], span: { start: number; end: number }, labelsOf: (set: ExemplarSet) => ReadonlySet<string> | undefined): boolean {
    for (const set of sets) {
      if (span.start < set.span.start || span.end > set.span.end) continue;
      const i = firstPartHoldingByWalk(set, 'question', span.start, span.end);
      if (i >= 0) return dataLabels(set.exemplars[i]!.question!, labelsOf(set)) !== undefined;
    }
    return false;
  }
  const question = fc.tuple(fc.nat(60), fc.nat(8), fc.boolean()).map(([s, len, asks]): Q => ({ sourceStart: s, sourceEnd: s + len, text: asks ? 'Why?' : 'Post.' }));
  /** Sets that may overlap, with questions anywhere (out of order, overlapping, outside the set), some with labels. */
  const sets = fc.array(
    fc.record({ start: fc.nat(40), len: fc.nat(40), labelled: fc.boolean(), questions: fc.array(fc.option(question, { nil: undefined }), { maxLength: 8 }) }),
    { maxLength: 4 },
  );
  const span = fc.tuple(fc.nat(80), fc.nat(6)).map(([s, len]) => ({ start: s, end: s + len }));
  it('answers as the plain walk over the sets', () => {
    fc.assert(
      fc.property(sets, fc.array(span, { minLength: 1, maxLength: 10 }), (specs, spans) => {
        const labels = new Set(['hate', 'ok']);
        const made = specs.map(
          (x) => ({ span: { start: x.start, end: x.start + x.len }, exemplars: x.questions.map((q) => ({ question: q })), labelled: x.labelled }) as unknown as ExemplarSet & { labelled: boolean },
        );
        const labelsOf = (set: ExemplarSet) => ((set as ExemplarSet & { labelled: boolean }).labelled ? labels : undefined);
        for (const s of spans) expect(inClassifiedInputOf(made, s, labelsOf)).toBe(plain(made, s, labelsOf));
      }),
      { numRuns: 2000 },
    );
  });
});
