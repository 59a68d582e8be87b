/**
 * Capitalised words where a person's name may stand, shared by the rules that tell a named person
 * ("Hiroshi Tanaka", "Meryl Streep, the American actress") from a generic role noun.
 */
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, FLAG_SENTENCE_START, WordSet, type Tokens } from './tokens.js';

/**
 * Capitalised words that are not names where a name may stand: "This is a nurse", "Everyone is a
 * user", "On Monday, a nurse ...". Person words (he, user, the Nurse) are mentions and are told apart by that.
 */
export const NOT_NAMES = new WordSet([
  'this', 'that', 'it', 'there', 'here', 'what', 'who', 'whoever', 'which', 'whichever', 'everyone', 'everybody',
  'someone', 'somebody', 'anyone', 'anybody', 'nobody', 'none', 'one', 'each', 'every', 'either', 'neither', 'all',
  'another', 'such', 'also', 'now', 'then', 'today', 'tomorrow', 'yesterday', 'tonight', 'i', 'we', 'you', 'they',
  'mine', 'yours', 'ours', 'theirs', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);

/**
 * Sentence openers that are no name before a verb ("However, the nurse, tired, said", "Everything was
 * ready"): function words, quantifiers, linking adverbs and nouns that head prompt sentences.
 */
export const SUBJECT_OPENERS = new WordSet([
  'a', 'an', 'the', 'my', 'our', 'your', 'their', 'its', 'these', 'those', 'some', 'many', 'most', 'few', 'several',
  'both', 'any', 'no', 'not', 'if', 'when', 'where', 'while', 'once', 'as', 'after', 'before', 'until', 'since',
  'because', 'although', 'though', 'unless', 'whether', 'so', 'and', 'but', 'or', 'nor', 'yet', 'for', 'in', 'on',
  'at', 'by', 'with', 'without', 'from', 'to', 'of', 'about', 'into', 'please', 'always', 'never', 'just', 'only',
  'still', 'again', 'later', 'earlier', 'first', 'second', 'next', 'last', 'however', 'therefore', 'meanwhile',
  'instead', 'otherwise', 'moreover', 'furthermore', 'besides', 'hence', 'thus', 'indeed', 'overall', 'often',
  'everything', 'something', 'nothing', 'anything', 'staff', 'management', 'research', 'data', 'evidence', 'context',
  'input', 'output', 'format', 'tone', 'style', 'length', 'task', 'goal', 'summary', 'note', 'answer', 'question',
  'response', 'text', 'time', 'life', 'work', 'name', 'age', 'status', 'feedback', 'history', 'example', 'step',
  'having', 'being', 'using', 'following', 'according', 'given', 'during', 'training', 'testing', 'pricing', 'shipping',
]);

/** A capitalised word that is not all capitals (an acronym) nor one letter. */
export function isTitleCase(t: Tokens, i: number): boolean {
  return (t.flags[i]! & (FLAG_CAPITALISED | FLAG_ALL_CAPS)) === FLAG_CAPITALISED && t.end[i]! - t.start[i]! > 1;
}

/** Most words in a full name ("Maria de la Cruz" is read from "Cruz" back as one word). */
const MAX_NAME_WORDS = 4;

/** An initial: one capital letter ("John F. Kennedy", "O'Brien"). */
function isInitial(t: Tokens, i: number): boolean {
  return t.end[i]! - t.start[i]! === 1 && (t.flags[i]! & FLAG_CAPITALISED) !== 0;
}

/** Whether token i is a title-case word in no list of NOT_NAMES, or an initial. */
function nameWord(t: Tokens, i: number): boolean {
  return isInitial(t, i) || (isTitleCase(t, i) && !NOT_NAMES.has(t, i));
}

/**
 * Whether the gap before token i joins two words of one name: blanks, a hyphen or an apostrophe
 * ("Bong Joon-ho", "O'Brien"), or the full stop after an initial ("John F. Kennedy").
 */
function nameGap(t: Tokens, i: number): boolean {
  if (t.joined[i]) return true;
  if (!isInitial(t, i - 1)) return false;
  const text = t.text;
  const s = t.end[i - 1]!;
  if (text.charCodeAt(s) !== 46) return false;
  for (let k = s + 1, e = t.start[i]!; k < e; k++) if (text.charCodeAt(k) !== 32) return false;
  return t.start[i]! > s + 1;
}

/**
 * Whether a full name starts at token i: two to four capitalised words on one line ("James
 * Slack", "Warren E. Buffett"), at least one of them not an initial. A word that opens a sentence
 * counts like any other: the caller finds the name after a word of its own ("spokesman James Slack").
 */
export function fullNameAt(t: Tokens, i: number): boolean {
  if (i >= t.count || !nameWord(t, i)) return false;
  let words = 1;
  let titled = isTitleCase(t, i);
  for (let k = i + 1; k < t.count && words < MAX_NAME_WORDS && nameGap(t, k) && nameWord(t, k); k++) {
    words++;
    if (isTitleCase(t, k)) titled = true;
  }
  return words >= 2 && titled;
}

/**
 * Whether a full name ends at token e: two to four capitalised words on one line ("Meryl Streep",
 * "Bong Joon-ho", "John F. Kennedy"), at least one of them not an initial. A sentence's capitalised first word counts
 * only if it is no function word or prompt noun (see SUBJECT_OPENERS): "The Board" is no name.
 */
export function fullNameEndingAt(t: Tokens, e: number): boolean {
  // "Bong Joon-ho": a lower-case part after a hyphen belongs to the word before it.
  if (e > 0 && !(t.flags[e]! & FLAG_CAPITALISED) && t.joined[e] && t.text.charCodeAt(t.end[e - 1]!) === 45) e--;
  if (e < 0 || !isTitleCase(t, e) || NOT_NAMES.has(t, e)) return false;
  let s = e;
  while (s > 0 && e - s + 1 < MAX_NAME_WORDS && nameGap(t, s) && nameWord(t, s - 1)) s--;
  if (s < e && t.flags[s]! & FLAG_SENTENCE_START && SUBJECT_OPENERS.has(t, s)) s++;
  return s < e;
}

/**
 * The first token of the run of name words (capitalised words in no list of NOT_NAMES, initials) on
 * one line that ends at token e, at most MAX_NAME_WORDS long and not before token `floor`: "Martin"
 * for the "King" of "Martin Luther King". e itself when the word before it is no name word (the
 * caller checks that e is one).
 */
export function nameRunStart(t: Tokens, e: number, floor: number): number {
  let s = e;
  while (s > floor && e - s + 1 < MAX_NAME_WORDS && nameGap(t, s) && nameWord(t, s - 1)) s--;
  return s;
}

/**
 * The last token of the run of name words on one line that starts at token i (as `nameRunStart`),
 * before token `limit`: "X" for the "Malcolm" of "Malcolm X". i itself when the word after it is no name word.
 */
export function nameRunEnd(t: Tokens, i: number, limit: number): number {
  let e = i;
  while (e + 1 < limit && e - i + 1 < MAX_NAME_WORDS && nameGap(t, e + 1) && nameWord(t, e + 1)) e++;
  return e;
}

/** Whether token i is a name word (see `nameRunStart`): a capitalised word in no list of NOT_NAMES, or an initial. */
export function isNameWord(t: Tokens, i: number): boolean {
  return nameWord(t, i);
}

/** How many tokens back a lone name looks for the full name it stands for (see `namedInFullBefore`). */
const NAMED_REACH = 400;

/**
 * Whether token e, one capitalised word, stands for a person the text named in full before it, within
 * NAMED_REACH tokens: the first or the last word of a full name ("Who is Gregor Samsa? … Gregor is a
 * travelling salesman", "Jerome Powell spoke. Powell, the chairman of the Federal Reserve, said").
 * Spelt and capitalised the same. A word that is no name ("The", a day) never is. Compares token hashes
 * and lengths before any text, over a bounded look-back: asked only for a finding about to be reported.
 */
export function namedInFullBefore(t: Tokens, e: number): boolean {
  if (e < 1 || !isTitleCase(t, e) || NOT_NAMES.has(t, e)) return false;
  if (t.flags[e]! & FLAG_SENTENCE_START && SUBJECT_OPENERS.has(t, e)) return false;
  const h = t.hash[e]!;
  const s = t.start[e]!;
  const len = t.end[e]! - s;
  const text = t.text;
  for (let j = e - 1; j >= 0 && j >= e - NAMED_REACH; j--) {
    if (t.hash[j] !== h || t.end[j]! - t.start[j]! !== len || !(t.flags[j]! & FLAG_CAPITALISED)) continue;
    if (sameText(text, t.start[j]!, s, len) && (fullNameAt(t, j) || fullNameEndingAt(t, j))) return true;
  }
  return false;
}

/** Whether text[a, a + len) and text[b, b + len) are the same code units. */
function sameText(text: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}
