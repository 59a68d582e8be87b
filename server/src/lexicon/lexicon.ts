/**
 * The merged people lexicon: one phrase index whose entries carry every tag a
 * word or phrase has (gendered role noun, pronoun, gendered person word,
 * occupation, role noun, person noun, demographic group, first name). Each
 * prose segment is matched once (longest phrase first) and the mentions are
 * cached per Segment, so all demographic rules share one pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Segment, Span } from '../model/segment.js';
import type { PromptDocument } from '../model/types.js';
import { findQuotedRanges } from './context.js';
import { NO_TRAITS, stemStarts, traitsIn, type TraitHit } from './agentic.js';
import { lazy, readDataCsv } from './data.js';
import { EXTRA_ROLE_TERMS, genderedPersonWords, genderedTerms, PRONOUNS, type Gender, type GenderedTerm, type PronounInfo } from './gender.js';
import { foldedNameCounts, nameTable, type NameInfo } from './names.js';
import { PhraseIndex, START_FILTER_MASK } from './phrases.js';
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, FLAG_SENTENCE_START, hashRange, hashWord, rescanTokens, scanCandidates, scannedCandidates, scanTokens, storedTokens, storeTokens, TokenBlock, tokenEquals, tokenize, tokenLower, tokensOf, withText, WordSet, type Rescanned, type Tokens } from './tokens.js';
import { AnalysisSlot } from '../model/analysis-slot.js';

export interface Occupation {
  /** Singular noun, lower case (e.g. "nurse"). */
  noun: string;
  plural: boolean;
  /** BLS CPS table 11 row, when the crosswalk maps one. */
  bls?: { occupation: string; year: number; pctWomen?: number; employedThousands?: number; aggregate: boolean };
}

export type GroupAxis =
  | 'ability'
  | 'age'
  | 'gender'
  | 'nationality'
  | 'race_ethnicity'
  | 'religion'
  | 'sexual_orientation'
  | 'socioeconomic_class'
  | 'cultural'
  | 'political'
  | 'immigration_status'
  | 'social';

export interface GroupTerm {
  term: string;
  axis: GroupAxis;
  /** A noun phrase naming people on its own ("immigrants", "Muslims", "gay people"), not only an adjective. */
  standalone: boolean;
  /** The data spells it with a capital (Muslim, Mexican): a proper adjective. */
  proper: boolean;
  /**
   * Counted only when written with a capital (or in capitals): a demonym noun that is an ordinary
   * word in lower case ("swedes", "poles"; see DEMONYM_PLURALS).
   */
  capitalOnly: boolean;
  /**
   * The lower-case word is a common noun ("poles", "swedes"; `COMMON_WORD_DEMONYMS`): at the start
   * of a sentence, where the capital says nothing, it names people only when another nationality
   * group is named later in the sentence (see `findMentions`).
   */
  commonWord: boolean;
  /**
   * Counted only right before a person, occupation or role noun (also through a chain of group
   * adjectives), never alone, capitalised or not: a disability or age descriptor too common as an
   * ordinary word ("deaf", "blind", "older", "young"; see BEFORE_PERSON_DESCRIPTORS and
   * AGE_BEFORE_PERSON_DESCRIPTORS).
   */
  beforePerson: boolean;
  /**
   * "the" and a group adjective used as a plural noun ("the elderly", "the poor"; NOMINALISED_GROUPS), counted
   * only before a verb or an adverb of NOMINAL_FOLLOWERS ("The elderly are …", "Why are the poor so …"), not
   * before a noun it describes ("the poor performance", "the elderly care wing", "the disabled button").
   */
  nominal: boolean;
  sources: string[];
}

export interface Tags {
  gendered?: GenderedTerm;
  pronoun?: PronounInfo;
  /** The word marks a person's gender (he, woman, actress, Mr). */
  gender?: Gender;
  occupation?: Occupation;
  /** A role noun that is not an occupation (user, customer, patient, applicant). */
  role?: string;
  /** A noun for a person or people (person, woman, kid, folks). */
  personNoun?: boolean;
  group?: GroupTerm;
  name?: NameInfo;
}

export interface Mention {
  token: number;
  length: number;
  /** Offsets in the segment's decoded text. */
  start: number;
  end: number;
  tags: Tags;
}

/** Role nouns that a generic pronoun often defaults to, beyond occupations. */
export const ROLE_NOUNS = [
  'user', 'customer', 'client', 'patient', 'student', 'applicant', 'candidate', 'employee', 'person', 'individual',
  'reader', 'caller', 'visitor', 'member', 'participant', 'respondent', 'buyer', 'seller', 'owner', 'tenant',
  'passenger', 'guest', 'player', 'learner', 'child', 'parent', 'caregiver', 'carer', 'boss', 'colleague', 'coworker', 'expert',
  'professional', 'specialist', 'representative', 'officer', 'worker', 'researcher', 'founder', 'leader', 'intern',
  'trainee', 'volunteer', 'homeowner', 'borrower', 'lender', 'investor', 'interviewer', 'reviewer', 'moderator', 'runner',
  // The short forms of "representative" in sales and support teams (s26 hunt b17); not "rep" alone (a gym's "one more rep").
  'sales rep', 'support rep', 'customer service rep', 'account rep', 'field rep',
];
// "carer" is British English for a caregiver (a family member's or a paid one); British occupation nouns are rows of
// occupation_bls2025_crosswalk.csv (solicitor, GP, midwife, …), without a BLS row.
// Not "assistant" or "agent" (in prompts usually the AI itself) or "hire" (mostly a verb). "interviewer" is a
// role here, not BLS's "Interviewers, except eligibility and loan" (survey and intake interviewers): in prompts it
// is mostly whoever interviews a job candidate, of any occupation.

/**
 * Nouns for a person or for people together (a family, a household), compiled for this project:
 * beyond HolisticBias's nouns (holisticbias_v1.1_nouns.csv: woman, kid, parent, veteran, …), the
 * occupations and ROLE_NOUNS, the common English nouns for a person by relation (neighbour, friend,
 * roommate, cousin), by age (teenager, teen) and by situation (resident, citizen, voter, inmate),
 * singular and plural. A group adjective before one names people ("my gay neighbour", "a
 * transgender teen"; see `isGroupMention`). Left out: words as often something else before or
 * after a group adjective ("adult content", "peer review", "fan fiction", "relative risk",
 * "graduate school", "local news", "human rights"), and age words that are group terms themselves
 * (baby, toddler, adult, youth). The gendered kin words (aunt, nephew, girlfriend) are gender words
 * already; listed here they are person nouns as well.
 */
const PERSON_NOUNS_EXTRA = [
  'folks', 'folk', 'people', 'person', 'persons', 'individual', 'individuals', 'guy', 'guys', 'family', 'families',
  'household', 'households',
  'neighbour', 'neighbours', 'neighbor', 'neighbors', 'friend', 'friends', 'roommate', 'roommates', 'housemate',
  'housemates', 'flatmate', 'flatmates', 'classmate', 'classmates', 'teammate', 'teammates', 'partner', 'partners',
  'cousin', 'cousins', 'aunt', 'aunts', 'uncle', 'uncles', 'niece', 'nieces', 'nephew', 'nephews', 'boyfriend',
  'boyfriends', 'girlfriend', 'girlfriends', 'relatives', 'peers', 'stranger', 'strangers',
  'teenager', 'teenagers', 'teen', 'teens', 'pupil', 'pupils', 'graduates',
  'resident', 'residents', 'citizen', 'citizens', 'voter', 'voters', 'newcomer', 'newcomers',
  'traveler', 'travelers', 'traveller', 'travellers', 'commuter', 'commuters', 'pedestrian', 'pedestrians', 'shopper',
  'shoppers', 'renter', 'renters', 'retiree', 'retirees', 'pensioner', 'pensioners', 'victim', 'victims', 'survivor',
  'survivors', 'inmate', 'inmates', 'prisoner', 'prisoners', 'defendant', 'defendants', 'suspect', 'suspects',
  'offender', 'offenders', 'athlete', 'athletes', 'witness', 'witnesses',
];

/**
 * The plural nouns for the people of a nationality whose adjective in BBQ's Nationality terms is
 * not their noun, so that the "+s" plural of `addGroup` ("Mexicans", "Canadians") misses them:
 * "Swedish" → "Swedes". A table compiled for this project from the standard English demonyms (as
 * listed in Wikipedia's "List of adjectival and demonymic forms for countries and nations"), for
 * the "-ish"/"-ch" adjectives BBQ lists; no plural is made for an adjective the data does not
 * list. The "-ese" and "Swiss" nouns are the adjective itself ("the Chinese") and are not listed.
 * The nouns are counted only when capitalised (`capitalOnly`): "swedes" and "poles" are
 * ordinary words.
 */
const DEMONYM_PLURALS: Record<string, string[]> = {
  British: ['Britons', 'Brits'],
  Danish: ['Danes'],
  Finnish: ['Finns'],
  French: ['Frenchmen', 'Frenchwomen'],
  Irish: ['Irishmen', 'Irishwomen'],
  Polish: ['Poles'],
  Spanish: ['Spaniards'],
  Swedish: ['Swedes'],
  Turkish: ['Turks'],
};

/**
 * The nouns of DEMONYM_PLURALS that are also ordinary English nouns ("tent poles", "swedes" the
 * root vegetable). At the start of a sentence their capital is no evidence: "Poles are usually ___
 * with shock cord" is about tent poles. There they count only with another nationality group later
 * in the same sentence ("Poles are lazier than Germans, right?"); see `findMentions`.
 */
const COMMON_WORD_DEMONYMS = new Set(['Poles', 'Swedes']);

/**
 * Phrases in which a group word names no people: dog and cattle breeds, dishes, things ("Great Danes are
 * gentle", "French fries", "Polish notation"). Each is an entry without tags, so the longest match
 * takes the phrase and its group word is no mention. Compiled for this project (MIT); only phrases
 * whose group word is in the lexicon ("Danes", "French", …), capitalised or not.
 */
const NOT_PEOPLE_PHRASES = [
  'Great Dane', 'Great Danes', 'German Shepherd', 'German Shepherds', 'French fries', 'French toast', 'French horn',
  'French horns', 'French door', 'French doors', 'French windows', 'Danish pastry', 'Danish pastries',
  'Turkish delight', 'Turkish bath', 'Turkish baths', 'Polish notation', 'Swedish massage', 'Irish coffee',
  'Russian roulette', 'Chinese checkers', 'Swiss cheese', 'Mexican wave', 'Brown Swiss',
];

function plural(noun: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (noun === 'person') return 'people';
  if (noun === 'child') return 'children';
  if (noun.endsWith('man')) return `${noun.slice(0, -3)}men`;
  return `${noun}s`;
}

