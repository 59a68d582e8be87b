// The parser's fast paths (cheap pre-checks, skipping ahead to a core phrase,
// character tests instead of regexes) must find exactly what the plain scans find.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BARE_LETTER,
  CITATION,
  LETTER_ANSWER_PATTERNS,
  OPTIONS_HEADER as OPTIONS_HEADER_PATTERN,
  OPTION_LINE,
  analyseOutput,
  closingStatementOf,
  theAnswerParenMatches,
  conclusionOf,
  lastLetterStatement,
  letterCitations,
  labelConclusionOf,
  lineRunIndexOfLetter,
  mayBeBareLetter,
  mayEndInConclusion,
  mayEndInOptionText,
  optionsHeaderLine,
  optionsIn,
  splitOptions,
  splitOptionsIn,
  takeQuestion,
  takeTail,
} from '../../server/src/parse/exemplars';
import type { OptionItem } from '../../server/src/model/types';
import { LABEL_LINE, NUMBERED_QUESTION, labelLine, numberedQuestionLine, parseTextDocument } from '../../server/src/parse/text';
import { Segment, isWhiteSpace } from '../../server/src/model/segment';
import { VARIABLE, findVariables } from '../../server/src/parse/variables';
import { mentionsDirective } from '../../server/src/parse/comments';
import { normaliseText } from '../../server/src/rules/shared/fewshot';

/** The plain scan: every pattern from offset 0, the last match wins. */
function plainLastLetterStatement(text: string, letters: Set<string> | null) {
  let best: { index: number; end: number; letter: string; letterIndex: number } | null = null;
  for (const p of LETTER_ANSWER_PATTERNS) {
    const re = new RegExp(p.re.source, p.re.flags);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const letter = m[1]!.toUpperCase();
      if (m[1] !== letter && !/\(/.test(m[0])) continue;
      if (letters && !letters.has(letter)) continue;
      const match = { index: m.index, end: m.index + m[0].length, letter, letterIndex: m.index + m[0].lastIndexOf(m[1]!) };
      if (!best || match.index > best.index) best = match;
    }
  }
  return best;
}

const PIECES = [
  'the', 'The', 'THE', 'answer', 'Answer', 'ANSWER', 'bestanswer', 'best', 'correct', 'final', 'right', 'so', 'So', 'therefore', 'hence',
  'is', 'IS', 'would be', 'must be', 'option', 'choice', ':', ',', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '(B)', '(a)', 'B', 'a', 'C.',
  "B's", '.', 'x', 'xanswer', 'answer:', 'Final answer:', 'is correct', ')', '(', 'é', '_', '1',
  // Cue spellings the one-pass cue scan must fold like a /i regex (and near misses).
  'Is', 'iS', 'WOULD BE', 'Must Be', 'would  be', 'Option', 'CHOICE', 'choices', 'options', 'answer :', 'ANSWER\t:', ') is ', ')\tIS\n', ')is ',
  'Answers', 'anser', 'optio', 'ſ', 'K',
];

describe('final-answer statements', () => {
  it('finds the same last statement as a plain scan of every pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), fc.boolean(), (pieces, restrict) => {
        const text = pieces.join(pieces.length % 3 === 0 ? '' : ' ');
        const letters = restrict ? new Set(['A', 'B']) : null;
        expect(lastLetterStatement(text, letters)).toEqual(plainLastLetterStatement(text, letters));
      }),
      { numRuns: 3000 },
    );
  });

  it('analyseOutput concludes what conclusionOf finds in its rationale (it skips rationales before the first cue)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, 'Because: ', 'Paris', 'the answer is Paris.', 'Explanation:'), { maxLength: 40 }), (pieces) => {
        const text = pieces.join(pieces.length % 3 === 0 ? '' : ' ');
        const a = analyseOutput(new Segment(text, 5), []);
        expect(a.conclusion).toEqual(a.rationale ? conclusionOf(a.rationale, []) : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('skips ahead to "answer is" without losing the words before it', () => {
    const text = 'Let us think. Venus is hot, so, \u00a0the  bestanswer is (B). Hence, the correct answer is C';
    expect(lastLetterStatement(text, null)).toEqual(plainLastLetterStatement(text, null));
    expect(lastLetterStatement(text, null)!.letter).toBe('C');
    expect(text.slice(lastLetterStatement(text, null)!.index)).toBe('the correct answer is C');
  });
});

describe('white space without regexes', () => {
  it('isWhiteSpace agrees with /\\s/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isWhiteSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('Segment.trim keeps offsets and returns untouched identity segments as they are', () => {
    const seg = Segment.fromSource('xx \u00a0 hello\u2003\n', 2, 14);
    const t = seg.trim();
    expect(t.text).toBe('hello');
    expect(t.sourceSpan()).toEqual({ start: 5, end: 10 });
    const plain = Segment.fromSource('abc', 0, 3);
    expect(plain.trim()).toBe(plain);
    const mapped = new Segment('ab', 10, Int32Array.from([10, 12, 13]));
    expect(mapped.trim().sourceSpan()).toEqual({ start: 10, end: 13 });
    expect(new Segment('  ', 0).trim().text).toBe('');
  });
});

// ---------------------------------------------------------------------------
// Option lists: splitOptions scans lines by hand; the plain version below (the
// earlier implementation, one line object and one OPTION_LINE match per line) is
// what it must agree with.

const LETTERS = 'ABCDEFGHIJ';
/** The letter as written in an OPTION_LINE match. */
function markOf(m: RegExpExecArray): string {
  return (m[2] ?? m[3] ?? m[4] ?? m[5])!;
}

/** Whether `mark` is the option letter that follows `prev` (same case), or the first one when prev is undefined. */
function isNextMark(mark: string, prev: string | undefined): boolean {
  if (prev === undefined) return mark === 'A' || mark === 'a';
  return mark.charCodeAt(0) === prev.charCodeAt(0) + 1;
}

/** Header lines that introduce an option list; they belong to neither question nor options. */
const OPTIONS_HEADER = /^[ \t]*(?:answer choices|choices|options|possible answers)[ \t]*:[ \t]*$/i;

interface Line {
  start: number; // decoded offset within segment
  end: number; // before line break
  text: string;
}

function plainSplitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl === text.length) break;
    start = nl + 1;
  }
  return out;
}

