/**
 * protected-attribute-in-decision: a classification or decision prompt (hire,
 * approve, score, rank) about people that passes a protected attribute (race,
 * religion, gender, age, disability, nationality, ...) as an input field or variable.
 */
import { z } from 'zod';
import { lineEndFrom } from '../model/lines.js';
import { csvCells, tableCells } from '../parse/text.js';
import { CHAT_LINE_KEYS, chatLineRanges } from '../parse/jsonl.js';
import { defineRule, lazily, type Report } from './types.js';
import { FLAG_SENTENCE_START, tokenEquals, tokenLower, WordSet, type Tokens } from '../lexicon/tokens.js';
import { documentLexicon, peopleIndex } from '../lexicon/lexicon.js';
import { allowSet, codeBlockRanges, isAllowed } from '../lexicon/context.js';
import type { PromptDocument, Span } from '../model/types.js';
import { isWhiteSpace } from '../model/segment.js';
import { decisionRules, type DecisionRule } from './shared/decision-rules.js';

const CATEGORIES = ['race', 'religion', 'gender', 'age', 'disability', 'nationality', 'sexual-orientation', 'family-status'] as const;
type Category = (typeof CATEGORIES)[number];

/** Field and variable words for each protected attribute (lower case; multi-word as written in names). */
const ATTRIBUTE_WORDS: Record<string, Category> = {
  race: 'race', racial: 'race', ethnicity: 'race', ethnic: 'race', ethnic_group: 'race', skin_color: 'race', skin_colour: 'race',
  religion: 'religion', religious: 'religion', faith: 'religion', creed: 'religion',
  gender: 'gender', sex: 'gender', gender_identity: 'gender', pronouns: 'gender',
  age: 'age', dob: 'age', birthdate: 'age', birthday: 'age', date_of_birth: 'age', birth_date: 'age', birth_year: 'age', year_of_birth: 'age',
  disability: 'disability', disabled: 'disability', disability_status: 'disability', handicap: 'disability',
  nationality: 'nationality', citizenship: 'nationality', country_of_citizenship: 'nationality', national_origin: 'nationality',
  country_of_origin: 'nationality',
  // Where a person was born is their national origin ("birth" alone is no attribute: "birth_weight", "birth_order").
  country_of_birth: 'nationality', birth_country: 'nationality', place_of_birth: 'nationality', birthplace: 'nationality',
  birth_place: 'nationality',
  immigration_status: 'nationality', visa_status: 'nationality',
  sexual_orientation: 'sexual-orientation', orientation: 'sexual-orientation', sexuality: 'sexual-orientation',
  marital_status: 'family-status', pregnant: 'family-status', pregnancy: 'family-status', pregnancy_status: 'family-status',
  maternity: 'family-status', maternity_status: 'family-status',
  // The US Fair Housing Act's term (households with children, pregnancy).
  familial_status: 'family-status', family_status: 'family-status',
};

/**
 * Words that make a prompt a decision (about people only with a word of PERSON_WORDS, see below).
 * Those in NOUN_COMPOUND_WORDS count only where they are used as a decision (see `usedAsDecision`).
 */
const DECISION_WORDS = [
  'hire', 'hires', 'hiring', 'hired', 'shortlist', 'shortlisted', 'recruit', 'recruiting', 'recruitment', 'interview',
  'approve', 'approves', 'approved', 'approval', 'deny', 'denied', 'reject', 'rejected', 'rejection', 'admit', 'admission',
  'admissions', 'eligible', 'eligibility', 'qualify', 'qualified', 'score', 'scoring', 'rank', 'ranking', 'rate', 'rating',
  'classify', 'classification', 'decide', 'decision', 'select', 'selection', 'loan', 'loans', 'credit', 'creditworthiness',
  'underwriting', 'promote', 'promotion', 'terminate', 'termination', 'parole', 'bail', 'sentencing', 'screen',
  'screening', 'applicant', 'applicants', 'candidate', 'candidates', 'tenant', 'tenancy', 'insurance', 'premium', 'grant',
  'scholarship', 'accept', 'acceptance', 'triage',
];

/**
 * Decision words that are also everyday nouns, mostly in compounds that decide nothing: "heart rate",
 * "exchange rate", "screen reader", "the film's score", "credit card", "decision tree", "promotion code".
 */
const NOUN_COMPOUND_WORDS = [
  'rate', 'rating', 'score', 'scoring', 'rank', 'ranking', 'screen', 'screening', 'grant', 'credit', 'premium', 'selection',
  'decision', 'promotion',
];

/** The people decisions are made about. */
const PERSON_NOUNS = [
  'applicant', 'applicants', 'candidate', 'candidates', 'tenant', 'tenants', 'tenancy', 'renter', 'renters', 'borrower',
  'borrowers', 'employee', 'employees', 'intern', 'interns', 'trainee', 'trainees', 'patient', 'patients', 'student',
  'students', 'pupil', 'pupils', 'customer', 'customers', 'client', 'clients', 'person', 'persons', 'individual', 'individuals',
  'resident', 'residents', 'claimant', 'claimants', 'beneficiary', 'beneficiaries', 'policyholder', 'policyholders', 'insured',
  'defendant', 'defendants', 'offender', 'offenders', 'inmate', 'inmates', 'prisoner', 'prisoners', 'suspect', 'suspects',
  'driver', 'drivers', 'jobseeker', 'jobseekers', 'refugee', 'refugees', 'immigrant', 'immigrants', 'migrant', 'migrants',
  'volunteer', 'volunteers', 'homeowner', 'homeowners',
];

/**
 * Words that make the decision one about people: PERSON_NOUNS, and what only people are decided for
 * (a hire, a loan, a résumé, parole). A prompt that scores whisky or classifies a support ticket has
 * none. Some are decision words too (hire, applicant, parole): a word of both lists is enough on its own.
 */
const PERSON_WORDS = [
  ...PERSON_NOUNS,
  'hire', 'hires', 'hiring', 'hired', 'shortlist', 'shortlisted', 'recruit', 'recruiting', 'recruitment', 'recruiter',
  'resume', 'resumes', 'r\u00e9sum\u00e9', 'r\u00e9sum\u00e9s', 'cv', 'cvs', 'loan', 'loans', 'mortgage', 'mortgages',
  'creditworthiness', 'underwriting', 'parole', 'bail', 'sentencing', 'probation', 'recidivism',
];

/** Before a decision word, a word that makes it a verb: "Please rate", "to score", "should we hire" (and "don't rank", see `usedAsDecision`). */
const VERB_LEADS = [
  'to', 'please', 'and', 'or', 'then', 'also', 'should', 'would', 'will', 'shall', 'can', 'could', 'must', 'may', 'might',
  'we', 'you', 'i', 'they', 'not', 'never', 'always', 'first', 'now', 'just', 'help',
];

/** Before a decision word, a word that makes it the head of its noun phrase: "a score of", "the final rating" (see `isDefinite`). */
const DETERMINERS = [
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'each', 'every', 'any', 'no', 'one', 'their', 'his', 'her', 'its',
  'your', 'our', 'my', 'final', 'overall', 'numeric', 'numerical', 'single', 'same', 'new',
];

/**
 * Of DETERMINERS, the adjectives: the word before them says whether the noun phrase is definite ("the final
 * rating") or not ("a final score").
 */
const DETERMINER_ADJECTIVES = ['final', 'overall', 'numeric', 'numerical', 'single', 'same', 'new'];

/**
 * Determiners that point to a score there already is ("Describe the overall score", "its ranking", "their
 * rating"): the noun phrase is a decision only with a scale after it ("the score from 1 to 10"). After an
 * indefinite one ("a score", "each rating", "Give each student a final score") the score is one to give.
 */
const DEFINITE_DETERMINERS = ['the', 'this', 'that', 'these', 'those', 'their', 'his', 'her', 'its', 'your', 'our', 'my'];

/** Words between a score and its scale: "the score of 1-10", "from 0 to 100", "between 1 and 5", "on a scale of 1-5", "out of 10". */
const SCALE_LEADS = ['of', 'from', 'between', 'on', 'a', 'scale', 'out', 'in', 'range'];

/** After "a score", "the rating", ...: words that end the noun phrase there (not a compound like "a screen reader"). */
const PHRASE_ENDS = [
  'of', 'for', 'from', 'to', 'on', 'in', 'into', 'between', 'based', 'that', 'which', 'who', 'and', 'or', 'but', 'with',
  'without', 'as', 'is', 'are', 'was', 'were', 'be', 'will', 'should', 'must', 'can', 'by', 'at', 'per', 'each', 'if',
  'when', 'than', 'using', 'according', 'only', 'then', 'so',
];

/** Words before an attribute in a field name that qualify the attribute, not its owner: "current_age", "self_reported_gender". */
const ATTRIBUTE_MODIFIERS = new Set([
  'current', 'actual', 'stated', 'reported', 'declared', 'perceived', 'preferred', 'legal', 'biological', 'assigned',
  'primary', 'secondary', 'estimated', 'approximate', 'approx', 'exact', 'real', 'true', 'self', 'identified', 'chronological',
  'currently',
]);

/**
 * Verbs that make a yes/no field of the attribute: "is_pregnant", "has_disability", "patient_is_pregnant".
 * They are skipped: the word before them (if any) is the qualifier.
 */
const BOOLEAN_VERBS = new Set(['is', 'has', 'was', 'are', 'had']);

/** Possessive determiners before an attribute: "your_age", "Their religion". */
const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'their', 'our']);

/** Values that make a gender field grammatical gender (of nouns), not a person's. */
const GRAMMATICAL_GENDERS = new Set(['masculine', 'feminine', 'neuter']);

/**
 * Decision words that instruct a decision (verbs, and score/rank/rate used as one, see `usedAsDecision`),
 * as against domain nouns (insurance, premium, loan, credit, applicant, admissions, …). A prompt that says
 * it decides nothing ("do not recalculate or decide anything") is a decision only with one of these,
 * not negated (see `declaresNoDecision`).
 */
const DECISION_VERBS = [
  'hire', 'shortlist', 'recruit', 'interview', 'approve', 'deny', 'reject', 'admit', 'qualify', 'score', 'rank', 'rate',
  'classify', 'decide', 'select', 'promote', 'terminate', 'screen', 'grant', 'accept', 'triage',
];

/** Forms of "decide" and "decision": negated ("do not decide", "don't make a decision") they say no decision is made. */
const DECIDE_FORMS = ['decide', 'decides', 'deciding', 'decision', 'decisions'];
/** What every DECIDE_FORMS word holds, "decid" or "decis" (the forms are matched lower-cased, so any case here). */
const DECIDE_STEM = /deci[ds]/i;
/** What a text with a negation holds (NEGATIONS that can negate a list of verbs, and "n't"). */
const NEGATION_TEXT = /\b(?:not|never|nor)\b|n['\u2019]t\b/i;

/** Negations before a decision word: "not", "never", "no", "nor", "without" ("n't" is its own test, `isNegation`). */
const NEGATIONS = ['not', 'never', 'no', 'nor', 'without'];

/**
 * Words between a negation and the decision word it negates: "do not make a decision", "without making any
 * final decisions", "you do not yourself decide", "never need to decide". (Also "<negation> <verb> or decide":
 * "do not recalculate or decide", see `isNegated`.)
 */
const NEGATED_GAP_WORDS = [
  'make', 'makes', 'making', 'take', 'takes', 'taking', 'reach', 'reaching', 'a', 'an', 'any', 'the', 'final', 'yourself',
  'ever', 'have', 'to', 'need', 'try', 'attempt',
];

/**
 * Words after a negated "decide" that restrict how to decide, not whether: "do not decide based on age",
 * "do not decide until you have read it", "do not make a decision solely on the score".
 */
const MANNER_WORDS = [
  'based', 'basis', 'until', 'unless', 'before', 'solely', 'only', 'purely', 'merely', 'yet', 'because', 'using', 'alone', 'without',
];

const decisionSet = lazily(() => new WordSet(DECISION_WORDS));
const decisionVerbSet = lazily(() => new WordSet(DECISION_VERBS));
const decideFormSet = lazily(() => new WordSet(DECIDE_FORMS));
const negationSet = lazily(() => new WordSet(NEGATIONS));
const negatedGapSet = lazily(() => new WordSet(NEGATED_GAP_WORDS));
const mannerSet = lazily(() => new WordSet(MANNER_WORDS));
const personSet = lazily(() => new WordSet(PERSON_WORDS));
const nounCompoundSet = lazily(() => new WordSet(NOUN_COMPOUND_WORDS));
const verbLeadSet = lazily(() => new WordSet(VERB_LEADS));
const determinerSet = lazily(() => new WordSet(DETERMINERS));
const phraseEndSet = lazily(() => new WordSet(PHRASE_ENDS));
const determinerAdjectiveSet = lazily(() => new WordSet(DETERMINER_ADJECTIVES));
const definiteSet = lazily(() => new WordSet(DEFINITE_DETERMINERS));
const scaleLeadSet = lazily(() => new WordSet(SCALE_LEADS));
const PERSON_NOUN_SET = new Set(PERSON_NOUNS);

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  categories: [...CATEGORIES],
  decisionWords: [] as string[],
  personWords: [] as string[],
  requirePerson: true,
  ignored: 'info' as 'info' | 'report' | 'off',
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Protected attribute categories to report. */
    categories: z.array(z.enum(CATEGORIES)).default(DEFAULTS.categories),
    /** Extra words that mark a decision prompt. */
    decisionWords: z.array(z.string()).default(DEFAULTS.decisionWords),
    /** Extra words that make the decision one about people (and, before an attribute in a field name, name a person). */
    personWords: z.array(z.string()).default(DEFAULTS.personWords),
    /** Report only when the prompt names whom the decision is about (a word of the person list); false: any decision word is enough. */
    requirePerson: z.boolean().default(DEFAULTS.requirePerson),
    /**
     * An attribute the prompt tells the model to ignore ("Do not consider age or gender"): 'info' reports it with weak
     * strength (info, unless a severity is configured) and says so, 'report' as any other, 'off' not at all.
     */
    ignored: z.enum(['info', 'report', 'off']).default(DEFAULTS.ignored),
  }),
);

/** Split a variable or key name into lower-case words: applicantGender -> applicant gender. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The protected attribute a field or variable name refers to: its category, the matched words, and
 * the word before them that qualifies them, if any ("applicant" in "applicant_age" and "Applicant's age").
 */
export interface Attribute {
  category: Category;
  words: string;
  qualifier?: string;
  /**
   * A name that joins attributes ("Race/Ethnicity", "Age/Sex", "race_ethnicity", "Sex and gender"):
   * the categories of its attributes, first to last, each once (`category` is the first). Absent
   * for a single attribute.
   */
  categories?: Category[];
}

/** The categories of an attribute: all of a combined name's, else its one. */
export function categoriesOf(a: Attribute): readonly Category[] {
  return a.categories ?? [a.category];
}

const attributeCache = new Map<string, Attribute | null>();

export function attributeOf(name: string): Attribute | undefined {
  let r = attributeCache.get(name);
  if (r === undefined) {
    r = attributeOfUncached(name) ?? null;
    if (attributeCache.size < 10_000) attributeCache.set(name, r);
  }
  return r ?? undefined;
}

