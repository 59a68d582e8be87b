/**
 * One small tree for JSON, JSONC, JSONL and YAML values, built from the trees of
 * `jsonc-parser` and `yaml`: objects keep key order and every key's span, and
 * string values are Segments with exact source offsets (escapes and YAML folding
 * included). The shape recognisers in `records.ts` work on this tree only, so
 * each format needs no logic of its own beyond building it.
 */
import { createScanner, type JSONScanner, type Node as JsoncNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node as YamlNode, type Scalar } from 'yaml';
import { Segment, isDigitCode, type Span } from '../model/segment.js';
import { backslashIn, jsonStringSegment } from './json-strings.js';
import { yamlScalarSegment } from './yaml-strings.js';

export interface SObject {
  kind: 'object';
  span: Span;
  props: SProp[];
  /**
   * Set (YAML only) when the object or a value in it has an anchor (`&name`) or is an alias
   * (`*name`): its text cannot be moved or rewritten without moving or changing what other
   * values refer to (see Exemplar.yamlRefs).
   */
  refs?: true;
}

export interface SProp {
  key: string;
  /** The key lower-cased, without `_`, `-` or spaces (`answer_key` -> `answerkey`). */
  norm: string;
  /** The key's text (inside quotes for JSON). */
  keySpan: Span;
  /** Absent when the value is missing (a syntax error) or is a YAML alias. */
  value?: SNode;
  /**
   * A YAML alias value (`output: *pos`) resolved to the scalar its anchor names (`pos: &pos
   * positive`), when that is a string of at most MAX_ALIAS_CHARS on one line, a number or a
   * boolean (see aliasValue). Its span and every offset of its segment are in the alias's own
   * source (`*pos`), never the anchored text. Read only where a record's gold is read (records.ts
   * goldField): elsewhere (prose, questions, messages) an alias stays absent as before.
   */
  alias?: SString | SScalar;
  span: Span;
}

export interface SArray {
  kind: 'array';
  span: Span;
  items: SNode[];
}

export interface SString {
  kind: 'string';
  span: Span;
  seg: Segment;
}

export interface SScalar {
  kind: 'scalar';
  span: Span;
  value: number | boolean | null;
  /** Source text of the value, e.g. `2`, `true`. */
  raw: string;
}

export type SNode = SObject | SArray | SString | SScalar;

/** Keys compared lower-case with `_`, `-` and spaces removed. */
export function normKey(key: string): string {
  return isLowerAsciiWord(key) ? key : key.toLowerCase().replace(/[_\-\s]/g, '');
}

/** /^[a-z]+$/ without a regex (most keys are like this). */
function isLowerAsciiWord(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

/**
 * Values nested deeper than this are left out of the tree (no prompt or dataset
 * nests this deep; it keeps the recursive walks over the tree safe).
 */
export const MAX_DEPTH = 64;

/** Set when a conversion left out values nested deeper than MAX_DEPTH. */
export interface TreeLimits {
  tooDeep: boolean;
}

// ---------------------------------------------------------------------------
// jsonc-parser

/**
 * Convert a jsonc-parser node. `base` is added to its offsets (for a tree
 * parsed from one line of a larger text); `text` is the whole document.
 */
export function fromJsonc(text: string, node: JsoncNode, base = 0, limits?: TreeLimits, depth = 0): SNode | undefined {
  if (depth > MAX_DEPTH) {
    if (limits) limits.tooDeep = true;
    return undefined;
  }
  const start = base + node.offset;
  const span = { start, end: start + node.length };
  switch (node.type) {
    case 'object': {
      const props: SProp[] = [];
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || k.type !== 'string') continue;
        const keyStart = base + k.offset;
        const keySeg = jsonStringSegment(text, keyStart, keyStart + k.length);
        const key = typeof k.value === 'string' ? k.value : keySeg.text;
        props.push({
          key,
          norm: normKey(key),
          keySpan: keySeg.sourceSpan(),
          value: v ? fromJsonc(text, v, base, limits, depth + 1) : undefined,
          span: { start: base + p.offset, end: base + p.offset + p.length },
        });
      }
      return { kind: 'object', span, props };
    }
    case 'array': {
      const items: SNode[] = [];
      for (const c of node.children ?? []) {
        const item = fromJsonc(text, c, base, limits, depth + 1);
        if (item) items.push(item);
      }
      return { kind: 'array', span, items };
    }
    case 'string':
      return { kind: 'string', span, seg: jsonStringSegment(text, span.start, span.end) };
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', span, value: node.value as number | boolean | null, raw: text.slice(span.start, span.end) };
    default:
      return undefined;
  }
}

// jsonc-parser SyntaxKind values (a const enum, which isolatedModules cannot import).
const T_OPEN_BRACE = 1;
const T_CLOSE_BRACE = 2;
const T_OPEN_BRACKET = 3;
const T_CLOSE_BRACKET = 4;
const T_NULL = 7;
const T_TRUE = 8;
const T_FALSE = 9;
const T_STRING = 10;
const T_NUMBER = 11;
const T_EOF = 17;