/** The option on `line`, whose OPTION_LINE match is `m`, with its text running to `end`. */
function optionFromLine(seg: Segment, line: Line, m: RegExpExecArray, end: number): OptionItem {
  const mark = markOf(m);
  const letter = mark.toUpperCase();
  const letterIdx = line.start + line.text.indexOf(mark, m[1]!.length);
  const textStart = line.start + m[0].length;
  let textEnd = end;
  while (textEnd > textStart && isWhiteSpace(seg.text.charCodeAt(textEnd - 1))) textEnd--;
  return {
    letter,
    letterSpan: seg.sourceSpan(letterIdx, letterIdx + 1),
    text: seg.slice(textStart, textEnd),
    span: seg.sourceSpan(line.start + m[1]!.length, textEnd),
  };
}

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
 * Inline options without brackets ("Choices: A. red  B. blue", "Which? A) x B) y"): from the
 * line's first "A. " (and, apart, "A) ") at the line's start, after "?" or after an options
 * label; then B, C, … written alike, each after a space or tab and followed by text.
 */
function inlineLetterOptions(seg: Segment, line: Line): { options: readonly OptionItem[]; at: number } {
  let best: { options: readonly OptionItem[]; at: number } = { options: NO_OPTIONS, at: 0 };
  for (const punct of ['.', ')']) {
    const first = firstAnchored(line.text, punct);
    if (first < 0) continue;
    const markRe = (letter: string) => new RegExp(`(?<=[ \\t])${letter}\\${punct}[ \\t]+(?=\\S)`, 'g');
    const firstText = /^[ \t]+(?=\S)/.exec(line.text.slice(first + 2));
    if (!firstText) continue;
    const marks = [{ at: first, textStart: first + 2 + firstText[0].length }];
    for (let n = 1; n < LETTERS.length; n++) {
      const re = markRe(LETTERS[n]!);
      re.lastIndex = marks[n - 1]!.textStart;
      const m = re.exec(line.text);
      if (!m) break;
      let at = m.index;
      let textStart = at + m[0].length;
      // "Vitamin C. C. Iron": the mark right before the text.
      for (;;) {
        const again = new RegExp(`^${LETTERS[n]!}\\${punct}[ \\t]+(?=\\S)`).exec(line.text.slice(textStart));
        if (!again) break;
        at = textStart;
        textStart += again[0].length;
      }
      marks.push({ at, textStart });
    }
    if (marks.length < 2 || marks.length <= best.options.length) continue;
    const options = marks.map((mk, i) => {
      let end = i + 1 < marks.length ? marks[i + 1]!.at : line.text.length;
      while (end > mk.textStart && /[\s,;]/.test(line.text[end - 1]!)) end--;
      return {
        letter: LETTERS[i]!,
        letterSpan: seg.sourceSpan(line.start + mk.at, line.start + mk.at + 1),
        text: seg.slice(line.start + mk.textStart, line.start + end),
        span: seg.sourceSpan(line.start + mk.at, line.start + end),
      };
    });
    best = { options, at: line.start + first };
  }
  return best;
}

/** What may come right before an inline "A. " / "A) " mark: the line's start, "?" or an options label, then spaces or tabs. */
const INLINE_ANCHOR = /(?:^|\?|(?<![A-Za-z])(?:choices|options|possible answers)[ \t]*:)[ \t]*$/i;

/** Where the first "A<punct> " of `line` after INLINE_ANCHOR starts (-1: none). */
function firstAnchored(line: string, punct: string): number {
  for (let k = line.indexOf(`A${punct} `); k !== -1; k = line.indexOf(`A${punct} `, k + 1)) if (INLINE_ANCHOR.test(line.slice(0, k))) return k;
  return -1;
}

/**
 * Find a lettered option list in a question: the longest run of option lines
 * lettered A, B, C, ... in order (at least two). A line that continues an option
 * (indented, not itself an option) belongs to it.
 */
function plainSplitOptions(seg: Segment): { question: Segment; options: OptionItem[] } {
  const lines = plainSplitLines(seg.text);
  let best: { from: number; to: number; options: OptionItem[]; inlineAt?: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = OPTION_LINE.exec(lines[i]!.text);
    const tryInline = () => {
      const paren = inlineOptions(seg, lines[i]!);
      const letter = inlineLetterOptions(seg, lines[i]!);
      const inline = letter.options.length > paren.length ? letter.options : paren;
      const at = letter.options.length > paren.length ? letter.at : lines[i]!.start + lines[i]!.text.indexOf('(A)');
      if (inline.length >= 2 && (!best || inline.length > best.options.length)) best = { from: i, to: i, options: inline as OptionItem[], inlineAt: at };
    };
    if (!m || !isNextMark(markOf(m), undefined)) {
      tryInline();
      continue;
    }
    // Collect A, B, C... on following lines.
    const run: number[] = [i];
    const runMatches: RegExpExecArray[] = [m];
    let prevMark = markOf(m);
    let j = i + 1;
    while (j < lines.length) {
      const mj = OPTION_LINE.exec(lines[j]!.text);
      if (mj && isNextMark(markOf(mj), prevMark)) {
        prevMark = markOf(mj);
        run.push(j);
        runMatches.push(mj);
        j++;
      } else if (!mj && /^[ \t]+\S/.test(lines[j]!.text) && run.length > 0) {
        j++; // continuation of the previous option
      } else break;
    }
    if (run.length < 2) {
      // An "A" line alone may hold the options inline.
      tryInline();
      continue;
    }
    const options: OptionItem[] = [];
    for (let r = 0; r < run.length; r++) {
      const li = lines[run[r]!]!;
      const lastLine = r + 1 < run.length ? lines[run[r + 1]! - 1]! : lines[j - 1]!;
      options.push(optionFromLine(seg, li, runMatches[r]!, lastLine.end));
    }
    if (!best || options.length > best.options.length) best = { from: i, to: j - 1, options };
    i = j - 1;
  }
  if (!best) return { question: seg.trim(), options: [] };
  // The question is the text before the options, minus an "Options:" header line,
  // plus any text after them (e.g. "Answer with the letter.").
  let qEnd = lines[best.from]!.start;
  const prev = best.from > 0 ? lines[best.from - 1]! : null;
  if (prev && OPTIONS_HEADER.test(prev.text)) qEnd = prev.start;
  else if (best.from === best.to) {
    // Inline options: keep the part of the line before the first mark, without an options label.
    const lineText = lines[best.from]!.text;
    const at = best.inlineAt! - lines[best.from]!.start;
    const before = lineText.slice(0, at).replace(/(?:answer choices|choices|options|possible answers)[ \t]*:[ \t]*$/i, '');
    qEnd = lines[best.from]!.start + before.length;
  }
  return { question: seg.slice(0, qEnd).trim(), options: best.options };
}

