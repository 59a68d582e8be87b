/**
 * Gender vocabulary: pronouns, gendered person nouns, male/female term pairs
 * (for swapping), and gender-marked role nouns with neutral alternatives.
 */
import { lazy, readDataCsv } from './data.js';
import { PhraseIndex } from './phrases.js';

export type Gender = 'female' | 'male';

export type PronounCase = 'nominative' | 'object' | 'possessive' | 'possessive-pronoun' | 'reflexive' | 'object-or-possessive';

export interface PronounInfo {
  gender: Gender;
  case: PronounCase;
}

/** Third-person singular gendered pronouns. "her" is object or possessive. */
export const PRONOUNS: ReadonlyMap<string, PronounInfo> = new Map<string, PronounInfo>([
  ['he', { gender: 'male', case: 'nominative' }],
  ['him', { gender: 'male', case: 'object' }],
  ['his', { gender: 'male', case: 'possessive' }],
  ['himself', { gender: 'male', case: 'reflexive' }],
  ['she', { gender: 'female', case: 'nominative' }],
  ['her', { gender: 'female', case: 'object-or-possessive' }],
  ['hers', { gender: 'female', case: 'possessive-pronoun' }],
  ['herself', { gender: 'female', case: 'reflexive' }],
]);

/**
 * Pairs from the term-pair data that are not person terms, are typos in the
 * sources, or are not counterparts; left out of swapping and gender counting.
 */
const EXCLUDED_PAIR_TERMS = new Set([
  // anatomy, hormones, medicine, drugs
  'penis', 'clitoris', 'vagina', 'semen', 'female ejaculation', 'sperm', 'ovum', 'prostate', 'skene gland',
  'prostatic utricle', 'womb', 'uterus', 'androgen', 'estrogen', 'estradiol', 'testosterone', 'andropause',
  'menopause', 'andrology', 'obstetrics', 'cialis', 'viagra', 'prostate cancer', 'ovarian cancer',
  // animals
  'stallion', 'mare', 'bull', 'bulls', 'cow', 'cows', 'deer', 'doe', 'colt', 'colts', 'filly', 'fillies', 'gelding',
  'rooster', 'roosters', 'hen', 'hens', 'lion', 'lions', 'lioness', 'lionesses', 'stud', 'studs', 'minx', 'minxes',
  // not counterparts, or orientation rather than gender
  'gay', 'gays', 'lesbian', 'lesbians', 'macho', 'effeminate', 'beard', 'beards', 'toque', 'toques', 'barbershop',
  'hair salon', 'brideprice', 'dowry', 'masculism', 'feminism', 'monastery', 'convent', 'paramour', 'baritone',
  'mezzo', 'ballet dancer', 'ballerina', 'fella', 'granny', 'bachelorette', 'maiden', 'catholic priest', 'suitor', 'suitress',
  'tailor', 'tailors', 'seamstress', "seamstress'", 'stailor', 'wench', 'wenches', 'bloke', 'blokes', 'chap', 'hubby',
  'fathered', 'mothered', 'sir', 'miss', 'madam', 'ma', 'pa', 'chick', 'chicks',
  // source typos
  'mentleman', 'godess', 'godesses', 'barnoesses', 'adultor', 'adultors', 'adultress', 'adultresses', 'heros',
  // first names are swapped by swapNames
  'john', 'mary',
  // multi-word entries (single words are swapped one by one)
  'twin brother', 'twin sister', 'ex boyfriend', 'ex girlfriend', 'male host',
]);

/** Source lists in priority order: the first mapping for a word wins. */
const PAIR_SOURCE_PRIORITY = [
  'winobias_generalized_swaps',
  'debiaswe_definitional_pairs',
  'winobias_extra_gendered_words',
  'gn_glove_wordlist',
  'debiaswe_equalize_pairs',
];

export interface GenderPairs {
  /** male word -> female word */
  toFemale: Map<string, string>;
  /** female word -> male word */
  toMale: Map<string, string>;
}

/** Male/female counterparts from gendered_term_pairs.csv (single words, lower case). */
export const genderPairs = lazy((): GenderPairs => {
  const rows = readDataCsv('gendered_term_pairs.csv')
    .map((r) => ({ male: r.male_term!.trim().toLowerCase().replace(/\.$/, ''), female: r.female_term!.trim().toLowerCase().replace(/\.$/, ''), src: r.source_list! }))
    .filter((r) => !EXCLUDED_PAIR_TERMS.has(r.male) && !EXCLUDED_PAIR_TERMS.has(r.female))
    .filter((r) => /^[a-z']+$/.test(r.male) && /^[a-z']+$/.test(r.female));
  rows.sort((a, b) => rank(a.src) - rank(b.src));
  const toFemale = new Map<string, string>();
  const toMale = new Map<string, string>();
  for (const r of rows) {
    if (!toFemale.has(r.male)) toFemale.set(r.male, r.female);
    if (!toMale.has(r.female)) toMale.set(r.female, r.male);
  }
  // Titles and address: Mr <-> Ms (Mrs and Ms both map back to Mr); sir <-> ma'am is handled as "ma'am".
  toFemale.set('mr', 'ms');
  toMale.set('ms', 'mr');
  toMale.set('mrs', 'mr');
  toFemale.set('sir', "ma'am");
  toMale.set("ma'am", 'sir');
  toMale.set('madam', 'sir');
  return { toFemale, toMale };
});

