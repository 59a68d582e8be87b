/**
 * YAML and JSON example sets, parsed with `yaml` (source ranges, CST tokens) and
 * `jsonc-parser` (comments and trailing commas allowed). Recognised shapes:
 *
 * - `examples:` / `shots:` / `demos:` lists of records: few-shot demos (kind `demos`);
 * - `tests:` / `data:` lists and a top-level list of records: a dataset; promptfoo
 *   tests `{vars: {question, options}, assert: [{type: equals, value: B}]}` are
 *   exemplars when an assertion gives the expected answer, test inputs otherwise;
 * - chat message lists `[{role, content}]`, at the top level or under
 *   `messages:` / `prompt:` / `prompts:` (promptfoo prompt files);
 * - prompt strings (a top-level string, `prompt: |`, `system:`, `template:`,
 *   promptfoo `prompts: [...]`), whose own few-shot structure `analyseText` finds.
 *
 * Every string value a model may see is prose (never keys, ids, roles or config),
 * with its template variables. Syntax errors become problems at their positions
 * and whatever parsed is still used. `#` (YAML) and `//`, `/* *\/` (JSONC)
 * comments that hold `biaslens-` directives become comments.
 */
import { createScanner, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { tooDeepAt, tooDeepMessage } from './nesting.js';
import { forEachJsonlLine, jsonLineTree } from './jsonl.js';
import { Composer, Parser, type CST } from 'yaml';
import type { PromptDocument } from '../model/types.js';
import {
  Collector,
  DATASET_LIST_KEYS,
  DEMO_LIST_KEYS,
  PROFILE_LIST_KEYS,
  RecordList,
  addMessageList,
  addProfileSet,
  addStringExamples,
  addPromptString,
  collectProse,
  exampleTemplateVars,
  isMessageList,
  isMessageListKey,
  isPromptKey,
  isRecord,
  messagesOf,
  normKey,
  profileTextOf,
  promptLetterLabels,
  promptVariables,
  recordFields,
  type ProfileText,
} from './records.js';
import { MAX_DEPTH, fromJsonc, fromYaml, newYamlRefs, type SNode, type SObject, type TreeLimits } from './structured-tree.js';

export function parseStructuredDocument(uri: string, text: string, format: 'yaml' | 'json'): PromptDocument {
  const c = new Collector(text);
  const limits: TreeLimits = { tooDeep: false };
  const roots = format === 'yaml' ? parseYaml(c, text, limits) : parseJson(c, text, limits);
  if (limits.tooDeep) {
    c.problems.push({ message: `Values nested more than ${MAX_DEPTH} levels deep are not analysed`, span: { start: 0, end: 0 }, severity: 'warning' });
  }
  try {
    for (const root of roots) {
      collectProse(c, root);
      // promptfoo: which test vars the prompts insert (the prompts may come after the tests).
      c.promptVars = promptVariables(root);
      c.promptLetterLabels = c.promptVars !== undefined ? promptLetterLabels(root) : undefined;
      // LangChain few-shot: which demo field the example template shows last (the output).
      c.exampleVars = exampleTemplateVars(root);
      walk(c, root, null);
    }
  } catch (err) {
    // A safety net: what was found so far is kept.
    c.problems.push({ message: `${format === 'yaml' ? 'YAML' : 'JSON'}: could not be fully analysed (${(err as Error).message})`, span: { start: 0, end: 0 }, severity: 'error' });
  }
  tidyProblems(c, text);
  return c.toDocument(uri, format);
}

/**
 * The value trees of a YAML or JSON text, as `parseStructuredDocument` reads them
 * (same parsers and options, so the same spans); problems are dropped. The audit
 * uses them to edit a file it shows as written without breaking its syntax.
 */
export function structuredRoots(text: string, format: 'yaml' | 'json' | 'jsonl'): SNode[] {
  if (format === 'jsonl') return jsonlRoots(text);
  const c = new Collector(text);
  const limits: TreeLimits = { tooDeep: false };
  return format === 'yaml' ? parseYaml(c, text, limits) : parseJson(c, text, limits);
}

/** The value of each valid line of a JSONL text (spans in the whole text); invalid lines are left out (the lint parser reports them). */
function jsonlRoots(text: string): SNode[] {
  const roots: SNode[] = [];
  forEachJsonlLine(text, (start, end) => {
    const node = /\S/.test(text.slice(start, end)) ? jsonLineTree(text, start, end) : undefined;
    if (node) roots.push(node);
  });
  return roots;
}

/**
 * One problem per position (a truncated JSON file otherwise reports "'}' expected"
 * once per open bracket), and no empty ranges: an error at the very end covers
 * the last character, so editors can show it.
 */
function tidyProblems(c: Collector, text: string): void {
  const seen = new Set<string>();
  const kept = c.problems.filter((p) => {
    const key = `${p.severity}@${p.span.start}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  for (const p of kept) {
    if (p.span.end > p.span.start) continue;
    if (p.span.end < text.length) p.span = { start: p.span.start, end: p.span.start + 1 };
    else if (p.span.start > 0) p.span = { start: p.span.start - 1, end: p.span.end };
  }
  c.problems.splice(0, c.problems.length, ...kept);
}

// ---------------------------------------------------------------------------
// Parsing

function parseYaml(c: Collector, text: string, limits: TreeLimits): SNode[] {
  const roots: SNode[] = [];
  try {
    // The CST parser keeps its own stack (no recursion): comments are read whatever the nesting.
    const tokens = Array.from(new Parser().parse(text));
    if (text.includes('biaslens-')) for (const t of tokens) yamlComments(c, t);
    if (refusedTooDeep(c, text, true, 'YAML')) return roots;
    const composer = new Composer({ keepSourceTokens: true, prettyErrors: false, uniqueKeys: false });
    for (const doc of composer.compose(tokens, true, text.length)) {
      for (const e of doc.errors) c.problems.push(yamlProblem(text, e.message, e.pos, 'error'));
      for (const w of doc.warnings) if (!isLocalTagWarning(w)) c.problems.push(yamlProblem(text, w.message, w.pos, 'warning'));
      const root = fromYaml(text, doc.contents, limits, 0, newYamlRefs());
      if (root) roots.push(root);
    }
  } catch (err) {
    // yaml reports errors as data; this only guards against the unexpected.
    c.problems.push({ message: `YAML: ${(err as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
  }
  return roots;
}

/**
 * Whether a YAML warning is only that a local tag (`!function`, `!include`: an application's
 * own, such as lm-evaluation-harness's `doc_to_text: !function utils.doc_to_text`) has no
 * meaning here. Such a tag is valid YAML; its value is read as the plain scalar or collection
 * it tags. An unknown tag of the core namespace (`!!frobnicate`) is still reported.
 */
export function isLocalTagWarning(w: { code: string; message: string }): boolean {
  return w.code === 'TAG_RESOLVE_FAILED' && /^Unresolved tag: ![^!]/.test(w.message);
}

function yamlProblem(text: string, message: string, pos: [number, number], severity: 'error' | 'warning') {
  const start = Math.max(0, Math.min(pos[0], text.length));
  const end = Math.max(start, Math.min(pos[1], text.length));
  return { message: `YAML: ${message.split('\n')[0]!.trim()}`, span: { start, end }, severity };
}

/** Every comment token in a CST (they sit in the start/end/sep/props arrays of items). Iterative: nesting can be deep. */
function yamlComments(c: Collector, root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const token = stack.pop();
    if (Array.isArray(token)) {
      for (let i = token.length - 1; i >= 0; i--) stack.push(token[i]);
      continue;
    }
    if (!token || typeof token !== 'object') continue;
    const t = token as CST.SourceToken & Record<string, unknown>;
    if (t.type === 'comment' && typeof t.source === 'string' && typeof t.offset === 'number') {
      if (t.source.includes('biaslens-')) c.comments.push({ text: t.source.slice(1).trim(), span: { start: t.offset, end: t.offset + t.source.length } });
      continue;
    }
    for (const key of ['start', 'end', 'sep', 'props', 'items', 'value', 'key']) {
      const v = t[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
}

/** Whether `text` nests too deep to parse (see nesting.ts); if so, says where. */
function refusedTooDeep(c: Collector, text: string, yaml: boolean, what: string): boolean {
  const at = tooDeepAt(text, yaml);
  if (at < 0) return false;
  c.problems.push({ message: tooDeepMessage(what), span: { start: at, end: at + 1 }, severity: 'error' });
  return true;
}

function parseJson(c: Collector, text: string, limits: TreeLimits): SNode[] {
  if (text.includes('biaslens-')) jsoncComments(c, text);
  if (refusedTooDeep(c, text, false, 'JSON')) return [];
  const errors: ParseError[] = [];
  let tree: ReturnType<typeof parseTree>;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (err) {
    // jsonc-parser recurses per nesting level; thousands of levels overflow the stack.
    c.problems.push({ message: `JSON: nesting too deep to parse (${(err as Error).message})`, span: { start: 0, end: 0 }, severity: 'error' });
    return [];
  }
  for (const e of errors) {
    const start = Math.min(e.offset, text.length);
    c.problems.push({
      message: `JSON: ${describeJsonError(printParseErrorCode(e.error))}`,
      span: { start, end: Math.min(text.length, start + e.length) },
      severity: 'error',
    });
  }
  const root = tree ? fromJsonc(text, tree, 0, limits) : undefined;
  return root ? [root] : [];
}

// jsonc-parser SyntaxKind values (a const enum, which isolatedModules cannot import).
const T_LINE_COMMENT = 12;
const T_BLOCK_COMMENT = 13;
const T_EOF = 17;

/** `//` and `/* *\/` comments that hold a directive, from the scanner's trivia tokens. */
function jsoncComments(c: Collector, text: string): void {
  const scanner = createScanner(text, false);
  for (let t = scanner.scan(); t !== T_EOF; t = scanner.scan()) {
    if (t !== T_LINE_COMMENT && t !== T_BLOCK_COMMENT) continue;
    const offset = scanner.getTokenOffset();
    const raw = text.slice(offset, offset + scanner.getTokenLength());
    if (!raw.includes('biaslens-')) continue;
    const body = t === T_BLOCK_COMMENT ? raw.slice(2, raw.endsWith('*/') ? -2 : undefined) : raw.slice(2);
    c.comments.push({ text: body.trim(), span: { start: offset, end: offset + raw.length } });
  }
}

/** `CommaExpected` -> `comma expected`. */
function describeJsonError(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^close brace expected$/, "'}' expected")
    .replace(/^close bracket expected$/, "']' expected")
    .replace(/^comma expected$/, "',' expected")
    .replace(/^colon expected$/, "':' expected");
}

// ---------------------------------------------------------------------------
// Shapes

/** Adds `objects` as a bio or persona set when they are all profiles of one key and none is a record of another shape (see addProfileSet). */
function addProfileList(c: Collector, objects: readonly SObject[], kind: 'demos' | 'dataset'): void {
  const profiles: ProfileText[] = [];
  for (const obj of objects) {
    const p = profileTextOf(obj);
    if (!p || isRecord(obj, c.exampleVars)) return;
    profiles.push(p);
  }
  addProfileSet(c, profiles, kind);
}

/**
 * Walk a value, recognising record lists, message lists and prompt strings.
 * `key` is the normalised key the value sits under (null at the top).
 */
function walk(c: Collector, node: SNode | undefined, key: string | null): void {
  if (!node) return;
  switch (node.kind) {
    case 'string':
      if (key === null || isPromptKey(key) || key === 'prompts') addPromptString(c, node.seg);
      return;
    case 'scalar':
      return;
    case 'array': {
      if (isMessageList(node)) {
        addMessageList(c, messagesOf(node), false);
        return;
      }
      // Each object as a record reads it (a LangSmith example: its fields), once for isRecord and RecordList.add.
      const objects = node.items.filter((i): i is SObject => i.kind === 'object').map(recordFields);
      const recordLike = objects.length > 0 && objects.filter((o) => isRecord(o, c.exampleVars)).length >= Math.ceil(objects.length / 2);
      const listKind = key !== null && DEMO_LIST_KEYS.has(key) ? 'demos' : 'dataset';
      if (recordLike && (key === null || DEMO_LIST_KEYS.has(key) || DATASET_LIST_KEYS.has(key))) {
        const list = new RecordList(c, listKind);
        for (const obj of objects) list.add(obj);
        list.finish();
        for (const item of node.items) if (item.kind !== 'object') walk(c, item, key);
        return;
      }
      // A bio or persona set (`profiles:` of `{name, profile}`, a list of `{name, bio}`), or a list of example
      // strings (`examples: ["Sarah is a caring nurse …", …]`): output-only exemplars (see addProfileSet, addStringExamples).
      if (!recordLike && objects.length === node.items.length && (key === null || listKind === 'demos' || DATASET_LIST_KEYS.has(key) || PROFILE_LIST_KEYS.has(key))) {
        addProfileList(c, objects, listKind);
      } else if (listKind === 'demos' && objects.length === 0) addStringExamples(c, node.items);
      for (const item of node.items) walk(c, item, key === 'prompts' ? 'prompts' : key);
      return;
    }
    case 'object': {
      // A prompt object in a promptfoo `prompts:` list: {raw|content|template: "..."}
      for (const p of node.props) {
        const k = normKey(p.key);
        if (isMessageListKey(k) && p.value?.kind === 'array' && isMessageList(p.value)) {
          addMessageList(c, messagesOf(p.value), false);
          continue;
        }
        if (key === 'prompts' && p.value?.kind === 'string' && (k === 'raw' || k === 'content' || k === 'template')) {
          addPromptString(c, p.value.seg);
          continue;
        }
        walk(c, p.value, k);
      }
      return;
    }
  }
}
