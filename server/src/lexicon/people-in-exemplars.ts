/**
 * Who each exemplar (or sample input) is about: its gender signals (pronouns,
 * gendered nouns, gendered first names), the first names it uses with their
 * gender and ethnicity, and its agentic and communal words. Read in one pass
 * over the prose mentions and tokens (each character once), with every
 * mention assigned to the exemplar whose source span holds it. Mentions in
 * sentences that most exemplars of a set repeat (a persona system prompt) are
 * setup and count for none; full names in lettered options are candidate
 * answers, and not among an exemplar's names; first names that name a place, a
 * language or a product are no person's (see `uncountedMentions`). Shared by
 * demographic-imbalance and agentic-communal-skew.
 */
import type { ExemplarSet, PromptDocument, Segment, Span } from '../model/types.js';
import { documentLexicon, MENTION_NAME, textKey, type Mention } from './lexicon.js';
export { lastSentenceEnd, sentenceAt } from './setup-sentences.js';
import { sentenceKeysOfMentions, sentencesOfMentions } from './setup-sentences.js';
import { traitsIn, type TraitHit } from './agentic.js';
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, tokenLower, type Tokens } from './tokens.js';
import type { Gender } from './gender.js';
import type { Ethnicity } from './names.js';
import { AnalysisSlot } from '../model/analysis-slot.js';
import { lineEndFrom } from '../model/lines.js';
import { isAsciiWordCode } from '../model/segment.js';
import { isPlaceByContext, isPossessiveAt, lowerWordBefore, regionEnd } from './places.js';
import { isTechnologyByContext } from './technology.js';

/** A first name with what the data says about it. */
export interface ProfileName {
  name: string;
  gender?: Gender;
  ethnicity?: Ethnicity;
  continent?: string;
}

/** An item's gender signals: female / male when only that gender is signalled, mixed when both, none when neither. */
export type ProfileGender = Gender | 'mixed' | 'none';

export interface TraitWords {
  agentic: string[];
  communal: string[];
}

export interface ProfileGroup {
  /** What the profiles come from. */
  kind: 'exemplars' | 'test-inputs';
  /** The exemplar set the profiles are of (kind `exemplars`). */
  set?: ExemplarSet;
  /** Exemplars that are a dataset's records (JSONL and the like), not a prompt's demos. */
  dataset: boolean;
  /** Where to report: the first line of the set. */
  span: Span;
  /** Who each of its items (exemplars or inputs, in order) is about. */
  profiles: Profiles;
}

/** The names of a profile that has none (shared, read only). */
const NO_NAMES: readonly ProfileName[] = Object.freeze([]);

/**
 * Who the items of a group are about, item `i` (0 to `length` - 1) read by index: its counts are numbers
 * in the layout's table, not an object per item. An object per item (10 fields) was ~3.8 MB allocated
 * and kept to the end of a 10 MiB JSONL lint (35,521 records; BENCH_KIB=10240 bench/engine-alloc.mjs;
 * heap after a lint with the document kept, forced GC: 83.0 -> 79.2 MB); most items are read once, for
 * their gender. demographic-imbalance phase, CPU-time minima of bench/rule-phase-cpu.mjs, A/B processes
 * alternating, three pairs: 10 MiB JSONL 17.1/15.3/15.5 -> 13.3/13.1/14.2 ms (medians 23.2/21.7/21.3 ->
 * 17.2/15.2/16.8); 10 MiB text 3.5 -> 2.9 ms; 1 MiB JSONL 1.11-1.13 -> 1.03-1.12; 1 MiB text 0.29 -> 0.25.
 */
export class Profiles {
  /** How many items the group has. */
  readonly length: number;

  constructor(
    private readonly table: ItemTable,
    /** Item `i` of the group is item `order[i]` of the table. */
    private readonly order: Int32Array,
    /** The items' exemplars or inputs, in order; or each item's span (a group gathered piece by piece: see GatheredGroup). */
    private readonly sources: readonly { span: Span }[] | ((i: number) => Span),
  ) {
    this.length = order.length;
  }

  /** Item `i`'s whole exemplar or input. */
  span(i: number): Span {
    const sources = this.sources;
    return typeof sources === 'function' ? sources(i) : sources[i]!.span;
  }

  /** Female gender signals of item `i` (pronouns, gendered nouns, gendered first names). */
  female(i: number): number {
    return this.table.counts[this.order[i]! * COUNT_FIELDS + FEMALE]!;
  }

  /** Male gender signals of item `i`. */
  male(i: number): number {
    return this.table.counts[this.order[i]! * COUNT_FIELDS + MALE]!;
  }

  /** Of item `i`'s gender signals (`female` + `male`), those that are pronouns (she, her, he, …). */
  pronouns(i: number): number {
    return this.table.counts[this.order[i]! * COUNT_FIELDS + PRONOUNS]!;
  }

  /** Mentions of people in item `i` that are not pronouns: names, person and gendered nouns, occupations, roles, groups. */
  people(i: number): number {
    return this.table.counts[this.order[i]! * COUNT_FIELDS + PEOPLE]!;
  }

  /** Item `i`'s gender signals. */
  gender(i: number): ProfileGender {
    return GENDERS[this.table.genders[this.order[i]!]!]!;
  }

  /** Item `i`'s gender signals as FEMALE_BIT and MALE_BIT. */
  genderBits(i: number): number {
    return this.table.genders[this.order[i]!]!;
  }

  /** Distinct first names of item `i`, in order of appearance. */
  names(i: number): readonly ProfileName[] {
    return this.table.names.get(this.order[i]!) ?? NO_NAMES;
  }
}

/** `ItemTable.counts` holds these numbers per item, at these places. */
const COUNT_FIELDS = 4;
const FEMALE = 0;
const MALE = 1;
const PRONOUNS = 2;
const PEOPLE = 3;

/** `ItemTable.genders` values: bits of the genders signalled. */
const FEMALE_BIT = 1;
const MALE_BIT = 2;
/** Each `ItemTable.genders` value's gender. */
const GENDERS: readonly ProfileGender[] = ['none', 'female', 'male', 'mixed'];

/**
 * Whether item `k` of the table is about one gender (female or male). A byte per item rather than its two
 * counts: 1 MiB JSONL bench corpus, agentic-communal-skew phase (traitWords reads it per segment), CPU-time
 * minima 0.12 -> 0.10 ms.
 */
function isOneGender(table: ItemTable, k: number): boolean {
  const g = table.genders[k]!;
  return g === FEMALE_BIT || g === MALE_BIT;
}

/**
 * What `Profiles` are read from: the items of all groups (every exemplar, and every test input when there
 * are several), numbered in order of their source span's start (where two start together, the outer one first).
 */
interface ItemTable {
  /** How many items there are. */
  count: number;
  /** Item k's source span: from `starts[k]` to `ends[k]`. */
  starts: Int32Array;
  ends: Int32Array;
  /** Item k's group (its index in `Layout.groups`). */
  groupOf: Int32Array;
  /** Item k's index in its group's profiles. */
  indexInGroup: Int32Array;
  /** Item k's female, male, pronoun and people counts, at k * COUNT_FIELDS + FEMALE, MALE, PRONOUNS, PEOPLE. */
  counts: Int32Array;
  /** Item k's gender signals: FEMALE_BIT and MALE_BIT (set by `profileGroups`, as `counts`). */
  genders: Uint8Array;
  /** Item k's distinct first names, for the items that have any (set by `profileGroups`). */
  names: Map<number, readonly ProfileName[]>;
}

/**
 * What exemplars are called in a message or fix title: a dataset's (JSONL, a YAML list of
 * records) are "records", a prompt's "demos"; `count` 1 gives the singular. Shared by the
 * rules that count exemplars (label-imbalance, answer-position-skew, option-length-cue, and
 * groupItemsNoun's rules).
 */
