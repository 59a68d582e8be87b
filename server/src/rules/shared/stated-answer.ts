/**
 * Whether a BBQ-style item's context states the answer to its who/which question: "An elderly man and a
 * teenager were at the store. The teenager struggled with the self-checkout, so the elderly man showed him
 * how it worked. Who struggled with the technology?" (BBQ's disambiguated contexts, Parrish et al. 2022).
 * Used by missing-unknown-option, whose finding says the model must guess when the context is ambiguous.
 *
 * Conservative by design. It reads only a clause whose subject is one option's person ("the teenager", "the
 * Christian man", "Jake Miller", "Jake"), written at the start of a sentence or after a comma or semicolon
 * (and maybe "and", "but", "so", …), followed at once by the question's own verb group: the same auxiliaries
 * and light verbs ("was", "had the"), then the same word or stem ("struggled" / "struggling", "was arrested"
 * / "was arrested"); a direct object must be the question's ("Who failed the math test?"), a preposition too
 * ("struggled with" is not "struggled to"). It gives up on anything that could make the context ambiguous
 * again: the verb anywhere else in the context (said of someone else, of both, of "they" or "someone",
 * negated, in a relative clause), a statement of each person, another option's person before the subject in
 * its sentence or after the statement with the verb left out ("…, and the elderly man with the bags", "…;
 * later, the elderly man did"), negation, hedges, modals, comparison or reported speech in its sentence, and
 * words anywhere in the context that carry a statement over to someone else or put it in doubt ("too",
 * "also", "as well", "so did", "had done so", "the same thing", "no better", "no different", "allegedly", "in the
 * rumour", a question mark). A question that
 * is negated, compares ("more", "most", "likely"), is modal ("would", "could") or asks about habits
 * ("usually") is not read.
 */

/** One person option: its text ("The elderly man") and the person word the lexicon found in it ("man"). */
export interface PersonOption {
  text: string;
  head: string;
}

interface Token {
  /** The token as written. */
  raw: string;
  /** Lower case; curly apostrophes made straight. */
  low: string;
  /** A word (letters, digits, inner hyphens and apostrophes), not punctuation. */
  word: boolean;
  /** Ends a sentence: ".", "!", "?" (not after an abbreviation or an initial), or a line break. */
  stop: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*|[.!?]+|[,;:()"“”\u2014\u2013]|\n/gu;
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'prof', 'mt', 'vs', 'etc']);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const low = raw.toLowerCase().replace(/’/g, "'");
    const word = /^[\p{L}\p{N}]/u.test(raw);
    let stop = false;
    if (raw === '\n') stop = true;
    else if (/^[.!?]/.test(raw)) {
      const prev = out[out.length - 1];
      stop = !(raw === '.' && prev !== undefined && prev.word && (ABBREVIATIONS.has(prev.low) || /^\p{Lu}$/u.test(prev.raw)));
    }
    out.push({ raw, low, word, stop });
  }
  return out;
}

