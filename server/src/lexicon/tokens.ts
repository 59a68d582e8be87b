/**
 * One-pass word tokeniser for the demographic rules. A token is a run of letters
 * and digits; apostrophes and hyphens split tokens but count as "joined" gaps, so
 * "man-hours" and "chairman's" are found as "man hours" and "chairman" + "s".
 *
 * Each token carries a 32-bit hash of its lower-cased text, computed while
 * scanning, so lexicon lookups need no per-token string allocation. The hash is
 * of the text folded too (a Latin letter with diacritics as its base letter: see
 * FOLD), so "José" and "Jose" hash alike; lookups still compare the words. Results are
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
  /** FNV-1a hash of the lower-cased, folded token text (see FOLD). */
  readonly hash: Int32Array;
  /** 1 when the gap before the token holds only spaces, tabs, one hyphen or an apostrophe. */
  readonly joined: Uint8Array;
  readonly flags: Uint8Array;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// Character classes for every UTF-16 code unit, so the tokeniser's inner loop is
// one table load per character. ASCII is filled up front; other code units are
// classified the first time they are seen (KNOWN marks a filled entry).

/** A word character that counts as a letter for FLAG_ALL_CAPS: all but ASCII digits. */
const LETTER = 1;
const UPPER = 2;
const WORD = 4;
/** . ! ? : newline ; and markdown markers (# * >): may start a new sentence. */
const SENTENCE_END = 8;
/** Hyphen or apostrophe: one joins the tokens around it, two do not ("--"). */
const JOINER = 16;
/** Space or tab: keeps the gap joinable. */
const BLANK = 32;
const KNOWN = 128;
/** In ENTRY (below): a LETTER that is not UPPER (a token holding one is not all capitals). */
const NON_UPPER_LETTER = 256;
/** In ENTRY: where the ASCII letter index sits, and its value for any other code unit. */
const ALPHA_SHIFT = 11;
const NOT_ALPHA = 31;

/** Regions of the tokeniser's scratch `sInts` (below), in units of `scratchSize`; the first holds starts. */
const INT_END = 1;
const INT_HASH = 2;
const INT_CANDIDATES = 3;
const INT_PREFIX_CANDIDATES = 4;
const INT_REGIONS = 5;
/** Regions of `sBytes`, likewise; the first holds joins. */
const BYTE_FLAGS = 1;
const BYTE_REGIONS = 2;
// (The constants the tokeniser's loop uses are declared before the first declaration that
// is not a constant: only those does the bundler write into the code as numbers; the others
// are loaded, and checked, on every use.)

const CLASS = new Uint8Array(65536);
/** Lower-case code unit of each code unit (valid where CLASS is KNOWN). */
const LOWER = new Uint16Array(65536);
/**
 * Folded lower-case code unit of each code unit (valid where CLASS is KNOWN): the lower case,
 * with a Latin letter with diacritics as its ASCII base letter (see `foldOf`). Token hashes are
 * of folded code units, so "José", "JOSÉ" and "jose" hash alike; which lookups then accept a
 * match that is equal only when folded is up to them (see `tokenEquals`, `tokenFoldEquals`).
 */
const FOLD = new Uint16Array(65536);
/**
 * What the tokeniser's loop needs of a code unit in one entry, so it loads one
 * table per character instead of two: the CLASS bits (0-7; 0 for a code unit not
 * classified yet, as KNOWN is bit 7), NON_UPPER_LETTER, the ASCII letter index
 * of the lower-case code unit (a-z are 0-25, any other 31; not folded: "été" starts
 * no ASCII trigram) in bits 11-15, and the folded lower-case code unit (FOLD) in
 * bits 16-31, which the hash is made of.
 */
const ENTRY = new Int32Array(65536);

function entryOf(c: number): number {
  const k = CLASS[c]!;
  const l = LOWER[c]!;
  const alpha = l >= 97 && l <= 122 ? l - 97 : NOT_ALPHA;
  return k | (k & LETTER && !(k & UPPER) ? NON_UPPER_LETTER : 0) | (alpha << ALPHA_SHIFT) | (FOLD[c]! << 16);
}

for (let c = 0; c < 128; c++) {
  let k = KNOWN;
  if (c >= 48 && c <= 57) k |= WORD;
  if (c >= 65 && c <= 90) k |= WORD | LETTER | UPPER;
  if (c >= 97 && c <= 122) k |= WORD | LETTER;
  if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10 || c === 13 || c === 59 || c === 35 || c === 42 || c === 62) k |= SENTENCE_END;
  if (c === 45 || c === 39) k |= JOINER;
  if (c === 32 || c === 9) k |= BLANK;
  CLASS[c] = k;
  LOWER[c] = k & UPPER ? c + 32 : c;
  FOLD[c] = LOWER[c]!;
  ENTRY[c] = entryOf(c);
}

const nonAsciiLetter = /[\p{L}\p{M}\p{N}]/u;
const onlyMarks = /^\p{M}+$/u;
/**
 * Latin letters without a decomposition that are written for their ASCII base letter in names
 * (Søren, Łukasz, Đặng, Işıl), lower case. Not ß, æ, œ, ð, þ: each stands for two letters or a
 * letter of its own, and a code unit folds to one code unit.
 */
const FOLD_BASE: Readonly<Record<string, string>> = { 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ı': 'i' };

/**
 * The folded lower case of the letter `s` (one code unit, >= 128) whose lower case is `l`: the
 * lower case of its base letter when its canonical decomposition (NFD) is an ASCII letter and
 * combining marks only (é, Ñ, ü, ç, å, ő, ệ, İ) or FOLD_BASE gives one, else its lower case
 * (code units that are no letter, letters of other scripts: Cyrillic й stays й).
 */
function foldOf(s: string, l: number): number {
  const d = s.normalize('NFD');
  const base = d.charCodeAt(0);
  if (d.length > 1 && base < 128 && ((base | 32) - 97) >>> 0 < 26 && onlyMarks.test(d.slice(1))) return base | 32;
  const other = FOLD_BASE[String.fromCharCode(l)];
  return other !== undefined ? other.charCodeAt(0) : l;
}

/** Class of a code unit not seen before (>= 128). */
function classify(c: number): number {
  const s = String.fromCharCode(c);
  const l = s.toLowerCase();
  let k = KNOWN;
  // Curly apostrophes are punctuation, not letters; the closing one joins like "'".
  if (c === 0x2019) k |= JOINER;
  else if (c !== 0x2018 && nonAsciiLetter.test(s)) k |= WORD | LETTER;
  if (s !== l) k |= UPPER;
  LOWER[c] = l.length === 1 ? l.charCodeAt(0) : c;
  FOLD[c] = k & LETTER ? foldOf(s, LOWER[c]!) : LOWER[c]!;
  CLASS[c] = k;
  ENTRY[c] = entryOf(c);
  return k;
}

function classOf(c: number): number {
  const k = CLASS[c]!;
  return k !== 0 ? k : classify(c);
}

export function lowerCode(c: number): number {
  classOf(c);
  return LOWER[c]!;
}

/** The folded lower case of code unit `c` (see FOLD): "É" and "é" give "e". */
export function foldCode(c: number): number {
  classOf(c);
  return FOLD[c]!;
}

/** `word` lower-cased and folded (see FOLD): "José" gives "jose", "Łukasz" "lukasz". */
export function foldWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) out += String.fromCharCode(foldCode(word.charCodeAt(i)));
  return out;
}

