/**
 * label-imbalance: one class label dominates the demos (or a dataset) more than
 * chance allows. Models drift towards the majority label of their demonstrations.
 */
import { z } from 'zod';
import { exemplarsNoun } from '../lexicon/people-in-exemplars.js';
import { defineRule, lazily, type Report } from './types.js';
import { bonferroni } from '../stats/exact.js';
import { ANSWERED, type LabelFacts, complementOf, gatheredFor, labelFactsOf, countUpperTail, labelKey, labelSpelling, listedDemos, setIn, type LetteredFacts } from './shared/fewshot.js';
import type { Exemplar, ExemplarSet, ExemplarShape, PromptDocument, Span } from '../model/types.js';
import { isWhiteSpace } from '../model/segment.js';
import { labelsNamedBefore, labelsNamedIn } from './shared/class-labels.js';
import { ANSWER_FIELDS, headLabels, headsMayRead, instructionOf } from './shared/head-labels.js';

const DEFAULTS = Object.freeze({ minExemplars: 3, maxShare: 0.75, alpha: 0.05, minExcess: 0.1, maxLabels: 10, minLabelledShare: 0.9 });
const options = lazily(() =>
  z.object({
    minExemplars: z.number().int().min(2).default(DEFAULTS.minExemplars).describe('Fewer labelled demos than this are not checked (a degenerate set needs at least this many).'),
    maxShare: z.number().gt(0).max(1).default(DEFAULTS.maxShare).describe('Report whenever the majority label\'s share exceeds this, whatever the p-value (small sets have little power).'),
    alpha: z.number().gt(0).lt(1).default(DEFAULTS.alpha).describe('Significance level of the exact binomial test against a uniform label distribution (Bonferroni-corrected).'),
    minExcess: z.number().min(0).max(1).default(DEFAULTS.minExcess).describe('A significant result is only reported when the majority share exceeds the uniform share by at least this much.'),
    maxLabels: z.number().int().min(2).default(DEFAULTS.maxLabels).describe('More distinct labels than this means free-text answers, not classes: not checked.'),
    minLabelledShare: z
      .number()
      .gt(0)
      .max(1)
      .default(DEFAULTS.minLabelledShare)
      .describe('A set is checked only when at least this share of its answers (without lettered options) are short labels; the others are free-text tasks whose short replies ("Added.", "You\'re welcome!") are not classes.'),
  }).strict(),
);
type Options = z.infer<ReturnType<typeof options>>;

const STRONG_P = 0.001;

