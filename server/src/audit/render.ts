/**
 * Turns a document plus perturbation edits plus one test query into the chat
 * messages sent to the model.
 *
 * - Few-shot prompts (text, markdown, prompty, chat files) are sent as written,
 *   with the edits applied and the held-out demo removed (with one separator,
 *   see `demoRemoval`); the test query goes
 *   into a question-like template variable (see `querySlot`), else replaces the
 *   prompt's test input, else is appended.
 * - Demos inside one string of a JSONL record: that string is the prompt, the
 *   query in place of the record's own test question.
 * - Datasets (independent records) have no prompt of their own: the other
 *   records are shown as canonical few-shot demos.
 */
import type { Exemplar, ExemplarSet, PromptDocument, Role, Span } from '../model/types.js';
import { Segment, isWhiteSpace } from '../model/segment.js';
import { lineStartBefore } from '../model/lines.js';
import type { ChatMessage, ChatRole } from './types.js';
import { shownAnswerPosition, type PromptEdit } from './perturb.js';
import { answersByPosition } from '../edits/permute-options.js';
import { letterOf } from './answers.js';
import { asWrittenEdits, stringSegmentAround } from './as-written.js';
import { inlineMarkLineOf } from '../parse/text.js';

/** Variable names that take the test question when an item has no `vars` for them. */
export const QUESTION_VARIABLES = ['question', 'input', 'query', 'text', 'prompt', 'user_input', 'content', 'problem'];

/** The part of `seg` that covers source span `span`, or undefined when the segment does not contain it. */
export function sliceBySource(seg: Segment, span: Span): Segment | undefined {
  const s = seg.sourceSpan();
  if (span.start < s.start || span.end > s.end) return undefined;
  return seg.slice(seg.decodedIndex(span.start), seg.decodedIndex(span.end));
}

/** Apply edits (spans in source offsets) to a decoded segment. Overlapping later edits are dropped. */
export function renderSegment(seg: Segment, edits: readonly PromptEdit[]): string {
  const srcStart = seg.sourceOffset(0);
  const srcEnd = seg.sourceOffset(seg.length);
  const inside = edits
    .filter((e) => e.span.start >= srcStart && e.span.end <= srcEnd)
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  if (inside.length === 0) return seg.text;
  const toDecoded = (src: number) => seg.decodedIndex(src);
  let out = '';
  let pos = 0;
  for (const e of inside) {
    const s = toDecoded(e.span.start);
    const t = toDecoded(e.span.end);
    if (s < pos) continue;
    out += seg.text.slice(pos, s) + e.text;
    pos = t;
  }
  return out + seg.text.slice(pos);
}

function chatRole(role: Role): ChatRole | undefined {
  if (role === 'system' || role === 'developer') return 'system';
  if (role === 'user') return 'user';
  if (role === 'assistant') return 'assistant';
  return undefined;
}

