/**
 * Agentic and communal word stems (Wan et al. 2023; Gaucher, Friesen & Kay 2011),
 * matched as prefixes of tokens with a trie.
 */
import { lazy, readDataCsv } from './data.js';
import { lowerCode, type Tokens } from './tokens.js';

export type Orientation = 'agentic' | 'communal';

const CATEGORY: Record<string, Orientation> = {
  agentic: 'agentic',
  masculine_coded: 'agentic',
  communal: 'communal',
  feminine_coded: 'communal',
};

/**
 * Stems left out because in prompts they mostly match task words, not traits:
 * "assist" (assistant), "respon" (response), "child" (children), "depend",
 * "commit", "share", "support" (but "supportiv" stays), "analy", "decid"/"decision",
 * "individual", "objective", "principle", "activ", "opinion", "challeng", "force",
 * "agree", "trust", "together", "connect", "understand" (but "understanding" stays),
 * "feel", "yield", "compet", "defend", "fight", "battle", "champion", "persist",
 * "sufficien", "honest", and the gender words "feminine", "masculine", "communal".
 */
export const EXCLUDED_STEMS = new Set([
  'assist', 'respon', 'child', 'depend', 'commit', 'share', 'sharin', 'support', 'analy', 'decid', 'decide', 'decision',
  'individual', 'objective', 'principle', 'activ', 'active', 'opinion', 'challeng', 'force', 'agree', 'trust', 'together',
  'connect', 'understand', 'feel', 'yield', 'compet', 'defend', 'fight', 'battle', 'champion', 'persist', 'sufficien',
  'honest', 'feminine', 'masculine', 'communal', 'collab', 'inclusive', 'driven', 'superior', 'domina',
]);

interface TrieNode {
  next: Map<number, TrieNode>;
  stem?: { stem: string; orientation: Orientation; sources: string[] };
}

/** Index of a lower-case ASCII letter triple, or -1. */
function tripleIndex(a: number, b: number, c: number): number {
  if (a < 97 || a > 122 || b < 97 || b > 122 || c < 97 || c > 122) return -1;
  return ((a - 97) * 26 + (b - 97)) * 26 + (c - 97);
}

/**
 * Which three-letter word starts can begin a stem (all stems have at least three
 * letters), so most tokens are rejected with one table lookup.
 */
export const stemStarts = lazy((): Uint8Array => {
  const table = new Uint8Array(26 * 26 * 26);
  const walk = (node: TrieNode, prefix: number[]) => {
    if (prefix.length === 3) {
      const k = tripleIndex(prefix[0]!, prefix[1]!, prefix[2]!);
      if (k >= 0) table[k] = 1;
      return;
    }
    for (const [c, n] of node.next) walk(n, [...prefix, c]);
  };
  walk(stemTrie(), []);
  return table;
});

/** Whether a token starting with these (lower-cased) character codes can hold a stem. */
export function mayStartStem(a: number, b: number, c: number): boolean {
  const k = tripleIndex(a, b, c);
  return k >= 0 && stemStarts()[k] === 1;
}

export const stemTrie = lazy((): TrieNode => {
  const root: TrieNode = { next: new Map() };
  for (const r of readDataCsv('agentic_communal_lexicons.csv')) {
    const o = CATEGORY[r.category!];
    const stem = r.stem!.toLowerCase();
    if (!o || EXCLUDED_STEMS.has(stem)) continue;
    let node = root;
    for (let i = 0; i < stem.length; i++) {
      const c = stem.charCodeAt(i);
      let n = node.next.get(c);
      if (!n) node.next.set(c, (n = { next: new Map() }));
      node = n;
    }
    if (node.stem) {
      if (!node.stem.sources.includes(r.source_list!)) node.stem.sources.push(r.source_list!);
    } else node.stem = { stem, orientation: o, sources: [r.source_list!] };
  }
  return root;
});

/** Words that start with a stem but are not traits. */
const NOT_TRAITS = new Set(['assistant', 'assistants', 'kinds', 'warmup', 'nagasaki']);

/** The orientation of a (lower-case) word, by its longest matching stem. */
export function orientationOf(word: string): { stem: string; orientation: Orientation } | undefined {
  if (NOT_TRAITS.has(word)) return undefined;
  let node: TrieNode | undefined = stemTrie();
  let found: TrieNode['stem'];
  for (let i = 0; i < word.length && node; i++) {
    node = node.next.get(word.charCodeAt(i));
    if (node?.stem) found = node.stem;
  }
  // Very short stems must match the whole word or a clear suffix.
  if (found && found.stem.length <= 3 && word.length > found.stem.length + 4) return undefined;
  return found ? { stem: found.stem, orientation: found.orientation } : undefined;
}

/**
 * The orientation of text[start, end) (a token), walking the trie over its
 * lower-cased characters without allocating unless a stem matches.
 */
export function orientationAt(text: string, start: number, end: number): { stem: string; orientation: Orientation; word: string } | undefined {
  let node: TrieNode | undefined = stemTrie();
  let found: TrieNode['stem'];
  for (let i = start; i < end && node; i++) {
    node = node.next.get(lowerCode(text.charCodeAt(i)));
    if (node?.stem) found = node.stem;
  }
  if (!found) return undefined;
  const word = text.slice(start, end).toLowerCase();
  const o = orientationOf(word);
  return o ? { ...o, word } : undefined;
}

export interface TraitHit {
  /** Offset of the word in the tokenised text. */
  start: number;
  /** The word, lower case. */
  word: string;
  orientation: Orientation;
}

const NO_TRAITS: TraitHit[] = Object.freeze([]) as unknown as TraitHit[];

/** The agentic and communal words of tokenised text, in order. */
export function traitsIn(t: Tokens): TraitHit[] {
  const text = t.text;
  const starts = stemStarts();
  let out: TraitHit[] | undefined;
  for (let i = 0; i < t.count; i++) {
    const s = t.start[i]!;
    if (t.end[i]! - s < 3) continue;
    // `mayStartStem`, with the table looked up once per text.
    const k = tripleIndex(lowerCode(text.charCodeAt(s)), lowerCode(text.charCodeAt(s + 1)), lowerCode(text.charCodeAt(s + 2)));
    if (k < 0 || starts[k] !== 1) continue;
    const o = orientationAt(text, s, t.end[i]!);
    if (!o) continue;
    // "what kind of" is not a trait.
    if (o.word === 'kind' && i + 1 < t.count && text.slice(t.start[i + 1]!, t.end[i + 1]!).toLowerCase() === 'of') continue;
    (out ??= []).push({ start: s, word: o.word, orientation: o.orientation });
  }
  return out ?? NO_TRAITS;
}
