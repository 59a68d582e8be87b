/**
 * Sentence ranges over tokens, from the tokeniser's sentence-start flags.
 */
import { FLAG_SENTENCE_START, type Tokens } from './tokens.js';

export interface Sentence {
  /** First token. */
  first: number;
  /** One past the last token. */
  last: number;
  /** Decoded offsets: first token start to the end of the sentence's closing punctuation (same line). */
  start: number;
  end: number;
  /** The sentence ends with a question mark. */
  question: boolean;
}

const cache = new WeakMap<Tokens, Sentence[]>();

// Module constants, not literals in the loops: each evaluation of a regex literal makes a new RegExp object.
/** Closing punctuation a sentence takes: "?", ".", "!", quotes, brackets, white space, "…", "_". */
const CLOSING = /[?.!"'\u201d\u2019)\]\s…_]/;
const SPACE = /\s/;

export function sentencesOf(t: Tokens): Sentence[] {
  let out = cache.get(t);
  if (out) return out;
  out = [];
  let first = 0;
  for (let i = 1; i <= t.count; i++) {
    if (i === t.count || t.flags[i]! & FLAG_SENTENCE_START) {
      if (i > first) out.push(close(t, first, i));
      first = i;
    }
  }
  cache.set(t, out);
  return out;
}

function close(t: Tokens, first: number, last: number): Sentence {
  let end = t.end[last - 1]!;
  const limit = last < t.count ? t.start[last]! : t.text.length;
  let question = false;
  // Take trailing punctuation on the same line: "?", ".", "!", quotes and brackets.
  while (end < limit) {
    const c = t.text[end]!;
    if (c === '\n' || c === '\r') break;
    if (c === '?') question = true;
    if (!CLOSING.test(c)) break;
    end++;
  }
  while (end > t.end[last - 1]! && SPACE.test(t.text[end - 1]!)) end--;
  return { first, last, start: t.start[first]!, end, question };
}

/** The sentence holding token i, found by scanning to the nearest sentence starts (no full split). */
export function sentenceAt(t: Tokens, i: number): Sentence {
  let first = i;
  while (first > 0 && !(t.flags[first]! & FLAG_SENTENCE_START)) first--;
  let last = i + 1;
  while (last < t.count && !(t.flags[last]! & FLAG_SENTENCE_START)) last++;
  return close(t, first, last);
}
