/**
 * stereotype-template: templates or demos that pair demographic groups with
 * occupations or traits: completion templates ("The woman worked as", "Women are naturally ___"),
 * comparative group questions ("Who is more likely to ..., the X or the Y?"),
 * BiasAsker-style affirmations ("X are lazy, right?"), and generalisations the prompt states
 * ("Women are too emotional to handle complaints").
 */
import { z } from 'zod';
import { defineRule, lazily, type Report } from './types.js';
import { documentLexicon, isGroupLike, mayStartMention, mergedMentions, MENTION_GROUP_LIKE, type DocumentLexicon, type Mention, type TextLexicon } from '../lexicon/lexicon.js';
import { FLAG_CAPITALISED, FLAG_SENTENCE_START, tokenEquals, WordSet, type Tokens } from '../lexicon/tokens.js';
import { sentenceAt, sentencesOf, type Sentence } from '../lexicon/sentences.js';
import {
  bareJudgementNouns,
  biasedProperties,
  completionFrames,
  deedVerbs,
  deedWords,
  EVALUATIVE_WORDS,
  evaluativeWords,
  isDemographicVariable,
  isPersonVariable,
  judgementNounFollowers,
  judgementNouns,
  lackQualities,
  lackWords,
  nameNouns,
  normaliseProperty,
  positiveTraits,
  predicativeFollowers,
  predicativeTraits,
  traitWords,
} from '../lexicon/stereotypes.js';
import { allowSet, isAllowed } from '../lexicon/context.js';
import { isNameWord, isTitleCase, nameRunEnd, nameRunStart } from '../lexicon/full-names.js';
import type { Exemplar, ExemplarSet, OptionItem, PromptDocument, Span, TemplateVariable, TestInput } from '../model/types.js';
import { isWhiteSpace, type Segment } from '../model/segment.js';
import { endingWord } from './shared/words.js';
import { ANIMAL_NOUNS } from '../lexicon/animals.js';
import { classLabelsFrom, isQuestionInput } from './shared/class-labels.js';
import { gatheredFor, labelFactsOf, questionBeforeOptions, type LabelFacts } from './shared/fewshot.js';
import { optionTextRange, optionTextSource } from '../parse/exemplars.js';
import { ownText } from './shared/own-text.js';

const FORMS = ['completion', 'comparative', 'affirmation'] as const;

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  forms: [...FORMS],
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Which template forms to report. */
    forms: z.array(z.enum(FORMS)).default(DEFAULTS.forms),
  }),
);

const COMPARATIVES = new WordSet(['more', 'less', 'most', 'least', 'better', 'worse', 'likelier', 'smarter', 'lazier', 'stronger', 'weaker', 'likely']);
const PREDICATE_VERBS = new WordSet(['are', 'is', 'can', 'cannot', 'can\'t', 'don', 'do', 'should', 'will', 'tend', 'always', 'never', 'have', 'all', 'hate', 'want', 'lack']);
/**
 * Whether a question ends in a tag: what `/,?\s*(?:right|correct|true|yes|no)\s*\?\s*$/i` or
 * `/,?\s*(?:aren['’]t|don['’]t|isn['’]t|won['’]t|can['’]t|didn['’]t|wouldn['’]t)\s+(?:they|it|you)\s*\?\s*$/i`
 * finds (the optional ",?\s*" in front changes nothing), looked for back from the end: V8
 * tried those regexes forwards from every character of every question with a group.
 */
export function endsInTag(text: string): boolean {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (end === 0 || text.charCodeAt(end - 1) !== 0x3f) return false; // "?"
  end--;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (endingWord(text, end, TAG_WORDS) !== undefined) return true;
  const pronoun = endingWord(text, end, TAG_PRONOUNS);
  if (pronoun === undefined) return false;
  // "aren't they", "isn’t it": white space, "t", an apostrophe, then the negated verb.
  let negEnd = end - pronoun.length;
  const afterNeg = negEnd;
  while (negEnd > 0 && isWhiteSpace(text.charCodeAt(negEnd - 1))) negEnd--;
  if (negEnd === afterNeg || negEnd < 3 || (text.charCodeAt(negEnd - 1) | 0x20) !== 0x74) return false; // "t"
  const apostrophe = text.charCodeAt(negEnd - 2);
  return (apostrophe === 0x27 || apostrophe === 0x2019) && endingWord(text, negEnd - 2, TAG_VERBS) !== undefined;
}
const TAG_WORDS = ['right', 'correct', 'true', 'yes', 'no'];
const TAG_PRONOUNS = ['they', 'it', 'you'];
const TAG_VERBS = ['aren', 'don', 'isn', 'won', 'can', 'didn', 'wouldn'];
/**
 * The leads of a leading question, each with or without its negation: "Why are …", "Do/Don't you
 * agree/think/believe …", "Would/Wouldn't you agree/say …", "Is/Isn't it true …", "Is/Isn't it a fact …".
 */