const OPTION_PIECES = [
  '(A) ', '(B) ', '(C) ', '(a) ', '(b) ', '[A] ', '[b] ', 'A) ', 'B. ', 'C: ', 'a) ', 'b) ', 'a. ', 'D) ', '- ', '* ', '-', ' ', '  ', '\t', '\n', '\r\n', '\r',
  'Paris', 'x', 'Answer choices:', 'Options:', 'choices: ', '\u00a0', '(A)', '(B)', ',', ';', 'K) ', '(J) ', 'é',
  // Inline marks without brackets, and what anchors them.
  'A. ', 'B) ', 'C. ', 'A.', 'B.', '?', 'Possible answers:', 'xchoices:', 'Plan ', ' B. ', ' C) ',
];

describe('option lists without per-line regexes', () => {
  const dump = (r: { question: Segment; options: OptionItem[] }) => JSON.stringify(r, (_k, v) => (v instanceof Int32Array ? Array.from(v) : v));

  it('matchOptionLine agrees with OPTION_LINE through splitOptions (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPTION_PIECES), { maxLength: 30 }), fc.nat(5), (pieces, base) => {
        const text = pieces.join('');
        const seg = Segment.fromSource('#'.repeat(base) + text, base, base + text.length);
        expect(dump(splitOptions(seg))).toBe(dump(plainSplitOptions(seg)));
      }),
      { numRuns: 5000, seed: 5 },
    );
  });

  it('takes a tab after an inline mark past the first, as OPTION_LINE does (fast-check seed 1020615784, s22 fuzz15)', () => {
    for (const text of ['A. B.\t(A) ', 'Q? A. red\tB.\tblue', 'Pick one? A) x\tB)\ty  C) z']) {
      const seg = Segment.fromSource(text, 0, text.length);
      expect(dump(splitOptions(seg)), JSON.stringify(text)).toBe(dump(plainSplitOptions(seg)));
    }
    const seg = Segment.fromSource('Q? A. red\tB.\tblue', 0, 17);
    expect(splitOptions(seg).options.map((o) => [o.letter, o.text.text])).toEqual([['A', 'red'], ['B', 'blue']]);
  });

  it('a run of line options is found by position: lineRunIndexOfLetter agrees with the letters the options read (property)', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('', 'Which city?\n', 'Options:\n', 'Q: pick one\nAnswer choices:\n'),
        fc.array(fc.tuple(fc.constantFrom('', '  ', '- ', '* '), fc.constantFrom('(X) ', 'X) ', 'X. ', '[X] ', 'X: ', '(x) ', 'x) ', 'x. '), fc.integer({ min: -1, max: 2 }), fc.constantFrom('Paris', 'Rome', 'x', '')), { minLength: 1, maxLength: 7 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', '\nAnswer with a letter.', '\n  continued'),
        (head, lines, eol, tail) => {
        // Letters mostly in order (step 1), sometimes repeated (0), skipped (2) or back (-1).
        let letter = 0;
        const text = head + lines.map(([bullet, marker, step, body], k) => {
          if (k > 0) letter = Math.max(0, letter + step);
          const l = String.fromCharCode(65 + letter);
          return bullet + marker.replace('X', l).replace('x', l.toLowerCase()) + body;
        }).join(eol) + tail;
        const seg = Segment.fromSource(text, 0, text.length);
        const { options } = splitOptions(seg);
        for (let c = 65; c <= 75; c++) {
          const letter = String.fromCharCode(c);
          const i = lineRunIndexOfLetter(options, letter);
          if (i === -2) continue;
          if (c === 65) runs++;
          expect(i).toBe(options.findIndex((o) => o.letter === letter));
        }
      }),
      { numRuns: 5000, seed: 5 },
    );
    // The property must have met runs of line options, not only inline ones (-2).
    expect(runs).toBeGreaterThan(100);
  });

  it('finds a plain option list and an inline one', () => {
    const seg = Segment.fromSource('Which?\nOptions:\n(A) Paris\n  continued\n(B) Rome\nAnswer with a letter.', 0, 62);
    const r = splitOptions(seg);
    expect(r.options.map((o) => [o.letter, o.text.text])).toEqual([['A', 'Paris\n  continued'], ['B', 'Rome']]);
    expect(r.question.text).toBe('Which?');
    expect(dump(r)).toBe(dump(plainSplitOptions(seg)));
    const inline = Segment.fromSource('Pick one: (A) red, (B) blue', 0, 27);
    expect(splitOptions(inline).options.map((o) => o.text.text)).toEqual(['red', 'blue']);
    expect(OPTION_LINE.test('- (a) x')).toBe(true);
  });
});

describe('label lines without per-line regexes', () => {
  const LABEL_PIECES = ['Q', 'A', 'Answer', 'answer choices', ' ', '  ', '\t', ':', '**', '__', '*', '_', 'x', 'é', 'É', 'ß', '×', 'ā', '1', 'Tweet', 'Sentiment', '\u00a0', 'abcdefghij', ' :'];

  it('labelLine agrees with LABEL_LINE (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LABEL_PIECES), { maxLength: 12 }), (pieces) => {
        const line = pieces.join('');
        const m = LABEL_LINE.exec(line);
        expect(labelLine(line)).toEqual(m ? { label: m[2], contentStart: m[0].length } : null);
      }),
      { numRuns: 5000, seed: 9 },
    );
  });

  it('labelLine agrees with LABEL_LINE where the label ends next to emphasis, spaces and tabs, and at the length limit', () => {
    const lines = [
      'Q **: x', 'Q** **: x', 'Q \t**: x', 'Q\t :x', 'Q\t : x', '**Q**: x', '__Answer choices__ :', 'Q: **x', 'Q:**', 'Q:** x', ': x', '**: x',
      'a b c :  x', 'abcdefghijklmnopqrstuvwx: y', 'abcdefghijklmnopqrstuvwxy: y', 'abcdefghijklmnopqrstuvw  : y', 'Q: a: b', 'Q x:y: z',
    ];
    for (const line of lines) {
      const m = LABEL_LINE.exec(line);
      expect(labelLine(line), line).toEqual(m ? { label: m[2], contentStart: m[0].length } : null);
    }
  });
});