export function exemplarsNoun(dataset: boolean, count = 2): string {
  const noun = dataset ? 'record' : 'demo';
  return count === 1 ? noun : `${noun}s`;
}

/** What a group's items are called in a message: "demos", "records" or "sample inputs". */
export function groupItemsNoun(group: ProfileGroup): string {
  return group.kind === 'test-inputs' ? 'sample inputs' : exemplarsNoun(group.dataset);
}

interface Layout {
  groups: ProfileGroup[];
  /** Per group: how many items it has. */
  sizes: number[];
  /** All the groups' items. */
  items: ItemTable;
  /** Per group: whether its items are a dataset's records (see `uncountedMentions`). */
  records: boolean[];
  /** See `segmentItems`. */
  segmentItems?: Int32Array;
  /** See `oneGenderReach`. */
  oneGenderReach?: Int32Array;
  /** See `uncountedMentions`. */
  uncountedMentions?: Uint8Array;
  /** See `uncountedMentions`. */
  mentionBase?: Int32Array;
  /** See `traitWords`. */
  traits?: TraitWords[][];
}

const layoutCache = new AnalysisSlot<PromptDocument, Layout>('peopleLayout');

function layout(doc: PromptDocument): Layout {
  let l = layoutCache.get(doc);
  if (l) return l;
  // The groups' source lists: one per exemplar set, and the test inputs when there are several.
  const groups: ProfileGroup[] = [];
  const sources: (readonly { span: Span }[])[] = [];
  const records: boolean[] = [];
  const sizes: number[] = [];
  const heads: Span[] = [];
  const kinds: ProfileGroup['kind'][] = [];
  const sets: (ExemplarSet | undefined)[] = [];
  // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
  for (let setIndex = 0, setList = doc.exemplarSets; setIndex < setList.length; setIndex++) {
    const set = setList[setIndex]!;
    if (set.exemplars.length === 0) continue;
    sources.push(set.exemplars);
    kinds.push('exemplars');
    sets.push(set);
    records.push(set.kind === 'dataset');
    heads.push(firstLine(doc, set.span));
  }
  if (doc.testInputs.length > 1) {
    sources.push(doc.testInputs);
    kinds.push('test-inputs');
    sets.push(undefined);
    records.push(false);
    heads.push(firstLine(doc, doc.testInputs[0]!.span));
  }
  let total = 0;
  for (let g = 0; g < sources.length; g++) total += sources[g]!.length;
  // The items in the groups' order, then (when that is not the order of their starts) sorted.
  const starts = new Int32Array(total);
  const ends = new Int32Array(total);
  const groupOf = new Int32Array(total);
  const indexInGroup = new Int32Array(total);
  for (let g = 0, k = 0; g < sources.length; g++) {
    const list = sources[g]!;
    sizes.push(list.length);
    for (let i = 0; i < list.length; i++, k++) {
      const span = list[i]!.span;
      starts[k] = span.start;
      ends[k] = span.end;
      groupOf[k] = g;
      indexInGroup[k] = i;
    }
  }
  // Exemplars come in document order, so the items mostly are sorted already: checked in one
  // pass (the sort is stable, so a sorted list is left as it is) rather than a comparator call per pair.
  if (!isSorted(starts, ends)) sortItems(starts, ends, groupOf, indexInGroup);
  const items: ItemTable = { count: total, starts, ends, groupOf, indexInGroup, counts: new Int32Array(total * COUNT_FIELDS), genders: new Uint8Array(total), names: new Map() };
  const orders = sizes.map((n) => new Int32Array(n));
  for (let k = 0; k < total; k++) orders[groupOf[k]!]![indexInGroup[k]!] = k;
  for (let g = 0; g < sources.length; g++) {
    groups.push({ kind: kinds[g]!, ...(sets[g] ? { set: sets[g] } : {}), dataset: records[g]!, span: heads[g]!, profiles: new Profiles(items, orders[g]!, sources[g]!) });
  }
  l = { groups, sizes, items, records, segmentItems: undefined, oneGenderReach: undefined, uncountedMentions: undefined, mentionBase: undefined, traits: undefined };
  layoutCache.set(doc, l);
  return l;
}

function isSorted(starts: Int32Array, ends: Int32Array): boolean {
  for (let k = 1; k < starts.length; k++) {
    if (starts[k - 1]! > starts[k]! || (starts[k - 1] === starts[k] && ends[k - 1]! < ends[k]!)) return false;
  }
  return true;
}

/** Sorts the items by start, the outer one first where two start together, stably (four parallel arrays). Exported for tests. */
export function sortItems(starts: Int32Array, ends: Int32Array, groupOf: Int32Array, indexInGroup: Int32Array): void {
  const order = Array.from({ length: starts.length }, (_, k) => k);
  order.sort((a, b) => starts[a]! - starts[b]! || ends[b]! - ends[a]!);
  const copies = [starts.slice(), ends.slice(), groupOf.slice(), indexInGroup.slice()] as const;
  for (let k = 0; k < order.length; k++) {
    const from = order[k]!;
    starts[k] = copies[0][from]!;
    ends[k] = copies[1][from]!;
    groupOf[k] = copies[2][from]!;
    indexInGroup[k] = copies[3][from]!;
  }
}

/** `segmentItems` values other than an item index. */
const NO_ITEM = -1;
const SEVERAL_ITEMS = -2;

/**
 * Index of the last item starting at or before `offset` (-1 if none). `hint`, the
 * answer for an earlier offset, or the item after it, is taken when it is the
 * answer: offsets mostly come in text order.
 */
function lastStartingAt(items: ItemTable, offset: number, hint: number): number {
  const n = items.count;
  const starts = items.starts;
  for (let h = hint; h >= 0 && h <= hint + 1 && h < n; h++) {
    if (starts[h]! <= offset && (h + 1 === n || starts[h + 1]! > offset)) return h;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! > offset) hi = mid - 1;
    else lo = mid + 1;
  }
  return hi;
}

/**
 * For each prose segment, the item that `itemAt` gives for every source offset of
 * its characters: its index, NO_ITEM when none of them is in an item, or
 * SEVERAL_ITEMS when they differ (then each offset is looked up). Most prose
 * segments of a dataset lie inside one record, so their mentions and trait words
 * need no lookup each, and segments outside every item are not read at all.
 */
function segmentItems(doc: PromptDocument, l: Layout): Int32Array {
  if (l.segmentItems) return l.segmentItems;
  const items = l.items;
  const out = new Int32Array(doc.prose.length);
  let hint = -1;
  for (let si = 0; si < doc.prose.length; si++) {
    const seg = doc.prose[si]!;
    const n = seg.text.length;
    if (n === 0) {
      out[si] = NO_ITEM;
      continue;
    }
    // Source offsets never decrease along a segment: its characters map into [first, last].
    const first = seg.sourceOffset(0);
    const last = seg.sourceOffset(n - 1);
    // The item `itemAt` looks at for `first`.
    const k = (hint = lastStartingAt(items, first, hint));
    // Another item starts inside the segment: offsets from there on look at it.
    if (k + 1 < items.count && items.starts[k + 1]! <= last) out[si] = SEVERAL_ITEMS;
    // Otherwise every offset looks at item `k`, and is in it when before its end.
    else if (k < 0 || first >= items.ends[k]!) out[si] = NO_ITEM;
    else out[si] = last < items.ends[k]! ? k : SEVERAL_ITEMS;
  }
  return (l.segmentItems = out);
}

/**
 * Index of the item whose span holds `offset`, or -1: the last item starting at or
 * before it, if it has not ended (where items nest, the inner one). `hint` as for
 * `lastStartingAt`.
 */
function itemAt(items: ItemTable, offset: number, hint = -1): number {
  const k = lastStartingAt(items, offset, hint);
  return k >= 0 && offset < items.ends[k]! ? k : -1;
}