function rank(src: string): number {
  const i = PAIR_SOURCE_PRIORITY.indexOf(src);
  return i < 0 ? PAIR_SOURCE_PRIORITY.length : i;
}

/**
 * Words that mark a person's gender (man, women, mother, actress, Mr, ...), from
 * the pair data, plus the pronouns. Used to count gender in exemplars.
 */
export const genderedPersonWords = lazy((): Map<string, Gender> => {
  const { toFemale, toMale } = genderPairs();
  const m = new Map<string, Gender>();
  for (const w of toFemale.keys()) m.set(w, 'male');
  for (const w of toMale.keys()) m.set(w, 'female');
  for (const [w, p] of PRONOUNS) m.set(w, p.gender);
  // Too ambiguous as gender evidence in running text.
  for (const w of ['god', 'gods', 'master', 'masters', 'host', 'hosts', 'lord', 'lords', 'hero', 'heroes']) m.delete(w);
  return m;
});

export interface GenderedTerm {
  /** The term as listed (lower case). */
  term: string;
  gender?: Gender;
  /** Neutral alternatives, the preferred first. */
  alternatives: string[];
  kind: 'role-noun' | 'generic-masculine' | 'gendered-phrase';
  /** retext-equality rule id, for provenance ("gender-27"), or the data file of an EXTRA_ROLE_TERMS entry. */
  sourceRule: string;
  /** Where the term comes from, when not retext-equality (see EXTRA_ROLE_TERMS). */
  source?: string;
  /** A split form of a closed compound ("man-made" for "manmade"): only counts when written with a hyphen. */
  hyphenOnly?: boolean;
}

/**
 * Person words, kinship, royalty and fiction: gendered, but not gender-marked role nouns.
 * The plain person words girl, boy, lady and gentleman end like role compounds
 * (sales-lady, cow-boy, chair-man) but name a person, not a role: "a 6-year-old boy",
 * "the girls' soccer team", "ladies and gentlemen".
 */
const NOT_ROLE_TERMS = new Set([
  'man', 'men', 'woman', 'women', 'girl', 'girls', 'boy', 'boys', 'lady', 'ladies', 'gentleman', 'gentlemen', 'hangman', 'hangmen', 'hangwoman', 'hangwomen', 'sandman', 'sandmen', 'sandwoman',
  'sandwomen', 'boogeyman', 'boogeywoman', 'boogieman', 'boogiewoman', 'bogeyman', 'bogeywoman', 'bogieman',
  'bogiewoman', 'boogiemen', 'boogiewomen', 'bogiemen', 'bogiewomen', 'superman', 'supermen', 'superwoman',
  'superwomen', 'caveman', 'cavemen', 'cavewoman', 'cavewomen', 'madman', 'madmen', 'mad man', 'mad men', 'own man',
  'own woman', 'princess', 'princesses', 'empress', 'empresses', 'patroness', 'mistress', 'hostess', 'hostesses',
  'countryman', 'countrymen', 'countrywoman', 'countrywomen', 'kinsman', 'kinsmen', 'kinswoman', 'kinswomen',
  'frenchmen', 'englishmen', 'henchman', 'henchmen', 'henchwoman', 'henchwomen', 'common girl', 'working woman',
  'working mother', 'working wife', 'office girls', 'call girl', 'calendar girl', 'career girl', 'career woman',
  'master key', 'master copy', 'master plan', 'master the art', 'english master', 'like a man', 'man enough',
  'man of action', 'man of the world', 'man a desk', 'man the booth', 'man the phones', 'maiden', 'maiden race',
  'brotherhood', 'sisterhood', 'fraternal', 'manly', 'unmanly', 'unwomanly', 'unwomenly', 'unmenly', 'manliness',
  'womanhood', 'manhood', 'masculinity', 'femininity', 'feminin', 'dudely', 'ladylike', 'motherly', 'manned', 'unmanned',
  'midwife', 'housewife', 'housewives', 'housemaid', 'oneupmanship', 'workmanship', 'fellowship', 'masterful',
  'mastermind', 'masterpiece', 'masterplan', 'masterstroke', 'mans best friend', 'no mans land', 'wife beater',
  'wifebeater', 'tradesmans entrance', 'mansized task', 'man sized task', 'statesman like', 'statesmanlike', 'sportsmanlike',
]);

