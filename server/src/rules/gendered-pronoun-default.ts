/**
 * gendered-pronoun-default: an occupation or role noun in instructions or a
 * template that a gendered pronoun then refers to ("the nurse ... she",
 * "each engineer ... his"). The hover shows the BLS share of women.
 */
import { z } from 'zod';
import { defineRule, lazily, type Fix, type Report } from './types.js';
import { documentLexicon, type Mention } from '../lexicon/lexicon.js';
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, FLAG_SENTENCE_START, tokenEquals, tokenLower, WordSet, type Tokens } from '../lexicon/tokens.js';
import { allowSet, inIdentifier, inQuotedRange, isAllowed } from '../lexicon/context.js';
import { NOT_NAMES, SUBJECT_OPENERS } from '../lexicon/full-names.js';
import { exemplarSpans } from '../lexicon/spans.js';
import { sentenceAt } from '../lexicon/sentences.js';
import { sexTermAt } from '../lexicon/sex-specific.js';
import { matchCase, nounFollows } from '../lexicon/swap.js';
import { genderedTerms, genderPairs, type PronounCase } from '../lexicon/gender.js';
import { ownText } from './shared/own-text.js';
import type { Segment } from '../model/segment.js';
import type { PromptDocument, Span } from '../model/types.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  maxDistance: 40,
  checkExemplars: false,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Most tokens between the noun and the pronoun. */
    maxDistance: z.number().int().min(1).max(200).default(DEFAULTS.maxDistance),
    /** Also check few-shot exemplars and dataset records (off: they often describe specific people). */
    checkExemplars: z.boolean().default(DEFAULTS.checkExemplars),
  }),
);
type GenderedPronounDefaultOptions = z.infer<ReturnType<typeof options>>;

/** Words before a noun that make it generic ("the nurse", "each engineer"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'each', 'every', 'any', 'your', 'our', 'this', 'that', 'no', 'whichever', 'whatever']);

/** Titles before a surname that name a specific person without giving a gender (Mr, Ms and Mrs are gender words). */
const HONORIFICS = new WordSet(['dr', 'prof', 'professor', 'mx', 'rev', 'revd']);
/** "Priya is a surgeon", "Dr. Okafor was the nurse on call": the noun is that person, not a default. */
const COPULAS = new WordSet(['is', 'was']);
/** Words before a first name that make it part of a place name: "St. Vincent's", "San Diego", "Lake Louise". */
const PLACE_PREFIXES = new WordSet(['st', 'saint', 'san', 'santa', 'santo', 'são', 'fort', 'ft', 'port', 'lake', 'mount', 'mt', 'cape']);
/** Words after a person's name that give it ("Her name is Priya", "his full name was Kwame Mensah"). */
const NAME_QUALIFIERS = new WordSet(['first', 'full', 'given']);
/**
 * First names without a gender in the data that are mostly English words, acronyms or places
 * ("Unknown", "True", "RAM", "Min", "Milan"): not taken as a person who may be of either gender.
 */
const WORD_NAMES = new WordSet([
  'unknown', 'true', 'alpha', 'german', 'hung', 'sang', 'min', 'ram', 'chin', 'wan', 'fang', 'tin', 'thai', 'tong',
  'ting', 'bing', 'dung', 'dong', 'tri', 'tai', 'tory', 'rio', 'milan', 'mercedes', 'aura', 'raleigh', 'brighton',
  'dakota', 'lakota', 'seneca', 'santana', 'harley', 'campbell', 'johnson', 'palmer', 'domingo', 'santos', 'reyes',
  'belen', 'linden', 'shiloh',
]);

/** Last words of an organisation's name, which is no person before a verb: "Acme Corp sends", "the Board approved". */
const ORG_WORDS = new WordSet([
  'corp', 'inc', 'ltd', 'llc', 'co', 'company', 'group', 'team', 'bank', 'university', 'college', 'school', 'hospital',
  'clinic', 'department', 'board', 'council', 'committee', 'agency', 'office', 'service', 'services', 'support', 'labs',
]);
/** Finite verbs after a subject that are not past tenses in -ed or present tenses in -s ("Nwosu read", "Kwame will"). */
const FINITE_VERBS = new WordSet([
  'is', 'was', 'has', 'had', 'does', 'did', 'said', 'told', 'read', 'wrote', 'went', 'came', 'saw', 'took', 'gave',
  'met', 'made', 'got', 'kept', 'left', 'sent', 'brought', 'bought', 'thought', 'found', 'knew', 'felt', 'heard', 'held',
  'ran', 'sat', 'stood', 'spoke', 'began', 'paid', 'put', 'lost', 'drove', 'led', 'fell', 'woke', 'taught', 'will',
  'would', 'can', 'could', 'should', 'must', 'might', 'shall', 'cannot',
]);
/** Adverbs between a subject and its verb: "Kwame then asked". */
const SUBJECT_ADVERBS = new WordSet(['also', 'then', 'never', 'always', 'just', 'already', 'often', 'later', 'still', 'first', 'once']);
/** Words after a name that begin a comma insertion before the verb: "Kwame, a nurse, said", "Ngozi, who ..., asked". */
const INSERTION_STARTS = new WordSet(['a', 'an', 'the', 'our', 'my', 'your', 'their', 'his', 'her', 'who', 'whose']);
/** Sex-specific animal nouns ("the mare ... she"): a referent of that gender, as a gendered person word is. */
const FEMALE_ANIMALS = new WordSet(['mare', 'filly', 'cow', 'heifer', 'hen', 'pullet', 'ewe', 'sow', 'gilt', 'doe', 'vixen', 'jenny', 'lioness', 'tigress', 'bitch', 'nanny', 'queen']);
const MALE_ANIMALS = new WordSet(['stallion', 'colt', 'gelding', 'bull', 'steer', 'bullock', 'ox', 'rooster', 'cockerel', 'ram', 'wether', 'boar', 'buck', 'stag', 'drake', 'gander', 'tomcat']);

/**
 * Nouns after a sex-specific term (within two words) that make it a setting: "antenatal clinic",
 * "prostate clinic questionnaire", "maternity ward", "antenatal appointments".
 */
const SETTING_NOUNS = new WordSet([
  'clinic', 'clinics', 'service', 'services', 'unit', 'units', 'ward', 'wards', 'department', 'appointment',
  'appointments', 'care', 'team', 'practice', 'questionnaire', 'screening', 'booking', 'bookings', 'consultation',
  'consultations', 'visit', 'visits', 'checkup', 'checkups', 'assessment', 'assessments', 'intake', 'triage',
  'programme', 'program', 'pathway', 'centre', 'center', 'hospital', 'helpline', 'class', 'classes',
]);

/** Where a document first names a sex-specific setting: prose segment and its sentence's first token, or segment -1 for none. */
interface SettingAt {
  seg: number;
  token: number;
}

/** What a named-person pattern found: nothing, a person whose gender the text does not give, or a name with a gender. */
const NOT_NAMED = 0;
const NAMED = 1;
const NAMED_GENDERED = 2;
/** A token index no pronoun is within reach of. */
const FAR = -1e9;

/** Third-person auxiliaries and their plural forms, for "she is" -> "they are". */
const AGREEMENT: Record<string, string> = {
  is: 'are', was: 'were', has: 'have', does: 'do', isn: 'aren', wasn: 'weren', hasn: 'haven', doesn: 'don',
};
/** Words after which "they" needs no change to the verb. */
const NO_AGREEMENT = new Set([
  'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'did', 'had', 'didn', 'can', 'couldn',
  'wouldn', 'shouldn', 'won', 'also', 'then', 'and', 'or', 'to',
]);
const S_WORDS_NOT_VERBS = new Set(['always', 'perhaps', 'sometimes', 'nevertheless', 'thus', 'towards', 'afterwards', 'this', 'his', 'is', 'was', 'has', 'does', 'us', 'as', 'yes', 'unless', 'less', 'across', 'besides', 'plus']);

const THEY: Record<PronounCase, string> = {
  nominative: 'they',
  object: 'them',
  possessive: 'their',
  'possessive-pronoun': 'theirs',
  reflexive: 'themselves',
  'object-or-possessive': 'them',
};
const BOTH: Record<PronounCase, [string, string]> = {
  nominative: ['he or she', 'she or he'],
  object: ['him or her', 'her or him'],
  possessive: ['his or her', 'her or his'],
  'possessive-pronoun': ['his or hers', 'hers or his'],
  reflexive: ['himself or herself', 'herself or himself'],
  'object-or-possessive': ['him or her', 'her or him'],
};