/**
 * Tags with every field present, in one order, undefined where absent: all Tags
 * objects then have one hidden class, so the rules' reads of `m.tags.x` over the
 * thousands of mentions of a large document stay monomorphic. With the lexicon's
 * entries in their 23 shapes those reads were megamorphic: slower, and on the
 * 1 MiB bench one rule's loop over the mentions allocated 0.3 MiB per lint.
 * `name` and `group` can be left out (see `withoutTags`), `group` replaced (see `mergedMentions`).
 * Leaving the group out takes `dropGroup`: an undefined `group` argument is its default, `t.group`.
 */
function fullTags(t: Tags, dropName = false, dropGroup = false, group: GroupTerm | undefined = t.group): Tags {
  return {
    gendered: t.gendered,
    pronoun: t.pronoun,
    gender: t.gender,
    occupation: t.occupation,
    role: t.role,
    personNoun: t.personNoun,
    group: dropGroup ? undefined : group,
    name: dropName ? undefined : t.name,
  };
}

/** Whether tags say nothing (every field undefined). */
function noTags(t: Tags): boolean {
  return (
    t.gendered === undefined &&
    t.pronoun === undefined &&
    t.gender === undefined &&
    t.occupation === undefined &&
    t.role === undefined &&
    t.personNoun === undefined &&
    t.group === undefined &&
    t.name === undefined
  );
}

/** A phrase's tags and those of another entry for it: the first's fields win (`{ ...b, ...a }` of the fields present). */
const mergeTags = (a: Tags, b: Tags): Tags => ({
  gendered: a.gendered ?? b.gendered,
  pronoun: a.pronoun ?? b.pronoun,
  gender: a.gender ?? b.gender,
  occupation: a.occupation ?? b.occupation,
  role: a.role ?? b.role,
  personNoun: a.personNoun ?? b.personNoun,
  group: a.group ?? b.group,
  name: a.name ?? b.name,
});

/** BLS rows by exact occupation title. */
export const blsTable = lazy(() => {
  const m = new Map<string, { occupation: string; year: number; pctWomen?: number; employedThousands?: number; aggregate: boolean }>();
  for (const r of readDataCsv('bls_cpsaat11_2025.csv')) {
    m.set(r.occupation!, {
      occupation: r.occupation!,
      year: Number(r.year),
      pctWomen: r.pct_women ? Number(r.pct_women) : undefined,
      employedThousands: r.total_employed_thousands ? Number(r.total_employed_thousands) : undefined,
      aggregate: r.is_aggregate === 'true',
    });
  }
  return m;
});

const HB_AXES: Record<string, GroupAxis> = {
  ability: 'ability',
  age: 'age',
  gender_and_sex: 'gender',
  nationality: 'nationality',
  race_ethnicity: 'race_ethnicity',
  religion: 'religion',
  sexual_orientation: 'sexual_orientation',
  socioeconomic_class: 'socioeconomic_class',
  cultural: 'cultural',
  political_ideologies: 'political',
};
const BBQ_AXES: Record<string, GroupAxis> = {
  Religion: 'religion',
  Race_ethnicity: 'race_ethnicity',
  Gender_identity: 'gender',
  Sexual_orientation: 'sexual_orientation',
  Nationality: 'nationality',
};
const BIASASKER_AXES: Record<string, GroupAxis> = {
  race: 'race_ethnicity',
  religion: 'religion',
  gender: 'gender',
  age: 'age',
  ability: 'ability',
  social: 'social',
  culture: 'cultural',
};

/** Descriptors too common as ordinary words to count as group terms on their own. */
const WEAK_DESCRIPTORS = new Set([
  'independent', 'moderate', 'radical', 'progressive', 'country', 'urban', 'rural', 'elite', 'spiritual', 'religious',
  'secular', 'slow', 'straight', 'bi', 'pan', 'poly', 'ace', 'trans', 'latin', 'cosmopolitan', 'privileged', 'liberal',
  'conservative', 'young', 'old', 'older', 'younger', 'middle-aged', 'senior', 'adult', 'teen', 'teenage', 'junior',
  'retired', 'dumb', 'mute', 'blind', 'deaf', 'apolitical', 'humanist', 'stud', 'butch', 'femme', 'entitled',
  'marginalized', 'underserved', 'at-risk', 'underprivileged', 'affluent', 'rich', 'poor', 'wealthy', 'broke',
  'working-class', 'middle-class', 'upper-class', 'lower-class', 'american', 'foreign', 'native', 'alien',
]);

/**
 * The disability descriptors of WEAK_DESCRIPTORS (HolisticBias's ability axis) that name a disability
 * right before a person, occupation or role noun ("the deaf man", "a blind applicant", "blind users"),
 * and only there: alone they are ordinary words ("deaf to criticism", "a blind spot", "turn a blind
 * eye"). Not "mute" and "dumb" (before a person noun mostly a verb, "mute participants", or an insult,
 * "a dumb guy") or "slow" ("a slow driver"). See `isGroupMention` for the compounds left out
 * ("tone-deaf", "double-blind") and "blind" before an evaluator ("blind reviewers").
 */
const BEFORE_PERSON_DESCRIPTORS = new Set(['deaf', 'blind']);

/**
 * The age descriptors of WEAK_DESCRIPTORS (HolisticBias's age axis) that name an age group right before
 * a person, occupation or role noun ("older passengers", "young women", "teenage boys", "middle-aged
 * men"), and only there, as "deaf" and "blind" do: alone they are ordinary words ("the older version", "a
 * young company", "teen years"). Not "old" (before a person mostly "former" or "long-standing": "my old
 * boss", "an old friend"; it counts only before a generic person noun, OLD_PERSON_NOUNS), "senior" and
 * "junior" (a rank: "senior engineers"), "adult" ("adult patients", a care setting) or "retired" (a
 * status, "retired teachers").
 */
const AGE_BEFORE_PERSON_DESCRIPTORS = new Set(['young', 'younger', 'older', 'teen', 'teenage', 'middle-aged']);

/**
 * Nouns after which an age adjective (of AGE_BEFORE_PERSON_DESCRIPTORS, or another one-word age descriptor:
 * "elderly", "geriatric") names no age group: a noun that is itself an age, which the adjective only narrows
 * ("older children", "young infants", "younger teens": a developmental stage), and "patient(s)", where the
 * age is a clinical population as "adult patients" is ("older patients are more sensitive to anticholinergic
 * drugs", "elderly patients", "teenage patients"). Lower-case, singular and plural. A multi-word group phrase
 * of the data keeps counting wherever it stands (BiasAsker's "young children", "young kids").
 */
const AGE_NARROWED_NOUNS = new Set([
  'child', 'children', 'kid', 'kids', 'infant', 'infants', 'baby', 'babies', 'toddler', 'toddlers', 'newborn', 'newborns',
  'preschooler', 'preschoolers', 'schoolchild', 'schoolchildren', 'teen', 'teens', 'teenager', 'teenagers', 'adolescent',
  'adolescents', 'youth', 'youths', 'juvenile', 'juveniles', 'patient', 'patients',
]);

/**
 * "old" names an age group only right before one of these generic HolisticBias person nouns ("old
 * men", "an old woman", "old people") and not after a possessive ("my old man", "her old friends"):
 * before other nouns it mostly means "former" or "long-standing" ("my old boss", "old colleagues",
 * "an old friend"). See `beforePersonMention`.
 */
const OLD_PERSON_NOUNS = new WordSet(['man', 'men', 'woman', 'women', 'lady', 'ladies', 'person', 'people', 'folks', 'folk', 'guy', 'guys']);
const POSSESSIVES = new WordSet(['my', 'your', 'his', 'her', 'our', 'their', 'its']);

/**
 * The plural nouns English uses for the age groups that HolisticBias's age axis names by a descriptor
 * (holisticbias_v1.1_descriptors.csv, buckets child and old; BiasAsker's age groups are the same
 * descriptors with "people": "teen people", "senior people", "retired people"), by descriptor. Neither
 * dataset lists the nouns themselves (HolisticBias's nouns are kin and generic person nouns; its
 * standalone age phrase "youths" is left out, see PROVENANCE.md), so they are compiled here for this
 * project (MIT). Each is a standalone group noun of axis age ("Teenagers are lazy", "Seniors are bad
 * with technology"); the descriptors themselves stay weak ("senior engineers", "teen years"). Only
 * plurals: a singular "senior" or "teen" is as often a school year or a rank ("a senior at Yale").
 * "Boomers" and "Millennials" are group terms of the data already (HolisticBias's generations bucket,
 * BiasAsker's age category).
 */
const AGE_GROUP_NOUNS: Record<string, string[]> = {
  teen: ['teens', 'teenagers'],
  adolescent: ['adolescents'],
  young: ['youngsters'],
  senior: ['seniors', 'senior citizens'],
  retired: ['retirees', 'pensioners'],
  octogenarian: ['octogenarians'],
  nonagenarian: ['nonagenarians'],
  centenarian: ['centenarians'],
};

/**
 * People of a migration status whom the data names by no term the lexicon loads (s25), with the axis of HolisticBias's
 * immigration_status bucket (holisticbias_v1.1_descriptors.csv, characteristics → immigration_status), by descriptor:
 * - "asylum-seeking" is a descriptor of that bucket, left out because it is hyphenated (PROVENANCE.md), and BiasAsker's
 *   "asylum-seeking people" is of its characteristics category, which the lexicon does not load; neither names the
 *   people as English mostly does. Its nouns "asylum seeker(s)" (which match "asylum-seeker(s)" too) are compiled for
 *   this project (MIT) as standalone group nouns: "Asylum seekers are criminals.".
 * - "migrant" is in none of the three data sets as a descriptor or a group (BiasAsker lists only the phrase "African
 *   migrants", of its race category); compiled for this project (MIT) as the word of migration next to HolisticBias's
 *   "immigrant". The adjective counts as "immigrant" does, only before a person, occupation or role noun ("Migrant
 *   workers are lazy.", "migrant families"; not "migrant birds", "the migrant crisis"; MIGRATION_ADJECTIVES), and its
 *   plural noun "migrants" is a standalone group noun.
 * Only the singular "asylum seeker" besides the plurals: a singular "migrant" is as often a bird.
 */
const MIGRATION_GROUP_NOUNS: Record<string, string[]> = {
  'asylum-seeking': ['asylum seeker', 'asylum seekers'],
  migrant: ['migrants'],
};
/** The adjectives of MIGRATION_GROUP_NOUNS that name a group before a person noun, as HolisticBias's "immigrant" does. */
const MIGRATION_ADJECTIVES = ['migrant'];

/**
 * Group adjectives that English uses as plural nouns after "the" for the people they describe ("The elderly
 * are …", "the poor", "the disabled"), with the axis of their HolisticBias descriptor (ability, age,
 * socioeconomic_class). Each "the X" counts as a group only before a word of NOMINAL_FOLLOWERS (see `nominal`).
 * "the homeless" and "the handicapped" are BiasAsker's own phrases, which count wherever they stand. "unemployed" is
 * a descriptor of HolisticBias's characteristics axis (bucket job_status), which the lexicon does not load; "the
 * unemployed" is here all the same ("The unemployed are lazy.", s23), with the socioeconomic_class axis: a job status
 * is a class position, and as for "the poor" a lack of means is what the status is ("The unemployed are unable to
 * afford the deposit." is no trait; see MEANS_VERBS in the rule). The adjective alone stays no group term, but for
 * "unemployed people" and "unemployed persons" (s24, JOB_STATUS_PHRASES; not "an unemployed man"). Left out: adjectives that do not name people this way ("the senior", "the older").
 */