const LEADS =
  /^(?:why\s+(?:are|do|is|does|can['\u2019]?t|don['\u2019]t)|(?:do|don['\u2019]t)\s+you\s+(?:agree|think|believe)|(?:would|wouldn['\u2019]t)\s+you\s+(?:agree|say)|(?:is|isn['\u2019]t)\s+it\s+(?:true|a\s+fact))\b/i;
/**
 * "Aren't old people terrible with computers?", "Don't women always cry at work?": a negated
 * auxiliary before the group, as in "Why are …"; the question presupposes what it negates ("old
 * people are terrible …", "women always cry …"). Group 1 is the auxiliary, read by NEGATED_VERBS.
 * "Shouldn't"/"Wouldn't" are left out: "Shouldn't women be paid better?" argues a norm.
 */
const NEGATED_AUX = /^(aren|isn|don|doesn|can|won)['\u2019]t\s/i;
/** What the group's property starts with for each auxiliary of NEGATED_AUX ("do"/"does" says nothing: "women always cry"). */
const NEGATED_VERBS: Record<string, string> = { aren: 'are', isn: 'is', don: '', doesn: '', can: 'can', won: 'will' };
/**
 * "Are immigrants lazy?", "Do Muslims hate us?": BiasAsker's yes/no question, the auxiliary before the
 * group as in "Aren't …" but not negated, so it presupposes nothing and counts only with evaluative
 * content (as every question does but "X are Y, right?"), and not with a positive trait alone ("Are
 * seniors good at using the new app?"); a question mark must end it, and no talk-about word (`hasMetaWord`) may
 * stand in it ("…, according to the 2019 study?"). Group 1 is the auxiliary, read by ASKED_VERBS.
 */
const ASKED_AUX = /^(are|do)\s/i;
const ASKED_VERBS: Record<string, string> = { are: 'are', do: '' };
/**
 * A request for the evidence on a yes/no question, in the sentence right before or after it (past a
 * "Q:" label): a sentence that starts (after "Please") with a verb or question word of EVIDENCE_REQUESTS
 * and has a noun of EVIDENCE_WORDS. "Are teenagers more impulsive than adults? Explain the neuroscience.",
 * "Answer with references. / Q: Do toddlers lie on purpose?" ask what research says, not for a yes;
 * "You are a research assistant." and "Use the research notes below." ask for nothing.
 */
const EVIDENCE_WORDS = new WordSet(['research', 'evidence', 'studies', 'literature', 'neuroscience', 'references', 'citations', 'findings']);
const EVIDENCE_REQUESTS = new WordSet(['explain', 'cite', 'answer', 'summarise', 'summarize', 'describe', 'discuss', 'include', 'give', 'provide', 'what']);
/**
 * Words that cannot be the verb of a group named right after a lead: a preposition, a conjunction,
 * a relative word, a determiner, a possessive "s" ("Is it true that immigrants in Germany …").
 */
const NOT_VERBS = new WordSet([
  'in', 'from', 'of', 'on', 'at', 'with', 'without', 'who', 'whom', 'whose', 'that', 'which', 'and', 'or', 'but', 's', 'like', 'as', 'than',
  'to', 'for', 'by', 'about', 'under', 'over', 'across', 'around', 'here', 'there', 'today', 'now', 'the', 'a', 'an', 'this', 'these',
  'those', 'living', 'born', 'if', 'when', 'where', 'while', 'because', 'since', 'after', 'before', 'into', 'among', 'between', 'not',
]);
/**
 * Instructions that presuppose what follows "why", as "Why are …?" does: "Explain why old people
 * are so bad with technology.", "Tell me why …", "Describe why …", "Write a joke about why …",
 * "Give me three reasons why …", "List reasons why …", with an optional "please" or "can/could/would
 * you" before them. INSTRUCTION_FIRST holds their first words, a cheap test before the regex.
 */
const INSTRUCTION_LEADS =
  /^(?:(?:please|(?:can|could|would)\s+you(?:\s+please)?)\s+)?(?:(?:explain|describe)(?:\s+to\s+(?:me|us))?|tell\s+(?:me|us)|write\s+(?:(?:me|us)\s+)?(?:a|an|some)\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:about|on|explaining)|(?:give|list)\s+(?:(?:me|us)\s+)?(?:(?:the|some|a\s+few|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?reasons)\s+why\s/i;
const INSTRUCTION_FIRST = new WordSet(['explain', 'describe', 'tell', 'write', 'give', 'list', 'please', 'can', 'could', 'would']);
/**
 * Discourse words that may start an instruction or a leading question without changing what it asks: "Then
 * explain why youngsters are so boastful.", "Now, why are women so bad at math?", "Also, tell me why …". Read
 * one after another (at most MAX_LEAD_INS), each followed by the next word or a comma. "please" is part of
 * INSTRUCTION_LEADS itself ("Then please explain why …").
 */
const DISCOURSE_LEAD_INS = new WordSet([
  'then', 'now', 'also', 'next', 'finally', 'first', 'firstly', 'second', 'secondly', 'lastly', 'so', 'and', 'ok', 'okay', 'alright',
  'briefly', 'again',
]);
/**
 * The words of an "In one sentence," lead-in (after "in", before a comma): "In one sentence,", "In a few words,",
 * "In two paragraphs,", "In short,", "In plain English,".
 */
const IN_LEAD_IN_WORDS = new WordSet([
  'one', 'a', 'two', 'three', 'few', 'short', 'brief', 'sentence', 'sentences', 'word', 'words', 'paragraph', 'paragraphs', 'line', 'lines',
  'plain', 'simple', 'english', 'detail',
]);
const MAX_LEAD_INS = 3;
/** How many words an "In …," lead-in holds after "in" ("In a few words," has three). */
const MAX_IN_LEAD_IN = 3;
/**
 * Whether token `i` is one word of letters followed by a comma only, which opens a question or an instruction
 * as an interjection or a vocative does without changing what it asks: "Hey, why are …?", "Seriously, why …?",
 * "Claude, explain why …", and in code-switched chats "Oye, why are women so bad at driving?" (s25 multilingual).
 * Read only as a sentence's first word (afterLeadIn), before any other lead-in.
 */
function isOpeningWord(t: Tokens, i: number): boolean {
  if (i + 1 >= t.count || !onlyMarkBefore(t, i + 1, COMMA)) return false;
  for (let k = t.start[i]!; k < t.end[i]!; k++) if (!/\p{L}/u.test(t.text[k]!)) return false;
  return true;
}

/**
 * Sentence `s` without the discourse lead-ins at its start (DISCOURSE_LEAD_INS, an "In one sentence," phrase): a
 * new sentence from the first word after them, or `s` itself when there are none.
 */
function afterLeadIn(t: Tokens, s: Sentence): Sentence {
  let i = s.first;
  for (let n = 0; n < MAX_LEAD_INS && i + 1 < s.last; n++) {
    if (n === 0 && isOpeningWord(t, i)) {
      i++;
    } else if (DISCOURSE_LEAD_INS.has(t, i)) {
      if (!(t.joined[i + 1] || onlyMarkBefore(t, i + 1, COMMA))) break;
      i++;
    } else if (tokenEquals(t, i, 'in')) {
      let k = i + 1;
      while (k < s.last && k - i <= MAX_IN_LEAD_IN && t.joined[k] && IN_LEAD_IN_WORDS.has(t, k)) k++;
      if (k === i + 1 || k >= s.last || !onlyMarkBefore(t, k, COMMA)) break;
      i = k;
    } else break;
  }
  return i === s.first ? s : { first: i, last: s.last, start: t.start[i]!, end: s.end, question: s.question };
}
// Module constants, not literals in the functions: each evaluation of a regex literal makes a new RegExp object.
const WHY_VERB = /^why\s+(are|do|is|does)\s/i;
const TRAILING_QUESTION_MARK = /\?\s*$/;
const TRAILING_PUNCTUATION = /[\s.?!]+$/;
const ENDS_IN_S = /s$/i;
const PLURAL_PEOPLE = /^(?:women|men|people)$/i;
const TAG_OR_QUESTION_MARK = /,\s*(?:right|correct|true|yes|no|aren|don|isn|won|can|didn|wouldn)\b|\?\s*$/i;
const BLANK_AFTER = /^[\s:]*(?:_{2,}|\.{3}|…|\[(?:mask|blank|MASK|BLANK)\]|<mask>|\{\{[^}]*\}\}|\{[^}]*\})?[\s"'\u201d]*$/;

export default defineRule({
  meta: {
    id: 'stereotype-template',
    description: 'Templates or demos that pair demographic groups with occupations or traits (completion, comparative and affirmation forms).',
    rationale:
      'Prompts of the form "The woman worked as", "Who is more likely to ..., the X or the Y?" or "X are lazy, right?" are the probes ' +
      'bias benchmarks use to elicit stereotypes (Sheng et al. 2019; Parrish et al. 2022; Wan et al. 2023). In a prompt or demo set they ' +
      'invite the model to state or confirm a stereotype. Group terms come from HolisticBias, BBQ and BiasAsker.',
    sources: [
      { short: 'Sheng et al. 2019', title: 'The Woman Worked as a Babysitter: On Biases in Language Generation', url: 'https://aclanthology.org/D19-1339/' },
      { short: 'Parrish et al. 2022', title: 'BBQ: A Hand-Built Bias Benchmark for Question Answering', url: 'https://aclanthology.org/2022.findings-acl.165/' },
      { short: 'Wan et al. 2023', title: 'BiasAsker: Measuring the Bias in Conversational AI System', url: 'https://arxiv.org/abs/2305.12434' },
      { short: 'Smith et al. 2022', title: 'I\'m sorry to hear that: Finding New Biases in Language Models with a Holistic Descriptor Dataset', url: 'https://aclanthology.org/2022.emnlp-main.625/' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      completion: 'Completion template pairs {{groups}} with "{{frame}}": it asks the model to fill in an occupation or trait for a demographic group.',
      comparative: 'Comparative question asks which of {{groups}} is "{{comparison}}": it invites a stereotyped answer.',
      affirmation: 'Leading question asks the model to agree that {{group}} {{property}}.',
      yesNo: 'Question asks the model whether {{group}} {{property}}: a yes/no question about a stereotype invites the model to confirm it.',
      instruction: 'Instruction "{{lead}}" presupposes that {{group}} {{property}}: it asks the model to justify a stereotype.',
      statement: 'Prompt states that {{group}} {{property}}: a generalisation about a demographic group the model will take as given.',
    },
    fixable: false,
    category: 'demographic',
  },
  // Each prose segment and item is read on its own, except for whether a finding lies in the input of a
  // classification demo, which needs its set's class labels, known once the whole set is read: such a finding waits
  // for `finish`, with its set's key, and the rule gathers the facts class labels are decided by for every set.
  start({ options: o, report }) {
    const allowed = allowSet(o.allow);
    const forms = new Set(o.forms);
    const state: Waiting = { questionSpans: [], prose: [], options: [], sets: new Map(), text: '' };
    return {
      part: (doc) => checkPart(doc, allowed, forms, state, report),
      finish() {
        if (state.prose.length === 0 && state.options.length === 0) return;
        /** Whether the set of `key` has class labels: its demos' inputs are then data to classify. */
        const classifies = (key: object | undefined): boolean => {
          if (key === undefined) return false;
          const s = state.sets.get(key)!;
          const f = s.facts;
          return classLabelsFrom(f.withOptions, f.keys, f.answered, state.text, s.start) !== null;
        };
        for (const w of state.prose) {
          if (classifies(w.set)) continue;
          report(w.report);
          if (w.question) state.questionSpans.push(w.report.span);
        }
        for (const w of state.options) if (!overlapsAny(state.questionSpans, w.report.span) && !classifies(w.set)) report(w.report);
      },
    };
  },
});

/** What stereotype-template keeps from part to part. */
interface Waiting {
  /** The source spans of the questions reported from their text: a question with lettered options is not read again from them. */
  questionSpans: Span[];
  /**
   * Findings from the prose that lie in a demo's input, which is data to classify if its set has class labels (`set`:
   * the set's key, see classifiedInputSet), or (undefined) that a question finding waiting here may hold; `question`:
   * a question, which adds to questionSpans if reported.
   */
  prose: { report: Report; question: boolean; set: object | undefined }[];
  /** Findings from lettered options that wait for those, or that lie in such an input. */
  options: { report: Report; set: object | undefined }[];
  /** Each exemplar set met (by key): the facts its class labels are decided by, and where it starts. */
  sets: Map<object, { facts: LabelFacts; start: number }>;
  /** The document's text. */
  text: string;
}

function overlapsAny(spans: readonly Span[], span: Span): boolean {
  return spans.some((a) => a.start < span.end && span.start < a.end);
}

/**
 * Reports the stereotyped templates, questions and statements of `doc`'s prose and of its items' options; a
 * finding that may lie in a classification demo's input waits in `state` (see `start`).
 */
function checkPart(doc: PromptDocument, allowed: ReturnType<typeof allowSet>, forms: ReadonlySet<string>, state: Waiting, report: (r: Report) => void): void {
  const allVars = doc.variables;
  const demoVars = allVars.filter((v) => isDemographicVariable(v.name));
  const lexicon = documentLexicon(doc);
  const questionSpans = state.questionSpans;
  state.text = doc.text;
  for (const set of doc.exemplarSets) {
    const facts = labelFactsOf(set);
    gatheredFor(state.sets, set, () => ({ facts, start: set.span.start }));
  }
  /** Reports `r`, or sets it aside when it may lie in a classification demo's input (`question`: see Waiting). */
  const reportUnlessInput = (r: Report, question: boolean): void => {
    const set = classifiedInputSet(doc.exemplarSets, r.span);
    if (set) state.prose.push({ report: r, question, set: set.whole ?? set });
    else {
      report(r);
      if (question) questionSpans.push(r.span);
    }
  };
  /**
   * Where the prose holds a group mention that may be an option's whole text (`wholeGroupStarts`): the items with
   * such options are the only ones whose options can name the groups of a comparison (see below).
   */
  const optionGroupStarts: number[] | undefined = forms.has('comparative') && (doc.exemplarSets.length > 0 || doc.testInputs.length > 0) ? [] : undefined;
  for (let si = 0; si < doc.prose.length; si++) {
    const seg = doc.prose[si]!;
    const lex = lexicon.prose[si]!;
    const segSpan = demoVars.length ? seg.sourceSpan() : undefined;
    // `variablesWithin`, not a filter with an arrow function here: a closure over `segSpan` had V8 make a context
    // object for every segment, used or not (s27, 10 MiB bench JSONL, 106,563 segments: the rule allocated ~5.5 MB per
    // lint, ~4.6 MB of it such contexts; now ~1.4 MB. Heap use after one lint of the rule alone; 1 MiB: ~0.6 MB before).
    const segVars = segSpan ? variablesWithin(demoVars, segSpan) : NO_VARIABLES;
    if (segVars.length === 0 && !(lex.mentionKinds & MENTION_GROUP_LIKE)) continue;
    // All the segment's variables (a range is widened over them), listed when first needed.
    let segAllVars: TemplateVariable[] | undefined = allVars.length === 0 ? NO_VARIABLES : undefined;
    // `passTokens`, not `tokens`: this rule is the only reader of most dataset texts' tokens, and `tokens` kept new
    // views of each (s28, 10 MiB bench JSONL: 11,947 texts; heap kept by a lint on its document 22.4 -> 16.4 MB;
    // whole steady lint, bench/engine-steady.mjs, 3-4 alternating processes each: CPU minima 219-244 -> 212-233 ms,
    // page faults 10.6-12.4k -> 9.8-11.1k per lint; the rule's phase and 1 MiB lints unchanged).
    const t = lex.passTokens;
    const mentions = mergedMentions(t, lex.mentions);
    const own = ownText(doc, seg);
    if (optionGroupStarts) wholeGroupStarts(seg, t, mentions, optionGroupStarts);
    // Only sentences that hold a group mention (or, with demographic variables, every sentence),
    // taken one at a time as the mentions are walked (no list of them).
    const all = segVars.length > 0 ? sentencesOf(t) : undefined;
    let next = 0;
    /** One past the last token of the sentence before. */
    let lastEnd = -1;
    let mi = 0;
    for (;;) {
      let s: Sentence;
      if (all) {
        if (next >= all.length) break;
        s = all[next++]!;
      } else {
        // The next group mention after the sentence before.
        while (next < mentions.length && (!isGroupLike(mentions[next]!) || (lastEnd >= 0 && mentions[next]!.token < lastEnd))) next++;
        if (next >= mentions.length) break;
        s = sentenceAt(t, mentions[next]!.token, scratchSentence);
        lastEnd = s.last;
      }
      // Only the sentences of a part's own text (see PromptDocument.proseSlice): those around it are read as the
      // sentences next to a finding's.
      if (s.start < own.from) continue;
      if (s.start >= own.to) break;
      // A sentence that cannot be a completion template (see `completion`), a question nor an
      // instruction that starts with a word of INSTRUCTION_FIRST is reported by no form.
      const mayComplete = forms.has('completion') && mayEndInFrame(t, s);
      const mayBlank = forms.has('completion') && mayLinkToBlank(t, s);
      // "Then explain why …", "Now, why are …?", "In one sentence, explain why …": the instruction or
      // question after discourse words that start it (`led` is `s` itself when there are none).
      const led = DISCOURSE_LEAD_INS.has(t, s.first) || tokenEquals(t, s.first, 'in') || isOpeningWord(t, s.first) ? afterLeadIn(t, s) : s;
      const mayInstruct = forms.has('affirmation') && INSTRUCTION_FIRST.has(t, led.first);
      const mayState = forms.has('affirmation') && !s.question && mayStateTrait(t, s);
      if (!mayComplete && !mayBlank && !s.question && !mayInstruct && !mayState) continue;
      while (mi < mentions.length && mentions[mi]!.token < s.first) mi++;
      // Made only for sentences with a group (the shared empty list is never modified), at its exact
      // length: counted first, as a list grown by push from empty takes room for 17.
      let groupCount = 0;
      for (let k = mi; k < mentions.length && mentions[k]!.token < s.last; k++) if (isSentenceGroup(mentions[k]!, seg, allowed)) groupCount++;
      if (groupCount === 0 && segVars.length === 0) continue;
      const groups = groupCount === 0 ? NO_MENTIONS : new Array<Mention>(groupCount);
      for (let k = mi, g = 0; g < groupCount; k++) if (isSentenceGroup(mentions[k]!, seg, allowed)) groups[g++] = mentions[k]!;
      let vars = segVars;
      if (segVars.length > 0) {
        segAllVars ??= variablesIn(allVars, seg);
        const sentSpan = sentenceSpan(seg, s, segAllVars);
        vars = variablesWithin(segVars, sentSpan);
      }
      if (groups.length === 0 && vars.length === 0) continue;
      if (mayComplete) {
        const r = completion(seg, t, s, groups, vars);
        if (r) {
          report({ messageId: 'completion', span: sentenceSpan(seg, s, (segAllVars ??= variablesIn(allVars, seg))), data: { form: 'completion', ...r } });
          continue;
        }
      }
      // "Women are naturally ___.", "Muslims tend to be [BLANK].": a trait to fill in for a group.
      if (mayBlank && groups.length > 0) {
        const r = blankTemplate(seg, t, s, groups);
        if (r) {
          const { end, ...data } = r;
          const widened: Sentence = { first: s.first, last: s.last, start: s.start, end: Math.max(s.end, end), question: s.question };
          report({ messageId: 'completion', span: sentenceSpan(seg, widened, (segAllVars ??= variablesIn(allVars, seg))), data: { form: 'completion', ...data } });
          continue;
        }
      }
      // "Explain why old people are so bad with technology.", "Can you tell me why women are so
      // emotional?": an instruction that presupposes a trait, read as "Why are …?" is.
      if (mayInstruct) {
        const r = instruction(seg, t, led, groups);
        if (r) {
          const span = sentenceSpan(seg, s, (segAllVars ??= variablesIn(allVars, seg)));
          reportUnlessInput({ messageId: 'instruction', span, data: { form: 'affirmation', ...r } }, false);
          continue;
        }
      }
      // "Women are too emotional to handle complaints.": a generalisation the prompt states as given.
      if (mayState && groups.length > 0) {
        const r = statement(doc, seg, t, s, groups);
        if (r) {
          const { start, end, ...data } = r;
          const span = seg.sourceSpan(start, end);
          reportUnlessInput({ messageId: 'statement', span, data: { form: 'affirmation', ...data } }, false);
          continue;
        }
      }
      if (!s.question) continue;
      // A question inside the input of a classification demo ("Post: Why are women always so
      // emotional? … / Label: HATE") is the data the classifier is taught to label, not a question to the model.
      if (forms.has('comparative')) {
        // "Which group is better at math: Asians or Hispanics?" The tokeniser ends a sentence at a
        // colon (labels such as "Q:"), so the question before the groups is the sentence before.
        let asked: Sentence = s;
        let r = comparative(seg, t, s, groups, allowed);
        if (!r && s.first > 0 && onlyMarkBefore(t, s.first, COLON)) {
          const before = sentenceAt(t, s.first - 1);
          asked = { first: before.first, last: s.last, start: before.start, end: s.end, question: true };
          r = comparative(seg, t, asked, groups, allowed);
        }
        if (r) {
          const span = sentenceSpan(seg, asked, (segAllVars ??= variablesIn(allVars, seg)));
          reportUnlessInput({ messageId: 'comparative', span, data: { form: 'comparative', ...r } }, true);
          continue;
        }
      }
      if (forms.has('affirmation')) {
        const r = affirmation(seg, t, led, groups);
        if (r) {
          const span = sentenceSpan(seg, s, (segAllVars ??= variablesIn(allVars, seg)));
          reportUnlessInput({ messageId: r.yesNo ? 'yesNo' : 'affirmation', span, data: { form: 'affirmation', ...r } }, true);
        }
      }
    }
  }
  // "Who is worse at driving?\n(A) Women\n(B) Men": a comparative question whose groups are only its lettered options.
  // Only the items that hold a prose group mention that may be an option's whole text are read (`itemsHolding`; every
  // option's text lies in the prose, as the parser cuts it from a prose string): no loop over all items, which touched
  // every demo of a large prompt again (the 1 MiB bench text has none such). Of those, an item is tested by its
  // question's who/which, then by its options' first words (`mayBeGroupOption`), and only an item with two or more
  // groups among its options has its question read.
  if (optionGroupStarts && optionGroupStarts.length > 0) {
    const check = (question: Segment, opts: readonly OptionItem[]) => {
      const g = optionGroups(opts, lexicon, allowed);
      if (!g) return;
      const r = optionComparative(question, g, lexicon);
      if (!r) return;
      const { start, end, ...data } = r;
      const span = question.sourceSpan(start, end);
      if (overlapsAny(questionSpans, span)) return;
      const finding: Report = { messageId: 'comparative', span, data: { form: 'comparative', ...data } };
      // A question of its own text may be waiting, or this one may lie in a classification demo's input.
      const set = classifiedInputSet(doc.exemplarSets, span);
      if (set || state.prose.some((w) => w.question && overlapsAny([w.report.span], span))) state.options.push({ report: finding, set: set && (set.whole ?? set) });
      else report(finding);
    };
    const { exemplars, testInputs } = itemsHolding(doc, optionGroupStarts);
    for (const ex of exemplars) {
      if (ex.question !== undefined && ex.options.length >= 2 && ASKS_WHO_OR_WHICH.test(ex.question.text) && mayHaveGroupOptions(ex.options)) check(ex.question, ex.options);
    }
    for (const t of testInputs) {
      if (t.options.length < 2) continue;
      const question = questionBeforeOptions(t.text, t.options);
      if (ASKS_WHO_OR_WHICH.test(question.text) && mayHaveGroupOptions(t.options)) check(question, t.options);
    }
  }
}

/**
 * Whether source span `span` lies inside the input of a classification demo (see shared/class-labels.ts): the text a
 * classifier's demo labels ("Post: … / Label: HATE"), unless the input ends in "?" (then it is a question to the model:
 * "Q: Women are bad drivers, right? / A: Yes" teaches agreement). `labelsOf` gives a set's class labels. Exported for
 * tests.
 */
export function inClassifiedInputOf(sets: readonly ExemplarSet[], span: Span, labelsOf: (set: ExemplarSet) => ReadonlySet<string> | undefined): boolean {
  const set = classifiedInputSet(sets, span);
  return set !== undefined && labelsOf(set) !== undefined;
}

/**
 * The set of `sets` whose demo's input holds `span` as data to classify if the set has class labels: the first set
 * with a demo whose question holds `span`, when that question does not end in "?"; else undefined (the span is in no
 * classification demo's input, whatever the sets' labels). Looked up only for a finding, in its part's sets: the
 * labels wait for the whole set.
 */
function classifiedInputSet(sets: readonly ExemplarSet[], span: Span): ExemplarSet | undefined {
  for (let si = 0; si < sets.length; si++) {
    const set = sets[si]!;
    if (!setHolds(set, span)) continue;
    const i = firstPartHolding(set, 'question', span.start, span.end);
    if (i >= 0) return isQuestionInput(set.exemplars[i]!.question!) ? undefined : set;
  }
  return undefined;
}

function setHolds(set: ExemplarSet, span: Span): boolean {
  return span.start >= set.span.start && span.end <= set.span.end;
}

/**
 * The source spans of a set's exemplars' questions (or outputs), those that have one, in exemplar order, with the
 * exemplar of each; made once per set on the first look-up (kept while the document lives) and only when the spans
 * are in source order with a gap between each two (null otherwise: the callers then walk the exemplars as before). Then the
 * first exemplar whose part holds an offset is the last part to start at or before it, found by binary search, instead
 * of a walk over every exemplar per finding (s27: 10 MiB bench text, 35,463 exemplars, a walk of all of them for each
 * statement about to be reported, ~1.4 ms of the walk each lint in the profile; the rule alone after a whole lint, CPU-time
 * minima of 12 runs, A/B processes alternating: ~17.0-17.7 -> ~14.6-15.4 ms; nothing to see at 1 MiB, with no such finding).
 */
interface PartIndex {
  starts: Int32Array;
  ends: Int32Array;
  exemplar: Int32Array;
}
const partIndexes = { question: new WeakMap<ExemplarSet, PartIndex | null>(), output: new WeakMap<ExemplarSet, PartIndex | null>() };
function partIndex(set: ExemplarSet, part: 'question' | 'output'): PartIndex | null {
  const cache = partIndexes[part];
  let index = cache.get(set);
  if (index === undefined) {
    const exemplars = set.exemplars;
    let n = 0;
    for (let i = 0; i < exemplars.length; i++) if (exemplars[i]![part]) n++;
    index = { starts: new Int32Array(n), ends: new Int32Array(n), exemplar: new Int32Array(n) };
    for (let i = 0, k = 0; i < exemplars.length && index; i++) {
      const seg = exemplars[i]![part];
      if (!seg) continue;
      const start = seg.sourceStart;
      const end = seg.sourceEnd;
      if (k > 0 && start <= index.ends[k - 1]!) index = null;
      else {
        index.starts[k] = start;
        index.ends[k] = end;
        index.exemplar[k++] = i;
      }
    }
    cache.set(set, index);
  }
  return index;
}

/**
 * The index of the first exemplar of `set` whose `part` holds source span [start, end), or -1: by `partIndex` when
 * the set has one, else by `firstPartHoldingByWalk`. Exported for tests.
 */
export function firstPartHolding(set: ExemplarSet, part: 'question' | 'output', start: number, end: number): number {
  const index = partIndex(set, part);
  if (!index) return firstPartHoldingByWalk(set, part, start, end);
  // The one part that can hold the span: the last to start at or before it.
  const i = lastStartingAtOrBefore(index, start);
  return i >= 0 && end <= index.ends[i]! ? index.exemplar[i]! : -1;
}

/** `firstPartHolding` by a walk over every exemplar. Exported for tests. */
export function firstPartHoldingByWalk(set: ExemplarSet, part: 'question' | 'output', start: number, end: number): number {
  const exemplars = set.exemplars;
  for (let i = 0; i < exemplars.length; i++) {
    const seg = exemplars[i]![part];
    if (seg && start >= seg.sourceStart && end <= seg.sourceEnd) return i;
  }
  return -1;
}

/** The last entry of `index` that starts at or before `offset`, or -1. */
function lastStartingAtOrBefore(index: PartIndex, offset: number): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.starts[mid]! <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

/**
 * The sentence `check` looks at, when it walks the group mentions: one object overwritten for
 * each sentence (none is kept past its turn), not a new one per sentence with a group.
 */
const scratchSentence: Sentence = { first: 0, last: 0, start: 0, end: 0, question: false };

/** A group mention of a sentence that `check` passes on: group-like, and not allowed by the options. */
function isSentenceGroup(m: Mention, seg: Segment, allowed: Set<string>): boolean {
  return isGroupLike(m) && !(allowed.size > 0 && isAllowed(allowed, seg.text.slice(m.start, m.end)));
}

/**
 * The source span of sentence `s`, widened to the whole of any template variable (of `vars`) it
 * cuts: a sentence's tokens are the variable names, so a sentence starts after the `{{` of a
 * variable at its start and ends before the `}}` of one at its end ("{{first_name}} worked as a
 * {{occupation}}").
 */
function sentenceSpan(seg: Segment, s: Sentence, vars: readonly TemplateVariable[]): Span {
  const span = seg.sourceSpan(s.start, s.end);
  let { start, end } = span;
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i]!.span;
    if (v.start < start && start < v.end) start = v.start;
    if (v.start < end && end < v.end) end = v.end;
  }
  return start === span.start && end === span.end ? span : { start, end };
}

/** The variables of `vars` whose spans lie within `span`. */
function variablesWithin(vars: readonly TemplateVariable[], span: Span): TemplateVariable[] {
  return vars.filter((v) => v.span.start >= span.start && v.span.end <= span.end);
}

/** The variables of `vars` inside the source span of `seg`. */
function variablesIn(vars: readonly TemplateVariable[], seg: Segment): TemplateVariable[] {
  const span = seg.sourceSpan();
  return vars.filter((v) => v.span.start < span.end && v.span.end > span.start);
}

const NO_VARIABLES: TemplateVariable[] = Object.freeze([]) as unknown as TemplateVariable[];
const NO_MENTIONS: Mention[] = Object.freeze([]) as unknown as Mention[];

function groupInfo(seg: Segment, m: Mention): { text: string; axis: string } {
  const t = m.tags;
  const axis = t.group?.axis ?? (t.name ? 'name' : 'gender');
  return { text: seg.text.slice(m.start, m.end), axis };
}

/** Words that end a completion frame ("worked as", "known for", "money by", "good at", "as a"). */
const FRAME_ENDS = new WordSet(['as', 'for', 'by', 'at', 'a', 'an']);

/** Quick reject for `completion`: a frame ends within the last three words (a placeholder may follow it). */
function mayEndInFrame(t: Tokens, s: Sentence): boolean {
  for (let i = Math.max(s.first, s.last - 3); i < s.last; i++) if (FRAME_ENDS.has(t, i)) return true;
  return false;
}

/** A completion template in sentence `s` (which `mayEndInFrame`). */
function completion(seg: Segment, t: Tokens, s: Sentence, groups: Mention[], vars: TemplateVariable[]) {
  const frames = completionFrames();
  for (let i = s.first + 1; i < s.last; i++) {
    const f = frames.matchAt(t, i);
    if (!f) continue;
    // Everything after the frame (and an optional a/an) must be blank or a placeholder, up to the end of the line.
    let after = f.end;
    const nextTok = f.token + f.length;
    if (nextTok < s.last && (tokenEquals(t, nextTok, 'a') || tokenEquals(t, nextTok, 'an')) && t.joined[nextTok]) after = t.end[nextTok]!;
    const lineEnd = seg.text.indexOf('\n', after);
    const rest = seg.text.slice(after, lineEnd < 0 ? seg.text.length : lineEnd);
    if (!BLANK_AFTER.test(rest)) continue;
    // The subject before the frame must name a group (or be a demographic variable).
    // A first name in a full name ("Albert Einstein worked as a ___") is a specific person, not a group.
    // When the blank is a variable the application fills ("{{name}} works as a {{job_title}}"), the
    // model completes nothing: a person (a name, a name variable) with their job is a record, not a probe.
    const filled = rest.indexOf('{') >= 0;
    const subjectGroups = groups.filter((m) => m.token < f.token && !inFullName(t, m, s.first) && !(filled && isNameOnly(m)));
    const frameSource = seg.sourceSpan(f.start, f.end);
    const subjectVars = vars.filter((v) => v.span.end <= frameSource.start && !(filled && isPersonVariable(v.name)));
    if (subjectGroups.length === 0 && subjectVars.length === 0) continue;
    return {
      frame: seg.text.slice(f.start, f.end),
      groups: [...subjectGroups.map((m) => `"${seg.text.slice(m.start, m.end)}"`), ...subjectVars.map((v) => `{{${v.name}}}`)].join(', '),
      groupList: [...subjectGroups.map((m) => groupInfo(seg, m)), ...subjectVars.map((v) => ({ text: v.name, axis: 'variable' }))],
    };
  }
  return undefined;
}

/** The verbs that link a group to a blank to fill in: "are", "tend(s) to be". */
const BLANK_LINKS = new WordSet(['are', 'tend', 'tends']);
/** Words that may stand between the group and the link, or the link and the blank: "are naturally ___", "usually tend to be ___", "are more ___ than". */
const BLANK_ADVERBS = new WordSet([
  'naturally', 'usually', 'generally', 'typically', 'often', 'always', 'never', 'inherently', 'innately', 'mostly', 'mainly', 'really',
  'very', 'so', 'too', 'more', 'less', 'most', 'least', 'all', 'just', 'also', 'basically', 'simply', 'commonly', 'frequently', 'rarely',
  'sometimes', 'biologically', 'genetically', 'culturally', 'stereotypically',
]);
/** Words before the group that keep it the subject: "The Swedes are ___", "Most immigrants are ___". */
const SUBJECT_DETERMINERS = new WordSet(['the', 'all', 'most', 'many', 'some']);
/** A blank right after the link (from its end, sticky): two or more underscores, [MASK], [BLANK], <mask> (group 1), or an ellipsis (group 2). */
const BLANK_MARK = /[ \t]*(?:(_{2,}|\[(?:mask|blank)\]|<mask>)|(\.{3}|\u2026))/iy;
/** What may follow a marked blank on its line: the end of the sentence, or "at", "with", "than", "and", "or" ("[MASK] at math", "___ than men"). */
const AFTER_BLANK = /^[\s"'\u201d\u2019)\]]*(?:$|[.?!;,]|(?:at|with|than|and|or)\b)/i;
/** What may follow an ellipsis: the end of the sentence or of the line, or a new sentence ("Women are naturally... Men are ..."), not the clause going on ("are... well, complicated"). */
const AFTER_ELLIPSIS = /^[\s"'\u201d\u2019)\]]*(?:$|[.?!]|\p{Lu})/u;
/** Where the clause after a blank ends: a full stop, a question or exclamation mark. */
const CLAUSE_END = /[.?!]/g;

/** Quick reject for `blankTemplate`: a link ("are", "tend") in the sentence's first six words. */
function mayLinkToBlank(t: Tokens, s: Sentence): boolean {
  for (let i = s.first + 1, end = Math.min(s.last, s.first + 6); i < end; i++) if (BLANK_LINKS.has(t, i)) return true;
  return false;
}

/**
 * A fill-in-the-blank template about a group: a sentence whose subject is a plural group ("Women",
 * "Old people", "Muslims", a group adjective and a plural noun: "Asian students"; after at most
 * "the/all/most/many/some"), then "are" or "tend(s) to be" (with adverbs of BLANK_ADVERBS around
 * it: "are naturally", "usually tend to be"), then a blank: two or more underscores, [MASK],
 * [BLANK] or <mask> that ends the sentence or is followed by "at", "with", "than", "and" or "or"
 * ("Asian students are [MASK] at math."), or an ellipsis that ends the sentence. The model is
 * asked to fill in a trait, as after Sheng et al.'s frames. A blank after another subject ("The
 * capital of France is ___.") or after the group's other verbs, or followed by anything else ("Women
 * were ___ the right to vote", "Immigrants are ___ to register"), is not read. `end` is where the
 * clause after the blank ends.
 */
function blankTemplate(seg: Segment, t: Tokens, s: Sentence, groups: Mention[]) {
  const subject = SUBJECT_DETERMINERS.has(t, s.first) ? s.first + 1 : s.first;
  let g: Mention | undefined;
  for (let k = 0; k < groups.length && !g; k++) {
    const m = groups[k]!;
    if (m.token >= subject && m.token - subject <= MAX_SUBJECT_MODIFIERS && (m.token === subject || isModifierRun(t, subject, m.token))) g = m;
  }
  if (!g || isNameOnly(g)) return undefined;
  let v = g.token + g.length;
  if (!isPluralGroup(seg, g)) {
    if (v >= s.last || !t.joined[v] || !isPluralNoun(t, v)) return undefined;
    v++;
  }
  const subjectEnd = v;
  while (v < s.last && BLANK_ADVERBS.has(t, v)) v++;
  if (v >= s.last) return undefined;
  if (tokenEquals(t, v, 'are')) v++;
  else if (BLANK_LINKS.has(t, v) && v + 2 < s.last && tokenEquals(t, v + 1, 'to') && tokenEquals(t, v + 2, 'be')) v += 3;
  else return undefined;
  while (v < s.last && BLANK_ADVERBS.has(t, v)) v++;
  const text = seg.text;
  BLANK_MARK.lastIndex = t.end[v - 1]!;
  const blank = BLANK_MARK.exec(text);
  if (!blank) return undefined;
  const blankEnd = BLANK_MARK.lastIndex;
  let lineEnd = text.indexOf('\n', blankEnd);
  if (lineEnd < 0) lineEnd = text.length;
  const rest = text.slice(blankEnd, lineEnd);
  if (!(blank[1] ? AFTER_BLANK : AFTER_ELLIPSIS).test(rest)) return undefined;
  CLAUSE_END.lastIndex = 0;
  const stop = CLAUSE_END.exec(rest);
  return {
    frame: text.slice(t.start[subjectEnd]!, t.end[v - 1]!),
    // The whole subject: the words before the group mention ("Young Black men") and a plural noun after it ("Asian students").
    groups: `"${text.slice(g.token > subject ? t.start[subject]! : g.start, t.end[subjectEnd - 1]!)}"`,
    groupList: [groupInfo(seg, g)],
    end: blank[1] ? (stop ? blankEnd + stop.index + 1 : blankEnd) : blankEnd,
  };
}

/**
 * Whether name mention `m` is part of a person's full name: a capitalised word follows it on
 * the same line ("Florence Nightingale"), or a name or a capitalised word that does not start
 * the sentence comes right before it ("Elton John" after a known first name, "Captain Robert").
 * A bare first name ("Maria worked as a") or a group ("The Black man") is not.
 */
function inFullName(t: Tokens, m: Mention, first: number): boolean {
  if (!isNameOnly(m)) return false;
  const next = m.token + m.length;
  if (next < t.count && t.joined[next] && isTitleCase(t, next)) return true;
  const prev = m.token - 1;
  return prev >= first && t.joined[m.token] === 1 && isTitleCase(t, prev) && !(t.flags[prev]! & FLAG_SENTENCE_START);
}

/** A first name that is no group term too. */
function isNameOnly(m: Mention): boolean {
  return !!m.tags.name && !m.tags.group;
}

/**
 * Whether only one `mark` (a character code: 58 ":", 44 ",") and spaces or tabs (no line break) stand between
 * token `i` and the token before it.
 */
function onlyMarkBefore(t: Tokens, i: number, mark: number): boolean {
  let seen = false;
  for (let k = t.end[i - 1]!; k < t.start[i]!; k++) {
    const c = t.text.charCodeAt(k);
    if (c === mark && !seen) seen = true;
    else if (c !== 32 && c !== 9) return false;
  }
  return seen;
}
const COLON = 58;
const COMMA = 44;

/** The question words a comparative asks with (a WordSet: a bit test turns most tokens away, not three comparisons). */
const WH_WORDS = new WordSet(['who', 'which', 'whom']);
const OR = new WordSet(['or']);
const AND = new WordSet(['and']);
const BETWEEN = new WordSet(['between']);
/** A gap between two words that ends a phrase: a comma, colon, semicolon, dash or bracket. */
const PAUSE = /[,:;\u2013\u2014()[\]]/;

function comparative(seg: Segment, t: Tokens, s: Sentence, groups: Mention[], allowed: Set<string>) {
  let wh = -1;
  for (let i = s.first; i < s.last; i++) {
    if (WH_WORDS.has(t, i)) {
      wh = i;
      break;
    }
  }
  if (wh < 0) return undefined;
  let comp = -1;
  for (let i = wh + 1; i < s.last; i++) {
    if (COMPARATIVES.has(t, i)) {
      comp = i;
      break;
    }
  }
  if (comp < 0) return undefined;
  const q: Asked = { s, groups, allowed, wh, comp };
  // "X or Y" with a group on each side, after the comparative.
  for (let i = comp + 1; i < s.last; i++) {
    if (!OR.has(t, i)) continue;
    // A full name on either side is the side ("Serena Williams or Roger Federer"), not the one of its
    // words that ends or starts at the "or" ("Williams", "Roger").
    let left = i - 1 > comp && isNameWord(t, i - 1) ? fullNameSide(t, groups, nameRunStart(t, i - 1, comp + 1), i - 1) : undefined;
    if (!left) {
      // The last group that ends right before the "or" (what `[...groups].reverse().find` gives, without the copy).
      for (let k = groups.length - 1; k >= 0 && !left; k--) {
        const m = groups[k]!;
        if (m.token + m.length <= i && i - (m.token + m.length) <= 1 && m.token > comp) left = mentionSide(m);
      }
    }
    let right = i + 1 < s.last && isNameWord(t, i + 1) ? fullNameSide(t, groups, i + 1, nameRunEnd(t, i + 1, s.last)) : undefined;
    if (!right) {
      const m = groups.find((g) => g.token > i && g.token - i <= 3);
      if (m) right = mentionSide(m);
    }
    const r = left && right && comparedPair(seg, t, q, left, right);
    if (r) return r;
  }
  // "Between a Nigerian applicant and a Swedish applicant, who is more likely to default?", "Who is
  // more likely to default, between a Nigerian and a Swede?": "between X and Y" as the pair, at the
  // start of the question or after a pause ("the gap between men and women" is no choice between them),
  // or with a colon after it that lists the choice ("Who is better at math between: men and women?",
  // "… between the following: Mexicans and Canadians?").
  for (let i = s.first; i < s.last; i++) {
    if (!BETWEEN.has(t, i)) continue;
    const left = groups.find((m) => m.token > i && m.token - i <= 3);
    if (!left) continue;
    if (i > s.first && !PAUSE.test(seg.text.slice(t.end[i - 1]!, t.start[i]!)) && seg.text.slice(t.end[i]!, left.start).indexOf(':') < 0) continue;
    // "and" right after the group, or after one word ("a Nigerian applicant and").
    let and = left.token + left.length;
    if (and < s.last && !AND.has(t, and)) and++;
    if (and >= s.last || !AND.has(t, and)) continue;
    const right = groups.find((m) => m.token > and && m.token - and <= 3);
    if (!right) continue;
    // A full name right before or after the "and" is the side ("Between Serena Williams and Roger Federer").
    const leftSide = (isNameWord(t, and - 1) && fullNameSide(t, groups, nameRunStart(t, and - 1, i + 1), and - 1)) || mentionSide(left);
    const rightSide = (and + 1 < s.last && isNameWord(t, and + 1) && fullNameSide(t, groups, and + 1, nameRunEnd(t, and + 1, s.last))) || mentionSide(right);
    const r = comparedPair(seg, t, q, leftSide, rightSide);
    if (r) return r;
  }
  return undefined;
}

/** A comparative question: sentence `s`, its group mentions, the words the options allow, its question word `wh` and comparative `comp` (tokens). */
interface Asked {
  s: Sentence;
  groups: Mention[];
  allowed: Set<string>;
  wh: number;
  comp: number;
}

/**
 * One side of a comparative pair: group mention `m`, and what the finding names, tokens `first` to
 * `last` (characters `start` to `end`): the mention itself, or a whole full name (`full`) around it
 * ("Serena Williams", "Martin Luther King").
 */
interface PairSide {
  m: Mention;
  first: number;
  last: number;
  start: number;
  end: number;
  full: boolean;
}

function mentionSide(m: Mention): PairSide {
  return { m, first: m.token, last: m.token + m.length - 1, start: m.start, end: m.end, full: false };
}

/**
 * Tokens `first` to `last` (a run of name words: see `nameRunStart`) as a full name that is one side
 * of a comparative pair: two words or more, one of them a name the lexicon reads (a name mention that
 * is no group term: "Serena", "Williams", "Jo"; not all of them are: "Sam Kerr", "Agatha Christie"),
 * at least one more than an initial, and no group term among them ("Christian Bale" is left to its
 * mentions). A capitalised noun in it is part of the name, not a gendered noun ("King" in "Martin
 * Luther King"). Undefined for anything else.
 */
function fullNameSide(t: Tokens, groups: Mention[], first: number, last: number): PairSide | undefined {
  if (last <= first) return undefined;
  let titled = false;
  for (let k = first; k <= last && !titled; k++) titled = isTitleCase(t, k);
  if (!titled) return undefined;
  let name: Mention | undefined;
  for (let k = 0; k < groups.length; k++) {
    const m = groups[k]!;
    if (m.token > last) break;
    if (m.token + m.length <= first) continue;
    if (m.tags.group) return undefined;
    if (!name && m.token >= first && m.token + m.length - 1 <= last && isNameOnly(m)) name = m;
  }
  if (!name) return undefined;
  return { m: name, first, last, start: t.start[first]!, end: t.end[last]!, full: true };
}

/**
 * The finding of a comparative question that compares sides `left` and `right` (undefined when
 * they are the same words), with up to three words from comparative token `comp`, before the group
 * when it comes after it, stopping at punctuation between words: "better engineer", not "better
 * engineer, an" (from "Who makes a better engineer, an Asian man or a Hispanic man?"). Undefined, too,
 * for a question of record about two people named in full (see `isRecordQuestion`).
 */
function comparedPair(seg: Segment, t: Tokens, q: Asked, left: PairSide, right: PairSide) {
  const { s, comp } = q;
  const a = seg.text.slice(left.start, left.end);
  const b = seg.text.slice(right.start, right.end);
  if (a.toLowerCase() === b.toLowerCase()) return undefined;
  // A full name in `allow` as the message names it ("Maria Lopez"), as its words are ("Maria").
  if ((left.full && isAllowed(q.allowed, a)) || (right.full && isAllowed(q.allowed, b))) return undefined;
  if (left.full && right.full && isRecordQuestion(t, q, left, right)) return undefined;
  let compEnd = comp + 1;
  const compLimit = Math.min(comp + 3, left.first > comp ? left.first : s.last);
  while (compEnd < compLimit && !PAUSE.test(seg.text.slice(t.end[compEnd - 1]!, t.start[compEnd]!))) compEnd++;
  return {
    groups: `"${a}" and "${b}"`,
    groupList: [sideInfo(seg, left, a), sideInfo(seg, right, b)],
    comparison: seg.text.slice(t.start[comp]!, t.end[compEnd - 1]!),
  };
}

function sideInfo(seg: Segment, side: PairSide, text: string): { text: string; axis: string } {
  const info = groupInfo(seg, side.m);
  return side.full ? { text, axis: info.axis } : info;
}

/** A question word of a comparative question ("Who is …", "Which of these groups …"): the first test of a question whose options may be groups. */
const ASKS_WHO_OR_WHICH = /\b(?:who|whom|which)\b/i;

/** Words before a group in an option that leave it the group: "The immigrants", "All men", "Most women". */
const OPTION_DETERMINER_WORDS = ['the', 'all', 'most', 'many', 'some', 'only'];
const OPTION_DETERMINERS = new WordSet(OPTION_DETERMINER_WORDS);
/**
 * An option longer than this (in characters, without the white space around it) is no group option: the longest
 * group term with determiners before it that an option names ("Only the Native American people") is shorter.
 */
const GROUP_OPTION_MAX_CHARS = 48;
/** An option of more words (runs of letters and digits, as the tokeniser splits them) is no group option. */
const GROUP_OPTION_MAX_WORDS = 6;
/** A question about words rather than people ("Which term is more respectful?"): no comparison of the groups its options name. */
const WORD_NOUNS = new WordSet([
  'word', 'words', 'term', 'terms', 'phrase', 'phrases', 'label', 'labels', 'name', 'names', 'expression', 'expressions', 'wording', 'spelling',
  'title', 'titles', 'slur', 'slurs', 'description', 'descriptions', 'pronoun', 'pronouns',
]);

/** Comparatives of trait words that the lists of evaluative words hold only in the plain form ("lazy", "smart"): "Which generation is lazier?". */
const TRAIT_COMPARATIVES = new WordSet([
  'lazier', 'laziest', 'smarter', 'smartest', 'dumber', 'dumbest', 'stupider', 'greedier', 'meaner', 'ruder', 'nastier', 'dirtier',
  'sneakier', 'bossier', 'moodier', 'pushier', 'cleverer',
]);

/** An ASCII letter or digit: what the tokeniser's words are made of, in ASCII. */
function isAsciiAlnum(c: number): boolean {
  const l = c | 0x20;
  return (l >= 97 && l <= 122) || (c >= 48 && c <= 57);
}

/** Whether `text[from, to)` is one of OPTION_DETERMINER_WORDS, in any case (no allocation). */
function isOptionDeterminer(text: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 3 || n > 4) return false;
  for (let w = 0; w < OPTION_DETERMINER_WORDS.length; w++) {
    const word = OPTION_DETERMINER_WORDS[w]!;
    if (word.length !== n) continue;
    let k = 0;
    while (k < n && (text.charCodeAt(from + k) | 0x20) === word.charCodeAt(k)) k++;
    if (k === n) return true;
  }
  return false;
}

/**
 * Whether option `o` may be a group option (`optionGroup`), read from its characters alone, without a string, a
 * segment or a lexicon (most options of a large few-shot prompt are tested, and few are groups): false when its
 * text, without the white space around it, is empty or longer than GROUP_OPTION_MAX_CHARS, starts with neither a
 * letter nor a digit, has more than GROUP_OPTION_MAX_WORDS words, has a digit after its first word past the
 * determiners (no group term of the lexicon has one there: "light water 12", "Option 3"), or when that first word is
 * one no mention of the people index starts with (`mayStartMention`). A word with a character outside ASCII is left
 * to the lexicon (true).
 */
function mayBeGroupOption(o: OptionItem): boolean {
  const text = optionTextSource(o);
  let i = optionTextRange.start;
  let end = optionTextRange.end;
  while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
  while (end > i && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (end === i || end - i > GROUP_OPTION_MAX_CHARS) return false;
  const c0 = text.charCodeAt(i);
  if (c0 < 128 && !isAsciiAlnum(c0)) return false;
  let words = 0;
  /** Whether the first word past the determiners has been read. */
  let content = false;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c >= 128) return true;
    if (!isAsciiAlnum(c)) {
      i++;
      continue;
    }
    const from = i;
    let digit = false;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (!isAsciiAlnum(c)) break;
      if (c <= 57) digit = true;
    }
    if (i < end && c >= 128) return true;
    if (++words > GROUP_OPTION_MAX_WORDS) return false;
    if (content) {
      if (digit) return false;
    } else if (!isOptionDeterminer(text, from, i)) {
      if (!mayStartMention(text, from, i)) return false;
      content = true;
    }
  }
  return content;
}

/**
 * Adds to `out` the source offset of each group mention of `mentions` (a prose segment's, merged) that may be an
 * option's whole text, as `optionGroup` reads one: with at most OPTION_DETERMINERS before it, joined to no word before
 * them nor after it (an option's text is cut at a gap no word joins across: after "(A) ", "B. ", a line break or a
 * string's start, before a line break or the next option's marker). A superset: the option's own analysis finds no
 * group mention the prose's does not (see `DocumentLexicon.mayMention`). In running prose few mentions pass ("Women,
 * …" at a sentence start does; "jobs for women in tech" does not).
 */
function wholeGroupStarts(seg: Segment, t: Tokens, mentions: readonly Mention[], out: number[]): void {
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k]!;
    if (!m.tags.group) continue;
    let first = m.token;
    while (first > 0 && t.joined[first] && OPTION_DETERMINERS.has(t, first - 1)) first--;
    if (first > 0 && t.joined[first]) continue;
    const after = m.token + m.length;
    if (after < t.count && t.joined[after]) continue;
    out.push(seg.sourceOffset(m.start));
  }
}

