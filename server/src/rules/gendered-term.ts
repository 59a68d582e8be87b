/**
 * gendered-term: gender-marked role nouns (chairman, policewoman, waitress) and
 * generic masculines (mankind, manpower, man-hours), with the neutral
 * alternatives from retext-equality as fixes.
 */
import { z } from 'zod';
import { defineRule, lazily, type Fix, type Report } from './types.js';
import type { Exemplar, PromptDocument, Span } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { StringFieldsAt } from '../parse/string-field-at.js';
import type { SNode, SString } from '../parse/structured-tree.js';
import { isAlnumOrNonAsciiCode } from '../model/segment.js';
import { documentLexicon, firstMentionAt, MENTION_GENDERED } from '../lexicon/lexicon.js';
import { ownText } from './shared/own-text.js';
import { allowSet, glossaryHeadword, inCodeSyntax, inIdentifier, inQuotedRange, inSingleQuotes, inVariable, introducedAsWord, isAllowed, looksLikeProperName } from '../lexicon/context.js';
import type { GenderedTerm } from '../lexicon/gender.js';
import { matchCase } from '../lexicon/swap.js';
import { FLAG_ALL_CAPS, FLAG_CAPITALISED, tokenEquals, tokenLower, WordSet, type Tokens } from '../lexicon/tokens.js';
import { fullNameAt, fullNameEndingAt, isTitleCase, namedInFullBefore, nameRunEnd, NOT_NAMES } from '../lexicon/full-names.js';
import { AMBIGUOUS_NAMES, nameKey, nameTable } from '../lexicon/names.js';

/** Default options, the same as the schema gives for `{}` (so no option parsing is needed for them). */
const DEFAULTS = Object.freeze({
  allow: [] as string[],
  checkMentions: false,
  checkQuoted: false,
  genericMasculine: true,
  maxFixes: 3,
});
/** Built on first use: most lint runs use the defaults, so the schema is never needed at start-up. */
const options = lazily(() =>
  z.object({
    /** Words and phrases never reported (the top-level `allow` list is added to this). */
    allow: z.array(z.string()).default(DEFAULTS.allow),
    /**
     * Also report terms mentioned as words: introduced as examples ("words such as chairman",
     * "avoid mankind") or set against one of their own alternatives ("chairman → chair",
     * "use chair, not chairman", a table row that also holds "chair").
     */
    checkMentions: z.boolean().default(DEFAULTS.checkMentions),
    /** Also report terms inside quotation marks (double, curly or single) and code. */
    checkQuoted: z.boolean().default(DEFAULTS.checkQuoted),
    /** Report generic masculines (mankind, manpower) as well as role nouns. */
    genericMasculine: z.boolean().default(DEFAULTS.genericMasculine),
    /** How many alternatives to offer as quick fixes. */
    maxFixes: z.number().int().min(1).max(10).default(DEFAULTS.maxFixes),
  }),
);
type GenderedTermOptions = z.infer<ReturnType<typeof options>>;

/**
 * A finding whose fixes (one per alternative, up to maxFixes) are built when read: most runs
 * (editor diagnostics, the CLI's JSON) never read them, and a dataset can have 100,000 of these
 * findings. A class rather than an object literal with a getter: V8 gives each such literal a
 * dictionary of its own (on a file with 120,000 findings, 52 MB of them).
 */
class TermReport implements Report {
  constructor(
    readonly messageId: string,
    readonly span: Span,
    readonly data: Record<string, unknown>,
    protected readonly text: string,
    private readonly alternatives: readonly string[],
    private readonly maxFixes: number,
  ) {}

  get fixes(): Fix[] {
    return this.alternatives.slice(0, this.maxFixes).map((a) => this.fix(matchCase(this.text, a)));
  }

  protected fix(newText: string): Fix {
    return { title: `Replace "${this.text}" with "${newText}"`, edits: [{ span: this.span, newText }] };
  }
}

/**
 * A term followed by a possessive apostrophe, whose fix may have to move it: "chairmen's"
 * -> "chairs'" (not "chairs's"), "janitresses'" -> "housekeeping's" (not "housekeeping'").
 * A class of its own so the common finding carries no fields for this.
 */
class PossessiveTermReport extends TermReport {
  constructor(
    messageId: string,
    span: Span,
    data: Record<string, unknown>,
    text: string,
    alternatives: readonly string[],
    maxFixes: number,
    /** The apostrophe and "s" ("'s"), or the apostrophe alone after a plural in -s ("'"), as written. */
    private readonly suffix: string,
    /** The span of the term and `suffix`. */
    private readonly withSuffix: Span,
  ) {
    super(messageId, span, data, text, alternatives, maxFixes);
  }

  protected override fix(newText: string): Fix {
    const endsInS = newText.endsWith('s');
    let moved: string;
    // "'s" after an -men plural: a plural alternative in -s takes the apostrophe alone.
    if (this.suffix.length === 2 && endsInS) moved = newText + this.suffix[0]!;
    // "'" after a plural in -s: an alternative not in -s ("people", "housekeeping") takes "'s".
    else if (this.suffix.length === 1 && !endsInS) moved = `${newText}${this.suffix}s`;
    else return super.fix(newText);
    const was = this.text + this.suffix;
    return { title: `Replace "${was}" with "${moved}"`, edits: [{ span: this.withSuffix, newText: moved }] };
  }
}

/** The length of the possessive after a term that ends at `end` whose fix may need it moved (see PossessiveTermReport), or 0. */
function possessiveSuffix(text: string, end: number, term: string): number {
  const q = text.charCodeAt(end);
  if (q !== 39 && q !== 0x2019) return 0;
  const next = text.charCodeAt(end + 1);
  // "chairmen's": an irregular plural (the listed term, lower case, ends in "men").
  if ((next | 0x20) === 115 /* s */ && !isAlnumOrNonAsciiCode(text.charCodeAt(end + 2))) return term.endsWith('men') ? 2 : 0;
  // "waitresses'": a plural in -s, the apostrophe not followed by a word.
  return term.endsWith('s') && !isAlnumOrNonAsciiCode(next) ? 1 : 0;
}

/** Where the line that holds `i` ends: its line break, or the end of the text. */
function lineEndAt(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}


// ---------------------------------------------------------------------------
// Mentions: style guides and rewriting prompts name the terms they replace ("| chair | chairman |",
// "fireman → firefighter", "use chairperson, not chairman"). Asked only for a finding about to be
// reported, and within a bounded stretch of its line.

/** How far along its line a finding's alternative or table row is looked for (characters). */
const ROW_REACH = 1000;
const GAP_REACH = 60;