/**
 * Hash of a word, lower-cased and folded (see FOLD), identical to the hashes the tokeniser
 * computes: hashWord("José") === hashWord("jose").
 */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ foldCode(word.charCodeAt(i)), FNV_PRIME);
  return h;
}

/**
 * `hashWord(text.slice(from, to))` without the slice: the hash the tokeniser computes for a token that is
 * exactly those characters.
 */
export function hashRange(text: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ lowerCode(text.charCodeAt(i)), FNV_PRIME);
  return h;
}

/** Combine token hashes into a phrase hash (order-sensitive). */
export function combineHash(acc: number, next: number): number {
  return (Math.imul(acc ^ 0x5bd1e995, 0x01000193) + next) | 0;
}

/**
 * Scratch arrays the tokeniser writes into; results are copied out at their exact
 * size (a long text's take the arrays instead: see `keepTokens`). Kept between calls
 * (up to SCRATCH_KEEP entries; a larger scratch only for a while, see
 * HUGE_SCRATCH_IDLE_MS) so tokenising allocates only the result. They are
 * views of `scratchSize` entries each into two arrays,
 * `sInts` (regions in the order of the INT_ constants) and `sBytes` (BYTE_): the
 * tokeniser's loop writes into those two only, not into seven arrays, each of which
 * it would check and load the fields of on every access.
 */
let scratchSize = 0;
let sInts = new Int32Array(0);
let sBytes = new Uint8Array(0);
let sStart = sInts;
let sEnd = sInts;
let sHash = sInts;
let sJoined = sBytes;
let sFlags = sBytes;
/** Indexes of the tokens that passed the filter of the last `scanCandidates` (see there). */
let sCandidates = sInts;
let sCandidateCount = 0;
/** Indexes of the tokens whose first three letters passed the table of the last `scanCandidates`. */
let sPrefixCandidates = sInts;
let sPrefixCandidateCount = 0;
const SCRATCH_KEEP = 1 << 19;
const SCRATCH_FIRST = 1024;

/**
 * A scratch of `size` entries per array, holding the first `keep` entries of the current one.
 * Its memory is not zeroed (`Buffer.allocUnsafeSlow`): the tokeniser writes every entry before
 * anything reads it, and only the entries written are ever read or handed over (as views of
 * their count). A large document's scan hands its scratch over (see `keepTokens`), so the next
 * one's is made anew on every lint of it, and zeroing that (5.7 MB for the 1 MiB bench text)
 * was most of `setScratch`'s cost in a profile of steady lints.
 */
function setScratch(size: number, keep: number): void {
  const ints = new Int32Array(Buffer.allocUnsafeSlow(4 * INT_REGIONS * size).buffer, 0, INT_REGIONS * size);
  const bytes = new Uint8Array(Buffer.allocUnsafeSlow(BYTE_REGIONS * size).buffer, 0, BYTE_REGIONS * size);
  const old = scratchSize;
  if (keep > 0) {
    for (let r = 0; r < INT_REGIONS; r++) ints.set(sInts.subarray(r * old, r * old + keep), r * size);
    for (let r = 0; r < BYTE_REGIONS; r++) bytes.set(sBytes.subarray(r * old, r * old + keep), r * size);
  }
  scratchSize = size;
  sInts = ints;
  sBytes = bytes;
  sStart = ints.subarray(0, size);
  sEnd = ints.subarray(INT_END * size, (INT_END + 1) * size);
  sHash = ints.subarray(INT_HASH * size, (INT_HASH + 1) * size);
  sCandidates = ints.subarray(INT_CANDIDATES * size, (INT_CANDIDATES + 1) * size);
  sPrefixCandidates = ints.subarray(INT_PREFIX_CANDIDATES * size, (INT_PREFIX_CANDIDATES + 1) * size);
  sJoined = bytes.subarray(0, size);
  sFlags = bytes.subarray(BYTE_FLAGS * size, (BYTE_FLAGS + 1) * size);
}
setScratch(SCRATCH_FIRST, 0);

/**
 * Code units per token (the gap before it included) the scratch is first sized for, on a
 * large text: English prose has about 5-6, so a scan of a 1 MiB text gets its room at once
 * instead of doubling eight times on the way, each time copying all seven arrays.
 */
const UNITS_PER_TOKEN = 6;

/**
 * Code units per token the scratch for a text too large to keep it (beyond SCRATCH_KEEP tokens)
 * is made for: fewer than in most prose, as that scratch is let go afterwards anyway, and
 * running out of room means growing it (a 10 MiB bench text has about 5, and grew from 2 M to
 * 4 M entries while scanning, copying the first 2 M).
 */
const HUGE_UNITS_PER_TOKEN = 4;

/** Grow the scratch, keeping the first `keep` entries (the tokens and candidates scanned so far). */
function growScratch(keep: number, size = scratchSize * 2): void {
  setScratch(size, keep);
}

/**
 * The text's UTF-16 code units, copied into a typed array before scanning: one
 * native copy (`Buffer.write` as UTF-16LE writes the code units as they are, lone
 * surrogates included) makes the loop's loads plain array loads instead of
 * `charCodeAt`, which re-checks the string's representation on every call
 * (measured on a 1 MiB text: 8.1 -> 5.1 ns per character; short texts gain little).
 * Kept between calls up to CHARS_KEEP code units (a larger one only for a while, see
 * HUGE_SCRATCH_IDLE_MS).
 */
let sCharBytes: Buffer = Buffer.allocUnsafeSlow(2048);
let sChars = new Uint16Array(sCharBytes.buffer, sCharBytes.byteOffset, 1024);
const CHARS_KEEP = 1 << 20;
/**
 * Texts up to this many code units are copied with `charCodeAt` (see `codeUnits`). Measured in steady
 * state (CPU minima, 1,000 texts cut from prose): the loop costs 1.3-1.6 ns per code unit (more for a
 * slice of a larger string), `Buffer.write` about 43 ns a call whatever the length up to 128, so they
 * cross at about 32. With 128 here, the chat texts of the 1 MiB JSONL bench corpus (most of them 33-155
 * code units) were copied by the loop: its `gendered-term` phase, which scans them, took 4.56-4.76 ms
 * against 4.31-4.35 with 32 (CPU minima of 30 rounds, 3 processes each, alternating); a first lint in a
 * fresh process did not change (minima 327.6 and 327.4 ms, 10 processes each).
 */
