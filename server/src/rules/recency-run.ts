/**
 * recency-run: the last k demos before the query share a gold letter or label.
 * Models lean towards the answer they saw last. A set whose every demo shares the
 * answer is left to answer-position-skew / label-imbalance.
 */
import { z } from 'zod';
import type { Exemplar, ExemplarSet, ExemplarShape, PromptDocument, Span } from '../model/types.js';
import { defineRule, lazily, type Fix, type Report } from './types.js';
import { reorderOptionsEdits, swapOrder } from '../edits/permute-options.js';
import { type LabelFacts, classIdsOf, gatheredFor, labelFactsOf, demoFacts, labelSpelling, setIn, spanData } from './shared/fewshot.js';
import { headLabels, headsMayRead, type HeadLabels } from './shared/head-labels.js';

const DEFAULTS = Object.freeze({ minRun: 3 });
const options = lazily(() =>
  z.object({
    minRun: z.number().int().min(2).default(DEFAULTS.minRun).describe('Report when at least this many demos at the end of the prompt share an answer.'),
  }).strict(),
);
type Options = z.infer<ReturnType<typeof options>>;

/** The answer a demo teaches: its gold letter (lettered demos), its normalised label, or its integer class id. */
interface Keyed {
  exemplar: Exemplar;
  key: string;
  kind: 'letter' | 'label';
  /** Set when the label is an integer class id of a set whose ids are its labels (classIdsOf). */
  classId?: true;
  /** Letter or label as written. */
  value: string;
  gold?: number;
  answerSpan: Span;
}

function keyed(doc: PromptDocument, set: ExemplarSet): Keyed[] {
  const { gold } = demoFacts(set);
  // A set read by the labels that start its answers ("Approve. The change is small."): their keys, spellings and spans.
  const heads = headLabels(doc, set);
  const labelKey = heads ? heads.keys : demoFacts(set).labelKey;
  const ids = classIdsOf(set)?.ids;
  const exemplars = set.exemplars;
  const out: Keyed[] = [];
  for (let i = 0; i < exemplars.length; i++) {
    const ex = exemplars[i]!;
    const g = gold[i]!;
    if (g >= 0) {
      const letter = ex.options[g]!.letter;
      out.push({ exemplar: ex, key: `letter:${letter}`, kind: 'letter', value: letter, gold: g, answerSpan: ex.answer!.span });
      continue;
    }
    // Lettered, but the gold is not an option: nothing to compare (labelKey is undefined for lettered demos).
    const key = labelKey[i];
    if (key !== undefined) {
      out.push({ exemplar: ex, key: `label:${key}`, kind: 'label', value: heads ? heads.spellings[i]! : labelSpelling(ex.answer!.label!), answerSpan: heads ? heads.spans[i]! : ex.answer!.span });
    } else if (ids?.[i] !== undefined) out.push({ exemplar: ex, key: `id:${ids[i]}`, kind: 'label', classId: true, value: ids[i]!, answerSpan: ex.answer!.span });
  }
  return out;
}

/**
 * The length of the run of equal answers at the end of `keyed(set)` and that list's length, from the
 * set's facts (`heads`: its head labels, when it is read by them), without building the list: only the
 * last demos are read (the list is built only to report).
 */
function trailingAnswerRun(f: LabelFacts, heads: HeadLabels | undefined): { run: number; count: number } {
  const gold = f.gold;
  const labelKey = heads?.keys ?? f.keys;
  // A set's integer class ids, when they are its labels (as label-imbalance reads them): its demos have no other key.
  const ids = f.classIds()?.ids;
  const { positions, goldLetters } = f.letters;
  let count = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i]! >= 0 || labelKey[i] !== undefined || ids?.[i] !== undefined) count++;
  let run = 0;
  let last: string | undefined;
  /** The lettered demo at or before `i` (positions are in set order). */
  let li = positions.length - 1;
  for (let i = gold.length - 1; i >= 0; i--) {
    let key: string | undefined;
    if (gold[i]! >= 0) {
      while (li > 0 && positions[li]! > i) li--;
      key = `letter:${goldLetters[li]}`;
    } else if (labelKey[i] !== undefined) key = `label:${labelKey[i]}`;
    else if (ids?.[i] !== undefined) key = `id:${ids[i]}`;
    if (key === undefined) continue; // not an answer this rule compares: not in the list
    if (last === undefined) last = key;
    else if (key !== last) break;
    run++;
  }
  return { run, count };
}

