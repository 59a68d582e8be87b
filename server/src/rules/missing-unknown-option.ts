/**
 * missing-unknown-option: a multiple-choice question that contrasts two people
 * or groups (the BBQ design) but offers no "Unknown" / "Cannot be determined"
 * option, so under ambiguous context the model must guess, and guesses follow
 * stereotypes.
 */
import { z } from 'zod';
import { defineRule, lazily, type Fix, type Report } from './types.js';
import { TextLexicon, documentLexicon, mergedMentions, isPersonMention, weakClassDescriptors, type Mention, type MentionWindow } from '../lexicon/lexicon.js';
import { tokenLower } from '../lexicon/tokens.js';
import { allowSet, codeBlockRanges, isAllowed } from '../lexicon/context.js';
import type { OptionItem, PromptDocument, Segment, Span } from '../model/types.js';
import { isAsciiWordCode, isWhiteSpace } from '../model/segment.js';
import { lineStartBefore } from '../model/lines.js';
import { statedAnswer, type PersonOption } from './shared/stated-answer.js';
import { questionBeforeOptions } from './shared/fewshot.js';
import { optionTextIdentityStart, optionTextRange, optionTextUnkept } from '../parse/exemplars.js';
import { ANIMAL_NOUNS } from '../lexicon/animals.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  maxOptionWords: 8,
  unknownOptionText: 'Cannot be determined',
  checkTestInputs: true,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /** Options longer than this many words are statements, not people. */
    maxOptionWords: z.number().int().min(1).max(30).default(DEFAULTS.maxOptionWords),
    /** Text of the option the quick fix adds. */
    unknownOptionText: z.string().min(1).default(DEFAULTS.unknownOptionText),
    /** Also check test inputs (the question slot), not only exemplars. */
    checkTestInputs: z.boolean().default(DEFAULTS.checkTestInputs),
  }),
);

type MissingUnknownOptions = z.infer<ReturnType<typeof options>>;

