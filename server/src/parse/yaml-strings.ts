/**
 * YAML string scalars as Segments that map decoded text back to the source.
 *
 * The `yaml` package decodes scalars (folding, escapes, block indentation,
 * chomping) but keeps no per-character positions. This module replays the same
 * decoding steps as `yaml` 2.x (compose/resolve-flow-scalar.js and
 * resolve-block-scalar.js) while recording where each decoded character came
 * from, then checks the result against the value `yaml` produced:
 *
 * - single-line plain and quoted scalars without escapes: identity segments;
 * - plain / single-quoted / double-quoted multi-line scalars: each kept character
 *   maps to itself, a folded line break (space or newline) maps to the line
 *   break it replaces, an escape (`\n`, `\"`, `\u00e9`, `''`) maps to its first
 *   character and spans its whole source text;
 * - literal (`|`) and folded (`>`) block scalars: per line, indentation removed;
 *   line breaks map to the source line break (a chomping newline with no source
 *   line break maps to the last character);
 * - if the replay ever disagrees with `yaml`'s value (a construct this module does
 *   not model), the text maps linearly onto the scalar's source range, clamped to
 *   it: spans stay inside the scalar but are approximate.
 */
import { Scalar } from 'yaml';
import type { CST } from 'yaml';
import { Segment } from '../model/segment.js';

class Builder {
  text = '';
  offsets: number[] = [];

  push(s: string, offset: number): void {
    this.text += s;
    for (let i = 0; i < s.length; i++) this.offsets.push(offset);
  }

  /** Copy source[from, to) one-to-one. */
  copy(source: string, from: number, to: number, base: number): void {
    if (to <= from) return;
    this.text += source.slice(from, to);
    for (let i = from; i < to; i++) this.offsets.push(base + i);
  }

  /** The segment, with offsets clamped to [start, end) and a final entry `end`. */
  finish(start: number, end: number): Segment {
    const n = this.text.length;
    const table = new Int32Array(n + 1);
    let prev = start;
    for (let i = 0; i < n; i++) {
      const o = Math.max(prev, Math.min(this.offsets[i]!, end - 1));
      table[i] = o;
      prev = o;
    }
    table[n] = Math.max(prev, end);
    return new Segment(this.text, start, table);
  }
}

/** Linear mapping clamped to the range: the fallback when the replay disagrees. */
function approximate(value: string, start: number, end: number): Segment {
  if (value.length === end - start) return new Segment(value, start);
  const table = new Int32Array(value.length + 1);
  for (let i = 0; i < value.length; i++) table[i] = Math.min(start + i, Math.max(start, end - 1));
  table[value.length] = Math.max(end, table[Math.max(0, value.length - 1)]!);
  return new Segment(value, start, table);
}

/**
 * The decoded text of a string scalar, mapped to source offsets in `text`.
 * Returns undefined when the node is not a string scalar with a range.
 */
export function yamlScalarSegment(text: string, node: Scalar): Segment | undefined {
  const value = node.value;
  const range = node.range;
  if (typeof value !== 'string' || !range) return undefined;
  const [start, valueEnd] = range;
  switch (node.type) {
    case Scalar.PLAIN:
    case undefined: {
      const raw = text.slice(start, valueEnd);
      if (raw === value) return new Segment(value, start);
      const b = new Builder();
      unfoldLines(b, raw, 0, raw.length, start);
      return b.text === value ? b.finish(start, valueEnd) : approximate(value, start, valueEnd);
    }
    case Scalar.QUOTE_SINGLE: {
      const close = text[valueEnd - 1] === "'" && valueEnd - 1 > start ? valueEnd - 1 : valueEnd;
      const raw = text.slice(start + 1, close);
      if (raw === value) return new Segment(value, start + 1);
      const b = new Builder();
      unfoldLines(b, raw, 0, raw.length, start + 1);
      collapseQuotes(b);
      return b.text === value ? b.finish(start + 1, close) : approximate(value, start + 1, close);
    }
    case Scalar.QUOTE_DOUBLE: {
      const raw = text.slice(start, valueEnd);
      const close = raw.length > 1 && raw.endsWith('"') ? valueEnd - 1 : valueEnd;
      if (raw.slice(1, close - start) === value) return new Segment(value, start + 1);
      const b = new Builder();
      doubleQuoted(b, raw, start);
      return b.text === value ? b.finish(start + 1, close) : approximate(value, start + 1, close);
    }
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      const token = node.srcToken;
      if (token && token.type === 'block-scalar') {
        const seg = blockScalar(text, token, node.type === Scalar.BLOCK_FOLDED, value, valueEnd);
        if (seg) return seg;
      }
      // Header line excluded when we can find it.
      const nl = text.indexOf('\n', start);
      const bodyStart = nl !== -1 && nl < valueEnd ? nl + 1 : start;
      return approximate(value, bodyStart, valueEnd);
    }
    default:
      return approximate(value, start, valueEnd);
  }
}