function attributeOfUncached(name: string): Attribute | undefined {
  // The attribute must be the name's last word(s), its head: "applicant_gender", "date_of_birth", but not
  // "updateAgeOnGet" or "gender_neutral"; and whole words, so "page" and "usage" never match "age".
  const w = nameWords(name);
  const head = attributeEndingAt(w, w.length);
  if (!head) return undefined;
  // Attributes joined before the head ("/", "_", "-", "&" are gone from the words; "and", "or" are skipped):
  // "Race/Ethnicity", "Age/Sex", "race_ethnicity", "Race and ethnicity" are one field that passes both.
  const joined = [head];
  let end = w.length - head.length;
  for (;;) {
    let e = end;
    while (e > 0 && JOINERS.has(w[e - 1]!)) e--;
    const before = attributeEndingAt(w, e);
    if (!before) break;
    joined.unshift(before);
    end = e - before.length;
  }
  const first = joined[0]!;
  const words = joined.map((a) => a.key).join('_');
  const categories = joined.length > 1 ? [...new Set(joined.map((a) => a.category))] : undefined;
  // The qualifier, past a possessive "s" ("Applicant's age").
  let q = end - 1;
  if (q >= 1 && w[q] === 's') q--;
  // "is_pregnant", "hasDisability": the verb qualifies nothing; "account_is_disabled" is the account's.
  if (q >= 0 && BOOLEAN_VERBS.has(w[q]!)) q--;
  const a: Attribute = { category: first.category, words };
  if (q >= 0) a.qualifier = w[q]!;
  if (categories) a.categories = categories;
  return a;
}

/** ATTRIBUTE_WORDS as a map: a word of a name is never looked up among an object's inherited properties ("constructor"). */
const ATTRIBUTE_MAP = new Map(Object.entries(ATTRIBUTE_WORDS));

/** Words that join two attributes in one name: "Race and ethnicity", "Sex or gender" ("/", "&" and "_" are no words). */
const JOINERS = new Set(['and', 'or']);

/** The attribute whose one to three words end `w` at `end` (exclusive), longest first: its key, category and length in words. */
function attributeEndingAt(w: string[], end: number): { key: string; category: Category; length: number } | undefined {
  for (let len = Math.min(3, end); len >= 1; len--) {
    const key = w.slice(end - len, end).join('_');
    const category = ATTRIBUTE_MAP.get(key);
    if (category) return { key, category, length: len };
  }
  return undefined;
}

const personQualifierCache = new Map<string, boolean>();

/**
 * Whether a qualifier before an attribute in a field name leaves the attribute a person's: a person
 * word ("applicant_age", "patient_sex", "your_age", "mother_nationality") or a word that qualifies
 * the attribute itself ("current_age", "self_reported_gender"). Not "account_age", "branch_age",
 * "product country of origin", "grammatical gender" or "native race" (of a subspecies).
 */
export function isPersonQualifier(word: string): boolean {
  let r = personQualifierCache.get(word);
  if (r === undefined) {
    r = ATTRIBUTE_MODIFIERS.has(word) || POSSESSIVES.has(word) || PERSON_NOUN_SET.has(word) || isPersonInLexicon(word);
    if (personQualifierCache.size < 10_000) personQualifierCache.set(word, r);
  }
  return r;
}

/** A role, occupation, person noun or gendered person word of the people lexicon (not a group adjective or first name). */
function isPersonInLexicon(word: string): boolean {
  const tags = peopleIndex().get(word);
  return !!tags && !!(tags.role || tags.occupation || tags.personNoun || tags.pronoun || (tags.gender && !tags.name));
}

/** Any attribute word anywhere (a superset of what `attributeOf` accepts, camelCase names included). */
const ANY_ATTRIBUTE =
  /(?:race|racial|ethnic|religio|faith|creed|gender|sex|pronouns|age|dob|birth|date_of_birth|disab|handicap|national|citizen|country_of_origin|immigration|visa|orientation|sexuality|marital|familial|family.status|pregnan|maternity|skin)/i;

/** Any word an attribute label can end in (ANY_ATTRIBUTE misses "country of origin" written with spaces). */
const LABEL_ATTRIBUTE = new RegExp(`${ANY_ATTRIBUTE.source.slice(0, -1)}|origin)`, 'i');

/**
 * The word a label ends in when a list of field names follows it (see `listFields`): "Customer record fields:",
 * "Columns:", "Input features:", "Each application contains:", "The tool returns:".
 */
const LIST_HEADS = 'fields|columns|features|inputs|attributes|properties|keys|variables|parameters|params|schema|contains|includes|returns|provides';
/** A label that ends in a LIST_HEADS word (maybe in emphasis), or one that LABEL_ATTRIBUTE finds. */
const LABEL_OR_LIST = new RegExp(`${LABEL_ATTRIBUTE.source}|(?:^|[^A-Za-z])(?:${LIST_HEADS})[*_\`]*[ \t]*$`, 'i');

/**
 * Whether `protectedFields` can find anything but variables. Only formats with
 * keys are looked at whole; in plain text a field is a line's label before its
 * first colon (FIELD_LINE), so only the text from a line's start to its first
 * colon is searched, not the whole document.
 */
function mayHaveFieldsOrKeys(doc: PromptDocument): boolean {
  if (doc.format === 'json' || doc.format === 'jsonl' || doc.format === 'yaml' || doc.format === 'prompty' || isCsv(doc)) return true;
  // The last label LABEL_ATTRIBUTE did not match: few-shot labels repeat ("Answer choices:" in every demo), and
  // comparing in place is cheaper than slicing and searching the same label again (in a fresh process this
  // loop runs interpreted over every colon of the file).
  let lastMiss = '';
  for (let si = 0; si < doc.prose.length; si++) {
    const text = doc.prose[si]!.text;
    // Just after the previous colon (0 before the first).
    let from = 0;
    for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
      // The label runs back to the start of its line (as FIELD_LINE's ^ sees lines), looked for back to the previous colon.
      const previous = from;
      let start = colon;
      while (start > previous && !isLineBreak(text.charCodeAt(start - 1))) start--;
      from = colon + 1;
      // No line break since the previous colon: this one is not its line's first, and ends no label ("Q: Question 12: which").
      if (start === previous && previous > 0) continue;
      // Every word LABEL_ATTRIBUTE looks for has three or more letters: shorter labels ("Q:", "A:") are not sliced and searched.
      if (colon - start < 3 || (colon - start === lastMiss.length && text.startsWith(lastMiss, start))) continue;
      const label = text.slice(start, colon);
      // An attribute label ("Gender:"), or the label of a list of field names ("Customer record fields:", see `listFields`).
      if (LABEL_OR_LIST.test(label)) return true;
      lastMiss = label;
    }
    // A markdown table's cells are fields without colons (see `tableFields`); whether one names an attribute is
    // left to the ANY_ATTRIBUTE test of the caller. Most segments have no "|" at all.
    if (text.indexOf('|') >= 0 && hasTableDelimiter(text)) return true;
    if (mayHaveToolList(text)) return true;
  }
  return false;
}

/**
 * Whether a prose text may hold a list of field names without a label (see `listFields`): a return arrow
 * ("->", "=>", "→"), "returns" before a brace or parenthesis, a JSON schema's "properties", or a function
 * signature whose parameters hold an attribute word. Told by indexOf, and for signatures by the text between
 * the parentheses of a name's "(" only.
 */
function mayHaveToolList(text: string): boolean {
  if (text.indexOf('->') >= 0 || text.indexOf('=>') >= 0 || text.indexOf('\u2192') >= 0 || text.indexOf('"properties"') >= 0) return true;
  // RETURN_LIST's other forms ("returns {…}", "): (…)"), looked for back from each brace and parenthesis that opens
  // a list: a search of the whole text for "eturn" or "):" cost about 0.65 ms per MiB of prose (every "e" and ")"
  // is a candidate), braces are rare, and a parenthesis needs only a look at the characters before it.
  if (hasReturnLead(text, true)) return true;
  return false;
}

/**
 * Whether a brace or parenthesis in `text` has RETURN_LIST's lead without an arrow before it (`returnsBefore`), or,
 * with `signatures`, a parenthesis follows a name and holds an attribute word (a function signature, see listFields).
 */
function hasReturnLead(text: string, signatures: boolean): boolean {
  for (let b = text.indexOf('{'); b >= 0; b = text.indexOf('{', b + 1)) {
    // A template placeholder's "{{" opens no list.
    if (text.charCodeAt(b + 1) === 123) {
      b++;
      continue;
    }
    if (returnsBefore(text, b)) return true;
  }
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    if (returnsBefore(text, p)) return true;
    if (!signatures || p === 0 || !isNameChar(text.charCodeAt(p - 1))) continue;
    const close = signatureEnd(text, p);
    if (close > 0 && ANY_ATTRIBUTE.test(text.slice(p + 1, close))) return true;
  }
  return false;
}

/** Whether `text` has a colon after a LIST_HEADS word ("Customer record fields:"), as listFields' labelled lists need. */
function hasListHeadColon(text: string): boolean {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) if (listHeadBefore(text, colon)) return true;
  return false;
}

/** Where listHeadBefore found the list-head word last: text[listHeadStart, listHeadEnd). */
let listHeadStart = 0;
let listHeadEnd = 0;

/**
 * Whether a LIST_HEADS word ends right before the colon at `colon` (past emphasis, code marks and blanks: "**Fields:**"),
 * as a word of its own; told by its last letter ("s" or "a") before it is sliced out. Sets listHeadStart and listHeadEnd.
 */
function listHeadBefore(text: string, colon: number): boolean {
  let headEnd = colon;
  while (headEnd > 0 && isLabelMark(text.charCodeAt(headEnd - 1))) headEnd--;
  const last = text.charCodeAt(headEnd - 1) | 32;
  if (last !== 115 && last !== 97) return false;
  let headStart = headEnd - 1;
  while (headStart > 0 && headEnd - headStart < 11 && isLetter(text.charCodeAt(headStart - 1))) headStart--;
  if ((headStart > 0 && isNameChar(text.charCodeAt(headStart - 1))) || !LIST_HEAD_SET.has(text.slice(headStart, headEnd).toLowerCase())) return false;
  listHeadStart = headStart;
  listHeadEnd = headEnd;
  return true;
}

/**
 * Whether what comes before the brace or parenthesis at `open` on its line is RETURN_LIST's lead without an
 * arrow: "returns" or "return" (any case, maybe with a colon after it) or "):", then perhaps a type name and
 * "[" or "<" ("returns {…}", "Returns: (…)", "get_borrower(id): {…}", "returns list[{…}]"). Reads characters
 * back from `open`, no slice.
 */
function returnsBefore(text: string, open: number): boolean {
  let i = skipBlanksBack(text, open);
  const c = text.charCodeAt(i - 1);
  if (c === 91 || c === 60) i = skipBlanksBack(text, i - 1);
  if (returnLeadEndsAt(text, i)) return true;
  // A type name between the lead and the bracket ("returns list[{…}]", "): Array<{…}>").
  let j = i;
  while (j > 0 && (isNameChar(text.charCodeAt(j - 1)) || text.charCodeAt(j - 1) === 46)) j--;
  return j < i && returnLeadEndsAt(text, skipBlanksBack(text, j));
}

/** Whether "returns", "return" (any case, as a word, maybe with a colon after it) or "):" ends at `end`, blanks aside. */
function returnLeadEndsAt(text: string, end: number): boolean {
  let i = end;
  if (text.charCodeAt(i - 1) === 58) {
    if (text.charCodeAt(i - 2) === 41) return true;
    i = skipBlanksBack(text, i - 1);
  }
  if ((text.charCodeAt(i - 1) | 0x20) === 115) i--;
  return i >= 6 && startsWithWord(text, i - 6, 'return') && !isNameChar(text.charCodeAt(i - 7));
}

/** Whether `text` holds `lower` (lower-case letters) at `at`, in any case. */
function startsWithWord(text: string, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) if ((text.charCodeAt(at + k) | 0x20) !== lower.charCodeAt(k)) return false;
  return true;
}