/** Quotes, emphasis and brackets around a term or its alternative ("*chairman* → *chair*", "'chairman' with 'chair'"). */
const MARKS = String.raw`[ \t\u00a0"'‘’“”*_\x60()\[\]]*`;
/**
 * What sets a term against an alternative, between the two in either order: an arrow, "not",
 * "instead of", "rather than", "vs" (an article may follow these: "the chair, not the chairman"),
 * or "over" without one ("prefer chair over chairman"). Not "with" or "to": alternatives such as
 * "chair" and "head" are verbs and nouns too ("send it to the chairman to chair the meeting",
 * "the chairman with the head of sales"); "replace chairman with chair" is found by its verb
 * (see introducedAsWord).
 */
const GAP = String.raw`${MARKS}(?:,?\s*(?:\bnot|\binstead\s+of|\brather\s+than|\bversus|\bvs)\b\.?${MARKS}(?:(?:the|a|an)\s+)?|(?:→|⟶|⇒|->|-->|=>|\bover\b))${MARKS}`;
const GAP_AFTER = new RegExp(GAP, 'iy');
const GAP_BEFORE = new RegExp(`${GAP}$`, 'i');

interface AlternativeMatchers {
  /** An alternative at lastIndex (sticky). */
  at: RegExp;
  /** An alternative at the end of the text. */
  ending: RegExp;
  /** Any alternative (global). */
  any: RegExp;
}
/** Per term (the lexicon's entries are shared by every document): few terms are ever reported. */
const matcherCache = new WeakMap<GenderedTerm, AlternativeMatchers>();

function alternativeMatchers(g: GenderedTerm): AlternativeMatchers {
  let m = matcherCache.get(g);
  if (!m) {
    // "firefighter" is also written "fire fighter" and "fire-fighter" (not over a line break); longest first.
    const alts = [...g.alternatives]
      .sort((a, b) => b.length - a.length)
      .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[ -]?'))
      .join('|');
    const word = String.raw`(?<![\p{L}\p{N}])(?:${alts})(?![\p{L}\p{N}])`;
    m = { at: new RegExp(word, 'iuy'), ending: new RegExp(`${word}$`, 'iu'), any: new RegExp(word, 'giu') };
    matcherCache.set(g, m);
  }
  return m;
}

/**
 * Whether the term at text[start, end) is mentioned as a word rather than used: introduced as
 * an example of words (see introducedAsWord), set against one of its own alternatives on its
 * line (see GAP), or in a markdown table row whose other cells hold one of its alternatives
 * ("| chair | chairman |"). [lineStart, lineEnd) is the term's line (kept by the caller, so no
 * finding scans its line again); every look is bounded by the reaches above.
 */