const SHORT_TEXT = 32;
/** UTF-16LE bytes read as Uint16Array need a little-endian platform (else `charCodeAt` is used). */
const LITTLE_ENDIAN = new Uint16Array(new Uint8Array([1, 0]).buffer)[0] === 1;

/** `text`'s code units in a scratch array (valid until the next call). */
function codeUnits(text: string): Uint16Array {
  const n = text.length;
  if (n >= sChars.length) {
    sCharBytes = Buffer.allocUnsafeSlow(2 * Math.max(n + 1, 2 * sChars.length));
    sChars = new Uint16Array(sCharBytes.buffer, sCharBytes.byteOffset, sCharBytes.length >> 1);
  }
  // A short text (a label, an option) is copied by a loop: `Buffer.write`'s argument checks cost more
  // than the copy (see SHORT_TEXT).
  if (LITTLE_ENDIAN && n > SHORT_TEXT) sCharBytes.write(text, 0, 2 * n, 'utf16le');
  else {
    const chars = sChars;
    for (let i = 0; i < n; i++) chars[i] = text.charCodeAt(i);
  }
  // A sentinel after the text: no word character, so the tokeniser's loops need no end test.
  sChars[n] = 0;
  return sChars;
}

/** Tokenise `text` into the scratch arrays; returns the token count. See `scanUnits` for `filter` and `prefixes`. */
function scan(text: string, filter: Uint8Array | undefined, filterMask: number, prefixes: Int32Array | undefined, onStretch?: StretchHook): number {
  const n = text.length;
  if (n > scratchSize * UNITS_PER_TOKEN) {
    let size = scratchSize * 2;
    while (size * UNITS_PER_TOKEN < n) size *= 2;
    // A scratch too large to be kept for good (see HUGE_SCRATCH_IDLE_MS) is made for this text, with room for
    // a token per HUGE_UNITS_PER_TOKEN code units: growing it while scanning copies all it holds.
    if (size > SCRATCH_KEEP) size = Math.ceil(n / HUGE_UNITS_PER_TOKEN) + MIN_ROOM;
    growScratch(0, size);
  }
  const u = codeUnits(text);
  const count = scanUnits(u, n, filter ?? NO_FILTER, filter ? filterMask : 0, prefixes ? trigramTable(prefixes) : NO_TRIGRAMS, text, onStretch);
  if (scratchSize > SCRATCH_KEEP || sChars.length > CHARS_KEEP) releaseHugeScratchLater();
  return count;
}

/**
 * How long a scratch too large to keep for good (beyond SCRATCH_KEEP tokens or CHARS_KEEP code
 * units) is kept after the last scan that used it. Linting a large document again (an editor
 * re-lints it after each change) then reuses it: new memory costs a page fault per 4 KiB the
 * first time it is written, and for the 10 MiB bench text these are 21 MB of code units and a
 * 58 MB token scratch (by their sizes), of which a scan writes about 31 MB (14 bytes a token).
 * On the bench machine, keeping them took a steady lint of the 10 MiB bench text from 15,000-
 * 16,800 page faults and 631-688 ms to 8,200-10,300 and 421-527 ms. After that, it is let go.
 */
const HUGE_SCRATCH_IDLE_MS = 10_000;
let hugeScratchTimer: ReturnType<typeof setTimeout> | undefined;

function releaseHugeScratchLater(): void {
  if (hugeScratchTimer !== undefined) clearTimeout(hugeScratchTimer);
  hugeScratchTimer = setTimeout(releaseHugeScratch, HUGE_SCRATCH_IDLE_MS);
  // Nothing waits for it: a CLI run ends when its work does.
  hugeScratchTimer.unref?.();
}

/** Lets go of a scratch and code-unit array too large to keep (see HUGE_SCRATCH_IDLE_MS), and of the text scanned last. */
export function releaseHugeScratch(): void {
  if (hugeScratchTimer !== undefined) clearTimeout(hugeScratchTimer);
  hugeScratchTimer = undefined;
  if (scratchSize > SCRATCH_KEEP) setScratch(SCRATCH_FIRST, 0);
  if (sChars.length > CHARS_KEEP) {
    sCharBytes = Buffer.allocUnsafeSlow(2048);
    sChars = new Uint16Array(sCharBytes.buffer, sCharBytes.byteOffset, 1024);
  }
  scratchTokens('', 0);
}

/** Entries per scratch array and code units of the code-unit array now (for tests of their release). */
export function scratchCapacity(): { tokens: number; codeUnits: number } {
  return { tokens: scratchSize, codeUnits: sChars.length };
}

/** A filter that passes no token (for a scan without one: the loop tests a filter either way). */
const NO_FILTER = new Uint8Array(1);
/** `trigramTable` of a `prefixes` table that holds nothing. */
const NO_TRIGRAMS = new Uint8Array(32 * 32 * 32);
let trigramSource: Int32Array | undefined;
let trigrams: Uint8Array = NO_TRIGRAMS;
/**
 * For the trigrams of `trigrams`, the fourth letters that may follow (see PREFIX_WHOLE), by the same index
 * (-1: any); read by `scanStretch` for the tokens that pass `trigrams` only (so none before a table is made).
 */
let fourths = new Int32Array(0);

/** Trigrams in a `prefixes` table (26 * 26 * 26: see `scanCandidates`). */
const TRIGRAMS = 26 * 26 * 26;
/**
 * A `prefixes` table may have a second part of TRIGRAMS entries, by the same index: for each trigram, bit y
 * (0-25) when its fourth letter may be letter y, and PREFIX_WHOLE when the trigram alone (a token of three
 * letters, or followed by no ASCII letter) passes. A token whose first three letters pass and whose fourth
 * code unit is an ASCII letter or no letter is then listed only when that entry allows it (a token whose fourth
 * code unit is no ASCII character always is). Without the second part, every token whose first three pass is.
 */
export const PREFIX_WHOLE = 1 << 30;

/**
 * A `prefixes` table (26 * 26 * 26 entries, see `scanCandidates`) indexed by the
 * ENTRY letter indexes of three code units, (a << 10) | (b << 5) | c: 1 where
 * `prefixes` is not 0, and 0 where one of them is no ASCII letter (index 31), so
 * the loop needs no range tests. Made once per table (callers pass one table), with
 * `fourths` (from the table's second part, if any: see PREFIX_WHOLE).
 */
