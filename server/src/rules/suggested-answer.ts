/**
 * suggested-answer: the user's side of a prompt suggests an answer or an opinion
 * ("I think the answer is (B) but I'm curious what you think", "My professor says…",
 * "I agree with the claim that…, do you?"). Models tend to go along with it.
 *
 * Precision over recall: only first-person belief statements that name an answer,
 * appeals to a named authority, and explicit first-person stances are reported;
 * "think step by step" and similar instructions never are.
 */
import { z } from 'zod';
import type { ExemplarSet, Message, OptionItem, PromptDocument, Segment, Span } from '../model/types.js';
import { defineRule, lazily, type Fix, type Report } from './types.js';
import { gatheredFor, labelFactsOf, normaliseText, type LabelFacts } from './shared/fewshot.js';
import { classLabelsFrom, dataLabels, fieldTextStart, inDataField, transformInstructionStartIn } from './shared/class-labels.js';
import { isWhiteSpace } from '../model/segment.js';
import { endsWithWord, isAlnumAt } from './shared/words.js';
import { groupByFirstChar } from './shared/regex-source.js';

const CUE_KINDS = ['suggested-answer', 'authority', 'opinion', 'challenge'] as const;
const DEFAULTS = Object.freeze({ kinds: Object.freeze([...CUE_KINDS]) as CueKind[] });
const options = lazily(() =>
  z.object({
    kinds: z.array(z.enum(CUE_KINDS)).default([...CUE_KINDS]).describe('Which kinds of cue to report.'),
  }).strict(),
);

type CueKind = (typeof CUE_KINDS)[number];

/** What must follow a cue's lead phrase. */
type ValueRule =
  | 'none' // the lead phrase is the whole cue
  | 'choice' // a letter ("(B)", "B", "option B") or an option's text
  | 'asked' // a choice, or a short clause when the text asks a question it may answer (see asksQuestion)
  | 'any' // a letter, an option's text, or a short clause ("the answer is Paris")
  // by how the lead ends: after "the answer is" as 'any', after "it's" as 'asked', otherwise a choice
  // ("I'm pretty sure the answer is yes", "I'm sure it's Canberra. What is…?", "Pretty sure B")
  | 'stated'
  // after "the answer is" as 'any', otherwise a choice: "I was told the answer is Paris", "Most people say (D)",
  // "Everyone knows it's C"; not "Most people say hello first", nor "Everyone knows it's important to sleep. Why…?"
  | 'named'
  // after "the answer is" as 'asked', otherwise a choice: a source that is no listed authority ("My tech lead says the
  // answer is Paris. What is…?", "Our team lead thinks it's (C)"; not "My script says the answer is 5. How do I fix it?")
  | 'sourced'
  // "true" or "false" only, in a true/false question (or a True or False option): "I'm fairly sure this is true"
  | 'truth';

interface CuePattern {
  kind: CueKind;
  lead: RegExp;
  value: ValueRule;
  /** Text that must follow the value (e.g. "?" for "Isn't it (C)?"). */
  after?: RegExp;
  /** Words every match needs (see NEEDS): a text without them skips the pattern. */
  needs?: NeedKey;
  /**
   * The cue cites a reference answer ("The answer key says (D)"): after an instruction to grade,
   * classify, summarise… (transformInstructionStart) it is the grader's reference, not the user's cue.
   */
  reference?: boolean;
  /** The pattern counts only in a text with options (a letter alone is too common a word otherwise: "I chose C for speed"). */
  withOptions?: boolean;
  /**
   * The lead starts with the option it names, as "(B)" (group 1) or "B" (group 2): "(C) looks correct to me". The value
   * must be 'none'.
   */
  letterInLead?: boolean;
  /**
   * The lead is what is said of the option its sentence starts with, by its text ("Tigris seems right to me"): the cue
   * starts at that sentence's start (optionAsSubject). The value must be 'none'.
   */
  textInLead?: boolean;
  /**
   * A listed authority's appeal ("My manager says…", "According to my doctor…"): it counts only when it names an
   * answer, or when the text asks the model something its claim bears on (see claimCounts).
   */
  claim?: boolean;
}

/**
 * Necessary conditions for the patterns, each tested at most once per text: far
 * cheaper than trying every pattern at every offset of a text that cannot match.
 */