function isMention(text: string, start: number, end: number, lineStart: number, lineEnd: number, g: GenderedTerm): boolean {
  if (introducedAsWord(text, start, lineStart)) return true;
  const alt = alternativeMatchers(g);
  // A glossary entry: "- chairman: use chair", "- mankind: use humanity" in a list of such entries.
  if (
    glossaryHeadword(text, start, end, lineStart, lineEnd, (at) => {
      alt.at.lastIndex = at;
      return alt.at.test(text);
    })
  ) {
    return true;
  }
  // An alternative after the term: "chairman → chair", "chairman, not chair". The gap and the
  // alternative cannot run over a line break (MARKS and the alternatives hold no "\n").
  GAP_AFTER.lastIndex = end;
  const after = GAP_AFTER.exec(text);
  if (after && after[0].length > 0) {
    alt.at.lastIndex = end + after[0].length;
    if (alt.at.test(text)) return true;
  }
  // An alternative before it: "use chairperson, not chairman".
  const from = Math.max(lineStart, start - GAP_REACH);
  const gap = GAP_BEFORE.exec(text.slice(from, start));
  if (gap && gap[0].length > 0 && alt.ending.test(text.slice(Math.max(lineStart, from - 40), from + gap.index))) return true;
  // A table row: another cell holds an alternative.
  let first = lineStart;
  while (first < start && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
  if (text.charCodeAt(first) !== 124 /* | */) return false;
  const cellStart = text.lastIndexOf('|', start - 1);
  let cellEnd = text.indexOf('|', end);
  if (cellEnd < 0 || cellEnd > lineEnd) cellEnd = lineEnd;
  const rowStart = Math.max(lineStart, start - ROW_REACH);
  const row = text.slice(rowStart, Math.min(lineEnd, end + ROW_REACH));
  alt.any.lastIndex = 0;
  for (let f = alt.any.exec(row); f; f = alt.any.exec(row)) {
    const at = rowStart + f.index;
    if (at < cellStart || at >= cellEnd) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// A named person: "Viola Davis is an American actress", "Warren Buffett, the American businessman",
// "spokesman James Slack". The role noun describes that person; it is no default for people in
// general, and its fix would edit the facts of a biography or a QA record. Only full names (two or
// more capitalised words): "Maria is an actress" is still reported. Asked only for a finding about to
// be reported, over a few tokens around it.

/** A plural role noun ("the businessmen of the city"): a group, never one named person. */
const PLURAL_TERM = /(?:men|esses|ettes|trices|ladies|girls|boys)$/;
/** Verbs that say what a named person is: "Viola Davis is an actress", "John Lewis became chairman". */
const COPULAS = new WordSet(['is', 'was', 'became', 'becomes']);
const ARTICLES = new WordSet(['a', 'an', 'the']);
/**
 * Words that end the modifiers of a role noun on the way back to its article: a quantifier,
 * possessive or preposition makes the noun another person ("John Smith is a friend of every salesman").
 */
const NOT_MODIFIERS = new WordSet([
  'every', 'each', 'any', 'all', 'some', 'no', 'his', 'her', 'their', 'our', 'your', 'my', 'its', 'this', 'that',
  'these', 'those', 'of', 'for', 'to', 'with', 'in', 'on', 'at', 'by', 'from', 'as', 'than', 'like', 'about', 'who',
  'which', 'whose', 'not', 'is', 'was', 'be', 'became',
]);
/** Most words after "of" in an appositive ("the chairman of the Federal Reserve,"). */
const OF_REACH = 5;
/** Prepositions that may open a short phrase an appositive ends after ("a postman in Whitby,", "a fisherman for forty years."). */
const PHRASE_PREPOSITIONS = new WordSet(['in', 'from', 'for', 'at', 'on', 'with', 'near', 'since']);
/** Most words after such a preposition: shorter than OF_REACH, as "in the office should decide." goes on. */
const PHRASE_REACH = 3;
/** Most modifiers between a role noun and its article ("an award-winning South Korean actress"). */
const MAX_MODIFIERS = 4;

/** The article before the role noun at token k, over at most MAX_MODIFIERS words on one line and no punctuation ("an American", "the South Korean"), or -1. */
function articleBefore(t: Tokens, k: number): number {
  for (let j = k - 1; j >= 0 && j >= k - 1 - MAX_MODIFIERS; j--) {
    if (!t.joined[j + 1]) return -1;
    if (ARTICLES.has(t, j)) return j;
    if (NOT_MODIFIERS.has(t, j)) return -1;
  }
  return -1;
}

/**
 * Whether an appositive ends after the role noun, token i being the next: a punctuation mark, a line
 * break or the end of the text, perhaps after "and"/"or" and one more noun ("the American businessman
 * and investor, took") or "of" and a few words ("the chairman of the board,"). "In New York, the
 * chairman should decide" is no appositive.
 */
function appositiveEnds(t: Tokens, i: number): boolean {
  if (i >= t.count || !t.joined[i]) return true;
  // "Jerome Powell, the chairman of the Federal Reserve, said": a few words after "of", then the mark.
  if (tokenEquals(t, i, 'of')) {
    for (let k = i + 1; k <= i + OF_REACH; k++) if (k >= t.count || !t.joined[k]) return k > i + 1;
    return false;
  }
  // "Rennie, a fisherman for forty years.", "Colin Marsh, 44, a postman in Whitby, has": a short phrase, then the mark.
  if (PHRASE_PREPOSITIONS.has(t, i)) {
    for (let k = i + 1; k <= i + PHRASE_REACH; k++) if (k >= t.count || !t.joined[k]) return k > i + 1;
    return false;
  }
  if (!tokenEquals(t, i, 'and') && !tokenEquals(t, i, 'or')) return false;
  // The noun after "and", maybe hyphenated ("co-founder"): joined to it by a hyphen.
  let k = i + 2;
  while (k < t.count && t.joined[k] && t.text.charCodeAt(t.end[k - 1]!) === 45) k++;
  return k >= t.count || !t.joined[k];
}

/**
 * Whether the singular role noun at tokens [k, k + length) describes a person named in full: after
 * the name and a copula ("Viola Davis is an American actress", "John Lewis became chairman"), in an
 * appositive after it ("Warren Buffett, the American businessman, …"), or as a title before it
 * ("spokesman James Slack", "the American businessman Warren Buffett").
 */
function describesNamedPerson(t: Tokens, k: number, length: number): boolean {
  const next = k + length;
  // "spokesman James Slack": a blank after the noun, no comma or apostrophe (not "the chairman's John Smith").
  if (next < t.count && t.joined[next] && t.text.charCodeAt(t.end[next - 1]!) === 32 && fullNameAt(t, next)) return true;
  // "The company's chairman, Sir Ian Cheshire, said": the full name set off by commas after the noun.
  if (next < t.count && !t.joined[next] && commaOnlyBefore(t, next) && fullNameAt(t, next) && closedAfter(t, nameRunEnd(t, next, t.count))) return true;
  // "Spokeswoman (Det. Supt. Helen Ward):", "Chairman of the Police Federation (Ken Marsh):": a transcript's speaker label.
  if (next < t.count && namedInParenthesisAfter(t, next)) return true;
  // "Present: Jane Okafor (chairwoman), Raj Patel (treasurer)": the role alone in parentheses after the name.
  if (k > 0 && !t.joined[k] && roleInParenthesisAfterName(t, k, next)) return true;
  const a = articleBefore(t, k);
  // "John Lewis became chairman", "Viola Davis is an actress".
  const copula = a < 0 ? k - 1 : a - 1;
  if (copula >= 1 && t.joined[copula + 1] && COPULAS.has(t, copula)) {
    if (t.joined[copula] && namedAt(t, copula - 1)) return true;
    // "Kayleigh Rennie, 31, is a policewoman": an age in commas after the name.
    if (commaOnlyBefore(t, copula) && namedBeforeAge(t, copula - 1)) return true;
    // "Mary Seacole (1805–1881) was a … businesswoman", "Jane Smith (née Brown) became chairman".
    if (!t.joined[copula]) {
      const before = tokenBeforeParenthesis(t, copula);
      if (before >= 0 && namedAt(t, before)) return true;
    }
  }
  // "Warren Buffett, the American businessman."
  if (a < 1 || !appositiveEnds(t, next)) return false;
  // "Colin Marsh, 44, a postman in Whitby, has …": an age in commas after the name.
  return commaOnlyBefore(t, a) && (namedAt(t, a - 1) || namedBeforeAge(t, a - 1));
}

/**
 * Whether the role noun at tokens [k, next) stands alone in parentheses right after a name: "Jane Okafor
 * (chairwoman)", as minutes and rosters list who holds which office. "the team (chairwoman)" and "Jane
 * Okafor (or the chairwoman)" are no such parenthesis.
 */
function roleInParenthesisAfterName(t: Tokens, k: number, next: number): boolean {
  const text = t.text;
  let c = t.start[k]! - 1;
  while (c >= 0 && text.charCodeAt(c) === 32) c--;
  if (text.charCodeAt(c) !== 40) return false;
  for (c--; c >= 0 && text.charCodeAt(c) === 32; c--);
  if (c < 0 || c + 1 !== t.end[k - 1]!) return false;
  let e = t.end[next - 1]!;
  while (e < text.length && text.charCodeAt(e) === 32) e++;
  return text.charCodeAt(e) === 41 && namedAt(t, k - 1);
}

/** Honorifics before a surname in parentheses after a role noun ("Headmistress (Mrs. Adebayo):"). */
const HONORIFICS = new WordSet(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev']);
/** Most words in parentheses that hold a role holder's name ("(Det. Supt. Helen Ward)"). */
const PARENTHESIS_NAME_WORDS = 6;

/**
 * Whether a parenthesis that opens right before token i (or after "of" and a few words from token i:
 * "Chairman of the Police Federation (Ken Marsh)") holds only capitalised words, on one line, that end
 * in a full name or an honorific and a surname: "Spokeswoman (Det. Supt. Helen Ward):", "Headmistress
 * (Mrs. Adebayo):", "the chairman (Jerome Powell) said". "(see section 2)", "(usually John Smith or
 * Mary Jones)" and "(Retired)" hold no such name.
 */
function namedInParenthesisAfter(t: Tokens, i: number): boolean {
  if (t.joined[i] && tokenEquals(t, i, 'of')) {
    let k = i + 1;
    while (k < t.count && k <= i + OF_REACH && t.joined[k]) k++;
    i = k;
  }
  if (i >= t.count) return false;
  const text = t.text;
  let c = t.end[i - 1]!;
  const s = t.start[i]!;
  while (c < s && text.charCodeAt(c) === 32) c++;
  if (c === s || text.charCodeAt(c) !== 40) return false;
  for (c++; c < s; c++) if (text.charCodeAt(c) !== 32) return false;
  const close = text.indexOf(')', s);
  if (close < 0 || close - s > PARENTHESIS_REACH) return false;
  let e = i;
  for (let j = i; j < t.count && t.start[j]! < close; j++) {
    if (j - i >= PARENTHESIS_NAME_WORDS || !(t.flags[j]! & FLAG_CAPITALISED)) return false;
    e = j;
  }
  for (let q = t.end[e]!; q < close; q++) if (text.charCodeAt(q) !== 32) return false;
  for (let q = s; q < close; q++) if (text.charCodeAt(q) === 10 || text.charCodeAt(q) === 40) return false;
  return fullNameEndingAt(t, e) || (e > i && HONORIFICS.has(t, e - 1) && isTitleCase(t, e));
}

/** Most digits of an age set in commas after a name ("Colin Marsh, 44, a postman"). */
const MAX_AGE_DIGITS = 3;

/** Whether token i is an age set off by a comma from a name that ends right before it: "Marsh, 44" (token i the "44"). */
function namedBeforeAge(t: Tokens, i: number): boolean {
  if (i < 1 || t.end[i]! - t.start[i]! > MAX_AGE_DIGITS || !commaOnlyBefore(t, i)) return false;
  for (let c = t.start[i]!, e = t.end[i]!; c < e; c++) {
    const code = t.text.charCodeAt(c);
    if (code < 48 || code > 57) return false;
  }
  return namedAt(t, i - 1);
}

/** Most characters a parenthesis between a name and its copula may span ("(1805–1881)", "(née Brown)"). */
const PARENTHESIS_REACH = 60;

/**
 * The token right before a parenthesis on one line that closes right before token i, blanks aside
 * ("Seacole" in "Mary Seacole (1805–1881) was"), or -1.
 */
function tokenBeforeParenthesis(t: Tokens, i: number): number {
  const text = t.text;
  let c = t.start[i]! - 1;
  while (c >= 0 && text.charCodeAt(c) === 32) c--;
  if (c < 0 || text.charCodeAt(c) !== 41) return -1;
  const close = c;
  for (c--; c >= 0 && close - c <= PARENTHESIS_REACH; c--) {
    const code = text.charCodeAt(c);
    if (code === 40) break;
    if (code === 10 || code === 13 || code === 41) return -1;
  }
  if (c < 0 || text.charCodeAt(c) !== 40 || close - c > PARENTHESIS_REACH) return -1;
  const open = c;
  let j = i - 1;
  while (j >= 0 && t.end[j]! > open) j--;
  if (j < 0) return -1;
  for (let q = t.end[j]!; q < open; q++) if (text.charCodeAt(q) !== 32) return -1;
  return j;
}

/** Whether the gap before token i is one comma and blanks (", "). */
function commaOnlyBefore(t: Tokens, i: number): boolean {
  const text = t.text;
  let comma = false;
  for (let c = t.end[i - 1]!, e = t.start[i]!; c < e; c++) {
    const code = text.charCodeAt(c);
    if (code === 44 && !comma) comma = true;
    else if (code !== 32) return false;
  }
  return comma;
}

/**
 * Whether an appositive name that ends at token e is closed there: the end of the text, or a comma,
 * full stop, semicolon, colon, closing bracket or line break first after it ("…, Sir Ian Cheshire, said",
 * "… the chairman, Jerome Powell."), not a clause or list that goes on ("the chairman, John Smith and Mary Jones").
 */
function closedAfter(t: Tokens, e: number): boolean {
  const text = t.text;
  const end = e + 1 < t.count ? t.start[e + 1]! : text.length;
  for (let c = t.end[e]!; c < end; c++) {
    const code = text.charCodeAt(c);
    if (code === 32) continue;
    return code === 44 || code === 46 || code === 59 || code === 58 || code === 41 || code === 10 || code === 13;
  }
  return end === text.length;
}

/**
 * Whether a person's name ends at token e: a full name, or one word of a full name the text gave
 * before ("Gregor Samsa … Gregor is a salesman", "Jerome Powell … Powell, the chairman, said").
 */
function namedAt(t: Tokens, e: number): boolean {
  return fullNameEndingAt(t, e) || namedInFullBefore(t, e);
}

// ---------------------------------------------------------------------------
// A list entry that a person's name heads: cast lists, character sheets and rosters describe one
// person per line ("- Ewan Tregarthen (70): a retired fisherman", "2. Tom Hadley – a fireman from
// Bristol", "**ANNA KOWALSKA** (40s), a stewardess on the night train"). The description after the
// head says what that person is, as a predicate does. Asked only for a finding about to be reported.

/** What may stand before an entry's head on its line: blanks, a list marker ("-", "*", "+", "•", "1.", "1)"), "#", ">" and emphasis. */
const ENTRY_LEAD = /^[ \t>#*_+•-]*(?:\d{1,3}[.)][ \t]*)?[ \t*_]*$/;
/** A cast list's age in parentheses after a name: "(70)", "(40s)", "(late 50s)". */
const AGE_PARENTHESIS = /^\((?:early|mid|late)?[ -]?\d{1,3}s?\)$/i;

/** Whether the gap before token i holds a hyphen with a blank beside it ("Vega - a postman"), which `joined` counts as joined. */
function spacedHyphenBefore(t: Tokens, i: number): boolean {
  const text = t.text;
  let hyphen = false;
  let blank = false;
  for (let c = t.end[i - 1]!, e = t.start[i]!; c < e; c++) {
    const code = text.charCodeAt(c);
    if (code === 45) hyphen = true;
    else if (code === 32 || code === 9) blank = true;
  }
  return hyphen && blank;
}

/** Whether code unit `code` is a blank or an emphasis mark ("*", "_") around an entry's head or separator. */
function isBlankOrMark(code: number): boolean {
  return code === 32 || code === 9 || code === 42 || code === 95;
}

/**
 * Whether the singular role noun at tokens [k, k + length) opens the description in a list entry
 * that a person's full name heads: the name opens its line (after a list marker or emphasis), then
 * perhaps an age in parentheses, then ":", a dash or ",", then the noun with "a"/"an" or no article
 * and at most MAX_MODIFIERS modifiers ("a retired fisherman and …", "former sportswoman"), or with
 * "the" where an appositive would end ("the chairman of the Federal Reserve."). The name is two to
 * four capitalised words (a screenplay's capitals too) whose first is a first name the name data
 * lists (no word of AMBIGUOUS_NAMES), or is followed by an age: "Target Audience: a businessman" and
 * "- Maria: a waitress" are no such entry.
 */
function entryDescribesNamedPerson(t: Tokens, k: number, length: number): boolean {
  const text = t.text;
  let d = articleBefore(t, k);
  if (d >= 0) {
    if (spacedHyphenBefore(t, k) || (tokenEquals(t, d, 'the') && !appositiveEnds(t, k + length))) return false;
  } else {
    d = k;
    while (d > 0 && k - d < MAX_MODIFIERS && t.joined[d] && !spacedHyphenBefore(t, d) && !NOT_MODIFIERS.has(t, d - 1)) d--;
    if (t.joined[d] && !spacedHyphenBefore(t, d)) return false;
  }
  if (d < 1) return false;
  // Back from the description over the separator, then an age in parentheses, to the name's last letter.
  let c = t.start[d]! - 1;
  while (c >= 0 && isBlankOrMark(text.charCodeAt(c))) c--;
  const sep = text.charCodeAt(c);
  if (sep === 45 ? !(c > 0 && text.charCodeAt(c - 1) === 32) : sep !== 58 && sep !== 44 && sep !== 0x2014 && sep !== 0x2013) return false;
  for (c--; c >= 0 && isBlankOrMark(text.charCodeAt(c)); c--);
  let aged = false;
  if (text.charCodeAt(c) === 41) {
    const open = text.lastIndexOf('(', c);
    if (open < 0 || c - open > PARENTHESIS_REACH || text.slice(open, c).includes('\n')) return false;
    aged = AGE_PARENTHESIS.test(text.slice(open, c + 1));
    for (c = open - 1; c >= 0 && isBlankOrMark(text.charCodeAt(c)); c--);
  }
  let e = d - 1;
  while (e >= 0 && t.start[e]! > c) e--;
  if (e < 0 || t.end[e]! !== c + 1 || !entryNameWord(t, e)) return false;
  let s = e;
  while (s > 0 && e - s + 1 < MAX_NAME_WORDS && t.joined[s] && !spacedHyphenBefore(t, s) && entryNameWord(t, s - 1)) s--;
  if (s === e) return false;
  const lineStart = text.lastIndexOf('\n', t.start[s]! - 1) + 1;
  if (!ENTRY_LEAD.test(text.slice(lineStart, t.start[s]!))) return false;
  if (aged) return true;
  const first = tokenLower(t, s);
  return !AMBIGUOUS_NAMES.has(first) && nameTable().has(nameKey(first));
}

/** Most words of a name that heads an entry ("Maria de la Cruz" is four). */
const MAX_NAME_WORDS = 4;

/** A word of a name that heads an entry: capitalised (or in capitals) and no word of NOT_NAMES, or an initial. */
function entryNameWord(t: Tokens, i: number): boolean {
  return (t.flags[i]! & FLAG_CAPITALISED) !== 0 && (t.end[i]! - t.start[i]! === 1 || !NOT_NAMES.has(t, i));
}

// ---------------------------------------------------------------------------
// One specific person with no full name (s27): a character introduced with an age ("- **THE WAITRESS**
// (20s), at the diner", "A WAITRESS (20s) refills his coffee"), a role noun that a speaker in a
// dialogue addresses ("Chair: Thank you, headmistress."), reported speech of one unnamed person in
// news text ("A spokeswoman for Delta said …"), a character sheet's role field beside a name field,
// and "the" role noun after such a use in the same text. Each is asked only for a found role noun.

/**
 * Whether the singular role noun at tokens [k, k + length) introduces a character with an age in
 * parentheses after it ("(20s)", "(45)"), written in capitals as a screenplay introduces one ("A
 * WAITRESS (20s) refills", "**THE WAITRESS** (20s),") or heading a list entry ("- Fisherman (60s):",
 * "1. The headmaster (50s):"). "Businessman (30s-40s)" holds no age.
 */
function agedCharacter(t: Tokens, k: number, length: number): boolean {
  const text = t.text;
  let c = t.end[k + length - 1]!;
  while (c < text.length && isBlankOrMark(text.charCodeAt(c))) c++;
  if (text.charCodeAt(c) !== 40) return false;
  const close = text.indexOf(')', c);
  if (close < 0 || close - c > 12 || !AGE_PARENTHESIS.test(text.slice(c, close + 1))) return false;
  let caps = true;
  for (let j = k; j < k + length && caps; j++) caps = (t.flags[j]! & FLAG_ALL_CAPS) !== 0;
  if (caps) return true;
  const start = t.start[k]!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (start - lineStart > 40) return false;
  return ENTRY_LEAD.test(text.slice(lineStart, start).replace(/(?:^|[ \t*_])(?:the|a|an)[ \t]+$/i, ''));
}

/** Whether the role noun at token k has "the" before it (over modifiers: "the old fisherman") or no determiner at a clause start ("Headmistress:", ", headmistress."). */
function definiteOrBare(t: Tokens, k: number): boolean {
  const a = articleBefore(t, k);
  return a >= 0 ? tokenEquals(t, a, 'the') : k === 0 || !t.joined[k];
}

/** Words that open a clause that addresses someone: "Thank you, chairman.", "Good evening, chairman.", "Welcome back to the show, congresswoman." */
const ADDRESS_OPENERS = new WordSet([
  'thank', 'thanks', 'welcome', 'good', 'morning', 'afternoon', 'evening', 'hello', 'hi', 'hey', 'yes', 'no', 'sorry',
  'congratulations', 'goodbye', 'excuse', 'pardon', 'cheers',
]);
/** Most words of a clause that addresses someone, before the comma ("Welcome back to the show"). */
const ADDRESS_REACH = 7;
/** How many lines around a speaker's line another speaker label is looked for. */
const DIALOGUE_REACH = 6;
/**
 * A speaker label that opens a transcript line: capitalised words (or numbers, and "of", "the",
 * "for", "and" inside), perhaps a parenthesis, then ":": "Host:", "Cllr. Okafor:", "Chair of Governors
 * (Ms. Lindqvist):", "JUROR NO. 4:", "[00:12] Chair:". "Sign off every reply with:" is none.
 */
const SPEAKER_LABEL = /^[ \t>*_-]*(?:\[[^\]\n]{1,20}\][ \t]*)?[*_]*[A-Z0-9][\w.'’-]*(?:[ \t]+(?:[A-Z0-9][\w.'’-]*|of|the|for|and|\([^)\n]{1,60}\)))*[ \t]*[*_]*:/;
/** A screenplay's character cue alone on its line: "TOM", "MRS. ABERNATHY", "NADIA (V.O.)". */
const CHARACTER_CUE = /^[ \t]*[A-Z][A-Z0-9 .'’-]{1,30}(?:\([A-Z. ']{1,10}\))?[ \t]*$/;