function trigramTable(prefixes: Int32Array): Uint8Array {
  if (prefixes !== trigramSource) {
    const table = new Uint8Array(32 * 32 * 32);
    const next = new Int32Array(32 * 32 * 32);
    const second = prefixes.length >= 2 * TRIGRAMS;
    for (let a = 0; a < 26; a++) {
      for (let b = 0; b < 26; b++) {
        for (let c = 0; c < 26; c++) {
          const at = (a * 26 + b) * 26 + c;
          if (prefixes[at] === 0) continue;
          table[(a << 10) | (b << 5) | c] = 1;
          next[(a << 10) | (b << 5) | c] = second ? prefixes[TRIGRAMS + at]! : -1;
        }
      }
    }
    trigramSource = prefixes;
    trigrams = table;
    fourths = next;
  }
  return trigrams;
}

/**
 * The tokeniser proper. Lists in `sCandidates` the tokens whose hash h has
 * `filter[h & filterMask] !== 0`, so a lookup pass over a large text visits those
 * tokens only instead of looping over all of them again, and in
 * `sPrefixCandidates` those of three or more characters whose first three have
 * `trigrams[(a << 10) | (b << 5) | c] !== 0` (see `trigramTable`) and whose fourth code
 * unit `fourths` allows.
 *
 * The loop itself is `scanStretch`; this drives it over stretches of the text. A stretch
 * is short enough that the tokens starting in it fit in the scratch arrays as they are (a
 * token and the gap after it take at least two code units), so the loop needs no test for
 * room per token and its arrays are constants; the scratch grows between stretches when
 * little room is left. The loop also stops at a code unit not classified yet, which is
 * classified here before it resumes: with the classifying call inside the loop (inlined,
 * at every load) the loop was about a fifth slower, for code units that are each met once
 * in a process's life. (Both measured on the 1 MiB bench text with the people filter and
 * the lexicon built first: 5.7 -> 5.1 ns per character.)
 */
function scanUnits(u: Uint16Array, n: number, filter: Uint8Array, filterMask: number, trigrams: Uint8Array, text: string, onStretch?: StretchHook): number {
  const st = scanState;
  st.i = 0;
  st.count = 0;
  st.candidateCount = 0;
  st.prefixCount = 0;
  st.gapJoined = 0;
  st.sentenceStart = FLAG_SENTENCE_START;
  while (st.i < n) {
    if (scratchSize - st.count < MIN_ROOM) growScratch(st.count);
    const limit = Math.min(n, st.i + 2 * (scratchSize - st.count) - 1, onStretch ? st.i + HOOKED_STRETCH : n);
    const unknown = scanStretch(u, limit, filter, filterMask, trigrams, st);
    if (unknown >= 0) {
      classify(unknown);
      classifyRun(u, st.i, n);
    }
    if (onStretch && st.i < n) onStretch(scratchTokens(text, st.count), sCandidates, st.candidateCount);
  }
  sCandidateCount = st.candidateCount;
  sPrefixCandidateCount = st.prefixCount;
  return st.count;
}

/**
 * Classify the code units not classified yet from `from` up to the first ASCII code unit
 * that is no word character: the rest of the token a scan stopped in, and what follows it
 * up to the next ASCII space or punctuation. So a scan stops (and rescans the token) once
 * per such run, not once per new code unit in it (a text in a script without spaces holds
 * hundreds of new code units in one run, when first met).
 */
function classifyRun(u: Uint16Array, from: number, n: number): void {
  for (let j = from; j < n; j++) {
    const c = u[j]!;
    if (c < 128) {
      if (!(ENTRY[c]! & WORD)) break;
    } else if (ENTRY[c] === 0) classify(c);
  }
}

/**
 * Called by `scanCandidates` after each stretch of a scan but the last (stretches of at most
 * HOOKED_STRETCH code units then), with the tokens scanned so far (the scan's own Tokens, valid
 * until the scan goes on) and the candidate list with its count so far. Every token scanned is final
 * (its joined flag and flags come from what precedes it); what follows the last one is not known yet.
 * The hook must not scan or tokenise.
 */
export type StretchHook = (scanned: Tokens, candidates: Int32Array, candidateCount: number) => void;

/**
 * Code units per stretch of a scan with a `StretchHook`: the tokens of one (some 13,000, 14 bytes
 * each) and its code units are still in the core's cache when the hook reads them.
 */
const HOOKED_STRETCH = 1 << 16;

/** Room (in tokens) below which `scanUnits` grows the scratch before its next stretch of text. */
const MIN_ROOM = 64;

/**
 * The state `scanStretch` starts from and stops in: the position, the counts of tokens and
 * candidates, and the gap state since the previous token, as the values stored: joined (0
 * or 1; never 1 before the first token) and the FLAG_SENTENCE_START bit.
 */
const scanState = { i: 0, count: 0, candidateCount: 0, prefixCount: 0, gapJoined: 0, sentenceStart: 0 };

/**
 * Tokenise from `st.i` into the scratch arrays, until the position reaches `limit` (a
 * token that starts before it is scanned to its end) or a code unit not classified yet
 * comes up. Returns -1, or that code unit: the scan then stopped before it (at the start
 * of the token it is in, if any), and resumes there once it is classified.
 */