const profiled = new WeakSet<PromptDocument>();

/**
 * A sentence (see `sentenceAt` in setup-sentences.ts) of a group's items, with how many of the items hold it:
 * text that most records of a dataset repeat (a persona system prompt, an instruction
 * prefix, a speaker label) describes the setup, not the people the records are about.
 */
interface SentenceCount {
  /** Distinct items of the group that hold the sentence. */
  items: number;
  /** The last item counted (items are counted once each). */
  last: number;
}

/** A SentenceCount in `SentenceCounts`: with its sentence, and the next entry of the same key. */
interface KeyedSentenceCount extends SentenceCount {
  readonly sentence: string;
  readonly next: KeyedSentenceCount | undefined;
  /** Its index in `markSetupMentions`' list of counts (-1 until listed). */
  index: number;
}

/**
 * SentenceCounts by sentence, keyed by `textKey` (its length and eight of its characters), equal
 * sentences told apart with `===`: most sentences of a dataset occur once, and a Map keyed by the
 * sentence itself hashed every character of each (a fresh slice each time, whose hash is not
 * cached yet); a repeated sentence is compared with its earlier occurrences instead, which reads
 * its characters once as hashing it did.
 */
class SentenceCounts {
  private readonly byKey = new Map<number, KeyedSentenceCount>();

  get(sentence: string): KeyedSentenceCount {
    const key = textKey(sentence);
    const first = this.byKey.get(key);
    for (let e = first; e !== undefined; e = e.next) if (e.sentence === sentence) return e;
    const made: KeyedSentenceCount = { items: 0, last: -1, sentence, next: first, index: -1 };
    this.byKey.set(key, made);
    return made;
  }
}

/** A sentence held by at least this many items of a group, and by at least half of them, is shared (see `SentenceCount`). */
const SHARED_MIN_ITEMS = 3;

/**
 * Whether something `count` of a group's `size` items hold (a sentence, a word where names stand)
 * is repeated by most of them: setup or boilerplate, not what varies from item to item (see `SentenceCount`).
 */
export function isRepeatedInItems(count: number, size: number): boolean {
  return count >= SHARED_MIN_ITEMS && count * 2 >= size;
}

/** `uncountedMentions` values: counted; */
const COUNTED = 0;
/** in a sentence that most of its group's items hold (see `SentenceCount`); */
const IN_SETUP = 1;
/**
 * a full name in a lettered option: a candidate answer ("Which scientist discovered penicillin?" / "(B) Alexander
 * Fleming"), whose gender counts for the item but whose name is not among its names (a fact, not a choice of names).
 */
const IN_OPTION = 2;
/**
 * a first name that names no person: a place, a programming language or a product right after "in"
 * ("a hotel in Florence", "a mutable struct in Julia"; see `markNamesAfterIn`), a place or a technology
 * by the words around it after another word ("flights to Florence", "Julia packages", "Jasmine or Jest";
 * `isPlaceByContext`, `isTechnologyByContext`), or a name that most
 * of a dataset's records write and none of them calls "she" or "he" by its gender (a product or
 * model the dataset is about: "Alexa won't connect to my Wi-Fi", "Ask Claude to summarise …"; see
 * `markRepeatedNames`). It counts for no item's gender and is not among its names.
 */
const NOT_A_PERSON = 3;

/**
 * For every mention of the segments in items (those `segmentItems` does not give NO_ITEM, in order;
 * `mentionBase[si]` is the index of segment `si`'s first), how it counts for its item: COUNTED,
 * IN_SETUP, IN_OPTION or NOT_A_PERSON. One pass over the mentions; each segment's text is read once around its
 * mentions, and segments of equal text (the same analysis) share their sentences.
 */
function uncountedMentions(doc: PromptDocument, l: Layout): Uint8Array {
  return l.uncountedMentions ?? markUncountedMentions(doc, l);
}

/**
 * `uncountedMentions`, computed (and stored in the layout). Apart from the lookup of the stored
 * result: with both in one function, V8 optimised it (on-stack, in its loop) with no feedback for
 * the calls before the loop, and deoptimised it at the next lint's first call (3 times in 10 steady
 * lints of the 1 MiB JSONL bench corpus, by --trace-deopt), to run that lint's loop unoptimised.
 */
function markUncountedMentions(doc: PromptDocument, l: Layout, bucketBits?: number): Uint8Array {
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const base = new Int32Array(doc.prose.length + 1);
  let total = 0;
  // Whether a text in an item has a first name: the passes that mark names (options, "in Florence", names
  // most records repeat) are skipped when none has, and read only the texts that have (`mentionKinds`).
  // 1 MiB JSONL bench corpus (no names; 10,656 texts, 7,915 mentions), CPU-time minimum of 40 fresh
  // parses: `profileGroups` ~1.80 -> ~1.45 ms (parts.cjs, A/B processes alternating).
  let names = false;
  for (let si = 0; si < doc.prose.length; si++) {
    base[si] = total;
    if (segItems[si] === NO_ITEM) continue;
    const lex = lexicon.prose[si]!;
    total += lex.mentions.length;
    if (lex.mentionKinds & MENTION_NAME) names = true;
  }
  base[doc.prose.length] = total;
  const shared = new Uint8Array(total);
  l.mentionBase = base;
  l.uncountedMentions = shared;
  if (total === 0) return shared;
  if (names) {
    markOptionMentions(doc, l, shared);
    markNamesAfterIn(doc, l, shared);
  }
  // Groups that can have a shared sentence at all: a dataset's records, enough of them. (A few-shot
  // prompt states its setup once, not in every demo; and looking costs a pass over every mention.)
  const looked = (g: number) => l.records[g]! && l.sizes[g]! >= SHARED_MIN_ITEMS;
  let any = false;
  for (let g = 0; g < l.groups.length; g++) if (looked(g)) any = true;
  if (!any) return shared;
  const item = new Int32Array(total).fill(-1);
  markSetupMentions(doc, l, shared, item, looked, bucketBits);
  if (names) markRepeatedNames(doc, l, shared, item, looked);
  return shared;
}

/**
 * For tests: `uncountedMentions(doc)` made afresh, with `markSetupMentions` counting sentences in 2 ** `bucketBits`
 * buckets first, or (`bucketBits` -1) every sentence by its string (the plain count the buckets filter for).
 */
export function uncountedMentionsForTests(doc: PromptDocument, bucketBits: number): Uint8Array {
  return markUncountedMentions(doc, layout(doc), bucketBits);
}

/**
 * Sets `item[at]` to the item of each counted mention (`shared[at]` COUNTED) and marks IN_SETUP those whose
 * sentence most items of their group hold (groups for which `looked` is true; see `SentenceCount`).
 *
 * Most sentences of a dataset are held by one record: first each sentence is counted by its `textKey` (read
 * from the text, no string made) in the buckets of a table, where sentences that share a bucket add up; then
 * only the mentions whose bucket is held by enough items are counted by their sentence, as before. A bucket
 * counts the items of its sentences' mentions as a sentence's count does (a new item after another one counts),
 * over a sequence of which each of its sentences' is a part, and so counts at least as many as each of them
 * (test/lexicon/setup-mentions.test.ts compares the two). Counting every sentence by its string made a
 * string, a count and a Map entry for each: 10 MiB JSONL bench corpus (35,521 records, ~50,000 sentences),
 * `markUncountedMentions` allocated ~6.9 MB per lint.
 */