/** The line of `text` that starts at `s` (without its break). */
function lineAt(text: string, s: number): string {
  const e = text.indexOf('\n', s);
  return text.slice(s, e < 0 ? text.length : e);
}

/**
 * Whether the line starting at `lineStart` is a line of a dialogue: a speaker's line with another
 * speaker label within DIALOGUE_REACH lines, or a screenplay's dialogue, under a character cue (and
 * perhaps a parenthetical line).
 */
function inDialogue(text: string, lineStart: number): boolean {
  const line = lineAt(text, lineStart);
  if (SPEAKER_LABEL.test(line.slice(0, 100))) {
    for (let s = lineStart, n = 0; s > 0 && n < DIALOGUE_REACH; n++) {
      s = text.lastIndexOf('\n', s - 2) + 1;
      if (SPEAKER_LABEL.test(lineAt(text, s).slice(0, 100))) return true;
    }
    for (let s = text.indexOf('\n', lineStart), n = 0; s >= 0 && n < DIALOGUE_REACH; n++, s = text.indexOf('\n', s + 1)) {
      if (SPEAKER_LABEL.test(lineAt(text, s + 1).slice(0, 100))) return true;
    }
    return false;
  }
  // The cue: the line before, or the one before a parenthetical line ("(not looking up)").
  for (let s = lineStart, n = 0; s > 0 && n < 2; n++) {
    s = text.lastIndexOf('\n', s - 2) + 1;
    const before = lineAt(text, s);
    if (CHARACTER_CUE.test(before)) return true;
    if (!/^[ \t]*\(.*\)[ \t]*$/.test(before)) return false;
  }
  return false;
}

