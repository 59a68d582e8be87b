/**
 * The parts a document is linted in (docs/design/part-wise-lint.md). A part is a PromptDocument
 * over the whole text holding the exemplars, test inputs, prose, messages and variables that
 * start in its range of the file. It is cut only where no element is cut: between two records of
 * a dataset, never inside a prose segment (a text prompt's prose is one segment, its whole body,
 * so a text prompt is one part).
 *
 * For now the parts are cut from a parsed document, which the engine does only when asked
 * (`LintOptions.partSize`): the differential tests lint documents cut at every size and compare
 * with the whole. Parsing a large file part by part, so that each part's model can be let go,
 * comes when every rule works part-wise (stage 4 of the design).
 */
import type { Exemplar, ExemplarSet, PromptDocument, Span } from '../model/types.js';

/**
 * `doc` cut into parts of about `partSize` characters of source each (a part ends at the first
 * place it may be cut once it is that long), in source order. One part, `doc` itself, when there
 * is no place to cut or the document is no longer than `partSize`.
 */
export function documentParts(doc: PromptDocument, partSize: number): PromptDocument[] {
  if (!(partSize >= 1) || doc.text.length <= partSize) return [doc];
  const cuts = cutOffsets(doc, partSize);
  if (cuts.length === 0) return [doc];
  const n = cuts.length + 1;
  const parts: PromptDocument[] = [];
  for (let k = 0; k < n; k++) {
    parts.push({
      uri: doc.uri,
      format: doc.format,
      text: doc.text,
      messages: [],
      variables: [],
      exemplarSets: [],
      testInputs: [],
      prose: [],
      // Suppression comments and parse problems are the engine's, read from the whole document.
      comments: [],
      ...(k === 0 && doc.frontMatter ? { frontMatter: doc.frontMatter } : {}),
      problems: [],
    });
  }
  const partOf = (start: number) => partIndex(cuts, start);
  for (const m of doc.messages) parts[partOf(m.span.start)]!.messages.push(m);
  for (const v of doc.variables) parts[partOf(v.span.start)]!.variables.push(v);
  for (const t of doc.testInputs) parts[partOf(t.span.start)]!.testInputs.push(t);
  for (const seg of doc.prose) parts[partOf(seg.sourceStart)]!.prose.push(seg);
  for (const set of doc.exemplarSets) {
    // What the pieces share as their `whole`: new for each cut, as the pieces are (what rules gather of a set
    // cut into pieces is kept on it for the lint, not on the document's set).
    const whole = {};
    let piece: Exemplar[] | undefined;
    let pieceIn = -1;
    for (const ex of set.exemplars) {
      const k = partOf(ex.span.start);
      if (k !== pieceIn) {
        if (piece) parts[pieceIn]!.exemplarSets.push(setPiece(set, piece, whole));
        piece = [];
        pieceIn = k;
      }
      piece!.push(ex);
    }
    if (piece) parts[pieceIn]!.exemplarSets.push(setPiece(set, piece, whole));
  }
  return parts;
}

/** The part of a set's exemplars that falls in one part: the set's shape, kind and span, those exemplars, and `whole`. */
function setPiece(set: ExemplarSet, exemplars: Exemplar[], whole: object): ExemplarSet {
  return exemplars.length === set.exemplars.length ? set : { shape: set.shape, span: set.span, exemplars, kind: set.kind, whole };
}

/** The index of the part that holds offset `at`: the number of cuts at or before it. */
function partIndex(cuts: readonly number[], at: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where to cut: offsets where an exemplar, test input or prose segment starts and that no
 * element's span holds inside it (start < offset < end), each at least `partSize` after the
 * last cut. Sorted; no cut at 0.
 */
function cutOffsets(doc: PromptDocument, partSize: number): number[] {
  const spans: Span[] = [];
  const starts: number[] = [];
  for (const set of doc.exemplarSets)
    for (const ex of set.exemplars) {
      spans.push(ex.span);
      starts.push(ex.span.start);
    }
  for (const t of doc.testInputs) {
    spans.push(t.span);
    starts.push(t.span.start);
  }
  for (const seg of doc.prose) {
    spans.push({ start: seg.sourceStart, end: seg.sourceEnd });
    starts.push(seg.sourceStart);
  }
  for (const m of doc.messages) spans.push(m.span);
  for (const v of doc.variables) spans.push(v.span);
  spans.sort((a, b) => a.start - b.start);
  starts.sort((a, b) => a - b);
  const cuts: number[] = [];
  let last = 0;
  let si = 0;
  /** The furthest end of the spans that start before the candidate. */
  let reach = 0;
  for (const c of starts) {
    while (si < spans.length && spans[si]!.start < c) reach = Math.max(reach, spans[si++]!.end);
    if (c - last < partSize || reach > c || c <= 0 || c >= doc.text.length) continue;
    cuts.push(c);
    last = c;
  }
  return cuts;
}
