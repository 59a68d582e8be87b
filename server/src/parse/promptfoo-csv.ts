/**
 * promptfoo's CSV test files (`tests: file://tests.csv` in a promptfooconfig): a header row of
 * column names, then one test per row. A column is a test var (`question`, `options`, …) unless its
 * name starts with `__`: `__expected` (also `__expected1`, `__expected2`, …) holds an assertion
 * written as a string (`equals: B`, `contains: B`, `llm-rubric: …`, or a bare value, which promptfoo
 * checks with `equals`), `__description`, `__metric`, `__threshold`, `__metadata:*` and the others
 * are settings no model sees, and `__prefix` / `__suffix` are text added to the prompt.
 *
 * A `.csv` file is read so only when its header has an `__expected` column (isPromptfooCsvHeader):
 * that is what tells a promptfoo test file from any other table. Each row becomes the record a
 * promptfoo YAML test is (`{vars: {…}, assert: [{type, value}]}`) and goes through the same
 * recognition (records.ts recordOf), so a row with a gold assertion is an exemplar of a `dataset`
 * set and a row without one a test input. Every cell keeps its source offsets (a quoted cell's
 * `""` is one `"`, mapped to both), so findings point into the CSV text.
 */
import type { PromptDocument, Span } from '../model/types.js';
import { Segment } from '../model/segment.js';
import { Collector, RecordList, collectProse } from './records.js';
import { normKey, type SNode, type SObject, type SProp, type SString } from './structured-tree.js';

/** One cell: its decoded value (quotes removed, `""` read as `"`) as a segment, and its span in the source (quotes included). */
interface CsvField {
  seg: Segment;
  span: Span;
}

/** One row of cells and its span (first cell's start to the last cell's end). */
interface CsvRow {
  cells: CsvField[];
  span: Span;
}