function covers(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export interface RenderInput {
  doc: PromptDocument;
  /** The exemplar set the audit targets. */
  set: ExemplarSet;
  /** Perturbation edits on the document (demo reorderings, swaps, ...). */
  edits: PromptEdit[];
  /** Demo to leave out (leave-one-out items). */
  holdOut?: Exemplar;
  /** The test query as the model should read it. */
  query: string;
  vars?: Record<string, string>;
  /** Appended to (or added as) the system message; how to state the answer. */
  instruction?: string;
  /** Datasets: how many other records to show as demos (default 8). */
  datasetContext?: number;
}

export function renderPrompt(input: RenderInput): ChatMessage[] {
  const { doc, set } = input;
  const edits: PromptEdit[] = [...input.edits];
  if (input.holdOut && set.kind !== 'dataset') edits.push({ span: demoRemoval(doc, input.holdOut.span), text: '' });
  for (const c of doc.comments) edits.push({ span: lineRemoval(doc.text, c.span), text: '' });
  if (doc.frontMatter && doc.messages.length === 0) edits.push({ span: doc.frontMatter.span, text: '' });

  // Template variables: item vars first, then a question-like variable takes the query.
  let queryPlaced = false;
  /** The edit that puts the query in the prompt, when one does. */
  let queryEdit: PromptEdit | undefined;
  const vars = input.vars ?? {};
  const questionVar = questionVariable(doc, vars);
  for (const v of doc.variables) {
    if (v.name in vars) edits.push({ span: v.span, text: vars[v.name]! });
    else if (questionVar && v.name === questionVar) {
      edits.push((queryEdit = { span: v.span, text: input.query }));
      queryPlaced = true;
    }
  }
  if (!queryPlaced && doc.testInputs.length > 0 && set.kind !== 'dataset') {
    const slot = doc.testInputs[doc.testInputs.length - 1]!;
    // The slot may include a role marker; replace only the model-visible text inside it.
    let span: Span = slot.span;
    for (const m of doc.messages) {
      const c = m.content.sourceSpan();
      if (c.start < slot.span.end && slot.span.start < c.end) span = { start: Math.max(c.start, slot.span.start), end: Math.min(c.end, slot.span.end) };
    }
    if (!edits.some((e) => e.span.start < span.end && span.start < e.span.end)) {
      edits.push((queryEdit = { span, text: input.query }));
      queryPlaced = true;
    }
  }

  let messages: ChatMessage[];
  let recordPrompt: Segment | undefined;
  let shownQuery = input.query.trim();
  if (set.kind === 'dataset') {
    messages = [{ role: 'user', content: canonicalDemos(set, input.edits, input.holdOut, input.datasetContext ?? 8) }];
    // A chat dataset's records carry their own system prompt: keep the test record's (or the first record's).
    const record = input.holdOut ?? set.exemplars[0];
    const system = record ? doc.messages.find((m) => m.role === 'system' && covers(record.span, m.span)) : undefined;
    if (system && system.content.text.trim()) messages.unshift({ role: 'system', content: system.content.text.trim() });
    queryPlaced = false;
  } else if (doc.messages.length > 0) {
    messages = [];
    for (const m of doc.messages) {
      const role = chatRole(m.role);
      if (!role) continue;
      if (edits.some((e) => e.text === '' && covers(e.span, m.content.sourceSpan()) && m.content.length > 0)) continue;
      const content = renderSegment(m.content, edits);
      if (content.trim() === '') continue;
      messages.push({ role, content });
    }
  } else if (doc.format === 'jsonl' && (recordPrompt = stringSegmentAround(doc, set.span))) {
    // Demos written in one record's string (`{"prompt": "Q: …\nA: …\n\nQ: <test>\nA:", "completion": …}`):
    // that string is the prompt, as the model reads it; the record's own test question
    // (the text after its last demo) gives way to the query. Not the raw file: its other
    // records would show the held-out demo with its answer.
    if (!queryPlaced) {
      const t = recordPrompt.text;
      let from = recordPrompt.decodedIndex(set.exemplars[set.exemplars.length - 1]!.span.end);
      while (from < t.length && isWhiteSpace(t.charCodeAt(from))) from++;
      let to = t.length;
      while (to > from && isWhiteSpace(t.charCodeAt(to - 1))) to--;
      if (to > from) {
        edits.push((queryEdit = { span: recordPrompt.sourceSpan(from, to), text: input.query }));
        queryPlaced = true;
      }
    }
    messages = [{ role: 'user', content: renderSegment(recordPrompt, edits).trim() }];
  } else {
    let shown = edits;
    if (doc.format === 'json' || doc.format === 'yaml') {
      // Shown as written: the edits keep the file valid JSON / YAML (escaped, separators removed).
      const written = asWrittenEdits(doc, edits);
      shown = written.edits;
      if (queryEdit) shownQuery = written.shown(queryEdit).trim();
    }
    messages = [{ role: 'user', content: renderSegment(Segment.fromSource(doc.text, 0, doc.text.length), shown).trim() }];
  }

  // Safety net: if the slot could not take the query (it was not model-visible text), append it.
  if (queryPlaced && shownQuery !== '' && !messages.some((m) => m.content.includes(shownQuery))) queryPlaced = false;
  if (!queryPlaced) {
    const last = messages[messages.length - 1];
    if (last && last.role === 'user') last.content = `${last.content.trimEnd()}\n\n${input.query}`;
    else messages.push({ role: 'user', content: input.query });
  }
  if (input.instruction) {
    const sys = messages.find((m) => m.role === 'system');
    if (sys) sys.content = `${sys.content.trimEnd()}\n\n${input.instruction}`;
    else messages.unshift({ role: 'system', content: input.instruction });
  }
  return messages.filter((m) => m.content.trim() !== '' || m.role === 'user');
}

/**
 * The span that removes a held-out demo with exactly one separator: within the text that
 * holds it (the prompt, a message's content, a JSON / JSONL / YAML string value such as a
 * `"prompt"` holding several Q:/A: demos), the white space after it up to the next text,
 * else (it ends that text) the white space before it. Worked out on the decoded text and
 * mapped back to the source, so an escaped separator (`\n\n` in a JSON string) goes as
 * a whole and the text left reads as the original did with one demo fewer. A demo that is
 * not inside one text (a JSON array element, chat turns) keeps its span: as-written.ts
 * and the message rendering remove those.
 */
export function demoRemoval(doc: PromptDocument, span: Span): Span {
  const seg = textAround(doc, span);
  return seg ? withSeparator(seg, withInlineMark(seg, withWrapper(seg, span))) : span;
}

/**
 * `span` (inside `seg`'s source) from the inline example mark before it on its line ("Example 2: "
 * before "Text: …", see the parser's inline marks), when only indentation comes before that mark: the
 * demo starts after its mark, which would otherwise stay behind with the next line joined to it.
 */
export function withInlineMark(seg: Segment, span: Span): Span {
  const t = seg.text;
  const at = seg.decodedIndex(span.start);
  let i = at;
  while (i > 0 && t.charCodeAt(i - 1) !== 10 && at - i <= 40) i--;
  if (i > 0 && t.charCodeAt(i - 1) !== 10) return span;
  while (i < at && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
  if (i === at) return span;
  let end = t.indexOf('\n', at);
  if (end < 0) end = t.length;
  const mark = inlineMarkLineOf(t.slice(i, end));
  return mark && mark.contentStart === at - i ? { start: seg.sourceOffset(i), end: span.end } : span;
}

/**
 * `span` (inside `seg`'s source) with the tags around it when they wrap it alone: "<example>" right
 * before it and "</example>" right after it, with only white space between (any tag name, with
 * attributes), so that a held-out demo leaves no empty "<example>\n</example>" behind.
 */
export function withWrapper(seg: Segment, span: Span): Span {
  const t = seg.text;
  let before = seg.decodedIndex(span.start);
  while (before > 0 && isWhiteSpace(t.charCodeAt(before - 1))) before--;
  if (before === 0 || t.charCodeAt(before - 1) !== 62) return span;
  const open = t.lastIndexOf('<', before - 1);
  const tag = open < 0 ? null : OPENING_TAG.exec(t.slice(open, before));
  if (!tag) return span;
  let after = seg.decodedIndex(span.end);
  while (after < t.length && isWhiteSpace(t.charCodeAt(after))) after++;
  const close = `</${tag[1]}>`;
  if (!t.startsWith(close, after)) return span;
  return { start: seg.sourceOffset(open), end: seg.sourceOffset(after + close.length) };
}
const OPENING_TAG = /^<([A-Za-z][\w.-]*)(?:\s[^<>]*)?>$/;

/**
 * The model-visible text that holds `span`: a message's content, the JSON / JSONL / YAML
 * string value it is in, else (a text prompt) the whole text; undefined when no one text does.
 */
function textAround(doc: PromptDocument, span: Span): Segment | undefined {
  if (doc.messages.length > 0) {
    for (const m of doc.messages) if (covers(m.content.sourceSpan(), span)) return m.content;
    return undefined;
  }
  if (doc.format === 'json' || doc.format === 'yaml' || doc.format === 'jsonl') return stringSegmentAround(doc, span);
  return new Segment(doc.text, 0);
}

/** `span` (inside `seg`'s source) with the white space after it up to the next text, else the white space before it. */
export function withSeparator(seg: Segment, span: Span): Span {
  const t = seg.text;
  let after = seg.decodedIndex(span.end);
  while (after < t.length && isWhiteSpace(t.charCodeAt(after))) after++;
  if (after < t.length) return { start: span.start, end: seg.sourceOffset(after) };
  let before = seg.decodedIndex(span.start);
  while (before > 0 && isWhiteSpace(t.charCodeAt(before - 1))) before--;
  // The only text there: nothing to separate it from.
  return before > 0 ? { start: seg.sourceOffset(before), end: span.end } : span;
}

/** `span` with its line (and the line break that ends it) when nothing else is on that line; else `span`. */
export function lineRemoval(text: string, span: Span): Span {
  const ls = lineStartBefore(text, span.start);
  for (let i = ls; i < span.start; i++) if (text[i] !== ' ' && text[i] !== '\t') return span;
  let end = span.end;
  while (text[end] === ' ' || text[end] === '\t' || text[end] === '\r') end++;
  if (end < text.length && text[end] !== '\n') return span;
  return { start: ls, end: end < text.length ? end + 1 : end };
}

/** Canonical rendering of one query: question, then lettered options. */
export function canonicalQuery(question: string, options: readonly string[], bare = false): string {
  const head = bare ? question : `Question: ${question}`;
  if (options.length === 0) return head;
  return `${head}\nAnswer choices:\n${letteredOptions(options)}`;
}

/** Options as lettered lines: `(A) …`, `(B) …`. */
export function letteredOptions(options: readonly string[]): string {
  return options.map((o, i) => `(${letterOf(i)}) ${o}`).join('\n');
}

/**
 * What a template writes around the variable that takes the test query, so the query
 * put there carries only what the template does not (see `querySlot`).
 */
export interface QuerySlot {
  /** Text before the variable on its line (`Q: {{question}}`, `<question>{{question}}`), or a label line right above it (`Question:` then `{{question}}`): the query goes in without its own label. */
  labelled: boolean;
  /** Text after the variable on its line (`{{question}}</question>`), or a line right below it (`A:`): the query goes in without its own answer cue. */
  cued: boolean;
  /** An options-like variable (`{{options}}`, `{{choices}}`) the item's vars leave open: the query's options go there, not with the question. */
  optionsVariable?: string;
}

/**
 * The slot the test query fills: the question-like template variable and what the template
 * writes around it (on its own line, and a label line or cue line directly next to it), or
 * undefined when no variable takes the query. Read at the variable's last occurrence, in the
 * decoded text that holds it (a message, a JSON / YAML string).
 */
export function querySlot(doc: PromptDocument, vars: Record<string, string> = {}): QuerySlot | undefined {
  const name = questionVariable(doc, vars);
  if (name === undefined) return undefined;
  let at: Span | undefined;
  for (const v of doc.variables) if (v.name === name) at = v.span;
  const slot: QuerySlot = { labelled: false, cued: false };
  const optionsVariable = openVariables(doc, vars).find((n) => OPTION_VARIABLES.includes(n.toLowerCase()));
  if (optionsVariable !== undefined) slot.optionsVariable = optionsVariable;
  const seg = at && textAround(doc, at);
  if (!seg || !at) return slot;
  const t = seg.text;
  const start = seg.decodedIndex(at.start);
  const end = seg.decodedIndex(at.end);
  const ls = t.lastIndexOf('\n', start - 1) + 1;
  let le = t.indexOf('\n', end);
  if (le < 0) le = t.length;
  if (t.slice(ls, start).trim() !== '') slot.labelled = true;
  else if (ls > 0) {
    // The line right above: a label (`Question:`) or an opening tag (`<question>`) alone on it.
    const above = t.slice(t.lastIndexOf('\n', ls - 2) + 1, ls - 1).trim();
    slot.labelled = /:$/.test(above) || /^<[A-Za-z][^<>/]*>$/.test(above);
  }
  if (t.slice(end, le).trim() !== '') slot.cued = true;
  else if (le < t.length) {
    let below = t.indexOf('\n', le + 1);
    if (below < 0) below = t.length;
    slot.cued = t.slice(le + 1, below).trim() !== '';
  }
  return slot;
}

/** Variable names that take the test question's options (lettered lines) when an item has no `vars` for them. */
export const OPTION_VARIABLES = ['options', 'choices', 'answer_choices', 'answer_options'];

function openVariables(doc: PromptDocument, vars: Record<string, string>): string[] {
  return [...new Set(doc.variables.map((v) => v.name).filter((n) => !(n in vars)))];
}

/**
 * The template variable that takes the test question: one with a question-like
 * name, else the only variable the item's vars leave unfilled (an options-like one aside).
 */
export function questionVariable(doc: PromptDocument, vars: Record<string, string> = {}): string | undefined {
  const open = openVariables(doc, vars);
  const found = open.find((n) => QUESTION_VARIABLES.includes(n.toLowerCase()));
  if (found !== undefined) return found;
  const others = open.filter((n) => !OPTION_VARIABLES.includes(n.toLowerCase()));
  return others.length === 1 ? others[0] : undefined;
}

/**
 * A record's answer as its canonical demo shows it: its output as written (with the edits),
 * else its label or letter. An answer that names its option only by position (an MMLU index,
 * an ARC digit `answerKey`) is shown as the letter of the position its option is shown at
 * (after a reordering, the one the edit of its answer gives): the canonical options are
 * lettered, and "Answer: 3" or the option's text would not say which letter the gold is.
 */
function demoAnswer(ex: Exemplar, edits: readonly PromptEdit[]): string {
  const a = ex.answer;
  if (a && answersByPosition(ex) && (!ex.output || sameSpan(ex.output.sourceSpan(), a.span))) {
    const position = shownAnswerPosition(ex, edits);
    if (position !== undefined) return letterOf(position);
  }
  if (ex.output) return renderSegment(ex.output, edits);
  return a?.label ?? (a?.letter ? `(${a.letter})` : '');
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The first `limit` records other than the held-out one, as canonical few-shot demos. */
function canonicalDemos(set: ExemplarSet, edits: readonly PromptEdit[], holdOut: Exemplar | undefined, limit: number): string {
  const parts: string[] = [];
  for (const ex of set.exemplars) {
    if (holdOut && ex.index === holdOut.index) continue;
    if (parts.length >= limit) break;
    const question = ex.question ? renderSegment(ex.question, edits) : '';
    const options = ex.options.map((o) => renderSegment(o.text, edits));
    parts.push(`${canonicalQuery(question.trim(), options)}\nAnswer: ${demoAnswer(ex, edits).trim()}`);
  }
  return parts.join('\n\n');
}
