/**
 * Prompt perturbations as span edits on the document. An edit replaces a source
 * span with *decoded* text (what the model reads); the renderer applies edits
 * to decoded segments, so JSON escapes or YAML folding never leak into prompts.
 */
import type { Exemplar, Span } from '../model/types.js';
import { indexOfLetter, letterOf } from './answers.js';

export interface PromptEdit {
  span: Span;
  /** Decoded replacement text. */
  text: string;
}

/**
 * Reorder a demo's options: `order[p]` is the original index of the option
 * shown at position p. Every letter the answer and rationale cite is rewritten
 * to the option's new letter, so the demo stays correct.
 */
export function permuteDemoOptions(ex: Exemplar, order: readonly number[]): PromptEdit[] {
  const opts = ex.options;
  if (order.length !== opts.length) throw new Error(`permutation of ${order.length} for ${opts.length} options`);
  const edits: PromptEdit[] = [];
  const newPos = new Array<number>(opts.length);
  order.forEach((orig, p) => (newPos[orig] = p));
  for (let p = 0; p < opts.length; p++) {
    if (order[p] === p) continue;
    edits.push({ span: opts[p]!.text.sourceSpan(), text: opts[order[p]!]!.text.text });
  }
  const letterIdx = new Map(opts.map((o, i) => [o.letter, i] as const));
  const seen = new Set<number>();
  for (const c of ex.letterCitations) {
    const orig = letterIdx.get(c.letter.toUpperCase()) ?? -1;
    if (orig < 0 || seen.has(c.span.start)) continue;
    seen.add(c.span.start);
    const to = letterOf(newPos[orig]!);
    if (to !== c.letter.toUpperCase()) edits.push({ span: c.span, text: c.letter === c.letter.toLowerCase() ? to.toLowerCase() : to });
  }
  return edits;
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