function markSetupMentions(doc: PromptDocument, l: Layout, shared: Uint8Array, item: Int32Array, looked: (g: number) => boolean, bucketBits?: number): void {
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const base = l.mentionBase!;
  const total = shared.length;
  // Each distinct text's mentions' sentence keys (equal texts share one analysis, and so their keys): those
  // of the text with analysis id `i` from `keys[keyStart[i]]` on (-1: not read yet).
  const keyStart = new Int32Array(lexicon.size).fill(-1);
  const keys = new Int32Array(total);
  let keyCount = 0;
  // The buckets: for bucket b, runs[2b] the items counted, runs[2b + 1] the last one counted + 1. About one
  // for every 8 mentions: a bucket holds several sentences, but rarely more than a group's half of its items
  // unless one of them is. 10 MiB JSONL bench corpus, a bucket per 1-2 mentions (1 MB table, read at random)
  // -> per 8-16 (128 KB): demographic-imbalance phase CPU-time minima 12.9/14.1/12.8 -> 11.8/12.1/12.0 ms.
  const filter = bucketBits !== -1;
  const bits = bucketBits === undefined || !filter ? Math.max(10, 32 - Math.clz32(total) - 3) : bucketBits;
  const runs = bucketTable(2 << bits);
  const shift = 32 - bits;
  // Of each counted mention of a group that is looked at, its bucket (its index in `runs`); -1 for the others. The
  // second pass reads this table (and `item`) in order instead of every segment's analysis and mentions again:
  // 10 MiB JSONL bench corpus (106,563 texts, 79,292 mentions, 45% of texts with none, skipped by `base`), the
  // demographic-imbalance phase, CPU-time minima of bench/rule-phase-cpu.mjs, A/B processes alternating, three pairs:
  // 12.4/12.0/12.2 -> 11.0/10.9/11.2 ms; 1 MiB JSONL 1.17/1.19 -> 1.03/1.01 ms; the text corpora unchanged.
  const bucketOf = new Int32Array(total).fill(-1);
  let hot = !filter;
  for (let si = 0; si < doc.prose.length; si++) {
    // No mentions in items here (`base` counts only theirs): the segment's analysis is not read.
    if (base[si] === base[si + 1]) continue;
    const segItem = segItems[si]!;
    const lex = lexicon.prose[si]!;
    const ms = lex.mentions;
    let from = keyStart[lex.id]!;
    if (from < 0) {
      from = keyStart[lex.id] = keyCount;
      sentenceKeysOfMentions(lex.text, ms, keys, from);
      keyCount += ms.length;
    }
    const seg = doc.prose[si]!;
    let k = -1;
    for (let mIndex = 0, at = base[si]!; mIndex < ms.length; mIndex++, at++) {
      if (shared[at] !== COUNTED) continue;
      k = segItem >= 0 ? segItem : itemAt(l.items, seg.sourceOffset(ms[mIndex]!.start), k);
      if (k < 0) continue;
      item[at] = k;
      const g = l.items.groupOf[k]!;
      if (!looked(g)) continue;
      const b = (Math.imul(keys[from + mIndex]! ^ g, 0x9e3779b1) >>> shift) << 1;
      bucketOf[at] = b;
      if (runs[b + 1] !== k + 1) {
        runs[b]!++;
        runs[b + 1] = k + 1;
        if (isRepeatedInItems(runs[b]!, l.sizes[g]!)) hot = true;
      }
    }
  }
  if (!hot) return;
  // The mentions of sentences in buckets held by enough items, counted by their sentence: listed in `counted`
  // (the first `countedLength`), with `bucketOf[at]` overwritten by the index of their sentence's count in `counts`.
  const counted = new Int32Array(total);
  let countedLength = 0;
  const counts: SentenceCount[] = [];
  const byGroup: SentenceCounts[] = [];
  for (let g = 0; g < l.groups.length; g++) byGroup.push(new SentenceCounts());
  // The sentences of each distinct text's mentions, by its analysis's `id`: a text that many records repeat (a
  // system prompt) is split once. Kept for this pass only: kept on each analysis (as they were), they were
  // ~2.6 MB of strings a 10 MiB JSONL lint held to its end.
  // Of the text with analysis id `i`, 1 + the index of its sentences in `sentenceLists` (0: not split yet).
  const sentencesOf = new Int32Array(lexicon.size);
  const sentenceLists: string[][] = [];
  // The count of the last mention's sentence, for the next mention in the same sentence of the same group
  // (in this text or the next: a system prompt that every record repeats is one string, looked up once).
  let lastSentence = '';
  let lastGroup = -1;
  let c: KeyedSentenceCount | undefined;
  // The segment of mention `at` (`base[si]` <= `at` < `base[si + 1]`), and its sentences once read.
  let si = 0;
  let sentencesSegment = -1;
  let sentences: string[] = [];
  for (let at = 0; at < total; at++) {
    const b = bucketOf[at]!;
    if (b < 0) continue;
    const k = item[at]!;
    const g = l.items.groupOf[k]!;
    if (filter && !isRepeatedInItems(runs[b]!, l.sizes[g]!)) continue;
    while (base[si + 1]! <= at) si++;
    // The sentence of each mention (equal texts share one analysis, and so their sentences).
    if (sentencesSegment !== si) {
      const lex = lexicon.prose[si]!;
      if (sentencesOf[lex.id] === 0) sentencesOf[lex.id] = sentenceLists.push(sentencesOfMentions(lex.text, lex.mentions));
      sentences = sentenceLists[sentencesOf[lex.id]! - 1]!;
      sentencesSegment = si;
    }
    const sentence = sentences[at - base[si]!]!;
    if (c === undefined || sentence !== lastSentence || g !== lastGroup) {
      c = byGroup[g]!.get(sentence);
      if (c.index < 0) c.index = counts.push(c) - 1;
      lastSentence = sentence;
      lastGroup = g;
    }
    if (c.last !== k) {
      c.items++;
      c.last = k;
    }
    bucketOf[at] = c.index;
    counted[countedLength++] = at;
  }
  for (let i = 0; i < countedLength; i++) {
    const at = counted[i]!;
    if (isRepeatedInItems(counts[bucketOf[at]!]!.items, l.sizes[l.items.groupOf[item[at]!]!]!)) shared[at] = IN_SETUP;
  }
}

/** `bucketTable`'s table, kept from lint to lint (a fresh one is fresh pages to fault in). */
let bucketScratch = new Int32Array(0);

/** A table of `size` zeros, for `markSetupMentions` (used by one call at a time). */
function bucketTable(size: number): Int32Array {
  if (bucketScratch.length < size) bucketScratch = new Int32Array(size);
  else bucketScratch.fill(0, 0, size);
  return bucketScratch;
}

/**
 * Marks NOT_A_PERSON the counted first names of a dataset's records (groups for which `looked` is
 * true) that at least 3 and at least half of the group's records write (`isRepeatedInItems`) while
 * none of those records has a counted pronoun of the name's gender: a product, an assistant or a
 * model the dataset is about ("Alexa won't connect to my new router." in every record of a smart
 * speaker's support set, "Compare Claude and Gemini on this SQL question."), which no record calls
 * "she" or "he". A name that varies from record to record is a person of each, and so is a name the
 * records call by its pronoun ("Sarah … she"), however many of them write it, even when that pronoun
 * is in a sentence the records repeat, in the text that writes the name ("Emily is a nurse who … .
 * Write the message she sends."; the repeated sentence's pronoun counts for no record). `item[at]` is the
 * item of mention `at` (-1 when none).
 */