export default defineRule({
  meta: {
    id: 'gendered-pronoun-default',
    description: 'An occupation or role noun bound to a gendered pronoun in instructions or templates ("the nurse ... she").',
    rationale:
      'Defaulting a role to one gender ("the engineer ... his", "the nurse ... she") states the occupational stereotype that ' +
      'coreference benchmarks show models already follow (Rudinger et al. 2018; Zhao et al. 2018), and teaches it to the model in ' +
      'every call. The hover shows the share of women in the occupation from the U.S. BLS Current Population Survey, Table 11, ' +
      '2025 annual averages.',
    sources: [
      { short: 'Rudinger et al. 2018', title: 'Gender Bias in Coreference Resolution (Winogender)', url: 'https://aclanthology.org/N18-2002/' },
      { short: 'Zhao et al. 2018', title: 'Gender Bias in Coreference Resolution: Evaluation and Debiasing Methods (WinoBias)', url: 'https://aclanthology.org/N18-2003/' },
      { short: 'BLS CPS Table 11 (2025)', title: 'Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity, 2025 annual averages', url: 'https://www.bls.gov/cps/cpsaat11.htm' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      withShare:
        '"{{pronoun}}" makes the {{noun}} {{genderWord}} by default ({{pctWomen}}% of {{blsOccupation}} are women, BLS CPS {{blsYear}}); use "they" or both forms.',
      noShare: '"{{pronoun}}" makes the {{noun}} {{genderWord}} by default; use "they" or both forms.',
    },
    fixable: true,
    category: 'demographic',
  },
  // Each prose segment is read on its own, except for one question about the whole document: whether it names a
  // setting of the pronoun's sex ("an antenatal clinic") before it first names the role noun (see inSetting).
  // A finding that depends on it waits for `finish`, which asks the whole document (only when there is one).
  start({ options: o, report, whole }) {
    const allowed = allowSet(o.allow);
    const waiting: { report: Report; roles: string[]; female: boolean }[] = [];
    return {
      part: (doc) => checkPart(doc, o, allowed, report, (r, roles, female) => waiting.push({ report: r, roles, female })),
      finish() {
        if (waiting.length === 0) return;
        const inSetting = settingsOf(whole(), o);
        for (const w of waiting) if (!w.roles.some((role) => inSetting(role, w.female))) report(w.report);
      },
    };
  },
});

/** Whether the prose segment `s` of `doc` is one the rule reads (not wholly inside an exemplar, unless checkExemplars). */
function readsSegment(doc: PromptDocument, inExemplar: ReturnType<typeof exemplarSpans>, o: { checkExemplars: boolean }, s: number): boolean {
  const seg = doc.prose[s]!;
  return o.checkExemplars || !inExemplar.contains(seg.sourceOffset(0), seg.sourceOffset(seg.length));
}

/**
 * Whether the whole document `doc` names a sex-specific setting ("an antenatal clinic", "the prostate clinic")
 * of the given sex before it first names the role noun `role`, in the segments the rule reads: then a pronoun
 * of that sex after the noun means a patient of that setting, not a default. The settings are found on the
 * first question, and per role noun whether it is first named after the setting.
 */
function settingsOf(doc: PromptDocument, o: { checkExemplars: boolean }): (role: string, female: boolean) => boolean {
  const inExemplar = exemplarSpans(doc);
  const lexicon = documentLexicon(doc);
  const skipped = (s: number) => !readsSegment(doc, inExemplar, o, s);
  let settings: { female: SettingAt; male: SettingAt } | undefined;
  const roleAfterSetting = new Map<string, boolean>();
  return (role, female) => {
    settings ??= findSettings(doc.prose.length, (s) => (skipped(s) ? undefined : lexicon.prose[s]!.tokens));
    const at = female ? settings.female : settings.male;
    if (at.seg < 0) return false;
    const key = female ? `f:${role}` : `m:${role}`;
    let after = roleAfterSetting.get(key);
    if (after === undefined) {
      after = !roleNamedBefore(role, at, (s) => (skipped(s) ? undefined : lexicon.prose[s]!.mentions));
      roleAfterSetting.set(key, after);
    }
    return after;
  };
}

/**
 * Reports the pronouns of `doc`'s prose that default a generic role noun to a gender. A finding that would not
 * be made if the document named a setting of the pronoun's sex before the role noun (`roles`: the role nouns it
 * is bound to) is handed to `wait` instead, to be decided over the whole document.
 */
function checkPart(
  doc: PromptDocument,
  o: GenderedPronounDefaultOptions,
  allowed: ReturnType<typeof allowSet>,
  report: (r: Report) => void,
  wait: (r: Report, roles: string[], female: boolean) => void,
): void {
  const inExemplar = exemplarSpans(doc);
  const lexicon = documentLexicon(doc);
  const skipped = (s: number) => !readsSegment(doc, inExemplar, o, s);
  for (let s = 0; s < doc.prose.length; s++) {
    const seg = doc.prose[s]!;
    // Segments wholly inside an exemplar (every record of a dataset) are skipped up front.
    if (skipped(s)) continue;
    const lex = lexicon.prose[s]!;
    const mentions = lex.mentions;
    if (mentions.length < 2) continue;
    const t = lex.tokens;
    let quoted: Int32Array | undefined;
    /** The nearest generic role noun before the pronoun (the binding unless `boundNoun` finds the grammar favours another). */
    let candidate: Mention | undefined;
    /** First token of the candidate's sentence: gendered referents from there on may be what the pronoun means. */
    let candidateSentence = 0;
    /** Generic role nouns before `candidate` since the last break (a named person, a plural, a paragraph): others the pronoun may mean. */
    const earlier: Mention[] = [];
    // The last referents the pronoun may mean, by kind and gender (token indexes): a specific person (a
    // name or person word: "Maria", "my mother") within reach, a gendered role noun ("the chairman") from
    // the noun's own sentence on, or a named person whose gender the text does not give ("Priya", "Dr.
    // Nguyen"). Any of them in reach exempts the pronoun, not only the nearest: "Maria ... Robert. She".
    // Plain numbers rather than objects: a text has one every few words.
    let femaleSpecific = FAR;
    let maleSpecific = FAR;
    let femaleRole = -1;
    let maleRole = -1;
    let named = FAR;
    // A slice of a segment cut into parts (see PromptDocument.proseSlice) is read from the start of the text around
    // its own, for the referents before its first pronouns, to the end of its own text.
    const own = ownText(doc, seg);
    // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
    for (let mIndex = 0, mList = mentions; mIndex < mList.length; mIndex++) {
      const m = mList[mIndex]!;
      if (m.start >= own.to) break;
      const tags = m.tags;
      if (tags.pronoun) {
        const p = tags.pronoun;
        if (!candidate || m.token - (candidate.token + candidate.length) > o.maxDistance) continue;
        const female = p.gender === 'female';
        if (
          m.token - (female ? femaleSpecific : maleSpecific) <= o.maxDistance ||
          m.token - named <= o.maxDistance ||
          (female ? femaleRole : maleRole) >= candidateSentence
        ) {
          continue;
        }
        if (bothForms(t, m.token)) continue;
        // "Her name is Priya": the pronoun's own sentence names the person (and later pronouns may mean them).
        if (nameFollows(t, m.token)) {
          named = m.token;
          continue;
        }
        if (seg.text.slice(candidate.end, m.start).includes('\n\n')) {
          candidate = undefined;
          clear(earlier);
          continue;
        }
        // "Dr. Nguyen" within reach: a named person of either gender.
        if (honorificBefore(t, m.token - o.maxDistance, m.token)) continue;
        // "Which author published her first novel first, Jane Austen or Charlotte Brontë?": the question's
        // own alternatives name the people the noun ranges over.
        if (candidateSentence === sentenceAt(t, m.token).first && namedAlternativesAfter(t, candidate, mList, mIndex, p.gender)) continue;
        // "Ngozi asked", "a customer named Olamide", "the detective, Hiroshi Tanaka, explains", "Nurse
        // Nwosu enters": a name in no list, in a name's position, within reach.
        if (unlistedNameBefore(t, mList, mIndex, m.token - o.maxDistance, m.token)) continue;
        // "The reviewer checked the data. The race director said he …": the pronoun is what a speaker the
        // lexicon does not know says of themself, not the role noun before it.
        if (unknownSpeakerBefore(t, m.token, candidate.token + candidate.length)) continue;
        // "The veterinarian examined the mare; she ...": an animal of that gender after the noun's sentence start.
        if (animalBetween(t, female, Math.max(candidateSentence, candidate.token - o.maxDistance), m.token)) continue;
        // "Ask the pregnant patient whether she ...", "If an employee tells you she is pregnant": a
        // sex-specific term of the pronoun's sex from the noun's sentence to the end of the pronoun's.
        if (sexTermBetween(t, female, Math.max(candidateSentence, candidate.token - o.maxDistance), m.token, o.maxDistance)) continue;
        // "You book antenatal appointments. Ask the patient whether her ...": the document names a setting
        // of the pronoun's sex before it first names this role noun (a patient, not the staff).
        // (Decided over the whole document: see settingsOf. The role nouns whose setting would exempt this pronoun.)
        let settingRoles: string[] | undefined = candidate.tags.role && !candidate.tags.occupation ? [candidate.tags.role] : undefined;
        // The noun the pronoun is bound to: the nearest, or the subject the grammar favours for a subject pronoun
        // ("The nurse must ask the caller … before she dispatches": the nurse). The pronoun is reported only if it is a
        // default on both readings: the checks above, for the nearest noun, are run for the bound one too.
        const bound =
          earlier.length === 0 || p.case !== 'nominative'
            ? candidate
            : boundNoun(t, m.token, candidate, earlier, (c) => m.token - (c.token + c.length) <= o.maxDistance && !seg.text.slice(c.end, m.start).includes('\n\n'));
        if (bound !== candidate) {
          const boundSentence = sentenceAt(t, bound.token).first;
          const from = Math.max(boundSentence, bound.token - o.maxDistance);
          if (
            (female ? femaleRole : maleRole) >= boundSentence ||
            (boundSentence === sentenceAt(t, m.token).first && namedAlternativesAfter(t, bound, mList, mIndex, p.gender)) ||
            unknownSpeakerBefore(t, m.token, bound.token + bound.length) ||
            animalBetween(t, female, from, m.token) ||
            sexTermBetween(t, female, from, m.token, o.maxDistance)
          ) {
            continue;
          }
          if (bound.tags.role && !bound.tags.occupation) (settingRoles ??= []).push(bound.tags.role);
        }
        const nounText = seg.text.slice(bound.start, bound.end);
        if (isAllowed(allowed, nounText)) continue;
        quoted ??= lex.quoted;
        if (inQuotedRange(quoted, m.start, m.end) || inQuotedRange(quoted, bound.start, bound.end)) continue;
        // A pronoun inside an identifier, path or file name ("his_score", "HIS_TOKEN", "her-notes.md") is a name.
        if (inIdentifier(seg.text, m.start, m.end)) continue;
        const span = seg.sourceSpan(m.start, m.end);
        if (!o.checkExemplars && inExemplar.contains(span.start, span.end)) continue;
        const occ = bound.tags.occupation;
        const bls = occ?.bls;
        const pronounText = seg.text.slice(m.start, m.end);
        // As written when it has capitals past the first letter and the pronoun has none ("the CEO ... he",
        // not "THE NURSE SAID SHE"); else the lexicon's lower case.
        const nounRest = nounText.slice(1);
        const pronounRest = pronounText.slice(1);
        const noun =
          nounRest !== nounRest.toLowerCase() && pronounRest === pronounRest.toLowerCase()
            ? nounText
            : (occ?.noun ?? bound.tags.role ?? nounText.toLowerCase());
        const nounSpan = seg.sourceSpan(bound.start, bound.end);
        const finding: Report = {
          messageId: bls?.pctWomen !== undefined ? 'withShare' : 'noShare',
          span,
          data: {
            pronoun: pronounText,
            pronounGender: p.gender,
            genderWord: p.gender === 'female' ? 'female' : 'male',
            noun,
            nounSpan,
            ...(bls?.pctWomen !== undefined
              ? {
                  pctWomen: bls.pctWomen,
                  blsOccupation: bls.occupation,
                  blsYear: bls.year,
                  blsAggregate: bls.aggregate,
                  blsSource: 'U.S. BLS, Current Population Survey, Table 11 (annual averages)',
                }
              : {}),
          },
          // Mid-sentence, BLS's title-case row name reads in lower case ("87.3% of registered nurses").
          ...(bls?.pctWomen !== undefined ? { messageData: { blsOccupation: midSentence(bls.occupation) } } : {}),
          fixes: pronounFixes(seg, t, m, p.case, span),
        };
        // (A pronoun in the text around a part's own is read for what it leaves, and reported by its own part.)
        if (m.start < own.from) continue;
        if (settingRoles === undefined) report(finding);
        else wait(finding, settingRoles, female);
        continue;
      }
      // "Each waiter … he": a word whose only gender is that of its pair's (waiter/waitress, actor/actress) is a role noun.
      const unmarked = tags.gender && !tags.gendered && !tags.name && !tags.occupation && !tags.role && m.length === 1 ? unmarkedRole(t, m.token, m.end - m.start) : 0;
      // A named or gendered person is a specific referent, not a default: the pronoun may mean them.
      if (unmarked === 0 && (tags.name || (tags.gender && !tags.occupation && !tags.role))) {
        if (tags.gender) {
          if (tags.gendered) {
            if (tags.gender === 'female') femaleRole = m.token;
            else maleRole = m.token;
          } else if (tags.gender === 'female') femaleSpecific = m.token;
          else maleSpecific = m.token;
        } else if (!inPlaceName(t, m.token) && !addressedName(t, m.token)) {
          // A first name; not one in a place name ("St. Vincent's", "San Diego"), nor the persona the
          // prompt speaks to or as ("You are Maya, …"), whom no third-person pronoun means.
          const g = tags.name!.gender;
          if (g === 'female') femaleSpecific = m.token;
          else if (g === 'male') maleSpecific = m.token;
          else if (!(t.flags[m.token]! & FLAG_ALL_CAPS) && !WORD_NAMES.has(t, m.token)) named = m.token;
        }
        if (candidate && m.token >= candidateSentence) continue;
        candidate = undefined;
        clear(earlier);
        continue;
      }
      if ((tags.occupation && !tags.occupation.plural) || (tags.role && !tags.personNoun) || unmarked === UNMARKED_SINGULAR) {
        const before = candidate;
        candidate = undefined;
        const d = genericDeterminer(t, m);
        // "a retired teacher in her eighties": an age after the noun, like one before it, describes one person.
        if (d < 0 || ageAfter(t, m.token + m.length)) {
          clear(earlier);
          continue;
        }
        // "Priya is a surgeon", "The nurse, Priya, said ...": the noun is a named person, not a default.
        let person = namedBefore(t, mList, mIndex, d);
        if (person === NOT_NAMED) person = namedAfter(t, mList, mIndex);
        if (person === NOT_NAMED) {
          if (before) {
            earlier.push(before);
            // Nouns no later pronoun can reach.
            while (earlier.length > 0 && m.token - (earlier[0]!.token + earlier[0]!.length) > o.maxDistance) earlier.shift();
          }
          candidate = m;
          candidateSentence = sentenceAt(t, m.token).first;
        } else {
          clear(earlier);
          if (person === NAMED && !(d >= 1 && gapIs(t, d, 44) && addressedName(t, d - 1))) named = m.token;
          // ("You are DevHelper, an assistant …": the named noun is the persona, no person a later pronoun means.)
        }
      } else if (tags.occupation || tags.role || tags.personNoun || tags.group || unmarked !== 0) {
        candidate = undefined;
        clear(earlier);
      }
    }
  }
}

/**
 * Empties `list` if it is not empty. Setting an array's length is a call into the runtime even when it is 0 already,
 * and the mention loop cleared `earlier` on every gendered word and person noun (some 35,000 calls per lint of the 10
 * MiB bench text, nearly all of an empty list). rule-phase-cpu.mjs, fewshot-10MiB.prompt, CPU minima of 30 rounds, A/B
 * alternating: 5.66-6.31 -> 4.08-4.22 ms (medians 19.8-19.9 -> 4.4).
 */
function clear(list: Mention[]): void {
  if (list.length !== 0) list.length = 0;
}

const UNMARKED_SINGULAR = 1;
const UNMARKED_PLURAL = 2;

/**
 * The male members of gender pairs whose female member is a gender-marked role noun (waitress, actress,
 * stewardess, landlady) and which have no gender mark of their own: waiter, actor, steward, landlord and their
 * plurals. The pair data gives them a gender, but they are the unmarked forms (gendered-term offers "actor"
 * for "actress" and reports neither "waiter" nor "actor"): as role nouns they are generic, and a pronoun after
 * one is a default, as after "the server" or "the nurse". Value: UNMARKED_SINGULAR or UNMARKED_PLURAL.
 */
const unmarkedRoles = lazily(() => {
  const terms = genderedTerms();
  const { toFemale } = genderPairs();
  const out = new Map<string, number>();
  for (const [male, female] of toFemale) {
    if (/(?:man|men|boy|boys)$/.test(male) || terms.get(male) !== undefined) continue;
    const f = terms.get(female);
    if (!f || f.term !== female || f.kind !== 'role-noun') continue;
    out.set(male, male.endsWith('s') && toFemale.has(male.slice(0, -1)) ? UNMARKED_PLURAL : UNMARKED_SINGULAR);
  }
  return out;
});

/**
 * `unmarkedRoles` as two WordSets, singular and plural: looked up by the token's hash, with no lower-cased
 * string per token. The Map lookup made one (a slice of the text and its lower case) for every gendered
 * word that is no role noun ("mother", "boy"), in every lint, and its garbage: steady lints of one parse
 * (steady.cjs, CPU-time minima of 30-100, A/B processes alternating) 10 MiB bench text 2.49-2.82 -> 1.81-1.83 ms,
 * 1 MiB 0.23 -> 0.16-0.17 ms.
 */
const unmarkedRoleSets = lazily(() => {
  const singular: string[] = [];
  const plural: string[] = [];
  let shortest = Infinity;
  let longest = 0;
  for (const [word, kind] of unmarkedRoles()) {
    (kind === UNMARKED_PLURAL ? plural : singular).push(word);
    shortest = Math.min(shortest, word.length);
    longest = Math.max(longest, word.length);
  }
  return { singular: new WordSet(singular), plural: new WordSet(plural), shortest, longest };
});

/**
 * Whether token i, `length` characters long (its mention's end - start), is one of `unmarkedRoles`
 * (UNMARKED_SINGULAR or UNMARKED_PLURAL), else 0. A token of another length than the words' (5 to 9: "actor" to
 * "stewards"; "man", "men" are 3) is none of them (a WordSet compares whole tokens), and is turned away by the
 * length the caller's mention holds, without reading the token's hash from the document's token arrays: a cache
 * miss per gendered word at 10 MiB. rule-phase-cpu.mjs, fewshot-10MiB.prompt, CPU minima of 30 rounds, A/B alternating:
 * 4.08-4.22 -> 2.17-2.22 ms.
 */
function unmarkedRole(t: Tokens, i: number, length: number): number {
  const sets = unmarkedRoleSets();
  if (length < sets.shortest || length > sets.longest) return 0;
  return sets.singular.has(t, i) ? UNMARKED_SINGULAR : sets.plural.has(t, i) ? UNMARKED_PLURAL : 0;
}

/** `unmarkedRole` by the lower-cased token in `unmarkedRoles` (the plain lookup; for the property test). */
export function unmarkedRolePlain(t: Tokens, i: number): number {
  return unmarkedRoles().get(tokenLower(t, i)) ?? 0;
}

/** `unmarkedRole`, exported for the property test. */
export { unmarkedRole };

/** The determiners as a WordSet, for the modifier walk (no string per token). */
const DETERMINER_WORDS = new WordSet(DETERMINERS);
/**
 * Interrogative and relative determiners: "tell the caller which attorney will call back", "whose
 * surgeon is on call", "what engineer would approve". The noun is generic only as its clause's subject,
 * a verb right after it ("which attorney will", "whose surgeon is"); as an object ("which attorney he
 * prefers", "whose lawyer she fired") the clause's subject is someone else, whom the pronoun means.
 * Not in DETERMINERS: a name after "which" ("the file which Kwame said ...") is still a subject.
 */
const WH_DETERMINERS = new WordSet(['which', 'whose', 'what']);
/** Modifiers that state the person's gender: "a female engineer", "the man nurse" (the noun is no default). */
const GENDER_MODIFIERS = new WordSet(['female', 'male', 'woman', 'man', 'lady']);
/**
 * Single words that are no modifier between a determiner and its noun: prepositions, conjunctions,
 * pronouns and possessives, auxiliaries and common finite verbs. The noun after one is not that
 * determiner's ("the user asked whether nurse ...", "the client told his engineer").
 */
const NOT_MODIFIERS = new WordSet([
  'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'about', 'into', 'onto', 'over', 'under', 'after',
  'before', 'between', 'through', 'during', 'without', 'within', 'than', 'as', 'per', 'via', 'like', 'against',
  'among', 'around', 'behind', 'beyond', 'toward', 'towards', 'upon', 'until', 'since', 'and', 'or', 'but', 'nor',
  'so', 'yet', 'if', 'when', 'while', 'because', 'whether', 'although', 'though', 'unless', 'then', 'not',
  'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'my', 'his', 'its', 'their',
  'who', 'whom', 'whose', 'which', 'what', 'where', 'how', 'why', 'there', 'here', 'are', 'were', 'be', 'been',
  'being', 'have', 'do', 'may', 's', 't',
  ...['is', 'was', 'has', 'had', 'does', 'did', 'said', 'told', 'read', 'wrote', 'went', 'came', 'saw', 'took',
    'gave', 'met', 'made', 'got', 'kept', 'left', 'sent', 'brought', 'bought', 'thought', 'found', 'knew', 'felt',
    'heard', 'held', 'ran', 'sat', 'stood', 'spoke', 'began', 'paid', 'put', 'lost', 'drove', 'fell', 'woke',
    'taught', 'will', 'would', 'can', 'could', 'should', 'must', 'might', 'shall', 'cannot'],
]);
/** Units before "old" in an age ("a 34-year-old engineer"), which describes one person, not a default. */
const AGE_UNITS = new WordSet(['year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days']);
/** Decades in an age after the noun: "in her eighties", "in his late 30s", "in her mid-forties". */
const AGE_DECADE = /^(?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[1-9]0s)$/;
const AGE_QUALIFIERS = new WordSet(['early', 'mid', 'late']);
const AGE_POSSESSIVES = new WordSet(['his', 'her', 'their']);

/**
 * Whether an age follows the noun ending before token i, perhaps after a comma: "a retired teacher in
 * her eighties", "the nurse, in his early 30s, …". Like "a 34-year-old engineer" it describes one
 * person (a persona, a character, a case), whose pronoun is no default. A few token reads.
 */
function ageAfter(t: Tokens, i: number): boolean {
  if (i + 2 >= t.count || !(spacesBefore(t, i) || gapIs(t, i, 44)) || !tokenEquals(t, i, 'in')) return false;
  if (!AGE_POSSESSIVES.has(t, i + 1) || !spacesBefore(t, i + 1)) return false;
  let k = i + 2;
  if (AGE_QUALIFIERS.has(t, k) && k + 1 < t.count) k++;
  return t.joined[k] === 1 && AGE_DECADE.test(tokenLower(t, k));
}

/** Most modifiers between a determiner and its noun: "the new senior developer", "an experienced on-call engineer". */
const MAX_MODIFIERS = 3;

/**
 * The determiner that makes the noun generic, or -1: "the nurse", "each new engineer", "the on-call
 * engineer", "the new senior developer", "a part-time night-shift nurse". Between the two, at most
 * MAX_MODIFIERS modifiers, each a word or a compound of words joined by single hyphens ("full-time",
 * "entry-level"), with only blanks (or line breaks) between them; none capitalised (a title or name:
 * "In this scene, Nurse Nwosu", "the Acme engineer"), none a gender word ("a female engineer"), no
 * single word one of NOT_MODIFIERS, and no age ("a 34-year-old engineer", "a 29 year old nurse": a
 * persona or case, one person described, whose pronoun is no default). "which", "whose" and "what"
 * count only before a verb (see WH_DETERMINERS). A few token reads per role noun, stopping at the first misfit.
 */
function genericDeterminer(t: Tokens, m: Mention): number {
  let k = m.token - 1;
  for (let modifiers = 0; k >= 0; modifiers++) {
    // Only blanks between ("In this scene, Nurse Nwosu": "this" is not the title's determiner).
    if (!spacesBefore(t, k + 1, true)) return -1;
    // The word ending at token k: back over single hyphens ("on-call", "third-party").
    let first = k;
    while (first > 0 && hyphenBefore(t, first)) first--;
    if (first === k && DETERMINER_WORDS.has(t, k)) return k;
    if (first === k && WH_DETERMINERS.has(t, k)) {
      const v = m.token + m.length;
      return v < t.count && spacesBefore(t, v) && verbAt(t, v) ? k : -1;
    }
    if (modifiers === MAX_MODIFIERS) return -1;
    for (let j = first; j <= k; j++) {
      if (t.flags[j]! & FLAG_CAPITALISED || GENDER_MODIFIERS.has(t, j)) return -1;
    }
    if (k > 0 && tokenEquals(t, k, 'old') && AGE_UNITS.has(t, k - 1)) return -1;
    if (first === k && NOT_MODIFIERS.has(t, k)) return -1;
    k = first - 1;
  }
  return -1;
}

/**
 * Conjunctions that open a clause of time or purpose ("before she dispatches", "once he has signed", "so that she
 * can decide"), whose subject is most often the subject of the clause it hangs on; and "and", "but", "then"
 * before a second clause ("and then she checks"), whose subject pronoun most often continues the first one's.
 * Not "when", "if", "whether", "that", "where": after an object they open a question or statement about it
 * ("ask the patient when she last ate", "tell the client that he …"); nor "because", "since", "while", whose
 * referent depends on the verb ("thank the customer because she waited").
 */
const SUBJECT_CONNECTIVES = new WordSet(['before', 'after', 'until', 'till', 'once', 'and', 'but', 'then']);
/** Adverbs that may open a sentence before its subject pronoun: "Then she writes …". */
const OPENING_ADVERBS = new WordSet(['then', 'next', 'afterwards', 'later', 'finally']);
/** Words after which a determiner starts a clause, its noun that clause's subject: "tell the caller that the nurse will …". */
const CLAUSE_OPENERS = new WordSet([
  'that', 'when', 'whenever', 'if', 'whether', 'once', 'after', 'before', 'until', 'while', 'because', 'since',
  'unless', 'although', 'though', 'and', 'but', 'so', 'then',
]);

/**
 * The clause a subject pronoun at token i continues, as tokens [from, to), or undefined: the sentence before
 * when the pronoun opens its own ("The doctor reads the chart. Then she writes …"), or its sentence up to a
 * conjunction right before it ("The nurse must ask the caller … before she dispatches", "… so that she can",
 * "… as soon as she has", "… and then she checks"). Words only, no parse.
 */
function hostClause(t: Tokens, i: number): { from: number; to: number } | undefined {
  const s = sentenceAt(t, i);
  let first = i;
  if (first > s.first && first - 1 === s.first && OPENING_ADVERBS.has(t, first - 1)) first--;
  if (first === s.first) {
    if (s.first === 0) return undefined;
    return { from: sentenceAt(t, s.first - 1).first, to: s.first };
  }
  if (!spacesBefore(t, i)) return undefined;
  let c = i - 1;
  const w = tokenLower(t, c);
  if (w === 'that') {
    // "so that", "in order that"
    if (c - 1 > s.first && tokenEquals(t, c - 1, 'so')) c--;
    else if (c - 2 > s.first && tokenEquals(t, c - 1, 'order') && tokenEquals(t, c - 2, 'in')) c -= 2;
    else return undefined;
  } else if (w === 'as') {
    // "as soon as"
    if (!(c - 2 > s.first && tokenEquals(t, c - 1, 'soon') && tokenEquals(t, c - 2, 'as'))) return undefined;
    c -= 2;
  } else if (SUBJECT_CONNECTIVES.has(t, c)) {
    // "and then she"
    if (w === 'then' && c - 1 > s.first && (tokenEquals(t, c - 1, 'and') || tokenEquals(t, c - 1, 'but'))) c--;
  } else {
    return undefined;
  }
  return c > s.first ? { from: s.first, to: c } : undefined;
}

/** Whether the noun ending before token v is a possessive: "the caller's symptoms". */
function possessiveAt(t: Tokens, v: number): boolean {
  if (v >= t.count || !tokenEquals(t, v, 's') || t.start[v]! - t.end[v - 1]! !== 1) return false;
  const c = t.text.charCodeAt(t.end[v - 1]!);
  return c === 39 || c === 0x2019;
}

/**
 * Whether generic role noun `noun` is the subject of its clause: its determiner opens a sentence, follows a comma
 * or a word of CLAUSE_OPENERS ("that the nurse"), and a verb follows the noun ("The nurse must ask",
 * "the engineer reviews"; see `verbAt`).
 */
function subjectAt(t: Tokens, noun: Mention): boolean {
  const d = genericDeterminer(t, noun);
  if (d < 0) return false;
  const opens = (t.flags[d]! & FLAG_SENTENCE_START) !== 0 || (d > 0 && (gapIs(t, d, 44) || (spacesBefore(t, d) && CLAUSE_OPENERS.has(t, d - 1))));
  const v = noun.token + noun.length;
  return opens && v < t.count && spacesBefore(t, v) && verbAt(t, v);
}

/**
 * The role noun a subject pronoun (he, she) at token i is bound to, among the generic role nouns in reach before
 * it (`earlier`, then `nearest`, in text order; `reachable` says which are in reach). The nearest, unless the
 * pronoun continues a clause (see `hostClause`) that has such a noun as its subject: then the last such subject
 * ("The nurse must ask the caller for their address before she dispatches": the nurse, not the caller; "The
 * doctor reads the patient's chart. Then she writes …": the doctor). When that clause has no subject noun and
 * its only role nouns are possessives ("Summarise the caller's symptoms so that she can decide"), which name
 * no one the clause is about, the last role noun before it that is no possessive ("You support the triage
 * nurse. …": the nurse), if any.
 */
function boundNoun(t: Tokens, i: number, nearest: Mention, earlier: Mention[], reachable: (c: Mention) => boolean): Mention {
  const host = hostClause(t, i);
  if (!host) return nearest;
  let inHost = false;
  let onlyPossessives = true;
  for (let k = earlier.length; k >= 0; k--) {
    const c = k === earlier.length ? nearest : earlier[k]!;
    if (c.token >= host.to) continue;
    if (!reachable(c)) break;
    const possessive = possessiveAt(t, c.token + c.length);
    if (c.token >= host.from) {
      inHost = true;
      if (possessive) continue;
      onlyPossessives = false;
      if (subjectAt(t, c)) return c;
    } else if (inHost && onlyPossessives && !possessive) {
      return c;
    }
  }
  return nearest;
}

/** Titles before the first name of a question's alternative ("or Dr Susan Hale", "or Sir Matt Busby"). */
const ALTERNATIVE_TITLES = new WordSet(['dr', 'prof', 'professor', 'mx', 'rev', 'revd', 'mr', 'mrs', 'ms', 'miss', 'sir', 'dame', 'lady', 'lord']);
/** A blank line: a line break, then only blanks, then another. */
const BLANK_LINE = /\n[ \t\r]*\n/;
/** How many words of a full name may stand before the "or" of a question's named alternatives ("Martin Luther King Jr. or"). */
const MAX_ALTERNATIVE_NAME_WORDS = 4;

/**
 * Whether role noun `noun` is asked about with "which" and the question holding pronoun mList[mIndex] offers named
 * people as its alternatives after the pronoun: "Which author published her first novel first, Jane Austen or
 * Charlotte Brontë?", "Which leader gave his most famous speech at the Lincoln Memorial, Martin Luther King Jr. or
 * Malcolm X?". The noun then means one of those people, not anyone in the role. The sentence ends with "?", and an
 * "or" after the pronoun has a first name (a name mention) right after it and one before it with at most
 * MAX_ALTERNATIVE_NAME_WORDS capitalised words (the rest of the full name) between them, a title of
 * ALTERNATIVE_TITLES allowed after the "or" ("Dr Mary Evans or Dr Susan Hale?"). Surnames alone ("Reagan or
 * Biden") are not read. A first name of the other gender than the pronoun's `gender` starting either alternative
 * undoes it (s23 hunt21): "Which nurse finished her shift early, James or Emily?" says which one it means by
 * the pronoun alone, the default the rule is about.
 */
function namedAlternativesAfter(t: Tokens, noun: Mention, mList: Mention[], mIndex: number, gender: string | undefined): boolean {
  const d = genericDeterminer(t, noun);
  if (d < 0 || !tokenEquals(t, d, 'which')) return false;
  // The question, over the full stops of abbreviations in it ("King Jr. or Malcolm X?") and the line breaks of
  // hard-wrapped prose: a "sentence" that starts with a lower-case word, with no blank line before it, goes on the
  // one before.
  let { last, question } = sentenceAt(t, mList[mIndex]!.token);
  while (!question && last < t.count && !(t.flags[last]! & FLAG_CAPITALISED) && !BLANK_LINE.test(t.text.slice(t.end[last - 1]!, t.start[last]!))) {
    ({ last, question } = sentenceAt(t, last));
  }
  if (!question) return false;
  const otherGender = (m: Mention) => gender !== undefined && m.tags.name!.gender !== undefined && m.tags.name!.gender !== gender;
  for (let j = mIndex + 1; j < mList.length && mList[j]!.token < last; j++) {
    const before = mList[j]!;
    if (!before.tags.name) continue;
    let or = before.token + before.length;
    while (or < last && or - before.token < MAX_ALTERNATIVE_NAME_WORDS && !tokenEquals(t, or, 'or') && t.flags[or]! & FLAG_CAPITALISED) or++;
    if (or + 1 >= last || !tokenEquals(t, or, 'or')) continue;
    // The mention that starts right after the "or" (the full name before it may hold more name mentions: "Martin Luther"),
    // past a title ("Dr Mary Evans or Dr Susan Hale").
    let first = or + 1;
    if (first + 1 < last && t.flags[first]! & FLAG_CAPITALISED && ALTERNATIVE_TITLES.has(t, first)) first++;
    for (let k = j + 1; k < mList.length && mList[k]!.token <= first; k++) {
      const after = mList[k]!;
      // Either alternative's first name of the other gender: the pronoun picks one of them (not a surname that is
      // also a first name: "Anna Reid", "Jane Cole").
      if (after.token === first && after.tags.name) return !otherGender(before) && !otherGender(after);
    }
  }
  return false;
}

/** Whether the gap before token i is one hyphen and nothing else: "on-call", "full-time". */
function hyphenBefore(t: Tokens, i: number): boolean {
  const e = t.end[i - 1]!;
  return t.start[i]! - e === 1 && t.text.charCodeAt(e) === 45;
}

/** Whether the gap before token i is one `code` (44 ",", 46 ".") with only spaces or tabs around it. */
function gapIs(t: Tokens, i: number, code: number): boolean {
  const text = t.text;
  let seen = false;
  for (let k = t.end[i - 1]!, e = t.start[i]!; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9) continue;
    if (c !== code || seen) return false;
    seen = true;
  }
  return seen;
}