/** Whether the file name is a `.csv` file's (query and fragment aside). */
export function isCsvName(uri: string): boolean {
  return /\.csv$/i.test(uri.replace(/[?#].*$/, ''));
}

/**
 * Whether a CSV text's header row (its first row) has a promptfoo assertion column, `__expected`
 * or `__expected<anything>` (promptfoo reads every column whose name starts so as an assertion).
 * Reads the header only: `text` may be just the file's start.
 */
export function isPromptfooCsvHeader(text: string): boolean {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const header = readRow(text, start);
  return header !== undefined && header.row.cells.length >= 2 && header.row.cells.some((c) => isExpectedColumn(c.seg.text));
}

function isExpectedColumn(name: string): boolean {
  return name.trim().startsWith('__expected');
}

/** Parse a promptfoo CSV test file (see the module comment). The document's format is `text`: the file is a table, not JSON. */
export function parsePromptfooCsvDocument(uri: string, text: string): PromptDocument {
  const c = new Collector(text);
  const records = new RecordList(c, 'dataset');
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const header = readRow(text, pos);
  if (header) {
    const columns = header.row.cells.map((cell) => ({ name: cell.seg.text.trim(), span: cell.seg.trim().sourceSpan() }));
    pos = header.next;
    while (pos < text.length) {
      const r = readRow(text, pos);
      if (!r) {
        c.problems.push({ message: 'CSV: a quoted cell is not closed', span: { start: pos, end: text.length }, severity: 'error' });
        break;
      }
      pos = r.next;
      const record = recordOfRow(c, columns, r.row);
      if (record) records.add(record);
    }
  }
  records.finish();
  return c.toDocument(uri, 'text');
}

/**
 * The row's test as promptfoo reads it: `{vars: {name: cell, …}, assert: [{type, value}, …]}`, the
 * var cells also prose (a model sees them); undefined for a row with no cell holding text.
 */
function recordOfRow(c: Collector, columns: readonly { name: string; span: Span }[], row: CsvRow): SObject | undefined {
  const vars: SProp[] = [];
  const asserts: SNode[] = [];
  let any = false;
  for (let i = 0; i < row.cells.length && i < columns.length; i++) {
    const cell = row.cells[i]!;
    const { name, span: keySpan } = columns[i]!;
    if (!/\S/.test(cell.seg.text)) continue;
    any = true;
    if (name.startsWith('__')) {
      if (isExpectedColumn(name)) {
        const a = assertionOf(cell);
        if (a) asserts.push(a);
      } else if (name === '__prefix' || name === '__suffix') c.addProse(cell.seg);
      continue;
    }
    if (name === '') continue;
    const value: SString = { kind: 'string', span: cell.span, seg: cell.seg };
    // (The key's span is the column's name in the header.)
    vars.push({ key: name, norm: normKey(name), keySpan, value, span: cell.span });
  }
  if (!any) return undefined;
  const varsObj: SObject = { kind: 'object', span: row.span, props: vars };
  collectProse(c, varsObj);
  const props: SProp[] = [{ key: 'vars', norm: 'vars', keySpan: { start: row.span.start, end: row.span.start }, value: varsObj, span: row.span }];
  if (asserts.length) {
    const at = { start: row.span.start, end: row.span.start };
    props.push({ key: 'assert', norm: 'assert', keySpan: at, value: { kind: 'array', span: row.span, items: asserts }, span: row.span });
  }
  return { kind: 'object', span: row.span, props };
}

/**
 * The assertion an `__expected` cell writes, as `{type, value}` (the value a segment of the cell),
 * when it is one a gold can come from: `equals: B`, `contains: B`, `icontains: B`, `starts-with: B`
 * (the value after the colon, trimmed), or a bare value, which promptfoo checks with `equals`.
 * Undefined for every other assertion: a negated one (`not-contains: B`), another type
 * (`llm-rubric: …`, `regex: …`, `similar(0.8): …`, `javascript: …`, `file://…`; any lower-case name
 * before a colon or a parenthesis is read as a type, as promptfoo reads its own), a type with no
 * value (`equals`, `is-json`), and a bare assertion type name.
 */
function assertionOf(cell: CsvField): SObject | undefined {
  const seg = cell.seg.trim();
  const t = seg.text;
  const m = /^([a-z][a-z0-9-]*)(\(\d+(?:\.\d+)?\))?(:|$)/.exec(t);
  let type = 'equals';
  let value = seg;
  if (m && (m[2] !== undefined || m[3] === ':' || VALUELESS.test(t))) {
    if (!GOLD_TYPES.has(m[1]!) || m[2] !== undefined || m[3] !== ':') return undefined;
    type = m[1]!;
    value = seg.sliceTrimmed(m[0].length);
  }
  if (!value.text) return undefined;
  const at = { start: cell.span.start, end: cell.span.start };
  const typeNode: SString = { kind: 'string', span: at, seg: new Segment(type, at.start) };
  const valueNode: SString = { kind: 'string', span: value.sourceSpan(), seg: value };
  return {
    kind: 'object',
    span: cell.span,
    props: [
      { key: 'type', norm: 'type', keySpan: at, value: typeNode, span: at },
      { key: 'value', norm: 'value', keySpan: at, value: valueNode, span: valueNode.span },
    ],
  };
}

/** The assertion types whose value is the expected answer (as records.ts reads a YAML test's `assert`). */
const GOLD_TYPES: ReadonlySet<string> = new Set(['equals', 'contains', 'icontains', 'starts-with']);

/**
 * A bare assertion type name, which promptfoo reads as that assertion with no value rather than as
 * `equals` (`is-json`, `not-contains`, `perplexity`): the names of its assertion types that take no
 * value, or are written bare by mistake, and their `not-` forms.
 */
const VALUELESS =
  /^(?:not-)?(?:equals|contains|icontains|starts-with|regex|similar|levenshtein|javascript|python|ruby|webhook|llm-rubric|g-eval|factuality|answer-relevance|context-faithfulness|context-recall|context-relevance|conversation-relevance|model-graded-closedqa|model-graded-factuality|moderation|classifier|guardrails|perplexity|perplexity-score|cost|latency|bleu|gleu|meteor|rouge-n|pi|finish-reason|contains-all|contains-any|icontains-all|icontains-any|is-json|contains-json|is-xml|contains-xml|is-sql|contains-sql|is-html|contains-html|is-refusal|is-valid-function-call|is-valid-openai-function-call|is-valid-openai-tools-call)$/;

/**
 * One CSV row (RFC 4180: cells separated by commas, a cell in double quotes may hold commas, line
 * breaks and `""` for a quote) from `start`: its cells, and where the next row starts (past the
 * row's line break). Undefined for a quoted cell that is never closed.
 */
function readRow(text: string, start: number): { row: CsvRow; next: number } | undefined {
  const cells: CsvField[] = [];
  let i = start;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // A quoted cell: up to the quote not doubled.
      const open = i;
      let j = i + 1;
      let value = '';
      let offsets: number[] | undefined;
      let from = j;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return undefined;
        if (text.charCodeAt(q + 1) === 34) {
          // `""`: one quote, mapped to the first of the two.
          offsets ??= [];
          for (let k = from; k <= q; k++) offsets.push(k);
          value += text.slice(from, q + 1);
          j = q + 2;
          from = j;
          continue;
        }
        value += text.slice(from, q);
        if (offsets) for (let k = from; k < q; k++) offsets.push(k);
        i = q + 1;
        if (offsets) {
          offsets.push(q);
          cells.push({ seg: new Segment(value, open + 1, Int32Array.from(offsets)), span: { start: open, end: i } });
        } else cells.push({ seg: new Segment(value, open + 1), span: { start: open, end: i } });
        break;
      }
      // Text between the closing quote and the next comma or line break (not RFC 4180) is left out.
      while (i < text.length && text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 10) i++;
    } else {
      let j = i;
      while (j < text.length && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10) j++;
      const end = j > i && text.charCodeAt(j - 1) === 13 && (j === text.length || text.charCodeAt(j) === 10) ? j - 1 : j;
      cells.push({ seg: new Segment(text.slice(i, end), i), span: { start: i, end } });
      i = j;
    }
    if (i < text.length && text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    // End of the row: a line break or the end of the text.
    const last = cells[cells.length - 1]!;
    const row = { cells, span: { start: cells[0]!.span.start, end: last.span.end } };
    return { row, next: i < text.length ? i + 1 : text.length };
  }
}