function scanStretch(u: Uint16Array, limit: number, filter: Uint8Array, filterMask: number, trigrams: Uint8Array, st: typeof scanState): number {
  // The tables, scratch arrays and state in locals: module-level bindings are context
  // slots, re-read (and checked) on every access in the loop.
  const entries = ENTRY;
  // The scratch regions (see `sInts`): start, end, hash, candidates and prefix candidates; joined, flags.
  const ints = sInts;
  const bytes = sBytes;
  const size = scratchSize;
  const nexts = fourths;
  let i = st.i;
  let count = st.count;
  let candidateCount = st.candidateCount;
  let prefixCount = st.prefixCount;
  let gapJoined = st.gapJoined;
  let sentenceStart = st.sentenceStart;
  let unknown = -1;
  while (i < limit) {
    const c = u[i]!;
    const k = entries[c]!;
    if (!(k & WORD)) {
      if (k & BLANK) {
        // spaces keep the gap joinable
      } else if (k & JOINER) {
        // one hyphen or apostrophe joins; two or more do not ("--")
        if (i > 0 && u[i - 1] === c) gapJoined = 0;
      } else if (k === 0) {
        unknown = c;
        break;
      } else {
        if (c === 46) {
          // "." starts a sentence unless a word character follows ("e.g", "3.5"). There is a code
          // unit after it: u[n] is the sentinel.
          const next = entries[u[i + 1]!]!;
          if (next === 0) {
            unknown = u[i + 1]!;
            break;
          }
          if (!(next & WORD)) sentenceStart = FLAG_SENTENCE_START;
        } else if (k & SENTENCE_END) sentenceStart = FLAG_SENTENCE_START;
        gapJoined = 0;
      }
      i++;
      continue;
    }
    // A token: hash the lower-cased, folded characters (bits 16-31 of their entries: see FOLD). The first three
    // characters are taken one by one, building the trigram of their letter indexes; the rest in
    // the plain loop. No end tests: the sentinel after the text (see `codeUnits`) is no word character.
    const s = i;
    let h = Math.imul(FNV_OFFSET ^ (k >>> 16), FNV_PRIME);
    let trigram = (k >> ALPHA_SHIFT) & 31;
    i++;
    let e = entries[u[i]!]!;
    if (e & WORD) {
      h = Math.imul(h ^ (e >>> 16), FNV_PRIME);
      trigram = (trigram << 5) | ((e >> ALPHA_SHIFT) & 31);
      i++;
      e = entries[u[i]!]!;
      if (e & WORD) {
        h = Math.imul(h ^ (e >>> 16), FNV_PRIME);
        trigram = (trigram << 5) | ((e >> ALPHA_SHIFT) & 31);
        i++;
        // A prefix candidate when the first three letters pass and the fourth code unit may follow them (see
        // PREFIX_WHOLE). With `stemStarts()`, the 10 MiB bench text has 11,588 such tokens instead of 80,900
        // ("could", "while", "which", "into" pass the first three; none holds a stem), and `traitsIn` read each
        // candidate's start and characters at scattered places of the doc-sized arrays: agentic-communal-skew's
        // phase (bench/rule-phase-cpu.mjs, CPU minimum of 30 rounds, 3 alternating process pairs) 5.8-6.1 -> 3.6 ms;
        // 1 MiB 0.34 -> 0.24 ms; the gendered-term phase, which scans the text, unchanged (48-50 ms either way).
        if (trigrams[trigram] !== 0) {
          const c4 = u[i]!;
          const next = nexts[trigram]!;
          // `| 32` lower-cases an ASCII letter and maps no other code unit onto one.
          const y = (c4 | 32) - 97;
          if (c4 >= 128 || (next & PREFIX_WHOLE) !== 0 || (y >>> 0 < 26 && ((next >>> y) & 1) !== 0))
            ints[INT_PREFIX_CANDIDATES * size + prefixCount++] = count;
        }
        for (;;) {
          const c2 = u[i]!;
          // A lower-case ASCII letter (most characters of most words) is its own folded lower case: no table load.
          if ((c2 - 97) >>> 0 < 26) {
            h = Math.imul(h ^ c2, FNV_PRIME);
            i++;
            continue;
          }
          e = entries[c2]!;
          if (!(e & WORD)) break;
          h = Math.imul(h ^ (e >>> 16), FNV_PRIME);
          i++;
        }
      }
    }
    if (e === 0) {
      // Scan this token again once the code unit after it is classified (it may be a letter).
      unknown = u[i]!;
      // (It was listed when it is the last prefix candidate: the others are earlier tokens.)
      if (prefixCount > 0 && ints[INT_PREFIX_CANDIDATES * size + prefixCount - 1] === count) prefixCount--;
      i = s;
      break;
    }
    if (filter[h & filterMask] !== 0) ints[INT_CANDIDATES * size + candidateCount++] = count;
    // UPPER >> 1 is FLAG_CAPITALISED.
    let f = ((k & UPPER) >> 1) | sentenceStart;
    // All capitals: more than one letter, none of them not upper case (word characters that are
    // upper case are letters). Looked at only for tokens that do not start with a lower-case letter.
    if (!(k & NON_UPPER_LETTER) && i - s > 1) {
      let letters = 0;
      let j = s;
      for (; j < i; j++) {
        const ej = entries[u[j]!]!;
        if (ej & NON_UPPER_LETTER) break;
        letters += ej & LETTER;
      }
      if (j === i && letters > 1) f |= FLAG_ALL_CAPS;
    }
    ints[count] = s;
    ints[INT_END * size + count] = i;
    ints[INT_HASH * size + count] = h;
    bytes[count] = gapJoined;
    bytes[BYTE_FLAGS * size + count] = f;
    count++;
    gapJoined = 1;
    sentenceStart = 0;
    // The single space after most words is skipped here (it keeps the gap joinable), not in a
    // round of the loop: 5.0 -> 4.6 ns per character on the 1 MiB bench text.
    if (u[i] === 32) i++;
  }
  st.i = i;
  st.count = count;
  st.candidateCount = candidateCount;
  st.prefixCount = prefixCount;
  st.gapJoined = gapJoined;
  st.sentenceStart = sentenceStart;
  return unknown;
}

/**
 * Small results are views into shared blocks (one typed-array allocation per
 * block, not five per text): a dataset has thousands of short segments.
 */
const BLOCK = 16384;
const SMALL = 512;
let bInt = new Int32Array(BLOCK * 3);
let bByte = new Uint8Array(BLOCK * 2);
let bUsed = 0;
const EMPTY32 = new Int32Array(0);
const EMPTY8 = new Uint8Array(0);

/**
 * Tokens of `text` in the tokeniser's scratch arrays, without copying them out:
 * valid only until the next call of `scanTokens` or `tokenize` (the object itself
 * is reused by the next scan). For a quick look at a text (are there mentions?)
 * whose tokens need not be kept.
 */
export function scanTokens(text: string): Tokens {
  return scratchTokens(text, scan(text, undefined, 0, undefined));
}

/**
 * The Tokens object of the last scan, updated in place (no object per scan: a
 * dataset has thousands of short texts). The fields in the order `keepTokens`
 * makes them, so both have one shape. It holds the last text scanned (one text)
 * and the scratch arrays (let go with them after a large text, see `keepTokens`).
 */
const scratch: { -readonly [K in keyof Tokens]: Tokens[K] } = { text: '', count: 0, start: sStart, end: sEnd, hash: sHash, joined: sJoined, flags: sFlags };

/** The scratch arrays as Tokens (for `scanTokens` and `scanCandidates`). */
function scratchTokens(text: string, count: number): Tokens {
  const t = scratch;
  t.text = text;
  t.count = count;
  // The arrays change when they grow (or shrink back after a large text).
  t.start = sStart;
  t.end = sEnd;
  t.hash = sHash;
  t.joined = sJoined;
  t.flags = sFlags;
  return t;
}

/**
 * The lists of the last `scanCandidates`: indexes, in order, of the tokens whose
 * hash passed the filter (valid up to `count`, and only as long as the tokens, until
 * the next scan), and likewise for the `prefixes` table (`prefixCount` 0 without one).
 * One object, updated in place: no result object per scan (a dataset has
 * thousands of short texts).
 */
export const scannedCandidates = {
  indexes: sCandidates,
  count: 0,
  prefixIndexes: sPrefixCandidates,
  prefixCount: 0,
};

/**
 * `scanTokens`, also listing the tokens whose hash h has `filter[h & filterMask]
 * !== 0` (e.g. the tokens that may start a phrase of an index), found while
 * scanning; with `prefixes` (26 * 26 * 26 entries), also those of three or more
 * characters whose first three, lower-cased, are ASCII letters a, b, c with
 * `prefixes[((a - 97) * 26 + (b - 97)) * 26 + (c - 97)] !== 0` (and, with a second
 * part of the table, whose fourth code unit it allows: see PREFIX_WHOLE); the lists are in
 * `scannedCandidates`. Same validity as `scanTokens`. With `onStretch`, a caller
 * reads the tokens stretch by stretch while they are scanned (see `StretchHook`).
 */