/** Whether the gap before token i is not empty and only spaces or tabs (or line breaks too, with `lineBreaks`). */
function spacesBefore(t: Tokens, i: number, lineBreaks = false): boolean {
  const text = t.text;
  const e = t.start[i]!;
  let k = t.end[i - 1]!;
  if (k === e) return false;
  for (; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && !(lineBreaks && (c === 10 || c === 13))) return false;
  }
  return true;
}

/**
 * Whether tokens [from, to) hold a capitalised word in no list in a name's position: after
 * "named"/"called" or a capitalised title ("Nurse Nwosu"), or as a subject before a verb (see
 * `unlistedNameAt`). Run only for a pronoun about to be reported, so tokens are read one by one.
 */
function unlistedNameBefore(t: Tokens, mList: Mention[], mIndex: number, from: number, to: number): boolean {
  if (from < 0) from = 0;
  // j: the first mention that ends after token k (mList[mIndex] is the pronoun at `to`).
  let j = mIndex;
  while (j > 0 && mList[j - 1]!.token + mList[j - 1]!.length > from) j--;
  for (let k = from; k < to; k++) {
    const f = t.flags[k]!;
    if (!(f & FLAG_CAPITALISED) || f & FLAG_ALL_CAPS) continue;
    while (j < mIndex && mList[j]!.token + mList[j]!.length <= k) j++;
    if (mList[j]!.token <= k) continue;
    if (NOT_NAMES.has(t, k) || WORD_NAMES.has(t, k) || inPlaceName(t, k)) continue;
    const prev = j > 0 ? mList[j - 1]! : undefined;
    const titled =
      prev !== undefined &&
      prev.token + prev.length === k &&
      !!(prev.tags.occupation || prev.tags.role) &&
      (t.flags[prev.token]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS)) === FLAG_CAPITALISED &&
      spacesBefore(t, k);
    if (unlistedNameAt(t, k, titled, to, mList, j)) return true;
  }
  return false;
}

