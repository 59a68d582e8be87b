/**
 * A JSON or YAML prompt file shown to the model as written: its edits made valid
 * for the file's syntax.
 *
 * Perturbation edits carry *decoded* text (what the model should read), and a
 * held-out demo is removed by its span. Applied to a file's source as they are,
 * they break it: a removed array element leaves its comma (`[\n  ,\n  {…}`), a
 * question with a line break or a quote put inside a JSON string ends the
 * string, a multi-line query inside a YAML `|` block loses its indentation.
 * `asWrittenEdits` rewrites them:
 *
 * - removing an element of a JSON array or YAML flow sequence removes its
 *   separating comma too (the one after it, else the one before it), and its
 *   line when it stood on lines of its own; an element of a YAML block sequence
 *   goes with its `- ` lines;
 * - text put inside a string is written in that string's syntax: JSON escapes
 *   (JSON, YAML double-quoted), `''` (YAML single-quoted), the block's
 *   indentation after each line break (YAML `|`); where the string's style
 *   cannot hold it (a line break in a plain, single-quoted or folded YAML
 *   scalar, a `:` or `#` in a plain one), the whole string is written
 *   double-quoted instead;
 * - text that replaces a whole value that is not a string (a number, a record
 *   taken as the test input) is a JSON string unless it is a number, boolean or
 *   null.
 *
 * The trees are built once per document (lazily, on the first prompt rendered
 * as written). JSONL files are indexed too, for `stringSegmentAround` only: the
 * renderer finds there the string a held-out demo is written in.
 */
import type { PromptDocument, Span } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { structuredRoots } from '../parse/structured.js';
import type { SArray, SNode, SString } from '../parse/structured-tree.js';
import type { PromptEdit } from './perturb.js';
import { renderSegment } from './render.js';
import { lineStartBefore } from '../model/lines.js';

interface Located {
  node: SNode;
  /** The array the node is an element of, and its index there. */
  parent?: SArray;
  index: number;
}

interface TreeIndex {
  yaml: boolean;
  text: string;
  /** String values in document order (they do not nest). */
  strings: SString[];
  /** Non-string values by `start:end`. */
  nodes: Map<string, Located>;
}

const indexes = new WeakMap<PromptDocument, TreeIndex | null>();

function indexOf(doc: PromptDocument): TreeIndex | undefined {
  let ix = indexes.get(doc);
  if (ix === undefined) {
    ix = buildIndex(doc);
    indexes.set(doc, ix);
  }
  return ix ?? undefined;
}

function buildIndex(doc: PromptDocument): TreeIndex | null {
  if (doc.format !== 'json' && doc.format !== 'yaml' && doc.format !== 'jsonl') return null;
  const ix: TreeIndex = { yaml: doc.format === 'yaml', text: doc.text, strings: [], nodes: new Map() };
  // Iterative, in document order (children pushed in reverse).
  const stack: Located[] = structuredRoots(doc.text, doc.format)
    .reverse()
    .map((node) => ({ node, index: 0 }));
  while (stack.length > 0) {
    const at = stack.pop()!;
    const n = at.node;
    if (n.kind === 'string') {
      ix.strings.push(n);
      continue;
    }
    ix.nodes.set(key(n.span), at);
    if (n.kind === 'array') for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i]!, parent: n, index: i });
    else if (n.kind === 'object') for (let i = n.props.length - 1; i >= 0; i--) if (n.props[i]!.value) stack.push({ node: n.props[i]!.value!, index: 0 });
  }
  return ix;
}

function key(span: Span): string {
  return `${span.start}:${span.end}`;
}

/** The string value whose text contains `span`, by binary search. */
function stringAround(ix: TreeIndex, span: Span): SString | undefined {
  let lo = 0;
  let hi = ix.strings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = ix.strings[mid]!;
    if (s.span.end < span.start) lo = mid + 1;
    else if (s.span.start > span.end) hi = mid - 1;
    else {
      const inner = s.seg.sourceSpan();
      return inner.start <= span.start && span.end <= inner.end ? s : undefined;
    }
  }
  return undefined;
}