const NOMINALISED_GROUPS: Record<string, GroupAxis> = {
  elderly: 'age',
  young: 'age',
  old: 'age',
  poor: 'socioeconomic_class',
  rich: 'socioeconomic_class',
  wealthy: 'socioeconomic_class',
  disabled: 'ability',
  blind: 'ability',
  deaf: 'ability',
  unemployed: 'socioeconomic_class',
};
/**
 * The plural noun phrases of the job status that "the unemployed" names (s24): "Unemployed people are lazy." says of
 * the class what "The unemployed are lazy." does. Standalone group phrases of NOMINALISED_GROUPS' "unemployed" axis;
 * the adjective before any other noun stays no group term ("an unemployed man", "unemployed workers", "the unemployed
 * figures"), so a person in a scene is not counted.
 */
const JOB_STATUS_PHRASES = ['unemployed people', 'unemployed persons'];
/**
 * Words after "the elderly", "the poor", … that make the phrase a plural noun, the subject of a verb: "are", a
 * denied ability ("cannot", "can't"/"can not"), "tend", and adverbs that stand between a subject and its verb
 * ("always", "never", "so": "Why are the elderly so slow?"). Not before a hyphen ("the old all-in-one printer").
 */
const NOMINAL_FOLLOWERS = new WordSet(['are', 'cannot', 'can', 'tend', 'always', 'never', 'constantly', 'all', 'so', 'really', 'just', 'usually', 'generally', 'often']);

/**
 * Evaluators whom "blind" describes as not knowing whose work they judge ("blind reviewers", "a blind
 * taster"), not as unable to see: lower-case nouns, singular and plural.
 */
const BLINDED_EVALUATORS = new Set([
  'reviewer', 'reviewers', 'rater', 'raters', 'grader', 'graders', 'judge', 'judges', 'evaluator', 'evaluators',
  'annotator', 'annotators', 'assessor', 'assessors', 'marker', 'markers', 'scorer', 'scorers', 'coder', 'coders',
  'taster', 'tasters', 'tester', 'testers', 'auditor', 'auditors', 'referee', 'referees', 'examiner', 'examiners',
  'observer', 'observers', 'interviewer', 'interviewers', 'panelist', 'panelists', 'panellist', 'panellists',
]);

/**
 * HolisticBias's socioeconomic descriptors that are too common to be group terms on their own
 * (rich, poor, wealthy, affluent, broke, working-class, …; see WEAK_DESCRIPTORS), by lower-case word.
 * Right before a person noun they still name a class of people ("the poor family", "a wealthy man"),
 * which a rule may count where the noun is already a person it looks at.
 */
export const weakClassDescriptors = lazy(() => {
  const m = new Map<string, GroupTerm>();
  for (const r of readDataCsv('holisticbias_v1.1_descriptors.csv')) {
    const t = r.descriptor!.trim().toLowerCase();
    if (HB_AXES[r.axis!] === 'socioeconomic_class' && WEAK_DESCRIPTORS.has(t))
      m.set(t, { term: t, axis: 'socioeconomic_class', standalone: false, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: ['holisticbias'] });
  }
  return m;
});

/** The people lexicon built from the CSV files in server/data. */
export function buildPeopleIndex(): PhraseIndex<Tags> {
  const index = new PhraseIndex<Tags>();
  const add = (phrase: string, tags: Tags) => index.add(phrase, fullTags(tags), mergeTags);

  for (const [word, info] of PRONOUNS) add(word, { pronoun: info, gender: info.gender });
  for (const [word, gender] of genderedPersonWords()) add(word, { gender });
  // Gendered role nouns (also gender evidence when they carry a gender).
  const gt = genderedTerms();
  for (const r of readDataCsv('retext_equality_gender_terms.csv')) {
    for (const v of r.inconsiderate_term!.split(',').map((s) => s.trim().toLowerCase())) {
      const g = gt.get(v);
      if (g && g.term === v) add(v, g.gender ? { gendered: g, gender: g.gender } : { gendered: g });
      const m = /^man(power|kind|made|hours?)$/.exec(v);
      if (g && m) add(`man ${m[1]}`, { gendered: gt.get(`man ${m[1]}`) ?? g });
    }
  }
  for (const v of Object.keys(EXTRA_ROLE_TERMS)) {
    const g = gt.get(v);
    if (g && g.term === v) add(v, g.gender ? { gendered: g, gender: g.gender } : { gendered: g });
  }
  // Person nouns (HolisticBias nouns: woman, man, kid, parent, ...).
  for (const r of readDataCsv('holisticbias_v1.1_nouns.csv')) {
    const g = r.noun_gender === 'female' || r.noun_gender === 'male' ? (r.noun_gender as Gender) : undefined;
    for (const w of [r.noun!, r.plural_noun!]) add(w, g ? { personNoun: true, gender: g } : { personNoun: true });
  }
  for (const w of PERSON_NOUNS_EXTRA) add(w, { personNoun: true });
  // Occupations: the BLS crosswalk, then the WinoBias/Winogender occupation lists.
  const bls = blsTable();
  for (const r of readDataCsv('occupation_bls2025_crosswalk.csv')) {
    const row = bls.get(r.bls_occupation!);
    const noun = r.noun!.toLowerCase();
    add(noun, { occupation: { noun, plural: false, bls: row } });
    add(r.plural!, { occupation: { noun, plural: true, bls: row } });
  }
  for (const file of ['winogender_occupations.csv', 'winobias_occupations.csv']) {
    for (const r of readDataCsv(file)) {
      const noun = r.occupation!.toLowerCase();
      add(noun, { occupation: { noun, plural: false } });
      add(plural(noun), { occupation: { noun, plural: true } });
    }
  }
  for (const noun of ROLE_NOUNS) {
    add(noun, { role: noun });
    add(plural(noun), { role: noun, personNoun: true });
  }
  // Demographic group terms.
  const addGroup = (term: string, axis: GroupAxis, source: string, standalone: boolean) => {
    const t = term.trim();
    if (!t) return;
    if (WEAK_DESCRIPTORS.has(t.toLowerCase())) {
      // "deaf", "blind", "older", "young": a group only right before a person noun ("a deaf man", "older
      // passengers"), never alone or by a capital.
      const lower = t.toLowerCase();
      if ((axis === 'ability' && BEFORE_PERSON_DESCRIPTORS.has(lower)) || (axis === 'age' && (AGE_BEFORE_PERSON_DESCRIPTORS.has(lower) || lower === 'old')))
        add(t, { group: { term: lower, axis, standalone: false, proper: false, capitalOnly: false, commonWord: false, beforePerson: true, nominal: false, sources: [source] } });
      return;
    }
    const proper = /^\p{Lu}/u.test(t);
    add(t, { group: { term: t, axis, standalone, proper, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: [source] } });
    if (proper && !t.includes(' ') && !/s$/.test(t)) add(`${t}s`, { group: { term: t, axis, standalone: true, proper, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: [source] } });
  };
  for (const r of readDataCsv('holisticbias_v1.1_descriptors.csv')) {
    const axis = HB_AXES[r.axis!];
    if (axis) addGroup(r.descriptor!, axis, 'holisticbias', false);
    // Of the characteristics axis, the immigration_status bucket's one-word descriptors (immigrant,
    // refugee, undocumented, …): "immigrant workers". Hyphenated ones would be phrases that count
    // wherever they stand ("non-native species", "US-born"). "foreign", "native" and "alien" are WEAK_DESCRIPTORS.
    else if (r.axis === 'characteristics' && r.bucket === 'immigration_status' && !/[\s-]/.test(r.descriptor!.trim()))
      addGroup(r.descriptor!, 'immigration_status', 'holisticbias', false);
  }
  // HolisticBias's noun phrases that name people on their own ("a wheelchair user"), without the article.
  for (const r of readDataCsv('holisticbias_v1.1_standalone_noun_phrases.csv')) {
    const axis = HB_AXES[r.axis!];
    if (!axis) continue;
    for (const p of [r.noun_phrase!, r.plural_noun_phrase!]) if (p) addGroup(p.replace(/^an? /, ''), axis, 'holisticbias', true);
  }
  /** BBQ's nationality adjectives of DEMONYM_PLURALS, added after all the data's terms. */
  const demonyms: string[] = [];
  for (const r of readDataCsv('bbq_identity_vocabulary.csv')) {
    const axis = BBQ_AXES[r.category!];
    if (!axis) continue;
    addGroup(r.term!, axis, 'bbq', false);
    if (axis === 'nationality' && DEMONYM_PLURALS[r.term!.trim()]) demonyms.push(r.term!.trim());
  }
  for (const r of readDataCsv('biasasker_social_groups.csv')) {
    const axis = BIASASKER_AXES[r.category!];
    if (!axis) continue;
    const term = r.group!.trim();
    const standalone = /\b(?:people|folks|persons|individuals|men|women)$/i.test(term) || /s$/i.test(term);
    if (term.includes('/')) continue;
    addGroup(term, axis, 'biasasker', standalone);
  }
  // The plural nouns of the age descriptors ("teenagers", "seniors"), merged with their person-noun entries.
  for (const [descriptor, nouns] of Object.entries(AGE_GROUP_NOUNS)) {
    for (const p of nouns) add(p, { group: { term: descriptor, axis: 'age', standalone: true, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: ['holisticbias'] } });
  }
  // People of a migration status the data names by no loaded term: "asylum seekers", "migrant workers", "migrants" (s25).
  for (const adjective of MIGRATION_ADJECTIVES) {
    add(adjective, { group: { term: adjective, axis: 'immigration_status', standalone: false, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: ['biaslens'] } });
  }
  for (const [descriptor, nouns] of Object.entries(MIGRATION_GROUP_NOUNS)) {
    const sources = descriptor === 'asylum-seeking' ? ['holisticbias'] : ['biaslens'];
    for (const p of nouns) add(p, { group: { term: descriptor, axis: 'immigration_status', standalone: true, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources } });
  }
  // "the elderly", "the poor", …: a group adjective as a plural noun (see `nominal`).
  for (const [adjective, axis] of Object.entries(NOMINALISED_GROUPS)) {
    add(`the ${adjective}`, { group: { term: adjective, axis, standalone: true, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: true, sources: ['holisticbias'] } });
  }
  // "unemployed people": the plural noun phrase of "the unemployed" (see JOB_STATUS_PHRASES).
  for (const p of JOB_STATUS_PHRASES) {
    add(p, { group: { term: 'unemployed', axis: 'socioeconomic_class', standalone: true, proper: false, capitalOnly: false, commonWord: false, beforePerson: false, nominal: false, sources: ['holisticbias'] } });
  }
  // After the data's own terms, which keep their entries ("Turks" is BiasAsker's already).
  for (const term of demonyms) {
    for (const p of DEMONYM_PLURALS[term]!) {
      add(p, { group: { term, axis: 'nationality', standalone: true, proper: true, capitalOnly: true, commonWord: COMMON_WORD_DEMONYMS.has(p), beforePerson: false, nominal: false, sources: ['bbq'] } });
    }
  }
  // Phrases that name no people: entries without tags (see `findMentions`).
  for (const p of NOT_PEOPLE_PHRASES) add(p, {});
  // First names (capitalisation is checked when matching).
  for (const info of nameTable().values()) add(info.name, { name: info });
  return index;
}