function markRepeatedNames(doc: PromptDocument, l: Layout, marks: Uint8Array, item: Int32Array, looked: (g: number) => boolean): void {
  const lexicon = documentLexicon(doc);
  const base = l.mentionBase!;
  // Per item: bit 1 a counted female pronoun, bit 2 a counted male one.
  const pronouns = new Uint8Array(l.items.count);
  /**
   * Per group, per gendered name (lower case): its gender, the items that write it and whether a text
   * that writes it also holds a pronoun of its gender in a sentence the records repeat ("Emily is a
   * nurse who … . Write the message she sends to her manager.": the repeated "she" is Emily).
   */
  const byGroup = new Map<number, Map<string, { gender: Gender; items: Set<number>; called: boolean }>>();
  for (let si = 0; si < doc.prose.length; si++) {
    if (base[si] === base[si + 1]) continue;
    const lex = lexicon.prose[si]!;
    const ms = lex.mentions;
    const hasNames = (lex.mentionKinds & MENTION_NAME) !== 0;
    // Bit 1 a female pronoun of this text in repeated setup, bit 2 a male one (read for the text's names only).
    let setupPronouns = 0;
    for (let mIndex = 0, at = base[si]!; hasNames && mIndex < ms.length && at < base[si + 1]!; mIndex++, at++) {
      const t = ms[mIndex]!.tags;
      if (item[at]! >= 0 && marks[at] === IN_SETUP && t.pronoun && t.gender) setupPronouns |= t.gender === 'female' ? 1 : 2;
    }
    for (let mIndex = 0, at = base[si]!; mIndex < ms.length && at < base[si + 1]!; mIndex++, at++) {
      const k = item[at]!;
      if (k < 0 || marks[at] !== COUNTED) continue;
      const g = l.items.groupOf[k]!;
      if (!looked(g)) continue;
      const t = ms[mIndex]!.tags;
      if (t.pronoun && t.gender) pronouns[k]! |= t.gender === 'female' ? 1 : 2;
      else if (t.name?.gender && !(mIndex > 0 && isSurnameOf(ms[mIndex - 1]!, ms[mIndex]!, doc.prose[si]!.text))) {
        let names = byGroup.get(g);
        if (!names) byGroup.set(g, (names = new Map()));
        const key = t.name.name.toLowerCase();
        let e = names.get(key);
        if (!e) names.set(key, (e = { gender: t.name.gender, items: new Set(), called: false }));
        e.items.add(k);
        if (setupPronouns & (t.name.gender === 'female' ? 1 : 2)) e.called = true;
      }
    }
  }
  if (byGroup.size === 0) return;
  /** Per group, the names to mark. */
  const things = new Map<number, Set<string>>();
  for (const [g, names] of byGroup) {
    const size = l.sizes[g]!;
    for (const [key, e] of names) {
      if (!isRepeatedInItems(e.items.size, size) || e.called) continue;
      const bit = e.gender === 'female' ? 1 : 2;
      let called = false;
      for (const k of e.items) if (pronouns[k]! & bit) called = true;
      if (called) continue;
      let set = things.get(g);
      if (!set) things.set(g, (set = new Set()));
      set.add(key);
    }
  }
  if (things.size === 0) return;
  for (let si = 0; si < doc.prose.length; si++) {
    if (base[si] === base[si + 1] || !(lexicon.prose[si]!.mentionKinds & MENTION_NAME)) continue;
    const ms = lexicon.prose[si]!.mentions;
    for (let mIndex = 0, at = base[si]!; mIndex < ms.length && at < base[si + 1]!; mIndex++, at++) {
      const k = item[at]!;
      if (k < 0 || marks[at] !== COUNTED) continue;
      const name = ms[mIndex]!.tags.name;
      if (name && things.get(l.items.groupOf[k]!)?.has(name.name.toLowerCase())) marks[at] = NOT_A_PERSON;
    }
  }
}

/**
 * Marks NOT_A_PERSON the first names of `uncountedMentions` right after the word "in" (any case,
 * on the same line, only spaces between) that are neither possessive nor followed by a capitalised
 * word: a place, a programming language, a database or a product, not a person ("a hotel in
 * Florence", "things to do in Georgia", "a mutable struct in Julia", "a secondary index in
 * Cassandra"). "in Emma's class", "in Charlotte Brontë's novels" and "confided in Sarah"
 * (`PERSON_BEFORE_IN`) keep their people.
 */
function markNamesAfterIn(doc: PromptDocument, l: Layout, marks: Uint8Array): void {
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const base = l.mentionBase!;
  for (let si = 0; si < doc.prose.length; si++) {
    if (segItems[si] === NO_ITEM || !(lexicon.prose[si]!.mentionKinds & MENTION_NAME)) continue;
    const text = doc.prose[si]!.text;
    const ms = lexicon.prose[si]!.mentions;
    for (let mIndex = 0; mIndex < ms.length; mIndex++) {
      const m = ms[mIndex]!;
      if (!m.tags.name || marks[base[si]! + mIndex] !== COUNTED) continue;
      const inAt = afterIn(text, m.start);
      if (inAt < 0) {
        // After another word, only with evidence: "flights to Florence", "near Victoria station", "Is Charlotte a good base …",
        // "Julia packages", "Jasmine or Jest", "from Cassandra to Postgres".
        if (isPlaceByContext(text, m.start, m.end) || isTechnologyByContext(text, m.start, m.end)) marks[base[si]! + mIndex] = NOT_A_PERSON;
        continue;
      }
      if (possessiveOrNamed(text, m.end) || PERSON_BEFORE_IN.has(lowerWordBefore(text, inAt))) continue;
      marks[base[si]! + mIndex] = NOT_A_PERSON;
    }
  }
}

/**
 * Words before "in" whose object is a person, never a place, a language or a product: "I confided in
 * Sarah", "everyone believed in James", "my faith in Daniel". (Not "interested in" or "potential in",
 * which a language or a destination can follow.)
 */
const PERSON_BEFORE_IN: ReadonlySet<string> = new Set([
  'confide', 'confides', 'confided', 'confiding', 'believe', 'believes', 'believed', 'believing', 'faith', 'confidence',
]);

/**
 * Where the word "in" (any case) before `start` in `text` starts, when it is the word right before it
 * (only spaces between, on the line); -1 when it is not.
 */
function afterIn(text: string, start: number): number {
  let i = start;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  if (i === start || i < 2) return -1;
  if ((text.charCodeAt(i - 1) | 32) !== 110 || (text.charCodeAt(i - 2) | 32) !== 105) return -1; // "n", "i"
  const c = text.charCodeAt(i - 3);
  return i === 2 || !(isAsciiWordCode(c) || c > 127) ? i - 2 : -1;
}

/**
 * Whether the text at `end` (right after a name) is a possessive ('s, ’s) or, after spaces, a capitalised
 * word that is no region (`regionEnd`: a U.S. state, a Canadian province, a country or one's abbreviation,
 * not possessive): "in Emma Watson's", "in Charlotte Brontë" keep a person, "in Charlotte NC", "in Florence
 * Italy", "in Victoria British Columbia" are places. A region that is possessive is a surname ("in Emma Jordan's class").
 */
function possessiveOrNamed(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if ((c === 39 || c === 0x2019) && (text.charCodeAt(end + 1) | 32) === 115) return true;
  let i = end;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  if (!(i > end && i < text.length && isUpperCase(text.charAt(i)))) return false;
  const r = regionEnd(text, i);
  return r < 0 || isPossessiveAt(text, r);
}

/**
 * Marks IN_OPTION the full names (a first name and a capitalised word after it) of `uncountedMentions`
 * that lie inside a lettered option of an exemplar or test input: the answers of a knowledge question
 * ("(B) Alexander Fleming"), which cannot be renamed. Bare first names in options ("(A) Jamal (B) Brian")
 * are people the item makes up, and count; the names of the people an item is about stand in its
 * question or context too ("Jamal and Brian were at the store. Who stole?"), and count there.
 */
function markOptionMentions(doc: PromptDocument, l: Layout, marks: Uint8Array): void {
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const base = l.mentionBase!;
  for (let si = 0; si < doc.prose.length; si++) {
    if (segItems[si] === NO_ITEM || !(lexicon.prose[si]!.mentionKinds & MENTION_NAME)) continue;
    const seg = doc.prose[si]!;
    const text = seg.text;
    const ms = lexicon.prose[si]!.mentions;
    for (let mIndex = 0; mIndex < ms.length; mIndex++) {
      const m = ms[mIndex]!;
      // A full name: a first name with a capitalised word after it (a surname, an initial).
      if (!m.tags.name) continue;
      let next = m.end;
      while (next < text.length && text.charCodeAt(next) === 32) next++;
      if (next === m.end || next >= text.length || !isUpperCase(text.charAt(next))) continue;
      // Only then the options around it (reading an option's span makes it: most documents have thousands).
      if (inOption(doc, seg.sourceOffset(m.start), seg.sourceOffset(next))) marks[base[si]! + mIndex] = IN_OPTION;
    }
  }
}

