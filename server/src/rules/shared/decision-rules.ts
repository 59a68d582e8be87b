/**
 * Decision rules in a prompt's prose that condition the outcome on a protected attribute: an instruction
 * whose verb decides about people and whose object is people qualified by a protected attribute ("Prefer
 * married couples for the two-bedroom units", "SKIP customers over 65", "Reject female candidates", "Only
 * approve white applicants", "Rate younger applicants lower"). Read by `protected-attribute-in-decision`
 * (its `decisionRule` finding) only in prompts that it reads as decisions about people.
 *
 * Narrow by design (see the rule's doc): the verb must open a sentence, line or list item (so "Do not reject
 * applicants over 60", "Never prefer men" and "must not penalise" are not instructions of it), the object
 * must follow it, and near-misses are left out: quoted or example text, a clause after a label's colon
 * ("Rule: Prefer men …" in a demo), demo inputs, a legal minimum age (21 or under), a sentence that names a
 * law or an age limit, an accommodation (favouring disabled or pregnant people, families with children,
 * prioritising older people), a clinical rule about patients, and an age-defined programme (youth, seniors).
 */
import { documentLexicon, type Mention, type TextLexicon } from '../../lexicon/lexicon.js';
import { FLAG_SENTENCE_START, tokenEquals, tokenLower, WordSet, type Tokens } from '../../lexicon/tokens.js';
import { inQuotedRange } from '../../lexicon/context.js';
import type { Exemplar, PromptDocument, Span } from '../../model/types.js';
import type { Segment } from '../../model/segment.js';
import { lazily } from '../types.js';

/** Categories as the rule names them. */
export type RuleCategory = 'race' | 'religion' | 'gender' | 'age' | 'disability' | 'nationality' | 'sexual-orientation' | 'family-status';

export interface DecisionRule {
  /** From the instruction's first word to the end of its object's group. */
  span: Span;
  /** The instruction's text (that span's). */
  rule: string;
  /** The verb, lower case ("prefer", "skip", "only approve", "give priority", "rate … lower"). */
  verb: string;
  category: RuleCategory;
  /** The words that carry the attribute ("married", "over 65", "female", "with children"). */
  group: string;
  /** The object's person noun, lower case ("couples", "customers", "men"; the last word of a group noun such as "wheelchair users"). */
  head: string;
}

/** Words that may come before the verb at the start of the instruction: "Always reject", "Only hire", "Please screen out". */
const LEAD_WORDS = ['always', 'only', 'please', 'also', 'then', 'just', 'strongly', 'generally', 'heavily', 'automatically', 'immediately', 'first'];
/** Verbs that act against the people they name. */
const AGAINST_VERBS = [
  'reject', 'decline', 'deny', 'skip', 'exclude', 'disqualify', 'penalise', 'penalize', 'deprioritise', 'deprioritize', 'avoid',
  'downgrade', 'downrank',
];
/** Verbs that favour the people they name. */
const FOR_VERBS = ['prefer', 'prioritise', 'prioritize', 'favour', 'favor'];
/** "screen out", "filter out", "weed out", "rule out". */
const OUT_VERBS = ['screen', 'filter', 'weed', 'rule'];
/** Verbs that select the people they name when "only" goes with them: "Only hire", "Shortlist only". */
const SELECT_VERBS = [
  'hire', 'approve', 'accept', 'admit', 'shortlist', 'interview', 'select', 'show', 'include', 'consider', 'target', 'invite',
  'recruit', 'advance', 'offer',
];
/** Verbs that grade the people they name, with a direction after them: "Rate younger applicants lower". */
const GRADE_VERBS = ['rank', 'score', 'rate', 'grade', 'mark'];
const GRADE_UP = ['higher', 'first', 'up', 'above'];
const GRADE_DOWN = ['lower', 'last', 'down', 'below'];
/** Before the people: "all", "the", "any" ("Reject any applicants over 65"). */
const OBJECT_DETERMINERS = ['all', 'any', 'the', 'those', 'these', 'every', 'each'];
/** "applications from …": "Decline loan applications from applicants over 60". */
const FROM_NOUNS = ['applications', 'application', 'requests', 'bids', 'cvs', 'resumes', 'candidacies', 'submissions', 'offers', 'leads'];
/** Person nouns the people lexicon does not list as such (it lists applicants, customers, tenants, men, …). */
const EXTRA_HEADS = ['couples', 'couple', 'staff', 'hires', 'adults', 'households', 'families', 'folks', 'persons', 'renters', 'residents', 'nationals', 'citizens'];
/** Attribute words the lexicon does not list: marital and family status, pregnancy, foreign origin. */
const FAMILY_WORDS = ['married', 'unmarried', 'divorced', 'widowed', 'pregnant', 'childless', 'expectant'];
const SINGLE = 'single';
const FOREIGN_WORDS = ['foreign', 'foreigners', 'immigrant', 'immigrants', 'migrant', 'migrants', 'refugee', 'refugees', 'asylum'];
/** After "with"/"without": children or a disability. */
const CHILD_WORDS = ['children', 'kids', 'child', 'kid', 'baby', 'babies', 'dependants', 'dependents', 'toddlers', 'infants'];
const DISABILITY_WORDS = ['disability', 'disabilities', 'impairment', 'impairments', 'wheelchair', 'wheelchairs'];
const CHILD_GAP = ['a', 'an', 'young', 'small', 'little', 'dependent', 'dependant', 'school', 'aged', 'mobility', 'hearing', 'visual', 'sight', 'physical', 'learning', 'any'];
/** After "of": "applicants of Asian descent". */
const ORIGIN_WORDS = ['descent', 'origin', 'heritage', 'background', 'backgrounds', 'faith', 'ethnicity'];
/** Age words of minors: a rule about them is a legal minimum ("Decline minors"). */
const MINOR_WORDS = ['minors', 'minor', 'teenagers', 'teens', 'teenage', 'juveniles', 'juvenile', 'adolescents', 'children', 'kids', 'underage'];
/** A sentence with one of these states a legal rule or an age limit: "Decline customers under 18 (legal requirement)". */
const LEGAL_WORDS = ['legal', 'legally', 'law', 'laws', 'lawful', 'unlawful', 'statutory', 'regulation', 'regulations', 'regulatory', 'licensing', 'licence', 'license', 'minimum', 'maximum', 'limit'];
/** Words of an age-defined programme: its age rules are eligibility, not bias (see `programmeDirections`). */
const YOUTH_WORDS = ['youth', 'juniors'];
const SENIOR_WORDS = ['seniors', 'pensioner', 'pensioners', 'pension', 'pensions', 'retiree', 'retirees', 'retirement', 'medicare'];
/** Units after a number that make it no age: "over 30 days", "under 5 years' experience". */
const AGE_UNIT_OK = ['old', 'yo', 'yrs'];