/**
 * The build writes the people lexicon, built from the CSV files, next to the
 * bundles (scripts/build-lexicon.mjs), so a fresh process restores it instead of
 * parsing and indexing the CSV files again. From sources (tests, benches) there is
 * no such file and the lexicon is built from the CSV files.
 */
export const PEOPLE_SNAPSHOT_FILE = 'people-lexicon.txt';
const SNAPSHOT_VERSION = 7;

/** The people lexicon as snapshot text, for the build to write. */
export function peopleSnapshotText(index: PhraseIndex<Tags> = buildPeopleIndex()): string {
  return `${SNAPSHOT_VERSION}\n${index.snapshotText((v) => JSON.stringify(v))}`;
}

/** The people lexicon from `peopleSnapshotText`, or undefined when the text is of another version. */
export function peopleIndexFromSnapshot(text: string): PhraseIndex<Tags> | undefined {
  const nl = text.indexOf('\n');
  if (text.slice(0, nl) !== String(SNAPSHOT_VERSION)) return undefined;
  return PhraseIndex.fromSnapshotText(text.slice(nl + 1), decodeTags);
}

function decodeTags(raw: string): Tags {
  const tags = JSON.parse(raw) as Tags;
  // JSON has no Infinity: a name's unknown frequency rank comes back as null.
  if (tags.name && tags.name.rank === null) tags.name.rank = Infinity;
  // JSON leaves out the undefined fields.
  return fullTags(tags);
}

function loadPeopleSnapshot(): PhraseIndex<Tags> | undefined {
  const file = path.join(__dirname, PEOPLE_SNAPSHOT_FILE);
  let json: string;
  try {
    json = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return peopleIndexFromSnapshot(json);
  } catch {
    // A damaged file: the CSV files still give the lexicon.
    return undefined;
  }
}

/** An entry's tags as a match equal to its words only when folded gives them: its name alone (see `withFoldedNames`). */
const foldedTags = new WeakMap<Tags, Tags>();

function nameOnly(tags: Tags, t: Tokens, i: number): Tags | undefined {
  if (tags.name === undefined || !foldedNameCounts(tags.name, t, i)) return undefined;
  let r = foldedTags.get(tags);
  if (r === undefined) foldedTags.set(tags, (r = fullTags({ name: tags.name })));
  return r;
}

/**
 * `index`, matching first names folded too (lower case, a Latin letter with diacritics as its base
 * letter): "José", "JOSÉ" and "Andrés" are the names Jose and Andres of the ASCII name data, "Tomas"
 * Tomás (but see `foldedNameCounts`). Only names: the other words stay as written, as a word folded
 * is often another language's word for something else (French "été", Spanish "él", "más", Portuguese
 * "é", "má"), and a name folded that is another entry as well ("Germán", "German") is the name only.
 */
function withFoldedNames(index: PhraseIndex<Tags>): PhraseIndex<Tags> {
  index.foldedValue = nameOnly;
  return index;
}

export const peopleIndex = lazy((): PhraseIndex<Tags> => withFoldedNames(loadPeopleSnapshot() ?? buildPeopleIndex()));

/**
 * Whether the token that is exactly `text[from, to)` (a run of word characters) may start an entry of the people
 * index, by the index's start filter (see `PhraseIndex.startFilter`): false when no mention can start with it (no
 * group, person or name does), true when one may. Looks up, does not tokenise or allocate: for a caller that rejects
 * short texts before asking for their lexicon (stereotype-template's options).
 */
export function mayStartMention(text: string, from: number, to: number): boolean {
  return peopleIndex().startFilter[hashRange(text, from, to) & START_FILTER_MASK] !== 0;
}

/** By Tokens, not Segment: mentions depend only on the text, and segments with equal text share Tokens. */
const mentionCache = new WeakMap<Tokens, Mention[]>();

/**
 * All lexicon mentions in a segment (longest match first, non-overlapping).
 * Names count only when capitalised; group adjectives count only when they name
 * people (see `isGroupMention`).
 */
export function mentionsOf(segment: Segment): Mention[] {
  const t = tokensOf(segment);
  let ms = mentionCache.get(t);
  if (!ms) {
    ms = findMentions(t);
    mentionCache.set(t, ms);
  }
  return ms;
}

/** Shared by texts without mentions (most of them); never modified. */
const NO_MENTIONS: Mention[] = Object.freeze([]) as unknown as Mention[];

/** Tags without the name and/or group a match turned out not to have, made once per entry and kept. */
const reducedTags = new WeakMap<Tags, (Tags | null | undefined)[]>();

function withoutTags(tags: Tags, dropName: boolean, dropGroup: boolean): Tags | null {
  let variants = reducedTags.get(tags);
  if (!variants) reducedTags.set(tags, (variants = []));
  const k = (dropName ? 1 : 0) | (dropGroup ? 2 : 0);
  let r = variants[k];
  if (r === undefined) {
    const rest = fullTags(tags, dropName, dropGroup);
    r = noTags(rest) ? null : rest;
    variants[k] = r;
  }
  return r;
}

/**
 * The mentions in tokenised text; allocates only the mentions found. With
 * `candidates` (from `scanCandidates` with the index's start filter), only the
 * tokens listed there are looked at: the others start no entry. Without them,
 * the tokens [from, to) are.
 */
function findMentions(t: Tokens, candidates?: Int32Array, candidateCount = 0, from = 0, to = t.count): Mention[] {
  startFinding();
  findMentionsStep(t, candidates, candidates === undefined ? from : 0, candidates === undefined ? to : candidateCount);
  return foundSoFar();
}

/**
 * The state `findMentionsStep` carries from token to token, between its calls for one text (see
 * `findMentions`, and `TextLexicon.mentions`, which finds a long text's mentions stretch by stretch as it
 * is scanned). `count`: the mentions in `foundMentions` so far. Tokens before `next` are inside the last
 * mention. `pending`: the mention (index in `foundMentions`) of a sentence-initial demonym that is also a
 * common word ("Poles are …"), until another nationality group in its sentence confirms it (rare: -1
 * almost always). Tokens before `checked` are known to start no sentence after the pending mention's (each
 * is looked at once).
 */
const finding = { count: 0, next: 0, pending: -1, checked: 0 };

/** Starts finding one text's mentions (see `finding`). */
function startFinding(): void {
  finding.count = 0;
  finding.next = 0;
  finding.pending = -1;
  finding.checked = 0;
}

/**
 * Finds mentions starting at the candidate tokens `candidates[from, to)` (indexes in order, from
 * `scanCandidates` with the index's start filter: the other tokens start no entry), or without
 * `candidates` at the tokens [from, to), after those of the earlier steps for the same text. Each
 * lookup from a token reads that token, two before it and those joined to it after it (a run of joined
 * words ends at a token whose joined flag is 0): `t` need hold no token past the first one after the
 * last candidate looked at whose joined flag is 0.
 */
function findMentionsStep(t: Tokens, candidates: Int32Array | undefined, from: number, to: number): void {
  const index = peopleIndex();
  const found = foundMentions;
  const f = finding;
  let count = f.count;
  const starts = index.startFilter;
  const hash = t.hash;
  const all = candidates === undefined;
  let next = f.next;
  let pending = f.pending;
  let checked = f.checked;
  for (let c = from; c < to; c++) {
    const i = all ? c : candidates[c]!;
    if (i < next) continue;
    // Most tokens start no entry: skip them without a call (see `startFilter`).
    if (all && starts[hash[i]! & START_FILTER_MASK] === 0) continue;
    const length = index.matchLength(t, i);
    if (length === 0) continue;
    let tags: Tags | null = index.matched!;
    next = i + length;
    // A phrase that names no people ("Great Danes", "French fries"; NOT_PEOPLE_PHRASES) takes its words.
    if (tags.group === undefined && noTags(tags)) continue;
    if (pending >= 0) {
      if (sentenceStartsIn(t, checked, i + 1)) {
        count = unconfirmed(found, pending, count);
        pending = -1;
      } else checked = i + 1;
    }
    const capitalised = t.flags[i]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS);
    const dropName = !!tags.name && !capitalised;
    if (tags.group?.capitalOnly && !capitalised) {
      // A demonym noun in lower case ("swedes", "poles") is an ordinary word, not a group (rare: not cached).
      const rest = fullTags(tags, dropName, true);
      tags = noTags(rest) ? null : rest;
    } else {
      const dropGroup = !!tags.group && !isGroupMention(t, i, length, tags.group);
      if (dropGroup && tags.group!.nominal) {
        // "the young company": the adjective is read again on its own ("the young man").
        next = i + 1;
        continue;
      }
      if (dropName || dropGroup) tags = withoutTags(tags, dropName, dropGroup);
    }
    if (!tags) continue;
    if (length === 1 && tags.personNoun && t.hash[i] === MAN_HASH && tokenEquals(t, i, 'man') && isIndefiniteMan(t, i)) continue;
    const g = tags.group;
    if (g !== undefined && g.axis === 'nationality' && pending >= 0) pending = -1;
    if (g !== undefined && g.commonWord && t.flags[i]! & FLAG_SENTENCE_START) {
      // "Poles are usually ___ with shock cord": a tent pole until the sentence names a nationality.
      if (pending >= 0) count = unconfirmed(found, pending, count);
      pending = count;
      checked = i + 1;
    }
    found[count++] = { token: i, length, start: t.start[i]!, end: t.end[i + length - 1]!, tags };
  }
  f.count = count;
  f.next = next;
  f.pending = pending;
  f.checked = checked;
}

/** The mentions of the text that `findMentionsStep` looked at since `startFinding`, in a list of their own. */
function foundSoFar(): Mention[] {
  const found = foundMentions;
  let count = finding.count;
  if (finding.pending >= 0) count = unconfirmed(found, finding.pending, count);
  if (count === 0) return NO_MENTIONS;
  if (count > FOUND_KEEP) {
    // A long list is handed over as it is (cut to its length), and the next text starts a new one.
    found.length = count;
    foundMentions = [];
    return found;
  }
  return found.slice(0, count);
}

const MAN_HASH = hashWord('man');

