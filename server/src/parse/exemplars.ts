/**
 * Field-level extraction shared by every format: given the question part and the
 * answer part of a demonstration (as Segments), find the lettered options, the
 * gold answer, the rationale, what the rationale concludes, and every letter the
 * answer cites. Works on decoded text; all spans map back to the source.
 */
import type { AnswerRef, Exemplar, LetterCitation, OptionItem, Span } from '../model/types.js';
import { Segment, isAsciiWordCode, isDigitCode, isWhiteSpace } from '../model/segment.js';

const LETTERS = 'ABCDEFGHIJ';

// ---------------------------------------------------------------------------
// Options

/**
 * One option marker at the start of a line: "(A) x", "A) x", "A. x", "A: x", "[A] x", "- (A) x",
 * and lower-case "(a) x", "a) x", "[a] x" (not "a." or "a:", which read as ordinary text).
 * `matchOptionLine` below matches exactly this, by hand (the tests compare the two).
 */
export const OPTION_LINE = /^([ \t]*(?:[-*][ \t]+)?)(?:\(([A-Ja-j])\)|\[([A-Ja-j])\]|([A-J])[).:]|([a-j])\))[ \t]+(?=\S)/;

/** Header lines that introduce an option list; they belong to neither question nor options. */
export const OPTIONS_HEADER = /^[ \t]*(?:answer choices|choices|options|possible answers)[ \t]*:[ \t]*$/i;

/** One line of a segment's text (for inline options). */
interface Line {
  start: number; // decoded offset within segment
  end: number; // before line break
  text: string;
}

// The scans below keep their state in module-level tables and variables instead
// of one object per line or per match: a 1 MiB prompt has tens of thousands of
// lines, and those short-lived objects cost more in garbage collection than the
// scanning itself. None of these functions is re-entered while it uses them.

/** Lines of the text being split into options: start and end (before the line break) of each. */
let lineStarts = new Int32Array(256);
let lineEnds = new Int32Array(256);

/** Fill lineStarts/lineEnds with the lines of text[from, to) (split at \n, a \r before it left out); returns their number. */
function tableLines(text: string, from: number, to: number): number {
  let n = 0;
  let start = from;
  for (;;) {
    let nl = text.indexOf('\n', start);
    if (nl === -1 || nl > to) nl = to;
    if (n === lineStarts.length) {
      // Grow (the tables are shared by every call and kept).
      const starts = new Int32Array(n * 2);
      const ends = new Int32Array(n * 2);
      starts.set(lineStarts);
      ends.set(lineEnds);
      lineStarts = starts;
      lineEnds = ends;
    }
    lineStarts[n] = start;
    lineEnds[n] = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    n++;
    if (nl === to) return n;
    start = nl + 1;
  }
}

/**
 * tableLines(text, from, to) read from a line table of the whole text (`starts`, `ends`, split as tableLines
 * splits; `line` at or before the line `from` is on): the same lines, each cut to the range. For a range
 * that starts and ends on no white space (optionsIn trims it), so `from` and `to - 1` are on lines of
 * the table, not in a line break. Copying the few lines of a question costs less than finding their
 * line breaks again: on the 1 MiB bench text (3,549 questions) parseDocument's CPU-time minimum went from
 * 6.46 to 6.28 ms (medians 6.53 -> 6.34; 8 alternating processes each, min of 60 parses after 10).
 */
function copyLines(starts: Int32Array, ends: Int32Array, line: number, from: number, to: number): number {
  let i = line;
  // The line `from` is on: the first that ends after it (text[from] is no line break).
  while (ends[i]! <= from) i++;
  for (let n = 0; ; n++, i++) {
    if (n === lineStarts.length) growLineTables();
    lineStarts[n] = n === 0 ? from : starts[i]!;
    const end = ends[i]!;
    // The last line: the one text[to - 1] is on.
    lineEnds[n] = end < to ? end : to;
    if (end >= to) return n + 1;
  }
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** The last match of matchOptionLine: the letter as written (char code), where the marker starts (m[1]), where the text starts (m[0]). */
let markCode = 0;
let markPrefixEnd = 0;
let markTextStart = 0;

/**
 * Whether OPTION_LINE matches the line text[start, end), by hand (no match
 * object): the pattern never needs to backtrack, so one forward pass decides.
 * Sets markCode, markPrefixEnd and markTextStart.
 */
function matchOptionLine(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  let c = i < end ? text.charCodeAt(i) : -1;
  if (c === 0x2d || c === 0x2a) {
    // "- " / "* " bullet: it needs white space after it, and no marker starts with - or *.
    let j = i + 1;
    if (j >= end || !isSpaceOrTab(text.charCodeAt(j))) return false;
    while (j < end && isSpaceOrTab(text.charCodeAt(j))) j++;
    i = j;
    c = i < end ? text.charCodeAt(i) : -1;
  }
  const prefixEnd = i;
  let letterAt: number;
  if (c === 0x28 || c === 0x5b) {
    // (A) or [A], either case
    const l = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (!(isUpperOptionLetter(l) || isLowerOptionLetter(l)) || i + 2 >= end || text.charCodeAt(i + 2) !== (c === 0x28 ? 0x29 : 0x5d)) return false;
    letterAt = i + 1;
    i += 3;
  } else if (isUpperOptionLetter(c)) {
    // A) A. A:
    const p = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (p !== 0x29 && p !== 0x2e && p !== 0x3a) return false;
    letterAt = i;
    i += 2;
  } else if (isLowerOptionLetter(c)) {
    // a)
    if (i + 1 >= end || text.charCodeAt(i + 1) !== 0x29) return false;
    letterAt = i;
    i += 2;
  } else return false;
  // [ \t]+(?=\S)
  let k = i;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  if (k === i || k >= end || isWhiteSpace(text.charCodeAt(k))) return false;
  markCode = text.charCodeAt(letterAt);
  markPrefixEnd = prefixEnd;
  markTextStart = k;
  return true;
}

/**
 * Whether the line text[start, end) is an option line marked "A. ", "A) " or "(A) " (an upper-case
 * letter, after any indentation or bullet; OPTION_LINE): the letter's index (0 for A) plus 16 times
 * the marker's shape (its opening bracket, or the punctuation after the letter), or -1. For a
 * parser that reads a run of options back from the line after them (see text.ts, unlabelledQuestion).
 */
export function upperOptionMark(text: string, start: number, end: number): number {
  if (!matchOptionLine(text, start, end) || !isUpperOptionLetter(markCode)) return -1;
  const shape = markerShape(text, markPrefixEnd);
  return shape === 0x28 || shape === 0x29 || shape === 0x2e ? markCode - 0x41 + shape * 16 : -1;
}

/**
 * The text of the option line upperOptionMark has just matched (the line ends at `end`), normalised
 * as optionByText compares an answer with the options (case, white space and punctuation aside).
 */
export function upperOptionText(text: string, end: number): string {
  return normalise(text.slice(markTextStart, end));
}

/** `s` normalised as upperOptionText normalises an option's text. */
export function normalisedOptionText(s: string): string {
  return normalise(s);
}

function isUpperOptionLetter(c: number): boolean {
  return c >= 0x41 && c <= 0x4a;
}

function isLowerOptionLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x6a;
}

/** /^[ \t]+\S/ on the line text[start, end): an indented line that continues an option. */
function isContinuationLine(text: string, start: number, end: number): boolean {
  let k = start;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  return k > start && k < end && !isWhiteSpace(text.charCodeAt(k));
}

/** The option marked at run entry `r` (see runLines), with its text running to `end`. */
function optionFromRun(seg: Segment, r: number, end: number): OptionItem {
  const textStart = runTextStart[r]!;
  let textEnd = end;
  while (textEnd > textStart && isWhiteSpace(seg.text.charCodeAt(textEnd - 1))) textEnd--;
  return new LineOption(seg, runPrefixEnd[r]!, textEnd);
}

/**
 * An option on its own line(s) of a question, as splitOptions finds it. A large
 * few-shot file holds tens of thousands of these, and as plain objects each was
 * five (the option, two spans, a Segment and its string), all kept as long as
 * the document: here the spans and the text Segment are made when first read
 * (the same values, then the same objects on every read), and the option is one
 * object that shares its question's segment and keeps only what the text does
 * not tell again (where the marker starts and the text ends). It reads, and
 * serialises (`toJSON`), as the plain OptionItem it stands for.
 */
class LineOption implements OptionItem {
  // Declared, not defined, fields, all set by the constructor (in the order they
  // always had): no separate field initialiser runs for each option (see Segment).
  /** The segment the option was found in. */
  private declare readonly seg: Segment;
  /** Decoded offsets in `seg`: the start of the marker (after any bullet), the end of the option text. */
  private declare readonly markerStart: number;
  private declare readonly textEnd: number;
  /** `text` once read; before that, the text alone once `textString` has read it (an answer's label). */
  private declare textMade: Segment | string | undefined;
  // The two spans are not a field: they are made together when either is first read, and
  // kept in `optionSpans`. Rules read them only to report (a handful per lint of a 1 MiB
  // prompt with 12k options), and each field costs every option 8 bytes, all of which a
  // scavenge copies (class instances are never allocated in the old generation directly).

  constructor(seg: Segment, markerStart: number, textEnd: number) {
    this.seg = seg;
    this.markerStart = markerStart;
    this.textEnd = textEnd;
    this.textMade = undefined;
  }

  /**
   * Where the option text starts: after the marker ("(A)", "[A]": three characters;
   * "A)", "A.", "A:", "a)": two) and the spaces or tabs that follow it, as
   * matchOptionLine found it; so it is not stored (a field less in every option).
   */
  private get textStart(): number {
    const t = this.seg.text;
    const c = t.charCodeAt(this.markerStart);
    let k = this.markerStart + (c === 0x28 || c === 0x5b ? 3 : 2);
    // The marker is followed by at least one space or tab, and then by the text (not white space).
    while (isSpaceOrTab(t.charCodeAt(k))) k++;
    return k;
  }

  /**
   * Where the letter is: the marker is "(A)", "[A]" or the letter itself first
   * (matchOptionLine), so it is not stored (a field less in every option).
   */
  private get letterAt(): number {
    const c = this.seg.text.charCodeAt(this.markerStart);
    return c === 0x28 || c === 0x5b ? this.markerStart + 1 : this.markerStart;
  }

  /** Whether the letter is written in lower case ("a)", "(a)"): a run of options is all one case (findOptionRun). */
  writtenLower(): boolean {
    return this.seg.text.charCodeAt(this.letterAt) >= 0x61;
  }

  /** markerShape of the option's own marker ("(a)" and "a)" differ, as do "A." and "(A)"). */
  markerShape(): number {
    return markerShape(this.seg.text, this.markerStart);
  }

  /**
   * The question these options were split from with them put back: `question` (a trimmed
   * range of the same segment, before the options) to the end of this option, the last, or
   * of `tail`, the text after the options (see tailAfterRun). Undefined when `question` is not
   * text of the same segment before the options (options given in a field of their own).
   */
  questionWith(question: Segment, tail: Segment | undefined): Segment | undefined {
    const seg = this.seg;
    const q = question.sourceStart;
    if (q < seg.sourceStart || question.sourceEnd > seg.sourceOffset(this.markerStart)) return undefined;
    const start = seg.decodedIndex(q);
    return seg.sliceTrimmed(start, tail ? Math.max(this.textEnd, seg.decodedIndex(tail.sourceEnd)) : this.textEnd);
  }

  /** The letter, upper case (read from the text, not stored). */
  get letter(): string {
    return LETTERS[(this.seg.text.charCodeAt(this.letterAt) | 0x20) - 0x61]!;
  }

  get letterSpan(): Span {
    return this.spans().letterSpan;
  }

  /** The two spans, made when first read (the same objects on every read). */
  private spans(): OptionSpans {
    let made = optionSpans.get(this);
    if (made === undefined) {
      const at = this.letterAt;
      made = { letterSpan: this.seg.sourceSpan(at, at + 1), span: this.seg.sourceSpan(this.markerStart, this.textEnd) };
      optionSpans.set(this, made);
    }
    return made;
  }

  get text(): Segment {
    const made = this.textMade;
    if (typeof made === 'object') return made;
    const seg = this.seg;
    // The string textString made, if any, is the segment's text (a slice of an identity segment maps from its start).
    return (this.textMade =
      made !== undefined && seg.isIdentity ? new Segment(made, seg.base + this.textStart) : seg.slice(this.textStart, this.textEnd));
  }

  /**
   * `text.text` without making `text` (an answer names its option's text as its label,
   * and most options' text segments are never read); `text` reuses the string.
   */
  textString(): string {
    const made = this.textMade;
    if (made !== undefined) return typeof made === 'string' ? made : made.text;
    return (this.textMade = this.seg.text.slice(this.textStart, this.textEnd));
  }

  /** `text.text.length` without building `text` (the offsets are within `seg`). */
  get textLength(): number {
    return this.textEnd - this.textStart;
  }

  /** See `optionTextIdentityStart`. */
  identityTextStart(): number {
    const made = this.textMade;
    if (typeof made === 'object') {
      optionTextRange.start = 0;
      optionTextRange.end = made.text.length;
      return made.isIdentity ? made.base : -1;
    }
    const seg = this.seg;
    if (!seg.isIdentity) return -1;
    // `text` would be a slice of this identity segment (or the string textString made, at the same start).
    optionTextRange.start = this.textStart;
    optionTextRange.end = this.textEnd;
    return seg.base + this.textStart;
  }

  /** See `optionTextSource`: the string the text is in, its range in `optionTextRange`. */
  textSource(): string {
    const made = this.textMade;
    if (made !== undefined) {
      const text = typeof made === 'string' ? made : made.text;
      optionTextRange.start = 0;
      optionTextRange.end = text.length;
      return text;
    }
    optionTextRange.start = this.textStart;
    optionTextRange.end = this.textEnd;
    return this.seg.text;
  }

  get span(): Span {
    return this.spans().span;
  }

  /**
   * `letterSpan` and `span` as four numbers at `out[at..at + 3]` (start and end of each),
   * without making the span objects (nor looking for them: the numbers are the same): the
   * language server's lint worker packs every option of a document after each edit (see
   * `writeOptionSpans`).
   */
  writeSpans(out: Int32Array, at: number): void {
    const seg = this.seg;
    const letter = this.letterAt;
    out[at] = seg.sourceOffset(letter);
    out[at + 1] = seg.sourceSpanEnd(letter, letter + 1);
    out[at + 2] = seg.sourceOffset(this.markerStart);
    out[at + 3] = seg.sourceSpanEnd(this.markerStart, this.textEnd);
  }

  toJSON(): OptionItem {
    return { letter: this.letter, letterSpan: this.letterSpan, text: this.text, span: this.span };
  }
}

/**
 * The style of the option marker at `at` (where matchOptionLine found it, after any bullet), as a
 * number: its opening bracket for "(A)" and "[A]", else the punctuation after the letter ("A)",
 * "A.", "A:"), with 0x10000 added for a lower-case letter.
 */
function markerShape(text: string, at: number): number {
  const c = text.charCodeAt(at);
  const bracket = c === 0x28 || c === 0x5b;
  return (bracket ? c : text.charCodeAt(at + 1)) | (text.charCodeAt(bracket ? at + 1 : at) >= 0x61 ? 0x10000 : 0);
}

/**
 * Whether an answer answers the parts of a multi-part question in turn rather than choosing
 * one of them: its first line is lettered in the style of the question's lettered lines
 * (`options`, a findOptionRun run), and a later line of it starts with the next letter in the
 * same style ("Answer:\na) 1/36\nb) 11/36", "A: (a) Hydrogen\n(b) Mg + 2HCl …"). Then the
 * lettered lines are the question's parts, not options (see makeExemplar).
 * Most answers fail at their first character.
 */
function answersPartsInTurn(options: readonly OptionItem[], answer: Segment | undefined): boolean {
  const first = options[0];
  if (answer === undefined || !(first instanceof LineOption)) return false;
  const text = answer.text;
  // The whole text as the first line's end: a marker and the spaces after it never cross a line break.
  if (!matchOptionLine(text, skipWhiteSpace(text, 0), text.length)) return false;
  let e = text.indexOf('\n', markTextStart);
  if (e === -1) e = text.length;
  const shape = first.markerShape();
  if (markerShape(text, markPrefixEnd) !== shape) return false;
  const next = markCode + 1;
  while (e < text.length) {
    const s = e + 1;
    e = text.indexOf('\n', s);
    if (e === -1) e = text.length;
    if (matchOptionLine(text, s, e) && markCode === next && markerShape(text, markPrefixEnd) === shape) return true;
  }
  return false;
}

interface OptionSpans {
  letterSpan: Span;
  span: Span;
}

/** The spans of the line options whose spans were read (see LineOption.spans). */
const optionSpans = new WeakMap<LineOption, OptionSpans>();

/** An option's `letterSpan` and `span` as four numbers at `out[at..at + 3]` (see `LineOption.writeSpans`). */
export function writeOptionSpans(o: OptionItem, out: Int32Array, at: number): void {
  if (o instanceof LineOption) {
    o.writeSpans(out, at);
    return;
  }
  out[at] = o.letterSpan.start;
  out[at + 1] = o.letterSpan.end;
  out[at + 2] = o.span.start;
  out[at + 3] = o.span.end;
}

/** Where `optionTextSource` found the option's text in the string it returned (decoded offsets). */
export const optionTextRange = { start: 0, end: 0 };

/**
 * The string an option's text is in, with its range in `optionTextRange` (`text.text` is
 * `source.slice(optionTextRange.start, optionTextRange.end)`): a rule that reads a few characters
 * of every option makes no string or segment for it (an option on its own line is a range of its
 * question's segment). Read the range before the next call.
 */
export function optionTextSource(o: OptionItem): string {
  if (o instanceof LineOption) return o.textSource();
  const text = o.text.text;
  optionTextRange.start = 0;
  optionTextRange.end = text.length;
  return text;
}

/**
 * An option's text (`text.text`) for one comparison or measure: a string the option does not
 * keep (unless it had it already), where `textString()` keeps the string it makes and `text`
 * its segment. Kept, every option's text lived as long as the document and was copied by the
 * scavenges of the lint: option-length-cue measured 27k options of the 10 MiB text corpus and
 * missing-unknown-option read 12.5k options' strings, only to test them. Measured (engine-phases,
 * 10 MiB text corpus, 6 rounds after 3, two alternating runs): option-length-cue 13.8-14.0 -> 11.1-11.2 ms
 * (its scavenges 2.5-3.4 -> 0.9-1.0 ms); engine-steady 10 MiB text mean wall 246/255, 235/241 -> 231/239, 224/234 ms.
 */
export function optionTextUnkept(o: OptionItem): string {
  const source = optionTextSource(o);
  return source.slice(optionTextRange.start, optionTextRange.end);
}

/**
 * Where an option's text starts in the source when its text segment maps one-to-one onto it (`text.isIdentity`):
 * `text.base`, with `text.text.length` as `optionTextRange.end - optionTextRange.start`; -1 when it does not. Without
 * making the segment when the option need not (`text` keeps the segment it makes on the option).
 */
export function optionTextIdentityStart(o: OptionItem): number {
  if (o instanceof LineOption) return o.identityTextStart();
  const text = o.text;
  optionTextRange.start = 0;
  optionTextRange.end = text.text.length;
  return text.isIdentity ? text.base : -1;
}

/** An option's text (`text.text`), without making its segment when the option need not. */
function optionText(o: OptionItem): string {
  return o instanceof LineOption ? o.textString() : o.text.text;
}

/** Inline options on one line: "(A) Paris (B) London (C) Rome". */
const NO_OPTIONS: readonly OptionItem[] = Object.freeze([]);

function inlineOptions(seg: Segment, line: Line): readonly OptionItem[] {
  const first = line.text.indexOf('(A)');
  if (first === -1) return NO_OPTIONS;
  // The run "(A) … (B) … (C) …" in order; a later out-of-sequence mark (e.g. "I think it's (A)") ends it.
  const re = /\(([A-J])\)[ \t]*/g;
  re.lastIndex = first;
  const marks: { letter: string; at: number; textStart: number }[] = [];
  let stop = line.end;
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    if (m[1] !== LETTERS[marks.length]) {
      stop = line.start + m.index;
      break;
    }
    marks.push({ letter: m[1]!, at: line.start + m.index, textStart: line.start + m.index + m[0].length });
  }
  if (marks.length < 2) return NO_OPTIONS;
  return marks.map((mk, i) => {
    let end = i + 1 < marks.length ? marks[i + 1]!.at : stop;
    while (end > mk.textStart && /[\s,;]/.test(seg.text[end - 1]!)) end--;
    return {
      letter: mk.letter,
      letterSpan: seg.sourceSpan(mk.at + 1, mk.at + 2),
      text: seg.slice(mk.textStart, end),
      span: seg.sourceSpan(mk.at, end),
    };
  });
}

/**
 * Inline options without brackets on one line, from the "A" mark at `at` ("A. " or "A) ",
 * see INLINE_NEEDLES): "Choices: A. To greet a friend  B. At night  C. Never". The marks go
 * on B, C, … in order, each written like the first ("B." after "A.", "B)" after "A)"), each
 * after a space or tab and followed by spaces and text; the last option runs to the line's
 * end. The caller has checked that the "A" mark is anchored (inlineAnchored), so
 * "Plan A. Then B." and "vitamin A. Eat more" are no options.
 */