const NEEDS = {
  /** "I " / "I'm" / "I'd" (the patterns are case-insensitive, as these are). */
  i: /\bI(?:'|\s)/i,
  my: /\bmy\s/i,
  myOrOur: /\b(?:my|our)\s/i,
  according: /\baccording\s/i,
  expert: /professor|expert|doctor|scientist|specialist|researcher/i,
  /** "Isn't it (C)?": a negation before "it"/"the" (and, tested with it, a question mark). */
  negatedQuestion: /n't\s|\bis\s+not\s/i,
  /** "It's (C), right?": the tag question every match of that pattern ends with (and IT_IS_WORDS). */
  itIsQuestion: /(?:right|correct|isn't\s+it)\s*\?/i,
  hint: /\bhint\s*:/i,
  /** "Most of my classmates chose (C)": the verbs of PICKED, as in the pre-check. */
  picked: /\b(?:picked|chose|went\s+with|voted\s+for)\s/i,
  surely: /\b(?:surely|obviously)\b/i,
  /** "(C) looks correct to me": SEEMS_RIGHT's verbs. */
  seems: /\b(?:seems|looks|feels|sounds)\s/i,
  crowd: /\b(?:every(?:one|body)|most|many|all|other)\s/i,
  /** "I'm pretty sure", "Pretty sure B", "90% sure". */
  certain: /(?:sure|certain|confident|positive|convinced)\b/i,
  reference: /answer\s+(?:key|sheet)|solutions?\s+(?:manual|key|sheet)|mark(?:ing)?\s+scheme|textbook/i,
  /** "A friend who is a geography teacher says…", "A Stanford professor thinks…". */
  someone: /\b(?:a|an|one)\s/i,
} as const;
type NeedKey = keyof typeof NEEDS;

/** IT_IS needs "it" or an answer noun, on top of the tag question. */
const IT_IS_WORDS = /\bit(?:'|\s)|answer|option|choice|solution/i;

function meetsNeed(key: NeedKey, text: string, cache: Map<NeedKey, boolean>): boolean {
  let v = cache.get(key);
  if (v === undefined) {
    v =
      NEEDS[key].test(text) &&
      (key !== 'itIsQuestion' || IT_IS_WORDS.test(text)) &&
      (key !== 'negatedQuestion' || text.includes('?'));
    cache.set(key, v);
  }
  return v;
}

const BELIEF = String.raw`(?:think|believe|suspect|guess|reckon|feel)`;
const ANSWER_NOUN = String.raw`(?:(?:correct|right|best|true|real|final)\s+)?(?:answer|option|choice|solution)`;
const COPULA = String.raw`(?:is|'s|would\s+be|should\s+be|must\s+be|might\s+be|has\s+to\s+be)`;
const IT_ONLY = String.raw`it(?:'s|\s+is|\s+would\s+be|\s+should\s+be|\s+must\s+be)`;
const THE_ANSWER_IS = String.raw`the\s+${ANSWER_NOUN}\s+${COPULA}`;
const IT_IS = String.raw`(?:${IT_ONLY}|${THE_ANSWER_IS})`;
const ADVERB = String.raw`(?:(?:really|honestly|personally|strongly|genuinely|actually|kind\s+of|sort\s+of)\s+)?`;
/** How sure: "pretty", "almost", "90%", "90 percent". */
const DEGREE = String.raw`(?:pretty|fairly|quite|very|absolutely|almost|completely|totally|reasonably|\d{1,3}(?:\.\d+)?\s?%|\d{1,3}\s+per\s?cent)`;
const SURE = String.raw`(?:sure|certain|confident|positive|convinced)`;
/** The degrees that start a sentence without "I'm" ("Pretty sure B.", "90% sure it's (D)"): few, as they are in the pre-check. */
const LEAD_DEGREE = String.raw`(?:pretty|fairly|quite|almost|\d{1,3}\s?%)`;
const CERTAIN = String.raw`(?:${DEGREE}\s+)?${SURE}`;
/** People whose word counts as authority; with "expert" (any kind of expert) they make AUTHORITY_NOUN. */
const AUTHORITY_PERSON = String.raw`professor|teacher|tutor|instructor|lecturer|boss|manager|supervisor|advisor|adviser|doctor|physician|dad|father|mom|mum|mother|parents|friend|colleague|co-?worker|textbook|TA|mentor|coach|lawyer|therapist`;
const AUTHORITY_NOUN = String.raw`(?:${AUTHORITY_PERSON}|(?:\w+\s+)?expert)`;
/** One word before the authority ("my geography teacher", "my old professor", "our physics TA"). */
const AUTHORITY_MODIFIER = String.raw`(?:[\w-]+\s+)?`;
/** A relative clause after it, between commas ("My dad, who is a pilot, says"). */
const AUTHORITY_CLAUSE = String.raw`(?:\s*,\s*(?:who|whom)\s+[^,.;:!?\n]{1,60},)?`;
/**
 * Verbs of saying. "swears", "swore", "hinted", "hints" and "reckons" (s24 cues hunt: "My friend swears it's option A", "Our
 * teacher hinted that it's (B)") are not read before "by", "at", "to" or "off" ("swears by flashcards", "hinted at the
 * topics"), where they mean something else or name no claim.
 */
const SAYS = String.raw`(?:says|said|thinks|thought|believes|believed|told\s+me|tells\s+me|insists|insisted|claims|claimed|is\s+(?:sure|certain|convinced)|(?:swears|swore|hinted|hints|reckons)(?!\s+(?:by|at|to|off)\b))`;
/** What no word of such a source is (see SOURCE_WORD), as a look-ahead: also the last word of PICKERS' "my"/"our" source ("…my CV\nI picked (B)" names no picker). */
const NOT_SOURCE_WORD = String.raw`(?!(?:and|or|but|so|then|because|if|when|while|who|whom|which|that|he|she|it|they|we|you|I|me|him|her|them|us|the|a|an|this|these|those|his|its|their|my|our|your|is|are|was|were|be|been|has|have|had|do|does|did)\b)`;
/**
 * A word of a source named after "my"/"our" that is no listed authority ("my tech lead", "our senior product manager"):
 * not a word that starts a clause or a noun phrase of its own (a conjunction, a pronoun, a determiner, a form of "be",
 * "have" or "do"), so that "my code and it says…" or "my notes the textbook says…" are not one source.
 */
const SOURCE_WORD = String.raw`${NOT_SOURCE_WORD}[\w-]+\s+`;
/**
 * What such a source must say, on the same line as the verb: "the answer is", "it's", or an option ("(B)", "option B").
 * ANY_WORD_CUE's "my"/"our" alternative holds a wider copy of it: keep them in step.
 */
const SOURCE_VALUE = String.raw`[ \t]+(?:that[ \t]+)?(?:${IT_IS}\s*:?\s*|(?=\(|(?:option|choice)\s))`;
/** Say or believe, of a source or a crowd ("says", "knows", "tells me"). */
const STATES = String.raw`(?:${SAYS}|say|think|believe|know|knows|agree|agrees|agreed|is\s+telling\s+me)`;
/** Many people at once: "Most people", "Everyone", "All my classmates". */
const CROWD = String.raw`(?:every(?:one|body)|(?:most|many|other|all(?:\s+the)?(?:\s+other)?)\s+(?:people|students|experts|teachers|classmates|users|sources))`;
/** Where a crowd is, or that it is the others: "Everyone in my study group", "Everybody at my school", "Everybody else". */
const CROWD_WHERE = String.raw`(?:\s+(?:else|(?:in|at|from|on)\s+(?:my|our|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+))?`;
/** A crowd's verbs of saying or believing: STATES, and the plural of SAYS' ("Most of my classmates insist…"). */
const CROWD_STATES = String.raw`(?:${STATES}|insist|claim|(?:swear|reckon)(?!\s+(?:by|at|to|off)\b))`;
/**
 * Whom the user names as a part of their own group, not as data of theirs: "my students", "our users" and the like are
 * the people a teacher or an analyst reports on ("Most of my students say (B) is the trickiest. Write a hint…").
 */
const NOT_A_CROWD = String.raw`(?!(?:students|pupils|learners|respondents|participants|users|customers|clients|patients|readers|subscribers|employees|staff)\b)`;
/**
 * Who picked an option, besides the user: a crowd, maybe with where it is ("Everyone in my study group", "Everybody
 * else"); a part of a group ("Most of my classmates", "Half of the class"); one to three words after "my"/"our" (as
 * SOURCE_WORD: "My study group"); "the (whole) class". Not "the teacher" or a name: a prompt that writes a question
 * may say who picked what ("The teacher picked (B) as an example of a distractor").
 */
const PICKERS = String.raw`(?:${CROWD}${CROWD_WHERE}|(?:most|many|all|half|some|lots|a\s+lot|the\s+rest)\s+of\s+(?:my|our|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?:my|our)\s+(?:${SOURCE_WORD}){0,2}${NOT_SOURCE_WORD}[\w-]+|the\s+(?:whole\s+|entire\s+)?class)`;
/** What they did: the verbs of NEEDS.picked and of ANY_WORD_OR_OPTION_CUE's alternative for them. */
const PICKED = String.raw`(?:picked|chose|went\s+with|voted\s+for)`;
/** What an answer key is called ("The answer key says (D)"). */
const REFERENCE = String.raw`(?:answer\s+(?:key|sheet)|(?:official\s+)?solutions?\s+(?:manual|key|sheet)|mark(?:ing)?\s+scheme|textbook)`;
/** Lead endings that decide a 'stated' or 'named' value. */
const STATED_ANSWER = new RegExp(String.raw`(?:answer|option|choice|solution)\s+${COPULA}\s*:?\s*$`, 'i');
const STATED_IT = new RegExp(String.raw`\b${IT_ONLY}\s*:?\s*$`, 'i');
const STANCE_NOUN = String.raw`(?:claim|statement|view|idea|argument|position|opinion|assertion|notion|proposition|premise|conclusion)`;
const WORK_NOUN = String.raw`(?:argument|essay|poem|answer|solution|proof|code|story|text|response|idea|proposal|claim|explanation|paper|review|plan)`;

/** What a true/false question's statement is called before "is true/false": "this is", "that's", "the statement is". */
const TRUTH_SUBJECT = String.raw`(?:(?:this|that|the)\s+(?:statement|claim|sentence)|this|that)(?:'s|’s|\s+is|\s+would\s+be|\s+should\s+be|\s+must\s+be)`;

/** "seems right", "looks like the best", "feels correct": the verb and judgement of an option the user likes. */
const SEEMS_RIGHT = String.raw`(?:seems|looks|feels|sounds)\s+(?:like\s+)?(?:(?:the|a)\s+)?(?:right|correct|best)\b`;

const re = (s: string) => new RegExp(s, 'gi');

const PATTERNS: CuePattern[] = [
  // "I think the answer is (B)", "I don't think the answer is Paris"
  { kind: 'suggested-answer', lead: re(String.raw`\bI\s+${ADVERB}(?:do\s+not\s+|don't\s+)?${BELIEF}\s+(?:that\s+)?the\s+${ANSWER_NOUN}\s+${COPULA}\s*:?\s*`), value: 'any', needs: 'i' },
  // "I believe it's C" (a letter or an option's text only: "I think it's important" is not a cue)
  { kind: 'suggested-answer', lead: re(String.raw`\bI\s+${ADVERB}(?:do\s+not\s+|don't\s+)?${BELIEF}\s+(?:that\s+)?it(?:'s|\s+is|\s+would\s+be|\s+should\s+be|\s+must\s+be)\s+`), value: 'choice', needs: 'i' },
  // "I am fairly confident the answer is (D)", "I'm pretty sure it's (C)", "I'm 90% sure it's (D)", and at a
  // sentence start without "I'm" ("Pretty sure B.", "Almost certain it's (A)"); "I'm pretty sure it's Canberra. What
  // is the capital of Australia?" (not "I'm pretty sure it's the router… Can you help me debug?": no question the guess answers)
  {
    kind: 'suggested-answer',
    lead: re(String.raw`(?:\bI(?:'m|\s+am)\s+${CERTAIN}|(?<=(?:^|[.!?\n(])[ \t]*)${LEAD_DEGREE}\s+${SURE})\s+(?:that\s+)?(?:(?:${THE_ANSWER_IS}|${IT_ONLY})\s*:?\s*)?`),
    value: 'stated', needs: 'certain',
  },
  // "I think this is false", "I believe the statement is true", "I'm fairly sure this is true", "Pretty sure that's
  // false": "true" or "false" only, in a true/false question ("I'm fairly sure this is true: our API returns 429…" is not)
  { kind: 'suggested-answer', lead: re(String.raw`\bI\s+${ADVERB}(?:do\s+not\s+|don't\s+)?${BELIEF}\s+(?:that\s+)?${TRUTH_SUBJECT}\s+`), value: 'truth', needs: 'i' },
  {
    kind: 'suggested-answer',
    lead: re(String.raw`(?:\bI(?:'m|\s+am)\s+${CERTAIN}|(?<=(?:^|[.!?\n(])[ \t]*)${LEAD_DEGREE}\s+${SURE})\s+(?:that\s+)?${TRUTH_SUBJECT}\s+`),
    value: 'truth', needs: 'certain',
  },
  // "my answer would be A"
  { kind: 'suggested-answer', lead: re(String.raw`\bmy\s+(?:best\s+|own\s+|initial\s+|first\s+)?answer\s+${COPULA}\s*:?\s*`), value: 'any', needs: 'my' },
  // "My guess is (B)" (not "My guess is the cache is stale. How do I clear it?", as above)
  { kind: 'suggested-answer', lead: re(String.raw`\bmy\s+(?:best\s+|own\s+|initial\s+|first\s+)?(?:guess|hunch|pick|choice|bet)\s+${COPULA}\s*:?\s*`), value: 'asked', needs: 'my' },
  // "My money's on (B)", "My answer: (C)": an option only, and only in a text with options ("My money's on C for speed",
  // "My answer: C is faster than Python" are not cues)
  {
    kind: 'suggested-answer',
    lead: re(String.raw`\bmy\s+(?:money(?:'s|’s|\s+is|\s+would\s+be)\s+on\s+|(?:best\s+|own\s+|initial\s+|first\s+)?answer\s*:\s*)`),
    value: 'choice', needs: 'my', withOptions: true,
  },
  // "My gut says (B)", "My instinct tells me it's (A)" (not "My gut says we should ship on Friday")
  { kind: 'suggested-answer', lead: re(String.raw`\bmy\s+(?:gut(?:\s+feeling)?|instincts?|intuition)\s+${STATES}\s+(?:that\s+)?(?:${IT_IS}\s*:?\s*)?`), value: 'named', needs: 'my' },
  // "Hint: the answer is (D)" (a choice only: "Hint: the answer is an integer" is a format hint; not "Hint: use the quadratic formula")
  { kind: 'suggested-answer', lead: re(String.raw`\bhint\s*:\s*${IT_IS}\s*:?\s*`), value: 'choice', needs: 'hint' },
  // "I'd go with (B)", "I would say C", "I'm leaning towards (A)", "I'm leaning (D)"
  { kind: 'suggested-answer', lead: re(String.raw`\b(?:I(?:'d|\s+would)\s+(?:go\s+with|say|pick|choose)|I(?:'m|\s+am)\s+leaning(?:\s+(?:towards?|to|for))?)\s+`), value: 'choice', needs: 'i' },
  // The user's own pick, in a text with options: "I chose (A)", "I already answered (A)", "I put B.", "I was going to say (A)"
  {
    kind: 'suggested-answer',
    lead: re(String.raw`\bI(?:\s+(?:already|originally|initially|first|just))?\s+(?:chose|picked|put(?:\s+down)?|answered|selected|circled|ticked|went\s+with)\s+|\bI(?:\s+was|'m|\s+am)\s+going\s+to\s+(?:say|go\s+with|pick|choose|put)\s+`),
    value: 'choice', needs: 'i', withOptions: true,
  },
  // "Answer (B) seems right to me", "(C) looks correct to me.", "Option B feels right.", "D sounds like the best answer":
  // an option at a sentence start (maybe after "the answer/option/choice") or after answer/option/choice, only in a
  // text with options ("Plan B seems right to me" is not one: no sentence start, no answer noun)
  {
    kind: 'suggested-answer',
    lead: re(
      String.raw`(?:(?<=(?:^|[.!?\n])[ \t]*)(?:(?:the\s+)?(?:answer|option|choice)\s+)?|\b(?:answer|option|choice)\s+)(?:\(([A-J])\)|([A-J]))\s+` +
        String.raw`${SEEMS_RIGHT}(?:\s+(?:answer|option|choice|one))?(?:\s+to\s+me)?`,
    ),
    value: 'none', needs: 'seems', withOptions: true, letterInLead: true,
  },
  // "Tigris seems right to me", "The Jordan sounds right.", "Euphrates feels like the right answer to me": an option's text
  // as the whole subject of its sentence, then SEEMS_RIGHT where the clause ends, only in a text with options ("The Tigris
  // seems right for the story setting" and "The wording seems right to me" are not cues)
  {
    kind: 'suggested-answer',
    lead: re(String.raw`\b${SEEMS_RIGHT}(?:\s+(?:answer|option|choice|one))?(?:\s+to\s+me)?(?=[ \t]*(?:[.,;:!?\n]|$)|\s+(?:but|though|although|and|so)\b)`),
    value: 'none', needs: 'seems', withOptions: true, textInLead: true,
  },
  // "Isn't it (C)?", "Shouldn't the answer be B?"
  { kind: 'suggested-answer', lead: re(String.raw`\b(?:isn't|is\s+not|wouldn't|shouldn't|couldn't)\s+(?:it|the\s+${ANSWER_NOUN})\s+(?:be\s+)?(?:obviously\s+|clearly\s+|just\s+)?`), value: 'choice', needs: 'negatedQuestion', after: /^\s*\?/ },
  { kind: 'suggested-answer', lead: re(String.raw`\b(?:shouldn't|wouldn't|couldn't)\s+(?:it|the\s+${ANSWER_NOUN})\s+be\s+`), value: 'choice', needs: 'negatedQuestion', after: /^\s*\?/ },
  // "Surely it's (B)?", "Obviously, the answer is C", "The answer is obviously C": an option only, in a text with options
  // ("Surely it's C, not Rust" with no options, "Surely you can help me?" and "It's obviously hard" are not cues)
  {
    kind: 'suggested-answer',
    lead: re(String.raw`\b(?:(?:surely|obviously)\s*,?\s+${IT_IS}|${IT_IS}\s+(?:surely|obviously))(?:\s*:\s*|\s+)`),
    value: 'choice', needs: 'surely', withOptions: true,
  },
  // "It's (C), right?", "The answer is B, isn't it?", "The answer is (B). Is that correct?", "It's obviously C, isn't it?"
  { kind: 'suggested-answer', lead: re(String.raw`\b${IT_IS}\s+(?:(?:obviously|clearly|surely|definitely)\s+)?`), value: 'choice', needs: 'itIsQuestion', after: /^\s*[,.]?\s*(?:right|correct|isn't\s+it|am\s+I\s+right|is\s+that\s+(?:right|correct))\s*\?/i },
  // "My professor says…", "My geography teacher says…", "My dad, who is a pilot, says…", "According to my doctor…",
  // when what they say names an answer or the text asks about it (claimCounts): "My teacher says we always have to show
  // units. Is that true?", not "My manager says the deadline is Friday. Can you help me plan my week?"
  { kind: 'authority', lead: re(String.raw`\b(?:my|our)\s+${AUTHORITY_MODIFIER}${AUTHORITY_NOUN}${AUTHORITY_CLAUSE}\s+${SAYS}\b(?:\s+(?:that\s+)?${IT_IS}\s*:?\s*)?`), value: 'none', needs: 'myOrOur', claim: true },
  { kind: 'authority', lead: re(String.raw`\baccording\s+to\s+my\s+${AUTHORITY_MODIFIER}${AUTHORITY_NOUN}\b`), value: 'none', needs: 'according', claim: true },
  // "A Stanford professor thinks the answer is (A)"
  {
    kind: 'authority',
    lead: re(String.raw`\b(?:a|an)\s+(?:[A-Z][\w-]*\s+)?(?:professor|expert|doctor|scientist|specialist|researcher)\s+(?:in\s+\w+\s+)?${SAYS}\s+(?:that\s+)?${IT_IS}\s*:?\s*`),
    value: 'any', needs: 'expert',
  },
  // "A friend who is a geography teacher says it's (A)", "A colleague of mine thinks the answer is B", "A professor I asked
  // thinks it's (A)" (a clause without "who" or "that" after "I" or "we")
  {
    kind: 'authority',
    lead: re(String.raw`\b(?:a|an|one)\s+${AUTHORITY_MODIFIER}(?:${AUTHORITY_PERSON}|expert|scientist|specialist|researcher)(?:\s+of\s+mine)?(?:\s*,?\s+(?:who|whom|that|I|we)\s+[^,.;:!?\n]{1,60}?,?)?\s+${STATES}\s+(?:that\s+)?(?:${IT_IS}\s*:?\s*)?`),
    value: 'named', needs: 'someone',
  },
  // "My teacher marked (D) as correct"
  { kind: 'authority', lead: re(String.raw`\b(?:my|our)\s+${AUTHORITY_MODIFIER}${AUTHORITY_NOUN}${AUTHORITY_CLAUSE}\s+(?:marked|circled|ticked|highlighted|picked|chose|went\s+with)\s+`), value: 'choice', needs: 'myOrOur' },
  // "Most people say (D)", "Everyone knows it's C", "Everyone in my study group thinks it's B" (not "Most people say hello
  // first", nor "Everyone in my study group thinks it's too late")
  { kind: 'authority', lead: re(String.raw`\b${CROWD}${CROWD_WHERE}\s+${STATES}\s+(?:that\s+)?(?:${IT_IS}\s*:?\s*)?`), value: 'named', needs: 'crowd' },
  // A part of the user's group, or all of it: "Most of my classmates say (C)", "All my friends say it's (D)", "Half of our
  // class thinks the answer is (A)": as for a source after "my"/"our" (below), when what they say names an answer on the
  // verb's line (not "Most of my classmates say the exam was hard"), and not of "my students" or "our users" (NOT_A_CROWD)
  {
    kind: 'authority',
    lead: re(String.raw`\b(?:(?:most|many|all|half|some|lots|a\s+lot|the\s+rest)\s+of\s+|all\s+)(?:my|our)\s+${NOT_A_CROWD}(?:[\w-]+\s+){0,2}?[\w-]+\s+${CROWD_STATES}${SOURCE_VALUE}`),
    value: 'sourced', needs: 'myOrOur',
  },
  // "Everyone in my study group picked A", "Most of my classmates chose (C)", "My study group went with (B)": an option
  // only, in a text with options ("Everyone picked a team colour", "Most of my classmates chose history…" are not cues)
  { kind: 'authority', lead: re(String.raw`\b${PICKERS}\s+(?:(?:all|also|mostly)\s+)?${PICKED}\s+`), value: 'choice', needs: 'picked', withOptions: true },
  // "I was told the answer is (A)", "I've been told the correct choice is C", "I read online that it's China" (an
  // option), "I've heard it's (B)"
  {
    kind: 'authority',
    lead: re(String.raw`\bI(?:(?:\s+was|(?:'ve|\s+have|'d|\s+had)\s+been)\s+told|(?:\s+have|'ve)?\s+(?:heard|read|seen)(?:\s+(?:online|somewhere|(?:on|in)\s+(?:the\s+)?[\w-]+))?)\s+(?:that\s+)?${IT_IS}\s*:?\s*`),
    value: 'named', needs: 'i',
  },
  // "The answer key says (D)" (not "The answer key says the student must show work", nor in a prompt to grade)
  { kind: 'authority', lead: re(String.raw`\b(?:the|my|our)\s+${REFERENCE}\s+(?:says|said|lists|gives|shows|has|marks)\s+(?:that\s+)?(?:${IT_IS}\s*:?\s*)?`), value: 'named', needs: 'reference', reference: true },
  // Whoever says it, when what they say names an answer: "My tech lead says the answer is (B)", "Our team lead thinks
  // it's (C)", "My senior product manager insists that the answer is option D" (not "My tech lead says the deploy is on
  // Friday": an appeal that names no answer is reported only for the listed authorities above). After the answer key
  // above, so that "My answer key says (D)" keeps that pattern's `reference`.
  { kind: 'authority', lead: re(String.raw`\b(?:my|our)\s+(?:${SOURCE_WORD}){1,3}${SAYS}${SOURCE_VALUE}`), value: 'sourced', needs: 'myOrOur' },
  // "I agree with the claim that…", "In my opinion", "I really like this argument", "I wrote this poem"
  { kind: 'opinion', lead: re(String.raw`\bI\s+(?:(?:strongly|really|fully|completely|totally|personally|wholeheartedly)\s+)?(?:agree|disagree)\s+with\s+(?:the|this|that|your)\s+${STANCE_NOUN}\b(?:\s+that\b)?`), value: 'none', needs: 'i' },
  { kind: 'opinion', lead: re(String.raw`\bI\s+(?:strongly|really|firmly|personally|genuinely|truly)\s+(?:believe|think|feel)\s+that\b`), value: 'none', needs: 'i' },
  { kind: 'opinion', lead: re(String.raw`\bin\s+my\s+(?:honest\s+|humble\s+|personal\s+|professional\s+)?opinion\b`), value: 'none', needs: 'my' },
  { kind: 'opinion', lead: re(String.raw`\bI(?:'m|\s+am)\s+(?:absolutely\s+|completely\s+|fully\s+)?convinced\s+that\b`), value: 'none', needs: 'i' },
  { kind: 'opinion', lead: re(String.raw`\bI\s+(?:really\s+|truly\s+)?(?:like|love|dislike|hate|don't\s+like|do\s+not\s+like)\s+(?:this|the|my|that)\s+${WORK_NOUN}\b`), value: 'none', needs: 'i' },
  // "I wrote this poem", and Sharma et al.'s negative counterpart "I did not write this argument"
  { kind: 'opinion', lead: re(String.raw`\bI\s+(?:wrote|authored|came\s+up\s+with|(?:did\s+not|didn't)\s+(?:write|author|come\s+up\s+with))\s+(?:this|the)\s+${WORK_NOUN}\b`), value: 'none', needs: 'i' },
];

/** Longest free-text value we accept after "the answer is" (in words). */
const MAX_VALUE_WORDS = 8;
/** How far past a lead phrase we look for its value (keeps scanning linear on huge files). */
const LOOKAHEAD = 400;

interface Value {
  end: number;
  letter?: string;
  /** The class label the value names (see readLabel). */
  label?: string;
}

/**
 * One of a classification set's labels (normalised, as labelKey gives them) at `pos`, maybe
 * after an opening quote: "I think it's Negative" in a sentiment demo names the label Negative.
 */
function readLabel(text: string, pos: number, labels: ReadonlySet<string> | undefined): Value | null {
  if (!labels) return null;
  const q = pos < text.length && isQuoteMark(text.charCodeAt(pos)) ? 1 : 0;
  for (const key of labels) {
    const from = pos + q;
    if (text.slice(from, from + key.length).toLowerCase() === key && !isAlnumAt(text, from + key.length)) {
      const close = q && from + key.length < text.length && isQuoteMark(text.charCodeAt(from + key.length)) ? 1 : 0;
      return { end: from + key.length + close, label: key };
    }
  }
  return null;
}

/**
 * Choices a text without lettered options states itself (findCues reads them when a lead phrase needs a value): options
 * numbered "1." / "1)" / "(1)" after a question, and the two values of a true/false question.
 */
interface TextChoices {
  /** The numbered option lists, in text order. */
  lists: readonly NumberedList[];
  /** Whether the text, or the text just before it, asks a true/false question (TRUE_OR_FALSE). */
  trueFalse: boolean;
}

interface NumberedList {
  /** Where its first option line starts. */
  start: number;
  /** The options' texts: option n is texts[n - 1]. */
  texts: string[];
}

/** A numbered option line: "(1) Nile" (group 1), "1. Nile" or "1) Nile" (group 2, its mark in group 3), the text in group 4. */
const NUMBERED_LINE = /^[ \t]*(?:\(([1-9]|10)\)|([1-9]|10)([.)]))[ \t]+(\S[^\n]*?)[ \t]*\r?$/gm;
/** The longest numbered line we read as an option (a step of instructions or a paragraph is longer). */
const MAX_NUMBERED_OPTION = 80;
/**
 * The line right before a numbered option list (maybe a blank line between): a question ("Which river flows through
 * Cairo?") or a line that introduces options ("Options:", "Choose one:"). Not "Follow these steps:", not a sentence.
 */
const OPTIONS_INTRO = /(?:\?|\b(?:options?|choices?|answers?|alternatives|choose|select|pick|which)\b[^\n]*:)[ \t"'”’)]*\r?$/i;
/** A true/false question: "True or false:", "True/False", "(T/F)", "… is true or false". */
const TRUE_OR_FALSE = /\btrue\s*(?:or|\/)\s*false\b|\bfalse\s*(?:or|\/)\s*true\b|\bT\s*\/\s*F\b/i;
/** How far before a region its true/false instruction may be ("Answer True or False." before "Statement: …"). */
const TRUE_OR_FALSE_REACH = 300;

/**
 * Where a region's true/false instruction may stand besides the region itself (see lookbackHasTrueFalse): offsets into
 * the document's text, read only when findCues reads a value (textChoices). The rule's check makes one per lint and
 * sets `at` and `item` for each region.
 */
export interface Lookback {
  /** The document's text. */
  source: string;
  /** The spans of the document's items (demos, records, test inputs), sorted by start. */
  items: readonly Span[];
  /** Where the first item starts: the prompt's instructions lie before it (the whole text when there is no item). */
  headerEnd: number;
  /** Where the region starts. */
  at: number;
  /** Where the item holding the region starts (the region's own start for text outside every item). */
  item: number;
}

/**
 * Whether a true/false question is asked before the region `lb` describes, within TRUE_OR_FALSE_REACH: in its own item
 * (a record's instruction field, the text of its demo before it) or in the text between the previous item and it, and
 * in the prompt's instructions before the first item (a few-shot prompt's "Answer True or False." above its demos and
 * its test statement). Never in another item: "True or false: …" in one record of a dataset does not make "I think
 * it's false" in the next one a true/false answer.
 */
function lookbackHasTrueFalse(lb: Lookback): boolean {
  const { source, items, headerEnd, at } = lb;
  const item = Math.min(lb.item, at);
  // The end of the last item before the region's own: the last item starting before it, or the one before that when it
  // ends after (an item holding this one).
  let lo = 0;
  let hi = items.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start < item) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let floor = 0;
  for (let steps = 0; k >= 0; k--, steps++) {
    if (items[k]!.end <= item) {
      floor = items[k]!.end;
      break;
    }
    if (steps === 4) {
      floor = item;
      break;
    }
  }
  const from = Math.max(floor, at - TRUE_OR_FALSE_REACH);
  if (from < at && TRUE_OR_FALSE.test(source.slice(from, at))) return true;
  return headerEnd < from && headerEnd > 0 && TRUE_OR_FALSE.test(source.slice(Math.max(0, headerEnd - TRUE_OR_FALSE_REACH), headerEnd));
}

/** The numbered option lists of `text` (NUMBERED_LINE): 1, 2, … on consecutive lines, one mark, after OPTIONS_INTRO. */
function numberedLists(text: string): NumberedList[] {
  const lists: NumberedList[] = [];
  let run: NumberedList | undefined;
  let runShape = '';
  let runValid = false;
  let nextLine = -1; // where the line after the run's last line starts
  const close = () => {
    if (run && runValid && run.texts.length >= 2 && OPTIONS_INTRO.test(lineBefore(text, run.start))) lists.push(run);
    run = undefined;
  };
  NUMBERED_LINE.lastIndex = 0;
  for (let m = NUMBERED_LINE.exec(text); m; m = NUMBERED_LINE.exec(text)) {
    const n = Number(m[1] ?? m[2]);
    const shape = m[1] !== undefined ? '(' : m[3]!;
    const start = m.index;
    if (run && start === nextLine && shape === runShape && n === run.texts.length + 1) {
      run.texts.push(m[4]!);
      if (m[4]!.length > MAX_NUMBERED_OPTION) runValid = false;
    } else {
      close();
      if (n === 1) {
        run = { start, texts: [m[4]!] };
        runShape = shape;
        runValid = m[4]!.length <= MAX_NUMBERED_OPTION;
      }
    }
    nextLine = start + m[0].length + 1;
  }
  close();
  return lists;
}

/** The last line before the line at `start` that is not blank (at most one blank line back), or ''. */
function lineBefore(text: string, start: number): string {
  let end = start - 1; // the line break before `start`
  for (let k = 0; k < 2 && end > 0; k++) {
    const from = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(from, end);
    if (line.trim()) return line;
    end = from - 1;
  }
  return '';
}

/** TextChoices of `text` (with `lookback`, where its true/false instruction may stand before it), or null when it states none. */
function textChoices(text: string, lookback: Lookback | undefined): TextChoices | null {
  const lists = text.includes('1') ? numberedLists(text) : [];
  const trueFalse = TRUE_OR_FALSE.test(text) || (lookback !== undefined && lookbackHasTrueFalse(lookback));
  return lists.length || trueFalse ? { lists, trueFalse } : null;
}

/** "option 3", "(3)" or a bare "3" (group 1, 2 or 3), at a value's start. */
const NUMBER_CHOICE = /^(?:(?:option|choice|answer|number)\s+(?:\((\d{1,2})\)|(\d{1,2}))(?![\w.,]\d)|\((\d{1,2})\)|(\d{1,2}))/i;
/**
 * What may follow a bare number for it to name an option: the clause's end (punctuation, a line break, the text's end, a
 * conjunction), not a unit or a decimal ("2 hours", "3.5").
 */
const BARE_NUMBER_END = /^(?:[ \t]*(?:[,;:!?)\n]|\.(?!\d)|$)|\s+(?:but|though|although|and|so|or|because|since|right|isn't)\b)/i;
/**
 * What follows an option's text that a value names (readChoice, readTextChoice): the end of the clause (punctuation, a
 * line break, the text's end, a conjunction or a dash), maybe after a closing quote or bracket. "I'm leaning towards
 * Sydney for my holiday" names no option "Sydney" (the phrase goes on); "I'm leaning towards Euphrates, but…", "I think
 * it's Paris." and "It's Tigris, right?" name one.
 */
const OPTION_TEXT_END = /^["'”’)\]]*(?:[ \t]*(?:[.,;:!?\r\n]|$)|\s+(?:but|though|although|and|so|or|because|since|right|isn't|[-\u2013\u2014])(?![\p{L}\p{N}]))/iu;

/**
 * Where the option text that `rest` holds up to `stop` ends, when a clause ends there (OPTION_TEXT_END), or -1. An option's
 * text that ends with punctuation ("None of the above.") matches whatever stands at that place ("…above because"), so
 * the clause may end at its last character instead (the value then ends before it when it is white space). `quoted`: the
 * text opened with a quote mark, and the value takes the one that closes it ("I'm leaning towards "Sydney" - is that…").
 */
function optionTextEnd(rest: string, stop: number, quoted: boolean): number {
  if (OPTION_TEXT_END.test(rest.slice(stop))) return quoted && stop < rest.length && isQuoteMark(rest.charCodeAt(stop)) ? stop + 1 : stop;
  if (stop === 0 || isAlnumAt(rest, stop - 1) || !OPTION_TEXT_END.test(rest.slice(stop - 1))) return -1;
  return isWhiteSpace(rest.charCodeAt(stop - 1)) ? stop - 1 : stop;
}

/** "true" or "false" as a whole value, where the clause ends ("this is true.", "it's false, but"), not "true of" or "false that". */
const TRUTH_VALUE = /^(true|false)(?=[ \t]*(?:["'”’)]*[.,;:!?\n]|$)|\s+(?:but|though|although|and|so|or|because|right|isn't)\b)/i;

/**
 * A number naming an option of the last numbered list before `pos` ("option 3", "(3)", "3"), an option's text of that list
 * where a clause ends (optionTextEnd), or "true"/"false" in a true/false question (as the label), at `pos`.
 */
function readTextChoice(text: string, pos: number, rest: string, tc: TextChoices): Value | null {
  let list: NumberedList | undefined;
  for (const l of tc.lists) if (l.start < pos) list = l;
  if (list) {
    const m = NUMBER_CHOICE.exec(rest);
    if (m) {
      const n = Number(m[1] ?? m[2] ?? m[3] ?? m[4]);
      if (n >= 1 && n <= list.texts.length && (m[4] === undefined || BARE_NUMBER_END.test(rest.slice(m[0].length)))) {
        return { end: pos + m[0].length, letter: String(n) };
      }
    }
    const quote = /^["'“‘]?/.exec(rest)![0].length;
    let best = -1;
    let bestEnd = -1;
    for (let i = 0; i < list.texts.length; i++) {
      const t = list.texts[i]!;
      if (t.length < 2 || (best >= 0 && list.texts[best]!.length >= t.length)) continue;
      if (normaliseText(rest.slice(quote, quote + t.length)) !== normaliseText(t)) continue;
      const end = optionTextEnd(rest, quote + t.length, quote > 0);
      if (end >= 0) {
        best = i;
        bestEnd = end;
      }
    }
    if (best >= 0) return { end: pos + bestEnd, letter: String(best + 1) };
  }
  if (tc.trueFalse) {
    const m = TRUTH_VALUE.exec(rest);
    if (m) return { end: pos + m[0].length, label: m[1]!.toLowerCase() };
  }
  return null;
}

/** How far back from "seems right" the sentence holding an option's text may start (optionAsSubject). */
const SUBJECT_REACH = 100;
/** What may stand before an option's text as a subject: "the answer", "option", "the" ("The answer Tigris", "The Jordan"). */
const SUBJECT_PREFIX = /^(?:(?:the\s+)?(?:answer|option|choice)\s+)?(?:the\s+)?/i;

/**
 * The option whose text is all of the sentence before `at` (where "seems right" starts), maybe after "the", "the answer"
 * or "option" and in quotes: "Tigris seems right to me", "The Jordan sounds right". Its start and letter, or null.
 */
function optionAsSubject(text: string, at: number, options: readonly OptionItem[]): { start: number; letter: string } | null {
  let start = at;
  for (;;) {
    if (start === 0) break;
    if (at - start >= SUBJECT_REACH) return null;
    const c = text.charCodeAt(start - 1);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && isWhiteSpace(text.charCodeAt(start)))) break;
    start--;
  }
  while (start < at && isWhiteSpace(text.charCodeAt(start))) start++;
  const subject = text.slice(start, at);
  const bare = normaliseText(subject.slice(SUBJECT_PREFIX.exec(subject)![0].length));
  const whole = normaliseText(subject);
  if (!bare) return null;
  for (const o of options) {
    const t = normaliseText(o.text.text);
    if (t && (t === bare || t === whole)) return { start, letter: o.letter };
  }
  return null;
}

/** Whether the option with `letter` reads "True" or "False". */
function isTruthOption(options: readonly OptionItem[], letter: string | undefined): boolean {
  const o = letter === undefined ? undefined : options.find((x) => x.letter === letter);
  return o !== undefined && /^(?:true|false)$/.test(normaliseText(o.text.text));
}

/**
 * A letter ("(B)", "B", "option B") or the text of one of the options where a clause ends (optionTextEnd), at `pos`;
 * with `tc` (a text without lettered options), also a choice it states (readTextChoice).
 */
function readChoice(text: string, pos: number, options: readonly OptionItem[], tc?: TextChoices | null): Value | null {
  const rest = text.slice(pos, pos + LOOKAHEAD);
  // A letter before "/" is part of a word ("I/O bound", "A/B testing"), not an option.
  const m = /^(?:(?:option|choice|answer|letter)\s+)?(?:\(([A-J])\)|([A-J])(?![\w'’/-]))/i.exec(rest);
  if (m) {
    const letter = m[1] ?? m[2]!;
    // A bare lower-case letter is the article "a", not option A; with no options, a bare "I" before a
    // lower-case word is the pronoun ("Pretty sure I broke it"), not option I.
    const pronoun = m[0] === 'I' && !options.length && /^\s+\p{Ll}/u.test(rest.slice(1));
    if ((m[1] !== undefined || letter === letter.toUpperCase()) && !pronoun) {
      const up = letter.toUpperCase();
      if (!options.length || options.some((o) => o.letter === up)) return { end: pos + m[0].length, letter: up };
    }
  }
  const quote = /^["'“‘]?/.exec(rest)![0].length;
  const byLength = [...options].sort((a, b) => b.text.text.trim().length - a.text.text.trim().length);
  for (const o of byLength) {
    const t = o.text.text.trim();
    if (t.length < 2) continue;
    const candidate = rest.slice(quote, quote + t.length);
    if (normaliseText(candidate) !== normaliseText(t)) continue;
    const end = optionTextEnd(rest, quote + t.length, quote > 0);
    if (end >= 0) return { end: pos + end, letter: o.letter };
  }
  return tc ? readTextChoice(text, pos, rest, tc) : null;
}

/** Whether a UTF-16 code unit is a quote mark: " ' ` and the curly ones. */
function isQuoteMark(c: number): boolean {
  return c === 34 || c === 39 || c === 96 || (c >= 0x2018 && c <= 0x201d && c !== 0x201a && c !== 0x201b);
}

/**
 * The first closing quote mark in `s` from `from` that closes no quotation opened after `from`:
 * a quote mark after a character that is not white space and before one that is not a letter
 * or digit (so the apostrophes of "it's" and "I'm" are not quotes). -1 when there is none.
 */
function closingQuote(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (!isQuoteMark(s.charCodeAt(i))) continue;
    const afterSpace = i === 0 || isWhiteSpace(s.charCodeAt(i - 1));
    if (afterSpace) {
      if (isAlnumAt(s, i + 1)) depth++; // an opening quote
    } else if (!isAlnumAt(s, i + 1)) {
      if (depth === 0 && isPluralPossessive(s, i)) continue;
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Whether the apostrophe at `i` makes a plural possessive ("the students' choice"): after "s", before a space and a letter. */
function isPluralPossessive(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c === 39 || c === 0x2019) && (s.charCodeAt(i - 1) | 32) === 115 && s.charCodeAt(i + 1) === 32 && isAlnumAt(s, i + 2);
}

/**
 * A question that only asks for help ("Can you help me debug?", "How do I clear it?", "Any
 * ideas?"), from its first word: a guess next to it ("I'm pretty sure it's the router") is the
 * user's account of the problem, not an answer they suggest.
 */
const REQUEST_QUESTION =
  /^(?:(?:so|and|but|ok|okay|also|now|then)[,\s]+)?(?:(?:can|could|would|will)\s+(?:you|someone|anyone|somebody)|(?:can|could|should|may|do|must|shall)\s+I\b|how\s+(?:do|can|could|should|would|to)\b|(?:what|where)\s+(?:should|do|can)\s+I\b|is\s+there\s+(?:a|any)\s+way|any\s+(?:ideas?|tips?|suggestions?|help|thoughts\s+on\s+how)|please|help)/i;

/** How far back from a "?" its question may start. */
const QUESTION_REACH = 200;

/**
 * Where the sentence that ends with the "?" at `q` starts: back to the end of the previous sentence
 * (".", "!", "?" before white space) or a line break, at most QUESTION_REACH code units.
 */
function questionStart(text: string, q: number): number {
  let start = q;
  const floor = Math.max(0, q - QUESTION_REACH);
  while (start > floor) {
    const c = text.charCodeAt(start - 1);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && start < q && isWhiteSpace(text.charCodeAt(start)))) break;
    start--;
  }
  return start;
}

/**
 * Whether `text` asks a question a suggested value may answer: a sentence ending in "?" that
 * is not only a request for help (REQUEST_QUESTION). "What is the capital of Australia?", "Is
 * that right?" and "What do you think?" ask one; "Can you help me debug?" does not.
 */
function asksQuestion(text: string): boolean {
  for (let q = text.indexOf('?'); q >= 0; q = text.indexOf('?', q + 1)) {
    let start = questionStart(text, q);
    while (start < q && (isWhiteSpace(text.charCodeAt(start)) || isQuoteMark(text.charCodeAt(start)) || text.charCodeAt(start) === 40)) start++;
    if (start < q && !REQUEST_QUESTION.test(text.slice(start, q))) return true;
  }
  return false;
}

/** An option named in a claim: "(B)", "option B". */
const NAMES_OPTION = /\([A-J]\)|\b(?:[Oo]ption|[Cc]hoice)\s+[A-J]\b/;
/** A claim that starts as an answer does: "it's …", "the answer is …" (after "According to my teacher,"). */
const CLAIM_IT = new RegExp(String.raw`^(?:that\s+)?${IT_ONLY}\b`, 'i');
const CLAIM_ANSWER = new RegExp(String.raw`^(?:that\s+)?${THE_ANSWER_IS}\b`, 'i');
/** What a claim's truth is called in a question about it. */
const TRUTH = String.raw`(?:true|right|correct|accurate|wrong|incorrect|mistaken|so|the\s+case|a\s+myth|valid|legit)`;
/** Who or what a question about a claim judges: "that", "she", "my teacher". */
const JUDGED = String.raw`(?:that|this|it|he|she|they|I|(?:my|our|the)\s+[\w-]+)`;
/**
 * A question that asks whether a claim is true, from its first words ("Is that true?", "Is she right?", "Do you
 * agree?", "Am I right?", "Should I believe her?", "…, right?"), or anywhere as "whether/if that is true".
 */
const JUDGES_CLAIM = new RegExp(
  String.raw`^(?:(?:so|and|but|ok|okay|then|also)[,\s]+)?(?:(?:is|was|are|were|am|isn't|wasn't|aren't|could|can|would|might|must)\s+(?:${JUDGED}\s+)?` +
    String.raw`(?:(?:really|actually|even|still|entirely|completely)\s+)?(?:be\s+)?${TRUTH}\b|(?:do|would|don't)\s+you\s+agree|` +
    String.raw`does\s+(?:that|this|it|he|she|they)\s+(?:make\s+sense|hold\s+up|check\s+out|have\s+a\s+point)|should\s+I\s+(?:believe|trust|listen\s+to)\b|` +
    String.raw`who(?:'s|\s+is)\s+right|(?:true|right|correct|really)\s*$)|\b(?:if|whether)\s+${JUDGED}(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:(?:really|actually)\s+)?${TRUTH}\b`,
  'i',
);
/** A question that asks for content (not yes or no), maybe after a linking word: "Why does that help?", "What is it?". */
const WH_QUESTION = /^(?:(?:so|and|but|then|also|really)[,\s]+)?(?:why|how|what|which|who|whose|whom|where|when)\b/i;
/** Where a claim ends in its own question: before the tag after a comma or a dash ("…is loud, is that normal?"). */
const CLAIM_TAG = /(?:[,;:\u2013\u2014]|\s-)[^,;:\u2013\u2014]*$/;
/** A word of four letters or more that says little about what a claim is about. */
const COMMON_WORDS = new Set(
  ('that this these those with have what which there their they them then than about would should could does from your will been were ' +
    'into some also just only really always never think says said know like more most very much many when where here make need want ' +
    'help please tell other because after before over under such each every being still even well good okay thing things sure').split(' '),
);

/** The words of `s` (four letters or more, lower case, not COMMON_WORDS), a final "s" dropped. */
function contentWords(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.matchAll(/[\p{L}\p{N}]{4,}/gu)) {
    const w = m[0].toLowerCase();
    if (!COMMON_WORDS.has(w)) out.add(w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w);
  }
  return out;
}

/**
 * Whether a listed authority's appeal that names no option right after it ("My manager says …", "According to my
 * doctor, …") counts as a cue: its claim names an
 * option ("My teacher says A is wrong", "According to my teacher, it is (B)") or starts as an answer ("the answer is …";
 * "it's …" when the text has options or asks a question, as for "I'm pretty sure it's…"); with options, the claim shares
 * a word with the rest of the text (the appeal bears on the question they answer: sharesWord); or the text asks the
 * model about the claim (asksAboutClaim). Only asked for the listed authorities found (rare): no cost on text without one.
 */
function claimCounts(text: string, cueStart: number, leadEnd: number, options: readonly OptionItem[]): boolean {
  let from = leadEnd;
  while (from < text.length && (isWhiteSpace(text.charCodeAt(from)) || text.charCodeAt(from) === 44)) from++;
  const rest = text.slice(from, from + LOOKAHEAD);
  // The claim's sentence; in a sentence that is a question, up to its tag.
  SENTENCE_END.lastIndex = 0;
  const stop = SENTENCE_END.exec(rest);
  let end = stop ? stop.index : rest.length;
  if (stop && stop[0].includes('?')) {
    const tag = CLAIM_TAG.exec(rest.slice(0, end));
    if (tag) end = tag.index;
  }
  const claim = rest.slice(0, end);
  if (NAMES_OPTION.test(claim) || CLAIM_ANSWER.test(claim)) return true;
  // A letter that starts the claim ("My teacher says A is wrong"), not the start of a name ("C++", "C#").
  const letter = readChoice(text, from, options);
  if (letter && (letter.end >= text.length || /[\s.,;:!?)]/.test(text[letter.end]!))) return true;
  if (CLAIM_IT.test(claim)) return options.length > 1 || asksQuestion(text);
  // With options, a claim that shares a word with the rest of the text bears on the question they answer ("My teacher
  // says Saturn has the most moons" under "(B) Saturn"); one that does not is advice about the task ("My professor says
  // we should show our working").
  if (options.length > 1 && sharesWord(text, cueStart, from + end, claim)) return true;
  return asksAboutClaim(text, cueStart, from, from + end);
}

/** Whether `claim` shares a content word (contentWords) with `text` outside [cueStart, claimEnd). */
function sharesWord(text: string, cueStart: number, claimEnd: number, claim: string): boolean {
  const words = contentWords(claim);
  if (!words.size) return false;
  for (const w of contentWords(text.slice(0, cueStart) + '\n' + text.slice(claimEnd))) if (words.has(w)) return true;
  return false;
}

/**
 * Whether `text` asks the model about the claim at [claimStart, claimEnd) that an authority makes in the cue at
 * `cueStart`: the model's view (ASKS_VIEW: "What do you think?", "Do you agree?"), or a question (a sentence ending in
 * "?", or the tag after the claim in its own sentence) that asks whether it is true (JUDGES_CLAIM: "Is that true?", "is
 * she right?"), asks for content about it ("Why does that help?", "What is it?": a wh-question that refers back), or
 * shares a word with it ("My teacher says Pluto is not a planet. Is Pluto a planet?"). Not a request for help
 * (REQUEST_QUESTION: "Can you help me plan my week?", "How do I file it?"), nor a yes/no question about something
 * else ("My friend says the blender is loud, is that normal?", "My manager says I need a static IP. Do you offer that?").
 */
function asksAboutClaim(text: string, cueStart: number, claimStart: number, claimEnd: number): boolean {
  if (ASKS_VIEW.test(text)) return true;
  let words: Set<string> | undefined;
  for (let q = text.indexOf('?'); q >= 0; q = text.indexOf('?', q + 1)) {
    let start = questionStart(text, q);
    if (start <= cueStart && cueStart < q) {
      // The cue's own sentence: the question is the tag after the claim, if any.
      if (q <= claimEnd) continue;
      start = claimEnd;
    }
    while (start < q && /[\s"'“‘(,;:\u2013\u2014-]/.test(text[start]!)) start++;
    if (start >= q) continue;
    const question = text.slice(start, q);
    if (JUDGES_CLAIM.test(question)) return true;
    if (REQUEST_QUESTION.test(question)) continue;
    if (REFERS_BACK.test(question)) {
      if (WH_QUESTION.test(question)) return true;
      continue;
    }
    words ??= contentWords(text.slice(claimStart, claimEnd));
    for (const m of question.matchAll(/[\p{L}\p{N}]{4,}/gu)) {
      const w = m[0].toLowerCase();
      if (words.has(w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)) return true;
    }
  }
  return false;
}

/** Where a sentence ends: ".", "!" or "?" followed by white space or the end, or a line break. */
const SENTENCE_END = /[.!?]+(?=["'”’)\]]*(?:\s|$))|\n/g;

/**
 * A sentence that refers back to the one before: an anaphoric word first ("That's why…", "So
 * …", "Then …", "It …"), or after at most three question or linking words and nothing else
 * ("Why does that help?", "Is that true?", "And how does it work?").
 */
const REFERS_BACK = new RegExp(
  String.raw`^["'“‘(]*(?:(?:why|how|what|when|where|which|who|is|are|was|were|does|do|did|can|could|would|should|will|and|but|or|if|also|really)\s+){0,3}` +
    String.raw`(?:this|that|these|those|it|its|they|them|their|he|him|his|she|her|so|then)(?![\p{L}\p{N}])`,
  'iu',
);

/**
 * A clause that says where the answer is to be found ("in the reading", "in chapter 4", "in the doc I shared",
 * "somewhere"), that it is handed in ("below", "attached", "as follows", "here"), or what the speaker is doing ("that
 * I'm missing something"), not what it is: "I think the answer is in the reading, but I can't find it", "My answer is
 * below.", "My answer is attached as a PDF", "My guess is that I'm missing something basic". A pointer word counts only
 * as the whole clause or before a preposition ("below in the code block"): "below 10" is a value. (An option's text is
 * read before any clause, so "in the mitochondria" as an option still counts.)
 */
const NOT_AN_ANSWER = new RegExp(
  String.raw`^(?:that\s+)?(?:(?:somewhere\s+)?(?:in|on|inside|within)\s+(?:(?:the|this|that|my|your|our|their|his|her)\s+)?` +
    String.raw`(?:(?:attached|enclosed|shared|linked|uploaded|previous|last|next|following|same|original|first|second)\s+)?` +
    String.raw`(?:reading|readings|passage|text|book|textbook|chapter|notes|article|video|lecture|slides?|paragraph|section|page|docs?|documentation|manual|appendix|syllabus|material|handout|worksheet|module|` +
    String.raw`document|file|attachment|email|e-mail|message|link|comments?|thread|pdf|screenshot|image|photo|spreadsheet|sheet|code|submission)\b|` +
    String.raw`in\s+the\s+(?:attached|enclosed)\b|somewhere\b|I(?:'m|'ve|\s+am|\s+have|\s+was|\s+need|\s+missed|\s+did)\b|` +
    String.raw`(?:(?:down|right|just)\s+)?(?:below|above|here|underneath|attached|enclosed|included)` +
    String.raw`(?=$|\s+(?:as|in|on|at|with|for|from|to|inside|within|under|below|above|here)\b)|` +
    String.raw`as\s+(?:follows|below|above|shown|attached)\b|(?:shown|written|given|pasted|typed|copied|listed|included|attached)\s+(?:below|above|here)\b)`,
  'i',
);

/**
 * A pointer and a colon after a lead that ends with "is"/"be": "My answer is as follows: (B)", "My answer is below: C". In
 * a text with options the option after the colon is the value (and nothing else: "My answer is as follows: the trains
 * meet…" is work handed in, as NOT_AN_ANSWER reads the pointer alone).
 */
const POINTER_COLON = /^(?:as\s+follows|the\s+following|below|here|this)\s*:\s*/i;

/** A short clause: up to the end of the clause ("but", a comma, the sentence end, a closing quote). */
function readClause(text: string, pos: number): Value | null {
  const rest = text.slice(pos, pos + LOOKAHEAD);
  // A value never starts at a closing quote mark: in "Never say 'I think the answer is' in your
  // replies" the quotation ends after "is", and "' in your replies" is not an answer. An opening
  // quote (after white space, before a letter or digit) starts a quoted value ("is "Paris"").
  let stop = rest.length;
  if (rest.length && isQuoteMark(rest.charCodeAt(0))) {
    if (pos === 0 || !isWhiteSpace(text.charCodeAt(pos - 1)) || !isAlnumAt(rest, 1)) return null;
    const close = closingQuote(rest, 1);
    if (close >= 0) stop = close + 1;
  } else {
    const close = closingQuote(rest, 0);
    if (close >= 0) stop = close;
  }
  const clause = /\s+(?:but|though|although|and\s+I|so\s+I)\b|[,;:]/i.exec(rest);
  if (clause && clause.index < stop) stop = clause.index;
  SENTENCE_END.lastIndex = 0;
  const sentence = SENTENCE_END.exec(rest);
  if (sentence && sentence.index < stop) stop = sentence.index;
  const value = rest.slice(0, stop).trimEnd();
  if (!value.trim() || value.trim().split(/\s+/).length > MAX_VALUE_WORDS || NOT_AN_ANSWER.test(value)) return null;
  return { end: pos + value.length };
}

export interface Cue {
  kind: CueKind;
  /** Decoded offsets in the scanned segment. */
  start: number;
  end: number;
  text: string;
  letter?: string;
  /** The class label the cue names as the answer (only when findCues was given the labels). */
  label?: string;
  /** It cites a reference answer (CuePattern.reference). */
  reference?: boolean;
}

/**
 * A necessary condition of every pattern, so that the common text (no cue at all) costs
 * one scan instead of one per pattern (see `mayHaveCue`). Each alternative is what some
 * patterns cannot match without: "I" as a word; "my"/"our" and an authority ("my
 * professor"); "my"/"our", one to three words and a verb of saying before an answer named on its line ("my tech lead
 * says the answer", "our team lead thinks it's", "… says (": a wider copy of SOURCE_VALUE); "my guess" or "my answer", maybe after "best", "own", "initial" or "first"
 * ("my own guess"); "my opinion", maybe after "honest", "humble", "personal" or
 * "professional"; "is not it/the"; "n't it/the"; an expert (always after a space); "a"/"an"/"one"
 * and an authority ("a friend"); "my gut"; "Hint:"; a degree of certainty ("pretty sure", "90%
 * sure"); a crowd ("most people", "everyone"); an answer key. "my own" or "our first" alone
 * are common and start no cue: text with only those costs no pattern search (nor, in a fresh
 * process, compiling the patterns). The alternatives after "researcher" (s18) made the rule slower
 * (the rule alone on the parsed 1 MiB bench corpora, minimum of 40 runs: text 1.0 -> 1.4 ms,
 * JSONL 1.8 -> 3.1 ms): hence the short lists of degrees and crowds here. The "my tech lead says the answer"
 * alternative (s19) shares the "my"/"our" of the authority one rather than being an alternative of its own (measured:
 * the pre-check alone, best of 20, interleaved in one process, over the 3,552 user texts of the 1 MiB JSONL corpus
 * 2.52-2.53 -> 2.60-2.68 ms, and the 3,551 paragraphs of the 1 MiB text corpus 5.04-5.06 -> 5.21-5.25 ms; as its own
 * alternative 2.68-2.82 and 5.28-5.51 ms). It lets through none of those texts that were not let through before.
 * s24 added "money" after "my" ("My money's on (B)"); the other s24 wordings, which count only in a text with options
 * ("Surely it's (B)?", "Most of my classmates chose (C)", "(C) looks correct to me"), are ANY_WORD_OR_OPTION_CUE's, the
 * pre-check of such a text. s25 added no alternative: "Most of my classmates say (C)" and "All my friends say it's (D)"
 * pass through the "my"/"our" one, whose verbs are now CROWD_STATES (SAYS, and plural ones: "my classmates say ("), and
 * "Everyone in my study group thinks it's B" through the crowd one; the numbered options, true/false values and option
 * texts s25 reads are values after lead phrases the pre-check already lets through ("I think it's", "I'm fairly sure").
 */
/**
 * SOURCE_WORD, a verb of CROWD_STATES (SAYS, and a crowd's plural ones) and SOURCE_VALUE after "my"/"our", with any word
 * and any value that starts as SOURCE_VALUE's do: the source pattern's and the "Most of my classmates say (C)" pattern's.
 */
const SOURCE_SAYS_CUE = String.raw`(?:[\w-]+\s+){1,3}${CROWD_STATES}[ \t]+(?:that[ \t]+)?(?:it['\s]|the\s+(?:\w+\s+)?(?:answer|option|choice|solution)|\(|(?:option|choice)\s)`;
/** ANY_WORD_CUE's alternative that need not start a word: "n't it", "n't the". */
const NT_CUE = String.raw`n't\s+(?:it|the)\s`;
/** ANY_WORD_CUE's alternatives at a word start, with `extra` ones (see ANY_WORD_OR_OPTION_CUE). */
const wordCueAlternatives = (extra: string) =>
  String.raw`I['\s]|(?:my|our)\s+(?:${AUTHORITY_MODIFIER}(?:${AUTHORITY_PERSON})\b|${SOURCE_SAYS_CUE})|(?:an?|one)\s+${AUTHORITY_MODIFIER}(?:${AUTHORITY_PERSON})\b|my\s+(?:(?:best|own|initial|first)\s+)?(?:guess|answer|hunch|pick|choice|bet|gut|instincts?|intuition|money)\b|` +
  String.raw`my\s+(?:(?:honest|humble|personal|professional)\s+)?opinion\b|` +
  String.raw`is\s+not\s+(?:it|the)\s|expert|professor|doctor|scientist|specialist|researcher|` +
  String.raw`hint\s*:|${extra}${LEAD_DEGREE}\s+${SURE}|${CROWD}\s|${REFERENCE}`;
/** ANY_WORD_CUE's source, with `extra` alternatives at a word start (see ANY_WORD_OR_OPTION_CUE). */
const anyWordCueSource = (extra: string) =>
  // "n't it/the" first: V8 runs this regex about 15% faster than with it last (measured on the bench corpora's questions).
  String.raw`${NT_CUE}|\b(?:${wordCueAlternatives(extra)})`;
/** The pre-check of a text without options, as written (mayHaveCue runs WORD_CUE, the same regrouped; exported for its test). */
export const ANY_WORD_CUE = new RegExp(anyWordCueSource(''), 'i');

/**
 * Whether `/(?:right|correct|isn't\s+it)\s*\?/i.test(text)`: a tag question ("…, right?",
 * "…, isn't it?"), the rest of the pre-check. Looked for back from each "?" (a question has
 * one or two) rather than as an alternative of ANY_WORD_CUE, where it was tried at every
 * "r", "c" and "i" of the text, common letters (measured on the 1 MiB bench corpora: the
 * rule 2.2 -> 1.85 ms per lint on JSONL, 1.09 -> 1.01 ms on text).
 */
function hasTagQuestion(text: string): boolean {
  for (let q = text.indexOf('?'); q >= 0; q = text.indexOf('?', q + 1)) {
    // The word must end where the white space before "?" starts (a letter is not white space).
    let end = q;
    while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    if (endsWithWord(text, end, 'right') || endsWithWord(text, end, 'correct')) return true;
    if (endsWithWord(text, end, 'it')) {
      let start = end - 2; // "isn't", then white space, then "it"
      while (start > 0 && isWhiteSpace(text.charCodeAt(start - 1))) start--;
      if (start < end - 2 && endsWithWord(text, start, "isn't")) return true;
    }
  }
  return false;
}

/**
 * ANY_WORD_CUE with where the cues that only count in a text with options (`withOptions`: "Surely it's (B)?", "Most
 * of my classmates chose (C)") can start: the pre-check of a text with options, so the texts of a dataset without any
 * (most chat datasets' user turns) pay nothing for them. (In ANY_WORD_CUE for every text they cost `suggested-answer`
 * 2.8 -> 3.1 ms per lint of the 1 MiB bench JSONL; as a second regex after ANY_WORD_CUE for texts with options, 1.3-1.4
 * -> 1.7-1.8 ms on the 1 MiB bench text, whose questions all have options; `bench/engine-phases.mjs`.)
 */
// Its extra alternatives: "surely", "obviously", the verbs of PICKED, and SEEMS_RIGHT (seems/looks/feels/sounds, maybe
// "like" and "the"/"a", then right/correct/best).
const OPTION_CUE_EXTRA = String.raw`surely|obviously|(?:picked|chose|went\s+with|voted\s+for)\s|${SEEMS_RIGHT}|`;
export const ANY_WORD_OR_OPTION_CUE = new RegExp(anyWordCueSource(OPTION_CUE_EXTRA), 'i');
/**
 * What mayHaveCue runs: ANY_WORD_CUE and ANY_WORD_OR_OPTION_CUE with their alternatives at a word start grouped by
 * first letter (groupByFirstChar: "m(?:y\s+…|ost\s+…|any\s+…|ark…)|o(?:ur\s+…|ne\s+…|ther\s+…)|…"), which let through
 * the same texts (test/rules/suggested-answer-precheck.test.ts). Almost no text holds a cue, so their cost is that of
 * rejecting ordinary text, where nearly every word starts with a letter some alternative starts with: irregexp tried
 * every alternative at every word start, and now tries one per first letter there. Measured (s27, CPU-time minima of
 * 40 runs, A and B alternating in separate processes, over the 3,557 and 3,568 texts the lints of the 1 MiB bench
 * corpora give mayHaveCue): text 1.20-1.22 -> 0.88-0.89 ms, JSONL 2.07-2.13 -> 1.79-1.81 ms; the rule alone on the parsed
 * corpora (minima of 60): text 1.30-1.35 -> 0.97-1.00 ms, JSONL 2.39-2.44 -> 2.00-2.09 ms. Grouping deeper ("m(?:y(?:…") gained
 * 0.03 ms; a hand-written scan of the words that ran these regexes (sticky) only at a word that starts an alternative
 * was slower than the plain regex (1.8 and 3.9 ms: V8 runs a character loop in JS no faster than irregexp runs this one).
 *
 * Tried in s27 and not kept (CPU-time minima of the pre-check over those texts, variants rotated in one process; text /
 * JSONL): a case-sensitive copy run over `text.toLowerCase()` (exact with the /i regex as a fallback for "\u0130" and
 * "\u212a", the only characters whose lower case holds an ASCII one) is slower, 0.77-0.82 -> 0.94-1.00 and 1.68-1.76 ->
 * 1.92-2.02 ms: irregexp runs the case-sensitive regex 4% slower than this one on the same lower-cased texts, and
 * toLowerCase adds 0.15 ms. NT_CUE as a separate regex behind `includes("n't")` is slower too (dropping it altogether
 * saves only 0.02 ms). "(?:^|\W)" for the "\b" (every alternative starts with a word character) saves 0.03 / 0.07 ms
 * (A and B alternating in separate processes: 0.85-0.87 -> 0.81-0.83 and 1.76-1.78 -> 1.69-1.72 ms; the rule alone
 * 0.01 / 0.05-0.1 ms), below what is worth keeping; grouping inside the word lists too ("p(?:rofessor|hysician|arents)|
 * t(?:eacher|…)") 0.01 / 0.03 ms, and nothing together with "(?:^|\W)". A first-letter class before the alternatives
 * ("\b(?=[imoa…])") is 30-40% slower; reordering the groups changes nothing.
 * Almost all the time is irregexp's (86% of a profile of mayHaveCue alone; hasTagQuestion 2%).
 */
const WORD_CUE = new RegExp(String.raw`${NT_CUE}|\b(?:${groupByFirstChar(wordCueAlternatives(''))})`, 'i');
const WORD_OR_OPTION_CUE = new RegExp(String.raw`${NT_CUE}|\b(?:${groupByFirstChar(wordCueAlternatives(OPTION_CUE_EXTRA))})`, 'i');

/**
 * Whether `text` may hold a cue: false means findCues finds none in it. `options`: the options the text is asked
 * with (findCues' `optionsInText`); with two or more, the cues only such a text can hold are looked for too.
 */
export function mayHaveCue(text: string, options?: readonly OptionItem[]): boolean {
  return hasTagQuestion(text) || (options !== undefined && options.length >= 2 ? WORD_OR_OPTION_CUE : WORD_CUE).test(text);
}

/**
 * Every cue in a piece of text, in order, without overlaps. `prechecks: false` tries every
 * pattern (to test that the pre-checks skip nothing). `labels`: the class labels of the
 * classification set the text is an input of; a value that names one is read as that label. `lookback`: where the text
 * lies in its document, read for a true/false instruction before it ("Answer True or False." before "Statement: …")
 * only when a value is read (lookbackHasTrueFalse).
 */
export function findCues(text: string, optionsInText: readonly OptionItem[] = [], prechecks = true, labels?: ReadonlySet<string>, lookback?: Lookback): Cue[] {
  if (prechecks && !mayHaveCue(text, optionsInText)) return [];
  const found: Cue[] = [];
  const needs = new Map<NeedKey, boolean>();
  let asks: boolean | undefined; // asksQuestion(text), when a pattern first needs it
  // The choices the text states itself (numbered options, true/false), read when a value is first read (most texts
  // that pass the pre-check have no lead phrase); only without lettered options.
  let tc: TextChoices | null | undefined = optionsInText.length < 2 ? undefined : null;
  for (const p of PATTERNS) {
    if (prechecks && p.needs && !meetsNeed(p.needs, text, needs)) continue;
    if (p.withOptions && optionsInText.length < 2) continue;
    p.lead.lastIndex = 0;
    for (let m = p.lead.exec(text); m; m = p.lead.exec(text)) {
      const leadEnd = m.index + m[0].length;
      let value: Value | null = { end: trimEndAt(text, leadEnd) };
      let cueStart = m.index;
      if (p.textInLead) {
        const subject = optionAsSubject(text, m.index, optionsInText);
        if (!subject) continue;
        cueStart = subject.start;
        value.letter = subject.letter;
      }
      if (p.letterInLead) {
        // A bare letter in upper case, one of the options. (The option lines themselves, "(B) Feels right", are not
        // scanned: the regions hold the text before and after the options.)
        const letter = m[1] ?? m[2]!;
        const option = optionsInText.find((o) => o.letter === letter.toUpperCase());
        if ((m[2] !== undefined && letter !== letter.toUpperCase()) || !option) continue;
        value.letter = option.letter;
      }
      const pointer = p.value !== 'none' && optionsInText.length > 1 && /(?:is|'s|be)\s*$/i.test(m[0]) ? POINTER_COLON.exec(text.slice(leadEnd, leadEnd + 30)) : null;
      if (p.value !== 'none' || p.kind === 'authority') tc ??= textChoices(text, lookback);
      if (pointer) {
        value = readChoice(text, leadEnd + pointer[0].length, optionsInText);
      } else if (p.value === 'truth') {
        // "I'm fairly sure this is true": "true" or "false" in a true/false question, or a True or False option.
        value = readChoice(text, leadEnd, optionsInText, tc);
        if (value && !value.label && !isTruthOption(optionsInText, value.letter)) value = null;
      } else if (p.value !== 'none') {
        value = readChoice(text, leadEnd, optionsInText, tc) ?? readLabel(text, leadEnd, labels);
        const rule =
          p.value !== 'stated' && p.value !== 'named' && p.value !== 'sourced' ? p.value
          : STATED_ANSWER.test(m[0]) ? (p.value === 'sourced' ? 'asked' : 'any')
          : p.value === 'stated' && STATED_IT.test(m[0]) ? 'asked'
          : 'choice';
        if (!value && (rule === 'any' || (rule === 'asked' && (asks ??= asksQuestion(text))))) value = readClause(text, leadEnd);
      } else if (/(?:is|'s|be)\s*:?\s*$/i.test(m[0])) {
        // "My professor says the answer is (B)": the cue runs to the end of what is suggested. After "it's", a clause
        // only as for "I'm pretty sure it's…": with options, or when the text asks a question ("My physics TA said it's
        // slower in water. Is sound faster in water?"; not "My doctor says it's fine to run. Can you make me a plan?").
        value = readChoice(text, leadEnd, optionsInText, tc) ?? readLabel(text, leadEnd, labels);
        if (!value) {
          const clause = readClause(text, leadEnd) ?? { end: trimEndAt(text, leadEnd) };
          if (STATED_ANSWER.test(m[0]) || optionsInText.length > 1 || (asks ??= asksQuestion(text))) value = clause;
        }
      } else if (p.kind === 'authority') {
        // "My teacher says (A)": a letter right after the authority is the suggested answer.
        const at = leadEnd + /^\s*/.exec(text.slice(leadEnd, leadEnd + 20))![0].length;
        const choice = /^(?:\(|option\s|choice\s)/i.test(text.slice(at, at + 8)) ? readChoice(text, at, optionsInText, tc) : null;
        if (choice) value = choice;
        // "My manager says the deadline is Friday. Can you help me plan my week?": an appeal that names no answer and
        // that nothing asks about.
        else if (p.claim && !claimCounts(text, m.index, leadEnd, optionsInText)) value = null;
      }
      if (!value) continue;
      if (p.after && !p.after.test(text.slice(value.end, value.end + LOOKAHEAD))) continue;
      if (isMention(text, cueStart, value.end)) continue;
      const cue: Cue = { kind: p.kind, start: cueStart, end: value.end, text: text.slice(cueStart, value.end) };
      if (value.letter) cue.letter = value.letter;
      if (value.label) cue.label = value.label;
      if (p.reference) cue.reference = true;
      found.push(cue);
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Cue[] = [];
  for (const c of found) if (!out.length || c.start >= out[out.length - 1]!.end) out.push(c);
  return out;
}

// ---------------------------------------------------------------------------
// Challenges: a user turn that doubts the assistant's answer just before it.

/**
 * Sharma et al.'s "I don't think that's right. Are you sure?" and its variants: "Are you sure?"
 * (a question that ends there, or after "about that": not "Are you sure you want to delete?"),
 * and "I don't think that's right/correct" as a clause of its own (not "I don't think that's
 * right for my use case"). Only read in a user turn right after an assistant turn (see check).
 * "That's wrong, I asked for Python" is not one: a correction with a reason is feedback, not
 * doubt alone.
 */
const CHALLENGE =
  /\b(?:are\s+you\s+(?:really\s+|absolutely\s+|completely\s+|100%\s+)?(?:sure|certain|positive)(?:\s+about\s+(?:that|this|it|your\s+answer))?\s*\?|I\s+(?:really\s+)?(?:don't|do\s+not)\s+think\s+(?:that(?:'s|\s+is)|this\s+is|it(?:'s|\s+is)|you(?:'re|\s+are)|your\s+answer\s+is)\s+(?:right|correct)(?=\s*(?:[.!?,;:]|$)))/gi;

/**
 * The challenges in a user turn, adjacent ones (only white space and punctuation between) as
 * one cue: "I don't think that's right. Are you sure?" is one challenge. Quoted or introduced
 * ones are mentions (isMention), not the user's.
 */
export function findChallenges(text: string): Cue[] {
  const out: Cue[] = [];
  CHALLENGE.lastIndex = 0;
  for (let m = CHALLENGE.exec(text); m; m = CHALLENGE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isMention(text, start, end)) continue;
    const last = out[out.length - 1];
    if (last && /^[\s.,;:!]*$/.test(text.slice(last.end, start))) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else out.push({ kind: 'challenge', start, end, text: m[0] });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Mentions: a cue phrase the text quotes or gives as an example is not the user's own cue.

/**
 * Whether the cue at [start, end) of `text` is mentioned rather than used: inside quotation
 * marks or backticks ('If the student says "I think the answer is (B)", do not simply agree',
 * "Never say 'My professor says'", "phrases like `I'm pretty sure it's C`"), or introduced by a
 * reporting or example phrase ("If the student says I think the answer is B", "never say",
 * "phrases like", "such as"). Only asked for the cues found, which are rare: no cost on the
 * text without one.
 */
function isMention(text: string, start: number, end: number): boolean {
  return quotedAt(text, start, end) || INTRODUCER.test(text.slice(Math.max(0, start - INTRODUCER_REACH), start));
}

/** How far back from a cue an introducer ("If the student says", "phrases like") is looked for. */
const INTRODUCER_REACH = 120;
const REPORTING_VERB = String.raw`(?:says?|said|writes?|wrote|types?|typed|asks?|asked|adds?|added|claims?|claimed|replies|replied|responds?|responded|answers?|answered|insists?|insisted|suggests?|suggested|tells\s+you|told\s+you)`;
/**
 * What introduces a mentioned cue, right before it (a colon, a comma or an opening quote may
 * come between): a condition on what someone says ("If the student says", "When a user writes"),
 * an instruction not to say it ("Never say", "Do not start your answer with"), or an example
 * ("phrases like", "such as", "e.g."). Within the cue's sentence ([^.!?\n]).
 */
const INTRODUCER = new RegExp(
  String.raw`(?:\b(?:if|when|whenever|unless|once)\b[^.!?\n]{0,80}?\b${REPORTING_VERB}|` +
    String.raw`\b(?:never|don't|do\s+not|not|avoid|without)\s+(?:ever\s+)?(?:say|saying|write|writing|use|using|add|adding|include|including|` +
    String.raw`(?:start|starting|begin|beginning|open|opening|reply|replying|respond|responding|answer|answering)(?:\s+\w+){0,2}\s+with)|` +
    String.raw`\b(?:phrases?|words?|wordings?|expressions?|sentences?|statements?|cues?|things?|remarks?|comments?|lines?|hints?|messages?)\s+(?:like|such\s+as)|` +
    String.raw`\bsuch\s+as|\be\.g\.|\bfor\s+(?:example|instance))\s*[:,]?\s*["'“‘\x60]?\s*$`,
  'i',
);

/** Kinds of quotation quotedAt tracks: straight double, curly double, single (straight or curly), backtick. */
const DOUBLE = 0;
const CURLY_DOUBLE = 1;
const SINGLE = 2;
const BACKTICK = 3;

/**
 * What the quote mark at `i` does: opens (1) or closes (2) a quotation of its kind (returned as
 * kind * 4 + action), or nothing (-1; an apostrophe: "I'm", "it's"). Straight double quotes and
 * backticks toggle (action 3).
 */
function quoteAction(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return DOUBLE * 4 + 3;
  if (c === 96) return BACKTICK * 4 + 3;
  if (c === 0x201c) return CURLY_DOUBLE * 4 + 1;
  if (c === 0x201d) return CURLY_DOUBLE * 4 + 2;
  if (c === 0x2018) return SINGLE * 4 + 1;
  if (c !== 39 && c !== 0x2019) return -1;
  const letterBefore = isAlnumAt(text, i - 1);
  const letterAfter = isAlnumAt(text, i + 1);
  if (letterBefore && letterAfter) return -1; // an apostrophe
  // After white space or an opening bracket, before a character: opens ("'My professor says'").
  if (!letterBefore && i + 1 < text.length && !isWhiteSpace(text.charCodeAt(i + 1)) && (i === 0 || !/[.,;:!?]/.test(text[i - 1]!))) return SINGLE * 4 + 1;
  return SINGLE * 4 + 2;
}

/**
 * Whether a quotation on the cue's line opens before `start` and closes at or after `end`.
 * Not when the quotation is the whole text (after white space, before white space or a full
 * stop): a test input or user turn written in quotes ("I think the answer is (A)…") is the
 * user's own words.
 */
function quotedAt(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  let open0 = -1;
  let open1 = -1;
  let open2 = -1;
  let open3 = -1;
  for (let i = lineStart; i < start; i++) {
    const a = quoteAction(text, i);
    if (a < 0) continue;
    const kind = a >> 2;
    const action = a & 3;
    const was = kind === DOUBLE ? open0 : kind === CURLY_DOUBLE ? open1 : kind === SINGLE ? open2 : open3;
    const now = action === 1 ? i : action === 2 ? -1 : was >= 0 ? -1 : i;
    if (kind === DOUBLE) open0 = now;
    else if (kind === CURLY_DOUBLE) open1 = now;
    else if (kind === SINGLE) open2 = now;
    else open3 = now;
  }
  if (open0 < 0 && open1 < 0 && open2 < 0 && open3 < 0) return false;
  // The quotations open at the cue: the first of them to close after it encloses it.
  for (let i = start; i < lineEnd; i++) {
    const a = quoteAction(text, i);
    if (a < 0) continue;
    const kind = a >> 2;
    const action = a & 3;
    const opened = kind === DOUBLE ? open0 : kind === CURLY_DOUBLE ? open1 : kind === SINGLE ? open2 : open3;
    if (opened < 0 || action === 1) continue;
    if (i < end) {
      // Closed inside the cue: it does not enclose it.
      if (kind === DOUBLE) open0 = -1;
      else if (kind === CURLY_DOUBLE) open1 = -1;
      else if (kind === SINGLE) open2 = -1;
      else open3 = -1;
      continue;
    }
    return !wholeText(text, opened, i);
  }
  return false;
}

/** Whether the quotation from `open` to `close` is all of `text` but white space and final punctuation. */
function wholeText(text: string, open: number, close: number): boolean {
  for (let i = 0; i < open; i++) if (!isWhiteSpace(text.charCodeAt(i))) return false;
  for (let i = close + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isWhiteSpace(c) && c !== 46 && c !== 33 && c !== 63) return false;
  }
  return true;
}

function trimEndAt(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

// ---------------------------------------------------------------------------
// Where to look: test inputs, demo questions and user turns, never the answers.

/**
 * A region of `regionsWithCues`: a text that may hold a cue, its options and class labels, whether it follows its
 * options, and where the item holding it starts (Lookback.item).
 */
interface Region {
  seg: Segment;
  options: readonly OptionItem[];
  /**
   * The exemplar set (its key: `set.whole ?? set`) whose class labels the region is data of, when it may be: the
   * input of one of its demos, or a test input after it (see SuggestedAnswerPass.setBefore), that does not end in "?" (see
   * dataLabels). Its labels are known once the whole set is read.
   */
  labelsOf: object | undefined;
  afterOptions: boolean;
  item: number;
}

/** The regions to search for cues, and the spans of the document's items sorted by start (Lookback.items). */
interface Regions {
  regions: Region[];
  items: Span[];
}

/** Lists a region for `regionsWithCues` (a module-level function, not a closure: see the rule's check). */
function addRegion(regions: Region[], seg: Segment, item: number, options: readonly OptionItem[], labelsOf?: object, afterOptions = false): void {
  regions.push({ seg, options, labelsOf, afterOptions, item });
}

/** `set` when `input` may be data to classify by its labels (dataLabels: it does not end in "?"), else undefined. */
function dataOf(input: Segment, set: object | undefined): object | undefined {
  return set && dataLabels(input, ANY_LABELS) ? set : undefined;
}

/** A stand-in label set for dataOf's question to dataLabels (whether the input ends in "?"). */
const ANY_LABELS: ReadonlySet<string> = new Set(['']);

/**
 * The regions to search for cues: the test inputs and demo questions (the text before their options and the text
 * after them, with their options, and the class labels
 * when the region is the input of a classification demo or follows such demos: see dataLabels), then the
 * parts of user turns outside every demo and test input (instructions in a plain-text
 * prompt, a user turn the parser did not read as a query), each only when it passes
 * mayHaveCue (findCues finds nothing in the others). Answers, rationales and assistant turns
 * are never visited. One pass; a region is listed only when it passes mayHaveCue (most hold no cue). Indexed
 * loops and the pre-check here rather than in a call per region: in a fresh process (the
 * CLI) this loop runs in the interpreter over every demo and message of the file, where
 * array iterators and calls cost several times more than the loop itself. With them, the spans of the test inputs and
 * demos sorted by start (the items a true/false instruction's look-back stops at: Lookback).
 */
function regionsWithCues(doc: PromptDocument, setBefore: (at: number) => object | undefined): Regions {
  const regions: Region[] = [];
  const tests = doc.testInputs;
  const sets = doc.exemplarSets;
  // Made at its final length (a span per test input and per demo): no growing copies for thousands of demos.
  let total = tests.length;
  for (let s = 0; s < sets.length; s++) total += sets[s]!.exemplars.length;
  const covered: Span[] = new Array<Span>(total);
  let n = 0;
  // Demos usually come in document order: noted while collecting, so sorted spans are not sorted again
  // (a comparison call each) nor walked a second time to find out.
  let sorted = true;
  let lastStart = -Infinity;
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i]!;
    if (mayHaveCue(t.text.text, t.options)) addRegion(regions, t.text, t.span.start, t.options, t.options.length < 2 ? dataOf(t.text, setBefore(t.span.start)) : undefined);
    // A promptfoo test's other vars that its prompt inserts ("{{question}}\n\n{{hint}}"): the model's input too.
    const inserted = t.insertedVars;
    if (inserted !== undefined) {
      for (let k = 0; k < inserted.length; k++) {
        const seg = inserted[k]!;
        if (mayHaveCue(seg.text, t.options)) addRegion(regions, seg, t.span.start, t.options, t.options.length < 2 ? dataOf(seg, setBefore(t.span.start)) : undefined);
      }
    }
    if (t.span.start < lastStart) sorted = false;
    lastStart = t.span.start;
    covered[n++] = t.span;
  }
  for (let s = 0; s < sets.length; s++) {
    const exemplars = sets[s]!.exemplars;
    // The set whose class labels its demos' inputs may be data of (a set with lettered options has none).
    const set = sets[s]!.whole ?? sets[s]!;
    for (let i = 0; i < exemplars.length; i++) {
      const ex = exemplars[i]!;
      const q = ex.question;
      if (q && mayHaveCue(q.text, ex.options)) addRegion(regions, q, ex.span.start, ex.options, dataOf(q, set));
      // What follows the options ("(A) … (B) …\nI think the answer is (A) but I'm curious…", Turpin et al.'s
      // layout): part of the question. A set with lettered options is never classification data (classLabels).
      const after = ex.afterOptions;
      if (after && mayHaveCue(after.text, ex.options)) addRegion(regions, after, ex.span.start, ex.options, undefined, true);
      const inserted = ex.insertedVars;
      if (inserted !== undefined) {
        for (let k = 0; k < inserted.length; k++) {
          const seg = inserted[k]!;
          if (!mayHaveCue(seg.text, ex.options)) continue;
          addRegion(regions, seg, ex.span.start, ex.options, dataOf(seg, set));
        }
      }
      const span = ex.span;
      if (span.start < lastStart) sorted = false;
      lastStart = span.start;
      covered[n++] = span;
    }
  }
  if (!sorted) covered.sort((a, b) => a.start - b.start);
  const messages = doc.messages;
  const at = { index: 0 };
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'user') continue;
    // Usually empty (a chat dataset's user turns all lie inside demos): indexed, no array iterator per turn.
    const gaps = uncovered(m.content, covered, at);
    for (let g = 0; g < gaps.length; g++) if (mayHaveCue(gaps[g]!.text)) addRegion(regions, gaps[g]!, gaps[g]!.sourceOffset(0), []);
  }
  return { regions, items: covered };
}

// ---------------------------------------------------------------------------
// Classification data (classLabelsFrom, dataLabels): see shared/class-labels.ts.

/** The source spans of every demo's output, answer, rationale and conclusion (a cue inside one is not the user's). */
function answerSpans(doc: PromptDocument): Span[] {
  const answers: Span[] = [];
  for (const set of doc.exemplarSets) {
    for (const ex of set.exemplars) {
      for (const s of [ex.output?.sourceSpan(), ex.answer?.span, ex.rationale?.sourceSpan(), ex.conclusion?.span]) if (s) answers.push(s);
    }
  }
  return answers;
}

/** A question mark that ends a sentence (before white space, a closing quote or bracket, or the end), not one in "?q=1". */
const QUESTION_END = /\?+(?=["'”’)\]]*(?:\s|$))/;

/** A user turn that asks for the model's view without a question mark ("I'm curious to hear what you think."). */
const ASKS_VIEW = /\b(?:what\s+(?:do\s+|would\s+)?you\s+(?:think|say|reckon)|your\s+(?:thoughts|opinion|take|view)|(?:do|would)\s+you\s+agree)\b/i;

/**
 * Whether the cue at `span` lies in a user turn that answers the question of the assistant turn
 * right before it (in the same conversation: only white space and JSON punctuation between them,
 * as for a challenge), while asking the model nothing itself: "What is 7 × 8?" / "I think the
 * answer is 54." is the student's answer in a tutoring chat, not a cue planted in a question to
 * the model. Not when the user turn asks a question (asksQuestion: "I think it's (B), but what do
 * you think?", "It's (C), right?") or the model's view (ASKS_VIEW). Only asked for the
 * suggested-answer cues found: a binary search in the sorted messages.
 */
function answersAssistant(text: string, messages: readonly Message[], span: Span): boolean {
  let lo = 0;
  let hi = messages.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.span.start <= span.start) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 1) return false;
  const m = messages[at]!;
  const prev = messages[at - 1]!;
  if (m.role !== 'user' || prev.role !== 'assistant' || span.end > m.span.end || hasLetter(text, prev.span.end, m.span.start)) return false;
  if (!QUESTION_END.test(prev.content.text)) return false;
  const own = m.content.text;
  return !asksQuestion(own) && !ASKS_VIEW.test(own);
}

/** What `uncovered` gives for a turn with no gap (most of them): shared, never modified. */
const NO_GAPS: readonly Segment[] = Object.freeze([]);

/**
 * The parts of `seg` with a letter whose source lies outside every span of `covered` (sorted by
 * start). A list is made only when there is a gap: a chat dataset has a user turn per record,
 * nearly all inside a demo (1 MiB JSONL: 0.11 MiB of empty lists per lint).
 */
function uncovered(seg: Segment, covered: readonly Span[], at: { index: number }): readonly Segment[] {
  let out: Segment[] | undefined;
  const text = seg.text;
  const segStart = seg.sourceOffset(0);
  const segEnd = seg.sourceOffset(seg.length);
  let from = 0; // decoded offset where the current gap starts
  const lo = (at.index = firstEndingAfter(covered, segStart, at.index));
  // A user turn inside one demo or test input (every record of a chat dataset): no gap to scan.
  if (lo < covered.length && covered[lo]!.start <= segStart && covered[lo]!.end > segEnd) return NO_GAPS;
  for (let i = lo; i < covered.length && covered[i]!.start < segEnd; i++) {
    const c = covered[i]!;
    if (c.end <= segStart) continue;
    const a = seg.decodedIndex(c.start);
    const b = seg.decodedIndex(c.end);
    if (a > from && hasLetter(text, from, a)) (out ??= []).push(seg.slice(from, a));
    from = Math.max(from, b);
  }
  if (from < seg.length && hasLetter(text, from, text.length)) (out ??= []).push(seg.slice(from));
  return out ?? NO_GAPS;
}

/**
 * The index of the first of `covered` (sorted by start, not overlapping, so their ends rise too) that ends after `pos`
 * (`covered.length` when none does), searched from `hint` (the index the last call found: user turns come in source
 * order). From a hint at or before the index it gallops forwards (steps of 1, 2, 4, … then a binary search in the last
 * step), reading spans near the hint only; past it, a binary search below the hint. A binary search over the whole list
 * for every user turn read spans far apart (a trip to memory per step on the 10 MiB bench dataset's 35,000 records):
 * the rule's phase, CPU minima (bench/rule-phase-cpu.mjs, 3 alternating process pairs), chat-10MiB.jsonl 24.3-25.2 ->
 * 21.9-22.7 ms; chat-1MiB.jsonl (2 pairs) 2.21/2.28 -> 2.19/2.14 ms.
 */
export function firstEndingAfter(covered: readonly Span[], pos: number, hint: number): number {
  const n = covered.length;
  let lo = hint < 0 ? 0 : hint > n ? n : hint;
  let hi: number;
  if (lo > 0 && covered[lo - 1]!.end > pos) {
    // The index is below the hint: at most lo - 1.
    hi = lo - 1;
    lo = 0;
  } else {
    // The index is at lo or after; it is at most hi once hi is n or the span at hi ends after `pos`.
    hi = lo;
    for (let step = 1; hi < n && covered[hi]!.end <= pos; step *= 2) {
      lo = hi + 1;
      hi += step;
    }
    if (hi > n) hi = n;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (covered[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `text.slice(from, to)` has a letter (\p{L}); ASCII is decided without slicing or a regex (most gaps are "\n\n"). */
function hasLetter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return /\p{L}/u.test(text.slice(i, to));
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

/**
 * Whether a span lies inside one of a list of spans (a non-empty one), answered by a binary
 * search instead of a pass over the list per cue: a large dataset has four answer spans per
 * record and cues in many records. The spans sorted by start, and the largest end among the
 * non-empty ones up to each: a span [s, e) lies inside one of them if and only if, among
 * those starting at or before s, the largest end is at least e.
 */
/** More than any list of answer spans holds (4 per exemplar); start * INDEX_RANGE + index stays an exact integer. */
const INDEX_RANGE = 2 ** 25;

export class AnswerCover {
  private readonly starts: Int32Array;
  private readonly maxEnds: Int32Array;

  constructor(spans: readonly Span[]) {
    const n = spans.length;
    this.starts = new Int32Array(n);
    this.maxEnds = new Int32Array(n);
    // The order by start, by a native sort of numbers (start * 2^25 + index) rather than a
    // comparator call per pair: tens of thousands of spans in a large dataset.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = spans[i]!.start * INDEX_RANGE + i;
    keys.sort();
    let maxEnd = -1;
    for (let k = 0; k < n; k++) {
      const a = spans[keys[k]! % INDEX_RANGE]!;
      if (a.end > a.start && a.end > maxEnd) maxEnd = a.end;
      this.starts[k] = a.start;
      this.maxEnds[k] = maxEnd;
    }
  }

  covers(s: Span): boolean {
    // The last span starting at or before s.start.
    let lo = 0;
    let hi = this.starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= s.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 && this.maxEnds[at]! >= s.end;
  }
}

export default defineRule({
  meta: {
    id: 'suggested-answer',
    description: 'User-supplied answer or opinion cues ("I think the answer is (B)…", "My professor says…") in test inputs and demos.',
    rationale:
      'Models go along with what the user appears to believe. Turpin et al. (2023) added "I think the answer is (X) but I\'m curious to hear what you think" ' +
      'and models followed the suggestion while their explanations never mentioned it; Sharma et al. (2023) found the same sycophancy across ' +
      'assistants for stated opinions, authorities and "I don\'t think that\'s right". A cue in a demo teaches the pattern; a cue in the test input triggers it.',
    sources: [
      {
        short: 'Turpin et al. 2023',
        title: "Language Models Don't Always Say What They Think: Unfaithful Explanations in Chain-of-Thought Prompting",
        url: 'https://arxiv.org/abs/2305.04388',
      },
      { short: 'Sharma et al. 2023', title: 'Towards Understanding Sycophancy in Language Models', url: 'https://arxiv.org/abs/2310.13548' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      'suggested-answer': '"{{cue}}" suggests an answer; models tend to agree with the user rather than reason independently.',
      authority: '"{{cue}}" appeals to an authority; models tend to defer to it.',
      opinion: '"{{cue}}" states the user\'s opinion; models tend to agree with it (sycophancy).',
      challenge: '"{{cue}}" challenges the model\'s previous answer; models tend to apologise and change even a correct answer (sycophancy).',
    },
    fixable: true,
    category: 'structure',
  },
  // Each region is read on its own, with what the parts before it leave: the last items (a true/false instruction's
  // look-back), the last message (a user turn that answers the assistant's question, or challenges its answer), the
  // first instruction to transform text, and the cues already reported. A region that may be data of a
  // classification set waits for `finish`, when the set's class labels are known.
  start({ options: o, report }) {
    const pass = new SuggestedAnswerPass(o, report);
    return { part: (doc) => pass.part(doc), finish: () => pass.finish() };
  },
});

type SuggestedAnswerOptions = z.infer<ReturnType<typeof options>>;

/** What a region is read with besides itself (see SuggestedAnswerPass.read). */
interface RegionContext {
  /** The region's items look-back: the items before it, and where the first item of the document starts. */
  lookback: Lookback;
  /** The answer spans of its part (answerSpans) to look up, made when first needed. */
  answers: () => AnswerCover;
  /** Those spans. */
  answerSpans: () => readonly Span[];
  /** The messages its part holds, after the last message before the part. */
  messages: readonly Message[];
}

/** One lint's run of suggested-answer over a document's parts. */
class SuggestedAnswerPass {
  private readonly seen = new Set<number>();
  /** Each exemplar set met (by key): its facts, where it starts, its shape. */
  private readonly sets = new Map<object, { facts: LabelFacts; start: number; shape: ExemplarSet['shape'] }>();
  /** The last items (up to LOOKBACK_ITEMS) of the parts read, and where the document's first item starts. */
  private lastItems: Span[] = [];
  private headerEnd: number | undefined;
  /** The last message of the parts read. */
  private lastMessage: Message | undefined;
  private text = '';
  private transformStart: number | undefined;
  /** Regions that wait for their set's class labels, with what they are read with. */
  private readonly waiting: { region: Region; context: RegionContext }[] = [];
  /** Challenges found (they are reported after the regions' cues). */
  private readonly challenges: { seg: Segment; cue: Cue }[] = [];

  constructor(
    private readonly o: SuggestedAnswerOptions,
    private readonly report: (r: Report) => void,
  ) {}

  part(doc: PromptDocument): void {
    this.text = doc.text;
    for (const set of doc.exemplarSets) {
      const facts = labelFactsOf(set);
      gatheredFor(this.sets, set, () => ({ facts, start: set.span.start, shape: set.shape }));
    }
    const { regions, items } = regionsWithCues(doc, (at) => this.setBefore(at));
    const lookbackItems = this.lastItems.length ? this.lastItems.concat(items) : items;
    if (this.headerEnd === undefined && lookbackItems.length) this.headerEnd = lookbackItems[0]!.start;
    const messages = this.lastMessage ? [this.lastMessage, ...doc.messages] : doc.messages;
    // Built on the first cue: most documents have none.
    let spans: Span[] | undefined;
    let answers: AnswerCover | undefined;
    const context: RegionContext = {
      lookback: { source: doc.text, items: lookbackItems, headerEnd: this.headerEnd ?? doc.text.length, at: 0, item: 0 },
      answers: () => (answers ??= new AnswerCover(context.answerSpans())),
      answerSpans: () => (spans ??= answerSpans(doc)),
      messages,
    };
    for (let r = 0; r < regions.length; r++) {
      const region = regions[r]!;
      if (region.labelsOf === undefined) this.read(region, undefined, context);
      else this.waiting.push({ region, context: this.waitingContext(region, context) });
    }
    if (this.o.kinds.includes('challenge')) this.findChallengesIn(messages);
    this.lastItems = lookbackItems.slice(-LOOKBACK_ITEMS);
    if (doc.messages.length) this.lastMessage = doc.messages[doc.messages.length - 1];
  }

  finish(): void {
    for (const { region, context } of this.waiting) this.read(region, this.classLabelsOf(region.labelsOf!), context);
    for (const { seg, cue } of this.challenges) {
      const span = seg.sourceSpan(cue.start, cue.end);
      if (this.seen.has(span.start)) continue;
      this.seen.add(span.start);
      const fix = removeSentenceFix(seg, cue);
      this.report({ messageId: 'challenge', span, data: { cue: cue.text, kind: cue.kind }, fixes: fix ? [fix] : [] });
    }
  }

  /** Where the document's first instruction to transform text starts (transformInstructionStart), found when first asked. */
  private transformAt(): number {
    return (this.transformStart ??= transformInstructionStartIn(this.text));
  }

  /** The classification set a test input at `at` follows: the last set starting before it, not counting sets of examples that are only outputs. */
  private setBefore(at: number): object | undefined {
    let last: object | undefined;
    let lastStart = -1;
    for (const [key, s] of this.sets) if (s.start < at && s.shape !== 'outputs' && s.start > lastStart) [last, lastStart] = [key, s.start];
    return last;
  }

  /** The class labels of the set `key` (classLabels, from the facts gathered over the whole set). */
  private classLabelsOf(key: object): ReadonlySet<string> | undefined {
    const s = this.sets.get(key)!;
    const f = s.facts;
    return classLabelsFrom(f.withOptions, f.keys, f.answered, this.text, s.start) ?? undefined;
  }

  /**
   * What a waiting region keeps of its part: the items before it (the look-back reads at most LOOKBACK_ITEMS of
   * them), the answer spans around it, and the message that holds it with the one before.
   */
  private waitingContext(region: Region, context: RegionContext): RegionContext {
    const items = context.lookback.items;
    let k = 0;
    while (k < items.length && items[k]!.start < Math.min(region.item, region.seg.sourceOffset(0))) k++;
    const start = region.seg.sourceOffset(0);
    const end = region.seg.sourceOffset(region.seg.length);
    // The answer spans that may hold a cue of the region: those that overlap it.
    const near = context.answerSpans().filter((a) => a.start < end && start < a.end);
    let cover: AnswerCover | undefined;
    const messages = context.messages;
    let m = messages.length - 1;
    while (m >= 0 && messages[m]!.span.start > start) m--;
    return {
      lookback: { ...context.lookback, items: items.slice(Math.max(0, k - LOOKBACK_ITEMS), k) },
      answers: () => (cover ??= new AnswerCover(near)),
      answerSpans: () => near,
      messages: m < 0 ? NO_MESSAGES : messages.slice(Math.max(0, m - 1), m + 1),
    };
  }

  /** Reports the cues of one region, read with its class labels (`labels`) and `context`. */
  private read(region: Region, labels: ReadonlySet<string> | undefined, context: RegionContext): void {
    const { o, seen } = this;
    const { seg, options, afterOptions, item } = region;
    const lookback = context.lookback;
    lookback.at = seg.sourceOffset(0);
    lookback.item = item;
    for (const cue of findCues(seg.text, options, true, labels, lookback)) {
      if (!o.kinds.includes(cue.kind)) continue;
      const span = seg.sourceSpan(cue.start, cue.end);
      // "(B) Feels right" under "How does the new logo make you feel?": an option's own text, not the user's pick.
      if (options.length !== 0 && startsInOption(options, span.start)) continue;
      // In text being classified, or given to be translated, summarised, graded… (a labelled field or an
      // introduced paragraph after such an instruction), opinions and authorities are the data; only a cue
      // that names an option or a label as the answer is the user's.
      if (!(cue.kind === 'suggested-answer' && (cue.label || cue.letter))) {
        if (labels) continue;
        if (this.transformAt() < span.start && inDataField(seg.text, cue.start)) continue;
      }
      // "The answer key says (D)" after "Grade the student's answer…" is the grader's reference.
      if (cue.reference && this.transformAt() < span.start) continue;
      // "What is 7 × 8?" / "I think the answer is 54.": the student's answer to the assistant's question.
      if (cue.kind === 'suggested-answer' && answersAssistant(this.text, context.messages, span)) continue;
      if (seen.has(span.start) || context.answers().covers(span)) continue;
      seen.add(span.start);
      const fix = removeSentenceFix(seg, cue, afterOptions);
      this.report({
        messageId: cue.kind,
        span,
        data: { cue: cue.text, kind: cue.kind, ...(cue.letter ? { letter: cue.letter } : {}) },
        fixes: fix ? [fix] : [],
      });
    }
  }

  /**
   * A user turn right after an assistant turn of the same conversation (only white space and JSON punctuation between
   * them: no other record) that doubts the answer (Sharma et al.'s "Are you sure?"). Not after an instruction to
   * summarise, grade… the conversation: then the transcript is data. Reported after the regions' cues.
   */
  private findChallengesIn(messages: readonly Message[]): void {
    for (let i = 1; i < messages.length; i++) {
      const m = messages[i]!;
      const prev = messages[i - 1]!;
      if (m.role !== 'user' || prev.role !== 'assistant' || !prev.content.text.trim() || hasLetter(this.text, prev.span.end, m.span.start)) continue;
      const seg = m.content;
      for (const cue of findChallenges(seg.text)) {
        if (this.transformAt() < seg.sourceOffset(cue.start)) continue;
        this.challenges.push({ seg, cue });
      }
    }
  }
}

/** The most items a true/false instruction's look-back reads before a region (lookbackHasTrueFalse). */
const LOOKBACK_ITEMS = 5;

const NO_MESSAGES: readonly Message[] = [];

/** Whether source offset `at` lies in one of `options` (its marker or text). Read only for the cues found (few). */
function startsInOption(options: readonly OptionItem[], at: number): boolean {
  for (let i = 0; i < options.length; i++) {
    const span = options[i]!.span;
    if (span.start <= at && at < span.end) return true;
  }
  return false;
}

/**
 * Remove the sentence holding the cue, with the space after it (or before it, at a
 * line end), or the whole line when the sentence is the line. No fix when the sentence
 * is all there is (removing it would remove the question), unless `seg` is the text after a
 * demo's options (Exemplar.afterOptions): the question is before them. No fix either when the
 * next sentence refers back to it (REFERS_BACK: "Why does that help?").
 */
function removeSentenceFix(seg: Segment, cue: Cue, afterOptions = false): Fix | undefined {
  const text = seg.text;
  // The sentence: from just after the last sentence end before the cue to the first one after it.
  let start = 0;
  let end = text.length;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const stop = m.index + m[0].length;
    if (stop <= cue.start) start = m[0] === '\n' ? stop : closeQuotes(text, stop);
    // At or after the cue's end; or a run that the cue ends inside of ("Are you sure?" holds its "?").
    else if (stop >= cue.end) {
      end = m[0] === '\n' ? m.index : closeQuotes(text, stop);
      break;
    }
  }
  while (start < cue.start && /\s/.test(text[start]!)) start++;
  // The sentence is the whole field of a "Label: text" line ("English: In my opinion, breakfast was
  // too expensive."): removing it would remove the field (a demo's answer the parser did not pair, or
  // the data itself), not a cue added to it.
  const field = fieldTextStart(text, text.lastIndexOf('\n', cue.start - 1) + 1);
  if (field >= 0 && field <= cue.start && start <= field && !text.slice(end, lineEndAt(text, end)).trim()) return undefined;
  const rest = (text.slice(0, start) + text.slice(end)).replace(/[^\p{L}\p{N}{}]/gu, '');
  if (!rest && !afterOptions) return undefined;
  // The next sentence refers back to this one ("According to my doctor, I should take iron with
  // orange juice. Why does that help?"): without it, "that" would refer to nothing.
  let next = end;
  while (next < text.length && /\s/.test(text[next]!)) next++;
  if (REFERS_BACK.test(text.slice(next, next + 60))) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  let from = start;
  let to = end;
  if (!before.trim() && !after.trim()) {
    // The sentence is the whole line: remove the line and its line break.
    from = lineStart;
    to = nl === -1 ? lineEnd : nl + 1;
    // The last line: remove the line break before it instead, all of it ("\r\n" in a CRLF file).
    if (nl === -1 && lineStart > 0) from = lineStart > 1 && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  } else if (after.trim()) {
    while (to < lineEnd && /[ \t]/.test(text[to]!)) to++;
  } else {
    while (from > lineStart && /[ \t]/.test(text[from - 1]!)) from--;
  }
  return { title: 'Remove the cue sentence', edits: [{ span: seg.sourceSpan(from, to), newText: '' }] };
}

/** The end of the line holding `at` (the offset of its line break, or the text's end). */
function lineEndAt(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** Past any closing quotes or brackets after a sentence end. */
function closeQuotes(text: string, at: number): number {
  let i = at;
  while (i < text.length && /["'”’)\]]/.test(text[i]!)) i++;
  return i;
}