interface Frame {
  node: SObject | SArray;
  /** The property this container is the value of, to close its span. */
  prop?: SProp;
  /** A key read, waiting for its value. */
  key?: { key: string; keySpan: Span; start: number };
}

/**
 * Build the tree of one JSON value at `text[start, end)` that is already known
 * to be valid JSON (`JSON.parse` accepted it), from jsonc-parser's scanner
 * tokens: about twice as fast as `parseTree` + `fromJsonc`, which matters for
 * large JSONL files. Returns undefined if the token stream is not what valid
 * JSON produces (then use `parseTree`). Pass `scanner` (made with
 * `createScanner(text, true)`) to reuse one over many lines.
 */
export function fromValidJson(
  text: string,
  start: number,
  end: number,
  scanner: JSONScanner = createScanner(text, true),
  limits?: TreeLimits,
): SNode | undefined {
  scanner.setPosition(start);
  const stack: Frame[] = [];
  /** Nesting level inside a container that is too deep to keep. */
  let skipping = 0;
  let root: SNode | undefined;
  const attach = (node: SNode): SProp | undefined => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      return undefined;
    }
    if (top.node.kind === 'array') {
      top.node.items.push(node);
      return undefined;
    }
    const k = top.key;
    if (!k) return undefined;
    const prop: SProp = { key: k.key, norm: normKey(k.key), keySpan: k.keySpan, value: node, span: { start: k.start, end: node.span.end } };
    top.node.props.push(prop);
    top.key = undefined;
    return prop;
  };
  for (;;) {
    const t = scanner.scan();
    const at = scanner.getTokenOffset();
    if (t === T_EOF || at >= end) break;
    const len = scanner.getTokenLength();
    if (skipping > 0) {
      if (t === T_OPEN_BRACE || t === T_OPEN_BRACKET) skipping++;
      else if (t === T_CLOSE_BRACE || t === T_CLOSE_BRACKET) skipping--;
      else if (t === T_STRING || t === T_NUMBER || t === T_TRUE || t === T_FALSE || t === T_NULL) continue;
      if (skipping === 0) {
        // The skipped container was a property value: forget its key.
        const top = stack[stack.length - 1];
        if (top) top.key = undefined;
      }
      continue;
    }
    switch (t) {
      case T_OPEN_BRACE:
      case T_OPEN_BRACKET: {
        if (stack.length >= MAX_DEPTH) {
          if (limits) limits.tooDeep = true;
          skipping = 1;
          break;
        }
        const node: SObject | SArray =
          t === T_OPEN_BRACE ? { kind: 'object', span: { start: at, end: at + 1 }, props: [] } : { kind: 'array', span: { start: at, end: at + 1 }, items: [] };
        const prop = attach(node);
        stack.push({ node, prop });
        break;
      }
      case T_CLOSE_BRACE:
      case T_CLOSE_BRACKET: {
        const frame = stack.pop();
        if (!frame) return undefined;
        frame.node.span.end = at + 1;
        if (frame.prop) frame.prop.span.end = at + 1;
        if (stack.length === 0) return root;
        break;
      }
      case T_STRING: {
        const top = stack[stack.length - 1];
        if (top && top.node.kind === 'object' && !top.key) {
          const value = scanner.getTokenValue();
          const keySpan = backslashIn(text, at, at + len) !== -1 ? jsonStringSegment(text, at, at + len).sourceSpan() : { start: at + 1, end: at + len - 1 };
          top.key = { key: value, keySpan, start: at };
        } else {
          attach({ kind: 'string', span: { start: at, end: at + len }, seg: jsonStringSegment(text, at, at + len) });
        }
        break;
      }
      case T_NUMBER:
      case T_TRUE:
      case T_FALSE:
      case T_NULL: {
        const raw = text.slice(at, at + len);
        const value = t === T_NUMBER ? Number(raw) : t === T_TRUE ? true : t === T_FALSE ? false : null;
        attach({ kind: 'scalar', span: { start: at, end: at + len }, value, raw });
        if (stack.length === 0) return root;
        break;
      }
      default:
        break; // commas and colons
    }
  }
  return stack.length === 0 ? root : undefined;
}

// ---------------------------------------------------------------------------
// Strict JSON in one pass

/**
 * The tree of the JSON value at `text[start, end)` (white space around it
 * allowed), built in one pass over the characters by a strict parser that
 * accepts only what `JSON.parse` accepts. Gives the same tree as `JSON.parse`
 * followed by `fromValidJson`, at a fraction of the cost (no throwaway JS
 * value, no token objects), which is what large JSONL files need.
 *
 * Undefined when the text is not valid JSON or nests more than MAX_DEPTH
 * containers: the caller then takes the general path (`JSON.parse` for the
 * error message, the depth-limited tree builders). `plain` is
 * `isPlainJson(text, start, end)`, for a caller that knows it already (the
 * JSONL parser asks PlainJsonLines).
 */