function inlineLetterOptions(seg: Segment, lineStart: number, lineEnd: number, at: number): readonly OptionItem[] {
  const text = seg.text;
  const punct = text[at + 1]!;
  const firstText = markTextAt(text, at, lineEnd);
  if (firstText < 0) return NO_OPTIONS;
  // Searched in the line alone: a search of the rest of the text for a mark that is not there would be quadratic.
  const line = text.slice(lineStart, lineEnd);
  const marks: number[] = [at];
  const textStarts: number[] = [firstText];
  for (let n = 1; n < LETTERS.length; n++) {
    // "B." or "B)"; markTextAt then asks for a space or a tab after it ("A. red\tB.\tblue").
    const needle = LETTERS[n]! + punct;
    let found = -1;
    for (let k = line.indexOf(needle, textStarts[n - 1]! - lineStart); k !== -1; k = line.indexOf(needle, k + 1)) {
      let m = lineStart + k;
      if (!isSpaceOrTab(text.charCodeAt(m - 1))) continue;
      let t = markTextAt(text, m, lineEnd);
      if (t < 0) continue;
      // "Vitamin C. C. Iron": the mark is the one right before the text.
      while (text.startsWith(needle, t)) {
        const u = markTextAt(text, t, lineEnd);
        if (u < 0) break;
        m = t;
        t = u;
      }
      found = m;
      textStarts.push(t);
      break;
    }
    if (found < 0) break;
    marks.push(found);
  }
  if (marks.length < 2) return NO_OPTIONS;
  return marks.map((mk, i) => {
    const textStart = textStarts[i]!;
    let end = i + 1 < marks.length ? marks[i + 1]! : lineEnd;
    while (end > textStart && isInlineOptionEnd(text.charCodeAt(end - 1))) end--;
    return {
      letter: LETTERS[i]!,
      letterSpan: seg.sourceSpan(mk, mk + 1),
      text: seg.slice(textStart, end),
      span: seg.sourceSpan(mk, end),
    };
  });
}

/** /[\s,;]/: what inline options leave out at the end of their text. */
function isInlineOptionEnd(c: number): boolean {
  return c === 44 || c === 59 || isWhiteSpace(c);
}

/** After the two-character mark at `at` ("A. ", "B) "): where its text starts after the spaces and tabs, or -1 when no text follows on the line. */
function markTextAt(text: string, at: number, lineEnd: number): number {
  let k = at + 2;
  if (k >= lineEnd || !isSpaceOrTab(text.charCodeAt(k))) return -1;
  while (k < lineEnd && isSpaceOrTab(text.charCodeAt(k))) k++;
  return k < lineEnd && !isWhiteSpace(text.charCodeAt(k)) ? k : -1;
}

/**
 * Whether the "A. " / "A) " mark at `at`, on the line from `lineStart`, may start inline
 * options: it starts the line (after spaces or tabs), or follows a "?" (the question's end)
 * or an options label ("Choices:", "Options:", "Answer choices:", "Possible answers:"), with
 * spaces or tabs between. Elsewhere a capital A before a full stop is a word or initial.
 */
function inlineAnchored(text: string, lineStart: number, at: number): boolean {
  let p = at;
  while (p > lineStart && isSpaceOrTab(text.charCodeAt(p - 1))) p--;
  if (p === lineStart) return true;
  const c = text.charCodeAt(p - 1);
  if (c === 0x3f) return true; // ?
  if (c !== 0x3a) return false; // :
  p--;
  while (p > lineStart && isSpaceOrTab(text.charCodeAt(p - 1))) p--;
  for (const label of INLINE_LABELS) {
    const s = p - label.length;
    if (s >= lineStart && startsWithFolded(text, s, label) && (s === lineStart || !isAsciiLetter(text.charCodeAt(s - 1)))) return true;
  }
  return false;
}

/** The option labels that anchor inline letter marks (the words of OPTIONS_HEADER; "answer choices" ends in "choices"). */
const INLINE_LABELS = ['choices', 'options', 'possible answers'];

function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

export interface SplitQuestion {
  /** The question without the option lines (and without an "Options:" header). */
  question: Segment;
  options: OptionItem[];
}

/**
 * The option run being collected by findOptionRun: each entry's line index and
 * where matchOptionLine found its marker and text start (markPrefixEnd, markTextStart),
 * kept so the options are made without matching their lines again.
 */
let runLines = new Int32Array(64);
let runPrefixEnd = new Int32Array(64);
let runTextStart = new Int32Array(64);

/** Record the last matchOptionLine as run entry `r`. */
function keepMark(r: number, line: number): void {
  runLines[r] = line;
  runPrefixEnd[r] = markPrefixEnd;
  runTextStart[r] = markTextStart;
}

/**
 * Find a lettered option list in a question: the longest run of option lines
 * lettered A, B, C, ... in order (at least two). A line that continues an option
 * (indented, not itself an option) belongs to it.
 */
export function splitOptions(seg: Segment): SplitQuestion {
  const options = optionsOf(seg);
  return { question: takeQuestion(), options };
}

/**
 * The question optionsOf or optionsIn split last, set by them for the caller to
 * take right after the call (no result object per question).
 */
let splitQuestion: Segment | undefined;

/**
 * The text after the option run optionsOf or optionsIn split last (see tailAfterRun), when it holds
 * more than white space (see Exemplar.afterOptions); taken by takeTail, cleared by takeQuestion.
 */
let splitTail: Segment | undefined;

/** splitQuestion, which the module then lets go (it keeps nothing of a document, nor the tail). */
export function takeQuestion(): Segment {
  const q = splitQuestion!;
  splitQuestion = undefined;
  splitTail = undefined;
  return q;
}

/** splitTail (before takeQuestion, which clears it), which the module then lets go. */
export function takeTail(): Segment | undefined {
  const t = splitTail;
  splitTail = undefined;
  return t;
}

/**
 * The text of `seg` after the option run findOptionRun found last (its last line, continuations
 * included) up to `end`, from the line break that ends the run (so that removing a cue line there
 * can take its line break), without the white space at its end; undefined when only white space.
 */