/**
 * Plural person nouns that are also common verbs ("Ngozi parents alone", "Kwame kids around"): after a
 * capitalised word they may be its verb, so they do not make that word an imperative (see `pluralPersonAt`).
 */
const PERSON_PLURALS_ALSO_VERBS = new Set([
  'parents', 'volunteers', 'guests', 'interns', 'bosses', 'founders', 'officers', 'kids', 'mothers', 'fathers',
  'partners', 'suspects', 'graduates', 'peers', 'witnesses', 'friends', 'neighbours', 'neighbors', 'husbands',
]);

/** Whether offset i is on a markdown heading line: one that starts, after blanks, with "#". */
function inHeading(text: string, i: number): boolean {
  let s = i;
  while (s > 0 && text.charCodeAt(s - 1) !== 10 && text.charCodeAt(s - 1) !== 13) s--;
  while (s < i && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  return text.charCodeAt(s) === 35;
}

/**
 * Verbs that open instructions in prompts ("Keep sentences short.", "Use bullets.", "Avoid acronyms.", "Write
 * answers in plain English."): at the start of a sentence such a word is an imperative, not a name in no list
 * whose verb is the plural after it (s25 fair b03). Words of the name lists never get here.
 */
const PROMPT_IMPERATIVES = new WordSet([
  'keep', 'use', 'write', 'avoid', 'add', 'include', 'list', 'give', 'make', 'return', 'answer', 'tell', 'check', 'explain',
  'summarise', 'summarize', 'describe', 'provide', 'generate', 'create', 'translate', 'classify', 'extract', 'rewrite',
  'format', 'respond', 'reply', 'output', 'label', 'flag', 'remove', 'replace', 'follow', 'ensure', 'cite', 'quote', 'read',
  'review', 'compare', 'identify', 'select', 'choose', 'rank', 'rate', 'score', 'highlight', 'convert', 'draft', 'prefer',
  'put', 'send', 'show', 'state', 'remember', 'treat', 'offer', 'suggest', 'recommend', 'greet', 'thank', 'apologise',
  'apologize', 'escalate', 'ask', 'remind', 'find', 'fix', 'sort', 'group', 'count', 'limit', 'print', 'skip', 'wrap',
  'let', 'try', 'take', 'bring', 'set', 'get', 'help', 'refer', 'link', 'do', 'never', 'always', 'don', 'spell', 'capitalise',
  'capitalize', 'number', 'separate', 'shorten', 'simplify', 'bold', 'mention', 'omit', 'drop', 'insert', 'append',
]);

/**
 * Whether token v is a plural role or person noun that is no verb ("students", "customers", "users"),
 * looked up in the mentions from index `j` on. After a sentence's first word it is that word's object,
 * so the word is an imperative, not a name: "Remind students …", "Tell customers …", "Ask users …".
 */
function pluralPersonAt(t: Tokens, v: number, mList: Mention[], j: number): boolean {
  for (; j < mList.length && mList[j]!.token <= v; j++) {
    const m = mList[j]!;
    if (m.token !== v || m.length !== 1) continue;
    return (m.tags.role !== undefined || m.tags.personNoun === true) && !PERSON_PLURALS_ALSO_VERBS.has(tokenLower(t, v));
  }
  return false;
}

/**
 * Whether the capitalised word at token k (in no list) names a person: after "named"/"called", or
 * starting a name of at most four words that is the subject of a verb ("Ngozi asked", "Hiroshi Tanaka,
 * a detective, explains", "the detective, Holmes, said", "Nurse Nwosu enters" when `titled`), or that a
 * verbless sentence before the pronoun at token `to` introduces (see `introducedName`). At the start
 * of a sentence the word must not be an opener or have a common-noun shape ("Everything was", "Finally
 * asked"); elsewhere it must not follow a determiner ("the Board approved").
 */
function unlistedNameAt(t: Tokens, k: number, titled: boolean, to: number, mList: Mention[], j: number): boolean {
  if (!titled) {
    if (k > 0 && (tokenEquals(t, k - 1, 'named') || tokenEquals(t, k - 1, 'called')) && spacesBefore(t, k)) return true;
    if (t.flags[k]! & FLAG_SENTENCE_START) {
      if (SUBJECT_OPENERS.has(t, k) || PROMPT_IMPERATIVES.has(t, k) || /(?:ly|tion|sion|ment|ness|ity|ics|ism|ship|ance|ence|ogy)$/.test(tokenLower(t, k))) return false;
      // A markdown heading is a title, no sentence with a subject: "# Internal comms style guide" (s25 fair b03).
      if (inHeading(t.text, t.start[k]!)) return false;
    } else if (k > 0 && DETERMINERS.has(tokenLower(t, k - 1))) {
      return false;
    }
  }
  let r = k;
  const limit = Math.min(t.count - 1, k + 3);
  while (r < limit && t.flags[r + 1]! & FLAG_CAPITALISED && !(t.flags[r + 1]! & FLAG_SENTENCE_START) && spacesBefore(t, r + 1)) r++;
  const v = r + 1;
  if (v >= t.count || ORG_WORDS.has(t, r)) return false;
  if (gapIs(t, v, 44)) {
    // "the detective, Holmes, explains" (closing comma, then the verb), or "Kwame, a nurse, said".
    if (verbAt(t, v)) return true;
    if (INSERTION_STARTS.has(t, v)) {
      for (let e = v + 1; e < t.count && e <= v + 8; e++) {
        if (t.flags[e]! & FLAG_SENTENCE_START) break;
        if (gapIs(t, e, 44)) {
          if (verbAt(t, e)) return true;
          break;
        }
      }
    }
  } else if (spacesBefore(t, v) ? verbAt(t, v) : emphasisClosesBefore(t, v) && verbAt(t, v, true, true)) {
    // (After a bold name, "**Marta** runs the inn", the "**" made the verb a sentence start.)
    // A plural person noun after a sentence's first word is its object: "Remind students …" is an imperative.
    if (!(t.flags[k]! & FLAG_SENTENCE_START && spacesBefore(t, v) && pluralPersonAt(t, v, mList, j))) return true;
  }
  return !titled && (t.flags[k]! & FLAG_SENTENCE_START) !== 0 && introducedName(t, k, v, to);
}

/**
 * Whether the capitalised words from token k to token v (exclusive), at the start of a sentence, are a
 * name that a verbless sentence before the pronoun at token `to` introduces, as a cast list or character
 * card does: "Marta, the innkeeper.", "Marta (innkeeper).", "- **Marta Venn**, innkeeper of the inn.";
 * "Marta." alone only at the start of a line or in bold ("- Marta. She ...", "**Marta**. She ..."). The
 * words may close a bold or italic span ("**Marta Venn**,"); a colon after them is a label's
 * ("Setting: a tavern."), no name's. An ordinary sentence has a verb after its opener's comma ("Later,
 * he rolls", "Afterwards, the player picks"), so it names no one.
 */
function introducedName(t: Tokens, k: number, v: number, to: number): boolean {
  // Not one letter: an option or question label ("A. He should rest", "Q. ...").
  if (t.end[k]! - t.start[k]! < 2) return false;
  const text = t.text;
  let p = t.end[v - 1]!;
  const e = t.start[v]!;
  // A closing "**", "__", "*" or "_" right after the name.
  let bold = false;
  while (p < e && (text.charCodeAt(p) === 42 || text.charCodeAt(p) === 95)) {
    p++;
    bold = true;
  }
  while (p < e && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  if (p >= e) return false;
  const sep = text.charCodeAt(p);
  if (sep === 46) {
    // "Marta." alone: at the start of a line or list item, or in bold, and a capitalised sentence after it
    // (not "Marta.com", "Fig. 2"); not an abbreviated title ("Dr. Smith", "St. Luke's").
    return (
      p + 1 < e &&
      (t.flags[v]! & FLAG_CAPITALISED) !== 0 &&
      !HONORIFICS.has(t, k) &&
      !PLACE_PREFIXES.has(t, k) &&
      (bold || lineStartBefore(t, k))
    );
  }
  if ((sep !== 44 && sep !== 40) || v >= to) return false;
  for (p++; p < e; p++) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 42 && c !== 95 && c !== 40) return false;
  }
  // "Marta, the innkeeper." / "Marta (innkeeper).": no verb up to the sentence's end, which comes before the pronoun.
  for (let a = v; a < v + 12; a++) {
    if (verbAt(t, a, false)) return false;
    if (a + 1 >= to) return a + 1 === to && sentenceEndBefore(t, to);
    if (sentenceEndBefore(t, a + 1)) return true;
  }
  return false;
}