const GENERIC_MASCULINE = new Set([
  'mankind', 'manpower', 'manmade', 'manhour', 'man hour', 'manhours', 'man hours', 'freshman', 'freshmen',
  'common man', 'average man', 'average working man', 'man in the street', 'modern man', 'ancient man',
  'industrial man', 'brotherhood of man', 'men of science', 'man of letters', 'man of the land', 'founding father',
  'forefather', 'forefathers', 'fatherland', 'layman', 'laymen', 'sportsmanship', 'mother tongue', 'father tongue',
]);

/**
 * Alternatives that replace the data's where its first choice reads badly in
 * prompts (this project's choice): "in layman's terms" -> "in layperson's terms",
 * not "civilian"; "actress" -> "actor", which is now used for all genders.
 */
const ALTERNATIVE_OVERRIDES: Record<string, string[]> = {
  layman: ['layperson', 'non-specialist'],
  laymen: ['laypeople', 'non-specialists'],
  actress: ['actor', 'performer'],
  actresses: ['actors', 'performers'],
  // freshman's counterparts are listed as role nouns; like freshman (a generic masculine) they keep the data's order.
  freshwoman: ['first-year student', 'fresher'],
  freshwomen: ['first-year students', 'freshers'],
  // The data's only alternative, "senator", is one office; a statesman is any senior political leader.
  statesman: ['statesperson', 'political leader'],
  stateswoman: ['statesperson', 'political leader'],
  // The data's first choice, "notary", is another office, and its "omsbudperson" is misspelt.
  ombudsman: ['ombudsperson', 'ombud', 'mediator'],
  ombudswoman: ['ombudsperson', 'ombud', 'mediator'],
  ombudsmen: ['ombudspersons', 'ombuds', 'mediators'],
  ombudswomen: ['ombudspersons', 'ombuds', 'mediators'],
  // The stem rule puts "front" first ("the band's front"); a frontman is a lead singer or a figurehead.
  frontman: ['lead singer', 'frontperson', 'figurehead'],
  'front man': ['lead singer', 'frontperson', 'figurehead'],
  frontwoman: ['lead singer', 'frontperson', 'figurehead'],
  'front woman': ['lead singer', 'frontperson', 'figurehead'],
  frontmen: ['lead singers', 'figureheads'],
  'front men': ['lead singers', 'figureheads'],
  frontwomen: ['lead singers', 'figureheads'],
  'front women': ['lead singers', 'figureheads'],
};

/**
 * Alternatives that retext-equality writes as two words where the closed compound is the standard
 * spelling (Merriam-Webster, Oxford): "fire fighter" -> "firefighter", "trouble shooter" ->
 * "troubleshooter". Applied to the data's alternatives at load; the CSV is kept as collected.
 */
const ALTERNATIVE_SPELLINGS: Record<string, string> = {
  'fire fighter': 'firefighter',
  'fire fighters': 'firefighters',
  'trouble shooter': 'troubleshooter',
  'business person': 'businessperson',
};

/**
 * Gender-marked role nouns that retext-equality lacks but gendered_term_pairs.csv lists as a
 * male/female pair (gn_glove and WinoBias's extra gendered words: headmaster/headmistress), with
 * neutral alternatives compiled for this project.
 */
export const EXTRA_ROLE_TERMS: Record<string, { gender: Gender; alternatives: string[] }> = {
  headmaster: { gender: 'male', alternatives: ['head teacher', 'principal'] },
  headmasters: { gender: 'male', alternatives: ['head teachers', 'principals'] },
  headmistress: { gender: 'female', alternatives: ['head teacher', 'principal'] },
  headmistresses: { gender: 'female', alternatives: ['head teachers', 'principals'] },
};

const ROLE_MORPHOLOGY = /(?:man|men|woman|women|ess|esses|ette|ettes|trix|lady|ladies|girl|girls|boy|boys)$|^(?:lady|woman|male|female) /;

/**
 * Gender-marked role nouns and generic masculines, from retext-equality's gender
 * rules, keeping only terms that are role nouns by their form (chair-man,
 * waitr-ess, usher-ette, aviatr-ix, cleaning lady) or generic masculines; person
 * words, kinship, royalty and idioms are left out (see NOT_ROLE_TERMS).
 */
