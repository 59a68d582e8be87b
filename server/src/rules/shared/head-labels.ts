/**
 * Labels at the head of an answer that goes on with a reason: "Approve. The change is small and
 * tested.", "Request changes: the migration drops a column.", "Positive - loves the battery.",
 * "Bug — crash on upload.", "Yes\nThe passage says so." The parser reads a short first line as a
 * label ("Approve. Looks fine" is one, a label of its own) and a longer one as free text; here a set
 * whose answers mostly start so is read for those heads. Precision first: only when the set has a
 * label vocabulary of such heads (each seen more than once, the known pair of another, or named by
 * the instruction), so that a QA set whose answers now and then start with "Yes." and generation
 * demos whose outputs start with varied words stay unread. Read by label-imbalance and recency-run
 * (the rules that count and compare labels); the other rules read a set's labels as the parser does.
 */
import type { ExemplarSet, PromptDocument, Span } from '../../model/types.js';
import { isWhiteSpace } from '../../model/segment.js';
import { AnalysisSlot } from '../../model/analysis-slot.js';
import { ANSWERED, classIdsFrom, complementOf, demoFacts, labelKey } from './fewshot.js';
import { hasWord, INSTRUCTION_REACH, labelsNamedIn } from './class-labels.js';

/** Each exemplar's head label (undefined for a demo without one, or that is no demo). Do not mutate. */
export interface HeadLabels {
  /** The head as labelKey normalises it (lower case, white space collapsed). */
  keys: (string | undefined)[];
  /** The head's source span: the label's words only, not the reason, marks or punctuation after it. */
  spans: (Span | undefined)[];
  /** The head as written. */
  spellings: (string | undefined)[];
}

/** A head is one to three words (letters, with inner hyphens and apostrophes), at most 40 characters. */
const MAX_HEAD_WORDS = 3;
const MAX_HEAD_CHARS = 40;
/** At least this share of the answered demos must start with a head (label-imbalance's minLabelledShare). */
const MIN_HEADED_SHARE = 0.9;
/** At least this many demos with a head. */
const MIN_HEADED = 3;
/** More distinct heads than this is no label vocabulary (label-imbalance's maxLabels). */
const MAX_HEADS = 10;

/**
 * Words that open a reply or name a field rather than give a verdict: "Sure. Here is…", "Certainly.",
 * "Summary: …", "Thought: …". A head that is one of them is no label.
 */
const NOT_LABELS = new Set([
  'sure', 'certainly', 'of course', 'absolutely', 'okay', 'ok', 'alright', 'all right', 'great', 'great question', 'good question',
  'thanks', 'thank you', 'sorry', 'hi', 'hello', 'hey', 'dear', 'got it', 'understood', 'noted', 'done', 'here', 'well', 'so', 'note',
  'nb', 'ps', 'tip', 'hint', 'summary', 'explanation', 'reason', 'reasoning', 'rationale', 'thought', 'thoughts', 'action', 'observation',
  'step', 'title', 'subject', 'response', 'result', 'input', 'question', 'context', 'user', 'assistant', 'system', 'human', 'ai', 'bot',
  'example', 'solution', 'analysis', 'feedback', 'comment', 'comments', 'details', 'overview', 'update', 'warning', 'important',
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'vs', 'etc',
]);

/** Words that open a greeting or a courtesy: a head of several words starting with one ("Hi Dana.", "Thanks Omar:") is no label. */
const OPENING_WORDS = new Set(['hi', 'hello', 'hey', 'dear', 'thanks', 'thank', 'sorry', 'sure', 'okay', 'ok', 'welcome']);

/** Field names after which the label comes ("Verdict: Approve. The change…"): the head after them is read. Also label-imbalance's (isTemplateLine). */
export const ANSWER_FIELDS: ReadonlySet<string> = new Set(['answer', 'final answer', 'label', 'verdict', 'decision', 'category', 'classification', 'sentiment', 'prediction', 'output']);