/** BBQ's unknown answers plus common variants. */
const UNKNOWN =
  /\b(?:unknown|undetermined|undeterminable|indeterminate|unclear|not known|unknowable|not answerable|unanswerable|insufficient (?:info|information|evidence|context)|not enough (?:info|information|context|evidence)|can(?:no|'|’| no)?t (?:be )?(?:determined?|answer(?:ed)?|tell|know|say|be known|be told)|cannot be (?:determined|known|answered|told)|impossible to (?:tell|know|say|determine)|no way to (?:tell|know)|neither|none of (?:the|these)|both (?:equally|are equally)|equally likely|not specified|not stated|not mentioned|does not say|doesn't say)\b/i;

/**
 * An option that says the answer depends on something else ("It depends on which parent the child mainly lives
 * with", "That depends on the tenancy agreement", "Depends on the context"): like an unknown answer it lets the
 * model decline to pick one of the people (the usual right answer to a legal or policy question about two
 * parties). Only at the option's start, so a person described by what they depend on ("The man who depends on
 * a wheelchair") is still a person; and not when it goes on to name a person option ("It depends, but usually the
 * Muslim man"; see `namesPerson`).
 */
const DEPENDS = /^\s*(?:(?:it|that|this)\s+)?(?:depends|would depend|will depend|can depend)\b/i;

/**
 * Whether option text `text` writes one of the person options' texts (without a leading "the"/"a"/"an"), as a whole
 * phrase: "It depends, but usually the Muslim man" picks a person after all, so it is no unknown answer (s23 hunt21).
 */
function namesPerson(text: string, people: readonly { option: OptionItem }[]): boolean {
  const low = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}'’-]+/gu, ' ')} `;
  for (const p of people) {
    const phrase = p.option.text.text.trim().toLowerCase().replace(/^(?:the|an?)\s+/, '').replace(/[^\p{L}\p{N}'’-]+/gu, ' ').trim();
    if (phrase.length > 0 && low.includes(` ${phrase} `)) return true;
  }
  return false;
}

/** What `/\b(?:who|whom|whose|which)\b/i.test(text)` gives, without the regex (it ran on every question). */
export function hasWhWord(text: string): boolean {
  for (let i = text.indexOf('w'); i >= 0; i = text.indexOf('w', i + 1)) if (isWhWordAt(text, i)) return true;
  for (let i = text.indexOf('W'); i >= 0; i = text.indexOf('W', i + 1)) if (isWhWordAt(text, i)) return true;
  return false;
}

/** Whether one of who, whom, whose, which (ASCII letters in any case) is a whole word at text[i]. */
function isWhWordAt(text: string, i: number): boolean {
  const n = text.length;
  if (i + 3 > n || (text.charCodeAt(i + 1) | 32) !== 104 || (i > 0 && isAsciiWordCode(text.charCodeAt(i - 1)))) return false;
  // `| 32` lower-cases an ASCII letter and maps no other code unit onto one.
  const c2 = text.charCodeAt(i + 2) | 32;
  let end: number;
  if (c2 === 111) {
    // who, whom, whose
    const c3 = i + 3 < n ? text.charCodeAt(i + 3) | 32 : -1;
    if (c3 === 109) end = i + 4;
    else if (c3 === 115 && i + 4 < n && (text.charCodeAt(i + 4) | 32) === 101) end = i + 5;
    else end = i + 3;
  } else if (c2 === 105 && i + 4 < n && (text.charCodeAt(i + 3) | 32) === 99 && (text.charCodeAt(i + 4) | 32) === 104) end = i + 5;
  else return false;
  return end === n || !isAsciiWordCode(text.charCodeAt(end));
}


export default defineRule({
  meta: {
    id: 'missing-unknown-option',
    description: 'A multiple-choice question that contrasts two people or groups has no "Unknown" / "Cannot be determined" option.',
    rationale:
      'BBQ (Parrish et al. 2022) showed that when the context does not say which person did something, models pick the person a ' +
      'stereotype points to. A question that names two people or groups and offers no "Cannot be determined" option forces that ' +
      'guess, and few-shot demos of this shape teach it. BBQ gives every question an unknown option.',
    sources: [
      { short: 'Parrish et al. 2022', title: 'BBQ: A Hand-Built Bias Benchmark for Question Answering', url: 'https://aclanthology.org/2022.findings-acl.165/' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      missing:
        'The options contrast {{people}} but none says "Unknown" or "Cannot be determined"; when the context is ambiguous the model must guess, and guesses follow stereotypes.',
    },
    fixable: true,
    category: 'demographic',
  },
  // Each item is judged on its own: a part of the document is checked as the whole is.
  start({ options: o, report }) {
    const allowed = allowSet(o.allow);
    return { part: (doc) => checkItems(doc, o, allowed, report) };
  },
});

/** Reports every exemplar and test input of `doc` that lacks an unknown option. */
function checkItems(doc: PromptDocument, o: MissingUnknownOptions, allowed: ReturnType<typeof allowSet>, report: (r: Report) => void): void {
  const lexicon = documentLexicon(doc);
  const checkItem = (span: Span, question: Segment | undefined, opts: OptionItem[], contextField: Segment | undefined) => {
    if (opts.length < 2) return;
    // The cheap test first: most questions are not "who"/"which" questions.
    if (question && !asksWho(question.text)) return;
    // Then whether the prompt's text mentions anyone in this item at all (a lookup in what the demographic
    // rules find anyway); most questions name no person or group. Options are cut from the item at word
    // boundaries (after their marker, trimmed), as `mayMention` requires.
    if (!lexicon.mayMention(span)) return;
    // Options that name a person or group, and are short enough to be a person rather than a statement.
    // BBQ-style contexts introduce both people ("A Muslim man and a Christian man ..."); a trivia question
    // about famous people ("Who wrote Hamlet? (A) William Shakespeare ...") does not.
    // The question lower-cased, made when an option first has a person to look for in it; and a
    // record's separate context field (BBQ's `context`), whose people are introduced before the question.
    let context: string | undefined;
    let contextBefore: string | undefined;
    /** Whether the sentence that asks asks which animal (see `asksWhichAnimal`), read when an option first has a name. */
    let animalAsked: boolean | undefined;
    /** `group`: the option names a group term; `pairOnly`: its people are only a context field's non-group persons (see below). */
    let people: { option: OptionItem; mention: Mention; demographic: boolean; group: boolean; pairOnly: boolean; genderNoun: string | undefined }[] = [];
    // Indexed, not for-of or filter: no iterator objects or closures per option.
    for (let opIndex = 0; opIndex < opts.length; opIndex++) {
      // Two person options are needed: stop when the options left cannot make them up.
      if (people.length + (opts.length - opIndex) < 2) return;
      const op = opts[opIndex]!;
      // The item may mention someone, but most of its options do not: the same lookup for the option
      // alone, before analysing its text (most options are out here). The span runs from the start of
      // the option's line (mentionsIn needs a line start; the marker and any bullet before the text
      // hold no mention the lookup could miss) to the end of its text, which is cut from that line at
      // word boundaries. Then what those mentions are: an option whose mentions are all pronouns or
      // non-person words, or (a question without a context field) person words the question does not
      // write, has no person the loop below keeps (see `mayKeepPerson`). On the 1 MiB bench text, 222
      // options ("Such man must by it", "Me him said after") had their own analysis made only to be
      // dropped there. Before the word count, which drops few options. The rule alone on that text, after
      // a whole lint (CPU minimum of 100 runs, 6 alternating process pairs): 0.69-0.73 -> 0.46-0.51 ms.
      // The option's text segment is made (and kept on the option) only for the options kept here, not for every
      // option tested (s28: the rule's phase on the 10 MiB bench text, CPU minima, 5 alternating process pairs,
      // 8.24-8.66 -> 8.04-8.16 ms; 1 MiB 0.58/0.60 -> 0.55/0.53 ms; heap kept after a 10 MiB text lint 53.7 -> 52.6 MB).
      const at = optionTextIdentityStart(op);
      if (
        at >= 0 &&
        lexicon.mentionsIn(lineToEnd(doc.text, at, at + (optionTextRange.end - optionTextRange.start)), optionMentions) &&
        !mayKeepPerson(optionMentions, question === undefined || contextField !== undefined ? undefined : (context ??= question.text.toLowerCase()))
      )
        continue;
      const optionText = op.text;
      const text = optionText.text;
      const words = wordCount(text);
      if (words > o.maxOptionWords) continue;
      // An analysis of this option alone, not kept in the document's lexicon: options are looked at once
      // each and are nearly all different, and keeping an entry for each (thousands in a large few-shot
      // prompt) cost more than it saved (docs/benchmarks.md).
      const lex = new TextLexicon(text);
      const mentions = lex.mentions;
      if (mentions.length === 0) continue;
      const merged = mergedMentions(lex.tokens, mentions);
      let first: Mention | undefined;
      let demographic = false;
      let group = false;
      let pairOnly = true;
      /** The gendered noun that alone makes the option demographic ("queen" in "The Queen of Sheba"), or '' when something else does. */
      let genderNoun: string | undefined;
      /** Words of the option that name people: the rest must be few, or the option is a statement about someone. */
      let personWords = 0;
      for (let k = 0; k < merged.length; k++) {
        const m = merged[k]!;
        if (!isPersonMention(m) || m.tags.pronoun) continue;
        // "Which is the oldest penguin? (A) Louis (B) Bernard": a name is an animal's when the question asks
        // which animal (BIG-Bench Hard's penguins table, s24 real files); group terms and person nouns still count.
        if (m.tags.name && !m.tags.group && question && (animalAsked ??= asksWhichAnimal(question.text))) continue;
        personWords += m.length;
        if (isAllowed(allowed, text.slice(m.start, m.end))) continue;
        if (question) {
          const person = text.slice(m.start, m.end).toLowerCase();
          // Introduced by the question; or, a group term ("The Nigerian student"), by a record's separate
          // context field. Named people, kin and other person nouns that only that field introduces are a
          // reading-comprehension passage's characters ("Sofia asked Daniel …", "The mother … the father"),
          // whose passage mostly settles the answer: not a contrast of groups. A person noun (not a name) from
          // that field still counts opposite a group term ("The wheelchair user" / "The marathon runner"):
          // `pairOnly`, checked when all options are in.
          if (!(context ??= question.text.toLowerCase()).includes(person)) {
            if (!contextField || !(contextBefore ??= contextField.text.toLowerCase()).includes(person)) continue;
            if (!m.tags.group && m.tags.name) continue;
          } else pairOnly = false;
          if (m.tags.group) pairOnly = false;
        } else pairOnly = false;
        first ??= m;
        if (m.tags.group) group = true;
        if (m.tags.group || m.tags.name || (m.tags.gender && !m.tags.gendered)) {
          demographic = true;
          if (m.tags.group || m.tags.name) genderNoun = '';
          else {
            const noun = text.slice(m.start, m.end).toLowerCase();
            genderNoun = genderNoun === undefined || genderNoun === noun ? noun : '';
          }
        } else if (m.token > 0 && lex.tokens.joined[m.token] && weakClassDescriptors().has(tokenLower(lex.tokens, m.token - 1))) {
          // "The poor family", "The wealthy family": a class descriptor too common to be a group term on its
          // own (see `weakClassDescriptors`) right before the person noun names a class of people.
          demographic = true;
          genderNoun = '';
          personWords++;
        }
      }
      if (!first) continue;
      // "The Muslim man", "Latoya Washington", "The older woman" name a person; "Mrs. Kim is paid to walk
      // the dog" and "The dog belongs to Mrs. Kim" are statements about one (a reading-comprehension item).
      // (Words against tokens: a person's hyphenated words count more tokens, which only leans towards a person.)
      if (words - personWords > MAX_OTHER_WORDS) continue;
      // A full name offered only as one of the question's own alternatives ("Which president signed it,
      // Abraham Lincoln or Andrew Johnson?") is a specific person asked about, not a proxy for a group:
      // BBQ's named people are introduced by a context before the question.
      if (question && first.tags.name && !first.tags.group && isFullName(text) && !namedBefore(context ?? question.text.toLowerCase(), contextField, text.trim().toLowerCase())) continue;
      people.push({ option: op, mention: first, demographic, group, pairOnly, genderNoun });
    }
    // A context field's non-group persons count only opposite an option that names a group term.
    if (people.some((p) => p.pairOnly) && !people.some((p) => !p.pairOnly && p.group)) people = people.filter((p) => !p.pairOnly);
    // "Which queen's meeting with Sulayman is told in Surah An-Naml? The Queen of Egypt / The Queen of Sheba":
    // when every person option names the same gendered noun and nothing else demographic, the options differ
    // in words the lexicon does not read as groups, and only an option the question or context introduces
    // whole ("A man in red and a man in blue were at the bar" for "The man in red") is a person it contrasts;
    // the others are candidate answers to a question of fact.
    if (people.length >= 2 && sameGenderNounOnly(people)) {
      context ??= question?.text.toLowerCase();
      people = people.filter((p) => introducedWhole(p.option.text.text, context, contextField));
    }
    if (people.length < 2 || !people.some((p) => p.demographic)) return;
    // An "Unknown" option answers the rule; looked for last, as most questions are out by now.
    // (A string the option does not keep: most options are read only here.)
    for (let i = 0; i < opts.length; i++) {
      const t = optionTextUnkept(opts[i]!);
      if (UNKNOWN.test(t) || (DEPENDS.test(t) && !namesPerson(t, people))) return;
    }
    const names = [...new Set(people.map((p) => p.option.text.text.trim()))];
    if (names.length < 2) return;
    // "In 1918, which women … gained the vote? (A) All women over 21 (D) Married women only": classes a law or
    // record defined, asked about as history or law, not people in a scene judged on a trait (s24 hunt23).
    if (question && recordOfClasses(question.text, contextField, people)) return;
    // A context that states the answer (BBQ's disambiguated contexts: "… The teenager struggled with the
    // self-checkout, so the elderly man showed him how it worked. Who struggled with the technology?")
    // leaves the model nothing to guess; read conservatively (see stated-answer.ts), last, as it is rare.
    if (question && statedAnswer(question.text, askingSentenceStart(question.text), contextField?.text, people.map(personOption)) >= 0) return;
    // A question about code whose fenced code block (```python, ```ts, …) holds every person option ("users = [{"name": "Alice", …}, …]"
    // then "Who is older according to the data, Alice or Bob?") is answered by running the code: its
    // people are data, not a scene that leaves the model to guess (s25 code hunt).
    if (question && names.every((n) => inFencedBlock(question.text, n))) return;
    // A question about data whose markdown table, in the question or its context, has every person option as a
    // cell ("| Students | 22% |", "| Retirees | 7% |", then "Which segment has the highest churn rate? (A) Students
    // … (C) Retirees") is answered by reading the table, as a fenced block's people are by running the code (s25
    // zero-shot hunt).
    if (question && names.every((n) => inTableCell(question.text, n) || (contextField !== undefined && inTableCell(contextField.text, n)))) return;
    const first = opts[0]!;
    const last = opts[opts.length - 1]!;
    report({
      messageId: 'missing',
      span: { start: first.span.start, end: last.span.end },
      data: {
        people: names.map((n) => `"${n}"`).join(' and '),
        personOptions: people.map((p) => ({ letter: p.option.letter, text: p.option.text.text.trim() })),
        optionCount: opts.length,
      },
      fixes: addUnknownFix(doc, opts, o.unknownOptionText),
    });
  };
  for (let si = 0; si < doc.exemplarSets.length; si++) {
    const exemplars = doc.exemplarSets[si]!.exemplars;
    for (let i = 0; i < exemplars.length; i++) checkItem(exemplars[i]!.span, exemplars[i]!.question, exemplars[i]!.options, exemplars[i]!.context);
  }
  if (o.checkTestInputs)
    for (let i = 0; i < doc.testInputs.length; i++) {
      const t = doc.testInputs[i]!;
      checkItem(t.span, questionBeforeOptions(t.text, t.options), t.options, t.context);
    }
}

/** What stated-answer reads of a person option: its text and the person word the lexicon found in it. */
/** Whether a fenced block of source code in `text` (see `codeBlockRanges`) holds `name` as a whole word (case-insensitive). */
function inFencedBlock(text: string, name: string): boolean {
  const word = new RegExp(`(?<![\\p{L}\\p{N}_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'iu');
  for (const [a, b] of codeBlockRanges(text)) if (word.test(text.slice(a, b))) return true;
  return false;
}

/** A cell's or an option's text, compared: lower case, without markdown emphasis or code marks and a leading the/a/an. */
function cellKey(text: string): string {
  return text
    .trim()
    .replace(/^[*_`]+|[*_`]+$/g, '')
    .trim()
    .toLowerCase()
    .replace(/^(?:the|an?)\s+/, '');
}

/** Whether a markdown table row of `text` (a line that starts with "|") has a cell that reads `name` (see `cellKey`). */
function inTableCell(text: string, name: string): boolean {
  const key = cellKey(name);
  if (key.length === 0 || !text.includes('|')) return false;
  for (const line of text.split('\n')) {
    const row = line.trim();
    if (!row.startsWith('|')) continue;
    const cells = row.split('|');
    for (let i = 1; i < cells.length; i++) if (cellKey(cells[i]!) === key) return true;
  }
  return false;
}

function personOption(p: { option: OptionItem; mention: Mention }): PersonOption {
  const text = p.option.text.text;
  return { text, head: text.slice(p.mention.start, p.mention.end) };
}

/** A quantifier that makes an option a class of people ("All women over 21", "Only university graduates"). */
const CLASS_QUANTIFIER = /^(?:all|only|every|any|no)$/i;
/** A word after the quantifier that makes the option one person or a set of people in a scene ("Only the Black man"). */
const DETERMINER = /^(?:the|a|an|this|that|these|those|my|your|his|her|its|our|their)$/i;
/** An age bound that restricts a class ("Women over 30", "aged 21"). */
const AGE_QUALIFIER = /\b(?:over|under|above|below|aged)\s+\d+\b/i;
/**
 * A law or right named in the question: an Act, a law, the vote, eligibility. Read only for options that are all
 * classes (`isClassOption`), which BBQ's people in a scene never are. A year alone is no such mark: a BBQ-style
 * context may be dated too.
 */
const RECORD =
  /\bActs?\b|\b(?:laws?|statutes?|legislation|constitution(?:al)?|amendment|treaty|charter|franchise|enfranchised|suffrage|eligible|eligibility|entitled to|the vote|right to vote)\b/;
/** A comparison or likelihood in the asking sentence: a trait question ("Who is worse at driving?", "Who was more likely to vote?"). */
const COMPARISON = /\b(?:more|less|most|least|better|worse|best|worst|likely|likelier|likeliest|than)\b/i;
/**
 * A judgement of the classes or a norm in the asking sentence (s24 hunt24): "Which group cannot be trusted with the
 * right to vote?", "Who should be allowed to vote under the new law?", "Who deserves the vote?" ask the model to judge
 * people, not what a law said.
 */
const JUDGEMENT = /\b(?:trust|trusted|trustworthy|untrustworthy|deserves?|deserved|deserving|undeserving|worthy|unworthy|fit|unfit|capable|incapable|competent|incompetent|irresponsible|should|shouldn't|ought)\b/i;

/**
 * Whether an option is a class of people rather than a person: it starts with all/only/every/any/no and a word
 * that is no determiner ("All women over 21", "Only university graduates", but not "Only the Black man", one
 * person), or it ends in "only" ("Married women only"), or it has an age bound and does not start with a
 * determiner ("Women over 30").
 */
function isClassOption(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || DETERMINER.test(words[0]!)) return false;
  if (CLASS_QUANTIFIER.test(words[0]!)) return !DETERMINER.test(words[1]!);
  return /^only[.,;:!]*$/i.test(words[words.length - 1]!) || AGE_QUALIFIER.test(text);
}

/**
 * Whether an item asks which classes of people a law covered ("In 1918, which women first gained the vote? (A)
 * All women over 21 … (D) Married women only"; "Who could vote under the 1918 Act? (A) All men (B) All women"):
 * every person option is a class (`isClassOption`), the question or its context field names a law or right
 * (`RECORD`), and the asking sentence compares nothing and judges nothing (`JUDGEMENT`: "cannot be trusted with the
 * right to vote", "should be allowed to vote"). Such a question has an answer on record; BBQ's contrast
 * is of people in a scene, and a trait question ("Who is worse at driving? (A) All men (B) All women") compares.
 */
function recordOfClasses(question: string, contextField: Segment | undefined, people: readonly { option: OptionItem }[]): boolean {
  for (let i = 0; i < people.length; i++) if (!isClassOption(people[i]!.option.text.text)) return false;
  if (!RECORD.test(question) && !(contextField !== undefined && RECORD.test(contextField.text))) return false;
  const start = askingSentenceStart(question);
  const asking = start <= 0 ? question : question.slice(start);
  return !COMPARISON.test(asking) && !JUDGEMENT.test(asking);
}

/** Whether every person option is demographic only by one gendered noun, the same in all ("queen"). */
function sameGenderNounOnly(people: readonly { genderNoun: string | undefined }[]): boolean {
  const noun = people[0]!.genderNoun;
  if (!noun) return false;
  for (let i = 1; i < people.length; i++) if (people[i]!.genderNoun !== noun) return false;
  return true;
}

/**
 * Whether an option's text, without a leading "the"/"a"/"an", is written in the question (lower-cased, as
 * `context`) or in a record's context field: "The man in red" after "A man in red and a man in blue …".
 */
function introducedWhole(option: string, context: string | undefined, contextField: Segment | undefined): boolean {
  const phrase = option.trim().toLowerCase().replace(/^(?:the|an?)\s+/, '');
  if (phrase.length === 0) return false;
  return (context !== undefined && context.includes(phrase)) || (contextField !== undefined && contextField.text.toLowerCase().includes(phrase));
}

/** One window for every option's mentionsIn lookup (read at once, never kept). */
const optionMentions: MentionWindow = { text: '', mentions: [], from: 0, to: 0 };

/**
 * Whether a person option may be kept from a text cut from a line whose prose mentions are `w` (see
 * `DocumentLexicon.mentionsIn`): whether one of them is a person mention (`isPersonMention`) that is no pronoun
 * or has a group tag and, with `asked` (the question lower-cased, for a question without a context field), whose
 * words `asked` writes. The cut's own mentions start where these start, over the same words, with the same tags
 * or without a group tag; a merged mention ("Black man") starts with one of them and is person and no pronoun
 * only when that one has a group tag; and the question writes a merged mention's words only if it writes the
 * first mention's (the lower case of a prefix is a prefix of the lower case, but for a final capital sigma,
 * which lower-cases by what follows: such words are kept). So when this is false, every mention the loop in
 * `checkItem` reads is skipped there as a pronoun, no person, or not introduced by the question.
 */
function mayKeepPerson(w: MentionWindow, asked: string | undefined): boolean {
  for (let k = w.from; k < w.to; k++) {
    const m = w.mentions[k]!;
    if (!isPersonMention(m) || (m.tags.pronoun && !m.tags.group)) continue;
    if (asked === undefined) return true;
    const words = w.text.slice(m.start, m.end);
    if (asked.includes(words.toLowerCase()) || words.includes('Σ')) return true;
  }
  return false;
}

/** One span object for every option's mayMention lookup (it reads the span, does not keep it). */
const lineToEndSpan: Span = { start: 0, end: 0 };

/** The source span from the start of the line holding `start` to `end` (the shared lineToEndSpan, overwritten). */
function lineToEnd(source: string, start: number, end: number): Span {
  lineToEndSpan.start = lineStartBefore(source, start);
  lineToEndSpan.end = end;
  return lineToEndSpan;
}

/** Words an option that names a person may have besides the person ("The", an adjective, "from"). */
const MAX_OTHER_WORDS = 3;

/**
 * A first name and a surname, capitalised, with any initials between ("Ulysses S. Grant"); not a
 * determiner and a group ("The Muslim").
 */
const FULL_NAME = /^\s*(?!(?:The|A|An|This|That|These|Those|Our|My|Your|His|Her|Their|Its|Every|Each|Some|No)\s)[A-Z][a-z'’-]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][A-Za-z'’-]+)+\s*$/;

function isFullName(text: string): boolean {
  return FULL_NAME.test(text);
}

/**
 * Where the sentence that asks starts in `text`: the last sentence up to the last question mark
 * (a sentence ends at ".", "!" or "?" followed by white space, or at a line break); -1 when the
 * text has no question mark.
 */
function askingSentenceStart(text: string): number {
  const mark = text.lastIndexOf('?');
  if (mark < 0) return -1;
  for (let i = mark - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10))) return i + 1;
  }
  return 0;
}

/** Whether `name` (lower case) is written in `question` (lower case) before the sentence that asks (anywhere, when it asks nothing). */
function namedBeforeQuestion(question: string, name: string): boolean {
  const start = askingSentenceStart(question);
  const at = question.indexOf(name);
  return start < 0 ? at >= 0 : at >= 0 && at < start;
}

/** namedBeforeQuestion, where a record's separate context field (read before its question) counts as before it. */
function namedBefore(question: string, contextField: Segment | undefined, name: string): boolean {
  return namedBeforeQuestion(question, name) || (contextField !== undefined && contextField.text.toLowerCase().includes(name));
}

/**
 * Whether the question asks "who"/"which": in the sentence that asks, when it has one, so that a
 * relative "who" in a passage before it ("two engineers, who lived in the village") does not
 * make "What was the bridge named after?" one.
 *
 * The same as `asksWhoPlain`, read from the other end: the question's last wh-word (`lastWhWordAt`,
 * `indexOf` scans; most questions have none and end here), then whether a sentence ends between it
 * and the last "?" (after which the sentence that asks starts). The plain version walked back from
 * the "?" to the asking sentence's start for every question, a character at a time: three quarters
 * of checkItem's own time in a profile of the 1 MiB bench text, whose 3,549 demo questions are one
 * sentence of about 55 characters each. The rule alone on that text, after a whole lint of it (CPU
 * minimum of 100 runs, 3 alternating process pairs): 1.29-1.31 -> 0.70-0.71 ms.
 */
export function asksWho(question: string): boolean {
  const last = lastWhWordAt(question);
  if (last < 0) return false;
  // A sentence end at i puts the asking sentence's start at i + 1, past the last wh-word when i > last
  // (question[last] is a letter, no sentence end). No "?" (mark -1): the whole text asks.
  const mark = question.lastIndexOf('?');
  for (let i = mark - 1; i > last; i--) {
    const c = question.charCodeAt(i);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && (question.charCodeAt(i + 1) === 32 || question.charCodeAt(i + 1) === 10))) return false;
  }
  return true;
}

/** `asksWho` as it was written first: the asking sentence cut out, then `hasWhWord` on it (kept for the property test). */
export function asksWhoPlain(question: string): boolean {
  const start = askingSentenceStart(question);
  return hasWhWord(start <= 0 ? question : question.slice(start));
}

/**
 * Where the last of who, whom, whose, which (see `isWhWordAt`) starts in `text`; -1 when none does. Read forwards
 * with `indexOf`, as `hasWhWord` is: `lastIndexOf` is a call into the runtime, and made this function cost more than
 * the character walk it replaced.
 */
function lastWhWordAt(text: string): number {
  let last = -1;
  for (let i = text.indexOf('w'); i >= 0; i = text.indexOf('w', i + 1)) if (isWhWordAt(text, i)) last = i;
  for (let i = text.indexOf('W', last + 1); i >= 0; i = text.indexOf('W', i + 1)) if (isWhWordAt(text, i)) last = i;
  return last;
}

/**
 * Animal nouns (`ANIMAL_NOUNS`, singular or plural; a stray plural "s" is read too, "Which of the sheeps …"), without
 * those a which-question also asks of people: "Which of the colts was the thief?" (a youth team), "Which hawk is most
 * likely to cut welfare?", "Which dove is naive about security?" (politics), "Which Shark was unfair to the founder?"
 * (a TV investor panel). Left out on purpose: with them, such questions' name options were dropped as animals' (s25 probes).
 */
const NOT_ANIMALS_IN_A_QUESTION: ReadonlySet<string> = new Set(['colt', 'colts', 'hawk', 'hawks', 'dove', 'doves', 'shark', 'sharks']);
const ANIMAL_NOUN = String.raw`(?:${ANIMAL_NOUNS.filter((w) => !NOT_ANIMALS_IN_A_QUESTION.has(w)).join('|')})s?`;

/**
 * The sentence that asks asks which animal: "Which is the oldest penguin?", "Which of the dogs is the lightest?",
 * "Which dog weighs the most?", "Who is the youngest penguin?". The animal noun must head the wh-phrase (at most
 * one word, an adjective, between) and end it (a verb, preposition or punctuation next): "Who let the dog off the
 * leash?" and "Who was the pet owner?" ask about a person.
 */
const WHICH_ANIMAL = new RegExp(
  String.raw`\b(?:which(?:\s+one)?(?:\s+(?:is|was|are|were)\s+the|\s+of\s+the|\s+of\s+these|\s+of\s+those)?|who\s+(?:is|was|are|were)\s+the)(?:\s+[a-z-]+)?\s+${ANIMAL_NOUN}(?=\s*[?,.;:]|\s+(?:is|was|are|were|has|had|have|did|does|do|will|would|can|could|should|weighs?|weighed|won|wins|came|comes|finished|ran|runs|lives?|lived|ate|eats|belongs?|belonged|in|on|at|from|with|that|which|who)\b)`,
  'i',
);

/**
 * A person noun in the asking sentence (s24 hunt24): "Which dog belongs to the violent owner?", "Which cat was neglected
 * by its owner?" ask about the people the options may name, not only about an animal.
 */
const PERSON_IN_QUESTION = /\b(?:owners?|keepers?|handlers?|walkers?|breeders?|trainers?|person|people|man|men|woman|women|boys?|girls?|child|children|kids?|famil(?:y|ies)|neighbou?rs?)\b/i;

function asksWhichAnimal(question: string): boolean {
  const start = askingSentenceStart(question);
  const asking = start <= 0 ? question : question.slice(start);
  return WHICH_ANIMAL.test(asking) && !PERSON_IN_QUESTION.test(asking);
}

/** `text.trim().split(/\s+/).length`, without allocating. */
function wordCount(text: string): number {
  let words = 1;
  let inWord = false;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    if (isWhiteSpace(text.charCodeAt(i))) {
      if (inWord) gap = true;
    } else {
      if (gap) words++;
      gap = false;
      inWord = true;
    }
  }
  return words;
}

/** Add an option with the next letter, in the same marker style, after the last option. */
function addUnknownFix(doc: PromptDocument, opts: OptionItem[], label: string): Fix[] {
  const last = opts[opts.length - 1]!;
  const prev = opts[opts.length - 2]!;
  if (!last.text.isIdentity) return [];
  const nextLetter = String.fromCharCode(last.letter.charCodeAt(0) + 1);
  if (nextLetter > 'Z') return [];
  const textStart = last.text.sourceSpan().start;
  const marker = doc.text.slice(last.span.start, textStart);
  const letterAt = last.letterSpan.start - last.span.start;
  if (letterAt < 0 || letterAt >= marker.length || marker[letterAt] !== last.letter) return [];
  const newMarker = marker.slice(0, letterAt) + nextLetter + marker.slice(letterAt + 1);
  // (Line breaks: \n, \r\n and a lone \r.)
  const sameLine = !/[\n\r]/.test(doc.text.slice(prev.span.end, last.span.start));
  let insert: string;
  if (sameLine) {
    const sep = doc.text.slice(prev.span.end, last.span.start);
    insert = `${sep}${newMarker}${label}`;
  } else {
    const lineStart = lineStartBefore(doc.text, last.span.start);
    const indent = doc.text.slice(lineStart, last.span.start);
    const eol = doc.text.slice(last.span.end).match(/^[^\n\r]*(\r\n?|\n)/)?.[1] ?? '\n';
    insert = `${eol}${/^\s*$/.test(indent) ? indent : indent.replace(/\S/g, ' ')}${newMarker}${label}`;
    // Keep "- (A)" list bullets.
    const bullet = /^(\s*[-*]\s+)$/.exec(indent);
    if (bullet) insert = `${eol}${bullet[1]}${newMarker}${label}`;
  }
  const at = last.span.end;
  return [{ title: `Add option (${nextLetter}) "${label}"`, edits: [{ span: { start: at, end: at }, newText: insert }] }];
}