export const genderedTerms = lazy((): PhraseIndex<GenderedTerm> => {
  const index = new PhraseIndex<GenderedTerm>();
  /** The role nouns by term, for the plurals' "-people" (see peopleFirst). */
  const roles = new Map<string, GenderedTerm>();
  for (const r of readDataCsv('retext_equality_gender_terms.csv')) {
    const alternatives = r.considerate_alternatives!.split('|').map((s) => ALTERNATIVE_SPELLINGS[s.trim()] ?? s.trim()).filter(Boolean);
    // "frontman, front man" lists spelling variants in one cell.
    for (const variant of r.inconsiderate_term!.split(',').map((s) => s.trim().toLowerCase())) {
      if (!variant || variant.includes('*') || variant.endsWith('.') || NOT_ROLE_TERMS.has(variant)) continue;
      const generic = GENERIC_MASCULINE.has(variant);
      if (!generic && !ROLE_MORPHOLOGY.test(variant)) continue;
      const gender = r.term_group === 'female' || r.term_group === 'male' ? (r.term_group as Gender) : undefined;
      const entry: GenderedTerm = {
        term: variant,
        gender,
        // A generic masculine names no role, so there is no role stem to keep: the data's order stands
        // (freshman -> "first-year student", not "fresher", which only shares the letters of "fresh").
        alternatives: ALTERNATIVE_OVERRIDES[variant] ?? (generic ? [...new Set(alternatives)] : preferAlternatives(variant, alternatives)),
        kind: generic ? 'generic-masculine' : variant.includes(' ') ? 'gendered-phrase' : 'role-noun',
        sourceRule: r.rule_id!,
      };
      index.add(variant, entry);
      if (entry.kind !== 'generic-masculine' && !ALTERNATIVE_OVERRIDES[variant]) roles.set(variant, entry);
      // "manmade" is also written "man-made"; the tokeniser reads the hyphen as a joined gap, so the split
      // form is indexed too, but only counts with a hyphen ("the man made dinner" is not a generic masculine).
      const m = /^man(power|kind|made|hours?)$/.exec(variant);
      if (m && !index.get(`man ${m[1]}`)) index.add(`man ${m[1]}`, { ...entry, hyphenOnly: true });
    }
  }
  for (const entry of roles.values()) peopleFirst(entry, roles);
  for (const [term, { gender, alternatives }] of Object.entries(EXTRA_ROLE_TERMS)) {
    if (!index.get(term)) index.add(term, { term, gender, alternatives, kind: 'role-noun', sourceRule: 'gendered_term_pairs', source: 'gendered_term_pairs.csv (gn_glove, WinoBias)' });
  }
  return index;
});

/**
 * A -men/-women plural whose singular's first alternative is the stem + "person" gets that
 * compound's plural in "-people" first: salesmen -> "salespeople" (the data lists "salesperson" for
 * salesman but only "sales clerks", "sales reps", … for salesmen), craftsmen -> "craftspeople"
 * (before the data's "craftspersons"), spokesmen -> "spokespeople"; not clergymen or journeymen
 * (see below).
 */
function peopleFirst(entry: GenderedTerm, roles: Map<string, GenderedTerm>): void {
  const term = entry.term;
  if (!term.endsWith('men')) return;
  const singular = roles.get(`${term.slice(0, -3)}man`);
  const first = singular?.alternatives[0];
  if (!first || !first.endsWith('person') || first.includes(' ')) return;
  // The stem must be the term's own ("sales" of "salesmen", "sales men" and "saleswomen").
  const stem = term.replace(/\s*(?:wo)?men$/, '');
  if (first !== `${stem}person`) return;
  // Only a stem in -s makes an established "-people" word (salespeople, craftspeople, spokespeople,
  // tradespeople); "clergypeople" and "journeypeople" are not in use, and the data's own plurals
  // ("clerics", "journeypersons") stand.
  if (!stem.endsWith('s')) return;
  const people = `${stem}people`;
  entry.alternatives = [people, ...entry.alternatives.filter((a) => a !== people)];
}

/**
 * Order alternatives so the one that keeps the role's stem comes first
 * (policeman -> "police officer", salesman -> "salesperson", chairman -> "chair").
 */
export function preferAlternatives(term: string, alternatives: string[]): string[] {
  const stem = term.replace(/(?:wo)?m[ae]n$|ess(?:es)?$|ette?s?$|trix$| (?:lady|ladies|girls?|boys?)$/, '').replace(/^(?:lady|woman|male|female) /, '').trim();
  const unique = [...new Set(alternatives)];
  if (stem.length < 3 || stem === term) return unique;
  const i = unique.findIndex((a) => a.toLowerCase().replace(/[\s-]/g, '').startsWith(stem.replace(/[\s-]/g, '')));
  if (i <= 0) return unique;
  return [unique[i]!, ...unique.slice(0, i), ...unique.slice(i + 1)];
}