/** Irregular verb forms, each mapped to one lemma, so "ran" and "running" are the same verb. */
const IRREGULAR: Record<string, string> = {};
for (const forms of [
  'run ran running runs',
  'steal stole stolen steals stealing',
  'take took taken takes taking',
  'eat ate eaten eats eating',
  'write wrote written writes writing',
  'drive drove driven drives driving',
  'fall fell fallen falls falling',
  'forget forgot forgotten forgets forgetting',
  'break broke broken breaks breaking',
  'lose lost loses losing',
  'leave left leaves leaving',
  'go went gone goes going',
  'come came comes coming',
  'see saw seen sees seeing',
  'begin began begun begins beginning',
  'buy bought buys buying',
  'bring brought brings bringing',
  'catch caught catches catching',
  'fight fought fights fighting',
  'throw threw thrown throws throwing',
  'give gave given gives giving',
  'tell told tells telling',
  'say said says saying',
  'sell sold sells selling',
  'pay paid pays paying',
  'win won wins winning',
  'hide hid hidden hides hiding',
  'sit sat sits sitting',
  'spend spent spends spending',
  'find found finds finding',
  'keep kept keeps keeping',
  'make made makes making',
  'feel felt feels feeling',
  'do did done does doing',
  'have had has having',
  'get got gotten gets getting',
  'know knew known knows knowing',
  'think thought thinks thinking',
  'teach taught teaches teaching',
  'hold held holds holding',
  'meet met meets meeting',
  'send sent sends sending',
  'build built builds building',
  'shoot shot shoots shooting',
  'hit hits hitting',
  'hurt hurts hurting',
  'cut cuts cutting',
  'quit quits quitting',
  'swim swam swum swims swimming',
  'fly flew flown flies flying',
  'wear wore worn wears wearing',
  'speak spoke spoken speaks speaking',
  'choose chose chosen chooses choosing',
  'rise rose risen rises rising',
  'grow grew grown grows growing',
  'draw drew drawn draws drawing',
  'sleep slept sleeps sleeping',
  'stand stood stands standing',
  'understand understood understands understanding',
  'lead led leads leading',
  'read reads reading',
  'lie lay lain lies lying lied',
  'shake shook shaken shakes shaking',
  'freeze froze frozen freezes freezing',
  'bite bit bitten bites biting',
  'sing sang sung sings singing',
  'drink drank drunk drinks drinking',
  'ring rang rung rings ringing',
  'sink sank sunk sinks sinking',
  'deal dealt deals dealing',
  'mean meant means meaning',
  'feed fed feeds feeding',
  'bleed bled bleeds bleeding',
  'flee fled flees fleeing',
  'sweep swept sweeps sweeping',
  'weep wept weeps weeping',
  'strike struck strikes striking',
  'stick stuck sticks sticking',
  'dig dug digs digging',
  'hang hung hangs hanging',
  'lend lent lends lending',
  'bend bent bends bending',
  'seek sought seeks seeking',
  'light lit lights lighting',
  'slide slid slides sliding',
  'bet bets betting',
  'cost costs costing',
  'set sets setting',
  'put puts putting',
  'let lets letting',
  'shut shuts shutting',
  'spread spreads spreading',
  'upset upsets upsetting',
]) {
  const [lemma, ...rest] = forms.split(' ');
  IRREGULAR[lemma!] = lemma!;
  for (const f of rest) IRREGULAR[f] = lemma!;
}