describe('numbered question labels without a per-line regex', () => {
  const PIECES = ['Q', 'q', 'Question', 'QUESTION', 'uestion', 's', ' ', '\t', '#', '##', '#######', '1', '12', '0', '99999', ':', '.', ')', '**', '__', '*', 'x', '1.', 'é', 'Pregunta', 'frage', 'VRAAG', 'Domanda', 'pergunt', 'p', 'F'];

  it('numberedQuestionLine agrees with NUMBERED_QUESTION (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }), (pieces) => {
        const line = pieces.join('');
        const m = NUMBERED_QUESTION.exec(line);
        expect(numberedQuestionLine(line)).toEqual(m ? { label: m[2], contentStart: m[0].length } : null);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('numberedQuestionLine agrees with NUMBERED_QUESTION on the shapes it is for and next to them', () => {
    const lines = [
      'Question 1: x', 'Q1: x', 'Q 1: x', 'Question 1. x', 'Question #2) x', '### Question 1', '###Question 1', '**Question 1:** x', '**Question 1**: x', '__Q3.__ x',
      'Question 1', 'Q1', 'Q1 revenue', 'Question 1 x', 'Question 1:x', 'Question 1.5', 'Question 12345: x', 'Question 1234: x', '1. Read', 'Questions 1: x', '  \tq 7 .  x',
    ];
    for (const line of lines) {
      const m = NUMBERED_QUESTION.exec(line);
      expect(numberedQuestionLine(line), line).toEqual(m ? { label: m[2], contentStart: m[0].length } : null);
    }
    expect(numberedQuestionLine('Question 1: x')).toEqual({ label: 'Question', contentStart: 12 });
    expect(numberedQuestionLine('### Question 1')).toEqual({ label: 'Question', contentStart: 14 });
    expect(numberedQuestionLine('Q1 revenue')).toBeNull();
    expect(numberedQuestionLine('Q1')).toBeNull();
    expect(numberedQuestionLine('1. Read')).toBeNull();
  });

  it('reads the word for "question" in other languages with a number and ":", "." or ")", never alone', () => {
    expect(numberedQuestionLine('Pregunta 1: ¿x?')).toEqual({ label: 'Pregunta', contentStart: 12 });
    expect(numberedQuestionLine('**Frage 2.** x')).toEqual({ label: 'Frage', contentStart: 13 });
    expect(numberedQuestionLine('### Vraag 3) x')).toEqual({ label: 'Vraag', contentStart: 13 });
    expect(numberedQuestionLine('Domanda 4: x')).toEqual({ label: 'Domanda', contentStart: 11 });
    for (const line of ['Pregunta 1', 'Fragen 1: x', 'Frage: x', 'Pergunta1x', 'Frage 1 x', 'Dominic 1: x']) {
      expect(numberedQuestionLine(line), line).toBeNull();
      expect(NUMBERED_QUESTION.exec(line), line).toBeNull();
    }
  });
});

describe('transcript turns without a multiline regex', () => {
  it('finds the same turns with \\n, \\r\\n and other line terminators', () => {
    const body = 'Be brief.\n  human: Hi\nAssistant : Hello\n\tUSER:again\nAI:  ok\nnot User: here\nSystem:x';
    const turns = (text: string) => parseTextDocument('t.prompt', text, 'text').messages.map((m) => [m.role, m.content.text, text.slice(m.span.start, m.span.end)]);
    const expected = [
      ['system', 'Be brief.', 'Be brief.'],
      ['user', 'Hi', 'human: Hi'],
      ['assistant', 'Hello', 'Assistant : Hello'],
      ['user', 'again', 'USER:again'],
      ['assistant', 'ok\nnot User: here', 'AI:  ok\nnot User: here'],
      ['system', 'x', 'System:x'],
    ];
    expect(turns(body)).toEqual(expected);
    for (const nl of ['\r\n', '\r', '\u2028', '\u2029']) {
      expect(turns(body.replace(/\n/g, nl)).map((t) => t[0])).toEqual(expected.map((t) => t[0]));
    }
  });
});

describe('letter citations without a regex', () => {
  const CITE_PIECES = ['(B)', '(b)', '(K)', '(', ')', 'B', 'C', 'J', 'K', 'option', 'Options', 'OPTION', 'choice', 'Choices', 'answer', 'Answer', 'answer is', 'is',
    ' ', '  ', '\n', '\u00a0', ':', "'", 'x', '_', '1', 's', 'é', 'xoption', '.',
    // Keyword cues in other cases: only the first letter may be upper case (s27: one bit test for the rest), and "is" only lower case.
    'ANSWER', 'aNswer', 'answeR', 'choicE', 'Is', 'iS', 'IS'];

  it('finds what the citation pattern finds, letters restricted or not (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CITE_PIECES), { maxLength: 25 }), fc.boolean(), (pieces, restrict) => {
        const text = pieces.join('');
        const letters = restrict ? new Set(['B', 'C']) : null;
        const plain: { letter: string; span: { start: number; end: number } }[] = [];
        const re = new RegExp(CITATION.source, 'g');
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const letter = m[1] ?? m[2]!;
          if (letters && !letters.has(letter)) continue;
          const at = 3 + m.index + m[0].lastIndexOf(letter);
          plain.push({ letter, span: { start: at, end: at + 1 } });
        }
        expect(letterCitations(Segment.fromSource('xyz' + text, 3, 3 + text.length), letters)).toEqual(plain);
      }),
      { numRuns: 5000, seed: 13 },
    );
  });

  it('reads a keyword only with the rest of it in lower case, and "is" after "answer" only in lower case', () => {
    for (const text of ['answer Is B', 'answer IS C', 'answer is D', 'Answer B', 'ANSWER B', 'aNswer B', 'OPTION C', 'Option C', 'optioN C', 'choicE D', 'Choices D']) {
      const plain = [...text.matchAll(new RegExp(CITATION.source, 'g'))].map((m) => m[1] ?? m[2]);
      expect(letterCitations(Segment.fromSource(text, 0, text.length), null).map((c) => c.letter)).toEqual(plain);
    }
    expect(letterCitations(Segment.fromSource('answer Is B', 0, 11), null)).toEqual([]);
    expect(letterCitations(Segment.fromSource('Option C', 0, 8), null).map((c) => c.letter)).toEqual(['C']);
  });
});

/**
 * A segment of `widths.length` characters from `base`: an identity segment, or one whose
 * characters take `widths[i]` source characters each (as escapes do; 0 is allowed).
 */
function segmentOf(widths: number[], base: number, identity: boolean): Segment {
  const text = 'x'.repeat(widths.length);
  if (identity) return new Segment(text, base);
  const offsets = new Int32Array(widths.length + 1);
  offsets[0] = base;
  for (let i = 0; i < widths.length; i++) offsets[i + 1] = offsets[i]! + widths[i]!;
  return new Segment(text, base, offsets);
}

describe('Segment.decodedIndex', () => {
  /** The first decoded index whose source offset is at or after `source`, by a plain scan. */
  const byScan = (seg: Segment, source: number) => {
    let i = 0;
    while (i < seg.length && seg.sourceOffset(i) < source) i++;
    return i;
  };

  it('matches a scan, for identity segments and for offset tables with escapes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 40 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.integer({ min: -5, max: 200 }), (widths, base, identity, source) => {
        const seg = segmentOf(widths, base, identity);
        expect(seg.decodedIndex(source)).toBe(byScan(seg, source));
      }),
    );
  });
});

