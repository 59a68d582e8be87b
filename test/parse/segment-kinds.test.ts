import { describe, expect, it } from 'vitest';
import { Segment } from '../../server/src/model/segment.js';

describe('Segment with and without an offset table', () => {
  it('an identity segment has no offsets property; one made with a table keeps it, and both are Segments', () => {
    const plain = new Segment('hello', 10);
    expect(Object.keys(plain)).toEqual(['text', 'base']);
    expect(plain.isIdentity).toBe(true);
    expect(plain.sourceSpan(1, 3)).toEqual({ start: 11, end: 13 });

    // "a\"b" decoded as a"b: the quote's escape takes two source characters.
    const table = Int32Array.from([1, 2, 4, 5]);
    const mapped = new Segment('a"b', 1, table);
    expect(mapped).toBeInstanceOf(Segment);
    expect(Object.keys(mapped)).toEqual(['text', 'base', 'offsets']);
    expect(mapped.isIdentity).toBe(false);
    expect(mapped.sourceSpan(1, 2)).toEqual({ start: 2, end: 4 });
    const sub = mapped.slice(1);
    expect(sub).toBeInstanceOf(Segment);
    expect(sub.isIdentity).toBe(false);
    expect(sub.text).toBe('"b');
    expect(sub.sourceSpan()).toEqual({ start: 2, end: 5 });
    // Nothing to trim: the segment itself (its table starts at its base), as a plain one.
    expect(mapped.trim()).toBe(mapped);
    expect(plain.trim()).toBe(plain);
    // A table that does not start at the base (a YAML scalar's, clamped): trimmed, its base is the table's first entry, as a slice's.
    const shifted = new Segment('ab', 3, Int32Array.from([4, 5, 6]));
    const trimmed = shifted.trim();
    expect(trimmed).not.toBe(shifted);
    expect(trimmed.base).toBe(4);
    expect(trimmed.sourceSpan()).toEqual(shifted.sourceSpan());
    expect(trimmed.base).toBe(shifted.slice(0).base);
    // Something to trim: a new segment either way.
    const padded = new Segment(' a"b ', 0, Int32Array.from([0, 1, 2, 4, 5, 6]));
    expect(padded.trim().text).toBe('a"b');
    expect(padded.trim().sourceSpan()).toEqual({ start: 1, end: 5 });
  });

  it('rejects a table of the wrong length', () => {
    expect(() => new Segment('abc', 0, new Int32Array(3))).toThrow(/offsets length 3 != text length \+ 1/);
  });
});
