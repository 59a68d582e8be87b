/**
 * JSONL datasets: one JSON object per line (or a line holding an array of such objects: each is a record).
 *
 *   {"messages": [{"role": ..., "content": ...}, ...]}        OpenAI chat fine-tuning
 *   {"prompt": ..., "completion": ...}                       completion fine-tuning
 *   {"question"|"input"|"text", "options"|"choices"?, "answer"|"label"|"output"|"target", "rationale"?}
 *   {"prompt"?, "chosen", "rejected"}, {"question", "response_j", "response_k"}, {"prompt", "completion", "label": bool} (strings or message lists)  preference (DPO, KTO; records.ts preferenceOf)
 *   {"model_a", "model_b", "winner", "conversation_a", "conversation_b"}, {"prompt", "response_a", "response_b", "winner"}, {"instruction", "output_1", "output_2", "preference"}  pairwise judge (records.ts pairwiseOf)
 *
 * Each record is one exemplar of a `dataset` set (shape `chat` or `record`)
 * spanning the record. The common chat line is read straight from its tokens
 * (`scanChatLine`, `addChatLine`), with no tree. A strict one-pass parser
 * (`strictJsonTree`) builds the tree of any other valid line with the offsets
 * of its values; a line it does not
 * take is validated with `JSON.parse` (its error messages name what was
 * expected) and, if valid but deeply nested, tokenised with `jsonc-parser`'s
 * scanner under a depth limit. A malformed line becomes an
 * error at the parser's position and the other lines are still used; the string
 * values that can be recovered from it still count as prose, but it makes no
 * exemplar (its fields may be cut off). Blank lines are skipped; lines starting
 * with `//` are comments (suppression directives).
 */
import { createScanner, parseTree, type JSONScanner, type ParseError } from 'jsonc-parser';
import { MAX_PARSE_DEPTH, tooDeepAt } from './nesting.js';
import type { PromptDocument } from '../model/types.js';
import { AnalysisSlot } from '../model/analysis-slot.js';
import { Collector, RecordList, addChatLine, collectProse, endChatLines, recordFields } from './records.js';
import {
  MAX_DEPTH,
  fromJsonc,
  fromValidJson,
  newChatLineTokens,
  PlainJsonLines,
  scanChatLine,
  strictJsonTree,
  type ChatLineTokens,
  type SNode,
  type TreeLimits,
} from './structured-tree.js';

const POSITION = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/;

export interface JsonlOptions {
  /** Read chat lines straight from their tokens (default). Off: every line takes the tree path (for tests that compare the two). */
  directChatLines?: boolean;
}

/**
 * Where a JSONL document's chat lines are: pairs of offsets [start, end), in order, of runs of lines that
 * the parser read straight as chat lines (`scanChatLine`: `{"messages": [{"role": …, "content": …}, …]}`,
 * string values, nothing else), with the line breaks between them. Their only object keys are
 * CHAT_LINE_KEYS, so a search of the raw text for keys can pass over them (protected-attribute-in-decision:
 * a 10 MiB chat dataset is all such lines). Set by parseJsonlDocument; absent on a document made otherwise.
 */
export const chatLineRanges = new AnalysisSlot<PromptDocument, Int32Array>('chatLineRanges');

/** The object keys of a line `chatLineRanges` covers (written plainly or with escapes). */
export const CHAT_LINE_KEYS: readonly string[] = ['messages', 'role', 'content'];

export function parseJsonlDocument(uri: string, text: string, options: JsonlOptions = {}): PromptDocument {
  const c = new Collector(text);
  const records = new RecordList(c, 'dataset');
  const line: LineParser = { c, records, text, scanner: createScanner(text, true), tokens: newChatLineTokens(), plain: new PlainJsonLines(text), directChatLines: options.directChatLines ?? true };
  // chatLineRanges, as it is found: a run of chat lines grows while the next line is one too.
  const ranges: number[] = [];
  forEachJsonlLine(text, (start, end, lineNo) => {
    try {
      if (parseLine(line, start, end, lineNo)) {
        if (ranges.length > 0 && ranges[ranges.length - 1] === lineEndBefore(text, start)) ranges[ranges.length - 1] = end;
        else ranges.push(start, end);
      }
    } catch (err) {
      // Never lose the other lines to one pathological line.
      c.problems.push({ message: `Line ${lineNo + 1}: could not be analysed (${(err as Error).message})`, span: { start, end }, severity: 'error' });
    }
  });
  endChatLines();
  records.finish();
  const doc = c.toDocument(uri, 'jsonl');
  if (ranges.length > 0) chatLineRanges.set(doc, Int32Array.from(ranges));
  return doc;
}

/** Where the line before the one starting at `start` ends (before its \r\n or \n); -1 for the first line. */
function lineEndBefore(text: string, start: number): number {
  if (start === 0 || text.charCodeAt(start - 1) !== 10) return -1;
  return start >= 2 && text.charCodeAt(start - 2) === 13 ? start - 2 : start - 1;
}

/**
 * Calls `each` with every line of a JSON Lines text, past a byte-order mark: its start, its end
 * (before its \n, and the \r of a \r\n) and its 0-based number. The parser, the audit's items
 * files and its index of a file's strings walk lines the same way.
 */
export function forEachJsonlLine(text: string, each: (start: number, end: number, lineNo: number) => void): void {
  let lineNo = 0;
  for (let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; pos <= text.length; lineNo++) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    each(pos, nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, lineNo);
    pos = nl + 1;
  }
}

