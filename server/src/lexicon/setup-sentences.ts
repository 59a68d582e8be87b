/**
 * The sentences of a text that mentions people, as people-in-exemplars compares them across a dataset's
 * records (a persona system prompt that most records repeat is setup, not the people a record is about).
 */
import { textRangeKey, type Mention } from './lexicon.js';

/**
 * The sentence of each mention of `ms` (mentions of `text`, in text order; see `sentenceAt`), parallel to
 * them; mentions in one sentence share its string.
 */
export function sentencesOfMentions(text: string, ms: readonly Mention[]): string[] {
  const sentences = new Array<string>(ms.length);
  let current = '';
  let currentEnd = -1;
  for (let mIndex = 0; mIndex < ms.length; mIndex++) {
    const at = ms[mIndex]!.start;
    if (at >= currentEnd) {
      current = sentenceAt(text, at, currentEnd < 0 ? 0 : currentEnd);
      currentEnd = sentenceEnd;
    }
    sentences[mIndex] = current;
  }
  return sentences;
}

/**
 * `textKey` of the sentence of each mention of `ms` (as `sentencesOfMentions` gives them), written to
 * `out[offset ...]`, without making the sentences' strings.
 */
export function sentenceKeysOfMentions(text: string, ms: readonly Mention[], out: Int32Array, offset: number): void {
  let key = 0;
  let currentEnd = -1;
  for (let mIndex = 0; mIndex < ms.length; mIndex++) {
    const at = ms[mIndex]!.start;
    if (at >= currentEnd) {
      const start = sentenceStartAt(text, at, currentEnd < 0 ? 0 : currentEnd);
      currentEnd = sentenceEnd;
      key = textRangeKey(text, start, currentEnd);
    }
    out[offset + mIndex] = key;
  }
}

/**
 * The sentence of `text` around decoded offset `at`, without the whitespace before it: from after
 * the last line break, or ".", "!" or "?" followed by whitespace, before `at` (but not before
 * `from`, where an earlier sentence of the text ended), to the next such boundary (the
 * punctuation is kept, the line break is not). Sets `sentenceEnd`. `from` <= `at` <= `text.length`.
 *
 * Found with SENTENCE_STARTS and SENTENCE_ENDS rather than a loop over the characters back from `at`
 * and on from it (test/lexicon/setup-sentence-at.test.ts compares the two): the loop's branch on every space
 * cost ~3.5 ns a character. 1 MiB JSONL bench corpus (3,225 sentences of 2,532 texts), CPU-time minimum
 * of 30 repeats: ~0.87 -> ~0.41 ms; `profileGroups` on a fresh parse: ~2.2 -> ~1.8 ms; demographic-imbalance phase
 * ~2.2 -> ~1.83 ms.
 */
export function sentenceAt(text: string, at: number, from: number): string {
  const start = sentenceStartAt(text, at, from);
  return text.slice(start, sentenceEnd);
}

/** Where the sentence `sentenceAt` returns starts (it sets `sentenceEnd` as that does). */
function sentenceStartAt(text: string, at: number, from: number): number {
  // The start: where the last boundary at or after `from` ends, if that is at or before `at`. A match's
  // lastIndex is where the sentence after it starts (after the line break, or after the stop and its space).
  let start = from;
  // The first boundary that ends after `at` (text.length + 1 when none does).
  let next = text.length + 1;
  const starts = SENTENCE_STARTS;
  starts.lastIndex = from;
  while (starts.test(text)) {
    const s = starts.lastIndex;
    if (s > at) {
      next = s;
      break;
    }
    start = s;
  }
  while (start < at && isSpace(text.charCodeAt(start))) start++;
  // The end: before a line break, or after a stop (before the space after it). When the boundary that ended the
  // search above starts at or after `at` (always, for `at` at a word), it is the first one from `at`, and the end
  // is read from it rather than searched for again (a stop that ends the text is no such boundary: the end is
  // text.length then either way). SENTENCE_ENDS from `at` otherwise (`at` on the space of a boundary, or a line
  // break right after a stop before `from`, read as the stop and its space).
  // 1 MiB JSONL bench corpus (3,225 sentences of 2,532 texts), sentenceAt alone, CPU-time minimum of 200 repeats,
  // A/B processes alternating: ~0.445 -> ~0.33 ms.
  let end = text.length;
  const c = text.charCodeAt(next - 1);
  const boundary = next <= text.length ? (isStop(text.charCodeAt(next - 2)) && isSpace(c) ? next - 2 : next - 1) : -1;
  if (boundary >= at) end = isStop(text.charCodeAt(boundary)) ? boundary + 1 : boundary;
  else if (boundary >= 0) {
    const ends = SENTENCE_ENDS;
    ends.lastIndex = at;
    if (ends.test(text)) {
      end = ends.lastIndex;
      if (!isStop(text.charCodeAt(end - 1))) end--;
    }
  }
  sentenceEnd = end;
  return start;
}

/**
 * A boundary that ends a sentence (see `sentenceAt`): a line break, or a stop with a space after it (the
 * `isSpace` characters). A match ends where the next sentence starts.
 */
const SENTENCE_STARTS = /[\n\r]|[.!?][ \t\n\r\u00a0]/g;
/** SENTENCE_STARTS, or a stop at the end of the text: a match ends after the stop or after the character after it. */
const SENTENCE_ENDS = /[\n\r]|[.!?](?:[ \t\n\r\u00a0]|$)/g;

/** Where the sentence `sentenceAt` returned last ends. */
let sentenceEnd = 0;

/** `sentenceEnd`, for tests. */
export function lastSentenceEnd(): number {
  return sentenceEnd;
}

function isStop(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}
