/**
 * Agentic and communal word stems (Wan et al. 2023; Gaucher, Friesen & Kay 2011),
 * matched as prefixes of tokens with a trie.
 */
import { lazy, readDataCsv } from './data.js';
import { lowerCode } from './tokens.js';

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