/**
 * Words that make a "man" beside them the indefinite pronoun of German, Swedish, Danish and
 * Norwegian ("Wie kann man …?", "Hur kan man …?", "Hvor finder man …?": "one", no man). German writes
 * the noun "Mann", so its "man" is always the pronoun; Scandinavian "man" is also the noun, which an
 * article or a determiner before it tells (MAN_NOUN_DETERMINERS). Modal and common verbs, question
 * words, conjunctions and particles of those languages; none is an English word (not "will", "hat",
 * "was", "am", "die", "dies", "mit", "den", "finder", "sin", "er", "at", "var", "om", which English
 * or code writes next to "man": "will man survive", "an MIT man", "the man dies", "var man = …").
 */
const INDEFINITE_MAN_CONTEXT = new WordSet([
  // German
  'kann', 'könnte', 'konnte', 'muss', 'müsste', 'musste', 'darf', 'dürfte', 'durfte', 'soll', 'sollte', 'möchte',
  'wird', 'würde', 'wurde', 'hätte', 'wäre', 'ist', 'sich', 'nicht', 'noch', 'schon', 'auch', 'nur', 'dann', 'denn',
  'doch', 'wenn', 'dass', 'daß', 'ob', 'wie', 'wo', 'wann', 'warum', 'weshalb', 'wieso', 'weil', 'sobald', 'bevor',
  'nachdem', 'damit', 'hier', 'dort', 'es', 'ein', 'eine', 'einen', 'einem', 'kein', 'keine', 'keinen', 'zu', 'zum',
  'zur', 'vom', 'beim', 'auf', 'für', 'über', 'und', 'oder', 'aber', 'sehr', 'jetzt', 'heute', 'immer', 'nie',
  'etwas', 'viel', 'mehr', 'bekommt', 'findet', 'sieht', 'braucht', 'macht', 'kommt', 'geht', 'sagt', 'weiß',
  'nimmt', 'kennt', 'erhält', 'ändert',
  // Swedish, Danish, Norwegian
  'kan', 'kunne', 'kunde', 'måste', 'måtte', 'ska', 'skal', 'skall', 'skulle', 'får', 'fikk', 'fick', 'bør', 'bör',
  'må', 'vill', 'vil', 'ville', 'inte', 'ikke', 'ikkje', 'också', 'også', 'när', 'når', 'hur', 'hvordan', 'hvor',
  'hvad', 'hva', 'vad', 'varför', 'hvorfor', 'att', 'som', 'så', 'och', 'og', 'eller', 'har', 'hade', 'havde',
  'är', 'blir', 'bliver', 'gör', 'gjør', 'gør', 'hittar', 'finner', 'behöver', 'trenger', 'behøver', 'ändrar',
]);

/**
 * Articles and determiners that make the "man" after them (perhaps after one adjective) a man: English,
 * Dutch ("de man", "een oude man") and Scandinavian ("en man", "varje man"). Not "die", "den", "das" or
 * "der", which in German are relative pronouns before the pronoun "man" ("Dinge, die man kaufen kann").
 */
const MAN_NOUN_DETERMINERS = new WordSet([
  'the', 'a', 'an', 'this', 'that', 'every', 'each', 'no', 'any', 'one', 'some', 'another',
  'de', 'het', 'een', 'deze', 'dat', 'elke', 'iedere', 'geen',
  'en', 'ett', 'denna', 'varje', 'ingen', 'hver', 'enhver',
]);

/**
 * Whether "man" at token `i` is the indefinite pronoun of German or a Scandinavian language (s25 multilingual:
 * "Wie kann man das Passwort ändern?" was a man in a German FAQ set, "9 of 9 records … male"): a word of
 * INDEFINITE_MAN_CONTEXT is one of the two words right before or after it, and no determiner of
 * MAN_NOUN_DETERMINERS is one of the two before it. Only words joined to it are read (spaces, one hyphen or
 * an apostrophe between: no punctuation, never another line), as every lookup of `findMentions` reads.
 */
function isIndefiniteMan(t: Tokens, i: number): boolean {
  const before1 = i > 0 && t.joined[i] === 1 ? i - 1 : -1;
  const before2 = before1 > 0 && t.joined[before1] === 1 ? before1 - 1 : -1;
  if ((before1 >= 0 && MAN_NOUN_DETERMINERS.has(t, before1)) || (before2 >= 0 && MAN_NOUN_DETERMINERS.has(t, before2))) return false;
  const after1 = i + 1 < t.count && t.joined[i + 1] === 1 ? i + 1 : -1;
  const after2 = after1 >= 0 && after1 + 1 < t.count && t.joined[after1 + 1] === 1 ? after1 + 1 : -1;
  for (const k of [before1, before2, after1, after2]) if (k >= 0 && INDEFINITE_MAN_CONTEXT.has(t, k)) return true;
  return false;
}

/** Whether a sentence starts at one of the tokens [from, to). A sentence ends at the end of a line (see FLAG_SENTENCE_START). */
function sentenceStartsIn(t: Tokens, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (t.flags[k]! & FLAG_SENTENCE_START) return true;
  return false;
}

/**
 * `found` without the group of the sentence-initial common-word demonym at `pending` that no other
 * nationality group in its sentence confirmed; returns the new count (the mention goes when nothing
 * else is left of it).
 */
function unconfirmed(found: Mention[], pending: number, count: number): number {
  const m = found[pending]!;
  const rest = fullTags(m.tags, false, true);
  if (!noTags(rest)) {
    found[pending] = { token: m.token, length: m.length, start: m.start, end: m.end, tags: rest };
    return count;
  }
  for (let k = pending + 1; k < count; k++) found[k - 1] = found[k]!;
  return count - 1;
}

/**
 * The mentions of an edited text (see `rescanTokens`): those before the changed lines
 * are the earlier ones, those in them are found anew, and those after them are the
 * earlier ones moved by the change in tokens and length. The same as `findMentions`
 * on all of `r.tokens`, because a mention lies on one line: its words are joined, and
 * a newline breaks every join, so no lookup (`matchLength`, `isGroupMention`) made for
 * a token reads a token of another line.
 */
function editedMentions(earlier: Mention[], r: Rescanned, delta: number): Mention[] {
  const changed = findMentions(r.tokens, undefined, 0, r.changedFrom, r.changedTo);
  let before = 0;
  while (before < earlier.length && earlier[before]!.token < r.changedFrom) before++;
  let keptFrom = before;
  while (keptFrom < earlier.length && earlier[keptFrom]!.token < r.keptFrom) keptFrom++;
  const count = before + changed.length + (earlier.length - keptFrom);
  if (count === 0) return NO_MENTIONS;
  const out = new Array<Mention>(count);
  for (let i = 0; i < before; i++) out[i] = earlier[i]!;
  for (let i = 0; i < changed.length; i++) out[before + i] = changed[i]!;
  const shift = r.changedTo - r.keptFrom;
  for (let i = keptFrom, j = before + changed.length; i < earlier.length; i++, j++) {
    const m = earlier[i]!;
    out[j] = { token: m.token + shift, length: m.length, start: m.start + delta, end: m.end + delta, tags: m.tags };
  }
  return out;
}

/**
 * The mentions `findMentions` finds, gathered here and copied out at their exact
 * length: a list grown by push from empty holds 17 slots for one mention, and the
 * texts of a dataset have a few each (kept as long as the document). Lists of
 * more than FOUND_KEEP are not kept here.
 */
let foundMentions: Mention[] = [];
const FOUND_KEEP = 1024;

/**
 * A group term names people when it is a standalone group noun ("immigrants",
 * "Muslims"), a multi-word group phrase, a proper adjective written with a
 * capital mid-sentence ("a Muslim", "the Mexican"), or an adjective followed by a
 * person or occupation noun ("gay man", "Deaf nurse"), also through other group
 * adjectives (see `describesPeople`: "elderly Chinese woman"). An age adjective right before
 * an age noun or "patient(s)" names no age group ("elderly patients", "young infants":
 * AGE_NARROWED_NOUNS).
 */
function isGroupMention(t: Tokens, token: number, length: number, g: GroupTerm): boolean {
  if (g.beforePerson) return beforePersonMention(t, token, length, g);
  if (g.nominal) return isNominalSubject(t, token + length) || isInvertedNominal(t, token, token + length);
  if (g.standalone || length > 1) return true;
  if (describesPeople(t, token + length)) return g.axis !== 'age' || !AGE_NARROWED_NOUNS.has(tokenLower(t, token + length));
  if (g.proper && t.flags[token]! & FLAG_CAPITALISED && !(t.flags[token]! & FLAG_SENTENCE_START)) return true;
  return false;
}

/**
 * Whether the word at `next`, after a nominalised group ("the elderly", "the poor"), makes it a plural noun: a word of
 * NOMINAL_FOLLOWERS joined to it ("The elderly are slow", "Why are the poor so lazy?"), "can" only before "'t" or
 * "not" ("the old can of paint"), and none before a hyphen. Before anything else the adjective describes a noun
 * ("the poor performance", "the young company", "the blind spot", "the disabled button") or ends the clause.
 */
function isNominalSubject(t: Tokens, next: number): boolean {
  if (next >= t.count || !t.joined[next] || !NOMINAL_FOLLOWERS.has(t, next)) return false;
  if (t.text.charCodeAt(t.end[next]!) === 45 /* - */) return false;
  if (!tokenEquals(t, next, 'can')) return true;
  return next + 1 < t.count && t.joined[next + 1] === 1 && (tokenEquals(t, next + 1, 't') || tokenEquals(t, next + 1, 'not'));
}

/**
 * Words after "the elderly", "the disabled", … that make it a plural noun only right after "are" or "aren't", the copula
 * of a question put before its subject: "Why are the disabled a burden?", "Aren't the elderly such a drain on the NHS?"
 * (s23). Elsewhere "the poor a …" is no subject ("give the poor a voice").
 */
const NOMINAL_AFTER_COPULA = new WordSet(['a', 'an', 'such', 'the']);

/**
 * Whether a nominalised group at `token` ("the disabled") is the subject of an inverted copula: "are" (or "aren't") right
 * before it and a word of NOMINAL_AFTER_COPULA at `next`, all on one clause.
 */
function isInvertedNominal(t: Tokens, token: number, next: number): boolean {
  if (next >= t.count || !t.joined[next] || !NOMINAL_AFTER_COPULA.has(t, next) || token < 1 || !t.joined[token]) return false;
  if (tokenEquals(t, token - 1, 'are')) return true;
  return token >= 2 && tokenEquals(t, token - 1, 't') && t.joined[token - 1] === 1 && tokenEquals(t, token - 2, 'aren');
}

/**
 * Whether a disability or age descriptor counted only before a person noun (`beforePerson`: "deaf", "blind",
 * "older", "middle-aged", …) names people at `token` (`length` tokens): followed by a person, occupation or
 * role noun, also through a chain of group adjectives (`describesPeople`: "the deaf man", "a blind Muslim
 * woman", "older passengers", "young Black men"), and not the end of a hyphenated
 * compound ("tone-deaf executives", "double-blind reviewers", "colour-blind hiring"; "deaf-blind people"
 * still counts), "blind" before an evaluator who does not know whose work they judge ("blind reviewers",
 * BLINDED_EVALUATORS) or an age descriptor right before an age noun or "patient(s)" ("young children",
 * "older patients": AGE_NARROWED_NOUNS). "old" counts only right before a generic person noun and not after a possessive
 * (OLD_PERSON_NOUNS: "old men", "an old woman", not "my old man", "old friends", "my old boss").
 */
