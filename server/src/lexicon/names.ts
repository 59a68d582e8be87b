/**
 * First names with their gender association and name origin, from the SSA
 * baby-name counts, the BBQ name vocabulary, Tzioumis 2018, Bertrand and
 * Mullainathan 2004, and Kirk et al. 2021.
 */
import { lazy, readDataCsv } from './data.js';
import { PhraseIndex } from './phrases.js';
import type { Gender } from './gender.js';
import { foldWord, WordSet, type Tokens } from './tokens.js';

/** Canonical ethnicity labels: BBQ's "Latino" and Tzioumis's "hispanic" are both `hispanic`. */
export type Ethnicity = 'asian' | 'black' | 'hispanic' | 'white' | 'arab';
export const ETHNICITIES: readonly Ethnicity[] = ['arab', 'asian', 'black', 'hispanic', 'white'];

export interface NameInfo {
  /** As written in the data (capitalised). */
  name: string;
  /** Undefined for unisex names (SSA 30-70% female) or names without gender data. */
  gender?: Gender;
  ethnicity?: Ethnicity;
  /** Continent of origin (Kirk et al. 2021), when listed there. */
  continent?: string;
  /** Which data sets list the name. */
  sources: string[];
  /** Frequency rank for ordering (lower = more common); Infinity when unknown. */
  rank: number;
}

/**
 * Names that are also common English words or places; a capitalised "May",
 * "Will" or "Grace" at the start of a sentence is usually not a name.
 */
export const AMBIGUOUS_NAMES = new Set([
  'an', 'in', 'my', 'mi', 'ha', 'ho', 'le', 'bo', 'ki', 'man', 'name', 'said', 'son', 'sun', 'song', 'long', 'chance',
  'legacy', 'blessing', 'infant', 'baby', 'king', 'prince', 'princess', 'justice', 'honor', 'reign', 'ocean', 'river',
  'rivers', 'sky', 'august', 'june', 'april', 'may', 'rose', 'grace', 'hope', 'faith', 'joy', 'destiny', 'genesis',
  'serenity', 'harmony', 'melody', 'mark', 'bill', 'will', 'guy', 'pat', 'frank', 'earl', 'ray', 'rich', 'dean',
  'chase', 'page', 'lane', 'hunter', 'sage', 'amber', 'crystal', 'dawn', 'ruby', 'pearl', 'jewel', 'iris', 'ivy',
  'lily', 'daisy', 'holly', 'heather', 'olive', 'jade', 'summer', 'autumn', 'angel', 'christian', 'israel', 'jordan',
  'georgia', 'india', 'asia', 'china', 'paris', 'austin', 'dallas', 'houston', 'carolina', 'virginia', 'savannah',
  'brooklyn', 'kenya', 'montana', 'indiana', 'cleveland', 'lincoln', 'phoenix', 'charleston', 'harlem', 'salem',
  'branch', 'banks', 'brooks', 'reed', 'clay', 'cash', 'gay', 'sol', 'divine', 'precious', 'royal', 'major', 'ever',
  'ivory', 'ginger', 'penny', 'misty', 'cedar', 'honey', 'storm', 'rain', 'sunny', 'miles', 'max', 'cruz', 'fe',
  'flor', 'luz', 'dell', 'gene', 'gentry', 'grant', 'hudson', 'jack', 'kit', 'kin', 'luna', 'noble', 'ocean',
  'price', 'pilar', 'rex', 'roman', 'sable', 'star', 'trinity', 'unique', 'young', 'ya', 'dat', 'lien', 'loan', 'loc',
  'nam', 'soon', 'tam', 'van', 'won', 'yen', 'bin', 'chi', 'hue', 'nga', 'phu', 'san', 'shan', 'tan', 'lan', 'lai',
  'mai', 'fan', 'gang', 'hang', 'long', 'ming', 'ping', 'wing', 'hope', 'nor', 'noor', 'ara', 'aries', 'isa', 'said',
  'amparo', 'concepcion', 'consuelo', 'socorro', 'refugio', 'lourdes', 'rosario', 'trinidad', 'guadalupe',
]);

function canonicalEthnicity(s: string): Ethnicity | undefined {
  switch (s.trim().toLowerCase()) {
    case 'asian':
    case 'asian_pacific_islander':
      return 'asian';
    case 'black':
      return 'black';
    case 'latino':
    case 'hispanic':
      return 'hispanic';
    case 'white':
      return 'white';
    case 'arab':
      return 'arab';
    default:
      return undefined;
  }
}

function canonicalGender(s: string | undefined): Gender | undefined {
  const g = (s ?? '').trim().toLowerCase();
  if (g === 'f' || g === 'female') return 'female';
  if (g === 'm' || g === 'male') return 'male';
  return undefined;
}

/**
 * The key of a first name in `nameTable`: lower case, folded (see `foldWord`), as names are
 * written with and without their accents ("José" and "Jose", "María" and "Maria" are one name).
 */
export const nameKey = (name: string): string => foldWord(name);