/**
 * Whether the singular role noun at tokens [k, k + length) addresses its holder in a dialogue: no
 * article, a comma before it, a punctuation mark or the line's end after it, in a clause that opens
 * with thanks or a greeting ("Thank you, headmistress.", "Good evening, chairman."), on a line of a
 * dialogue (see inDialogue). "Sign off with: Thank you, chairman." alone is a template, and is reported.
 */
function vocativeInDialogue(t: Tokens, k: number, length: number): boolean {
  if (k < 2 || !commaOnlyBefore(t, k)) return false;
  const text = t.text;
  let c = t.end[k + length - 1]!;
  while (c < text.length && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9)) c++;
  if (c < text.length && !'.!?,;\n\r'.includes(text[c]!)) return false;
  let f = k - 1;
  while (f > 0 && k - 1 - f < ADDRESS_REACH && t.joined[f]) f--;
  if (t.joined[f] && f > 0) return false;
  if (!ADDRESS_OPENERS.has(t, f)) return false;
  return inDialogue(text, text.lastIndexOf('\n', t.start[k]! - 1) + 1);
}

/** Past-tense verbs of saying that report one person's words: "a spokeswoman for Delta said". */
const SAYING = new WordSet([
  'said', 'told', 'added', 'confirmed', 'stated', 'announced', 'explained', 'noted', 'declined', 'denied', 'insisted',
  'acknowledged', 'wrote', 'replied', 'warned', 'claimed', 'admitted', 'commented', 'responded', 'emailed', 'conceded',
]);
/** Words that make a clause conditional or generic: "If a salesman told the customer …", "whether a policeman said". */
const NOT_REPORTED = new WordSet([
  'if', 'when', 'whenever', 'unless', 'once', 'until', 'whether', 'where', 'wherever', 'suppose', 'assume', 'imagine',
  'should', 'would', 'could', 'might', 'may', 'must', 'can', 'ever', 'never', 'what', 'how',
]);
/** Most words of the phrase after the role noun before its verb ("for Delta Air Lines said"). */
const SAYING_REACH = 6;