/**
 * The decoded text of the string value of a JSON, JSONL or YAML file that holds `span`
 * (e.g. a demo inside a `"prompt"` string), or undefined when no one string does.
 */
export function stringSegmentAround(doc: PromptDocument, span: Span): Segment | undefined {
  const ix = indexOf(doc);
  return ix ? stringAround(ix, span)?.seg : undefined;
}

export interface AsWritten {
  edits: PromptEdit[];
  /** How an edit's text reads in the rendered file (escaped, indented); its own text when it was not changed. */
  shown(edit: PromptEdit): string;
}

/** The edits of a JSON or YAML prompt file shown as written, made valid for its syntax (see the module comment). */
export function asWrittenEdits(doc: PromptDocument, edits: readonly PromptEdit[]): AsWritten {
  const ix = indexOf(doc);
  const shownText = new Map<PromptEdit, string>();
  const shown = (e: PromptEdit) => shownText.get(e) ?? e.text;
  if (!ix) return { edits: [...edits], shown };
  const out: PromptEdit[] = [];
  const byString = new Map<SString, PromptEdit[]>();
  for (const e of edits) {
    const s = stringAround(ix, e.span);
    if (s) {
      const list = byString.get(s);
      if (list) list.push(e);
      else byString.set(s, [e]);
      continue;
    }
    const at = ix.nodes.get(key(e.span));
    if (at && e.text === '' && at.parent) out.push({ ...e, span: elementRemoval(ix, at.parent, at.index) });
    else if (at && e.text !== '') {
      const text = valueText(e.text);
      shownText.set(e, text);
      out.push({ ...e, text });
    } else out.push(e);
  }
  for (const [s, list] of byString) {
    const texts = list.map((e) => inString(ix, s, e));
    if (texts.every((t) => t !== undefined)) {
      list.forEach((e, i) => {
        shownText.set(e, texts[i]!);
        out.push({ ...e, text: texts[i]! });
      });
    } else {
      // The string's style cannot hold the text: the whole string, double-quoted.
      for (const e of list) shownText.set(e, escapeJson(e.text));
      out.push({ span: { start: s.span.start, end: trimEnd(ix.text, s.span.start, s.span.end) }, text: quoteJson(renderSegment(s.seg, list)) });
    }
  }
  return { edits: out, shown };
}

// ---------------------------------------------------------------------------
// Removing an array element

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlank(text[i])) return false;
  return true;
}

/** The index after the line break that ends the line at `i`, when only blanks are left on it; else -1. */
function restOfLine(text: string, i: number): number {
  while (isBlank(text[i])) i++;
  if (i >= text.length) return text.length;
  return text[i] === '\n' ? i + 1 : -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (isBlank(text[i]) || text[i] === '\n')) i++;
  return i;
}

function skipSpaceBack(text: string, i: number): number {
  while (i > 0 && (isBlank(text[i - 1]) || text[i - 1] === '\n')) i--;
  return i;
}

/** The span that removes element `index` of `arr` with its separator (and its lines when they are its own). */
function elementRemoval(ix: TreeIndex, arr: SArray, index: number): Span {
  const text = ix.text;
  const el = arr.items[index]!.span;
  if (ix.yaml && text[arr.span.start] !== '[') {
    // Block sequence: the element's `-` indicator and lines.
    let dash = el.start;
    while (dash > 0 && isBlank(text[dash - 1])) dash--;
    if (text[dash - 1] !== '-') return el;
    const ls = lineStartBefore(text, dash - 1);
    if (!onlyBlanks(text, ls, dash - 1)) return el; // `- - x`: leave the indicator
    const nl = text.indexOf('\n', el.end);
    return { start: ls, end: nl < 0 ? text.length : nl + 1 };
  }
  const after = skipSpace(text, el.end);
  if (text[after] === ',') {
    const ls = lineStartBefore(text, el.start);
    const eol = restOfLine(text, after + 1);
    if (eol >= 0 && onlyBlanks(text, ls, el.start)) return { start: ls, end: eol };
    let end = after + 1;
    while (isBlank(text[end])) end++;
    return { start: el.start, end };
  }
  const before = skipSpaceBack(text, el.start);
  if (index > 0 && text[before - 1] === ',') return { start: before - 1, end: el.end };
  // The only element (or a comment in the way): the element, and its line when it is its own.
  const ls = lineStartBefore(text, el.start);
  const eol = restOfLine(text, el.end);
  return eol >= 0 && onlyBlanks(text, ls, el.start) ? { start: ls, end: eol } : el;
}