export default defineRule({
  meta: {
    id: 'recency-run',
    description: 'The last few demos before the query all have the same answer letter or label.',
    rationale:
      'Language models are biased towards answers that appear near the end of the prompt (recency bias): ' +
      'Zhao et al. (2021) found GPT-3 predictions swing towards the label of the last demonstrations, ' +
      'so a run of identical answers right before the query pushes the model to repeat it. ' +
      'Interleave the answers so the last demos differ.',
    sources: [
      { short: 'Zhao et al. 2021', title: 'Calibrate Before Use: Improving Few-Shot Performance of Language Models', url: 'https://arxiv.org/abs/2102.09690' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      letterRun: 'The last {{run}} demos all have the gold answer ({{letter}}); models lean towards the answer they saw last.',
      labelRun: 'The last {{run}} demos are all labelled "{{label}}"; models lean towards the label they saw last.',
      idRun: 'The last {{run}} demos are all labelled {{label}}; models lean towards the label they saw last.',
    },
    fixable: true,
    category: 'structure',
  },
  // The run is read over the whole set: cut across the parts of a document, its pieces' facts are gathered part
  // by part (LabelFacts) and read once the last part is done; a run found is reported from the whole document.
  start({ options: o, report, whole }) {
    const sets = new Map<object, SetFacts>();
    return {
      part(doc) {
        for (const set of doc.exemplarSets) {
          if (set.kind !== 'demos') continue; // records of a dataset are not seen in order
          const facts = labelFactsOf(set);
          gatheredFor(sets, set, () => ({ span: set.span, shape: set.shape, kind: set.kind, facts }));
        }
      },
      finish() {
        for (const s of sets.values()) checkSet(s, o, report, whole);
      },
    };
  },
});

/** What recency-run gathers of one exemplar set, part by part. */
interface SetFacts {
  span: Span;
  shape: ExemplarShape;
  kind: ExemplarSet['kind'];
  facts: LabelFacts;
}

function checkSet(s: SetFacts, o: Options, report: (r: Report) => void, whole: () => PromptDocument): void {
  const f = s.facts;
  // A set read by the labels that start its answers ("Approve. The change is small."): only a set that may be has
  // its outputs read, in the whole document.
  const headed = headsMayRead(s.shape, f.letters.count, f.keys, f.answered, f.ids) !== 0 ? setIn(whole(), s) : undefined;
  const { run, count } = trailingAnswerRun(f, headed && headLabels(whole(), headed));
  if (run < o.minRun) return;
  // Every demo shares the answer: that is a degenerate set, reported by answer-position-skew / label-imbalance.
  if (run === count) return;
  const doc = whole();
  const set = setIn(doc, s);
  if (!set) return;
  const items = keyed(doc, set);
  const tail = items.slice(items.length - run);
  const last = tail[tail.length - 1]!;
  const fix = last.kind === 'letter' ? rotateLastFix(doc, items) : swapDemoFix(doc, items, run);
  report({
    messageId: last.kind === 'letter' ? 'letterRun' : last.classId ? 'idRun' : 'labelRun',
    span: last.answerSpan,
    data: {
      run,
      n: items.length,
      kind: last.kind,
      ...(last.kind === 'letter' ? { letter: last.value } : { label: last.value }),
      ...(last.classId ? { classIds: true } : {}),
      exemplars: tail.map((k) => k.exemplar.index),
      spans: tail.map((k) => spanData(k.answerSpan)),
    },
    fixes: fix ? [fix] : [],
  });
}

/**
 * Lettered run: move the last demo's gold option to another position (the letter the set
 * uses least, earliest on ties), swapping it with the option there. Cited letters follow.
 */
function rotateLastFix(doc: PromptDocument, items: readonly Keyed[]): Fix | undefined {
  const last = items[items.length - 1]!;
  const ex = last.exemplar;
  const k = ex.options.length;
  const used = new Map<string, number>();
  for (const it of items) if (it.kind === 'letter') used.set(it.value, (used.get(it.value) ?? 0) + 1);
  let to = -1;
  for (let p = 0; p < k; p++) {
    if (p === last.gold) continue;
    if (to < 0 || (used.get(ex.options[p]!.letter) ?? 0) < (used.get(ex.options[to]!.letter) ?? 0)) to = p;
  }
  if (to < 0) return undefined;
  // Undefined when the answer is given by position and cannot be rewritten (e.g. `"answer": 1.0`): no fix.
  const edits = reorderOptionsEdits(ex, swapOrder(k, last.gold!, to), doc.text);
  if (!edits) return undefined;
  return { title: `Move the last demo's answer from (${last.value}) to (${ex.options[to]!.letter})`, edits };
}

/**
 * Label run: swap the last demo with the nearest earlier demo that has another label
 * (the demo texts trade places; nothing inside them changes).
 */
function swapDemoFix(doc: PromptDocument, items: readonly Keyed[], run: number): Fix | undefined {
  const last = items[items.length - 1]!;
  const other = items
    .slice(0, items.length - run)
    .reverse()
    .find((it) => it.key !== last.key);
  // A YAML record with an anchor or alias: moved after its aliases (or before its anchor), the YAML breaks.
  if (!other || other.exemplar.yamlRefs || last.exemplar.yamlRefs) return undefined;
  const a = other.exemplar.span;
  const b = last.exemplar.span;
  if (a.end > b.start) return undefined;
  return {
    title: `Swap the last demo with demo ${other.exemplar.index + 1} (${other.classId ? `label ${other.value}` : `"${other.value}"`})`,
    edits: [
      { span: a, newText: doc.text.slice(b.start, b.end) },
      { span: b, newText: doc.text.slice(a.start, a.end) },
    ],
  };
}