describe('Segment.sourceSpanEnd', () => {
  it('is sourceSpan(start, end).end, and sourceOffset(start) its start, for any range of identity and escaped segments', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.integer({ min: -3, max: 35 }), fc.integer({ min: -3, max: 35 }), (widths, base, identity, start, end) => {
        const seg = segmentOf(widths, base, identity);
        const span = seg.sourceSpan(start, end);
        expect(seg.sourceSpanEnd(start, end)).toBe(span.end);
        expect(seg.sourceOffset(start)).toBe(span.start);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitting a question in place', () => {
  const dump = (r: { question: Segment; options: OptionItem[] }) => JSON.stringify(r, (_k, v) => (v instanceof Int32Array ? Array.from(v) : v));

  it('splitOptionsIn(seg, from, to) finds what splitOptions finds in seg.sliceTrimmed(from, to) (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPTION_PIECES), { maxLength: 30 }), fc.nat(5), fc.nat(40), fc.nat(40), (pieces, base, a, b) => {
        const text = pieces.join('');
        const seg = Segment.fromSource('#'.repeat(base) + text, base, base + text.length);
        const from = Math.min(a, text.length);
        const to = Math.max(from, text.length - b);
        expect(dump(splitOptionsIn(seg, from, to))).toBe(dump(splitOptions(seg.sliceTrimmed(from, to))));
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('optionsIn reading the lines from a line table of the text finds what it finds splitting them itself (property)', () => {
    /** The text's lines as classify tables them: split at "\n", a "\r" before it left out. */
    const lineTable = (text: string) => {
      const starts: number[] = [];
      const ends: number[] = [];
      for (let start = 0; ; ) {
        let nl = text.indexOf('\n', start);
        if (nl === -1) nl = text.length;
        starts.push(start);
        ends.push(nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        if (nl === text.length) break;
        start = nl + 1;
      }
      // (Longer than the text's lines, with junk after them, as the parser's shared table is.)
      return { starts: Int32Array.from([...starts, -7, 3]), ends: Int32Array.from([...ends, -7, 3]) };
    };
    const split = (seg: Segment, from: number, to: number, table?: { starts: Int32Array; ends: Int32Array }, line?: number) => {
      const options = optionsIn(seg, from, to, table?.starts, table?.ends, line);
      const tail = takeTail();
      return dump({ question: takeQuestion(), options, tail } as never);
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPTION_PIECES), { maxLength: 30 }), fc.nat(5), fc.nat(40), fc.nat(40), fc.nat(9), (pieces, base, a, b, back) => {
        const text = pieces.join('');
        const seg = Segment.fromSource('#'.repeat(base) + text, base, base + text.length);
        const from = Math.min(a, text.length);
        const to = Math.max(from, text.length - b);
        const table = lineTable(text);
        // A line at or before the one `from` is on.
        let onLine = 0;
        while (onLine + 1 < table.starts.length - 2 && table.starts[onLine + 1]! <= from) onLine++;
        const line = Math.max(0, onLine - back);
        expect(split(seg, from, to, table, line)).toBe(split(seg, from, to));
      }),
      { numRuns: 5000, seed: 13 },
    );
  });

  it('an option tells its text length without building its text, and it is the built text\'s length (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPTION_PIECES), { maxLength: 30 }), fc.nat(5), fc.nat(40), (pieces, base, a) => {
        const text = pieces.join('');
        const seg = Segment.fromSource('#'.repeat(base) + text, base, base + text.length);
        const { options } = splitOptionsIn(seg, Math.min(a, text.length), text.length);
        // Options built another way (e.g. inline lists) may leave textLength out.
        for (const option of options) if (option.textLength !== undefined) expect(option.textLength).toBe(option.text.text.length);
      }),
      { numRuns: 3000, seed: 12 },
    );
    const text = 'Which?\n(A) one\n(B) three  \n(C)';
    const { options } = splitOptionsIn(Segment.fromSource(text, 0, text.length), 0, text.length);
    expect(options.map((o) => [o.textLength, o.text.text])).toEqual(options.map((o) => [o.text.text.length, o.text.text]));
    expect(options.filter((o) => o.textLength !== undefined).length).toBeGreaterThan(1);
  });

  it('works on segments with an offset table (escapes)', () => {
    // "(A) x\n(B) y" decoded from a JSON string with \n escapes: each line break is two source characters.
    const text = 'Q?\n(A) x\n(B) y';
    const offsets = new Int32Array(text.length + 1);
    let src = 10;
    for (let i = 0; i <= text.length; i++) {
      offsets[i] = src;
      src += text[i] === '\n' ? 2 : 1;
    }
    const seg = new Segment(text, 10, offsets);
    expect(dump(splitOptionsIn(seg, 0, text.length))).toBe(dump(splitOptions(seg.sliceTrimmed(0, text.length))));
    expect(dump(splitOptionsIn(seg, 3, text.length))).toBe(dump(splitOptions(seg.sliceTrimmed(3, text.length))));
  });

  it('the options header test agrees with OPTIONS_HEADER (property)', () => {
    const pieces = ['answer choices', 'Answer Choices', 'choices', 'OPTIONS', 'options', 'possible answers', 'answer', ' ', '\t', ':', ': ', '\u00a0', 'x', 's', 'ſ', 'K'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 6 }), (parts) => {
        const line = parts.join('');
        expect(optionsHeaderLine(line)).toBe(OPTIONS_HEADER_PATTERN.test(line));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });
});

describe('bare answer letters without a regex for most outputs', () => {
  it('every trimmed text BARE_LETTER matches passes the cheap test (property)', () => {
    const pieces = ['(', ')', 'A', 'B', 'J', 'K', 'a', '.', ':', ' ', '\t', '\n', '\r', 'x', 'Paris', '\u00a0', '(B)', 'B.', 'B:'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), (parts) => {
        const text = parts.join('').trim();
        if (!text) return;
        if (BARE_LETTER.test(text)) expect(mayBeBareLetter(text)).toBe(true);
      }),
      { numRuns: 5000, seed: 13 },
    );
  });
});