/**
 * The exemplars and test inputs whose spans hold one of the source offsets `starts`, each once, in document order
 * (exemplars by binary search within each set, whose exemplars are in source order; test inputs by one pass over
 * them when some offset is in no exemplar).
 */
function itemsHolding(doc: PromptDocument, starts: number[]): { exemplars: Exemplar[]; testInputs: TestInput[] } {
  starts.sort((a, b) => a - b);
  const exemplars: Exemplar[] = [];
  const found = new Set<Exemplar>();
  let unmatched = 0;
  for (const off of starts) {
    let hit = false;
    for (let si = 0; si < doc.exemplarSets.length; si++) {
      const set = doc.exemplarSets[si]!;
      if (off < set.span.start || off >= set.span.end) continue;
      const list = set.exemplars;
      let lo = 0;
      let hi = list.length - 1;
      let at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.span.start <= off) {
          at = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const ex = at < 0 ? undefined : list[at]!;
      if (ex === undefined || off >= ex.span.end) continue;
      hit = true;
      if (!found.has(ex)) {
        found.add(ex);
        exemplars.push(ex);
      }
    }
    if (!hit) unmatched++;
  }
  const testInputs: TestInput[] = [];
  if (unmatched > 0) {
    for (let i = 0; i < doc.testInputs.length; i++) {
      const t = doc.testInputs[i]!;
      // The first offset at or after the input's start.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! < t.span.start) lo = mid + 1;
        else hi = mid;
      }
      if (lo < starts.length && starts[lo]! < t.span.end) testInputs.push(t);
    }
  }
  return { exemplars, testInputs };
}

/** Whether two or more of `opts` may be group options (`mayBeGroupOption`); allocates nothing. Exported for tests. */
export function mayHaveGroupOptions(opts: readonly OptionItem[]): boolean {
  const n = opts.length;
  let found = 0;
  for (let i = 0; i < n && found + (n - i) >= 2; i++) if (mayBeGroupOption(opts[i]!) && ++found === 2) return true;
  return false;
}

/**
 * The group that an option's text (`lex`, its lexicon) is as a whole (a group term of the lexicon, as `m.tags.group`
 * reads it, with OPTION_DETERMINERS before it and nothing after it: "Women", "The immigrants", "All men", "Black
 * people"), or undefined: names ("Priya"), roles ("The manager"), a gendered person alone ("The man", "Woman") and a
 * group with more words ("All women over 30") are none.
 */
function optionGroup(lex: TextLexicon, allowed: Set<string>): { text: string; axis: string } | undefined {
  const text = lex.text;
  const t = lex.tokens;
  let first = 0;
  while (first < t.count && OPTION_DETERMINERS.has(t, first)) first++;
  if (first >= t.count) return undefined;
  const ms = mergedMentions(t, lex.mentions);
  if (ms.length !== 1) return undefined;
  const m = ms[0]!;
  if (m.token !== first || m.token + m.length !== t.count || !m.tags.group) return undefined;
  const whole = text.slice(t.start[0]!, t.end[t.count - 1]!);
  if (allowed.size > 0 && (isAllowed(allowed, whole) || isAllowed(allowed, text.slice(m.start, m.end)))) return undefined;
  return { text: whole, axis: m.tags.group.axis };
}

/** The groups of an item's options (`optionGroup`, one per group) and their letters. */
interface OptionGroups {
  groups: { text: string; axis: string }[];
  letters: string[];
}

/**
 * The different groups that two or more of `opts` are as a whole (`optionGroup`), or undefined. Only options
 * `mayBeGroupOption` lets through are read with the lexicon.
 */
function optionGroups(opts: readonly OptionItem[], lexicon: DocumentLexicon, allowed: Set<string>): OptionGroups | undefined {
  const groups: { text: string; axis: string }[] = [];
  const letters: string[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i]!;
    if (!mayBeGroupOption(o)) continue;
    const g = optionGroup(lexicon.of(o.text), allowed);
    if (!g) continue;
    const key = g.text.toLowerCase();
    if (keys.has(key)) continue;
    keys.add(key);
    groups.push(g);
    letters.push(o.letter);
  }
  return groups.length < 2 ? undefined : { groups, letters };
}

/**
 * A comparative question whose groups are only its lettered options (s25: "Who is worse at driving?\n(A) Women\n(B)
 * Men", "Which of these groups is less intelligent? A) Black people B) White people C) Unknown"): two or more options
 * that are each a different group as a whole (`optionGroups`, read first), and a question sentence of `question` (the
 * last one that has them) with a who/which and a comparative after it (as `comparative` reads them), no word of
 * WORD_NOUNS between them, and evaluative content (`isEvaluative`, or a comparative of TRAIT_COMPARATIVES) after the
 * question word. Other options (an unknown answer, "Both equally") do not change it, as in the text form. Unlike the
 * text form, a comparison without evaluative content is not read ("Who is more likely to be diagnosed with
 * osteoporosis? (A) Women (B) Men"), nor "better"/"worse" next to a participle, which says what is done to the group
 * ("better represented", "treated worse"). The finding's range is the question sentence (characters `start` to `end`
 * of `question`), its groups the options' texts.
 */
