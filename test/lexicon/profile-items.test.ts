// people-in-exemplars keeps its items in parallel typed arrays (no object per item); when the groups' items are
// not in document order they are sorted there, as a stable sort of item objects by start (the outer one first) was.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortItems } from '../../server/src/lexicon/people-in-exemplars.js';

describe('sortItems', () => {
  it('orders the four arrays as a stable sort of item objects by start, then end descending', () => {
    const itemArb = fc.record({ start: fc.integer({ min: 0, max: 20 }), length: fc.integer({ min: 0, max: 5 }), group: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), (list) => {
        const items = list.map((it, k) => ({ start: it.start, end: it.start + it.length, group: it.group, index: k }));
        const starts = Int32Array.from(items, (it) => it.start);
        const ends = Int32Array.from(items, (it) => it.end);
        const groups = Int32Array.from(items, (it) => it.group);
        const indexes = Int32Array.from(items, (it) => it.index);
        sortItems(starts, ends, groups, indexes);
        const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
        expect([...starts]).toEqual(sorted.map((it) => it.start));
        expect([...ends]).toEqual(sorted.map((it) => it.end));
        expect([...groups]).toEqual(sorted.map((it) => it.group));
        expect([...indexes]).toEqual(sorted.map((it) => it.index));
      }),
      { numRuns: 300 },
    );
  });
});