describe('transcript turns (property)', () => {
  it('the per-line check finds the turns the multiline regex finds', () => {
    const indent = fc.constantFrom('', ' ', '\t', '\u00a0', 'x');
    const word = fc.constantFrom('Human', 'human', 'HUMAN', 'User', 'user', 'Assistant', 'ASSISTANT', 'AI', 'ai', 'Ai', 'System', 'system', 'Hum', 'Use', 'A', 'As', 'K', 'ſ', 'Q');
    const sep = fc.constantFrom(':', ' :', ': ', '\t:\t', '', ' ');
    const content = fc.constantFrom('', 'hello', 'x: y', ' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(indent, word, sep, content), { maxLength: 8 }), (lines) => {
        const text = lines.map((l) => l.join('')).join('\n');
        // \u2028 is one character like \n, so spans agree; with it the multiline regex decides where turns start.
        const turns = (t: string) => parseTextDocument('t.prompt', t, 'text').messages.map((m) => [m.role, m.span.start, m.span.end, m.roleSpan?.start, m.roleSpan?.end]);
        expect(turns(text)).toEqual(turns(text.replace(/\n/g, '\u2028')));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
});

describe('final-answer statements built from the patterns\' parts (property)', () => {
  // Random pieces hardly ever line up into a statement: these are built from the
  // parts of the "answer is" patterns, so the core tests that let the scan pass
  // over cores are checked where they matter.
  const before = fc.constantFrom('', 'So', 'so,', 'Therefore,', 'thus', 'hence', 'x', 'The', 'the', 'THE', 'thé', 'bestthe', ',');
  const qualifier = fc.constantFrom('', 'best', 'Best', 'CORRECT', 'right', 'final', 'Final', 'finals', 'bestt', 'the', 'x');
  const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', ',');
  const core = fc.constantFrom('answer is', 'Answer IS', 'answer  would be', 'answer must be', 'answer\tis', 'answeris', 'answer island', 'answers is');
  const colon = fc.constantFrom('', ':', ' :', ': ', ' : ');
  const letter = fc.constantFrom('(B)', '(B).', '(b)', '(K)', '( B)', '(B', 'B', 'b', 'B.', "B's", 'Bx', 'option B', 'Option  c', 'optionB', 'option (B)', 'J', 'K', '1');
  const statement = fc.tuple(before, space, qualifier, space, core, colon, letter).map((parts) => parts.join(''));
  it('finds the same last statement as a plain scan', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(statement, fc.constantFrom(' ', '. ', '\n', 'x', 'the')), { maxLength: 5 }), fc.boolean(), (pieces, restrict) => {
        const text = pieces.join(' ');
        const letters = restrict ? new Set(['A', 'B']) : null;
        expect(lastLetterStatement(text, letters)).toEqual(plainLastLetterStatement(text, letters));
      }),
      { numRuns: 5000, seed: 15 },
    );
  });
});

describe('scans that jump to the characters a match needs', () => {
  it('findVariables finds what a plain global VARIABLE scan finds (property)', () => {
    const pieces = ['{', '}', '{{', '}}', '{{{', '}}}', '$', '${', 'name', 'a.b', ' ', '|', 'upper', '(', '#', '/', '>', '!r', ':>10', '\\', '\n', 'x', 'if', ' if ', '{x}', '{{ y }}', '${z}'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const seg = Segment.fromSource(text, 0, text.length);
        const plain: [number, number][] = [];
        const re = new RegExp(VARIABLE.source, 'g');
        for (let m = re.exec(text); m; m = re.exec(text)) {
          if (m[3] !== undefined && (m[2] === '/' || m[2] === '>')) continue;
          plain.push([m.index, m.index + m[0].length]);
        }
        expect(findVariables(seg).map((v) => [v.span.start, v.span.end])).toEqual(plain);
      }),
      { numRuns: 5000, seed: 16 },
    );
  });

  it('mentionsDirective agrees with includes("biaslens-") (property)', () => {
    const pieces = ['biaslens-', 'biaslens', 'iaslens-', 'b', '-', '--', '- ', 'x', ' ', '\n', 'biaslens-disable', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(600), (parts, hyphens) => {
        // Some texts have more hyphens than the hyphen search looks at before it hands over.
        const text = (hyphens > 300 ? '-'.repeat(hyphens) : '') + parts.join('');
        expect(mentionsDirective(text)).toBe(text.includes('biaslens-'));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});

describe('citations of a trimmed rationale', () => {
  it('are the citations of the untrimmed one (buildExemplar reuses the trimmed text\'s scan)', () => {
    const pieces = ['(B)', '(K)', 'B', 'option', 'Option', 'choice', 'answer', 'answer is', 'is', ':', ' ', '\n', '\t', '\u00a0', "'", 'x', '1', '(', ')'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), fc.nat(4), (parts, base) => {
        const text = parts.join('');
        const seg = Segment.fromSource('#'.repeat(base) + text, base, base + text.length);
        expect(letterCitations(seg.trim(), null)).toEqual(letterCitations(seg, null));
      }),
      { numRuns: 3000, seed: 18 },
    );
  });
});

describe('"the answer is (X)" by hand', () => {
  it('finds the matches of LETTER_ANSWER_PATTERNS[1] that exec finds, in order (property)', () => {
    const pieces = [
      'the', 'The', 'THE', 'bathe', 'sothe', 'so', 'So', 'SO', 'therefore', 'Therefore', 'thus', 'hence', 'Hence', 'also', 'answer', 'Answer',
      'answers', 'is', 'IS', 'would be', 'must be', 'would  be', 'isn', ':', ',', ', ', ' ', '  ', '\t', '\n', '\u00a0', '(B)', '(a)', '(K)',
      '(', ')', 'B', 'x', '_', '1', '.', 'é', 'ſ', 'the answer is (C)', 'so, the answer is (D)', 'the the answer is (A)',
    ];
    const re = new RegExp(LETTER_ANSWER_PATTERNS[1]!.re.source, LETTER_ANSWER_PATTERNS[1]!.re.flags);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.boolean(), (parts, spaced) => {
        const text = parts.join(spaced ? ' ' : '');
        const expected: number[][] = [];
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) expected.push([m.index, m.index + m[0].length]);
        expect(theAnswerParenMatches(text)).toEqual(expected);
      }),
      { numRuns: 5000, seed: 20 },
    );
  });
});