const leadSet = lazily(() => new WordSet(LEAD_WORDS));
const againstSet = lazily(() => new WordSet(AGAINST_VERBS));
const forSet = lazily(() => new WordSet(FOR_VERBS));
const outSet = lazily(() => new WordSet(OUT_VERBS));
const selectSet = lazily(() => new WordSet(SELECT_VERBS));
const gradeSet = lazily(() => new WordSet(GRADE_VERBS));
const gradeUpSet = lazily(() => new WordSet(GRADE_UP));
const gradeDownSet = lazily(() => new WordSet(GRADE_DOWN));
const determinerSet = lazily(() => new WordSet(OBJECT_DETERMINERS));
const fromNounSet = lazily(() => new WordSet(FROM_NOUNS));
const extraHeadSet = lazily(() => new WordSet(EXTRA_HEADS));
const familySet = lazily(() => new WordSet(FAMILY_WORDS));
const foreignSet = lazily(() => new WordSet(FOREIGN_WORDS));
const childSet = lazily(() => new WordSet(CHILD_WORDS));
const disabilitySet = lazily(() => new WordSet(DISABILITY_WORDS));
const childGapSet = lazily(() => new WordSet(CHILD_GAP));
const originSet = lazily(() => new WordSet(ORIGIN_WORDS));
const minorSet = lazily(() => new WordSet(MINOR_WORDS));
const legalSet = lazily(() => new WordSet(LEGAL_WORDS));
const youthSet = lazily(() => new WordSet(YOUTH_WORDS));
const seniorSet = lazily(() => new WordSet(SENIOR_WORDS));
const ageUnitOkSet = lazily(() => new WordSet(AGE_UNIT_OK));
/** The words an instruction may open with (see `instructionAt`): a sentence start with none of them is no instruction. */
const openerSet = lazily(() => new WordSet([...LEAD_WORDS, ...AGAINST_VERBS, ...FOR_VERBS, ...OUT_VERBS, 'give', ...SELECT_VERBS, ...GRADE_VERBS]));

/** The lexicon's group axes that are protected attributes, as the rule's categories. */
const AXIS_CATEGORY: Readonly<Record<string, RuleCategory>> = {
  ability: 'disability',
  age: 'age',
  gender: 'gender',
  nationality: 'nationality',
  race_ethnicity: 'race',
  religion: 'religion',
  sexual_orientation: 'sexual-orientation',
  immigration_status: 'nationality',
};

/** What the object's attribute is: its category, the tokens that carry it, and how it bears on the rule. */
interface Group {
  category: RuleCategory;
  from: number;
  to: number;
  /** The people named are those without it: "without children", "non-Muslim", "who are not pregnant". */
  complement: boolean;
  /** For an age bound: its number and direction (+1 over, -1 under); for "older"/"younger" words, no number. */
  age?: { n?: number; dir: 1 | -1 };
  /** A word of minors ("minors", "teenagers"): a legal minimum. */
  minor?: boolean;
  /** Pregnancy or children (family status that is an accommodation when favoured), as against marital status. */
  care?: boolean;
}