/**
 * Whether the singular role noun at tokens [k, k + length), with "a"/"an", reports what one person
 * said, as news text does: "A spokeswoman for Delta Air Lines said …", "…, a company spokesman told
 * CNN", "said a spokeswoman for the operator", "according to a spokesman". A clause that a
 * conditional or question word opens is none ("If a salesman told the customer …").
 */
function reportsSpeech(t: Tokens, k: number, length: number): boolean {
  const a = articleBefore(t, k);
  if (a < 0 || !(tokenEquals(t, a, 'a') || tokenEquals(t, a, 'an'))) return false;
  for (let j = a - 1; j >= 0 && j >= a - 12 && t.joined[j + 1]; j--) if (NOT_REPORTED.has(t, j)) return false;
  if (a > 0 && t.joined[a] && (SAYING.has(t, a - 1) || (a > 1 && tokenEquals(t, a - 1, 'to') && tokenEquals(t, a - 2, 'according')))) return true;
  const n = k + length;
  if (n >= t.count || !t.joined[n]) return false;
  if (SAYING.has(t, n)) return true;
  if (!tokenEquals(t, n, 'for') && !tokenEquals(t, n, 'of') && !tokenEquals(t, n, 'at') && !tokenEquals(t, n, 'from')) return false;
  for (let j = n + 1; j < t.count && j <= n + SAYING_REACH && t.joined[j]; j++) if (SAYING.has(t, j)) return true;
  return false;
}

/** Keys of a character sheet's role field ("occupation: fisherman"), as `normKey` gives them (`job_title`, `Job Title` -> `jobtitle`). */
const ROLE_KEYS = new Set(['occupation', 'job', 'jobtitle', 'profession', 'role', 'position', 'trade', 'career', 'vocation']);
/** Keys of its name field, in the order they are looked for. */
const NAME_KEYS = ['name', 'fullname', 'character', 'charactername'];
/** Keys that say the named one is a person of a known gender or age ("pronouns: he/him"). */
const PERSON_KEYS = new Set(['pronouns', 'pronoun', 'gender', 'sex', 'age']);
/** A name field's value: one to four capitalised words ("Old Tam", "Captain Odile Marchand"). */
const NAME_VALUE = /^[A-Z][\p{L}'’.-]*(?:[ \t]+[A-Z][\p{L}'’.-]*){0,3}$/u;

/**
 * Whether the singular role noun at tokens [k, k + length) heads a structured field's value (perhaps
 * after an article and modifiers: "retired fisherman", "landlady of the Anchor") whose key is a role
 * key (occupation, job, profession …) in a mapping that names one person: a name field of one to
 * four capitalised words, and a pronouns, gender, sex or age field or a first name the name data
 * lists. A character sheet's "name: Old Tam / occupation: fisherman / pronouns: he/him". The mapping
 * is read from the document's tree (`fields`, built on the first such question of a lint).
 */
