/**
 * Context checks shared by the demographic rules: quoted text and code (which
 * rules leave alone), template variables, proper names, and the allow-list.
 */
import type { PromptDocument, Span } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { FLAG_CAPITALISED, FLAG_SENTENCE_START, tokenLower, type Tokens } from './tokens.js';

const quoteCache = new WeakMap<Segment, Int32Array>();
const NO_RANGES = new Int32Array(0);
const INLINE_CODE = /`[^`\n]+(?:\n(?![ \t]*\n)[^`\n]*)*`/g;

/**
 * Decoded ranges (start, end pairs) of quoted text and code in a segment:
 * "double" and “curly” quotes within a line, `inline code`, and ``` fenced blocks.
 */
export function quotedRanges(segment: Segment): Int32Array {
  let r = quoteCache.get(segment);
  if (!r) {
    r = findQuotedRanges(segment.text);
    quoteCache.set(segment, r);
  }
  return r;
}

/** `quotedRanges` of a text. */
export function findQuotedRanges(text: string): Int32Array {
  // Most texts hold no quote, backtick or tilde at all.
  if (text.indexOf('"') < 0 && text.indexOf('\u201c') < 0 && text.indexOf('`') < 0 && text.indexOf('~') < 0) return NO_RANGES;
  const out: number[] = [];
  // Fenced code blocks.
  const fence = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*\1[^\n]*$|(?![\s\S]))/gm;
  const fences: [number, number][] = [];
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    fences.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) fence.lastIndex++;
  }
  let f = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (f < fences.length && fences[f]![1] <= lineStart) f++;
    if (f < fences.length && fences[f]![0] <= lineStart) {
      // whole line inside a fence
    } else {
      scanLine(text, lineStart, lineEnd, out);
    }
    lineStart = lineEnd + 1;
  }
  for (const [s, e] of fences) out.push(s, e);
  // Inline code may run over a line break (not a blank line).
  INLINE_CODE.lastIndex = 0;
  for (let m = INLINE_CODE.exec(text); m; m = INLINE_CODE.exec(text)) out.push(m.index, m.index + m[0].length);
  const pairs: [number, number][] = [];
  for (let i = 0; i < out.length; i += 2) pairs.push([out[i]!, out[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return Int32Array.from(pairs.flat());
}

function scanLine(text: string, s: number, e: number, out: number[]): void {
  let open = -1;
  let openChar = '';
  for (let i = s; i < e; i++) {
    const c = text[i]!;
    if (open < 0) {
      if (c === '"' || c === '\u201c') {
        open = i;
        openChar = c;
      }
    } else if ((openChar === '"' && c === '"') || (openChar === '\u201c' && c === '\u201d')) {
      out.push(open, i + 1);
      open = -1;
    }
  }
}

/** Whether decoded range [start, end) overlaps a quoted or code range. */
export function inQuotedRange(ranges: Int32Array, start: number, end: number): boolean {
  // Binary search on starts.
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = ranges[mid * 2]!;
    const e = ranges[mid * 2 + 1]!;
    if (e <= start) lo = mid + 1;
    else if (s >= end) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Whether a source span overlaps a template variable (`{{x}}`, `{x}`). */
export function inVariable(doc: PromptDocument, span: Span): boolean {
  for (const v of doc.variables) if (v.span.start < span.end && span.start < v.span.end) return true;
  return false;
}

/**
 * Whether tokens [token, token + length) are part of a proper name: written with a
 * capital mid-sentence ("the Postman collection"), or next to another capitalised
 * word ("Headmaster's Flat", "Fisherman's Wharf").
 */
export function looksLikeProperName(t: Tokens, token: number, length: number): boolean {
  const f = t.flags[token]!;
  if (f & FLAG_CAPITALISED && !(f & FLAG_SENTENCE_START)) return true;
  let next = token + length;
  // Skip a possessive "'s".
  if (next < t.count && t.joined[next] && tokenLower(t, next) === 's' && /['\u2019]/.test(t.text.slice(t.end[next - 1]!, t.start[next]!))) next++;
  if (f & FLAG_CAPITALISED && next < t.count && t.joined[next] && t.flags[next]! & FLAG_CAPITALISED && !(t.flags[next]! & FLAG_SENTENCE_START)) return true;
  const prev = token - 1;
  if (f & FLAG_CAPITALISED && prev >= 0 && t.joined[token] && t.flags[prev]! & FLAG_CAPITALISED && !(t.flags[prev]! & FLAG_SENTENCE_START)) return true;
  return false;
}

/** A case-insensitive allow-list of words and phrases. */
export function allowSet(allow: readonly string[] | undefined): Set<string> {
  return new Set((allow ?? []).map((a) => a.trim().toLowerCase().replace(/\s+/g, ' ')));
}

/** Whether `text` (a matched word or phrase) is allowed. */
export function isAllowed(allowed: Set<string>, text: string): boolean {
  if (allowed.size === 0) return false;
  return allowed.has(text.toLowerCase().replace(/[\s-]+/g, ' ')) || allowed.has(text.toLowerCase());
}

/**
 * Whether text[start, end) sits inside an identifier, e-mail address, URL or path:
 * the whitespace-delimited run around it holds "@", "/", "\\", "_", "=", "<", ">",
 * "{", "}" or a dot followed by a letter ("mailman-admin@example.org", "src/fireman.ts").
 */
export function inIdentifier(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && start - a < 200 && !/\s/.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && b - end < 200 && !/\s/.test(text[b]!)) b++;
  if (a === start && b === end) return false;
  return /[@/\\_=<>{}]|\.[A-Za-z]/.test(text.slice(a, b));
}