function tailAfterRun(seg: Segment, end: number): Segment | undefined {
  const text = seg.text;
  const from = lineEnds[bestTo]!;
  let e = end;
  while (e > from && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  return e > from ? seg.slice(from, e) : undefined;
}

/** splitOptions(seg).options; the question is left in splitQuestion. */
function optionsOf(seg: Segment): OptionItem[] {
  const options = findOptionRun(seg, 0, seg.length, tableLines(seg.text, 0, seg.length));
  if (!options) {
    splitQuestion = seg.trim();
    splitTail = undefined;
    return NO_OPTION_ITEMS;
  }
  splitQuestion = seg.sliceTrimmed(0, questionEnd(seg.text));
  splitTail = tailAfterRun(seg, seg.length);
  return options;
}

/**
 * `splitOptions(seg.sliceTrimmed(from, to))` without making that segment: a
 * parser that finds a question as a range of a larger segment splits it in
 * place, and the options it finds refer to `seg` (the same spans and text).
 */
export function splitOptionsIn(seg: Segment, from: number, to: number): SplitQuestion {
  const options = optionsIn(seg, from, to);
  return { question: takeQuestion(), options };
}

/**
 * splitOptionsIn(seg, from, to).options; the question is left in splitQuestion (see takeQuestion).
 * A caller that has split seg.text into lines already may pass its line table (`starts`, `ends`:
 * where each line starts, and ends before its line break, split at "\n" with a "\r" before it
 * left out, as tableLines splits them) and a line at or before the one `from` is on: the range's
 * lines are then copied from it, not searched for again (see copyLines).
 */
export function optionsIn(seg: Segment, from: number, to: number, starts?: Int32Array, ends?: Int32Array, line = 0): OptionItem[] {
  const text = seg.text;
  let s = Math.max(0, Math.min(from, text.length));
  let e = Math.max(s, Math.min(to, text.length));
  while (s < e && isWhiteSpace(text.charCodeAt(s))) s++;
  while (e > s && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  const options = findOptionRun(seg, s, e, starts !== undefined && ends !== undefined && s < e ? copyLines(starts, ends, line, s, e) : tableLines(text, s, e));
  if (!options) {
    splitQuestion = seg.slice(s, e);
    splitTail = undefined;
    return NO_OPTION_ITEMS;
  }
  splitQuestion = seg.sliceTrimmed(s, questionEnd(text));
  splitTail = tailAfterRun(seg, e);
  return options;
}

/**
 * What marks inline options ("(A)", and the "A" of "A. " / "A) " without brackets), searched
 * for with indexOf: the text between two of them holds none, so each search goes on from
 * the last one.
 */
const INLINE_NEEDLES = ['(A)', 'A. ', 'A) '];

/**
 * The segment whose questions a caller is splitting in order (analyseText, between
 * beginInlineSearch and endInlineSearch), and where its text was last searched for
 * each of INLINE_NEEDLES: inlineAt[k] is the first INLINE_NEEDLES[k] at or after
 * inlineFrom[k] (-1: none).
 */
let inlineSeg: Segment | undefined;
const inlineFrom = new Int32Array(INLINE_NEEDLES.length);
const inlineAt = new Int32Array(INLINE_NEEDLES.length).fill(-1);

/**
 * Let findOptionRun search `seg`'s whole text for inline options, from where it last
 * looked, rather than a slice of each question range: for a caller that splits the
 * questions of one segment in text order (each search then goes on from the last one),
 * from `from` on (a search before it is one of its own). `saved`: where an earlier
 * search of `seg` stopped (see endInlineSearch), to go on from there: TextParts splits
 * a text's questions a part at a time, and a search from each part's start for a mark
 * the text does not have read the rest of the text each time.
 */
export function beginInlineSearch(seg: Segment, from: number, saved?: Int32Array): void {
  inlineSeg = seg;
  const n = INLINE_NEEDLES.length;
  for (let k = 0; k < n; k++) {
    if (saved !== undefined && saved[k]! >= 0) {
      inlineFrom[k] = saved[k]!;
      inlineAt[k] = saved[n + k]!;
    } else {
      inlineFrom[k] = from;
      inlineAt[k] = seg.text.indexOf(INLINE_NEEDLES[k]!, from);
    }
  }
}

/** The end of beginInlineSearch (the module keeps nothing of a document); where it stopped goes into `save`, if given (see inlineSearchState). */
export function endInlineSearch(save?: Int32Array): void {
  if (save !== undefined) {
    save.set(inlineFrom, 0);
    save.set(inlineAt, INLINE_NEEDLES.length);
  }
  inlineSeg = undefined;
  inlineFrom.fill(0);
  inlineAt.fill(-1);
}

/** Room for where an inline search stopped (endInlineSearch), none saved yet. */
export function inlineSearchState(): Int32Array {
  return new Int32Array(2 * INLINE_NEEDLES.length).fill(-1);
}

/** The first INLINE_NEEDLES[k] at or after `pos` in the text of inlineSeg (-1: none). */
function inlineMarkFrom(text: string, pos: number, k: number): number {
  // A search before the last one (not in order): one of its own.
  if (pos < inlineFrom[k]!) return text.indexOf(INLINE_NEEDLES[k]!, pos);
  // No needle lies in [inlineFrom, inlineAt), so none in [pos, inlineAt) either.
  if (inlineAt[k] !== -1 && inlineAt[k]! < pos) inlineAt[k] = text.indexOf(INLINE_NEEDLES[k]!, pos);
  inlineFrom[k] = pos;
  return inlineAt[k]!;
}

/** The line indexes (in lineStarts/lineEnds) of the run findOptionRun returned last. */
let bestFrom = 0;
let bestTo = 0;
/** For an inline run (bestFrom === bestTo): where its first mark starts. */
let bestInlineAt = 0;

/**
 * Where findOptionRun looks for inline marks: its text, or the slice of its range it
 * searches (`searchRange`, from `searchShift` in the text), or inlineSeg's text
 * (`searchInText`); and the next mark of each of INLINE_NEEDLES at or after the line
 * being read (`nextMark`, -1: none). The marks a line holds lie within the range.
 */
let searchText = '';
let searchRange = '';
let searchShift = 0;
let searchInText = false;
const nextMark = new Int32Array(INLINE_NEEDLES.length);

/** The first INLINE_NEEDLES[k] at or after `pos` where findOptionRun searches (-1: none). */
function markFrom(pos: number, k: number): number {
  if (searchInText) return inlineMarkFrom(searchText, pos, k);
  const at = searchRange.indexOf(INLINE_NEEDLES[k]!, pos - searchShift);
  return at === -1 ? -1 : at + searchShift;
}

/**
 * The longest run of inline options on the line text[start, end), or NO_OPTIONS; its first
 * mark in bestInlineAt's stead (lineInlineAt). One "(A)" (the first on the line) and the first
 * anchored "A. " and "A) " are tried, so each line is searched a bounded number of times.
 */
let lineInlineAt = 0;
function lineInlineOptions(seg: Segment, start: number, end: number): readonly OptionItem[] {
  const text = seg.text;
  let best = NO_OPTIONS;
  for (let k = 0; k < INLINE_NEEDLES.length; k++) {
    let at = nextMark[k]!;
    if (at !== -1 && at < start) at = nextMark[k] = markFrom(start, k);
    if (k === 0) {
      if (at === -1 || at + 3 > end) continue;
      const inline = inlineOptions(seg, { start, end, text: text.slice(start, end) });
      if (inline.length > best.length) {
        best = inline;
        lineInlineAt = at;
      }
      continue;
    }
    // The first anchored mark on the line; the ones passed over are no options.
    while (at !== -1 && at + 2 < end && !inlineAnchored(text, start, at)) at = nextMark[k] = markFrom(at + 1, k);
    if (at === -1 || at + 2 >= end) continue;
    const inline = inlineLetterOptions(seg, start, end, at);
    if (inline.length > best.length) {
      best = inline;
      lineInlineAt = at;
    }
  }
  return best;
}

/**
 * The longest option run in the lines of seg.text[from, to), or null; sets
 * bestFrom and bestTo. The `n` lines are in lineStarts/lineEnds (tableLines or copyLines).
 */
function findOptionRun(seg: Segment, from: number, to: number, n: number): OptionItem[] | null {
  const text = seg.text;
  let best: OptionItem[] | null = null;
  /**
   * The inline marks are searched in the range only (a slice shares the text): a search of
   * the whole text for each question of a large prompt without any would be quadratic.
   * Unless the caller splits the questions of `seg` in order (see beginInlineSearch): then
   * one search of the text serves them all, with no slice per question. (Either way, a mark
   * that counts lies within the line, so within the range.)
   */
  searchText = text;
  searchInText = seg === inlineSeg;
  searchRange = searchInText || (from === 0 && to === text.length) ? text : text.slice(from, to);
  searchShift = searchRange === text ? 0 : from;
  for (let k = 0; k < INLINE_NEEDLES.length; k++) nextMark[k] = markFrom(from, k);
  for (let i = 0; i < n; i++) {
    const start = lineStarts[i]!;
    const end = lineEnds[i]!;
    if (matchOptionLine(text, start, end) && (markCode === 0x41 || markCode === 0x61)) {
      // Collect A, B, C... on following lines.
      if (runLines.length < n) {
        runLines = new Int32Array(n);
        runPrefixEnd = new Int32Array(n);
        runTextStart = new Int32Array(n);
      }
      let runLength = 0;
      keepMark(runLength++, i);
      let prevCode = markCode;
      let j = i + 1;
      while (j < n) {
        const isOption = matchOptionLine(text, lineStarts[j]!, lineEnds[j]!);
        if (isOption && markCode === prevCode + 1) {
          prevCode = markCode;
          keepMark(runLength++, j);
          j++;
        } else if (!isOption && isContinuationLine(text, lineStarts[j]!, lineEnds[j]!)) {
          j++; // continuation of the previous option
        } else break;
      }
      if (runLength >= 2) {
        if (!best || runLength > best.length) {
          const options: OptionItem[] = new Array(runLength);
          for (let r = 0; r < runLength; r++) {
            const lastLine = r + 1 < runLength ? runLines[r + 1]! - 1 : j - 1;
            options[r] = optionFromRun(seg, r, lineEnds[lastLine]!);
          }
          best = options;
          bestFrom = i;
          bestTo = j - 1;
        }
        i = j - 1;
        continue;
      }
      // An "A" line alone may hold the options inline: "A. red  B. blue", "(A) red (B) blue".
    }
    const inline = lineInlineOptions(seg, start, end);
    if (inline.length >= 2 && (!best || inline.length > best.length)) {
      best = inline as OptionItem[];
      bestFrom = bestTo = i;
      bestInlineAt = lineInlineAt;
    }
  }
  searchText = searchRange = '';
  return best;
}

/**
 * The run of option lines that starts on the first line of seg.text[from, to), or null: option lines as
 * findOptionRun reads them (matchOptionLine: "(A) ", "A) ", "A. ", "A: ", "[A] ", "(a) ", "a) ", after any
 * indentation or "- " bullet), lettered A, B, C… in order (at least two), each with the first one's marker
 * ("(A)" then "B." ends the run), an indented line that is no option continuing the option before it. The run
 * need not end the range: optionRunEnd() gives where its last line ends. For a parser that has found the line
 * before the run itself (text.ts, zeroShotInputs); reads the run's lines and the one after it only.
 */
export function optionRunFrom(seg: Segment, from: number, to: number): OptionItem[] | null {
  const text = seg.text;
  let n = 0;
  let runLength = 0;
  let prevCode = 0;
  let shape = 0;
  // The run's lines one by one (into lineStarts/lineEnds, which its entries index), up to the first that goes on with
  // neither the next option nor an option's continuation (a blank line ends the run): no more lines are read.
  for (let start = from; start <= to; ) {
    let nl = text.indexOf('\n', start);
    if (nl === -1 || nl > to) nl = to;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const isOption = matchOptionLine(text, start, end);
    if (n === 0) {
      if (!isOption || (markCode !== 0x41 && markCode !== 0x61)) return null;
      shape = markerShape(text, markPrefixEnd);
    } else if (!(isOption && markCode === prevCode + 1 && markerShape(text, markPrefixEnd) === shape) && (isOption || !isContinuationLine(text, start, end))) break;
    if (n === lineStarts.length) growLineTables();
    if (n === runLines.length) growRunTables();
    lineStarts[n] = start;
    lineEnds[n] = end;
    if (isOption) {
      keepMark(runLength++, n);
      prevCode = markCode;
    }
    n++;
    if (nl === to) break;
    start = nl + 1;
  }
  if (runLength < 2) return null;
  const options: OptionItem[] = new Array(runLength);
  for (let r = 0; r < runLength; r++) {
    const lastLine = r + 1 < runLength ? runLines[r + 1]! - 1 : n - 1;
    options[r] = optionFromRun(seg, r, lineEnds[lastLine]!);
  }
  runEnd = lineEnds[n - 1]!;
  return options;
}

/** Double lineStarts and lineEnds (kept, as tableLines keeps them). */
function growLineTables(): void {
  const starts = new Int32Array(lineStarts.length * 2);
  const ends = new Int32Array(lineStarts.length * 2);
  starts.set(lineStarts);
  ends.set(lineEnds);
  lineStarts = starts;
  lineEnds = ends;
}

/** Double the run tables (runLines, runPrefixEnd, runTextStart). */
function growRunTables(): void {
  const lines = new Int32Array(runLines.length * 2);
  const prefixEnd = new Int32Array(runLines.length * 2);
  const textStart = new Int32Array(runLines.length * 2);
  lines.set(runLines);
  prefixEnd.set(runPrefixEnd);
  textStart.set(runTextStart);
  runLines = lines;
  runPrefixEnd = prefixEnd;
  runTextStart = textStart;
}

/** Where the last line of the run optionRunFrom found last ends (before its line break). */
let runEnd = 0;

/** runEnd (see optionRunFrom). */
export function optionRunEnd(): number {
  return runEnd;
}

/**
 * Where the question before the option run findOptionRun found last ends: the
 * text before the options, minus an "Options:" header line. (What follows the
 * options, e.g. "Answer with the letter.", is left out with them: see tailAfterRun.)
 */
function questionEnd(text: string): number {
  let qEnd = lineStarts[bestFrom]!;
  const prev = bestFrom - 1;
  if (prev >= 0 && isOptionsHeader(text, lineStarts[prev]!, lineEnds[prev]!)) qEnd = lineStarts[prev]!;
  else if (bestFrom === bestTo) {
    // Inline options: keep the part of the line before the first mark, without an options label.
    const before = text.slice(lineStarts[bestFrom]!, bestInlineAt).replace(/(?:answer choices|choices|options|possible answers)[ \t]*:[ \t]*$/i, '');
    qEnd = lineStarts[bestFrom]! + before.length;
  }
  return qEnd;
}

/** OPTIONS_HEADER on the line text[start, end), by hand (no string per line; the tests compare the two). */
export function isOptionsHeader(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  let k = -1;
  for (const header of OPTIONS_HEADERS) {
    if (i + header.length <= end && startsWithFolded(text, i, header)) {
      k = i + header.length;
      break;
    }
  }
  if (k < 0) return false;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  if (k >= end || text.charCodeAt(k) !== 58) return false;
  k++;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  return k === end;
}

/** The words of OPTIONS_HEADER, in its order (each starts with another letter, so at most one can match at a place). */
const OPTIONS_HEADERS = ['answer choices', 'choices', 'options', 'possible answers'];

/** isOptionsHeader (exported for tests). */
export function optionsHeaderLine(line: string): boolean {
  return isOptionsHeader(line, 0, line.length);
}


// ---------------------------------------------------------------------------
// Judge demos: the responses a pairwise judge compares, as lettered options

/**
 * A candidate's label line (matched sticky at the line's start): a noun that names a candidate response (response, answer, assistant,
 * output, model, summary, completion, candidate), a space, a mark and a colon at the start of a line (after indentation, a markdown
 * heading's `#`s, as AlpacaEval's `## Output (a):`, PandaLM's `### Response 1:` and Prometheus 2's `###Response A:` write it, and
 * `**` markdown bold around the label), then white space or the line's end. The mark is an upper-case letter (group 2, "Response A:"),
 * a letter in brackets (group 3, "Output (a):", either case) or a digit 1-9 (group 4, "Response 1:"; numbered candidates, only with
 * the nouns response, answer and output). The noun's case is free; the letter's case is checked by judgeCandidates.
 */
const CANDIDATE_LABEL = /[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(response|answer|assistant|output|model|summary|completion|candidate) (?:([A-J])|\(([A-J])\)|([1-9]))(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?=[ \t\r\n]|$)/iy;
/** The nouns that may number their candidates ("Response 1:", "Output 2:", "Answer 1:"). */
const NUMBERED_NOUNS = new Set(['response', 'answer', 'output']);
/** MT-Bench's opening and closing block lines: "[The Start of Assistant A's Answer]", "[The End of Assistant A's Answer]". */
const CANDIDATE_START = /[ \t]*\[The Start of (response|answer|assistant|output|model|summary|completion|candidate) ([A-J])'s ([^\]\n]{1,40})\][ \t]*(?=\r?\n|$)/iy;
const CANDIDATE_END = /[ \t]*\[The End of (response|answer|assistant|output|model|summary|completion|candidate) ([A-J])'s ([^\]\n]{1,40})\][ \t]*(?=\r?\n|$)/iy;

/** A sticky pattern matched at `at` in `text` (no slice of the line), or null. */
function execAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Whether a line may be a candidate label or block line: its first character after indentation is one of [ # * _ a c m o r s (either case). */
function mayStartCandidate(c: number): boolean {
  const l = c | 0x20;
  return c === 0x5b || c === 0x23 || c === 0x2a || c === 0x5f || l === 0x61 || l === 0x63 || l === 0x6d || l === 0x6f || l === 0x72 || l === 0x73;
}

/**
 * A candidate read by judgeCandidates: a plain OptionItem (few demos have them); undefined when its text is empty.
 * Its letter is the `index`th (A, B, C, …), the letterSpan its mark as written: "A", the "a" of "(a)", the "1" of "Response 1".
 */
function candidateOption(seg: Segment, letterAt: number, markStart: number, textStart: number, textEnd: number, index: number): OptionItem | undefined {
  const t = seg.text;
  const s = skipWhiteSpace(t, textStart);
  const e = trimEnd(t, textEnd);
  if (e <= s) return undefined;
  return { letter: LETTERS[index]!, letterSpan: seg.sourceSpan(letterAt, letterAt + 1), text: seg.slice(s, e), span: seg.sourceSpan(markStart, e) };
}

/**
 * How a judge demo's verdict is read (analyseOutputWith's `judge`): not a judge demo (0), candidates
 * lettered ("Response A:", "Output (a):"; JUDGE_LETTERED) or numbered ("Response 1:"; JUDGE_NUMBERED).
 */
const JUDGE_LETTERED = 1;
const JUDGE_NUMBERED = 2;
/** candidateLists bit: the text around the blocks names a candidate (see Exemplar.namesOptions). */
const JUDGE_NAMED_OUTSIDE = 4;

/**
 * The option lists judgeCandidates made: JUDGE_LETTERED or JUDGE_NUMBERED, with JUDGE_NAMED_OUTSIDE when the
 * text around its blocks names a candidate (makeExemplar then marks the exemplar, see Exemplar.namesOptions).
 */
const candidateLists = new WeakMap<readonly OptionItem[], number>();

/** A candidate named by noun and mark ("Response A", "assistant B's", "Output (a)", "response 2"), in text around the blocks. */
const CANDIDATE_NAMED = /\b(?:response|answer|assistant|output|model|summary|completion|candidate)s?\s+(?:[A-J]\b|\([A-J]\)|[1-9]\b)/i;

/**
 * The responses a pairwise judge's demo compares, as its lettered options: in the lines of
 * `seg.text` from the line holding `from` to `to`, blocks that start a line with a candidate's
 * label (`Response A:`, `Answer B:`, `Assistant A:`, `Output A:`, `Model A:`, `Summary A:`,
 * `Completion A:`, `Candidate A:`), or MT-Bench's `[The Start of Assistant A's Answer]` …
 * `[The End of Assistant A's Answer]` blocks: all of one kind and noun, lettered A, B, C, … in
 * order (at least two, no other such block), each option's text the block's content. A labelled
 * block runs to the next one; the last to `to`, or to its first blank line when text follows it
 * (that text is the tail, see takeTail).
 *
 * Only when `gold`, read with these options, names one of them by a written letter ("A", "[[B]]",
 * "Verdict: A", "So the answer is (B)"): otherwise (a tie, "[[C]]" for a tie in MT-Bench, a
 * verdict that names a response in words) the blocks are no options, and the empty list is
 * returned with nothing else changed. When it returns options, the question (the text from `from`
 * to the first block) and the tail are left for takeQuestion and takeTail, as optionsIn leaves them.
 */
export function judgeCandidates(seg: Segment, from: number, to: number, gold: Segment | undefined): OptionItem[] {
  if (gold === undefined) return NO_OPTION_ITEMS;
  const text = seg.text;
  const end = Math.min(to, text.length);
  let lineStart = from > 0 ? text.lastIndexOf('\n', from - 1) + 1 : 0;
  /** Blocks found: where the letter is, where the marker starts, where the text starts and ends (-1: to the next). */
  const found: number[] = [];
  let kind = 0; // 1: labelled lines, 2: MT-Bench blocks
  let noun = '';
  let form = 0; // the mark's group in CANDIDATE_LABEL: 2 "A", 3 "(a)", 4 "1" (MT-Bench: 2)
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    let k = lineStart;
    while (k < lineEnd && isSpaceOrTab(text.charCodeAt(k))) k++;
    if (k < lineEnd && mayStartCandidate(text.charCodeAt(k))) {
      const label = text.charCodeAt(k) === 0x5b ? null : execAt(CANDIDATE_LABEL, text, lineStart);
      const start = label ? null : execAt(CANDIDATE_START, text, lineStart);
      const m = label ?? start;
      if (m) {
        const thisKind = label ? 1 : 2;
        const thisNoun = m[1]!.toLowerCase();
        const thisForm = label ? (label[2] !== undefined ? 2 : label[3] !== undefined ? 3 : 4) : 2;
        const letterAt = lineStart + m[0].indexOf(m[1]!) + m[1]!.length + (thisForm === 3 ? 2 : 1);
        // One kind, one noun, one form of mark; letters A, B, C, … in order and upper case ("(a)": either case, the
        // same for all), or digits 1, 2, 3, … in order (only some nouns number their candidates).
        if (kind !== 0 && (thisKind !== kind || thisNoun !== noun || thisForm !== form)) return NO_OPTION_ITEMS;
        const c = text.charCodeAt(letterAt);
        const n = found.length / 4;
        if (thisForm === 4 ? c !== 0x31 + n || !NUMBERED_NOUNS.has(thisNoun) : thisForm === 3 ? (c | 0x20) !== 0x61 + n || (n !== 0 && c !== text.charCodeAt(found[0]!) + n) : c !== 0x41 + n) return NO_OPTION_ITEMS;
        kind = thisKind;
        noun = thisNoun;
        form = thisForm;
        if (label) {
          found.push(letterAt, k, lineStart + m[0].length, -1);
        } else {
          // The block's text runs to its closing line: "[The End of Assistant A's Answer]", the same noun, letter and name.
          let s = lineEnd + 1;
          let close = -1;
          while (s < end) {
            let e = text.indexOf('\n', s);
            if (e === -1 || e > end) e = end;
            const c = execAt(CANDIDATE_END, text, s);
            if (c) {
              if (c[1]!.toLowerCase() !== noun || c[2] !== m[2] || c[3] !== m[3]) return NO_OPTION_ITEMS;
              close = s;
              break;
            }
            s = e + 1;
          }
          if (close === -1) return NO_OPTION_ITEMS;
          found.push(letterAt, k, lineEnd + 1, close);
          lineEnd = text.indexOf('\n', close);
          if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        }
      } else if (kind === 2 && execAt(CANDIDATE_END, text, lineStart)) return NO_OPTION_ITEMS; // a closing line without its opening one
    }
    lineStart = lineEnd + 1;
  }
  const count = found.length / 4;
  if (count < 2) return NO_OPTION_ITEMS;
  // Labelled blocks: each runs to the next block's line; the last to the end, or to its first blank line before more text.
  let tailFrom = -1;
  if (kind === 1) {
    for (let b = 0; b + 1 < count; b++) found[b * 4 + 3] = text.lastIndexOf('\n', found[(b + 1) * 4 + 1]!) + 1;
    const last = found[(count - 1) * 4 + 2]!;
    let blockEnd = end;
    const blank = blankLineAfter(text, last, end);
    if (blank !== -1 && skipWhiteSpace(text, blank) < end) {
      blockEnd = blank;
      tailFrom = blank;
    }
    found[(count - 1) * 4 + 3] = blockEnd;
  } else {
    const closeLine = found[(count - 1) * 4 + 3]!;
    const closeEnd = text.indexOf('\n', closeLine);
    tailFrom = closeEnd === -1 || closeEnd > end ? end : closeEnd;
  }
  const options: OptionItem[] = new Array(count);
  for (let b = 0; b < count; b++) {
    const o = candidateOption(seg, found[b * 4]!, found[b * 4 + 1]!, found[b * 4 + 2]!, found[b * 4 + 3]!, b);
    if (!o) return NO_OPTION_ITEMS;
    options[b] = o;
  }
  // The gold must name one of them: by a written letter, or (numbered candidates) by its number (see judgeVerdict).
  const judge = form === 4 ? JUDGE_NUMBERED : JUDGE_LETTERED;
  analyseOutputWith(gold, options, letterMask(options), judge);
  const named =
    analysedAnswer?.letter !== undefined && (judge === JUDGE_NUMBERED ? analysedAnswer.letterSpan === undefined : analysedAnswer.letterSpan !== undefined)
      ? analysedAnswer.letter
      : undefined;
  clearAnalysed();
  if (named === undefined || named.charCodeAt(0) - 0x41 >= count) return NO_OPTION_ITEMS;
  const firstLine = text.lastIndexOf('\n', found[1]!) + 1;
  splitQuestion = seg.sliceTrimmed(Math.min(from, firstLine), firstLine);
  let tail: Segment | undefined;
  if (tailFrom !== -1) {
    const e = trimEnd(text, end);
    tail = e > tailFrom && hasWords(text.slice(tailFrom, e)) ? seg.slice(tailFrom, e) : undefined;
  }
  splitTail = tail;
  // Marked (no fix moves the texts): a candidate named around the blocks, or text after the last labelled
  // response, which may be its next paragraph as well as a closing instruction.
  const namedOutside = CANDIDATE_NAMED.test(splitQuestion.text) || (tail !== undefined && (kind === 1 || CANDIDATE_NAMED.test(tail.text)));
  candidateLists.set(options, judge | (namedOutside ? JUDGE_NAMED_OUTSIDE : 0));
  return options;
}

/** Where the first blank line (only spaces or tabs) after `from` and before `end` starts, or -1. */
function blankLineAfter(text: string, from: number, end: number): number {
  let nl = text.indexOf('\n', from);
  while (nl !== -1 && nl < end) {
    let k = nl + 1;
    while (k < end && (isSpaceOrTab(text.charCodeAt(k)) || text.charCodeAt(k) === 13)) k++;
    if (k >= end || text.charCodeAt(k) === 10) return nl;
    nl = text.indexOf('\n', k);
  }
  return -1;
}
// ---------------------------------------------------------------------------
// Answers

/**
 * What one forward scan of a text (scanCues) found: where the ANSWER_IS
 * matches start (at "answer", when the rest of the core follows; another
 * "answer" cannot start inside a core, so these are exactly the starts a global
 * ANSWER_IS scan finds), and which of the patterns' `needs` the text meets.
 * Shared state: scanCues runs right before the searches that read it, which
 * are never re-entered.
 */
let coreStarts = new Int32Array(16);
let coreCount = 0;
/** Where every cue of the text last scanned starts (the ")" itself, or the word), in order. */
let cueStarts = new Int32Array(32);
let cueCount = 0;
/** Bits of CUE_* for the text last scanned. */
let cues = 0;
/** Where the first cue ("answer", "option", "choice", ")") starts in the text last scanned; its length if none. */
let firstCueAt = 0;
/** ANSWER_CUE: "answer", "option", "choice" or ")" (any case). */
const CUE_ANY = 1;
/** /answer\s*:/i */
const CUE_ANSWER_COLON = 2;
/** /(?:option|choice)\s+is/i */
const CUE_OPTION_IS = 4;
/** /\)\s+is\s/i */
const CUE_PAREN_IS = 8;
/** VALUE_ANSWER_CORE: /answer\s+(?:is|would be)/i */
const CUE_VALUE_CORE = 16;

const L = '([A-J])';

/**
 * A final-answer pattern, with a cheap test that every match needs (so texts
 * without it skip the pattern) and, for the patterns built around "answer is",
 * where a match can start relative to that core phrase (so the scan can jump
 * over the text before it instead of trying the pattern at every offset).
 */
interface AnswerPattern {
  re: RegExp;
  /** Necessary for a match (a CUE_* bit, see scanCues): a text without it has no match. */
  needs: number;
  /** Every match contains a match of `needs`, preceded in the match by at most this many words (letters only) and white space or commas. */
  wordsBeforeCore?: number;
  /**
   * For the patterns built around "answer is": a FIT_* bit of coreFit, a test that
   * the text around a core passes whenever a match contains that core (what must
   * come right before "answer", and right after the core phrase). Cores that fail
   * it are passed over, and a text without any that pass needs no regex.
   */
  fit?: number;
}

/** coreFit bits: the core fits LETTER_ANSWER_PATTERNS 1, 2 and 3 (see fitCores). */
const FIT_QUALIFIED_PAREN = 1;
const FIT_THE_PAREN = 2;
const FIT_BARE = 4;

/** The phrase every "the answer is (X)" statement contains: /answer\s+(?:is|would be|must be)/i (its starts are coreStarts). */
const ANSWER_IS = 0;

/** Statements that give a final answer, most specific first. Each has the letter in group 1. */
export const LETTER_ANSWER_PATTERNS: AnswerPattern[] = [
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:best|correct|right|final)\s+answer\s+(?:is|would be|must be)\s*:?\s*\(${L}\)`, 'gi'),
    needs: ANSWER_IS,
    wordsBeforeCore: 2,
    fit: FIT_QUALIFIED_PAREN,
  },
  {
    re: new RegExp(String.raw`\b(?:so|therefore|thus|hence)?,?\s*the\s+answer\s+(?:is|would be|must be)\s*:?\s*\(${L}\)`, 'gi'),
    needs: ANSWER_IS,
    wordsBeforeCore: 2,
    fit: FIT_THE_PAREN,
  },
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:best|correct|right|final)?\s*answer\s+(?:is|would be|must be)\s*:?\s*(?:option\s+)?${L}(?![\w'])`, 'gi'),
    needs: ANSWER_IS,
    wordsBeforeCore: 2,
    fit: FIT_BARE,
  },
  { re: new RegExp(String.raw`^\s*(?:final\s+)?answer\s*:\s*\(?${L}\)?(?![\w'])`, 'gim'), needs: CUE_ANSWER_COLON },
  // "the correct option is C", "the best choice is option B", "the correct option is therefore D"
  {
    re: new RegExp(String.raw`\b(?:the\s+)?(?:correct|best|right)\s+(?:option|choice)\s+is\s*:?\s*(?:(?:therefore|thus|hence),?\s+)?(?:option\s+)?\(?${L}\)?(?![\w'])`, 'gi'),
    needs: CUE_OPTION_IS,
  },
  { re: new RegExp(String.raw`\(${L}\)\s+is\s+(?:the\s+)?(?:correct|right|best)(?:\s+answer)?\b`, 'gi'), needs: CUE_PAREN_IS },
];


const QUALIFIERS = ['best', 'correct', 'right', 'final'];
const THE = ['the'];

/**
 * Which patterns each core of the text scanCues has just scanned fits (FIT_* bits,
 * parallel to coreStarts): worked out once per core, where each pattern used to
 * test the text around every core again (the same coreEnd, the same letter after it).
 */
let coreFit = new Uint8Array(16);
/** The FIT_* bits of any core (a pattern whose bit no core has has no match: it need not be tried). */
let coreFitAny = 0;
/**
 * For each core that fits FIT_THE_PAREN (parallel to coreStarts): where its "the"
 * starts, and where "the answer is (X)" from that "the" ends. fitCores has found
 * both on its way; nextTheAnswerParen reads them rather than finding them again.
 */
let coreThe = new Int32Array(16);
let coreTheEnd = new Int32Array(16);

function fitCores(text: string): void {
  if (coreFit.length < coreCount) {
    coreFit = new Uint8Array(coreStarts.length);
    coreThe = new Int32Array(coreStarts.length);
    coreTheEnd = new Int32Array(coreStarts.length);
  }
  let any = 0;
  for (let c = 0; c < coreCount; c++) {
    const core = coreStarts[c]!;
    // What follows `\s*:?\s*` after the core phrase (both letter tests start there).
    const after = skipColon(text, coreEnd(text, core));
    let bits = 0;
    if (isParenLetterAt(text, after)) {
      // The word before the core ends where the white space before it starts (none: no word).
      const wordEnd = skipWhiteSpaceBack(text, core);
      if (wordEnd < core) {
        if (wordEndsAt(text, wordEnd, QUALIFIERS)) bits |= FIT_QUALIFIED_PAREN;
        if (wordEndsAt(text, wordEnd, THE)) {
          bits |= FIT_THE_PAREN;
          coreThe[c] = wordEnd - 3;
          coreTheEnd[c] = after + 3;
        }
      }
    }
    if (isBareLetterAt(text, after)) bits |= FIT_BARE;
    coreFit[c] = bits;
    any |= bits;
  }
  coreFitAny = any;
}

/** Whether one of `words` (any ASCII case) ends at `i`. */
function wordEndsAt(text: string, i: number, words: readonly string[]): boolean {
  // The word's last letter first (most texts have another word there: "so the answer is"): no loop over the words then.
  const last = text.charCodeAt(i - 1) | 0x20;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (last === w.charCodeAt(w.length - 1) && i >= w.length && startsWithFolded(text, i - w.length, w)) return true;
  }
  return false;
}

/** Where the core phrase at `core` ("answer", white space, "is" / "would be" / "must be", as scanCues found it) ends. */
function coreEnd(text: string, core: number): number {
  const j = skipWhiteSpace(text, core + 6);
  const c = text.charCodeAt(j) | 0x20;
  return j + (c === 105 ? 2 : c === 119 ? 8 : 7);
}

/** `\s*:?\s*` from `i`: where what follows it starts. */
function skipColon(text: string, i: number): number {
  i = skipWhiteSpace(text, i);
  if (text.charCodeAt(i) === 58) i = skipWhiteSpace(text, i + 1);
  return i;
}

/** A letter of the patterns' `([A-J])` under /i (A-J, a-j). */
function isPatternLetter(c: number): boolean {
  return (c >= 65 && c <= 74) || (c >= 97 && c <= 106);
}

/** `\(([A-J])\)` (/i) at `k` (what follows `\s*:?\s*`, see skipColon). */
function isParenLetterAt(text: string, k: number): boolean {
  return text.charCodeAt(k) === 40 && isPatternLetter(text.charCodeAt(k + 1)) && text.charCodeAt(k + 2) === 41;
}

/** `(?:option\s+)?([A-J])(?![\w'])` (/i) at `k` (what follows `\s*:?\s*`, see skipColon). */
function isBareLetterAt(text: string, k: number): boolean {
  if (startsWithFolded(text, k, 'option')) {
    const m = skipWhiteSpace(text, k + 6);
    if (m > k + 6 && isLetterAlone(text, m)) return true;
  }
  return isLetterAlone(text, k);
}

/** `([A-J])(?![\w'])` (/i) at `k`. */
function isLetterAlone(text: string, k: number): boolean {
  if (!isPatternLetter(text.charCodeAt(k))) return false;
  const next = text.charCodeAt(k + 1);
  return !(isAsciiWordCode(next) || next === 39);
}

/** Whether text[at..] starts with `lower` (lower-case ASCII letters and spaces) in any ASCII case, as a /i regex compares. */
export function startsWithFolded(text: string, at: number, lower: string): boolean {
  if (at + lower.length > text.length) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(at + k);
    const l = lower.charCodeAt(k);
    // Setting bit 0x20 lower-cases A-Z and leaves a-z as they are; only those two give a lower-case letter.
    if ((l === 32 ? c : c | 0x20) !== l) return false;
  }
  return true;
}

