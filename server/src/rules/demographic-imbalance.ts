/**
 * demographic-imbalance: across exemplars or sample inputs, the gender
 * distribution (pronouns, gendered nouns, names) or the name-origin
 * distribution is heavily skewed, or gender x ethnicity intersections are
 * missing (Kirk et al. 2021).
 */
import { z } from 'zod';
import { defineRule, lazily, type Report } from './types.js';
import { ProfileGatherer, groupItemsNoun, isRepeatedInItems, unrecognisedNames, type GatheredProfiles, type Profiles } from '../lexicon/people-in-exemplars.js';
import { binomialTwoSidedHalf } from '../stats/exact.js';
import { allowSet } from '../lexicon/context.js';
import { ETHNICITIES, nameKey } from '../lexicon/names.js';
import { hasSexTerm } from '../lexicon/sex-specific.js';
import { FARM_ANIMALS_AND_PETS, YOUNG_ANIMALS } from '../lexicon/animals.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  minGendered: 5,
  maxGenderShare: 0.8,
  alpha: 0.05,
  minNames: 6,
  minNameItems: 5,
  maxOriginShare: 0.9,
  maxUnknownOriginShare: 0.25,
  minIntersectionNames: 8,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Least number of single-gender exemplars before gender skew is tested. */
    minGendered: z.number().int().min(2).default(DEFAULTS.minGendered),
    /** Majority share at or above which gender is reported (with a significant two-sided binomial test against 50%). */
    maxGenderShare: z.number().min(0.5).max(1).default(DEFAULTS.maxGenderShare),
    /** Significance level of the gender test. */
    alpha: z.number().gt(0).lt(1).default(DEFAULTS.alpha),
    /** Least number of names with a known origin before name-origin skew is reported. */
    minNames: z.number().int().min(2).default(DEFAULTS.minNames),
    /**
     * Least number of exemplars (or sample inputs) that hold a first name before name origin and
     * intersections are checked, as `minGendered` is for gender: the names of one item (a family's records, a
     * meeting's attendees) are one choice, not one each.
     */
    minNameItems: z.number().int().min(1).default(DEFAULTS.minNameItems),
    /** Share of one name origin at or above which it is reported. */
    maxOriginShare: z.number().min(0.2).max(1).default(DEFAULTS.maxOriginShare),
    /**
     * Share of the names without a known origin (in no name list, or listed without an origin) at or
     * above which name-origin skew is not reported: the set may be diverse in names the data lacks.
     */
    maxUnknownOriginShare: z.number().min(0).max(1).default(DEFAULTS.maxUnknownOriginShare),
    /** Least number of names with gender and origin before missing intersections are reported. */
    minIntersectionNames: z.number().int().min(4).default(DEFAULTS.minIntersectionNames),
  }),
);