export function scanCandidates(text: string, filter: Uint8Array, filterMask: number, prefixes?: Int32Array, onStretch?: StretchHook): Tokens {
  const count = scan(text, filter, filterMask, prefixes, onStretch);
  const c = scannedCandidates;
  c.indexes = sCandidates;
  c.count = sCandidateCount;
  c.prefixIndexes = sPrefixCandidates;
  c.prefixCount = prefixes ? sPrefixCandidateCount : 0;
  return scratchTokens(text, count);
}

export function tokenize(text: string): Tokens {
  return keepTokens(scanTokens(text));
}

/**
 * One of the shared blocks that short texts' tokens are copied into (as `keepTokens` does) to be kept
 * without their five typed-array views yet: `tokens` makes them. A dataset keeps the tokens of thousands
 * of short texts with mentions, and the rules read only about half of them; the views (some 400 bytes a
 * text) were most of what was kept per text. Where in the block a text's tokens are is a number, its slot
 * (see `storeTokens`), which the text's owner keeps: no object per text.
 */
export class TokenBlock {
  constructor(
    private readonly ints: ArrayBuffer,
    private readonly bytes: ArrayBuffer,
  ) {}

  /** The tokens of `text` stored at `slot` (see `storeTokens`), as Tokens: new views each call (the caller keeps them). */
  tokens(text: string, slot: number): Tokens {
    return blockTokens(text, slot & (SLOT_SPAN - 1), this.ints, this.bytes, slot >> SLOT_SHIFT);
  }
}

/** A slot is `at * SLOT_SPAN + count`: where in the block the tokens start, and how many there are (at most SMALL). */
const SLOT_SHIFT = 10;
const SLOT_SPAN = 1 << SLOT_SHIFT;

/** The block that short texts' tokens are stored in now (`bInt` and `bByte`). */
let block = new TokenBlock(bInt.buffer, bByte.buffer);

/** The views of `count` tokens at `at` in the blocks `ints` and `bytes`, as Tokens (the shape `keepTokens` makes). */
function blockTokens(text: string, count: number, ints: ArrayBuffer, bytes: ArrayBuffer, u: number): Tokens {
  // Views made with the constructor: `subarray` is about twice as slow (it looks up the species constructor).
  const start = new Int32Array(ints, 4 * u, count);
  const end = new Int32Array(ints, 4 * (BLOCK + u), count);
  const hash = new Int32Array(ints, 4 * (2 * BLOCK + u), count);
  const joined = new Uint8Array(bytes, u, count);
  const flags = new Uint8Array(bytes, BLOCK + u, count);
  return { text, count, start, end, hash, joined, flags };
}

/**
 * Where the last `storeTokens` that returned a TokenBlock put the tokens in it: the slot to pass to
 * `TokenBlock.tokens` (one object, updated in place, as `scannedCandidates` is).
 */
export const storedTokens = { slot: 0 };

/**
 * Tokens from `scanTokens` (still valid), kept: a short text's copied into the shared blocks, returned as
 * the TokenBlock they are in (with their slot in `storedTokens`; views made when first read), a long one's
 * (or none) as Tokens.
 *
 * Replaced a StoredTokens object per text (the text, the count, the block's two buffers and the place,
 * 64 bytes): the 10 MiB JSONL bench corpus keeps 25,371 texts' tokens, 1.6 MB of such objects for the
 * document's life (heap kept by its gendered-term phase, the first to find mentions, after a full GC:
 * 14.1 -> 12.2 MB; the owner's slot field costs 8 bytes a text).
 */
export function storeTokens(scanned: Tokens): TokenBlock | Tokens {
  const count = scanned.count;
  if (count === 0 || count > SMALL) return keepTokens(scanned);
  const u = blockCopy(scanned);
  storedTokens.slot = u * SLOT_SPAN + count;
  return block;
}

/** Copies the `count` (1 to SMALL) tokens of `scanned` into the shared blocks; returns where they start. */
function blockCopy(scanned: Tokens): number {
  const count = scanned.count;
  if (bUsed + count > BLOCK) {
    bInt = new Int32Array(BLOCK * 3);
    bByte = new Uint8Array(BLOCK * 2);
    block = new TokenBlock(bInt.buffer, bByte.buffer);
    bUsed = 0;
  }
  const u = bUsed;
  bUsed += count;
  const ints = bInt;
  const bytes = bByte;
  const sStartA = scanned.start;
  const sEndA = scanned.end;
  const sHashA = scanned.hash;
  const sJoinedA = scanned.joined;
  const sFlagsA = scanned.flags;
  for (let i = 0; i < count; i++) {
    ints[u + i] = sStartA[i]!;
    ints[BLOCK + u + i] = sEndA[i]!;
    ints[2 * BLOCK + u + i] = sHashA[i]!;
    bytes[u + i] = sJoinedA[i]!;
    bytes[BLOCK + u + i] = sFlagsA[i]!;
  }
  return u;
}

/**
 * A scan of at least this many tokens, kept, takes the scratch arrays it was written into
 * instead of a copy of them (see `keepTokens`).
 */
const HAND_OVER_MIN = 1 << 16;

/**
 * Tokens from `scanTokens` (still valid), copied out at their exact size; or, for a scan of
 * HAND_OVER_MIN tokens or more still in a scratch kept for good (up to SCRATCH_KEEP tokens),
 * the scratch's own arrays, and the next scan gets a new scratch. A text that long (some
 * 400 KB) is mostly a whole document, scanned once per lint: its copy was memory written for
 * the first time, at a page fault per 4 KiB on top of the copying, and the scratch it came
 * from then waited for a text as long. The arrays taken hold their unused room too (the
 * scratch is made for about one token per 4-6 code units, with regions for the candidate
 * lists); what is never written did not show as resident memory (four 1 MiB bench texts linted
 * and kept: RSS 121.2-121.4 MiB against 122.0-123.8 with copies, though their ArrayBuffers
 * count 4.6 MB more). Measured on the 1 MiB bench text, whole CLI runs alternating (15 each):
 * median 396 -> 377 ms, page faults 12,488 -> 11,797.
 * A huge scratch is still copied from, and kept for the next huge text (HUGE_SCRATCH_IDLE_MS):
 * taken, each lint of the 10 MiB bench text wrote a new one, and a steady lint made 12,700-
 * 13,400 page faults instead of 7,900-9,700 (three processes each).
 */