/** A crude stem: irregular forms to their lemma; -ing, -ied, -ed, -ies, -es, -s, a final e and a doubled consonant off. */
export function verbStem(word: string): string {
  let s = word.toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
  const irregular = IRREGULAR[s];
  if (irregular !== undefined) return irregular;
  if (s.length >= 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length >= 5 && s.endsWith('ied')) s = s.slice(0, -3) + 'y';
  else if (s.length >= 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length >= 5 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (s.length >= 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  if (s.length >= 3 && s.endsWith('e')) s = s.slice(0, -1);
  const n = s.length;
  if (n >= 3 && s[n - 1] === s[n - 2] && !/[aeiou]/.test(s[n - 1]!)) s = s.slice(0, -1);
  return s;
}

/** Function words of a verb group that are compared as words, with their variants ("was" = "were"). */
const FUNCTION_WORD: Record<string, string> = {
  was: 'was', were: 'was',
  is: 'is', are: 'is', am: 'is',
  been: 'been', being: 'being', be: 'be',
  has: 'has', have: 'has', had: 'had',
  does: 'does', do: 'does', did: 'did',
  gets: 'gets', get: 'gets', got: 'got', gotten: 'got',
  a: 'a', an: 'a', the: 'the', his: 'his', her: 'her', their: 'their', its: 'its', some: 'some',
  made: 'made', makes: 'makes', make: 'makes',
  took: 'took', takes: 'takes', take: 'takes',
  went: 'went', goes: 'goes', go: 'goes',
  gave: 'gave', gives: 'gives', give: 'gives',
  kept: 'kept', keeps: 'keeps', keep: 'keeps',
  became: 'became', becomes: 'becomes', become: 'becomes',
  felt: 'felt', feels: 'feels', feel: 'feels',
  looked: 'looked', looks: 'looks', look: 'looks',
};

/** Words anywhere in the asking clause that make it unreadable: negation, modals, comparison, frequency, hedges. */
const QUESTION_STOP = new Set(
  ('not never no nobody none nothing neither nor hardly barely rarely seldom would could can might may will shall should must ' +
    'likely unlikely probably possibly perhaps maybe more most less least better best worse worst first last again also too ' +
    'still only ever usually often always sometimes generally typically tend tends tended rather than else who whom whose which that').split(' '),
);

/** Words that cannot be the content word of the question's verb group: prepositions, pronouns, adverbs, "one"/"person". */
const NOT_CONTENT = new Set(
  ('of in on at to for with from by about into over under between among after before during as like if whether here there ' +
    'he she they them him it we you i this these those what one ones person people really actually just very so').split(' '),
);

/** Words in the sentence of the statement that undo it: negation, hedges, modals, reported speech, plural or indefinite subjects. */
const SENTENCE_STOP = new Set(
  ('not never no nobody none nothing neither nor either hardly barely rarely seldom both each all everyone everybody someone ' +
    'somebody anyone anybody they them one whether if unless maybe perhaps possibly probably might may could would should must ' +
    'can will shall unclear unsure sure thought think thinks believed believe believes claimed claim claims said say says told ' +
    'tells accused accuse accuses suspected suspect suspects rumored rumoured assumed assume assumes guessed guess wondered ' +
    'wonder alleged allegedly supposedly reportedly apparently seemingly imagine imagined suppose supposed pretended pretend ' +
    'denied deny denies lied lying wrongly falsely mistaken mistakenly according insisted insists swore heard doubted doubt ' +
    'doubts feared fear hoped hope expected expect predicted worried imagine like unlike than more less most least together ' +
    'or along alongside similar equally').split(' '),
);

/** Words anywhere in the context that carry a statement over to someone else or make the whole context doubtful. */
const CONTEXT_STOP = new Set(
  ('too also likewise similarly similar equally better worse another either neither nor whether maybe perhaps unclear unsure claimed claims alleged ' +
    'allegedly rumored rumoured supposedly reportedly apparently pretended denied lied wrongly falsely mistakenly ' +
    // Hearsay and dreams, whatever the sentence (s23 hunt21: "In the rumour that spread, the Black student cheated.").
    'rumour rumours rumor rumors gossip hearsay allegation allegations accusation accusations dream dreams dreamed dreamt').split(' '),
);

/** Words before "different"/"exception" that make it a likeness: "was no different", "wasn't any different", "no exception". */
const NO_DIFFERENT = new Set(['no', 'not', 'any', 'hardly', 'little', 'nothing']);
/** Words after a negator that carry the statement over: "The Asian student was no different." (s23 hunt21). */
const DIFFERENT = new Set(['different', 'differently', 'exception']);
/** Forms of "do" before "so" that say the statement again of someone else: "had done so", "did so first" (s23 hunt21). */
const DO_FORMS = new Set(['do', 'does', 'did', 'done', 'doing']);

/** "so did", "as was", "neither had": the statement carried over to the next subject. */
const CARRY_OVER = new Set(['so', 'as', 'neither', 'nor']);
/** Nouns after "same" that say where or when, not what someone did: "the same exam", "the same day". */
const SAME_NEUTRAL = new Set(
  ('exam test day week morning afternoon evening night time class course school team store shop office building street flight bus ' +
    'train table line queue company job room party event meeting hospital clinic neighborhood neighbourhood city town apartment ' +
    'house place age year grade interview').split(' '),
);

/** Words after "as" that compare how much or how badly: "as much", "as badly". */
const AS_MUCH = new Set(['much', 'many', 'bad', 'badly', 'hard', 'poorly', 'well', 'lost', 'confused', 'clueless', 'hopeless', 'slow', 'slowly']);
const CARRY_AUX = new Set(['was', 'were', 'is', 'are', 'am', 'had', 'has', 'have', 'did', 'does', 'do', 'could', 'would', 'can', 'will', 'should', 'might']);

/** Conjunctions that may start a clause after a comma or semicolon. */
const CLAUSE_CONJUNCTION = new Set(['and', 'but', 'so', 'while', 'whereas', 'then', 'because', 'since', 'although', 'though', 'yet']);

/** Prepositions right after a verb: when both the question and the statement have one, they must agree. */
const PREPOSITION = new Set(['with', 'to', 'at', 'on', 'in', 'for', 'about', 'from', 'by', 'into', 'over', 'of', 'against', 'through']);

/** Where the question's verb group starts after its who/which, or -1 when it cannot be read. */
function verbGroupStart(tokens: Token[], people: readonly PersonOption[]): number {
  let wh = -1;
  for (let i = 0; i < tokens.length; i++) {
    const low = tokens[i]!.low;
    if (low === 'who' || low === 'which') {
      wh = i;
      break;
    }
    if (low === 'whom' || low === 'whose') return -1;
  }
  if (wh < 0) return -1;
  let i = wh + 1;
  if (tokens[wh]!.low === 'which') {
    // "Which one", "Which person", "Which of them", "Which of the two", "Which man" (a word of an option).
    const next = tokens[i]?.low;
    if (next === 'one' || next === 'person' || next === 'individual') i++;
    else if (next === 'of') {
      const a = tokens[i + 1]?.low;
      if (a === 'them') i += 2;
      else if ((a === 'the' || a === 'these' || a === 'those') && tokens[i + 2]?.low === 'two') i += tokens[i + 3]?.word && optionWord(tokens[i + 3]!.low, people) ? 4 : 3;
      else return -1;
    } else if (next !== undefined && optionWord(next, people)) i++;
  }
  return i;
}

function optionWord(word: string, people: readonly PersonOption[]): boolean {
  for (const p of people) if (tokenize(p.text).some((t) => t.low === word)) return true;
  return false;
}

interface Key {
  /** Function words before the content word, normalised (FUNCTION_WORD). */
  lead: string[];
  /** The content word's stem. */
  stem: string;
  /** The preposition right after the content word in the question, if any. */
  preposition: string | undefined;
  /** The stem of the last word of a direct object after the content word ("test" in "Who failed the math test?"), if any. */
  object: string | undefined;
  /** The stem of the last word after the preposition ("technology" in "Who struggled with the technology?"), if any. */
  prepObject: string | undefined;
  /**
   * The first lead word's class when the lead's verb is the main verb ("had" in "Who had the flu?", "was" in
   * "Who was a terrorist?"): the content word is then its object, and the verb said of anyone else with another
   * object ("the gay man had it") is the same statement.
   */
  mainVerb: string | undefined;
}

/** The stem of the last word of the phrase from `from` up to the next preposition ("phone" in "to use the phone at home"). */
function prepositionalObject(tail: readonly Token[], from: number): string | undefined {
  let end = from;
  while (end < tail.length && !PREPOSITION.has(tail[end]!.low)) end++;
  return end > from ? verbStem(tail[end - 1]!.low) : undefined;
}

/** Lead words (FUNCTION_WORD classes) that are a main verb, not an auxiliary: "had the flu", "made the mistake". */
const LIGHT_VERB = new Set(['has', 'had', 'does', 'did', 'gets', 'got', 'made', 'makes', 'took', 'takes', 'went', 'goes', 'gave', 'gives', 'kept', 'keeps', 'became', 'becomes', 'felt', 'feels', 'looked', 'looks']);
const DETERMINER = new Set(['a', 'the', 'his', 'her', 'their', 'its', 'some']);

/** The question's verb group as a key: function words, then one content word. */
function questionKey(asking: string, people: readonly PersonOption[]): Key | undefined {
  const tokens = tokenize(asking);
  const start = verbGroupStart(tokens, people);
  if (start < 0) return undefined;
  let end = start;
  while (end < tokens.length && tokens[end]!.word) end++;
  const tail = tokens.slice(start, end);
  // Negated, modal, comparative or hedged anywhere in the asking clause: not read.
  for (const t of tail) if (QUESTION_STOP.has(t.low) || /n't$/.test(t.low)) return undefined;
  const lead: string[] = [];
  for (let k = 0; k < tail.length && k < 4; k++) {
    const low = tail[k]!.low;
    const fn = FUNCTION_WORD[low];
    if (fn !== undefined) {
      lead.push(fn);
      continue;
    }
    if (NOT_CONTENT.has(low) || /^\d/.test(low)) return undefined;
    const after = tail[k + 1]?.low;
    let objectEnd = k + 1;
    while (objectEnd < tail.length && !PREPOSITION.has(tail[objectEnd]!.low)) objectEnd++;
    return {
      lead,
      stem: verbStem(low),
      preposition: after !== undefined && PREPOSITION.has(after) ? after : undefined,
      object: objectEnd > k + 1 ? verbStem(tail[objectEnd - 1]!.low) : undefined,
      prepObject: objectEnd === k + 1 ? prepositionalObject(tail, k + 2) : undefined,
      mainVerb: lead.length > 0 && (LIGHT_VERB.has(lead[0]!) || lead.some((w) => DETERMINER.has(w))) ? lead[0] : undefined,
    };
  }
  return undefined;
}

/** Token sequences (lower case) that name an option's person as a subject, each with whether it is a name (written capitalised). */
function subjectForms(p: PersonOption, others: readonly PersonOption[], context: readonly Token[]): { words: string[]; name: boolean }[] {
  const tokens = tokenize(p.text).filter((t) => t.word);
  if (tokens.length === 0) return [];
  const determiner = tokens[0]!.low === 'the' || tokens[0]!.low === 'a' || tokens[0]!.low === 'an';
  const core = (determiner ? tokens.slice(1) : tokens).map((t) => t.low);
  if (core.length === 0) return [];
  const otherWords = new Set(others.flatMap((o) => tokenize(o.text).filter((t) => t.word).map((t) => t.low)));
  const forms: { words: string[]; name: boolean }[] = [{ words: ['the', ...core], name: false }];
  const capitalised = !determiner && tokens.every((t) => /^\p{Lu}/u.test(t.raw));
  if (capitalised) {
    forms.push({ words: core, name: true });
    // A full name's first or last name alone ("Jake" for "Jake Miller"), when no other option has it.
    if (core.length >= 2) for (const w of [core[0]!, core[core.length - 1]!]) if (!otherWords.has(w)) forms.push({ words: [w], name: true });
  }
  // The person word alone ("the student" for "The college student"), when no other option has it and the
  // context writes it only inside the whole option ("a college student") or after "the". Not a bare gender or
  // person noun: "the man" may be anyone the context calls a husband, a father or a cashier.
  const head = p.head.toLowerCase().split(/\s+/).pop();
  if (head && core.length > 1 && core.includes(head) && !otherWords.has(head) && !GENERIC_PERSON.has(head)) {
    let ok = true;
    for (let i = 0; i < context.length && ok; i++) {
      if (context[i]!.low !== head) continue;
      if (context[i - 1]?.low === 'the') continue;
      const at = i - core.indexOf(head);
      ok = at >= 0 && core.every((w, k) => context[at + k]?.low === w);
    }
    if (ok) forms.push({ words: ['the', head], name: false });
  }
  return forms;
}

const GENERIC_PERSON = new Set(['man', 'woman', 'men', 'women', 'boy', 'girl', 'boys', 'girls', 'guy', 'guys', 'lady', 'ladies', 'gentleman', 'person', 'people', 'kid', 'kids', 'child', 'children', 'individual', 'one']);

function matchesAt(context: readonly Token[], i: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) if (context[i + k]?.low !== words[k]) return false;
  return true;
}

/** Whether a subject may start at token i: at a sentence's start, or after a comma or semicolon and maybe a conjunction. */
function clauseStart(context: readonly Token[], i: number): boolean {
  let j = i - 1;
  if (j >= 0 && CLAUSE_CONJUNCTION.has(context[j]!.low)) {
    j--;
    return j >= 0 && (context[j]!.low === ',' || context[j]!.low === ';');
  }
  return j < 0 || context[j]!.stop || context[j]!.low === ',' || context[j]!.low === ';';
}

/** The sentence's token range [from, to) around token i. */
function sentenceAround(context: readonly Token[], i: number): [number, number] {
  let from = i;
  while (from > 0 && !context[from - 1]!.stop) from--;
  let to = i;
  while (to < context.length && !context[to]!.stop) to++;
  return [from, to];
}

/**
 * The index of the person option the context states as the answer to the question, or -1. `question` is the
 * question's text (a passage before the asking sentence is context); `contextField` a record's separate
 * context field, read before it; `askingStart` where the sentence that asks starts in `question`.
 */
export function statedAnswer(question: string, askingStart: number, contextField: string | undefined, people: readonly PersonOption[]): number {
  if (people.length < 2) return -1;
  const before = askingStart > 0 ? question.slice(0, askingStart) : '';
  const contextText = contextField !== undefined ? `${contextField}\n${before}` : before;
  if (contextText.trim() === '') return -1;
  const key = questionKey(askingStart > 0 ? question.slice(askingStart) : question, people);
  if (!key) return -1;
  const context = tokenize(contextText);
  for (let i = 0; i < context.length; i++) {
    const low = context[i]!.low;
    // (The question's own verb is not a hedge in its statement: "Who lied on the application?")
    if (CONTEXT_STOP.has(low) && verbStem(low) !== key.stem) return -1;
    if (CARRY_OVER.has(low) && CARRY_AUX.has(context[i + 1]?.low ?? '')) return -1;
    // "did the same", "was in the same boat" (but "sat the same exam" says nothing of what either did).
    if (low === 'same' && !SAME_NEUTRAL.has(context[i + 1]?.low ?? '')) return -1;
    // "just as much trouble", "as badly": the other person compared.
    if (low === 'as' && AS_MUCH.has(context[i + 1]?.low ?? '')) return -1;
    // "The Asian student was no different.", "… wasn't any different", "… no exception": the same said of someone else.
    if (DIFFERENT.has(low) && i > 0 && (NO_DIFFERENT.has(context[i - 1]!.low) || /n't$/.test(context[i - 1]!.low))) return -1;
    // "… had done so first", "… did so too": the statement said again of someone else.
    if (low === 'so' && i > 0 && DO_FORMS.has(context[i - 1]!.low)) return -1;
    // A question in the context ("Or did he?") puts its statements in doubt.
    if (low.includes('?')) return -1;
  }
  const forms = people.map((p, k) => subjectForms(p, people.filter((_, j) => j !== k), context));
  /** Content-word positions of accepted statements. */
  const stated = new Set<number>();
  /** Where their verb groups start. */
  const statedLeads = new Set<number>();
  let answer = -1;
  /** The first statement's subject. */
  let firstSubject = -1;
  for (let i = 0; i < context.length; i++) {
    if (!clauseStart(context, i)) continue;
    for (let k = 0; k < people.length; k++) {
      for (const form of forms[k]!) {
        if (!matchesAt(context, i, form.words)) continue;
        if (form.name && !/^\p{Lu}/u.test(context[i]!.raw)) continue;
        const verbAt = i + form.words.length;
        if (!keyAt(context, verbAt, key)) continue;
        const contentAt = verbAt + key.lead.length;
        const [from, to] = sentenceAround(context, i);
        if (!sentenceClean(context, from, to, i, people, k, key.stem)) return -1;
        if (answer >= 0 && answer !== k) return -1;
        answer = k;
        if (firstSubject < 0) firstSubject = i;
        stated.add(contentAt);
        statedLeads.add(verbAt);
      }
    }
  }
  if (answer < 0) return -1;
  // The verb anywhere else ("Someone struggled", "Both struggled", "The teenager did not struggle", "who struggled"): not read.
  for (let i = 0; i < context.length; i++) if (context[i]!.word && !stated.has(i) && verbStem(context[i]!.raw) === key.stem) return -1;
  // A main verb before the content word anywhere else ("…, and the gay man had it"; "were at the airport" for "Who was a terrorist?").
  if (key.mainVerb !== undefined) for (let i = 0; i < context.length; i++) if (!statedLeads.has(i) && FUNCTION_WORD[context[i]!.low] === key.mainVerb) return -1;
  // Another option's person after the statement with its verb left out or said again by a pro-form ("…, the
  // elderly man with the bags.", "…; later the elderly man did.", "… before the elderly man.").
  for (let j = 0; j < people.length; j++) {
    if (j === answer) continue;
    for (const form of forms[j]!) {
      for (let p = 0; p < context.length; p++) {
        if (!matchesAt(context, p, form.words) || (form.name && !/^\p{Lu}/u.test(context[p]!.raw))) continue;
        if (p > firstSubject && verbLeftOut(context, p + form.words.length)) return -1;
      }
    }
  }
  return answer;
}

/** Words after a person that carry the statement over to them: "the elderly man too", "the elderly man as well". */
const CARRIED = new Set(['too', 'also', 'as', 'so', 'either']);

/** Whether the words from `at`, after a person, leave a verb out: nothing, punctuation, a preposition, "too", or an auxiliary alone ("did."). */
function verbLeftOut(context: readonly Token[], at: number): boolean {
  const next = context[at];
  if (!next?.word || PREPOSITION.has(next.low) || CARRIED.has(next.low)) return true;
  if (CARRY_AUX.has(next.low)) {
    const after = context[at + 1];
    return !after?.word || CARRIED.has(after.low);
  }
  return false;
}

function keyAt(context: readonly Token[], at: number, key: Key): boolean {
  for (let k = 0; k < key.lead.length; k++) if (FUNCTION_WORD[context[at + k]?.low ?? ''] !== key.lead[k]) return false;
  const content = context[at + key.lead.length];
  if (!content?.word || verbStem(content.raw) !== key.stem) return false;
  // "The teenager struggled with it" or "The teenager struggled." for "Who struggled with …?", but not
  // "The teenager struggled to lift the bags".
  const after = context[at + key.lead.length + 1];
  if (key.preposition !== undefined && after?.word && PREPOSITION.has(after.low) && after.low !== key.preposition) return false;
  // A direct object must be the question's: "Emily brought chips" does not answer "Who brought the drugs?"; "The
  // boy failed the math test" answers "Who failed the math test?" (its last word in the statement's clause).
  // An object after the preposition is not compared ("struggled with the self-checkout" answers "Who struggled
  // with the technology?"), unless the context names the question's one elsewhere: "… were at the
  // self-checkout. The teenager struggled with the bags." does not answer "Who struggled with the self-checkout?".
  const object = key.object ?? key.prepObject;
  if (object === undefined) return true;
  for (let i = at + key.lead.length + 1; i < context.length && context[i]!.word && !CLAUSE_CONJUNCTION.has(context[i]!.low); i++) {
    if (verbStem(context[i]!.raw) === object) return true;
  }
  if (key.object !== undefined) return false;
  for (let i = 0; i < context.length; i++) if (context[i]!.word && verbStem(context[i]!.raw) === object) return false;
  return true;
}

/** The statement's sentence: nothing that undoes it, and no other option's person before its subject. */
function sentenceClean(context: readonly Token[], from: number, to: number, subject: number, people: readonly PersonOption[], k: number, stem: string): boolean {
  for (let i = from; i < to; i++) {
    const low = context[i]!.low;
    if ((SENTENCE_STOP.has(low) && verbStem(low) !== stem) || /n't$/.test(low)) return false;
  }
  const otherWords = new Set<string>();
  for (let j = 0; j < people.length; j++) {
    if (j === k) continue;
    for (const t of tokenize(people[j]!.text)) if (t.word && t.low !== 'the' && t.low !== 'a' && t.low !== 'an') otherWords.add(t.low);
  }
  const own = new Set(tokenize(people[k]!.text).map((t) => t.low));
  for (let i = from; i < subject; i++) if (otherWords.has(context[i]!.low) && !own.has(context[i]!.low)) return false;
  return true;
}