const cache = new AnalysisSlot<ExemplarSet, HeadLabels | null>('headLabels');

/**
 * The set's head labels, when its demos are read by them; undefined when they are not: a set with
 * lettered demos or integer class ids, a set whose answers are labels as the parser reads them already
 * (at least 90% of the answered demos have a label, at most 10 labels, one repeating or two a known
 * pair), or a set without a head vocabulary. A set has one when at least 90% of its answered demos
 * (at least 3) start with a head, the heads are at most 10 and, of them, two or more, each seen at
 * least twice, the known pair of another head seen (positive / negative), or named as a word by the
 * instruction (the 2,000 characters before the set, and a chat record's system message before its
 * input); a single head only when the instruction lists it among other labels ("Answer Yes or No").
 * A head the instruction does not name is no label when it is a capitalised word that the demos'
 * inputs use inside a sentence (a speaker, "Mia: I told you…" after "Tom and Mia are stuck…").
 */
export function headLabels(doc: PromptDocument, set: ExemplarSet): HeadLabels | undefined {
  let heads = cache.get(set);
  if (heads === undefined) {
    heads = computeHeadLabels(doc, set);
    cache.set(set, heads);
  }
  return heads ?? undefined;
}

function computeHeadLabels(doc: PromptDocument, set: ExemplarSet): HeadLabels | null {
  const facts = demoFacts(set);
  const answered = headsMayRead(set.shape, facts.lettered.length, facts.labelKey, facts.answered, facts.classIds);
  if (answered === 0) return null;
  const exemplars = set.exemplars;
  // The heads: the first time too many demos lack one, or there are too many, ends the reading.
  const allowedMissing = answered - Math.ceil(MIN_HEADED_SHARE * answered - 1e-9);
  const keys = new Array<string | undefined>(exemplars.length);
  const spans = new Array<Span | undefined>(exemplars.length);
  const spellings = new Array<string | undefined>(exemplars.length);
  const counts = new Map<string, number>();
  const firstSpelling = new Map<string, string>();
  let missing = 0;
  let firstQuestion = -1;
  for (let i = 0; i < exemplars.length; i++) {
    const ex = exemplars[i]!;
    if (!(ex.answer || ex.output) || ex.options.length >= 2) continue;
    if (firstQuestion < 0 && ex.question) firstQuestion = i;
    const output = ex.output;
    const head = output ? readHead(output.text) : undefined;
    if (!head) {
      if (++missing > allowedMissing) return null;
      continue;
    }
    const spelling = output!.text.slice(head.start, head.end);
    keys[i] = head.key;
    spans[i] = output!.sourceSpan(head.start, head.end);
    spellings[i] = spelling;
    const c = counts.get(head.key);
    if (c === undefined) {
      if (counts.size === MAX_HEADS) return null;
      counts.set(head.key, 1);
      firstSpelling.set(head.key, spelling);
    } else counts.set(head.key, c + 1);
  }
  if (answered - missing < MIN_HEADED) return null;

  const instruction = instructionText(doc, set, firstQuestion);
  if (counts.size === 1) {
    // One head in every demo is a vocabulary only when the instruction lists it with others.
    const named = labelsNamedIn(instruction, new Set(counts.keys()));
    if (!named || named.size < 2) return null;
    return { keys, spans, spellings };
  }
  const lower = instruction.toLowerCase();
  for (const [key, c] of counts) {
    const named = hasWord(lower, key);
    if (c < 2 && !named) {
      const other = complementOf(key);
      if (other === undefined || !counts.has(other)) return null;
    }
    if (!named && mentionedInInputs(set, firstSpelling.get(key)!)) return null;
  }
  return { keys, spans, spellings };
}

/**
 * Whether a set may be read by head labels, from what the parser read of its demos (demoFacts', or
 * LabelFacts' over a whole set gathered piece by piece): its demos' answers are not lettered, not class
 * ids and not already a label vocabulary, and at least MIN_HEADED are answered. Returns how many are
 * answered then, else 0. Only then are the demos' outputs read for heads.
 */
