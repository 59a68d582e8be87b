/**
 * A precompiled phrase index: single words and phrases of up to MAX_PHRASE_WORDS
 * words, keyed by the hashes the tokeniser computes. Lookups verify the words,
 * so hash collisions never produce a false match. The hashes are of folded text
 * ("José" and "Jose" hash alike: see FOLD in tokens.ts), and a match is of equal
 * words; an index with `foldedValue` also takes words equal only when folded.
 */
import { combineHash, hashWord, tokenEquals, tokenFoldEquals, tokenize, tokenLower, type Tokens } from './tokens.js';

const SIMPLE_WORD = /^[A-Za-z0-9]+$/;

export const MAX_PHRASE_WORDS = 6;

/**
 * A flat copy of a phrase, for tokenising it. Phrases from the data files are
 * slices of whole file texts, two-byte when a file holds any character above
 * U+00FF; V8 specialises the tokeniser's machine code to the string kinds it has
 * seen, and building the lexicon must not leave it twice as slow on documents.
 */
function flatCopy(phrase: string): string {
  return Array.from(phrase).join('');
}

/** Map keys are 30-bit so they stay small integers (fast Map lookups in V8). */
const key = (h: number): number => h & 0x3fffffff;
const FILTER_BITS = 1 << 18;
/** `PhraseIndex.startFilter[hash & START_FILTER_MASK]` is 0 when no entry starts with a word of that hash. */
export const START_FILTER_MASK = FILTER_BITS - 1;
const SINGLE = 1;
const PHRASE = 2;
/**
 * Second-level filters, one bit per 18-bit key, each tested before any map lookup:
 * one-word entries by bits 12-29 of their hash (independent of the first filter's
 * low bits), and the first two words of longer phrases by their combined hash.
 * Most common words that pass the first filter ("the", "all", "one" start phrases)
 * are followed by a word no phrase goes on with.
 */
const BITS_MASK = (1 << 18) - 1;
const singleBit = (h: number): number => (h >>> 12) & BITS_MASK;
const pairBit = (h: number): number => h & BITS_MASK;
const hasBit = (bits: Int32Array, b: number): boolean => (bits[b >>> 5]! & (1 << (b & 31))) !== 0;
const setBit = (bits: Int32Array, b: number): void => {
  bits[b >>> 5] |= 1 << (b & 31);
};

interface Entry<T> {
  words: string[];
  /** Undefined until decoded from `raw`, for an index restored from a snapshot. */
  value: T | undefined;
  raw?: string;
}

export interface PhraseMatch<T> {
  /** First token index. */
  token: number;
  /** Number of tokens matched. */
  length: number;
  /** Offsets in the tokenised text. */
  start: number;
  end: number;
  value: T;
}

export class PhraseIndex<T> {
  private readonly byHash = new Map<number, Entry<T>[]>();
  /** Hashes of the first word of multi-word phrases, so most tokens need one lookup. */
  private readonly firstWords = new Set<number>();
  /** Hashes of the first two or more words of longer phrases: matching stops where no phrase goes on. */
  private readonly prefixes = new Set<number>();
  /**
   * Filter over the low 18 bits of first-word hashes, so most tokens need no map
   * lookup: SINGLE when a one-word entry may start there, PHRASE when a longer one may.
   */
  private readonly filter = new Uint8Array(FILTER_BITS);
  /**
   * The first-level filter, read only, for callers that test it before calling
   * `matchLength`: most tokens start no entry, and a call per token is what a loop
   * over a large text pays most while it still runs unoptimised (the first lint).
   */
  get startFilter(): Uint8Array {
    return this.filter;
  }
  /** See `singleBit`: one-word entries. */
  private readonly singles = new Int32Array((BITS_MASK + 1) >>> 5);
  /** See `pairBit`: the first two words of every longer phrase (a superset is fine: it only skips lookups). */
  private readonly pairs = new Int32Array((BITS_MASK + 1) >>> 5);
  private maxWords = 1;
  /**
   * The lists of `byHash` in an open-addressing table, for `lookup`: a probe of an
   * Int32Array is cheaper than `Map.get` (a builtin call that hashes the key), and a
   * lookup is made for every token that may start an entry. Built on first lookup,
   * dropped by `add`.
   */
  private slotKeys: Int32Array | undefined;
  /** Per slot, its entries; for an index restored from a snapshot, made on the first lookup that reaches the slot (see `restored`). */
  private slotLists: (Entry<T>[] | undefined)[] = [];
  /**
   * For an index restored from a snapshot (`fromSnapshotText`) whose entries are not made
   * yet: the snapshot's entry keys and words, in order (entries of one key are next to
   * each other), and where each slot's entries start and how many there are. A fresh
   * process restores the index for its first lint, and making 3,830 entries and their map
   * then (split words, sliced values, a map of lists) took 11-13 ms, run unoptimised;
   * matching all of the 1 MiB bench text reaches the entries of 16 of the 3,830 keys, an
   * example prompt those of one. `byHash` is filled from these when a method needs all
   * entries (`add`, `entries`, `snapshotText`).
   */
  private restored: RestoredEntries | undefined;