export default defineRule({
  meta: {
    id: 'label-imbalance',
    description: 'One label (Yes/No, Positive/Negative, a class name) dominates the demos or dataset.',
    rationale:
      'Few-shot models are pulled towards the label that is most frequent in their demonstrations (majority label bias): ' +
      'Zhao et al. (2021) showed GPT-3 accuracy on sentiment classification swinging by tens of points with the label balance of the prompt. ' +
      'Fine-tuning data with a skewed label distribution teaches the same prior. Balance the labels, or calibrate.',
    sources: [
      { short: 'Zhao et al. 2021', title: 'Calibrate Before Use: Improving Few-Shot Performance of Language Models', url: 'https://arxiv.org/abs/2102.09690' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      degenerate: 'All {{n}} {{items}} are labelled "{{label}}"; models learn to answer "{{label}}" regardless of the input.',
      imbalanced: '"{{label}}" is {{count}} of {{n}} labels ({{percent}}%, {{expectedPercent}}% if balanced; p = {{pValue}}, exact binomial test).',
      imbalancedNamed:
        '"{{label}}" is {{count}} of {{n}} labels ({{percent}}%, {{expectedPercent}}% if balanced over the {{labels}} labels the instruction names; p = {{pValue}}, exact binomial test).',
      imbalancedId: 'Label {{label}} is {{count}} of {{n}} labels ({{percent}}%, {{expectedPercent}}% if balanced; p = {{pValue}}, exact binomial test).',
    },
    fixable: false,
    category: 'structure',
  },
  // A set's labels are counted over all of it: cut across the parts of a document, its pieces' facts are
  // gathered part by part (LabelFacts) and tested once the last part is done. What only the demos themselves
  // give (their outputs' heads, a lone label's lines, the spans and spellings reported) is read from the whole
  // document, and only when needed.
  start({ options: o, report, whole }) {
    const sets = new Map<object, SetFacts>();
    let text = '';
    return {
      part(doc) {
        text = doc.text;
        for (const set of doc.exemplarSets) {
          const facts = labelFactsOf(set);
          gatheredFor(sets, set, () => ({ span: set.span, shape: set.shape, kind: set.kind, facts }));
        }
      },
      finish() {
        for (const s of sets.values()) checkSet(s, text, o, report, whole);
      },
    };
  },
});

/** What label-imbalance gathers of one exemplar set, part by part. */
interface SetFacts {
  span: Span;
  shape: ExemplarShape;
  kind: ExemplarSet['kind'];
  facts: LabelFacts;
}

/** Tests one set's labels and reports an imbalance (`text`: the document's; `whole`: the whole document). */
function checkSet(s: SetFacts, text: string, o: Options, report: (r: Report) => void, whole: () => PromptDocument): void {
  const f = s.facts;
  /** The whole document's set, read when first needed. */
  let wholeSet: ExemplarSet | null | undefined;
  const setOfWhole = (): ExemplarSet | undefined => (wholeSet === undefined ? (wholeSet = setIn(whole(), s) ?? null) : wholeSet) ?? undefined;
  // Counted from the per-demo label keys (demoFacts), with no object per demo: a dataset has thousands.
  // A set whose answers start with a label and go on with a reason ("Approve. The change is small.") is
  // read by those heads (headLabels: only when they make a label vocabulary, and only a set that may have
  // them has its outputs read).
  const mayHaveHeads = headsMayRead(s.shape, f.letters.count, f.keys, f.answered, f.ids) !== 0 && setOfWhole() !== undefined;
  const heads = mayHaveHeads ? headLabels(whole(), setOfWhole()!) : undefined;
  const keys = heads ? heads.keys : f.keys; // undefined for lettered demos and answers that are not labels
  let n = 0;
  /** Demos with an answer or output and no lettered options: labels or free text. */
  let answered = 0;
  let counts = new Map<string, number>();
  /** The first demo with each label: its spelling is the label's. */
  let firstWith = new Map<string, number>();
  /** Counts demo `i`'s label `key`; true when it is the label's first demo. */
  const tally = (key: string, i: number): boolean => {
    const c = counts.get(key);
    if (c !== undefined) {
      counts.set(key, c + 1);
      return false;
    }
    counts.set(key, 1);
    firstWith.set(key, i);
    return true;
  };
  // Indexed: over every demo of a dataset, first in the interpreter in a fresh process (the CLI).
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === undefined) {
      // A free-text answer has its output but no answer read from it.
      if (f.answered[i]! & ANSWERED) answered++;
      continue;
    }
    answered++;
    n++;
    tally(key, i);
  }
  // Integer class ids (`{"text": "…", "label": 1}`) are the labels when classIdsOf says so (every answered demo has
  // one, no demo is lettered, two ids or more, one repeated, counted from 0 or 1): a number under `label` is a value too.
  const classIds = f.classIds();
  if (classIds) {
    n = classIds.n;
    counts = new Map(classIds.counts); // (shared: not written to)
    firstWith = classIds.first;
  }
  // Lettered demos that all offer the same options (a rubric, "(A) True (B) False"): the gold option is a
  // label, as answer-position-skew and option-length-cue leave such sets to this rule (fixedOptionList).
  const fixed = fixedOptionLabels(f.letters);
  /** Each demo's label key: demoFacts' (shared by the rules, so not written to), and the fixed list's golds. */
  const labelOf: (string | undefined)[] = fixed ? keys.slice() : (keys as (string | undefined)[]);
  /** The fixed options' labels a gold names, as spelt there (the others' spellings come from their answers). */
  const fixedSpelling = new Map<string, string>();
  if (fixed) {
    const { positions: lettered, golds: letteredGolds } = f.letters;
    for (let li = 0; li < lettered.length; li++) {
      const i = lettered[li]!;
      const key = fixed.keys[letteredGolds[li]!]!;
      labelOf[i] = key;
      answered++;
      n++;
      if (tally(key, i)) fixedSpelling.set(key, fixed.spellings[letteredGolds[li]!]!);
    }
  }
  if (n < o.minExemplars) return;
  if (n < o.minLabelledShare * answered) return;
  if (counts.size > o.maxLabels) return;
  // One label read from the first line of every output, with more text after it, that has no known pair and that the
  // instruction does not list among labels: a heading or a template's line of a generation task ("**Summary**",
  // "## Incident", "Subject: Weekly digest" before the text), not a degenerate classifier.
  if (counts.size === 1 && !heads && !classIds && !fixed && setOfWhole() && isTemplateLine(whole(), setOfWhole()!, keys, firstWith.keys().next().value!)) return;
  // Every distinct label is a class not the same as another; a lone known label brings its pair (yes -> no).
  const observed = new Set(counts.keys());
  // A fixed list names its labels, seen or not.
  if (fixed) for (const key of fixed.keys) observed.add(key);
  // The instruction may name more labels than the demos show ("… into one of: billing, technical, account, other").
  const named = classIds ? undefined : labelsNamedBefore(text, s.span.start, observed);
  const fromInstruction = named !== undefined && named.size > observed.size;
  if (!fromInstruction && observed.size === 1) {
    const c = complementOf([...observed][0]!);
    if (c) observed.add(c);
  }
  const labelSpace = fromInstruction ? named : observed;
  const d = Math.max(2, labelSpace.size);
  let top = '';
  for (const [key, c] of counts) if (!top || c > counts.get(top)!) top = key;
  const count = counts.get(top)!;
  const share = count / n;
  const pValue = bonferroni(countUpperTail(new Array<number>(n).fill(1 / d), count), d);
  const degenerate = counts.size === 1;
  const significant = pValue < o.alpha && share - 1 / d >= o.minExcess;
  if (!degenerate && !significant && !(share > o.maxShare)) return;
  // Reported: the spellings and the majority's spans are read from the whole document's set.
  const set = setOfWhole();
  if (!set) return;
  const exemplars = set.exemplars;
  const spelling = (key: string) =>
    fixedSpelling.get(key) ?? (heads ? heads.spellings[firstWith.get(key)!]! : labelSpelling(exemplars[firstWith.get(key)!]!.answer!.label!));
  const majority: { index: number; span: Span }[] = [];
  for (let i = 0; i < labelOf.length; i++) {
    const ex = exemplars[i]!;
    // A head's span is the label's words, not the reason after them.
    if ((classIds ? classIds.ids[i] : labelOf[i]) === top) majority.push({ index: ex.index, span: heads ? heads.spans[i]! : ex.answer!.span });
  }
  const countsData: Record<string, number> = {};
  for (const [key, c] of counts) countsData[spelling(key)] = c;
  report({
    messageId: degenerate ? 'degenerate' : fromInstruction ? 'imbalancedNamed' : classIds ? 'imbalancedId' : 'imbalanced',
    span: majority[0]!.span,
    data: {
      counts: countsData,
      n,
      label: spelling(top),
      count,
      share: Math.round(share * 1000) / 1000,
      percent: Math.round(share * 100),
      expectedPercent: Math.round(100 / d),
      labels: d,
      ...(fromInstruction ? { namedLabels: [...labelSpace] } : {}),
      ...(classIds ? { classIds: true } : {}),
      pValue,
      degenerate,
      ...listedDemos(majority),
    },
    // "records" in a dataset (JSONL, YAML records), "demos" in a prompt; data has no such field.
    messageData: { items: exemplarsNoun(s.kind === 'dataset') },
    strength: degenerate || pValue < STRONG_P ? 'strong' : significant ? 'normal' : 'weak',
  });
}