/**
 * The decision rules of the prose (see the file's comment). Cheap for texts without such a rule: only prose
 * texts with a mention of a person or group (the people lexicon's mentions, which the demographic rules find
 * anyway) are looked at, and in them only the tokens that start a sentence or line are tested against the
 * verbs (`openerStarts`); the rest is read only at such a verb. Texts that lie wholly inside a demo's input or
 * answer (a dataset record's user and assistant turns) are not read at all, and a text repeated in every record
 * (a system prompt) is not scanned again when it had no such start. A few-shot prompt's demo sets are exempt as a
 * whole (`demoSetRanges`): the tokens of a text inside a set's span are never visited (one token range per set,
 * found by binary search). Measured (CPU time of the rule's phase, fresh parse per round, min of 30,
 * `node bench/rule-phase-cpu.mjs`, bundles alternating, 3 rounds), without -> with decision rules: 1 MiB
 * bench text 0.71-0.74 -> 0.73-0.76 ms (1.06-1.13 while every token outside the demo texts was read: the options
 * between them), 1 MiB bench JSONL 0.96 -> 1.09-1.11 ms (before skipping demo turns 1.36-1.43; the first version:
 * 2.6 and 1.9 ms).
 */
export function decisionRules(doc: PromptDocument, wanted: ReadonlySet<string>): DecisionRule[] {
  const out: DecisionRule[] = [];
  const lexicon = documentLexicon(doc);
  let demoSpans: Span[] | undefined;
  let programme: { youth: boolean; senior: boolean } | undefined;
  const openers = openerSet();
  const demos = new DemoTexts(doc);
  // The last text found to have no sentence start an instruction may open with: a text repeated in every record
  // (a dataset's system prompt, between its records' demo turns) is not scanned again.
  let noOpeners: TextLexicon | undefined;
  let exempt: Span[] | undefined;
  for (let s = 0; s < doc.prose.length; s++) {
    const lex = lexicon.prose[s]!;
    if (lex === noOpeners) continue;
    const ms = lex.mentions;
    if (ms.length === 0) continue;
    const seg = doc.prose[s]!;
    // A text inside a demo set (its demos and what lies between them) is not read; nor is one inside a demo's input
    // or answer (a dataset record's user and assistant turns): no token view is made for it.
    exempt ??= demoSetRanges(doc);
    const from = firstRangeEndingAfter(exempt, seg.sourceStart);
    if (from < exempt.length && exempt[from]!.start <= seg.sourceStart && seg.sourceEnd <= exempt[from]!.end) continue;
    if (demos.coversText(seg)) continue;
    const t = lex.scan();
    // (A text is remembered only when all its tokens were read: the same text elsewhere may lie outside a demo set.)
    const whole = from === exempt.length || exempt[from]!.start >= seg.sourceEnd;
    const starts = whole ? openerStarts(t, openers) : openerStartsOutside(t, openers, seg, exempt, from);
    if (starts === 0 && whole) noOpeners = lex;
    for (let n = 0; n < starts; n++) {
      const i = startList[n]!;
      const found = instructionAt(t, i, ms);
      if (!found) continue;
      const { verb, end, group, head, toward } = found;
      if (!wanted.has(group.category)) continue;
      const text = t.text;
      // Not an instruction: quoted, after a label's colon on its line, or in a list of examples.
      if (!opensInstruction(text, t.start[i]!) || inQuotedRange(lex.quoted, t.start[i]!, t.end[end]!)) continue;
      // Not the prompt's own rule: the input or answer of a demo ("Rule: Prefer married couples …" / "Answer: UNLAWFUL").
      const source = seg.sourceOffset(t.start[i]!);
      demoSpans ??= demoTextSpans(doc);
      if (demoSpans.some((d) => source >= d.start && source < d.end)) continue;
      if (exemptGroup(t, i, end, group, toward, head, () => (programme ??= programmeWords(doc)))) continue;
      const span = seg.sourceSpan(t.start[i]!, t.end[end]!);
      out.push({
        span,
        rule: doc.text.slice(span.start, span.end),
        verb,
        category: group.category,
        group: text.slice(t.start[group.from]!, t.end[group.to]!),
        head: tokenLower(t, head),
      });
    }
  }
  return out;
}

/**
 * Whether a prose text lies wholly inside a demo's input or answer (its question, context, output or rationale: the
 * texts `demoTextSpans` lists), found in the exemplar whose span holds the text's start. A true answer is always
 * right; a false one may not be (a demo text outside its exemplar's span, exemplars out of order): the text is then
 * read, and a rule found in it is still checked against `demoTextSpans`. Texts in source order cost a step each
 * (the last exemplar found is tried first), others a binary search of each set's exemplars.
 */
export class DemoTexts {
  private set = 0;
  private exemplar = 0;
  constructor(private readonly doc: PromptDocument) {}

  /** Whether the whole of `seg` lies inside a demo text (a dataset record's turn is its demo's text itself). */
  coversText(seg: Segment): boolean {
    const start = seg.sourceStart;
    const x = this.exemplarAt(start);
    if (x === undefined) return false;
    if (x.question === seg || x.output === seg || x.context === seg || x.rationale === seg) return true;
    const end = seg.sourceEnd;
    return inside(x.question, start, end) || inside(x.output, start, end) || inside(x.context, start, end) || inside(x.rationale, start, end);
  }

  /** The exemplar whose span holds source offset `at`, if any. */
  private exemplarAt(at: number): Exemplar | undefined {
    const sets = this.doc.exemplarSets;
    if (sets.length === 0) return undefined;
    let e = this.indexIn(sets[this.set]!.exemplars, this.exemplar, at);
    for (let k = 0; k < sets.length && e < 0; k++) {
      if (k === this.set) continue;
      e = this.indexIn(sets[k]!.exemplars, 0, at);
      if (e >= 0) this.set = k;
    }
    if (e < 0) return undefined;
    this.exemplar = e;
    return sets[this.set]!.exemplars[e];
  }