/** Whether source offsets [start, end] lie inside one lettered option of the exemplar or test input holding `start`. */
function inOption(doc: PromptDocument, start: number, end: number): boolean {
  const sets = doc.exemplarSets;
  for (let s = 0; s < sets.length; s++) {
    const list = sets[s]!.exemplars;
    // The last exemplar starting at or before `start` (exemplars are in document order).
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.span.start <= start) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi >= 0 && start < list[hi]!.span.end && optionsHold(list[hi]!.options, start, end)) return true;
  }
  const tests = doc.testInputs;
  for (let i = 0; i < tests.length; i++) if (tests[i]!.span.start <= start && start < tests[i]!.span.end && optionsHold(tests[i]!.options, start, end)) return true;
  return false;
}

function optionsHold(options: readonly { span: Span }[], start: number, end: number): boolean {
  for (let o = 0; o < options.length; o++) {
    const span = options[o]!.span;
    if (span.start <= start && end < span.end) return true;
  }
  return false;
}

function isUpperCase(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** One group per exemplar set, plus one for the test inputs when there are several. */
export function profileGroups(doc: PromptDocument): ProfileGroup[] {
  const l = layout(doc);
  if (profiled.has(doc) || l.items.count === 0) return l.groups;
  profiled.add(doc);
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const uncounted = uncountedMentions(doc, l);
  const base = l.mentionBase!;
  const counts = l.items.counts;
  const genders = l.items.genders;
  /** The first names of each item that has any, by lower-case name. */
  const nameMaps = new Map<number, Map<string, ProfileName>>();
  for (let si = 0; si < doc.prose.length; si++) {
    // No mentions in items here (`base` counts only theirs): the segment's analysis is not read.
    if (base[si] === base[si + 1]) continue;
    const seg = doc.prose[si]!;
    const segItem = segItems[si]!;
    let k = -1;
    for (let mIndex = 0, mList = lexicon.prose[si]!.mentions, at = base[si]!; mIndex < mList.length; mIndex++, at++) {
      // Setup text that most of the group's items repeat is about no exemplar's people.
      const u = uncounted[at]!;
      if (u === IN_SETUP || u === NOT_A_PERSON) continue;
      const m = mList[mIndex]!;
      k = segItem >= 0 ? segItem : itemAt(l.items, seg.sourceOffset(m.start), k);
      if (k < 0) continue;
      // Item k's counts start at `p`.
      const p = k * COUNT_FIELDS;
      const t = m.tags;
      if (t.name) {
        // A surname that is also a first name ("Robert Johnson", "Meredith Kelly") names no second
        // person: its gender and origin are not the person's.
        if (mIndex > 0 && isSurnameOf(mList[mIndex - 1]!, m, seg.text)) continue;
        counts[p + PEOPLE]!++;
        // The names of candidate answers tell the item's gender ("Who refused to give up her bus seat?" /
        // "(A) Rosa Parks"), but are facts, not a choice of names: they are not among its names.
        if (u !== IN_OPTION) {
          const key = t.name.name.toLowerCase();
          let names = nameMaps.get(k);
          if (!names) nameMaps.set(k, (names = new Map()));
          if (!names.has(key)) names.set(key, { name: t.name.name, gender: t.name.gender, ethnicity: t.name.ethnicity, continent: t.name.continent });
        }
        if (t.name.gender === 'female') {
          counts[p + FEMALE]!++;
          genders[k]! |= FEMALE_BIT;
        } else if (t.name.gender === 'male') {
          counts[p + MALE]!++;
          genders[k]! |= MALE_BIT;
        }
        continue;
      }
      if (t.gender && !(t.gendered && t.gendered.kind !== 'role-noun')) {
        if (t.gender === 'female') {
          counts[p + FEMALE]!++;
          genders[k]! |= FEMALE_BIT;
        } else {
          counts[p + MALE]!++;
          genders[k]! |= MALE_BIT;
        }
        if (t.pronoun) counts[p + PRONOUNS]!++;
        else counts[p + PEOPLE]!++;
      } else if (t.group || t.occupation || t.role || t.personNoun) counts[p + PEOPLE]!++;
    }
  }
  for (const [k, names] of nameMaps) l.items.names.set(k, [...names.values()]);
  return l.groups;
}

/**
 * Whether name mention `m` is the surname of name mention `before`: it comes right after it on its
 * line, with spaces only between them ("Robert Johnson", not "Robert, Johnson" or "Robert and Johnson").
 */
function isSurnameOf(before: Mention, m: Mention, text: string): boolean {
  if (!before.tags.name || before.token + before.length !== m.token || m.start === before.end) return false;
  for (let c = before.end; c < m.start; c++) if (text.charCodeAt(c) !== 32) return false;
  return true;
}

/**
 * The distinct capitalised words of group `group` (of `profileGroups(doc)`) that stand where the
 * group's known first names stand but are in no name list: first names whose origin the data
 * does not know ("Note: Hiroshi paid for the taxi" next to "Note: Brian paid for the taxi").
 * A word stands where a name stands when the words right before and right after it on its line
 * (or the line's edge) are those around a known name of the group; it is capitalised (not all
 * capitals, more than one letter) and no lexicon word. Lower case, in order of appearance, without
 * those in `allowed`. Made on demand (a pass over the group's tokens), for a report about names.
 */
export function unrecognisedNames(doc: PromptDocument, group: ProfileGroup, allowed: ReadonlySet<string>): string[] {
  const l = layout(doc);
  profileGroups(doc);
  const g = l.groups.indexOf(group);
  if (g < 0) return [];
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  const uncounted = uncountedMentions(doc, l);
  // The words around known names: the hash of the word after, by the hash of the word before.
  const around = new Map<number, Set<number>>();
  for (let si = 0; si < doc.prose.length; si++) {
    if (segItems[si] === NO_ITEM) continue;
    const seg = doc.prose[si]!;
    const lex = lexicon.prose[si]!;
    const ms = lex.mentions;
    const base = l.mentionBase![si]!;
    let t: Tokens | undefined;
    let k = -1;
    for (let mIndex = 0; mIndex < ms.length; mIndex++) {
      const m = ms[mIndex]!;
      // Not the names `profileGroups` does not count (see `uncountedMentions`).
      if (!m.tags.name || uncounted[base + mIndex] !== COUNTED) continue;
      k = segItems[si]! >= 0 ? segItems[si]! : itemAt(l.items, seg.sourceOffset(m.start), k);
      if (k < 0 || l.items.groupOf[k]! !== g) continue;
      t ??= lex.scan();
      const before = wordBefore(t, m.token);
      const after = wordAfter(t, m.token + m.length - 1);
      let set = around.get(before);
      if (!set) around.set(before, (set = new Set()));
      set.add(after);
    }
  }
  const out: string[] = [];
  if (around.size === 0) return out;
  /** The candidate words, with how many of the group's items write them. */
  const candidates = new Map<string, SentenceCount>();
  for (let si = 0; si < doc.prose.length; si++) {
    if (segItems[si] === NO_ITEM) continue;
    const seg = doc.prose[si]!;
    const lex = lexicon.prose[si]!;
    const ms = lex.mentions;
    const t = lex.scan();
    let mi = 0;
    let k = -1;
    for (let i = 0; i < t.count; i++) {
      if ((t.flags[i]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS)) !== FLAG_CAPITALISED || t.end[i]! - t.start[i]! < 2) continue;
      const nexts = around.get(wordBefore(t, i));
      if (!nexts || !nexts.has(wordAfter(t, i))) continue;
      // Not a lexicon word (a known name, a group, a gendered word).
      while (mi < ms.length && ms[mi]!.token + ms[mi]!.length <= i) mi++;
      if (mi < ms.length && ms[mi]!.token <= i) continue;
      k = segItems[si]! >= 0 ? segItems[si]! : itemAt(l.items, seg.sourceOffset(t.start[i]!), k);
      if (k < 0 || l.items.groupOf[k]! !== g) continue;
      const word = tokenLower(t, i);
      if (allowed.has(word)) continue;
      let c = candidates.get(word);
      if (!c) candidates.set(word, (c = { items: 0, last: -1 }));
      if (c.last !== k) {
        c.items++;
        c.last = k;
      }
    }
  }
  // A word that most of the items write where names stand ("(C) Unknown" in every demo) is the set's
  // boilerplate: names vary from item to item.
  const size = l.sizes[g]!;
  for (const [word, c] of candidates) if (!isRepeatedInItems(c.items, size)) out.push(word);
  return out;
}

