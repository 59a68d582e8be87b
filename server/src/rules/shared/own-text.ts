/**
 * Which text of a prose segment a rule reports in. A text prompt linted in parts gives each part a slice of its body
 * with some text around the part's own (see PromptDocument.proseSlice): a finding is the part's whose place is in its
 * own text, and the text around it is there only to be read by the checks of the findings near its ends (the lines,
 * sentences and words before and after them), as the whole document's would be.
 */
import type { PromptDocument } from '../../model/types.js';
import type { Segment } from '../../model/segment.js';

/** The range of `seg`'s text (decoded offsets) that `doc`'s findings may be in: all of it, unless `doc` is a part of a text prompt. */
export function ownText(doc: PromptDocument, seg: Segment): { from: number; to: number } {
  const slice = doc.proseSlice;
  if (slice === undefined) return { from: 0, to: seg.length };
  return { from: seg.decodedIndex(slice.from), to: seg.decodedIndex(slice.to) };
}
