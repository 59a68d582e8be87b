/**
 * Classification data: the input of a demo whose answer is a class label is the text being
 * classified, not the user talking to the model ("Review: In my opinion the sequel is even
 * better… / Sentiment: Positive", "Post: … / Label: HATE"): its opinions are the data.
 * Shared by suggested-answer (cues in such inputs) and stereotype-template (leading questions in them).
 * The labels the instruction names (labelsNamedBefore) are label-imbalance's label space too.
 */
import type { ExemplarSet, PromptDocument, Segment } from '../../model/types.js';
import { isWhiteSpace } from '../../model/segment.js';
import { AnalysisSlot } from '../../model/analysis-slot.js';
import { lineEndFrom, lineStartBefore } from '../../model/lines.js';
import { HAS_ANSWER, complementOf, demoFacts, labelKey } from './fewshot.js';
import { endsWithWord, isAlnumAt } from './words.js';

/** More distinct labels than this means free-text answers, not classes (as label-imbalance's default). */
const MAX_CLASS_LABELS = 10;
/** How far before a set its instruction may name the labels ("…as Positive or Negative."). */
export const INSTRUCTION_REACH = 2000;

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
  const facts = demoFacts(set);
  return classLabelsFrom(facts.withOptions, facts.labelKey, facts.answered, doc.text, set.span.start);
}

/**
 * classLabels' decision, from the per-exemplar facts it reads (demoFacts', or LabelFacts' over a whole set
 * gathered piece by piece): `withOptions`, how many exemplars have two options or more; `keys` and `answered`
 * (DemoFacts.answered's bits) per exemplar; the document's `text` and where the set starts (for the labels
 * its instruction names).
 */
