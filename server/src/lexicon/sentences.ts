/**
 * Sentence ranges over tokens, from the tokeniser's sentence-start flags.
 */
import { FLAG_SENTENCE_START, type Tokens } from './tokens.js';
import { isWhiteSpace } from '../model/segment.js';

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

/**
 * Whether a code unit is closing punctuation a sentence takes: what
 * /[?.!"'\u201d\u2019)\]\s…_]/ matches, without running a regex per character.
 */
export function isClosingCode(c: number): boolean {
  return (
    c === 63 || c === 46 || c === 33 || c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93 || c === 0x2026 || c === 95 || isWhiteSpace(c)
  );
}

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

/** The sentence of tokens [first, last), in `out` when given (overwritten), else in a new object. */
function close(t: Tokens, first: number, last: number, out?: Sentence): Sentence {
  let end = t.end[last - 1]!;
  const limit = last < t.count ? t.start[last]! : t.text.length;
  let question = false;
  // Take trailing punctuation on the same line: "?", ".", "!", quotes and brackets.
  const text = t.text;
  while (end < limit) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    if (c === 63) question = true;
    if (!isClosingCode(c)) break;
    end++;
  }
  while (end > t.end[last - 1]! && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (out === undefined) return { first, last, start: t.start[first]!, end, question };
  out.first = first;
  out.last = last;
  out.start = t.start[first]!;
  out.end = end;
  out.question = question;
  return out;
}

/**
 * The sentence holding token i, found by scanning to the nearest sentence starts (no full split).
 * With `out`, written into it (overwritten) rather than a new object: for a caller that reads
 * one sentence at a time and keeps none (stereotype-template asks for thousands per lint).
 */
export function sentenceAt(t: Tokens, i: number, out?: Sentence): Sentence {
  let first = i;
  while (first > 0 && !(t.flags[first]! & FLAG_SENTENCE_START)) first--;
  let last = i + 1;
  while (last < t.count && !(t.flags[last]! & FLAG_SENTENCE_START)) last++;
  return close(t, first, last, out);
}