export function keepTokens(scanned: Tokens): Tokens {
  const { text, count } = scanned;
  let start: Int32Array;
  let end: Int32Array;
  let hash: Int32Array;
  let joined: Uint8Array;
  let flags: Uint8Array;
  if (count === 0) {
    start = end = hash = EMPTY32;
    joined = flags = EMPTY8;
  } else if (count <= SMALL) {
    const u = blockCopy(scanned);
    return blockTokens(text, count, bInt.buffer, bByte.buffer, u);
  } else if (scanned === scratch && count >= HAND_OVER_MIN && scratchSize <= SCRATCH_KEEP) {
    start = scanned.start.subarray(0, count);
    end = scanned.end.subarray(0, count);
    hash = scanned.hash.subarray(0, count);
    joined = scanned.joined.subarray(0, count);
    flags = scanned.flags.subarray(0, count);
    // The candidate lists of this scan (`scannedCandidates`) stay valid: they are views of the arrays taken.
    setScratch(SCRATCH_FIRST, 0);
  } else {
    start = copyInts(scanned.start, count);
    end = copyInts(scanned.end, count);
    hash = copyInts(scanned.hash, count);
    joined = copyBytes(scanned.joined, count);
    flags = copyBytes(scanned.flags, count);
  }
  return { text, count, start, end, hash, joined, flags };
}

/**
 * The first `count` entries of `a` in a new array whose memory is not zeroed first (every entry is then
 * written): `slice` zeroes the new memory before copying into it. Copying out of the huge scratch of the
 * 10 MiB bench text (2.2 M tokens, 31 MB), CPU-time minima of 25 copies per process, three processes
 * each, alternating: 2.26-2.50 ms with `slice`, 1.57-1.64 ms with this. (The copy itself stays: handing
 * the huge scratch over instead, as a smaller one is, made the gendered-term phase of a steady lint of
 * that text 49-50 -> 63-76 ms, CPU minima, with a new 58 MB scratch written for each lint.)
 */
function copyInts(a: Int32Array, count: number): Int32Array {
  const out = new Int32Array(Buffer.allocUnsafeSlow(4 * count).buffer, 0, count);
  out.set(a.subarray(0, count));
  return out;
}

/** `copyInts` for bytes. */
function copyBytes(a: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(Buffer.allocUnsafeSlow(count).buffer, 0, count);
  out.set(a.subarray(0, count));
  return out;
}

/** What `rescanTokens` gives: the tokens of the new text, kept, and its `prefixes` candidates. */
export interface Rescanned {
  tokens: Tokens;
  /** Indexes of the tokens that pass `prefixes` (as `scannedCandidates.prefixIndexes`), when asked for. */
  prefixIndexes: Int32Array | undefined;
  /**
   * The tokens of the changed lines are `tokens` [changedFrom, changedTo); those before
   * are the earlier tokens with the same indexes, and those from `changedTo` on are the
   * earlier tokens from `keptFrom` on.
   */
  changedFrom: number;
  changedTo: number;
  keptFrom: number;
}

/**
 * The tokens of `text` made from those of `earlier.text`, an earlier version of it
 * (one edit, or a few close together, apart): only the lines that changed are
 * scanned, and the tokens before and after them are copied (those after shifted
 * by the change in length). The same tokens as `keepTokens(scanCandidates(text,
 * ..., prefixes))` would give, and the same `prefixes` candidates, because what
 * the tokeniser makes of a line depends on that line alone: a newline ends every
 * token and sentence and breaks every joined gap, and nothing it looks at before
 * or after a character crosses one. `earlierPrefixIndexes` are `earlier`'s
 * candidates for the same `prefixes` table (or undefined when not asked for).
 * Returns undefined when less than half of the text is unchanged (then a fresh
 * scan costs about as much).
 */
export function rescanTokens(earlier: Tokens, earlierPrefixIndexes: Int32Array | undefined, text: string, prefixes?: Int32Array): Rescanned | undefined {
  const old = earlier.text;
  const n = text.length;
  const same = commonPrefixLength(old, text);
  const tail = commonSuffixLength(old, text, Math.min(old.length, n) - same);
  if (same + tail < n / 2) return undefined;
  if (same === n && n === old.length) {
    const count = earlier.count;
    return { tokens: withText(earlier, text), prefixIndexes: earlierPrefixIndexes, changedFrom: count, changedTo: count, keptFrom: count };
  }
  // The changed lines: from the start of the line where the texts first differ to just after the
  // first newline of the unchanged tail (both newlines, if any, lie in text both versions share).
  const from = same === 0 ? 0 : text.lastIndexOf('\n', same - 1) + 1;
  const newline = text.indexOf('\n', n - tail);
  const to = newline < 0 ? n : newline + 1;
  const delta = n - old.length;
  const oldTo = to - delta;
  // Old tokens before the changed lines, and from where the unchanged ones after them begin.
  const before = firstTokenAtOrAfter(earlier, from);
  const after = firstTokenAtOrAfter(earlier, oldTo);
  const kept = earlier.count - after;
  const middle = text.slice(from, to);
  const m = scan(middle, undefined, 0, prefixes);
  const count = before + m + kept;
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const hash = new Int32Array(count);
  const joined = new Uint8Array(count);
  const flags = new Uint8Array(count);
  start.set(earlier.start.subarray(0, before));
  end.set(earlier.end.subarray(0, before));
  hash.set(earlier.hash.subarray(0, before));
  joined.set(earlier.joined.subarray(0, before));
  flags.set(earlier.flags.subarray(0, before));
  for (let i = 0; i < m; i++) {
    start[before + i] = sStart[i]! + from;
    end[before + i] = sEnd[i]! + from;
  }
  hash.set(sHash.subarray(0, m), before);
  joined.set(sJoined.subarray(0, m), before);
  flags.set(sFlags.subarray(0, m), before);
  for (let i = 0, j = before + m; i < kept; i++, j++) {
    start[j] = earlier.start[after + i]! + delta;
    end[j] = earlier.end[after + i]! + delta;
  }
  hash.set(earlier.hash.subarray(after), before + m);
  joined.set(earlier.joined.subarray(after), before + m);
  flags.set(earlier.flags.subarray(after), before + m);
  let prefixIndexes: Int32Array | undefined;
  if (prefixes && earlierPrefixIndexes) {
    const e = earlierPrefixIndexes;
    const keptFrom = firstAtOrAfter(e, after);
    const beforeCount = firstAtOrAfter(e, before);
    const middleCount = sPrefixCandidateCount;
    prefixIndexes = new Int32Array(beforeCount + middleCount + (e.length - keptFrom));
    prefixIndexes.set(e.subarray(0, beforeCount));
    for (let i = 0; i < middleCount; i++) prefixIndexes[beforeCount + i] = sPrefixCandidates[i]! + before;
    const shift = before + m - after;
    for (let i = keptFrom, j = beforeCount + middleCount; i < e.length; i++, j++) prefixIndexes[j] = e[i]! + shift;
  }
  return { tokens: { text, count, start, end, hash, joined, flags }, prefixIndexes, changedFrom: before, changedTo: before + m, keptFrom: after };
}