/** The end of a run of white space from `i` (i itself when there is none). */
function skipWhiteSpace(text: string, i: number): number {
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Where a word cue can start: "answer", "option" or "choice" (any case), as a
 * global pattern stepped with `test` (no match arrays). The ")" cues are found
 * with `indexOf` instead: with ")" in the alternation the shortest match is one
 * character, which keeps V8's regex engine from skipping ahead, and the pattern
 * took about twice as long over the outputs of the text bench corpus.
 */
const CUE_WORD = /answer|option|choice/gi;

/**
 * One pass over `text` in place of a regex test per pattern (each of which
 * reads the whole text): every cue starts with "answer", "option", "choice" or
 * ")", so only those occurrences are looked at, in order, and what follows each
 * is checked there. (No two of them can overlap, so the words and the ")"s,
 * found apart and merged, are what one scan for all of them finds.) Sets cues,
 * cueStarts, coreStarts and their counts.
 */
function scanCues(text: string): void {
  let found = 0;
  coreCount = 0;
  cueCount = 0;
  const n = text.length;
  firstCueAt = n;
  const re = CUE_WORD;
  re.lastIndex = 0;
  /** The next word cue and the next ")" not yet taken (-1: none left). */
  let word = re.test(text) ? re.lastIndex - 6 : -1;
  let paren = text.indexOf(')');
  while (word !== -1 || paren !== -1) {
    const isParen = word === -1 || (paren !== -1 && paren < word);
    const start = isParen ? paren : word;
    if (found === 0) firstCueAt = start;
    if (cueCount === cueStarts.length) {
      const grown = new Int32Array(cueCount * 2);
      grown.set(cueStarts);
      cueStarts = grown;
    }
    cueStarts[cueCount++] = start;
    found |= CUE_ANY;
    if (isParen) {
      paren = text.indexOf(')', start + 1);
      const end = start + 1;
      const j = skipWhiteSpace(text, end);
      if (j > end && startsWithFolded(text, j, 'is') && j + 2 < n && isWhiteSpace(text.charCodeAt(j + 2))) found |= CUE_PAREN_IS;
      continue;
    }
    const end = start + 6;
    word = re.test(text) ? re.lastIndex - 6 : -1;
    const j = skipWhiteSpace(text, end);
    if ((text.charCodeAt(start) | 0x20) === 97) {
      // "answer"
      if (text.charCodeAt(j) === 58) found |= CUE_ANSWER_COLON;
      if (j === end) continue;
      const isOrWould = startsWithFolded(text, j, 'is') || startsWithFolded(text, j, 'would be');
      if (isOrWould) found |= CUE_VALUE_CORE;
      if (isOrWould || startsWithFolded(text, j, 'must be')) {
        if (coreCount === coreStarts.length) {
          const grown = new Int32Array(coreCount * 2);
          grown.set(coreStarts);
          coreStarts = grown;
        }
        coreStarts[coreCount++] = start;
      }
    } else if (j > end && startsWithFolded(text, j, 'is')) found |= CUE_OPTION_IS; // "option" / "choice"
  }
  cues = found;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The earliest offset where a match whose core starts at `at` can start: back over
 * white space and commas, then over up to `words` runs of letters with their separators.
 * (Runs of letters are taken whole, so the bound never passes a real match start.)
 */
function earliestStart(text: string, at: number, words: number): number {
  let i = at;
  // The core may be glued to the word before it ("bestanswer"), which counts as one of the words.
  // (No helper closure for the separators: its context would be allocated on every call.)
  for (let w = 0; w <= words; w++) {
    while (i > 0 && (text.charCodeAt(i - 1) === 44 || isWhiteSpace(text.charCodeAt(i - 1)))) i--;
    if (w === words) break;
    while (i > 0 && isLetterCode(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/**
 * The next match of a global pattern, exactly as a plain `exec` loop from offset 0
 * finds them one after another: a pattern with a core phrase (`cores`, its sorted
 * offsets) only runs from just before the next core occurrence, since no match can
 * start earlier and `exec` finds the leftmost. Null when there is none.
 */
function nextMatch(p: AnswerPattern, text: string, useCores: boolean): RegExpExecArray | null {
  const re = p.re;
  if (useCores && p.wordsBeforeCore !== undefined) {
    // The first core at or after lastIndex (binary search: a huge text may hold many).
    let next = 0;
    let hi = coreCount;
    while (next < hi) {
      const mid = (next + hi) >> 1;
      if (coreStarts[mid]! < re.lastIndex) next = mid + 1;
      else hi = mid;
    }
    // Cores that no match of this pattern can contain are passed over.
    const fit = p.fit;
    if (fit !== undefined) while (next < coreCount && (coreFit[next]! & fit) === 0) next++;
    if (next === coreCount) return null;
    re.lastIndex = Math.max(re.lastIndex, earliestStart(text, coreStarts[next]!, p.wordsBeforeCore));
  }
  return re.exec(text);
}

/**
 * "the answer is <words>": a value answer (label or option text), group 1 (CUE_VALUE_CORE is what it needs).
 * A full stop before a digit is a decimal point, part of the value ("the answer is $11.50."), not its end.
 */
const VALUE_ANSWER = /\b(?:the\s+)?(?:best\s+|correct\s+|final\s+)?answer\s+(?:is|would be)\s*:?\s*["'“]?((?:[^\n.!?"”]|\.(?=\d)){1,80}?)["'”]?\s*(?:[!?\n]|\.(?!\d)|$)/gi;

/** A bare answer: "(B)", "B", "B)", "(B) option text", "B. option text". */
export const BARE_LETTER = /^\s*(?:\(([A-J])\)|([A-J])(?:[).:](?=\s|$)|(?=[ \t]*(?:\n|$))))/;

/**
 * A test every BARE_LETTER match of a trimmed text passes (so most outputs,
 * which start with a word, need no regex): it starts with "(", or with a letter
 * A-J that ends the text or is followed by ")", ".", ":" or a space, tab or line feed.
 */
export function mayBeBareLetter(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 40) return true;
  if (!(c >= 65 && c <= 74)) return false;
  if (text.length === 1) return true;
  const next = text.charCodeAt(1);
  return next === 41 || next === 46 || next === 58 || next === 32 || next === 9 || next === 10;
}

interface Match {
  index: number;
  end: number;
  letter?: string;
  letterIndex?: number;
  value?: string;
  valueIndex?: number;
}

/** The last final-answer statement naming a letter (exported for tests). */
export function lastLetterStatement(text: string, letters: ReadonlySet<string> | null): Match | null {
  let mask = 0;
  if (letters) for (const l of letters) mask |= letterBit(l);
  // A set that allows no letter of A..Z allows none at all (mask 0 would mean "any").
  if (letters && mask === 0) return null;
  scanCues(text);
  if (!lastLetterStatementIn(text, mask)) return null;
  return { index: stmtIndex, end: stmtEnd, letter: stmtLetter, letterIndex: stmtLetterIndex };
}

// The statements the searches below found last, in module variables rather than a
// match object per exemplar (read right after the search, before the next one).
/** lastLetterStatementIn: where the statement starts and ends, its letter (upper case) and where the letter is. */
let stmtIndex = 0;
let stmtEnd = 0;
let stmtLetter = '';
let stmtLetterIndex = 0;
/** lastValueStatement: where the statement starts and ends, its value and where the value starts. */
let valueIndex = 0;
let valueEnd = 0;
let valueText = '';
let valueAt = 0;

/**
 * For a run of line options (lettered A, B, C… in order from A, see findOptionRun; a run written "a) …" reads
 * upper case too): the index of the option with the upper-case letter `up`, or -1 when none has it; -2 when
 * `options` is no such run. It reads no option's letter (a getter that reads the option's text): where a large
 * file's demos are no longer in the processor's cache, every option read is a trip to memory.
 */
export function lineRunIndexOfLetter(options: readonly OptionItem[], up: string): number {
  if (options.length === 0 || !(options[0] instanceof LineOption)) return -2;
  const i = up.charCodeAt(0) - 65;
  return up.length === 1 && i >= 0 && i < options.length ? i : -1;
}

/**
 * Option letters as a bit set, bit 0 for A (no Set per exemplar); 0 when there
 * are no options, which lets any letter count.
 */
function letterMask(options: readonly OptionItem[]): number {
  // A run of line options (findOptionRun) is lettered A, B, C, ... in order: its mask needs no letter read.
  const first = options.length !== 0 ? options[0] : undefined;
  if (first instanceof LineOption) return ((1 << options.length) - 1) | (first.writtenLower() ? LOWER_LETTERS : 0);
  let mask = 0;
  for (let i = 0; i < options.length; i++) mask |= letterBit(options[i]!.letter);
  return mask;
}

/**
 * A letterMask bit (above every letter's): the options are a run of lower-case letters ("a) …",
 * "b) …", at least two in order, as findOptionRun finds them). Only then is a lower-case letter
 * read as one: an answer "a" or "(a)", a cited "(b)" or "option b". Elsewhere "a" is an article.
 */
const LOWER_LETTERS = 1 << 30;

function letterBit(letter: string): number {
  const c = letter.charCodeAt(0) - 65;
  return letter.length === 1 && c >= 0 && c < 26 ? 1 << c : 0;
}

/** Whether a letter mask (see letterMask) lets `letter` count. */
function allows(mask: number, letter: string): boolean {
  return mask === 0 || (mask & letterBit(letter)) !== 0;
}

/**
 * The last letter statement in `text`, which scanCues has just scanned. Every
 * final-answer statement contains "answer" (LETTER_ANSWER_PATTERNS 1-4 and
 * VALUE_ANSWER), "option"/"choice" (5) or ")" (6), so texts without any of
 * these (most labels, most rationales) are done after the scan.
 */
function lastLetterStatementIn(text: string, mask: number): boolean {
  if ((cues & CUE_ANY) === 0) return false;
  if (closingSoTheAnswerParen(text, mask)) return true;
  if (coreCount > 0) fitCores(text);
  let found = false;
  for (let k = 0; k < LETTER_ANSWER_PATTERNS.length; k++) {
    const p = LETTER_ANSWER_PATTERNS[k]!;
    const useCores = p.needs === ANSWER_IS;
    if (useCores ? coreCount === 0 || (p.fit !== undefined && (coreFitAny & p.fit) === 0) : (cues & p.needs) === 0) continue;
    if (p.fit === FIT_THE_PAREN) {
      // "so the answer is (B)", the most common statement, found by hand: no match array per statement.
      for (let at = nextTheAnswerParen(text, 0); at !== -1; at = nextTheAnswerParen(text, theEnd)) {
        // The letter is in parentheses, so a lower-case one counts too.
        const letter = LETTERS[(text.charCodeAt(theEnd - 2) | 0x20) - 97]!;
        if (!allows(mask, letter)) continue;
        if (found && at <= stmtIndex) continue;
        found = true;
        stmtIndex = at;
        stmtEnd = theEnd;
        stmtLetter = letter;
        stmtLetterIndex = theEnd - 2;
      }
      continue;
    }
    p.re.lastIndex = 0;
    for (let m = nextMatch(p, text, useCores); m; m = nextMatch(p, text, useCores)) {
      // The letter is A-J or a-j (what [A-J] matches under /i without the u flag): upper-cased from the table, no new string.
      const code = m[1]!.charCodeAt(0);
      if (code >= 97 && !m[0].includes('(')) continue; // "answer is a ..." is an article, not a letter
      const letter = LETTERS[(code | 0x20) - 97]!;
      if (!allows(mask, letter)) continue;
      if (found && m.index <= stmtIndex) continue;
      found = true;
      stmtIndex = m.index;
      stmtEnd = m.index + m[0].length;
      stmtLetter = letter;
      stmtLetterIndex = m.index + m[0].lastIndexOf(m[1]!);
    }
  }
  return found || otherLanguageStatementIn(text, mask);
}

/** " the answer is " with single spaces, as closingSoTheAnswerParen reads it before the "(" (any case). */
const SPACED_THE_ANSWER_IS = ' the answer is ';

/**
 * lastLetterStatementIn's shortcut for the statement that closes most chain-of-thought demos, "… So the answer
 * is (B)." at the very end: a lead word of LETTER_ANSWER_PATTERNS[1] (so, therefore, thus, hence; a \b before it,
 * perhaps a comma after it), " the answer is " with single spaces, a letter in parentheses the mask allows, then
 * perhaps a full stop and white space. Sets the statement variables as the search does and returns true; false
 * (nothing set) for any other text, which the search reads as before.
 *
 * Exactly what the search finds (the tests compare the two): pattern 2 matches from the lead word's start (a match
 * starting earlier would have to cover the lead word with a longer one, and none ends with another; no earlier match
 * reaches into the statement, its only ")" being this one), and no pattern matches from a later start (each match
 * holds a cue, and the only ones after the lead word are this "answer", which no other pattern can use before " is (",
 * and this ")", followed by no "is"), while the search keeps the match that starts last.
 * (s27 r2-output, CPU minima of alternating runs on the 1 MiB text corpus, every output of which ends so: analyseOutput
 * over its 3,549 demo outputs 2.84 -> 2.32 ms, parseDocument 6.29 -> 5.77 ms; the JSONL corpus's parse 4.27 -> 4.27 ms.)
 */
function closingSoTheAnswerParen(text: string, mask: number): boolean {
  let e = text.length;
  while (e > 0 && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  if (text.charCodeAt(e - 1) === 46) e--;
  // "(X)" with a letter of the patterns' `([A-J])` under /i.
  const code = text.charCodeAt(e - 2);
  if (text.charCodeAt(e - 1) !== 41 || !isPatternLetter(code) || text.charCodeAt(e - 3) !== 40) return false;
  // The space before "the".
  const phrase = e - 3 - SPACED_THE_ANSWER_IS.length;
  if (phrase < 1 || !startsWithFolded(text, phrase, SPACED_THE_ANSWER_IS)) return false;
  const leadEnd = text.charCodeAt(phrase - 1) === 44 ? phrase - 1 : phrase;
  for (let k = 0; k < THE_ANSWER_LEAD.length; k++) {
    const word = THE_ANSWER_LEAD[k]!;
    const start = leadEnd - word.length;
    if (start < 0 || !startsWithFolded(text, start, word)) continue;
    if (start > 0 && isAsciiWordCode(text.charCodeAt(start - 1))) return false; // no \b: "also the answer is (B)"
    const letter = LETTERS[(code | 0x20) - 97]!;
    if (!allows(mask, letter)) return false;
    stmtIndex = start;
    stmtEnd = e;
    stmtLetter = letter;
    stmtLetterIndex = e - 2;
    return true;
  }
  return false;
}

/**
 * "the answer is" in French, Spanish, German, Italian, Portuguese and Dutch, with an optional "correct" and
 * an optional colon, ending where the letter's "(" starts (the statement's text up to it, from `$`):
 * "la (bonne) réponse (correcte) est", "la respuesta (correcta) es", "die (richtige) Antwort ist", "ist die
 * (richtige) Antwort", "die Antwort lautet", "la risposta (corretta) è", "a resposta (correta) é", "het
 * (juiste) antwoord is". Not preceded by a letter, so "la" is a word ("Hola respuesta" is none).
 */
const OTHER_LANGUAGE_ANSWER_IS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:la\s+(?:bonne\s+)?réponse(?:\s+correcte)?\s+est|la\s+respuesta(?:\s+correcta)?\s+es|die\s+(?:richtige\s+)?antwort\s+(?:ist|lautet)|ist\s+die\s+(?:richtige\s+)?antwort|la\s+risposta(?:\s+corretta)?\s+è|a\s+resposta(?:\s+correta)?\s+é|het\s+(?:juiste\s+)?antwoord\s+is)\s*:?\s*$`,
  'iu',
);
/** The most text before "(X)" that OTHER_LANGUAGE_ANSWER_IS reads ("la bonne réponse correcte est :" and spaces). */
const OTHER_LANGUAGE_LOOKBACK = 48;

/**
 * A final-answer statement in another language (OTHER_LANGUAGE_ANSWER_IS) with its letter in parentheses,
 * "La réponse est (C)", "Die Antwort ist (B)", read when the text has no English one (s25 multilingual: French
 * BBH-style demos were read as having no gold). The last in the text counts; sets the statement variables as
 * lastLetterStatementIn does. Every "(X)" ends in a ")" that scanCues has listed among the cues, so only those
 * are looked at, each with the few characters before it.
 */
function otherLanguageStatementIn(text: string, mask: number): boolean {
  for (let c = cueCount - 1; c >= 0; c--) {
    const close = cueStarts[c]!;
    if (text.charCodeAt(close) !== 41 || close < 2 || text.charCodeAt(close - 2) !== 40) continue;
    const code = text.charCodeAt(close - 1);
    if (!isPatternLetter(code)) continue;
    const letter = LETTERS[(code | 0x20) - 97]!;
    if (!allows(mask, letter)) continue;
    const from = Math.max(0, close - 2 - OTHER_LANGUAGE_LOOKBACK);
    const m = OTHER_LANGUAGE_ANSWER_IS.exec(text.slice(from, close - 2));
    // (A match at the slice's start must not go on a word the slice cut: the lookbehind cannot see it.)
    if (!m || (m.index === 0 && from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1]!))) continue;
    stmtIndex = from + m.index;
    stmtEnd = close + 1;
    stmtLetter = letter;
    stmtLetterIndex = close - 1;
    return true;
  }
  return false;
}

/** Where the match nextTheAnswerParen found last ends (after its ")"). */
let theEnd = 0;

/** The words the optional group of LETTER_ANSWER_PATTERNS[1] tries, in its order. */
const THE_ANSWER_LEAD = ['so', 'therefore', 'thus', 'hence'];

/**
 * The next match at or after `from` of LETTER_ANSWER_PATTERNS[1],
 * `\b(?:so|therefore|thus|hence)?,?\s*the\s+answer\s+(?:is|would be|must be)\s*:?\s*\(([A-J])\)` (/gi),
 * by hand, in the text scanCues and fitCores have just read: where it starts
 * (sets theEnd), or -1. The leftmost match, as `exec` finds it: every match holds a
 * core that fits FIT_THE_PAREN, and starts at most one word (its lead word) before
 * its "the", and at or before it, so only those starts are tried, in order (the tests
 * compare the two).
 */
function nextTheAnswerParen(text: string, from: number): number {
  // The first core at or after `from` (binary search, as nextMatch).
  let c = 0;
  let hi = coreCount;
  while (c < hi) {
    const mid = (c + hi) >> 1;
    if (coreStarts[mid]! < from) c = mid + 1;
    else hi = mid;
  }
  let p = from;
  for (; c < coreCount; c++) {
    if ((coreFit[c]! & FIT_THE_PAREN) === 0) continue;
    // The core's "the", and where "the answer is (X)" from it ends (fitCores has checked each part of it).
    const the = coreThe[c]!;
    const coreMatchEnd = coreTheEnd[c]!;
    // A match with this "the" holds only `(?:so|therefore|thus|hence)?,?\s*` before it: it starts in the run of white
    // space and commas right before the "the", or where the letters right before that run start (its lead word). A match
    // of another core cannot start in between: it would hold this "the answer". (Was earliestStart(text, core, 2), which
    // also read the "the" and the white space before the lead word, and tried a start there. s27 perf-output, analyseOutput
    // over the 3,549 demo outputs of the 1 MiB text corpus, CPU minima of 6 alternating runs: 3.05 -> 2.87 ms.)
    let lead = the;
    while (lead > 0 && (text.charCodeAt(lead - 1) === 44 || isWhiteSpace(text.charCodeAt(lead - 1)))) lead--;
    while (lead > 0 && isLetterCode(text.charCodeAt(lead - 1))) lead--;
    p = Math.max(p, lead);
    for (; p <= the; p++) {
      const end = theAnswerParenAt(text, p, the, coreMatchEnd);
      if (end !== -1) {
        theEnd = end;
        return p;
      }
    }
  }
  return -1;
}

/** The start of the run of white space that ends at `i` (i itself when there is none). */
function skipWhiteSpaceBack(text: string, i: number): number {
  while (i > 0 && isWhiteSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * Where a match of LETTER_ANSWER_PATTERNS[1] that starts at `p` ends, or -1 (see nextTheAnswerParen).
 * A match whose "the" is at `the` ends at `theMatchEnd` (nextTheAnswerParen knows it; no need to read it again).
 */
function theAnswerParenAt(text: string, p: number, the: number, theMatchEnd: number): number {
  // \b (ASCII word characters: no u flag)
  if ((p > 0 && isAsciiWordCode(text.charCodeAt(p - 1))) === isAsciiWordCode(text.charCodeAt(p))) return -1;
  // (?:so|therefore|thus|hence)? then ,? — each way the regex would try, in its order; \s* before "the" takes all the white space.
  for (let g = 0; g <= THE_ANSWER_LEAD.length; g++) {
    let q = p;
    if (g < THE_ANSWER_LEAD.length) {
      const word = THE_ANSWER_LEAD[g]!;
      if (!startsWithFolded(text, p, word)) continue;
      q = p + word.length;
    }
    for (let comma = 1; comma >= 0; comma--) {
      let r = q;
      if (comma === 1) {
        if (text.charCodeAt(r) !== 44) continue;
        r++;
      }
      r = skipWhiteSpace(text, r);
      if (r === the) return theMatchEnd;
      if (!startsWithFolded(text, r, 'the')) continue;
      const end = theAnswerParenRest(text, r + 3);
      if (end !== -1) return end;
    }
  }
  return -1;
}

/** `\s+answer\s+(?:is|would be|must be)\s*:?\s*\(([A-J])\)` (/i) at `j`: where it ends, or -1. */
function theAnswerParenRest(text: string, j: number): number {
  let k = skipWhiteSpace(text, j);
  if (k === j || !startsWithFolded(text, k, 'answer')) return -1;
  j = k + 6;
  k = skipWhiteSpace(text, j);
  if (k === j) return -1;
  if (startsWithFolded(text, k, 'is')) k += 2;
  else if (startsWithFolded(text, k, 'would be')) k += 8;
  else if (startsWithFolded(text, k, 'must be')) k += 7;
  else return -1;
  // \s*:?\s* then "(": taking all white space, the colon if there is one, then all white space is the only way to reach a "(".
  k = skipColon(text, k);
  return text.charCodeAt(k) === 40 && isPatternLetter(text.charCodeAt(k + 1)) && text.charCodeAt(k + 2) === 41 ? k + 3 : -1;
}

/** The matches of LETTER_ANSWER_PATTERNS[1] in order, found by hand as lastLetterStatementIn finds them: [start, end] pairs (exported for tests). */
export function theAnswerParenMatches(text: string): number[][] {
  scanCues(text);
  if (coreCount > 0) fitCores(text);
  const out: number[][] = [];
  for (let at = nextTheAnswerParen(text, 0); at !== -1; at = nextTheAnswerParen(text, theEnd)) out.push([at, theEnd]);
  return out;
}

/** The last value statement in `text`, which scanCues has just scanned (see valueIndex). */
function lastValueStatement(text: string): boolean {
  let found = false;
  if ((cues & CUE_VALUE_CORE) === 0) return false;
  VALUE_ANSWER.lastIndex = 0;
  for (let m = VALUE_ANSWER.exec(text); m; m = VALUE_ANSWER.exec(text)) {
    const value = m[1]!.trim();
    if (!value || /^\(?[A-J]\)?$/.test(value)) continue;
    // The statement ends with its value (and closing quote), not the sentence's full stop, like letter statements.
    let end = m.index + m[0].length;
    while (end > m.index && /[\s.!?]/.test(text[end - 1]!)) end--;
    found = true;
    valueIndex = m.index;
    valueEnd = end;
    valueText = value;
    valueAt = m.index + m[0].indexOf(m[1]!);
  }
  return found;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The option whose text the value names (exact, or the value starts with it). */
export function optionByText(options: readonly OptionItem[], value: string): OptionItem | undefined {
  if (options.length === 0) return undefined; // most labels in datasets: nothing to normalise for
  const v = normalise(value);
  if (!v) return undefined;
  const exact = options.find((o) => normalise(optionText(o)) === v);
  if (exact) return exact;
  const candidates = options.filter((o) => {
    const t = normalise(optionText(o));
    return t.length >= 3 && (v.startsWith(t + ' ') || v === t);
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

// Each shape of AnswerRef is made whole in one literal (an absent field is undefined,
// which serialises like a missing one): properties added later would need a second store.

/**
 * The answer the letter statement lastLetterStatementIn found last in `seg` states.
 * `cites`: the list citationsFromCues has just made of the same text, whose span the
 * letter shares when it is cited (null: none to share).
 */
function letterAnswerRef(seg: Segment, options: readonly OptionItem[], cites: readonly LetterCitation[] | null): AnswerRef {
  const span = seg.sourceSpan(stmtIndex, trimEnd(seg.text, stmtEnd));
  const opt = optionWithLetter(options, stmtLetter);
  return { span, letter: stmtLetter, letterSpan: letterSpanAt(seg, stmtLetterIndex, 0, cites), label: opt ? optionText(opt) : undefined };
}

/** The answer the value statement lastValueStatement found last in `seg` states. */
function valueAnswerRef(seg: Segment, options: readonly OptionItem[]): AnswerRef {
  const value = valueText;
  valueText = ''; // a slice of the document: not kept by the module
  const span = seg.sourceSpan(valueIndex, trimEnd(seg.text, valueEnd));
  const opt = optionByText(options, value);
  return {
    span,
    label: opt ? optionText(opt) : value,
    labelSpan: seg.sourceSpan(valueAt, valueAt + value.length),
    letter: opt ? opt.letter : undefined,
  };
}

/**
 * `seg.sourceSpan(at, at + 1)`, the span of a letter, where `seg` is the text
 * citationsFromCues has just read from decoded offset `shift` on. When that letter
 * is one of `cites` (its list), the citation's span is the same value, and the
 * answer shares it: one object less per exemplar (spans are never changed).
 */
function letterSpanAt(seg: Segment, at: number, shift: number, cites: readonly LetterCitation[] | null): Span {
  if (cites) for (let k = 0; k < cites.length; k++) if (citeAt[k] === at + shift) return cites[k]!.span;
  return seg.sourceSpan(at, at + 1);
}

/** `options.find((o) => o.letter === letter)` without a closure per call. */
function optionWithLetter(options: readonly OptionItem[], letter: string): OptionItem | undefined {
  // Line options are lettered A, B, C, ... in order (see findOptionRun): the letter's place is its index.
  const at = options[letter.charCodeAt(0) - 65];
  if (at instanceof LineOption) return at.letter === letter ? at : undefined;
  for (let i = 0; i < options.length; i++) if (options[i]!.letter === letter) return options[i];
  return undefined;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Letters cited in text: "(B)", "option B", "choice B", "answer B". */
export function letterCitations(seg: Segment, letters: ReadonlySet<string> | null): LetterCitation[] {
  let mask = 0;
  if (letters) for (const l of letters) mask |= letterBit(l);
  return letters && mask === 0 ? [] : citationsIn(seg, mask);
}

/**
 * The matches of CITATION in order, by hand. Every match starts at a "(" whose
 * ")" follows the letter, or at a keyword ("option", "choice", "answer"); all of
 * these are cues of scanCues, which finds every one of them (no two cues can
 * overlap), in order. No alternative of the pattern needs to backtrack, so
 * checking those candidates in order finds exactly what `exec` finds.
 */
function citationsIn(seg: Segment, mask: number): LetterCitation[] {
  scanCues(seg.text);
  return citationsFromCues(seg, mask);
}

/** citationsIn for the text scanCues has just scanned. */
function citationsFromCues(seg: Segment, mask: number): LetterCitation[] {
  const text = seg.text;
  let count = 0;
  /** Where the scan goes on: candidates before it are passed over, as a global regex does. */
  let from = 0;
  for (let r = 0; r < cueCount; r++) {
    const cue = cueStarts[r]!;
    let p: number;
    let at = -1;
    const c = text.charCodeAt(cue);
    if (c === 41) {
      // \(([A-J])\) ending at this ")"
      p = cue - 2;
      if (p < from || text.charCodeAt(p) !== 40) continue;
      const l = text.charCodeAt(p + 1);
      if (!(l >= 65 && l <= 74) && !(l >= 97 && l <= 106 && (mask & LOWER_LETTERS) !== 0)) continue;
      at = p + 1;
      from = p + 3;
    } else {
      // A keyword: its first letter in either case, the rest in lower case (what keywordLetterAt checks).
      p = cue;
      if (p < from) continue;
      // (A candidate that is no match moves the scan on to just after itself, past no later candidate.)
      if (p > 0 && isAsciiWordCode(text.charCodeAt(p - 1))) continue;
      at = keywordLetterAt(text, p, c | 0x20, (mask & LOWER_LETTERS) !== 0);
      if (at === -1) continue;
      from = at + 1;
    }
    // The scan goes on after the match, as a global regex does, even when the letter is not an option's.
    const letter = LETTERS[(text.charCodeAt(at) | 0x20) - 97]!;
    if (allows(mask, letter)) {
      if (count === citeAt.length) {
        const grown = new Int32Array(count * 2);
        grown.set(citeAt);
        citeAt = grown;
      }
      citeAt[count] = at;
      foundCitations[count++] = { letter, span: seg.sourceSpan(at, at + 1) };
    }
  }
  return citationList(count);
}

/** Where (decoded offset) the letter of each citation citationsFromCues made last is, in its order. */
let citeAt = new Int32Array(16);


/**
 * The citations citationsIn is collecting (shared, never re-entered): a list
 * grown by push keeps room for 16 more, and every exemplar keeps its list.
 */
const foundCitations: LetterCitation[] = [];

/** The first `count` entries of foundCitations as a list of that size, and the scratch list cleared. */
function citationList(count: number): LetterCitation[] {
  if (count === 0) return NO_CITATIONS;
  const out: LetterCitation[] = new Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = foundCitations[i]!;
    foundCitations[i] = NO_CITATION;
  }
  return out;
}

/**
 * The list of an exemplar that cites no letter: one frozen empty list for all of
 * them (most dataset records), not an empty array each. Nothing changes an
 * exemplar's lists; a change would throw.
 */
const NO_CITATIONS = Object.freeze([]) as unknown as LetterCitation[];

/** The options of a question without a lettered list, shared like NO_CITATIONS. */
const NO_OPTION_ITEMS = Object.freeze([]) as unknown as OptionItem[];

/** A placeholder for cleared scratch entries (so no old citation is kept alive by them). */
const NO_CITATION: LetterCitation = Object.freeze({ letter: '', span: Object.freeze({ start: 0, end: 0 }) });


/**
 * Where the letter is in `\b(?:[Oo]ptions?|[Cc]hoices?|[Aa]nswer(?:\s+is)?)\s*:?\s*([A-J])(?![\w'])` at `p` (after its \b), or -1.
 * `lowerLetters` (the options are lettered in lower case, see LOWER_LETTERS): "option b", "choice c" count too
 * (not "answer a", which is as often "answer a question").
 */
function keywordLetterAt(text: string, p: number, lower: number, lowerLetters: boolean): number {
  let j: number;
  if (lower === 111 || lower === 99) {
    if (!text.startsWith(lower === 111 ? 'ption' : 'hoice', p + 1)) return -1;
    j = p + 6;
    if (text.charCodeAt(j) === 115) j++; // s?
  } else {
    if (!text.startsWith('nswer', p + 1)) return -1;
    j = p + 6;
    // (?:\s+is)?
    let k = j;
    while (k < text.length && isWhiteSpace(text.charCodeAt(k))) k++;
    if (k > j && text.startsWith('is', k)) j = k + 2;
  }
  while (j < text.length && isWhiteSpace(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 58) j++;
  while (j < text.length && isWhiteSpace(text.charCodeAt(j))) j++;
  const l = text.charCodeAt(j);
  if (!(l >= 65 && l <= 74)) {
    if (!(lowerLetters && lower !== 97 && l >= 97 && l <= 106)) return -1;
    // "option a student …": a lower-case "a" or "i" before another word is the word, not a letter.
    if ((l === 97 || l === 105) && text.charCodeAt(j + 1) === 32 && isLetterCode(text.charCodeAt(j + 2))) return -1;
  }
  const next = text.charCodeAt(j + 1);
  return isAsciiWordCode(next) || next === 39 ? -1 : j;
}

/** The pattern citationsIn matches (exported for tests). */
export const CITATION = /\(([A-J])\)|\b(?:[Oo]ptions?|[Cc]hoices?|[Aa]nswer(?:\s+is)?)\s*:?\s*([A-J])(?![\w'])/g;

export interface AnalysedOutput {
  answer?: AnswerRef;
  rationale?: Segment;
  conclusion?: AnswerRef;
  letterCitations: LetterCitation[];
}

/** Whether `text.trim().split(/\s+/)` has at most `max` parts, counted without splitting. */
function wordCountAtMost(text: string, max: number): boolean {
  let words = 1;
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  let i = 0;
  while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
  while (i < end) {
    if (isWhiteSpace(text.charCodeAt(i))) {
      // One more word after each run of white space inside the trimmed text.
      while (isWhiteSpace(text.charCodeAt(i))) i++;
      if (++words > max) return false;
    } else i++;
  }
  return true;
}

/** Whether the text has a letter or digit (WORD_CHAR); an ASCII one is found without the Unicode-class regex. */
function hasWords(text: string): boolean {
  let nonAscii = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) nonAscii = true;
    else if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return true;
  }
  return nonAscii && WORD_CHAR.test(text);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Longest label we treat as a class label rather than free text. */
const MAX_LABEL_WORDS = 4;

/**
 * Analyse an answer/output segment: where is the gold answer, what is rationale,
 * and does the rationale conclude something on its own?
 */
export function analyseOutput(output: Segment, options: readonly OptionItem[]): AnalysedOutput {
  const letterCitations = analyseOutputWith(output, options, letterMask(options));
  const out: AnalysedOutput = { answer: analysedAnswer, rationale: analysedRationale, conclusion: analysedConclusion, letterCitations };
  clearAnalysed();
  return out;
}

// What analyseOutputWith found, in module variables rather than a result object per
// exemplar: read right after the call (before the next one), then cleared.
let analysedAnswer: AnswerRef | undefined;
let analysedRationale: Segment | undefined;
let analysedConclusion: AnswerRef | undefined;

/** Drop what analyseOutputWith found (the module keeps nothing of a document). */
function clearAnalysed(): void {
  analysedAnswer = undefined;
  analysedRationale = undefined;
  analysedConclusion = undefined;
}

/** Whether `line`'s last character other than white space is a comma. */
function endsWithComma(line: string): boolean {
  let k = line.length - 1;
  while (k >= 0 && (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9 || line.charCodeAt(k) === 13)) k--;
  return k >= 0 && line.charCodeAt(k) === 44;
}

/**
 * analyseOutput with the options' letterMask, which buildExemplar has already made
 * (reading each option's letter again costs a getter call per option). Sets
 * analysedAnswer, analysedRationale and analysedConclusion; returns the citations.
 */
function analyseOutputWith(output: Segment, options: readonly OptionItem[], letters: number, judge = 0): LetterCitation[] {
  const text = output.text;
  // One scan of the text serves the citations and the answer statements (step 2).
  scanCues(text);
  const cites = citationsFromCues(output, letters);
  const trimmed = output.trim();
  analysedAnswer = undefined;
  analysedRationale = undefined;
  analysedConclusion = undefined;
  if (!trimmed.text) return cites;

  // 0. A judge's verdict on numbered candidates ("2", "[[1]]", "Verdict: 2", "Response 2 is better."): its number is the
  //    gold, by position (no letter is written); nothing else is (a letter, an option's text).
  if (judge === JUDGE_NUMBERED) {
    if (judgeVerdict(text, letters, true)) judgeAnswer(output, options, letters, cites, true);
    return cites;
  }

  // 1. A bare letter at the start: "(B)", "B", "(B) Paris. Because ..."
  const bare = mayBeBareLetter(trimmed.text) ? BARE_LETTER.exec(trimmed.text) : null;
  let bareLetter = bare ? (bare[1] ?? bare[2])! : undefined;
  let at = bare && bareLetter ? trimmed.text.indexOf(bareLetter, bare.index) : -1;
  if (!bare && (letters & LOWER_LETTERS) !== 0) {
    // Options lettered "a) …": the answer "a", "a.", "a)", "(a)" is a letter too.
    at = lowerBareLetterAt(trimmed.text);
    if (at !== -1) bareLetter = LETTERS[trimmed.text.charCodeAt(at) - 97]!;
  }
  if (at !== -1 && bareLetter && allows(letters, bareLetter)) {
    // The answer statement is the first line; the rest (if any) is rationale.
    const firstLineEnd = trimmed.text.indexOf('\n') === -1 ? trimmed.text.length : trimmed.text.indexOf('\n');
    const opt = optionWithLetter(options, bareLetter);
    analysedAnswer = {
      letter: bareLetter,
      // `trimmed` starts after the white space that opens `text`, which the citations were found in.
      letterSpan: letterSpanAt(trimmed, at, skipWhiteSpace(text, 0), cites),
      span: trimmed.sourceSpan(0, trimEnd(trimmed.text, firstLineEnd)),
      label: opt ? optionText(opt) : undefined,
    };
    // A one-line answer has no rest (most labels): no empty segment made for it.
    const rest = firstLineEnd < trimmed.text.length ? trimmed.sliceTrimmed(firstLineEnd) : undefined;
    const rationale = rest && rest.text ? stripRationaleLabel(rest) : undefined;
    analysedRationale = rationale;
    analysedConclusion = rationale ? conclusionWith(rationale, options, letters) : undefined;
    return cites;
  }

  // 1a. A judge's verdict in words on lettered candidates, closing the output ("Response A is better.", "Verdict: Response B").
  if (judge === JUDGE_LETTERED && judgeVerdict(text, letters, false)) {
    judgeAnswer(output, options, letters, cites, false);
    return cites;
  }

  // 1b. A closing "Answer: Yes" after the reasoning ("…, so the answer is No. Answer: Yes"): the gold, however the reasoning ends.
  if ((cues & CUE_ANSWER_COLON) !== 0 && closingAnswerField(text)) {
    const value = text.slice(closingValueStart, closingValueEnd);
    // With options lettered "a) …", "Answer: a" names the option by its letter.
    const lowerAt = (letters & LOWER_LETTERS) !== 0 ? lowerBareLetterAt(value) : -1;
    const lowerLetter = lowerAt !== -1 ? LETTERS[value.charCodeAt(lowerAt) - 97]! : undefined;
    if (lowerLetter !== undefined && allows(letters, lowerLetter)) {
      const opt = optionWithLetter(options, lowerLetter);
      const letterAt = closingValueStart + lowerAt;
      analysedAnswer = {
        letter: lowerLetter,
        letterSpan: letterSpanAt(output, letterAt, 0, cites),
        span: output.sourceSpan(closingStart, closingValueEnd),
        label: opt ? optionText(opt) : undefined,
      };
    } else {
      const opt = optionByText(options, value);
      analysedAnswer = {
        span: output.sourceSpan(closingStart, closingValueEnd),
        label: opt ? optionText(opt) : value,
        labelSpan: output.sourceSpan(closingValueStart, closingValueEnd),
        letter: opt ? opt.letter : undefined,
      };
    }
    rationaleBeforeClosing(output, options, letters);
    return cites;
  }

  // 1c. GSM8K's closing "#### 72" line: the gold, however the reasoning ends ("…, so the answer is 70.\n#### 72").
  if (closingHashesLine(text)) {
    analysedAnswer = {
      span: output.sourceSpan(closingStart, closingValueEnd),
      label: text.slice(closingValueStart, closingValueEnd),
      labelSpan: output.sourceSpan(closingValueStart, closingValueEnd),
    };
    rationaleBeforeClosing(output, options, letters);
    return cites;
  }

  // 1d. A judge's closing verdict naming an option: MT-Bench's "[[A]]" at the end, or a last line "Verdict: B".
  if ((letters & ~LOWER_LETTERS) !== 0 && closingVerdict(text, letters)) {
    const opt = optionWithLetter(options, text[closingValueStart]!);
    analysedAnswer = {
      letter: text[closingValueStart]!,
      letterSpan: letterSpanAt(output, closingValueStart, 0, cites),
      span: output.sourceSpan(closingStart, closingValueEnd),
      label: opt ? optionText(opt) : undefined,
    };
    rationaleBeforeClosing(output, options, letters);
    return cites;
  }

  // 2. A final-answer statement: the last one in the text (the cues are the text's: step 1 scans no other).
  const isLetter = lastLetterStatementIn(text, letters);
  if (isLetter || lastValueStatement(text)) {
    const index = isLetter ? stmtIndex : valueIndex;
    const end = isLetter ? stmtEnd : valueEnd;
    // Every cue a statement needs is one of the cues found above, so a rationale
    // taken from before the first of them holds no statement: no need to look.
    const noCueBefore = firstCueAt >= index;
    const answer = isLetter ? letterAnswerRef(output, options, cites) : valueAnswerRef(output, options);
    const before = output.sliceTrimmed(0, index);
    // Rationale: what precedes the statement; if the statement comes first, what follows it.
    let rationaleSeg: Segment | undefined = before;
    if (!hasWords(before.text)) {
      const after = output.sliceTrimmed(end);
      rationaleSeg = hasWords(after.text) ? after : undefined;
    }
    const rationale = rationaleSeg ? stripRationaleLabel(rationaleSeg) : undefined;
    analysedAnswer = answer;
    analysedRationale = rationale;
    // (A closing form with a bare letter, "…, so it must be C.", needs no cue: a look at the rationale's last characters.)
    analysedConclusion =
      !rationale || (rationaleSeg === before && noCueBefore && !endsWithBareLetter(rationale.text)) ? undefined : conclusionWith(rationale, options, letters);
    return cites;
  }

  // 3. A short label ("Positive", "yes", "Sports") or an option's text. Not a first line that ends with a
  //    comma and has more text after it: a letter's or an email's salutation ("Dear Hiring Manager,", "Hi Sam,").
  const firstNewline = trimmed.text.indexOf('\n');
  const firstLine = firstNewline === -1 ? trimmed.text : trimmed.text.slice(0, firstNewline);
  const opt = optionByText(options, firstLine);
  if (opt || (wordCountAtMost(firstLine, MAX_LABEL_WORDS) && !(firstNewline !== -1 && endsWithComma(firstLine)))) {
    let label = firstLine.trim();
    const last = label.charCodeAt(label.length - 1);
    if (last === 46 || last === 33) label = label.replace(TRAILING_STOPS, '');
    const labelSpan = trimmed.sourceSpan(0, label.length);
    const lineEnd = trimEnd(firstLine, firstLine.length);
    analysedAnswer = {
      label: opt ? optionText(opt) : label,
      labelSpan,
      // A label that is the whole line (most) has the line's span: one object for both (spans are never changed).
      span: lineEnd === label.length ? labelSpan : trimmed.sourceSpan(0, lineEnd),
      letter: opt ? opt.letter : undefined,
    };
    const rest = firstNewline !== -1 ? trimmed.sliceTrimmed(firstLine.length) : undefined;
    const rationale = rest && rest.text ? stripRationaleLabel(rest) : undefined;
    analysedRationale = rationale;
    analysedConclusion = rationale ? conclusionWith(rationale, options, letters) : undefined;
    return cites;
  }

  // 4. Free text with no recognisable answer: it is all rationale/output.
  analysedRationale = trimmed;
  analysedConclusion = conclusionWith(trimmed, options, letters);
  return cites;
}

/**
 * Where the letter of a bare lower-case answer starts a trimmed text, or -1: "(a)" (anything may
 * follow, as "(A) Paris" does), "a)" before white space, or "a" / "a." alone on the first line.
 * Read only when the options are lettered in lower case (LOWER_LETTERS): "a" is otherwise an article.
 */
function lowerBareLetterAt(text: string): number {
  const c = text.charCodeAt(0);
  if (c === 40) {
    const l = text.charCodeAt(1);
    return l >= 97 && l <= 106 && text.charCodeAt(2) === 41 ? 1 : -1;
  }
  if (!(c >= 97 && c <= 106)) return -1;
  let k = 1;
  const next = text.charCodeAt(1);
  if (next === 41) return k + 1 >= text.length || isWhiteSpace(text.charCodeAt(k + 1)) ? 0 : -1;
  if (next === 46) k++;
  while (k < text.length && isSpaceOrTab(text.charCodeAt(k))) k++;
  return k >= text.length || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 ? 0 : -1;
}

/**
 * The rationale of an output that closes with its gold (steps 1b-1d of analyseOutputWith: "Answer: Yes",
 * "#### 72", "[[A]]"): the text before closingStart, and the conclusion it states.
 */
function rationaleBeforeClosing(output: Segment, options: readonly OptionItem[], letters: number): void {
  const before = output.sliceTrimmed(0, closingStart);
  const rationale = hasWords(before.text) ? stripRationaleLabel(before) : undefined;
  analysedRationale = rationale;
  analysedConclusion = rationale ? conclusionWith(rationale, options, letters) : undefined;
}

/** What closingAnswerField found: where the statement starts, and its value. */
let closingStart = 0;
let closingValueStart = 0;
let closingValueEnd = 0;

/**
 * Whether `text` (which scanCues has just scanned) ends with an "Answer: <label>" (or
 * "Final answer: <label>") that starts a line or follows the end of a sentence, on its
 * last line, with a label of at most MAX_LABEL_WORDS words (a letter is left to the
 * letter statements). Sets closingStart, closingValueStart and closingValueEnd.
 */
function closingAnswerField(text: string): boolean {
  // The last "answer" cue; only one followed by a colon can start the closing statement.
  let at = -1;
  for (let k = cueCount - 1; k >= 0; k--) {
    const s = cueStarts[k]!;
    if ((text.charCodeAt(s) | 0x20) === 97) {
      at = s;
      break;
    }
  }
  if (at === -1 || (at > 0 && isLetterCode(text.charCodeAt(at - 1)))) return false;
  const colon = skipWhiteSpace(text, at + 6);
  if (text.charCodeAt(colon) !== 58) return false;
  let start = at;
  const w = skipWhiteSpaceBack(text, at);
  if (w < at && w >= 5 && startsWithFolded(text, w - 5, 'final') && !isLetterCode(text.charCodeAt(w - 6))) start = w - 5;
  const prev = skipWhiteSpaceBack(text, start);
  if (prev > 0) {
    const c = text.charCodeAt(prev - 1);
    // A line break, or the end of a sentence before white space.
    const lineStart = text.lastIndexOf('\n', start) >= prev;
    if (!lineStart && !((c === 46 || c === 33 || c === 63 || c === 41) && prev < start)) return false;
  }
  const vStart = skipWhiteSpace(text, colon + 1);
  let vEnd = trimEnd(text, text.length);
  // The value is the rest of the last line.
  if (vEnd <= vStart || text.lastIndexOf('\n', vEnd) >= vStart) return false;
  while (vEnd > vStart && (text.charCodeAt(vEnd - 1) === 46 || text.charCodeAt(vEnd - 1) === 33)) vEnd--;
  const value = text.slice(vStart, vEnd);
  if (!hasWords(value) || !wordCountAtMost(value, MAX_LABEL_WORDS) || CLOSING_LETTER.test(value)) return false;
  closingStart = start;
  closingValueStart = vStart;
  closingValueEnd = vEnd;
  return true;
}

/**
 * Whether `text`'s last line is GSM8K's closing answer, "#### <number>" ("#### 72", "#### 1,200",
 * "#### -3.5"), after at least one line of reasoning. Only a number: a markdown heading ("#### Notes")
 * ends many outputs. Sets closingStart, closingValueStart and closingValueEnd, as closingAnswerField does.
 */
function closingHashesLine(text: string): boolean {
  const end = trimEnd(text, text.length);
  // The value (CLOSING_NUMBER, perhaps before a full stop) ends with a digit or a comma: a text that ends otherwise
  // (most outputs end "… (A).") is done here, without the search for its last line. (lastIndexOf is a call into
  // the runtime, about 65 ns per output of the text bench corpus: 0.2 ms of a 1 MiB lint, s27 perf-output.)
  const last = text.charCodeAt(text.charCodeAt(end - 1) === 46 ? end - 2 : end - 1);
  if (!isDigitCode(last) && last !== 44) return false;
  const newline = text.lastIndexOf('\n', end - 1);
  if (newline <= 0) return false;
  let start = newline + 1;
  while (start < end && isSpaceOrTab(text.charCodeAt(start))) start++;
  if (!text.startsWith('####', start) || text.charCodeAt(start + 4) === 35) return false;
  const vStart = skipWhiteSpace(text, start + 4);
  let vEnd = end;
  if (text.charCodeAt(vEnd - 1) === 46) vEnd--;
  if (vEnd <= vStart || !CLOSING_NUMBER.test(text.slice(vStart, vEnd))) return false;
  closingStart = start;
  closingValueStart = vStart;
  closingValueEnd = vEnd;
  return true;
}

/**
 * closingHashesLine (`kind` "hashes") or closingVerdict ("verdict", for options lettered `letters`; null: any) of `text`:
 * [closingStart, closingValueStart, closingValueEnd], or null when it finds none (exported for tests).
 */
export function closingStatementOf(text: string, kind: 'hashes' | 'verdict', letters: ReadonlySet<string> | null = null): number[] | null {
  let mask = 0;
  if (letters) for (const l of letters) mask |= letterBit(l);
  const found = kind === 'hashes' ? closingHashesLine(text) : closingVerdict(text, mask);
  return found ? [closingStart, closingValueStart, closingValueEnd] : null;
}

/** A judge's verdict sentence and label line (judgeVerdict), in parts: the nouns that name a candidate, and a lead-in. */
const VERDICT_NOUN = String.raw`(?:response|answer|assistant|output|model|summary|completion|candidate)`;
const VERDICT_LEAD = String.raw`(?:(?:overall|therefore|thus|hence|so|in conclusion|in summary|in short)\s*,?\s+)?`;
const VERDICT_BETTER = String.raw`(?:the\s+)?(?:clearly\s+)?(?:better|best|preferred|preferable|superior|stronger|the\s+winner)(?:\s+(?:one|response|answer|output|choice))?(?:\s+overall)?`;
/**
 * The verdict patterns of judgeVerdict, for a mark (group `m`): a sentence that ends the last line, "<noun> <mark> is better"
 * (also "is the better one", "is preferred", "wins"), or "The better <noun> is <mark>" (also "best", "preferred", "winning";
 * and Auto-J's closing "So, the final decision is Response 1."),
 * after the line's start or a sentence's end and an optional lead-in ("Overall, "); or a label line "Verdict: <mark>"
 * (also "Final verdict", "Better response", "Preferred response", "Winner", "Preference", "Choice", "Answer"), where the mark
 * may follow a noun ("Verdict: Response B"). Group `m` (`m2` in the second sentence) is the mark, `h` (`h2`) the statement up to it, from its start (the lead-in's);
 * `t` the rest. Bold `**` may wrap the statement, and a full stop or "!" end it.
 */
function verdictPatterns(mark: (group: string) => string): [RegExp, RegExp] {
  const sentence = new RegExp(
    String.raw`(?:^|[.!?]\s+)[ \t]*(?:\*\*)?(?:(?<h>${VERDICT_LEAD}${VERDICT_NOUN}\s+)${mark('m')}(?<t>\s+is\s+${VERDICT_BETTER}|\s+wins)` +
      String.raw`|(?<h2>${VERDICT_LEAD}(?:the\s+)?(?:(?:better|best|preferred|winning|superior|stronger)\s+(?:response|answer|output|one|assistant|model|candidate|completion|summary|choice)|final\s+decision)\s+is\s*:?\s*(?:${VERDICT_NOUN}\s+)?)${mark('m2')})` +
      String.raw`(?:\*\*)?[ \t]*[.!]?(?:\*\*)?[ \t]*$`,
    'i',
  );
  const label = new RegExp(
    String.raw`^[ \t]*(?:\*\*|__)?(?<h>(?:final\s+)?(?:verdict|winner|preference|choice|answer|(?:better|best|preferred)\s+(?:response|answer|output))(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(?:${VERDICT_NOUN}\s+)?)${mark('m')}(?:\*\*)?[ \t]*[.!]?[ \t]*$`,
    'i',
  );
  return [sentence, label];
}
/** Marks: a letter, or a letter in brackets of either case ("Output (a)"), for lettered candidates; a digit 1-9, "(2)" or "[[2]]" for numbered ones. */
const [LETTER_VERDICT_SENTENCE, LETTER_VERDICT_LABEL] = verdictPatterns((g) => String.raw`(?<${g}>\([A-Ja-j]\)|[A-J](?![\w']))`);
const [NUMBER_VERDICT_SENTENCE, NUMBER_VERDICT_LABEL] = verdictPatterns((g) => String.raw`(?<${g}>\([1-9]\)|\[\[[1-9]\]\]|[1-9](?![\w'.,]\d|[\w']))`);
/** A numbered verdict that is the whole output: "2", "(2)", "[[2]]", with a full stop. */
const NUMBER_VERDICT_ALONE = /^[ \t]*(?<m>\([1-9]\)|\[\[[1-9]\]\]|[1-9])[ \t]*\.?[ \t]*$/;
/** A candidate's name alone as the whole output ("Response B", "Output (a)"): a verdict. */
const LETTER_VERDICT_ALONE = new RegExp(String.raw`^[ \t]*(?:\*\*)?(?<h>${VERDICT_NOUN}\s+)(?<m>\([A-Ja-j]\)|[A-J])(?:\*\*)?[ \t]*\.?[ \t]*$`, 'i');
const NUMBER_NAME_ALONE = new RegExp(String.raw`^[ \t]*(?:\*\*)?(?<h>${VERDICT_NOUN}\s+)(?<m>[1-9])(?:\*\*)?[ \t]*\.?[ \t]*$`, 'i');

/**
 * Whether `text` closes with a judge's verdict that names one candidate (a letter the mask allows, or for `numbered`
 * candidates, the number of one): on its last line, one of verdictPatterns' statements ("Response A is better.",
 * "The better answer is B.", "Better response: Assistant A", "Output (a) is better", "Response 2 is better.",
 * "Verdict: 2"), or the whole text a candidate's name ("Response B") or, numbered, a number ("2", "[[1]]").
 * Nothing else: "Response A is better if …", "… better than Response B", a verdict before its explanation, a tie
 * ("Both are equally good", "Tie") or a grade ("Grade: A"). Sets closingStart (the statement's start),
 * closingValueStart (the letter or digit) and closingValueEnd (the end of the statement, before a full stop).
 */
function judgeVerdict(text: string, letters: number, numbered: boolean): boolean {
  const end = trimEnd(text, text.length);
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  // The last line only (a verdict is one line), and a bounded one: a long paragraph is no verdict line.
  if (end - lineStart > 400) return false;
  const line = text.slice(lineStart, end);
  const whole = skipWhiteSpace(text, 0) >= lineStart;
  let m: RegExpExecArray | null = null;
  if (numbered) {
    m = whole ? NUMBER_VERDICT_ALONE.exec(line) ?? NUMBER_NAME_ALONE.exec(line) : null;
    m ??= NUMBER_VERDICT_LABEL.exec(line) ?? NUMBER_VERDICT_SENTENCE.exec(line);
  } else {
    m = whole ? LETTER_VERDICT_ALONE.exec(line) : null;
    m ??= LETTER_VERDICT_LABEL.exec(line) ?? LETTER_VERDICT_SENTENCE.exec(line);
  }
  if (!m) return false;
  const g = m.groups!;
  const mark = (g.m ?? g.m2)!;
  const head = g.h ?? g.h2;
  // Where the statement starts: the head's start (found from the mark, which ends it), or the mark's.
  const markIn = head !== undefined ? m[0].lastIndexOf(head + mark) : m[0].lastIndexOf(mark);
  const markAt = lineStart + m.index + markIn + (head?.length ?? 0);
  const markEnd = markAt + mark.length;
  const valueAt = mark.charCodeAt(0) === 91 ? markAt + 2 : mark.charCodeAt(0) === 40 ? markAt + 1 : markAt;
  const c = text.charCodeAt(valueAt);
  const letter = numbered ? LETTERS[c - 0x31] : LETTERS[(c | 0x20) - 0x61];
  if (letter === undefined || !allows(letters, letter)) return false;
  // A bare letter (not in brackets) is upper case: "Response a" is no name.
  if (!numbered && valueAt === markAt && (c < 65 || c > 74)) return false;
  closingStart = markAt - (head?.length ?? 0);
  closingValueStart = valueAt;
  // The end of the statement: after the mark's tail ("is better"), before bold and a full stop.
  closingValueEnd = g.t !== undefined ? markEnd + g.t.length : markEnd;
  return true;
}

/**
 * The answer of an output judgeVerdict has just read: the letter it names (its letterSpan the letter written) or, for
 * numbered candidates, the option at that number, by position (no letterSpan: the number is rewritten as an index counted
 * from 1, see positionAnswerEdit; its span is the number, where the diagnostics point). Its rationale is the text before.
 */
function judgeAnswer(output: Segment, options: readonly OptionItem[], letters: number, cites: readonly LetterCitation[], numbered: boolean): void {
  const text = output.text;
  const c = text.charCodeAt(closingValueStart);
  const letter = numbered ? LETTERS[c - 0x31]! : LETTERS[(c | 0x20) - 0x61]!;
  const opt = optionWithLetter(options, letter);
  analysedAnswer = numbered
    ? { letter, span: output.sourceSpan(closingValueStart, closingValueStart + 1), label: opt ? optionText(opt) : undefined }
    : {
        letter,
        letterSpan: letterSpanAt(output, closingValueStart, 0, cites),
        span: output.sourceSpan(closingStart, closingValueEnd),
        label: opt ? optionText(opt) : undefined,
      };
  rationaleBeforeClosing(output, options, letters);
}

/**
 * Whether `text` ends with a judge's verdict naming a letter the mask allows: MT-Bench's "[[A]]"
 * or Prometheus 2's "[RESULT] A" (after anything, on the last line), or a last line that is only "Verdict: B" / "Final verdict:
 * (B)" / "Verdict: [[B]]" (any case; a full stop may follow). Sets closingStart (the label's start,
 * or the "[[" when there is none), closingValueStart (the letter) and closingValueEnd (the end of
 * the verdict: after "]]", ")" or the letter). The letter itself is read from text[closingValueStart].
 */
function closingVerdict(text: string, letters: number): boolean {
  let end = trimEnd(text, text.length);
  if (text.charCodeAt(end - 1) === 46) end--;
  if (end < 1) return false;
  let letterAt: number;
  let tokenStart: number;
  if (end >= 5 && text.charCodeAt(end - 1) === 93 && text.charCodeAt(end - 2) === 93 && text.charCodeAt(end - 4) === 91 && text.charCodeAt(end - 5) === 91) {
    letterAt = end - 3; // "[[A]]"
    tokenStart = end - 5;
  } else if (text.charCodeAt(end - 1) === 41 && end >= 3 && text.charCodeAt(end - 3) === 40) {
    letterAt = end - 2; // "(A)"
    tokenStart = end - 3;
  } else {
    letterAt = end - 1; // "A"
    tokenStart = end - 1;
  }
  const c = text.charCodeAt(letterAt);
  if (!(c >= 65 && c <= 74) || !allows(letters, text[letterAt]!)) return false;
  const before = skipWhiteSpaceBack(text, tokenStart);
  // A mark other than "[[A]]" needs a label's ":" or the "]" of "[RESULT]" right before it (and its white space):
  // an output that ends "so the answer is (A)." is done here, without the search for the line's start below
  // (lastIndexOf is a call into the runtime, about 65 ns per output of the text bench corpus: 0.2 ms of a 1 MiB
  // lint, s27 perf-output). Each way on from here needs one of the two characters, or returns false.
  if (tokenStart !== end - 5) {
    const p = text.charCodeAt(before - 1);
    if (p !== 58 && p !== 93) return false;
  }
  // What precedes the verdict on its line: a "Verdict:" label, or (for "[[A]]" only) anything.
  const lineStart = text.lastIndexOf('\n', tokenStart - 1) + 1;
  // Prometheus 2's "Feedback: … [RESULT] A": its marker, after anything on the line, as "[[A]]" is.
  if (tokenStart !== end - 5 && before >= lineStart + 8 && text.startsWith('[RESULT]', before - 8)) {
    closingStart = before - 8;
    closingValueStart = letterAt;
    closingValueEnd = end;
    return true;
  }
  let start = tokenStart;
  if (before > lineStart && text.charCodeAt(before - 1) === 58) {
    const w = skipWhiteSpaceBack(text, before - 1);
    let labelStart = -1;
    if (w >= 7 && startsWithFolded(text, w - 7, 'verdict') && (w - 7 === lineStart || !isLetterCode(text.charCodeAt(w - 8)))) {
      labelStart = w - 7;
      const f = skipWhiteSpaceBack(text, labelStart);
      if (f < labelStart && f >= 5 && startsWithFolded(text, f - 5, 'final') && (f - 5 === lineStart || !isLetterCode(text.charCodeAt(f - 6)))) labelStart = f - 5;
    }
    if (labelStart !== -1 && skipWhiteSpaceBack(text, labelStart) <= lineStart) start = labelStart;
    else if (tokenStart !== end - 5) return false;
  } else if (tokenStart !== end - 5 && before > lineStart) return false;
  if (tokenStart !== end - 5 && start === tokenStart) return false; // a bare "A" or "(A)" needs the label
  closingStart = start;
  closingValueStart = letterAt;
  closingValueEnd = end;
  return true;
}

/** A number as GSM8K writes its answers: a sign, digits with thousands commas, decimals. */
const CLOSING_NUMBER = /^[-+]?\d[\d,]*(?:\.\d+)?$/;

/** A letter as the closing answer ("Answer: (B)"), which the letter statements read. */
const CLOSING_LETTER = /^\(?[A-J]\)?$/;

/** Full stops and exclamation marks that end a label. */
const TRAILING_STOPS = /[.!]+$/;

const RATIONALE_LABEL = /^(?:explanation|rationale|reasoning|because|reason)\s*:\s*/i;

/** Drop a leading "Explanation:" / "Rationale:" / "Reasoning:" label. */
function stripRationaleLabel(seg: Segment): Segment {
  // Every label starts with e, r or b (either case; no other character folds to them): most texts need no regex.
  const first = seg.text.charCodeAt(0) | 0x20;
  if (first !== 101 && first !== 114 && first !== 98) return seg;
  const m = RATIONALE_LABEL.exec(seg.text);
  return m ? seg.sliceTrimmed(m[0].length) : seg;
}

/**
 * What a rationale concludes on its own: the last statement in it that names an
 * option ("so the answer is (C)", "(C) is correct", "the correct option is C",
 * "the answer is Paris").
 */
export function conclusionOf(rationale: Segment, options: readonly OptionItem[]): AnswerRef | undefined {
  return conclusionWith(rationale, options, letterMask(options));
}

/** conclusionOf with the options' letterMask. */
function conclusionWith(rationale: Segment, options: readonly OptionItem[], letters: number): AnswerRef | undefined {
  scanCues(rationale.text);
  const isLetter = lastLetterStatementIn(rationale.text, letters);
  const isValue = lastValueStatement(rationale.text);
  // A closing sentence in other words ("…, so it must be (C).", "Only (C) fits."): it is the conclusion unless a letter
  // statement reaches into it ("Hence the answer must be (C)": that statement, whole) or a value statement starts after it.
  // (A value statement where it starts, "The answer is therefore (C)", read "therefore (C)" as the value: the form reads it better.)
  if ((letters & ~LOWER_LETTERS) !== 0 && closingForm(rationale.text, letters) && !(isLetter && stmtEnd > formStart) && !(isValue && valueIndex > formStart)) {
    valueText = ''; // not kept by the module
    stmtIndex = formStart;
    stmtEnd = formEnd;
    stmtLetter = formLetter;
    stmtLetterIndex = formLetterIndex;
    return letterAnswerRef(rationale, options, null);
  }
  // A value statement whose value starts at the letter ("so the answer is (C) aunt": "(C) aunt") is the
  // letter statement itself, read further: the letter is its conclusion (with options to name).
  if (isLetter && (!isValue || stmtIndex >= valueIndex || (options.length !== 0 && valueAt <= stmtLetterIndex && stmtLetterIndex < valueEnd))) {
    valueText = ''; // not kept by the module
    const ref = letterAnswerRef(rationale, options, null);
    return options.length !== 0 && optionTextAfterLetter(rationale.text) ? withOptionText(rationale, options, ref) : ref;
  }
  return isValue ? valueAnswerRef(rationale, options) : undefined;
}

// ---------------------------------------------------------------------------
// A rationale's closing sentence naming an option in other words

/** What closingForm found: the statement's start and end, its letter (upper case) and where the letter is. */
let formStart = 0;
let formEnd = 0;
let formLetter = '';
let formLetterIndex = 0;

/** The option a closing form names: "(C)" (any case, group 2) or a bare capital "C" (group 3); group 1 is all before it. */
const FORM_LETTER = String.raw`(?:\(([A-Ja-j])\)|([A-J]))`;
const ONLY_ONE = String.raw`the\s+only\s+(?:option|choice|answer|possibility|one)(?:\s+(?:left|remaining))?`;

/**
 * The closing forms, each anchored at the end of the rationale's last sentence (the text they run on ends there)
 * and each with everything before the letter in group 1, so the letter's offset needs no search.
 */
const CLOSING_FORMS: readonly RegExp[] = [
  // "so it must be (C)", "it must be (C)", "Therefore it must be option C", "the gas must be C"
  new RegExp(String.raw`((?:\b(?:so|therefore|thus|hence|then)\s*,?\s+)?(?:\b(?:it|this|that)\s+)?\bmust\s+be\s+(?:option\s+)?)${FORM_LETTER}$`, 'i'),
  // "That makes (C) the correct choice", "which makes C the best option"
  new RegExp(String.raw`(\b(?:that|this|which|it)\s+makes\s+(?:option\s+)?)${FORM_LETTER}\s+the\s+(?:correct|right|best)\s+(?:answer|choice|option)$`, 'i'),
  // "(C) is the only option left", "option C is the only choice remaining"
  new RegExp(String.raw`((?:\boption\s+)?)${FORM_LETTER}\s+is\s+${ONLY_ONE}$`, 'i'),
  // "Only (C) fits", "only option C remains" (not "not only")
  new RegExp(String.raw`((?<!\bnot\s+)\bonly\s+(?:option\s+)?)${FORM_LETTER}\s+(?:fits|remains|works|is\s+left)$`, 'i'),
  // "which leaves (C)", "This leaves (C) as the only possibility", "leaving only (C)"
  new RegExp(String.raw`((?:\b(?:which|this|that|it)\s+leaves|\bleaving)\s+(?:only\s+)?(?:option\s+)?)${FORM_LETTER}(?:\s+as\s+${ONLY_ONE})?$`, 'i'),
  // "The answer is therefore (C)", "the correct answer is thus C"
  new RegExp(String.raw`(\b(?:the\s+)?(?:best\s+|correct\s+|right\s+|final\s+)?answer\s+is\s+(?:therefore|thus|hence)\s*,?\s+(?:option\s+)?)${FORM_LETTER}$`, 'i'),
];

/** The longest text a closing form has after its last cue (the ")" of "(C)", or "option"/"choice"/"answer"): " as the only possibility remaining". */
const MAX_AFTER_CUE = 40;
/** How far back from the end of the rationale its last sentence is read: every closing form is shorter. */
const MAX_CLOSING_CHARS = 120;

/**
 * Whether the rationale `text` (which scanCues has just scanned) ends with a sentence that concludes an
 * option in one of the CLOSING_FORMS ("…, so it must be (C).", "That makes (C) the correct choice.",
 * "Only (C) fits.", "This leaves (C) as the only possibility.", "The answer is therefore C."), naming a
 * letter of `letters` in parentheses or as a bare capital. Only the end of the last sentence is read:
 * the same words earlier (an elimination, "(B) must be wrong", an intermediate step) are not. Sets
 * formStart, formEnd, formLetter and formLetterIndex.
 * Per rationale: a look at its last characters and its last cue; the regexes run only on a last sentence
 * (at most MAX_CLOSING_CHARS characters) that has a cue near its end or ends with a capital letter.
 */
function closingForm(text: string, letters: number): boolean {
  const e = concludedEnd(text);
  if (e < 3) return false;
  // Every form ends within MAX_AFTER_CUE characters after a cue, or with a bare letter (a capital after white space).
  const cueNearEnd = cueCount !== 0 && e - cueStarts[cueCount - 1]! <= MAX_AFTER_CUE;
  if (!cueNearEnd && !isBareLetterEnd(text, e)) return false;
  // The last sentence: back to a line break, "!", "?", or a full stop before white space.
  const floor = Math.max(0, e - MAX_CLOSING_CHARS);
  let s = e - 1;
  while (s > floor) {
    const c = text.charCodeAt(s - 1);
    if (c === 10 || c === 33 || c === 63 || (c === 46 && isWhiteSpace(text.charCodeAt(s)))) break;
    s--;
  }
  const sentence = text.slice(s, e);
  for (let k = 0; k < CLOSING_FORMS.length; k++) {
    const m = CLOSING_FORMS[k]!.exec(sentence);
    if (!m) continue;
    const paren = m[2] !== undefined;
    const letter = LETTERS[((paren ? m[2]! : m[3]!).charCodeAt(0) | 0x20) - 97]!;
    if (!allows(letters, letter)) return false;
    formStart = s + m.index;
    formEnd = e;
    formLetter = letter;
    formLetterIndex = s + m.index + m[1]!.length + (paren ? 1 : 0);
    return true;
  }
  return false;
}

/** Whether text[..e) ends with a capital A-J after white space (a closing form's bare letter: "so it must be C"). */
function isBareLetterEnd(text: string, e: number): boolean {
  const c = text.charCodeAt(e - 1);
  return e >= 2 && c >= 65 && c <= 74 && isWhiteSpace(text.charCodeAt(e - 2));
}

/** Whether `text` ends with a bare capital letter, full stops, quotes and emphasis aside ("…, so it must be C."). */
function endsWithBareLetter(text: string): boolean {
  return isBareLetterEnd(text, concludedEnd(text));
}

/** Where the text after a concluded letter starts and ends (optionTextAfterLetter). */
let tailStart = 0;
let tailEnd = 0;

/** Longest text after a concluded letter that is compared with the options (as VALUE_ANSWER's value). */
const MAX_TAIL_CHARS = 80;

/**
 * Whether the letter statement lastLetterStatementIn found last in `text` ends with its letter and
 * goes on with a text on the same sentence: "(C) aunt", "(C), aunt", "(C): aunt", "(C) - aunt",
 * "C) aunt", "C, aunt" (a bare letter needs ")" or a separator: "C aunt" and "C. Aunt" are not read).
 * Sets tailStart and tailEnd: the text up to the end of the sentence (".", "!", "?", a line break;
 * a full stop before a digit is a decimal point), at most MAX_TAIL_CHARS long. Reads only those
 * characters after the statement.
 */
function optionTextAfterLetter(text: string): boolean {
  const l = stmtLetterIndex;
  let p = stmtEnd;
  // The letter ends the statement ("(C) is correct" does not): "(C)", "C)" (the ")" after the statement), "C".
  if (p === l + 1) {
    if (text.charCodeAt(p) === 41 && text.charCodeAt(l - 1) !== 40) p++;
  } else if (!(p === l + 2 && text.charCodeAt(l + 1) === 41)) return false;
  const marked = text.charCodeAt(p - 1) === 41;
  let q = p;
  while (q < text.length && isSpaceOrTab(text.charCodeAt(q))) q++;
  const c = text.charCodeAt(q);
  // "," ":" "-" "–" "—"
  const separated = c === 44 || c === 58 || c === 45 || c === 8211 || c === 8212;
  if (separated) {
    q++;
    while (q < text.length && isSpaceOrTab(text.charCodeAt(q))) q++;
  } else if (!marked || q === p) return false;
  const limit = Math.min(text.length, q + MAX_TAIL_CHARS);
  let e = q;
  for (; e < limit; e++) {
    const ch = text.charCodeAt(e);
    if (ch === 10 || ch === 13 || ch === 33 || ch === 63 || (ch === 46 && !isDigitCode(text.charCodeAt(e + 1)))) break;
  }
  e = trimEnd(text, e);
  if (e <= q) return false;
  tailStart = q;
  tailEnd = e;
  return true;
}

/**
 * A letter conclusion `ref` followed by a text (optionTextAfterLetter has just found it), compared with
 * the options as optionByText compares an answer's text: the text of the letter's own option ("(C) aunt")
 * is part of the conclusion (its span goes on to the end of that text when the text is the option's
 * whole text); the text of another option ("(C) grandmother" with "(A) grandmother") makes the
 * conclusion ambiguous, and nothing is read (undefined); any other text ("(C) because …") changes nothing.
 */
function withOptionText(seg: Segment, options: readonly OptionItem[], ref: AnswerRef): AnswerRef | undefined {
  const tail = seg.text.slice(tailStart, tailEnd);
  const opt = optionByText(options, tail);
  if (!opt) return ref;
  if (opt.letter !== ref.letter) return undefined;
  if (normalise(optionText(opt)) !== normalise(tail)) return ref;
  ref.span = seg.sourceSpan(stmtIndex, tailEnd);
  return ref;
}

// ---------------------------------------------------------------------------
// A rationale's concluded label

/**
 * The nouns a concluding "the <noun> is X" may have as its subject: the label itself
 * ("so the sentiment is Negative", and on its own, "The topic is Sports."), or, after
 * "so"/"therefore"/"thus"/"hence" only, the item being labelled ("so this review is negative").
 * Any other subject ("so the first half is positive") is a partial finding, not the conclusion.
 */
const LABEL_NOUNS = new Set<string>(['answer', 'label', 'verdict', 'prediction', 'rating', 'option', 'choice', 'unit']);

/**
 * Names of a classifier's label field besides "label" itself: the label set they name is the
 * task's ("Sentiment: Positive", `"intent": "billing"`). A rationale's conclusion may have one
 * as its subject ("so the sentiment is Negative"), and a structured record with no answer field
 * reads its gold from one (records.ts labelGoldOf). Lower case, as records normalise keys.
 */
export const LABEL_FIELD_NAMES: readonly string[] = [
  'sentiment', 'category', 'class', 'topic', 'classification', 'intent', 'emotion', 'tone', 'polarity', 'stance',
];
for (const name of LABEL_FIELD_NAMES) LABEL_NOUNS.add(name);
const ITEM_NOUNS = new Set([
  'review', 'text', 'tweet', 'message', 'sentence', 'headline', 'ticket', 'email', 'comment', 'statement', 'claim', 'post',
  'query', 'request', 'passage', 'response', 'reply',
]);

/** Words after which "so" does not conclude ("if so", "not so", "I think so"). */
const NOT_CONCLUDING_BEFORE_SO = new Set(['if', 'not', 'think', 'thought', 'say', 'says', 'said', 'guess', 'suppose', 'hope', 'believe', 'or', 'more', 'less', 'why']);

/**
 * The conclusion forms labelConclusionOf reads, the value (X) not included: a lead word,
 * then "it/this/that/the <noun>" and "is"/"'s"/"must be", or nothing ("so no."); or
 * "the <noun> is" (which must start a sentence or clause: checked by hand, so that every
 * match starts with one of a few letters, which the regex engine can look for quickly).
 * Groups: 1 lead, 2 the subject, 3 its noun; 4 the "the" of the second form, 5 its noun.
 * The value is read after the match by hand.
 */
const CONCLUSION_FORM =
  /\b(?:(so|therefore|thus|hence)\b,?[ \t]+(?:(it|this|that|(?:the|this|its)[ \t]+(?:(?:overall|final|correct|right|predicted|whole)[ \t]+)?([A-Za-z]+))(?:[ \t]+is|['’]s|[ \t]+must[ \t]+be)[ \t]*:?[ \t]+)?|(the)[ \t]+(?:(?:overall|final|correct|predicted)[ \t]+)?([A-Za-z]+)[ \t]+is[ \t]*:?[ \t]+)/gi;

/** Longest value (in characters) a conclusion form is read with. */
const MAX_CONCLUDED_CHARS = 48;

/** How far before the word that ends a conclusion form ("is", "so") the form can start ("therefore the overall sentiment is"). */
const MAX_FORM_CHARS = 64;

/**
 * The label a rationale ends by concluding in so many words, for a rule that knows the
 * task's labels: "…, so the sentiment is Negative.", "therefore the topic is Politics",
 * "so it is negative", "so no.", "The sentiment is Negative." (a sentence of its own),
 * "so the unit is Joule". The value must be all that follows the conclusion form to the
 * end of the rationale (closing quotes, emphasis and a full stop aside), and `isLabel`
 * must accept it: so "so it is not negative", "so it is probably negative", "so it is a
 * negative review", "so it is negative, but …", "so it is negative?" and a conclusion
 * followed by more reasoning conclude nothing. `field`: the lower-case name of the demo's
 * answer field ("sentiment", "priority"), a subject noun besides LABEL_NOUNS.
 */
export function labelConclusionOf(rationale: Segment, isLabel: (value: string) => boolean, field?: string): AnswerRef | undefined {
  for (const c of labelConclusionCandidates(rationale, field)) if (isLabel(c.label!)) return c;
  return undefined;
}

/**
 * Every conclusion form labelConclusionOf would read at the end of the rationale, in the order it
 * tries them, whatever the value: labelConclusionOf's answer is the first whose value `isLabel`
 * accepts. For a rule that learns the task's labels only later (a set cut across the parts of a
 * document): it keeps these and chooses once it knows them.
 */
export function labelConclusionCandidates(rationale: Segment, field?: string): AnswerRef[] {
  const text = rationale.text;
  const end = concludedEnd(text);
  const anchor = end > 0 ? conclusionAnchor(text, end) : -1;
  if (anchor === -1) return NO_CONCLUSIONS;
  let found: AnswerRef[] | undefined;
  const re = CONCLUSION_FORM;
  re.lastIndex = Math.max(0, anchor - MAX_FORM_CHARS);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lead = m[1];
    const bare = lead !== undefined && m[2] === undefined;
    if (lead !== undefined) {
      const noun = m[3];
      if (noun !== undefined && !isSubjectNoun(noun, field, true)) continue;
      if (!leadConcludes(text, m.index, bare)) continue;
    } else if (!isSubjectNoun(m[5]!, field, false) || !startsClause(text, m.index)) continue;
    let s = m.index + m[0].length;
    while (s < end && isQuoteOrEmphasis(text.charCodeAt(s))) s++;
    if (end - s > MAX_CONCLUDED_CHARS || !isValueText(text, s, end)) continue;
    const value = text.slice(s, end);
    // The statement goes on to the closing quotes or emphasis.
    let stmtEnd = end;
    while (stmtEnd < text.length && isQuoteOrEmphasis(text.charCodeAt(stmtEnd))) stmtEnd++;
    (found ??= []).push({ span: rationale.sourceSpan(m.index, stmtEnd), label: value, labelSpan: rationale.sourceSpan(s, end), letter: undefined });
  }
  return found ?? NO_CONCLUSIONS;
}

const NO_CONCLUSIONS: AnswerRef[] = [];

/**
 * Whether the rationale may end with a conclusion form and a short value (labelConclusionOf
 * can only find one then): a look back over its last few words, no regex. Most rationales
 * do not, and a rule can skip what it would prepare for labelConclusionOf.
 */
export function mayEndInConclusion(rationale: Segment): boolean {
  const text = rationale.text;
  const end = concludedEnd(text);
  return end > 0 && conclusionAnchor(text, end) !== -1;
}

/**
 * Whether the value labelConclusionOf would read at the end of the rationale may be one of `options`'
 * texts, compared as normalised (lower case, each run of characters other than letters and digits one
 * space, trimmed: a rule's normaliseText): false only when the last characters of the rationale (up to
 * concludedEnd) and of each option's text, read back in step, tell them apart for certain: two ASCII
 * letters or digits that differ in any case, or such a character against an ASCII separator or the
 * start of the text. Anything else (a character beyond ASCII, two separators, an end that is no letter
 * or digit) may be equal and answers true. A lettered demo's rationale seldom ends with an option's text
 * ("…, so the unit is Joule."), and this reads a few characters per option where mayEndInConclusion
 * walks back over the rationale's last words. (Measured, s27: rationale-answer-mismatch alone on the
 * 1 MiB bench text, 3,549 lettered demos, min CPU of 60 runs after a whole lint, about 0.55 -> 0.31 ms.)
 */
export function mayEndInOptionText(rationale: Segment, options: readonly OptionItem[]): boolean {
  const text = rationale.text;
  const end = concludedEnd(text);
  if (end === 0 || !isAsciiAlnum(text.charCodeAt(end - 1))) return true;
  for (let n = 0; n < options.length; n++) {
    const src = optionTextSource(options[n]!);
    const start = optionTextRange.start;
    let o = optionTextRange.end;
    // Back over the separators that end the option's text (normalising drops them).
    while (o > start && isAsciiSeparator(src.charCodeAt(o - 1))) o--;
    if (mayEndAlike(text, end, src, start, o)) return true;
  }
  return false;
}

/** How many characters mayEndInOptionText compares, at most, from the end. */
const END_CHARS_COMPARED = 3;

/**
 * Whether text[..end) and src[start..o) may normalise alike, by their last END_CHARS_COMPARED characters
 * read back in step (see mayEndInOptionText); both end with an ASCII letter or digit, or `o` is `start`.
 */
function mayEndAlike(text: string, end: number, src: string, start: number, o: number): boolean {
  for (let k = 1; k <= END_CHARS_COMPARED; k++) {
    const a = end - k >= 0 ? text.charCodeAt(end - k) : 32;
    const b = o - k >= start ? src.charCodeAt(o - k) : 32;
    if (a > 127 || b > 127) return true;
    const aWord = isAsciiAlnum(a);
    if (aWord !== isAsciiAlnum(b)) return false;
    if (!aWord) return true;
    if ((a | 0x20) !== (b | 0x20)) return false;
  }
  return true;
}

/** Whether `c` is an ASCII letter or digit (the ASCII characters that normalising keeps). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Whether `c` is an ASCII character other than a letter or digit (normalising makes a run of them one space). */
function isAsciiSeparator(c: number): boolean {
  return c <= 127 && !isAsciiAlnum(c);
}

/** The end of `text` without the white space, full stops, "!", closing quotes and emphasis that end it. */
function concludedEnd(text: string): number {
  let e = text.length;
  while (e > 0) {
    const c = text.charCodeAt(e - 1);
    if (isWhiteSpace(c) || c === 46 || c === 33 || isQuoteOrEmphasis(c)) e--;
    else break;
  }
  return e;
}

/**
 * Where the word that would end a conclusion form before a value ending at `end` starts:
 * "is", "be" (of "must be"), "…'s", or a lead word ("so", "therefore", "thus", "hence"),
 * at most MAX_LABEL_WORDS words and MAX_CONCLUDED_CHARS characters back; -1 when none is.
 */
function conclusionAnchor(text: string, end: number): number {
  let i = end;
  for (let words = 0; words < MAX_LABEL_WORDS && end - i <= MAX_CONCLUDED_CHARS; words++) {
    // Back over a word of the value, then the white space (and quotes, a colon or a comma) before it.
    while (i > 0 && !isWhiteSpace(text.charCodeAt(i - 1))) i--;
    let j = i;
    while (j > 0 && isWhiteSpace(text.charCodeAt(j - 1))) j--;
    if (j === i || j === 0) return -1;
    let k = j;
    while (k > 0 && isQuoteOrEmphasis(text.charCodeAt(k - 1))) k--;
    const c = text.charCodeAt(k - 1);
    if (c === 58 || c === 44) k--;
    const w = formEndBefore(text, k);
    if (w !== -1) return w;
    i = j;
  }
  return -1;
}

/**
 * Where the run of letters that ends at `k` starts when it is "is", "be", "so", "thus", "hence",
 * "therefore" (any case), or "s" after an apostrophe; else -1. Read from its last letter (s, e or o
 * in every one of them), not by walking back over the run first: most words before a rationale's
 * last ones end otherwise, and the walk back to the next word reads the run anyway. (Measured, s27:
 * rationale-answer-mismatch alone on the 1 MiB bench text, 3,549 rationales, min CPU of 60 runs after
 * a whole lint, about 0.70 -> 0.55 ms.)
 */
function formEndBefore(text: string, k: number): number {
  const last = text.charCodeAt(k - 1) | 0x20;
  if (last === 115) {
    // "…'s", "is", "thus"
    const a = text.charCodeAt(k - 2);
    if (!isLetterCode(a)) return a === 39 || a === 8217 ? k - 1 : -1;
    const b = a | 0x20;
    if (b === 105) return wordFrom(text, k - 2);
    return b === 117 && k >= 4 && startsWithFolded(text, k - 4, 'thus') ? wordFrom(text, k - 4) : -1;
  }
  if (last === 101) {
    // "be", "hence", "therefore" (by the letter before the "e" first)
    const b = text.charCodeAt(k - 2) | 0x20;
    if (b === 98) return wordFrom(text, k - 2);
    if (b === 99) return k >= 5 && startsWithFolded(text, k - 5, 'hence') ? wordFrom(text, k - 5) : -1;
    return b === 114 && k >= 9 && startsWithFolded(text, k - 9, 'therefore') ? wordFrom(text, k - 9) : -1;
  }
  // "so"
  return last === 111 && (text.charCodeAt(k - 2) | 0x20) === 115 ? wordFrom(text, k - 2) : -1;
}

/** `w` when no letter comes before it (a run of letters starts there), else -1. */
function wordFrom(text: string, w: number): number {
  return w > 0 && isLetterCode(text.charCodeAt(w - 1)) ? -1 : w;
}

/** Whether text[s..end) can be a concluded value: words, and no sentence or clause break ("?", ",", ";", a line break) in it. */
function isValueText(text: string, s: number, end: number): boolean {
  if (s >= end) return false;
  for (let i = s; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 46 || c === 33 || c === 63 || c === 59 || c === 44) return false;
  }
  return true;
}

/** Whether `at` starts the text, a line, or follows ".", "!", "?", ";" or ":" and white space. */
function startsClause(text: string, at: number): boolean {
  const w = skipWhiteSpaceBack(text, at);
  if (w === 0) return true;
  const c = text.charCodeAt(w - 1);
  return (w < at && (c === 46 || c === 33 || c === 63 || c === 59 || c === 58)) || text.lastIndexOf('\n', at) >= w;
}

function isSubjectNoun(noun: string, field: string | undefined, afterLead: boolean): boolean {
  const n = noun.toLowerCase();
  return LABEL_NOUNS.has(n) || n === field || (afterLead && ITEM_NOUNS.has(n));
}

/**
 * Whether the lead word at `at` concludes: not "if so", "not so", "I think so"; and a
 * lead directly before the value ("so no.") only after a clause boundary (", so no."),
 * since "so" before an adjective is an intensifier ("it seems so positive").
 */
function leadConcludes(text: string, at: number, bare: boolean): boolean {
  const wordEnd = skipWhiteSpaceBack(text, at);
  if (wordEnd === 0) return true;
  const before = text.charCodeAt(wordEnd - 1);
  if (!isLetterCode(before)) {
    // A clause boundary (or the rationale's start); anything else (a quote, a digit) is not one for a bare value.
    return !bare || before === 44 || before === 59 || before === 58 || before === 46 || before === 40 || before === 8212 || before === 8211;
  }
  let w = wordEnd;
  while (w > 0 && isLetterCode(text.charCodeAt(w - 1))) w--;
  const word = text.slice(w, wordEnd).toLowerCase();
  if (bare) return word === 'and';
  return !NOT_CONCLUDING_BEFORE_SO.has(word);
}

/** " ' “ ” ‘ ’ ` * _ */
function isQuoteOrEmphasis(c: number): boolean {
  return c === 34 || c === 39 || c === 8220 || c === 8221 || c === 8216 || c === 8217 || c === 96 || c === 42 || c === 95;
}

// ---------------------------------------------------------------------------
// Exemplars

export interface ExemplarParts {
  index: number;
  span: Span;
  /** Question / input text, options included (they are split out here). */
  question?: Segment;
  /** Options given separately (e.g. a JSON "options" array); if absent they are looked for in the question. */
  options?: OptionItem[];
  /** The answer/output text (A:, Answer:, assistant turn, completion). */
  output?: Segment;
  /** A separate gold answer field (JSON "answer"/"label"), when output is a rationale. */
  answerField?: Segment;
  /** A separate rationale field (JSON "rationale"/"explanation"). */
  rationaleField?: Segment;
}

function byStart(a: LetterCitation, b: LetterCitation): number {
  return a.span.start - b.span.start;
}

function hasCitationAt(citations: readonly LetterCitation[], start: number): boolean {
  for (let i = 0; i < citations.length; i++) if (citations[i]!.span.start === start) return true;
  return false;
}

/**
 * An exemplar as the parsers make it: a class instance, not an object literal. V8 may
 * decide that all objects from one literal are long-lived, and allocate them in the old
 * generation directly ("pretenuring", which it does for literals but never for class
 * instances); it did so for the exemplars of large files, which live as long as a lint.
 * An exemplar refers to the rest of its document's model, and an old one keeps it alive
 * through every young-generation collection until the next full one, long after the lint:
 * the model was copied and then promoted instead of dying young (1 MiB text: about 2 MiB
 * per lint; bench/engine-retained.mjs). The fields are set in the order the literal had
 * (undefined ones serialise as missing), and declared, not defined (see Segment).
 */
class ParsedExemplar implements Exemplar {
  declare index: number;
  declare span: Span;
  declare question: Segment | undefined;
  declare options: OptionItem[];
  declare letterCitations: LetterCitation[];
  declare output: Segment | undefined;
  declare answer: AnswerRef | undefined;
  declare rationale: Segment | undefined;
  declare conclusion: AnswerRef | undefined;
  /** Set only on the exemplars that have one (few do): no field on the others. */
  declare afterOptions?: Segment;
  /** Set only on records with a context field (see Exemplar.context). */
  declare context?: Segment;
  /** Set only on promptfoo tests with such variables (see Exemplar.insertedVars). */
  declare insertedVars?: Segment[];
  /** Set only on YAML records with anchors or aliases (see Exemplar.yamlRefs). */
  declare yamlRefs?: true;
  /** Set only on preference records, model-written evals' records and records with an incorrect_answer (see Exemplar.rejected). */
  declare rejected?: Span;
  /** Set only on judge demos that say more than their verdict (see Exemplar.namesOptions). */
  declare namesOptions?: true;

  constructor(index: number, span: Span, question: Segment | undefined, options: OptionItem[], output: Segment | undefined) {
    this.index = index;
    this.span = span;
    this.question = question;
    this.options = options;
    this.letterCitations = NO_CITATIONS;
    this.output = output;
    this.answer = undefined;
    this.rationale = undefined;
    this.conclusion = undefined;
  }
}

export function buildExemplar(parts: ExemplarParts): Exemplar {
  return makeExemplar(parts.index, parts.span, parts.question, parts.options, parts.output, parts.answerField, parts.rationaleField);
}

/**
 * buildExemplar with the parts as arguments (see ExemplarParts), for the parsers
 * that make one exemplar per record of a large file: no parts object per record.
 */
export function makeExemplar(
  index: number,
  span: Span,
  question: Segment | undefined,
  givenOptions: OptionItem[] | undefined,
  output: Segment | undefined,
  answerField: Segment | undefined,
  rationaleField: Segment | undefined,
  afterOptions?: Segment,
): Exemplar {
  let options = givenOptions ?? NO_OPTION_ITEMS;
  if (question && !givenOptions) {
    options = optionsOf(question);
    afterOptions = takeTail();
    const asked = takeQuestion();
    if (options.length !== 0 && answersPartsInTurn(options, answerField ?? output)) {
      // The lettered lines are parts the answer answers in turn, not options: the question keeps them.
      options = NO_OPTION_ITEMS;
      afterOptions = undefined;
      question = question.trim();
    } else question = asked;
    if (options.length === 0) {
      // A pairwise judge's demo: the responses it compares are its options (see judgeCandidates).
      const candidates = judgeCandidates(question, 0, question.length, answerField ?? output);
      if (candidates.length !== 0) {
        options = candidates;
        afterOptions = takeTail();
        question = takeQuestion();
      }
    }
  } else if (question && options.length !== 0 && answersPartsInTurn(options, answerField ?? output)) {
    // The same with the options split from the question by the caller (answersPartsInTurn read them as a run);
    // not with options given in a field of their own, which are options whatever the answer.
    const asked = (options[options.length - 1] as LineOption).questionWith(question, afterOptions);
    if (asked) {
      question = asked;
      options = NO_OPTION_ITEMS;
      afterOptions = undefined;
    }
  }
  const letters = letterMask(options);
  // A judge's candidates (judgeCandidates): how its verdict is read, and whether the text around them names one.
  const judgeList = options.length !== 0 ? candidateLists.get(options) : undefined;
  const judge = judgeList === undefined ? 0 : judgeList & (JUDGE_LETTERED | JUDGE_NUMBERED);
  const ex: Exemplar = new ParsedExemplar(index, span, question, options, output ? output : undefined);
  if (afterOptions) ex.afterOptions = afterOptions;

  // analyseOutput's list is new and nobody else's (or the shared empty one): it is the start of this one.
  let cites: LetterCitation[] = NO_CITATIONS;
  if (answerField) {
    // Explicit gold answer; the output (if any) and the rationale field are rationale.
    cites = analyseOutputWith(answerField, options, letters, judge);
    ex.answer = analysedAnswer;
    clearAnalysed();
    const rationale = rationaleField ?? output;
    if (rationale && rationale.text.trim()) {
      ex.rationale = rationale.trim();
      ex.conclusion = conclusionWith(ex.rationale, options, letters);
      // conclusionWith has just scanned the trimmed rationale for cues; its citations are the untrimmed one's
      // (white space around the text changes no match, and the trimmed segment maps to the same source).
      cites = joined(cites, citationsFromCues(ex.rationale, letters));
    }
  } else if (output) {
    cites = analyseOutputWith(output, options, letters, judge);
    ex.answer = analysedAnswer;
    ex.rationale = analysedRationale;
    ex.conclusion = analysedConclusion;
    clearAnalysed();
    if (rationaleField && rationaleField.text.trim()) {
      ex.rationale = rationaleField.trim();
      ex.conclusion = conclusionWith(ex.rationale, options, letters);
      // As above: the cues conclusionWith has just found.
      cites = joined(cites, citationsFromCues(ex.rationale, letters));
    }
  }
  // A judge's rationale that names no candidate in an answer statement may conclude in a judge's words ("Response A is
  // correct"; judgeConclusion). A value such a statement reads is no candidate ("Assistant A's answer is more accurate").
  if (judge !== 0 && ex.rationale && ex.conclusion?.letter === undefined) {
    const c = judgeConclusion(ex.rationale, options, letters, judge === JUDGE_NUMBERED);
    if (c) ex.conclusion = c;
  }
  // The answer's own letter is a citation too (a bare "B" is not caught by the citation pattern).
  const answer = ex.answer;
  if (answer?.letter && answer.letterSpan) {
    const s = answer.letterSpan;
    if (!hasCitationAt(cites, s.start)) cites = joined(cites, [{ letter: answer.letter, span: s }]);
  }
  if (cites.length > 1) cites.sort(byStart);
  ex.letterCitations = cites;
  if (judgeList !== undefined && ((judgeList & JUDGE_NAMED_OUTSIDE) !== 0 || !saysOnlyVerdict(ex, answerField ?? output))) ex.namesOptions = true;
  return ex;
}

/**
 * Whether a judge demo's output (`said`, its gold field or output) is its verdict alone ("A",
 * "[[B]]", "Verdict: A"): no rationale, and the answer statement is the whole trimmed text.
 */
function saysOnlyVerdict(ex: Exemplar, said: Segment | undefined): boolean {
  const a = ex.answer;
  if (!a || !said || ex.rationale) return false;
  // A numbered verdict's span is its number ("Response 2 is better."): with no rationale before it, its statement is the whole output.
  if (a.letterSpan === undefined) return true;
  const t = said.text;
  let s = skipWhiteSpace(t, 0);
  while (t.charCodeAt(s) === 42) s++;
  let e = trimEnd(t, t.length);
  // Bold and a full stop after the statement say nothing more ("Verdict: B.", "**Response A is better.**").
  while (e > s && (t.charCodeAt(e - 1) === 46 || t.charCodeAt(e - 1) === 33 || t.charCodeAt(e - 1) === 42)) e--;
  e = trimEnd(t, e);
  return a.span.start === said.sourceOffset(s) && a.span.end === said.sourceSpanEnd(s, e);
}

/**
 * What a pairwise judge's rationale concludes in a judge's words, when conclusionWith found no answer statement in it:
 * a clause that praises one candidate, "Response A is correct", "Response B is better than Response A", "Assistant A's
 * answer is more accurate", "Output (a) is better", "so Response 2 is the better one", "Response B wins" (JUDGE_PRAISE),
 * or MT-Bench's "[[A]]" closing it. The clause starts the rationale, a line or a sentence (after ".", "!", "?", ";" or
 * ":"), or follows ", so" / ", therefore"; a lead-in may open it ("Overall, ", "Therefore "). It ends the sentence or
 * clause (".", "!", ";", ":", a comma, the line's end) or goes on with "than", "because", "since" or "as": "Response A is
 * correct about the date", "Response A is better formatted", "If Response A is correct", "Response A is not correct" and
 * "Response A is incorrect" are no such clause. Not read either: a clause followed by ", but" (also though, although, yet,
 * while, whereas, however, except), or one after which a sentence starts with "However", "But", "Still", "Nevertheless",
 * "Yet", "That said" or "On the other hand" (the reasoning goes on and may take it back). When clauses praise different
 * candidates, the last one with a lead-in counts; without one, nothing is read. A bare letter must be upper case.
 * `numbered`: the candidates are numbered ("Response 1:"), and so are the marks ("Response 1 is correct"): the
 * conclusion is the option at that position, with no letterSpan (as a numbered verdict has none).
 */
function judgeConclusion(rationale: Segment, options: readonly OptionItem[], letters: number, numbered: boolean): AnswerRef | undefined {
  const text = rationale.text;
  const re = numbered ? JUDGE_PRAISE_NUMBERED : JUDGE_PRAISE_LETTERED;
  re.lastIndex = 0;
  /** The clause that counts so far: its letter, where its letter is written, its start and end; and whether one had a lead-in. */
  let letter = '';
  let letterAt = 0;
  let start = 0;
  let end = 0;
  let leadSeen = false;
  let mixed = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const g = m.groups!;
    let s: number;
    let e: number;
    let at: number;
    if (g.m !== undefined) {
      // The clause runs to the end of the match (its end is a look-ahead); the mark comes before the possessive and the praise.
      e = m.index + m[0].length;
      s = e - g.body!.length;
      const markAt = e - g.t!.length - (g.p?.length ?? 0) - g.m.length;
      at = g.m.charCodeAt(0) === 40 ? markAt + 1 : markAt;
    } else {
      s = m.index + m[0].indexOf('[[');
      e = s + 5;
      at = s + 2;
    }
    const c = text.charCodeAt(at);
    // A bare letter is upper case ("response a is" is no name); in brackets either case.
    if (!numbered && g.m !== undefined && g.m.charCodeAt(0) !== 40 && (c < 65 || c > 74)) continue;
    const l = numbered ? LETTERS[c - 0x31] : LETTERS[(c | 0x20) - 0x61];
    if (l === undefined || !allows(letters, l) || optionWithLetter(options, l) === undefined) continue;
    if (JUDGE_TAKEN_BACK.test(text.slice(e))) continue;
    const lead = g.lead !== undefined && g.lead !== '';
    if (letter !== '' && l !== letter) {
      // Clauses that praise different candidates: a lead-in decides ("Overall, Response B is better."), nothing else does.
      if (!lead) {
        mixed = true;
        continue;
      }
      mixed = false;
    } else if (leadSeen && !lead && letter !== '') {
      // The same candidate again after the lead-in's clause: that clause still counts.
      continue;
    }
    leadSeen ||= lead;
    letter = l;
    letterAt = at;
    start = s;
    end = e;
  }
  if (letter === '' || mixed) return undefined;
  const ref: AnswerRef = { span: rationale.sourceSpan(start, end), letter, label: optionText(optionWithLetter(options, letter)!) };
  if (!numbered) ref.letterSpan = rationale.sourceSpan(letterAt, letterAt + 1);
  return ref;
}

/** The words of a clause that praises a candidate in a judge's rationale (judgeConclusion), after its subject. */
const JUDGE_PRAISE =
  String.raw`\s+(?:is\s+(?:clearly\s+|much\s+|far\s+)?(?:the\s+)?(?:correct|right|accurate|better|best|more\s+accurate|more\s+correct|superior|preferred|preferable|stronger|winner)` +
  String.raw`(?:\s+(?:one|response|answer|output|choice|summary|completion))?(?:\s+overall)?|wins)`;
/** A clause start, a lead-in, bold, and the subject up to its mark. */
const JUDGE_CLAUSE_HEAD = String.raw`(?:^|[.!?;:][ \t]*|\n[ \t]*|,[ \t]+(?=(?:so|therefore|thus|hence)\b))(?<body>(?<lead>(?:(?:overall|therefore|thus|hence|so|in\s+conclusion|in\s+summary|in\s+short|ultimately|as\s+a\s+result)\s*,?\s+)?)(?:\*\*)?${VERDICT_NOUN}\s+`;
/** What ends the clause (not consumed): a full stop, "!", ";", ":", a comma not before "but", the line's end, or "than"/"because"/"since"/"as". */
const JUDGE_CLAUSE_END = String.raw`(?=(?:\*\*)?[ \t]*(?:[.!;:]|,(?!\s*(?:but|though|although|yet|while|whereas|however|except)\b)|\r?\n|$)|\s+(?:than|because|since|as)\b)`;
/** A possessive's noun: "Assistant A's answer". */
const JUDGE_POSSESSIVE = String.raw`(?<p>['’]s\s+(?:answer|response|output|reply|summary|completion))?`;
function judgePraisePattern(mark: string, closing: string): RegExp {
  return new RegExp(
    String.raw`${JUDGE_CLAUSE_HEAD}(?<m>${mark})${JUDGE_POSSESSIVE}(?<t>${JUDGE_PRAISE}))${JUDGE_CLAUSE_END}` +
      // MT-Bench's verdict closing the rationale: "[[A]]".
      String.raw`|(?<mm_body>\[\[(?<mm>${closing})\]\])[ \t]*\.?[ \t]*$`,
    'gi',
  );
}
const JUDGE_PRAISE_LETTERED = judgePraisePattern(String.raw`\([A-J]\)|[A-J](?=[\s'’])`, '[A-J]');
const JUDGE_PRAISE_NUMBERED = judgePraisePattern(String.raw`\([1-9]\)|[1-9](?=[\s'’])`, '[1-9]');
/** A later sentence that may take a judge's clause back ("However, …"). */
const JUDGE_TAKEN_BACK = /(?:^|[.!?;][ \t]*|\n[ \t]*)(?:however|but|still|nevertheless|yet|that\s+said|on\s+the\s+other\s+hand)\b/i;

/**
 * An exemplar that is only an output: a generation prompt's example of what to write ("Write a persona
 * in the style of the examples. / ### Example 1 / A 34-year-old engineer …"; see text.ts, outputRecords).
 * It has no question, options, answer, rationale or citations: the text is not read as an answer (a
 * short output such as "Positive" is no gold label), so the structure rules find nothing in it, while
 * the rules that read whom the exemplars are about (demographic-imbalance, agentic-communal-skew) read it.
 */
export function outputOnlyExemplar(index: number, span: Span, output: Segment): Exemplar {
  return new ParsedExemplar(index, span, undefined, NO_OPTION_ITEMS, output);
}

/** Two citation lists as one new list of the exact size (every exemplar of a large file keeps its list), or one of them when the other is empty. */
function joined(a: LetterCitation[], b: LetterCitation[]): LetterCitation[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: LetterCitation[] = new Array(a.length + b.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  for (let i = 0; i < b.length; i++) out[a.length + i] = b[i]!;
  return out;
}