function roleFieldOfNamedPerson(fields: StringFieldsAt | undefined, seg: Segment, t: Tokens, k: number): boolean {
  if (!fields) return false;
  let d = k;
  while (d > 0 && t.joined[d] && k - d < MAX_MODIFIERS && !NOT_MODIFIERS.has(t, d - 1)) d--;
  if (d > 0 || !/^\s*$/.test(t.text.slice(0, t.start[0]!))) return false;
  const phrase = seg.sourceOffset(t.start[0]!);
  const field = fields.at(phrase);
  if (!field || !ROLE_KEYS.has(field.prop.norm)) return false;
  // The phrase opens the value (only white space before it).
  const value = field.value.seg;
  if (!/^\s*$/.test(value.text.slice(0, value.decodedIndex(phrase)))) return false;
  const props = field.object.props;
  let name: string | undefined;
  for (let i = 0; i < NAME_KEYS.length && name === undefined; i++) {
    const p = props.find((p) => p.norm === NAME_KEYS[i] && p.value?.kind === 'string');
    if (p) name = (p.value as SString).seg.text;
  }
  if (!name || !NAME_VALUE.test(name)) return false;
  if (props.some((p) => PERSON_KEYS.has(p.norm) && givesValue(p.value))) return true;
  const first = name.split(/\s+/)[0]!.toLowerCase();
  return !AMBIGUOUS_NAMES.has(first) && nameTable().has(nameKey(first));
}

/** Whether a field's value says something: a string that is not blank, a number, or a list that is not empty ("pronouns: [she, her]"). */
function givesValue(v: SNode | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'string') return /\S/.test(v.seg.text);
  if (v.kind === 'scalar') return typeof v.value === 'number';
  return v.kind === 'array' && v.items.length > 0;
}

// ---------------------------------------------------------------------------
// A copied name: an extraction or QA record whose output copies a span of its input ("Extract the
// brand from: 'Craftsman 20V cordless drill'" / "Craftsman"; "Title: Chairman" / {"title": "Chairman"}).
// Written with a capital, the term is the input's name or title as given, data the model must
// reproduce, not the author's wording: neither occurrence is reported. A fix of either would make the
// gold answer disagree with the input. The output copies the input's term when it holds the same
// word, spelt and capitalised the same; a term the output does not hold, and a lower-case use, are
// judged where they stand.

/** The field of an exemplar that an index entry is. */
const FIELD_OUTPUT = 0;
const FIELD_QUESTION = 1;
const FIELD_CONTEXT = 2;

/**
 * The demos' and records' outputs and inputs (question and context fields) in source order, with
 * their exemplars: looked up by binary search. A record's question may hold demos of its own (a
 * completion-style prompt): `parents[i]` is the entry that holds entry i (-1 for none), so that a
 * term after the inner demos is found in the record's field.
 */
interface FieldIndex {
  starts: number[];
  ends: number[];
  fields: number[];
  parents: number[];
  exemplars: Exemplar[];
}

/** Built when a capitalised term in a document with exemplars first asks (see `copiedTerm`). */
function fieldIndex(doc: PromptDocument): FieldIndex {
  const all: { start: number; end: number; field: number; e: Exemplar }[] = [];
  for (const set of doc.exemplarSets) {
    for (const e of set.exemplars) {
      // An exemplar without an output copies nothing.
      if (!e.output) continue;
      all.push({ start: e.output.sourceStart, end: e.output.sourceEnd, field: FIELD_OUTPUT, e });
      if (e.question) all.push({ start: e.question.sourceStart, end: e.question.sourceEnd, field: FIELD_QUESTION, e });
      if (e.context) all.push({ start: e.context.sourceStart, end: e.context.sourceEnd, field: FIELD_CONTEXT, e });
    }
  }
  // An outer field before the fields it holds when they start together.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const parents: number[] = new Array<number>(all.length);
  const open: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const x = all[i]!;
    while (open.length > 0 && all[open[open.length - 1]!]!.end < x.end) open.pop();
    parents[i] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  }
  return { starts: all.map((x) => x.start), ends: all.map((x) => x.end), fields: all.map((x) => x.field), parents, exemplars: all.map((x) => x.e) };
}

/**
 * Whether the term `term` at source span `span` is copied from an exemplar's input to its output:
 * it lies in an output whose input (its question or context field) holds the same word, spelt and
 * capitalised the same, or in an input whose output holds it so.
 */
function copiedTerm(index: FieldIndex, span: Span, term: string): boolean {
  const { starts } = index;
  let lo = 0;
  let hi = starts.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= span.start) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (k >= 0 && index.ends[k]! < span.end) k = index.parents[k]!;
  if (k < 0) return false;
  const e = index.exemplars[k]!;
  if (index.fields[k] !== FIELD_OUTPUT) return holdsWord(e.output?.text, term);
  return holdsWord(e.question?.text, term) || holdsWord(e.context?.text, term);
}

/** Whether `text` holds `word` as a whole word, case-sensitive. */
function holdsWord(text: string | undefined, word: string): boolean {
  if (!text) return false;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!isAlnumOrNonAsciiCode(text.charCodeAt(i - 1)) && !isAlnumOrNonAsciiCode(text.charCodeAt(i + word.length))) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'gendered-term',
    description: 'Gender-marked role nouns and generic masculines (chairman, policewoman, mankind); suggests neutral alternatives.',
    rationale:
      'Gender-marked role nouns and generic masculines ("chairman", "manpower") signal that a role belongs to one gender. ' +
      'Language models pick up such cues and reproduce gender-occupation associations in what they write (Bolukbasi et al. 2016; ' +
      'Zhao et al. 2018). Neutral terms carry the same meaning without the cue. Alternatives come from retext-equality.',
    sources: [
      { short: 'retext-equality', title: 'retext-equality: check for possible insensitive, inconsiderate language', url: 'https://github.com/retextjs/retext-equality' },
      { short: 'Zhao et al. 2018', title: 'Gender Bias in Coreference Resolution: Evaluation and Debiasing Methods', url: 'https://aclanthology.org/N18-2003/' },
      { short: 'Bolukbasi et al. 2016', title: 'Man is to Computer Programmer as Woman is to Homemaker? Debiasing Word Embeddings', url: 'https://arxiv.org/abs/1607.06520' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      roleNoun: '"{{term}}" is a gender-marked role noun; consider "{{alternative}}".',
      genericMasculine: '"{{term}}" is a generic masculine; consider "{{alternative}}".',
    },
    fixable: true,
    category: 'demographic',
  },
  // Each prose segment is read on its own (what one use of a term makes specific holds within its text). A text
  // prompt cut into parts is one segment cut into slices (see PromptDocument.proseSlice): what its earlier slices
  // made specific is carried into the next.
  start({ options: o, report }) {
    const allowed = allowSet(o.allow);
    /**
     * The facts reported for a term as written, made once and shared by its findings: a dataset can
     * use one term thousands of times (a 6 MB file with 363,640 findings), and each finding's own
     * copy was heap to keep, and to clone from the language server's lint worker.
     */
    const facts = new Map<GenderedTerm, Map<string, Record<string, unknown>>>();
    const carried: Carried = { onePerson: undefined };
    return { part: (doc) => checkPart(doc, o, allowed, facts, carried, report) };
  },
});