/**
 * The labels of a set whose lettered demos all offer the same options (fixedOptionList): each option's
 * label key and spelling, by position; undefined for other sets, or when an option is no short label
 * (a sentence, a number), as then the golds are answers, not classes.
 */
function fixedOptionLabels(letters: LetteredFacts): { keys: string[]; spellings: string[] } | undefined {
  if (!letters.fixedOptionList) return undefined;
  const keys: string[] = [];
  const spellings: string[] = [];
  for (const text of letters.firstTexts!) {
    const key = labelKey(text);
    if (key === undefined) return undefined;
    keys.push(key);
    spellings.push(labelSpelling(text));
  }
  return new Set(keys).size === keys.length ? { keys, spellings } : undefined;
}

/**
 * Whether `key`, the one label of a set read by the parser's labels (`keys`, demoFacts'), is a heading or a
 * template's line rather than a class: every labelled demo's label is the first line of its output and more
 * text (a letter or digit) follows it on a later line ("**Summary**\nConfig push broke the payments API…",
 * "## Release notes\n\n- Dark mode…", "Subject: Order update\n\nHi Maya, …"), the label has no known pair
 * (a classifier's `Positive`, `Yes` or `Spam` with its reason under it stays a label), it names no answer field
 * ("Category: Billing" states a label, as "Answer: Billing" does; "Subject: Weekly digest" does not), and the instruction
 * (the text before the set, and a chat record's system message) does not list it among other labels
 * as an inline list ("Answer Positive or Negative, then explain"; "On the first line reply Approve or Reject, then …").
 */
function isTemplateLine(doc: PromptDocument, set: ExemplarSet, keys: readonly (string | undefined)[], key: string): boolean {
  if (complementOf(key) !== undefined) return false;
  // A line that names an answer field states the label ("Category: Billing", "Answer: Billing"), whatever comes after.
  const colon = key.indexOf(':');
  if (colon > 0 && ANSWER_FIELDS.has(key.slice(0, colon).trim())) return false;
  const exemplars = set.exemplars;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined && !labelLineBeforeMore(exemplars[i]!)) return false;
  const named = labelsNamedIn(instructionOf(doc, set), new Set([key]));
  return named === undefined || named.size < 2;
}

/**
 * Whether a demo's label is the first line of its output, with more text (a letter or digit) on a later line: the
 * label's span starts where the output's text does, ends before its first line break, and words follow the break.
 * Not a bare label (nothing after it), nor one from a gold key beside the output or a closing answer statement.
 */
function labelLineBeforeMore(ex: Exemplar): boolean {
  const out = ex.output;
  const label = ex.answer?.labelSpan;
  if (!out || !label || label.start < out.sourceStart || label.end > out.sourceEnd) return false;
  const text = out.text;
  let i = 0;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  if (out.decodedIndex(label.start) !== i) return false;
  const lineEnd = text.indexOf('\n', i);
  if (lineEnd < 0 || out.decodedIndex(label.end) > lineEnd) return false;
  for (let k = lineEnd + 1; k < text.length; k++) if (WORD_CHAR.test(text[k]!)) return true;
  return false;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