/** Whether the gap before token i is a closing "**", "__", "*" or "_", then only spaces or tabs: "**Marta** runs". */
function emphasisClosesBefore(t: Tokens, i: number): boolean {
  const text = t.text;
  let k = t.end[i - 1]!;
  const e = t.start[i]!;
  if (k === e || (text.charCodeAt(k) !== 42 && text.charCodeAt(k) !== 95)) return false;
  while (k < e && (text.charCodeAt(k) === 42 || text.charCodeAt(k) === 95)) k++;
  if (k === e) return false;
  for (; k < e; k++) if (text.charCodeAt(k) !== 32 && text.charCodeAt(k) !== 9) return false;
  return true;
}

/** Whether the gap before token i ends a sentence: it holds ".", "!", "?", ";" or a line break. */
function sentenceEndBefore(t: Tokens, i: number): boolean {
  const text = t.text;
  for (let k = t.end[i - 1]!, e = t.start[i]!; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Whether token k starts its line, after at most a list marker ("-", "*", "+", "1.", "2)"), a quote
 * marker and a bold or italic opening ("**").
 */
function lineStartBefore(t: Tokens, k: number): boolean {
  const text = t.text;
  const stop = Math.max(0, t.start[k]! - 12);
  for (let p = t.start[k]! - 1; p >= stop; p--) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 45 && c !== 42 && c !== 43 && c !== 95 && c !== 62 && c !== 46 && c !== 41 && !(c >= 48 && c <= 57)) return false;
  }
  return stop === 0;
}