export function headsMayRead(shape: ExemplarSet['shape'], lettered: number, labelKeys: readonly (string | undefined)[], answeredFlags: ArrayLike<number>, ids: readonly (string | undefined)[]): number {
  if (shape === 'outputs' || lettered || classIdsFrom(lettered, labelKeys, answeredFlags, ids)) return 0;
  // The labels as the parser reads them: a vocabulary already, which the heads leave as it is.
  let answered = 0;
  let labelled = 0;
  let repeats = false;
  const seen = new Set<string>();
  for (let i = 0; i < answeredFlags.length; i++) {
    if (!(answeredFlags[i]! & ANSWERED)) continue;
    answered++;
    const key = labelKeys[i];
    if (key === undefined) continue;
    labelled++;
    if (seen.has(key)) repeats = true;
    else seen.add(key);
  }
  if (answered < MIN_HEADED) return 0;
  if (labelled >= MIN_HEADED_SHARE * answered && seen.size <= MAX_HEADS && (repeats || hasPair(seen))) return 0;
  return answered;
}

/** Whether two of `keys` are a known pair (yes / no, positive / negative, …). */
function hasPair(keys: ReadonlySet<string>): boolean {
  for (const key of keys) {
    const other = complementOf(key);
    if (other !== undefined && keys.has(other)) return true;
  }
  return false;
}

/**
 * The instruction that may name a set's labels, as written (as headLabels reads it): the text before
 * the set and the first answered demo's own text before its input (a chat record's system message).
 * Also read by label-imbalance, for a label that opens every output (a heading or a template's line).
 */
export function instructionOf(doc: PromptDocument, set: ExemplarSet): string {
  let firstQuestion = -1;
  const exemplars = set.exemplars;
  for (let i = 0; i < exemplars.length && firstQuestion < 0; i++) {
    const ex = exemplars[i]!;
    if ((ex.answer || ex.output) && ex.options.length < 2 && ex.question) firstQuestion = i;
  }
  return instructionText(doc, set, firstQuestion);
}

/**
 * The instruction that may name the labels, as written: the text before the set (up to
 * INSTRUCTION_REACH), and the first answered demo's own text before its input (a chat record's
 * system message: `{"messages": [{"role": "system", "content": "… one of: Approve, Request changes …"}, …]}`).
 */
function instructionText(doc: PromptDocument, set: ExemplarSet, firstQuestion: number): string {
  const text = doc.text;
  let s = text.slice(Math.max(0, set.span.start - INSTRUCTION_REACH), set.span.start);
  if (firstQuestion >= 0) {
    const ex = set.exemplars[firstQuestion]!;
    const inputStart = ex.question!.sourceStart;
    if (inputStart > ex.span.start) s += '\n' + text.slice(Math.max(ex.span.start, inputStart - INSTRUCTION_REACH), inputStart);
  }
  return s;
}

/**
 * Whether a demo's input uses `spelling` (one capitalised word: "Mia") inside a sentence, after a
 * letter, a digit or a comma: then it names someone or something of the data, not a class.
 */
function mentionedInInputs(set: ExemplarSet, spelling: string): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(spelling)) return false;
  for (const ex of set.exemplars) {
    const input = ex.question?.text;
    if (!input) continue;
    for (let at = input.indexOf(spelling); at >= 0; at = input.indexOf(spelling, at + 1)) {
      if (isWordChar(input, at + spelling.length)) continue;
      let j = at;
      while (j > 0 && (input.charCodeAt(j - 1) === 32 || input.charCodeAt(j - 1) === 9)) j--;
      if (j === at || j === 0) continue; // not a word of its own, or the start of the input
      if (isWordChar(input, j - 1) || input[j - 1] === ',') return true;
    }
  }
  return false;
}