// ---------------------------------------------------------------------------
// Text in a string, or in place of a value

/** YAML's double-quoted scalars take JSON's escapes; it does not allow DEL and C1 controls raw. */
function escapeJson(text: string): string {
  const q = JSON.stringify(text);
  const inner = q.slice(1, -1);
  return /[\u007f-\u009f\ufeff]/.test(inner) ? inner.replace(/[\u007f-\u009f\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : inner;
}

function quoteJson(text: string): string {
  return `"${escapeJson(text)}"`;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && (isBlank(text[end - 1]) || text[end - 1] === '\n')) end--;
  return end;
}

const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** Text in place of a whole value that is not a string. */
function valueText(text: string): string {
  return SCALAR.test(text) ? text : quoteJson(text);
}

/** Characters a plain YAML scalar may not hold, or not everywhere (conservative). */
const PLAIN_UNSAFE = /[\r\n:#,[\]{}"'`|>&*!%@\\]|^\s|\s$|^[-?](?:\s|$)/;

/** `e`'s text written inside string `s`, or undefined when the string's style cannot hold it. */
function inString(ix: TreeIndex, s: SString, e: PromptEdit): string | undefined {
  const text = e.text;
  if (!ix.yaml) return escapeJson(text);
  const style = ix.text[s.span.start];
  if (style === '"') return escapeJson(text);
  if (style === "'") return /[\r\n]/.test(text) ? undefined : text.replace(/'/g, "''");
  if (style === '|' || style === '>') {
    if (!/[\r\n]/.test(text)) return text;
    if (style === '>' || text.includes('\r')) return undefined;
    const indent = blockIndent(ix.text, s);
    // A first line that starts with blanks would change the indentation the block detects.
    if (indent === undefined || (e.span.start === s.seg.sourceSpan().start && /^\s/.test(text))) return undefined;
    return text.replace(/\n/g, `\n${indent}`);
  }
  return text === '' || !PLAIN_UNSAFE.test(text) ? text : undefined;
}

/** The indentation of a literal block scalar's content (undefined with an explicit indentation indicator). */
function blockIndent(text: string, s: SString): string | undefined {
  const headerEnd = text.indexOf('\n', s.span.start);
  if (headerEnd < 0 || /[1-9]/.test(text.slice(s.span.start, headerEnd).replace(/#.*$/, ''))) return undefined;
  let i = headerEnd + 1;
  while (i < s.span.end) {
    let j = i;
    while (text[j] === ' ') j++;
    if (text[j] !== '\n' && text[j] !== '\r' && j < text.length) return text.slice(i, j);
    i = text.indexOf('\n', j) + 1;
    if (i === 0) break;
  }
  return undefined;
}

/** Whether the audit shows `doc` as written with the edits `asWrittenEdits` makes valid (a JSON or YAML prompt, not a dataset or chat). */
export function shownAsWritten(doc: PromptDocument): boolean {
  return (doc.format === 'json' || doc.format === 'yaml') && doc.messages.length === 0;
}

/**
 * Edits that rewrite every string value of a JSON or YAML file (e.g. a demographic
 * swap of the whole prompt): `rewrite` gives the words to replace in a value's
 * decoded text, and each becomes an edit at its source span, so keys and syntax
 * are left alone and `asWrittenEdits` escapes the new words.
 */
export function stringValueEdits(doc: PromptDocument, rewrite: (text: string) => { swaps: readonly { from: string; to: string; index: number }[] }): PromptEdit[] {
  const ix = indexOf(doc);
  const edits: PromptEdit[] = [];
  if (!ix) return edits;
  for (const s of ix.strings) {
    for (const w of rewrite(s.seg.text).swaps) edits.push({ span: s.seg.sourceSpan(w.index, w.index + w.from.length), text: w.to });
  }
  return edits;
}
