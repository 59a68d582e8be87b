/**
 * Counterfactual swaps, shared by the demographic lint rules and the
 * `demographic-swap` audit: gendered words (he <-> she, actor <-> actress,
 * Mr <-> Ms, ...) and first names by gender and ethnicity.
 *
 * Swaps keep word boundaries and case (lower, Title, UPPER). `index` is the
 * offset of the swapped word in the input text.
 */
import { genderPairs, PRONOUNS, type Gender } from './gender.js';
import { ETHNICITIES, nameIndex, nameKey, nameTable, type Ethnicity, type NameInfo } from './names.js';
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, hashWord, tokenize, tokenLower, type Tokens } from './tokens.js';

export interface Swap {
  from: string;
  to: string;
  index: number;
}

export interface SwapResult {
  text: string;
  swaps: Swap[];
}

export interface NameGroup {
  gender?: 'female' | 'male';
  ethnicity?: string;
}

export interface NameMention {
  name: string;
  index: number;
  gender?: 'female' | 'male';
  ethnicity?: string;
}

/**
 * Words after which "her" is an object ("gave her the book", "with her and ...")
 * and "his" stands alone ("the book is his and ..."), rather than a possessive
 * before a noun.
 */
const NOT_A_NOUN_PHRASE = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'to', 'and', 'or', 'but', 'nor', 'so', 'yet', 'in', 'on', 'at',
  'for', 'with', 'from', 'by', 'of', 'about', 'as', 'into', 'onto', 'over', 'under', 'after', 'before', 'than', 'up',
  'down', 'out', 'off', 'back', 'away', 'is', 'was', 'are', 'were', 'be', 'been', 'am', 'will', 'would', 'can', 'could',
  'should', 'may', 'might', 'must', 'shall', 'do', 'does', 'did', 'has', 'have', 'had', 'if', 'when', 'while', 'because',
  'since', 'until', 'unless', 'though', 'although', 'whether', 'where', 'why', 'how', 'what', 'who', 'whom', 'which',
  'again', 'too', 'now', 'then', 'there', 'here', 'yesterday', 'today', 'tomorrow', 'tonight', 'later', 'soon',
  'anything', 'something', 'nothing', 'everything', 'some', 'any', 'all', 'both', 'each', 'every', 'no', 'not',
  'it', 'them', 'him', 'her', 'me', 'us', 'you', 'i', 'we', 'they', 'he', 'she', 'my', 'your', 'our', 'their', 'its',
  'alone', 'well', 'very', 'enough', 'first', 'last', 'once', 'twice', 'home', 'either', 'neither',
]);

/** Whether the token after i starts a noun phrase that a possessive would precede. */
export function nounFollows(t: Tokens, i: number): boolean {
  if (i + 1 >= t.count) return false;
  const gap = t.text.slice(t.end[i]!, t.start[i + 1]!);
  if (!/^[ \t]+$/.test(gap)) return false;
  return !NOT_A_NOUN_PHRASE.has(tokenLower(t, i + 1));
}

/** Give `replacement` the case pattern of `original`. */
export function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase()) {
    return replacement.toUpperCase();
  }
  const first = original[0]!;
  if (first !== first.toLowerCase()) return replacement[0]!.toUpperCase() + replacement.slice(1);
  return replacement;
}

function counterpart(t: Tokens, i: number, word: string): string | undefined {
  const p = PRONOUNS.get(word);
  if (p) {
    switch (word) {
      case 'he':
        return 'she';
      case 'she':
        return 'he';
      case 'him':
        return 'her';
      case 'himself':
        return 'herself';
      case 'herself':
        return 'himself';
      case 'hers':
        return 'his';
      case 'his':
        return nounFollows(t, i) ? 'her' : 'hers';
      case 'her':
        return nounFollows(t, i) ? 'his' : 'him';
    }
  }
  const { toFemale, toMale } = genderPairs();
  return toFemale.get(word) ?? toMale.get(word);
}

function applySwaps(text: string, swaps: Swap[]): string {
  let out = '';
  let pos = 0;
  for (const s of swaps) {
    out += text.slice(pos, s.index) + s.to;
    pos = s.index + s.from.length;
  }
  return out + text.slice(pos);
}