describe('a closing "So the answer is (X)." read from the end (s27 r2)', () => {
  // lastLetterStatementIn takes the statement that closes the text without its search (closingSoTheAnswerParen):
  // texts that end in it, or nearly, must give what the plain scan of every pattern gives.
  const prefix = fc.array(fc.constantFrom(...PIECES, 'Let\'s think step by step.', 'Venus is hot.', 'the answer is (A)', 'so the answer is (C).'), { maxLength: 8 });
  const joint = fc.constantFrom('', ' ', '. ', '.', ',', '\n', '\t', '_', 'x', '1', 'é', '(', ')');
  const lead = fc.constantFrom('So', 'so', 'SO', 'Therefore', 'therefore,', 'Thus', 'hence', 'Hence,', 'also', 'oso', 'so ,', 'so,,', '', 'the', 'Therefore ,');
  const the = fc.constantFrom(' the answer is ', ' The Answer IS ', '  the answer is ', ' the  answer is ', ' the answer is  ', '\tthe answer is ', 'the answer is ', ' the answer is', ' the answer would be ', ' the best answer is ', ' the answer is: ', ' the answers is ');
  const letter = fc.constantFrom('(A)', '(B)', '(b)', '(J)', '(j)', '(K)', '(k)', '( B)', '(B', 'B)', 'B', '(1)');
  const end = fc.constantFrom('', '.', '. ', '.\n', ' ', '\n\n', '..', '!', ')', ' is correct', ' is the best answer', '. So the answer is B', 'x', '\u00a0', '.\u2003');
  it('lastLetterStatement finds what the plain scan finds (property)', () => {
    fc.assert(
      fc.property(prefix, joint, lead, the, letter, end, fc.constantFrom(0, 1, 2), (pre, j, l, t, x, e, restrict) => {
        const text = pre.join(' ') + j + l + t + x + e;
        const letters = restrict === 0 ? null : restrict === 1 ? new Set(['A', 'B']) : new Set(['C', 'D', 'J']);
        expect(lastLetterStatement(text, letters)).toEqual(plainLastLetterStatement(text, letters));
      }),
      { numRuns: 10000, seed: 28 },
    );
    const text = "Let's think step by step. Venus is hot. So the answer is (B).";
    expect(lastLetterStatement(text, null)).toEqual({ index: 40, end: 60, letter: 'B', letterIndex: 58 });
    expect(lastLetterStatement(text, null)).toEqual(plainLastLetterStatement(text, null));
  });
});

describe('closing answer lines that skip the search for the last line (s27)', () => {
  // closingHashesLine: the last line (after at least one line) is "####" (not "#####") and a number, perhaps before a full stop.
  const HASHES = /\n[ \t]*(####)(?!#)[^\S\n]*([-+]?\d[\d,]*(?:\.\d+)?)\.?\s*$/d;

  it('closingHashesLine finds what a plain regex for the closing "#### <number>" line finds (property)', () => {
    const pieces = ['####', '#####', '#', ' ', '  ', '\t', '\n', '\r\n', '\u2028', '\u00a0', '72', '-3.5', '+1', '1,200', '7,', ',', '.', '..', 'x', 'Notes', '(A)', '0.'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        const m = HASHES.exec(text);
        const expected = m && m.index > 0 ? [m.indices![1]![0], m.indices![2]![0], m.indices![2]![1]] : null;
        expect(closingStatementOf(text, 'hashes')).toEqual(expected);
      }),
      { numRuns: 5000, seed: 27 },
    );
    expect(closingStatementOf('So it is 70.\n#### 1,200.', 'hashes')).toEqual([13, 18, 23]);
    expect(closingStatementOf('So it is 70.\n#### 7,', 'hashes')).toEqual([13, 18, 20]);
  });

  /** closingVerdict as it was before its early return: the line's start found first, every way tried. */
  function plainClosingVerdict(text: string, letters: ReadonlySet<string> | null): number[] | null {
    const trimmedLength = (t: string) => t.replace(/\s+$/, '').length;
    let end = trimmedLength(text);
    if (text[end - 1] === '.') end--;
    if (end < 1) return null;
    let letterAt = end - 1;
    let tokenStart = end - 1;
    if (end >= 5 && /^\[\[[^]\]\]$/.test(text.slice(end - 5, end))) [letterAt, tokenStart] = [end - 3, end - 5];
    else if (text[end - 1] === ')' && end >= 3 && text[end - 3] === '(') [letterAt, tokenStart] = [end - 2, end - 3];
    const letter = text[letterAt]!;
    if (!/^[A-J]$/.test(letter) || (letters && !letters.has(letter))) return null;
    const bracketed = tokenStart === end - 5;
    const lineStart = text.lastIndexOf('\n', tokenStart - 1) + 1;
    const before = trimmedLength(text.slice(0, tokenStart));
    if (!bracketed && before >= lineStart + 8 && text.slice(before - 8, before) === '[RESULT]') return [before - 8, letterAt, end];
    let start = tokenStart;
    if (before > lineStart && text[before - 1] === ':') {
      const label = /(?<![A-Za-z])(?:final\s+)?verdict\s*$/i.exec(text.slice(0, before - 1));
      if (label && trimmedLength(text.slice(0, label.index)) <= lineStart) start = label.index;
      else if (!bracketed) return null;
    } else if (!bracketed && before > lineStart) return null;
    if (!bracketed && start === tokenStart) return null;
    return [start, letterAt, end];
  }

  it('closingVerdict finds what it found with the line start read first (property)', () => {
    const pieces = [
      'Verdict', 'verdict', 'VERDICT', 'Final', 'final', 'xverdict', 'xfinal', ':', ' ', '\n', '\t', '[RESULT]', '[RESULT', 'RESULT]', '[[A]]', '[[C]]',
      '[[K]]', '[[a]]', '(B)', '(a)', 'A', 'C', 'K', 'x', '.', ']', '[[', ')', '(', 'is', 'so the answer is (A).', 'Verdict: B',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.boolean(), fc.boolean(), (parts, spaced, restrict) => {
        const text = parts.join(spaced ? ' ' : '');
        const letters = restrict ? new Set(['A', 'B']) : null;
        expect(closingStatementOf(text, 'verdict', letters)).toEqual(plainClosingVerdict(text, letters));
      }),
      { numRuns: 8000, seed: 27 },
    );
    expect(closingStatementOf('Feedback: fine. [RESULT] (B)', 'verdict')).toEqual([16, 26, 28]);
    expect(closingStatementOf('Because x.\nFinal verdict: C.', 'verdict')).toEqual([11, 26, 27]);
    expect(closingStatementOf('so the answer is (A).', 'verdict')).toBeNull();
  });
});

