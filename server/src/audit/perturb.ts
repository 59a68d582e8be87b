/**
 * Prompt perturbations as span edits on the document. An edit replaces a source
 * span with *decoded* text (what the model reads); the renderer applies edits
 * to decoded segments, so JSON escapes or YAML folding never leak into prompts.
 */
import type { Exemplar, Span } from '../model/types.js';
import { indexOfLetter } from './answers.js';
import { permuteOptionsEdits, swapOrder } from '../edits/permute-options.js';

export { swapOrder };

export interface PromptEdit {
  span: Span;
  /** Decoded replacement text. */
  text: string;
}

/**
 * Reorder a demo's options: `order[p]` is the original index of the option
 * shown at position p. Every letter the answer and rationale cite is rewritten
 * to the option's new letter, so the demo stays correct. Delegates to the shared
 * helper the lint fixes use, in its decoded-text mode.
 */
export function permuteDemoOptions(ex: Exemplar, order: readonly number[]): PromptEdit[] {
  return permuteOptionsEdits(ex, order).map((e) => ({ span: e.span, text: e.newText }));
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