/**
 * The tree of a valid JSON line, text[start, end) (spans in the whole text), with no problems
 * reported: the strict pass, else JSON.parse to validate and the general tree. Undefined for a
 * line that is not JSON or too deep to read.
 */
export function jsonLineTree(text: string, start: number, end: number): SNode | undefined {
  const node = strictJsonTree(text, start, end);
  if (node) return node;
  try {
    JSON.parse(text.slice(start, end));
  } catch {
    return undefined;
  }
  return fromValidJson(text, start, end);
}

/** What every line of one document is parsed with. */
interface LineParser {
  c: Collector;
  records: RecordList;
  text: string;
  scanner: JSONScanner;
  tokens: ChatLineTokens;
  plain: PlainJsonLines;
  directChatLines: boolean;
}

/** Parses one line; true when it was read as a chat line (see chatLineRanges). */
function parseLine(line: LineParser, lineStart: number, lineEnd: number, lineNo: number): boolean {
  const { c, records, text } = line;
  let start = lineStart;
  while (start < lineEnd && isSpace(text.charCodeAt(start))) start++;
  if (start === lineEnd) return false;
  if (text.startsWith('//', start)) {
    const body = text.slice(start + 2, lineEnd);
    if (body.includes('biaslens-')) c.comments.push({ text: body.trim(), span: { start, end: lineEnd } });
    return false;
  }
  // Whether the line's strings can be read without looking at their characters (see strictJsonTree).
  const plain = line.plain.isPlain(start, lineEnd);
  // Chat lines need no tree.
  if (line.directChatLines && scanChatLine(text, start, lineEnd, plain, line.tokens, line.plain) && addChatLine(c, records, text, line.tokens)) return true;
  // Most other lines are valid and shallow: one strict pass builds their tree. The
  // others (invalid, or too deep) take the general path, which reports what is wrong.
  const node = strictJsonTree(text, start, lineEnd, plain) ?? generalTree(c, line.scanner, text, start, lineStart, lineEnd, lineNo);
  if (!node) return false;
  // A line that holds an array of records (some exporters write a whole dataset as one JSON
  // array, e.g. Anthropic's model-written evals): each object is a record, as in a .json file.
  if (node.kind === 'array' && node.items.length > 0 && node.items.every((item) => item.kind === 'object')) {
    collectProse(c, node);
    for (const item of node.items) records.add(recordFields(item));
    return false;
  }
  if (node.kind !== 'object') {
    const found = node.kind === 'array' ? 'an array' : node.kind === 'string' ? 'a string' : node.value === null ? 'null' : `a ${typeof node.value}`;
    c.problems.push({
      message: `Line ${lineNo + 1}: expected a JSON object, found ${found}`,
      span: { start, end: lineEnd },
      severity: 'warning',
    });
    collectProse(c, node);
    return false;
  }
  collectProse(c, node);
  records.add(recordFields(node));
  return false;
}

/** A line the strict pass did not take: validate it with JSON.parse (for its error message), then build a depth-limited tree. */
function generalTree(
  c: Collector,
  scanner: JSONScanner,
  text: string,
  start: number,
  lineStart: number,
  lineEnd: number,
  lineNo: number,
): SNode | undefined {
  const line = text.slice(start, lineEnd);
  try {
    JSON.parse(line);
  } catch (err) {
    malformedLine(c, text, line, start, lineStart, lineEnd, lineNo, err as Error);
    return undefined;
  }
  const limits: TreeLimits = { tooDeep: false };
  let node = fromValidJson(text, start, lineEnd, scanner, limits);
  if (!node && tooDeepAt(text, false, MAX_PARSE_DEPTH, start, lineEnd) < 0) {
    const tree = parseTree(line, [], { disallowComments: true, allowTrailingComma: false });
    node = tree ? fromJsonc(text, tree, start, limits) : undefined;
  }
  if (limits.tooDeep) {
    c.problems.push({ message: `Line ${lineNo + 1}: values nested more than ${MAX_DEPTH} levels deep are not analysed`, span: { start, end: lineEnd }, severity: 'warning' });
  }
  return node;
}

function malformedLine(
  c: Collector,
  text: string,
  line: string,
  start: number,
  lineStart: number,
  lineEnd: number,
  lineNo: number,
  err: Error,
): void {
  const m = POSITION.exec(err.message);
  const errors: ParseError[] = [];
  let tree: ReturnType<typeof parseTree>;
  // Too deep for the recursive parser (see nesting.ts): V8's error alone is reported.
  tree = tooDeepAt(text, false, MAX_PARSE_DEPTH, start, lineEnd) < 0 ? parseTree(line, errors, { disallowComments: true, allowTrailingComma: false }) : undefined;
  // Position: V8's when it gives one, else jsonc-parser's first error, else the end of the line.
  const rel = m ? Number(m[1]) : errors.length ? errors[0]!.offset : line.length;
  const at = Math.min(start + rel, lineEnd);
  const reason = (m ? err.message.slice(0, m.index) : err.message).replace(/\.$/, '');
  const what = reason.charAt(0).toLowerCase() + reason.slice(1);
  c.problems.push({
    message: `Line ${lineNo + 1}: ${what} (column ${at - lineStart + 1})`,
    span: at < lineEnd ? { start: at, end: lineEnd } : { start, end: lineEnd },
    severity: 'error',
  });
  // Salvage what the tolerant parser recovered, as prose only.
  if (tree) collectProse(c, fromJsonc(text, tree, start, { tooDeep: false }));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xfeff;
}