// ---------------------------------------------------------------------------
// Flow scalars (mirrors unfoldLines / doubleQuotedValue in yaml 2.x)

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Plain and single-quoted folding of raw[from, to). */
function unfoldLines(b: Builder, raw: string, from: number, to: number, base: number): void {
  let nl = raw.indexOf('\n', from);
  if (nl === -1 || nl >= to) {
    b.copy(raw, from, to, base);
    return;
  }
  // First line: trailing blanks removed.
  let lineEnd = nl > from && raw[nl - 1] === '\r' ? nl - 1 : nl;
  let e = lineEnd;
  while (e > from && isBlank(raw[e - 1])) e--;
  b.copy(raw, from, e, base);
  let sep = ' ';
  let sepOffset = base + nl;
  let pos = nl + 1;
  for (nl = raw.indexOf('\n', pos); nl !== -1 && nl < to; nl = raw.indexOf('\n', pos)) {
    lineEnd = nl > pos && raw[nl - 1] === '\r' ? nl - 1 : nl;
    let s = pos;
    while (s < lineEnd && isBlank(raw[s])) s++;
    let en = lineEnd;
    while (en > s && isBlank(raw[en - 1])) en--;
    if (s === en) {
      if (sep === '\n') b.push('\n', sepOffset);
      sep = '\n';
    } else {
      b.push(sep, sepOffset);
      b.copy(raw, s, en, base);
      sep = ' ';
    }
    sepOffset = base + nl;
    pos = nl + 1;
  }
  // Last line: leading blanks removed.
  let s = pos;
  while (s < to && isBlank(raw[s])) s++;
  b.push(sep, sepOffset);
  b.copy(raw, s, to, base);
}

/** `''` -> `'` after folding (as yaml does). */
function collapseQuotes(b: Builder): void {
  if (!b.text.includes("''")) return;
  let text = '';
  const offsets: number[] = [];
  for (let i = 0; i < b.text.length; i++) {
    text += b.text[i];
    offsets.push(b.offsets[i]!);
    if (b.text[i] === "'" && b.text[i + 1] === "'") i++;
  }
  b.text = text;
  b.offsets = offsets;
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/** Double-quoted scalar `source` (quotes included) starting at `base`. */
function doubleQuoted(b: Builder, source: string, base: number): void {
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i]!;
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Fold: one break -> space, n breaks -> n - 1 newlines.
      let offset = i;
      let next = source[offset + 1];
      let folded = false;
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[offset + 2] !== '\n') break;
        if (next === '\n') {
          b.push('\n', base + offset + 1);
          folded = true;
        }
        offset += 1;
        next = source[offset + 1];
      }
      if (!folded) b.push(' ', base + i);
      i = offset;
    } else if (ch === '\\') {
      const at = i;
      let next = source[++i];
      const simple = next === undefined ? undefined : DQ_ESCAPES[next];
      if (simple !== undefined) b.push(simple, base + at);
      else if (next === '\n') {
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const cc = source.substr(i + 1, length);
        const code = cc.length === length && /^[0-9a-fA-F]+$/.test(cc) ? parseInt(cc, 16) : NaN;
        let decoded: string;
        try {
          decoded = String.fromCodePoint(code);
        } catch {
          decoded = source.substr(i - 1, length + 2);
        }
        b.push(decoded, base + at);
        i += length;
      } else {
        b.copy(source, at, Math.min(at + 2, source.length), base);
      }
    } else if (ch === ' ' || ch === '\t') {
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) b.copy(source, wsStart, i + 1, base);
    } else {
      b.push(ch, base + i);
    }
  }
}

// ---------------------------------------------------------------------------
// Block scalars (mirrors resolveBlockScalar in yaml 2.x)

interface SourceLine {
  indent: number;
  /** Offset of the line's first character within the body. */
  start: number;
  /** Content after the indentation, `\r` included as yaml keeps it. */
  content: string;
}

function splitBodyLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let pos = 0;
  for (;;) {
    let nl = source.indexOf('\n', pos);
    const last = nl === -1;
    if (last) nl = source.length;
    let indent = 0;
    while (pos + indent < nl && source[pos + indent] === ' ') indent++;
    lines.push({ indent, start: pos, content: source.slice(pos + indent, nl) });
    if (last) break;
    pos = nl + 1;
  }
  return lines;
}

function headerOf(token: CST.BlockScalar): { indent: number; chomp: string; length: number } | null {
  const props = token.props;
  const first = props[0];
  if (!first || first.type !== 'block-scalar-header') return null;
  let indent = 0;
  let chomp = '';
  for (let i = 1; i < first.source.length; ++i) {
    const ch = first.source[i]!;
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else {
      const n = Number(ch);
      if (!indent && n) indent = n;
    }
  }
  let length = first.source.length;
  for (let i = 1; i < props.length; ++i) {
    const src = (props[i] as { source?: unknown }).source;
    if (typeof src === 'string') length += src.length;
  }
  return { indent, chomp, length };
}

function blockScalar(text: string, token: CST.BlockScalar, folded: boolean, value: string, valueEnd: number): Segment | null {
  const header = headerOf(token);
  if (!header) return null;
  const source = token.source ?? '';
  const bodyStart = token.offset + header.length;
  if (text.slice(bodyStart, bodyStart + source.length) !== source) return null;
  const lines = splitBodyLines(source);
  const b = new Builder();
  const breakBefore = (i: number): number => bodyStart + lines[i]!.start - 1;
  const isEmpty = (c: string): boolean => c === '' || c === '\r';

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmpty(lines[i]!.content)) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    const v = header.chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
    for (let i = 0; i < v.length; i++) b.push('\n', bodyStart + (lines[i + 1]?.start ?? source.length) - 1);
    return b.text === value ? b.finish(bodyStart, Math.max(bodyStart, valueEnd)) : null;
  }
  let trimIndent = token.indent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const line = lines[i]!;
    if (isEmpty(line.content)) {
      if (header.indent === 0 && line.indent > trimIndent) trimIndent = line.indent;
    } else {
      if (header.indent === 0) trimIndent = line.indent;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]!.indent > trimIndent) chompStart = i + 1;
  }
  // Copy a line's indentation beyond trimIndent, then (optionally) its content.
  const copyIndent = (line: SourceLine, indent: number): void => {
    if (indent > trimIndent) b.copy(source, line.start + trimIndent, line.start + indent, bodyStart);
  };
  for (let i = 0; i < contentStart; ++i) {
    copyIndent(lines[i]!, lines[i]!.indent);
    b.push('\n', bodyStart + lines[i]!.start + lines[i]!.indent + lines[i]!.content.length);
  }
  let sep = '';
  let sepOffset = bodyStart;
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i]!;
    let content = line.content;
    let indent = line.indent;
    if (content.endsWith('\r')) content = content.slice(0, -1);
    if (content && indent < trimIndent) indent = 0;
    const contentAt = bodyStart + line.start + line.indent;
    const lineBreak = i > 0 ? breakBefore(i) : bodyStart;
    if (!folded) {
      b.push(sep, lineBreak);
      copyIndent(line, indent);
      b.copy(content, 0, content.length, contentAt);
      sep = '\n';
    } else if (indent > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      b.push(sep, sepOffset);
      copyIndent(line, indent);
      b.copy(content, 0, content.length, contentAt);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') b.push('\n', lineBreak);
      else sep = '\n';
    } else {
      b.push(sep, sepOffset);
      b.copy(content, 0, content.length, contentAt);
      sep = ' ';
      prevMoreIndented = false;
    }
    sepOffset = bodyStart + line.start + line.indent + line.content.length;
  }
  const lastBreak = sepOffset;
  switch (header.chomp) {
    case '-':
      break;
    case '+': {
      let at = lastBreak;
      for (let i = chompStart; i < lines.length; ++i) {
        b.push('\n', at);
        copyIndent(lines[i]!, lines[i]!.indent);
        at = bodyStart + lines[i]!.start + lines[i]!.indent + lines[i]!.content.length;
      }
      if (!b.text.endsWith('\n')) b.push('\n', at);
      break;
    }
    default:
      b.push('\n', lastBreak);
  }
  if (b.text !== value) return null;
  const last = b.offsets.length ? b.offsets[b.offsets.length - 1]! + 1 : bodyStart;
  return b.finish(bodyStart, Math.min(Math.max(last, bodyStart), Math.max(valueEnd, bodyStart), text.length));
}