/** The position after the last character before `i` that is no space or tab. */
function skipBlanksBack(text: string, i: number): number {
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

/** [A-Za-z0-9_] by code unit. */
const isNameChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/**
 * A markdown (GFM) table's delimiter row, the line under its header: cells of dashes with optional
 * alignment colons, at least one "|" ("|---|---|", "| :-- | --: |", "--- | ---").
 */
const TABLE_DELIMITER = /[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/my;

/**
 * The start of the first delimiter row (TABLE_DELIMITER) in `text` at or after `from`, or -1. Only lines
 * with a "|" are tried, each from its start (found from the pipe, so the text is walked once).
 */
function nextTableDelimiter(text: string, from: number): number {
  for (let pipe = text.indexOf('|', from); pipe >= 0; ) {
    let start = pipe;
    while (start > from && !isLineBreak(text.charCodeAt(start - 1))) start--;
    TABLE_DELIMITER.lastIndex = start;
    if (TABLE_DELIMITER.test(text)) return start;
    pipe = text.indexOf('|', lineEndFrom(text, pipe));
  }
  return -1;
}

function hasTableDelimiter(text: string): boolean {
  return nextTableDelimiter(text, 0) >= 0;
}

/** A table cell that can be a field name: a label as FIELD_LINE reads one, inside optional emphasis or code marks ("**Age**"). */
const TABLE_LABEL = /^[*_`]*([A-Za-z][A-Za-z _'\/&-]{0,40}?)[*_`]*$/;

/**
 * The protected fields of the markdown tables in `text` (a prose segment): each table's header cells
 * ("| Name | Age | Race | Decision |") and the first cell of each body row ("| Age | 67 |") whose name
 * is an attribute (see `tableLabel`), with its offset in `text` and whether it is a grammatical gender
 * (the next cell of its row, or for a header cell a cell of its column, is masculine, feminine or neuter).
 */
function tableFields(text: string, found: (label: string, start: number, grammatical: boolean, rowEnd?: number) => void): void {
  for (let delimiter = nextTableDelimiter(text, 0), from = 0; delimiter >= 0; delimiter = nextTableDelimiter(text, from)) {
    const delimiterEnd = lineEndFrom(text, delimiter);
    from = delimiterEnd;
    // The header: the line just before.
    let headerEnd = delimiter - 1;
    if (headerEnd < 0) continue;
    if (text.charCodeAt(headerEnd) === 10 && headerEnd > 0 && text.charCodeAt(headerEnd - 1) === 13) headerEnd--;
    let headerStart = headerEnd;
    while (headerStart > 0 && !isLineBreak(text.charCodeAt(headerStart - 1))) headerStart--;
    if (text.lastIndexOf('|', headerEnd) < headerStart) continue;
    const header = tableCells(text, headerStart, headerEnd);
    // GFM: the delimiter row has as many cells as the header.
    if (header.length !== tableCells(text, delimiter, delimiterEnd).length) continue;
    // The header's fields; a gender column is grammatical when a value in it is, so its rows are kept to look at.
    const labels = header.map((c) => tableLabel(text, c));
    const genderColumns = labels.some((l) => l !== undefined && categoriesOf(attributeOf(l.name)!).includes('gender'));
    const rows: { start: number; end: number }[] = [];
    // Row keys only in a key/value table ("| Field | Value |"): elsewhere the first column holds values
    // ("| Leave type | Weeks |" / "| Maternity | 52 |").
    const keyed = header.length === 2 && (KEY_HEADERS.has(headerWord(text, header[0]!)) || VALUE_HEADERS.has(headerWord(text, header[1]!)));
    // The body: the following lines with a "|", up to a blank line or a line without one. In a key/value table, each row's first cell is a field.
    let at = delimiterEnd;
    while (at < text.length) {
      at += text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1;
      const lineEnd = lineEndFrom(text, at);
      const pipe = text.indexOf('|', at);
      if (pipe < 0 || pipe >= lineEnd) break;
      if (genderColumns) rows.push({ start: at, end: lineEnd });
      const first = keyed ? firstTableCell(text, at, lineEnd) : undefined;
      const label = first && tableLabel(text, first);
      if (label) found(label.name, label.start, grammaticalGenderAt(label.name, text, first.next), lineEnd);
      at = lineEnd;
    }
    from = at;
    // A table of group statistics ("| Gender | Respondents |", "| Age/Sex | Count | Mean score |"): its attribute
    // columns name groups, not a person's fields.
    if (!keyed && labels.some((l) => l !== undefined) && isGroupStatistics(text, header, labels)) continue;
    labels.forEach((label, k) => {
      if (!label) return;
      let grammatical = false;
      if (genderColumns) {
        for (const r of rows) {
          const cell = tableCells(text, r.start, r.end)[k];
          if (cell && grammaticalGenderAt(label.name, text, cell.start)) grammatical = true;
        }
      }
      found(label.name, label.start, grammatical);
    });
  }
}

/**
 * Words of a header cell that holds a statistic of a group, not a field of one person: "Respondents",
 * "Count", "n", "Share (%)", "% of total", "Mean score", "Average rating", "Number of participants".
 */
const STATISTIC_WORDS = new Set([
  'respondents', 'responses', 'participants', 'people', 'count', 'counts', 'n', 'total', 'totals', 'share', 'percent',
  'percentage', 'pct', '%', 'proportion', 'mean', 'average', 'avg', 'median', 'frequency', 'sample',
]);

/**
 * Whether a table's header is one of group statistics: each cell that is no attribute field (`labels`) holds a
 * word of STATISTIC_WORDS, and there is at least one such cell ("| Gender | Respondents |"; not
 * "| Name | Age | Score |").
 */
function isGroupStatistics(text: string, header: { start: number; end: number }[], labels: ({ name: string } | undefined)[]): boolean {
  let statistics = 0;
  for (let k = 0; k < header.length; k++) {
    if (labels[k]) continue;
    const words = headerWord(text, header[k]!).split(/[^a-z0-9%]+/);
    if (!words.some((w) => STATISTIC_WORDS.has(w))) return false;
    statistics++;
  }
  return statistics > 0;
}

/** Header words of a key/value table's first column ("| Field | Value |"; an empty cell too). */
const KEY_HEADERS = new Set(['', 'field', 'fields', 'attribute', 'attributes', 'key', 'name', 'property', 'feature', 'features', 'item', 'variable', 'parameter', 'input', 'detail', 'characteristic', 'criterion', 'factor']);
/** Header words of a key/value table's second column. */
const VALUE_HEADERS = new Set(['', 'value', 'values', 'answer', 'response', 'details', 'data', 'entry', 'information', 'info']);

/** A header cell's text, lower case, without emphasis or code marks. */
function headerWord(text: string, c: { start: number; end: number }): string {
  return text.slice(c.start, c.end).replace(/[*_`]/g, '').trim().toLowerCase();
}

const isBlank = (c: number) => c === 32 || c === 9;

/**
 * The first cell of a table row (trimmed) and where the text after its closing "|" starts; undefined in a
 * row of one cell. Only that cell: the rest of the row is not split, as tableCells would.
 */
function firstTableCell(text: string, start: number, end: number): { start: number; end: number; next: number } | undefined {
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i < end && text.charCodeAt(i) === 124) i++;
  let j = i;
  while (j < end && (text.charCodeAt(j) !== 124 || text.charCodeAt(j - 1) === 92)) j++;
  if (j >= end) return undefined;
  let s = i;
  let t = j;
  while (s < t && isBlank(text.charCodeAt(s))) s++;
  while (t > s && isBlank(text.charCodeAt(t - 1))) t--;
  return { start: s, end: t, next: j + 1 };
}

/**
 * The protected attribute field named in a table cell (see TABLE_LABEL; at most four words, and
 * `attributeOf` knows it) and where it starts, or undefined. Most cells are told apart by their last
 * three characters (`mayEndInAttribute`), without being sliced out.
 */
function tableLabel(text: string, c: { start: number; end: number }): { name: string; start: number } | undefined {
  let e = c.end;
  while (e > c.start && (text.charCodeAt(e - 1) === 42 || text.charCodeAt(e - 1) === 95 || text.charCodeAt(e - 1) === 96)) e--;
  if (e - c.start < 3 || c.end - c.start > 48 || !mayEndInAttribute(text, e)) return undefined;
  const m = TABLE_LABEL.exec(text.slice(c.start, c.end));
  if (!m) return undefined;
  const name = m[1]!;
  if (name.split(/\s+/).length > 4 || !attributeOf(name)) return undefined;
  return { name, start: c.start + m[0].indexOf(name) };
}

/** The line terminators of a regex's `^` and `$` with the m flag. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

const FIELD_LINE = /^[ \t>*-]*(?:\d+[.)][ \t]*)?([A-Za-z][A-Za-z _'\/&-]{0,40}?)[ \t]*:[ \t]*(?=\S)/gm;
const YAML_KEY = /^[ \t]*(?:-[ \t]+)?([A-Za-z][A-Za-z0-9_\/&-]{0,40})[ \t]*:/gm;

interface Field {
  field: string;
  span: Span;
  kind: 'variable' | 'field' | 'key';
  /** A gender field whose value is a grammatical gender ("Gender: masculine", of a noun). */
  grammatical?: boolean;
  /** Where the field's value ends (source offset; the end of its line): a variable there is the field's own. Not for JSON keys and table headers. */
  valueEnd?: number;
  /**
   * For a name in a list of field names (see `listFields`), whose fields they are when the list says so: a word
   * of its label ("customer" in "Customer record fields:", "product" in "Product fields:") or of the tool that
   * returns them ("application" in "get_application(id) -> {…}", "pet" in "get_pet(id) -> {…}"); see `ownerOf`.
   */
  owner?: string;
}

/** The LIST_HEADS words, lower case (each ends in "s" or "a"). */
const LIST_HEAD_SET = new Set(LIST_HEADS.split('|'));
/** Emphasis, code marks and blanks between a list's head word and its colon ("**Fields:**", "Fields :"). */
const isLabelMark = (c: number) => c === 42 || c === 95 || c === 96 || c === 32 || c === 9;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A list's label, from its line's start (past quote marks, bullets, a number and emphasis) to its head word. */
const LIST_LABEL = /^[ \t>#*+-]*(?:\d+[.)][ \t]*)?[*_`]*([A-Za-z][A-Za-z0-9 _'\/&()-]{0,60})$/;
/**
 * A tool's return list: after "->", "=>", "\u2192", "returns" or a TypeScript return colon ("): "), perhaps past a type
 * name and "[" or "<", a brace or parenthesis on the same line: "get_application(app_id) -> {name, age, …}",
 * "get_borrower(id): {income: number, age: number}", "-> list[{…}]", "Returns {…}". Group 1 is what it holds.
 */
const RETURN_LIST = /(?:->|=>|\u2192|\breturns?\b[ \t]*:?|\):)[ \t]*(?:[A-Za-z_][\w.]*[ \t]*)?(?:[[<][ \t]*)?(?:\{([^{}\n]{1,500})\}|\(([^()\n]{1,500})\))/gi;
/**
 * SQL in a text: an upper-case query ("SELECT … FROM"; "select the top ten from the list" is prose), a table
 * definition, or the word SQL ("text-to-SQL", "SQL:").
 */
const SQL_TEXT = /\bSELECT\b[^;]{1,400}?\bFROM\b|\b[Cc][Rr][Ee][Aa][Tt][Ee]\s+[Tt][Aa][Bb][Ll][Ee]\b|\bSQL\b/;

/**
 * Whether the name that ends right before `open` (a "(") is compound: it holds "_" or "." or a lower-case letter
 * followed by an upper-case one ("get_application", "tools.lookup", "getBorrower").
 */
function isCompoundNameBefore(text: string, open: number): boolean {
  for (let i = open - 1; i >= 0 && open - i <= 60; i--) {
    const c = text.charCodeAt(i);
    if (c === 95 || c === 46) return i < open - 1 && i > 0 && isNameChar(text.charCodeAt(i - 1));
    if (!isNameChar(c)) return false;
    if (c >= 65 && c <= 90 && i > 0 && text.charCodeAt(i - 1) >= 97 && text.charCodeAt(i - 1) <= 122) return true;
  }
  return false;
}

/**
 * The ")" that closes the parenthesis at `open` on its line, within 300 characters and with no "(" between, or -1:
 * a function signature's parameters are between them.
 */
function signatureEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length && i - open <= 301; i++) {
    const c = text.charCodeAt(i);
    if (c === 41) return i > open + 1 ? i : -1;
    if (c === 40 || c === 10 || c === 13) return -1;
  }
  return -1;
}

/**
 * One item of a list of field names: the name (one to four words, in quotes, backticks or emphasis or not) and
 * what follows it: nothing, a note in brackets, a type ("?", ": int", "= …") or a description after a dash.
 */
const LIST_ITEM = /^[ \t]*(?:(?:and|or)[ \t]+)?[*_`"']*([A-Za-z][A-Za-z0-9_]*(?:[ -][A-Za-z][A-Za-z0-9_]*){0,3})[*_`"']*[ \t]*((?:[([?:=]|[-\u2013\u2014][ \t]).*)?$/d;
/** A bullet item with a value after a colon: a field line (FIELD_LINE), read as such, not as a list's name. */
const FIELD_VALUE = /^[^:\n]*:[ \t]*\S/;
/** A bullet list item's marker. */
const BULLET = /^[ \t]*(?:[-*+\u2022]|\d+[.)])[ \t]+/;
/** A note on an item that says its value is not passed: "name (redacted)", "date_of_birth [REDACTED]", "age (not shown)". */
const NOT_PASSED_NOTE = /\b(?:redacted|removed|withheld|masked|hidden|omitted|suppressed|stripped|not (?:shown|passed|provided|sent|visible|included))\b/i;
/**
 * Label words that say a list is not one of inputs: a list of protected characteristics to avoid ("Protected
 * applicant attributes:", "Sensitive fields:"), of removed fields ("Redacted fields:"), or of outputs ("Output fields:").
 */
const NOT_INPUT_LABEL_WORDS = new Set([
  'protected', 'sensitive', 'excluded', 'exclude', 'excluding', 'ignored', 'ignore', 'prohibited', 'forbidden', 'restricted',
  'redacted', 'masked', 'removed', 'hidden', 'withheld', 'dropped', 'omitted', 'unused', 'banned', 'disallowed', 'blocked',
  'not', 'never', 'no', 'without', 'special', 'output', 'outputs',
]);
/**
 * Words of a label or tool name that name no owner of the fields: verbs of fetching, determiners, and words
 * for records, tools and lists ("get", "the", "record", "data", "tool", "fields").
 */
const OWNER_SKIP_WORDS = new Set([
  'get', 'fetch', 'lookup', 'look', 'up', 'find', 'read', 'load', 'list', 'search', 'retrieve', 'query', 'describe', 'show',
  'pull', 'check', 'verify', 'call', 'the', 'a', 'an', 'each', 'every', 'all', 'any', 'this', 'that', 'its', 'their', 'our',
  'your', 'his', 'her', 'my', 'record', 'records', 'row', 'rows', 'data', 'details', 'detail', 'info', 'information',
  'profile', 'profiles', 'input', 'available', 'following', 'key', 'main', 'relevant', 'table', 'json', 'object', 'response',
  'payload', 'tool', 'tools', 'api', 'result', 'results', 'id', 'ids', 'file', 'entry', 'entries', 'by', 'current', 'new',
  'model', 'required', 'optional', 'additional', 'extra', 'other', 'returned', 'provided', 'given', 'incoming', 'raw',
  'structured', 'form', 'forms', 'sheet', 'spreadsheet', 'csv', 'dataset', 'database', 'db', 'source',
  ...LIST_HEADS.split('|'),
]);
/** Words that end the search for an owner in a label or tool name ("members" in "list_members_with_birthday"). */
const OWNER_STOP_WORDS = new Set(['with', 'for', 'from', 'of', 'in', 'on', 'per', 'to', 'and', 'or']);
/**
 * Owners that are people's records or people though no person word of the lexicon: "Each application contains:",
 * "Audience fields:", "get_application(id) -> {…}".
 */
const PERSON_RECORD_OWNERS = new Set([
  'application', 'applications', 'audience', 'audiences', 'prospect', 'prospects', 'lead', 'leads', 'contact', 'contacts',
  'case', 'cases', 'submission', 'submissions', 'adopter', 'adopters', 'family', 'families', 'couple', 'couples', 'party', 'parties',
  'loan', 'loans', 'mortgage', 'mortgages', 'claim', 'claims', 'resume', 'resumes', 'cv', 'cvs',
]);

/** Whether a list's owner (see `Field.owner`) is a person or a person's record ("customer", "application"). */
function isPersonOwner(owner: string, extraPersons: Set<string> | undefined): boolean {
  return isPersonQualifier(owner) || PERSON_RECORD_OWNERS.has(owner) || extraPersons?.has(owner) === true;
}

/**
 * The owner a label's or tool name's words name (see `Field.owner`): the last word that OWNER_SKIP_WORDS does not
 * skip before the first of OWNER_STOP_WORDS ("application" in "Loan application fields", "customer" in
 * "get_customer_profile", "members" in "list_members_with_birthday"); undefined when there is none ("Fields:",
 * "The tool returns:").
 */
function ownerOf(name: string): string | undefined {
  let owner: string | undefined;
  for (const w of nameWords(name)) {
    if (OWNER_STOP_WORDS.has(w)) break;
    if (!OWNER_SKIP_WORDS.has(w) && !/^\d/.test(w)) owner = w;
  }
  return owner;
}

/**
 * Splits a list's text at commas and semicolons outside brackets, and its last item at " and " / " or " when
 * there are commas ("a, b and c"); calls `item` with each item's text and offset in `text` from `from`.
 */
function splitList(text: string, from: number, to: number, item: (s: string, at: number) => void): void {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123 || c === 60) depth++;
    else if ((c === 41 || c === 93 || c === 125 || c === 62) && depth > 0) depth--;
    else if ((c === 44 || c === 59) && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  if (parts.length > 1) {
    const [a, b] = parts.pop()!;
    const m = /^(.*?)[ \t]+(?:and|or|&)[ \t]+(?=\S)/.exec(text.slice(a, b));
    if (m && !/[([]/.test(m[1]!)) {
      parts.push([a, a + m[1]!.length], [a + m[0].length, b]);
    } else parts.push([a, b]);
  }
  for (const [a, b] of parts) item(text.slice(a, b), a);
}

/**
 * The names of a list of field names, from its items (see LIST_ITEM): each name and its offset, but not one whose
 * note says it is not passed or gives guidance. Undefined when fewer than two thirds of the items are names (a
 * sentence, not a list).
 */
function listNames(items: { text: string; at: number }[]): { name: string; at: number }[] | undefined {
  const names: { name: string; at: number }[] = [];
  let shaped = 0;
  for (const it of items) {
    const m = LIST_ITEM.exec(it.text);
    if (!m) continue;
    shaped++;
    const note = m[2];
    if (note !== undefined && (NOT_PASSED_NOTE.test(note) || isGuidance(note.replace(/^[-\u2013\u2014([:\s]+/, '')))) continue;
    names.push({ name: m[1]!, at: it.at + m.indices![1]![0] });
  }
  return shaped * 3 < items.length * 2 ? undefined : names;
}

/**
 * Names of a decision's inputs that a prose text lists without a field line, as agent and tool-use prompts do
 * (s26 agent hunt b08, b20):
 * - a labelled list: a label that ends in a LIST_HEADS word ("Customer record fields: age, gender, …", "Columns:",
 *   "Each application contains:" then "- age" bullets), unless its label says the list is no input (NOT_INPUT_LABEL_WORDS:
 *   "Protected applicant attributes:", "Sensitive fields:", "Output fields:");
 * - a tool's return list: "get_application(app_id) -> {name, age, gender, …}", "get_borrower(id): {age: number}";
 * - a function signature's parameters, when its name is compound: "score_applicant(income, debts, age)";
 * - the keys of a JSON schema's "properties" whose values are objects: `"date_of_birth": {"type": "string"}`.
 * An item whose note says it is not passed ("owner_age (redacted)", "date_of_birth [REDACTED]") is left out, and so is
 * every list of a text with SQL in it (SQL_TEXT): a text-to-SQL prompt's tables and columns are a database's schema,
 * not a decision's inputs. `found` gets each name, its offset in `text` and the list's owner (see `Field.owner`), once
 * per offset.
 */
function listFields(text: string, found: (name: string, at: number, owner: string | undefined) => void): void {
  // Most texts (a dataset's every string) hold no list: told without the closures and set below.
  if (!hasListHeadColon(text) && !mayHaveToolList(text)) return;
  const seen = new Set<number>();
  // Whether the text has SQL in it, looked for at its first attribute name only.
  let sql: boolean | undefined;
  const emit = (name: string, at: number, owner: string | undefined) => {
    if (seen.has(at) || !attributeOf(name)) return;
    sql ??= SQL_TEXT.test(text);
    if (sql) return;
    seen.add(at);
    found(name, at, owner);
  };
  const items = (from: number, to: number) => {
    const out: { text: string; at: number }[] = [];
    splitList(text, from, to, (s, at) => out.push({ text: s, at }));
    return out;
  };
  // Labelled lists: a colon after a LIST_HEADS word (told by the word's last letter before it is sliced out).
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    if (!listHeadBefore(text, colon)) continue;
    const headStart = listHeadStart;
    const headEnd = listHeadEnd;
    let lineStart = headStart;
    while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    const label = LIST_LABEL.exec(text.slice(lineStart, headEnd));
    if (!label) continue;
    const labelWords = nameWords(label[1]!);
    if (labelWords.some((w) => NOT_INPUT_LABEL_WORDS.has(w))) continue;
    const owner = ownerOf(label[1]!);
    let valueStart = colon + 1;
    while (valueStart < text.length && (text.charCodeAt(valueStart) === 42 || text.charCodeAt(valueStart) === 95 || text.charCodeAt(valueStart) === 96)) valueStart++;
    const lineEnd = lineEndFrom(text, valueStart);
    const value = text.slice(valueStart, lineEnd);
    if (value.trim() !== '') {
      // An inline list, up to a full stop that ends it ("…, existing_products. Rules follow.").
      const stop = value.search(/\.(?:\s|$)/);
      const end = valueStart + (stop >= 0 ? stop : value.length);
      const names = listNames(items(valueStart, end));
      for (const n of names ?? []) emit(n.name, n.at, owner);
      continue;
    }
    // A bullet list on the next lines: "- age", "- familial_status (as stated)". An item with a colon is a field line.
    const bullets: { text: string; at: number }[] = [];
    for (let at = lineEnd; at < text.length; ) {
      at += text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1;
      const end = lineEndFrom(text, at);
      const b = BULLET.exec(text.slice(at, end));
      if (!b) break;
      const item = text.slice(at + b[0].length, end);
      if (!FIELD_VALUE.test(item)) bullets.push({ text: item, at: at + b[0].length });
      at = end;
    }
    const names = listNames(bullets);
    for (const n of names ?? []) emit(n.name, n.at, owner);
  }
  // Tool return lists.
  if (text.indexOf('->') >= 0 || text.indexOf('=>') >= 0 || text.indexOf('\u2192') >= 0 || hasReturnLead(text, false)) {
    RETURN_LIST.lastIndex = 0;
    for (let m = RETURN_LIST.exec(text); m; m = RETURN_LIST.exec(text)) {
      // In braces a name may have a note in parentheses ("{name, age (years)}").
      const list = m[1] ?? m[2]!;
      const from = m.index + m[0].length - 1 - list.length;
      const names = listNames(items(from, from + list.length));
      if (!names || names.length === 0) continue;
      let lineStart = m.index;
      while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
      const owner = toolOwner(text.slice(lineStart, m.index + (m[0].startsWith(')') ? 1 : 0)));
      for (const n of names) emit(n.name, n.at, owner);
    }
  }
  // Function signatures: a "(" right after a compound name ("score_applicant", "getBorrower", "tools.lookup"; a
  // single word such as "employees(id, name, age)" is a table's schema more often than a tool), and its ")" on the
  // same line with no "(" between.
  for (let p = text.indexOf('('); p > 0; p = text.indexOf('(', p + 1)) {
    if (!isNameChar(text.charCodeAt(p - 1)) || !isCompoundNameBefore(text, p)) continue;
    const close = signatureEnd(text, p);
    if (close < 0 || !ANY_ATTRIBUTE.test(text.slice(p + 1, close))) continue;
    const names = listNames(items(p + 1, close));
    for (const n of names ?? []) emit(n.name, n.at, undefined);
  }
  // JSON schema properties: keys whose values are objects, after the first "properties".
  const properties = text.indexOf('"properties"');
  if (properties >= 0) {
    SCHEMA_KEY.lastIndex = properties;
    for (let m = SCHEMA_KEY.exec(text); m; m = SCHEMA_KEY.exec(text)) emit(m[1]!, m.index + 1, undefined);
  }
}

/** A quoted JSON key whose value is an object: a JSON schema's property (`"gender": {"type": "string"}`). */
const SCHEMA_KEY = /"([A-Za-z][A-Za-z0-9 _\/&-]{0,40})"[ \t]*:[ \t]*\{/g;

/**
 * The owner of a tool's return list (see `Field.owner`), from the text before its arrow on its line: the name of the
 * tool called there ("get_application(app_id)"), else the last name with "_" in it ("The get_applicant tool returns").
 */
function toolOwner(before: string): string | undefined {
  const call = /([A-Za-z_][A-Za-z0-9_.]*)[ \t]*\([^()]*\)[ \t]*$/.exec(before);
  if (call) return ownerOf(call[1]!);
  const names = before.match(/[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+/g);
  return names ? ownerOf(names[names.length - 1]!) : undefined;
}

export default defineRule({
  meta: {
    id: 'protected-attribute-in-decision',
    description: 'A decision prompt about people (hire, approve, score, rank) passes a protected attribute (race, religion, gender, age, ...) as an input, or tells the model to decide on one.',
    rationale:
      'When a model deciding about a person can see that person\'s race, gender, age or religion, its decisions change with them: ' +
      'Tamkin et al. 2023 found consistent positive and negative discrimination across 70 decision scenarios when demographics were ' +
      'included. Unless the attribute is needed (and audited), leave it out of the inputs.',
    sources: [
      { short: 'Tamkin et al. 2023', title: 'Evaluating and Mitigating Discrimination in Language Model Decisions', url: 'https://arxiv.org/abs/2312.03689' },
      { short: 'Bertrand & Mullainathan 2004', title: 'Are Emily and Greg More Employable Than Lakisha and Jamal?', url: 'https://www.aeaweb.org/articles?id=10.1257/0002828042002561' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      attribute: 'This decision prompt ("{{decision}}") passes the protected attribute {{category}} ("{{field}}") as input; the decision can then depend on it.',
      attributes:
        'This decision prompt ("{{decision}}") passes the protected attributes {{categoryList}} ("{{field}}") as input; the decision can then depend on them.',
      ignoredAttribute:
        'This decision prompt ("{{decision}}") passes the protected attribute {{category}} ("{{field}}") as input and tells the model to ignore it; such an instruction lowers its effect but need not remove it (Tamkin et al. 2023): leave it out of the input.',
      ignoredAttributes:
        'This decision prompt ("{{decision}}") passes the protected attributes {{categoryList}} ("{{field}}") as input and tells the model to ignore them; such an instruction lowers their effect but need not remove it (Tamkin et al. 2023): leave them out of the input.',
      decisionRule:
        'This decision prompt ("{{decision}}") tells the model to decide on the protected attribute {{category}} ("{{rule}}"): the outcome then depends on it by instruction.',
    },
    fixable: false,
    category: 'demographic',
  },
  // Its questions are about the whole document (does it decide about people, which attributes does it pass,
  // does it say it decides nothing, tell the model to ignore some, describe a youth or senior programme). Each
  // part is read only for whether it may make a decision or hold a decision rule (mayDecide, decisionRules: what
  // the whole document may have, part by part); only then is the whole document asked, at `finish`.
  start({ options: o, report, whole }) {
    const wanted = new Set<string>(o.categories);
    let decides = false;
    let hasRules = false;
    let parts = 0;
    /** A document of one part: what was found in it, not looked for again. */
    let only: { doc: PromptDocument; rules: DecisionRule[] } | undefined;
    return {
      part(doc) {
        parts++;
        if (!decides) decides = mayDecide(doc, decisionWordsOf(o), personWordsOf(o));
        const rules = decisionRules(doc, wanted);
        if (rules.length > 0) hasRules = true;
        only = parts === 1 ? { doc, rules } : undefined;
      },
      finish() {
        if (!decides && !hasRules) return;
        const doc = whole();
        if (decides) reportFields(doc, o, report);
        if (hasRules) reportRules(doc, o, report, only?.doc === doc ? only.rules : undefined);
      },
    };
  },
});

/** The decision words, with the user's. */
function decisionWordsOf(o: Options): WordSet {
  return o.decisionWords.length > 0 ? new WordSet([...DECISION_WORDS, ...o.decisionWords]) : decisionSet();
}

/** The person words, with the user's. */
function personWordsOf(o: Options): WordSet {
  return o.personWords.length > 0 ? new WordSet([...PERSON_WORDS, ...o.personWords]) : personSet();
}

type Options = z.infer<ReturnType<typeof options>>;

/**
 * Decision rules in the prose that condition the outcome on a protected attribute ("Prefer married couples
 * for the two-bedroom units", "SKIP customers over 65"; see `decisionRules`), reported only in a prompt
 * that makes a decision (step 1; the rule's object is the person of step 2). `decisionRules` looks only at
 * sentence-start tokens of texts with a person or group mention, so the decision is looked for only when
 * such a rule is there.
 */
function reportRules(doc: PromptDocument, o: Options, report: (r: Report) => void, found?: DecisionRule[]): void {
  const rules = found ?? decisionRules(doc, new Set<string>(o.categories));
  if (rules.length === 0) return;
  const decisions = decisionWordsOf(o);
  const persons = personWordsOf(o);
  let decision = decisionAboutPeople(doc, decisions, persons, false).decision;
  if (decision === undefined) return;
  const verbs = o.decisionWords.length > 0 ? new WordSet([...DECISION_VERBS, ...o.decisionWords]) : decisionVerbSet();
  if (declaresNoDecision(doc, verbs)) {
    decision = instructedDecision(doc, verbs, persons);
    if (decision === undefined) return;
  }
  // A clinical dose or triage decision rests on age, sex and pregnancy (as for fields, see `isClinicalDecision`).
  let clinical: boolean | undefined;
  for (const r of rules) {
    if ((r.category === 'age' || r.category === 'gender' || r.category === 'family-status') && (clinical ??= isClinicalDecision(doc))) continue;
    report({
      messageId: 'decisionRule',
      span: r.span,
      data: { decision, person: r.head, category: r.category, rule: r.rule, verb: r.verb, group: r.group, kind: 'rule' },
      messageData: { category: r.category.replace(/-/g, ' ') },
    });
  }
}

/**
 * The attributes the prompt passes as input (steps 1-4 of the doc). Called only for a document that may decide
 * (`mayDecide`, asked part by part by the rule's pass): one that decides nothing has no findings here, whatever its fields.
 */
function reportFields(doc: PromptDocument, o: Options, report: (r: Report) => void): void {
  const decisions = decisionWordsOf(o);
  const persons = personWordsOf(o);
  const allowed = allowSet(o.allow);
  const wanted = new Set<Category>(o.categories);
  // Cheap pre-checks: most files never mention any attribute word (and in plain text, not in a field label).
  // They decide whether fields and keys are looked for at all, also in a template with variables, whose
  // fields would otherwise be searched line by line through the whole document on every lint.
  const withFields = mayHaveFieldsOrKeys(doc) && ANY_ATTRIBUTE.test(doc.text);
  if (doc.variables.length === 0 && !withFields) return;
  const extraPersons = o.personWords.length > 0 ? new Set(o.personWords.map((w) => w.toLowerCase())) : undefined;
  // A qualified attribute is a person's only when the qualifier says so: "applicant_age", not "account_age".
  const fields = protectedFields(doc, withFields).filter((f) => {
    const a = attributeOf(f.field);
    return (
      a &&
      categoriesOf(a).some((c) => wanted.has(c)) &&
      !isAllowed(allowed, f.field) &&
      (a.qualifier === undefined || isPersonQualifier(a.qualifier) || extraPersons?.has(a.qualifier) === true) &&
      // A listed name with no qualifier of its own is its list's owner's: a person's record, not "Product fields:".
      (a.qualifier !== undefined || f.owner === undefined || isPersonOwner(f.owner, extraPersons))
    );
  });
  if (fields.length === 0) return;
  // One report per attribute ("gender" as a variable, a "Gender:" line and a front-matter key is one input):
  // at the template variable if there is one, else the field line, else the key; the other places go in data.
  // A field line or key whose value is a protected variable of one of its categories is one input with it
  // ("Year of birth: {{birth_year}}", "Applicant religion: {{faith}}"): their attributes are one.
  const sameInput = fieldsWithTheirVariables(fields);
  const byAttribute = new Map<string, Field[]>();
  for (const f of fields) {
    const words = sameInput(attributeOf(f.field)!.words);
    const list = byAttribute.get(words);
    if (list) list.push(f);
    else byAttribute.set(words, [f]);
  }
  // A gender given as masculine, feminine or neuter anywhere is the grammatical gender of words, not a person's.
  for (const [words, list] of byAttribute) if (list.some((f) => f.grammatical)) byAttribute.delete(words);
  if (byAttribute.size === 0) return;
  // The decision must be about people: a person word in the text, or as the qualifier of a field ("applicantGender").
  let person: string | undefined;
  if (o.requirePerson) {
    for (const f of fields) {
      const q = attributeOf(f.field)!.qualifier;
      if (q !== undefined && (PERSON_NOUN_SET.has(q) || extraPersons?.has(q) === true)) {
        person = q;
        break;
      }
    }
  }
  const found = decisionAboutPeople(doc, decisions, persons, o.requirePerson && person === undefined);
  if (found.decision === undefined || (o.requirePerson && person === undefined && found.person === undefined)) return;
  let decision = found.decision;
  // "You explain the insurance quote; do not recalculate or decide anything": the prompt says it makes no
  // decision, and a domain noun (insurance, premium, applicant) does not make it one. Only a decision it
  // still instructs does ("Do not decide the premium. Approve or deny the claim.").
  const verbs = o.decisionWords.length > 0 ? new WordSet([...DECISION_VERBS, ...o.decisionWords]) : decisionVerbSet();
  if (declaresNoDecision(doc, verbs)) {
    const instructed = instructedDecision(doc, verbs, persons);
    if (instructed === undefined) return;
    decision = instructed;
  }
  person ??= found.person;
  // A clinical dose or triage decision needs age and sex (a renal dose from the creatinine clearance, a
  // paediatric dose, a triage score): those two are not reported there; race, religion, pronouns, … still are.
  const clinical = fields.some((f) => isClinicalInput(attributeOf(f.field)!)) && isClinicalDecision(doc);
  // "Do not consider age, gender or religion", "ignore the gender field", "without regard to race, …": the
  // prompt tells the model not to use these attributes. The attribute is still passed, and such an instruction
  // lowers its effect without removing it (Tamkin et al. 2023): by default (`ignored: 'info'`) reported weakly.
  const ignored = o.ignored === 'report' ? undefined : ignoredCategories(doc);
  const rank = { variable: 0, field: 1, key: 2 } as const;
  for (const list of byAttribute.values()) {
    const sorted = [...list].sort((a, b) => rank[a.kind] - rank[b.kind] || a.span.start - b.span.start);
    const f = sorted[0]!;
    // A combined field ("Age/Sex") names each of its categories that is reported, first to last.
    const a = attributeOf(f.field)!;
    const passed = categoriesOf(a).filter((c) => wanted.has(c) && !(clinical && isClinicalInput(a) && CLINICAL_CATEGORIES.has(c)));
    // Categories the prompt does not tell the model to ignore; when it ignores them all, the ignored ones (see above).
    const used = passed.filter((c) => !ignored?.has(c));
    const toldToIgnore = used.length === 0 && passed.length > 0 && o.ignored === 'info';
    const categories = toldToIgnore ? passed : used;
    if (categories.length === 0) continue;
    report({
      messageId: (toldToIgnore ? 'ignoredAttribute' : 'attribute') + (categories.length > 1 ? 's' : ''),
      ...(toldToIgnore ? { strength: 'weak' as const } : {}),
      span: f.span,
      data: {
        decision,
        person,
        category: categories[0]!,
        ...(categories.length > 1 ? { categories, categoryList: listOf(categories) } : {}),
        field: f.field,
        kind: f.kind,
        occurrences: list.length,
        otherSpans: sorted.slice(1).map((o) => o.span),
        ...(toldToIgnore ? { toldToIgnore: true } : {}),
      },
      // The message names categories in words: "family status", not "family-status".
      messageData: {
        category: categories[0]!.replace(/-/g, ' '),
        ...(categories.length > 1 ? { categoryList: listOf(categories.map((c) => c.replace(/-/g, ' '))) } : {}),
      },
    });
  }
}

/**
 * The categories a clinical dose or triage decision needs (see `isClinicalDecision`): age and sex, and of
 * family status only pregnancy (see `clinicalCategories`).
 */
const CLINICAL_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['age', 'gender', 'family-status']);

/** Attribute words a clinical decision does not need: how a patient is addressed, their marital or maternity status. */
const NON_CLINICAL_ATTRIBUTE = /(?:^|_)(?:pronouns|gender_identity|marital_status|maternity|maternity_status|familial_status|family_status)(?:_|$)/;

/**
 * Whether an attribute is an input a clinical decision needs: of an age or gender category, or a pregnancy
 * (a teratogenic drug, an obstetric triage pathway), and not pronouns or a gender identity (a dose depends on
 * sex, not on how the patient is addressed), nor a marital, maternity or familial status.
 */
function isClinicalInput(a: Attribute): boolean {
  return categoriesOf(a).some((c) => CLINICAL_CATEGORIES.has(c)) && !NON_CLINICAL_ATTRIBUTE.test(a.words);
}

/** Words of a clinical decision that depends on age and sex: a dose, a prescription, renal function, a triage. */
const CLINICAL_DECISION_WORDS = [
  'dose', 'doses', 'dosage', 'dosages', 'dosing', 'prescribe', 'prescribes', 'prescribing', 'prescription', 'prescriptions',
  'creatinine', 'renal', 'egfr', 'crcl', 'paediatric', 'pediatric', 'triage',
];
/** People and words of a clinical setting, one of which must be there too ("a healthy dose of curiosity" is no dose). */
const CLINICAL_CONTEXT_WORDS = [
  'patient', 'patients', 'pharmacist', 'pharmacists', 'prescriber', 'prescribers', 'clinician', 'clinicians', 'physician',
  'physicians', 'doctor', 'doctors', 'nurse', 'nurses', 'ward', 'wards', 'symptom', 'symptoms', 'clinical',
];
/**
 * Words of decisions about people other than clinical ones (hiring, lending, housing, admissions, justice,
 * insurance): with any of them a prompt is no clinical decision, whatever clinical words it has.
 */
const NON_CLINICAL_WORDS = [
  'hire', 'hires', 'hiring', 'hired', 'shortlist', 'shortlisted', 'recruit', 'recruiting', 'recruitment', 'interview',
  'interviews', 'applicant', 'applicants', 'candidate', 'candidates', 'resume', 'resumes', 'r\u00e9sum\u00e9', 'cv', 'cvs',
  'employee', 'employees', 'promote', 'promotion', 'terminate', 'termination', 'loan', 'loans', 'credit', 'creditworthiness',
  'mortgage', 'mortgages', 'borrower', 'borrowers', 'underwriting', 'insurance', 'premium', 'premiums', 'tenant', 'tenants',
  'tenancy', 'renter', 'renters', 'admissions', 'scholarship', 'parole', 'bail', 'sentencing', 'probation', 'recidivism',
];
const clinicalDecisionSet = lazily(() => new WordSet(CLINICAL_DECISION_WORDS));
const clinicalContextSet = lazily(() => new WordSet(CLINICAL_CONTEXT_WORDS));
const nonClinicalSet = lazily(() => new WordSet(NON_CLINICAL_WORDS));

/**
 * Whether the prose makes a clinical decision that depends on age and sex: it has a word of a dose, a
 * prescription, renal function or a triage (CLINICAL_DECISION_WORDS) and a clinical person or setting (patient,
 * pharmacist, ward, symptoms, …), and no word of a decision about people of another kind (hire, loan, tenant,
 * admissions, insurance, …). Run only before a report.
 */
function isClinicalDecision(doc: PromptDocument): boolean {
  let decision = false;
  let context = false;
  for (const lex of documentLexicon(doc).prose) {
    const t = lex.scan();
    for (let i = 0; i < t.count; i++) {
      if (nonClinicalSet().has(t, i)) return false;
      if (clinicalDecisionSet().has(t, i)) decision = true;
      if (clinicalContextSet().has(t, i)) context = true;
    }
  }
  return decision && context;
}

/** Verbs that, negated, tell the model not to use what follows: "do not consider", "never use", "without considering". */
const USE_VERBS = [
  'consider', 'considering', 'use', 'using', 'factor', 'weigh', 'weight', 'base', 'basing', 'rely', 'take', 'taking', 'look',
  'let', 'allow', 'penalise', 'penalize', 'favour', 'favor', 'discriminate',
];
/** Verbs that, negated after the attributes, say they play no part: "race and gender must not influence the decision". */
const PART_VERBS = [
  'affect', 'influence', 'impact', 'count', 'matter', 'play', 'factor', 'enter', 'bias', 'sway', 'determine', 'drive', 'change',
  'used', 'considered', 'taken', 'weighed',
];
/** Words between a negation and such a verb: "do not ever consider", "must not be used", "are not a factor", "never in any way affect". */
const IGNORE_GAP_WORDS = ['do', 'does', 'ever', 'be', 'to', 'try', 'a', 'in', 'any', 'way', 'yourself'];
/** Verbs that tell the model to ignore what follows ("ignore the gender field"), unless negated ("don't ignore"). */
const IGNORE_VERBS = ['ignore', 'ignores', 'ignoring', 'disregard', 'disregards', 'disregarding'];
/** Words that refer back to the attributes the sentence named: "The gender and date_of_birth fields …: ignore them". */
const ANAPHORS = ['them', 'these', 'those', 'it', 'this', 'both', 'either', 'such', 'all'];
/**
 * Words that restrict an instruction to ignore, which then still uses the attribute: "do not use age alone", "do not
 * consider applicants whose age is over 60", "do not consider age except to …", "must not affect the score by more than".
 */
const RESTRICTION_WORDS = [
  'alone', 'solely', 'only', 'merely', 'purely', 'primarily', 'mainly', 'mostly', 'exclusively', 'sole', 'unless', 'except',
  'beyond', 'than', 'under', 'over', 'below', 'above', 'younger', 'older', 'minimum', 'maximum', 'least', 'heavily', 'much',
  'too', 'until', 'more', 'less', 'whose', 'anything',
];
/** Words that open a new clause after a comma ("Without considering the income, the age decides"): a list goes on with nouns. */
const CLAUSE_SUBJECTS = [
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'we', 'you', 'they', 'their', 'he', 'she', 'his', 'her',
  'i', 'our', 'your',
];
/** Words that end what an instruction to ignore is about: another clause follows ("ignore typos, but consider …"). */
const IGNORE_STOP_WORDS = [
  'but', 'however', 'who', 'which', 'that', 'if', 'when', 'whether', 'instead', 'while', 'whereas', 'where', 'because',
  'since', 'so', 'although', 'though', 'yet', 'as', 'rather',
];
/** Nouns after "protected" that name every protected attribute: "protected characteristics", "a protected class". */
const PROTECTED_NOUNS = [
  'characteristic', 'characteristics', 'attribute', 'attributes', 'class', 'classes', 'category', 'categories', 'ground',
  'grounds', 'trait', 'traits', 'status', 'group', 'groups',
];
/** Words naming a category in prose (see `categoryWordAt`; "birth", "origin", "status" and "orientation" need their neighbours). */
const CATEGORY_WORDS: ReadonlyMap<string, Category> = new Map<string, Category>([
  ...(['race', 'races', 'racial', 'ethnicity', 'ethnicities', 'ethnic', 'color', 'colour'] as const).map((w) => [w, 'race'] as [string, Category]),
  ...(['religion', 'religions', 'religious', 'faith', 'creed'] as const).map((w) => [w, 'religion'] as [string, Category]),
  ...(['gender', 'genders', 'sex', 'pronouns'] as const).map((w) => [w, 'gender'] as [string, Category]),
  ...(['age', 'ages', 'dob', 'birthdate', 'birthday'] as const).map((w) => [w, 'age'] as [string, Category]),
  ...(['disability', 'disabilities', 'disabled', 'handicap'] as const).map((w) => [w, 'disability'] as [string, Category]),
  ...(['nationality', 'nationalities', 'citizenship', 'immigration', 'birthplace'] as const).map((w) => [w, 'nationality'] as [string, Category]),
  ...(['sexuality', 'orientation'] as const).map((w) => [w, 'sexual-orientation'] as [string, Category]),
  ...(['marital', 'familial', 'pregnancy', 'pregnant', 'maternity'] as const).map((w) => [w, 'family-status'] as [string, Category]),
]);
const useVerbSet = lazily(() => new WordSet(USE_VERBS));
const partVerbSet = lazily(() => new WordSet(PART_VERBS));
const ignoreGapSet = lazily(() => new WordSet(IGNORE_GAP_WORDS));
const ignoreVerbSet = lazily(() => new WordSet(IGNORE_VERBS));
const anaphorSet = lazily(() => new WordSet(ANAPHORS));
const restrictionSet = lazily(() => new WordSet(RESTRICTION_WORDS));
const ignoreStopSet = lazily(() => new WordSet(IGNORE_STOP_WORDS));
const protectedNounSet = lazily(() => new WordSet(PROTECTED_NOUNS));
const clauseSubjectSet = lazily(() => new WordSet(CLAUSE_SUBJECTS));
/**
 * Verbs of another instruction in the clause: after them no more categories are taken ("Ignore typos and
 * consider the nationality", "Never rely on the photo, and do not ignore age"), unless only verbs and
 * conjunctions came before them ("do not use or consider age").
 */
const INSTRUCTION_STOP_VERBS = [
  ...USE_VERBS, ...IGNORE_VERBS, 'prefer', 'prioritise', 'prioritize', 'include', 'check', 'verify', 'give', 'reward', 'mention', 'infer', 'guess',
];
const instructionStopSet = lazily(() => new WordSet(INSTRUCTION_STOP_VERBS));

/** Every category: what "protected characteristics" and "demographics" name. */
const ALL = 'all';

/**
 * The category a prose word names, ALL for "demographic(s)" and "protected" + characteristic(s)/attribute(s)/class/…,
 * or undefined. "birth" is age in "date/year of birth" and "birth date/year", nationality in "place/country of
 * birth"; "origin" is race after "ethnic", else nationality ("national origin", "country of origin"); "status" is
 * family status after "family"; "orientation" counts after "sexual" or alone.
 */
function categoryWordAt(t: Tokens, i: number): Category | typeof ALL | undefined {
  const w = tokenLower(t, i);
  if (w === 'demographic' || w === 'demographics') return ALL;
  if (w === 'protected') return i + 1 < t.count && protectedNounSet().has(t, i + 1) ? ALL : undefined;
  if (w === 'birth') {
    const prev = i >= 2 && tokenLower(t, i - 1) === 'of' ? tokenLower(t, i - 2) : '';
    const next = i + 1 < t.count ? tokenLower(t, i + 1) : '';
    if (prev === 'date' || prev === 'year' || next === 'date' || next === 'year') return 'age';
    if (prev === 'place' || prev === 'country' || next === 'place' || next === 'country') return 'nationality';
    return undefined;
  }
  if (w === 'origin') return i > 0 && tokenLower(t, i - 1) === 'ethnic' ? 'race' : 'nationality';
  if (w === 'status') return i > 0 && tokenLower(t, i - 1) === 'family' ? 'family-status' : undefined;
  return CATEGORY_WORDS.get(w);
}

/** The text between token k - 1 and token k. */
function gapBefore(t: Tokens, k: number): string {
  return t.text.slice(t.end[k - 1]!, t.start[k]!);
}

/** A gap that ends a sentence or clause for what an instruction to ignore is about (also a line break). */
const CLAUSE_BREAK = /[.!?;\n\r]/;
/** A gap that ends a sentence (not a colon or semicolon, across which "them" still refers back). */
const SENTENCE_BREAK = /[.!?\n\r]/;
/** A gap that ends the clause whose subject a verb of taking part has: also a colon or semicolon. */
const PART_BREAK = /[.!?:;\n\r]/;
/** A colon at a line's end, then a list item: "Do not consider any of the following:\n- age". */
const LIST_OPENS = /^[ \t]*:[ \t]*\r?\n[ \t]*(?:[-*+\u2022]|\d+[.)])[ \t]+$/;
/** From one list item to the next. */
const LIST_GOES_ON = /^[ \t]*[.,;]?[ \t]*\r?\n[ \t]*(?:[-*+\u2022]|\d+[.)])[ \t]+$/;

/**
 * The categories the prose tells the model not to use, or ALL's every category:
 * - after a negated verb of use ("do not consider the applicant's age, gender or religion", "never use",
 *   "without considering"), "ignore"/"disregard" not negated ("ignore the gender field", but not "don't ignore
 *   the driver's age"), "regardless of", "irrespective of" or "without regard to" (an equal opportunity
 *   statement), the category words up to the end of the clause (".", ";", a line break, or a word that opens
 *   another clause: but, which, that, if, when, …), or in the list a colon at the line's end opens ("Do not
 *   consider any of the following:" then "- age" lines); with "them", "these", "it", … right after the verb,
 *   also the category words before it in its sentence ("The gender and date_of_birth fields are collected for
 *   monitoring: ignore them");
 * - before a negated verb of taking part ("race, gender, age, and other demographic characteristics do not
 *   influence this decision", "must never affect the outcome", "are not used"), the category words from the
 *   sentence's start.
 * An instruction with a word that restricts it ("do not use age alone", "except", "unless", "over 60", "more
 * than", "whose age") is not one to ignore: the attribute is still used. Run only before a report.
 */
function ignoredCategories(doc: PromptDocument): Set<Category | typeof ALL> {
  const out = new Set<Category | typeof ALL>();
  const negation = (t: Tokens, k: number) => negationSet().has(t, k) || isNegation(t, k);
  for (const lex of documentLexicon(doc).prose) {
    if (!/ignor|disregard|regardless|irrespective|regard|\bnot\b|never|without|n['\u2019]t/i.test(lex.text)) continue;
    const t = lex.scan();
    for (let i = 0; i < t.count; i++) {
      // Where the words the instruction is about start after it (-1: none), and whether they are before it.
      let forward = -1;
      let backward = false;
      if (ignoreVerbSet().has(t, i)) {
        // "ignore the gender field", not "don't ignore" / "never ignore" / "do not ever ignore".
        if (!(i > 0 && t.joined[i] && (negation(t, i - 1) || (i > 1 && t.joined[i - 1] && negation(t, i - 2))))) forward = i + 1;
      } else if ((tokenEquals(t, i, 'regardless') || tokenEquals(t, i, 'irrespective')) && i + 1 < t.count && tokenEquals(t, i + 1, 'of')) {
        forward = i + 2;
      } else if (
        tokenEquals(t, i, 'regard') &&
        i > 0 &&
        t.joined[i] &&
        tokenEquals(t, i - 1, 'without') &&
        i + 1 < t.count &&
        (tokenEquals(t, i + 1, 'to') || tokenEquals(t, i + 1, 'for'))
      ) {
        forward = i + 2;
      } else if ((useVerbSet().has(t, i) || partVerbSet().has(t, i)) && negatedWithin(t, i, negation)) {
        if (useVerbSet().has(t, i)) forward = i + 1;
        // "Age is not a factor", "race and gender must not influence the decision".
        if (partVerbSet().has(t, i)) backward = true;
      }
      if (forward < 0 && !backward) continue;
      const found: (Category | typeof ALL)[] = [];
      let restricted = false;
      // "ignore them", "do not consider these": the words before it in its sentence, across colons and semicolons.
      const anaphor = forward >= 0 && forward < t.count && t.joined[forward] === 1 && anaphorSet().has(t, forward);
      if (forward >= 0) {
        let list = false;
        // After a word that opens another clause no more categories are taken, but a restriction up to the clause's
        // end still counts ("Never use race as the only factor", "for anything but verifying …").
        let open = true;
        let verbsOnly = true;
        for (let k = forward; k < t.count && k < forward + 60; k++) {
          const gap = gapBefore(t, k);
          if (CLAUSE_BREAK.test(gap)) {
            if (!open || (list ? !LIST_GOES_ON.test(gap) : !LIST_OPENS.test(gap))) break;
            list = true;
          }
          if (restrictionSet().has(t, k)) {
            restricted = true;
            break;
          }
          if (ignoreStopSet().has(t, k) || (gap.indexOf(',') >= 0 && clauseSubjectSet().has(t, k))) open = false;
          const verb = instructionStopSet().has(t, k);
          if (!verbsOnly && (verb || negation(t, k))) open = false;
          if (!verb && !listJoinerSet().has(t, k)) verbsOnly = false;
          const c = open ? categoryWordAt(t, k) : undefined;
          if (c) found.push(c);
        }
      }
      if (backward || anaphor) {
        // Back to the sentence's start, or for a verb of taking part the clause's (not across a colon or semicolon),
        // or a word that opens a clause ("Consider age, but nationality must not affect …").
        const stop = anaphor ? SENTENCE_BREAK : PART_BREAK;
        for (let k = i - 1; k >= 0 && k > i - 60 && !stop.test(gapBefore(t, k + 1)); k--) {
          if (ignoreStopSet().has(t, k)) break;
          if (!anaphor && restrictionSet().has(t, k)) restricted = true;
          const c = categoryWordAt(t, k);
          if (c) found.push(c);
        }
        // With a verb of taking part, a restriction after it in its sentence counts too ("… by more than one point").
        if (!anaphor) {
          for (let k = i + 1; k < t.count && !SENTENCE_BREAK.test(gapBefore(t, k)); k++) {
            if (restrictionSet().has(t, k)) {
              restricted = true;
              break;
            }
          }
        }
      }
      if (!restricted) for (const c of found) out.add(c);
    }
  }
  if (out.has(ALL)) for (const c of CATEGORIES) out.add(c);
  return out;
}

/** Whether verb i has a negation before it in its run of words, with only IGNORE_GAP_WORDS between ("do not ever consider", "must not be used"). */
function negatedWithin(t: Tokens, i: number, negation: (t: Tokens, k: number) => boolean): boolean {
  let k = i;
  for (let gap = 0; gap <= 3 && t.joined[k] && k > 0; gap++) {
    k--;
    if (negation(t, k)) return true;
    if (!ignoreGapSet().has(t, k)) return false;
  }
  return false;
}

/**
 * Joins the attribute of each field line or key with that of the first protected variable in its value
 * (on its line, after the name) when they share a category; returns the attribute words standing for
 * each (the words themselves when nothing was joined).
 */
function fieldsWithTheirVariables(fields: Field[]): (words: string) => string {
  const parent = new Map<string, string>();
  const find = (w: string): string => {
    for (let p = parent.get(w); p !== undefined; p = parent.get(w)) w = p;
    return w;
  };
  const variables = fields.filter((f) => f.kind === 'variable');
  if (variables.length > 0) {
    for (const f of fields) {
      if (f.valueEnd === undefined) continue;
      let own: Field | undefined;
      for (const v of variables) if (v.span.start >= f.span.end && v.span.start < f.valueEnd && (!own || v.span.start < own.span.start)) own = v;
      if (!own) continue;
      const a = attributeOf(f.field)!;
      const b = attributeOf(own.field)!;
      if (!categoriesOf(a).some((c) => categoriesOf(b).includes(c))) continue;
      const [x, y] = [find(a.words), find(b.words)];
      if (x !== y) parent.set(x, y);
    }
  }
  return find;
}

/** "age and gender", "age, gender and race". */
function listOf(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Variables, and with `withFields` field lines and keys, whose name is a protected attribute
 * (see `attributeOf`). Without `withFields` (`mayHaveFieldsOrKeys` or ANY_ATTRIBUTE found
 * nothing) there are no such field lines or keys to find.
 */
function protectedFields(doc: PromptDocument, withFields: boolean): Field[] {
  const out: Field[] = [];
  // Source code in a fenced block of a programming language (```ts, ```python) is shown, not filled in: its
  // "age: number;" lines and its f-string or template-literal placeholders ({age}, ${gender}) are no inputs.
  // A {{mustache}} variable there still is: the template engine fills it in wherever it stands.
  const code: Span[] = [];
  const codeIn = new Map<number, [number, number][]>();
  // Per segment, FENCE_MARK and FIELD_MARK when it holds such characters (see `fieldMarksOf`), found once per
  // distinct text: a dataset repeats its system prompt and labels in every record.
  const lexicon = documentLexicon(doc);
  // By analysis `id`: the marks + 1, 0 when not found yet.
  const marksByText = new Uint8Array(lexicon.size);
  const marks = new Uint8Array(doc.prose.length);
  for (let s = 0; s < doc.prose.length; s++) {
    const seg = doc.prose[s]!;
    const id = lexicon.prose[s]!.id;
    let m = marksByText[id]! - 1;
    if (m < 0) marksByText[id] = (m = fieldMarksOf(seg.text)) + 1;
    marks[s] = m;
    if (!(m & FENCE_MARK)) continue;
    const blocks = codeBlockRanges(seg.text);
    if (blocks.length === 0) continue;
    codeIn.set(s, blocks);
    for (const [a, b] of blocks) code.push(seg.sourceSpan(a, b));
  }
  const inCode = (span: Span) => code.some((c) => c.start <= span.start && span.end <= c.end);
  for (const v of doc.variables) {
    if (!attributeOf(v.name)) continue;
    if ((v.syntax === 'format' || v.syntax === 'dollar') && code.length > 0 && inCode(v.span)) continue;
    out.push({ field: v.name, span: v.nameSpan, kind: 'variable' });
  }
  if (!withFields) return out;
  for (let s = 0; s < doc.prose.length; s++) {
    // No table, list or field line: most strings of a chat dataset.
    if (!(marks[s]! & FIELD_MARK)) continue;
    const seg = doc.prose[s]!;
    const blocks = codeIn.get(s);
    // A markdown table's header cells and first-column cells are fields too.
    if (seg.text.indexOf('|') >= 0) {
      tableFields(seg.text, (label, at, grammatical, rowEnd) =>
        out.push({ field: label, span: seg.sourceSpan(at, at + label.length), kind: 'field', grammatical, valueEnd: rowEnd === undefined ? undefined : seg.sourceSpan(rowEnd, rowEnd).end }),
      );
    }
    // Names listed as a record's fields in an agent or tool prompt ("get_application(id) -> {name, age, …}",
    // "Customer record fields: age, gender, …"), outside code.
    // A list needs a colon after its label, an arrow ("->", "=>", "\u2192") or a bracket: most strings of a chat dataset have none.
    const colon = seg.text.indexOf(':');
    if (colon >= 0 || seg.text.indexOf('(') >= 0 || seg.text.indexOf('{') >= 0 || seg.text.indexOf('>') >= 0 || seg.text.indexOf('\u2192') >= 0) {
      listFields(seg.text, (name, at, owner) => {
        if (blocks !== undefined && blocks.some(([a, b]) => a <= at && at < b)) return;
        out.push({ field: name, span: seg.sourceSpan(at, at + name.length), kind: 'field', ...(owner !== undefined ? { owner } : {}) });
      });
    }
    // A field line needs a colon: most segments of a dataset have none.
    if (colon < 0) continue;
    // The segment's attribute field lines, with what their values say; a run of them on adjacent lines
    // that mostly gives instructions is a list of topics, not a record (see `passesNoValue`).
    const lines: { field: Field; lineStart: number; lineEnd: number; guidance: boolean }[] = [];
    FIELD_LINE.lastIndex = 0;
    for (let m = FIELD_LINE.exec(seg.text); m; m = FIELD_LINE.exec(seg.text)) {
      const label = m[1]!.trim();
      if (label.split(/\s+/).length > 4 || !attributeOf(label)) continue;
      const at = m.index + m[0].indexOf(m[1]!);
      if (blocks !== undefined && blocks.some(([a, b]) => a <= at && at < b)) continue;
      const valueStart = m.index + m[0].length;
      const lineEnd = lineEndFrom(seg.text, valueStart);
      const value = seg.text.slice(valueStart, lineEnd);
      if (isRedacted(value)) continue;
      lines.push({
        field: {
          field: label,
          span: seg.sourceSpan(at, at + label.length),
          kind: 'field',
          grammatical: grammaticalGenderAt(label, seg.text, valueStart),
          valueEnd: seg.sourceSpan(lineEnd, lineEnd).end,
        },
        lineStart: m.index,
        lineEnd,
        guidance: isGuidance(value),
      });
    }
    for (let r = 0; r < lines.length; ) {
      let e = r + 1;
      while (e < lines.length && adjacentLines(seg.text, lines[e - 1]!.lineEnd, lines[e]!.lineStart)) e++;
      let guidance = 0;
      for (let k = r; k < e; k++) if (lines[k]!.guidance) guidance++;
      if (guidance * 2 <= e - r) for (let k = r; k < e; k++) if (!lines[k]!.guidance) out.push(lines[k]!.field);
      r = e;
    }
  }
  if (isCsv(doc)) {
    for (const c of csvHeader(doc.text)) if (attributeOf(c.name)) out.push({ field: c.name, span: { start: c.start, end: c.start + c.name.length }, kind: 'key' });
  }
  if (doc.format === 'json' || doc.format === 'jsonl') {
    forEachJsonKey(doc.text, (key, start) => {
      const valueAt = start + key.length + 1;
      if (redactedValueAt(doc.text, valueAt)) return;
      out.push({ field: key, span: { start, end: start + key.length }, kind: 'key', grammatical: grammaticalGenderAt(key, doc.text, valueAt) });
    }, keylessRanges(doc));
  } else if (doc.format === 'yaml' || doc.format === 'prompty') {
    const body = doc.format === 'prompty' ? (doc.frontMatter?.span ?? { start: 0, end: 0 }) : { start: 0, end: doc.text.length };
    const text = doc.text.slice(body.start, body.end);
    YAML_KEY.lastIndex = 0;
    for (let m = YAML_KEY.exec(text); m; m = YAML_KEY.exec(text)) {
      if (!attributeOf(m[1]!)) continue;
      const at = body.start + m.index + m[0].indexOf(m[1]!);
      const valueAt = body.start + m.index + m[0].length;
      if (redactedValueAt(doc.text, valueAt)) continue;
      out.push({ field: m[1]!, span: { start: at, end: at + m[1]!.length }, kind: 'key', grammatical: grammaticalGenderAt(m[1]!, doc.text, valueAt), valueEnd: lineEndFrom(doc.text, valueAt) });
    }
  }
  return out;
}

/** `fieldMarksOf`: the text may hold a fenced code block (it has "```" or "~~~"). */
const FENCE_MARK = 1;
/** `fieldMarksOf`: the text has "|", ":", "(", "{", ">" or "\u2192", one of which a table, a field list or a field line needs. */
const FIELD_MARK = 2;

/**
 * FENCE_MARK and FIELD_MARK for `text`, what `protectedFields` looks for in a segment before it reads it further.
 * Made once per distinct text (a dataset repeats its system prompt and labels in every record).
 * 1 MiB JSONL bench corpus, protected-attribute-in-decision phase, CPU-time minimum of 30 rounds
 * (alternating A/B processes): ~0.96 -> ~0.75 ms. (A loop over the characters testing a table was slower than
 * these `indexOf`s: ~1.6 ms.)
 */
function fieldMarksOf(text: string): number {
  let marks = 0;
  if (text.indexOf('```') >= 0 || text.indexOf('~~~') >= 0) marks |= FENCE_MARK;
  if (text.indexOf(':') >= 0 || text.indexOf('|') >= 0 || text.indexOf('(') >= 0 || text.indexOf('{') >= 0 || text.indexOf('>') >= 0 || text.indexOf('\u2192') >= 0) marks |= FIELD_MARK;
  return marks;
}

/**
 * A value that was redacted, so the field passes nothing: "[REDACTED]", "<redacted>", "(withheld)", "[removed
 * upstream]", or a bare "REDACTED" or "withheld", in quotes, backticks or emphasis or not. A bare "hidden" or
 * "removed" is a value ("Disability: hidden"); in brackets it is a redaction.
 */
const REDACTED =
  /^[\s"'`*_]*(?:[[<({][\s*_]*(?:redacted|removed|withheld|masked|hidden|omitted|suppressed)\b[^\]>)}\n]{0,40}[\]>)}]|redacted|withheld)[\s"'`*_.,]*$/i;

function isRedacted(value: string): boolean {
  return REDACTED.test(value);
}

/** Whether the JSON or YAML value after a key (from `i`, past quotes, blanks and the colon) is redacted (see `isRedacted`). */
function redactedValueAt(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 58 && c !== 34 && c !== 39) break;
  }
  let j = i;
  while (j < text.length && j - i < 60) {
    const c = text.charCodeAt(j);
    if (c === 34 || c === 10 || c === 13 || c === 44 || c === 125) break;
    j++;
  }
  return j > i && isRedacted(text.slice(i, j));
}

/** Verbs of an instruction about an attribute after a negation: "do not ask", "never use", "must not adjust for". */
const INSTRUCTION_VERBS =
  'ask|use|consider|mention|include|record|infer|guess|request|require|collect|raise|discuss|comment|assume|adjust|factor|weigh|' +
  'let|penali[sz]e|count|store|probe|speculate|reference|judge|base|treat|take|look|refer|enquire|inquire|question';
/** A negated instruction anywhere in the value: "do not ask for date of birth", "…; do not adjust for them again". */
const NEGATED_INSTRUCTION = new RegExp(
  `(?:\\b(?:do|does|must|should|may|can|will)\\s*not|\\b(?:do|does|must|should|ca|wo)n['\u2019]t|\\bnever|\\bno need to)\\s+(?:ever\\s+)?(?:${INSTRUCTION_VERBS})\\b`,
  'i',
);
/** An imperative opening the value: "ask only whether …", "avoid questions about …", "flag any mention". */
const IMPERATIVE_START = /^[\s"'`*_]*(?:ask|avoid|flag|remove|replace|redact|exclude|ignore|disregard|omit|mask|check|look|watch|treat|refer)\b/i;
/** "never" on its own, a rule rather than a value ("Race: never, in any form"; "Never married" is a value). */
const NEVER_ALONE = /^[\s*_]*never[\s*_]*(?:[,.;:!]|$)/i;
/** Quoted phrases (double or curly quotes), and words that introduce examples ("such as", "e.g.", "instead"). */
const QUOTED_PHRASE = /["\u201c]([^"\u201c\u201d\n]{1,80})["\u201d]/g;
const EXAMPLE_MARKER = /\b(?:such as|e\.g\.|i\.e\.|for example|for instance|instead|rather than)/i;

/**
 * Whether a field line's value gives guidance about the attribute instead of a person's value: a negated
 * instruction ("do not ask for date of birth", "never use it"), an imperative at its start ("ask only
 * whether …", "avoid …"), "never" alone, or examples of wording: two or more quoted phrases, one of them of
 * two words or more ('"recent graduates", "digital natives"'), or a quoted phrase with an example marker
 * ('gendered job titles such as "salesman"'). "Never married", "Prefer not to say", "Do not wish to
 * disclose", '"Irish"' and "Uses a wheelchair" are values.
 */
function isGuidance(value: string): boolean {
  if (NEGATED_INSTRUCTION.test(value) || IMPERATIVE_START.test(value) || NEVER_ALONE.test(value)) return true;
  let quotes = 0;
  let longQuote = false;
  QUOTED_PHRASE.lastIndex = 0;
  for (let m = QUOTED_PHRASE.exec(value); m; m = QUOTED_PHRASE.exec(value)) {
    quotes++;
    if (/\S\s+\S/.test(m[1]!)) longQuote = true;
  }
  return (quotes >= 2 && longQuote) || (quotes >= 1 && EXAMPLE_MARKER.test(value));
}

/** Whether a line starting at `next` directly follows the line ending at `end` (one line break between). */
function adjacentLines(text: string, end: number, next: number): boolean {
  const gap = text.slice(end, next);
  return gap === '\n' || gap === '\r\n' || gap === '\r';
}

/** A comma-separated table (a `.csv` file, read as text): its header's columns are its keys. */
function isCsv(doc: PromptDocument): boolean {
  return doc.format === 'text' && /\.csv$/i.test(doc.uri);
}

/**
 * The columns of a CSV text's header (its first line): each name, unquoted and trimmed, and where it
 * starts. None unless the next line has as many cells (a table, not a line of prose with commas).
 * The lines are split as the text parser splits MMLU rows (`csvCells`).
 */
export function csvHeader(text: string): { name: string; start: number }[] {
  const headerEnd = lineEndFrom(text, 0);
  const columns = csvCells(text.slice(0, headerEnd), 0);
  if (!columns || columns.length < 2) return [];
  const next = headerEnd + (text.charCodeAt(headerEnd) === 13 && text.charCodeAt(headerEnd + 1) === 10 ? 2 : 1);
  if (next >= text.length) return [];
  const row = csvCells(text.slice(next, lineEndFrom(text, next)), next);
  if (!row || row.length !== columns.length) return [];
  return columns.map((c) => ({ name: c.value.trim(), start: c.start + c.value.length - c.value.trimStart().length }));
}

/**
 * Whether `field` names a gender and its value, in `text` from `i` on (past blanks, a colon and
 * quotes), is a grammatical gender: "Gender: masculine", `"gender": "neuter"`.
 */
function grammaticalGenderAt(field: string, text: string, i: number): boolean {
  const a = attributeOf(field);
  if (!a || !categoriesOf(a).includes('gender')) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 58 && c !== 34 && c !== 39) break;
  }
  let j = i;
  while (j < text.length && j - i < 10) {
    const c = text.charCodeAt(j) | 32;
    if (c < 97 || c > 122) break;
    j++;
  }
  return j - i >= 6 && GRAMMATICAL_GENDERS.has(text.slice(i, j).toLowerCase());
}

/**
 * The first decision word of the prose (used as one, see `usedAsDecision`) and, when `needPerson`,
 * the first person word (PERSON_WORDS and the `personWords` option) at another place: the decision is
 * about people. A word of both lists (loan, applicant, hire) is one or the other, not both: "Tom is
 * paying off a car loan." alone is no decision about people; "Approve the loan." and "Loan request:
 * approve or deny" are. Stops as soon as it has what it needs.
 */
function decisionAboutPeople(doc: PromptDocument, decisions: WordSet, persons: WordSet, needPerson: boolean): { decision?: string; person?: string } {
  let decision: string | undefined;
  let person: string | undefined;
  // The person is the very word that is the decision: another decision word, or another person word, is still needed.
  let same = false;
  for (const lex of documentLexicon(doc).prose) {
    const t = lex.scan();
    for (let i = 0; i < t.count; i++) {
      const len = t.end[i]! - t.start[i]!;
      if (len < 2 || len > 16) continue;
      const isPerson = needPerson && persons.has(t, i);
      // Once the decision and a person at different places are found, nothing else is looked at.
      let decisionHere = false;
      if ((decision === undefined || same) && decisions.has(t, i) && usedAsDecision(t, i, persons) && !choosesATool(t, i)) {
        // A second decision word while the person is the first one's word: that word is the person ("Loan request: approve").
        if (decision !== undefined) same = false;
        decision = tokenLower(t, i);
        decisionHere = true;
      }
      if (isPerson && (person === undefined || (same && !decisionHere))) {
        person = tokenLower(t, i);
        same = decisionHere;
      }
      if (decision !== undefined && (!needPerson || (person !== undefined && !same))) return { decision, person };
    }
  }
  return { decision, person: same ? undefined : person };
}

/**
 * False when the prose certainly has no decision word used as one, so that `decisionAboutPeople` finds no
 * decision (with or without `needPerson`: either takes the first such word as the decision): `reportFields`
 * then reports nothing, and does not look for fields. Reads only the tokens texts keep (those with mentions,
 * found by the demographic rules before this one), with `WordSet.nextIn`; a text that kept none would have to
 * be tokenised again, so true (may decide) then, and the fields are looked for first, as before. This rule's
 * phase, CPU-time minimum of 30 rounds, A/B processes alternating: 1 MiB bench text (no decision word in its one
 * prose text) ~0.76 -> ~0.37 ms (the field search, `mayHaveFieldsOrKeys` first, cost ~0.6 ms; this pass ~0.25);
 * 1 MiB JSONL unchanged (~0.9 ms: "Classify the customer message" in its first text is a decision about people).
 */
function mayDecide(doc: PromptDocument, decisions: WordSet, persons: WordSet): boolean {
  for (const lex of documentLexicon(doc).prose) {
    const t = lex.keptTokens;
    if (t === undefined) return true;
    for (let i = decisions.nextIn(t, 0); i >= 0; i = decisions.nextIn(t, i + 1)) {
      const len = t.end[i]! - t.start[i]!;
      if (len >= 2 && len <= 16 && usedAsDecision(t, i, persons) && !choosesATool(t, i)) return true;
    }
  }
  return false;
}

/**
 * Whether the prose says no decision is made: a negated "decide" or "decision" (see `isNegated`: "do not
 * decide", "do not recalculate or decide anything", "don't make a decision", "you do not decide", "without
 * deciding", "make no decision"), or a negated list of two or more decision verbs of `verbs` ("do not
 * approve or deny", "this step must not assess, score or approve the customer": neither outcome is the
 * prompt's to give), that is not restricted by a manner word after it in its clause ("do not decide based
 * on age", "do not decide until …", "never approve or deny a loan without proof of income": a decision is
 * still made). One negated verb alone is a rule of the decision ("Do not approve applicants under 18").
 * Run only before a report.
 */
function declaresNoDecision(doc: PromptDocument, verbs: WordSet): boolean {
  const forms = decideFormSet();
  for (const lex of documentLexicon(doc).prose) {
    // A text with no "decid" or "decis" holds no form of decide or decision, and one with no negation no negated
    // list: no tokens to go through (a text that kept none would be tokenised again here, on every lint of a file
    // that is about to be reported).
    const decide = DECIDE_STEM.test(lex.text);
    if (!decide && !NEGATION_TEXT.test(lex.text)) continue;
    const t = lex.scan();
    for (let i = 0; i < t.count; i++) {
      if (decide && forms.has(t, i)) {
        if (!isNegated(t, i)) continue;
      } else {
        // The last verb of a negated list of decision verbs: "not approve or deny", "not assess, score or approve".
        if (!verbs.has(t, i)) continue;
        const first = negatedFrom(t, i);
        if (first < 0 || first === i) continue;
        let count = 0;
        for (let k = first; k <= i; k++) if (verbs.has(t, k)) count++;
        if (count < 2) continue;
      }
      let manner = false;
      for (let j = i + 1; j < t.count && j <= i + 8 && t.joined[j]; j++) {
        if (mannerSet().has(t, j)) {
          manner = true;
          break;
        }
      }
      if (!manner) return true;
    }
  }
  return false;
}

/**
 * The first decision verb of `verbs` (DECISION_VERBS and the `decisionWords` option) the prose instructs:
 * used as a decision (`usedAsDecision`) and not negated ("do not approve or deny" instructs neither).
 */
function instructedDecision(doc: PromptDocument, verbs: WordSet, persons: WordSet): string | undefined {
  for (const lex of documentLexicon(doc).prose) {
    const t = lex.scan();
    for (let i = 0; i < t.count; i++) {
      if (verbs.has(t, i) && usedAsDecision(t, i, persons) && !isNegated(t, i) && !choosesATool(t, i)) return tokenLower(t, i);
    }
  }
  return undefined;
}

/**
 * Whether word i is negated in its run of words (no full stop or line break between): a negation
 * (NEGATIONS, "n't") right before it, or before it with only NEGATED_GAP_WORDS between ("don't make a
 * decision", "without making any final decisions"), or before a list of single words that ends with it,
 * joined by "or"/"nor"/"and" or commas ("do not recalculate or decide", "never approve or deny", "must not
 * assess, score or approve", "not rank, rate, or score"). See `negatedFrom`.
 */
function isNegated(t: Tokens, i: number): boolean {
  return negatedFrom(t, i) >= 0;
}

/**
 * When word i is negated (see `isNegated`), the first word the negation governs: i itself after a
 * negation and gap words, or the list's first item ("assess" in "must not assess, score or approve");
 * else -1. A list has at most five items.
 */
function negatedFrom(t: Tokens, i: number): number {
  const negation = (k: number) => negationSet().has(t, k) || isNegation(t, k);
  // "<negation> <verb>[, <verb>]… or <decision word>" (first, so that "don't shortlist nor reject" is one list).
  for (let j = i, items = 0; items < 4; items++) {
    const p = listItemBefore(t, j);
    if (p < 1) break;
    // Across a comma the item must be a verb of judging: "if it is not verified, approve or deny" is no list.
    if (!(t.joined[j] && t.joined[j - 1]) && !decisionVerbSet().has(t, p) && !judgingVerbSet().has(t, p)) break;
    if (t.joined[p] && negation(p - 1)) return p;
    j = p;
  }
  let k = i;
  for (let gap = 0; gap <= 3 && t.joined[k] && k > 0; gap++) {
    k--;
    if (negation(k)) return i;
    if (!negatedGapSet().has(t, k)) break;
  }
  return -1;
}

/**
 * Verbs of judging besides DECISION_VERBS that may be items of a negated list across commas: "must not
 * assess, score or approve", "do not evaluate, rank or decide".
 */
const JUDGING_VERBS = ['assess', 'evaluate', 'judge', 'review', 'recommend', 'calculate', 'recalculate', 'predict', 'weigh', 'verify', 'decide'];
const judgingVerbSet = lazily(() => new WordSet(JUDGING_VERBS));

/** Conjunctions that join the items of a negated list of verbs. */
const LIST_JOINERS = ['or', 'nor', 'and'];
const listJoinerSet = lazily(() => new WordSet(LIST_JOINERS));

/**
 * The one-word list item before item j: across "or"/"nor"/"and" ("approve or deny"), a comma ("assess,
 * score") or both (", or"); else -1.
 */
function listItemBefore(t: Tokens, j: number): number {
  if (j < 2) return j === 1 && !t.joined[1] && commaBetween(t, 1) ? 0 : -1;
  if (t.joined[j] && listJoinerSet().has(t, j - 1)) return t.joined[j - 1] || commaBetween(t, j - 1) ? j - 2 : -1;
  return !t.joined[j] && commaBetween(t, j) ? j - 1 : -1;
}

/** Whether token k follows token k - 1 across one comma and blanks (spaces or tabs) only. */
function commaBetween(t: Tokens, k: number): boolean {
  let comma = false;
  for (let c = t.end[k - 1]!; c < t.start[k]!; c++) {
    const code = t.text.charCodeAt(c);
    if (code === 44 && !comma) comma = true;
    else if (code !== 32 && code !== 9) return false;
  }
  return comma;
}

/**
 * What an agent prompt selects or decides that is no person: a tool, function, action, step, intent, route, query, …
 * ("Select the right tool for each question", "Decide which API to call", "decide the next action").
 */
const TOOL_OBJECTS = [
  'tool', 'tools', 'function', 'functions', 'action', 'actions', 'api', 'apis', 'endpoint', 'endpoints', 'command', 'commands',
  'step', 'steps', 'intent', 'intents', 'route', 'routes', 'workflow', 'workflows', 'plugin', 'plugins', 'query', 'queries',
  'agent', 'agents', 'model', 'models', 'template', 'templates', 'macro', 'macros', 'queue', 'queues',
];
/** Words between a decision word and its tool object: "select the right tool", "decide which API", "decide the next action". */
const TOOL_LEADS = [
  'the', 'a', 'an', 'which', 'what', 'right', 'best', 'correct', 'appropriate', 'relevant', 'suitable', 'proper', 'next',
  'one', 'most', 'single', 'matching', 'exact',
];
const toolObjectSet = lazily(() => new WordSet(TOOL_OBJECTS));
const toolLeadSet = lazily(() => new WordSet(TOOL_LEADS));

/**
 * Whether decision word i chooses a tool, not something about a person: its object, after one to three of
 * TOOL_LEADS in its run of words, is one of TOOL_OBJECTS ("Select the right tool", "decide which tool to call").
 * Right after the word, such a noun makes a compound whose decision is still one ("a tenant-screening agent").
 */
function choosesATool(t: Tokens, i: number): boolean {
  for (let j = i + 1; j < t.count && j <= i + 4 && t.joined[j]; j++) {
    if (toolObjectSet().has(t, j)) return j > i + 1;
    if (!toolLeadSet().has(t, j)) return false;
  }
  return false;
}

/**
 * Whether decision word i is used as a decision. Most are always (classify, approve, hire). Those that
 * are also everyday nouns (NOUN_COMPOUND_WORDS: rate, score, screen, ...) count as a verb ("Rate the
 * essay", "to score", "and rank"), as the head of a noun phrase that gives a score ("a score of 1-10", "a final
 * score.", "the rating from 1 to 5", but not "Describe the overall score."; see `isDefinite`),
 * or in a compound with a person word before them ("applicant score", "the candidate's ranking"), but
 * not in other compounds: "heart rate", "today's exchange rate", "the film's score", "a screen reader".
 */
function usedAsDecision(t: Tokens, i: number, persons: WordSet): boolean {
  const compounds = nounCompoundSet();
  if (!compounds.has(t, i)) return true;
  const next = i + 1 < t.count && t.joined[i + 1] ? i + 1 : -1;
  // The first of two such nouns modifies the second ("credit score", "credit rating"), which is looked at on its own.
  if (next >= 0 && compounds.has(t, next)) return false;
  const prev = wordBefore(t, i);
  if (prev < 0) {
    // Starts a sentence, line or clause: an instruction ("Score the answer") or a label ("Rating: 4"), but
    // not the first noun of a longer label ("Screen size:", "Rate limit:").
    return next < 0 || charAfterBlanks(t.text, t.end[next]!) !== 58;
  }
  if (verbLeadSet().has(t, prev) || isNegation(t, prev)) return true;
  if (isDigit(t.text.charCodeAt(t.start[prev]!))) {
    // "a 1-10 score" but not "a 1-10 score card".
    return next < 0 || isDigit(t.text.charCodeAt(t.start[next]!)) || phraseEndSet().has(t, next);
  }
  if (determinerSet().has(t, prev)) {
    // "a score of", "a rating." but not "a screen reader", "the rate limit".
    if (!(next < 0 || isDigit(t.text.charCodeAt(t.start[next]!)) || phraseEndSet().has(t, next))) return false;
    // "the score", "the overall score", "their ranking" name a score there is; "a score", "each rating",
    // "a final score" one to give. A definite one is given only with its scale: "the score from 1 to 10".
    return !isDefinite(t, prev, i, persons) || scaleFollows(t, i);
  }
  // A compound: "heart rate", "exchange rate"; through a possessive, "the film's score". A decision only
  // when the word before names whom it is about ("applicant score", "the candidate's ranking").
  let modifier = prev;
  if (isOneLetterAfterApostrophe(t, prev, 115)) modifier = wordBefore(t, prev);
  return modifier >= 0 && persons.has(t, modifier);
}

/**
 * Whether determiner `d` (before decision noun i) makes a definite noun phrase: "the", "its", "their", …, or
 * adjectives ("final", "overall") after one, after a possessive ("the film's overall score") or with
 * nothing before them ("Overall score was high"). Not after an indefinite one ("a final score"), after a
 * person's possessive ("the candidate's overall score", about that person, as "the candidate's score"),
 * or in a label ("Overall score:", as "Score:").
 */
function isDefinite(t: Tokens, d: number, i: number, persons: WordSet): boolean {
  let before = d;
  while (before >= 0 && determinerAdjectiveSet().has(t, before)) before = wordBefore(t, before);
  if (before === d) return definiteSet().has(t, d);
  if (before < 0) return charAfterBlanks(t.text, t.end[i]!) !== 58;
  if (isOneLetterAfterApostrophe(t, before, 115)) {
    const owner = wordBefore(t, before);
    return owner < 0 || !persons.has(t, owner);
  }
  return definiteSet().has(t, before);
}

/**
 * Whether a scale follows decision noun i: a number, within four words of SCALE_LEADS ("the score of 1-10",
 * "from 0 to 100", "on a scale of 1 to 5", "out of 10") or after an opening parenthesis ("the rating (1-5)").
 */
function scaleFollows(t: Tokens, i: number): boolean {
  let k = t.end[i]!;
  while (k < t.text.length && (t.text.charCodeAt(k) === 32 || t.text.charCodeAt(k) === 9)) k++;
  if (t.text.charCodeAt(k) === 40) return isDigit(charAfterBlanks(t.text, k + 1));
  for (let j = i + 1; j < t.count && j <= i + 5 && t.joined[j]; j++) {
    if (isDigit(t.text.charCodeAt(t.start[j]!))) return true;
    if (!scaleLeadSet().has(t, j)) return false;
  }
  return false;
}

/** The token before token i in the same run of words (joined by blanks, one hyphen, an apostrophe or "_"), or -1. */
function wordBefore(t: Tokens, i: number): number {
  if (i === 0) return -1;
  if (t.joined[i]) return i - 1;
  const gap = t.start[i]! - t.end[i - 1]!;
  return gap === 1 && t.text.charCodeAt(t.start[i]! - 1) === 95 ? i - 1 : -1;
}

/** Token i is the one letter `letter` (lower-case code) just after an apostrophe: the "s" of "film's" (115), the "t" of "don't" (116). */
function isOneLetterAfterApostrophe(t: Tokens, i: number, letter: number): boolean {
  const s = t.start[i]!;
  if (t.end[i]! - s !== 1 || (t.text.charCodeAt(s) | 32) !== letter || i === 0 || s - t.end[i - 1]! !== 1) return false;
  const c = t.text.charCodeAt(s - 1);
  return c === 39 || c === 0x2019;
}

/** Token i ends "don't", "can't", "won't", "shouldn't" (the "t" after "n'"); not the "T" of "T-score". */
function isNegation(t: Tokens, i: number): boolean {
  return isOneLetterAfterApostrophe(t, i, 116) && (t.text.charCodeAt(t.end[i - 1]! - 1) | 32) === 110;
}

/** The code unit at or after `i` past spaces and tabs (-1 at the end). */
function charAfterBlanks(text: string, i: number): number {
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i < text.length ? text.charCodeAt(i) : -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** [A-Za-z0-9 _/&-] by code unit ("/" and "&" join attributes: "race/ethnicity"). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 32 || c === 95 || c === 45 || c === 47 || c === 38) KEY_CHAR[c] = 1;
}
const isKeyLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Index of an ASCII letter (either case) or digit among 36 symbols, -1 for any other code unit. */
function alnumIndex(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 48 && c <= 57) return c - 48 + 26;
  return -1;
}

/**
 * For the last three characters of a key's last word, lower-cased (three alnum
 * indexes a, b, c at (a * 36 + b) * 36 + c), 1 when some attribute word's last
 * word ends so. `attributeOf` looks up a key's last one to three words, so the
 * last word (three or more letters in every attribute) ends like one of these.
 */
const ATTRIBUTE_ENDINGS = (() => {
  const table = new Uint8Array(36 * 36 * 36);
  for (const key of Object.keys(ATTRIBUTE_WORDS)) {
    const last = key.slice(key.lastIndexOf('_') + 1);
    if (last.length < 3) throw new Error(`attribute word "${key}" ends in a word shorter than three letters`);
    const [a, b, c] = [last.length - 3, last.length - 2, last.length - 1].map((i) => alnumIndex(last.charCodeAt(i)));
    table[(a! * 36 + b!) * 36 + c!] = 1;
  }
  return table;
})();

/**
 * Whether the key whose closing quote is at `text[quote]` may name a protected
 * attribute: its last run of letters and digits (after trailing spaces, "_", "-",
 * "/" and "&", which `nameWords` drops) ends in three characters that end an attribute
 * word. False means `attributeOf` of the key is undefined, so most keys of a
 * dataset ("messages", "role", "content") are passed by without being compared
 * or sliced out.
 */
export function mayEndInAttribute(text: string, quote: number): boolean {
  let i = quote - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 95 && c !== 45 && c !== 47 && c !== 38) break;
    i--;
  }
  if (i < 2) return false;
  const c = alnumIndex(text.charCodeAt(i));
  const b = alnumIndex(text.charCodeAt(i - 1));
  const a = alnumIndex(text.charCodeAt(i - 2));
  return a >= 0 && b >= 0 && c >= 0 && ATTRIBUTE_ENDINGS[(a * 36 + b) * 36 + c] === 1;
}

const NO_RANGES = new Int32Array(0);

/**
 * The ranges of a JSONL document where no JSON key names a protected attribute, for forEachJsonKey to pass
 * over: its chat lines (chatLineRanges), whose only keys are CHAT_LINE_KEYS, when none of those names one.
 * The key regex's matches in valid JSON are its object keys (a quote inside a string is escaped, and a key
 * character class holds no backslash), and a chat line is valid JSON that starts with "{" and ends with "}",
 * so no match starts in one and ends outside it. Measured on the 10 MiB bench JSONL (all chat lines):
 * forEachJsonKey took 4.1 ms per lint (CPU profile, 20 lints), reading the whole text for colons.
 */
function keylessRanges(doc: PromptDocument): Int32Array | undefined {
  if (doc.format !== 'jsonl' || CHAT_LINE_KEYS.some((k) => attributeOf(k))) return undefined;
  return chatLineRanges.get(doc);
}

/**
 * Calls `found` for each JSON key that names a protected attribute, with the key
 * and its offset: the matches of /"([A-Za-z][A-Za-z0-9 _\/&-]{0,40})"\s*:/g, found
 * from each colon backwards (the regex tries every quote, and backtracks over
 * every string value). Each match ends at its own colon, and the key between
 * its quotes is the whole run of key characters before the closing quote, so
 * looking back from the colons finds exactly the regex's matches. A dataset
 * repeats a few keys in every record, so the keys seen are remembered and
 * tried first (compared in place, without walking back over them or slicing them out).
 * `skip`: pairs of offsets [start, end), in order, of text where no match ends (its colons are not looked at).
 */
export function forEachJsonKey(text: string, found: (key: string, start: number) => void, skip?: Int32Array): void {
  const seen: string[] = [];
  const seenIsAttribute: boolean[] = [];
  // The next range of `skip` not yet passed (pairs of offsets, in order).
  let r = 0;
  const ranges = skip ?? NO_RANGES;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    while (r < ranges.length && ranges[r + 1]! <= colon) r += 2;
    if (r < ranges.length && ranges[r]! <= colon) {
      // Inside a range of lines whose keys name no attribute (see keylessRanges): on from its end.
      colon = ranges[r + 1]! - 1;
      continue;
    }
    let k = colon - 1;
    while (k >= 0 && isWhiteSpace(text.charCodeAt(k))) k--;
    if (k < 1 || text.charCodeAt(k) !== 34) continue;
    // Most keys cannot name an attribute: told by their last three characters.
    if (!mayEndInAttribute(text, k)) continue;
    // A key seen before, compared in place: quotes cannot be key characters, so when one ends
    // here right after a quote, the run of key characters back from here is exactly that key.
    let s = 0;
    while (s < seen.length && !(k - seen[s]!.length >= 1 && text.charCodeAt(k - seen[s]!.length - 1) === 34 && text.startsWith(seen[s]!, k - seen[s]!.length))) s++;
    if (s < seen.length) {
      if (seenIsAttribute[s]) found(seen[s]!, k - seen[s]!.length);
      continue;
    }
    // The key: key characters back to the opening quote, at most 41 of them, the first a letter.
    let j = k;
    while (j > 0 && k - j < 42) {
      const c = text.charCodeAt(j - 1);
      if (c >= 128 || KEY_CHAR[c] !== 1) break;
      j--;
    }
    const length = k - j;
    if (length === 0 || length > 41 || j === 0 || text.charCodeAt(j - 1) !== 34 || !isKeyLetter(text.charCodeAt(j))) continue;
    const key = text.slice(j, k);
    const isAttribute = !!attributeOf(key);
    // Bounded: in a file of many distinct keys the others are looked up one by one.
    if (seen.length < 32) {
      seen.push(key);
      seenIsAttribute.push(isAttribute);
    }
    if (isAttribute) found(key, j);
  }
}
