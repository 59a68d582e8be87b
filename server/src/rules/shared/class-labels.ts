/**
 * Classification data: the input of a demo whose answer is a class label is the text being
 * classified, not the user talking to the model ("Review: In my opinion the sequel is even
 * better… / Sentiment: Positive", "Post: … / Label: HATE"): its opinions are the data.
 * Shared by suggested-answer (cues in such inputs) and stereotype-template (leading questions in them).
 */
import type { ExemplarSet, PromptDocument, Segment } from '../../model/types.js';
import { isWhiteSpace } from '../../model/segment.js';
import { complementOf, demoFacts } from './fewshot.js';
import { isAlnumAt } from './words.js';

/** More distinct labels than this means free-text answers, not classes (as label-imbalance's default). */
const MAX_CLASS_LABELS = 10;
/** How far before a set its instruction may name the labels ("…as Positive or Negative."). */
const INSTRUCTION_REACH = 2000;

const classLabelsCache = new WeakMap<ExemplarSet, ReadonlySet<string> | null>();

/**
 * The class labels of a set whose demos are classification demos, or undefined: every demo
 * with an answer has a short class label (labelKey) and fewer than two options, at least two
 * demos do, there are at most MAX_CLASS_LABELS labels, and the labels look like a label space:
 * one repeats, two are a known pair (positive/negative, yes/no…), or the text before the set
 * names every one of them. Made once per set, and only for a set with a possible cue.
 */
export function classLabels(doc: PromptDocument, set: ExemplarSet): ReadonlySet<string> | undefined {
  let labels = classLabelsCache.get(set);
  if (labels === undefined) {
    labels = computeClassLabels(doc, set);
    classLabelsCache.set(set, labels);
  }
  return labels ?? undefined;
}

function computeClassLabels(doc: PromptDocument, set: ExemplarSet): ReadonlySet<string> | null {
  const keys = demoFacts(set).labelKey;
  const exemplars = set.exemplars;
  const labels = new Set<string>();
  let n = 0;
  for (let i = 0; i < exemplars.length; i++) {
    const ex = exemplars[i]!;
    if (ex.options.length >= 2) return null;
    if (!ex.answer) continue;
    const key = keys[i];
    if (key === undefined) return null;
    labels.add(key);
    n++;
  }
  if (n < 2 || labels.size > MAX_CLASS_LABELS) return null;
  if (labels.size < n) return labels;
  for (const key of labels) {
    const other = complementOf(key);
    if (other !== undefined && labels.has(other)) return labels;
  }
  const before = doc.text.slice(Math.max(0, set.span.start - INSTRUCTION_REACH), set.span.start).toLowerCase();
  for (const key of labels) if (!hasWord(before, key)) return null;
  return labels;
}

/** Whether `text` has `word` with no letter or digit right before or after it. */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isAlnumAt(text, at - 1) && !isAlnumAt(text, at + word.length)) return true;
  }
  return false;
}

/** The classification set a test input follows (the last set starting before it), if it is one. */
export function classLabelsBefore(doc: PromptDocument, at: number): ReadonlySet<string> | undefined {
  let last: ExemplarSet | undefined;
  for (const set of doc.exemplarSets) if (set.span.start < at && (!last || set.span.start > last.span.start)) last = set;
  return last && classLabels(doc, last);
}

/**
 * `labels` when `input` is data to classify; undefined when it is a question to the model (it
 * ends with "?": "Q: I'm pretty sure it's visible. Is the Great Wall visible from space? / A: No").
 */
export function dataLabels(input: Segment, labels: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!labels) return undefined;
  const text = input.text;
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end > 0 && text.charCodeAt(end - 1) === 63 ? undefined : labels;
}