function isWordChar(s: string, i: number): boolean {
  return i >= 0 && i < s.length && /[\p{L}\p{N}]/u.test(s[i]!);
}

function isLetter(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /\p{L}/u.test(s[i]!);
}

/** Emphasis and quotes around a head ("**Approve.** …", "\"Positive\" - …"). Not backticks: "```python" opens code. */
const OPEN_MARKS = '*_"“';
const CLOSE_MARKS = '*_"”';

interface Head {
  key: string;
  start: number;
  end: number;
}

/**
 * The head label at the start of an answer `text`, or undefined: one to three words of letters (inner
 * hyphens and apostrophes allowed; no digits), maybe in emphasis or quotes, followed by ". " or ": ",
 * a dash after a space (" - ", " – ", " — ") or an en or em dash, a line break, or the end of the text
 * (with a final "." or ":"). Not a single letter (a letter answer, "B. Because …"), nor a word of
 * NOT_LABELS or a greeting ("Hi Dana."); after an answer field's name ("Verdict: Approve. …") the head after it.
 */
function readHead(text: string): Head | undefined {
  const head = headFrom(text, 0);
  if (!head) return undefined;
  if (head.colon && ANSWER_FIELDS.has(head.key)) {
    const inner = headFrom(text, head.after);
    return inner && !ANSWER_FIELDS.has(inner.key) && isLabelHead(inner.key) ? inner : undefined;
  }
  return isLabelHead(head.key) ? head : undefined;
}

/** Whether a head's key may be a label: not a word of NOT_LABELS, nor several words after a greeting (OPENING_WORDS). */
function isLabelHead(key: string): boolean {
  if (NOT_LABELS.has(key)) return false;
  const space = key.indexOf(' ');
  return space < 0 || !OPENING_WORDS.has(key.slice(0, space));
}

function headFrom(text: string, from: number): (Head & { after: number; colon: boolean }) | undefined {
  const len = text.length;
  let i = from;
  while (i < len && isWhiteSpace(text.charCodeAt(i))) i++;
  for (let m = 0; m < 2 && i < len && OPEN_MARKS.includes(text[i]!); m++) i++;
  const start = i;
  for (let words = 1; ; words++) {
    if (!isLetter(text, i)) return undefined;
    i++;
    while (i < len) {
      const c = text[i]!;
      if (isLetter(text, i)) i++;
      else if ((c === '-' || c === "'" || c === '’') && isLetter(text, i + 1)) i += 2;
      else break;
    }
    const end = i;
    if (end - start > MAX_HEAD_CHARS) return undefined;
    let j = i;
    while (j < len && j - end < 2 && CLOSE_MARKS.includes(text[j]!)) j++;
    const done = (after: number, colon = false) => {
      if (end - start === 1) return undefined; // a letter
      const key = labelKey(text.slice(start, end));
      return key === undefined ? undefined : { key, start, end, after, colon };
    };
    if (j >= len) return done(j);
    const c = text[j]!;
    if (c === '.' || c === ':') {
      let k = j + 1;
      while (k < len && k - j <= 2 && CLOSE_MARKS.includes(text[k]!)) k++;
      return k >= len || isWhiteSpace(text.charCodeAt(k)) ? done(k, c === ':') : undefined;
    }
    if (c === '\n' || c === '\r' || c === '—' || c === '–') return done(j + 1);
    if (c !== ' ' && c !== '\t') return undefined;
    let k = j;
    while (k < len && (text[k] === ' ' || text[k] === '\t')) k++;
    if (k >= len || text[k] === '\n' || text[k] === '\r') return done(k);
    const d = text[k]!;
    if ((d === '-' || d === '–' || d === '—') && (k + 1 >= len || isWhiteSpace(text.charCodeAt(k + 1)))) return done(k + 1);
    // Another word of the head: after one space, with no mark between.
    if (j !== end || k !== j + 1 || words === MAX_HEAD_WORDS) return undefined;
    i = k;
  }
}