  /**
   * When set, tokens [i, i + len) of `t` whose words equal an entry's only when folded (lower case,
   * a Latin letter with diacritics as its base letter: "José" and "jose", "Tomas" and "tomás") match
   * that entry too, with the value this gives for the entry's `value` there (undefined: no match),
   * when no entry matches as written. Unset, only equal words match ("él" is not "el").
   */
  foldedValue: ((value: T, t: Tokens, i: number, len: number) => T | undefined) | undefined;

  /**
   * Add a phrase (tokenised like the text, so "man-hours" = "man hours").
   * When a phrase is added twice, `merge` combines the values (default: keep the first).
   */
  add(phrase: string, value: T, merge?: (old: T, added: T) => T): void {
    this.makeAllEntries();
    const words: string[] = [];
    let h: number;
    let first: number;
    if (SIMPLE_WORD.test(phrase)) {
      // One ASCII word (most entries): the tokeniser would give exactly this hash.
      words.push(phrase.toLowerCase());
      h = first = hashWord(phrase);
    } else {
      const t = tokenize(flatCopy(phrase));
      if (t.count === 0 || t.count > MAX_PHRASE_WORDS) return;
      h = first = t.hash[0]!;
      words.push(tokenLower(t, 0));
      for (let i = 1; i < t.count; i++) {
        h = combineHash(h, t.hash[i]!);
        words.push(tokenLower(t, i));
        if (i === 1) setBit(this.pairs, pairBit(key(h)));
        if (i < t.count - 1) this.prefixes.add(key(h));
      }
    }
    if (words.length === 1) setBit(this.singles, singleBit(key(h)));
    if (words.length > 1) this.firstWords.add(key(first));
    this.filter[first & (FILTER_BITS - 1)] |= words.length > 1 ? PHRASE : SINGLE;
    this.maxWords = Math.max(this.maxWords, words.length);
    let list = this.byHash.get(key(h));
    if (!list) {
      this.byHash.set(key(h), (list = []));
      this.slotKeys = undefined;
    }
    const existing = list.find((e) => sameWords(e.words, words));
    if (existing) {
      if (merge) existing.value = merge(this.valueOf(existing), value);
      return;
    }
    list.push({ words, value });
  }

  /**
   * The built index as text, so a large index can be written at build time and
   * restored without re-hashing its phrases: a JSON header line (map keys and
   * words of every entry, in insertion order), then one line per entry value.
   */
  snapshotText(encode: (value: T) => string): string {
    this.makeAllEntries();
    const keys: number[] = [];
    const words: string[] = [];
    const values: string[] = [];
    for (const [k, list] of this.byHash) {
      for (const e of list) {
        keys.push(k);
        words.push(e.words.join(' '));
        values.push(encode(this.valueOf(e)));
      }
    }
    const header = JSON.stringify({ maxWords: this.maxWords, firstWords: [...this.firstWords], prefixes: [...this.prefixes], keys, words });
    return `${header}\n${values.join('\n')}\n`;
  }