  /** The index of the exemplar of `list` whose span holds `at`, trying `hint` and the one after it first; -1 if none. */
  private indexIn(list: readonly Exemplar[], hint: number, at: number): number {
    for (let k = hint; k < hint + 2 && k < list.length; k++) {
      const sp = list[k]!.span;
      if (sp.start <= at && at < sp.end) return k;
    }
    // The last exemplar starting at or before `at` (exemplars in source order).
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.span.start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && at < list[found]!.span.end ? found : -1;
  }
}

/** Whether source range [start, end) lies inside segment d's source span (as `demoTextSpans` gives it). */
function inside(d: Segment | undefined, start: number, end: number): boolean {
  return d !== undefined && d.sourceStart <= start && end <= d.sourceEnd;
}

/** The tokens `openerStarts` found (valid up to its count, until its next call). */
let startList = new Int32Array(256);

/**
 * The source ranges a decision rule is not read in: the spans of the demo sets (`kind` "demos": a few-shot prompt's
 * demos, with their options and labels and whatever lies between them, is quiz content, not an instruction), less
 * any test input inside one (read as before); in source order, not overlapping. A dataset's records are not among
 * them: its system prompt, repeated in each record, is the prompt's own (its turns are skipped by `DemoTexts`).
 */
export function demoSetRanges(doc: PromptDocument): Span[] {
  const sets: Span[] = [];
  for (const set of doc.exemplarSets) if (set.kind === 'demos' && set.span.end > set.span.start) sets.push(set.span);
  if (sets.length === 0) return sets;
  sets.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const sp of sets) {
    const last = out[out.length - 1];
    if (last && sp.start <= last.end) last.end = Math.max(last.end, sp.end);
    else out.push({ start: sp.start, end: sp.end });
  }
  // A query slot between demos (a text-format record with an empty answer) stays read.
  const tests = doc.testInputs.filter((x) => x.span.end > x.span.start).map((x) => x.span);
  if (tests.length === 0) return out;
  tests.sort((a, b) => a.start - b.start);
  const cut: Span[] = [];
  for (const r of out) {
    let start = r.start;
    for (const x of tests) {
      if (x.end <= start || x.start >= r.end) continue;
      if (x.start > start) cut.push({ start, end: x.start });
      start = Math.max(start, x.end);
    }
    if (start < r.end) cut.push({ start, end: r.end });
  }
  return cut;
}