export function strictJsonTree(text: string, start: number, end: number, plain = isPlainJson(text, start, end)): SNode | undefined {
  src = text;
  pos = start;
  stop = end;
  plainStrings = plain;
  let root = jsonValue(0);
  skipJsonSpace();
  if (pos !== end) root = undefined;
  if (pendingTop !== 0) takePending(0); // an invalid line left entries behind
  src = ''; // keep no reference to the document
  return root;
}

// The parser's state, module-level so the recursive descent passes no context object.
let src = '';
let pos = 0;
let stop = 0;
/** Whether text[start, end) has no backslash and no control character (so strings need no character checks). */
let plainStrings = false;

/** What makes a string need the character-by-character scan: an escape, or a control character (invalid raw). */
const SLOW_STRING_CHAR = /[\x00-\x1f\\]/g;
/**
 * Whether text[start, end) holds no backslash and no control character. Most
 * lines do not: then a string ends at the next quote, found natively, with
 * nothing in it to check (the `plain` argument of the strict parsers).
 */
export function isPlainJson(text: string, start: number, end: number): boolean {
  SLOW_STRING_CHAR.lastIndex = start;
  return !SLOW_STRING_CHAR.test(text) || SLOW_STRING_CHAR.lastIndex - 1 >= end;
}

/** SLOW_STRING_CHAR's characters but the line feed (which never falls inside a JSONL line), one by one. */
const SLOW_CHARS_BUT_LF: string[] = ['\\'];
for (let c = 0; c < 0x20; c++) if (c !== 0x0a) SLOW_CHARS_BUT_LF.push(String.fromCharCode(c));

/**
 * `isPlainJson` for the lines of one document, in order. One regex call per
 * line (or one over the whole text) reads every character at about 1.5 ns; a
 * native `indexOf` per character sought, whose answer serves every line up to
 * where the character is, costs a small fraction of that on the usual
 * document (one with few or no such characters).
 */
export class PlainJsonLines {
  /** Per character of SLOW_CHARS_BUT_LF: its first offset at or after the last `from` it was sought from (text.length: none). */
  private readonly next: number[] = SLOW_CHARS_BUT_LF.map(() => -1);
  /** The least of `next`. */
  private first = -1;
  /** The least of `next` but the backslash's (`next[0]`): control characters are rare, so their 31 entries are looked at only when this is passed. */
  private firstControl = -1;

  constructor(private readonly text: string) {}

  /** `isPlainJson(text, start, end)` for a range without a line feed; `start` must not decrease from call to call. */
  isPlain(start: number, end: number): boolean {
    return this.slowFrom(start) >= end;
  }

  /**
   * The offset of the first character of SLOW_CHARS_BUT_LF at or after `start`
   * (text.length: none); `start` must not decrease from call to call (nor between
   * this and `isPlain`).
   */
  slowFrom(start: number): number {
    if (this.first < start) {
      const next = this.next;
      if (next[0]! < start) {
        const at = this.text.indexOf('\\', start);
        next[0] = at === -1 ? this.text.length : at;
      }
      if (this.firstControl < start) {
        let first = this.text.length;
        for (let k = 1; k < SLOW_CHARS_BUT_LF.length; k++) {
          let at = next[k]!;
          if (at < start) {
            at = this.text.indexOf(SLOW_CHARS_BUT_LF[k]!, start);
            next[k] = at = at === -1 ? this.text.length : at;
          }
          if (at < first) first = at;
        }
        this.firstControl = first;
      }
      this.first = next[0]! < this.firstControl ? next[0]! : this.firstControl;
    }
    return this.first;
  }
}

function skipJsonSpace(): void {
  pos = spaceEnd(src, pos, stop);
}

/** Scan the string token at `pos` (its opening quote); leaves `pos` after it. -1: invalid; 1: has escapes; 0: none. */
function scanJsonString(): number {
  if (plainStrings) {
    const close = src.indexOf('"', pos + 1);
    if (close === -1 || close >= stop) return -1;
    pos = close + 1;
    return 0;
  }
  let escaped = 0;
  let i = pos + 1;
  while (i < stop) {
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      pos = i + 1;
      return escaped;
    }
    if (c === 0x5c) {
      escaped = 1;
      const e = src.charCodeAt(i + 1);
      if (e === 0x75) {
        // \uXXXX
        if (i + 6 > stop) return -1;
        for (let k = i + 2; k < i + 6; k++) if (!isHexDigit(src.charCodeAt(k))) return -1;
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
      i += 2;
      continue;
    }
    if (c < 0x20) return -1;
    i++;
  }
  return -1;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}


