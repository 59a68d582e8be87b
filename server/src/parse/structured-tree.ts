/**
 * One small tree for JSON, JSONC, JSONL and YAML values, built from the trees of
 * `jsonc-parser` and `yaml`: objects keep key order and every key's span, and
 * string values are Segments with exact source offsets (escapes and YAML folding
 * included). The shape recognisers in `records.ts` work on this tree only, so
 * each format needs no logic of its own beyond building it.
 */
import { createScanner, type JSONScanner, type Node as JsoncNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import type { Segment, Span } from '../model/segment.js';
import { backslashIn, jsonStringSegment } from './json-strings.js';
import { yamlScalarSegment } from './yaml-strings.js';

export interface SObject {
  kind: 'object';
  span: Span;
  props: SProp[];
}

export interface SProp {
  key: string;
  /** The key lower-cased, without `_`, `-` or spaces (`answer_key` -> `answerkey`). */
  norm: string;
  /** The key's text (inside quotes for JSON). */
  keySpan: Span;
  /** Absent when the value is missing (a syntax error) or is a YAML alias. */
  value?: SNode;
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
  return /^[a-z]+$/.test(key) ? key : key.toLowerCase().replace(/[_\-\s]/g, '');
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
// yaml

function trimmedSpan(text: string, start: number, end: number): Span {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return { start, end: Math.max(start, e) };
}

/** Convert a `yaml` node (parsed with `keepSourceTokens: true`). Aliases are skipped. */
export function fromYaml(text: string, node: unknown, limits?: TreeLimits, depth = 0): SNode | undefined {
  if (!node || isAlias(node)) return undefined;
  if (depth > MAX_DEPTH) {
    if (limits) limits.tooDeep = true;
    return undefined;
  }
  const range = (node as YamlNode).range;
  if (!range) return undefined;
  const span = trimmedSpan(text, range[0], range[1]);
  if (isMap(node)) {
    const props: SProp[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = item.key;
      if (!isScalar(k) || !k.range) continue;
      const keyText = typeof k.value === 'string' ? k.value : String(k.value);
      const keySeg = typeof k.value === 'string' ? yamlScalarSegment(text, k as Scalar<string>) : undefined;
      const keySpan = keySeg ? keySeg.sourceSpan() : { start: k.range[0], end: k.range[1] };
      const value = fromYaml(text, item.value, limits, depth + 1);
      const end = value ? value.span.end : keySpan.end;
      props.push({ key: keyText, norm: normKey(keyText), keySpan, value, span: { start: k.range[0], end: Math.max(end, keySpan.end) } });
    }
    return { kind: 'object', span, props };
  }
  if (isSeq(node)) {
    const items: SNode[] = [];
    for (const item of node.items) {
      const converted = fromYaml(text, item, limits, depth + 1);
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