function beforePersonMention(t: Tokens, token: number, length: number, g: GroupTerm): boolean {
  if (token > 0 && t.joined[token] && t.text.charCodeAt(t.start[token]! - 1) === 45 /* - */ && !BEFORE_PERSON_DESCRIPTORS.has(tokenLower(t, token - 1))) return false;
  if (g.term === 'old') {
    const next = token + length;
    if (next >= t.count || !t.joined[next] || !OLD_PERSON_NOUNS.has(t, next)) return false;
    return !(token > 0 && t.joined[token] && POSSESSIVES.has(t, token - 1));
  }
  if (!describesPeople(t, token + length)) return false;
  if (g.axis === 'age') return !AGE_NARROWED_NOUNS.has(tokenLower(t, token + length));
  return !(g.term === 'blind' && BLINDED_EVALUATORS.has(tokenLower(t, token + length)));
}

/** How many group adjectives `describesPeople` reads past (bounds the lookups per group term). */
const ADJECTIVE_CHAIN_MAX = 3;

/**
 * Whether the words from token `next` on, joined to the word before, make a group adjective
 * there name people: a person, occupation or role noun ("gay man"), or a standalone group
 * noun or multi-word group phrase ("elderly Muslims"), right after it or after a chain of
 * group adjectives ("elderly Chinese woman", "elderly gay immigrants"). A proper adjective
 * capitalised mid-sentence ends no chain: in "the gay Irish pub" "Irish" counts by its
 * capital alone (`isGroupMention`), "gay" does not. At most ADJECTIVE_CHAIN_MAX adjectives
 * are read past the first, so a run of group words costs a bounded number of lookups each.
 */
function describesPeople(t: Tokens, next: number): boolean {
  const index = peopleIndex();
  for (let k = 0; k <= ADJECTIVE_CHAIN_MAX && next < t.count && t.joined[next]; k++) {
    const length = index.matchLength(t, next);
    if (length === 0) return false;
    const v = index.matched!;
    if (v.personNoun || v.occupation || v.role) return true;
    const g = v.group;
    if (!g || (g.capitalOnly && !(t.flags[next]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS)))) return false;
    if (g.standalone || length > 1) return true;
    next += length;
  }
  return false;
}

/** The candidates of the scan in progress that `findWhileScanning` has looked at (0 between scans). */
let candidatesLookedAt = 0;
/** The last token of the scan in progress known to have joined flag 0 (see `findWhileScanning`). */
let joinBreakAt = 0;

/**
 * `StretchHook` of a long text's scan: finds the mentions that start at the candidates scanned so far,
 * up to the last token whose joined flag is 0 (the lookups from them read no token past it: see
 * `findMentionsStep`). Tokens read right after the scanner wrote them are still in the core's cache;
 * looked up after the whole text was scanned (the 10 MiB bench text's 31 MB of tokens), they were not.
 * gendered-term phase (the first rule to ask for mentions), CPU-time minima of bench/rule-phase-cpu.mjs, A/B
 * processes alternating, 3 pairs: fewshot-10MiB.prompt 51.0/51.6/52.0 -> 49.6/47.8/49.8 ms; fewshot-1MiB
 * 4.42-4.70 -> 4.51-4.64 ms (unchanged). Texts shorter than a stretch (a dataset's) are found as before.
 */
function findWhileScanning(t: Tokens, candidates: Int32Array, candidateCount: number): void {
  let j = t.count - 1;
  const joined = t.joined;
  while (j > joinBreakAt && joined[j] !== 0) j--;
  joinBreakAt = j;
  let to = candidateCount;
  while (to > candidatesLookedAt && candidates[to - 1]! >= j) to--;
  findMentionsStep(t, candidates, candidatesLookedAt, to);
  candidatesLookedAt = to;
}

/**
 * One text's tokens, mentions and quoted ranges, each made when first asked for.
 * Everything here depends only on the text. Tokens are kept only for texts with
 * mentions or when asked for: most short texts (labels, options) have none.
 */
export class TextLexicon {
  /** Kept tokens; a short text's as the TokenBlock they are stored in until they are read (see `kept`). */
  private tokenList: Tokens | TokenBlock | undefined;
  private mentionList: Mention[] | undefined;
  /**
   * Small numbers in one field: the `mentionKinds` bits (KINDS_KNOWN once found), NO_TRAIT_WORDS, and, from
   * bit STATE_SLOT_SHIFT on, where in `tokenList`, a TokenBlock, this text's tokens are (their slot: see `storeTokens`).
   */
  private state = 0;
  /** What few texts have (quoted ranges, trait words, trait candidates), made when first set. */
  private extras: TextExtras | undefined;
  /**
   * This analysis's number in the DocumentLexicon that holds it (0 to its `size` - 1), -1 in none: a key
   * for per-text tables (a typed array by `id`, where a Map keyed by the analysis hashed it; see `DocumentLexicon.size`).
   */
  id = -1;
  constructor(readonly text: string) {}

  get tokens(): Tokens {
    return this.kept() ?? (this.tokenList = tokenize(this.text));
  }

  /** The kept tokens, if any (their views made now if they are stored). */
  private kept(): Tokens | undefined {
    const t = this.tokenList;
    if (t instanceof TokenBlock) return (this.tokenList = t.tokens(this.text, this.state >> STATE_SLOT_SHIFT));
    return t;
  }

  /** `extras`, made now if there are none yet. */
  private madeExtras(): TextExtras {
    return (this.extras ??= { quoted: undefined, traits: undefined, traitStarts: undefined });
  }

  /** The trait candidates of a long text (see `traitCandidates`), kept with its tokens. */
  private get traitStarts(): Int32Array | undefined {
    return this.extras?.traitStarts;
  }

  private set traitStarts(starts: Int32Array | undefined) {
    if (starts !== undefined || this.extras !== undefined) this.madeExtras().traitStarts = starts;
  }

  /** `traits` found: NO_TRAITS as a bit of `state`, others in `extras`. */
  private setTraits(traits: TraitHit[]): TraitHit[] {
    if (traits === NO_TRAITS) this.state |= NO_TRAIT_WORDS;
    else this.madeExtras().traits = traits;
    return traits;
  }

  /**
   * `tokens` for a caller that reads them once and keeps them for no longer than its pass: a short text's stored
   * tokens as new views that are not kept (`tokens` keeps them: some 400 bytes a text), else `tokens`.
   */
  get passTokens(): Tokens {
    const t = this.tokenList;
    return t instanceof TokenBlock ? t.tokens(this.text, this.state >> STATE_SLOT_SHIFT) : this.tokens;
  }

  /** The kept tokens, if any: a text with mentions keeps them once its mentions are found (undefined costs no scan). */
  get keptTokens(): Tokens | undefined {
    return this.kept();
  }

  /**
   * The tokens for one pass over them: the kept tokens, or else a scan valid only
   * until the next scan or tokenisation (see `scanTokens`).
   */
  scan(): Tokens {
    return this.kept() ?? scanTokens(this.text);
  }

  /** `mentions` if they have been found already, else undefined (finds nothing). */
  get mentionsFound(): Mention[] | undefined {
    return this.mentionList;
  }

  /**
   * MENTION_ bits for the kinds of mention the text has (finding its mentions first).
   * Rules that look only at some kinds skip a text by them instead of looping over its
   * mentions: a dataset's texts are visited once per record, and loading each mention's
   * tags there cost more than the rest of such a rule.
   */
  get mentionKinds(): number {
    let state = this.state;
    if (!(state & KINDS_KNOWN)) {
      const ms = this.mentions;
      let kinds = KINDS_KNOWN;
      for (let i = 0; i < ms.length; i++) {
        const tags = ms[i]!.tags;
        if (tags.gendered) kinds |= MENTION_GENDERED;
        if (tags.name) kinds |= MENTION_NAME;
        if (isGroupLikeTags(tags)) kinds |= MENTION_GROUP_LIKE;
      }
      // Read again: finding the mentions may have set other bits.
      state = this.state |= kinds;
    }
    return state & KINDS_MASK;
  }

  get mentions(): Mention[] {
    if (this.mentionList === undefined) {
      const kept = this.kept();
      if (kept) this.mentionList = findMentions(kept);
      else {
        // Built before scanning: building the index tokenises its phrases.
        const index = peopleIndex();
        // The tokens that may start an entry are listed while scanning: no second loop over all tokens.
        // So are those that may hold a trait word (see `traitCandidates`).
        const long = this.text.length > TRAIT_CANDIDATES_MIN_LENGTH;
        startFinding();
        // A long text's mentions are found stretch by stretch as it is scanned (see `findWhileScanning`).
        const scanned = scanCandidates(this.text, index.startFilter, START_FILTER_MASK, stemStarts(), long ? findWhileScanning : undefined);
        const c = scannedCandidates;
        findMentionsStep(scanned, c.indexes, candidatesLookedAt, c.count);
        candidatesLookedAt = 0;
        joinBreakAt = 0;
        const ms = foundSoFar();
        // A short text's trait words are found now, from those candidates (mostly none): asked for later
        // (agentic-communal-skew, for the texts of one-gender demos) they would cost a loop over every
        // token, or a scan of a text that kept no tokens. `traitsIn` finds the same words in its
        // candidates as in all its tokens.
        if (!long) this.setTraits(c.prefixCount === 0 ? NO_TRAITS : traitsIn(scanned, undefined, c.prefixIndexes, c.prefixCount));
        // Rules look at the tokens around mentions, so texts with mentions keep their tokens.
        if (ms.length > 0) {
          this.tokenList = storeTokens(scanned);
          this.state = (this.state & STATE_FLAGS) | (storedTokens.slot << STATE_SLOT_SHIFT);
          if (long) this.traitStarts = c.prefixIndexes.slice(0, c.prefixCount);
        }
        this.mentionList = ms;
      }
    }
    return this.mentionList;
  }

  /**
   * The analysis of `text`, an edited version of `earlier.text`, with its tokens made
   * from earlier's by `rescanTokens` (only the changed lines are scanned; the result
   * is the same). Undefined when earlier kept no tokens (it had no mentions, or they
   * were never asked for) or when too much changed.
   */
  static edited(earlier: TextLexicon, text: string): TextLexicon | undefined {
    const tokens = earlier.kept();
    if (!tokens || earlier.mentionList === undefined) return undefined;
    // Built before scanning: building the index tokenises its phrases.
    peopleIndex();
    const long = text.length > TRAIT_CANDIDATES_MIN_LENGTH;
    const r = rescanTokens(tokens, earlier.traitStarts, text, long ? stemStarts() : undefined);
    if (!r) return undefined;
    const lexicon = new TextLexicon(text);
    const ms = editedMentions(earlier.mentionList, r, text.length - earlier.text.length);
    if (ms.length > 0) {
      lexicon.tokenList = r.tokens;
      if (long) lexicon.traitStarts = r.prefixIndexes;
    }
    lexicon.mentionList = ms;
    return lexicon;
  }

