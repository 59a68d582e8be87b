/**
 * The mapping around one string value of a YAML, JSON or JSONL document, read from the
 * structured tree (structured-tree.ts) that the parser builds with `yaml` and `jsonc-parser`:
 * for a rule that asks, of a few string values, which object holds them and what its other
 * fields are (a character sheet's `occupation` beside its `name`).
 *
 * The parse keeps no tree on the document, so the tree is built here, lazily, on the first
 * question: the whole document's for YAML and JSON (with the parser's options: the same
 * spans), the one line's for JSONL. One `StringFieldsAt` serves one lint of one document and
 * builds each tree at most once (for JSONL it keeps the last line's, so questions in document
 * order build each line's once); it is meant to be dropped with the lint, not kept.
 */
import type { DocumentFormat } from '../model/types.js';
import { withLoneCarriageReturnsAsLineFeeds } from './index.js';
import { jsonLineTree } from './jsonl.js';
import { structuredRoots } from './structured.js';
import type { SNode, SObject, SProp, SString, SArray } from './structured-tree.js';

/** A property whose value is a string, and the object that holds it. */
export interface StringField {
  object: SObject;
  prop: SProp;
  value: SString;
}

export class StringFieldsAt {
  /** The text the parser read (a lone \r made \n: the same offsets). */
  private parsed?: string;
  /** YAML and JSON: the document's roots, once built. */
  private roots?: SNode[];
  /** JSONL: the start of the line whose tree `lineRoot` is (-1: none yet). */
  private lineStart = -1;
  private lineRoot?: SNode;

  constructor(
    private readonly text: string,
    private readonly format: 'yaml' | 'json' | 'jsonl',
  ) {}

  /** A reader for a document of a structured format, else undefined. */
  static of(doc: { text: string; format: DocumentFormat }): StringFieldsAt | undefined {
    const f = doc.format;
    return f === 'yaml' || f === 'json' || f === 'jsonl' ? new StringFieldsAt(doc.text, f) : undefined;
  }

  /**
   * The innermost object with a property whose string value holds the source offset `offset`
   * (inside its quotes or its scalar's text), or undefined (a value of an array, a key, a
   * comment, an invalid JSONL line).
   */
  at(offset: number): StringField | undefined {
    const roots = this.rootsAt(offset);
    for (const root of roots) {
      if (contains(root, offset)) return fieldIn(root, offset);
    }
    return undefined;
  }

  private rootsAt(offset: number): readonly SNode[] {
    const text = (this.parsed ??= withLoneCarriageReturnsAsLineFeeds(this.text));
    if (this.format !== 'jsonl') return (this.roots ??= structuredRoots(text, this.format));
    // The line holding `offset`, as forEachJsonlLine splits it (past a byte-order mark, before a \r\n's \r).
    let start = text.lastIndexOf('\n', offset - 1) + 1;
    if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
    if (start !== this.lineStart) {
      let end = text.indexOf('\n', offset);
      if (end === -1) end = text.length;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.lineStart = start;
      this.lineRoot = jsonLineTree(text, start, end);
    }
    return this.lineRoot ? [this.lineRoot] : [];
  }
}

function contains(node: SNode, offset: number): boolean {
  const span = node.span;
  return span.start <= offset && offset < span.end;
}

/** The field holding `offset` under `node` (which contains it), descending to the innermost object. */
function fieldIn(node: SNode, offset: number): StringField | undefined {
  for (let n: SNode | undefined = node; n; ) {
    if (n.kind === 'array') {
      n = itemAt(n, offset);
      continue;
    }
    if (n.kind !== 'object') return undefined;
    const prop = propAt(n, offset);
    const value = prop?.value;
    if (!prop || !value || !contains(value, offset)) return undefined;
    if (value.kind === 'string') return { object: n, prop, value };
    n = value;
  }
  return undefined;
}

/** The last of `items` (in source order) that starts at or before `offset`, if it holds it: a binary search. */
function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, start: (item: T) => number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid]!;
    if (start(item) <= offset) {
      found = item;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function itemAt(node: SArray, offset: number): SNode | undefined {
  const item = lastStartingAtOrBefore(node.items, offset, (i) => i.span.start);
  return item && contains(item, offset) ? item : undefined;
}

function propAt(node: SObject, offset: number): SProp | undefined {
  return lastStartingAtOrBefore(node.props, offset, (p) => p.keySpan.start);
}
