/**
 * Context checks shared by the demographic rules: quoted text and code (which
 * rules leave alone), template variables, proper names, and the allow-list.
 */
import type { PromptDocument, Span } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { FLAG_CAPITALISED, FLAG_SENTENCE_START, tokenLower, type Tokens } from './tokens.js';

const quoteCache = new WeakMap<Segment, Int32Array>();
const NO_RANGES = new Int32Array(0);
/** Inline code: it may run over a line break, not over a blank line (\n or \r\n: a CRLF text's blank line ends it too). */
const INLINE_CODE = /`[^`\n]+(?:\n(?![ \t]*\r?\n)[^`\n]*)*`/g;

/**
 * Decoded ranges (start, end pairs) of quoted text and code in a segment:
 * "double" and “curly” quotes within a line, `inline code`, ``` fenced blocks, and
 * unified diffs pasted without a fence (see `diffBlocks`). In order of their starts, and
 * apart: ranges that overlap are given as one.
 */
export function quotedRanges(segment: Segment): Int32Array {
  let r = quoteCache.get(segment);
  if (!r) {
    r = findQuotedRanges(segment.text);
    quoteCache.set(segment, r);
  }
  return r;
}

/** `quotedRanges` of a text. */
export function findQuotedRanges(text: string): Int32Array {
  // Most texts hold no quote, backtick, tilde or diff at all.
  // A diff has a "+++ " file header, an "@@ -" hunk header or a "diff --git " header, looked for as "--git ": a
  // search for a string that starts with a common letter ("d") cost about 0.5 ms per MiB of text, one that starts
  // with a rare character about 0.01 ms.
  const mayDiff = text.indexOf('+++ ') >= 0 || text.indexOf('@@ -') >= 0 || text.indexOf('--git ') >= 0;
  if (!mayDiff && text.indexOf('"') < 0 && text.indexOf('\u201c') < 0 && text.indexOf('`') < 0 && text.indexOf('~') < 0) return NO_RANGES;
  const out: number[] = [];
  // Fenced code blocks, and diffs outside them.
  const fence = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*\1[^\n]*$|(?![\s\S]))/gm;
  let fences: [number, number][] = [];
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    fences.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) fence.lastIndex++;
  }
  if (mayDiff) fences = withDiffBlocks(text, fences);
  let f = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (f < fences.length && fences[f]![1] <= lineStart) f++;
    if (f < fences.length && fences[f]![0] <= lineStart) {
      // whole line inside a fence
    } else {
      scanLine(text, lineStart, lineEnd, out);
    }
    lineStart = lineEnd + 1;
  }
  for (const [s, e] of fences) out.push(s, e);
  // Inline code may run over a line break (not a blank line).
  INLINE_CODE.lastIndex = 0;
  for (let m = INLINE_CODE.exec(text); m; m = INLINE_CODE.exec(text)) out.push(m.index, m.index + m[0].length);
  const pairs: [number, number][] = [];
  for (let i = 0; i < out.length; i += 2) pairs.push([out[i]!, out[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  // Ranges that overlap (a "quote" inside `inline code`) are merged: inQuotedRange's binary search needs them
  // apart, and missed a place inside the outer range and after the inner one.
  const merged: number[] = [];
  for (const [s, e] of pairs) {
    if (merged.length > 0 && s < merged[merged.length - 1]!) merged[merged.length - 1] = Math.max(merged[merged.length - 1]!, e);
    else merged.push(s, e);
  }
  return Int32Array.from(merged);
}

/**
 * Info strings of fenced blocks that hold source code, not data: field lines ("age: number;", a docstring's
 * "age: Applicant age.") and {x} or ${x} placeholders (f-strings, template literals) there are code.
 * Data and prose fences (json, yaml, text, markdown, none) are not listed.
 */
const CODE_LANGUAGES = new Set([
  'python', 'py', 'python3', 'ipython', 'pycon', 'ts', 'typescript', 'tsx', 'js', 'javascript', 'jsx', 'mjs', 'cjs', 'java', 'kotlin', 'kt',
  'go', 'golang', 'rust', 'rs', 'c', 'h', 'cpp', 'c++', 'cc', 'hpp', 'cs', 'csharp', 'c#', 'fsharp', 'swift', 'objc', 'objective-c', 'php',
  'ruby', 'rb', 'scala', 'groovy', 'dart', 'lua', 'perl', 'r', 'julia', 'elixir', 'erlang', 'haskell', 'hs', 'clojure', 'ocaml', 'sql',
  'plsql', 'tsql', 'mysql', 'postgresql', 'psql', 'sqlite', 'bash', 'sh', 'shell', 'zsh', 'fish', 'console', 'powershell', 'ps1', 'bat',
  'diff', 'patch', 'graphql', 'gql', 'proto', 'protobuf', 'prisma', 'solidity', 'sol', 'vue', 'svelte', 'vb', 'vbnet', 'matlab', 'zig', 'nim',
]);

/**
 * Decoded ranges (start, end pairs, in order) of the fenced blocks of `text` whose info string names a
 * programming language (```ts, ~~~python, ```sql title="q.sql"): source code shown to the model.
 */
export function codeBlockRanges(text: string): [number, number][] {
  if (text.indexOf('```') < 0 && text.indexOf('~~~') < 0) return [];
  const fence = /^[ \t]*(```|~~~)[ \t]*\{?\.?([A-Za-z][\w+#.-]*)?[^\n]*\n[\s\S]*?(?:^[ \t]*\1[^\n]*$|(?![\s\S]))/gm;
  const out: [number, number][] = [];
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    if (m[2] !== undefined && CODE_LANGUAGES.has(m[2].toLowerCase())) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** A line that opens a diff: `diff --git`, a `--- a/x` whose next line is `+++ b/x` (checked apart), or a hunk header. */
const DIFF_START = /^(?:diff --git |--- \S|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)/;
/** A line that goes on with a diff: a context, added or removed line, a hunk or file header, or git's extended headers. */
const DIFF_LINE = /^(?:[ +\-\\]|@@ |diff --git |index |(?:new|deleted) file mode |(?:old|new) mode |similarity index |rename (?:from|to) |Binary files )/;

/**
 * `fences` with the unified diffs outside them added, in order: code-review and commit-message prompts
 * paste a diff without a fence. A diff opens at `diff --git …`, at a `--- a/file` line followed by
 * `+++ b/file`, or at a hunk header (`@@ -12,7 +12,7 @@`), and goes on over the lines a diff has (starting
 * with a space, "+", "-", "\\", or a header) up to a blank line or any other line ("Message:"), so that a
 * prose list ("- item") is never taken for one unless a diff header opens it.
 */
function withDiffBlocks(text: string, fences: [number, number][]): [number, number][] {
  const blocks: [number, number][] = [];
  let f = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (f < fences.length && fences[f]![1] <= lineStart) f++;
    const inFence = f < fences.length && fences[f]![0] <= lineStart;
    if (!inFence && isDiffStart(text, lineStart, lineEnd)) {
      // The diff runs to the end of its last diff line.
      let end = lineEnd;
      let next = lineEnd + 1;
      while (next < text.length && !(f < fences.length && fences[f]![0] <= next)) {
        let e = text.indexOf('\n', next);
        if (e < 0) e = text.length;
        if (e === next || !DIFF_LINE.test(text.slice(next, Math.min(e, next + 20)))) break;
        end = e;
        next = e + 1;
      }
      blocks.push([lineStart, end]);
      lineStart = end + 1;
      continue;
    }
    lineStart = lineEnd + 1;
  }
  if (blocks.length === 0) return fences;
  return [...fences, ...blocks].sort((a, b) => a[0] - b[0]);
}

function isDiffStart(text: string, s: number, e: number): boolean {
  const c = text.charCodeAt(s);
  if (c !== 100 && c !== 45 && c !== 64) return false; // d, -, @
  const head = text.slice(s, Math.min(e, s + 40));
  if (!DIFF_START.test(head)) return false;
  if (c !== 45) return true;
  // "--- a/file" opens a diff only with "+++ b/file" on the next line.
  return text.startsWith('+++ ', e + 1);
}

function scanLine(text: string, s: number, e: number, out: number[]): void {
  let open = -1;
  let openChar = '';
  for (let i = s; i < e; i++) {
    const c = text[i]!;
    if (open < 0) {
      if (c === '"' || c === '\u201c') {
        open = i;
        openChar = c;
      }
    } else if ((openChar === '"' && c === '"') || (openChar === '\u201c' && c === '\u201d')) {
      out.push(open, i + 1);
      open = -1;
    }
  }
}

/** Whether decoded range [start, end) overlaps a quoted or code range (`ranges`: findQuotedRanges', in order and apart). */
export function inQuotedRange(ranges: Int32Array, start: number, end: number): boolean {
  // Binary search on starts.
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = ranges[mid * 2]!;
    const e = ranges[mid * 2 + 1]!;
    if (e <= start) lo = mid + 1;
    else if (s >= end) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Whether a source span overlaps a template variable (`{{x}}`, `{x}`). */
export function inVariable(doc: PromptDocument, span: Span): boolean {
  for (const v of doc.variables) if (v.span.start < span.end && span.start < v.span.end) return true;
  return false;
}

/**
 * Whether tokens [token, token + length) are part of a proper name: written with a
 * capital mid-sentence ("the Postman collection"), next to another capitalised
 * word ("Headmaster's Flat", "Fisherman's Wharf"), or followed by a model number,
 * a word of letters and digits ("Craftsman 20V cordless drill", "Milwaukee M18").
 */
export function looksLikeProperName(t: Tokens, token: number, length: number): boolean {
  const f = t.flags[token]!;
  if (f & FLAG_CAPITALISED && !(f & FLAG_SENTENCE_START)) return true;
  let next = token + length;
  // Skip a possessive "'s".
  if (next < t.count && t.joined[next] && tokenLower(t, next) === 's' && /['\u2019]/.test(t.text.slice(t.end[next - 1]!, t.start[next]!))) next++;
  if (f & FLAG_CAPITALISED && next < t.count && t.joined[next] && t.flags[next]! & FLAG_CAPITALISED && !(t.flags[next]! & FLAG_SENTENCE_START)) return true;
  if (f & FLAG_CAPITALISED && next === token + length && next < t.count && t.joined[next] && isModelNumber(t, next)) return true;
  const prev = token - 1;
  if (f & FLAG_CAPITALISED && prev >= 0 && t.joined[token] && t.flags[prev]! & FLAG_CAPITALISED && !(t.flags[prev]! & FLAG_SENTENCE_START)) return true;
  return false;
}

/** Whether token i mixes letters and digits, as a model number does ("20V", "M18", "X5"); a plain number ("Salesman 1") does not. */
function isModelNumber(t: Tokens, i: number): boolean {
  let digit = false;
  let letter = false;
  for (let c = t.start[i]!, e = t.end[i]!; c < e; c++) {
    const code = t.text.charCodeAt(c);
    if (code >= 48 && code <= 57) digit = true;
    else letter = true;
    if (digit && letter) return true;
  }
  return false;
}

/** A case-insensitive allow-list of words and phrases. */
export function allowSet(allow: readonly string[] | undefined): Set<string> {
  return new Set((allow ?? []).map((a) => a.trim().toLowerCase().replace(/\s+/g, ' ')));
}

/** Whether `text` (a matched word or phrase) is allowed. */
export function isAllowed(allowed: Set<string>, text: string): boolean {
  if (allowed.size === 0) return false;
  return allowed.has(text.toLowerCase().replace(/[\s-]+/g, ' ')) || allowed.has(text.toLowerCase());
}

/**
 * Whether text[start, end) sits inside an identifier, e-mail address, URL or path:
 * the whitespace-delimited run around it holds "@", "/", "\\", "_", "=", "<", ">",
 * "{", "}" or a dot followed by a letter ("mailman-admin@example.org", "src/fireman.ts").
 */
export function inIdentifier(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && start - a < 200 && !/\s/.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && b - end < 200 && !/\s/.test(text[b]!)) b++;
  if (a === start && b === end) return false;
  return /[@/\\_=<>{}]|\.[A-Za-z]/.test(text.slice(a, b));
}

/** Before a word: an unclosed argument or column list opened right after a name ("commission(", "boards(id, name, "). */
const ARGUMENT_LIST_BEFORE = /[A-Za-z_]\w*\(\s*(?:[A-Za-z_][\w.]*(?:\s*:\s*[\w.[\]|]+)?(?:\s*=\s*[^,()\s]+)?\s*,\s*)*$/;
/** After a word in an argument list: the next item, the list's end, a type annotation or a default value. */
const ARGUMENT_LIST_AFTER = /^\s*(?:[,):=]|$)/;
/** Before a word: a comparison ("d.owner == salesman", "role != chairman"). */
const COMPARED_BEFORE = /[=!]==?\s*$/;
/** Before a word: nothing on its line but indentation and a declaration keyword. */
const ASSIGNED_BEFORE = /^[ \t]*(?:(?:const|let|var|val|auto|final|my|local)[ \t]+)?$/;
/** After a word: "=" and a right side that is code (a number, a literal, a call or an attribute), not a word. */
const ASSIGNED_AFTER = /^[ \t]*=(?![=>])[ \t]*(?:[\d'"[{(]|[A-Za-z_]\w*[.([]|(?:None|null|nil|true|false|True|False|undefined)\b)/;

/**
 * Whether text[start, end) is used as a name in code written outside a fence, on its line (from
 * `lineStart`): an item of an argument or column list opened right after a name ("def
 * commission(salesman, deals):", "boards(id, name, chairman, secretary)"), a side of a comparison
 * ("if d.owner == salesman:"), or a variable a line assigns code to ("salesman =
 * models.ForeignKey(User)", "fireman = 3"). Prose keeps its words: "the seller (salesman, agent)",
 * "chairman = chair" (a mention), "The chairman = the person who chairs."
 */
export function inCodeSyntax(text: string, start: number, end: number, lineStart: number): boolean {
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(Math.max(lineStart, start - 200), start);
  const after = text.slice(end, Math.min(lineEnd, end + 200));
  if (COMPARED_BEFORE.test(before)) return true;
  if (before.indexOf('(') >= 0 && ARGUMENT_LIST_BEFORE.test(before) && ARGUMENT_LIST_AFTER.test(after)) return true;
  return start - lineStart < 40 && ASSIGNED_BEFORE.test(text.slice(lineStart, start)) && ASSIGNED_AFTER.test(after);
}

// ---------------------------------------------------------------------------
// Mentions: a word the text talks about ('chairman', words such as chairman) rather than uses.
// Asked only for the few findings a rule is about to report, so each looks at a bounded
// stretch of the finding's line, never at the whole text.

/** How far from a finding the mention checks look (characters, within its line). */
const MENTION_REACH = 200;

/** A letter or digit (NaN, past the end, is not). */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && c !== 0x2018 && c !== 0x2019 && c !== 0x201c && c !== 0x201d && nonAsciiWord.test(String.fromCharCode(c)));
}
const nonAsciiWord = /[\p{L}\p{M}\p{N}]/u;

/**
 * What the single quote mark at `i` does: opens (1) or closes (2) a quotation, or nothing (0:
 * not a quote mark, or an apostrophe inside a word: "don't", "chairman's"). A straight or
 * right quote opens after white space, a bracket or the line start when a character follows
 * ("'chairman'"); otherwise it closes ("'chairman'", "the waitresses' tips").
 */
function singleQuoteAction(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x2018) return 1;
  if (c !== 39 && c !== 0x2019) return 0;
  const before = i > 0 && isWordCode(text.charCodeAt(i - 1));
  const after = isWordCode(text.charCodeAt(i + 1));
  if (before && after) return 0;
  if (!before && i + 1 < text.length && !/[\s.,;:!?]/.test(text[i + 1]!) && (i === 0 || !/[.,;:!?]/.test(text[i - 1]!))) return 1;
  return 2;
}

/**
 * Whether text[start, end) is inside 'single quotes' (straight or curly) on its line, which
 * starts at `lineStart`: "Replace 'chairman' with 'chair'". Apostrophes in words ("don't",
 * "chairman's") and a possessive after a plural ("the waitresses' tips") are not quotes. (quotedRanges has the
 * double quotes and code; single quotes are left to the rules that want them, since an
 * apostrophe is far more common than a single-quoted word.)
 */
export function inSingleQuotes(text: string, start: number, end: number, lineStart: number): boolean {
  // Most lines hold no single quote mark before the term: a tight loop to the first one.
  let i = Math.max(lineStart, start - MENTION_REACH);
  for (let c = text.charCodeAt(i); i < start && c !== 39 && c !== 0x2018 && c !== 0x2019; c = text.charCodeAt(++i));
  if (i === start) return false;
  let open = false;
  for (; i < start; i++) {
    const a = singleQuoteAction(text, i);
    if (a === 1) open = true;
    else if (a === 2) open = false;
  }
  if (!open) return false;
  // The first quote mark after the term closes the quotation; one that opens another does not.
  for (let i = end, n = Math.min(text.length, end + MENTION_REACH); i < n; i++) {
    if (text.charCodeAt(i) === 10) return false;
    const a = singleQuoteAction(text, i);
    if (a === 1) return false;
    if (a === 2) return true;
  }
  return false;
}

/** One item of a list of words before the finding: up to three words, perhaps quoted or emphasised. */
const LIST_ITEM = String.raw`[*_"'“‘\x60]*[\p{L}\p{N}][\p{L}\p{N}'’-]*(?:\s+[\p{L}\p{N}][\p{L}\p{N}'’-]*){0,2}[*_"'”’\x60]*`;
const LIST_SEP = String.raw`\s*(?:,|;|/|,?\s*\b(?:or|and)\b)\s*`;
/**
 * What introduces a word as an example of words, right before it or before a list that ends
 * with it: "gendered words such as chairman or stewardess", "avoid words like mankind and
 * manpower", "the job title (e.g. salesman)", "avoid chairman", "instead of chairman",
 * "replace chairman with chair", "change chairman to chair and fireman to firefighter". An
 * article before the word makes it a use again ("replace the chairman"), as does any other word
 * between the list items ("avoid delays and ask the salesman").
 */
const WORD_INTRODUCER = new RegExp(
  String.raw`(?:\b(?:terms?|words?|phrases?|expressions?|titles?|nouns?|wordings?|vocabulary|language)\s*[(:,]?\s*(?:like|such\s+as|e\.g\.|i\.e\.|including|for\s+example|for\s+instance)|` +
    // "Gendered titles (chairman, salesman)", "gender-specific terms: chairman, manpower": a word that says the
    // words are gendered makes a bracket, colon or comma enough.
    String.raw`\b(?:gendered|gender[- ](?:specific|marked|biased|exclusive|coded)|masculine|sexist|non[- ]inclusive|exclusionary)\s+(?:(?:job|role)\s+)?(?:terms?|words?|phrases?|expressions?|titles?|nouns?|wordings?|vocabulary|language)\s*[(:,]|` +
    String.raw`\b(?:avoid|avoiding|replace|replacing|change|changing|rewrite|rewriting|swap|swapping|instead\s+of|rather\s+than|(?:don't|don’t|do\s+not|never)\s+(?:use|write|say))(?:\s+(?:the\s+)?(?:words?|terms?|titles?|phrases?))?)` +
    String.raw`\s*[:,]?\s*(?:${LIST_ITEM}${LIST_SEP}){0,8}[*_"'“‘\x60]*$`,
  'iu',
);

/** The words WORD_INTRODUCER starts with: a cheaper test first (most findings have none of them before them). */
const INTRODUCER_WORD = /term|word|phrase|express|title|noun|vocabulary|language|avoid|replac|chang|rewrit|swap|instead|rather|n['’o]t|never/i;

/**
 * A glossary entry: a word or two (perhaps "a / b") that opens its line, perhaps after a list marker, then
 * ":", a dash, an arrow or "=", then use/write/say/prefer/try and a word in lower case that is no article,
 * determiner or pronoun: "- chairman: use chair", "- mankind: use humanity", "man-hours — use person-hours".
 * "- chairman: use the side entrance" is an instruction to the chairman. Group 1 is the word after the verb.
 */
const GLOSSARY_AFTER =
  /^[*_"'`”’]*(?:[ \t]*\/[ \t]*[*_"'`]*[\p{L}][\p{L}\p{N}'’-]{0,30}[*_"'`]*)?[ \t]*(?::|—|–|--?>?|→|=)[ \t]*(?:[Uu]se|[Ww]rite|[Ss]ay|[Pp]refer|[Tt]ry)[ \t]+(?!(?:the|a|an|this|that|these|those|your|his|her|their|its|our|my|it|them|him)\b)([a-z][\p{L}-]*)/u;
const GLOSSARY_PREFIX = /^[ \t]*(?:[-*+•]|\d+[.)])?[ \t]*[*_"'`“‘]*$/;
const GLOSSARY_LINE =
  /^[ \t]*(?:[-*+•]|\d+[.)])?[ \t]*[*_"'`“‘]*[\p{L}][\p{L}\p{N}'’ \/-]{0,40}?[*_"'`”’]*[ \t]*(?::|—|–|--?>?|→|=)[ \t]*(?:[Uu]se|[Ww]rite|[Ss]ay|[Pp]refer|[Tt]ry)[ \t]+(?!(?:the|a|an|this|that|these|those|your|his|her|their|its|our|my|it|them|him)\b)[a-z]/u;

/**
 * Whether the word at text[start, end), on the line [lineStart, lineEnd), is a glossary entry's headword (see
 * GLOSSARY_AFTER): when `isAlternative` says the word after the verb (at the offset given) is one of its own
 * alternatives ("chairman: use chair"), or when the line before or after it is an entry too (a glossary of two
 * or more entries: "- mankind: use humanity" under "- manpower: use staff").
 */
export function glossaryHeadword(
  text: string,
  start: number,
  end: number,
  lineStart: number,
  lineEnd: number,
  isAlternative: (at: number) => boolean,
): boolean {
  if (!GLOSSARY_PREFIX.test(text.slice(lineStart, start))) return false;
  const m = GLOSSARY_AFTER.exec(text.slice(end, lineEnd));
  if (!m) return false;
  if (isAlternative(end + m.index + m[0].length - m[1]!.length)) return true;
  // The line before and the line after.
  if (lineStart > 0) {
    let b = lineStart - 1;
    if (text.charCodeAt(b) === 10 && b > 0 && text.charCodeAt(b - 1) === 13) b--;
    let a = b;
    while (a > 0 && text.charCodeAt(a - 1) !== 10 && text.charCodeAt(a - 1) !== 13) a--;
    if (GLOSSARY_LINE.test(text.slice(a, b))) return true;
  }
  let n = lineEnd;
  if (text.charCodeAt(n) === 13) n++;
  if (text.charCodeAt(n) === 10) n++;
  if (n === lineEnd || n >= text.length) return false;
  let e = n;
  while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
  return GLOSSARY_LINE.test(text.slice(n, e));
}

/** Whether the word at `start` is introduced as an example of words (see WORD_INTRODUCER), in its line (from `lineStart`). */
export function introducedAsWord(text: string, start: number, lineStart: number): boolean {
  const before = text.slice(Math.max(lineStart, start - 120), start);
  return INTRODUCER_WORD.test(before) && WORD_INTRODUCER.test(before);
}
