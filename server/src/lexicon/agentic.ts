/**
 * Agentic and communal word stems (Wan et al. 2023; Gaucher, Friesen & Kay 2011),
 * matched as prefixes of tokens with a trie.
 */
import { lazy, readDataCsv } from './data.js';
import { FLAG_CAPITALISED, FLAG_SENTENCE_START, lowerCode, PREFIX_WHOLE, tokenLower, type Tokens } from './tokens.js';

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

interface Stem {
  stem: string;
  orientation: Orientation;
  sources: string[];
}

/**
 * The stems as a trie in flat arrays: node `n`'s child for symbol `y` (a-z are
 * 0-25, '-' is 26, the only characters stems have) is `next[n * SYMBOLS + y]`,
 * 0 for none (the root, node 0, is nobody's child). Walked once per candidate
 * token, so array loads instead of a Map lookup per character.
 */
interface StemTrie {
  next: Int32Array;
  /** The stem ending at each node, if any. */
  stems: (Stem | undefined)[];
}

const SYMBOLS = 27;

/** Trie symbol of a (lower-case) code unit, or -1 for one no stem holds. */
function symbolOf(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  return c === 45 ? 26 : -1;
}

/**
 * For each three-letter word start, the trie node it leads to (0 when no stem
 * starts so; all stems have at least three letters), so most tokens are
 * rejected with one table lookup and the others walk on from their fourth letter.
 * A second part of as many entries, by the same index, tells the tokeniser which
 * fourth letters may follow (see PREFIX_WHOLE in tokens.ts), so that it lists
 * fewer tokens as trait candidates (`scanCandidates`): bit y when the node has a
 * child for letter y, PREFIX_WHOLE when the three letters are a stem.
 */
export const stemStarts = lazy((): Int32Array => {
  const { next, stems } = stemTrie();
  const table = new Int32Array(2 * TRIGRAMS);
  for (let a = 0; a < 26; a++) {
    const na = next[a]!;
    if (na === 0) continue;
    for (let b = 0; b < 26; b++) {
      const nb = next[na * SYMBOLS + b]!;
      if (nb === 0) continue;
      for (let c = 0; c < 26; c++) {
        const node = next[nb * SYMBOLS + c]!;
        if (node === 0) continue;
        const at = (a * 26 + b) * 26 + c;
        table[at] = node;
        // A stem that goes on with a hyphen ("xyz-…") is met at a token of three letters followed by "-": such a
        // trigram passes alone, as a stem does (none of the data's stems has a hyphen fourth; kept right if one does).
        let fourth = stems[node] || next[node * SYMBOLS + 26] !== 0 ? PREFIX_WHOLE : 0;
        for (let y = 0; y < 26; y++) if (next[node * SYMBOLS + y] !== 0) fourth |= 1 << y;
        table[TRIGRAMS + at] = fourth;
      }
    }
  }
  return table;
});

/** Entries of the first part of `stemStarts()`. */
const TRIGRAMS = 26 * 26 * 26;

export const stemTrie = lazy((): StemTrie => {
  const children: number[] = new Array(SYMBOLS).fill(0);
  const stems: (Stem | undefined)[] = [undefined];
  for (const r of readDataCsv('agentic_communal_lexicons.csv')) {
    const o = CATEGORY[r.category!];
    const stem = r.stem!.toLowerCase();
    if (!o || EXCLUDED_STEMS.has(stem)) continue;
    let node = 0;
    for (let i = 0; i < stem.length; i++) {
      const y = symbolOf(stem.charCodeAt(i));
      if (y < 0) throw new Error(`agentic_communal_lexicons.csv: stem "${stem}" has a character other than a-z and "-"`);
      let n = children[node * SYMBOLS + y]!;
      if (n === 0) {
        n = stems.length;
        stems.push(undefined);
        for (let k = 0; k < SYMBOLS; k++) children.push(0);
        children[node * SYMBOLS + y] = n;
      }
      node = n;
    }
    if (stem.length < 3) throw new Error(`agentic_communal_lexicons.csv: stem "${stem}" is shorter than three letters`);
    const known = stems[node];
    if (known) {
      if (!known.sources.includes(r.source_list!)) known.sources.push(r.source_list!);
    } else stems[node] = { stem, orientation: o, sources: [r.source_list!] };
  }
  return { next: Int32Array.from(children), stems };
});