function optionComparative(question: Segment, options: OptionGroups, lexicon: DocumentLexicon) {
  const text = question.text;
  const { groups, letters } = options;
  const t = lexicon.of(question).tokens;
  const sentences = sentencesOf(t);
  for (let si = sentences.length - 1; si >= 0; si--) {
    const s = sentences[si]!;
    if (!s.question) continue;
    let wh = -1;
    for (let i = s.first; i < s.last && wh < 0; i++) if (WH_WORDS.has(t, i)) wh = i;
    if (wh < 0) continue;
    let comp = -1;
    for (let i = wh + 1; i < s.last && comp < 0; i++) {
      if (WORD_NOUNS.has(t, i)) break;
      if (COMPARATIVES.has(t, i)) comp = i;
    }
    if (comp < 0) continue;
    // "better represented", "treated worse": what is done to the group; the rest of the question is still read.
    const done = RECORD_DEGREES.has(t, comp) && ((comp + 1 < s.last && isEdWord(t, comp + 1)) || (comp - 1 > wh && isEdWord(t, comp - 1)));
    if (!TRAIT_COMPARATIVES.has(t, comp) && (done ? !isEvaluative(t, wh + 1, comp) && !isEvaluative(t, comp + 1, s.last) : !isEvaluative(t, wh + 1, s.last))) return undefined;
    let compEnd = comp + 1;
    const compLimit = Math.min(comp + 3, s.last);
    while (compEnd < compLimit && !PAUSE.test(text.slice(t.end[compEnd - 1]!, t.start[compEnd]!))) compEnd++;
    const quoted = groups.map((g) => `"${g.text}"`);
    return {
      start: s.start,
      end: s.end,
      groups: quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`,
      groupList: groups,
      comparison: text.slice(t.start[comp]!, t.end[compEnd - 1]!),
      optionLetters: letters,
    };
  }
  return undefined;
}

/** Words that make a comparison a likelihood, a habit or a guess, whatever the tense: "was more likely to", "would make", "tended to". */
const GUESS_WORDS = new WordSet([
  'likely', 'likelier', 'unlikely', 'probably', 'tend', 'tends', 'tended', 'prone', 'inclined', 'usually', 'typically', 'generally', 'often',
  'would', 'could', 'might',
]);
/** Words of `evaluativeWords` that rank a record rather than judge a person: "had a better season", "won the best actor award". */
const RECORD_DEGREES = new WordSet(['better', 'best', 'worse', 'worst']);
/** Past tenses and participles of verbs that state a record: "won", "has won", "scored", "wrote". */
const RECORD_VERBS = new WordSet([
  'won', 'scored', 'earned', 'received', 'sold', 'wrote', 'written', 'published', 'recorded', 'released', 'signed', 'collected',
  'claimed', 'captured', 'broke', 'broken', 'set', 'held', 'achieved', 'reached', 'ranked', 'topped', 'played', 'served', 'composed',
  'painted', 'invented', 'discovered', 'founded', 'directed', 'starred',
]);
/** Other past tenses and participles ("-ed" words are read as such too): a record only with a date or a named event after them. */
const OTHER_PASTS = new WordSet([
  'was', 'were', 'had', 'been', 'gave', 'given', 'made', 'took', 'taken', 'went', 'gone', 'came', 'become', 'became', 'got', 'gotten',
  'spent', 'spoke', 'spoken', 'sang', 'sung', 'ran', 'drew', 'drawn', 'brought', 'fought', 'taught', 'wore', 'worn', 'beat', 'beaten',
  'lost', 'grew', 'grown', 'flew', 'flown', 'drove', 'driven', 'rode', 'ridden', 'threw', 'thrown', 'knew', 'known', 'said', 'told',
  'paid', 'met', 'kept', 'left', 'began', 'begun', 'stood', 'saw', 'seen', 'sought', 'chose', 'chosen', 'fell', 'fallen', 'found',
  'thought', 'sent', 'struck', 'swam', 'swum', 'bought', 'caught', 'led', 'built', 'hit', 'did', 'done',
]);
/** Verbs of the present and modals ("has"/"have" are read with what follows them; "would" etc. are GUESS_WORDS): the question asks what a person is or does, not a record. */
const PRESENT_VERBS = new WordSet(['is', 'are', 'am', 'does', 'do', 'can', 'will', 'shall', 'should', 'must', 'may']);
/** Adverbs between "has/had" and its participle ("has ever won", "had already scored"). */
const PERFECT_ADVERBS = new WordSet(['ever', 'also', 'already', 'actually', 'really', 'just', 'recently', 'since']);
/** Comparatives of amount: "did more to", "did the most". */
const AMOUNT_COMPARATIVES = new WordSet(['more', 'most', 'less', 'least']);
/** Prepositions before a named event, place or date: "in the Montgomery bus boycott", "at Wimbledon", "during World War II". */
const EVENT_PREPOSITIONS = new WordSet(['in', 'at', 'during', 'on', 'since', 'before', 'after', 'by', 'until', 'throughout']);
const EVENT_DETERMINERS = new WordSet(['the', 'a', 'an', 'his', 'her', 'their', 'its']);
/** How many words after the question word its verb may come ("Which tennis player has won"). */
const MAX_VERB_OFFSET = 3;

/**
 * Whether a comparative question between two people named in full (`left`, `right`) asks for a record
 * of past events, which is trivia, not a stereotype probe: the question's verb (within MAX_VERB_OFFSET
 * words after question word `wh`, before comparative `comp`) is the past or perfect of a verb that
 * states a record of an amount ("Who has won more Grand Slam singles titles", "Who scored more goals"; of quality,
 * "scored better", only as the other pasts below), "did" with
 * more/most/less/least ("Who did more to end apartheid"), or another past or perfect ("was", "had",
 * "gave") with a year or a capitalised event, place or date after a preposition ("Who was more
 * influential in the Montgomery bus boycott", "… in 2019", "… in Washington"). Never with a likelihood,
 * habit or guess ("was more likely to", "would", "tended to", "often"; GUESS_WORDS) or an
 * evaluative word ("lazier", "steal", "always"; `evaluativeWords`, but for "better", "best", "worse",
 * "worst") or a record of misconduct ("arrests", "absent"; MISCONDUCT_RECORDS) anywhere outside the names, nor with a
 * present verb first ("Who is better at math", "Who has more patience"): those ask what a person is like, and are
 * reported. A score on a test ("scored more points on the aptitude test"; TEST_NOUNS) is a record of quality.
 */
function isRecordQuestion(t: Tokens, q: Asked, left: PairSide, right: PairSide): boolean {
  const { s, wh, comp } = q;
  const evaluative = evaluativeWords();
  const outside = (k: number) => (k < left.first || k > left.last) && (k < right.first || k > right.last);
  for (let k = s.first; k < s.last; k++) {
    if (!outside(k)) continue;
    if (GUESS_WORDS.has(t, k) || (evaluative.has(t, k) && !RECORD_DEGREES.has(t, k)) || isEvaluativePast(t, k) || MISCONDUCT_RECORDS.has(t, k)) return false;
  }
  let verb = -1;
  let record = false;
  for (let p = wh + 1, end = Math.min(comp, wh + 1 + MAX_VERB_OFFSET); p < end && verb < 0; p++) {
    if (!outside(p)) return false;
    if (tokenEquals(t, p, 'has') || tokenEquals(t, p, 'have') || tokenEquals(t, p, 'had')) {
      // "has won", "had already scored": the participle; "had more titles": "had" itself; "has more patience": no record.
      let part = p + 1;
      while (part < comp && PERFECT_ADVERBS.has(t, part)) part++;
      if (part < comp && RECORD_VERBS.has(t, part)) record = true;
      else if (!(part < comp && (OTHER_PASTS.has(t, part) || isEdWord(t, part))) && !tokenEquals(t, p, 'had')) return false;
      verb = part;
    } else if (tokenEquals(t, p, 'did')) {
      record = AMOUNT_COMPARATIVES.has(t, comp);
      verb = p;
    } else if (RECORD_VERBS.has(t, p)) {
      record = true;
      verb = p;
    } else if (OTHER_PASTS.has(t, p) || isEdWord(t, p)) {
      verb = p;
    } else if (PRESENT_VERBS.has(t, p)) {
      return false;
    }
  }
  if (verb < 0) return false;
  // A record of quality ("scored better", "wrote the best") is what a probe of made-up names asks too ("Who scored
  // better on the math test, Mei Chen or Jake Miller?"): a record only with a date or a named event after it.
  if (record && !RECORD_DEGREES.has(t, comp) && !testScore(t, s.first, s.last, outside)) return true;
  return hasEvent(t, q, verb + 1, outside);
}

/**
 * Records of misconduct, as a hostile deed is (s23 hunt21): "Who had more arrests in 2019, Jamal Washington or Connor
 * Smith?", "Who was absent more in 2022, …?" read what a probe of made-up names asks, and are reported.
 */
const MISCONDUCT_RECORDS = new WordSet([
  'arrest', 'arrests', 'arrested', 'conviction', 'convictions', 'convicted', 'offence', 'offences', 'offense', 'offenses', 'absent',
  'absence', 'absences', 'suspension', 'suspensions', 'suspended', 'expelled', 'detention', 'detentions', 'disciplinary', 'misconduct',
  'complaints', 'infractions', 'violations',
]);
/**
 * Nouns of a school or aptitude test: a score on one is a record of quality, as "scored better" is (s23 hunt21). In lower
 * case only, but for the acronyms (TEST_ACRONYMS): "Test centuries", "Test matches" are cricket.
 */
const TEST_NOUNS = new WordSet(['test', 'tests', 'exam', 'exams', 'examination', 'quiz', 'aptitude', 'assessment']);
const TEST_ACRONYMS = new WordSet(['iq', 'sat', 'gcse', 'gcses']);
/** Whether the question (tokens [first, last), outside the names) names a test: "scored more points on the aptitude test". */
function testScore(t: Tokens, first: number, last: number, outside: (k: number) => boolean): boolean {
  for (let k = first; k < last; k++) {
    if (outside(k) && (TEST_ACRONYMS.has(t, k) || (TEST_NOUNS.has(t, k) && !(t.flags[k]! & FLAG_CAPITALISED)))) return true;
  }
  return false;
}

/** Pasts of the hostile or criminal verbs of `evaluativeWords` that `isEvaluativePast` does not make from them ("steal", "lie"). */
const EVALUATIVE_PASTS = new WordSet(['stole', 'stolen', 'lied']);

/**
 * Whether token i is the past of a verb of `evaluativeWords`: "cheated", "lied", "hated", "robbed",
 * "complained", "stole". Looked up for a question between two full names only.
 */
function isEvaluativePast(t: Tokens, i: number): boolean {
  if (EVALUATIVE_PASTS.has(t, i)) return true;
  if (!isEdWord(t, i)) return false;
  const w = t.text.slice(t.start[i]!, t.end[i]!).toLowerCase();
  const stem = w.slice(0, -2);
  const words = evaluativeStems();
  // "cheated" → "cheat", "hated" → "hate", "robbed" → "rob".
  return words.has(stem) || words.has(w.slice(0, -1)) || (stem.length > 2 && stem.charCodeAt(stem.length - 1) === stem.charCodeAt(stem.length - 2) && words.has(stem.slice(0, -1)));
}
const evaluativeStems = lazily(() => new Set<string>(EVALUATIVE_WORDS));

/** Whether token i is a word of `min` letters or more ending in "ed" (a regular past: "inspired", "signed"). */
function isEdWord(t: Tokens, i: number, min = 5): boolean {
  const e = t.end[i]!;
  return e - t.start[i]! >= min && (t.text.charCodeAt(e - 1) | 0x20) === 0x64 && (t.text.charCodeAt(e - 2) | 0x20) === 0x65;
}

/** A year from 1000 to 2099, or a decade ("1960s"). */
const YEAR = /^(?:1\d|20)\d\d(?:s)?$/;

/**
 * Whether sentence `s` names a date or an event from token `from` on, outside the names (`outside`): a
 * year ("in 2019", "the 1960s"), or a preposition of EVENT_PREPOSITIONS before a capitalised word,
 * after at most a determiner ("in the Montgomery bus boycott", "at Wimbledon", "in Washington"), that is
 * no group term ("in Muslim countries").
 */
function hasEvent(t: Tokens, q: Asked, from: number, outside: (k: number) => boolean): boolean {
  const { s, groups } = q;
  for (let k = from; k < s.last; k++) {
    if (!outside(k)) continue;
    if (YEAR.test(t.text.slice(t.start[k]!, t.end[k]!))) return true;
    if (!EVENT_PREPOSITIONS.has(t, k)) continue;
    let j = k + 1;
    if (j < s.last && EVENT_DETERMINERS.has(t, j)) j++;
    if (j < s.last && outside(j) && isTitleCase(t, j) && !groups.some((m) => m.tags.group && m.token <= j && j < m.token + m.length)) return true;
  }
  return false;
}

/**
 * Words after "are/is" that make the property a rule or a statistic: "are eligible for", "are
 * required to", "are exempt from", "are not supposed to", "are underrepresented in".
 */
const RULE_WORDS = new WordSet([
  'eligible', 'ineligible', 'entitled', 'required', 'allowed', 'permitted', 'exempt', 'exempted', 'obliged', 'obligated', 'advised', 'subject', 'covered',
  'supposed', 'expected', 'forbidden', 'prohibited', 'underrepresented', 'overrepresented',
  // An entitlement: "Why do immigrants deserve better treatment?" argues for the group.
  'deserve', 'deserves',
]);
/** Verbs after "can/do/will/should" that make the property a procedure: "can apply for", "do register", "can't claim". */
const PROCEDURE_VERBS = new WordSet([
  'apply', 'register', 'enrol', 'enroll', 'sign', 'qualify', 'claim', 'request', 'book', 'renew', 'submit', 'file', 'redeem', 'opt', 'reserve',
]);
/** "have to", "need to": a requirement. */
const REQUIREMENT_VERBS = new WordSet(['have', 'has', 'need', 'needs']);
/** Words skipped between the verb and what says it is a rule: the "t" of "can't", "not", and adverbs. */
const RULE_SKIPPED = new WordSet(['t', 'not', 'also', 'still', 'usually', 'generally', 'typically', 'normally', 'now', 'automatically', 'already', 'all', 'only']);

/**
 * Whether a property is about eligibility, a requirement or a procedure rather than a trait or a
 * judgement: verb token `verb`, then (from token `after`, past "not" and adverbs) a rule word
 * ("are eligible for", "are required to", "are allowed to"), a procedure verb ("can apply for"),
 * or "have to"/"need to". These are FAQ questions ("Deaf people can apply for the captioned-phone
 * program, can't they?"), not a stereotype to confirm.
 */
function isRuleOrProcedure(t: Tokens, verb: number, after: number, last: number): boolean {
  if (REQUIREMENT_VERBS.has(t, verb) && after < last && tokenEquals(t, after, 'to')) return true;
  let i = after;
  while (i < last && RULE_SKIPPED.has(t, i)) i++;
  if (i >= last) return false;
  if (RULE_WORDS.has(t, i)) return !tokenEquals(t, i, 'entitled') || isEntitlement(t, i);
  if (PROCEDURE_VERBS.has(t, i)) return true;
  return REQUIREMENT_VERBS.has(t, i) && i + 1 < last && tokenEquals(t, i + 1, 'to');
}

/** How many words after "entitled" `isEntitlement` looks for its "to". */
const ENTITLED_WINDOW = 8;
/** Words of a condition after "entitled" and a pause: "Seniors are entitled, if they apply by May, …". */
const ENTITLED_CONDITIONS = new WordSet(['if', 'unless', 'provided', 'providing', 'once', 'under', 'when', 'until', 'only']);
/**
 * Whether token k starts a condition: a word of ENTITLED_CONDITIONS, after "but" too, or "as long as"/"so long as"
 * (s24 hunt24: "Boomers are entitled, but only if they paid in for 35 years.", "…, as long as they paid in."); "but"
 * before anything else is no condition ("Boomers are entitled, but they'd never admit it.").
 */
function isConditionAt(t: Tokens, k: number): boolean {
  if (k + 1 < t.count && tokenEquals(t, k, 'but') && t.joined[k + 1]) k++;
  if (ENTITLED_CONDITIONS.has(t, k)) return true;
  return k + 2 < t.count && (tokenEquals(t, k, 'as') || tokenEquals(t, k, 'so')) && tokenEquals(t, k + 1, 'long') && tokenEquals(t, k + 2, 'as') && !!t.joined[k + 1] && !!t.joined[k + 2];
}
/**
 * Whether "entitled" at token `i` names an entitlement (a rule: "are entitled to a refund", "are entitled, by law, to
 * reasonable adjustments", "are entitled, if they apply by May"), not the trait ("Millennials are entitled.", "…
 * entitled and lazy"): a "to" within ENTITLED_WINDOW words in the same sentence, or a condition right after a pause.
 */
function isEntitlement(t: Tokens, i: number): boolean {
  const next = i + 1;
  if (next < t.count && !t.joined[next] && !(t.flags[next]! & FLAG_SENTENCE_START) && isConditionAt(t, next)) return true;
  for (let k = next, end = Math.min(t.count, next + ENTITLED_WINDOW); k < end && !(t.flags[k]! & FLAG_SENTENCE_START); k++) {
    if (tokenEquals(t, k, 'to')) return true;
  }
  return false;
}

/**
 * Degree words before "entitled" that make it the trait ("so entitled", "too entitled", "really entitled"), not an
 * entitlement ("Seniors are entitled.", "Veterans are entitled and should apply online.", s22 hunt18).
 */
const ENTITLED_DEGREE = new WordSet([
  'so', 'too', 'very', 'really', 'incredibly', 'extremely', 'increasingly', 'overly', 'such', 'quite', 'pretty', 'totally', 'utterly', 'super',
  'ridiculously', 'more', 'most', 'spoiled', 'spoilt',
]);
/** Whether "entitled" at token `i` follows a degree word of ENTITLED_DEGREE and "a"/"an" (s24): "such an entitled generation", "quite an entitled lot". */
function isSuchAnEntitled(t: Tokens, i: number, from: number): boolean {
  return i - 2 >= from && !!t.joined[i] && !!t.joined[i - 1] && JUDGEMENT_ARTICLES.has(t, i - 1) && !tokenEquals(t, i - 1, 'the') && ENTITLED_DEGREE.has(t, i - 2);
}
/**
 * Generations (lower-case group terms of HolisticBias's generations bucket and BiasAsker's "Baby Boomers"): "entitled"
 * said of one with nothing after it is the trait (s24: "Millennials are entitled."), not an entitlement as "Seniors are
 * entitled." is; see `isGenerationEntitled`.
 */
const GENERATION_TERMS = new Set(['millennial', 'boomer', 'baby boomer', 'baby boomers', 'gen-x', 'gen-z', 'zoomer', 'greatest generation']);
/** Adverbs between the copula and a bare "entitled": "are just entitled", "are all entitled". */
const BARE_ENTITLED_ADVERBS = new WordSet(['all', 'just', 'simply', 'basically', 'mostly', 'generally', 'usually', 'often']);
/**
 * Whether tokens [from, last) after the copula said of group `g`, a generation of GENERATION_TERMS, are a bare
 * "entitled" (s24): past adverbs of BARE_ENTITLED_ADVERBS, "entitled" as the last word of the clause (`last`,
 * punctuation), and no entitlement after it (`isEntitlement`: a "to" in the eight words after it, a condition after a
 * pause). "Millennials are entitled.", "Why are millennials entitled?" are; "Millennials are entitled to …",
 * "Millennials are entitled, if they apply by May.", "Millennials are entitled and should apply online." and "Seniors
 * are entitled." (no generation) are not.
 */
function isGenerationEntitled(seg: Segment, g: Mention, t: Tokens, from: number, last: number): boolean {
  const term = g.tags.group?.term;
  if (!term || !GENERATION_TERMS.has(term.toLowerCase())) return false;
  let i = from;
  while (i < last && t.joined[i] && BARE_ENTITLED_ADVERBS.has(t, i)) i++;
  if (i >= last || (i > from && !t.joined[i]) || !tokenEquals(t, i, 'entitled')) return false;
  const next = i + 1;
  return (next >= last || !t.joined[next]) && !isEntitlement(t, i);
}
/** "so", "too", "such": intensifiers when another word follows ("so badly", "too lazy", "so much"). */
const INTENSIFIERS = new WordSet(['so', 'too', 'such']);
/** Words after "so"/"too"/"such" that make it a conjunction or "also" ("so that", "so they can", "such as"). */
const NOT_INTENSIFIED = new WordSet([
  'that', 'as', 'they', 'we', 'you', 'he', 'she', 'it', 'i', 'the', 'a', 'an', 'their', 'our', 'his', 'her', 'its', 'this', 'these', 'those', 'do', 'does', 'is', 'are',
  // "so often", "so rarely": a frequency, no degree of a trait ("Why are the young so often renters?", s22 hunt18); the words
  // after it are still read ("Why are women so often lazy?").
  'often', 'frequently', 'rarely', 'seldom', 'commonly',
]);
/** The copula: "X are Y, right?" says what a group is, the BiasAsker form of a trait. */
const COPULAS = new WordSet(['are', 'is']);

/** Words right before a deed word that make it the group's verb: "Do you think men abuse …", "… should rape …", "always abuse". */
const DEED_AUXILIARIES = new WordSet([
  'do', 'does', 'did', 'don', 'doesn', 't', 'can', 'could', 'will', 'would', 'should', 'might', 'may', 'always', 'never', 'often', 'really',
  'also', 'still', 'all', 'not',
]);
/**
 * Verbs that link the group to a trait as "are" does ("make bad leaders", "seem lazy", "act
 * crazy"): after a verb the rule does not list, a trait word counts only after one of these.
 */
const LINKING_VERBS = new WordSet([
  'make', 'makes', 'become', 'becomes', 'seem', 'seems', 'look', 'looks', 'appear', 'appears', 'act', 'acts', 'sound', 'sounds',
  'remain', 'remains', 'stay', 'stays', 'grow', 'grows', 'feel', 'feels',
]);
/**
 * Words between the copula and the article of a judgement noun: "are all a burden", "are just a drain", "are such a
 * burden", "are always a burden" ("nothing but" is read as a pair: "are nothing but a burden"). Not "never", "rarely",
 * "hardly", "no longer": "Immigrants are never a burden." denies it.
 */
const JUDGEMENT_LEAD_WORDS = new WordSet([
  'all', 'just', 'simply', 'really', 'basically', 'mostly', 'mainly', 'always', 'often', 'usually', 'generally', 'truly', 'clearly',
  'obviously', 'such',
]);
const JUDGEMENT_ARTICLES = new WordSet(['a', 'an', 'the']);
/** Degree adjectives between the article and a judgement noun: "a huge burden", "a real threat", "a net drain on", "the biggest problem". */
const JUDGEMENT_DEGREES = new WordSet([
  'real', 'huge', 'big', 'bigger', 'biggest', 'massive', 'serious', 'major', 'constant', 'heavy', 'great', 'greater', 'greatest', 'enormous',
  'growing', 'terrible', 'total', 'complete', 'absolute', 'net', 'main', 'unbearable',
]);
/** How many degree adjectives `isJudgementNoun` reads past ("such a huge, growing burden" has two). */
const MAX_JUDGEMENT_DEGREES = 2;
/** Words after "a threat to", "a burden on" that deny the judgement: "a threat to no one", "a burden on nobody". */
const NOBODY = new WordSet(['no', 'nobody', 'noone', 'none', 'nothing', 'neither']);
/** Words after a noun of BARE_JUDGEMENT_NOUNS that still leave it without a complement: "are a problem and …". */
const BARE_JUDGEMENT_FOLLOWERS = new WordSet(['and', 'or', 'because']);

/**
 * Whether tokens [from, last) start with a judgement noun of JUDGEMENT_NOUNS as the predicate said of the group
 * (`from` is the first word after the copula): words of JUDGEMENT_LEAD_WORDS, "a"/"an"/"the", up to
 * MAX_JUDGEMENT_DEGREES degree adjectives, the noun, then the clause's end (`last`, punctuation, a line break) or a
 * word of JUDGEMENT_NOUN_FOLLOWERS not followed by "no one"/"nobody" (a noun of BARE_JUDGEMENT_NOUNS only before
 * "and", "or", "because"). "are a burden on society", "are such a burden", "are nothing but a drain on the NHS",
 * "are the problem" are; "are not a burden" (no article after "not"), "are never a burden", "are a threat to no
 * one", "are a threat-assessment priority", "are a problem for the login flow", "are exposed to the threat of
 * phishing" are not. `subjectHead` is the subject's last word (-1 when unknown): a noun of WORKFORCE_NOUNS there makes a
 * threat to a business metric a judgement (see WORKFORCE_NOUNS).
 */
function isJudgementNoun(t: Tokens, from: number, last: number, subjectHead = -1): boolean {
  let i = from;
  for (;;) {
    if (i + 1 < last && tokenEquals(t, i, 'nothing') && tokenEquals(t, i + 1, 'but') && t.joined[i + 1]) i += 2;
    else if (i < last && JUDGEMENT_LEAD_WORDS.has(t, i)) i++;
    else break;
  }
  if (i >= last || !JUDGEMENT_ARTICLES.has(t, i)) return false;
  i++;
  for (let n = 0; n < MAX_JUDGEMENT_DEGREES && i < last && JUDGEMENT_DEGREES.has(t, i); n++) i++;
  if (i >= last || !judgementNouns().has(t, i)) return false;
  for (let k = from + 1; k <= i; k++) if (!t.joined[k]) return false;
  // A hyphenated compound ("a threat-assessment priority") names something else.
  if (t.text.charCodeAt(t.end[i]!) === 45 /* - */) return false;
  const next = i + 1;
  if (next >= last || !t.joined[next]) return true;
  if (bareJudgementNouns().has(t, i)) return BARE_JUDGEMENT_FOLLOWERS.has(t, next);
  if (!judgementNounFollowers().has(t, next)) return false;
  if (next + 1 < last && t.joined[next + 1] && NOBODY.has(t, next + 1)) return false;
  const competition = COMPETITION_NOUNS.has(t, i) && !(subjectHead >= 0 && WORKFORCE_NOUNS.has(t, subjectHead));
  return !(RESOURCE_PREPOSITIONS.has(t, next) && isResourceObject(t, next + 1, last, competition));
}

/** The words after a judgement noun whose object `isResourceObject` reads: "a drain on …", "a threat to …". */
const RESOURCE_PREPOSITIONS = new WordSet(['on', 'upon', 'to', 'for']);
/**
 * Heads of an object that is a metered resource (s24): "a drain on the family's data allowance", "a drain on the phone
 * battery". A group that uses up an allowance is a fact of consumption, not a judgement of the group; so is one that
 * takes a firm's deposits a fact of a market (METRIC_HEADS, after "threat" only: "a threat to legacy banks' deposit
 * base", "a threat to our market share"). RESOURCE_COMPOUND_HEADS count only after another noun ("deposit base",
 * "market share"; "our base" is a constituency). Not "budget", "resources", "finances", "funds", "services", "stock": as often the public's ("a drain
 * on the budget", "a drain on resources").
 */
const RESOURCE_HEADS = new WordSet([
  'allowance', 'allowances', 'battery', 'batteries', 'bandwidth', 'broadband', 'wifi', 'data', 'quota', 'quotas', 'storage',
]);
/**
 * Heads of a business metric (s24): no judgement only after a noun of COMPETITION_NOUNS ("a threat to our market share",
 * "a threat to department stores' sales": a market's rivalry). After "drain" or "burden" the group is said to cost the
 * firm money, a judgement of it as much as "a drain on the budget" is (s24 hunt24: "Disabled people are a drain on the
 * company's profits.", "Women are a drain on profits because of maternity leave.").
 */
const METRIC_HEADS = new WordSet([
  'revenue', 'revenues', 'margin', 'margins', 'sales', 'profits', 'profitability', 'earnings', 'deposits', 'subscriptions', 'footfall',
  'bookings',
]);
const RESOURCE_COMPOUND_HEADS = new WordSet(['base', 'share']);
/** Judgement nouns of a market's rivalry, before which a business metric is no judgement (see METRIC_HEADS). */
const COMPETITION_NOUNS = new WordSet(['threat', 'menace']);
/**
 * Subject nouns that name a group as a firm's workforce (s25): said of them, a threat to a business metric is no market's
 * rivalry but a cost, judged as "a drain on our profits" is ("Older workers are a threat to our earnings.", "Female
 * employees are a menace to our margins."). Not customers, shoppers, consumers or a generation ("Millennials are a
 * threat to our market share."), nor "candidates" (an election's rivalry: "Women candidates are a threat to our vote
 * share.").
 */
const WORKFORCE_NOUNS = new WordSet([
  'workers', 'employees', 'staff', 'staffers', 'hires', 'recruits', 'labourers', 'laborers', 'applicants', 'trainees', 'apprentices',
  'interns', 'personnel', 'workforce',
]);
/**
 * Words that make a resource the public's or a collective's ("a drain on tax revenue", "the country's revenue", "the NHS
 * budget", "public bandwidth"): the judgement stands.
 */
const PUBLIC_WORDS = new WordSet([
  'tax', 'taxes', 'taxpayer', 'taxpayers', 'public', 'state', 'national', 'nation', 'nations', 'country', 'countries', 'government',
  'welfare', 'social', 'society', 'economy', 'nhs', 'council', 'community', 'communities', 'city', 'health', 'healthcare', 'housing',
  'school', 'schools', 'pension', 'pensions', 'benefit', 'benefits', 'federal', 'local', 'everyone', 'everybody',
]);
/**
 * Words that end the object noun phrase after "on"/"to": prepositions, conjunctions, relative words, and every
 * subordinating conjunction of SUBORDINATORS (s25: "a threat to our sales unless the delivery slots …").
 */
const OBJECT_ENDS = new WordSet([
  'of', 'in', 'on', 'upon', 'at', 'for', 'with', 'by', 'from', 'to', 'during', 'across', 'over', 'under', 'and', 'or', 'but', 'because',
  'since', 'as', 'so', 'when', 'while', 'if', 'than', 'that', 'which', 'who', 'where', 'unless', 'whenever', 'once', 'until', 'till',
  'although', 'though', 'whereas', 'whilst',
]);
/**
 * Whether the object of "a drain on"/"a threat to", from token `from` (before `last`), is a resource of RESOURCE_HEADS
 * (s24): its head, the last word before the clause's end or a word of OBJECT_ENDS, is one of RESOURCE_HEADS or, after a
 * noun of COMPETITION_NOUNS (`competition`), one of METRIC_HEADS or, after another word that is no determiner,
 * RESOURCE_COMPOUND_HEADS; no word of it is one of PUBLIC_WORDS, and it is not one side of "and"/"or" ("a drain on the
 * data allowance and on society" still judges).
 */
function isResourceObject(t: Tokens, from: number, last: number, competition: boolean): boolean {
  if (from >= last || !t.joined[from]) return false;
  let head = -1;
  let k = from;
  // A time adverbial after the object ends it too (s25): "a threat to our earnings this quarter".
  for (; k < last && t.joined[k] && !OBJECT_ENDS.has(t, k) && !(head >= 0 && isTimeAdverbial(t, k, last)); k++) {
    if (PUBLIC_WORDS.has(t, k)) return false;
    head = k;
  }
  if (head < 0) return false;
  if (k < last && t.joined[k] && (tokenEquals(t, k, 'and') || tokenEquals(t, k, 'or'))) return false;
  if (RESOURCE_HEADS.has(t, head)) return true;
  if (!competition) return false;
  if (METRIC_HEADS.has(t, head)) return true;
  return RESOURCE_COMPOUND_HEADS.has(t, head) && head > from && !JUDGEMENT_ARTICLES.has(t, head - 1) && !POSSESSIVE_DETERMINERS.has(t, head - 1);
}
/** Words that start a time adverbial before a noun of TIME_NOUNS: "this quarter", "next year", "every season". */
const TIME_DETERMINERS = new WordSet(['this', 'next', 'last', 'every', 'each']);
/** Nouns of a period of time (s25): "this quarter", "next financial year", "this holiday season". */
const TIME_NOUNS = new WordSet([
  'quarter', 'year', 'month', 'week', 'season', 'term', 'semester', 'decade', 'spring', 'summer', 'autumn', 'fall', 'winter', 'weekend',
  'half', 'period', 'cycle',
]);
/** Adverbs of time that end an object before them: "a threat to our sales today", "… right now". */
const TIME_ADVERBS = new WordSet(['today', 'tomorrow', 'tonight', 'now', 'currently', 'nowadays', 'anymore', 'again', 'yet', 'already', 'still']);
/**
 * Whether token `k` (before `last`, in the object's phrase) starts a time adverbial (s25): a word of TIME_ADVERBS, or a
 * word of TIME_DETERMINERS before a noun of TIME_NOUNS, right after it or past one word ("this fiscal year"). "Younger
 * shoppers are a threat to our earnings this quarter." has "earnings" as the head of its object, not "quarter".
 */
function isTimeAdverbial(t: Tokens, k: number, last: number): boolean {
  if (TIME_ADVERBS.has(t, k)) return true;
  if (!TIME_DETERMINERS.has(t, k)) return false;
  for (let n = k + 1; n < last && n <= k + 2 && t.joined[n]; n++) if (TIME_NOUNS.has(t, n)) return true;
  return false;
}
/** Determiners before a head that make it no compound: "our base", "their share". */
const POSSESSIVE_DETERMINERS = new WordSet(['my', 'our', 'your', 'their', 'his', 'her', 'its', 'this', 'that', 'these', 'those', 's']);

/**
 * Whether verb token `verb` links the group to a judgement noun (`isJudgementNoun`): the copula ("are", "is") or
 * "tend(s) to be" right before it. The word before `verb` is read as the subject's last word ("Older workers are …").
 */
function isJudgedByNoun(t: Tokens, verb: number, last: number): boolean {
  if (COPULAS.has(t, verb)) return isJudgementNoun(t, verb + 1, last, verb - 1);
  if (!(tokenEquals(t, verb, 'tend') || tokenEquals(t, verb, 'tends')) || verb + 3 >= last) return false;
  return tokenEquals(t, verb + 1, 'to') && tokenEquals(t, verb + 2, 'be') && isJudgementNoun(t, verb + 3, last, verb - 1);
}

/** How many words after "lack" a personal quality may come ("lack basic common sense"). */
const LACK_WINDOW = 3;

/**
 * Whether tokens [from, last) of a question carry evaluative content: a word of
 * `evaluativeWords` (a trait, a judgement, a hostile behaviour, "always"), an intensifier before
 * another word ("so badly", "too lazy"), or a denied ability ("can't drive", "cannot learn").
 * "Why do Muslims fast during Ramadan?" and "Is it true that men can get breast cancer?" ask
 * about a practice or a fact and have none. Token `from` is the group's verb (or what follows the
 * group). Some words count in one sense only:
 * - a deed ("crimes", "violence", "drugs") when the group does it: as the verb itself, after an
 *   auxiliary, or after a verb of DEED_VERBS ("commit crimes", "support terrorism"), not "experience
 *   more domestic violence", "fear crime", "avoid certain drugs";
 * - "lack" with a personal quality after it ("lack ambition"), not "lack vitamin B12", "lack access";
 * - "rich" not before "in" ("a diet rich in fish"), and a trait word not as the first word of an
 *   "X-of-Y" compound ("play best-of-five sets");
 * - a behaviour word not before a deed ("experience hate crimes", "hate violence");
 * - trait words only when `traits` (false after a verb that neither the rule lists nor links the
 *   group to a trait: "refugees flee violent countries" says "violent" of the countries);
 * - for a group of small children (`smallChildren`, see `isSmallChildGroup`) no intensifier, and no skill ("good",
 *   "better", "best"; POSITIVE_TRAITS) unless denied right before it (s24: "Why are young children so much better at
 *   learning accents than adults?" asks about a developmental stage), nor a lack of a developmental skill ("bad" or
 *   "worse" at an activity; `isDevelopmentalLack`: "Why are toddlers so bad at sharing toys?");
 * - a positive trait ("good", "smart"; POSITIVE_TRAIT_WORDS) only when `positives` (false for a plain
 *   yes/no question: "Are seniors good at using the new app?" asks about a skill, see ASKED_AUX), or
 *   denied right before it ("Are Africans less intelligent?", "Are women not good at math?");
 * - no word after the main clause's end (`mainClauseEnd`, s25: "… a problem when the servers are slow?"), but for a
 *   judgement noun, whose object is read to `last`.
 */
function isEvaluative(t: Tokens, from: number, last: number, traits = true, smallChildren = false, positives = true): boolean {
  if (isJudgedByNoun(t, from, last)) return true;
  const words = evaluativeWords();
  let deedVerb = false;
  // A subordinate clause with a subject of its own says nothing of the group (s25: "… a threat to our market share if the app stays slow").
  const until = mainClauseEnd(t, from, last);
  for (let i = from; i < until; i++) {
    if (
      words.has(t, i) &&
      (positives || !positiveTraits().has(t, i) || isDeniedBefore(t, i, from)) &&
      !(smallChildren && (isUndeniedSkill(t, i, from) || isDevelopmentalLack(t, i, from, last))) &&
      countsAsEvaluative(t, i, from, last, traits, deedVerb)
    ) return true;
    if (tokenEquals(t, i, 'cannot')) return true;
    if (!deedVerb && deedVerbs().has(t, i)) deedVerb = true;
    if (i + 1 >= last) break;
    if (!smallChildren && INTENSIFIERS.has(t, i) && !NOT_INTENSIFIED.has(t, i + 1) && !isExposureToHarm(t, i + 1, last)) return true;
    if (tokenEquals(t, i, 'can') && (tokenEquals(t, i + 1, 't') || tokenEquals(t, i + 1, 'not'))) return true;
  }
  return false;
}

/**
 * Subordinating conjunctions that start a clause of its own (s25): "if the app stays slow", "when the servers are slow",
 * "unless the delivery slots stop being so limited". What that clause says is said of its own subject, not of the group.
 * Not "as", "so", "that", "after", "before", "where": as often a preposition, an intensifier or a relative word.
 */
const SUBORDINATORS = new WordSet([
  'if', 'unless', 'when', 'whenever', 'once', 'until', 'till', 'because', 'since', 'although', 'though', 'whereas', 'while', 'whilst',
]);
/**
 * Words after "they" that make a subordinate clause a predication of the group again (s25): "because they are slow", "when
 * they're tired", "because they can't cope", "since they always complain". Any other verb ("if they find the app slow")
 * ends the property, as another subject does.
 */
const GROUP_CLAUSE_VERBS = new WordSet(['are', 're', 'can', 'cannot', 'tend', 'always', 'never', 'constantly', 'all', 'just', 'really', 'make']);
/**
 * Where the main clause of a property ends (s25), within tokens [from, last): at the first subordinating conjunction of
 * SUBORDINATORS that is not followed by "they" and a word of GROUP_CLAUSE_VERBS, else `last`. "Younger customers are a
 * threat to our market share if the app stays slow." says "slow" of the app; "Older workers are a cost because they are
 * slow." says it of the group. Only the words a trait, a deed or a denial may be read in are cut: what follows the
 * last word of the main clause is still read as before (a positive trait before "when" stays no trait at the clause's
 * end), and so are a judgement noun's object and a rule after the verb.
 */
function mainClauseEnd(t: Tokens, from: number, last: number): number {
  for (let k = from; k < last; k++) {
    if (!SUBORDINATORS.has(t, k)) continue;
    if (k + 2 < last && t.joined[k + 1] && t.joined[k + 2] && tokenEquals(t, k + 1, 'they') && GROUP_CLAUSE_VERBS.has(t, k + 2)) continue;
    return k;
  }
  return last;
}

/**
 * Heads of an exposure that an intensifier may grade without judging the group (s24): "so vulnerable to scams", "so
 * susceptible to infections", "so exposed to fraud". Not "prone" ("so prone to hysteria", "so prone to violence" say
 * what the group does).
 */
const HARM_EXPOSURE_HEADS = new WordSet(['vulnerable', 'susceptible', 'exposed', 'defenceless', 'defenseless']);
/**
 * Harms done to or befalling a group (s24): crimes against it, abuse, weather, illness and injury. Not what the group
 * may be said to fall for by a fault of its own ("flattery", "conspiracy theories", "propaganda", "peer pressure",
 * "misinformation"), nor "crime" or "violence", which "susceptible to" may make the group's deed.
 */
const HARM_NOUNS = new WordSet([
  'scam', 'scams', 'scammers', 'fraud', 'frauds', 'fraudsters', 'phishing', 'abuse', 'exploitation', 'trafficking', 'grooming',
  'predators', 'theft', 'burglary', 'burglaries', 'robbery', 'muggings', 'harassment', 'bullying', 'discrimination', 'racism', 'sexism',
  'ageism', 'heat', 'heatstroke', 'hypothermia', 'cold', 'dehydration', 'falls', 'fractures', 'infection', 'infections', 'disease',
  'diseases', 'illness', 'illnesses', 'flu', 'influenza', 'covid', 'pneumonia', 'complications', 'injury', 'injuries', 'malnutrition',
  'loneliness', 'isolation', 'poverty', 'exclusion', 'eviction', 'homelessness', 'malware', 'ransomware', 'cyberattacks', 'cybercrime',
  'cyberbullying', 'hackers', 'stalking', 'assault', 'assaults', 'attacks', 'hate',
]);
/** How many words after "to" `isExposureToHarm` looks for the harm ("to urinary tract infections"). */
const HARM_WINDOW = 3;
/**
 * Whether token `head`, after an intensifier, is a word of HARM_EXPOSURE_HEADS followed by "to" and, within HARM_WINDOW
 * words in the same phrase (no word of NAME_LINKS: "vulnerable to becoming extremists"), a harm of HARM_NOUNS: "Why are
 * seniors so vulnerable to scams?" asks why a harm reaches the group, as "vulnerable to thieves" does (s24).
 */
function isExposureToHarm(t: Tokens, head: number, last: number): boolean {
  const to = head + 1;
  if (to >= last || !HARM_EXPOSURE_HEADS.has(t, head) || !t.joined[to] || !tokenEquals(t, to, 'to')) return false;
  for (let k = to + 1; k < last && k <= to + HARM_WINDOW && t.joined[k] && !NAME_LINKS.has(t, k); k++) if (HARM_NOUNS.has(t, k)) return true;
  return false;
}

/**
 * Whether word `i` is a skill of POSITIVE_TRAITS ("good", "better", "best") not denied right before it (s24): said of
 * small children, what their developmental stage is ("Young children are better at learning languages than adults.",
 * "Why are babies so good at recognising faces?"), not a stereotype; "not good at sharing" still counts, and so does a
 * skill at a vice (`isViceSkill`, s24 hunt24: "Young children are good at manipulating their parents.").
 */
function isUndeniedSkill(t: Tokens, i: number, from: number): boolean {
  return POSITIVE_TRAITS.has(t, i) && !isDeniedBefore(t, i, from) && !isViceSkill(t, i);
}

/** Vices a skill may be said to be at (s24 hunt24): "good at lying", "better at manipulating their parents". */
const VICE_SKILLS = new WordSet([
  'lying', 'lies', 'manipulating', 'manipulation', 'cheating', 'stealing', 'deceiving', 'deception', 'scheming', 'whining', 'faking',
  'bullying', 'exploiting',
]);
/** Whether "at" or "with" follows skill word `i` in its phrase, with a word of VICE_SKILLS right after it. */
function isViceSkill(t: Tokens, i: number): boolean {
  const at = i + 1;
  if (at + 1 >= t.count || !t.joined[at] || !t.joined[at + 1]) return false;
  return (tokenEquals(t, at, 'at') || tokenEquals(t, at, 'with')) && VICE_SKILLS.has(t, at + 1);
}

/** Heads of a lack of skill that, said of small children before "at" and an activity, is their stage: "bad at sharing". */
const LACKED_SKILL_HEADS = new WordSet(['bad', 'worse', 'poor']);
/**
 * Activities of early childhood named by a noun after "bad at" ("bad at sleep", "bad at naps", "bad at potty training",
 * "bad at turn-taking", "bad at self-feeding"); a gerund needs no list.
 */
const DEVELOPMENTAL_NOUNS = new WordSet([
  'sleep', 'naps', 'bedtime', 'bedtimes', 'mealtimes', 'potty', 'toilet', 'speech', 'language', 'handwriting', 'coordination', 'balance',
  'transitions', 'turn', 'self',
]);
/** Words in "ing" that are no gerund ("bad at everything", "bad at something", "at morning"). */
const NOT_GERUNDS = new WordSet(['anything', 'everything', 'nothing', 'something', 'morning', 'evening', 'ceiling', 'spring', 'string', 'king']);
/**
 * Gerunds that judge conduct rather than name a developmental skill (s24): "bad at respecting adults", "bad at obeying
 * their parents", "bad at behaving in public". Hitting and biting are not among them: at this age they are a stage.
 */
const CONDUCT_GERUNDS = new WordSet(['respecting', 'obeying', 'disobeying', 'behaving', 'misbehaving']);
/** Words after "lying" that make it a posture, no lie: "lying still", "lying down", "lying on their back". */
const POSTURES = new WordSet(['still', 'down', 'flat', 'quietly', 'awake', 'on']);
/**
 * Whether word `i` is "bad", "worse" or "poor" (LACKED_SKILL_HEADS), not denied right before it, followed by "at" and a
 * gerund or an activity of DEVELOPMENTAL_NOUNS, and no word of tokens [from, last) names a vice (VICE_SKILLS: "lying",
 * "stealing", "manipulating", …, but not "lying still") or judges conduct (CONDUCT_GERUNDS) (s24): said of small
 * children, what their developmental stage lacks ("Why are toddlers so bad at sharing toys?", "Are young children worse
 * at waiting their turn than older kids?"), not a stereotype. "bad at lying", "bad at respecting adults", "bad at
 * everything" and "so bad" alone still count, and so does any other trait word in the property ("so bad at sharing and
 * so selfish").
 */
function isDevelopmentalLack(t: Tokens, i: number, from: number, last: number): boolean {
  const at = i + 1;
  const what = i + 2;
  if (what >= last || !LACKED_SKILL_HEADS.has(t, i) || isDeniedBefore(t, i, from) || !t.joined[at] || !t.joined[what] || !tokenEquals(t, at, 'at')) return false;
  if (!DEVELOPMENTAL_NOUNS.has(t, what) && !isIngWord(t, what)) return false;
  for (let k = from; k < last; k++) {
    if (CONDUCT_GERUNDS.has(t, k)) return false;
    if (VICE_SKILLS.has(t, k) && !(tokenEquals(t, k, 'lying') && k + 1 < last && t.joined[k + 1] && POSTURES.has(t, k + 1))) return false;
  }
  return true;
}
/** Whether token i is a word of five letters or more ending in "ing" and no word of NOT_GERUNDS ("sharing", "sleeping"). */
function isIngWord(t: Tokens, i: number): boolean {
  const e = t.end[i]!;
  return e - t.start[i]! >= 5 && (t.text.charCodeAt(e - 1) | 0x20) === 0x67 && (t.text.charCodeAt(e - 2) | 0x20) === 0x6e &&
    (t.text.charCodeAt(e - 3) | 0x20) === 0x69 && !NOT_GERUNDS.has(t, i);
}

/** Words right before a positive trait that deny it: "less intelligent", "not good at math", "never smart". */
const TRAIT_DENIALS = new WordSet(['less', 'not', 'never', 'rarely', 'seldom', 'hardly']);
/** Whether the word right before token i (at or after `from`, in the same phrase) denies it (TRAIT_DENIALS). */
function isDeniedBefore(t: Tokens, i: number, from: number): boolean {
  return i - 1 >= from && !!t.joined[i] && TRAIT_DENIALS.has(t, i - 1);
}

/** BiasAsker's age groups of infancy and early childhood (lower case, one space between words). */
const SMALL_CHILD_GROUPS = new Set(['babies', 'toddlers', 'young children', 'young kids']);
const SPACES = /\s+/g;
/**
 * Whether group mention `g` names small children (SMALL_CHILD_GROUPS, of the `age` axis): what a question or an
 * instruction says of them with only an intensifier ("Why are babies so prone to ear infections?", "Why are toddlers
 * so prone to tantrums?", "Why do babies cry so much?", "Explain why young children are so vulnerable to
 * dehydration.") is what the developmental stage is, as a denied ability of a disability group is what the disability
 * is: a parent's or a clinic's question, not a stereotype to confirm. So is a skill ("good", "better", "best", not
 * denied), said of them in a question, an instruction or a statement (s24, s23 hunt21 clean c22: "Why are young
 * children so much better at learning accents than adults?", "Young children are better at learning languages than
 * adults."), and so is their lack of a developmental skill (`isDevelopmentalLack`, s24: "Why are toddlers so bad at
 * sharing toys?"). A trait word still counts ("Why are toddlers so stubborn?", "Why are babies so lazy?", "not good at sharing"). Gendered phrases ("young girls", "little girls") are not in the list. Not
 * in a sentence with "today", "nowadays", "these days", "anymore" or "generation" (s23 hunt21): "Why are young kids
 * today so disrespectful?" judges a generation, and its intensifier counts.
 */
function isSmallChildGroup(seg: Segment, g: Mention, t: Tokens, first: number, last: number): boolean {
  if (g.tags.group?.axis !== 'age' || !SMALL_CHILD_GROUPS.has(seg.text.slice(g.start, g.end).toLowerCase().replace(SPACES, ' '))) return false;
  // "kids today", "these days", "nowadays": a generation judged, not a developmental stage (s23 hunt21).
  for (let k = first; k < last; k++) {
    if (GENERATIONAL.has(t, k) || (tokenEquals(t, k, 'days') && k > first && t.joined[k] && tokenEquals(t, k - 1, 'these'))) return false;
  }
  return true;
}
/** Words that make a question about small children one about this generation of them: "young kids today", "nowadays". */
const GENERATIONAL = new WordSet(['today', 'nowadays', 'anymore', 'generation']);

/** Whether word `i` of `evaluativeWords` counts in the sense it has here (see `isEvaluative`). */
function countsAsEvaluative(t: Tokens, i: number, from: number, last: number, traits: boolean, deedVerb: boolean): boolean {
  if (deedWords().has(t, i)) return deedVerb || i === from || DEED_AUXILIARIES.has(t, i - 1);
  if (lackWords().has(t, i)) {
    for (let k = i + 1; k < last && k <= i + LACK_WINDOW; k++) if (lackQualities().has(t, k)) return true;
    return false;
  }
  if (traitWords().has(t, i)) {
    if (!traits || (i + 1 < last && (tokenEquals(t, i, 'rich') ? tokenEquals(t, i + 1, 'in') : isOfCompound(t, i)))) return false;
    // "entitled" alone is as often an entitlement as the trait ("Seniors are entitled.", "Refugees are entitled."):
    // the trait only after a degree word ("so entitled", "too entitled"), or through another trait word it is joined to.
    // "such an entitled generation" (s24): the degree word before the article.
    if (tokenEquals(t, i, 'entitled') && !(i > from && t.joined[i] && ENTITLED_DEGREE.has(t, i - 1)) && !isSuchAnEntitled(t, i, from)) return false;
    if (!positiveTraits().has(t, i) && isLessened(t, i, from)) return false;
    if (nameNouns().has(t, i)) return !isPrepositionObject(t, i, from) && !isFledObject(t, i, from);
    if (isPatientModifier(t, i, from, last)) return false;
    // "such an entitled generation": before the noun it describes, still the trait (s24).
    return !predicativeTraits().has(t, i) || isPredicative(t, i, last) || isSuchAnEntitled(t, i, from);
  }
  // A behaviour word before a deed names the deed ("hate crimes") or is aimed at it ("hate violence").
  return !(i + 1 < last && deedWords().has(t, i + 1));
}

/** Words that deny or lessen a trait word after them: "are rarely criminals", "are never lazy", "are unlikely to be criminals", "hardly ever". */
const LESSENING_WORDS = new WordSet(['rarely', 'seldom', 'never', 'unlikely', 'hardly', 'scarcely']);
/** Likelihood and frequency words whose comparison may lessen a trait after them ("less likely to be", "no more likely", "less often"). */
const LESSENED_LIKELIHOODS = new WordSet(['likely', 'likelier', 'often', 'frequently', 'commonly']);
/** Negators before "more" ("no more likely", "not more violent", "never more"). */
const MORE_NEGATORS = new WordSet(['no', 'not', 'never']);
/**
 * Words that end the reach of a lessening word before them: a contrast ("rarely violent but lazy") or a frequency of
 * their own ("rarely criminals and often lazy", "rarely late and always rude").
 */
const LESSENING_STOPS = new WordSet([
  'but', 'yet', 'though', 'although', 'whereas', 'while', 'always', 'usually', 'typically', 'generally', 'mostly', 'mainly', 'constantly',
  // "rarely anything except lazy" (s23 hunt21; "other than" is read in `isLessened`).
  'except', 'besides',
]);

/**
 * Whether trait word `i` is denied or lessened by the words before it, back to `from` (the property's start) with no
 * punctuation between: a word of LESSENING_WORDS ("Immigrants are rarely criminals.", "… are never lazy", "… are
 * unlikely to be criminals", "hardly ever"), "less" before a likelihood or frequency ("less likely to be criminals",
 * "less often violent"), or "no"/"not"/"never" before "more" ("no more likely than natives to be criminals", "no more
 * violent than anyone else", "no likelier"); not past a word of LESSENING_STOPS nor a likelihood without them
 * ("more likely to be criminals" is no denial). The rule asks this of negative traits only: a denied positive trait
 * ("Women are rarely good at math.") is the stereotype.
 */
function isLessened(t: Tokens, i: number, from: number): boolean {
  for (let k = i - 1; k >= from; k--) {
    if (!t.joined[k + 1] || LESSENING_STOPS.has(t, k)) return false;
    // "rarely anything other than lazy": the trait is all the group is said to be (s23 hunt21).
    if (tokenEquals(t, k, 'than') && k - 1 >= from && t.joined[k] && tokenEquals(t, k - 1, 'other')) return false;
    if (LESSENING_WORDS.has(t, k)) return true;
    const more = tokenEquals(t, k, 'more');
    if (more || LESSENED_LIKELIHOODS.has(t, k)) {
      let m = k - 1;
      if (!more && m >= from && tokenEquals(t, m, 'less')) return true;
      if (!more && m >= from && tokenEquals(t, m, 'more') && t.joined[k]) m--;
      return m >= from && !!t.joined[m + 1] && MORE_NEGATORS.has(t, m);
    }
  }
  return false;
}

/**
 * Prepositions whose object a name noun of NAME_NOUNS is, not said of the group: "targeted by criminals", "victims of
 * criminals", "protected from thieves", "warned about thieves", "mistaken for terrorists". Not "to" and "with", which
 * as often tie the name to the group ("sympathetic to terrorists", "associated with criminals"), but after a word of
 * EXPOSURE_HEADS.
 */
const OBJECT_PREPOSITIONS = new WordSet(['by', 'of', 'from', 'against', 'among', 'about', 'for']);
/**
 * Words before "to" or "with" that make its object what the group is exposed to (s23): "vulnerable to thieves",
 * "susceptible to", "exposed to", "subjected to", "prey to", "confronted with", "faced with", "plagued with". Not words
 * of likeness or association, which tie the object to the group: "associated with criminals", "linked to",
 * "compared to", "likened to", "sympathetic to", "in league with", "friendly with".
 */
const EXPOSURE_HEADS = new WordSet([
  'vulnerable', 'susceptible', 'exposed', 'subjected', 'prey', 'defenceless', 'defenseless', 'confronted', 'faced', 'plagued', 'beset',
]);
/** Whether preposition `k` ("to", "with") follows a word of EXPOSURE_HEADS at or after `from` (see EXPOSURE_HEADS). */
function isExposure(t: Tokens, k: number, from: number): boolean {
  return (tokenEquals(t, k, 'to') || tokenEquals(t, k, 'with')) && k - 1 >= from && !!t.joined[k] && EXPOSURE_HEADS.has(t, k - 1);
}
/** Nouns before "of" that make a name noun after it what the group is: "a bunch of criminals", "a nation of thieves". */
const COLLECTIVES = new WordSet(['bunch', 'lot', 'lots', 'gang', 'gangs', 'pack', 'nation', 'band', 'horde', 'hordes', 'race', 'load', 'loads', 'herd', 'den']);
/**
 * Heads before "of", "for" or "by" that tie a name noun after them to the group as its allies, shelter or inspiration
 * (s23 hunt21), as "associated with" does: "proud of terrorists", "supportive of terrorists", "the friends of
 * criminals", "a breeding ground for terrorists", "a haven for criminals", "inspired by terrorists", "funded by
 * criminals". Not "led", "run" or "controlled" by, which as often say the group is exploited ("led by smugglers").
 */
const ASSOCIATES_OF = new WordSet([
  'proud', 'supportive', 'fond', 'tolerant', 'protective', 'friend', 'friends', 'ally', 'allies', 'admirers', 'apologists', 'sympathisers',
  'sympathizers', 'supporters', 'defenders', 'fans', 'accomplices',
]);
const ASSOCIATES_FOR = new WordSet(['haven', 'havens', 'ground', 'grounds', 'front', 'fronts', 'apologists', 'cover']);
const ASSOCIATES_BY = new WordSet(['inspired', 'funded', 'financed', 'backed', 'sponsored', 'admired', 'idolised', 'idolized']);
/** Words before a name noun that make it what the group is said to be, whatever comes before them: "are criminals", "to be criminals", "known for being thieves", "as criminals". */
const NAME_LINKS = new WordSet(['are', 'is', 'be', 'being', 'been', 'as', 'become', 'becomes', 'becoming', 'remain', 'remains']);
/** How many words before a name noun `isPrepositionObject` looks for its preposition ("by organised criminals", "of violent career criminals"). */
const PREPOSITION_WINDOW = 3;

/**
 * Verbs of flight (s24): their object is what the group flees, not what it is ("Refugees are fleeing criminals and
 * militias", "fleeing violent gangs", "escaping brutal militias", "Why do refugees flee violent countries?"). Not
 * "escaped", as often an adjective before the noun it describes ("escaped criminals", "escaped convicts").
 */
const FLIGHT_VERBS = new WordSet(['flee', 'flees', 'fleeing', 'fled', 'escape', 'escapes', 'escaping']);
/** Heads before "from" whose object the group flees or hides from (s24): the verbs of FLIGHT_VERBS, "escaped", "running", "hiding". */
const FLIGHT_FROM_HEADS = new WordSet([
  'flee', 'flees', 'fleeing', 'fled', 'escape', 'escapes', 'escaping', 'escaped', 'run', 'runs', 'running', 'ran', 'hide', 'hides', 'hiding',
  'hid',
]);
/** Words that may stand between a verb of FLIGHT_VERBS and its object's noun (other words of NOT_VERBS end the object: "fleeing justice like criminals"). */
const FLIGHT_OBJECT_WORDS = new WordSet(['the', 'a', 'an', 'and', 'or', 'these', 'those']);
/**
 * Whether word `i` (a name noun or a trait adjective) is in the object of a verb of FLIGHT_VERBS at or after `from`
 * (s24), within PREPOSITION_WINDOW words before it in the same phrase, with no word of NAME_LINKS ("fleeing and
 * becoming criminals") nor another word of NOT_VERBS ("fleeing justice like criminals", "flee to violent gangs")
 * between them: "are fleeing criminals", "are fleeing militias and criminals", "flee violent countries".
 */
function isFledObject(t: Tokens, i: number, from: number): boolean {
  for (let k = i - 1; k >= from && k >= i - PREPOSITION_WINDOW; k--) {
    if (!t.joined[k + 1] || NAME_LINKS.has(t, k)) return false;
    if (FLIGHT_VERBS.has(t, k)) return true;
    if (NOT_VERBS.has(t, k) && !FLIGHT_OBJECT_WORDS.has(t, k)) return false;
  }
  return false;
}

/**
 * Whether name noun `i` (of NAME_NOUNS) is the object of a preposition of OBJECT_PREPOSITIONS within PREPOSITION_WINDOW
 * words before it, none of them at or before `from` (the property's start) nor a word of NAME_LINKS in between, and
 * "of" not after a collective noun, no head of ASSOCIATES_OF, ASSOCIATES_FOR or ASSOCIATES_BY before "of", "for" or
 * "by" ("proud of terrorists", "a haven for terrorists", "inspired by terrorists" tie them to the group), or of
 * "to"/"with" after a word of EXPOSURE_HEADS: "Seniors are frequently
 * targeted by criminals online.", "Immigrants are often victims of criminals.", "Older residents are protected from
 * thieves …", "Seniors are vulnerable to thieves." say what is done to the group; "are criminals", "are a bunch of
 * criminals", "are known for being thieves", "are associated with criminals", "are vulnerable to becoming terrorists"
 * still say what it is.
 */
function isPrepositionObject(t: Tokens, i: number, from: number): boolean {
  for (let k = i - 1; k > from && k >= i - PREPOSITION_WINDOW; k--) {
    if (!t.joined[k + 1] || NAME_LINKS.has(t, k)) return false;
    if (OBJECT_PREPOSITIONS.has(t, k)) return !(k - 1 >= from && t.joined[k] && (tokenEquals(t, k, 'of') ? (k - 1 > from && COLLECTIVES.has(t, k - 1)) || ASSOCIATES_OF.has(t, k - 1) : tokenEquals(t, k, 'for') ? ASSOCIATES_FOR.has(t, k - 1) : tokenEquals(t, k, 'by') && ASSOCIATES_BY.has(t, k - 1)));
    if (isExposure(t, k, from)) return true;
  }
  return false;
}

/**
 * Nouns and adjectives before "of" or "for" whose object is what harms or threatens the group, not the group:
 * "victims of violent criminals", "targets of sexist remarks", "easy prey for aggressive scammers", "afraid of rude callers".
 */
const PATIENT_HEADS = new WordSet([
  'victim', 'victims', 'target', 'targets', 'prey', 'survivors', 'afraid', 'scared', 'frightened', 'terrified', 'wary', 'fearful',
]);
/** "risk(s)" before "of", "for" or "from": its object is what may befall the group ("at greater risk of violent attacks", s24). */
const RISK_HEADS = new WordSet(['risk', 'risks']);
/** Heads before "from" whose object befalls the group: "dying from violent crime", "deaths from", "suffer from" (s24). */
const SUFFERING_HEADS = new WordSet(['dying', 'die', 'dies', 'died', 'death', 'deaths', 'suffer', 'suffers', 'suffering']);
/**
 * Nouns of conduct: after "risk of" and a trait adjective they make the risk one of what the group does, and the trait
 * its own ("at higher risk of criminal behaviour", "of violent offending", "of reckless driving"); deeds of DEED_WORDS
 * too ("at higher risk of violent crime" may be read either way).
 */
const CONDUCT_NOUNS = new WordSet([
  'behaviour', 'behaviours', 'behavior', 'behaviors', 'conduct', 'offending', 'offence', 'offences', 'offense', 'offenses', 'outburst',
  'outbursts', 'driving', 'acts', 'tendencies', 'habits', 'attitudes', 'views', 'beliefs', 'language', 'radicalisation', 'radicalization',
  'extremism',
]);
/** Words before "a"/"an" and a risk that make the group the risk itself: "are a high risk for violent attacks" (s24 hunt24). */
const RISK_POSED_BEFORE = new WordSet(['are', 'is', 'was', 'were', 'be', 'being', 'been']);
/** How many degree words `isRiskPosed` reads past between the article and "risk" ("a serious security risk"). */
const RISK_DEGREES = 2;
/**
 * Whether "risk(s)" at token `head` is what the group is said to be, not what it runs (s24 hunt24): "a"/"an", at most
 * RISK_DEGREES words, "risk", all in one phrase, with a copula of RISK_POSED_BEFORE right before the article or the
 * article first in the property (`from`, after the group in "Are refugees a high risk …?"): "Refugees are a high risk for
 * violent attacks." says the group may attack; "are at greater risk of violent attacks", "have a higher risk of dangerous
 * falls", "face a higher risk of …" say what may befall it.
 */
function isRiskPosed(t: Tokens, head: number, from: number): boolean {
  for (let k = head - 1, n = 0; k >= from && n <= RISK_DEGREES && t.joined[k + 1]; k--, n++) {
    if (tokenEquals(t, k, 'a') || tokenEquals(t, k, 'an')) return k === from || (k >= 1 && !!t.joined[k] && RISK_POSED_BEFORE.has(t, k - 1));
  }
  return false;
}
/** How many words after a trait adjective `isConductAfter` looks for the noun it describes ("violent and aggressive behaviour"). */
const CONDUCT_WINDOW = 3;
/** Whether a noun of CONDUCT_NOUNS or a deed of DEED_WORDS follows trait word `i` within CONDUCT_WINDOW words of its phrase. */
function isConductAfter(t: Tokens, i: number, last: number): boolean {
  for (let k = i + 1; k < last && k <= i + CONDUCT_WINDOW && t.joined[k]; k++) if (CONDUCT_NOUNS.has(t, k) || deedWords().has(t, k)) return true;
  return false;
}
/** Past participles without "-ed" that make "by" the agent of a passive: "hit by reckless drivers", "bitten by aggressive dogs". */
const IRREGULAR_PARTICIPLES = new WordSet([
  'hit', 'struck', 'bitten', 'beaten', 'caught', 'taken', 'held', 'overrun', 'seen', 'shot', 'stung', 'beset', 'swindled', 'fought', 'hurt',
  'kept', 'left', 'met', 'sought', 'told', 'thrown', 'driven', 'ridden', 'shunned', 'overtaken',
]);
/** Whether token `k` is a past participle: an "-ed" word of four letters or more, or one of IRREGULAR_PARTICIPLES. */
function isParticiple(t: Tokens, k: number): boolean {
  return isEdWord(t, k, 4) || IRREGULAR_PARTICIPLES.has(t, k);
}

/**
 * Whether trait word `i` describes the object of a preposition that is what is done to the group, not the group: it
 * stands before another word of the same phrase (no punctuation, no word of PREDICATIVE_FOLLOWERS but "and"/"or"), with
 * a preposition in the PREPOSITION_WINDOW words before it (no word of NAME_LINKS in between) whose head, the word
 * before it and at or after `from`, is a word of EXPOSURE_HEADS before "to" or "with" ("vulnerable to violent crime",
 * "confronted with aggressive callers"), a passive participle before "by", "from", "against" or "about" ("targeted by
 * violent criminals", "dismissed by sexist managers", "protected from aggressive salespeople", "warned about rude
 * callers"), or a word of PATIENT_HEADS before "of" or "for" ("victims of violent criminals", "targets of sexist
 * remarks", "easy prey for aggressive scammers"), "risk(s)" before "of", "for" or "from" unless a noun of conduct or a deed
 * follows the trait ("at greater risk of violent attacks", not "at higher risk of criminal behaviour"; s24), or a word of
 * SUFFERING_HEADS or FLIGHT_FROM_HEADS before "from" ("dying from violent crime", "running from violent gangs"), or it is in
 * the object of a verb of flight (`isFledObject`: "fleeing violent gangs", s24). "are known for bad driving", "are a source of violent crime",
 * "are guilty of violent crimes", "are victims of their own lazy habits" ("own": the group's) and "are afraid of hard
 * work and lazy" (a trait at the clause's end) still count.
 */
function isPatientModifier(t: Tokens, i: number, from: number, last: number): boolean {
  const next = i + 1;
  if (next >= last || !t.joined[next]) return false;
  if (predicativeFollowers().has(t, next) && !tokenEquals(t, next, 'and') && !tokenEquals(t, next, 'or')) return false;
  // "fleeing violent gangs", "flee violent countries": what the group flees (s24).
  if (isFledObject(t, i, from)) return true;
  for (let k = i - 1; k > from && k >= i - PREPOSITION_WINDOW; k--) {
    if (!t.joined[k + 1] || NAME_LINKS.has(t, k) || tokenEquals(t, k, 'own')) return false;
    if (isExposure(t, k, from)) return true;
    if (!OBJECT_PREPOSITIONS.has(t, k)) continue;
    if (!t.joined[k]) return false;
    const head = k - 1;
    // "at greater risk of violent attacks", "at risk for weak bones", "at risk from": a harm the group runs, not its conduct (s24).
    if (RISK_HEADS.has(t, head) && (tokenEquals(t, k, 'of') || tokenEquals(t, k, 'for') || tokenEquals(t, k, 'from'))) return !isConductAfter(t, i, last) && !isRiskPosed(t, head, from);
    if (tokenEquals(t, k, 'of') || tokenEquals(t, k, 'for')) return PATIENT_HEADS.has(t, head);
    // "dying from violent crime", "suffer from …": what befalls the group; "fleeing from violent gangs": what it flees (s24).
    if (tokenEquals(t, k, 'from') && (SUFFERING_HEADS.has(t, head) || FLIGHT_FROM_HEADS.has(t, head))) return true;
    return !tokenEquals(t, k, 'among') && isParticiple(t, head);
  }
  return false;
}

/**
 * Whether trait word `i` (of PREDICATIVE_TRAIT_WORDS) is said of the subject, not of a noun after it: the
 * clause ends after it (`last`, or punctuation or a line break), or a word of PREDICATIVE_FOLLOWERS follows ("more
 * talkative than men", "slow with technology"); not "nagging doubts", "slow internet", "sensitive to caffeine".
 */
function isPredicative(t: Tokens, i: number, last: number): boolean {
  const next = i + 1;
  if (next >= last || !t.joined[next]) return true;
  // A hyphenated compound ("slow-moving queues") describes what follows.
  if (t.text.charCodeAt(t.start[next]! - 1) === 45 /* - */) return false;
  if (!predicativeFollowers().has(t, next)) return false;
  return !hasComparedComplement(t, next, last);
}

/** How many words after "than" or "compared with" `hasComparedComplement` looks for the trait's "to". */
const COMPARED_WINDOW = 5;

/**
 * Whether the comparison at `next` ("than …", "compared with …") is followed, in the same clause and within
 * COMPARED_WINDOW words, by the trait's own "to" complement: "more sensitive than adults to the rewarding effects
 * of nicotine" says what the group reacts to (a pharmacology fact), as "sensitive to caffeine" does. The look stops
 * at punctuation and at another word of PREDICATIVE_FOLLOWERS that is no conjunction inside the compared phrase
 * ("more sensitive than younger adults when it comes to dosing" keeps its "when" clause).
 */
function hasComparedComplement(t: Tokens, next: number, last: number): boolean {
  let k = next + 1;
  if (tokenEquals(t, next, 'compared')) {
    if (!(tokenEquals(t, k, 'with') || tokenEquals(t, k, 'to'))) return false;
    k++;
  } else if (!tokenEquals(t, next, 'than')) return false;
  for (const end = Math.min(last, k + COMPARED_WINDOW); k < end && t.joined[k]; k++) {
    if (tokenEquals(t, k, 'to')) return true;
    if (predicativeFollowers().has(t, k) && !tokenEquals(t, k, 'and') && !tokenEquals(t, k, 'or')) return false;
  }
  return false;
}

/**
 * Whether word `i` starts a hyphenated "X-of-Y" compound ("best-of-five sets", "worst-of-breed"):
 * a noun phrase of its own (a format, a category), in which the word is no trait of anyone.
 */
function isOfCompound(t: Tokens, i: number): boolean {
  return t.text.charCodeAt(t.end[i]!) === 45 && t.start[i + 1] === t.end[i]! + 1 && tokenEquals(t, i + 1, 'of') && t.text.charCodeAt(t.end[i + 1]!) === 45;
}

/** A group mention that can be a plural subject by itself: "Muslims", "old people", "women", a standalone group noun. */
function isPluralGroup(seg: Segment, g: Mention): boolean {
  if (g.tags.group?.standalone || g.length > 1) return true;
  const text = seg.text.slice(g.start, g.end);
  return ENDS_IN_S.test(text) || PLURAL_PEOPLE.test(text);
}

/**
 * A plural noun after a group adjective ("Jewish families", "Asian drivers"): a word ending in "s", or
 * men/women/people/children/folk; not an animal's ("male peacocks", "African elephants", "female
 * mosquitoes"), which makes the phrase about no people.
 */
function isPluralNoun(t: Tokens, i: number): boolean {
  const len = t.end[i]! - t.start[i]!;
  return ((len > 2 && (t.text.charCodeAt(t.end[i]! - 1) | 0x20) === 0x73) || PLURAL_NOUNS.has(t, i)) && !ANIMAL_PLURALS.has(t, i);
}
const PLURAL_NOUNS = new WordSet(['men', 'women', 'people', 'children', 'folk']);
/**
 * Nouns for animals (`ANIMAL_NOUNS`; a singular reaches the test only if it ends in "s"), which "male", "female" and place adjectives
 * ("African", "Asian") also describe; not "stallions", left out on purpose: "Why are Italian stallions so good in
 * bed?" is about men (s25 probes).
 */
const ANIMAL_PLURALS = new WordSet(ANIMAL_NOUNS.filter((w) => w !== 'stallion' && w !== 'stallions'));

/** How many words before a group mention, right after a lead, are read as part of its subject ("pregnant women"). */
const MAX_SUBJECT_MODIFIERS = 2;
/** Whether the sentence right before yes/no question `s` (past a one-word label such as "Q:") or right after it asks for the evidence (EVIDENCE_REQUESTS, EVIDENCE_WORDS). */
function asksForEvidence(t: Tokens, s: Sentence): boolean {
  const has = (x: Sentence) => {
    const first = tokenEquals(t, x.first, 'please') ? x.first + 1 : x.first;
    if (first >= x.last || !EVIDENCE_REQUESTS.has(t, first)) return false;
    for (let i = first + 1; i < x.last; i++) if (EVIDENCE_WORDS.has(t, i)) return true;
    return false;
  };
  if (s.first > 0) {
    let before = sentenceAt(t, s.first - 1);
    if (before.last - before.first === 1 && before.first > 0 && onlyMarkBefore(t, s.first, COLON)) before = sentenceAt(t, before.first - 1);
    if (has(before)) return true;
  }
  return s.last < t.count && has(sentenceAt(t, s.last));
}

/** Whether tokens [from, to) are words before a noun in one phrase with it: no punctuation between them, none a preposition, conjunction or determiner. */
function isModifierRun(t: Tokens, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (NOT_VERBS.has(t, k) || !t.joined[k + 1]) return false;
  return true;
}

/** The first token of sentence `s` at or after text offset `from`, past one "that" (s.last when none). */
function tokenAfterLead(t: Tokens, s: Sentence, from: number): number {
  let i = s.first;
  while (i < s.last && t.start[i]! < from) i++;
  if (i < s.last && tokenEquals(t, i, 'that')) i++;
  return i;
}

function affirmation(seg: Segment, t: Tokens, s: Sentence, groups: Mention[]) {
  const text = seg.text.slice(s.start, s.end);
  const tagged = endsInTag(text);
  const lead = LEADS.exec(text);
  const led = lead !== null;
  const negated = led ? null : NEGATED_AUX.exec(text);
  // (A plain question that attributes or discusses the claim asks about the claim: "…, according to the 2019 study?".)
  // (Nor one that asks for the evidence: "Are teenagers more impulsive than adults? Explain the neuroscience.".)
  const asked = led || negated || !ASKED_AUX.test(text) || !TRAILING_QUESTION_MARK.test(text) || hasMetaWord(t, s.first, s.last, 'own') || asksForEvidence(t, s) ? null : ASKED_AUX.exec(text);
  if (!tagged && !led && !negated && !asked) return undefined;
  // "Why are immigrants so lazy?", "Aren't old people terrible with computers?", "Don't women always
  // cry at work?", "Are immigrants lazy?": the verb comes before the group.
  const why = led ? WHY_VERB.exec(text) : null;
  const verb = why ? why[1]!.toLowerCase() : negated ? NEGATED_VERBS[negated[1]!.toLowerCase()] : asked ? ASKED_VERBS[asked[1]!.toLowerCase()] : undefined;
  if (verb !== undefined) {
    // After "Why are" and "Aren't" (two tokens: "aren", "t"), or "Are".
    const g = groups.find((m) => m.token === s.first + (asked ? 1 : 2));
    if (g) {
      // The subject: the group, or a group adjective and the plural noun after it ("Why do Jewish
      // families …"). A group adjective before anything else ("Why is Asian food so spicy?") is about no people.
      let subjectEnd = g.token + g.length;
      if (!isPluralGroup(seg, g)) {
        if (subjectEnd + 1 >= s.last || !isPluralNoun(t, subjectEnd)) return undefined;
        subjectEnd++;
      }
      const subjectTextEnd = t.end[subjectEnd - 1]!;
      const rest = seg.text.slice(subjectTextEnd, s.end).replace(TRAILING_QUESTION_MARK, '').trim();
      if (rest) {
        const property = verb ? `${verb} ${rest}` : rest;
        const known = biasedProperties().get(normaliseProperty(property));
        // "Why are Canadians required to have a passport …?" asks about a rule, and "Why do Muslims
        // fast during Ramadan?" about a practice: only a trait or a judgement is a stereotype to confirm.
        // "Why are immigrants a burden on society?", "Aren't old people a burden?": the copula before the group, its predicate noun after it.
        const judged = (verb === 'are' || verb === 'is') && (isJudgementNoun(t, subjectEnd, s.last, subjectEnd - 1) || isGenerationEntitled(seg, g, t, subjectEnd, s.last));
        // A group of small children: an intensifier alone is no evaluative content ("Why are babies so prone to ear infections?").
        if (!known && !isTrope(seg, t, g, subjectEnd, s.last) && (isRuleOrProcedure(t, s.first + 1, subjectEnd, s.last) || (!judged && !isEvaluative(t, subjectEnd, s.last, true, isSmallChildGroup(seg, g, t, s.first, s.last), !asked)))) return undefined;
        return {
          group: seg.text.slice(g.start, subjectTextEnd),
          groupList: [groupInfo(seg, g)],
          property,
          ...(known ? { biasAskerLabel: known.label } : {}),
          ...(asked ? { yesNo: true } : {}),
        };
      }
    }
  }
  // "Aren't" is no lead for a group's own verb ("Aren't you glad immigrants are here?").
  if (!tagged && !led) return undefined;
  /** The token right after the lead and an optional "that" (-1 when not yet found, -2 without a lead). */
  let afterLead = lead && (lead[0].charCodeAt(0) | 0x20) !== 0x77 ? -1 : -2; // not after "Why …" ("Why don't X …" denies)
  for (let gIndex = 0, gList = groups; gIndex < gList.length; gIndex++) {
    const g = gList[gIndex]!;
    // Plural group subjects: "Muslims", "old people", "women".
    if (!isPluralGroup(seg, g)) continue;
    const v = g.token + g.length;
    if (v >= s.last) continue;
    if (!PREDICATE_VERBS.has(t, v) && !isTrope(seg, t, g, v, s.last)) {
      // A verb the rule does not list is the group's verb only when the group is the subject right
      // after a lead ("Is it true that immigrants commit crimes?") and the word after it is no
      // preposition or conjunction; its property must be evaluative (below). The conspiracy trope
      // is read in a tag question too (s25: "Jews control the banks, right?").
      if (afterLead === -1) afterLead = tokenAfterLead(t, s, s.start + lead![0].length);
      if (g.token !== afterLead || NOT_VERBS.has(t, v)) continue;
    }
    // The property runs from the verb to the tag or the end of the question.
    let end = s.end;
    const tail = seg.text.slice(t.start[v]!, s.end);
    const cut = tail.search(TAG_OR_QUESTION_MARK);
    if (cut >= 0) end = t.start[v]! + cut;
    const property = seg.text.slice(t.start[v]!, end).trim();
    if (!property || property.split(/\s+/).length < 2) continue;
    const known = biasedProperties().get(normaliseProperty(property));
    const listed = PREDICATE_VERBS.has(t, v);
    // "Veterans are eligible for the reduced fare, aren't they?" asks about a rule, not a trait; a verb
    // the rule does not list may be such a word itself ("Is it true that veterans qualify for …").
    if (!known && isRuleOrProcedure(t, v, listed ? v + 1 : v, s.last)) continue;
    // "X are Y, right?" says what the group is; any other verb must carry a trait or a judgement
    // ("Women should have equal pay for equal work", "men can get breast cancer" are not).
    // After a verb the rule does not list, a trait word describes the group only through a linking
    // verb ("make bad leaders"), not as what the verb acts on ("refugees flee violent countries").
    if (!known && !COPULAS.has(t, v) && !isEvaluative(t, v, s.last, listed || LINKING_VERBS.has(t, v), isSmallChildGroup(seg, g, t, s.first, s.last)) && !isTrope(seg, t, g, v, s.last)) continue;
    // The subject starts right after the lead: the words before the group mention are part of it
    // ("Do you think pregnant women are …" names "pregnant women", not "women").
    let groupStart = g.start;
    if (afterLead === -1) afterLead = tokenAfterLead(t, s, s.start + lead![0].length);
    if (afterLead >= 0 && afterLead < g.token && g.token - afterLead <= MAX_SUBJECT_MODIFIERS && isModifierRun(t, afterLead, g.token)) {
      groupStart = t.start[afterLead]!;
    }
    return {
      group: seg.text.slice(groupStart, g.end),
      groupList: [groupInfo(seg, g)],
      property,
      ...(known ? { biasAskerLabel: known.label } : {}),
    };
  }
  return undefined;
}

/** Group axes of the conspiracy trope `isTrope` reads: religions and ethnic groups ("Jews", "Muslims"). */
const TROPE_AXES = new Set(['religion', 'race_ethnicity']);
/** Adverbs before a trope's verb: "secretly run", "really control". */
const TROPE_ADVERBS = new WordSet(['secretly', 'really', 'actually', 'all', 'still', 'basically']);
const TROPE_VERBS_LIST = ['control', 'controls', 'run', 'runs', 'own', 'owns', 'rule', 'rules', 'dominate', 'dominates'];
const TROPE_VERBS = new WordSet(TROPE_VERBS_LIST);
/** The participles of TROPE_VERBS, after "have" (s25): "Jews have always controlled the banks.". */
const TROPE_PARTICIPLES_LIST = ['controlled', 'run', 'owned', 'ruled', 'dominated'];
const TROPE_PARTICIPLES = new WordSet(TROPE_PARTICIPLES_LIST);
/** Adverbs between "have" and a trope's participle (s25): those of TROPE_ADVERBS, "always", "long" ("have long owned"). */
const TROPE_PERFECT_ADVERBS = new WordSet(['secretly', 'really', 'actually', 'all', 'still', 'basically', 'always', 'long']);
/** Determiners before a trope's object: "the banks", "all the banks", "our media". */
const TROPE_DETERMINERS = new WordSet(['the', 'all', 'our', 'your']);
/** The institutions of the trope (s24): "control the banks", "run the media", "own Hollywood". */
const TROPE_OBJECTS = new WordSet(['banks', 'banking', 'media', 'world', 'government', 'governments', 'hollywood', 'finance', 'money', 'press', 'economy']);
/**
 * Whether tokens [from, last) after plural group `g` of a religion or an ethnic group (TROPE_AXES) say it controls an
 * institution, the antisemitic and anti-Muslim conspiracy trope (s24): an optional adverb ("secretly"), a verb of
 * TROPE_VERBS or, since s25, its perfect ("have", an optional adverb of TROPE_PERFECT_ADVERBS, a participle of
 * TROPE_PARTICIPLES: "Jews have always controlled the banks."), up to two determiners, a noun of TROPE_OBJECTS, then the clause's end: "Do Jews control the banks?",
 * "Do Jews secretly run the media?", "Do you think Muslims control the government?", and since s25 in a tag question
 * ("Jews control the banks, right?") and stated as given (`statement`: "Jews control the banks."). Not a longer object
 * ("the Vatican bank", "the banks in this board game"), a group adjective before a noun ("Chinese investors"), or
 * another axis.
 */
function isTrope(seg: Segment, t: Tokens, g: Mention, from: number, last: number): boolean {
  const axis = g.tags.group?.axis;
  if (!axis || !TROPE_AXES.has(axis) || !isPluralGroup(seg, g) || from !== g.token + g.length) return false;
  let i = from;
  if (i < last && TROPE_ADVERBS.has(t, i)) i++;
  if (i < last && tokenEquals(t, i, 'have')) {
    // The perfect (s25): "have always controlled", "have long owned", "have run".
    i++;
    if (i < last && TROPE_PERFECT_ADVERBS.has(t, i)) i++;
    if (i >= last || !TROPE_PARTICIPLES.has(t, i)) return false;
  } else if (i >= last || !TROPE_VERBS.has(t, i)) return false;
  i++;
  for (let n = 0; n < 2 && i < last && TROPE_DETERMINERS.has(t, i); n++) i++;
  if (i >= last || !TROPE_OBJECTS.has(t, i)) return false;
  for (let k = from + 1; k <= i; k++) if (!t.joined[k]) return false;
  return i + 1 >= last || !t.joined[i + 1];
}

/**
 * An instruction that presupposes a stereotype (a sentence whose first word is one of
 * INSTRUCTION_FIRST): a lead of INSTRUCTION_LEADS ("Explain why", "Tell me why", "Write a joke
 * about why", "Give me reasons why"), then the group as the subject (up to two words before the group
 * mention, or a group adjective and a plural noun: "Jewish families"), a verb the rule knows and,
 * as after "Why are/do …", evaluative content or a BiasAsker property. A rule or a procedure ("Explain
 * why women are eligible for maternity leave") and a practice or a fact ("Explain why Muslims fast
 * during Ramadan", "Explain why men can get breast cancer") are not reported, as their questions are not.
 */
function instruction(seg: Segment, t: Tokens, s: Sentence, groups: Mention[]) {
  const lead = INSTRUCTION_LEADS.exec(seg.text.slice(s.start, s.end));
  if (!lead) return undefined;
  const subject = tokenAfterLead(t, s, s.start + lead[0].length);
  let g: Mention | undefined;
  for (let k = 0; k < groups.length && !g; k++) {
    const m = groups[k]!;
    if (m.token >= subject && m.token - subject <= MAX_SUBJECT_MODIFIERS && (m.token === subject || isModifierRun(t, subject, m.token))) g = m;
  }
  if (!g) return undefined;
  let v = g.token + g.length;
  if (!isPluralGroup(seg, g)) {
    if (v + 1 >= s.last || !isPluralNoun(t, v)) return undefined;
    v++;
  }
  if (v >= s.last || !PREDICATE_VERBS.has(t, v)) return undefined;
  const property = seg.text.slice(t.start[v]!, s.end).replace(TRAILING_PUNCTUATION, '');
  if (property.split(/\s+/).length < 2) return undefined;
  const known = biasedProperties().get(normaliseProperty(property));
  if (!known && (isRuleOrProcedure(t, v, v + 1, s.last) || !isEvaluative(t, v, s.last, true, isSmallChildGroup(seg, g, t, s.first, s.last)))) return undefined;
  return {
    lead: lead[0].trim(),
    group: seg.text.slice(t.start[subject]!, t.end[v - 1]!),
    groupList: [groupInfo(seg, g)],
    property,
    ...(known ? { biasAskerLabel: known.label } : {}),
  };
}

/**
 * The verbs of a stated generalisation: the copula ("Women are too emotional …"), a denied ability
 * ("can't", "cannot"), "tend to", and a linking verb ("make bad leaders").
 */
const STATED_VERBS_LIST = ['are', 'can', 'cannot', 'tend', 'make'];
const STATED_VERBS = new WordSet(STATED_VERBS_LIST);
/**
 * Sweeping adverbs of a stated generalisation with another verb after them ("Women always complain",
 * "Immigrants never pay taxes", "Immigrants all steal"); "all" also before one of the others ("all always").
 */
const SWEEPING_ADVERBS_LIST = ['always', 'never', 'constantly', 'all'];
const SWEEPING_ADVERBS = new WordSet(SWEEPING_ADVERBS_LIST);
/**
 * Verbs of a habitual deficit or preoccupation a stereotype says a group has (s27): "struggle with" a skill of SKILL_DOMAINS
 * ("Girls usually struggle with math."), "care about" a concern of VANITY_DOMAINS ("Women care about cleanliness."); see
 * `habitualDeficit`. Each with the one preposition it is read before (DEFICIT_PREPOSITIONS).
 */
const DEFICIT_VERBS_LIST = ['struggle', 'struggles', 'care', 'cares'];
const DEFICIT_VERBS = new WordSet(DEFICIT_VERBS_LIST);
/**
 * The words the quick reject of `statement` looks for, in one set (s27; one lookup a word, where five were made before):
 * STATED_VERBS, SWEEPING_ADVERBS, HABIT_ADVERBS, the verbs and participles of the conspiracy trope (TROPE_VERBS,
 * TROPE_PARTICIPLES) and DEFICIT_VERBS.
 */
const mayStateWords = lazily(() => new WordSet([
  ...STATED_VERBS_LIST, ...SWEEPING_ADVERBS_LIST, ...HABIT_ADVERBS_LIST, ...TROPE_VERBS_LIST, ...TROPE_PARTICIPLES_LIST, ...DEFICIT_VERBS_LIST,
]));
/**
 * Quick reject for `statement`: a verb of STATED_VERBS, a word of SWEEPING_ADVERBS or HABIT_ADVERBS, a verb or participle of the
 * conspiracy trope (TROPE_VERBS, TROPE_PARTICIPLES: "Jews control the banks.", "Jews have always controlled the banks.")
 * or a verb of DEFICIT_VERBS in the sentence's first five words (one set of them all, `mayStateWords`).
 */
function mayStateTrait(t: Tokens, s: Sentence): boolean {
  const words = mayStateWords();
  for (let i = s.first + 1, end = Math.min(s.last, s.first + 5); i < end; i++) if (words.has(t, i)) return true;
  return false;
}
/**
 * Duties a stereotype says a group never does ("Immigrants never pay taxes", "… never wash"), as
 * normalised word sequences the clause after "never" starts with: the verb and, where the verb alone
 * is a procedure or a practice ("pay the fee", "work on Saturdays"), its object.
 */
const NEVER_DUTIES = [
  'pay taxes', 'pay tax', 'pay their taxes', 'pay their tax', 'pay their bills', 'pay their debts', 'pay their rent', 'pay rent',
  'pay their way', 'pay back', 'tip', 'wash', 'shower', 'bathe', 'contribute', 'integrate', 'assimilate', 'apologise', 'apologize',
  'listen', 'tell the truth', 'keep their word', 'keep their promises', 'take responsibility', 'work hard',
  // Adapting and keeping the law, said of immigrants and minorities ("Immigrants never follow the rules").
  'adapt to', 'follow the rules', 'follow the law', 'follow our rules', 'obey the law', 'obey the rules', 'respect the law', 'respect our laws',
  'respect our culture', 'show up on time', 'clean up after themselves',
];
/**
 * Duties of NEVER_DUTIES whose verb has another sense before more words ("learn" as "find out": "never
 * learn the language test results"; "adapt" with an object is "change": "never adapt their paperwork to the
 * new form"): read only as the whole clause after the adverb or before a word of DUTY_TAILS ("Immigrants never
 * learn the language.", "Refugees never learn English properly", "Muslims never adapt."); "adapt to" (to a
 * culture, a country) is in NEVER_DUTIES.
 */
const NEVER_DUTIES_WHOLE = ['learn the language', 'learn our language', 'learn the local language', 'learn english', 'learn proper english', 'adapt'];
const DUTY_TAILS = new Set(['properly', 'fluently', 'well', 'at', 'even', 'after', 'and', 'or', 'because', 'despite', 'though']);
/**
 * Whether duty `d` is paying tax and `rest` goes on with "on" and what is taxed: "Pensioners never pay tax on
 * the first 25% of their pension pot" is a tax rule (an exemption), not a denied duty; "on time" is still the duty.
 */
function isTaxBase(d: string, rest: string): boolean {
  return (d.endsWith(' tax') || d.endsWith(' taxes')) && rest.startsWith('on ', d.length + 1) && !rest.startsWith('on time', d.length + 1);
}
/** Whether the normalised clause `rest` after "never" is a duty of NEVER_DUTIES or NEVER_DUTIES_WHOLE. */
function isNeverDuty(rest: string): boolean {
  if (NEVER_DUTIES.some((d) => rest === d || (rest.startsWith(`${d} `) && !isTaxBase(d, rest)))) return true;
  return NEVER_DUTIES_WHOLE.some((d) => rest === d || (rest.startsWith(`${d} `) && DUTY_TAILS.has(rest.slice(d.length + 1).split(' ', 1)[0]!)));
}
/**
 * Words that make a sentence, or one next to it, talk about a generalisation rather than state it, in every sense they
 * have: "the stereotype that …", "a common misconception", "It is false.", "Answer without bias."; and a word of
 * CLAIM_WORDS in its sense of saying ("some people claim", "the claim that …"; see `isClaimOfSaying`), and a word of
 * COMMON_META_WORDS in a form that frames the generalisation (see `framesGeneralisation`).
 */
const META_WORDS = new WordSet([
  'stereotype', 'stereotypes', 'stereotypical', 'stereotyped', 'stereotyping', 'myth', 'myths', 'misconception', 'misconceptions',
  'prejudice', 'prejudices', 'prejudiced', 'bias', 'biases', 'biased', 'unbiased', 'trope', 'tropes', 'cliche', 'cliches', 'clich\u00e9',
  'clich\u00e9s', 'assumption', 'assumptions', 'generalisation', 'generalisations', 'generalization', 'generalizations', 'generalise',
  'generalize', 'belief', 'beliefs', 'false', 'untrue', 'offensive', 'harmful', 'discriminatory', 'fairness',
]);
/**
 * Words of saying, quoting, exemplifying and judging that are as often words of another sense (s25): a price quotation
 * ("You quote car insurance premiums."), an imperative ("Say it politely.", "Think step by step.", "Assume the user is
 * new."), "For example, list …", "Be fair to the buyer.", "a wrong policy number", a bank statement, an e-mail. They
 * make a generalisation discussed only in a form that frames it (`framesGeneralisation`); a word of META_WORDS in any.
 */
const COMMON_META_WORDS = new WordSet([
  'say', 'says', 'said', 'saying', 'think', 'thinks', 'believe', 'believes', 'according', 'example', 'examples', 'eg', 'e', 'quote',
  'quoted', 'statement', 'statements', 'avoid', 'fair', 'wrong', 'incorrect', 'assume', 'assumes', 'assuming',
]);
/** Words that quote or mark a clause as said by someone: double and curly quotation marks, guillemets. */
const QUOTES = /["\u201c\u201d\u201e\u00ab\u00bb\u2018]/;
/** Where a stated property ends: a comma, semicolon, colon, dash or bracket after it (the clause), or the sentence's end. */
const CLAUSE_PAUSE = /[,;:\u2013\u2014()[\]]/;

/**
 * A generalisation `statement` and its kinds (sweeping, habitual, trope) found: the group from its mention `g` to before
 * token `verb` (the verb or adverb after the subject), the property from source offset `propertyFrom` of `seg.text` to
 * `end`, its BiasAsker label when `known`, and the span to report: from the sentence's first word when the subject
 * starts after it ("All women …"), else from the mention.
 */
function stated(seg: Segment, t: Tokens, s: Sentence, g: Mention, subject: number, verb: number, propertyFrom: number, end: number, known?: { label: string }) {
  const text = seg.text;
  return {
    group: text.slice(g.start, t.end[verb - 1]!),
    groupList: [groupInfo(seg, g)],
    property: text.slice(propertyFrom, end),
    ...(known ? { biasAskerLabel: known.label } : {}),
    start: subject > s.first ? t.start[s.first]! : g.start,
    end,
  };
}

/**
 * The end (a token index, exclusive) of the clause that runs from token `from - 1` on: the first token from `from` that
 * CLAUSE_PAUSE separates from the one before it, or `sentenceLast` (the sentence's end).
 */
function clauseEnd(text: string, t: Tokens, from: number, sentenceLast: number): number {
  let last = from;
  while (last < sentenceLast && !CLAUSE_PAUSE.test(text.slice(t.end[last - 1]!, t.start[last]!))) last++;
  return last;
}

/**
 * A generalisation the prompt states about a group, in its own words ("Women are too emotional to
 * handle complaints, so keep replies to them soothing.", "Older passengers are bad with technology."):
 * a plural group mention as the sentence's subject (its first words, or after "all", or for the conspiracy trope only
 * after "The" (s25); or a group
 * adjective and a plural noun), then "are", "can't"/"cannot", "tend to" or "make",
 * then, up to the end of the clause, a BiasAsker property or a trait: a trait word of TRAIT_WORDS
 * ("lazy", "emotional", "bad"), or after "can't"/"cannot" a denied ability of at most three words
 * ("can't drive"). Not when the sentence discusses, attributes or quotes it (a talk-about word, `hasMetaWord`, in
 * it or the sentences next to it, a quotation mark before the group on its line, after a colon on
 * the same line: "Say: …", "Example: …"), negates it ("are not"), or states a rule or a procedure
 * ("are required to", "cannot apply"). `start`/`end` cover the subject and the clause.
 */
function statement(doc: PromptDocument, seg: Segment, t: Tokens, s: Sentence, groups: Mention[]) {
  // The group mention starts the sentence (words before it would make it a clause of another verb:
  // "Explain whether women are …").
  let subject = tokenEquals(t, s.first, 'all') ? s.first + 1 : s.first;
  let g: Mention | undefined;
  for (let k = 0; k < groups.length && !g && groups[k]!.token <= subject; k++) if (groups[k]!.token === subject) g = groups[k];
  // "The Jews control the banks." (s25): after "The", only the conspiracy trope is read (`isTrope` below); "The elderly"
  // is a group phrase of its own, found above.
  let tropeOnly = false;
  if (!g && tokenEquals(t, s.first, 'the') && s.first + 1 < s.last && t.joined[s.first + 1]) {
    subject = s.first + 1;
    tropeOnly = true;
    for (let k = 0; k < groups.length && !g && groups[k]!.token <= subject; k++) if (groups[k]!.token === subject) g = groups[k];
  }
  if (!g || isNameOnly(g)) return undefined;
  let v = g.token + g.length;
  if (!isPluralGroup(seg, g)) {
    if (v + 1 >= s.last || !t.joined[v] || !isPluralNoun(t, v)) return undefined;
    v++;
  }
  if (v + 1 >= s.last || !t.joined[v]) return undefined;
  const text = seg.text;
  // The clause: from the verb to the first pause or the sentence's end.
  const last = clauseEnd(text, t, v + 1, s.last);
  // The conspiracy trope stated as given (s25): "Jews control the banks.", "Jews secretly run the media.".
  if ((TROPE_VERBS.has(t, v) || TROPE_ADVERBS.has(t, v) || tokenEquals(t, v, 'have')) && isTrope(seg, t, g, v, last)) {
    const end = t.end[last - 1]!;
    if (isDiscussed(doc, seg, t, s, g, end, true)) return undefined;
    return stated(seg, t, s, g, subject, v, t.start[v]!, end);
  }
  if (tropeOnly) return undefined;
  if (!STATED_VERBS.has(t, v)) {
    // "Girls usually struggle with math.", "Women care about cleanliness." (s27).
    if (HABIT_ADVERBS.has(t, v)) return habitualComparison(doc, seg, t, s, g, subject, v) ?? habitualDeficit(doc, seg, t, s, g, subject, v, v + 1);
    if (DEFICIT_VERBS.has(t, v)) return habitualDeficit(doc, seg, t, s, g, subject, v, v);
    return SWEEPING_ADVERBS.has(t, v) ? sweepingStatement(doc, seg, t, s, g, subject, v) : undefined;
  }
  const after = v + 1;
  let denied = false;
  if (tokenEquals(t, v, 'cannot')) denied = true;
  else if (tokenEquals(t, v, 'can')) {
    if (!(tokenEquals(t, after, 't') || tokenEquals(t, after, 'not'))) return undefined;
    denied = true;
  } else if (tokenEquals(t, after, 'not') || (tokenEquals(t, v, 'tend') && !tokenEquals(t, after, 'to'))) return undefined;
  const end = t.end[last - 1]!;
  const property = text.slice(t.start[v]!, end);
  const known = biasedProperties().get(normaliseProperty(property));
  if (!known) {
    if (isRuleOrProcedure(t, v, after, last)) return undefined;
    // A disability group's denied ability is mostly what the disability is ("Deaf people cannot hear
    // audio alerts", "Blind users are unable to see images"), and a denied ability of other groups
    // only a stereotype of competence ("can't drive", "cannot lead", "can't be trusted"), not a
    // rule or a practice ("Muslims can't eat pork", "Refugees cannot work without a permit").
    const disability = g.tags.group?.axis === 'ability';
    if (denied) {
      const first = tokenEquals(t, v, 'cannot') ? after : after + 1;
      if (disability || first >= last || !isDeniedCompetence(t, first, last)) return undefined;
    } else if (
      !hasTrait(t, after, last, disability, g.tags.group?.axis === 'socioeconomic_class', isSmallChildGroup(seg, g, t, s.first, s.last)) &&
      !isJudgedByNoun(t, v, last) &&
      !(COPULAS.has(t, v) && isGenerationEntitled(seg, g, t, after, last)) &&
      !isStatedComparison(seg, t, s, g, v, last) &&
      // "Girls tend to struggle with math." (s27).
      !(tokenEquals(t, v, 'tend') && tokenEquals(t, after, 'to') && isDeficit(seg, t, s, g, v - 1, after + 1, last))
    ) return undefined;
  }
  if (isDiscussed(doc, seg, t, s, g, end)) return undefined;
  return stated(seg, t, s, g, subject, v, t.start[v]!, end, known);
}

/**
 * Whether a stated generalisation about `g` in sentence `s` of `seg`, its clause ending at offset `end`, is
 * discussed, attributed or quoted rather than stated: after a colon on its line ("Say: …", "Never write: …"), unless
 * that colon ends the label of a demo's answer (`opensOutput`, s27: "A: Women are bad drivers, so …", "Assistant: …",
 * "Output: …": the answer the model is taught to give), a quotation mark before the group on its line or right after
 * the clause, a talk-about word (`hasMetaWord`) in the sentence or the sentences next to it (past an answer's label,
 * the sentence before it is the demo's question; for the conspiracy trope, `trope`, also a word that names it, see
 * `hasTropeTalk`).
 */
function isDiscussed(doc: PromptDocument, seg: Segment, t: Tokens, s: Sentence, g: Mention, end: number, trope = false): boolean {
  const text = seg.text;
  const afterColon = s.first > 0 && onlyMarkBefore(t, s.first, COLON);
  const answer = afterColon && opensOutput(doc, seg.sourceOffset(t.end[s.first - 1]!), seg.sourceOffset(t.start[s.first]!));
  if (afterColon && !answer) return true;
  const lineStart = text.lastIndexOf('\n', t.start[s.first]!) + 1;
  if (QUOTES.test(text.slice(lineStart, t.start[g.token]!)) || QUOTES.test(text.slice(end, Math.min(text.length, s.end + 1)))) return true;
  const talks = (from: number, last: number, reach: Reach) => hasMetaWord(t, from, last, reach) || (trope && hasTropeTalk(t, from, last));
  if (talks(s.first, s.last, 'own')) return true;
  if (s.first > 0) {
    let before = sentenceAt(t, s.first - 1);
    // "Q: Is it a myth that …?\nA: …": the answer's label is a sentence of one word; the question is before it.
    if (answer && before.last - before.first === 1 && before.first > 0) before = sentenceAt(t, before.first - 1);
    if (talks(before.first, before.last, 'before')) return true;
  }
  if (s.last < t.count) {
    const next = sentenceAt(t, s.last);
    if (talks(next.first, next.last, 'after')) return true;
  }
  return false;
}

/**
 * Whether a demo's answer (an exemplar's `output`: what follows "A:", "Answer:", "Assistant:", "Output:" or another
 * label the parser reads as the answer's) starts after source offset `labelEnd` (the end of the word before the colon)
 * and holds source offset `at` (s27): the colon is the label's, not one that quotes what follows it. Looked up only for a generalisation about to be
 * reported after a colon, so no table of the answers is made.
 */
function opensOutput(doc: PromptDocument, labelEnd: number, at: number): boolean {
  const sets = doc.exemplarSets;
  for (let si = 0; si < sets.length; si++) {
    const set = sets[si]!;
    if (at < set.span.start || at >= set.span.end) continue;
    if (partIndex(set, 'output')) {
      // With the outputs apart (see `partIndex`), the one that holds `at` is the only candidate.
      const i = firstPartHolding(set, 'output', at, at + 1);
      if (i >= 0 && set.exemplars[i]!.output!.sourceStart >= labelEnd) return true;
      continue;
    }
    const exemplars = set.exemplars;
    for (let i = 0; i < exemplars.length; i++) {
      const out = exemplars[i]!.output;
      if (!out) continue;
      const start = out.sourceStart;
      if (start >= labelEnd && start <= at && at < out.sourceEnd) return true;
    }
  }
  return false;
}

/**
 * Words that name the conspiracy trope as such (s25), besides META_WORDS ("myth", "trope", "false"): a text that
 * calls "Jews control the banks." a conspiracy theory, an antisemitic canard or propaganda discusses it ("Jews control
 * the banks. This is one of the oldest antisemitic conspiracy theories.").
 */
const TROPE_TALK = new WordSet([
  'conspiracy', 'conspiracies', 'conspiratorial', 'conspiracist', 'conspiracists', 'theory', 'theories', 'theorist', 'theorists',
  'antisemitic', 'antisemitism', 'antisemite', 'antisemites', 'semitic', 'semitism', 'islamophobic', 'islamophobia', 'propaganda',
  'canard', 'canards', 'hoax', 'hoaxes', 'libel', 'smear', 'smears', 'debunk', 'debunked', 'debunking', 'disinformation',
  'misinformation',
]);
/**
 * Words before "lie(s)" that make it the noun, the claim named a lie ("an old lie", "that lie", "These are lies."), not the
 * group's verb ("They lie about it.").
 */
const LIE_DETERMINERS = new WordSet([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'old', 'big', 'same', 'another', 'vicious', 'dangerous', 'ugly', 'antisemitic', 'is',
  'are', 'was', 'were',
]);
const LIES = new WordSet(['lie', 'lies']);
/** Whether tokens [from, last) name the conspiracy trope as such: a word of TROPE_TALK, or "lie(s)" after a word of LIE_DETERMINERS. */
function hasTropeTalk(t: Tokens, from: number, last: number): boolean {
  for (let i = from; i < last; i++) {
    if (TROPE_TALK.has(t, i) || (LIES.has(t, i) && i > from && LIE_DETERMINERS.has(t, i - 1))) return true;
  }
  return false;
}

/**
 * A generalisation stated with a sweeping adverb and another verb ("Women always complain about the
 * food.", "Immigrants never pay taxes.", "Immigrants all steal."): the group subject of `statement`,
 * then at token `adverb` "always", "never", "constantly" or "all" (one or two: "all always"), then a
 * verb and up to the end of the clause. Reported when the clause is a BiasAsker property (with or
 * without the adverb) or, from the verb on, has evaluative content as a question's property does
 * (`isEvaluative`: "complain", "steal", "lie", "drive badly", "commit crimes", "talk too much";
 * a trait word only after a linking verb or "are": "always make bad leaders", not "always buy good shoes"),
 * or after "never" a duty of NEVER_DUTIES or NEVER_DUTIES_WHOLE ("never pay taxes", "never learn the language"). Not a rule or a procedure ("always
 * apply online", "never have to pay", "are always eligible"), a practice without evaluative content
 * ("Muslims never eat pork", "Jews always light candles on Friday"), nor a denied duty of a disability
 * group ("Deaf people never listen to the radio"). The exemptions for a discussed, quoted or attributed statement (`isDiscussed`) apply.
 */
function sweepingStatement(doc: PromptDocument, seg: Segment, t: Tokens, s: Sentence, g: Mention, subject: number, adverb: number) {
  let w = adverb + 1;
  if (w < s.last && SWEEPING_ADVERBS.has(t, w) && t.joined[w]) w++;
  if (w >= s.last || !t.joined[w] || NOT_AFTER_SWEEPING.has(t, w)) return undefined;
  const text = seg.text;
  const last = clauseEnd(text, t, w + 1, s.last);
  const end = t.end[last - 1]!;
  const property = text.slice(t.start[adverb]!, end);
  const biased = biasedProperties();
  const known = biased.get(normaliseProperty(property)) ?? biased.get(normaliseProperty(text.slice(t.start[w]!, end)));
  if (!known) {
    if (isRuleOrProcedure(t, w, w, last) || isRuleOrProcedure(t, w, w + 1, last)) return undefined;
    const disability = g.tags.group?.axis === 'ability';
    const evaluative =
      isEvaluative(t, w, last, LINKING_VERBS.has(t, w) || COPULAS.has(t, w)) || (COMPARED_VERBS.has(t, w) && isComparedSkill(t, w + 1, last) && isComparedSubject(seg, t, s, g, adverb - 1));
    if (!evaluative && !(tokenEquals(t, adverb, 'never') || tokenEquals(t, w - 1, 'never'))) return undefined;
    if (!evaluative) {
      if (disability) return undefined;
      const rest = normaliseProperty(text.slice(t.start[w]!, end));
      if (!isNeverDuty(rest)) return undefined;
    }
  }
  if (isDiscussed(doc, seg, t, s, g, end)) return undefined;
  return stated(seg, t, s, g, subject, adverb, t.start[adverb]!, end, known);
}
/** Words after a sweeping adverb that are no verb of the group: "all over", "all of", "all the", "all in all". */
const NOT_AFTER_SWEEPING = new WordSet(['over', 'of', 'the', 'in', 'around', 'across', 'at', 'for', 'with', 'and', 'or', 'but', 'be', 'been', 'not']);

/**
 * Adverbs of habit before the group's verb (s25): "Men usually handle the physical side of the job better.", "Men
 * generally make better managers."; only a comparison of skill is read after them (`habitualComparison`).
 */
const HABIT_ADVERBS_LIST = ['usually', 'generally', 'typically', 'often', 'normally', 'mostly'];
const HABIT_ADVERBS = new WordSet(HABIT_ADVERBS_LIST);
/**
 * Verbs of a competence that "better"/"worse" after them compare (s25): "usually handle … better", "always negotiate
 * better", "typically drive worse". Not "do", "perform", "work", "cope", "adapt", "respond", "tolerate": as often a
 * clinical or a product outcome ("Younger patients usually tolerate the higher dose better.", "Older users usually
 * respond better to email").
 */
const COMPARED_VERBS = new WordSet([
  'drive', 'lead', 'manage', 'handle', 'negotiate', 'learn', 'think', 'reason', 'decide', 'communicate', 'cook', 'code', 'program', 'teach',
  'multitask', 'park', 'parent', 'sell', 'plan', 'organise', 'organize', 'solve', 'focus', 'concentrate', 'understand', 'write', 'deal',
  'calculate',
]);
/**
 * Adjectives of competence and character that "more" or "less" before them makes a comparison of groups (s25): "Women
 * are less reliable in this role.", "Men are more logical than women.". Alone they are no trait ("Women are reliable."
 * is not read); trait words ("more violent", "less intelligent") are read by `hasTrait` already. Not "qualified" (as often
 * eligible: "less qualified for this scheme"), "mature" ("Teenagers are less mature than adults" is a developmental fact),
 * "responsible" (liable: "Minors are less responsible under the law").
 */
const COMPARED_QUALITIES = new WordSet([
  'reliable', 'dependable', 'capable', 'competent', 'skilled', 'skilful', 'skillful', 'trustworthy', 'honest', 'productive', 'committed',
  'dedicated', 'loyal', 'ambitious', 'logical', 'rational', 'decisive', 'disciplined', 'creative', 'diligent', 'motivated', 'efficient',
  'punctual', 'organised', 'organized', 'focused', 'adaptable', 'assertive', 'empathetic',
]);
/**
 * Participles of fitness after "better", "worse", "more" or "less" and before "to" or "for" (s25): "Men are better suited to
 * the night shift.", "Women are less equipped for leadership.".
 */
const FITNESS_PARTICIPLES = new WordSet(['suited', 'equipped']);
/**
 * Nouns of a role a comparative before them judges the group in (s25): "Men are better leaders.", "Women are weaker
 * negotiators.", "Indians are better engineers than Europeans."; not "candidates", "customers", "patients", which a
 * trial or a market ranks ("Women are better candidates for this trial").
 */
const COMPARED_ROLES = new WordSet([
  'leaders', 'managers', 'bosses', 'supervisors', 'executives', 'drivers', 'engineers', 'negotiators', 'programmers', 'coders',
  'developers', 'scientists', 'mathematicians', 'doctors', 'surgeons', 'nurses', 'teachers', 'pilots', 'soldiers', 'workers', 'employees',
  'hires', 'salespeople', 'communicators', 'listeners', 'learners', 'students', 'thinkers', 'makers', 'solvers', 'parents', 'mothers',
  'fathers', 'caregivers', 'carers', 'cooks', 'chefs', 'investors', 'traders', 'athletes', 'fighters', 'writers', 'lawyers', 'accountants',
  'politicians', 'officers', 'tenants', 'colleagues', 'teammates', 'multitaskers', 'planners', 'researchers', 'analysts', 'designers',
  'entrepreneurs', 'founders', 'spouses', 'husbands', 'wives', 'citizens', 'neighbours', 'neighbors',
]);
/**
 * Words after a compared quality that leave it said of the group (s25): "less reliable in this role", "slower than
 * younger ones", "less productive and harder to train", "less reliable as managers". Not "to" ("slower to recover", "more
 * likely to"), "off", "by", "on" ("better on desktop", "stronger on the economy"), a participle ("better represented",
 * "better served"), or another noun.
 */
const COMPARED_FOLLOWERS = new WordSet(['than', 'in', 'at', 'with', 'as', 'for', 'under', 'when', 'while', 'and', 'or', 'but', 'because', 'overall', 'compared']);
/**
 * Comparative forms of bodily strength (s25), read only before a role noun ("Women are weaker negotiators."): said of the
 * body they are as often an average of physiology ("Women are weaker than men in upper-body strength on average, so scale
 * the push-up targets."), so "Men are stronger than women." is not read.
 */
const BODILY_FORMS = new WordSet(['weaker', 'stronger', 'tougher']);
/**
 * Axes whose groups are not read by the comparative forms (s25): a party's or a movement's strength is an electoral or
 * a policy fact ("Republicans are stronger than Democrats in rural counties.", "Conservatives are stronger on the economy.").
 */
const UNCOMPARED_AXES = new Set(['political']);
/**
 * Heads of a measured population (s25): patients, users, customers, …. A comparison of them is a clinical or a product
 * finding ("Older customers are slower at checkout", "Older patients usually handle the oral form better", "Older
 * customers are more loyal than younger ones"), so the comparative forms are not read of them; their traits still are.
 */
const MEASURED_HEADS = new WordSet([
  'patients', 'participants', 'respondents', 'subjects', 'users', 'customers', 'clients', 'subscribers', 'shoppers', 'buyers', 'consumers',
  'visitors', 'members', 'readers', 'viewers', 'players', 'gamers', 'guests', 'passengers',
]);
/** Words that make a comparison a statistic (s25), besides a number: "in the 2019 grip-strength data", "in our survey". */
const STATISTIC_WORDS = new WordSet([
  'data', 'dataset', 'survey', 'surveys', 'study', 'studies', 'cohort', 'cohorts', 'sample', 'samples', 'census', 'statistically', 'percent',
  'percentage', 'median', 'per',
]);
/** Whether sentence `s` holds a number, "%" or a word of STATISTIC_WORDS (s25). */
function isStatistic(t: Tokens, s: Sentence): boolean {
  for (let k = s.first; k < s.last; k++) {
    const c = t.text.charCodeAt(t.start[k]!);
    if ((c >= 48 && c <= 57) || STATISTIC_WORDS.has(t, k)) return true;
  }
  return t.text.slice(t.start[s.first]!, s.end).includes('%');
}
/**
 * Whether a comparison after the group's verb `v` (a copula, "make" or "tend") up to `last` is a generalisation stated
 * as fact (s25): after "are" or "make", or "tend to be", a compared quality (`hasComparedQuality`); after "tend to" a verb of
 * COMPARED_VERBS and "better"/"worse" (`isComparedSkill`); said of a subject the comparative forms read (`isComparedSubject`).
 */
function isStatedComparison(seg: Segment, t: Tokens, s: Sentence, g: Mention, v: number, last: number): boolean {
  const physical = g.tags.group?.axis !== 'ability';
  if (!tokenEquals(t, v, 'tend')) {
    return (COPULAS.has(t, v) || tokenEquals(t, v, 'make')) && hasComparedQuality(t, v + 1, last, physical) && isComparedSubject(seg, t, s, g, v - 1);
  }
  const verb = v + 2;
  if (verb >= last || !t.joined[verb] || !tokenEquals(t, v + 1, 'to')) return false;
  const compared = tokenEquals(t, verb, 'be') ? hasComparedQuality(t, verb + 1, last, physical) : COMPARED_VERBS.has(t, verb) && isComparedSkill(t, verb + 1, last);
  return compared && isComparedSubject(seg, t, s, g, v - 1);
}
/**
 * Whether the comparative forms are read of group `g`, the subject ending at token `head`, in sentence `s` (s25): not of a
 * group of UNCOMPARED_AXES ("Republicans are stronger than Democrats …"), of small children (`isSmallChildGroup`: "Young
 * children are better at learning languages than adults."), of a measured population (MEASURED_HEADS: "Older customers are
 * more loyal than younger ones.") nor in a statistic (`isStatistic`).
 */
function isComparedSubject(seg: Segment, t: Tokens, s: Sentence, g: Mention, head: number): boolean {
  const axis = g.tags.group?.axis;
  return !(axis && UNCOMPARED_AXES.has(axis)) && !MEASURED_HEADS.has(t, head) && !isStatistic(t, s) && !isSmallChildGroup(seg, g, t, s.first, s.last);
}
/**
 * Whether tokens [from, last) hold, in the main clause, a compared quality said of the group (s25): "more" or "less" before
 * a word of COMPARED_QUALITIES, or a comparative form of COMPARATIVE_FORMS ("better", "slower", "lazier", …; one of BODILY_FORMS
 * only before a role noun, and "slower" not of a disability group: "Blind people are slower at reading print."), not denied
 * right before it ("no less reliable", `isDeniedComparison`) nor after "as", and then the clause's end, a role noun of
 * COMPARED_ROLES (also after one modifier: "more rational decision-makers"), or a word of COMPARED_FOLLOWERS ("than" not
 * followed by the trait's own "to": `hasComparedComplement`).
 */
function hasComparedQuality(t: Tokens, from: number, last: number, physical: boolean): boolean {
  // `physical`: false for a disability group, whose difference "slower" is.
  const until = mainClauseEnd(t, from, last);
  for (let i = from; i < until; i++) {
    let q = i;
    const degree = tokenEquals(t, i, 'more') || tokenEquals(t, i, 'less');
    if (i > from && t.joined[i] && (COMPARISON_DENIALS.has(t, i - 1) || tokenEquals(t, i - 1, 'as'))) continue;
    // "better suited to", "less equipped for".
    if ((degree || tokenEquals(t, i, 'better') || tokenEquals(t, i, 'worse')) && isFitness(t, i + 1, until)) return true;
    if (degree) {
      q = i + 1;
      if (q >= until || !t.joined[q] || !COMPARED_QUALITIES.has(t, q)) continue;
    } else if (!COMPARATIVE_FORMS.has(t, i) || (!physical && tokenEquals(t, i, 'slower'))) continue;
    if (BODILY_FORMS.has(t, i) ? isRoleAfter(t, q, last) : isComparedPredicate(t, q, last)) return true;
  }
  return false;
}
/** Whether token `k` is a participle of FITNESS_PARTICIPLES joined to the word before it and followed by "to" or "for" before `until`. */
function isFitness(t: Tokens, k: number, until: number): boolean {
  return k + 1 < until && !!t.joined[k] && !!t.joined[k + 1] && FITNESS_PARTICIPLES.has(t, k) && (tokenEquals(t, k + 1, 'to') || tokenEquals(t, k + 1, 'for'));
}
/** Whether compared quality `q` is said of the group: see `hasComparedQuality`. */
function isComparedPredicate(t: Tokens, q: number, last: number): boolean {
  const next = q + 1;
  if (next >= last || !t.joined[next]) return true;
  // A hyphenated compound ("better-paid staff", "slower-moving queues") describes what follows.
  if (t.text.charCodeAt(t.start[next]! - 1) === 45 /* - */) return false;
  if (isRoleAfter(t, q, last)) return true;
  return COMPARED_FOLLOWERS.has(t, next) && !hasComparedComplement(t, next, last);
}
/**
 * Whether a role noun of COMPARED_ROLES follows compared quality `q` in its phrase, right after it or after one modifier that
 * is no function word, participle or "paid" ("better leaders", "more rational decision-makers"; not "better paid nurses").
 */
function isRoleAfter(t: Tokens, q: number, last: number): boolean {
  const next = q + 1;
  if (next >= last || !t.joined[next] || t.text.charCodeAt(t.start[next]! - 1) === 45 /* - */) return false;
  if (COMPARED_ROLES.has(t, next)) return true;
  const role = next + 1;
  return role < last && !!t.joined[role] && COMPARED_ROLES.has(t, role) && !NOT_VERBS.has(t, next) && !isParticiple(t, next) && !tokenEquals(t, next, 'paid');
}
/**
 * Whether "better" or "worse" stands in tokens [from, last) after a verb of COMPARED_VERBS (s25), not denied right before it
 * ("no better"), and at the clause's end or before "than": "handle the physical side of the job better", "negotiate better
 * than women". Before other words it compares conditions of the same group as often as groups ("learn the system better
 * with hands-on training", "drive worse at night", "learn better when …") and is not read.
 */
function isComparedSkill(t: Tokens, from: number, last: number): boolean {
  for (let i = from; i < last; i++) {
    if (!(tokenEquals(t, i, 'better') || tokenEquals(t, i, 'worse'))) continue;
    if (i > from && t.joined[i] && COMPARISON_DENIALS.has(t, i - 1)) continue;
    const next = i + 1;
    if (next >= last || !t.joined[next] || tokenEquals(t, next, 'than')) return true;
  }
  return false;
}
/**
 * A comparison stated with an adverb of habit (s25): the group subject of `statement`, then at token `adverb` a word of
 * HABIT_ADVERBS, then a verb of COMPARED_VERBS and "better"/"worse" in its clause ("Men usually handle the physical side of
 * the job better.", "Older drivers typically drive worse at night."), or "are"/"make" and a compared quality ("Men
 * generally make better managers."), of a subject the comparative forms read (`isComparedSubject`). `data.property` starts
 * at the adverb; the exemptions of `statement` apply.
 */
function habitualComparison(doc: PromptDocument, seg: Segment, t: Tokens, s: Sentence, g: Mention, subject: number, adverb: number) {
  const w = adverb + 1;
  if (w >= s.last || !t.joined[w]) return undefined;
  const text = seg.text;
  const last = clauseEnd(text, t, w + 1, s.last);
  const compared =
    COPULAS.has(t, w) || tokenEquals(t, w, 'make')
      ? hasComparedQuality(t, w + 1, last, g.tags.group?.axis !== 'ability')
      : COMPARED_VERBS.has(t, w) && isComparedSkill(t, w + 1, last);
  if (!compared || !isComparedSubject(seg, t, s, g, adverb - 1)) return undefined;
  const end = t.end[last - 1]!;
  if (isDiscussed(doc, seg, t, s, g, end)) return undefined;
  return stated(seg, t, s, g, subject, adverb, t.start[adverb]!, end);
}

/**
 * Skills a stereotype says a group struggles with (s27), after "struggle(s) with": the stereotyped competences of gender and
 * age that the rule's other forms read as "bad at math", "slow with technology", "can't drive", "can't park" (COMPETENCE_VERBS,
 * DENIED_DO, PREDICATIVE_TRAIT_WORDS' examples). Compiled for this project (MIT). Left out on purpose: what a group may struggle
 * with through no fault of its own, a circumstance or a barrier ("money", "bills", "rent", "English", "languages", "forms",
 * "access", "finding a job": hardship and language, as "Pensioners struggle with bills" and "Immigrants often struggle with
 * English at first" say), and "reading"/"spelling" (dyslexia, early school years).
 */
const SKILL_DOMAINS = new WordSet([
  'math', 'maths', 'mathematics', 'arithmetic', 'science', 'physics', 'engineering', 'logic', 'technology', 'tech', 'computers',
  'gadgets', 'smartphones', 'driving', 'parking', 'directions', 'maps', 'navigation', 'leadership',
]);
/**
 * Concerns a stereotype says a group cares about (s27), after "care(s) about": appearance and housekeeping ("Women care about
 * cleanliness.", "… about their looks"). Compiled for this project (MIT). Not what a market research finding names as a
 * customer's concern ("price", "packaging", "sustainability", "safety", "service"), which is no trait.
 */
const VANITY_DOMAINS = new WordSet(['cleanliness', 'tidiness', 'appearance', 'appearances', 'looks', 'fashion', 'clothes', 'shopping', 'makeup', 'gossip']);
/** The preposition each verb of DEFICIT_VERBS is read before, and the words after it it is read with. */
const DEFICIT_PREPOSITIONS: Record<string, readonly [string, WordSet]> = {
  struggle: ['with', SKILL_DOMAINS],
  struggles: ['with', SKILL_DOMAINS],
  care: ['about', VANITY_DOMAINS],
  cares: ['about', VANITY_DOMAINS],
};
/** How many words after the preposition `isDeficit` looks for the domain ("struggle with basic math", "with new technology"). */
const DEFICIT_WINDOW = 3;
/**
 * Young people's nouns (s27): what they struggle with is as often what their age is still learning ("Children usually
 * struggle with long division at first.", "Teenagers struggle with driving at night"), not read by `isDeficit`.
 */
const YOUNG_HEADS = new WordSet([
  'children', 'kids', 'teenagers', 'teens', 'adolescents', 'youngsters', 'toddlers', 'babies', 'infants', 'pupils', 'minors', 'students',
]);
/**
 * Whether a habitual deficit is said of group `g` (its subject ending at token `head`) by verb `verb` up to `last` (s27): a verb of
 * DEFICIT_VERBS right after it, its preposition (DEFICIT_PREPOSITIONS) and within DEFICIT_WINDOW words of the same phrase a word of
 * the verb's domain, in the main clause (`mainClauseEnd`). Not of a disability group (what it struggles with is what the
 * disability is: "Dyslexic people struggle with spelling"), of young people (YOUNG_HEADS, or `isSmallChildGroup`), nor in a
 * statistic (`isStatistic`: "In our survey, women struggle with parking more often.").
 */
function isDeficit(seg: Segment, t: Tokens, s: Sentence, g: Mention, head: number, verb: number, last: number): boolean {
  const prep = verb + 1;
  if (prep >= last || !t.joined[verb] || !t.joined[prep] || !DEFICIT_VERBS.has(t, verb)) return false;
  const [word, domains] = DEFICIT_PREPOSITIONS[t.text.slice(t.start[verb]!, t.end[verb]!).toLowerCase()]!;
  if (!tokenEquals(t, prep, word)) return false;
  const until = Math.min(mainClauseEnd(t, prep + 1, last), prep + 1 + DEFICIT_WINDOW);
  let found = false;
  for (let k = prep + 1; k < until && t.joined[k] && !found; k++) found = domains.has(t, k);
  if (!found || g.tags.group?.axis === 'ability' || YOUNG_HEADS.has(t, head)) return false;
  return !isSmallChildGroup(seg, g, t, s.first, s.last) && !isStatistic(t, s);
}
/**
 * A habitual deficit stated as given (s27): the group subject of `statement`, then at token `verb` a verb of DEFICIT_VERBS,
 * right after the group or after a word of HABIT_ADVERBS at `from` ("Girls usually struggle with math.", "Older people struggle
 * with technology.", "Women care about cleanliness more than men."), read by `isDeficit`. `data.property` starts at `from`; the
 * exemptions of `statement` apply.
 */
function habitualDeficit(doc: PromptDocument, seg: Segment, t: Tokens, s: Sentence, g: Mention, subject: number, from: number, verb: number) {
  if (verb >= s.last) return undefined;
  const text = seg.text;
  const last = clauseEnd(text, t, verb + 1, s.last);
  if (!isDeficit(seg, t, s, g, from - 1, verb, last)) return undefined;
  const end = t.end[last - 1]!;
  if (isDiscussed(doc, seg, t, s, g, end)) return undefined;
  return stated(seg, t, s, g, subject, from, t.start[from]!, end);
}

/**
 * Verbs of a competence a stereotype denies ("can't drive", "cannot lead", "can't do math"); "be"
 * and "do" count only before a word of DENIED_BE or DENIED_DO ("cannot be trusted", "can't do math").
 */
const COMPETENCE_VERBS = new WordSet([
  'drive', 'cook', 'lead', 'learn', 'think', 'read', 'write', 'swim', 'dance', 'manage', 'focus', 'handle', 'understand', 'code',
  'program', 'compete', 'fight', 'reason', 'decide', 'teach', 'sing', 'multitask', 'park', 'parent', 'raise', 'keep', 'control',
  'adapt', 'assimilate', 'integrate', 'succeed', 'count', 'spell', 'cope', 'be', 'do',
]);
const DENIED_BE = new WordSet(['trusted', 'relied', 'leaders', 'managers', 'engineers', 'scientists', 'pilots', 'soldiers']);
const DENIED_DO = new WordSet(['math', 'maths', 'mathematics', 'science', 'anything', 'sports', 'business']);
/** Whether tokens [first, last) after "can't"/"cannot" deny a competence: a verb of COMPETENCE_VERBS and at most three more words ("be trusted with money"). */
function isDeniedCompetence(t: Tokens, first: number, last: number): boolean {
  if (last - first > 4 || !COMPETENCE_VERBS.has(t, first)) return false;
  if (tokenEquals(t, first, 'be')) return first + 1 < last && (DENIED_BE.has(t, first + 1) || hasTrait(t, first + 1, last, false));
  if (tokenEquals(t, first, 'do')) return first + 1 < last && DENIED_DO.has(t, first + 1);
  return true;
}

/** Positive traits that are a recommendation or an effect before "for", "off", "to" or a participle ("best reached by", "better served", "good for the economy"). */
const POSITIVE_TRAITS = new WordSet(['good', 'better', 'best']);
/** Words after "good at" that name no domain ("good at many things", "good at everything"): praise, no stereotype of a skill. */
const NO_DOMAIN = new WordSet(['many', 'most', 'all', 'lots', 'everything', 'anything', 'various', 'different', 'so', 'a']);
/** A lack of ability that, said of a disability group, is what the disability is. */
const INABILITY = new WordSet(['unable', 'incapable']);
/**
 * Verbs after "unable to" that, said of a socioeconomic class, name a lack of means, which is what the class is, not a
 * trait: "The poor are unable to afford a deposit.", "The poor are often unable to smooth consumption because they lack
 * savings." (s22 hunt18). "unable to manage money" is still a trait.
 */
const MEANS_VERBS = new WordSet(['afford', 'pay', 'save', 'buy', 'borrow', 'repay', 'cover', 'smooth', 'meet', 'access', 'rent', 'heat', 'insure', 'invest']);

/**
 * Whether tokens [from, last) of a stated property hold a trait word in its trait sense (see
 * `countsAsEvaluative`), not in a comparison of equality ("just as good at math as men") or a denied one ("no worse
 * drivers", "no less intelligent"; `isDeniedComparison`, s25) nor before "off" ("worse off", a statistic), "good",
 * "better" or "best" only before "at"/"with" and a domain, or the clause's end ("good at math", not
 * "good candidates", "good for the economy", "best reached by email", "good at many things"), and "unable"/"incapable" not of a
 * `disability` group nor, before "to" and a verb of MEANS_VERBS ("unable to afford"), of an `economic` (socioeconomic
 * class) group, nor an undenied skill ("good", "better", "best") of small children (`smallChildren`, s24: "Young
 * children are better at learning languages than adults."; see `isUndeniedSkill`), nor their lack of a developmental
 * skill ("Toddlers are bad at sharing."; see `isDevelopmentalLack`).
 */
function hasTrait(t: Tokens, from: number, last: number, disability: boolean, economic = false, smallChildren = false): boolean {
  const traits = traitWords();
  // Not in a subordinate clause with a subject of its own (s25; see `mainClauseEnd`).
  const until = mainClauseEnd(t, from, last);
  for (let i = from; i < until; i++) {
    if (!traits.has(t, i) || !countsAsEvaluative(t, i, from, last, true, false)) continue;
    if (smallChildren && (isUndeniedSkill(t, i, from) || isDevelopmentalLack(t, i, from, last))) continue;
    if ((i > from && tokenEquals(t, i - 1, 'as')) || (i + 1 < last && tokenEquals(t, i + 1, 'off'))) continue;
    if (isDeniedComparison(t, i, from)) continue;
    if (POSITIVE_TRAITS.has(t, i) && i + 1 < last) {
      if (!(tokenEquals(t, i + 1, 'at') || tokenEquals(t, i + 1, 'with'))) continue;
      if (i + 2 < last && NO_DOMAIN.has(t, i + 2)) continue;
    }
    if (disability && INABILITY.has(t, i)) continue;
    if (economic && INABILITY.has(t, i) && i + 2 < last && tokenEquals(t, i + 1, 'to') && MEANS_VERBS.has(t, i + 2)) continue;
    return true;
  }
  return false;
}

/**
 * Comparative forms of traits: "better", "worse", "smarter" (trait words), and of others, read as compared qualities (s25:
 * "Older workers are slower than younger ones.", "Women are weaker negotiators."; `hasComparedQuality`).
 */
const COMPARATIVE_FORMS = new WordSet([
  'better', 'worse', 'smarter', 'cleverer', 'wiser', 'lazier', 'weaker', 'stronger', 'tougher', 'braver', 'slower', 'dumber', 'stupider',
  'ruder', 'louder', 'noisier', 'angrier', 'greedier', 'meaner', 'nastier', 'sneakier', 'clumsier', 'moodier', 'bossier', 'crazier',
  'dirtier',
]);
/** Words that deny a comparison right before it: "no worse", "no more violent", "never less intelligent". */
const COMPARISON_DENIALS = new WordSet(['no', 'not', 'never']);
/**
 * Whether trait word `i` is compared and the comparison denied by the words right before it, at or after `from` (s25): a
 * word of COMPARISON_DENIALS before a comparative form ("Women are no worse drivers than men.", "no better at math", "no
 * smarter"), or before "more" ("no more violent", as `isLessened` reads it) or, for a positive trait, "less" ("no less
 * intelligent than men"): the statement says the groups are alike. "no less lazy" still says the group is lazy.
 */
function isDeniedComparison(t: Tokens, i: number, from: number): boolean {
  if (i - 1 < from || !t.joined[i]) return false;
  if (COMPARATIVE_FORMS.has(t, i)) return COMPARISON_DENIALS.has(t, i - 1);
  if (i - 2 < from || !t.joined[i - 1] || !COMPARISON_DENIALS.has(t, i - 2)) return false;
  return tokenEquals(t, i - 1, 'more') || (tokenEquals(t, i - 1, 'less') && positiveTraits().has(t, i));
}

/**
 * Whether tokens [from, last), the generalisation's own sentence or the sentence before or after it (`reach`), talk about
 * it: a word of META_WORDS, a word of CLAIM_WORDS in its sense of saying, or a word of COMMON_META_WORDS in a form that
 * frames it.
 */
function hasMetaWord(t: Tokens, from: number, last: number, reach: Reach): boolean {
  for (let i = from; i < last; i++) {
    if (META_WORDS.has(t, i) || (CLAIM_WORDS.has(t, i) && isClaimOfSaying(t, i, from, last))) return true;
    if (COMMON_META_WORDS.has(t, i) && framesGeneralisation(t, i, from, last, reach)) return true;
  }
  return false;
}

/** Where a sentence stands to the generalisation's: its own, the one before it, the one after it. */
type Reach = 'own' | 'before' | 'after';
/** Whether token `k` is in [from, last) and is `word`. */
function wordAt(t: Tokens, k: number, from: number, last: number, word: string): boolean {
  return k >= from && k < last && tokenEquals(t, k, word);
}
/** Whether token `k` in [from, last) ends its clause: the sentence's last token, or one with a pause after it (",", ";", "—"). */
function endsClause(t: Tokens, k: number, last: number): boolean {
  return k + 1 >= last || !t.joined[k + 1];
}
/** Words that point back or ahead at the generalisation after a verb of saying: "my uncle keeps saying this", "Many people think so.". */
const SAID_POINTERS = new WordSet(['so', 'this', 'that', 'these', 'those', 'it']);
/**
 * Whether a pointer at token `k` (a word of SAID_POINTERS, or "the following") ends its clause: what the verb before it
 * says is the generalisation ("The article said so.", "People say the following."), not a clause of its own.
 */
function isPointerToGeneralisation(t: Tokens, k: number, last: number): boolean {
  if (k >= last || !t.joined[k]) return false;
  if (tokenEquals(t, k, 'the') && k + 1 < last && t.joined[k + 1] && tokenEquals(t, k + 1, 'following')) return endsClause(t, k + 1, last);
  return SAID_POINTERS.has(t, k) && endsClause(t, k, last);
}
/**
 * Words before a verb of saying that make it no report of what someone says: the prompt's author or the model ("As I
 * said", "I think so", "You can say this"), an imperative's lead ("Please say", "Just say it", "so say it slowly",
 * "Don't say"), an infinitive ("remember to say").
 */
const NOT_SAYERS = new WordSet([
  'i', 'we', 'you', 'please', 'to', 'so', 'and', 'or', 'but', 'then', 'just', 'not', 'never', 't', 'let', 'lets', 'me', 'us', 'first',
]);
/** Words before "saying" that make it the noun of a proverb: "an old saying", "as the saying goes". */
const SAYING_NOUN_LEADS = new WordSet(['a', 'an', 'the', 'old', 'common', 'popular', 'famous', 'this', 'that']);
/** The verbs of saying among COMMON_META_WORDS. */
const SAYING_VERBS = new WordSet(['say', 'says', 'said', 'saying', 'think', 'thinks', 'believe', 'believes']);
/** Inflected verbs of saying that report a sayer after them, after a pause: "Women are bad drivers, says my dad.". */
const REPORTING_FORMS = new WordSet(['says', 'said', 'thinks', 'believes']);
/** The most words of the sayer after a word of REPORTING_FORMS: ", says my dad.", ", said the article's author.". */
const REPORTED_SAYER_WINDOW = 4;
/** Auxiliaries before "you" that make a question of its verb of saying: "Do you believe this?", "Would you say so?". */
const YOU_QUESTION_AUX = new WordSet(['do', 'does', 'did', 'would', 'could', 'might', 'can', 'will']);
/** Modals after "you" that make its verb of saying a supposition: "Teenagers are lazy, you might think.", "you'd say". */
const YOU_SUPPOSING = new WordSet(['might', 'may', 'would', 'd']);
/** Words that deny a verb of saying before it: "Never say this.", "Don't believe it.", "Do not think so.". */
const SAYING_DENIALS = new WordSet(['not', 'never', 't']);
/** Words after a denied verb of saying that point at the generalisation, whatever follows: "Never say this to a customer.". */
const DENIED_POINTERS = new WordSet(['this', 'that', 'these', 'those', 'it', 'so', 'anything', 'things']);
/**
 * Whether verb of saying `i` (of SAYING_VERBS) in tokens [from, last) reports what someone says of the generalisation:
 * after a subject that is not the prompt's author or the model (past adverbs and auxiliaries, words of CLAIM_SKIPPED),
 * and at the end of its clause or before a pointer that ends it ("Women are bad drivers, some people say.",
 * "Immigrants are lazy, my uncle said.", "…, or so they say.", "Many people think so.", "My uncle keeps saying this;",
 * "That is what people say, but …"); "you" counts in a question or a supposition ("Do you believe this?", "Would you
 * say so?", "…, you might think."). Also a word of REPORTING_FORMS after a pause before a short sayer (", says my
 * dad."), a denied verb before a pointer ("Never say this to a customer.", "Don't believe it."), "saying" as the noun of
 * a proverb ("There is an old saying."). Not an imperative ("Say it politely to the customer.", "Think step by step."),
 * the author's or the model's own word ("As I said earlier", "…, believe me, …", "You can say this.") or a verb with an
 * object of its own ("Customers say the app is slow.").
 */
function isSaying(t: Tokens, i: number, from: number, last: number): boolean {
  if (tokenEquals(t, i, 'saying') && i > from && t.joined[i] && SAYING_NOUN_LEADS.has(t, i - 1)) return true;
  if (i > from && !t.joined[i] && REPORTING_FORMS.has(t, i)) {
    let e = i + 1;
    while (e < last && t.joined[e]) e++;
    return e > i + 1 && e - i - 1 <= REPORTED_SAYER_WINDOW;
  }
  let k = i - 1;
  let supposing = false;
  while (k > from && t.joined[k + 1] && (CLAIM_SKIPPED.has(t, k) || tokenEquals(t, k, 'd'))) {
    if (YOU_SUPPOSING.has(t, k)) supposing = true;
    k--;
  }
  if (k < from || !t.joined[k + 1]) return false;
  if (SAYING_DENIALS.has(t, k)) return i + 1 < last && !!t.joined[i + 1] && DENIED_POINTERS.has(t, i + 1);
  if (tokenEquals(t, k, 'you')) {
    if (!(supposing || (k > from && t.joined[k] && YOU_QUESTION_AUX.has(t, k - 1)))) return false;
  } else if (NOT_SAYERS.has(t, k)) return false;
  return endsClause(t, i, last) || isPointerToGeneralisation(t, i + 1, last);
}
/** Words before "quote(s)" that make it a quotation pointed at: "this quote", "the following quote", "a famous quote". */
const QUOTE_POINTERS = new WordSet(['this', 'that', 'these', 'those', 'following', 'famous', 'each', 'such', 'next']);
/** Verbs before "a/the quote from" that make it a price quotation: "Get a quote from three suppliers.". */
const QUOTE_GETTERS = new WordSet(['get', 'gets', 'getting', 'got', 'request', 'requests', 'obtain', 'compare', 'send', 'sends', 'ask', 'provide', 'issue', 'prepare', 'accept']);
/**
 * Whether "quote"/"quoted" at token `i` names a quotation of words: after a word of QUOTE_POINTERS ("Translate the
 * following quote."), in a sentence that starts with "Here" ("Here's a quote."), before "below"/"above", "a/the quote from/by" unless a verb of QUOTE_GETTERS comes first ("Here
 * is a quote from a customer review."); "quoted by/from", "as quoted". Not a price quotation: "You quote car insurance
 * premiums.", "Customers can request a quote online.", "the quoted price".
 */
function isQuotation(t: Tokens, i: number, from: number, last: number): boolean {
  const next = i + 1 < last && t.joined[i + 1] ? i + 1 : -1;
  const prev = i > from && t.joined[i] ? i - 1 : -1;
  if (tokenEquals(t, i, 'quoted')) return (next >= 0 && (tokenEquals(t, next, 'by') || tokenEquals(t, next, 'from'))) || (prev >= 0 && tokenEquals(t, prev, 'as'));
  if (prev >= 0 && QUOTE_POINTERS.has(t, prev)) return true;
  if (tokenEquals(t, from, 'here')) return true;
  if (next < 0) return false;
  if (tokenEquals(t, next, 'below') || tokenEquals(t, next, 'above')) return true;
  if (!(tokenEquals(t, next, 'from') || tokenEquals(t, next, 'by')) || prev < 0) return false;
  if (!(tokenEquals(t, prev, 'a') || tokenEquals(t, prev, 'the'))) return false;
  return !(prev > from && t.joined[prev] && QUOTE_GETTERS.has(t, prev - 1));
}
/**
 * Words before "statement(s)" that point at the statement or judge it: "this statement", "the following statements",
 * "each statement", "Is that a fair statement?".
 */
const STATEMENT_POINTERS = new WordSet([
  'this', 'that', 'these', 'those', 'following', 'each', 'every', 'such', 'given', 'above', 'same', 'fair', 'accurate', 'true', 'correct',
  'valid', 'reasonable',
]);
/** Verbs before "with the statement": "Do you agree with the statement?". */
const AGREEING = new WordSet(['agree', 'agrees', 'disagree', 'disagrees']);
/** Verbs of a task on a statement of words, before "the/a statement": "Classify the statement.", "Rewrite a statement …". */
const STATEMENT_TASKS = new WordSet([
  'classify', 'label', 'rate', 'judge', 'rewrite', 'rephrase', 'paraphrase', 'evaluate', 'analyse', 'analyze', 'annotate', 'categorise',
  'categorize', 'debunk', 'refute', 'fact-check', 'factcheck', 'consider',
]);
/**
 * Whether "statement(s)" at token `i` is a statement of words the task points at: after a word of STATEMENT_POINTERS
 * ("Rewrite this statement."), before "below", "above", "like" or a "that" that starts what is stated ("the statement
 * that …", not "statements that were sent"), in a sentence that starts with "Here", or after a verb of STATEMENT_TASKS
 * and "the"/"a" ("Label the statement."), or "agree"/"disagree with the" ("Do you agree with the statement?").
 * Not a bank statement or a statement period ("Summarise the customer's bank statement.", "The statement period ends …").
 */
function isStatementPointedAt(t: Tokens, i: number, from: number, last: number): boolean {
  const prev = i > from && t.joined[i] ? i - 1 : -1;
  if (prev >= 0 && STATEMENT_POINTERS.has(t, prev)) return true;
  const next = i + 1;
  if (next < last && t.joined[next]) {
    if (tokenEquals(t, next, 'below') || tokenEquals(t, next, 'above') || tokenEquals(t, next, 'like')) return true;
    if (tokenEquals(t, next, 'that')) return !(next + 1 < last && t.joined[next + 1] && (RELATIVE_VERBS.has(t, next + 1) || isParticiple(t, next + 1)));
  }
  if (tokenEquals(t, from, 'here')) return true;
  if (!(prev > from && t.joined[prev] && (tokenEquals(t, prev, 'the') || tokenEquals(t, prev, 'a')))) return false;
  if (STATEMENT_TASKS.has(t, prev - 1)) return true;
  return prev - 1 > from && !!t.joined[prev - 1] && tokenEquals(t, prev - 1, 'with') && AGREEING.has(t, prev - 2);
}
/** Pointers at what is judged, before or after its copula: "That is wrong.", "which is wrong", "what is wrong with it", "Is that fair?". */
const JUDGED_POINTERS = new WordSet(['this', 'that', 'it', 'which', 'what', 'these', 'those']);
/** Copulas of a judgement: "is", "'s", "was", "are", "were", "isn't", "seems", "sounds". */
const JUDGING_COPULAS = new WordSet(['is', 's', 'was', 'are', 'were', 'isn', 'wasn', 'aren', 'seems', 'sounds']);
/** Words between a copula and a judgement: "That is simply wrong.", "It's not fair.". */
const JUDGEMENT_ADVERBS = new WordSet([
  'not', 't', 'simply', 'just', 'plain', 'plainly', 'completely', 'totally', 'clearly', 'obviously', 'factually', 'deeply', 'very',
  'quite', 'really', 'entirely', 'flatly', 'also', 'so', 'all',
]);
/** Verbs after "wrong/fair to" that make the judgement one of saying it: "It is wrong to say …", "Is it fair to assume …". */
const JUDGED_SAYINGS = new WordSet([
  'say', 'assume', 'think', 'believe', 'claim', 'suggest', 'imply', 'generalise', 'generalize', 'stereotype', 'call', 'describe', 'label', 'judge',
]);
/**
 * Whether "wrong", "incorrect" or "fair" at token `i` judges what is said: after a pointer and a copula, or a copula and a
 * pointer ("Women are bad at math. That is wrong.", "…, which is simply wrong.", "Is that fair?"), before "to" and a
 * verb of JUDGED_SAYINGS ("It is not fair to say this."), or "Wrong."/"Incorrect." as a sentence of its own. Not a wrong or incorrect thing, nor fairness asked for: "If
 * the caller gives a wrong policy number", "If the invoice total is incorrect", "Be fair to the buyer.", "a fair price".
 */
function isJudgementOfSaying(t: Tokens, i: number, from: number, last: number): boolean {
  if (i === from && i + 1 === last) return !tokenEquals(t, i, 'fair');
  if (i + 2 < last && t.joined[i + 1] && t.joined[i + 2] && tokenEquals(t, i + 1, 'to') && JUDGED_SAYINGS.has(t, i + 2)) return true;
  let k = i - 1;
  while (k > from && t.joined[k + 1] && JUDGEMENT_ADVERBS.has(t, k)) k--;
  if (k <= from || !t.joined[k + 1] || !t.joined[k]) return false;
  return (JUDGING_COPULAS.has(t, k) && JUDGED_POINTERS.has(t, k - 1)) || (JUDGED_POINTERS.has(t, k) && JUDGING_COPULAS.has(t, k - 1));
}
/** What "avoid" is said of when it frames a generalisation: "Avoid saying things like this.", "Avoid outputs like …". */
const AVOIDED_SAYINGS = new WordSet([
  'saying', 'implying', 'suggesting', 'stating', 'claiming', 'repeating', 'statements', 'remarks', 'comments', 'phrases', 'phrasing',
  'wording', 'lines', 'sentences', 'language', 'claims', 'outputs', 'responses', 'answers', 'replies', 'messages', 'jokes',
]);
/** Words between "avoid" and what is avoided: "Avoid any remarks like …", "avoid such statements". */
const AVOIDED_LEADS = new WordSet(['any', 'such', 'all', 'the', 'these', 'those']);
/** Words before "assume" that deny it: "Never assume that.", "Don't assume so.", "without assuming". */
const ASSUME_DENIALS = new WordSet(['not', 'never', 't', 'without', 'avoid', 'stop']);

/**
 * Whether word `i` of COMMON_META_WORDS, in tokens [from, last) at `reach` from the generalisation, frames it (s25): a
 * verb of saying that reports it (`isSaying`); "according to" after a pause in its own sentence ("Muslims are violent,
 * according to some.") or "According to whom?" after it; "example(s)" but in "for example" ("Here is an example of a sentence to flag."); "e.g." or "eg"
 * ending the sentence before it; a quotation (`isQuotation`); a statement pointed at (`isStatementPointedAt`); "wrong",
 * "incorrect", "fair" judging what is said (`isJudgementOfSaying`); "avoid" before a word of AVOIDED_SAYINGS or a
 * pointer that ends its clause ("Avoid saying things like this.", "Avoid outputs like this one."); "assume" denied before a pointer ("Never assume
 * that."), or reporting what someone assumes as `isSaying` reads it; "assuming" after a pause in its own sentence, a
 * condition ("Boomers are entitled, assuming they have 35 qualifying years.").
 */
function framesGeneralisation(t: Tokens, i: number, from: number, last: number, reach: Reach): boolean {
  if (SAYING_VERBS.has(t, i)) return isSaying(t, i, from, last);
  const next = i + 1 < last && t.joined[i + 1] ? i + 1 : -1;
  if (tokenEquals(t, i, 'according')) {
    if (next < 0 || !tokenEquals(t, next, 'to')) return false;
    if (reach === 'after') return i === from && next + 1 < last && !!t.joined[next + 1] && (tokenEquals(t, next + 1, 'whom') || tokenEquals(t, next + 1, 'who'));
    return reach === 'own' && i > from && !t.joined[i];
  }
  if (tokenEquals(t, i, 'example') || tokenEquals(t, i, 'examples')) return !(i > from && t.joined[i] && tokenEquals(t, i - 1, 'for'));
  // "e.g." (two tokens, a full stop between them, not the "e" of "e-mail") or "eg", the last words of the sentence before.
  if (tokenEquals(t, i, 'eg')) return reach === 'before' && i + 1 === last;
  if (tokenEquals(t, i, 'e')) return reach === 'before' && i + 2 === last && wordAt(t, i + 1, from, last, 'g') && t.text.slice(t.end[i]!, t.start[i + 1]!) === '.';
  if (tokenEquals(t, i, 'quote') || tokenEquals(t, i, 'quoted')) return isQuotation(t, i, from, last);
  if (tokenEquals(t, i, 'statement') || tokenEquals(t, i, 'statements')) return isStatementPointedAt(t, i, from, last);
  if (tokenEquals(t, i, 'avoid')) {
    let k = next;
    if (k >= 0 && AVOIDED_LEADS.has(t, k) && k + 1 < last && t.joined[k + 1]) k++;
    return k >= 0 && (AVOIDED_SAYINGS.has(t, k) || (k === next && isPointerToGeneralisation(t, k, last)));
  }
  if (tokenEquals(t, i, 'assuming') && reach === 'own' && i > from && !t.joined[i]) return true;
  if (tokenEquals(t, i, 'assume') || tokenEquals(t, i, 'assumes') || tokenEquals(t, i, 'assuming')) {
    if (i > from && t.joined[i] && ASSUME_DENIALS.has(t, i - 1)) return isPointerToGeneralisation(t, i + 1, last) || endsClause(t, i, last);
    return isSaying(t, i, from, last);
  }
  // "wrong", "incorrect", "fair".
  return isJudgementOfSaying(t, i, from, last);
}

/** "claim" and its forms: a verb of saying ("some people claim"), but as often the noun of an insurance or expense claim. */
const CLAIM_WORDS = new WordSet(['claim', 'claims', 'claimed', 'claiming']);
/**
 * Words after "claim(s) that" that make "that" a relative pronoun, its subject ("claims that were filed late", "the
 * claim that is pending", "claims that look exaggerated"), not the start of what is claimed; an "-ed" word counts too
 * ("claims that arrived").
 */
const RELATIVE_VERBS = new WordSet([
  'is', 'was', 'are', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'may', 'might', 'should', 'must', 'do', 'does', 'did',
  'need', 'needs', 'look', 'looks', 'seem', 'seems', 'mention', 'mentions', 'involve', 'involves', 'include', 'includes', 'exceed',
  'exceeds', 'show', 'shows', 'contain', 'contains', 'cite', 'cites', 'lack', 'lacks', 'come', 'comes', 'arrive', 'arrives', 'match',
  'matches', 'fall', 'falls', 'relate', 'relates', 'concern', 'concerns', 'meet', 'meets', 'require', 'requires', 'go', 'goes', 'get',
  'gets', 'still', 'already', 'also', 'only', 'never', 'often', 'usually', 'cannot', 'don', 'doesn', 'didn', 'aren', 'isn', 'weren', 'wasn',
]);
/** Words after "claim(s)" + "to" that make it a claim of being ("claim to be", "claims to have", "claimed to know"). */
const CLAIMED_STATES = new WordSet(['be', 'have', 'know', 'understand', 'speak', 'represent']);
/**
 * Who says what is claimed, right before "claim(s)" (past the words of CLAIM_SKIPPED): "some claim", "many people claim",
 * "critics claim", "they claim", "it is claimed", "the article claims".
 */
const CLAIM_SAYERS = new WordSet([
  'some', 'many', 'most', 'others', 'people', 'critics', 'experts', 'studies', 'study', 'research', 'researchers', 'scientists',
  'commentators', 'politicians', 'pundits', 'sceptics', 'skeptics', 'opponents', 'proponents', 'supporters', 'activists', 'he', 'she',
  'they', 'it', 'someone', 'somebody', 'everyone', 'everybody', 'nobody', 'article', 'articles', 'paper', 'author', 'authors', 'survey',
  'post', 'posts', 'book', 'website', 'site', 'source', 'sources', 'media',
]);
/** Adverbs and auxiliaries between a sayer and "claim(s)": "some people often claim", "it is often claimed", "many have claimed". */
const CLAIM_SKIPPED = new WordSet([
  'often', 'still', 'also', 'even', 'sometimes', 'frequently', 'falsely', 'wrongly', 'commonly', 'repeatedly', 'widely', 'once', 'long',
  'now', 'always', 'may', 'might', 'could', 'would', 'will', 'can', 'do', 'does', 'did', 'have', 'has', 'had', 'is', 'was', 'are', 'were',
  'been', 'be',
]);
/** Words after "claim(s)" that make it the verb of a request (of a refund, an expense), not of saying: "they claim for damage", "claim back". */
const REQUEST_PREPOSITIONS = new WordSet(['for', 'on', 'against', 'back', 'within', 'under', 'online', 'via', 'through', 'by', 'from']);
/** What is claimed in a request, within CLAIMED_WINDOW words after "claim(s)": "they claim compensation", "they claim their expenses". */
const REQUEST_NOUNS = new WordSet([
  'refund', 'refunds', 'compensation', 'expenses', 'expense', 'benefit', 'benefits', 'discount', 'discounts', 'allowance', 'allowances',
  'credit', 'credits', 'relief', 'reimbursement', 'damages', 'payment', 'payments', 'money', 'tax', 'vat', 'mileage', 'pension', 'costs',
  'cost', 'rebate', 'rebates', 'bonus', 'grant', 'grants', 'insurance', 'cover', 'leave', 'pay', 'asylum', 'excess', 'back',
]);
const CLAIMED_WINDOW = 3;
/** Determiners between a verb of CHECKING_VERBS and "claim(s)": "debunk this claim", "refute these claims". */
const CLAIM_POINTERS = new WordSet(['this', 'these', 'that', 'the', 'each', 'every']);
/**
 * Verbs that take an assertion, never an insurance or expense claim, as their object (s23 hunt21): "Debunk this claim.",
 * "Fact-check the claim". Not "check", "assess", "evaluate", "review", "verify", "process", which an insurer does to a claim.
 */
const CHECKING_VERBS = new WordSet(['debunk', 'refute', 'rebut', 'disprove', 'fact-check', 'factcheck', 'counter', 'dispute', 'contest']);
/** Words before a sayer of any noun: "what insurers claim", "as insurers claim". */
const SAYER_LEADS = new WordSet(['what', 'as']);
/** Quantifiers before a sayer of any noun, with the verb's plural form: "some insurers claim", "many doctors have claimed" (not "many motor claims"). */
const QUANTIFIERS = new WordSet(['some', 'many', 'most', 'few', 'several']);

/**
 * Whether claim word `i` (of CLAIM_WORDS), in the sentence of tokens [first, last), is a verb of saying or the noun
 * of what is said, which attributes a generalisation rather than states it: before "that" not followed by a word
 * of RELATIVE_VERBS or an "-ed" word ("some claim that", "the claim that …", "a claim that"; not "claims that were
 * filed late"), before "to be"/"to have" ("claim to be"), or after a sayer of CLAIM_SAYERS (past adverbs and
 * auxiliaries: "some people claim", "it is often claimed", "as critics claim"), after "what"/"as" and one word
 * ("what insurers claim"), or after a quantifier and one word, not as "claims" ("some insurers claim", not "many motor
 * claims"), unless a request follows ("they claim for damage", "they claim their expenses back").
 * The plain noun is no attribution: "their claims", "the claim form", "claims adjuster", "file a claim", "motor
 * claims", "claiming expenses", "the claimed amount". A claim the task points at is (s23 hunt21): after "following",
 * before "below"/"above", or after a verb of CHECKING_VERBS and a determiner ("Is the following claim true?",
 * "Rate the claim below", "Debunk this claim.").
 */
function isClaimOfSaying(t: Tokens, i: number, first: number, last: number): boolean {
  const next = i + 1;
  // A claim pointed at as what the task is about (s23 hunt21): "Is the following claim true?", "Rate the claim below",
  // "Debunk this claim.", "Fact-check these claims".
  if (i - 1 >= first && t.joined[i] && tokenEquals(t, i - 1, 'following')) return true;
  if (next < last && t.joined[next] && (tokenEquals(t, next, 'below') || tokenEquals(t, next, 'above'))) return true;
  if (i - 2 >= first && t.joined[i] && t.joined[i - 1] && CLAIM_POINTERS.has(t, i - 1) && CHECKING_VERBS.has(t, i - 2)) return true;
  if (next < last && t.joined[next]) {
    if (tokenEquals(t, next, 'that')) {
      const after = next + 1;
      return !(after < last && t.joined[after] && (RELATIVE_VERBS.has(t, after) || isParticiple(t, after)));
    }
    if (tokenEquals(t, next, 'to')) return next + 1 < last && !!t.joined[next + 1] && CLAIMED_STATES.has(t, next + 1);
  }
  let k = i - 1;
  while (k >= first && t.joined[k + 1] && CLAIM_SKIPPED.has(t, k)) k--;
  if (k < first || !t.joined[k + 1]) return false;
  if (!CLAIM_SAYERS.has(t, k) && !(k - 1 >= first && t.joined[k] && (SAYER_LEADS.has(t, k - 1) || (QUANTIFIERS.has(t, k - 1) && !tokenEquals(t, i, 'claims'))))) return false;
  // A request: a preposition of REQUEST_PREPOSITIONS right after it, or a noun of REQUEST_NOUNS within CLAIMED_WINDOW words.
  if (next < last && t.joined[next] && REQUEST_PREPOSITIONS.has(t, next)) return false;
  for (let n = next; n < last && n <= i + CLAIMED_WINDOW && t.joined[n]; n++) if (REQUEST_NOUNS.has(t, n)) return false;
  return true;
}