/**
 * Whether token v (after blanks or a comma) is a finite verb, perhaps after one adverb: "asked", "reads",
 * "will", "then asked"; not at a sentence start unless `afterEmphasis` (after "**Marta** ", whose "**"
 * marks one).
 */
function verbAt(t: Tokens, v: number, adverb = true, afterEmphasis = false): boolean {
  if (t.flags[v]! & (afterEmphasis ? FLAG_CAPITALISED : FLAG_CAPITALISED | FLAG_SENTENCE_START)) return false;
  if (FINITE_VERBS.has(t, v)) return true;
  const w = tokenLower(t, v);
  if (w.length >= 4 && (w.endsWith('ed') || (/[^su]s$/.test(w) && !S_WORDS_NOT_VERBS.has(w)))) return true;
  return adverb && (SUBJECT_ADVERBS.has(t, v) || (w.length > 4 && w.endsWith('ly'))) && v + 1 < t.count && spacesBefore(t, v + 1) && verbAt(t, v + 1, false);
}

/** Whether a sex-specific animal noun of the pronoun's gender ("mare", "bull") sits in tokens [from, to). */
function animalBetween(t: Tokens, female: boolean, from: number, to: number): boolean {
  const set = female ? FEMALE_ANIMALS : MALE_ANIMALS;
  for (let k = from < 0 ? 0 : from; k < to; k++) {
    if (t.flags[k]! & FLAG_CAPITALISED && !(t.flags[k]! & FLAG_SENTENCE_START)) continue;
    if (set.has(t, k)) return true;
  }
  return false;
}