/**
 * Words that start with a stem but are not traits: "confidential" (confiden), "decision" (decisi: the
 * stems "decid" and "decision" are left out above, decisi would count it anyway), the verb "determine"
 * (determin: "determined" and "determination" stay), "tactics" (tact), "kindergarten", "Kindle" and
 * "kinda" (kind), "leaderboard" (lead), "helpdesk" and "helpline" (help).
 */
const NOT_TRAITS = new Set([
  'assistant', 'assistants', 'kinds', 'warmup', 'warmups', 'nagasaki', 'confidential', 'confidentially', 'confidentiality',
  'decision', 'decisions', 'determine', 'determines', 'determining', 'tactic', 'tactics', 'tactical', 'tactically', 'tactician',
  'tacticians', 'kindergarten', 'kindergartens', 'kindle', 'kindles', 'kindled', 'kindling', 'kinda', 'leaderboard', 'leaderboards',
  'helpdesk', 'helpdesks', 'helpline', 'helplines',
]);

/** Nouns after "help" that make it a UI or service noun ("help desk", "Help menu"). */
const HELP_NOUNS = [
  'desk', 'desks', 'center', 'centre', 'page', 'pages', 'menu', 'text', 'article', 'articles', 'chat', 'button', 'docs',
  'documentation', 'section', 'link', 'icon', 'tab', 'screen', 'topic', 'topics', 'site', 'forum', 'portal', 'widget', 'ticket',
  'tickets',
];
/** Words after "lead": a role ("lead engineer"), a thing ("lead time", "lead poisoning") or "lead to", "lead up to". */
const LEAD_NOUNS = [
  'engineer', 'engineers', 'developer', 'developers', 'designer', 'designers', 'architect', 'architects', 'author', 'authors',
  'investigator', 'investigators', 'researcher', 'researchers', 'scientist', 'scientists', 'analyst', 'analysts', 'counsel',
  'nurse', 'nurses', 'teacher', 'teachers', 'singer', 'guitarist', 'vocalist', 'generation', 'magnet', 'magnets', 'score',
  'scores', 'scoring', 'source', 'sources', 'list', 'lists', 'form', 'forms', 'capture', 'paint', 'pipe', 'pipes', 'poisoning',
  'time', 'times', 'up', 'to',
];
/** Words after "leading": "leading zeros", "leading cause", "leading to", "leading up to". */
const LEADING_NOUNS = [
  'zero', 'zeros', 'zeroes', 'whitespace', 'space', 'spaces', 'edge', 'indicator', 'indicators', 'cause', 'causes', 'question',
  'questions', 'provider', 'providers', 'brand', 'brands', 'supplier', 'suppliers', 'manufacturer', 'manufacturers', 'digit',
  'digits', 'character', 'characters', 'slash', 'underscore', 'up', 'to',
];
/** Words that start a clause after "confident" ("confident the release ships", "confident that …", "confident she will"). */
const CLAUSE_STARTS = [
  'that', 'the', 'this', 'these', 'those', 'our', 'we', 'it', 'its', 'he', 'she', 'they', 'you', 'i', 'his', 'her', 'their', 'my', 'your',
];
/**
 * Trait words that the next word (after a space or one hyphen) gives another sense: "kind of", "Kind
 * regards", "warm-up", a "help desk" or the "Help menu", a "lead engineer" or the "lead time", "leading
 * zeros", "leads to", and "confident the release ships" or "confident that …" (a belief about a fact, as
 * a reference letter's "I am confident she will excel" is the writer's, not the candidate's trait).
 */
