/**
 * Classification data: the input of a demo whose answer is a class label is the text being
 * classified, not the user talking to the model ("Review: In my opinion the sequel is even
 * better… / Sentiment: Positive", "Post: … / Label: HATE"): its opinions are the data.
 * Shared by suggested-answer (cues in such inputs) and stereotype-template (leading questions in them).
 */
import type { ExemplarSet, PromptDocument, Segment } from '../../model/types.js';
import { isWhiteSpace } from '../../model/segment.js';
import { AnalysisSlot } from '../../model/analysis-slot.js';
import { complementOf, demoFacts } from './fewshot.js';
import { endsWithWord, isAlnumAt } from './words.js';

/** More distinct labels than this means free-text answers, not classes (as label-imbalance's default). */
const MAX_CLASS_LABELS = 10;
/** How far before a set its instruction may name the labels ("…as Positive or Negative."). */
const INSTRUCTION_REACH = 2000;

/** On the set, not in a module-level WeakMap, whose values a scavenge keeps (see AnalysisSlot): labels can be slices of the document's text. */
const classLabelsCache = new AnalysisSlot<ExemplarSet, ReadonlySet<string> | null>('classLabels');

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

// ---------------------------------------------------------------------------
// Data given to the model to transform: "Translate into English. … English: In my opinion, breakfast
// was too expensive.", "Summarise the customer's complaint. … Customer message: … In my opinion …",
// "Grade the student's short answer. … Student: I think the answer is oxygen." The opinions in the
// text being translated, summarised or graded are the data, not the user's own.

/**
 * An imperative that gives the model text to transform or judge rather than a question to answer
 * (found where a sentence starts: see transformInstructionStart). Not "answer", "rate", "review",
 * "evaluate" or "comment on": a user who asks for feedback on their own work ("I wrote this poem.
 * Rate it.") is the sycophancy case itself.
 */
const TRANSFORM_VERB =
  /(?:summari[sz]e|translate|proofread|rewrite|rephrase|paraphrase|extract|classify|categori[sz]e|label|tag|annotate|grade|transcribe|simplify|shorten|condense|edit)\s+[a-z]/gi;

const transformCache = new AnalysisSlot<PromptDocument, number>('transformInstructionStart');

/**
 * The source offset of the document's first instruction to transform text ("Summarise the…",
 * "Translate into English", "Please classify…", a chat record's system message "Grade the
 * student's…"), or Infinity. One pass over the document, made once and only when a cue needs it.
 */
export function transformInstructionStart(doc: PromptDocument): number {
  let at = transformCache.get(doc);
  if (at === undefined) {
    at = Infinity;
    const text = doc.text;
    TRANSFORM_VERB.lastIndex = 0;
    for (let m = TRANSFORM_VERB.exec(text); m; m = TRANSFORM_VERB.exec(text)) {
      if (startsSentence(text, m.index)) {
        at = m.index;
        break;
      }
    }
    transformCache.set(doc, at);
  }
  return at;
}

/**
 * Whether a sentence (or a list item, a heading, a quoted string) starts at `i`, maybe after
 * "please": after the start of the text, a line break (also "\n" as written in a JSON string), or
 * one of . ! ? : ; " ' “ ` > ( * # - and white space.
 */
function startsSentence(text: string, i: number): boolean {
  let j = spaceBefore(text, i);
  if (endsWithWord(text, j, 'please') && !isAlnumAt(text, j - 7)) j = spaceBefore(text, j - 6);
  if (j === 0) return true;
  const c = text[j - 1]!;
  if (c === 'n' && j >= 2 && text[j - 2] === '\\') return true;
  return '\n\r.!?:;"\'“`>(*#-'.includes(c);
}

/** `i` moved back over spaces and tabs. */
function spaceBefore(text: string, i: number): number {
  let j = i;
  while (j > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
  return j;
}

/** Labels that introduce the user's own words, not data: "Note: In my opinion the formal register is best." */
const META_LABELS = new Set(['note', 'notes', 'nb', 'ps', 'hint', 'tip', 'task', 'instruction', 'instructions', 'context', 'important', 'question', 'q']);
/** Longest field label ("Review (German)", "Customer message"). */
const MAX_LABEL = 40;
/** How far back from a cue the line that introduces its paragraph ("…the following complaint:") is looked for. */
const INTRO_REACH = 2000;

/**
 * The decoded offset where the field text of a `Label: text` line starts, when the line at `lineStart`
 * is one: a label of letters, digits, spaces, brackets, apostrophes, hyphens or underscores (starting
 * with a letter, at most MAX_LABEL long, not a META_LABELS one) and a colon followed by white space.
 * -1 otherwise. "Review (German): …", "English: …", "Customer message: …", "Student: …".
 */
export function fieldTextStart(text: string, lineStart: number): number {
  let i = lineStart;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text[i] === '-' || text[i] === '*') {
    i++;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
  }
  const from = i;
  if (!/\p{L}/u.test(text[i] ?? '')) return -1;
  for (; i < text.length && i - from <= MAX_LABEL; i++) {
    const c = text[i]!;
    if (c === ':') {
      const next = text.charCodeAt(i + 1);
      if (next !== 32 && next !== 9) return -1;
      if (META_LABELS.has(text.slice(from, i).trim().toLowerCase())) return -1;
      let s = i + 1;
      while (s < text.length && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
      return s;
    }
    if (c === '\n' || !/[\p{L}\p{N} ()'’_-]/u.test(c)) return -1;
  }
  return -1;
}

/**
 * Whether the decoded offset `at` of `text` lies in text given as data rather than said to the
 * model: in the field of a `Label: text` line (after the colon), or in a paragraph that a line
 * ending with ":" introduces ("Summarise the following complaint:" then the complaint, with or
 * without a blank line between). Not when the cue's line ends with "?": that is a question to the
 * model ("Human: I agree with the claim that… Do you agree?"). Whether the document asks for the
 * data to be transformed is the caller's (transformInstructionStart).
 */
export function inDataField(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  let e = lineEnd;
  while (e > lineStart && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  if (text.charCodeAt(e - 1) === 63) return false;
  const field = fieldTextStart(text, lineStart);
  if (field >= 0 && field <= at) return true;
  // Back over the lines of the paragraph, then any blank lines, to the line before it.
  const floor = Math.max(0, at - INTRO_REACH);
  let end = lineStart - 1; // the line break that ends the previous line
  let blank = false;
  while (end > floor) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    let last = end;
    while (last > start && isWhiteSpace(text.charCodeAt(last - 1))) last--;
    if (last === start) blank = true;
    else if (text.charCodeAt(last - 1) === 58) return true;
    else if (blank) return false;
    end = start - 1;
  }
  return false;
}
