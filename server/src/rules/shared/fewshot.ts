/**
 * Shared reading of few-shot exemplars for the structure rules: which option is
 * gold, what counts as a class label, and the exact letter-skew test (used by
 * answer-position-skew and by the fixes that must not create a skew).
 */
import type { Exemplar, ExemplarSet, OptionItem, PromptDocument, Segment, Span } from '../../model/types.js';
import { bonferroni, poissonBinomialUpperTail } from '../../stats/exact.js';
import { AnalysisSlot } from '../../model/analysis-slot.js';
import { lineRunIndexOfLetter, mayEndInOptionText, optionTextUnkept, writeOptionSpans } from '../../parse/exemplars.js';

// ---------------------------------------------------------------------------
// Tail probabilities that stay fast on large datasets

/** Up to this many trials the tail is exact (the Poisson-binomial DP is quadratic). */
export const EXACT_TAIL_LIMIT = 1000;

/**
 * P(X >= k) for X ~ Poisson-binomial(ps): exact (stats/exact.ts) up to
 * EXACT_TAIL_LIMIT trials; beyond that (large JSONL datasets) the refined normal
 * approximation of Volkova (1996), which has a skewness correction and is accurate
 * to well under 1e-3 at those sizes, in linear time.
 */
export function countUpperTail(ps: readonly number[], k: number): number {
  if (k <= 0) return 1;
  if (k > ps.length) return 0;
  if (ps.length <= EXACT_TAIL_LIMIT) return poissonBinomialUpperTail(ps, k);
  let mu = 0;
  let variance = 0;
  let third = 0;
  // An indexed loop: in a fresh process (the CLI) this first runs in the interpreter, over
  // every demo of a large set, where an array iterator costs several times the sums.
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    mu += p;
    variance += p * (1 - p);
    third += p * (1 - p) * (1 - 2 * p);
  }
  return normalUpperTail(mu, variance, third, k);
}

/**
 * countUpperTail's approximation (more than EXACT_TAIL_LIMIT trials, 0 < k <= trials) from
 * the sums of p, p(1-p) and p(1-p)(1-2p) over the trials, each summed in trial order from 0.
 */
function normalUpperTail(mu: number, variance: number, third: number, k: number): number {
  if (variance === 0) return k <= mu ? 1 : 0;
  const sigma = Math.sqrt(variance);
  const gamma = third / (sigma * sigma * sigma);
  // P(X >= k) = 1 - P(X <= k - 1), with a continuity correction of 1/2.
  const x = (k - 0.5 - mu) / sigma;
  const upper = normalUpper(x) - (gamma * (1 - x * x) * normalDensity(x)) / 6;
  return Math.min(1, Math.max(0, upper));
}