/**
 * Whether a sex-specific term of the pronoun's sex ("pregnant", "prostate") sits in tokens from `from`
 * to the end of the pronoun's sentence (at most `reach` tokens past the pronoun at `pronoun`).
 */
function sexTermBetween(t: Tokens, female: boolean, from: number, pronoun: number, reach: number): boolean {
  const limit = Math.min(t.count, pronoun + 1 + reach);
  for (let k = from < 0 ? 0 : from; k < limit; k++) {
    if (k > pronoun && t.flags[k]! & FLAG_SENTENCE_START) return false;
    if (sexTermAt(t, k, female) > 0) return true;
  }
  return false;
}

/**
 * The first sex-specific setting of each sex in the prose segments `tokensOf` gives (undefined for a
 * segment the rule skips): a term of that sex with a setting noun within the next two words of its
 * sentence ("antenatal clinic", "prostate clinic questionnaire"), at the start of its sentence. One pass,
 * stopping when both are found.
 */
function findSettings(segments: number, tokensOf: (s: number) => Tokens | undefined): { female: SettingAt; male: SettingAt } {
  const female: SettingAt = { seg: -1, token: 0 };
  const male: SettingAt = { seg: -1, token: 0 };
  for (let s = 0; s < segments && (female.seg < 0 || male.seg < 0); s++) {
    const t = tokensOf(s);
    if (!t) continue;
    for (let k = 0; k < t.count; k++) {
      for (let g = 0; g < 2; g++) {
        const at = g === 0 ? female : male;
        if (at.seg >= 0) continue;
        const n = sexTermAt(t, k, g === 0);
        if (n === 0) continue;
        for (let j = k + n; j < t.count && j < k + n + 2 && !(t.flags[j]! & FLAG_SENTENCE_START); j++) {
          if (SETTING_NOUNS.has(t, j)) {
            at.seg = s;
            at.token = sentenceAt(t, k).first;
            break;
          }
        }
      }
      if (female.seg >= 0 && male.seg >= 0) break;
    }
  }
  return { female, male };
}

/**
 * Whether a mention of the role noun `role` (singular or plural) comes before the setting's sentence `at`
 * in the segments `mentionsOf` gives.
 */
function roleNamedBefore(role: string, at: SettingAt, mentionsOf: (s: number) => Mention[] | undefined): boolean {
  for (let s = 0; s <= at.seg; s++) {
    const list = mentionsOf(s);
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      if (s === at.seg && m.token >= at.token) break;
      if (m.tags.role === role) return true;
    }
  }
  return false;
}

/** Whether token h is a title before a capitalised name: "Dr. Nguyen", "Prof Adeyemi", "Mx. Lee". */
function honorificAt(t: Tokens, h: number): boolean {
  return (
    h + 1 < t.count &&
    (t.flags[h]! & FLAG_CAPITALISED) !== 0 &&
    (t.flags[h + 1]! & FLAG_CAPITALISED) !== 0 &&
    HONORIFICS.has(t, h) &&
    (spacesBefore(t, h + 1) || gapIs(t, h + 1, 46))
  );
}

/** Whether a title before a name ("Dr. Nguyen") sits in tokens [from, to). */
function honorificBefore(t: Tokens, from: number, to: number): boolean {
  for (let h = from < 0 ? 0 : from; h < to - 1; h++) if (honorificAt(t, h)) return true;
  return false;
}

/** Reporting verbs whose subject a pronoun right after them most often means ("the director said he"). */
const REPORTING_VERBS = new WordSet([
  'said', 'says', 'told', 'tells', 'thinks', 'thought', 'believes', 'believed', 'wrote', 'writes', 'added', 'adds',
  'explained', 'explains', 'noted', 'notes', 'claimed', 'claims', 'insisted', 'insists', 'replied', 'replies',
  'announced', 'announces', 'confirmed', 'confirms', 'mentioned', 'mentions', 'promised', 'promises', 'felt', 'feels',
]);
/** Words before a reporting verb that are no speaker of their own: a relative pronoun or an adverb ("the reviewer, who said he", "then said he"). */
const NOT_SPEAKERS = new WordSet([
  'who', 'that', 'which', 'also', 'then', 'later', 'just', 'once', 'always', 'never', 'again', 'already', 'first', 'finally',
  'and', 'or', 'but', 'has', 'had', 'have', 'reportedly', 'previously', 'recently', 'publicly', 'clearly',
]);

/**
 * Whether the pronoun at token i follows a reporting verb whose subject is a word after the candidate
 * noun (token `after` on) that the lexicon does not know as a person ("the race director said he", "the
 * maintainer said he"): that speaker is whom the pronoun most likely means, not the earlier role noun.
 */
function unknownSpeakerBefore(t: Tokens, i: number, after: number): boolean {
  const verb = i - 1;
  const subject = i - 2;
  if (subject < after || !REPORTING_VERBS.has(t, verb) || !t.joined[verb] || !t.joined[i]) return false;
  if (t.flags[verb]! & FLAG_SENTENCE_START || t.flags[i]! & FLAG_SENTENCE_START) return false;
  return !NOT_SPEAKERS.has(t, subject);
}

/** The words before a persona's name: "You are", "You're", "I am", "I'm" (then the name). */
const PERSONA_VERBS = new WordSet(['are', 're', 'am', 'm']);
const PERSONA_SUBJECTS = new WordSet(['you', 'i']);
const PERSONA_POSSESSIVES = new WordSet(['your', 'my']);

/**
 * Whether the capitalised word at token i is the name of the persona a prompt speaks to or as: "You
 * are DevHelper", "You're Maya", "I am Sam", "Your name is Ada", "My name's Kai" (and not a possessive:
 * "I am Sam's mother"). The second or first person is no referent of "he" or "she".
 */
function addressedName(t: Tokens, i: number): boolean {
  if (i < 2 || !(t.flags[i]! & FLAG_CAPITALISED)) return false;
  if (i + 1 < t.count && t.joined[i + 1] && !spacesBefore(t, i + 1) && tokenEquals(t, i + 1, 's')) return false;
  if (!spacesBefore(t, i)) return false;
  if (PERSONA_VERBS.has(t, i - 1)) {
    const w = tokenLower(t, i - 1);
    const contracted = w === 're' || w === 'm';
    return PERSONA_SUBJECTS.has(t, i - 2) && (contracted ? !spacesBefore(t, i - 1) : spacesBefore(t, i - 1)) && (w === 'are' || w === 're' ? tokenEquals(t, i - 2, 'you') : tokenEquals(t, i - 2, 'i'));
  }
  // "Your name is Ada", "My name's Kai".
  return i >= 3 && (tokenEquals(t, i - 1, 'is') || tokenEquals(t, i - 1, 's')) && tokenEquals(t, i - 2, 'name') && PERSONA_POSSESSIVES.has(t, i - 3);
}

/** Whether the first name at token i is part of a place name: "St. Vincent's", "Saint Luke's", "San Diego". */
function inPlaceName(t: Tokens, i: number): boolean {
  const p = i - 1;
  return p >= 0 && (t.flags[p]! & FLAG_CAPITALISED) !== 0 && PLACE_PREFIXES.has(t, p) && (spacesBefore(t, i) || gapIs(t, i, 46));
}

/** The mention covering token i, looking back from mention `from` (a few at most), or undefined. */
function mentionBefore(mList: Mention[], from: number, i: number): Mention | undefined {
  for (let j = from; j >= 0 && j > from - 4; j--) {
    const c = mList[j]!;
    if (c.token <= i) return i < c.token + c.length ? c : undefined;
  }
  return undefined;
}

/**
 * Whether token n can be a person's name: a first name from the data, a capitalised word after a
 * title ("Dr. Okafor"), or another capitalised word that is not a person word or a common
 * sentence opener; at the start of a sentence (`loose` false) only the first two.
 */
function nameAt(t: Tokens, mention: Mention | undefined, n: number, loose: boolean): number {
  const f = t.flags[n]!;
  if (!(f & FLAG_CAPITALISED)) return NOT_NAMED;
  if (mention) return mention.tags.name ? (mention.tags.name.gender ? NAMED_GENDERED : NAMED) : NOT_NAMED;
  if (n > 0 && honorificAt(t, n - 1)) return NAMED;
  if (f & FLAG_ALL_CAPS || NOT_NAMES.has(t, n)) return NOT_NAMED;
  return loose || !(f & FLAG_SENTENCE_START) ? NAMED : NOT_NAMED;
}

/**
 * A named person before the noun, its determiner at token d: "Priya is a surgeon", "Dr. Okafor was
 * the nurse on call", "We met Oluwaseun, a surgeon, ...".
 */