export default defineRule({
  meta: {
    id: 'demographic-imbalance',
    description: 'Exemplars or sample inputs skew heavily to one gender or one name origin, or leave gender x ethnicity combinations out.',
    rationale:
      'Demonstrations teach by example: when nearly every person in the demos is a man, or every name is Anglo, the model learns ' +
      'that default (Zhao et al. 2021 showed few-shot label and example choices shift predictions). Kirk et al. 2021 found that ' +
      'intersections (e.g. Black women) are where generative models are most stereotyped, so a demo set should cover them.',
    sources: [
      { short: 'Kirk et al. 2021', title: 'Bias Out-of-the-Box: An Empirical Analysis of Intersectional Occupational Biases in Popular Generative Language Models', url: 'https://arxiv.org/abs/2102.04130' },
      { short: 'Zhao et al. 2021', title: 'Calibrate Before Use: Improving Few-Shot Performance of Language Models', url: 'https://arxiv.org/abs/2102.09690' },
      { short: 'Parrish et al. 2022', title: 'BBQ: A Hand-Built Bias Benchmark for Question Answering (names by gender and ethnicity)', url: 'https://aclanthology.org/2022.findings-acl.165/' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      gender: '{{majorityCount}} of {{n}} {{items}} that signal one gender are {{majority}} ({{percent}}%, binomial p = {{pValue}}); balance the people in them.',
      origin: '{{majorityCount}} of the {{n}} names with a known origin in the {{items}} are {{majority}} names ({{percent}}%); vary name origins.',
      originSomeUnknown:
        '{{majorityCount}} of the {{n}} names with a known origin in the {{items}} are {{majority}} names ({{percent}}%; {{unknownOrigin}} more without a known origin); vary name origins.',
      intersection: 'The {{items}} use {{genders}} names and {{origins}} names, but no {{missing}} names; cover the intersections.',
    },
    fixable: false,
    category: 'demographic',
  },
  // A prompt's demo sets are gathered part by part, item by item; a dataset's records and the test inputs are
  // counted over the whole group (see ProfileGatherer). Every group is tested once the last part is done.
  start({ options: o, report, whole }) {
    const allowed = allowSet(o.allow);
    // Names are matched folded ("José" is the data's Jose): so are the allowed ones compared with them.
    const allowedNames = allowed.size === 0 ? allowed : new Set([...allowed].map(nameKey));
    const gatherer = new ProfileGatherer(false);
    let text = '';
    return {
      part(doc) {
        text = doc.text;
        gatherer.add(doc);
      },
      finish() {
        // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
        for (let i = 0, list = gatherer.finish(whole); i < list.length; i++) checkGroup(list[i]!, text, o, allowed, allowedNames, report);
      },
    };
  },
});

type DemographicImbalanceOptions = z.infer<ReturnType<typeof options>>;

/** Tests one profile group (`text`: the document's) for a gender or name-origin skew, and missing intersections. */
function checkGroup(
  gathered: GatheredProfiles,
  text: string,
  o: DemographicImbalanceOptions,
  allowed: ReadonlySet<string>,
  allowedNames: ReadonlySet<string>,
  report: (r: Report) => void,
): void {
  const group = gathered.group;
  const profiles = group.profiles;
  const items = groupItemsNoun(group);
  // Gender, per exemplar.
  let female = 0;
  let male = 0;
  let mixed = 0;
  let none = 0;
  for (let i = 0; i < profiles.length; i++) {
    const gender = profiles.gender(i);
    if (gender === 'female') female++;
    else if (gender === 'male') male++;
    else if (gender === 'mixed') mixed++;
    else none++;
  }
  let n = female + male;
  if (n >= o.minGendered && genderSkewP(female, male, o) < o.alpha) {
    // Exemplars whose only gender signal is "she" and that name no person but a ship or a country
    // ("She is a 104-gun first-rate ship of the line"), and those whose only signal is "she" or "he"
    // and that name no person but an animal ("Holstein cow, off her feed since yesterday"), are
    // about no one: tested again without them.
    for (let i = 0; i < profiles.length; i++) {
      if (isAboutAThing(text, profiles, i)) female--;
      else if (isAboutAnAnimal(text, profiles, i)) {
        if (profiles.gender(i) === 'female') female--;
        else male--;
      } else continue;
      none++;
    }
    n = female + male;
  }
  if (n >= o.minGendered && genderSkewP(female, male, o) < o.alpha) {
    // Exemplars that name a term of their gender's body, reproduction or medicine ("Summarise the
    // antenatal visit note" / "… her blood pressure is normal") are of that gender by their
    // population, not by default: tested again without them.
    for (let i = 0; i < profiles.length; i++) {
      const gender = profiles.gender(i);
      if (gender !== 'female' && gender !== 'male') continue;
      const span = profiles.span(i);
      if (!hasSexTerm(text.slice(span.start, span.end), gender === 'female')) continue;
      if (gender === 'female') female--;
      else male--;
      none++;
    }
    n = female + male;
  }
  if (n >= o.minGendered) {
    const k = Math.max(female, male);
    const share = k / n;
    const pValue = share >= o.maxGenderShare ? binomialTwoSidedHalf(n, k) : 1;
    if (share >= o.maxGenderShare && pValue < o.alpha) {
      report({
        messageId: 'gender',
        span: group.span,
        data: {
          items,
          n,
          majority: female > male ? 'female' : 'male',
          majorityCount: k,
          percent: Math.round(share * 1000) / 10,
          pValue,
          counts: { female, male, mixed, none },
        },
        strength: pValue < o.alpha / 100 ? 'strong' : 'normal',
      });
    }
  }
  // Name origin, over distinct names in the group.
  const names = new Map<string, { gender?: string; ethnicity?: string }>();
  /** How many of the group's items name each one. */
  const itemsNaming = new Map<string, number>();
  /** Items that hold a name (not allowed). */
  let itemsNamingAny = 0;
  for (let i = 0; i < profiles.length; i++) {
    let namesHere = false;
    for (let nIndex = 0, nList = profiles.names(i); nIndex < nList.length; nIndex++) {
      const nm = nList[nIndex]!;
      const key = nm.name.toLowerCase();
      if (allowedNames.size > 0 && allowedNames.has(nameKey(nm.name))) continue;
      names.set(key, nm);
      itemsNaming.set(key, (itemsNaming.get(key) ?? 0) + 1);
      namesHere = true;
    }
    if (namesHere) itemsNamingAny++;
  }
  // Names in fewer items than the minimum are too few choices to tell a skew (or a missing intersection) by.
  if (itemsNamingAny < o.minNameItems) return;
  const byOrigin: Record<string, number> = {};
  let withOrigin = 0;
  for (const nm of names.values()) {
    if (!nm.ethnicity) continue;
    byOrigin[nm.ethnicity] = (byOrigin[nm.ethnicity] ?? 0) + 1;
    withOrigin++;
  }
  if (withOrigin >= o.minNames) {
    const [top, k] = Object.entries(byOrigin).sort((a, b) => b[1] - a[1])[0]!;
    if (k / withOrigin >= o.maxOriginShare) {
      // Names whose origin is not known: listed without one, or in no list at all where the
      // set's known names stand ("Hiroshi", "Ngozi"). When they are many, the skew may be the data's.
      const inWhole = gathered.wholeGroup();
      const unrecognised = inWhole ? unrecognisedNames(inWhole.doc, inWhole.group, allowed).length : 0;
      // A listed name without an origin that most items write ("(C) Unknown" in every demo: "Unknown" is
      // in the SSA list) is the set's boilerplate, as unrecognisedNames leaves out such words.
      let listedWithout = 0;
      for (const [key, nm] of names) if (!nm.ethnicity && !isRepeatedInItems(itemsNaming.get(key)!, profiles.length)) listedWithout++;
      const unknownOrigin = listedWithout + unrecognised;
      if (unknownOrigin / (withOrigin + unknownOrigin) < o.maxUnknownOriginShare) {
        report({
          messageId: unknownOrigin > 0 ? 'originSomeUnknown' : 'origin',
          span: group.span,
          data: {
            items,
            n: withOrigin,
            majority: label(top),
            majorityCount: k,
            percent: Math.round((k / withOrigin) * 1000) / 10,
            counts: byOrigin,
            unknownOrigin,
            unrecognised,
          },
        });
      }
    }
  }
  // Intersections: genders x origins present among names with both known.
  const cells = new Map<string, number>();
  const genders = new Set<string>();
  const origins = new Set<string>();
  let both = 0;
  for (const nm of names.values()) {
    if (!nm.gender || !nm.ethnicity) continue;
    genders.add(nm.gender);
    origins.add(nm.ethnicity);
    const key = `${nm.gender}:${nm.ethnicity}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    both++;
  }
  if (both >= o.minIntersectionNames && genders.size >= 2 && origins.size >= 2) {
    const missing: string[] = [];
    // A cell is missing only where the names would fill it by chance: with the gender and origin
    // counts it has, independence expects at least MIN_EXPECTED_CELL names in it. One Asian
    // name among 300 (a male one) leaves "Asian female" empty, as chance would half the time.
    const byGender = new Map<string, number>();
    const byOrigin = new Map<string, number>();
    for (const [key, c] of cells) {
      const [g, e] = key.split(':') as [string, string];
      byGender.set(g, (byGender.get(g) ?? 0) + c);
      byOrigin.set(e, (byOrigin.get(e) ?? 0) + c);
    }
    for (const e of ETHNICITIES) {
      if (!origins.has(e)) continue;
      for (const g of ['female', 'male']) {
        if (cells.has(`${g}:${e}`)) continue;
        if (((byGender.get(g) ?? 0) * byOrigin.get(e)!) / both >= MIN_EXPECTED_CELL) missing.push(`${label(e)} ${g}`);
      }
    }
    if (missing.length > 0) {
      report({
        messageId: 'intersection',
        span: group.span,
        data: {
          items,
          n: both,
          genders: [...genders].sort().join(' and '),
          origins: [...origins].sort().map(label).join(', '),
          missing: missing.join(', '),
          counts: Object.fromEntries([...cells].sort()),
        },
        strength: 'weak',
      });
    }
  }
}

/**
 * Least number of names an empty gender x origin cell would hold by chance (independence:
 * names of that gender x names of that origin / all names) for it to be reported as missing.
 */
const MIN_EXPECTED_CELL = 2;

/** The p-value `check` tests a gender skew by: 1 below `maxGenderShare`. */
function genderSkewP(female: number, male: number, o: { maxGenderShare: number }): number {
  const n = female + male;
  const k = Math.max(female, male);
  return k / n >= o.maxGenderShare ? binomialTwoSidedHalf(n, k) : 1;
}

/** Nouns for a ship or a country, which English may call "she". */
const THING_CALLED_SHE = /\b(?:ship|vessel|boat|yacht|liner|frigate|schooner|clipper|steamer|steamship|sloop|ketch|brig|galleon|barque|ferry|tanker|freighter|trawler|cruiser|battleship|destroyer|submarine|warship|carrier|country|nation)s?\b/i;

/**
 * Whether an exemplar is female only by pronouns (she, her), names no person (no name, person
 * or gendered noun, occupation, role or group), and names a ship or a country: "Describe the
 * ship: HMS Victory" / "She is a 104-gun first-rate ship of the line."
 */
function isAboutAThing(text: string, profiles: Profiles, i: number): boolean {
  if (profiles.gender(i) !== 'female' || profiles.people(i) > 0 || profiles.pronouns(i) < profiles.female(i)) return false;
  const span = profiles.span(i);
  return THING_CALLED_SHE.test(text.slice(span.start, span.end));
}

/**
 * Nouns for an animal, which English calls "she" or "he" by its sex: `YOUNG_ANIMALS` and `FARM_ANIMALS_AND_PETS` (see
 * there), not the lexicon's other animals. Left out on purpose: this reads a bare word anywhere in an exemplar, and
 * many of the others are as common in other senses in records about people ("She flies to Denver on Monday", "a
 * huge Bears fan", "can't bear early starts", "the company seal", "a night owl", "her wireless mouse", "the Python
 * script": s25 probes); a zoo keeper's log ("Reticulated giraffe, 9 years; she …") is still counted (a known limit).
 * YOUNG are the young, which an animal has too ("the ewe and her lambs"); OWNED the others.
 */
const YOUNG = YOUNG_ANIMALS.join('|');
const OWNED = FARM_ANIMALS_AND_PETS.join('|');
const ANIMAL_WORD = new RegExp(String.raw`\b(?:${YOUNG}|${OWNED})\b`, 'i');
/** "her dog", "his old horse": the pronoun is the owner's, a person's ("her lambs" are the ewe's). */
const OWNERS_ANIMAL = new RegExp(String.raw`\b(?:her|his)\s+(?:\w+[- ]){0,2}(?:${OWNED})\b`, 'i');

/**
 * Whether an exemplar is of one gender only by pronouns (she, her / he, him, his), names no person
 * (as `isAboutAThing`), and names an animal, which is not an owner's ("her dog"): "Holstein cow,
 * 4 years old, off her feed since yesterday." is about a cow.
 */
function isAboutAnAnimal(text: string, profiles: Profiles, i: number): boolean {
  const gender = profiles.gender(i);
  if ((gender !== 'female' && gender !== 'male') || profiles.people(i) > 0 || profiles.pronouns(i) < profiles.female(i) + profiles.male(i)) return false;
  const span = profiles.span(i);
  const t = text.slice(span.start, span.end);
  return ANIMAL_WORD.test(t) && !OWNERS_ANIMAL.test(t);
}

function label(ethnicity: string): string {
  return ethnicity === 'hispanic' ? 'Hispanic/Latino' : ethnicity[0]!.toUpperCase() + ethnicity.slice(1);
}