function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** P(Z > x) for a standard normal Z, via erfc (Numerical Recipes' erfcc: relative error < 1.2e-7). */
function normalUpper(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** A demo with lettered options and a gold answer among them. */
export interface LetteredDemo {
  exemplar: Exemplar;
  /** Index of the gold option. */
  gold: number;
  /** Number of options. */
  k: number;
  /** The gold answer statement (where diagnostics point). */
  answerSpan: Span;
}

/**
 * An option's text as a string: `textString()` where the option has it (no Segment made;
 * options parsed from lines make theirs when `text` is first read), else `text.text`.
 */
export function optionTextString(o: OptionItem): string {
  return o.textString !== undefined ? o.textString() : o.text.text;
}

/**
 * A test input's text up to its first option, when the options are written in it: a labelled query's, a zero-shot
 * question's or a chat turn's text runs on through its option lines (and what follows them), while an exemplar's
 * question stops before its options. Read whole, every option would be "introduced by the question" by its own
 * line: "Which team member should own this task? (A) Priya (B) Tom" is no BBQ item (s25 zero-shot hunt). Options
 * from a record's separate fields are outside the text: the text is then the question as it is. Read by
 * missing-unknown-option and stereotype-template.
 */
export function questionBeforeOptions(text: Segment, opts: readonly OptionItem[]): Segment {
  if (opts.length === 0) return text;
  const at = opts[0]!.span.start;
  if (at < text.sourceStart || at >= text.sourceEnd) return text;
  return text.sliceTrimmed(0, text.decodedIndex(at));
}

/** The gold option index: the answer's letter, else the option whose text the answer names. */
export function goldIndex(ex: Exemplar): number | undefined {
  const a = ex.answer;
  if (!a || ex.options.length < 2) return undefined;
  if (a.letter) return optionIndexOfLetter(ex.options, a.letter);
  if (a.label) {
    const want = normaliseText(a.label);
    const i = ex.options.findIndex((o) => normaliseText(optionTextString(o)) === want);
    return i >= 0 ? i : undefined;
  }
  return undefined;
}

/** The index of the option with `letter` (in any case), or undefined. Indexed: no closure per demo. */
export function optionIndexOfLetter(options: readonly OptionItem[], letter: string): number | undefined {
  // Parsers give letters in upper case already: toUpperCase would still make a new string (per demo).
  const up = isUpperAsciiLetter(letter) ? letter : letter.toUpperCase();
  const inRun = lineRunIndexOfLetter(options, up);
  if (inRun !== -2) return inRun === -1 ? undefined : inRun;
  for (let i = 0; i < options.length; i++) if (options[i]!.letter === up) return i;
  return undefined;
}

/** Whether `s` is one character, `A`..`Z` (its own upper case). */
function isUpperAsciiLetter(s: string): boolean {
  if (s.length !== 1) return false;
  const c = s.charCodeAt(0);
  return c >= 65 && c <= 90;
}

// ---------------------------------------------------------------------------
// Option lengths (option-length-cue's longest cue, read in computeDemoFacts' pass)

/** White space that optionLength does not count as written: a tab or line break, NBSP, two spaces, a space at either end. */
const UNEVEN_SPACE = /[\t-\r\u00a0]| {2}|^ | $/;

/** Length that a reader perceives: surrounding white space ignored, inner runs counted once. */
export function optionLength(text: string): number {
  // Usual option texts have single inner spaces only: one native scan instead of a loop per character.
  if (!UNEVEN_SPACE.test(text)) return text.length;
  let n = 0;
  let space = true; // at the start, leading white space is skipped
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c === 32 || (c >= 9 && c <= 13) || c === 160;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return space && n > 0 ? n - 1 : n; // a trailing run counted once is not part of the text
}

/** longestFacts: one option is strictly longer than every other. */
export const UNIQUE_LONGEST = 1;
/** longestFacts: the gold option is strictly longer than every other. */
export const GOLD_LONGEST = 2;

/** The raw lengths longestFacts measures from (-1 once measured); grown on demand. */
let rawScratch = new Int32Array(16);

/**
 * Whether a strict longest option exists (UNIQUE_LONGEST) and whether it is the gold one
 * (GOLD_LONGEST as well). An option's length is at most its raw text length, so options are
 * measured longest-raw first and only while their raw length can still reach the longest
 * measured: usually one or two per demo.
 */
function longestFacts(options: readonly OptionItem[], gold: number): number {
  // One scratch for all demos rather than an array per demo (thousands per large dataset, all garbage at once).
  if (rawScratch.length < options.length) rawScratch = new Int32Array(options.length * 2);
  const raw = rawScratch;
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    raw[i] = option.textLength ?? option.text.text.length;
  }
  let max = -1;
  let atMax = 0;
  let goldLength = -1; // stays -1 when the gold is never measured: then it is shorter than the longest
  for (;;) {
    let next = -1;
    for (let i = 0; i < options.length; i++) if (raw[i]! >= 0 && (next < 0 || raw[i]! > raw[next]!)) next = i;
    if (next < 0 || raw[next]! < max) break;
    raw[next] = -1; // measured
    const len = optionLength(optionTextUnkept(options[next]!));
    if (next === gold) goldLength = len;
    if (len > max) {
      max = len;
      atMax = 1;
    } else if (len === max) atMax++;
  }
  if (atMax !== 1) return 0;
  return goldLength === max ? UNIQUE_LONGEST | GOLD_LONGEST : UNIQUE_LONGEST;
}

// ---------------------------------------------------------------------------
// Per-set facts, read once for all structure rules

/**
 * What every structure rule reads from a set's demos, computed in one pass per set
 * (the rules run on the same document one after another; each reading the demos
 * again would repeat the work and the memory traffic). Do not mutate.
 */
export interface DemoFacts {
  /** `goldIndex(exemplar)` per exemplar, -1 when undefined. */
  gold: Int32Array;
  /** `labelKey(exemplar.answer?.label)` per exemplar with fewer than two options; undefined for the others. */
  labelKey: (string | undefined)[];
  /**
   * The exemplar index of each demo with a gold option (see `letteredDemos`), in set order:
   * indexes, not LetteredDemo objects (one per demo, thousands in a large dataset, that the
   * rules need only for the demos they report).
   */
  lettered: number[];
  /** `gold` and `k` of each of `lettered`, as letterSkew takes them. */
  letteredGolds: number[];
  letteredKs: number[];
  /** The letter of each of `lettered`'s gold option (upper case), read in this pass while its answer is in the cache. */
  letteredGoldLetters: string[];
  /**
   * `longestFacts(options, gold)` of each of `lettered`: option-length-cue's longest cue, read in this
   * pass because it reads the same demos, options and text (see computeDemoFacts).
   */
  longest: Uint8Array;
  /**
   * Per exemplar with fewer than two options, ANSWERED when it has an answer or an output (a label, a class
   * id or free text: what the label rules count as answered), and HAS_ANSWER when it has an answer; else 0.
   */
  answered: Uint8Array;
  /** How many exemplars have two options or more (lettered or not). */
  withOptions: number;
  /**
   * Per exemplar, its integer class id (AnswerRef.classId: the answer's digits), else undefined (or
   * past the end: empty when no exemplar has one).
   */
  classIds: (string | undefined)[];
  /**
   * Per exemplar, 1 when it has a gold option (`gold` >= 0), an answer and a rationale, and
   * `mayEndInOptionText(rationale, options)`; else 0 (or past the end: empty when no exemplar has 1).
   * rationale-answer-mismatch's first test of a lettered demo, read in this pass for the same reason
   * as `longest`.
   */
  rationaleMayEndInOption: Uint8Array;
}

const factsCache = new AnalysisSlot<ExemplarSet, DemoFacts>('demoFacts');

export function demoFacts(set: ExemplarSet): DemoFacts {
  let facts = factsCache.get(set);
  if (!facts) {
    facts = computeDemoFacts(set);
    factsCache.set(set, facts);
  }
  return facts;
}

/**
 * A set's integer class ids (`{"text": "…", "label": 1}`, NLI `{"premise", "hypothesis", "label": 0}`:
 * AnswerRef.classId), when they are its labels. Do not mutate.
 */
export interface ClassIds {
  /** Each exemplar's id (its answer's digits), undefined for an exemplar with no answer. */
  ids: (string | undefined)[];
  /** Demos with an id. */
  n: number;
  /** Demos per id, in order of first appearance. */
  counts: Map<string, number>;
  /** The first exemplar (its position in the set) with each id. */
  first: Map<string, number>;
}

const classIdsCache = new AnalysisSlot<ExemplarSet, ClassIds | null>('classIds');

/**
 * The set's integer class ids, when they are its labels: every demo with an answer or output and fewer than
 * two options has one, no demo has a label (labelKey) or a gold option, the set shows at least two ids and one
 * of them repeats, and the smallest is 0 or 1 (ids count from 0, or from 1 in some CSV exports; a number under
 * `label` is a value too, and answers 2 to 6 are counts). Undefined otherwise. The one place this is decided:
 * label-imbalance counts the ids as labels and recency-run compares them; no other rule reads them.
 */
export function classIdsOf(set: ExemplarSet): ClassIds | undefined {
  let c = classIdsCache.get(set);
  if (c === undefined) {
    c = computeClassIds(set) ?? null;
    classIdsCache.set(set, c);
  }
  return c ?? undefined;
}

function computeClassIds(set: ExemplarSet): ClassIds | undefined {
  const facts = demoFacts(set);
  return classIdsFrom(facts.lettered.length, facts.labelKey, facts.answered, facts.classIds);
}

/**
 * classIdsOf's decision, from the per-exemplar facts it reads (demoFacts', or LabelFacts' over a whole set
 * gathered piece by piece): `lettered`, the number of lettered demos; `keys`, `answered` and `ids` per exemplar.
 */
export function classIdsFrom(lettered: number, keys: readonly (string | undefined)[], answered: ArrayLike<number>, ids: readonly (string | undefined)[]): ClassIds | undefined {
  if (lettered) return undefined;
  const n0 = answered.length;
  const out = new Array<string | undefined>(n0);
  const counts = new Map<string, number>();
  const first = new Map<string, number>();
  let n = 0;
  // A labelled demo or an answer that is no id ends the loop: most sets end it at their first demo.
  for (let i = 0; i < n0; i++) {
    if (keys[i] !== undefined) return undefined;
    if (!(answered[i]! & ANSWERED)) continue;
    const id = ids[i];
    if (id === undefined) return undefined;
    out[i] = id;
    n++;
    const k = counts.get(id);
    if (k === undefined) {
      counts.set(id, 1);
      first.set(id, i);
    } else counts.set(id, k + 1);
  }
  if (counts.size < 2 || n <= counts.size || !(counts.has('0') || counts.has('1'))) return undefined;
  return { ids: out, n, counts, first };
}

/**
 * One loop over the demos for every structure rule's per-demo facts: in a fresh process
 * (the CLI) each loop over thousands of demos starts in the interpreter, so one loop that
 * does all the work costs less than one per fact.
 */
function computeDemoFacts(set: ExemplarSet): DemoFacts {
  const exemplars = set.exemplars;
  const gold = new Int32Array(exemplars.length);
  const keys = new Array<string | undefined>(exemplars.length);
  // Gathered in the scratch lists and copied out at their exact length (see `letteredScratch`).
  const lettered = letteredScratch;
  const letteredGolds = letteredGoldsScratch;
  const letteredKs = letteredKsScratch;
  const letteredGoldLetters = letteredGoldLettersScratch;
  const longest = new Uint8Array(exemplars.length);
  let rationaleMayEndInOption = NO_BYTES;
  const answered = new Uint8Array(exemplars.length);
  let classIds = NO_CLASS_IDS;
  let withOptions = 0;
  let count = 0;
  // Datasets repeat a handful of labels thousands of times: normalise each spelling once.
  const keyOf = new Map<string, string | undefined>();
  for (let i = 0; i < exemplars.length; i++) {
    const ex = exemplars[i]!;
    const options = ex.options;
    const k = options.length;
    const answer = ex.answer;
    if (k >= 2) {
      withOptions++;
      const g = answer ? goldIndex(ex) : undefined;
      if (g === undefined) {
        gold[i] = -1;
        continue;
      }
      gold[i] = g;
      // Written by index: below the scratch's length it overwrites, at its length it appends.
      lettered[count] = i;
      letteredGolds[count] = g;
      letteredKs[count] = k;
      // The gold option's letter: the answer's when the gold was found by it (optionIndexOfLetter compares the
      // options' letters with it in upper case), else the option's own.
      const letter = answer!.letter;
      letteredGoldLetters[count] = letter !== undefined ? (isUpperAsciiLetter(letter) ? letter : letter.toUpperCase()) : options[g]!.letter;
      // option-length-cue's longest cue here, while this demo's exemplar and options are in the cache: in that
      // rule's own loop each demo of a large file was a trip to memory again. Measured (bench/rule-phase-cpu.mjs,
      // CPU minimum of 20 rounds, alternating processes, fewshot-10MiB.prompt): answer-position-skew 3.70 -> 7.86 ms,
      // option-length-cue 7.57-8.08 -> 0.58 ms (together 11.3 -> 8.5); 1 MiB (60 rounds): 0.76 -> 0.69 ms together.
      longest[count] = longestFacts(options, g);
      // The same for rationale-answer-mismatch's test (its rationale follows these options in a text prompt).
      // Measured as above: answer-position-skew 7.95-8.18 -> 9.26-10.46 ms, rationale-answer-mismatch
      // 4.98-5.84 -> 1.49-1.61 ms (together about 13.1 -> 10.8-12.0); 1 MiB: together 1.01-1.07 -> 0.88-0.92 ms.
      const rationale = ex.rationale;
      if (rationale && mayEndInOptionText(rationale, options)) {
        if (rationaleMayEndInOption.length === 0) rationaleMayEndInOption = new Uint8Array(exemplars.length);
        rationaleMayEndInOption[i] = 1;
      }
      count++;
      continue;
    }
    gold[i] = -1; // goldIndex needs two options
    if (answer) answered[i] = ANSWERED | HAS_ANSWER;
    else if (ex.output) answered[i] = ANSWERED;
    const label = answer?.label;
    if (label === undefined) continue;
    if (answer!.classId) {
      if (classIds.length === 0) classIds = new Array<string | undefined>(exemplars.length);
      classIds[i] = label;
    }
    let key = keyOf.get(label);
    if (key === undefined && !keyOf.has(label)) {
      key = labelKey(label);
      keyOf.set(label, key);
    }
    keys[i] = key;
  }
  return { gold, labelKey: keys, lettered: lettered.slice(0, count), letteredGolds: letteredGolds.slice(0, count), letteredKs: letteredKs.slice(0, count), letteredGoldLetters: letteredGoldLetters.slice(0, count), longest: longest.subarray(0, count), answered, withOptions, classIds, rationaleMayEndInOption };
}

/**
 * computeDemoFacts' lists while it gathers them, kept from set to set (never shortened):
 * lists grown by push from empty allocate about 3.4 times their final length in all
 * (a large set has thousands of lettered demos); `slice` copies them out at their exact
 * length, packed small integers as push made them.
 */
const letteredScratch: number[] = [];
/** DemoFacts.rationaleMayEndInOption of a set where no exemplar has a 1 (no array per set made). */
const NO_BYTES = new Uint8Array(0);
const letteredGoldsScratch: number[] = [];
const letteredKsScratch: number[] = [];
const letteredGoldLettersScratch: string[] = [];
const NO_NUMBERS: readonly number[] = [];
const NO_CLASS_IDS: (string | undefined)[] = [];
/** DemoFacts.answered's bits. */
export const ANSWERED = 1;
export const HAS_ANSWER = 2;
const NO_LETTERS: readonly string[] = [];

const letteredCache = new AnalysisSlot<ExemplarSet, readonly LetteredDemo[]>('letteredDemos');

/**
 * The set's demos with lettered options and a gold answer among them (made once per set, when
 * first asked for; do not mutate). Every one has k >= 2. Rules that only test the demos read
 * `demoFacts(set)` instead, and ask for these when they report.
 */
export function letteredDemos(set: ExemplarSet): readonly LetteredDemo[] {
  let demos = letteredCache.get(set);
  if (!demos) {
    const { lettered, letteredGolds, letteredKs } = demoFacts(set);
    const made: LetteredDemo[] = [];
    for (let i = 0; i < lettered.length; i++) {
      const exemplar = set.exemplars[lettered[i]!]!;
      made.push({ exemplar, gold: letteredGolds[i]!, k: letteredKs[i]!, answerSpan: exemplar.answer!.span });
    }
    letteredCache.set(set, (demos = made));
  }
  return demos;
}

/** Letter of position `i` in a demo (its own marker, so "A." and "(A)" both work). */
export function letterAt(d: LetteredDemo, i: number): string {
  return d.exemplar.options[i]!.letter;
}

export function goldLetter(d: LetteredDemo): string {
  return letterAt(d, d.gold);
}

/** Lower-case, punctuation folded to single spaces. */
export function normaliseText(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// ---------------------------------------------------------------------------
// Class labels

/** Longest answer we read as a class label (in words and characters). */
const MAX_LABEL_WORDS = 4;
const MAX_LABEL_CHARS = 40;

/**
 * The normalised class label of a demo without lettered options, or undefined
 * when its answer is not a short label (free text, a number, a long sentence).
 * Read as labelSpelling reads it (marks dropped), in lower case.
 */
export function labelKey(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const t = labelSpelling(label);
  if (!t || t.length > MAX_LABEL_CHARS || t.split(/\s+/).length > MAX_LABEL_WORDS) return undefined;
  if (/^[-+]?[\d.,/%\s]+$/.test(t)) return undefined; // numbers are values, not classes
  // A question is a conversational reply ("Got it, anything else?"), not a class (a chat transcript's assistant turns).
  if (t.endsWith('?')) return undefined;
  return t.toLowerCase().replace(/\s+/g, ' ');
}

/** A markdown heading's marks before a label ("## Incident"), not a hashtag's ("#billing"). */
const HEADING_MARKS = /^#{1,6}(?:[ \t]+|$)/;

/**
 * A label as written, without a markdown heading's leading marks ("## Incident"), surrounding quotes and
 * emphasis ("**Outage**", "__Outage__") and final punctuation (as labelKey reads it, case kept).
 */
export function labelSpelling(label: string): string {
  let t = label.trim();
  if (t.charCodeAt(0) === 35) t = t.replace(HEADING_MARKS, '');
  return t.replace(/^["'“‘`*_]+|["'”’`*_.!:;,]+$/g, '').trim();
}

/**
 * Labels that come in known pairs: when a set only ever shows one side, the other
 * side is still part of the label space (a set of three "Yes" demos is a yes/no task).
 */
const COMPLEMENTS: [string, string][] = [
  ['yes', 'no'],
  ['true', 'false'],
  ['positive', 'negative'],
  ['correct', 'incorrect'],
  ['agree', 'disagree'],
  ['valid', 'invalid'],
  ['entailment', 'not entailment'],
  ['toxic', 'non-toxic'],
  ['spam', 'not spam'],
  ['relevant', 'irrelevant'],
  ['acceptable', 'unacceptable'],
  ['supported', 'refuted'],
  ['safe', 'unsafe'],
  ['pass', 'fail'],
];

export function complementOf(key: string): string | undefined {
  for (const [a, b] of COMPLEMENTS) {
    if (key === a) return b;
    if (key === b) return a;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The letter-skew test

export interface LetterSkew {
  /** Gold-letter counts, every letter any demo offers (0 included), in letter order. */
  counts: Record<string, number>;
  n: number;
  /** The most over-represented letter (smallest p-value; ties: higher count, earlier letter). */
  letter: string;
  /** Expected count of `letter` under the null. */
  expected: number;
  /** Demos that offer `letter` (have more options than its position). */
  trials: number;
  /** One-sided exact p-value for `letter`, Bonferroni-corrected for the number of letters. */
  pValue: number;
  /** Every gold letter is the same. */
  degenerate: boolean;
}

/**
 * Under the null, each demo's gold letter is uniform over that demo's own options,
 * so the count of letter L is Poisson-binomial over the demos offering L with
 * p = 1/k_i. `golds[i]` is demo i's gold position and `ks[i]` its option count.
 */
export function letterSkew(golds: readonly number[], ks: readonly number[], letters: (i: number) => string = (i) => String.fromCharCode(65 + i)): LetterSkew {
  // Plain loops: this runs over every demo of large datasets, where array callbacks cost several times more.
  let maxK = 0;
  let minK = Infinity;
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    if (k > maxK) maxK = k;
    if (k < minK) minK = k;
  }
  const countsByPos = new Array<number>(maxK).fill(0);
  for (let i = 0; i < golds.length; i++) countsByPos[golds[i]!]!++;
  // Expected counts, each summed in demo order from 0 (as a reduce over the list of 1/k would),
  // all in one pass over the demos. Beyond EXACT_TAIL_LIMIT demos the same pass sums what
  // countUpperTail's approximation needs (the same sums in the same order as it would make
  // over each position's list of 1/k), so no list is built and no loop runs per position.
  // Every demo offers the positions below the smallest option count, so each of them gets
  // the same additions in the same order: one running sum serves them all (identical
  // values), and per demo only its positions from minK up are added one by one (none at
  // all when every demo has as many options, the usual case).
  const shared = maxK < minK ? maxK : minK;
  const expectedByPos = new Array<number>(maxK).fill(0);
  const large = ks.length > EXACT_TAIL_LIMIT;
  const trialsByPos = large ? new Array<number>(maxK).fill(0) : [];
  const varianceByPos = large ? new Array<number>(maxK).fill(0) : [];
  const thirdByPos = large ? new Array<number>(maxK).fill(0) : [];
  let sharedExpected = 0;
  let sharedVariance = 0;
  let sharedThird = 0;
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    const p = 1 / k;
    sharedExpected += p;
    for (let pos = shared; pos < k; pos++) expectedByPos[pos] += p;
    if (large) {
      const v = p * (1 - p);
      const t = p * (1 - p) * (1 - 2 * p);
      sharedVariance += v;
      sharedThird += t;
      for (let pos = shared; pos < k; pos++) {
        trialsByPos[pos]++;
        varianceByPos[pos] += v;
        thirdByPos[pos] += t;
      }
    }
  }
  for (let pos = 0; pos < shared; pos++) {
    expectedByPos[pos] = sharedExpected;
    if (large) {
      trialsByPos[pos] = ks.length;
      varianceByPos[pos] = sharedVariance;
      thirdByPos[pos] = sharedThird;
    }
  }
  let best = { pos: 0, p: Infinity, expected: 0 };
  for (let pos = 0; pos < maxK; pos++) {
    const expected = expectedByPos[pos]!;
    const c = countsByPos[pos]!;
    let p = 1;
    if (c > expected) {
      const trials = large ? trialsByPos[pos]! : 0;
      if (trials > EXACT_TAIL_LIMIT) p = c > trials ? 0 : normalUpperTail(expected, varianceByPos[pos]!, thirdByPos[pos]!, c);
      else p = countUpperTail(probabilitiesAbove(ks, pos), c);
    }
    if (p < best.p || (p === best.p && c > countsByPos[best.pos]!)) best = { pos, p, expected };
  }
  const counts: Record<string, number> = {};
  for (let pos = 0; pos < maxK; pos++) counts[letters(pos)] = countsByPos[pos]!;
  let trials = ks.length;
  if (best.pos >= shared) {
    trials = 0;
    for (let i = 0; i < ks.length; i++) if (ks[i]! > best.pos) trials++;
  }
  let degenerate = golds.length > 0;
  for (let i = 1; i < golds.length && degenerate; i++) degenerate = golds[i] === golds[0];
  return {
    counts,
    n: golds.length,
    letter: letters(best.pos),
    expected: best.expected,
    trials,
    pValue: bonferroni(best.p, maxK),
    degenerate,
  };
}

/**
 * What the letter-skew decisions read of a set's lettered demos (those with a gold option, see
 * `demoFacts`), gathered piece by piece: a set cut across the parts of a document (see
 * docs/design/part-wise-lint.md) gives each part's piece to `add`, in order, and the facts are
 * then the whole set's. Numbers and letters only: no exemplar is kept.
 */
export class LetteredFacts {
  /**
   * Gold position and option count of each lettered demo, as letterSkew takes them; each one's
   * position in the whole set, and its gold option's letter. Do not mutate. (A set added whole, in
   * one piece, shares demoFacts' arrays: they are copied when a second piece is added.)
   */
  golds: readonly number[] = NO_NUMBERS;
  ks: readonly number[] = NO_NUMBERS;
  positions: readonly number[] = NO_NUMBERS;
  goldLetters: readonly string[] = NO_LETTERS;
  /** The letter of each position, from the first demo that offers it. */
  readonly positionLetters: string[] = [];
  /** Exemplars of the set added so far (lettered or not): where the next piece's positions start. */
  private seen = 0;
  /** Whether the lists are this object's own (copied from demoFacts' when a second piece came), to append to. */
  private owned = false;
  /** The first lettered demo's option texts, and whether every one since has had the same. */
  firstTexts: string[] | undefined;
  private sameTexts = true;
  private skewMade: LetterSkew | undefined;
  /**
   * Of a set cut into pieces (see ExemplarSet.whole), where each lettered demo is: what a finding about some of them
   * reports once the pieces' exemplars are gone. Undefined for a set added whole, whose demos are read from it.
   */
  spans: LetteredSpans | undefined;

  /**
   * Adds the lettered demos of `set`: a whole set, or the next piece of one. What is read from each
   * demo was read by demoFacts' one pass; the options of a few demos only are read here.
   */
  add(set: ExemplarSet): void {
    const { lettered, letteredGolds, letteredKs, letteredGoldLetters } = demoFacts(set);
    const offset = this.seen;
    this.seen += set.exemplars.length;
    if (lettered.length === 0) return;
    if (set.whole) (this.spans ??= new LetteredSpans()).add(set, lettered, letteredGolds);
    this.skewMade = undefined;
    if (this.golds.length === 0 && offset === 0) {
      this.golds = letteredGolds;
      this.ks = letteredKs;
      this.positions = lettered;
      this.goldLetters = letteredGoldLetters;
    } else {
      // Appended in place once copied (a piece at a time: a concat per piece copied the whole list each time).
      if (!this.owned) {
        this.owned = true;
        this.golds = this.golds.slice();
        this.ks = this.ks.slice();
        this.positions = this.positions.slice();
        this.goldLetters = this.goldLetters.slice();
      }
      const golds = this.golds as number[];
      const ks = this.ks as number[];
      const positions = this.positions as number[];
      const goldLetters = this.goldLetters as string[];
      for (let i = 0; i < lettered.length; i++) {
        golds.push(letteredGolds[i]!);
        ks.push(letteredKs[i]!);
        positions.push(offset + lettered[i]!);
        goldLetters.push(letteredGoldLetters[i]!);
      }
    }
    let maxK = 0;
    for (let i = 0; i < letteredKs.length; i++) if (letteredKs[i]! > maxK) maxK = letteredKs[i]!;
    for (let i = 0; i < lettered.length; i++) {
      // Nothing more to read from the options: every position's letter known, and the texts known to differ.
      if (!this.sameTexts && this.positionLetters.length >= maxK) break;
      const k = letteredKs[i]!;
      if (k > this.positionLetters.length) {
        const options = set.exemplars[lettered[i]!]!.options;
        for (let pos = this.positionLetters.length; pos < k; pos++) this.positionLetters.push(options[pos]!.letter);
      }
      if (this.firstTexts === undefined) this.firstTexts = set.exemplars[lettered[i]!]!.options.map(optionTextString);
      else if (this.sameTexts) this.sameTexts = sameOptionTexts(this.firstTexts, set.exemplars[lettered[i]!]!.options);
    }
  }

  /** Lettered demos so far. */
  get count(): number {
    return this.golds.length;
  }

  /**
   * Whether the lettered demos so far (two or more) all offer the first one's option texts in the same order: a
   * fixed list such as a grading rubric (Good / Fair / Poor in every record) or (A) True / (B) False. There the gold
   * letter is a label, not a position chosen among options: which letter is gold says which label is, and no
   * reordering is what a position or length cue needs. Texts are compared as written, then normalised
   * (`normaliseText`).
   */
  get fixedOptionList(): boolean {
    return this.golds.length >= 2 && this.sameTexts;
  }

  /** letterSkew of the demos so far. */
  skew(): LetterSkew {
    if (this.skewMade === undefined) {
      const letters = this.positionLetters;
      this.skewMade = letterSkew(this.golds, this.ks, (p) => letters[p]!);
    }
    return this.skewMade;
  }

  /**
   * The letter skew answer-position-skew reports with options `o`, or undefined when it reports
   * none: too few lettered demos, the same option list in every demo (the letter is a label
   * there), or no significant skew. One decision for that rule and for the rules that leave its
   * finding to it (option-length-cue's edge cue).
   */
  reported(o: LetterSkewOptions): LetterSkew | undefined {
    if (this.count < o.minExemplars || this.fixedOptionList) return undefined;
    const skew = this.skew();
    return letterSkewFlagged(skew, o) ? skew : undefined;
  }
}

/**
 * Where the lettered demos of a set cut into pieces are (see LetteredFacts.spans), in the order LetteredFacts
 * lists them: each one's exemplar index, its answer's span and its gold option's span, five numbers per demo in a
 * typed array (no object per demo; an option's span is written, not made: see writeOptionSpans).
 */
export class LetteredSpans {
  private values = new Int32Array(5 * 256);
  private count = 0;

  add(set: ExemplarSet, lettered: readonly number[], golds: readonly number[]): void {
    if (5 * (this.count + lettered.length) > this.values.length) {
      const grown = new Int32Array(Math.max(5 * (this.count + lettered.length), 2 * this.values.length));
      grown.set(this.values);
      this.values = grown;
    }
    const values = this.values;
    for (let i = 0; i < lettered.length; i++) {
      const ex = set.exemplars[lettered[i]!]!;
      const at = 5 * this.count++;
      const answer = ex.answer!.span;
      values[at] = ex.index;
      values[at + 1] = answer.start;
      values[at + 2] = answer.end;
      // (Its letter's span is written too, into the scratch's first two numbers.)
      writeOptionSpans(ex.options[golds[i]!]!, optionSpanScratch, 0);
      values[at + 3] = optionSpanScratch[2]!;
      values[at + 4] = optionSpanScratch[3]!;
    }
  }

  /** The exemplar index of lettered demo `i`. */
  index(i: number): number {
    return this.values[5 * i]!;
  }

  /** The span of lettered demo `i`'s answer. */
  answer(i: number): Span {
    return { start: this.values[5 * i + 1]!, end: this.values[5 * i + 2]! };
  }

  /** The span of lettered demo `i`'s gold option. */
  goldOption(i: number): Span {
    return { start: this.values[5 * i + 3]!, end: this.values[5 * i + 4]! };
  }
}

/** Where LetteredSpans has an option's spans written. */
const optionSpanScratch = new Int32Array(4);

/**
 * What the label rules (label-imbalance, recency-run) read of a set's demos, gathered piece by piece
 * as LetteredFacts is: demoFacts' per-exemplar gold position, label key, answered flag and class id,
 * for every exemplar of the whole set in order. (A set in one piece shares demoFacts' arrays.)
 */
export class LabelFacts {
  readonly letters = new LetteredFacts();
  /** Do not mutate. */
  gold: ArrayLike<number> = NO_GOLDS;
  keys: readonly (string | undefined)[] = NO_KEYS;
  answered: ArrayLike<number> = NO_BYTES;
  /** Empty when no exemplar has a class id. */
  ids: readonly (string | undefined)[] = NO_CLASS_IDS;
  /** Exemplars with two options or more. */
  withOptions = 0;
  private seen = 0;
  private classIdsMade: ClassIds | null | undefined;
  /** Where gold and answered are views of, once a second piece came (see grown); whether keys and ids are this object's own. */
  private goldBuffer: Int32Array | undefined;
  private answeredBuffer: Uint8Array | undefined;
  private ownKeys = false;
  private ownIds = false;

  add(set: ExemplarSet): void {
    this.letters.add(set);
    const f = demoFacts(set);
    const offset = this.seen;
    const n = set.exemplars.length;
    this.seen += n;
    this.withOptions += f.withOptions;
    this.classIdsMade = undefined;
    if (offset === 0) {
      this.gold = f.gold;
      this.keys = f.labelKey;
      this.answered = f.answered;
      this.ids = f.classIds;
      return;
    }
    // Appended in place (a piece at a time: a copy of the lists per piece copied them again for each).
    const gold = (this.goldBuffer = grown(this.goldBuffer, this.gold, offset + n, (k) => new Int32Array(k)));
    gold.set(f.gold, offset);
    this.gold = gold.subarray(0, offset + n);
    const answered = (this.answeredBuffer = grown(this.answeredBuffer, this.answered, offset + n, (k) => new Uint8Array(k)));
    answered.set(f.answered, offset);
    this.answered = answered.subarray(0, offset + n);
    if (!this.ownKeys) {
      this.ownKeys = true;
      this.keys = this.keys.slice();
    }
    const keys = this.keys as (string | undefined)[];
    for (let i = 0; i < n; i++) keys.push(f.labelKey[i]);
    if (f.classIds.length !== 0 || this.ids.length !== 0) {
      // (Kept as long as the exemplars seen, once any has a class id.)
      const ids = this.ids.length === offset && this.ownIds ? (this.ids as (string | undefined)[]) : Array.from({ length: offset }, (_, i) => this.ids[i]);
      this.ownIds = true;
      for (let i = 0; i < n; i++) ids.push(f.classIds[i]);
      this.ids = ids;
    }
  }

  /** classIdsOf of the demos so far. */
  classIds(): ClassIds | undefined {
    if (this.classIdsMade === undefined) this.classIdsMade = classIdsFrom(this.letters.count, this.keys, this.answered, this.ids) ?? null;
    return this.classIdsMade ?? undefined;
  }
}

const NO_GOLDS = new Int32Array(0);
const NO_KEYS: readonly (string | undefined)[] = [];

/**
 * A buffer of at least `length` entries that starts with `current`'s: `buffer` when it has room (and `current` is a
 * view of it), else a new one twice as long, so that appending piece after piece copies each entry about once.
 */
function grown<T extends Int32Array | Uint8Array>(buffer: T | undefined, current: ArrayLike<number>, length: number, make: (length: number) => T): T {
  if (buffer && buffer.length >= length) return buffer;
  const next = make(Math.max(length, 2 * (buffer?.length ?? 0)));
  next.set(current);
  return next;
}

/** The facts gathered of each whole set (keyed as gatheredFor keys), and each piece already added to them. */
const labelFactsSlot = new AnalysisSlot<object, LabelFacts>('labelFacts');
const addedSlot = new AnalysisSlot<ExemplarSet, true>('labelFactsAdded');

/**
 * The LabelFacts (and in them the LetteredFacts) of the whole set that `set` is, with `set` added: the set itself, or
 * the next piece of one cut across the parts of a document (see ExemplarSet.whole). One per set for every rule of a
 * lint: the first rule to meet a piece adds it, and each rule reads the whole set's facts once the last part is done.
 */
export function labelFactsOf(set: ExemplarSet): LabelFacts {
  const key = set.whole ?? set;
  let facts = labelFactsSlot.get(key);
  if (facts === undefined) labelFactsSlot.set(key, (facts = new LabelFacts()));
  if (!addedSlot.has(set)) {
    addedSlot.set(set, true);
    facts.add(set);
  }
  return facts;
}

/**
 * What a rule gathers about the whole set that `set` is (the set itself, or a piece of one cut across the parts
 * of a document: see ExemplarSet.whole): the entry of `gathered` for it, made by `make` when the set is first met.
 */
export function gatheredFor<T>(gathered: Map<object, T>, set: ExemplarSet, make: () => T): T {
  const key = set.whole ?? set;
  let entry = gathered.get(key);
  if (entry === undefined) gathered.set(key, (entry = make()));
  return entry;
}

/**
 * The set of `doc` (a whole document) that a rule saw piece by piece as `seen`: the one with its
 * shape, kind and span. For a finding made once a set cut across parts is read: its demos' spans
 * and its fixes are read from the whole document, its pieces' models being gone.
 */
export function setIn(doc: PromptDocument, seen: Pick<ExemplarSet, 'shape' | 'kind' | 'span'>): ExemplarSet | undefined {
  for (const set of doc.exemplarSets) if (set.shape === seen.shape && set.kind === seen.kind && set.span.start === seen.span.start && set.span.end === seen.span.end) return set;
  return undefined;
}

/** Whether `options` has the texts `first` lists, in order (as written, or normalised). */
function sameOptionTexts(first: readonly string[], options: readonly OptionItem[]): boolean {
  if (options.length !== first.length) return false;
  for (let j = 0; j < options.length; j++) {
    const a = first[j]!;
    const b = optionTextString(options[j]!);
    if (a !== b && normaliseText(a) !== normaliseText(b)) return false;
  }
  return true;
}

/** answer-position-skew's options, as its decision below reads them. */
export interface LetterSkewOptions {
  alpha: number;
  minExemplars: number;
  minExcess: number;
}

/**
 * How far the share of `skew.letter` among the demos that offer it is above the share chance
 * gives it: (count - expected) / trials. 0.02 for 27% (D) in a 4-option dataset.
 */
export function letterExcess(skew: LetterSkew): number {
  return skew.trials > 0 ? ((skew.counts[skew.letter] ?? 0) - skew.expected) / skew.trials : 0;
}

/**
 * Whether answer-position-skew reports `skew` with options `o`: enough demos, and all one letter,
 * or significant with a share at least `minExcess` above chance (in a large dataset a trivial
 * excess, 27% instead of 25%, is significant but teaches no position).
 */
export function letterSkewFlagged(skew: LetterSkew, o: LetterSkewOptions): boolean {
  return skew.n >= o.minExemplars && (skew.degenerate || (skew.pValue < o.alpha && letterExcess(skew) >= o.minExcess));
}


/** 1/k of every demo with more than `pos` options: the chance its gold is at `pos` under the null. */
function probabilitiesAbove(ks: readonly number[], pos: number): number[] {
  const ps: number[] = [];
  for (let i = 0; i < ks.length; i++) if (ks[i]! > pos) ps.push(1 / ks[i]!);
  return ps;
}

/** Length of the run of equal keys at the end of `keys`. */
export function trailingRun<T>(keys: readonly T[]): number {
  if (keys.length === 0) return 0;
  const last = keys[keys.length - 1];
  let run = 0;
  for (let i = keys.length - 1; i >= 0 && keys[i] === last; i--) run++;
  return run;
}

/** Most demos listed in a diagnostic's `exemplars` / `spans` (large datasets would bloat JSON and SARIF output). */
export const MAX_LISTED = 1000;

/**
 * `exemplars` (indices) and `spans` of the demos a finding is about, for diagnostic data;
 * at most MAX_LISTED of each, with `truncated: true` when there were more.
 */
export function listedDemos(items: readonly { index: number; span: Span }[]): { exemplars: number[]; spans: { start: number; end: number }[]; truncated?: true } {
  const shown = items.slice(0, MAX_LISTED);
  return {
    exemplars: shown.map((x) => x.index),
    spans: shown.map((x) => spanData(x.span)),
    ...(items.length > MAX_LISTED ? { truncated: true as const } : {}),
  };
}

/** A span as plain JSON for diagnostic data (UTF-16 offsets into the document). */
export function spanData(s: Span): { start: number; end: number } {
  return { start: s.start, end: s.end };
}
