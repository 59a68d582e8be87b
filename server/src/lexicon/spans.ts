/**
 * Sorted source spans with a fast containment test, for "is this mention inside
 * an exemplar?" questions.
 */
import type { PromptDocument, Span } from '../model/types.js';

export class SpanSet {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(spans: readonly Span[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    // Merge overlaps so a binary search on starts suffices.
    const merged: Span[] = [];
    // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
    for (let sIndex = 0, sList = sorted; sIndex < sList.length; sIndex++) {
      const s = sList[sIndex]!;
      const last = merged[merged.length - 1];
      if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
      else merged.push({ start: s.start, end: s.end });
    }
    this.starts = Int32Array.from(merged.map((s) => s.start));
    this.ends = Int32Array.from(merged.map((s) => s.end));
  }

  /** Whether [start, end) lies inside one of the spans. */
  contains(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! > start) hi = mid - 1;
      else lo = mid + 1;
    }
    return hi >= 0 && end <= this.ends[hi]!;
  }
}

const exemplarCache = new WeakMap<PromptDocument, SpanSet>();

/** Spans of all exemplars (few-shot demos and dataset records) in a document. */
export function exemplarSpans(doc: PromptDocument): SpanSet {
  let s = exemplarCache.get(doc);
  if (!s) {
    s = new SpanSet(doc.exemplarSets.flatMap((set) => set.exemplars.map((e) => e.span)));
    exemplarCache.set(doc, s);
  }
  return s;
}