  /**
   * An index from `snapshotText`. Values stay text until a lookup first returns
   * them (most are never needed in a short run), then `decode` turns them into values.
   */
  static fromSnapshotText<T>(text: string, decode: (raw: string) => T): PhraseIndex<T> {
    const index = new PhraseIndex<T>();
    index.decode = decode;
    // The header, then a line per value. One native split: finding the value lines one by one,
    // when the first value was needed, took 4 ms run unoptimised (as in a fresh process).
    const lines = text.split('\n');
    const h = JSON.parse(lines[0]!) as { maxWords: number; firstWords: number[]; prefixes: number[]; keys: number[]; words: string[] };
    index.maxWords = h.maxWords;
    for (const k of h.prefixes) {
      index.prefixes.add(k);
      // Prefixes of every length: a superset of the two-word ones.
      setBit(index.pairs, pairBit(k));
    }
    for (const k of h.firstWords) {
      index.firstWords.add(k);
      index.filter[k & (FILTER_BITS - 1)] |= PHRASE;
    }
    const keys = h.keys;
    const words = h.words;
    const n = keys.length;
    if (words.length !== n) throw new Error('phrase index snapshot: as many words as keys expected');
    // Checked now: a damaged snapshot must fail here, where the caller can fall back, not in a lookup.
    if (lines.length < n + 2) throw new Error('phrase index snapshot: fewer values than entries');
    // The slot table `buildSlots` would make from the map (the same size for as many keys), made
    // from the snapshot's order: the entries of one key are next to each other in it.
    let unique = 0;
    for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) unique++;
    let size = 16;
    while (size < 2 * unique) size *= 2;
    const slotKeys = new Int32Array(size).fill(-1);
    const first = new Int32Array(size);
    const count = new Int32Array(size);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const w = words[i]!;
      // The filter holds the first word of every phrase: single words here, phrases' first words above.
      const space = w.indexOf(' ');
      if (space === -1) {
        index.filter[k & (FILTER_BITS - 1)] |= SINGLE;
        setBit(index.singles, singleBit(k));
      } else if (w.indexOf(' ', space + 1) === -1) setBit(index.pairs, pairBit(k));
      if (i > 0 && k === keys[i - 1]) {
        count[s]!++;
        continue;
      }
      s = k & (size - 1);
      while (slotKeys[s] !== -1) {
        if (slotKeys[s] === k) throw new Error('phrase index snapshot: the entries of one key are not next to each other');
        s = (s + 1) & (size - 1);
      }
      slotKeys[s] = k;
      first[s] = i;
      count[s] = 1;
    }
    index.slotKeys = slotKeys;
    index.slotLists = new Array<Entry<T>[] | undefined>(size);
    index.restored = { lines, keys, words, first, count };
    return index;
  }

  /** The entries of slot `s` of a restored index, made now (see `restored`). */
  private makeSlotEntries(s: number): Entry<T>[] {
    const r = this.restored!;
    const from = r.first[s]!;
    const list = new Array<Entry<T>>(r.count[s]!);
    for (let j = 0; j < list.length; j++) {
      const i = from + j;
      const w = r.words[i]!;
      // Line 0 is the header.
      list[j] = { words: w.includes(' ') ? w.split(' ') : [w], value: undefined, raw: r.lines[i + 1]! };
    }
    return (this.slotLists[s] = list);
  }

  /** For a restored index, every entry made and `byHash` filled, in the snapshot's order (see `restored`). */
  private makeAllEntries(): void {
    const r = this.restored;
    if (!r) return;
    const keys = this.slotKeys!;
    const mask = keys.length - 1;
    for (let i = 0; i < r.keys.length; i++) {
      const k = r.keys[i]!;
      if (i > 0 && k === r.keys[i - 1]) continue;
      let s = k & mask;
      while (keys[s] !== k) s = (s + 1) & mask;
      this.byHash.set(k, this.slotLists[s] ?? this.makeSlotEntries(s));
    }
    this.restored = undefined;
  }

  private decode: ((raw: string) => T) | undefined;

  private valueOf(e: Entry<T>): T {
    if (e.value === undefined) {
      e.value = this.decode!(e.raw!);
      e.raw = undefined;
    }
    return e.value;
  }

  /** Every entry: its words and value, in insertion order. */
  *entries(): IterableIterator<[string[], T]> {
    this.makeAllEntries();
    for (const list of this.byHash.values()) for (const e of list) yield [e.words, this.valueOf(e)];
  }

  get size(): number {
    if (this.restored) return this.restored.keys.length;
    let n = 0;
    for (const l of this.byHash.values()) n += l.length;
    return n;
  }

  /**
   * The length in tokens of the longest phrase starting at token i (0 when none),
   * without allocating; its value is then in `matched`.
   */
  matchLength(t: Tokens, i: number): number {
    let h = t.hash[i]!;
    const f = this.filter[h & (FILTER_BITS - 1)]!;
    if (f === 0) return 0;
    let best = 0;
    if (f & SINGLE && hasBit(this.singles, singleBit(key(h)))) {
      const single = this.lookup(t, i, 1, h);
      if (single !== undefined) {
        best = 1;
        this.matched = single;
      }
    }
    if (
      f & PHRASE &&
      i + 1 < t.count &&
      t.joined[i + 1] &&
      hasBit(this.pairs, pairBit(key(combineHash(h, t.hash[i + 1]!)))) &&
      this.firstWords.has(key(h))
    ) {
      for (let k = 1; k < this.maxWords && i + k < t.count; k++) {
        if (!t.joined[i + k]) break;
        h = combineHash(h, t.hash[i + k]!);
        const v = this.lookup(t, i, k + 1, h);
        if (v !== undefined) {
          best = k + 1;
          this.matched = v;
        }
        if (!this.prefixes.has(key(h))) break;
      }
    }
    return best;
  }

  /** The value of the last match `matchLength` found. */
  matched: T | undefined;

  /** The longest phrase starting at token i, if any. */
  matchAt(t: Tokens, i: number): PhraseMatch<T> | undefined {
    const length = this.matchLength(t, i);
    if (length === 0) return undefined;
    return { token: i, length, start: t.start[i]!, end: t.end[i + length - 1]!, value: this.matched as T };
  }

  /** All non-overlapping longest matches, left to right. */
  matchAll(t: Tokens): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < t.count; i++) {
      const m = this.matchAt(t, i);
      if (m) {
        out.push(m);
        i += m.length - 1;
      }
    }
    return out;
  }

  /** Whether a single word or phrase (as text) is in the index. */
  get(phrase: string): T | undefined {
    const t = tokenize(flatCopy(phrase));
    if (t.count === 0) return undefined;
    const m = this.matchAt(t, 0);
    return m && m.length === t.count ? m.value : undefined;
  }

  /** The table of `slotKeys` and `slotLists`: twice as many slots as keys or more (short probe runs). */
  private buildSlots(): Int32Array {
    let size = 16;
    while (size < 2 * this.byHash.size) size *= 2;
    const keys = new Int32Array(size).fill(-1);
    const lists = new Array<Entry<T>[]>(size);
    for (const [k, list] of this.byHash) {
      let s = k & (size - 1);
      while (keys[s] !== -1) s = (s + 1) & (size - 1);
      keys[s] = k;
      lists[s] = list;
    }
    this.slotLists = lists;
    return (this.slotKeys = keys);
  }

  private lookup(t: Tokens, i: number, len: number, h: number): T | undefined {
    const keys = this.slotKeys ?? this.buildSlots();
    const mask = keys.length - 1;
    const k = key(h);
    let s = k & mask;
    // Keys are 30-bit, never -1 (an empty slot).
    for (let at = keys[s]!; at !== k; at = keys[s]!) {
      if (at === -1) return undefined;
      s = (s + 1) & mask;
    }
    const list = this.slotLists[s] ?? this.makeSlotEntries(s);
    for (const e of list) {
      if (e.words.length !== len) continue;
      let ok = true;
      for (let k = 0; k < len; k++) {
        if (!tokenEquals(t, i + k, e.words[k]!)) {
          ok = false;
          break;
        }
      }
      if (ok) return e.value !== undefined ? e.value : this.valueOf(e);
    }
    return this.foldedValue === undefined ? undefined : this.lookupFolded(t, i, len, list);
  }

  /** The value of the first entry of `list` whose words equal tokens i.. when folded, by `foldedValue` (see there). */
  private lookupFolded(t: Tokens, i: number, len: number, list: Entry<T>[]): T | undefined {
    for (const e of list) {
      if (e.words.length !== len) continue;
      let ok = true;
      for (let k = 0; k < len; k++) {
        if (!tokenFoldEquals(t, i + k, e.words[k]!)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const v = this.foldedValue!(this.valueOf(e), t, i, len);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

/** See `PhraseIndex.restored`. */
interface RestoredEntries {
  /** The snapshot's lines: the header, then a value per entry. */
  lines: string[];
  keys: number[];
  words: string[];
  /** Per slot: the index of its first entry, and how many it has. */
  first: Int32Array;
  count: Int32Array;
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}
