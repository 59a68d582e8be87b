/**
 * Prompt perturbations as span edits on the document. An edit replaces a source
 * span with *decoded* text (what the model reads); the renderer applies edits
 * to decoded segments, so JSON escapes or YAML folding never leak into prompts.
 */
import type { Exemplar, Span } from '../model/types.js';
import { indexOfLetter } from './answers.js';
import { answersByPosition, permuteOptionsEdits, positionAnswerEdit, positionAnswerSpan, swapOrder } from '../edits/permute-options.js';

export { swapOrder };

export interface PromptEdit {
  span: Span;
  /** Decoded replacement text. */
  text: string;
  /**
   * Set on the edit of a demo's answer given by position (an index, a digit label):
   * the 0-based position its option is shown at after the reordering, so a canonical
   * rendering can name it by letter.
   */
  position?: number;
}

/**
 * Reorder a demo's options: `order[p]` is the original index of the option
 * shown at position p. Every letter the answer and rationale cite is rewritten
 * to the option's new letter, and an answer given by position (an MMLU index,
 * an ARC digit `answerKey`) to its option's new position, so the demo stays
 * correct. Delegates to the shared helper the lint fixes use, in its
 * decoded-text mode; `sourceText` is the document's text (to read the number an
 * answer by position writes, and the case each cited letter is written in).
 *
 * Undefined when the demo's answer names its option by position in a form that
 * cannot be rewritten (see `positionAnswerEdit`): moving its options would
 * change its gold, so the demo must be left as written. Also undefined for a YAML
 * record with an anchor or an alias in it (Exemplar.yamlRefs), and for a judge demo that
 * says more than its verdict (Exemplar.namesOptions).
 */
export function permuteDemoOptions(ex: Exemplar, order: readonly number[], sourceText: string): PromptEdit[] | undefined {
  // A YAML record with anchors or aliases (a gold `*b`): its spans are the alias's, not the text the model reads.
  if (ex.yamlRefs) return undefined;
  // A judge demo whose rationale may name a response in words ("Response A is correct"), which is not rewritten.
  if (ex.namesOptions) return undefined;
  const edits: PromptEdit[] = permuteOptionsEdits(ex, order, undefined, sourceText).map((e) => ({ span: e.span, text: e.newText }));
  if (!answersByPosition(ex)) return edits;
  const answer = positionAnswerEdit(ex, order, sourceText);
  if (!answer) return undefined;
  edits.push({ span: answer.span, text: answer.newText, position: answer.position });
  return edits;
}

/** The shown position of a demo's answer given by position: from the edit that moved it, else its gold index. */
export function shownAnswerPosition(ex: Exemplar, edits: readonly PromptEdit[]): number | undefined {
  const span = ex.answer ? positionAnswerSpan(ex.answer) : undefined;
  const moved = span ? edits.find((e) => e.position !== undefined && e.span.start === span.start && e.span.end === span.end) : undefined;
  return moved ? moved.position : goldIndex(ex);
}

/** The gold option index of a demo: its answer letter, or the option whose text its answer label names. */
export function goldIndex(ex: Exemplar): number | undefined {
  const a = ex.answer;
  if (!a) return undefined;
  if (a.letter) {
    const i = ex.options.findIndex((o) => o.letter === a.letter!.toUpperCase());
    if (i >= 0) return i;
    const j = indexOfLetter(a.letter);
    return j >= 0 && j < ex.options.length ? j : undefined;
  }
  if (a.label) {
    const norm = (s: string) => s.trim().toLowerCase().replace(/[.\s]+$/, '');
    const i = ex.options.findIndex((o) => norm(o.text.text) === norm(a.label!));
    return i >= 0 ? i : undefined;
  }
  return undefined;
}

/** Move option `index` to the front, keeping the others in order (Turpin et al.'s "answer is always A"). */
export function moveToFrontOrder(count: number, index: number): number[] {
  return [index, ...Array.from({ length: count }, (_, i) => i).filter((i) => i !== index)];
}

/** Cyclic rotation r of n options: position p shows original option (p + r) mod n. */
export function rotationOrder(count: number, r: number): number[] {
  return Array.from({ length: count }, (_, p) => (p + r) % count);
}