/** What gendered-term carries from a slice of a prose segment to the next (see PromptDocument.proseSlice). */
interface Carried {
  /** The role nouns the text so far made one specific person's (see checkPart's onePerson). */
  onePerson: Set<GenderedTerm> | undefined;
}

/**
 * Reports the gendered terms in `doc`'s prose (`facts`: the data objects shared by the findings of one term as
 * written; `carried`: what the previous part's slice of the same segment left, and this one leaves).
 */
function checkPart(
  doc: PromptDocument,
  o: GenderedTermOptions,
  allowed: ReturnType<typeof allowSet>,
  facts: Map<GenderedTerm, Map<string, Record<string, unknown>>>,
  carried: Carried,
  report: (r: Report) => void,
): void {
  const lexicon = documentLexicon(doc);
  let copies: FieldIndex | undefined;
  // A YAML, JSON or JSONL document's mappings, read from its tree, built only if a role field is asked about (roleFieldOfNamedPerson).
  const fieldsAt = StringFieldsAt.of(doc);
  for (let s = 0; s < doc.prose.length; s++) {
    const seg = doc.prose[s]!;
    const lex = lexicon.prose[s]!;
    // Only gendered terms are reported: a text without one is passed by without a loop over its mentions.
    if (!(lex.mentionKinds & MENTION_GENDERED)) continue;
    const mentions = lex.mentions;
    const t = lex.tokens;
    let quoted: Int32Array | undefined;
    // A slice of a segment cut into parts (see PromptDocument.proseSlice) is read from its own text on, what the
    // previous slices made specific carried in; the text around it is read only as what a finding's checks read.
    const own = ownText(doc, seg);
    // Role nouns that an earlier use in this text made one specific person's ("Jerome Powell, the chairman").
    let onePerson: Set<GenderedTerm> | undefined = doc.proseSlice?.continues ? carried.onePerson : undefined;
    if (doc.proseSlice) carried.onePerson = onePerson ??= new Set();
    // The line of the current finding, for the mention checks: [lineStart, nextBreak) (nextBreak is the
    // text's length on its last line), kept as the findings move on: one pass over the text.
    let lineStart = 0;
    let nextBreak = -2;
    // Indexed, not for-of: no iterator objects in code that runs before it is optimised.
    for (let mIndex = own.from === 0 ? 0 : firstMentionAt(mentions, own.from, 0), mList = mentions; mIndex < mList.length; mIndex++) {
      const m = mList[mIndex]!;
      if (m.start >= own.to) break;
      const g = m.tags.gendered;
      if (!g) continue;
      if (!o.checkQuoted) quoted ??= lex.quoted;
      if (g.kind === 'generic-masculine' && !o.genericMasculine) continue;
      const text = seg.text.slice(m.start, m.end);
      if (g.hyphenOnly && !text.includes('-')) continue;
      if (isAllowed(allowed, text) || isAllowed(allowed, g.term)) continue;
      if (nextBreak < m.start) {
        if (nextBreak === -2) nextBreak = lineEndAt(seg.text, 0);
        while (nextBreak < m.start) {
          lineStart = nextBreak + 1;
          nextBreak = lineEndAt(seg.text, lineStart);
        }
      }
      if (quoted && (inQuotedRange(quoted, m.start, m.end) || inSingleQuotes(seg.text, m.start, m.end, lineStart))) continue;
      // A singular role noun, which may name one specific person (see below).
      const role = g.kind !== 'generic-masculine' && !PLURAL_TERM.test(g.term);
      if (looksLikeProperName(t, m.token, m.length)) {
        // "**THE WAITRESS** (20s)": a character, whom "the waitress" later in the text is.
        if (role && agedCharacter(t, m.token, m.length)) (onePerson ??= new Set()).add(g);
        continue;
      }
      if (inIdentifier(seg.text, m.start, m.end) || inCodeSyntax(seg.text, m.start, m.end, lineStart)) continue;
      const span = seg.sourceSpan(m.start, m.end);
      if (inVariable(doc, span)) continue;
      const alternatives = g.alternatives;
      if (alternatives.length === 0) continue;
      if (!o.checkMentions && isMention(seg.text, m.start, m.end, lineStart, nextBreak < m.end ? lineEndAt(seg.text, m.end) : nextBreak, g)) continue;
      if (role) {
        const k = m.token;
        if (
          describesNamedPerson(t, k, m.length) ||
          entryDescribesNamedPerson(t, k, m.length) ||
          agedCharacter(t, k, m.length) ||
          vocativeInDialogue(t, k, m.length) ||
          reportsSpeech(t, k, m.length) ||
          roleFieldOfNamedPerson(fieldsAt, seg, t, k)
        ) {
          (onePerson ??= new Set()).add(g);
          continue;
        }
        // "The waitress has her order ready" after the cast entry "THE WAITRESS (20s)": the same person.
        if (onePerson?.has(g) && definiteOrBare(t, k)) continue;
      }
      if (t.flags[m.token]! & FLAG_CAPITALISED && doc.exemplarSets.length > 0 && copiedTerm((copies ??= fieldIndex(doc)), span, text)) continue;
      const messageId = g.kind === 'generic-masculine' ? 'genericMasculine' : 'roleNoun';
      let byText = facts.get(g);
      if (byText === undefined) facts.set(g, (byText = new Map()));
      let data = byText.get(text);
      if (data === undefined) {
        data = {
          term: text,
          alternative: alternatives[0],
          alternatives,
          gender: g.gender ?? null,
          kind: g.kind,
          source: g.source ?? `retext-equality ${g.sourceRule}`,
        };
        byText.set(text, data);
      }
      const suffix = possessiveSuffix(seg.text, m.end, g.term);
      report(
        suffix === 0
          ? new TermReport(messageId, span, data, text, alternatives, o.maxFixes)
          : new PossessiveTermReport(
              messageId,
              span,
              data,
              text,
              alternatives,
              o.maxFixes,
              seg.text.slice(m.end, m.end + suffix),
              seg.sourceSpan(m.start, m.end + suffix),
            ),
      );
    }
  }
}