/** Number grammar of JSON: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; false if there is none at `pos`. */
function scanJsonNumber(): boolean {
  let i = pos;
  if (src.charCodeAt(i) === 0x2d) i++;
  if (i >= stop) return false;
  const first = src.charCodeAt(i);
  if (first === 0x30) i++;
  else if (first >= 0x31 && first <= 0x39) while (i < stop && isDigitCode(src.charCodeAt(i))) i++;
  else return false;
  if (i < stop && src.charCodeAt(i) === 0x2e) {
    i++;
    if (i >= stop || !isDigitCode(src.charCodeAt(i))) return false;
    while (i < stop && isDigitCode(src.charCodeAt(i))) i++;
  }
  if (i < stop && (src.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (i < stop && (src.charCodeAt(i) === 0x2b || src.charCodeAt(i) === 0x2d)) i++;
    if (i >= stop || !isDigitCode(src.charCodeAt(i))) return false;
    while (i < stop && isDigitCode(src.charCodeAt(i))) i++;
  }
  pos = i;
  return true;
}

/** The string node of the token text[at, pos). */
function jsonStringNode(at: number, escaped: number): SString {
  if (escaped) return { kind: 'string', span: { start: at, end: pos }, seg: jsonStringSegment(src, at, pos) };
  // Without escapes the decoded text is the source between the quotes (as jsonStringSegment gives it).
  return new PlainString(new Segment(src.slice(at + 1, pos - 1), at + 1));
}

/**
 * A string value without escapes, as strictJsonTree makes it: its span (the
 * token, quotes included) follows from its segment and is made when asked for
 * (few are ever read).
 */
class PlainString implements SString {
  readonly kind = 'string';

  constructor(readonly seg: Segment) {}

  get span(): Span {
    return { start: this.seg.base - 1, end: this.seg.base + this.seg.length + 1 };
  }
}

/**
 * Keys met recently and their normKey: the records of a JSONL file repeat the
 * same few keys, so most keys need no new string and no normalising.
 */
const recentKeys: string[] = [];
const recentNorms: string[] = [];
const RECENT_KEYS = 32;
/** Index in recentKeys of the key recentKey returned last. */
let recentHit = 0;
/** The entry a new key replaces once the table is full. */
let recentNext = 0;

/** The key text[from, to) (no escapes), as a recent string when it is one. */
function recentKey(text: string, from: number, to: number): string {
  const len = to - from;
  for (let i = 0; i < recentKeys.length; i++) {
    const k = recentKeys[i]!;
    if (k.length === len && text.startsWith(k, from)) {
      recentHit = i;
      return k;
    }
  }
  // A copy, not a slice: a sliced string would keep the whole document alive in the table.
  const key = text.slice(from, to).split('').join('');
  // A fixed-size table, replaced round-robin: the hot keys come back at once.
  if (recentKeys.length < RECENT_KEYS) recentHit = recentKeys.length;
  else {
    recentHit = recentNext;
    recentNext = (recentNext + 1) % RECENT_KEYS;
  }
  recentKeys[recentHit] = key;
  recentNorms[recentHit] = normKey(key);
  return key;
}

function jsonValue(depth: number): SNode | undefined {
  skipJsonSpace();
  if (pos >= stop) return undefined;
  const at = pos;
  const c = src.charCodeAt(at);
  if (c === 0x22) {
    const escaped = scanJsonString();
    return escaped < 0 ? undefined : jsonStringNode(at, escaped);
  }
  if (c === 0x7b) return depth >= MAX_DEPTH ? undefined : jsonObject(depth);
  if (c === 0x5b) return depth >= MAX_DEPTH ? undefined : jsonArray(depth);
  let value: boolean | null = null;
  let isNumber = false;
  if (c === 0x74 && src.startsWith('true', at)) {
    pos += 4;
    value = true;
  } else if (c === 0x66 && src.startsWith('false', at)) {
    pos += 5;
    value = false;
  } else if (c === 0x6e && src.startsWith('null', at)) {
    pos += 4;
  } else if (scanJsonNumber()) {
    isNumber = true;
  } else return undefined;
  if (pos > stop) return undefined;
  const raw = src.slice(at, pos);
  return { kind: 'scalar', span: { start: at, end: pos }, value: isNumber ? Number(raw) : value, raw };
}

/** Marks a key without escapes, whose prop makes its spans when asked. */
const NO_SPAN: Span = { start: -1, end: -1 };

/**
 * A property whose key has no escapes, as strictJsonTree makes it: its spans
 * are made when asked for (few are ever read), which saves two objects per
 * key in a large JSONL file.
 */
class PlainKeyProp implements SProp {
  constructor(
    readonly key: string,
    readonly norm: string,
    /** Offset of the key's opening quote. */
    private readonly keyStart: number,
    readonly value: SNode,
  ) {}

  get keySpan(): Span {
    return { start: this.keyStart + 1, end: this.keyStart + 1 + this.key.length };
  }

  get span(): Span {
    return { start: this.keyStart, end: this.value.span.end };
  }
}

/**
 * Props and items of the containers being parsed, on one shared stack: each
 * container copies its own into an array of exact size when it closes (an
 * array grown by push keeps room for 16, and most records have 1-3 keys).
 */
const pending: (SProp | SNode | undefined)[] = [];
let pendingTop = 0;

/** The entries pushed since `base`, as an array of their own; the stack forgets them (no references kept). */
function takePending<T>(base: number): T[] {
  const n = pendingTop - base;
  const out = new Array<T>(n);
  for (let k = 0; k < n; k++) {
    out[k] = pending[base + k] as T;
    pending[base + k] = undefined;
  }
  pendingTop = base;
  return out;
}

function jsonObject(depth: number): SObject | undefined {
  const start = pos;
  const base = pendingTop;
  pos++;
  skipJsonSpace();
  if (pos < stop && src.charCodeAt(pos) === 0x7d) {
    pos++;
    return { kind: 'object', span: { start, end: pos }, props: [] };
  }
  for (;;) {
    skipJsonSpace();
    const keyStart = pos;
    if (pos >= stop || src.charCodeAt(pos) !== 0x22) return undefined;
    const escaped = scanJsonString();
    if (escaped < 0) return undefined;
    let key: string;
    let norm: string;
    let keySpan: Span;
    if (escaped) {
      const keySeg = jsonStringSegment(src, keyStart, pos);
      key = keySeg.text;
      norm = normKey(key);
      keySpan = keySeg.sourceSpan();
    } else {
      key = recentKey(src, keyStart + 1, pos - 1);
      norm = recentNorms[recentHit]!;
      keySpan = NO_SPAN;
    }
    skipJsonSpace();
    if (pos >= stop || src.charCodeAt(pos) !== 0x3a) return undefined;
    pos++;
    const value = jsonValue(depth + 1);
    if (!value) return undefined;
    pending[pendingTop++] =
      keySpan === NO_SPAN
        ? new PlainKeyProp(key, norm, keyStart, value)
        : { key, norm, keySpan, value, span: { start: keyStart, end: value.span.end } };
    skipJsonSpace();
    const c = pos < stop ? src.charCodeAt(pos) : -1;
    pos++;
    if (c === 0x2c) continue;
    if (c !== 0x7d) return undefined;
    return { kind: 'object', span: { start, end: pos }, props: takePending<SProp>(base) };
  }
}

function jsonArray(depth: number): SArray | undefined {
  const start = pos;
  const base = pendingTop;
  pos++;
  skipJsonSpace();
  if (pos < stop && src.charCodeAt(pos) === 0x5d) {
    pos++;
    return { kind: 'array', span: { start, end: pos }, items: [] };
  }
  for (;;) {
    const item = jsonValue(depth + 1);
    if (!item) return undefined;
    pending[pendingTop++] = item;
    skipJsonSpace();
    const c = pos < stop ? src.charCodeAt(pos) : -1;
    pos++;
    if (c === 0x2c) continue;
    if (c !== 0x5d) return undefined;
    return { kind: 'array', span: { start, end: pos }, items: takePending<SNode>(base) };
  }
}

// ---------------------------------------------------------------------------
// Chat lines without a tree

/**
 * Token offsets of a chat line as `scanChatLine` finds them: the line's object,
 * then 8 numbers per message (in `messages`, `count` of them): the message
 * object's start and end, its role string token's start, end and whether it
 * has escapes (1) or not (0), and the same three for its content string.
 */
export interface ChatLineTokens {
  start: number;
  end: number;
  count: number;
  messages: number[];
  /**
   * How many leading messages of this line are those of the chat line before it, character
   * for character (their tokens were not scanned again: see chatLine's prefix); 0: none.
   */
  same: number;
  /**
   * The text the last chat line started with, up to the content token of its first message
   * that is not a system prompt (its role key first), or '' (none): a line that starts with
   * it has the same tokens up to there. Cleared when a line is not read as a chat line.
   */
  prefix: string;
  /** How many messages `prefix` holds whole. */
  prefixMessages: number;
  /** Where the line whose token offsets `messages` holds started (`prefix` is from there). */
  prefixStart: number;
}

/** A ChatLineTokens for a new document. */
export function newChatLineTokens(): ChatLineTokens {
  return { start: 0, end: 0, count: 0, messages: [], same: 0, prefix: '', prefixMessages: 0, prefixStart: 0 };
}

/** Numbers per message in ChatLineTokens.messages. */
export const CHAT_TOKEN_STRIDE = 8;

/**
 * The common line of a chat fine-tuning set, `{"messages": [{"role": "...",
 * "content": "..."}, ...]}` (at least one message, each with exactly these two
 * keys, in either order, and string values; any JSON white space), read
 * straight into `out` with no tree: a large chat dataset is mostly such lines,
 * and a tree of them costs more to build and collect than everything else the
 * parser does with them. False for any other text, valid or not (nothing is
 * reported: the caller takes the tree path, which gives the same results for
 * such a line, and reports what is wrong with the others). It accepts only what
 * `JSON.parse` accepts, as `strictJsonTree` does; `plain` is as there.
 */
export function scanChatLine(text: string, start: number, end: number, plain: boolean, out: ChatLineTokens, lines?: PlainJsonLines): boolean {
  src = text;
  pos = start;
  stop = end;
  plainStrings = plain;
  slowChars = plain ? undefined : lines;
  const ok = chatLine(out);
  src = ''; // keep no reference to the document
  slowChars = undefined;
  if (!ok) out.prefix = '';
  return ok;
}

/**
 * For a line that is not plain as a whole, where its document's slow characters are
 * (`scanChatLine`'s `lines`): a string token that ends before the next of them needs no
 * character checks either. An escaped chat dataset (a multi-line message in every
 * record) has one such token per line; its role strings, system prompt and answers
 * are still found with one native `indexOf` each.
 */
let slowChars: PlainJsonLines | undefined;

/** `text.startsWith(word, at)` for a short word, compared inline (startsWith is a call that costs more than a few characters' comparison). */
export function sameChars(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

// The chat line is read with its position in a local variable, passed to and
// returned by the helpers below, rather than in the module's `pos` (which every
// step would load and store again): about 8% less time for the whole reader.

/** Where the JSON white space (space, tab, CR, LF) from `i` ends, in text[.., end). */
function spaceEnd(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** After white space from `i`, the character `c`: where it ends, or -1. */
function charEnd(text: string, i: number, end: number, c: number): number {
  i = spaceEnd(text, i, end);
  return i < end && text.charCodeAt(i) === c ? i + 1 : -1;
}

// The three keys of a chat line, compared with literal character codes: sameChars
// reads its word's characters too, and the keys of every message of a dataset are
// compared (about a tenth of a JSONL parse went to these compares).

/** Whether `messages` starts at text[at]. */
function isMessagesWord(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === 0x6d &&
    text.charCodeAt(at + 1) === 0x65 &&
    text.charCodeAt(at + 2) === 0x73 &&
    text.charCodeAt(at + 3) === 0x73 &&
    text.charCodeAt(at + 4) === 0x61 &&
    text.charCodeAt(at + 5) === 0x67 &&
    text.charCodeAt(at + 6) === 0x65 &&
    text.charCodeAt(at + 7) === 0x73
  );
}

/** Whether `role` starts at text[at]. */
function isRoleWord(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x72 && text.charCodeAt(at + 1) === 0x6f && text.charCodeAt(at + 2) === 0x6c && text.charCodeAt(at + 3) === 0x65;
}

/** Whether `content` starts at text[at]. */
function isContentWord(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === 0x63 &&
    text.charCodeAt(at + 1) === 0x6f &&
    text.charCodeAt(at + 2) === 0x6e &&
    text.charCodeAt(at + 3) === 0x74 &&
    text.charCodeAt(at + 4) === 0x65 &&
    text.charCodeAt(at + 5) === 0x6e &&
    text.charCodeAt(at + 6) === 0x74
  );
}

/**
 * After white space from `i`, a key token `"…"` of `length` characters (already
 * compared by the caller, from i + 1 on: see keyStart) and its colon: where they end, or -1.
 */
function keyTokenEnd(text: string, i: number, end: number, length: number): number {
  const close = i + 1 + length;
  if (close >= end || text.charCodeAt(close) !== 0x22) return -1;
  return charEnd(text, close + 1, end, 0x3a);
}

/** After white space from `p`, where a key token's quote is (its word follows), or -1. */
function keyStart(text: string, p: number, end: number): number {
  const i = spaceEnd(text, p, end);
  return i < end && text.charCodeAt(i) === 0x22 ? i : -1;
}

/**
 * The line's messages and their token offsets. Most chat datasets start every line with the
 * same characters, up to the user's content: the `messages` key and the same system prompt
 * (`{"messages": [{"role": "system", "content": "Classify …"}, {"role": "user", "content": `).
 * A line that starts with the last chat line's `prefix` has the same tokens there, shifted:
 * they are copied, and the scan resumes at the content token the prefix ends before (one
 * native compare instead of scanning its keys and strings again). On the 1 MiB bench JSONL
 * (3,552 such lines) parseDocument's CPU minimum went from 4.44-4.53 ms to 3.95-4.04 ms (60
 * parses per process, A/B alternating processes, 3 pairs). (`text.startsWith(prefix, p)`
 * instead of the slice and === made the parse slower than before: 4.7-4.9 ms.)
 */
function chatLine(out: ChatLineTokens): boolean {
  const text = src;
  const end = stop;
  let p = spaceEnd(text, pos, end);
  const lineStart = p;
  out.start = p;
  out.count = 0;
  out.same = 0;
  const m = out.messages;
  let n = 0;
  /** The content token the prefix ends before, when the line starts with it (-1: scan from the start). */
  let resumeAt = -1;
  const prefix = out.prefix;
  // (A slice and === compare: `startsWith` compared it at several times the cost of scanning it, measured.)
  if (prefix !== '' && text.slice(p, p + prefix.length) === prefix) {
    n = out.prefixMessages;
    const delta = p - out.prefixStart;
    for (let i = 0; i < n; i++) {
      const at = i * CHAT_TOKEN_STRIDE;
      // (Slots 4 and 7 are whether the role and the content have escapes: not offsets.)
      m[at] += delta;
      m[at + 1] += delta;
      m[at + 2] += delta;
      m[at + 3] += delta;
      m[at + 5] += delta;
      m[at + 6] += delta;
    }
    const at = n * CHAT_TOKEN_STRIDE;
    m[at] += delta;
    m[at + 2] += delta;
    m[at + 3] += delta;
    out.prefixStart = p;
    out.same = n;
    resumeAt = p + prefix.length; // (past the line's end when it ends with the prefix: the scan stops there)
  } else {
    p = charEnd(text, p, end, 0x7b);
    if (p !== -1) {
      const k = keyStart(text, p, end);
      p = k !== -1 && isMessagesWord(text, k + 1) ? keyTokenEnd(text, k, end, 8) : -1;
    }
    if (p !== -1) p = charEnd(text, p, end, 0x5b);
    if (p === -1) return false;
  }
  for (;;) {
    const at = n * CHAT_TOKEN_STRIDE;
    let prop = 0;
    let seen = 0;
    /** The value token's position, once its key and colon are read. */
    let q = -1;
    if (resumeAt === -1) {
      p = spaceEnd(text, p, end);
      m[at] = p;
      if (p >= end || text.charCodeAt(p) !== 0x7b) return false;
      p++;
    } else {
      // In the message the prefix ends in, after its role: at its content token.
      prop = 1;
      seen = 1;
      q = resumeAt;
      resumeAt = -1;
    }
    for (; prop < 2; prop++) {
      // "role" (0) or "content" (1), each once.
      let k = 1;
      if (q === -1) {
        const key = keyStart(text, p, end);
        if (key === -1) return false;
        if (isRoleWord(text, key + 1)) {
          k = 0;
          q = keyTokenEnd(text, key, end, 4);
        } else if (isContentWord(text, key + 1)) {
          q = keyTokenEnd(text, key, end, 7);
        } else return false;
        if (q === -1 || seen & (1 << k)) return false;
        seen |= 1 << k;
        q = spaceEnd(text, q, end);
      }
      const tokenStart = q;
      if (q >= end || text.charCodeAt(q) !== 0x22) return false;
      pos = q;
      let escaped: number;
      const close = slowChars ? text.indexOf('"', q + 1) : -1;
      const slow = close !== -1 && close < end ? slowChars!.slowFrom(q + 1) : -1;
      if (close < slow) {
        pos = close + 1;
        escaped = 0;
      } else {
        // The characters before the first slow one are neither slow nor a quote (the
        // first quote is after it): the character checks start there.
        if (slow > q) pos = slow - 1;
        escaped = scanJsonString();
        if (escaped < 0) return false;
      }
      const slot = at + 2 + 3 * k;
      m[slot] = tokenStart;
      m[slot + 1] = pos;
      m[slot + 2] = escaped;
      p = charEnd(text, pos, end, prop === 0 ? 0x2c : 0x7d);
      if (p === -1) return false;
      q = -1;
    }
    m[at + 1] = p;
    n++;
    const comma = charEnd(text, p, end, 0x2c);
    if (comma !== -1) {
      p = comma;
      continue;
    }
    p = charEnd(text, p, end, 0x5d);
    if (p === -1) return false;
    break;
  }
  p = charEnd(text, p, end, 0x7d);
  if (p === -1) return false;
  out.end = p;
  if (spaceEnd(text, p, end) !== end) return false;
  out.count = n;
  if (out.same === 0) linePrefix(out, text, lineStart);
  return true;
}

/**
 * Sets `out.prefix` for the chat line just read (from `lineStart`): its text up to the content
 * token of its first message whose role is not `"system"` or `"developer"` (as written), when
 * that message has its role key first ('' otherwise).
 */
function linePrefix(out: ChatLineTokens, text: string, lineStart: number): void {
  const m = out.messages;
  out.prefix = '';
  for (let i = 0; i < out.count; i++) {
    const at = i * CHAT_TOKEN_STRIDE;
    const roleStart = m[at + 2]!;
    const roleLength = m[at + 3]! - roleStart;
    if ((roleLength === 8 && sameChars(text, roleStart + 1, 'system')) || (roleLength === 11 && sameChars(text, roleStart + 1, 'developer'))) continue;
    if (roleStart > m[at + 5]!) return;
    out.prefix = text.slice(lineStart, m[at + 5]!);
    out.prefixMessages = i;
    out.prefixStart = lineStart;
    return;
  }
}

// ---------------------------------------------------------------------------
// yaml

function trimmedSpan(text: string, start: number, end: number): Span {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return { start, end: Math.max(start, e) };
}

/**
 * The anchors of one YAML document seen so far (in document order, as fromYaml meets them),
 * to resolve the aliases after them; one per document (`newYamlRefs`).
 */
export interface YamlRefs {
  /** The node each anchor name last named before this point (a later `&name` replaces an earlier one, as in YAML). */
  anchors: Map<string, unknown>;
  /** How many anchors and aliases were met (an object records whether any were met inside it). */
  count: number;
  /** How many aliases were resolved (at most MAX_RESOLVED_ALIASES). */
  resolved: number;
}

export function newYamlRefs(): YamlRefs {
  return { anchors: new Map(), count: 0, resolved: 0 };
}

/** Longest anchored string an alias is resolved to (a label or a short answer, not a passage). */
export const MAX_ALIAS_CHARS = 200;
/**
 * Most aliases resolved in one document. Each resolved alias costs an offset table as long as
 * its text (MAX_ALIAS_CHARS at most) and never expands a collection, so no alias bomb grows it
 * past this bound ("billion laughs": aliases of collections are not resolved at all).
 */
export const MAX_RESOLVED_ALIASES = 10_000;

/**
 * An alias's value (see SProp.alias): the scalar its anchor names, when a string of at most
 * MAX_ALIAS_CHARS without a line break, a number or a boolean. Its span is the alias's own
 * (`*pos`); a string's segment has the anchored text, every character mapped to the alias's
 * start and its end to the alias's end, so the whole text maps to the whole alias (a part of
 * it to the alias's first character: records.ts reads such a value only whole).
 */
function aliasValue(text: string, node: Alias, refs: YamlRefs): SString | SScalar | undefined {
  const target = refs.anchors.get(node.source);
  const range = node.range;
  if (!range || !isScalar(target) || !target.range || refs.resolved >= MAX_RESOLVED_ALIASES) return undefined;
  const span = trimmedSpan(text, range[0], range[1]);
  if (span.end <= span.start) return undefined;
  const v = target.value;
  if (typeof v === 'string') {
    if (v.length === 0 || v.length > MAX_ALIAS_CHARS || v.includes('\n')) return undefined;
    const seg = yamlScalarSegment(text, target as Scalar<string>);
    if (!seg || seg.text.length === 0 || seg.text.length > MAX_ALIAS_CHARS) return undefined;
    refs.resolved++;
    const offsets = new Int32Array(seg.text.length + 1).fill(span.start);
    offsets[seg.text.length] = span.end;
    return { kind: 'string', span, seg: new Segment(seg.text, span.start, offsets) };
  }
  if (typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  refs.resolved++;
  return { kind: 'scalar', span, value: v, raw: text.slice(target.range[0], target.range[1]).trim() };
}

/**
 * Convert a `yaml` node (parsed with `keepSourceTokens: true`). An alias is no value (see
 * SProp.alias for the scalar one names, resolved when `refs` is given).
 */
export function fromYaml(text: string, node: unknown, limits?: TreeLimits, depth = 0, refs?: YamlRefs): SNode | undefined {
  if (!node || isAlias(node)) return undefined;
  if (depth > MAX_DEPTH) {
    if (limits) limits.tooDeep = true;
    return undefined;
  }
  const range = (node as YamlNode).range;
  if (!range) return undefined;
  const span = trimmedSpan(text, range[0], range[1]);
  /** How many anchors and aliases were met before this node (its own anchor included in what follows). */
  const before = refs ? refs.count : 0;
  if (refs) {
    // An anchor names its node from here on (a collection's too: an alias of it is not resolved, but replaces an earlier scalar).
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      refs.anchors.set(anchor, node);
      refs.count++;
    }
  }
  if (isMap(node)) {
    const props: SProp[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = item.key;
      if (!isScalar(k) || !k.range) continue;
      const keyText = typeof k.value === 'string' ? k.value : String(k.value);
      const keySeg = typeof k.value === 'string' ? yamlScalarSegment(text, k as Scalar<string>) : undefined;
      const keySpan = keySeg ? keySeg.sourceSpan() : { start: k.range[0], end: k.range[1] };
      const value = fromYaml(text, item.value, limits, depth + 1, refs);
      let alias: SString | SScalar | undefined;
      if (refs && isAlias(item.value)) {
        refs.count++;
        alias = aliasValue(text, item.value, refs);
      }
      const end = value ? value.span.end : alias ? alias.span.end : keySpan.end;
      const prop: SProp = { key: keyText, norm: normKey(keyText), keySpan, value, span: { start: k.range[0], end: Math.max(end, keySpan.end) } };
      if (alias) prop.alias = alias;
      props.push(prop);
    }
    const obj: SObject = { kind: 'object', span, props };
    if (refs && refs.count !== before) obj.refs = true;
    return obj;
  }
  if (isSeq(node)) {
    const items: SNode[] = [];
    for (const item of node.items) {
      if (refs && isAlias(item)) refs.count++;
      const converted = fromYaml(text, item, limits, depth + 1, refs);
      if (converted) items.push(converted);
    }
    return { kind: 'array', span, items };
  }
  if (isScalar(node)) {
    if (typeof node.value === 'string') {
      const seg = yamlScalarSegment(text, node as Scalar<string>);
      if (seg) return { kind: 'string', span: { start: range[0], end: range[1] }, seg };
    }
    const raw = text.slice(range[0], range[1]);
    const v = node.value;
    const value = typeof v === 'number' || typeof v === 'boolean' || v === null ? v : null;
    return { kind: 'scalar', span: { start: range[0], end: range[1] }, value, raw };
  }
  return undefined;
}