/** What `unrecognisedNames` keys the line's edge by (before the first word or after the last). */
const LINE_EDGE = 0;

/** Hash of the word before token `i` on its line, or LINE_EDGE. */
function wordBefore(t: Tokens, i: number): number {
  if (i === 0 || hasNewline(t.text, t.end[i - 1]!, t.start[i]!)) return LINE_EDGE;
  return t.hash[i - 1]!;
}

/** Hash of the word after token `i` on its line, or LINE_EDGE. */
function wordAfter(t: Tokens, i: number): number {
  if (i + 1 >= t.count || hasNewline(t.text, t.end[i]!, t.start[i + 1]!)) return LINE_EDGE;
  return t.hash[i + 1]!;
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let c = from; c < to; c++) {
    const code = text.charCodeAt(c);
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/** The trait words of a profile that has none (shared, read only). */
const NO_TRAIT_WORDS: TraitWords = Object.freeze({ agentic: Object.freeze([]) as unknown as string[], communal: Object.freeze([]) as unknown as string[] });

/**
 * Agentic and communal words of each profile about one gender (female or male;
 * the others get none): `traitWords(doc)[g][i]` are those of item `i` of
 * `profileGroups(doc)[g].profiles` (parallel arrays rather than a Map keyed by
 * profile, which hashed every profile object of a large dataset). Read only.
 */
export function traitWords(doc: PromptDocument): TraitWords[][] {
  const l = layout(doc);
  profileGroups(doc);
  if (l.traits) return l.traits;
  const out: TraitWords[][] = [];
  for (let g = 0; g < l.sizes.length; g++) out.push(new Array<TraitWords>(l.sizes[g]!).fill(NO_TRAIT_WORDS));
  l.traits = out;
  const items = l.items;
  const lexicon = documentLexicon(doc);
  const segItems = segmentItems(doc, l);
  for (let si = 0; si < doc.prose.length; si++) {
    const seg = doc.prose[si]!;
    // Segments outside every item are not read (their words would be dropped), nor
    // segments of one item that is not about one gender (nobody asks for its words).
    const segItem = segItems[si]!;
    if (segItem === NO_ITEM || (segItem >= 0 && !isOneGender(items, segItem))) continue;
    const lex = lexicon.prose[si]!;
    // A segment of several items (a whole few-shot prompt) is read only where its one-gender items are.
    const hitList = segItem >= 0 ? lex.traits : traitsInOneGenderItems(l, seg, lex.scan(), lex.traitCandidates);
    let k = -1;
    for (let hitIndex = 0; hitIndex < hitList.length; hitIndex++) {
      const hit = hitList[hitIndex]!;
      k = segItem >= 0 ? segItem : itemAt(items, seg.sourceOffset(hit.start), k);
      if (k < 0 || !isOneGender(items, k)) continue;
      const words = out[items.groupOf[k]!]!;
      const i = items.indexInGroup[k]!;
      if (words[i] === NO_TRAIT_WORDS) words[i] = { agentic: [], communal: [] };
      words[i]![hit.orientation].push(hit.word);
    }
  }
  return out;
}

/**
 * `traitsIn` of a segment's tokens, kept to the tokens that start inside one-gender
 * items (the only hits `traitWords` keeps: a token in a one-gender item is looked
 * up to that item or one nested in it, so the others are dropped there anyway).
 */
function traitsInOneGenderItems(l: Layout, seg: Segment, t: Tokens, candidates: Int32Array | undefined): TraitHit[] {
  const items = l.items;
  const n = seg.text.length;
  if (n === 0 || t.count === 0) return NO_HITS;
  const first = seg.sourceOffset(0);
  const last = seg.sourceOffset(n - 1);
  // Decoded ranges of the one-gender items, merged where they overlap or nest, in order: the first
  // `rangeLength` numbers of the shared scratch table (a list grown by push was a copy per growth).
  rangeLength = 0;
  // Items that start before the segment reach into it as far as the furthest one-gender end among them.
  const firstInside = lastStartingAt(items, first - 1, -1) + 1;
  const reach = oneGenderReach(l);
  if (firstInside > 0 && reach[firstInside - 1]! > first) addRange(seg, first, reach[firstInside - 1]!);
  for (let k = firstInside; k < items.count && items.starts[k]! <= last; k++) {
    if (isOneGender(items, k)) addRange(seg, items.starts[k]!, items.ends[k]!);
  }
  // Decoded offsets to token indexes. The offsets are in order, so each search starts from the
  // index before it: a binary search over all of a large text's tokens per offset was most of
  // this function (thousands of one-gender items, each two searches of some 18 scattered loads).
  const ranges = rangeScratch;
  for (let r = 0, from = 0; r < rangeLength; r++) ranges[r] = from = firstTokenAt(t, ranges[r]!, from);
  return traitsIn(t, ranges, candidates, candidates ? candidates.length : 0, rangeLength);
}

/** See `traitsInOneGenderItems`: ranges as pairs of numbers, the first `rangeLength` of them in use. */
let rangeScratch = new Int32Array(64);
let rangeLength = 0;

/** Adds the decoded range of source span [start, end) of `seg` to the scratch ranges, merged with the last one where they overlap. */
function addRange(seg: Segment, start: number, end: number): void {
  const a = seg.decodedIndex(start);
  const b = seg.decodedIndex(end);
  if (b <= a) return;
  if (rangeLength > 0 && a <= rangeScratch[rangeLength - 1]!) {
    rangeScratch[rangeLength - 1] = Math.max(rangeScratch[rangeLength - 1]!, b);
    return;
  }
  if (rangeLength + 2 > rangeScratch.length) {
    const grown = new Int32Array(rangeScratch.length * 2);
    grown.set(rangeScratch);
    rangeScratch = grown;
  }
  rangeScratch[rangeLength++] = a;
  rangeScratch[rangeLength++] = b;
}

const NO_HITS: TraitHit[] = Object.freeze([]) as unknown as TraitHit[];

/**
 * Index of the first token starting at or after decoded offset `at`, which is not below `from`
 * (the caller knows no token before `from` does): looked for in steps that double from `from`
 * until a token at or after `at` is passed, then by halving that last step.
 */
function firstTokenAt(t: Tokens, at: number, from: number): number {
  const start = t.start;
  const count = t.count;
  let lo = from;
  let hi = from;
  for (let step = 1; hi < count && start[hi]! < at; step *= 2) {
    lo = hi + 1;
    hi = from + step;
  }
  if (hi > count) hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.start[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each item index k, the furthest end of the one-gender items 0..k (-1 if none). */
function oneGenderReach(l: Layout): Int32Array {
  if (l.oneGenderReach) return l.oneGenderReach;
  const reach = new Int32Array(l.items.count);
  let max = -1;
  const items = l.items;
  for (let k = 0; k < items.count; k++) {
    if (isOneGender(items, k) && items.ends[k]! > max) max = items.ends[k]!;
    reach[k] = max;
  }
  return (l.oneGenderReach = reach);
}

function firstLine(doc: PromptDocument, span: Span): Span {
  return { start: span.start, end: Math.max(span.start, lineEndFrom(doc.text, span.start, span.end)) };
}

// ---------------------------------------------------------------------------
// Profile groups of a document linted part by part

/**
 * The profile groups of a document linted part by part (docs/design/part-wise-lint.md), as its parts come: a
 * prompt's demo set is gathered item by item, since each of its items is counted on its own. The groups whose
 * counts need all their items at once are read from the whole document at the end:
 * - a dataset's records, whose setup text and repeated names are marked over the whole group;
 * - the test inputs, a group only when the document has several.
 */
export class ProfileGatherer {
  private readonly demoGroups = new Map<object, GatheredGroup>();
  private wholeNeeded = false;
  private testInputs = 0;

  /** `traits`: gather each item's trait words too (see traitWords). */
  constructor(private readonly traits: boolean) {}

  add(doc: PromptDocument): void {
    // A group still held as the last part gave it is copied now: a part's model is let go before the next part.
    for (const g of this.demoGroups.values()) g.detach(this.traits);
    this.testInputs += doc.testInputs.length;
    const groups = profileGroups(doc);
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      if (group.kind !== 'exemplars' || group.dataset) {
        if (group.dataset) this.wholeNeeded = true;
        continue;
      }
      const set = group.set!;
      const key = set.whole ?? set;
      let gathered = this.demoGroups.get(key);
      if (!gathered) this.demoGroups.set(key, (gathered = new GatheredGroup(group, set)));
      const index = g;
      gathered.add(group, () => traitWords(doc)[index]!, this.traits);
    }
  }

  /**
   * The groups, in the order their first items came (the demo sets gathered, then the whole document's others),
   * with each one's trait words (when gathered) and the whole document's group it is (for what only that gives:
   * unrecognisedNames).
   */
  finish(whole: () => PromptDocument): GatheredProfiles[] {
    const out: GatheredProfiles[] = [];
    for (const g of this.demoGroups.values()) out.push({ group: g.group(), traits: () => g.traits(), wholeGroup: () => wholeGroupOf(whole(), g.seen) });
    if (this.wholeNeeded || this.testInputs > 1) {
      const doc = whole();
      const groups = profileGroups(doc);
      for (let i = 0; i < groups.length; i++) {
        const group = groups[i]!;
        if (group.kind === 'exemplars' && !group.dataset) continue;
        out.push({ group, traits: () => traitWords(doc)[i]!, wholeGroup: () => ({ doc, group }) });
      }
    }
    return out;
  }
}

/** A profile group as ProfileGatherer gives it. */
export interface GatheredProfiles {
  group: ProfileGroup;
  /** Its items' trait words (see traitWords; gathered only when the gatherer was asked to). */
  traits: () => readonly TraitWords[];
  /** The whole document and its group that this one is, for what only they give (unrecognisedNames). */
  wholeGroup: () => { doc: PromptDocument; group: ProfileGroup } | undefined;
}

/** The group of `doc` (a whole document) made of the exemplar set `seen` describes (its shape, kind and span). */
function wholeGroupOf(doc: PromptDocument, seen: Pick<ExemplarSet, 'shape' | 'kind' | 'span'>): { doc: PromptDocument; group: ProfileGroup } | undefined {
  for (const group of profileGroups(doc)) {
    const set = group.set;
    if (set && set.shape === seen.shape && set.kind === seen.kind && set.span.start === seen.span.start && set.span.end === seen.span.end) return { doc, group };
  }
  return undefined;
}

/** A demo set's profiles, gathered piece by piece: each item's counts, gender, names, span and trait words. */
class GatheredGroup {
  /** The only piece so far, as the part gave it, until a later part or piece comes (see `detach`). */
  private held: { group: ProfileGroup; traits: () => readonly TraitWords[] } | undefined;
  /** Items copied from the pieces: `count` of them, with their counts (COUNT_FIELDS per item), gender bits, span, names and trait words. */
  private count = 0;
  private counts = new Int32Array(COUNT_FIELDS * 256);
  private genders = new Uint8Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private readonly names = new Map<number, readonly ProfileName[]>();
  private readonly words: TraitWords[] = [];
  private readonly head: Span;
  private readonly dataset: boolean;
  /** The set the group is of, as first seen (for wholeGroupOf). */
  readonly seen: Pick<ExemplarSet, 'shape' | 'kind' | 'span'>;

  constructor(first: ProfileGroup, set: ExemplarSet) {
    this.head = first.span;
    this.dataset = first.dataset;
    this.seen = { shape: set.shape, kind: set.kind, span: set.span };
  }

  /** The next piece: `group` of its part, and its items' trait words (read only if `withTraits`). */
  add(group: ProfileGroup, traits: () => readonly TraitWords[], withTraits: boolean): void {
    if (this.held === undefined && this.count === 0) {
      this.held = { group, traits };
      return;
    }
    this.detach(withTraits);
    this.copy(group.profiles, withTraits ? traits() : undefined);
  }

  /** Copies the piece held, if any, and lets it go. */
  detach(withTraits: boolean): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.copy(held.group.profiles, withTraits ? held.traits() : undefined);
  }

  /** Appends the items of `profiles` (in typed arrays that grow to twice their size: no object per item). */
  private copy(profiles: Profiles, traits: readonly TraitWords[] | undefined): void {
    const n = profiles.length;
    const from = this.count;
    if (from + n > this.genders.length) {
      const size = Math.max(from + n, 2 * this.genders.length);
      this.counts = grownTo(this.counts, COUNT_FIELDS * size);
      this.genders = grownTo(this.genders, size);
      this.starts = grownTo(this.starts, size);
      this.ends = grownTo(this.ends, size);
    }
    const { counts, genders, starts, ends } = this;
    for (let i = 0; i < n; i++) {
      const k = from + i;
      counts[k * COUNT_FIELDS + FEMALE] = profiles.female(i);
      counts[k * COUNT_FIELDS + MALE] = profiles.male(i);
      counts[k * COUNT_FIELDS + PRONOUNS] = profiles.pronouns(i);
      counts[k * COUNT_FIELDS + PEOPLE] = profiles.people(i);
      genders[k] = profiles.genderBits(i);
      const names = profiles.names(i);
      if (names.length) this.names.set(k, names);
      const span = profiles.span(i);
      starts[k] = span.start;
      ends[k] = span.end;
      if (traits) this.words.push(traits[i] ?? NO_TRAIT_WORDS);
    }
    this.count = from + n;
  }

  /** The items' trait words. */
  traits(): readonly TraitWords[] {
    return this.held ? this.held.traits() : this.words;
  }

  /** The group as profileGroups gives one. */
  group(): ProfileGroup {
    if (this.held) return this.held.group;
    const count = this.count;
    const order = new Int32Array(count);
    for (let k = 0; k < count; k++) order[k] = k;
    const table: ItemTable = {
      count,
      starts: new Int32Array(0),
      ends: new Int32Array(0),
      groupOf: new Int32Array(0),
      indexInGroup: new Int32Array(0),
      counts: this.counts.subarray(0, COUNT_FIELDS * count),
      genders: this.genders.subarray(0, count),
      names: this.names,
    };
    const { starts, ends } = this;
    return { kind: 'exemplars', dataset: this.dataset, span: this.head, profiles: new Profiles(table, order, (i) => ({ start: starts[i]!, end: ends[i]! })) };
  }
}

/** `a`'s entries in a new array of its kind `length` long. */
function grownTo<T extends Int32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  b.set(a);
  return b;
}
