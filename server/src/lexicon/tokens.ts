/**
 * One-pass word tokeniser for the demographic rules. A token is a run of letters
 * and digits; apostrophes and hyphens split tokens but count as "joined" gaps, so
 * "man-hours" and "chairman's" are found as "man hours" and "chairman" + "s".
 *
 * Each token carries a 32-bit hash of its lower-cased text, computed while
 * scanning, so lexicon lookups need no per-token string allocation. Results are
 * cached per Segment (and per string), so all rules share one pass.
 */
import type { Segment } from '../model/segment.js';

export const FLAG_CAPITALISED = 1;
export const FLAG_ALL_CAPS = 2;
/** First token of a sentence, line, or segment (after opening quotes/brackets). */
export const FLAG_SENTENCE_START = 4;

export interface Tokens {
  readonly text: string;
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** FNV-1a hash of the lower-cased token text. */
  readonly hash: Int32Array;
  /** 1 when the gap before the token holds only spaces, tabs, one hyphen or an apostrophe. */
  readonly joined: Uint8Array;
  readonly flags: Uint8Array;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

const nonAsciiLetter = /[\p{L}\p{M}\p{N}]/u;
const letterCache = new Map<number, boolean>();

/** ASCII classes: 1 = word character, 2 = upper-case letter, 4 = digit. */
const ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = 1 | 4;
for (let c = 65; c <= 90; c++) ASCII[c] = 1 | 2;
for (let c = 97; c <= 122; c++) ASCII[c] = 1;

function isWordCode(c: number): boolean {
  if (c < 128) return (ASCII[c]! & 1) !== 0;
  if (c === 0x2019 || c === 0x2018) return false;
  let v = letterCache.get(c);
  if (v === undefined) {
    v = nonAsciiLetter.test(String.fromCharCode(c));
    letterCache.set(c, v);
  }
  return v;
}

export function lowerCode(c: number): number {
  if (c < 128) return ASCII[c]! & 2 ? c + 32 : c;
  const l = String.fromCharCode(c).toLowerCase();
  return l.length === 1 ? l.charCodeAt(0) : c;
}

function isUpperCode(c: number): boolean {
  if (c < 128) return (ASCII[c]! & 2) !== 0;
  const s = String.fromCharCode(c);
  return s !== s.toLowerCase();
}

/** Hash of a lower-cased word, identical to the hashes the tokeniser computes. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ lowerCode(word.charCodeAt(i)), FNV_PRIME);
  return h;
}

/** Combine token hashes into a phrase hash (order-sensitive). */
export function combineHash(acc: number, next: number): number {
  return (Math.imul(acc ^ 0x5bd1e995, 0x01000193) + next) | 0;
}

export function tokenize(text: string): Tokens {
  // Upper bound of tokens: every other character. Start from a typical density (one token per ~5 characters).
  const cap = (text.length >> 1) + 1;
  let start: Int32Array = new Int32Array(Math.min(cap, Math.max(64, Math.ceil(text.length / 4))));
  let end: Int32Array = new Int32Array(start.length);
  let hash: Int32Array = new Int32Array(start.length);
  let joined: Uint8Array = new Uint8Array(start.length);
  let flags: Uint8Array = new Uint8Array(start.length);
  let count = 0;
  const n = text.length;
  let i = 0;
  // Gap state since the previous token.
  let gapJoinable = false;
  let sentenceStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (c === 32 || c === 9) {
        // spaces keep the gap joinable
      } else if (c === 45 || c === 39 || c === 0x2019) {
        // one hyphen or apostrophe joins; two or more do not ("--")
        const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
        if (prev === c) gapJoinable = false;
      } else {
        gapJoinable = false;
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10 || c === 13 || c === 59 || c === 35 || c === 42 || c === 62) {
          // . ! ? : newline ; and markdown markers (# * >) start a new sentence
          if (c !== 46 || !(i + 1 < n && isWordCode(text.charCodeAt(i + 1)))) sentenceStart = true;
        }
      }
      i++;
      continue;
    }
    // A token.
    const s = i;
    let h = FNV_OFFSET;
    let upper = 0;
    let letters = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        const k = ASCII[d]!;
        if (!(k & 1)) break;
        if (k & 2) {
          upper++;
          h = Math.imul(h ^ (d + 32), FNV_PRIME);
        } else h = Math.imul(h ^ d, FNV_PRIME);
        if (!(k & 4)) letters++;
      } else {
        if (!isWordCode(d)) break;
        if (isUpperCode(d)) upper++;
        letters++;
        h = Math.imul(h ^ lowerCode(d), FNV_PRIME);
      }
      i++;
    }
    if (count === start.length) {
      const size = Math.min(cap, start.length * 2);
      start = grow(start, size);
      end = grow(end, size);
      hash = grow(hash, size);
      joined = grow8(joined, size);
      flags = grow8(flags, size);
    }
    start[count] = s;
    end[count] = i;
    hash[count] = h;
    joined[count] = count > 0 && gapJoinable ? 1 : 0;
    let f = 0;
    if (isUpperCode(text.charCodeAt(s))) f |= FLAG_CAPITALISED;
    if (letters > 1 && upper === letters) f |= FLAG_ALL_CAPS;
    if (sentenceStart) f |= FLAG_SENTENCE_START;
    flags[count] = f;
    count++;
    gapJoinable = true;
    sentenceStart = false;
  }
  return { text, count, start, end, hash, joined, flags };
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
function grow8(a: Uint8Array, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

const segmentCache = new WeakMap<Segment, Tokens>();

/**
 * Tokens of short texts seen lately, by text: a dataset repeats its system prompt
 * and its labels in every record, each a different Segment. Bounded in entries and
 * text length, so a long-lived language server keeps no large document alive.
 */
const textCache = new Map<string, Tokens>();
const TEXT_CACHE_ENTRIES = 2048;
const TEXT_CACHE_MAX_LENGTH = 4096;

/**
 * Tokens of a segment's decoded text, computed once per Segment (and once per
 * short text while it stays in the text cache). Tokens depend only on the text,
 * so segments with equal text share them, and so do the caches keyed by Tokens.
 */
export function tokensOf(segment: Segment): Tokens {
  let t = segmentCache.get(segment);
  if (!t) {
    const text = segment.text;
    if (text.length > TEXT_CACHE_MAX_LENGTH) t = tokenize(text);
    else {
      t = textCache.get(text);
      if (!t) {
        t = tokenize(text);
        if (textCache.size >= TEXT_CACHE_ENTRIES) textCache.clear();
        textCache.set(text, t);
      }
    }
    segmentCache.set(segment, t);
  }
  return t;
}

/** Lower-cased text of token i. */
export function tokenLower(t: Tokens, i: number): string {
  return t.text.slice(t.start[i]!, t.end[i]!).toLowerCase();
}

export function tokenText(t: Tokens, i: number): string {
  return t.text.slice(t.start[i]!, t.end[i]!);
}

/** Whether token i, lower-cased, equals `word` (already lower case), without allocating. */
export function tokenEquals(t: Tokens, i: number, word: string): boolean {
  const s = t.start[i]!;
  if (t.end[i]! - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (lowerCode(t.text.charCodeAt(s + k)) !== word.charCodeAt(k)) return false;
  return true;
}