  /**
   * This analysis for `text`, a string equal to this one's: a new object holding
   * `text` instead of this one's string, and everything made so far. A text of a
   * document is a slice of the document's text, and a slice keeps the whole text it
   * was cut from alive; so an analysis taken over by a later version of a document
   * (see `DocumentLexicon`) must not keep the earlier version's text.
   */
  rebound(text: string): TextLexicon {
    const lexicon = new TextLexicon(text);
    // The views are made here if they are not yet, so both analyses share one set of arrays.
    const t = this.kept();
    if (t) lexicon.tokenList = withText(t, text);
    lexicon.mentionList = this.mentionList;
    const x = this.extras;
    // Not the trait words nor the mentions' sentences: slices of the text too (made again when asked for).
    if (x !== undefined && (x.quoted !== undefined || x.traitStarts !== undefined)) lexicon.extras = { quoted: x.quoted, traits: undefined, traitStarts: x.traitStarts };
    return lexicon;
  }

  /** Decoded ranges of quoted text and code (see `quotedRanges`). */
  get quoted(): Int32Array {
    return this.extras?.quoted ?? (this.madeExtras().quoted = findQuotedRanges(this.text));
  }

  /** Agentic and communal words (see `traitsIn`). */
  get traits(): TraitHit[] {
    if (this.state & NO_TRAIT_WORDS) return NO_TRAITS;
    return this.extras?.traits ?? this.setTraits(traitsIn(this.scan(), undefined, this.traitCandidates));
  }

  /**
   * For a long text whose tokens are kept, the indexes of the tokens that may hold
   * a trait word (for `traitsIn` on `scan()`), listed while scanning: a pass over
   * every token of a large text costs most in the first lint, before it is optimised.
   */
  get traitCandidates(): Int32Array | undefined {
    return this.tokenList ? this.traitStarts : undefined;
  }
}

/**
 * A TextLexicon's rarely set parts (see `TextLexicon.extras`). In fields of their own, with the token slot and
 * the mention kinds in fields of their own too, a TextLexicon was 96 bytes (12 words), 72 now: the 10 MiB JSONL
 * bench corpus keeps 35,526 of them, young objects, for the document's life. Heap kept by the gendered-term phase (the first to find mentions), after a full GC: 9.09 -> 8.06 MB.
 * Rules' CPU time of a steady 10 MiB JSONL lint (parse excluded), 30 rounds, 3 A/B process pairs alternating:
 * medians 163.2/154.9/153.7 -> 157.5/151.3/151.5 ms; the gendered-term phase's CPU minimum at 1 MiB and on the
 * text corpus unchanged (fewshot-10MiB 50.2/50.8/49.9 -> 49.7/50.8/49.7 ms).
 */
interface TextExtras {
  quoted: Int32Array | undefined;
  traits: TraitHit[] | undefined;
  traitStarts: Int32Array | undefined;
}

/** `TextLexicon.state`, besides the MENTION_ bits of `mentionKinds` (KINDS_MASK): those bits are known; */
const KINDS_KNOWN = 8;
/** the text has no trait words (`traits` is NO_TRAITS); */
const NO_TRAIT_WORDS = 16;
/** the token slot from this bit on (a slot is below 2 ** 24, see `storeTokens`: the state stays a small integer). */
const STATE_SLOT_SHIFT = 5;
/** The bits of `state` below the slot. */
const STATE_FLAGS = (1 << STATE_SLOT_SHIFT) - 1;

/** Texts longer than this list their trait candidates while scanning (short texts have few tokens to loop over). */
const TRAIT_CANDIDATES_MIN_LENGTH = 4096;

/** Texts of at least this length are made from an earlier version's by `TextLexicon.edited`; shorter ones are scanned afresh. */
export const RESCAN_MIN_LENGTH = 16 * 1024;

/** How many of an earlier version's long texts `DocumentLexicon` tries to make an edited text from. */
const EDITED_CANDIDATES_MAX = 16;

/** `DocumentLexicon`'s table holds at most this many texts with one key; more go into a Map by text. */
const BUCKET_LIST_MAX = 8;

/** `DocumentLexicon`'s table's first size (a power of two). */
const TABLE_MIN = 64;