const NEXT_WORD_NOT_TRAIT: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      ['kind', ['of', 'regards', 'wishes']],
      ['kindest', ['regards', 'wishes']],
      ['warm', ['up', 'regards', 'wishes']],
      ['warmest', ['regards', 'wishes']],
      ['warmed', ['up']],
      ['warming', ['up']],
      ['warms', ['up']],
      ['help', HELP_NOUNS],
      ['lead', LEAD_NOUNS],
      ['leads', ['to', 'up']],
      ['leading', LEADING_NOUNS],
      ['confident', CLAUSE_STARTS],
      ['confidence', ['that', 'interval', 'intervals', 'level', 'levels', 'score', 'scores', 'threshold', 'thresholds', 'value', 'values', 'rating', 'ratings', 'band', 'bands', 'estimate', 'estimates']],
    ] as [string, string[]][]
  ).map(([w, next]) => [w, new Set(next)]),
);

/**
 * Trait words that the word before them (after a space or one hyphen) gives another sense: a "team
 * leader" or "shift lead" is a job title, "sales leads" are prospects, and one who "needs help" or will
 * "get help" receives it.
 */
const TITLE_HEADS = [
  'team', 'shift', 'group', 'squad', 'project', 'tech', 'technical', 'crew', 'unit', 'section', 'troop', 'scout', 'youth', 'worship',
  'tour', 'expedition', 'workshop', 'store', 'ward', 'course', 'sales', 'inbound', 'outbound', 'qualified',
];
const HELP_TAKERS = ['need', 'needs', 'needed', 'needing', 'get', 'gets', 'got', 'getting', 'seek', 'seeks', 'seeking', 'sought'];
const PREVIOUS_WORD_NOT_TRAIT: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      ['lead', TITLE_HEADS],
      ['leads', TITLE_HEADS],
      ['leader', TITLE_HEADS],
      ['leaders', TITLE_HEADS],
      ['help', HELP_TAKERS],
    ] as [string, string[]][]
  ).map(([w, prev]) => [w, new Set(prev)]),
);

/**
 * Whether the trait word `word` (lower case), token `i` of `t`, has another sense by the words beside
 * it (see NEXT_WORD_NOT_TRAIT and PREVIOUS_WORD_NOT_TRAIT), or is "Help" with a capital inside a
 * sentence (a UI label: "Open Help > About").
 */
function otherSenseHere(t: Tokens, i: number, word: string): boolean {
  const next = NEXT_WORD_NOT_TRAIT.get(word);
  if (next && i + 1 < t.count && t.joined[i + 1] === 1 && next.has(tokenLower(t, i + 1))) return true;
  const prev = PREVIOUS_WORD_NOT_TRAIT.get(word);
  if (prev && i > 0 && t.joined[i] === 1 && prev.has(tokenLower(t, i - 1))) return true;
  return word === 'help' && (t.flags[i]! & (FLAG_CAPITALISED | FLAG_SENTENCE_START)) === FLAG_CAPITALISED;
}

/** The orientation of a (lower-case) word, by its longest matching stem. */
export function orientationOf(word: string): { stem: string; orientation: Orientation } | undefined {
  if (NOT_TRAITS.has(word)) return undefined;
  const { next, stems } = stemTrie();
  let node = 0;
  let found: Stem | undefined;
  for (let i = 0; i < word.length; i++) {
    const y = symbolOf(word.charCodeAt(i));
    node = y < 0 ? 0 : next[node * SYMBOLS + y]!;
    if (node === 0) break;
    found = stems[node] ?? found;
  }
  // Very short stems must match the whole word or a clear suffix.
  if (found && found.stem.length <= 3 && word.length > found.stem.length + 4) return undefined;
  return found ? { stem: found.stem, orientation: found.orientation } : undefined;
}

/**
 * Whether some stem is a prefix of the lower-cased text[start, end), walking the
 * trie from `node`, the node of its first `from - start` characters.
 */