export function classLabelsFrom(withOptions: number, keys: readonly (string | undefined)[], answered: ArrayLike<number>, text: string, setStart: number): ReadonlySet<string> | null {
  if (withOptions > 0) return null;
  const labels = new Set<string>();
  let n = 0;
  for (let i = 0; i < answered.length; i++) {
    if (!(answered[i]! & HAS_ANSWER)) continue;
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
  return labelsNamedBefore(text, setStart, labels) ? labels : null;
}

/**
 * The labels that the text before a set (its instruction, up to INSTRUCTION_REACH before `setStart` in the
 * document's `text`) names, when it
 * names every one of `observed` (the set's label keys, as labelKey gives them); undefined when it
 * does not. Then `observed`, or, when one inline list of the instruction holds every observed label,
 * that list's labels in its order ("Classify the message into one of: `billing`, `technical`,
 * `account`, `other`." for demos labelled billing and technical gives all four). Shared by
 * classLabels (is it a label space?) and label-imbalance (how large is it?).
 */
export function labelsNamedBefore(text: string, setStart: number, observed: ReadonlySet<string>): ReadonlySet<string> | undefined {
  if (observed.size === 0) return undefined;
  return labelsNamedIn(text.slice(Math.max(0, setStart - INSTRUCTION_REACH), setStart), observed);
}

/**
 * labelsNamedBefore's reading of an instruction given as text, as written (its capitals tell a label from
 * prose: "Reply Approve or Reject on the first line"): undefined unless it names every one of `observed`
 * (lower case, not empty) as a word, in any case; then the inline list that holds them all, when it names
 * more, else `observed`. Also read by headLabels, for an instruction in a chat record's system message.
 */
export function labelsNamedIn(instruction: string, observed: ReadonlySet<string>): ReadonlySet<string> | undefined {
  if (observed.size === 0) return undefined;
  const before = instruction.toLowerCase();
  // Capitals are read where lower-casing kept every offset (it does but for a few letters: "İ").
  const cased = before.length === instruction.length ? instruction : undefined;
  for (const key of observed) if (!hasWord(before, key)) return undefined;
  // The nearest list around an occurrence of the first observed label that holds them all.
  const first = observed.values().next().value!;
  let found: string[] | undefined;
  let foundEnd = -1;
  for (let at = before.indexOf(first); at >= 0; at = before.indexOf(first, at + 1)) {
    // Not inside a label of the list found ("spam" of "Spam or Not spam").
    if (at < foundEnd || isAlnumAt(before, at - 1) || isAlnumAt(before, at + first.length)) continue;
    const list = listAround(before, cased, at, observed);
    if (list) ({ labels: found, end: foundEnd } = list);
  }
  return found && found.length > observed.size && found.length <= MAX_CLASS_LABELS ? new Set(found) : observed;
}

/** Marks around a label in an instruction ("`billing`", "\"Positive\"", "**spam**"). */
const OPEN_MARKS = '`"\'*“‘';
const CLOSE_MARKS = '`"\'*”’';
/** Words a list of labels may follow ("… as positive, negative or neutral", "one of billing, …"). */
const LIST_OPENERS = ['as', 'of', 'either', 'into', 'from', 'among', 'is', 'are', 'be', 'with'];
/** Words after a list's last label that end the list, as "." or "," does: "Reply Approve or Reject on the first line". */
const LIST_ENDERS: ReadonlySet<string> = new Set([
  'on', 'in', 'at', 'for', 'to', 'with', 'as', 'by', 'from', 'after', 'before', 'under', 'into', 'within', 'without', 'per', 'below', 'above', 'then',
]);
/** Words that are no label of a list read by its capitals (in any case: "Then", "The", "Next, Approve or Reject …"). */
const NOT_LABEL_WORDS: ReadonlySet<string> = new Set([
  ...LIST_ENDERS, 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'each', 'every', 'all', 'any', 'some', 'one', 'it', 'its', 'their',
  'your', 'our', 'my', 'his', 'her', 'them', 'they', 'you', 'we', 'i', 'he', 'she', 'and', 'or', 'but', 'nor', 'so', 'if', 'when', 'while',
  'next', 'first', 'last', 'also', 'only', 'just', 'please', 'again', 'here', 'there', 'is', 'are', 'was', 'be', 'do', 'does',
]);
/** Nouns that say what a capitalised word is in prose: "a Summary or Overview section", "the Approve or Reject button". */
const TEXT_NOUNS: ReadonlySet<string> = new Set([
  'heading', 'headings', 'header', 'headers', 'title', 'titles', 'section', 'sections', 'line', 'lines', 'label', 'labels', 'tag', 'tags',
  'word', 'words', 'prefix', 'field', 'fields', 'paragraph', 'paragraphs', 'sentence', 'block', 'style', 'format', 'button', 'buttons',
  'link', 'tab', 'page', 'column', 'row', 'box', 'badge', 'option', 'options', 'verdict', 'decision', 'answer', 'reply', 'response', 'status',
  'note', 'notes', 'report', 'reports', 'entry', 'entries', 'message', 'messages', 'email', 'emails', 'post', 'posts', 'template', 'templates',
]);
/** Most words of a label read by its capitals ("Request changes", "Needs more info"). */
const MAX_NAMED_WORDS = 3;
/** "one of", "one of the following", "one of these labels", before a comma list of capitalised labels (maybe with a colon). */
const ALTERNATIVES_OPENER = /(?:^|[^\p{L}\p{N}])one of(?: the following| these| the| the following [a-z]+| these [a-z]+)? *:? *$/u;

interface ListItem {
  key: string;
  start: number;
  end: number;
  quoted: boolean;
  /** Unquoted, and its first letter is upper case in the instruction as written. */
  capital: boolean;
}

function isLabelChar(s: string, i: number): boolean {
  return isAlnumAt(s, i) || s[i] === '-' || s[i] === '_';
}

/** Whether `cased` (the instruction as written, when its offsets are the lower-cased text's) has an upper-case letter at `i`. */
function isUpperAt(cased: string | undefined, i: number): boolean {
  if (cased === undefined || i < 0 || i >= cased.length) return false;
  const c = cased.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return /\p{Lu}/u.test(cased[i]!);
}

/**
 * The labels of the inline list (items joined by ",", ", or", " or ", "/" or "|", on one line) that
 * holds the observed label at `at` of `text` (lower case; `cased`, the same text as written, when known),
 * in order, when it holds every observed label. An item not observed counts only when it cannot be prose:
 * quoted ("`account`") and then a separator or the list's end (". ) ] ; : ? !", a comma or the line's end),
 * or a word after " or " that ends the list, or a word between separators up to such an item; before the
 * first observed label, a word counts when the list starts with it (at the line's start, after ":", "(" or
 * "[", or after a word such as "as" or "of"), and a word of NOT_LABEL_WORDS ends the list there ("Next,
 * approve or reject."). "Answer yes or no, briefly." names yes and no; "positive,
 * negative or neutral", three; "billing, technical, account, other" with demos of billing and technical,
 * only those two. A list of quoted or capitalised labels (one to three words: "Request changes") also ends at
 * a word of LIST_ENDERS (a preposition, "then"; "and" after "or"), and such a label counts after "or", "/" or
 * "|" ("Reply Approve or Reject on the first line"), after "one of" ("one of: Approve, Request changes."),
 * and before the observed label in a list that so ends and holds an "or" ("Reply Request changes or Approve
 * on …"). Not a word of NOT_LABEL_WORDS, nor a label of several words that ends with a noun of TEXT_NOUNS
 * ("a Summary or Overview section") or an adverb in "-ly", nor a capitalised word at a sentence's start
 * before a comma ("Next, Approve or Reject …").
 */
function listAround(text: string, cased: string | undefined, at: number, observed: ReadonlySet<string>): { labels: string[]; end: number } | undefined {
  const lineStart = lineStartBefore(text, at);
  const lineEnd = lineEndFrom(text, at);
  let start = at;
  while (start > lineStart && OPEN_MARKS.includes(text[start - 1]!)) start--;
  const firstItem = itemAt(text, cased, start, lineEnd, observed);
  if (!firstItem || !observed.has(firstItem.key)) return undefined;
  /** Observed, quoted, or capitalised and no word of NOT_LABEL_WORDS. */
  const strong = (item: ListItem) => observed.has(item.key) || item.quoted || (item.capital && !NOT_LABEL_WORDS.has(firstWord(item.key)));

  // The items before the first observed label, read back; `orAfter`: joined to the next by "or", "/" or "|".
  const before: { item: ListItem; orAfter: boolean }[] = [];
  let confirmedBefore = 0;
  for (let item = firstItem; ; ) {
    const prevEnd = separatorBefore(text, item.start, lineStart);
    if (prevEnd < 0) break;
    let p = itemBefore(text, cased, prevEnd, lineStart, observed);
    // "Next, approve or reject.": a word of NOT_LABEL_WORDS ends the list.
    if (!p || (!p.quoted && !observed.has(p.key) && NOT_LABEL_WORDS.has(p.key))) break;
    let opens = opensList(text, p.start, lineStart);
    if (!observed.has(p.key) && !p.quoted && !opens && !p.capital) {
      const longer = longerLabelBefore(text, cased, p, lineStart);
      if (longer) {
        p = longer;
        opens = opensList(text, p.start, lineStart);
      }
    }
    before.push({ item: p, orAfter: joinsAlternatives(text, prevEnd, item.start) });
    if (observed.has(p.key) || p.quoted || opens) confirmedBefore = before.length;
    item = p;
  }
  // Where the strong items before start: a list after "one of" is one of alternatives, "or" or not.
  let strongBefore = 0;
  while (strongBefore < before.length && strong(before[strongBefore]!.item)) strongBefore++;
  const listStart = strongBefore ? before[strongBefore - 1]!.item.start : firstItem.start;
  const alternatives = ALTERNATIVES_OPENER.test(text.slice(Math.max(lineStart, listStart - 40), listStart));

  const after: ListItem[] = [];
  let confirmed = 0;
  /** Whether "or", "/" or "|" joins two of the confirmed items after. */
  let orAfter = false;
  let orSoFar = false;
  let allStrong = true;
  for (let item = firstItem; ; ) {
    const next = separatorAfter(text, item.end, lineEnd);
    if (next < 0) break;
    let n = itemAt(text, cased, next, lineEnd, observed);
    if (!n) break;
    const orBefore = joinsAlternatives(text, item.end, next);
    let continues = separatorAfter(text, n.end, lineEnd) >= 0;
    let closes = closesList(text, n.end, lineEnd);
    let ends = !continues && !closes && endsList(text, n.end, lineEnd, orBefore);
    if (!continues && !closes && !ends && n.capital && !observed.has(n.key)) {
      const longer = longerLabelAt(text, n, lineEnd, orBefore);
      if (longer) {
        n = longer;
        continues = separatorAfter(text, n.end, lineEnd) >= 0;
        closes = closesList(text, n.end, lineEnd);
        ends = !continues && !closes && endsList(text, n.end, lineEnd, orBefore);
      }
    }
    const isStrong = strong(n);
    if (!observed.has(n.key) && !continues && !closes && !(ends && isStrong)) break;
    after.push(n);
    allStrong &&= isStrong;
    orSoFar ||= orBefore;
    if (observed.has(n.key) || (n.quoted && (continues || closes)) || (closes && endsWithWord(text, next, 'or '))) confirmed = after.length;
    else if ((closes || ends) && allStrong && (n.quoted || orBefore || alternatives)) confirmed = after.length;
    if (confirmed === after.length) orAfter = orSoFar;
    item = n;
  }
  // A list of strong items that ends at a word of LIST_ENDERS, "." or ",", and holds an "or": the strong items before count.
  const last = confirmed ? after[confirmed - 1]! : firstItem;
  const orAny = orAfter || (before.length > 0 && before[0]!.orAfter);
  if (closesList(text, last.end, lineEnd) || endsList(text, last.end, lineEnd, orAny)) {
    let or = orAfter;
    for (let k = 0; k < strongBefore; k++) {
      const { item: p, orAfter: joined } = before[k]!;
      or ||= joined;
      // "Next, Approve or Reject …": a capital at a sentence's start before a comma is the sentence's.
      if (!joined && !observed.has(p.key) && !p.quoted && atSentenceStart(text, p.start, lineStart)) break;
      if (or || alternatives) confirmedBefore = Math.max(confirmedBefore, k + 1);
    }
  }
  const items = [...before.slice(0, confirmedBefore).map((b) => b.item.key).reverse(), firstItem.key, ...after.slice(0, confirmed).map((n) => n.key)];
  for (const key of observed) if (!items.includes(key)) return undefined;
  return { labels: [...new Set(items)], end: last.end };
}

function firstWord(key: string): string {
  const space = key.indexOf(' ');
  return space < 0 ? key : key.slice(0, space);
}

/** Whether `word` (lower case) may be a later word of a label read by its capitals ("changes" in "Request changes"). */
function isLabelWord(word: string): boolean {
  return !NOT_LABEL_WORDS.has(word) && !TEXT_NOUNS.has(word) && !(word.length > 4 && word.endsWith('ly'));
}

/** Whether the separator between `e` and `s` is "or", "/" or "|" (", or" too). */
function joinsAlternatives(text: string, e: number, s: number): boolean {
  const sep = text.slice(e, s);
  return sep.includes('/') || sep.includes('|') || /(?:^|[\s,])or\s/.test(sep);
}

/** Whether a sentence starts at `s` (after white space): at the line's start or after ". ! ?" (or "\n" as written in a JSON string). */
function atSentenceStart(text: string, s: number, start: number): boolean {
  let i = s;
  while (i > start && text.charCodeAt(i - 1) === 32) i--;
  return i <= start || '.!?'.includes(text[i - 1]!) || (text[i - 1] === 'n' && text[i - 2] === '\\');
}

/** The item (label) starting at `p`: a quoted label, an observed label, or one word. */
function itemAt(text: string, cased: string | undefined, p: number, end: number, observed: ReadonlySet<string>): ListItem | undefined {
  let i = p;
  while (i < end && OPEN_MARKS.includes(text[i]!)) i++;
  if (i > p) {
    let j = i;
    while (j < end && !CLOSE_MARKS.includes(text[j]!)) j++;
    if (j >= end || j === i) return undefined;
    const key = labelKey(text.slice(i, j));
    let k = j;
    while (k < end && CLOSE_MARKS.includes(text[k]!) && k - j < i - p) k++;
    return key === undefined ? undefined : { key, start: p, end: k, quoted: true, capital: false };
  }
  const capital = isUpperAt(cased, i);
  for (const key of observed) if (text.startsWith(key, i) && !isLabelChar(text, i + key.length)) return { key, start: p, end: i + key.length, quoted: false, capital };
  let j = i;
  while (j < end && isLabelChar(text, j)) j++;
  const key = j > i ? labelKey(text.slice(i, j)) : undefined;
  return key === undefined ? undefined : { key, start: p, end: j, quoted: false, capital };
}

/** The item that ends at `e`: a quoted label, an observed label, or one word. */
function itemBefore(text: string, cased: string | undefined, e: number, start: number, observed: ReadonlySet<string>): ListItem | undefined {
  let j = e;
  while (j > start && CLOSE_MARKS.includes(text[j - 1]!)) j--;
  if (j < e) {
    let i = j;
    while (i > start && !OPEN_MARKS.includes(text[i - 1]!)) i--;
    if (i <= start || i === j) return undefined;
    const key = labelKey(text.slice(i, j));
    let k = i;
    while (k > start && OPEN_MARKS.includes(text[k - 1]!) && i - k < e - j) k--;
    return key === undefined ? undefined : { key, start: k, end: e, quoted: true, capital: false };
  }
  for (const key of observed) {
    if (endsWithWord(text, e, key) && !isLabelChar(text, e - key.length - 1)) return { key, start: e - key.length, end: e, quoted: false, capital: isUpperAt(cased, e - key.length) };
  }
  let i = e;
  while (i > start && isLabelChar(text, i - 1)) i--;
  const key = i < e ? labelKey(text.slice(i, e)) : undefined;
  return key === undefined ? undefined : { key, start: i, end: e, quoted: false, capital: isUpperAt(cased, i) };
}

/**
 * A capitalised one-word item `n` read on over later words (one space apart, each a label word: isLabelWord)
 * to a label of at most MAX_NAMED_WORDS words that a separator or the list's end follows ("Request changes,
 * then …", "Request changes on the first line"); the shortest such label, or undefined.
 */
function longerLabelAt(text: string, n: ListItem, end: number, afterOr: boolean): ListItem | undefined {
  let e = n.end;
  for (let words = 1; words < MAX_NAMED_WORDS; words++) {
    if (text.charCodeAt(e) !== 32) return undefined;
    const s = e + 1;
    let j = s;
    while (j < end && isLabelChar(text, j)) j++;
    if (j === s || !isLabelWord(text.slice(s, j))) return undefined;
    e = j;
    if (separatorAfter(text, e, end) >= 0 || closesList(text, e, end) || endsList(text, e, end, afterOr)) {
      const key = labelKey(text.slice(n.start, e));
      return key === undefined ? undefined : { key, start: n.start, end: e, quoted: false, capital: true };
    }
  }
  return undefined;
}

/**
 * A lower-case one-word item `p` (a label word) read back over earlier words, one space apart, to the nearest
 * capitalised word, for a label of at most MAX_NAMED_WORDS words ("Request changes or Approve"); or undefined.
 */
function longerLabelBefore(text: string, cased: string | undefined, p: ListItem, start: number): ListItem | undefined {
  if (!isLabelWord(p.key)) return undefined;
  let s = p.start;
  for (let words = 1; words < MAX_NAMED_WORDS; words++) {
    if (s - 1 <= start || text.charCodeAt(s - 1) !== 32) return undefined;
    const e = s - 1;
    let i = e;
    while (i > start && isLabelChar(text, i - 1)) i--;
    if (i === e) return undefined;
    const word = text.slice(i, e);
    s = i;
    if (isUpperAt(cased, i)) {
      if (NOT_LABEL_WORDS.has(word)) return undefined;
      const key = labelKey(text.slice(s, p.end));
      return key === undefined ? undefined : { key, start: s, end: p.end, quoted: false, capital: true };
    }
    if (!isLabelWord(word)) return undefined;
  }
  return undefined;
}

/** Where the next item starts after a separator at `q` (", ", ", or ", " or ", " / ", " | "), or -1. */
function separatorAfter(text: string, q: number, end: number): number {
  let i = q;
  while (i < end && text.charCodeAt(i) === 32) i++;
  const c = text[i];
  if (c === ',') {
    i++;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (text.startsWith('or ', i)) i += 3;
  } else if (c === '/' || c === '|') i++;
  else if (i > q && text.startsWith('or ', i)) i += 3;
  else return -1;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i < end ? i : -1;
}

/** Where the item before a separator that ends at `p` (", ", ", or ", " or ", "/", "|") ends, or -1. */
function separatorBefore(text: string, p: number, start: number): number {
  let i = p;
  while (i > start && text.charCodeAt(i - 1) === 32) i--;
  if (i < p && endsWithWord(text, i, 'or') && !isAlnumAt(text, i - 3)) {
    i -= 2;
    const orAt = i;
    while (i > start && text.charCodeAt(i - 1) === 32) i--;
    if (text[i - 1] === ',') i--;
    else if (i === orAt) return -1;
  } else if (text[i - 1] === ',' || text[i - 1] === '/' || text[i - 1] === '|') i--;
  else return -1;
  while (i > start && text.charCodeAt(i - 1) === 32) i--;
  return i > start ? i : -1;
}

/** Whether the list ends after an item ending at `e`: the line's end, or ". ) ] ; : ? ! ,". */
function closesList(text: string, e: number, end: number): boolean {
  let i = e;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i >= end || '.)];:?!,'.includes(text[i]!);
}

/** Whether a word of LIST_ENDERS (or "and", when `afterOr`) follows an item ending at `e`, after a space. */
function endsList(text: string, e: number, end: number, afterOr: boolean): boolean {
  if (text.charCodeAt(e) !== 32) return false;
  let i = e + 1;
  while (i < end && text.charCodeAt(i) === 32) i++;
  let j = i;
  while (j < end && isAlnumAt(text, j)) j++;
  if (j === i || isLabelChar(text, j)) return false;
  const word = text.slice(i, j);
  return LIST_ENDERS.has(word) || (afterOr && word === 'and');
}

/** Whether a list may start at `s`: at the line's start, after ":", "(" or "[", or after a word of LIST_OPENERS. */
function opensList(text: string, s: number, start: number): boolean {
  let i = s;
  while (i > start && text.charCodeAt(i - 1) === 32) i--;
  if (i <= start || ':(['.includes(text[i - 1]!)) return true;
  for (const w of LIST_OPENERS) if (endsWithWord(text, i, w) && !isAlnumAt(text, i - w.length - 1)) return true;
  return false;
}

/** Whether `text` has `word` with no letter or digit right before or after it. */
export function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isAlnumAt(text, at - 1) && !isAlnumAt(text, at + word.length)) return true;
  }
  return false;
}

/**
 * `labels` when `input` is data to classify; undefined when it is a question to the model (it
 * ends with "?": "Q: I'm pretty sure it's visible. Is the Great Wall visible from space? / A: No").
 */
export function dataLabels(input: Segment, labels: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  return labels && !isQuestionInput(input) ? labels : undefined;
}

/** Whether a demo's or test's input asks the model a question (it ends with "?"): then it is no data to classify. */
export function isQuestionInput(input: Segment): boolean {
  const text = input.text;
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end > 0 && text.charCodeAt(end - 1) === 63;
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
    at = transformInstructionStartIn(doc.text);
    transformCache.set(doc, at);
  }
  return at;
}

/** transformInstructionStart of a document's text, found again on each call. */
export function transformInstructionStartIn(text: string): number {
  TRANSFORM_VERB.lastIndex = 0;
  for (let m = TRANSFORM_VERB.exec(text); m; m = TRANSFORM_VERB.exec(text)) if (startsSentence(text, m.index)) return m.index;
  return Infinity;
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
