/**
 * Audit items: the file's own demos (leave-one-out), or a JSONL items file.
 * Also builds the text of a test query for an item, in the file's own format
 * where the file has one.
 */
import type { Exemplar, ExemplarSet, PromptDocument } from '../model/types.js';
import { Segment } from '../model/segment.js';
import type { AuditItem } from './types.js';
import { goldIndex, type PromptEdit } from './perturb.js';
import { stringSegmentAround } from './as-written.js';
import { renderSegment, canonicalQuery, letteredOptions, sliceBySource, type QuerySlot } from './render.js';
import { indexOfLetter } from './answers.js';
import { ANSWER_KEYS, Collector, OPTION_KEYS, OUTPUT_KEYS, QUESTION_KEYS, field, recordFields, recordOf, type RecordResult } from '../parse/records.js';
import type { SObject } from '../parse/structured-tree.js';
import { forEachJsonlLine, jsonLineTree } from '../parse/jsonl.js';
import { splitOptions } from '../parse/exemplars.js';

export class ItemsFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * The exemplar set an audit targets: the given one, else the largest demo set (ties: first). A set of
 * examples that are only outputs (shape 'outputs': a generation prompt's "### Example 1" blocks) has no
 * question to ask, so it is no target unless given (and then gives no demo items: see demoItems).
 */
export function targetSet(doc: PromptDocument, setIndex?: number): { set: ExemplarSet; index: number } | undefined {
  if (setIndex !== undefined) {
    const set = doc.exemplarSets[setIndex];
    return set ? { set, index: setIndex } : undefined;
  }
  let best: { set: ExemplarSet; index: number } | undefined;
  doc.exemplarSets.forEach((set, index) => {
    if (set.shape === 'outputs') return;
    if (!best || set.exemplars.length > best.set.exemplars.length) best = { set, index };
  });
  return best;
}

/** Distinct answer labels of a set's demos (label tasks: no options), when there are 2..20 of them. */
export function labelSet(set: ExemplarSet): string[] {
  const seen = new Map<string, string>();
  for (const ex of set.exemplars) {
    if (ex.options.length > 0) continue;
    const label = ex.answer?.label?.trim();
    if (label && !seen.has(label.toLowerCase())) seen.set(label.toLowerCase(), label);
  }
  return seen.size >= 2 && seen.size <= 20 ? [...seen.values()] : [];
}

/** Leave-one-out items: each demo with a question becomes a test item (an output-only example has none, and gives none). */
export function demoItems(set: ExemplarSet, setIndex: number): AuditItem[] {
  const items: AuditItem[] = [];
  for (const ex of set.exemplars) {
    const question = ex.question?.text.trim();
    if (!question) continue;
    const item: AuditItem = {
      id: `demo:${setIndex}:${ex.index}`,
      question,
      options: ex.options.map((o) => o.text.text.trim()),
      source: { kind: 'demo', set: setIndex, exemplar: ex.index },
    };
    const g = goldIndex(ex);
    if (g !== undefined) item.gold = g;
    else if (ex.options.length === 0 && ex.answer?.label) item.goldLabel = ex.answer.label.trim();
    items.push(item);
  }
  return items;
}

/**
 * Parse a JSONL items file: one record a line, read as the linter reads a dataset
 * record (`recordOf`), so every layout it knows is an item: `{"question", "options",
 * "answer"}` (a letter or the option's text), MMLU's `{"question", "choices", "answer":
 * <index>}`, ARC's `{"question": {"stem", "choices": [{label, text}]}, "answerKey"}` and
 * the Hugging Face `choices: {text, label}` (letter or digit labels), `input`/`label`,
 * `prompt`/`completion`, a promptfoo test `{vars, assert}`. Only a question is required.
 * `vars` holds the item's template variables (read as the record's fields only when the
 * record has no question of its own: a promptfoo test). Blank lines are skipped; a line
 * that cannot be read as an item (not JSON, no question, options that are not options, an
 * answer that names no option, a chat record) is an error with its 1-based line number.
 */
export function parseItemsJsonl(text: string): AuditItem[] {
  const items: AuditItem[] = [];
  const c = new Collector(text);
  forEachJsonlLine(text, (start, end, lineNo) => {
    const raw = text.slice(start, end);
    if (raw.trim() !== '') items.push(itemOfLine(c, text, start, end, raw, lineNo + 1));
  });
  return items;
}

function itemOfLine(c: Collector, text: string, start: number, end: number, raw: string, line: number): AuditItem {
  const fail = (message: string) => new ItemsFileError(`line ${line}: ${message}`, line);
  let rec: unknown;
  try {
    rec = JSON.parse(raw);
  } catch (e) {
    throw fail(`not valid JSON (${(e as Error).message})`);
  }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw fail('expected a JSON object');
  const r = rec as Record<string, unknown>;
  let vars: Record<string, string> | undefined;
  if (r.vars !== undefined) {
    if (!r.vars || typeof r.vars !== 'object' || Array.isArray(r.vars)) throw fail('"vars" must be an object');
    vars = Object.fromEntries(Object.entries(r.vars as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  const tree = jsonLineTree(text, start, end);
  if (tree?.kind !== 'object') throw fail('could not be read (nested too deep)');
  // The record's own fields first; a record whose question is under `vars` is a promptfoo test.
  const own: SObject = { ...tree, props: tree.props.filter((p) => p.norm !== 'vars') };
  let fields = own;
  let read = recordOf(c, recordFields(own), 0);
  if (!questionOf(read) && own.props.length < tree.props.length) {
    read = recordOf(c, recordFields(tree), 0);
    const v = field(tree, ['vars'])?.value;
    if (v?.kind === 'object') fields = v;
  }
  if (read?.shape === 'chat') throw fail('a chat record is not an item: give its question as "question" (with "options" and "answer")');
  const parts = questionOf(read);
  if (!parts) throw fail(`"question" must be a non-empty string (or another question field: ${QUESTION_KEYS.filter((k) => k !== 'question').join(', ')})`);
  const given = givenOptions(fields);
  if (given && given.count > 26) throw fail('at most 26 options');
  if (given && given.count !== parts.options.length) {
    throw fail(
      `"${given.key}" could not be read as options: expected an array of strings or of {label, text} objects, or {"text": [...], "label": ["A", ...]} with the answer one of its labels`,
    );
  }
  const item: AuditItem = { id: `items:${line}`, question: parts.question, options: parts.options, source: { kind: 'file', line } };
  const ex = read?.exemplar;
  if (ex && (ex.answer || ex.output)) {
    const written = ex.answer?.label ?? ex.answer?.letter ?? ex.output?.text.trim() ?? '';
    if (item.options.length > 0) {
      // A lone letter in any case, "(b)" too, as items files have always been read.
      const letter = /^\(?([A-Za-z])\)?$/.exec(typeof r.answer === 'string' ? r.answer.trim() : '');
      const g = goldIndex(ex) ?? (letter ? indexOfLetter(letter[1]!) : -1);
      if (g < 0 || g >= item.options.length) throw fail(`the answer ${JSON.stringify(written)} is neither an option letter nor an option text (nor an option index)`);
      item.gold = g;
    } else if (written) item.goldLabel = written.trim();
  } else {
    const answer = field(fields, ANSWER_KEYS) ?? field(fields, OUTPUT_KEYS);
    if (answer?.value && !(answer.value.kind === 'scalar' && answer.value.value === null)) {
      throw fail(`"${answer.key}" could not be read as an answer: expected a letter, an option's text, an option index or a label`);
    }
  }
  if (vars) item.vars = vars;
  return item;
}

/** An item's question and option texts from a read record (options split from the question when not given apart). */
function questionOf(read: RecordResult | undefined): { question: string; options: string[] } | undefined {
  if (read?.exemplar) {
    const question = read.exemplar.question?.text.trim();
    return question ? { question, options: read.exemplar.options.map((o) => o.text.text.trim()) } : undefined;
  }
  const input = read?.testInput;
  if (!input || !input.text.text.trim()) return undefined;
  // A test input is its whole question; options given in a field of their own lie outside it.
  const span = input.text.sourceSpan();
  const first = input.options[0];
  if (first && first.span.start >= span.start && first.span.end <= span.end) {
    const split = splitOptions(input.text);
    const question = split.question.text.trim();
    if (question) return { question, options: split.options.map((o) => o.text.text.trim()) };
  }
  return { question: input.text.text.trim(), options: input.options.map((o) => o.text.text.trim()) };
}

/** The options field of a record as written (at its top or in an ARC `question` object), and how many entries it has. */
function givenOptions(obj: SObject): { key: string; count: number } | undefined {
  let p = field(obj, OPTION_KEYS);
  if (!p) {
    const q = field(obj, QUESTION_KEYS)?.value;
    if (q?.kind === 'object') p = field(q, OPTION_KEYS);
  }
  const v = p?.value;
  if (!p || !v) return undefined;
  if (v.kind === 'array') return { key: p.key, count: v.items.length };
  if (v.kind === 'object') {
    // {text: [...], label: [...]} counts its texts; {A: "...", B: "..."} its entries.
    const texts = field(v, ['text'])?.value;
    return { key: p.key, count: texts?.kind === 'array' ? texts.items.length : v.props.length };
  }
  return undefined; // options written in a string: split by the parser
}

/** How a query deviates from the item as written. */
export interface QueryTransform {
  /** `order[p]` = original option index shown at position p. */
  order?: readonly number[];
  /** A sentence appended after the options (suggested answer). */
  suggestion?: string;
  /** Replace the question text (content-free inputs). */
  question?: string;
  /** Replace every option text (content-free inputs). */
  optionText?: string;
  /** The template variable the query fills, and what the template writes around it (see `querySlot`). */
  slot?: QuerySlot;
  /** Applied to the finished query text (demographic swaps). */
  rewrite?: (text: string) => string;
}

function answerStart(ex: Exemplar): number {
  const starts = [ex.output?.sourceSpan().start, ex.rationale?.sourceSpan().start, ex.answer?.span.start].filter(
    (s): s is number => s !== undefined && s > (ex.question?.sourceSpan().start ?? ex.span.start),
  );
  return starts.length > 0 ? Math.min(...starts) : ex.span.end;
}

/** The demo's question part (source up to its answer) as one segment of model-visible text, when it lies in one message. */
function queryRegion(doc: PromptDocument, ex: Exemplar): Segment | undefined {
  const span = { start: ex.span.start, end: answerStart(ex) };
  if (span.end <= span.start) return undefined;
  if (doc.messages.length === 0) {
    if (doc.format === 'text' || doc.format === 'markdown') return Segment.fromSource(doc.text, span.start, span.end);
    // A demo written in one string of a JSON, JSONL or YAML file (`"prompt": "Q: …\nA: …"`).
    const seg = stringSegmentAround(doc, span);
    return seg && sliceBySource(seg, span);
  }
  for (const m of doc.messages) {
    const seg = sliceBySource(m.content, span);
    if (seg) return seg;
  }
  return undefined;
}

/** A test query: the text for the prompt (or its question variable), and the options when they go into an options variable. */
export interface BuiltQuery {
  text: string;
  /** The options (with a suggested answer after them) for the slot's options variable. */
  options?: string;
}

/**
 * The test query for an item. A demo of a few-shot text prompt is asked in its
 * own wording (the source up to its answer, with options reordered in place);
 * anything else gets the canonical "Question / Answer choices" form.
 *
 * Put into a template variable (`t.slot`), the query carries only what the template
 * does not write around it: no label of its own ("Q: ", "Question: ") after a template
 * label, no answer cue ("A:") before the template's text after the variable, and its
 * options (lettered lines, then the suggestion) apart when the template has an options
 * variable. In a variable alone on its line it keeps its label and cue.
 */
export function buildQuery(doc: PromptDocument, set: ExemplarSet, item: AuditItem, t: QueryTransform = {}): BuiltQuery {
  const options = t.optionText !== undefined ? item.options.map(() => t.optionText!) : item.options;
  const ordered = t.order ? t.order.map((i) => options[i]!) : options;
  const question = t.question ?? item.question;
  const slot = t.slot;
  const apart = slot?.optionsVariable !== undefined && ordered.length > 0;
  const suggestion = t.suggestion ? `\n${t.suggestion}` : '';
  let text: string;
  let shownOptions: string | undefined;
  const ex = item.source.kind === 'demo' ? set.exemplars[item.source.exemplar] : undefined;
  const region = ex && set.kind === 'demos' ? queryRegion(doc, ex) : undefined;
  if (ex && region) {
    const edits: PromptEdit[] = [];
    const q = ex.question?.trim().sourceSpan();
    if (t.question !== undefined && q) edits.push({ span: q, text: question });
    ex.options.forEach((o, p) => {
      if (t.order || t.optionText !== undefined) edits.push({ span: o.text.trim().sourceSpan(), text: ordered[p]! });
    });
    const r = region.sourceSpan();
    const cut = ex.options.length > 0 ? ex.options[ex.options.length - 1]!.span.end : (q?.end ?? r.end);
    // The demo's own label before its question, its question (and options), its answer cue.
    const bodyStart = q && q.start >= r.start && q.start <= cut ? q.start : r.start;
    const part = (start: number, end: number) => (end > start ? renderSegment(sliceBySource(region, { start, end })!, edits) : '');
    const lead = slot?.labelled ? '' : part(r.start, bodyStart);
    const cue = slot?.cued ? '' : part(cut, r.end);
    if (apart && ex.options.length > 0) {
      text = lead + part(bodyStart, q && q.end <= cut ? q.end : bodyStart) + cue;
      shownOptions = part(ex.options[0]!.span.start, cut) + suggestion;
    } else text = lead + part(bodyStart, cut) + suggestion + cue;
    text = slot ? text.trim() : text.trimEnd();
  } else if (apart) {
    text = question;
    shownOptions = letteredOptions(ordered) + suggestion;
  } else {
    text = canonicalQuery(question, ordered, slot !== undefined) + suggestion;
  }
  const rewrite = t.rewrite ?? ((s: string) => s);
  return shownOptions === undefined ? { text: rewrite(text) } : { text: rewrite(text), options: rewrite(shownOptions.trim()) };
}