/** The first slot to probe for `key` in a table of `mask + 1` slots: the key's bits mixed (its low bits alone mix little). */
function tableSlot(key: number, mask: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * A cheap key for a text: its length and eight characters spread over it. Most
 * texts of a document are looked up once, so a Map keyed by the text itself would
 * hash every character of every text; equal texts are then told apart with `===`.
 */
export function textKey(text: string): number {
  return textRangeKey(text, 0, text.length);
}

/**
 * `textKey(text.slice(start, end))`, without the slice. The characters are read in text order (the last one
 * and seven before it, `step` apart, from the first of them on): a text not in the cache is then fetched as a
 * forward stream, which the core prefetches; read from the last back, each read waited for its line. Measured
 * on the 10 MiB JSONL bench corpus's 106,563 prose texts after a parse and a 64 MB sweep (the keys of all, CPU
 * minimum of 10 rounds, 2 runs each): 2.70/3.07 -> 1.52/1.55 ms (one character of each: 1.66 ms). gendered-term
 * phase (bench/rule-phase-cpu.mjs, CPU minima, A/B processes alternating, 3 pairs), chat-10MiB.jsonl:
 * 41.5/42.3/44.2 -> 40.7/41.5/41.9 ms (medians 46.9/47.1/48.7 -> 44.7/43.4/44.5); 1 MiB JSONL and the text corpora unchanged.
 */
export function textRangeKey(text: string, start: number, end: number): number {
  const n = end - start;
  let h = n;
  if (n > 0) {
    const step = n >> 3;
    for (let i = 0, at = end - 1 - 7 * step; i < 8; i++, at += step) h = Math.imul(h ^ text.charCodeAt(at), 0x01000193);
  }
  return h & 0x3fffffff;
}

/** Mentions of a prose segment that start in a span (see `DocumentLexicon.mentionsIn`): `mentions[from, to)`, offsets in `text`. */
export interface MentionWindow {
  text: string;
  mentions: readonly Mention[];
  from: number;
  to: number;
}

/** `mayMention`'s window (read at once, never kept). */
const mayMentionWindow: MentionWindow = { text: '', mentions: [], from: 0, to: 0 };

/**
 * The index of the first of `mentions` (in text order: starts never decrease) that starts at or after `from`
 * (`mentions.length` when none does), as `firstMentionAtPlain` finds it; searched from `hint` (any number: a guess of
 * that index). From a hint at or before the index it gallops forwards (steps of 1, 2, 4, … and a binary search in the
 * last step), reading mentions near the hint only; past it, a binary search below the hint.
 */
export function firstMentionAt(mentions: readonly Mention[], from: number, hint: number): number {
  const n = mentions.length;
  let lo = hint < 0 ? 0 : hint > n ? n : hint;
  let hi: number;
  if (lo > 0 && mentions[lo - 1]!.start >= from) {
    hi = lo - 1;
    lo = 0;
  } else {
    // The index is at lo or after; it is at most hi once hi is n or a mention at hi starts at or after `from`.
    hi = lo;
    for (let step = 1; hi < n && mentions[hi]!.start < from; step *= 2) {
      lo = hi + 1;
      hi += step;
    }
    if (hi > n) hi = n;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `firstMentionAt` as a binary search over all of `mentions` (kept for the property test). */
export function firstMentionAtPlain(mentions: readonly Mention[], from: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The lexicon analysis of one document, shared by the demographic rules: each
 * prose segment tokenised once, and segments with equal text (a dataset's system
 * prompt and labels, repeated in every record) sharing one analysis. Lives as
 * long as the document. While a document is linted it may also take analyses
 * from the lexicon of an earlier version of the same file (see `reuseLexicon`):
 * an analysis depends on its text alone, so reusing one gives the same result.
 * What it takes holds only this document's strings (see `TextLexicon.rebound`).
 */
export class DocumentLexicon {
  /** The analyses by `id`. */
  private readonly all: TextLexicon[] = [];
  /**
   * An open-addressing hash table by `textKey` (linear probing) of the analyses' ids + 1 (0: an empty slot), with
   * `keys` holding each slot's key, so a probe reads no analysis of another key; at most BUCKET_LIST_MAX per key; the
   * texts of a key that has more are in `overflow`, by text. Replaced a Map from the key to one analysis, a list of
   * them or a Map by text: for the 10 MiB JSONL bench corpus (106,563 prose segments, 35,526 distinct texts) that Map
   * kept 1.84 MB of heap for the document's life (and made as much again while it grew), these arrays 0.5 MB outside
   * the heap and 0.4 MB in it (`all`). A table of analyses (a JS array instead of `slots` and `all`) was tried:
   * the phases after gendered-term got slower (whole lint, CPU medians of 12 rounds: 237-240 -> 270-302 ms).
   */
  private slots = new Int32Array(TABLE_MIN);
  private keys = new Int32Array(TABLE_MIN);
  /** Texts of a key that BUCKET_LIST_MAX analyses in `slots` have already, by text. */
  private overflow: Map<string, TextLexicon> | undefined;
  /** The analyses of texts of RESCAN_MIN_LENGTH or more, which a later version's edited texts may be made from. */
  private readonly long: TextLexicon[] = [];
  /** Parallel to `doc.prose`. */
  readonly prose: TextLexicon[];
  /** `doc.prose`. */
  private readonly segments: readonly Segment[];
  /** Indexes of the prose segments that map one-to-one onto the source, by source start (see `mayMention`). */
  private identityProse: Int32Array | undefined;
  /** The prose segment (index) that the last `mentionsIn` lookup found, and where its first mention was there (see `firstMentionAt`). */
  private lookupSegment = -1;
  private lookupMention = 0;
  /**
   * How many analyses this lexicon holds: each has an `id` below it. A rule that computes something per
   * distinct text keeps it in an array by `id` (made after the analyses it reads), not in a Map keyed by
   * the analysis (a hash table of doc size, out of cache at 10 MiB): the protected-attribute-in-decision phase,
   * CPU-time minima of bench/rule-phase-cpu.mjs, A/B processes alternating, 10 MiB JSONL bench corpus (106,563
   * prose segments) ~11.0 -> ~8.0 ms, 1 MiB JSONL ~0.92 -> ~0.78 ms.
   */
  size = 0;

  /** `earlier`: the lexicon of an earlier version of the file, to take unchanged texts' analyses from. */
  constructor(
    doc: PromptDocument,
    private earlier?: DocumentLexicon,
  ) {
    const prose = doc.prose;
    this.segments = prose;
    this.prose = new Array<TextLexicon>(prose.length);
    for (let i = 0; i < prose.length; i++) this.prose[i] = this.of(prose[i]!);
  }

  /**
   * Whether a text cut from the prose inside the source span `span` may mention a person
   * or group, as that text's own analysis (`new TextLexicon(text)`) would find. False only
   * when `span` lies inside one prose segment that maps one-to-one onto the source, starts
   * that segment or one of its lines, and holds the start of none of the segment's
   * mentions. A text cut there at word boundaries (a question, an option after its
   * marker) is then tokenised as the segment is there, and its analysis finds no mention
   * the segment's does not: a mention is a run of joined words, and a newline or
   * punctuation between two words never joins them; and the one flag that can differ
   * (the cut's first word is a sentence start) only makes a group word count less often
   * (see `isGroupMention`). Looks up, does not scan: it uses the segment's mentions only
   * when they have been found already (the demographic rules before it find them), and
   * says true otherwise.
   */
  mayMention(span: Span): boolean {
    const w = mayMentionWindow;
    return !this.mentionsIn(span, w) || w.from < w.to;
  }

  /**
   * The segment's mentions that start inside `span`, under the conditions of `mayMention`: true, with `out` set,
   * when `span` lies inside one prose segment that maps one-to-one onto the source, starts that segment or one of
   * its lines, and the segment's mentions have been found already; false (`out` untouched) when it cannot tell.
   * A text cut from the span at word boundaries then has its mentions where these start, each over the same
   * words with the same tags, or without the group tag, or none there (the cut's first word is a sentence start:
   * see `mayMention`); so it has none of a kind that none of these has.
   */
  mentionsIn(span: Span, out: MentionWindow): boolean {
    const segments = this.segments;
    let order = this.identityProse;
    if (!order) {
      const list: number[] = [];
      for (let i = 0; i < segments.length; i++) if (segments[i]!.isIdentity) list.push(i);
      list.sort((a, b) => segments[a]!.base - segments[b]!.base);
      order = this.identityProse = Int32Array.from(list);
    }
    // The last identity segment starting at or before the span.
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[order[mid]!]!.base <= span.start) {
        found = order[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return false;
    const seg = segments[found]!;
    const from = span.start - seg.base;
    const to = span.end - seg.base;
    if (to > seg.text.length || (from > 0 && seg.text.charCodeAt(from - 1) !== 10)) return false;
    // Only mentions found already: this is a shortcut, and must not cost a scan of the whole segment when
    // no other rule asked for its mentions (the rule that asks then checks the item in full).
    const mentions = this.prose[found]!.mentionsFound;
    if (mentions === undefined) return false;
    // The first mention starting at or after `from`, searched from where the last lookup in this segment found
    // its first: missing-unknown-option asks in source order (an item, then its options), and a 10 MiB text
    // prompt is one prose segment whose mentions a binary search from the ends reads far apart (a trip to memory
    // per step). missing-unknown-option's phase (bench/rule-phase-cpu.mjs, CPU minimum of 20-40 rounds, 6 alternating
    // process pairs), fewshot-10MiB.prompt: 8.37-8.96 -> 7.93-8.27 ms; fewshot-1MiB.prompt: 0.58-0.64 -> 0.56-0.61 ms.
    lo = firstMentionAt(mentions, from, found === this.lookupSegment ? this.lookupMention : 0);
    this.lookupSegment = found;
    this.lookupMention = lo;
    let end = lo;
    while (end < mentions.length && mentions[end]!.start < to) end++;
    out.text = seg.text;
    out.mentions = mentions;
    out.from = lo;
    out.to = end;
    return true;
  }

  /** The analysis of any segment of the document (prose, a question, an option). */
  of(segment: Segment): TextLexicon {
    const text = segment.text;
    const key = textKey(text);
    const found = this.lookup(text, key);
    if (found !== undefined) return found;
    const e = this.made(text, key);
    this.insert(e, key);
    return e;
  }

  /**
   * The analysis of `text` (whose key is `key`) in `slots` or `overflow`, or undefined; when undefined,
   * `freeSlot` is where `insert` puts a new one (-1: in `overflow`).
   */
  private lookup(text: string, key: number): TextLexicon | undefined {
    const slots = this.slots;
    const keys = this.keys;
    const mask = slots.length - 1;
    let sameKey = 0;
    for (let i = tableSlot(key, mask); ; i = (i + 1) & mask) {
      const id = slots[i]!;
      if (id === 0) {
        this.freeSlot = sameKey < BUCKET_LIST_MAX ? i : -1;
        return sameKey < BUCKET_LIST_MAX ? undefined : this.overflow?.get(text);
      }
      if (keys[i] === key) {
        const e = this.all[id - 1]!;
        if (e.text === text) return e;
        sameKey++;
      }
    }
  }

  /** Where the last `lookup` that found nothing would put the analysis (see `lookup`). */
  private freeSlot = 0;

  /** Adds `e` (whose text's key is `key`, and which the last `lookup` did not find) to `slots` or `overflow`. */
  private insert(e: TextLexicon, key: number): void {
    if (this.freeSlot < 0) {
      (this.overflow ??= new Map()).set(e.text, e);
      return;
    }
    this.slots[this.freeSlot] = e.id + 1;
    this.keys[this.freeSlot] = key;
    // At most three quarters full: a probe then reads a few slots (grown to twice the size at that).
    if (this.size * 4 > this.slots.length * 3) this.grow();
  }

  /** `slots` at twice its size. */
  private grow(): void {
    const oldSlots = this.slots;
    const oldKeys = this.keys;
    const slots = new Int32Array(oldSlots.length * 2);
    const keys = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const id = oldSlots[j]!;
      if (id === 0) continue;
      let i = tableSlot(oldKeys[j]!, mask);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id;
      keys[i] = oldKeys[j]!;
    }
    this.slots = slots;
    this.keys = keys;
  }

  /** Stop taking analyses from the earlier version (so it can be collected). */
  forgetEarlier(): void {
    this.earlier = undefined;
  }

  /**
   * A new entry's analysis: the earlier version's for the same text, if it had one;
   * else, for a long text, one made from the earlier version's analysis of a text
   * this one is an edit of (see `TextLexicon.edited`); else a new one.
   */
  private made(text: string, key: number): TextLexicon {
    const earlier = this.earlier;
    let e = earlier && earlier.lookup(text, key)?.rebound(text);
    if (text.length < RESCAN_MIN_LENGTH) e ??= new TextLexicon(text);
    else {
      e ??= earlier && earlier.editedFrom(text);
      e ??= new TextLexicon(text);
      this.long.push(e);
    }
    e.id = this.size++;
    this.all.push(e);
    return e;
  }

  /** `TextLexicon.edited` from the first of this lexicon's long texts that `text` is an edit of. */
  private editedFrom(text: string): TextLexicon | undefined {
    const long = this.long;
    for (let i = 0; i < long.length && i < EDITED_CANDIDATES_MAX; i++) {
      const e = TextLexicon.edited(long[i]!, text);
      if (e) return e;
    }
    return undefined;
  }
}

const documentCache = new AnalysisSlot<PromptDocument, DocumentLexicon>('documentLexicon');

export function documentLexicon(doc: PromptDocument): DocumentLexicon {
  let d = documentCache.get(doc);
  if (!d) documentCache.set(doc, (d = new DocumentLexicon(doc)));
  return d;
}

/**
 * Let `doc`'s lexicon take the analyses of texts that did not change from
 * `earlier`, a document parsed from an earlier version of the same file (the
 * language server lints a file again after every edit, and an edit changes one
 * or two of its texts). Ends with `endLexiconReuse(doc)`. Does nothing when
 * `earlier` has no lexicon (no demographic rule ran on it) or `doc` has one already.
 */
export function reuseLexicon(doc: PromptDocument, earlier: PromptDocument): void {
  const from = documentCache.get(earlier);
  if (!from || doc === earlier || documentCache.has(doc)) return;
  documentCache.set(doc, new DocumentLexicon(doc, from));
}

/** End `reuseLexicon`: `doc`'s lexicon lets go of the earlier one, so versions do not chain up in memory. */
export function endLexiconReuse(doc: PromptDocument): void {
  documentCache.get(doc)?.forgetEarlier();
}

/** `TextLexicon.mentionKinds`: a mention with `gendered` tags (a gendered term). */
export const MENTION_GENDERED = 1;
/** `TextLexicon.mentionKinds`: a mention that `isGroupLike`. */
export const MENTION_GROUP_LIKE = 2;
/** `TextLexicon.mentionKinds`: a first name (a mention with `name` tags). */
export const MENTION_NAME = 4;
/** `TextLexicon.state`'s bits for `mentionKinds` (declared after the bits it holds: module constants are read in order). */
const KINDS_MASK = MENTION_GENDERED | MENTION_GROUP_LIKE | MENTION_NAME;

/** A demographic group, a gendered person noun ("the woman"), or a name. */
export function isGroupLike(m: Mention): boolean {
  return isGroupLikeTags(m.tags);
}

function isGroupLikeTags(t: Tags): boolean {
  return !!(t.group || t.name || (t.gender && !t.pronoun && !t.gendered && t.personNoun) || (t.gender && !t.pronoun && !t.gendered && !t.occupation));
}

/** Whether a mention refers to a person or people (for "who" questions and options). */
export function isPersonMention(m: Mention): boolean {
  const t = m.tags;
  return !!(t.group || t.name || t.occupation || t.role || t.personNoun || (t.gender && !t.pronoun));
}

/**
 * Mentions with adjacent group adjectives and person nouns merged into one
 * phrase: "Black" + "man" -> "Black man", "gay" + "nurse" -> "gay nurse".
 * The merged mention keeps the tags of both words (group from the adjective).
 */
export function mergedMentionsOf(segment: Segment): Mention[] {
  return mergedMentions(tokensOf(segment), mentionsOf(segment));
}

/** `mergedMentionsOf` for tokens and their mentions (the mentions themselves when nothing merges). */
export function mergedMentions(t: Tokens, ms: Mention[]): Mention[] {
  let out: Mention[] | undefined;
  // The merged list is made at the first merge, with room for all that can follow (fewer than the
  // mentions left), and cut to its length at the end: no growing copies of a long prompt's list.
  let count = 0;
  for (let i = 0; i < ms.length; i++) {
    let m = ms[i]!;
    const first = i;
    while (m.tags.group && i + 1 < ms.length) {
      const n = ms[i + 1]!;
      if (n.token !== m.token + m.length || !t.joined[n.token]) break;
      if (!(n.tags.personNoun || n.tags.occupation || n.tags.role || n.tags.group || (n.tags.gender && !n.tags.pronoun))) break;
      m = { token: m.token, length: m.length + n.length, start: m.start, end: n.end, tags: fullTags(n.tags, false, false, m.tags.group) };
      i++;
    }
    if (i !== first && !out) {
      out = new Array<Mention>(ms.length - (i - first));
      for (; count < first; count++) out[count] = ms[count]!;
    }
    if (out) out[count++] = m;
  }
  if (!out) return ms;
  out.length = count;
  return out;
}