/**
 * `t`'s arrays held with `text`, a string equal to `t.text`: a text is often a slice of
 * a larger one (a document's), and a slice keeps the string it was cut from alive, so
 * tokens kept for a later version of a document must hold that version's string. The
 * fields in the order `keepTokens` makes them (one shape for all Tokens).
 */
export function withText(t: Tokens, text: string): Tokens {
  return { text, count: t.count, start: t.start, end: t.end, hash: t.hash, joined: t.joined, flags: t.flags };
}

/** Index of the first token of `t` that starts at or after `offset` (tokens are in order). */
function firstTokenAtOrAfter(t: Tokens, offset: number): number {
  return firstAtOrAfter(t.start.subarray(0, t.count), offset);
}

/** Index of the first entry of the sorted `a` that is at least `x` (a.length if none). */
function firstAtOrAfter(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Compared a block at a time as strings (the engine's own compare, no per-character
 * loop in JS: slices of a flat string are views), then character by character in
 * the first block that differs.
 */
const COMPARE_BLOCK = 4096;

/** Length of the longest common prefix of `a` and `b`. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARE_BLOCK <= n && a.slice(i, i + COMPARE_BLOCK) === b.slice(i, i + COMPARE_BLOCK)) i += COMPARE_BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the longest common suffix of `a` and `b`, at most `max`. */
export function commonSuffixLength(a: string, b: string, max: number): number {
  let k = 0;
  let i = a.length;
  let j = b.length;
  while (k + COMPARE_BLOCK <= max && a.slice(i - k - COMPARE_BLOCK, i - k) === b.slice(j - k - COMPARE_BLOCK, j - k)) k += COMPARE_BLOCK;
  while (k < max && a.charCodeAt(i - k - 1) === b.charCodeAt(j - k - 1)) k++;
  return k;
}

const segmentCache = new WeakMap<Segment, Tokens>();

/**
 * Tokens of short texts seen lately, by text: a dataset repeats its system prompt
 * and its labels in every record, each a different Segment. Bounded in entries and
 * text length, so a long-lived language server keeps no large document alive.
 * (The rules use a per-document analysis instead: see `documentLexicon`.)
 */
const textCache = new Map<string, Tokens>();
const TEXT_CACHE_ENTRIES = 2048;
const TEXT_CACHE_MAX_LENGTH = 4096;

/**
 * Tokens of a segment's decoded text, computed once per Segment (and once per
 * short text while it stays in the text cache). Tokens depend only on the text, so segments with
 * equal text share them, and so do the caches keyed by Tokens.
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

/**
 * Whether token i, lower-cased, equals `word` (already lower case), without allocating. Not
 * folded: "él" is not "el", though their hashes are equal (see FOLD).
 */
export function tokenEquals(t: Tokens, i: number, word: string): boolean {
  const s = t.start[i]!;
  if (t.end[i]! - s !== word.length) return false;
  const text = t.text;
  // Token characters are word characters, so their classes are already known.
  for (let k = 0; k < word.length; k++) if (LOWER[text.charCodeAt(s + k)] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Whether token i and `word` (already lower case) are equal lower-cased and folded (see FOLD):
 * "José", "JOSÉ" and "Jose" all equal "jose" and "josé".
 */
export function tokenFoldEquals(t: Tokens, i: number, word: string): boolean {
  const s = t.start[i]!;
  if (t.end[i]! - s !== word.length) return false;
  const text = t.text;
  for (let k = 0; k < word.length; k++) if (FOLD[text.charCodeAt(s + k)] !== foldCode(word.charCodeAt(k))) return false;
  return true;
}

/** WordSet's filter: 2^11 bits (a few words per set leave most of them clear). */
const WORD_BITS = 11;
const WORD_BITS_MASK = (1 << WORD_BITS) - 1;
/** `WordSet.nextIn`'s filter: 2^16 bits. */
const WIDE_BITS = 16;
const WIDE_BITS_MASK = (1 << WIDE_BITS) - 1;

/** A set of words that tokens are tested against by hash, without allocating a string per token. */
export class WordSet {
  /** Word lists by 30-bit hash key (small integers keep Map lookups fast). */
  private readonly byHash = new Map<number, string[]>();
  /**
   * One bit per value of a key's low WORD_BITS bits, set for the words' keys: most tokens
   * tested are in no set, and a bit test turns them away without the Map lookup.
   */
  private readonly bits = new Int32Array(1 << (WORD_BITS - 5));

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const w = word.toLowerCase();
      const k = hashWord(w) & 0x3fffffff;
      this.bits[(k & WORD_BITS_MASK) >>> 5]! |= 1 << (k & 31);
      const list = this.byHash.get(k);
      if (!list) this.byHash.set(k, [w]);
      else if (!list.includes(w)) list.push(w);
    }
  }

  /** Whether token i, lower-cased, is in the set (as `set.has(tokenLower(t, i))` would say). */
  has(t: Tokens, i: number): boolean {
    const h = t.hash[i]!;
    if ((this.bits[(h & WORD_BITS_MASK) >>> 5]! & (1 << (h & 31))) === 0) return false;
    const list = this.byHash.get(h & 0x3fffffff);
    if (!list) return false;
    for (const w of list) if (tokenEquals(t, i, w)) return true;
    return false;
  }

  /** `nextIn`'s filter: like `bits`, over 2^16 values (8 KiB), made on its first call. */
  private wideBits: Int32Array | undefined;

  /**
   * The first token at or after `from` that is in the set (as `has` says), or -1. For a pass over many tokens
   * of which few are in the set: one loop over `t.hash` (read once; a loop calling `has` reads it from `t`, which
   * has several shapes, for each token), with a filter of 2^16 bits that turns away far more tokens than `bits`
   * (on the bench text, 2.6% of the tokens pass `bits` for the decision words of protected-attribute-in-decision).
   * 222,674 tokens of the 1 MiB bench text, none in a set of 67 words, CPU-time minimum of 40 passes: ~0.46 ms
   * calling `has` per token, ~0.34 ms with `bits` in this loop, ~0.21 ms with the wide filter.
   */
  nextIn(t: Tokens, from: number): number {
    let wide = this.wideBits;
    if (wide === undefined) {
      wide = this.wideBits = new Int32Array(1 << (WIDE_BITS - 5));
      for (const k of this.byHash.keys()) wide[(k & WIDE_BITS_MASK) >>> 5]! |= 1 << (k & 31);
    }
    const hash = t.hash;
    for (let i = from, n = t.count; i < n; i++) {
      const h = hash[i]!;
      if ((wide[(h & WIDE_BITS_MASK) >>> 5]! & (1 << (h & 31))) !== 0 && this.has(t, i)) return i;
    }
    return -1;
  }
}