function namedBefore(t: Tokens, mList: Mention[], mIndex: number, d: number): number {
  if (d >= 2 && COPULAS.has(t, d - 1) && spacesBefore(t, d - 1)) {
    return nameAt(t, mentionBefore(mList, mIndex - 1, d - 2), d - 2, true);
  }
  if (d >= 1 && gapIs(t, d, 44)) {
    const mention = mentionBefore(mList, mIndex - 1, d - 1);
    const person = nameAt(t, mention, d - 1, false);
    if (person !== NOT_NAMED || mention) return person;
    // A capitalised word opening the sentence names a person only if the appositive closes with a comma
    // ("Kwame, a nurse, said"; not "Yesterday, a nurse said").
    const m = mList[mIndex]!;
    const after = m.token + m.length;
    if (SUBJECT_OPENERS.has(t, d - 1)) return NOT_NAMED;
    return after < t.count && gapIs(t, after, 44) ? nameAt(t, undefined, d - 1, true) : NOT_NAMED;
  }
  return NOT_NAMED;
}

/**
 * A named person right after the noun: an appositive of capitalised words between commas ("The
 * nurse, Priya, said", "the engineer, Dr. Nguyen, said"), or a name or title right after it ("the
 * surgeon Maria Lopez", "the engineer Dr. Nguyen", "the supervisor Olamide").
 */
function namedAfter(t: Tokens, mList: Mention[], mIndex: number): number {
  const m = mList[mIndex]!;
  const i = m.token + m.length;
  if (i >= t.count) return NOT_NAMED;
  const next = mIndex + 1 < mList.length && mList[mIndex + 1]!.token === i ? mList[mIndex + 1] : undefined;
  if (identifiedAt(t, i)) return NAMED;
  if (!gapIs(t, i, 44)) {
    if (!spacesBefore(t, i)) return NOT_NAMED;
    if (honorificAt(t, i)) return NAMED;
    // A first name from the data, or any capitalised word in a name's position ("the supervisor
    // Olamide", "the well-known Nurse Ratched"); not a person word, opener or text in capitals.
    return nameAt(t, next, i, false);
  }
  let j = i;
  if (honorificAt(t, j)) j++;
  const first = j === i ? nameAt(t, next, j, true) : NAMED;
  if (first === NOT_NAMED) return NOT_NAMED;
  // "Hiroshi Tanaka", "Maria de la Cruz" (at most four words), then the closing comma.
  const limit = Math.min(t.count, j + 4);
  while (j + 1 < limit && (t.flags[j + 1]! & FLAG_CAPITALISED || tokenEquals(t, j + 1, 'de') || tokenEquals(t, j + 1, 'la')) && t.joined[j + 1]) j++;
  return j + 1 < t.count && gapIs(t, j + 1, 44) ? first : NOT_NAMED;
}

/** Words for an account's identifier after "with (the)": "the user with handle @priya_codes", "the customer with ID 4417". */
const IDENTIFIER_WORDS = new WordSet(['handle', 'username', 'id', 'userid', 'login', 'account', 'email', 'alias', 'number']);

/**
 * Whether the noun ending before token i is one account or record, identified right after it: an
 * @-handle ("the user @priya_codes"), or "with (the) handle/username/ID/account (number) …" and an
 * identifier (an @-handle or a token starting with a digit: "the user with handle @priya_codes", "the
 * customer with account number 88213"). A specific person, as a name is: "… list her repositories".
 */
function identifiedAt(t: Tokens, i: number): boolean {
  const handle = (k: number) => k < t.count && t.start[k]! - t.end[k - 1]! === 2 && t.text.charCodeAt(t.start[k]! - 1) === 64 && t.text.charCodeAt(t.start[k]! - 2) === 32;
  if (handle(i)) return true;
  if (!tokenEquals(t, i, 'with') || !spacesBefore(t, i)) return false;
  let k = i + 1;
  if (k < t.count && (tokenEquals(t, k, 'the') || tokenEquals(t, k, 'a') || tokenEquals(t, k, 'an')) && t.joined[k]) k++;
  if (!(k < t.count && IDENTIFIER_WORDS.has(t, k) && t.joined[k])) return false;
  k++;
  if (k < t.count && IDENTIFIER_WORDS.has(t, k) && t.joined[k]) k++;
  return handle(k) || (k < t.count && t.joined[k] === 1 && isDigitCode(t.text.charCodeAt(t.start[k]!)));
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** "Her name is Priya", "his full name was Kwame Mensah", "her name's Mei": the pronoun's person is named. */
function nameFollows(t: Tokens, i: number): boolean {
  if (!tokenEquals(t, i, 'her') && !tokenEquals(t, i, 'his')) return false;
  let k = i + 1;
  if (k < t.count && NAME_QUALIFIERS.has(t, k)) k++;
  if (k + 2 >= t.count || !tokenEquals(t, k, 'name')) return false;
  k++;
  if (COPULAS.has(t, k)) {
    if (!spacesBefore(t, k)) return false;
  } else if (!(tokenEquals(t, k, 's') && t.joined[k] && !spacesBefore(t, k))) return false;
  k++;
  return (t.flags[k]! & FLAG_CAPITALISED) !== 0 && spacesBefore(t, k);
}

/** "he or she", "she/he", "his or her", "s/he": already both forms. */
function bothForms(t: Tokens, i: number): boolean {
  const opposite = (a: string, b: string) => {
    const pair = new Set([a, b]);
    return (
      (pair.has('he') && pair.has('she')) ||
      (pair.has('him') && pair.has('her')) ||
      (pair.has('his') && pair.has('her')) ||
      (pair.has('his') && pair.has('hers')) ||
      (pair.has('himself') && pair.has('herself'))
    );
  };
  const w = tokenLower(t, i);
  const gapOk = (a: number, b: number) => /^\s*(?:\/|or|and)\s*$/i.test(t.text.slice(t.end[a]!, t.start[b]!));
  if (i + 2 < t.count && tokenLower(t, i + 1) === 'or' && opposite(w, tokenLower(t, i + 2))) return true;
  if (i >= 2 && tokenLower(t, i - 1) === 'or' && opposite(w, tokenLower(t, i - 2))) return true;
  if (i + 1 < t.count && gapOk(i, i + 1) && opposite(w, tokenLower(t, i + 1))) return true;
  if (i >= 1 && gapOk(i - 1, i) && opposite(w, tokenLower(t, i - 1))) return true;
  if (w === 'he' && i >= 1 && tokenLower(t, i - 1) === 's' && t.text.slice(t.end[i - 1]!, t.start[i]!) === '/') return true;
  return false;
}

function pronounFixes(seg: Segment, t: Tokens, m: { token: number; start: number; end: number }, pcase: PronounCase, span: Span): Fix[] {
  const original = seg.text.slice(m.start, m.end);
  const word = original.toLowerCase();
  let c: PronounCase = pcase;
  if (word === 'her') c = nounFollows(t, m.token) ? 'possessive' : 'object';
  if (word === 'his') c = nounFollows(t, m.token) ? 'possessive' : 'possessive-pronoun';
  // Both forms, the original pronoun first ("she" -> "she or he"), then the other order.
  const [maleFirst, femaleFirst] = BOTH[c];
  const [both, reversed] = word.startsWith('s') || word.startsWith('her') ? [femaleFirst, maleFirst] : [maleFirst, femaleFirst];
  const fixes: Fix[] = [];
  const they = theyFix(seg, t, m.token, c, original, span);
  const bothFix = (s: string): Fix => ({ title: `Replace "${original}" with "${matchCase(original, s)}"`, edits: [{ span, newText: matchCase(original, s) }] });
  if (they) fixes.push(they);
  fixes.push(bothFix(both), bothFix(reversed));
  return fixes;
}

/** The "they" fix, with verb agreement for "she is" -> "they are"; undefined when agreement is unclear. */
function theyFix(seg: Segment, t: Tokens, i: number, c: PronounCase, original: string, span: Span): Fix | undefined {
  const they = matchCase(original, THEY[c]);
  const edits = [{ span, newText: they }];
  if (c === 'nominative') {
    if (i + 1 >= t.count) return undefined;
    const gap = t.text.slice(t.end[i]!, t.start[i + 1]!);
    const next = tokenLower(t, i + 1);
    if (gap === "'" || gap === '\u2019') return undefined; // he's, she'd: ambiguous contractions
    if (!/^ +$/.test(gap)) return undefined;
    const nextText = t.text.slice(t.start[i + 1]!, t.end[i + 1]!);
    if (AGREEMENT[next]) {
      edits.push({ span: seg.sourceSpan(t.start[i + 1]!, t.end[i + 1]!), newText: matchCase(nextText, AGREEMENT[next]!) });
    } else if (NO_AGREEMENT.has(next) || /ed$/.test(next)) {
      // no change needed
    } else if (/[^s]s$/.test(next) && next.length > 3 && !S_WORDS_NOT_VERBS.has(next)) {
      const base = next.endsWith('ies') ? `${next.slice(0, -3)}y` : /(?:sh|ch|x|z|ss|o)es$/.test(next) ? next.slice(0, -2) : next.slice(0, -1);
      edits.push({ span: seg.sourceSpan(t.start[i + 1]!, t.end[i + 1]!), newText: matchCase(nextText, base) });
    } else {
      return undefined;
    }
  }
  const title = edits.length > 1 ? `Replace "${original} ${t.text.slice(t.start[i + 1]!, t.end[i + 1]!)}" with "${they} ${edits[1]!.newText}"` : `Replace "${original}" with "${they}"`;
  return { title, edits };
}

/** A BLS occupation name for the middle of a sentence: lower case, unless it holds an acronym. */
function midSentence(occupation: string): string {
  return /\b[A-Z]{2,}/.test(occupation) ? occupation : occupation.toLowerCase();
}
