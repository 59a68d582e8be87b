/**
 * A Segment is a piece of decoded text (what a model would read) tied to the
 * exact source offsets it came from. Plain text maps one-to-one onto the file;
 * a JSON string with escapes or a YAML block scalar does not, so such segments
 * carry a per-character offset table.
 *
 * All offsets are UTF-16 code-unit offsets into the document text, half-open.
 */
export interface Span {
  start: number;
  end: number;
}

export class Segment {
  // The fields are declared, not defined (`declare`), and set by the constructor
  // alone: a defined class field makes every `new Segment` run a separate field
  // initialiser first, which a fresh process (the CLI) pays for on each of the
  // tens of thousands of segments of a large prompt before the code is optimised.
  // The object is the same (the same own properties, in the same order).
  /** Decoded text. */
  declare readonly text: string;
  /** Source offset of text[0] when `offsets` is absent. */
  declare readonly base: number;
  /**
   * Source offset of each decoded character, plus one final entry for the end (length
   * text.length + 1). Absent means identity from `base`: then it is not a property at all
   * (see MappedSegment), so that the segments most documents are made of (tens of
   * thousands in a large prompt, all kept with the document, and copied by every
   * scavenge: class instances are never pretenured) are a field smaller.
   */
  protected declare readonly offsets?: Int32Array;

  /**
   * @param text decoded text
   * @param base source offset of text[0] when `offsets` is absent
   * @param offsets source offset of each decoded character, plus one final entry
   *   for the end (length text.length + 1). Absent means identity from `base`.
   *   Given, the segment made is a MappedSegment (a Segment with the table).
   */
  constructor(text: string, base: number, offsets?: Int32Array) {
    if (offsets) return new MappedSegment(text, base, offsets);
    this.text = text;
    this.base = base;
  }

  /** A segment that covers `doc.slice(start, end)` exactly. */
  static fromSource(docText: string, start: number, end: number): Segment {
    return new Segment(docText.slice(start, end), start);
  }

  get length(): number {
    return this.text.length;
  }

  /** Source offset of decoded index `i` (0..length). */
  sourceOffset(i: number): number {
    const clamped = Math.max(0, Math.min(i, this.text.length));
    return this.offsets ? this.offsets[clamped]! : this.base + clamped;
  }

  /** The first decoded index whose source offset is at or after `source` (offsets never decrease). */
  decodedIndex(source: number): number {
    if (!this.offsets) return Math.max(0, Math.min(source - this.base, this.text.length));
    let lo = 0;
    let hi = this.text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! < source) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `sourceSpan().start` without the span object. */
  get sourceStart(): number {
    return this.sourceOffset(0);
  }

  /** `sourceSpan().end` without the span object. */
  get sourceEnd(): number {
    const n = this.text.length;
    const s = this.sourceOffset(0);
    return n > 0 ? Math.max(s, this.sourceOffset(n - 1) + this.charSourceWidth(n - 1)) : s;
  }

  /** Source span of decoded range [start, end). */
  sourceSpan(start = 0, end = this.text.length): Span {
    if (!this.offsets) {
      // Identity (most segments): the same arithmetic inline, without the helper calls that a
      // fresh process (CLI) pays for at every span until the code is optimised.
      const n = this.text.length;
      const s = this.base + (start < 0 ? 0 : start > n ? n : start);
      if (!(end > start)) return { start: s, end: s };
      const last = end - 1;
      const e = this.base + (last < 0 ? 0 : last > n ? n : last) + 1;
      return { start: s, end: e > s ? e : s };
    }
    const s = this.sourceOffset(start);
    // The end of a non-empty range is one past its last character's source offset,
    // so that an escape like \" maps to its whole source text.
    const e = end > start ? this.sourceOffset(end - 1) + this.charSourceWidth(end - 1) : s;
    return { start: s, end: Math.max(s, e) };
  }

  /** `sourceSpan(start, end).end` without the span object (`.start` is `sourceOffset(start)`). */
  sourceSpanEnd(start: number, end: number): number {
    const s = this.sourceOffset(start);
    if (!(end > start)) return s;
    const e = this.sourceOffset(end - 1) + this.charSourceWidth(end - 1);
    return e > s ? e : s;
  }

  /** A sub-segment of decoded range [start, end). */
  slice(start: number, end = this.text.length): Segment {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    if (!this.offsets) return new Segment(this.text.slice(s, e), this.base + s);
    // subarray shares the parent's table: segments are immutable, so no copy is needed.
    return new MappedSegment(this.text.slice(s, e), this.offsets[s]!, this.offsets.subarray(s, e + 1));
  }

  /** `slice(start, end).trim()` in one step, without the intermediate segment. */
  sliceTrimmed(start: number, end = this.text.length): Segment {
    const t = this.text;
    let s = Math.max(0, Math.min(start, t.length));
    let e = Math.max(s, Math.min(end, t.length));
    while (s < e && isWhiteSpace(t.charCodeAt(s))) s++;
    while (e > s && isWhiteSpace(t.charCodeAt(e - 1))) e--;
    return this.slice(s, e);
  }

  /** The same segment with surrounding whitespace removed. */
  trim(): Segment {
    const t = this.text;
    let lead = 0;
    while (lead < t.length && isWhiteSpace(t.charCodeAt(lead))) lead++;
    let end = t.length;
    while (end > lead && isWhiteSpace(t.charCodeAt(end - 1))) end--;
    // A segment that needs no trimming is returned as is (segments are immutable), unless it has
    // a table whose first entry is not its base: its slice would have that entry as its base.
    const offsets = this.offsets;
    return lead === 0 && end === t.length && (!offsets || offsets[0] === this.base) ? this : this.slice(lead, end);
  }

  /** Whether decoded text maps one-to-one onto the source. */
  get isIdentity(): boolean {
    return !this.offsets;
  }

  private charSourceWidth(i: number): number {
    if (!this.offsets) return 1;
    const w = this.offsets[i + 1]! - this.offsets[i]!;
    return w > 0 ? w : 1;
  }
}

/**
 * A segment with an offset table (decoded text that does not map one-to-one onto its
 * source: a JSON string with escapes, a YAML block scalar). `new Segment(text, base,
 * offsets)` makes one; it has the same properties as before, in the same order.
 */
class MappedSegment extends Segment {
  constructor(text: string, base: number, offsets: Int32Array) {
    super(text, base);
    if (offsets.length !== text.length + 1) {
      throw new Error(`Segment offsets length ${offsets.length} != text length + 1 (${text.length + 1})`);
    }
    (this as unknown as { offsets: Int32Array }).offsets = offsets;
  }
}

/**
 * Whether a UTF-16 code unit is white space as the regex class `\s` defines it
 * (WhiteSpace and LineTerminator in ECMA-262), without running a regex.
 */
export function isWhiteSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether a UTF-16 code unit is an ASCII digit (NaN, past the end, is not). */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether a UTF-16 code unit is an ASCII letter or digit, or any code unit past ASCII (cheap: no Unicode class test; NaN, past the end, is not). */
export function isAlnumOrNonAsciiCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

/** Whether a UTF-16 code unit is a word character as the regex class `\w` defines it without the u flag: [A-Za-z0-9_]. */
export function isAsciiWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