/** Swap every gendered word for its counterpart, both ways, in one pass. */
export function swapGender(text: string): SwapResult {
  const t = tokenize(text);
  const swaps: Swap[] = [];
  for (let i = 0; i < t.count; i++) {
    const start = t.start[i]!;
    let end = t.end[i]!;
    let word = tokenLower(t, i);
    // "ma'am" is two tokens around an apostrophe.
    if (word === 'ma' && i + 1 < t.count && tokenLower(t, i + 1) === 'am' && /^['\u2019]$/.test(text.slice(end, t.start[i + 1]!))) {
      word = "ma'am";
      end = t.end[i + 1]!;
      i++;
    }
    const to = counterpart(t, i, word);
    if (!to) continue;
    const from = text.slice(start, end);
    swaps.push({ from, to: matchCase(from, to), index: start });
  }
  return { text: applySwaps(text, swaps), swaps };
}

function canonicalEthnicity(e: string | undefined): Ethnicity | undefined {
  if (!e) return undefined;
  const k = e.trim().toLowerCase();
  if (k === 'latino' || k === 'latina' || k === 'latinx' || k === 'hispanic') return 'hispanic';
  if (k === 'asian_pacific_islander' || k === 'asian') return 'asian';
  return (ETHNICITIES as readonly string[]).includes(k) ? (k as Ethnicity) : undefined;
}

function inGroup(info: NameInfo, g: NameGroup): boolean {
  if (g.gender && info.gender !== g.gender) return false;
  if (g.ethnicity !== undefined && info.ethnicity !== canonicalEthnicity(g.ethnicity)) return false;
  return true;
}

/**
 * Capitalised first names in the text that the name data knows, as written ("José", the data's
 * Jose: names match folded, see `nameIndex`), with the data's entry for each.
 */
function nameMatches(text: string): { mention: NameMention; info: NameInfo }[] {
  const t = tokenize(text);
  const out: { mention: NameMention; info: NameInfo }[] = [];
  for (const m of nameIndex().matchAll(t)) {
    if (!(t.flags[m.token]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS))) continue;
    const mention: NameMention = { name: text.slice(m.start, m.end), index: m.start };
    if (m.value.gender) mention.gender = m.value.gender;
    if (m.value.ethnicity) mention.ethnicity = m.value.ethnicity;
    out.push({ mention, info: m.value });
  }
  return out;
}

/** Capitalised first names in the text that the name data knows (as written: "José" is the data's Jose). */
export function namesIn(text: string): NameMention[] {
  return nameMatches(text).map((m) => m.mention);
}

const MIN_GROUP_SIZE = 5;

function groupPool(g: NameGroup): NameInfo[] {
  const pool: NameInfo[] = [];
  for (const info of nameTable().values()) if (inGroup(info, g) && !info.name.includes('-')) pool.push(info);
  pool.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  return pool;
}

/** Name groups with at least five names: each gender, each ethnicity, and each gender x ethnicity. */
export function listNameGroups(): NameGroup[] {
  const candidates: NameGroup[] = [{ gender: 'female' }, { gender: 'male' }];
  for (const e of ETHNICITIES) candidates.push({ ethnicity: e });
  for (const e of ETHNICITIES) for (const g of ['female', 'male'] as Gender[]) candidates.push({ gender: g, ethnicity: e });
  return candidates.filter((g) => groupPool(g).length >= MIN_GROUP_SIZE);
}

/**
 * Replace every name of group `from` with a name of group `to`. The mapping is
 * deterministic (seeded), one-to-one within a text, and keeps what the groups
 * do not specify: swapping ethnicity keeps a name's gender, and swapping gender
 * keeps its ethnicity, when the data has such names.
 */
export function swapNames(text: string, from: NameGroup, to: NameGroup, seed = 0): SwapResult {
  const found = nameMatches(text);
  const mentions = found.filter((m) => inGroup(m.info, from));
  // By `nameKey`: "José" and "Jose" are one name, and a pool name written either way is present.
  const present = new Set(found.map((m) => nameKey(m.mention.name)));
  const mapping = new Map<string, string>();
  const used = new Set<string>();
  const swaps: Swap[] = [];
  for (const { mention: m, info } of mentions) {
    const key = nameKey(m.name);
    let target = mapping.get(key);
    if (!target) {
      const keep: NameGroup = { ...to };
      if (!to.gender && info.gender) keep.gender = info.gender;
      if (to.ethnicity === undefined && info.ethnicity && from.ethnicity === undefined) keep.ethnicity = info.ethnicity;
      let pool = groupPool(keep).filter((n) => !inGroup(n, from) || sameGroup(from, to));
      if (pool.length === 0) pool = groupPool(to).filter((n) => !inGroup(n, from) || sameGroup(from, to));
      pool = pool.filter((n) => !present.has(nameKey(n.name)));
      if (pool.length === 0) continue;
      let k = (hashWord(`${seed}:${key}`) >>> 0) % pool.length;
      for (let probe = 0; probe < pool.length && used.has(pool[k]!.name); probe++) k = (k + 1) % pool.length;
      target = pool[k]!.name;
      mapping.set(key, target);
      used.add(target);
    }
    swaps.push({ from: m.name, to: matchCase(m.name, target), index: m.index });
  }
  return { text: applySwaps(text, swaps), swaps };
}

function sameGroup(a: NameGroup, b: NameGroup): boolean {
  return a.gender === b.gender && canonicalEthnicity(a.ethnicity) === canonicalEthnicity(b.ethnicity);
}