/**
 * All first names, keyed by `nameKey`. A name the data lists with and without accents is one
 * entry (Kirk et al.'s "María", "Tomás" join SSA's "Maria", Tzioumis's "Tomas"), named as the
 * first source to list it writes it.
 */
export const nameTable = lazy((): Map<string, NameInfo> => {
  const m = new Map<string, NameInfo>();
  const get = (name: string): NameInfo => {
    const key = nameKey(name);
    let info = m.get(key);
    if (!info) m.set(key, (info = { name, sources: [], rank: Infinity }));
    return info;
  };
  // SSA: gender association, ranked by births.
  for (const r of readDataCsv('names_ssa_us_gender_1940_2023.csv')) {
    const info = get(r.name!);
    info.gender = canonicalGender(r.gender_association);
    info.rank = Math.min(info.rank, Number(r.rank_in_category));
    info.sources.push('ssa');
  }
  // Tzioumis 2018: majority race/ethnicity group of first names (>= 50% share); measured, so it takes precedence.
  for (const r of readDataCsv('names_tzioumis2018_race_ethnicity.csv')) {
    const info = get(r.name!);
    info.ethnicity = canonicalEthnicity(r.majority_group!);
    if (!Number.isFinite(info.rank)) info.rank = 1000 + Number(r.rank_in_group);
    info.sources.push('tzioumis2018');
  }
  // Bertrand & Mullainathan 2004 (as WEAT stimuli): names distinctive of White or African-American
  // babies by their birth-certificate frequency ratio; measured too, so only Tzioumis comes before it.
  // Its names are the White and Black sets; the file has no gender column, so gender stays SSA's.
  for (const r of readDataCsv('names_bertrand2004_race.csv')) {
    const info = get(r.word!);
    if (!info.ethnicity) info.ethnicity = r.word_set!.startsWith('african_american') ? 'black' : 'white';
    if (!Number.isFinite(info.rank)) info.rank = 1500;
    info.sources.push('bertrand2004');
  }
  // BBQ: gender x ethnicity for first names. Its gender is used; its ethnicity only fills gaps,
  // since BBQ lists common names like David and Amy as Asian (and Amy also as White).
  for (const r of readDataCsv('names_bbq_gender_ethnicity.csv')) {
    if (r.name_type === 'last') continue;
    const info = get(r.name!);
    const g = canonicalGender(r.gender);
    if (g) info.gender = g;
    const e = canonicalEthnicity(r.ethnicity ?? '');
    if (e && !info.sources.includes('tzioumis2018') && !info.ethnicity) info.ethnicity = e;
    info.sources.push('bbq');
  }
  // Kirk et al. 2021: names by continent (gender inferred from the source's row order).
  for (const r of readDataCsv('kirk2021_names_to_continent.csv')) {
    const info = get(r.name!);
    info.continent = r.continent;
    if (!info.gender && !info.sources.includes('ssa')) info.gender = canonicalGender(r.gender_inferred_from_row_order);
    if (!Number.isFinite(info.rank)) info.rank = 2000;
    info.sources.push('kirk2021');
  }
  for (const k of AMBIGUOUS_NAMES) m.delete(k);
  return m;
});

/**
 * Common words of other languages that are a first name of the data folded (see `foldWord`), lower
 * case as written: no name, even capitalised at the start of a sentence. Spanish "niña" (girl, Nina),
 * "francés" (French, Frances), "Sídney" and "Río" (places: Sidney, Rio), Portuguese "irmã" (sister,
 * Irma), Italian "sarà" and "andrà" (will be, will go: Sara, Andra), Swedish "ändra" (change: Andra).
 * (Spanish "tú", Finnish "hän", Turkish "şu" and "corazón" fold onto names of Asian origin, which
 * `foldedNameCounts` leaves out anyway.)
 */
const FOLDED_NOT_NAMES = new WordSet(['niña', 'francés', 'sídney', 'río', 'irmã', 'sarà', 'andrà', 'ändra']);

/**
 * Whether the name `info` at token i of `t`, the data's name only when folded (written with
 * diacritics the data's spelling has not, or without those it has), counts as that name: not
 * for a name of Asian origin (the data's spellings of those are romanisations, and the same letters
 * with Vietnamese diacritics or pinyin tone marks are mostly other words: "Thông", "Làm", "Tại", "Tú"
 * fold onto Thong, Lam, Tai and Tu), nor for a word of FOLDED_NOT_NAMES.
 */
export function foldedNameCounts(info: NameInfo, t: Tokens, i: number): boolean {
  return info.ethnicity !== 'asian' && !FOLDED_NOT_NAMES.has(t, i);
}

/** The name table as a phrase index (for the one-pass matcher); names match folded too (see `foldedNameCounts`). */
export const nameIndex = lazy((): PhraseIndex<NameInfo> => {
  const index = new PhraseIndex<NameInfo>();
  for (const info of nameTable().values()) index.add(info.name, info);
  index.foldedValue = (info, t, i) => (foldedNameCounts(info, t, i) ? info : undefined);
  return index;
});