/** The index of the first range of `ranges` (in order, not overlapping) that ends after source offset `at`. */
function firstRangeEndingAfter(ranges: readonly Span[], at: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first token of t that starts at or after decoded index `at` (binary search on token starts). */
function firstTokenFrom(t: Tokens, at: number): number {
  let lo = 0;
  let hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.start[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `openerStarts` over the tokens of seg's token view t whose start lies outside the source ranges `exempt` (from
 * `demoSetRanges`; `from` is the first that ends after the text's start): each range the text overlaps is one token
 * range not visited. The 1 MiB bench text (one prose text, 222k tokens) has one demo set covering all but its first
 * and last lines.
 */
function openerStartsOutside(t: Tokens, openers: WordSet, seg: Segment, exempt: readonly Span[], from: number): number {
  const end = seg.sourceEnd;
  let n = 0;
  let k = 0;
  for (let r = from; r < exempt.length && exempt[r]!.start < end && k < t.count; r++) {
    // Tokens whose start's source offset lies in [start, end) of the range: from the first token at or after the
    // range's first decoded index to the first at or after its end's (source offsets never decrease).
    const skipFrom = firstTokenFrom(t, seg.decodedIndex(exempt[r]!.start));
    const skipTo = firstTokenFrom(t, seg.decodedIndex(exempt[r]!.end));
    if (skipFrom > k) n = openerStarts(t, openers, k, skipFrom, n);
    if (skipTo > k) k = skipTo;
  }
  return k < t.count ? openerStarts(t, openers, k, t.count, n) : n;
}

/**
 * Lists in `startList`, from its n-th entry on, the sentence-start tokens in [from, to) of t whose word may open an
 * instruction (`openerSet`); returns the new count. Allocates nothing but a larger list when needed (the 1 MiB bench
 * text has 37k sentence starts and 278 such words). The flags of a long range are read four at a time, and each
 * start is tested in straight-line code: the sentence starts fall at random, and a loop with one unpredictable branch
 * per token cost about twice as much (the loop alone, timed in a script on the 1 MiB bench text: 0.36 -> 0.20 ms).
 */
function openerStarts(t: Tokens, openers: WordSet, from = 0, to = t.count, n = 0): number {
  const flags = t.flags;
  let i = from;
  if (to - from >= 64 && (flags.byteOffset & 3) === 0) {
    // Single tokens up to a multiple of four, then the flags four at a time.
    for (; i & 3; i++) if (flags[i]! & FLAG_SENTENCE_START && openers.has(t, i)) n = add(n, i);
    const quads = new Int32Array(flags.buffer, flags.byteOffset, to >> 2);
    const S = FLAG_SENTENCE_START;
    for (let q = i >> 2; q < quads.length; q++) {
      // The flag bit in each of the four bytes (little or big end first: the mask is the same in every byte).
      const x = quads[q]!;
      if ((x & (S * 0x01010101)) === 0) continue;
      const b = q << 2;
      if (flags[b]! & S && openers.has(t, b)) n = add(n, b);
      if (flags[b + 1]! & S && openers.has(t, b + 1)) n = add(n, b + 1);
      if (flags[b + 2]! & S && openers.has(t, b + 2)) n = add(n, b + 2);
      if (flags[b + 3]! & S && openers.has(t, b + 3)) n = add(n, b + 3);
    }
    i = quads.length << 2;
  }
  for (; i < to; i++) if (flags[i]! & FLAG_SENTENCE_START && openers.has(t, i)) n = add(n, i);
  return n;
}

/** `openerStarts` as a list (for tests): of tokens [from, to), or with `seg`, of seg's tokens outside its demo sets (`exempt`). */
export function openerStartList(t: Tokens, from = 0, to = t.count, seg?: Segment, exempt?: readonly Span[]): number[] {
  const n = seg && exempt ? openerStartsOutside(t, openerSet(), seg, exempt, firstRangeEndingAfter(exempt, seg.sourceStart)) : openerStarts(t, openerSet(), from, to);
  return Array.from(startList.subarray(0, n));
}

/** Puts token i at `startList[n]` (growing the list if full); returns n + 1. */
function add(n: number, i: number): number {
  if (n === startList.length) {
    const grown = new Int32Array(2 * n);
    grown.set(startList);
    startList = grown;
  }
  startList[n] = i;
  return n + 1;
}

/**
 * The mention that starts at token k, if any: a binary search of `ms` (a text's mentions, in token order and
 * non-overlapping). A Map of them was built per text at its first verb: on the 1 MiB bench text, whose one prose
 * text has thousands of mentions, that Map was most of this module's allocation in a lint.
 */
export function mentionAt(ms: readonly Mention[], k: number): Mention | undefined {
  let lo = 0;
  let hi = ms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = ms[mid]!.token;
    if (x < k) lo = mid + 1;
    else if (x > k) hi = mid - 1;
    else return ms[mid];
  }
  return undefined;
}

interface Instruction {
  verb: string;
  /** First token of the object. */
  object: number;
  /** Last token of the instruction's group phrase. */
  end: number;
  group: Group;
  /** The person noun. */
  head: number;
  /** +1: the rule favours the group's people; -1: it acts against them. */
  toward: 1 | -1;
}

/** The instruction starting at sentence-start token i, if its verb decides about people qualified by an attribute. */
function instructionAt(t: Tokens, i: number, ms: readonly Mention[]): Instruction | undefined {
  let v = i;
  let only = false;
  for (let n = 0; n < 2 && v + 1 < t.count && t.joined[v + 1] && leadSet().has(t, v); n++) {
    if (tokenEquals(t, v, 'only')) only = true;
    v++;
  }
  let toward: 1 | -1;
  let o = v + 1;
  // The verb's text is made only once it is one (most sentence starts tested here open with a lead word alone).
  let verb: string;
  let grade = false;
  if (againstSet().has(t, v)) {
    toward = -1;
    verb = tokenLower(t, v);
  } else if (forSet().has(t, v)) {
    toward = 1;
    verb = tokenLower(t, v);
  } else if (outSet().has(t, v) && o < t.count && t.joined[o] && tokenEquals(t, o, 'out')) {
    toward = -1;
    verb = `${tokenLower(t, v)} out`;
    o++;
  } else if (
    tokenEquals(t, v, 'give') &&
    o + 1 < t.count &&
    t.joined[o] &&
    t.joined[o + 1] &&
    (tokenEquals(t, o, 'priority') || tokenEquals(t, o, 'preference') || tokenEquals(t, o, 'precedence')) &&
    tokenEquals(t, o + 1, 'to')
  ) {
    toward = 1;
    verb = `give ${tokenLower(t, o)} to`;
    o += 2;
  } else if (selectSet().has(t, v) && (only || (o < t.count && t.joined[o] && tokenEquals(t, o, 'only')))) {
    toward = 1;
    if (!only) o++;
    verb = `only ${tokenLower(t, v)}`;
  } else if (gradeSet().has(t, v)) {
    toward = 1;
    verb = tokenLower(t, v);
    grade = true;
  } else return undefined;
  if (o >= t.count || !t.joined[o]) return undefined;
  // "any", "all the": determiners before the people; "loan applications from": whose applications.
  for (let n = 0; n < 2 && o < t.count && t.joined[o] && determinerSet().has(t, o); n++) o++;
  for (let k = o; k < o + 3 && k + 1 < t.count && t.joined[k + 1]; k++) {
    if (fromNounSet().has(t, k) && tokenEquals(t, k + 1, 'from')) {
      o = k + 2;
      break;
    }
  }
  if (o >= t.count || !t.joined[o]) return undefined;
  // The person noun: within four words, all joined; an attribute before it qualifies it ("married couples").
  let head = -1;
  let group: Group | undefined;
  for (let k = o; k < o + 4 && k < t.count && (k === o || t.joined[k]); k++) {
    const m = mentionAt(ms, k);
    const g = attributeAt(t, k, m, ms);
    if (isHead(t, k, m)) {
      head = m ? k + m.length - 1 : k;
      // The head itself may carry it: "men", "seniors", "immigrants", "wheelchair users".
      group ??= g;
      break;
    }
    if (g) {
      group ??= g;
      if (m && m.length > 1) k += m.length - 1;
    }
  }
  if (head < 0) return undefined;
  let end = group ? head : -1;
  if (!group) {
    const post = postModifier(t, head + 1, ms);
    if (!post) return undefined;
    group = post;
    end = post.to;
  }
  if (grade) {
    // "Rate younger applicants lower": the direction must follow in the clause.
    let dir = 0;
    for (let k = end + 1; k < t.count && k <= end + 6 && t.joined[k]; k++) {
      if (gradeUpSet().has(t, k)) dir = 1;
      else if (gradeDownSet().has(t, k)) dir = -1;
      if (dir) {
        verb = `${verb} ${tokenLower(t, k)}`;
        end = k;
        break;
      }
    }
    if (!dir) return undefined;
    toward = dir as 1 | -1;
  }
  return { verb, object: o, end, group, head, toward };
}

/** Whether token k (with its mention, if any) names people: a person, role or occupation noun, a group noun, or EXTRA_HEADS. */
function isHead(t: Tokens, k: number, m: Mention | undefined): boolean {
  if (m) {
    const g = m.tags;
    if (g.pronoun || g.name) return false;
    if (g.role || g.personNoun || g.occupation || g.group?.standalone) return true;
  }
  // Of FOREIGN_WORDS, the plural nouns name people ("immigrants", "foreigners"; not "foreign", "asylum").
  return extraHeadSet().has(t, k) || (foreignSet().has(t, k) && /s$/.test(tokenLower(t, k)));
}

/** The attribute that token k (and its mention) carries, if any. */
function attributeAt(t: Tokens, k: number, m: Mention | undefined, ms: readonly Mention[]): Group | undefined {
  const complement = k > 0 && t.joined[k] === 1 && (tokenEquals(t, k - 1, 'non') || tokenEquals(t, k - 1, 'not'));
  if (m) {
    const g = m.tags;
    const to = k + m.length - 1;
    if (g.group) {
      const c = AXIS_CATEGORY[g.group.axis];
      if (c) {
        const group: Group = { category: c, from: k, to, complement };
        if (c === 'age') {
          if (minorSet().has(t, k)) group.minor = true;
          const w = tokenLower(t, k);
          group.age = { dir: /^(?:young|younger|youth|teen|junior)/.test(w) ? -1 : 1 };
        }
        return group;
      }
      if (g.group.axis === 'cultural' && foreignSet().has(t, k)) return { category: 'nationality', from: k, to, complement };
    }
    if (g.gender && !g.pronoun && !g.name && !g.occupation && !g.gendered) return { category: 'gender', from: k, to, complement };
    if (g.gender && !g.pronoun && !g.name && g.personNoun) return { category: 'gender', from: k, to, complement };
  }
  if (familySet().has(t, k)) return { category: 'family-status', from: k, to: k, complement, care: tokenEquals(t, k, 'pregnant') || tokenEquals(t, k, 'expectant') };
  // "single" only right before people: "Prefer single candidates", not "a single candidate".
  if (tokenEquals(t, k, SINGLE) && k + 1 < t.count && t.joined[k + 1] && (mentionAt(ms, k + 1) !== undefined || extraHeadSet().has(t, k + 1))) {
    const before = k > 0 && t.joined[k] ? tokenLower(t, k - 1) : '';
    if (before !== 'a' && before !== 'one' && before !== 'each' && before !== 'every') return { category: 'family-status', from: k, to: k, complement };
  }
  if (foreignSet().has(t, k)) return { category: 'nationality', from: k, to: k, complement };
  return undefined;
}

/**
 * The attribute right after the people: an age bound ("over 65", "aged 50+", "aged 60 or over", "older than
 * 40"), "with"/"without" children or a disability, "who are (not) married/pregnant/…", "of Asian descent".
 */
function postModifier(t: Tokens, k: number, ms: readonly Mention[]): Group | undefined {
  if (k >= t.count || !t.joined[k]) return undefined;
  const w = tokenLower(t, k);
  // An age bound.
  let n = k;
  let dir: 1 | -1 | 0 = 0;
  if (w === 'over' || w === 'above') dir = 1;
  else if (w === 'under' || w === 'below') dir = -1;
  else if ((w === 'older' || w === 'younger') && n + 1 < t.count && t.joined[n + 1] && tokenEquals(t, n + 1, 'than')) {
    dir = w === 'older' ? 1 : -1;
    n++;
  } else if (w === 'aged' || w === 'age') {
    dir = 1;
    if (n + 1 < t.count && t.joined[n + 1]) {
      const x = tokenLower(t, n + 1);
      if (x === 'over' || x === 'above') n++;
      else if (x === 'under' || x === 'below') {
        dir = -1;
        n++;
      }
    }
  }
  if (dir !== 0) {
    const num = n + 1;
    if (num >= t.count || !t.joined[num]) return undefined;
    const m = /^(\d{1,3})s?$/.exec(tokenLower(t, num));
    if (!m) return undefined;
    const age = Number(m[1]);
    if (age < 2 || age > 120) return undefined;
    // What follows: nothing, "+", "years old", "years of age", "or over": an age; "days", "years' experience": no age.
    let end = num;
    const after = num + 1;
    if (after < t.count && t.joined[after]) {
      const a = tokenLower(t, after);
      if (a === 'years' || a === 'year') {
        if (after + 1 < t.count && t.joined[after + 1] && ageUnitOkSet().has(t, after + 1)) end = after + 1;
        else if (after + 2 < t.count && tokenEquals(t, after + 1, 'of') && tokenEquals(t, after + 2, 'age')) end = after + 2;
        else return undefined;
      } else if (a === 'or' || a === 'and') {
        if (after + 1 < t.count && t.joined[after + 1]) {
          const b = tokenLower(t, after + 1);
          if (b === 'over' || b === 'older' || b === 'above' || b === 'more') end = after + 1;
          else if (b === 'under' || b === 'younger' || b === 'below' || b === 'less') {
            end = after + 1;
            dir = -1;
          }
        }
      } else if (!ageUnitOkSet().has(t, after) && !/^(?:who|that|in|for|on|at|from|to|with|without|as|when|if|unless|because|since|and|or|but|applying|living)$/.test(a)) {
        return undefined;
      }
    } else if (after < t.count) {
      // "65%", "65k", "$65": a percentage or an amount follows straight after (no blank).
      const c = t.text.charCodeAt(t.end[num]!);
      if (c === 37) return undefined;
    }
    if (/^[$£€]/.test(t.text.slice(t.start[num]! - 1, t.start[num]!))) return undefined;
    return { category: 'age', from: k, to: end, complement: false, age: { n: age, dir } };
  }
  // "with (young) children", "without children", "with a disability", "with mobility impairments".
  if (w === 'with' || w === 'without') {
    for (let j = k + 1; j < t.count && j <= k + 3 && t.joined[j]; j++) {
      if (childSet().has(t, j)) return { category: 'family-status', from: k, to: j, complement: w === 'without', care: true };
      if (disabilitySet().has(t, j)) {
        // "with wheelchairs" is about mobility aids; "wheelchair users" is a group word of the lexicon.
        return { category: 'disability', from: k, to: j, complement: w === 'without' };
      }
      if (!childGapSet().has(t, j)) break;
    }
    return undefined;
  }
  // "who are (not) married", "who are pregnant", "who have children", "who do not have children".
  if (w === 'who' && k + 2 < t.count && t.joined[k + 1] && t.joined[k + 2]) {
    let j = k + 1;
    let v = tokenLower(t, j);
    if (v === 'are' || v === 'is' || v === 'were') {
      // "who are not pregnant": `attributeAt` reads the "not" before the word.
      j++;
      if (tokenEquals(t, j, 'not') && j + 1 < t.count && t.joined[j + 1]) j++;
      const g = attributeAt(t, j, mentionAt(ms, j), ms);
      return g ? { ...g, from: k, to: g.to } : undefined;
    }
    let complement = false;
    if ((v === 'do' || v === 'does') && tokenEquals(t, j + 1, 'not') && j + 2 < t.count && t.joined[j + 2]) {
      complement = true;
      j += 2;
      v = tokenLower(t, j);
    }
    if (v === 'have' || v === 'has') {
      for (let x = j + 1; x < t.count && x <= j + 3 && t.joined[x]; x++) {
        if (childSet().has(t, x)) return { category: 'family-status', from: k, to: x, complement, care: true };
        if (disabilitySet().has(t, x)) return { category: 'disability', from: k, to: x, complement };
        if (!childGapSet().has(t, x)) break;
      }
    }
    return undefined;
  }
  // "of Asian descent", "of Muslim faith".
  if (w === 'of' && k + 2 < t.count && t.joined[k + 1]) {
    const m = mentionAt(ms, k + 1);
    const g = m ? attributeAt(t, k + 1, m, ms) : undefined;
    const after = k + 1 + (m ? m.length : 1);
    if (g && after < t.count && t.joined[after] && originSet().has(t, after)) return { ...g, from: k, to: after };
  }
  return undefined;
}

/** Blanks, and list or quote markers, before an instruction's first word on its line. */
const isMarker = (c: number) => c === 32 || c === 9 || c === 45 || c === 42 || c === 43 || c === 0x2022 || c === 62 || c === 35 || c === 95;

/**
 * Whether an instruction starting at `at` opens one: at its line's start (after list markers, a number), or after a
 * full stop, "!", "?" or ";"; not after a label's colon on its line ("Rule: Prefer men …", "such as: prefer men"),
 * not after a quote or bracket, and not in a list whose label gives examples ("Flag wording like:" then "- Prefer men").
 */
function opensInstruction(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && isMarker(text.charCodeAt(k))) k--;
  // "1. Prefer", "2) Reject".
  let numbered = false;
  if (k >= 0 && (text.charCodeAt(k) === 46 || text.charCodeAt(k) === 41)) {
    let d = k - 1;
    while (d >= 0 && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d--;
    // Only at its line's start: "than 40. Reject" is a sentence's end.
    let b = d;
    while (b >= 0 && isMarker(text.charCodeAt(b))) b--;
    if (d < k - 1 && (b < 0 || text.charCodeAt(b) === 10 || text.charCodeAt(b) === 13)) {
      numbered = true;
      k = b;
    }
  }
  if (k < 0 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13) {
    // A line's start: a list item under a label that introduces examples is no instruction.
    const lineStart = k + 1;
    const bullet = numbered || (at > lineStart && /[-*+\u2022]/.test(text.slice(lineStart, at)));
    return !bullet || !exampleLabelAbove(text, lineStart);
  }
  const c = text.charCodeAt(k);
  return !numbered && (c === 46 || c === 33 || c === 63 || c === 59);
}

/** Words of a label that introduces examples or quoted wording rather than rules. */
const EXAMPLE_LABEL = /\b(?:such as|e\.g|for example|for instance|like|says?|said|phrases?|wording|language|examples?|quotes?|flag|flags|prohibited|forbidden|banned|never|avoid|discriminat\w*|red flags?)\b/i;

/** Whether the label line of the list whose item starts at `lineStart` (the first line above the run of items) gives examples. */
function exampleLabelAbove(text: string, lineStart: number): boolean {
  let end = lineStart - 1;
  for (let n = 0; n < 30 && end > 0; n++) {
    let start = end - 1;
    while (start >= 0 && text.charCodeAt(start) !== 10) start--;
    const line = text.slice(start + 1, end);
    if (!/^[ \t]*(?:[-*+\u2022]|\d+[.)])[ \t]/.test(line)) return /\S/.test(line) && EXAMPLE_LABEL.test(line);
    end = start;
  }
  return false;
}

/** Source spans of demos' inputs and answers (their questions, contexts, outputs, rationales): data, not the prompt's rules. */
function demoTextSpans(doc: PromptDocument): Span[] {
  const out: Span[] = [];
  for (const set of doc.exemplarSets) {
    for (const e of set.exemplars) {
      for (const seg of [e.question, e.context, e.output, e.rationale]) if (seg) out.push(seg.sourceSpan());
    }
  }
  return out;
}

/** Whether the prose names an age-defined programme: for the young (youth) or for the old (seniors, pension, retirement). */
function programmeWords(doc: PromptDocument): { youth: boolean; senior: boolean } {
  let youth = false;
  let senior = false;
  for (const lex of documentLexicon(doc).prose) {
    const t = lex.scan();
    for (let i = 0; i < t.count && !(youth && senior); i++) {
      if (youthSet().has(t, i)) youth = true;
      else if (seniorSet().has(t, i)) senior = true;
    }
  }
  return { youth, senior };
}

/**
 * Whether a rule is one of the near-misses the rule leaves alone: a legal minimum age (an age bound of 21 or
 * under, minors), a sentence that names a law or an age limit, a clinical rule about patients' age, sex or
 * pregnancy, an accommodation (favouring disabled or pregnant people or families with children, prioritising
 * older people), or an age rule of an age-defined programme (youth, seniors).
 */
function exemptGroup(
  t: Tokens,
  i: number,
  end: number,
  g: Group,
  toward: 1 | -1,
  head: number,
  programme: () => { youth: boolean; senior: boolean },
): boolean {
  if (g.category === 'age') {
    if (g.minor || (g.age?.n !== undefined && g.age.n <= 21)) return true;
    const p = programme();
    const dir = g.age?.dir ?? 1;
    if ((dir < 0 && p.youth) || (dir > 0 && p.senior)) return true;
  }
  // A clinical rule about patients: their age, sex and pregnancy are clinical.
  if ((g.category === 'age' || g.category === 'gender' || g.category === 'family-status') && /^patients?$/.test(tokenLower(t, head))) return true;
  // An accommodation: favouring disabled or pregnant people, families with children; prioritising older people.
  const favoured = (toward === 1) !== g.complement;
  if (favoured && (g.category === 'disability' || (g.category === 'family-status' && g.care))) return true;
  if (favoured && g.category === 'age' && (g.age?.dir ?? 1) > 0 && (g.age?.n === undefined || g.age.n >= 60) && /^(?:priori|give)/.test(tokenLower(t, firstVerb(t, i)))) return true;
  // The sentence names a law or an age limit ("(legal requirement)", "the maximum entry age").
  for (let k = i; k < t.count; k++) {
    if (k > end && sentenceBreakBefore(t, k)) break;
    if (legalSet().has(t, k)) return true;
  }
  return false;
}

/** The verb's token: the first after the lead words. */
function firstVerb(t: Tokens, i: number): number {
  let v = i;
  for (let n = 0; n < 2 && v + 1 < t.count && t.joined[v + 1] && leadSet().has(t, v); n++) v++;
  return v;
}

/** Whether a full stop, "!", "?" or a line break stands between token k - 1 and token k. */
function sentenceBreakBefore(t: Tokens, k: number): boolean {
  if (t.joined[k]) return false;
  for (let c = t.end[k - 1]!; c < t.start[k]!; c++) {
    const x = t.text.charCodeAt(c);
    if (x === 10 || x === 13 || x === 33 || x === 63 || (x === 46 && !(c + 1 < t.text.length && /\d/.test(t.text[c + 1]!)))) return true;
  }
  return false;
}
