/**
 * Decoding JSON string tokens into Segments that map every decoded character
 * back to its exact source offset.
 *
 * A string without a backslash maps one-to-one onto the source (an identity
 * Segment, no table). With escapes, each decoded UTF-16 unit maps to the start
 * of the escape that produced it (`\n` -> the backslash, `\u00e9` -> the
 * backslash of its six characters; the two halves of a surrogate pair written
 * as `\ud83d\ude00` map to their own escapes), so `sourceSpan` of any decoded
 * range covers exactly the escapes that produced it.
 *
 * Invalid escapes (which the JSON parser has already reported) decode to their
 * raw text, so nothing is lost and offsets stay monotonic.
 */
import { Segment } from '../model/segment.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The decoded text of the JSON string token at `text[start, end)` (quotes
 * included). An unterminated token (no closing quote) decodes up to `end`.
 */
export function jsonStringSegment(text: string, start: number, end: number): Segment {
  const inner = start + 1;
  const close = end - 1 > start && text.charCodeAt(end - 1) === 0x22 && !isEscapedQuote(text, inner, end - 1) ? end - 1 : end;
  const backslash = backslashIn(text, inner, close);
  if (backslash === -1) return new Segment(text.slice(inner, close), inner);
  return decodeEscaped(text, inner, close);
}

/** The first backslash in text[from, to), or -1 (never scans past `to`). */
export function backslashIn(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x5c) return i;
  return -1;
}

/** Whether the quote at `at` is itself escaped (an odd run of backslashes before it). */
function isEscapedQuote(text: string, from: number, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= from && text.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 1;
}

/**
 * Offset tables are carved out of shared chunks (subarray views) rather than
 * allocated one typed array per string: a 10 MiB chat dataset has hundreds of
 * thousands of escaped strings, and separate backing stores cost more in
 * allocation and GC than the decoding itself.
 */
const CHUNK = 1 << 16;
let chunk = new Int32Array(CHUNK);
let chunkUsed = 0;

function reserve(n: number): Int32Array {
  if (chunkUsed + n > chunk.length) {
    chunk = new Int32Array(Math.max(CHUNK, n));
    chunkUsed = 0;
  }
  return chunk;
}

function decodeEscaped(text: string, from: number, to: number): Segment {
  // The decoded length is at most the raw length.
  const table = reserve(to - from + 1);
  const first = chunkUsed;
  let n = first;
  let out = '';
  let i = from;
  while (i < to) {
    const bs = backslashIn(text, i, to);
    const runEnd = bs === -1 ? to : bs;
    for (let k = i; k < runEnd; k++) table[n++] = k;
    out += text.slice(i, runEnd);
    if (runEnd === to) {
      i = to;
      break;
    }
    const kind = bs + 1 < to ? text[bs + 1]! : undefined;
    const simple = kind === undefined ? undefined : SIMPLE_ESCAPES[kind];
    if (kind === undefined) {
      // A lone trailing backslash: keep it.
      table[n++] = bs;
      out += '\\';
      i = bs + 1;
    } else if (simple !== undefined) {
      table[n++] = bs;
      out += simple;
      i = bs + 2;
    } else if (kind === 'u' && bs + 6 <= to && /^[0-9a-fA-F]{4}$/.test(text.slice(bs + 2, bs + 6))) {
      table[n++] = bs;
      out += String.fromCharCode(parseInt(text.slice(bs + 2, bs + 6), 16));
      i = bs + 6;
    } else {
      // Invalid escape: keep both characters as written.
      table[n++] = bs;
      table[n++] = bs + 1;
      out += text.slice(bs, bs + 2);
      i = bs + 2;
    }
  }
  table[n++] = to;
  chunkUsed = n;
  return new Segment(out, from, table.subarray(first, n));
}