function holdsStem(text: string, from: number, end: number, node: number, next: Int32Array, stems: (Stem | undefined)[]): boolean {
  if (stems[node]) return true;
  for (let i = from; i < end; i++) {
    const y = symbolOf(lowerCode(text.charCodeAt(i)));
    node = y < 0 ? 0 : next[node * SYMBOLS + y]!;
    if (node === 0) return false;
    if (stems[node]) return true;
  }
  return false;
}

/** `orientationOf` the token text[start, end) once a stem is known to start it. */
function orientationOfToken(text: string, start: number, end: number): { stem: string; orientation: Orientation; word: string } | undefined {
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

/** No trait words (shared, read only). */
export const NO_TRAITS: TraitHit[] = Object.freeze([]) as unknown as TraitHit[];

/**
 * The agentic and communal words of tokenised text, in order; with `tokenRanges`
 * (pairs of token indexes [from, to), in order), of those tokens only. With
 * `candidates` (token indexes in order, a superset of the tokens that start with a
 * stem: see `scanCandidates` with `stemStarts()`, which lists those whose first three
 * letters start a stem and whose fourth code unit may go on with one), only those
 * tokens are looked at (the first `candidateCount` of them).
 */
export function traitsIn(
  t: Tokens,
  tokenRanges?: ArrayLike<number>,
  candidates?: Int32Array,
  candidateCount = candidates ? candidates.length : 0,
  /** How many of `tokenRanges`' numbers are ranges (a scratch table may be longer). */
  rangeLength = tokenRanges ? tokenRanges.length : 0,
): TraitHit[] {
  // Everything the loop reads in locals, and the per-token test inlined: on a
  // large text this runs once per lint over every token, mostly before it is optimised.
  const text = t.text;
  const count = t.count;
  const tokenStart = t.start;
  const tokenEnd = t.end;
  const starts = stemStarts();
  const { next, stems } = stemTrie();
  let out: TraitHit[] | undefined;
  // One loop over the ranges inside this call: a large text's ranges are many and short.
  const rangeCount = tokenRanges ? rangeLength : 2;
  // The next candidate (ranges are in order, so one pointer serves them all).
  let p = 0;
  for (let r = 0; r < rangeCount; r += 2) {
    const from = tokenRanges ? Math.max(0, tokenRanges[r]!) : 0;
    const to = tokenRanges ? Math.min(count, tokenRanges[r + 1]!) : count;
    if (candidates) while (p < candidateCount && candidates[p]! < from) p++;
    // Every token of the range, or its candidates only.
    for (let i = candidates ? (p < candidateCount ? candidates[p]! : to) : from; i < to; i = candidates ? (++p < candidateCount ? candidates[p]! : to) : i + 1) {
      const s = tokenStart[i]!;
      const e = tokenEnd[i]!;
      if (e - s < 3) continue;
      // The first three characters lower-cased: ASCII letters by setting bit 5 (no other
      // ASCII code unit lands in a-z so), others by the table (a few lower-case to ASCII).
      let a = text.charCodeAt(s);
      a = a < 128 ? a | 32 : lowerCode(a);
      if (a < 97 || a > 122) continue;
      let b = text.charCodeAt(s + 1);
      b = b < 128 ? b | 32 : lowerCode(b);
      if (b < 97 || b > 122) continue;
      let c = text.charCodeAt(s + 2);
      c = c < 128 ? c | 32 : lowerCode(c);
      if (c < 97 || c > 122) continue;
      const node = starts[((a - 97) * 26 + (b - 97)) * 26 + (c - 97)]!;
      if (node === 0 || !holdsStem(text, s + 3, e, node, next, stems)) continue;
      const o = orientationOfToken(text, s, e);
      if (!o) continue;
      // "what kind of", a "team leader", the "help desk" are not traits.
      if (otherSenseHere(t, i, o.word)) continue;
      (out ??= []).push({ start: s, word: o.word, orientation: o.orientation });
    }
  }
  return out ?? NO_TRAITS;
}
