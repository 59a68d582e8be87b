/**
 * Audit items: the file's own demos (leave-one-out), or a JSONL items file.
 * Also builds the text of a test query for an item, in the file's own format
 * where the file has one.
 */
import type { Exemplar, ExemplarSet, PromptDocument } from '../model/types.js';
import { Segment } from '../model/segment.js';
import type { AuditItem } from './types.js';
import { goldIndex, type PromptEdit } from './perturb.js';
import { renderSegment, canonicalQuery, sliceBySource } from './render.js';
import { indexOfLetter } from './answers.js';

export class ItemsFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The exemplar set an audit targets: the given one, else the largest demo set (ties: first). */
export function targetSet(doc: PromptDocument, setIndex?: number): { set: ExemplarSet; index: number } | undefined {
  if (setIndex !== undefined) {
    const set = doc.exemplarSets[setIndex];
    return set ? { set, index: setIndex } : undefined;
  }
  let best: { set: ExemplarSet; index: number } | undefined;
  doc.exemplarSets.forEach((set, index) => {
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

/** Leave-one-out items: each demo with a question becomes a test item. */
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
 * Parse a JSONL items file: one `{"question", "options", "answer", "vars"}` a line,
 * all but `question` optional. Blank lines are skipped; any bad line is an error
 * with its 1-based line number.
 */
export function parseItemsJsonl(text: string): AuditItem[] {
  const items: AuditItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      throw new ItemsFileError(`line ${line}: not valid JSON (${(e as Error).message})`, line);
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new ItemsFileError(`line ${line}: expected a JSON object`, line);
    const r = rec as Record<string, unknown>;
    if (typeof r.question !== 'string' || r.question.trim() === '') throw new ItemsFileError(`line ${line}: "question" must be a non-empty string`, line);
    const options = r.options ?? [];
    if (!Array.isArray(options) || options.some((o) => typeof o !== 'string')) throw new ItemsFileError(`line ${line}: "options" must be an array of strings`, line);
    if (options.length > 26) throw new ItemsFileError(`line ${line}: at most 26 options`, line);
    const item: AuditItem = { id: `items:${line}`, question: r.question, options: options as string[], source: { kind: 'file', line } };
    if (r.answer !== undefined && r.answer !== null) {
      if (typeof r.answer !== 'string') throw new ItemsFileError(`line ${line}: "answer" must be a string (a letter or the option text)`, line);
      const ans = r.answer.trim();
      if (item.options.length > 0) {
        const m = /^\(?([A-Za-z])\)?$/.exec(ans);
        const byLetter = m ? indexOfLetter(m[1]!) : -1;
        const byText = item.options.findIndex((o) => o.trim().toLowerCase() === ans.toLowerCase());
        const idx = byText >= 0 ? byText : byLetter;
        if (idx < 0 || idx >= item.options.length) throw new ItemsFileError(`line ${line}: "answer" ${JSON.stringify(ans)} is neither an option letter nor an option text`, line);
        item.gold = idx;
      } else item.goldLabel = ans;
    }
    if (r.vars !== undefined) {
      if (!r.vars || typeof r.vars !== 'object' || Array.isArray(r.vars)) throw new ItemsFileError(`line ${line}: "vars" must be an object`, line);
      item.vars = Object.fromEntries(Object.entries(r.vars as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    }
    items.push(item);
  });
  return items;
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
  /** Leave out the "Question:" label of the canonical form (the query fills a question variable). */
  bare?: boolean;
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
  if (doc.messages.length === 0) return doc.format === 'text' || doc.format === 'markdown' ? Segment.fromSource(doc.text, span.start, span.end) : undefined;
  for (const m of doc.messages) {
    const seg = sliceBySource(m.content, span);
    if (seg) return seg;
  }
  return undefined;
}

/**
 * The test query for an item. A demo of a few-shot text prompt is asked in its
 * own wording (the source up to its answer, with options reordered in place);
 * anything else gets the canonical "Question / Answer choices" form.
 */
export function buildQuery(doc: PromptDocument, set: ExemplarSet, item: AuditItem, t: QueryTransform = {}): string {
  const options = t.optionText !== undefined ? item.options.map(() => t.optionText!) : item.options;
  const ordered = t.order ? t.order.map((i) => options[i]!) : options;
  const question = t.question ?? item.question;
  let text: string;
  const ex = item.source.kind === 'demo' ? set.exemplars[item.source.exemplar] : undefined;
  const region = ex && set.kind === 'demos' ? queryRegion(doc, ex) : undefined;
  if (ex && region) {
    const edits: PromptEdit[] = [];
    if (t.question !== undefined && ex.question) edits.push({ span: ex.question.trim().sourceSpan(), text: question });
    ex.options.forEach((o, p) => {
      if (t.order || t.optionText !== undefined) edits.push({ span: o.text.trim().sourceSpan(), text: ordered[p]! });
    });
    const cut = ex.options.length > 0 ? ex.options[ex.options.length - 1]!.span.end : (ex.question?.trim().sourceSpan().end ?? region.sourceSpan().end);
    if (t.suggestion) edits.push({ span: { start: cut, end: cut }, text: `\n${t.suggestion}` });
    text = renderSegment(region, edits).trimEnd();
  } else {
    text = canonicalQuery(question, ordered, t.bare);
    if (t.suggestion) text += `\n${t.suggestion}`;
  }
  return t.rewrite ? t.rewrite(text) : text;
}