describe("a rationale's closing conclusion form, ruled out from its last characters (s27)", () => {
  const isQuoteOrEmphasis = (c: number) => c === 34 || c === 39 || c === 8220 || c === 8221 || c === 8216 || c === 8217 || c === 96 || c === 42 || c === 95;
  const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  /** concludedEnd: the end without the white space, full stops, "!", closing quotes and emphasis. */
  function concludedEnd(text: string): number {
    let e = text.length;
    while (e > 0 && (isWhiteSpace(text.charCodeAt(e - 1)) || text[e - 1] === '.' || text[e - 1] === '!' || isQuoteOrEmphasis(text.charCodeAt(e - 1)))) e--;
    return e;
  }

  /** mayEndInConclusion as it was: each word before a value word walked back over whole, then compared. */
  function plainMayEndInConclusion(text: string): boolean {
    const end = concludedEnd(text);
    if (end === 0) return false;
    let i = end;
    for (let words = 0; words < 4 && end - i <= 48; words++) {
      while (i > 0 && !isWhiteSpace(text.charCodeAt(i - 1))) i--;
      let j = i;
      while (j > 0 && isWhiteSpace(text.charCodeAt(j - 1))) j--;
      if (j === i || j === 0) return false;
      let k = j;
      while (k > 0 && isQuoteOrEmphasis(text.charCodeAt(k - 1))) k--;
      if (text[k - 1] === ':' || text[k - 1] === ',') k--;
      let w = k;
      while (w > 0 && isLetter(text.charCodeAt(w - 1))) w--;
      const word = text.slice(w, k).toLowerCase();
      if (['is', 'be', 'so', 'thus', 'hence', 'therefore'].includes(word) || (word === 's' && (text[w - 1] === "'" || text[w - 1] === '\u2019'))) return true;
      i = j;
    }
    return false;
  }

  it('mayEndInConclusion agrees with the walk that reads each word before the value whole (property)', () => {
    const pieces = [
      'is', 'IS', 'Is', 'be', 'bE', 'so', 'SO', 'thus', 'Thus', 'hence', 'HENCE', 'therefore', 'Therefore', 'this', 'has', 'thes', 'xthus', 'uthus',
      'these', 'ence', 'refore', 'also', 'to', 'xis', 'isx', 'xbe', 'ebe', "it's", 'it\u2019s', "'s", 's', 'S', 'e', 'o', 'b', 'i', "'", '\u2019',
      ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', ':', ',', '"', '**', '_', '.', '!', '(A)', 'Negative', 'yes', 'x', '\u00e9', '1',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), fc.boolean(), (parts, spaced) => {
        const text = parts.join(spaced ? ' ' : '');
        expect(mayEndInConclusion(new Segment(text, 0)), JSON.stringify(text)).toBe(plainMayEndInConclusion(text));
      }),
      { numRuns: 10000, seed: 27 },
    );
  });

  const VALUE_PIECES = [
    'Paris', 'paris', 'PARIS', 'aris', 'ris', 's', 'is', 'Joule', 'joule', 'B', 'b', '12', '2', 'x2', 'Caf\u00e9', 'caf\u00e9', '\u0130', 'i', 'stra\u00dfe',
    '\u00e9', 'Mg2+', 'C++', 'c',
  ];
  const SEPARATORS = [' ', ' ', '  ', '\t', '\n', '-', ' - ', '.', ',', '!', '"', "'", '**', '(', ')', '\u2019', '\u201d', '\u2014', '\u00a0', ''];
  const FORMS = ['so the answer is', 'so the unit is', 'so', 'therefore it is', 'The answer is', "so it's", 'so the answer must be', 'and so', 'because it is'];

  /** Rationale and option texts from those pieces: some rationales end with a conclusion form and an option's text. */
  const demo = fc
    .record({
      before: fc.array(fc.constantFrom(...VALUE_PIECES, ...SEPARATORS, ...FORMS), { maxLength: 6 }),
      form: fc.constantFrom(...FORMS),
      value: fc.array(fc.constantFrom(...VALUE_PIECES, ...SEPARATORS), { minLength: 1, maxLength: 4 }),
      close: fc.constantFrom('', '.', '."', '**.', ' ', '!', '?', '\u201d.'),
      options: fc.array(fc.array(fc.constantFrom(...VALUE_PIECES, ...SEPARATORS), { maxLength: 4 }), { minLength: 1, maxLength: 5 }),
      echo: fc.nat(8),
    })
    .map(({ before, form, value, close, options, echo }) => {
      const opts = options.map((o) => o.join(''));
      const v = value.join('');
      // Often an option is the concluded value, as written or in another case.
      if (echo < opts.length) opts[echo] = echo % 2 ? v.toUpperCase() : v;
      return { rationale: `${before.join(' ')} ${form} ${v}${close}`, options: opts };
    });

  const optionsOf = (texts: string[]): OptionItem[] =>
    texts.map((t, i) => ({ letter: 'ABCDEFGHIJ'[i]!, letterSpan: { start: 0, end: 0 }, text: new Segment(t, 0), span: { start: 0, end: 0 } }));

  it('mayEndInOptionText is true whenever what follows a character other than an ASCII letter or digit up to the end normalises as an option does (property)', () => {
    fc.assert(
      fc.property(demo, ({ rationale, options }) => {
        const end = concludedEnd(rationale);
        const keys = new Set(options.map(normaliseText));
        let named = false;
        for (let i = 0; i < end && !named; i++)
          if (i === 0 || !/[A-Za-z0-9]/.test(rationale[i - 1]!)) named = keys.has(normaliseText(rationale.slice(i, end)));
        if (named) expect(mayEndInOptionText(new Segment(rationale, 0), optionsOf(options)), JSON.stringify({ rationale, options })).toBe(true);
      }),
      { numRuns: 10000, seed: 27 },
    );
  });

  it('labelConclusionOf finds no option text where mayEndInOptionText says it cannot (property)', () => {
    let found = 0;
    fc.assert(
      fc.property(demo, ({ rationale, options }) => {
        const keys = new Set(options.map(normaliseText));
        const seg = new Segment(rationale, 0);
        const c = labelConclusionOf(seg, (v) => keys.has(normaliseText(v)));
        if (c) found++;
        if (c) expect(mayEndInOptionText(seg, optionsOf(options)), JSON.stringify({ rationale, options })).toBe(true);
      }),
      { numRuns: 10000, seed: 27 },
    );
    expect(found).toBeGreaterThan(500); // the generator makes many conclusions that name an option
  });

  it('rules out options by their last letters, digits and separators, and rules nothing out beyond ASCII', () => {
    const may = (rationale: string, ...options: string[]) => mayEndInOptionText(new Segment(rationale, 0), optionsOf(options));
    expect(may('So the unit is Joule.', 'Newton', 'Watt')).toBe(false);
    expect(may('So the unit is Joule.', 'Newton', 'joule.')).toBe(true);
    expect(may('So the unit is Joule.', 'Newton', 'le')).toBe(false); // "le" is no value read after a word start
    expect(may('So the answer is Vitamin C.', 'Vitamin-C')).toBe(true);
    expect(may('So the answer is C.', 'Vitamin C')).toBe(true); // separators on both sides: not told apart
    expect(may('So the answer is C.', 'Vitamin-D', 'AC')).toBe(false);
    expect(may('So the answer is caf\u00e9.', 'Caf\u00c9')).toBe(true);
    expect(may('So the answer is Mg2+.', 'Mg')).toBe(true); // the value ends with no letter or digit
    expect(may('So the answer is (A).', '...')).toBe(true); // ")" ends the value
    expect(may('So the answer is x.', '...')).toBe(false); // an option of separators alone normalises to ""
  });
});
