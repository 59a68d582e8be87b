/**
 * Plain-text and markdown prompts (.prompt, .prompt.md, .prompt.txt, .txt, .md),
 * and the few-shot shapes found inside any free text (a system message, a YAML
 * `prompt: |` block):
 *   Q:/A:, Question:/Answer: (also numbered: "Question 1:", "Q1:", "### Question 1"), Input:/Output:, Text:/Label:, Human:/Assistant:,
 *   a question label and an answer label on one line ("Input: Broke after a week. Output: negative",
 *   "Q: … A: …", "Review: … Sentiment: …", the same pair on at least two lines: see pairCount),
 *   BBH option lists with "So the answer is (X).", demos split by ###, ---,
 *   <example> tags, "Example N" headings, runs of inline "Example N: …" lines (numbered 1, 2, …: see
 *   resolveInlineMarks) or numbered marks whose word repeats with rising
 *   numbers ("### Vignette 1", "### Vignette 2"; after any of these a question needs no label:
 *   the text before the rationale or answer label is the question), XML-tagged fields inside
 *   <example> blocks ("<question>…</question>", "<answer>B</answer>", "<thinking>…</thinking>":
 *   see matchTagLine), "text => label"
 *   lines, MMLU CSV rows, the original MMLU / HELM / lm-eval-harness prompt (an unlabelled question,
 *   "A. …" options, "Answer: B": see unlabelledQuestion), and any other pair of labels that repeats
 *   ("Tweet:/Sentiment:").
 * Without any of these, examples that are only outputs (a generation prompt's "### Example 1" or
 * <example> blocks, or "Example 1: …" lines, without fields: see outputRecords; markdown sections under
 * headings of one prefix that name someone, "## Sample letter: Jessica Hall": see sectionRecords) are a set
 * of shape 'outputs'.
 * Guidance chat blocks ("{{#user~}}" … "{{~/user}}", "{{#assistant~}}" … "{{~/assistant}}") are
 * fields, as a transcript's "User:" and "Assistant:" are (see matchRoleBlock).
 * A block whose question fields are only template variables is no demo: the query slot
 * ("Question: {{question}}\nAnswer:", a test input) or a format description (DSPy's
 * "Question: ${question}\nAnswer: often between 1 and 5 words", neither); nor is a block right
 * after a line that announces the format ("Follow the following format.": see followsFormatIntro).
 * A document written wholly in a chat template (Llama 2's "<s>[INST] … [/INST] … </s><s>[INST] … [/INST]",
 * ChatML's, Llama 3's, Gemma's) is read as its turns (chat-template.ts), as a .prompty file's are (parseTextDocument).
 */
import type {
  Comment,
  DocumentParts,
  Exemplar,
  ExemplarSet,
  ExemplarShape,
  Message,
  OptionItem,
  PromptDocument,
  Span,
  TemplateVariable,
  TestInput,
} from '../model/types.js';
import { Segment, isDigitCode, isWhiteSpace } from '../model/segment.js';
import { beginInlineSearch, buildExemplar, endInlineSearch, inlineSearchState, isOptionsHeader, judgeCandidates, lastLetterStatement, makeExemplar, optionRunEnd, optionRunFrom, optionsIn, outputOnlyExemplar, splitOptions, startsWithFolded, takeQuestion, takeTail, normalisedOptionText, upperOptionMark, upperOptionText } from './exemplars.js';
import { findVariables } from './variables.js';
import { findHtmlComments, findLineDirectiveComments, mentionsDirective } from './comments.js';
import { splitFrontMatter } from './frontmatter.js';
import { offerLineStarts } from '../model/lines.js';
import { chatTemplateTurns } from './chat-template.js';
import { analyseMessages } from './messages.js';

export interface TextAnalysis {
  exemplarSets: ExemplarSet[];
  testInputs: TestInput[];
  variables: TemplateVariable[];
}

type FieldRole = 'question' | 'context' | 'answer' | 'rationale' | 'options';

/** Known field labels and their roles (lower case, without the colon). */
const KNOWN_LABELS = new Map<string, FieldRole>([
  ['q', 'question'],
  ['question', 'question'],
  ['input', 'question'],
  ['text', 'question'],
  ['sentence', 'question'],
  ['review', 'question'],
  ['tweet', 'question'],
  ['query', 'question'],
  ['problem', 'question'],
  ['claim', 'question'],
  ['statement', 'question'],
  ['human', 'question'],
  ['user', 'question'],
  ['context', 'context'],
  ['passage', 'context'],
  ['premise', 'context'],
  ['hypothesis', 'context'],
  ['a', 'answer'],
  ['answer', 'answer'],
  // The gold after a labelled rationale ("Reasoning: … / Final answer: B"); after an answer field, see CONCLUDING_LABELS.
  ['final answer', 'answer'],
  ['output', 'answer'],
  ['label', 'answer'],
  ['sentiment', 'answer'],
  ['category', 'answer'],
  ['class', 'answer'],
  ['target', 'answer'],
  ['response', 'answer'],
  ['assistant', 'answer'],
  ['ai', 'answer'],
  ['explanation', 'rationale'],
  ['rationale', 'rationale'],
  ['reasoning', 'rationale'],
  ['answer choices', 'options'],
  ['choices', 'options'],
  ['options', 'options'],
]);

const TRANSCRIPT_LABELS = new Set(['human', 'user', 'assistant', 'ai']);

/**
 * Other names prompt writers give a question's context field ("Scenario: A Muslim employee and a
 * Christian employee … / Question: Who …?", a clinical "Vignette:", a reading passage's "Story:").
 * Unlike the context labels of KNOWN_LABELS they also head a prompt's own sections ("Background:
 * You are …", a role-play's "Scenario: You are a customer …") and name other fields ("Case: 2024-118",
 * a story prompt's output "Story: …"), so such a line is a context field only where it leads into a
 * question: when the next line with a field label in its paragraph (no blank line, separator,
 * heading or example mark between) is a question or options label (see leadsIntoQuestion). Anywhere
 * else it is read as before, as a label without a role (unless a repeating cycle of labels gives it
 * one: see labelRoles). Not in labelRoles' roles, so a generation prompt's examples that hold such a
 * label are still output-only examples (outputRecords).
 */
const LEAD_IN_LABELS: ReadonlySet<string> = new Set(['scenario', 'situation', 'vignette', 'case', 'story', 'background']);

/**
 * The label of a response a pairwise judge compares ("Response A:", "Assistant B:", …; see
 * judgeCandidates), as a label name (lower case). Such labels hold the demo's options: after the
 * request's label ("Request: … / Response A: … / Response B: … / Verdict: A") they continue its
 * record, as "Options:" does, instead of starting one (which a context label would).
 */
const CANDIDATE_LABEL_NAME = /^(?:response|answer|assistant|output|model|summary|completion|candidate) [a-j]$/;

/**
 * Inside an <example> block an XML tag at a line start is a field label ("<answer>B</answer>" reads
 * as "Answer: B"): its name, lower case with "_" and "-" read as spaces ("<final_answer>" is
 * "final answer"), is the label, or the label this map gives it for tag names that only XML-style
 * prompts use (Anthropic's "<thinking>" rationale, "<document>" context).
 */
const TAG_LABELS = new Map<string, string>([
  ['thinking', 'reasoning'],
  ['thoughts', 'reasoning'],
  ['scratchpad', 'reasoning'],
  ['document', 'context'],
]);

/**
 * Answer labels that conclude an answer already given in the record ("A: … so the
 * answer is B. / Final answer: B"): there the line stays part of that answer's text
 * (whose analysis reads it as the gold), rather than closing the record. "Answer:"
 * does so only after an "A:" field ("A: … so the answer is (B). / Answer: (C)"): after
 * another answer field it is a new answer, which, without a question, is no demo.
 */
const CONCLUDING_LABELS = new Set(['final answer']);
const CONCLUDES_AFTER_A = 'answer';

/** A label at the start of a line: "Q:", "**Question:**", "Answer choices:". */
/** A label's letters: ASCII and Latin-1 ones ("Réponse:", "Énoncé :"), as `isLabelLetter` tests them. */
export const LABEL_LINE = /^([ \t]*(?:\*\*|__)?)([A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff ]{0,23}?)((?:\*\*|__)?[ \t]*:(?:\*\*|__)?)(?:[ \t]+|$)/;
/**
 * A numbered question label: "Question 1:", "Q1:", "Q 1.", "**Question #2**:", "Question 3)", and a
 * "Question 4" line or "### Question 4" heading with nothing after the number. Group 2 is the label
 * (read as "q" or "question"), or the word for "question" in Spanish, Portuguese, German, Italian or
 * Dutch ("Pregunta 1:", "Frage 2.", "Vraag 3)"; French writes "Question"), a label whose role comes from the
 * cycle of labels it repeats in, as other labels in those languages do (see labelRoles). Without ":", "." or
 * ")" after the number only "Question" counts, and only with nothing after it ("Q1 revenue", "Q3" are not
 * questions). Bare "1." items are not matched.
 * classify matches it by hand (numberedQuestionLine; the tests compare the two).
 */
export const NUMBERED_QUESTION =
  /^([ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__)?)(q(?:uestion)?|pregunta|pergunta|frage|domanda|vraag)(?:[ \t]*#?\d{1,4}(?:\*\*|__)?[ \t]*[:.)](?:\*\*|__)?(?:[ \t]+|$)|(?<=question)[ \t]*#?\d{1,4}(?:\*\*|__)?[ \t]*$)/i;
const SEPARATOR_LINE = /^[ \t]*(?:#{3,}|-{3,}|={3,}|\*{3,}|_{3,})[ \t]*$/;
const EXAMPLE_HEADING = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:example|demo|demonstration|shot|sample)[ \t]*#?\d+(?:\*\*)?[ \t]*:?(?:\*\*)?[ \t]*$/i;
const EXAMPLE_TAG = /^[ \t]*<\/?(?:example|examples|demo|shot)\b[^>]*>[ \t]*$/i;
/**
 * MT-Bench's pairwise judge prompt opens each demo with "[User Question]" alone on its line, then the question, the
 * "[The Start of Assistant A's Answer]" … blocks and the judge's "Explanation: …" / "Verdict: [[B]]": such a line
 * opens a demo as "### Example 1" does, so the text after it is the demo's question (not the Explanation label).
 */
const JUDGE_QUESTION_MARK = /^[ \t]*\[User Question\][ \t]*$/i;
/** A markdown heading "Example N" with a title after a separator: "### Example 1: Refund request", "## Example 2 - Spam". */
const TITLED_EXAMPLE_HEADING = /^[ \t]*#{1,6}[ \t]+(?:example|demo|demonstration|shot|sample)[ \t]*#?\d+[ \t]*[:.\-\u2013\u2014][ \t]+\S/i;
const MD_HEADING = /^[ \t]*#{1,6}[ \t]+\S/;
const ARROW_LINE = /^[ \t]*(\S.*?\S)[ \t]*(?:=>|->|→)[ \t]*(\S.{0,40}?)[ \t]*$/;

/** A line as the line-oriented shapes (arrows, CSV rows) read it. */
interface LineInfo {
  start: number;
  end: number;
  text: string;
  blank: boolean;
}

// Line kinds in a LineTable.
const BLANK = 0;
const SEPARATOR = 1;
const HEADING = 2;
const LABEL = 3;
const OTHER = 4;
/** An OTHER line with a colon in it (textMessages looks for turn markers, which have one, only there and on LABEL lines). */
const OTHER_WITH_COLON = 5;
/**
 * A separator that marks a demo: an "Example N" heading or an <example> tag (EXAMPLE_HEADING,
 * EXAMPLE_TAG), or a numbered mark whose word repeats with rising numbers ("### Vignette 1",
 * "### Vignette 2"; see matchNumberedMark). It ends a record as SEPARATOR does; after an opening
 * one, the unlabelled text before a rationale or answer label is the demo's question (see buildRecords).
 */
const EXAMPLE_MARK = 6;

/**
 * The lines of a text and what each one is, as parallel arrays (one entry per
 * line, no object per line: a 1 MiB prompt has tens of thousands of lines).
 * Offsets are decoded offsets within the segment; `end` is before the line break.
 * The typed arrays are shared by every call (analyseText is never re-entered
 * while it uses them) and only grow, so classifying allocates almost nothing.
 */
interface LineTable {
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  /** Index in `names` of a LABEL line's label, else -1. */
  labelIndex: Int32Array;
  /**
   * The distinct lower-case labels, in the order they first appear (a prompt
   * repeats a few labels on thousands of lines: an index per line, no array of
   * strings grown for each text).
   */
  names: string[];
  /** The index of each label in `names`. */
  nameIds: Map<string, number>;
  /** Where a LABEL line's content starts. */
  contentStart: Int32Array;
  /**
   * XML-tagged fields (see matchTagLine): on a LABEL line read from a tag, where its closing tag
   * starts on that line, or TAG_OPEN when it closes on a later line; on a line inside such a field,
   * where the closing tag starts on it; else -1.
   */
  tagEnd: Int32Array;
  /** Whether a line is an EXAMPLE_MARK. */
  exampleMarks: boolean;
}

const table: LineTable = emptyLineTable();

/** A line table with room for 1,024 lines (the module's, and each that replaces it: see takeTables). */
function emptyLineTable(): LineTable {
  return {
    count: 0,
    start: new Int32Array(1024),
    end: new Int32Array(1024),
    kind: new Uint8Array(1024),
    labelIndex: new Int32Array(1024),
    names: [],
    nameIds: new Map(),
    contentStart: new Int32Array(1024),
    tagEnd: new Int32Array(1024),
    exampleMarks: false,
  };
}

/** Make room for line `n` in the shared table. */
function ensureLine(n: number): void {
  if (n >= table.start.length) growLines();
}

/** `a` copied into an array of its kind twice as long: how the module's tables grow (rarely; no closure per call). */
function doubled<T extends Int32Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Double the line table. (Apart from ensureLine, which runs for every line: a
 * closure there would have its context allocated on every call.)
 */
function growLines(): void {
  table.start = doubled(table.start);
  table.end = doubled(table.end);
  table.kind = doubled(table.kind);
  table.labelIndex = doubled(table.labelIndex);
  table.contentStart = doubled(table.contentStart);
  table.tagEnd = doubled(table.tagEnd);
}

/** tagEnd of a LABEL line whose tag closes on a later line. */
const TAG_OPEN = -2;

/** The label of line i, if it is a LABEL line. */
function labelAt(lines: LineTable, i: number): string | undefined {
  const k = lines.labelIndex[i]!;
  return k < 0 ? undefined : lines.names[k];
}

/**
 * The fields of the records (a label line and the text it labels), in shared
 * arrays like the line table: one entry per field, no object per field. A
 * record's fields are consecutive entries.
 */
const fields = emptyFields();

/** Field tables with room for 256 fields (the module's, and each that replaces it: see takeTables). */
function emptyFields() {
  return {
    count: 0,
    /** The label, as its index in `table.names`. */
    labelId: new Int32Array(256),
    /** Role, as a ROLE_BIT bit. */
    role: new Uint8Array(256),
    lineStart: new Int32Array(256),
    /** The line (index in the line table) lineStart is on. */
    line: new Int32Array(256),
    contentStart: new Int32Array(256),
    /** Where the field's text ends (set when the next field, a blank line or a separator closes it). */
    end: new Int32Array(256),
    /** 1 when `end` is where the field's closing tag starts ("</question>"): its text ends there, whatever follows. */
    closed: new Uint8Array(256),
  };
}

function addField(labelId: number, role: number, lineStart: number, contentStart: number, line: number): number {
  const k = fields.count++;
  if (k === fields.role.length) {
    fields.labelId = doubled(fields.labelId);
    fields.role = doubled(fields.role);
    fields.lineStart = doubled(fields.lineStart);
    fields.line = doubled(fields.line);
    fields.contentStart = doubled(fields.contentStart);
    fields.end = doubled(fields.end);
    fields.closed = doubled(fields.closed);
  }
  fields.labelId[k] = labelId;
  fields.role[k] = role;
  fields.lineStart[k] = lineStart;
  fields.line[k] = line;
  fields.contentStart[k] = contentStart;
  fields.end[k] = -1;
  fields.closed[k] = 0;
  return k;
}

const ROLE_BIT: Record<FieldRole, number> = { question: 1, context: 2, answer: 4, rationale: 8, options: 16 };
/**
 * The role of a LEAD_IN_LABELS field that leads into a question (see leadsIntoQuestion): a context field
 * kept apart from the question, as a record's `context` key is (Exemplar.context), so the question's
 * text, which the rules read, is what it was without the label's role.
 */
const LEAD_IN_BIT = 32;

/** Whether a character can start a separator, tag or heading line (after indentation): [#\-=*_<eEdDsS]. */
function isMarkupStart(c: number): boolean {
  return c === 35 || c === 45 || c === 61 || c === 42 || c === 95 || c === 60 || c === 101 || c === 69 || c === 100 || c === 68 || c === 115 || c === 83;
}

/** Whether a character can start a numbered question label (after indentation): [#*_qQ]. */
function mayStartNumberedQuestion(c: number): boolean {
  const l = c | 0x20;
  return l === 113 || c === 35 || c === 42 || c === 95 || l === 112 || l === 102 || l === 100 || l === 118;
}

/** Words for "question" (other than English's) that number a question as "Question 1:" does (see NUMBERED_QUESTION). */
const FOREIGN_QUESTION_WORDS = ['pregunta', 'pergunta', 'frage', 'domanda', 'vraag'];

/** The length of the FOREIGN_QUESTION_WORDS word (any ASCII case) at text[i], or 0. */
function foreignQuestionWordAt(text: string, i: number): number {
  for (const w of FOREIGN_QUESTION_WORDS) if (startsWithFolded(text, i, w)) return w.length;
  return 0;
}

/** Whether a character can start an inline example mark (after indentation): [eEdDsS*]. */
function mayStartInlineMark(c: number): boolean {
  return c === 101 || c === 69 || c === 100 || c === 68 || c === 115 || c === 83 || c === 42;
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A letter a field label may hold: an ASCII letter, or a Latin-1 one (À-Ö, Ø-ö, ø-ÿ), so the labels of
 * French, Spanish, Portuguese or German prompts are read ("Réponse :", "Énoncé:", "Lösung:").
 */
function isLabelLetter(c: number): boolean {
  return c < 128 ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7;
}

/** A label letter (or space) in lower case, as `toLowerCase` gives it: A-Z and À-Þ (but ×) are 32 below theirs. */
function lowerLabelCode(c: number): number {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c;
}

/** `**` or `__` at text[i, i + 2) within the line. */
function isEmphasis(text: string, i: number, end: number): boolean {
  if (i + 1 >= end) return false;
  const c = text.charCodeAt(i);
  return (c === 42 || c === 95) && text.charCodeAt(i + 1) === c;
}

/** Label found by matchLabelLine: [labelStart, labelEnd) is group 2 of LABEL_LINE, contentStart the end of its match. */
let labelStart = 0;
let labelEnd = 0;
let labelContentStart = 0;

/**
 * LABEL_LINE on the line text[start, end), by hand (no match object per line;
 * the tests compare the two). `colon` is the first ":" in the line (-1: none).
 * Nothing before the colon a match needs can be a colon, so its colon is the
 * line's first; and the label, lazy, is as short as what comes between it and
 * the colon, `(?:\*\*|__)?[ \t]*`, lets it be: that part is taken back from the
 * colon, and the label is what is left (one way only, so no other is tried).
 */
function matchLabelLine(text: string, start: number, end: number, colon: number): boolean {
  if (colon < start || colon >= end) return false;
  let i = start;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  if (isEmphasis(text, i, end)) i += 2;
  if (i >= colon || !isLabelLetter(text.charCodeAt(i))) return false;
  // After the colon: (?:\*\*|__)? then (?:[ \t]+|$).
  let j = colon + 1;
  if (isEmphasis(text, j, end)) j += 2;
  if (j < end && !isSpaceOrTab(text.charCodeAt(j))) return false;
  while (j < end && isSpaceOrTab(text.charCodeAt(j))) j++;
  // Before it: [ \t]* and then, before those, (?:\*\*|__)?, which the label (a letter first) must leave room for.
  let k = colon;
  while (k > i + 1 && isSpaceOrTab(text.charCodeAt(k - 1))) k--;
  if (k - 2 > i && isEmphasis(text, k - 2, end)) k -= 2;
  // The label: a letter, then up to 23 letters and spaces (see LABEL_LINE).
  if (k - i > 24) return false;
  for (let p = i + 1; p < k; p++) {
    const c = text.charCodeAt(p);
    if (!isLabelLetter(c) && c !== 32) return false;
  }
  labelStart = i;
  labelEnd = k;
  labelContentStart = j;
  return true;
}

/**
 * Labels met recently (lower case): a prompt repeats the same few labels on
 * thousands of lines, so most need no new string.
 */
const recentLabels: string[] = [];
const RECENT_LABELS = 16;
let recentLabelNext = 0;
/** The index in recentLabels of the label labelText last returned. */
let labelSlot = 0;
/**
 * Per slot of recentLabels: its label's id in the line table (names) of the text being
 * classified, valid when the slot's generation is `classifyGen` (each classify call has
 * its own). The label lines of a prompt then need no nameIds lookup (a Map get of a
 * string per line).
 */
const recentLabelIds = new Int32Array(RECENT_LABELS);
const recentLabelGen = new Float64Array(RECENT_LABELS);
let classifyGen = 0;

/**
 * `text.slice(start, end).trim().toLowerCase()` for a label found by
 * matchLabelLine (ASCII and Latin-1 letters and spaces, starting with a letter), reusing a
 * recent equal label.
 */
function labelText(text: string, start: number, end: number): string {
  let e = end;
  while (e > start && text.charCodeAt(e - 1) === 32) e--;
  const len = e - start;
  next: for (let r = 0; r < recentLabels.length; r++) {
    const l = recentLabels[r]!;
    if (l.length !== len) continue;
    for (let k = 0; k < len; k++) {
      const c = text.charCodeAt(start + k);
      if (lowerLabelCode(c) !== l.charCodeAt(k)) continue next;
    }
    labelSlot = r;
    return l;
  }
  // A copy, not a slice: the table outlives the text.
  const label = text.slice(start, e).toLowerCase().split('').join('');
  if (recentLabels.length < RECENT_LABELS) {
    labelSlot = recentLabels.length;
    recentLabels.push(label);
  } else {
    labelSlot = recentLabelNext;
    recentLabels[recentLabelNext] = label;
    recentLabelNext = (recentLabelNext + 1) % RECENT_LABELS;
  }
  // A new label in the slot: its id is not known yet.
  recentLabelGen[labelSlot] = 0;
  return label;
}

/**
 * NUMBERED_QUESTION on the line text[start, end), by hand: sets labelStart, labelEnd and
 * labelContentStart as matchLabelLine does. Only lines whose first character (after
 * indentation) is #, *, _, or the first letter of a word for "question" (q, p, f, d, v, any case) are tried
 * (classify checks that first).
 */
function matchNumberedQuestion(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  if (i < end && text.charCodeAt(i) === 35) {
    // A markdown heading: one to six #, then a space or tab.
    let h = i;
    while (h < end && text.charCodeAt(h) === 35) h++;
    if (h - i > 6 || h >= end || !isSpaceOrTab(text.charCodeAt(h))) return false;
    i = h;
    while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  }
  if (isEmphasis(text, i, end)) i += 2;
  if (i >= end) return false;
  const ls = i;
  /** "Question" (which may stand alone with its number), not "Q" nor another language's word. */
  let word = false;
  let p: number;
  if ((text.charCodeAt(i) | 0x20) === 113) {
    word = i + 8 <= end && startsWithFolded(text, i, 'question');
    p = word ? i + 8 : i + 1;
  } else {
    const w = foreignQuestionWordAt(text, i);
    if (w === 0 || i + w > end) return false;
    p = i + w;
  }
  const le = p;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p < end && text.charCodeAt(p) === 35) p++;
  const digits = p;
  while (p < end && p - digits < 5 && isDigitCode(text.charCodeAt(p))) p++;
  if (p === digits || p - digits > 4) return false;
  if (isEmphasis(text, p, end)) p += 2;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p === end) {
    // "Question 4" alone on its line (or as a heading): the question follows on the next lines.
    if (!word) return false;
  } else {
    const t = text.charCodeAt(p);
    if (t !== 58 && t !== 46 && t !== 41) return false;
    p++;
    if (isEmphasis(text, p, end)) p += 2;
    if (p < end && !isSpaceOrTab(text.charCodeAt(p))) return false;
    while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  }
  labelStart = ls;
  labelEnd = le;
  labelContentStart = p;
  return true;
}

/** NUMBERED_QUESTION's label (group 2) and match end on one line, found by hand (exported for tests). */
export function numberedQuestionLine(line: string): { label: string; contentStart: number } | null {
  return matchNumberedQuestion(line, 0, line.length) ? { label: line.slice(labelStart, labelEnd), contentStart: labelContentStart } : null;
}

/** LABEL_LINE's label (group 2) and match end on one line, found by hand (exported for tests). */
export function labelLine(line: string): { label: string; contentStart: number } | null {
  return matchLabelLine(line, 0, line.length, line.indexOf(':')) ? { label: line.slice(labelStart, labelEnd), contentStart: labelContentStart } : null;
}

/** The tag matchTagLine found last: its name is text[tagNameStart, tagNameEnd) (labelContentStart: where its text starts). */
let tagNameStart = 0;
let tagNameEnd = 0;

/** A character of a tag name after its first letter: an ASCII letter, "_" or "-". */
function isTagNameChar(c: number): boolean {
  return isAsciiLetter(c) || c === 95 || c === 45;
}

/**
 * An opening XML tag at text[i] ("<", after indentation) on the line text[i, end): "<answer>",
 * "<question>", '<document index="1">': a name of 1 to 24 ASCII letters, "_" or "-" (a letter
 * first), then ">" or white space, attributes and ">" on the same line. Not a closing tag
 * ("</answer>"), a self-closing one ("<br/>"), a comment, or a name with digits. Sets tagNameStart,
 * tagNameEnd and labelContentStart (after the ">" and the spaces or tabs after it).
 */
function matchTagLine(text: string, i: number, end: number): boolean {
  let p = i + 1;
  if (p >= end || !isAsciiLetter(text.charCodeAt(p))) return false;
  const ns = p;
  while (p < end && p - ns <= 24 && isTagNameChar(text.charCodeAt(p))) p++;
  if (p - ns > 24 || p >= end) return false;
  const ne = p;
  if (text.charCodeAt(p) !== 62) {
    if (!isSpaceOrTab(text.charCodeAt(p))) return false;
    while (p < end && text.charCodeAt(p) !== 62) p++;
    if (p >= end || text.charCodeAt(p - 1) === 47) return false;
  }
  p++;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  tagNameStart = ns;
  tagNameEnd = ne;
  labelContentStart = p;
  return true;
}

/**
 * The first "</" at or after the line classify is at (-1: none; -2: not searched yet), cached as
 * classify's colon is: the searches only go forward, so the text is searched once in all.
 */
let closeAt = -2;

/**
 * A Guidance chat block at text[i] ("{{", after indentation) on the line text[i, end): "{{#user~}}",
 * "{{#assistant~}}", also "{{~#user}}" and "{{#user}}" (the "~" trims white space). Only the user and
 * assistant roles open a field (a transcript's "User:" and "Assistant:"); a system block's lines are
 * read as they would be without it. Sets tagNameStart, tagNameEnd and labelContentStart (after the
 * "}}" and the spaces or tabs after it).
 */
function matchRoleBlock(text: string, i: number, end: number): boolean {
  let p = i + 2;
  if (text.charCodeAt(p) === 126) p++;
  if (text.charCodeAt(p) !== 35) return false;
  const ns = ++p;
  if (startsWithFolded(text, p, 'user')) p += 4;
  else if (startsWithFolded(text, p, 'assistant')) p += 9;
  else return false;
  const ne = p;
  if (text.charCodeAt(p) === 126) p++;
  if (p + 1 >= end || text.charCodeAt(p) !== 125 || text.charCodeAt(p + 1) !== 125) return false;
  p += 2;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  tagNameStart = ns;
  tagNameEnd = ne;
  labelContentStart = p;
  return true;
}

/** The first "{{" at or after the line classify is at, as closeAt is for "</" (-1: none; -2: not searched yet). */
let blockCloseAt = -2;

/** Where a Guidance block's closing "{{~/name}}" (or "{{/name}}", "{{~/name~}}") starts in text[from, end) (-1: not there). */
function closingRoleBlock(text: string, from: number, end: number, name: string): number {
  if (blockCloseAt !== -1 && blockCloseAt < from) blockCloseAt = text.indexOf('{{', from);
  while (blockCloseAt !== -1 && blockCloseAt < end) {
    let p = blockCloseAt + 2;
    if (text.charCodeAt(p) === 126) p++;
    if (text.charCodeAt(p) === 47 && startsWithFolded(text, p + 1, name)) {
      p += 1 + name.length;
      if (text.charCodeAt(p) === 126) p++;
      if (text.charCodeAt(p) === 125 && text.charCodeAt(p + 1) === 125) return blockCloseAt;
    }
    blockCloseAt = text.indexOf('{{', blockCloseAt + 2);
  }
  return -1;
}

/** Where the closing tag "</name>" starts in text[from, end) (-1: not there). */
function closingTag(text: string, from: number, end: number, name: string): number {
  if (closeAt !== -1 && closeAt < from) closeAt = text.indexOf('</', from);
  while (closeAt !== -1 && closeAt < end) {
    if (text.startsWith(name, closeAt + 2) && text.charCodeAt(closeAt + 2 + name.length) === 62) return closeAt;
    closeAt = text.indexOf('</', closeAt + 2);
  }
  return -1;
}

/** The label a tag named text[start, end) stands for: lower case, "_" and "-" read as spaces, then TAG_LABELS. */
function tagLabel(text: string, start: number, end: number): string {
  let label = text.slice(start, end).toLowerCase();
  if (label.includes('_') || label.includes('-')) label = label.replace(/[_-]/g, ' ');
  return TAG_LABELS.get(label) ?? label;
}

/** The id of `label` in the line table's names, added if new. */
function nameId(lines: LineTable, label: string): number {
  const known = lines.nameIds.get(label);
  if (known !== undefined) return known;
  const id = lines.names.length;
  lines.names.push(label);
  lines.nameIds.set(label, id);
  return id;
}

/**
 * The numbered marks met by classify ("### Vignette 1", "**Case 2**", "Scenario 3:"): their lines,
 * numbers and words (lower case), in text order. Only those whose word repeats with rising numbers
 * become EXAMPLE_MARKs (resolveNumberedMarks); the others keep their kind.
 */
let numberedMarkCount = 0;
let numberedMarkLine = new Int32Array(16);
let numberedMarkNumber = new Int32Array(16);
const numberedMarkWord: string[] = [];
/** The word and number matchNumberedMark found last: text[markWordStart, markWordEnd), markNumber. */
let markWordStart = 0;
let markWordEnd = 0;
let markNumber = 0;

/**
 * Whether matchNumberedMark may match the line from `i` (after indentation) of kind `kind`: a
 * markdown heading, a line starting with ** or __, or a line starting with a letter whose first
 * colon is near its start ("Scenario 1:"). Plain lines of text never reach the scan.
 */
function mayStartNumberedMark(text: string, i: number, end: number, kind: number, colon: number): boolean {
  const c = text.charCodeAt(i);
  if (kind === HEADING) return true;
  if (c === 42 || c === 95) return isEmphasis(text, i, end);
  return kind === OTHER_WITH_COLON && colon - i <= 30 && isAsciiLetter(c);
}

/**
 * A numbered mark on the line text[i, end) (i after indentation), by hand: a word of 2 to 24 ASCII
 * letters, a number (1 to 4 digits, "#" before it allowed) and nothing else but ":" or "." after it,
 * written as a markdown heading ("### Vignette 1", "## Case 3:"), in bold ("**Problem 2**",
 * "**Scenario 1:**") or, with the colon, as a plain line ("Scenario 1:"). "Example N" lines are
 * EXAMPLE_HEADINGs and "Question N" ones question labels (classify tries those first). Sets
 * markWordStart, markWordEnd and markNumber.
 */
function matchNumberedMark(text: string, i: number, end: number): boolean {
  let p = i;
  let marked = false;
  if (text.charCodeAt(p) === 35) {
    while (p < end && text.charCodeAt(p) === 35) p++;
    if (p - i > 6 || p >= end || !isSpaceOrTab(text.charCodeAt(p))) return false;
    while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
    marked = true;
  }
  let bold = false;
  if (isEmphasis(text, p, end)) {
    p += 2;
    bold = true;
  }
  const ws = p;
  while (p < end && isAsciiLetter(text.charCodeAt(p))) p++;
  if (p - ws < 2 || p - ws > 24) return false;
  const we = p;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p < end && text.charCodeAt(p) === 35) p++;
  if (p === we) return false;
  const digits = p;
  let n = 0;
  while (p < end && isDigitCode(text.charCodeAt(p))) {
    n = n * 10 + text.charCodeAt(p) - 48;
    p++;
  }
  if (p === digits || p - digits > 4) return false;
  // A markdown heading may give the demo a title after a separator: "### Case 1: chest pain", "## Case 2 - Sepsis".
  if (marked && !bold && titleAfter(text, p, end)) {
    markWordStart = ws;
    markWordEnd = we;
    markNumber = n;
    return true;
  }
  // Then only (?:\*\*|__)?[ \t]*[:.]?(?:\*\*|__)?[ \t]*$, with the emphasis closed if it was opened.
  let closed = false;
  if (isEmphasis(text, p, end)) {
    p += 2;
    closed = true;
  }
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  let colon = false;
  if (p < end && (text.charCodeAt(p) === 58 || text.charCodeAt(p) === 46)) {
    colon = text.charCodeAt(p) === 58;
    p++;
    if (!closed && isEmphasis(text, p, end)) {
      p += 2;
      closed = true;
    }
  }
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p !== end || bold !== closed) return false;
  if (!marked && !bold && !colon) return false;
  markWordStart = ws;
  markWordEnd = we;
  markNumber = n;
  return true;
}

/**
 * Whether text[p, end) is a heading's title after its number: white space, a separator (":", ".", "-",
 * an en or em dash), white space and then some text ("### Case 1: chest pain"; not "### Case 1.5").
 */
function titleAfter(text: string, p: number, end: number): boolean {
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  const c = text.charCodeAt(p);
  if (!(c === 58 || c === 46 || c === 45 || c === 0x2013 || c === 0x2014)) return false;
  p++;
  if (p >= end || !isSpaceOrTab(text.charCodeAt(p))) return false;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  return p < end;
}

/** Keep the mark matchNumberedMark found last in `text`, on line `n`. */
function keepNumberedMark(text: string, n: number): void {
  const k = numberedMarkCount++;
  if (k === numberedMarkLine.length) {
    numberedMarkLine = doubled(numberedMarkLine);
    numberedMarkNumber = doubled(numberedMarkNumber);
  }
  numberedMarkLine[k] = n;
  numberedMarkNumber[k] = markNumber;
  numberedMarkWord[k] = text.slice(markWordStart, markWordEnd).toLowerCase();
}

/**
 * Make EXAMPLE_MARKs of the numbered marks whose word appears on at least two of them, with
 * numbers rising in text order ("Vignette 1", "Vignette 2", "Vignette 4"), and with a demo's
 * field under at least two of them (see markHoldsField). A word met once ("## Case 1",
 * "## Problem 2"), whose numbers do not rise, whose sections hold no such field ("## Step 1",
 * "## Step 2" of instructions), or that is an answer or rationale label ("Answer 1:") marks nothing.
 */
function resolveNumberedMarks(text: string, lines: LineTable): void {
  /** Per word: its last number, or -1 once its numbers stopped rising; how many marks hold a field. */
  const last = new Map<string, number>();
  const holding = new Map<string, number>();
  for (let k = 0; k < numberedMarkCount; k++) {
    const word = numberedMarkWord[k]!;
    const prev = last.get(word);
    const n = numberedMarkNumber[k]!;
    last.set(word, prev === undefined || (prev >= 0 && n > prev) ? n : -1);
    const to = k + 1 < numberedMarkCount ? numberedMarkLine[k + 1]! : lines.count;
    if (markHoldsField(text, lines, numberedMarkLine[k]! + 1, to)) holding.set(word, (holding.get(word) ?? 0) + 1);
  }
  for (let k = 0; k < numberedMarkCount; k++) {
    const word = numberedMarkWord[k]!;
    if (last.get(word)! < 0 || (holding.get(word) ?? 0) < 2) continue;
    // "Answer 1:", "Explanation 2:" number a demo's own fields, not the demos.
    const role = KNOWN_LABELS.get(word);
    if (role === 'answer' || role === 'rationale') continue;
    lines.kind[numberedMarkLine[k]!] = EXAMPLE_MARK;
    lines.exampleMarks = true;
  }
}

/**
 * Whether lines [from, to) hold, before any separator or heading, a label a demo's answer or
 * rationale has (KNOWN_LABELS: "Answer:", "Final answer:", "Reasoning:", "Label:"; not an option
 * letter "A:" before "B:"). The sections of all the marks are scanned once: each runs to the next mark.
 */
function markHoldsField(text: string, lines: LineTable, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const kind = lines.kind[i];
    if (kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) return false;
    if (kind !== LABEL) continue;
    const label = lines.names[lines.labelIndex[i]!]!;
    const role = KNOWN_LABELS.get(label);
    if ((role === 'answer' || role === 'rationale') && !(label.length === 1 && isOptionLetterLabel(text, lines, i))) return true;
  }
  return false;
}

/**
 * Inline example marks: a line that starts with an "Example N" mark and goes on with the demo's text
 * after a separator ("Example 1: Project lead David Mensah is …", "Example 2 - …", "**Example 3:** …",
 * "Sample 4. …"; the words and separators of EXAMPLE_HEADING and TITLED_EXAMPLE_HEADING: Example,
 * Demo, Demonstration, Shot, Sample, then ":", ".", "-", an en or em dash). classify keeps each such
 * line as a candidate (matchInlineMark) and leaves its kind as it was; only runs of them become marks
 * (resolveInlineMarks): at least two, numbered 1, 2, 3 … in order, each one's block (its line, the
 * lines right after it up to a blank line) followed by the next one's mark line or blank lines only.
 * A mark line then opens a demo block as an EXAMPLE_MARK does, and its text after the mark is read
 * as a line of its own (a label there, "Example 1: Text: …", is a field); the block ends at the
 * next mark, a blank line, a separator or a heading.
 * The candidates: line, number, where the text after the mark starts, and (−1: none) where the
 * label of a field on that text starts and ends and where the field's own text starts.
 */
let inlineCandidateCount = 0;
let inlineCandidateLine: Int32Array = new Int32Array(16);
let inlineCandidateNumber: Int32Array = new Int32Array(16);
let inlineCandidateContent: Int32Array = new Int32Array(16);
let inlineCandidateLabelStart: Int32Array = new Int32Array(16);
let inlineCandidateLabelEnd: Int32Array = new Int32Array(16);
let inlineCandidateLabelContent: Int32Array = new Int32Array(16);
/** The inline marks of the text classify read last (resolveInlineMarks), in line order: line, number, text start. */
let inlineMarkCount = 0;
let inlineMarkLine: Int32Array = new Int32Array(16);
let inlineMarkNumber: Int32Array = new Int32Array(16);
let inlineMarkContent: Int32Array = new Int32Array(16);
/** What matchInlineMark found last: the mark's number and where the text after it starts. */
let inlineNumber = 0;
let inlineContent = 0;

/** The words of an "Example N" mark (EXAMPLE_HEADING), longest first where one starts another. */
const INLINE_MARK_WORDS = ['example', 'demonstration', 'demo', 'shot', 'sample'];

/**
 * An inline example mark at text[i] (after indentation) on the line text[i, end): an optional "**",
 * a word of INLINE_MARK_WORDS (any case), optional spaces or tabs, an optional "#", a number (1 to 4
 * digits), then ":", ".", "-", an en or em dash (the "**" closed before or after it), at least one
 * space or tab and some text. Not "Example 1.5 …", "Examples 1-3: …", "Example: …". Sets
 * inlineNumber and inlineContent. By hand: tried on lines that start with "e", "d", "s" or "*".
 */
function matchInlineMark(text: string, i: number, end: number): boolean {
  let p = i;
  let bold = false;
  if (isEmphasis(text, p, end) && text.charCodeAt(p) === 42) {
    p += 2;
    bold = true;
  }
  const c = text.charCodeAt(p) | 0x20;
  if (c !== 101 && c !== 100 && c !== 115) return false;
  let word = '';
  for (const w of INLINE_MARK_WORDS) {
    if (startsWithFolded(text, p, w)) {
      word = w;
      break;
    }
  }
  if (word === '') return false;
  p += word.length;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p < end && text.charCodeAt(p) === 35) p++;
  const digits = p;
  let n = 0;
  while (p < end && p - digits < 5 && isDigitCode(text.charCodeAt(p))) {
    n = n * 10 + text.charCodeAt(p) - 48;
    p++;
  }
  if (p === digits || p - digits > 4) return false;
  let closed = false;
  if (bold && isEmphasis(text, p, end) && text.charCodeAt(p) === 42) {
    p += 2;
    closed = true;
  }
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  const sep = text.charCodeAt(p);
  if (!(sep === 58 || sep === 46 || sep === 45 || sep === 0x2013 || sep === 0x2014)) return false;
  p++;
  if (bold && !closed && isEmphasis(text, p, end) && text.charCodeAt(p) === 42) {
    p += 2;
    closed = true;
  }
  if (bold !== closed || p >= end || !isSpaceOrTab(text.charCodeAt(p))) return false;
  while (p < end && isSpaceOrTab(text.charCodeAt(p))) p++;
  if (p >= end || isWhiteSpace(text.charCodeAt(p))) return false;
  inlineNumber = n;
  inlineContent = p;
  return true;
}

/** An inline example mark on one line (matchInlineMark): its number and where its text starts (exported for tests). */
export function inlineMarkLineOf(line: string): { number: number; contentStart: number } | null {
  let i = 0;
  while (i < line.length && isSpaceOrTab(line.charCodeAt(i))) i++;
  return matchInlineMark(line, i, line.length) ? { number: inlineNumber, contentStart: inlineContent } : null;
}

/**
 * Keep the inline mark matchInlineMark found last, on line `n` of `text` (which ends at `end`), with
 * the label (LABEL_LINE, by matchLabelLine) of a field on its text, if any: "Example 1: Text: …".
 */
function keepInlineCandidate(text: string, n: number, end: number): void {
  const k = inlineCandidateCount++;
  if (k === inlineCandidateLine.length) {
    inlineCandidateLine = doubled(inlineCandidateLine);
    inlineCandidateNumber = doubled(inlineCandidateNumber);
    inlineCandidateContent = doubled(inlineCandidateContent);
    inlineCandidateLabelStart = doubled(inlineCandidateLabelStart);
    inlineCandidateLabelEnd = doubled(inlineCandidateLabelEnd);
    inlineCandidateLabelContent = doubled(inlineCandidateLabelContent);
  }
  const content = inlineContent;
  inlineCandidateLine[k] = n;
  inlineCandidateNumber[k] = inlineNumber;
  inlineCandidateContent[k] = content;
  inlineCandidateLabelStart[k] = -1;
  // The label's colon: within 30 characters of the text's start, as classify asks of a label line (searched
  // only there: a search to the text's end per mark line would be quadratic in a text without colons).
  let colon = content;
  const stop = Math.min(end, content + 31);
  while (colon < stop && text.charCodeAt(colon) !== 58) colon++;
  if (colon < stop && matchLabelLine(text, content, end, colon)) {
    inlineCandidateLabelStart[k] = labelStart;
    inlineCandidateLabelEnd[k] = labelEnd;
    inlineCandidateLabelContent[k] = labelContentStart;
  }
}

/**
 * Make inline example marks of the runs of candidates (see inlineCandidateCount): numbered 1, 2, 3
 * … (at least two), each candidate's line followed, up to the next one's, by lines of its block (no
 * blank line before them) and blank lines only; a separator, heading or example mark, or a line of
 * text after a blank line, ends the run. A mark line whose text is a field ("Example 1: Input: …")
 * becomes a LABEL line of that field. Runs over the lines between the candidates once.
 */
function resolveInlineMarks(text: string, lines: LineTable): void {
  let k = 0;
  while (k < inlineCandidateCount) {
    if (inlineCandidateNumber[k] !== 1) {
      k++;
      continue;
    }
    let last = k;
    while (last + 1 < inlineCandidateCount && inlineCandidateNumber[last + 1] === inlineCandidateNumber[last]! + 1 && inlineGapOk(lines, inlineCandidateLine[last]!, inlineCandidateLine[last + 1]!)) last++;
    if (last > k) {
      for (let m = k; m <= last; m++) addInlineMark(text, lines, m);
      lines.exampleMarks = true;
    }
    k = last + 1;
  }
}

/** Whether the lines strictly between candidate lines `from` and `to` continue the block of `from` or are blank (see resolveInlineMarks). */
function inlineGapOk(lines: LineTable, from: number, to: number): boolean {
  let blank = false;
  for (let j = from + 1; j < to; j++) {
    const kind = lines.kind[j];
    if (kind === BLANK) blank = true;
    else if (blank || kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) return false;
  }
  return true;
}

/** Make candidate `k` an inline mark (see resolveInlineMarks). */
function addInlineMark(text: string, lines: LineTable, k: number): void {
  const m = inlineMarkCount++;
  if (m === inlineMarkLine.length) {
    inlineMarkLine = doubled(inlineMarkLine);
    inlineMarkNumber = doubled(inlineMarkNumber);
    inlineMarkContent = doubled(inlineMarkContent);
  }
  const line = inlineCandidateLine[k]!;
  inlineMarkLine[m] = line;
  inlineMarkNumber[m] = inlineCandidateNumber[k]!;
  inlineMarkContent[m] = inlineCandidateContent[k]!;
  const ls = inlineCandidateLabelStart[k]!;
  if (ls < 0) return;
  lines.kind[line] = LABEL;
  lines.labelIndex[line] = nameId(lines, labelText(text, ls, inlineCandidateLabelEnd[k]!));
  lines.contentStart[line] = inlineCandidateLabelContent[k]!;
}

/**
 * Same-line pairs: a question label's line whose text goes on with an answer label, "Input: Broke
 * after a week. Output: negative", "Q: What is 2 + 2? A: 4", "Review: … Sentiment: positive". The
 * line is read as the two lines "Input: Broke after a week." and "Output: negative" would be (see
 * buildRecords): the first field's text stops where the second label starts. Kept only where it is
 * a layout: the first label a known question label (KNOWN_LABELS) and the second a known answer
 * label (one word, or two: "Final answer:"), after white space or sentence punctuation (". ! ? ; ,"; not an arrow: "Input: x
 * -> Output: y" stays an arrow line, see arrowRecords) and before white space or the line's end,
 * with text between them, and the same pair on at least two lines (as a two-line layout needs a
 * repeating pair of labels). Not transcript labels ("User: … Assistant: …"). Found by
 * resolveSameLinePairs; in line order: the line, where the second label starts, where its text
 * starts, and its id in the line table's names.
 */
let pairCount = 0;
let pairLine: Int32Array = new Int32Array(16);
let pairLabelStart: Int32Array = new Int32Array(16);
let pairContent: Int32Array = new Int32Array(16);
let pairLabelId: Int32Array = new Int32Array(16);
/** The answer label resolveSameLinePairs' search found last (see answerLabelBefore), and where it starts. */
let pairWord = '';
let pairWordStart = 0;

/**
 * Whether the colon at text[colon] on a line ending at `end` ends a known answer label of one word
 * that starts after white space or sentence punctuation, and is followed by white space or the
 * line's end, with some text of the line's own field (from `from`) before it: sets pairWord and
 * pairWordStart. Not "Ratio: 3:1" (no word before the colon), "http://", "x -> Output:" (an arrow).
 */
function answerLabelBefore(text: string, from: number, colon: number, end: number): boolean {
  const after = colon + 1;
  if (after < end && !isSpaceOrTab(text.charCodeAt(after))) return false;
  let w = colon;
  while (w > from && colon - w <= 24 && isAsciiLetter(text.charCodeAt(w - 1))) w--;
  if (w === colon || w === from || colon - w > 24) return false;
  const before = text.charCodeAt(w - 1);
  if (!isSpaceOrTab(before) && before !== 46 && before !== 33 && before !== 63 && before !== 59 && before !== 44) return false;
  let word = text.slice(w, colon).toLowerCase();
  // A label of two words ("Final answer:", "Answer choices:") is read whole: the gold after "Final answer:", never "answer:" alone.
  let v = w - 1;
  if (before === 32 && v > from && isAsciiLetter(text.charCodeAt(v - 1))) {
    while (v > from && isAsciiLetter(text.charCodeAt(v - 1))) v--;
    const two = `${text.slice(v, w - 1).toLowerCase()} ${word}`;
    const role = KNOWN_LABELS.get(two);
    if (role !== undefined) {
      if (role !== 'answer' || v === from) return false;
      const b = text.charCodeAt(v - 1);
      if (!isSpaceOrTab(b) && b !== 46 && b !== 33 && b !== 63 && b !== 59 && b !== 44) return false;
      word = two;
      w = v;
    }
  }
  if (KNOWN_LABELS.get(word) !== 'answer' || TRANSCRIPT_LABELS.has(word)) return false;
  // The text before the label: not empty, and not ending in an arrow (=>, ->, →).
  let t = w;
  while (t > from && isSpaceOrTab(text.charCodeAt(t - 1))) t--;
  if (t === from) return false;
  const last = text.charCodeAt(t - 1);
  if (last === 0x2192 || (last === 62 && t - 1 > from && (text.charCodeAt(t - 2) === 45 || text.charCodeAt(t - 2) === 61))) return false;
  pairWord = word;
  pairWordStart = w;
  return true;
}

/** Candidates of resolveSameLinePairs: line, first label id, second label (start, content start, word). */
const pairCandidateWord: string[] = [];

/** Find the same-line pairs of the LABEL lines of `lines` (see pairCount). Only a text with a known question label is searched. */
function resolveSameLinePairs(text: string, lines: LineTable): void {
  const labelCount = lines.names.length;
  let questionIds = 0;
  const isQuestion = new Uint8Array(labelCount);
  for (let id = 0; id < labelCount; id++) {
    const label = lines.names[id]!;
    if (KNOWN_LABELS.get(label) === 'question' && !TRANSCRIPT_LABELS.has(label)) {
      isQuestion[id] = 1;
      questionIds++;
    }
  }
  if (questionIds === 0) return;
  let found = 0;
  pairCandidateWord.length = 0;
  for (let i = 0; i < lines.count; i++) {
    if (lines.kind[i] !== LABEL || lines.tagEnd[i] !== -1) continue;
    const id = lines.labelIndex[i]!;
    if (isQuestion[id] !== 1) continue;
    const from = lines.contentStart[i]!;
    const end = lines.end[i]!;
    // (The next colon past the line's end is at or before the next label line's colon: the searches do not overlap.)
    let c = text.indexOf(':', from);
    while (c !== -1 && c < end && !answerLabelBefore(text, from, c, end)) c = text.indexOf(':', c + 1);
    if (c === -1 || c >= end) continue;
    const k = found++;
    if (k === pairLine.length) {
      pairLine = doubled(pairLine);
      pairLabelStart = doubled(pairLabelStart);
      pairContent = doubled(pairContent);
      pairLabelId = doubled(pairLabelId);
    }
    let content = c + 1;
    while (content < end && isSpaceOrTab(text.charCodeAt(content))) content++;
    pairLine[k] = i;
    pairLabelStart[k] = pairWordStart;
    pairContent[k] = content;
    pairLabelId[k] = id;
    pairCandidateWord.push(pairWord);
  }
  if (found < 2) return;
  // Keep the candidates whose pair of labels is on at least two lines (few pairs: a list, no map).
  const seen: string[] = [];
  const counts: number[] = [];
  for (let k = 0; k < found; k++) {
    const key = `${pairLabelId[k]}:${pairCandidateWord[k]}`;
    const at = seen.indexOf(key);
    if (at < 0) {
      seen.push(key);
      counts.push(1);
    } else counts[at]!++;
  }
  for (let k = 0; k < found; k++) {
    if (counts[seen.indexOf(`${pairLabelId[k]}:${pairCandidateWord[k]}`)]! < 2) continue;
    const m = pairCount++;
    pairLine[m] = pairLine[k]!;
    pairLabelStart[m] = pairLabelStart[k]!;
    pairContent[m] = pairContent[k]!;
    pairLabelId[m] = nameId(lines, pairCandidateWord[k]!);
  }
  pairCandidateWord.length = 0;
}

function classify(seg: Segment): LineTable {
  const text = seg.text;
  const lines = table;
  lines.count = 0;
  lines.exampleMarks = false;
  numberedMarkCount = 0;
  inlineCandidateCount = 0;
  inlineMarkCount = 0;
  pairCount = 0;
  lines.names.length = 0;
  lines.nameIds.clear();
  const gen = ++classifyGen;
  /** The first colon at or after the current line start (cached: a scan per line would be quadratic). */
  let colon = text.indexOf(':');
  /** Whether the line is in a demo block: after an opening EXAMPLE_MARK, before a closing tag, separator or heading. */
  let inExample = false;
  /** The name of the tag field whose closing tag is still to come (see matchTagLine), or ''. */
  let openTag = '';
  /** Whether openTag is a Guidance block's role ("{{#user~}}" … "{{~/user}}", see matchRoleBlock), not an XML tag's name. */
  let openRole = false;
  closeAt = -2;
  blockCloseAt = -2;
  let start = 0;
  for (;;) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let kind = OTHER;
    let labelId = -1;
    let contentStart = -1;
    let tagEnd = -1;
    let i = start;
    while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
    let k = i;
    while (k < end && isWhiteSpace(text.charCodeAt(k))) k++;
    if (k === end) kind = BLANK;
    else if (openTag !== '' && !(text.charCodeAt(i) === 60 && EXAMPLE_TAG.test(text.slice(start, end)))) {
      // A line of a tag field's text ("<question>" … "</question>"): no label, mark or separator of its own.
      tagEnd = openRole ? closingRoleBlock(text, start, end, openTag) : closingTag(text, start, end, openTag);
      if (tagEnd >= 0) openTag = '';
      if (colon !== -1 && colon < start) colon = text.indexOf(':', start);
      if (colon !== -1 && colon < end) kind = OTHER_WITH_COLON;
    } else {
      // Cheap first-character checks keep the regexes off ordinary lines.
      if (isMarkupStart(text.charCodeAt(i))) {
        const t = text.slice(start, end);
        if (SEPARATOR_LINE.test(t)) kind = SEPARATOR;
        else if (EXAMPLE_TAG.test(t) || EXAMPLE_HEADING.test(t) || TITLED_EXAMPLE_HEADING.test(t)) {
          kind = EXAMPLE_MARK;
          lines.exampleMarks = true;
        }
        else if (MD_HEADING.test(t)) kind = HEADING;
        if (kind === EXAMPLE_MARK) {
          inExample = !isClosingTag(text, start);
          openTag = '';
        } else if (kind !== OTHER) inExample = false;
      } else if (text.charCodeAt(i) === 91 && (text.charCodeAt(i + 1) | 0x20) === 117 && JUDGE_QUESTION_MARK.test(text.slice(start, end))) {
        // "[User Question]" (a "[" then "u" first: most lines are done after two character tests).
        kind = EXAMPLE_MARK;
        lines.exampleMarks = true;
        inExample = true;
        openTag = '';
      }
      if (kind === OTHER) {
        if (colon !== -1 && colon < start) colon = text.indexOf(':', start);
        if (colon !== -1 && colon < end) kind = OTHER_WITH_COLON;
      }
      // A label: "Label:" (LABEL_LINE), or a numbered question ("Question 1:", "Q2.", "### Question 3"),
      // tried only on a line that is not a separator and starts with #, *, _, q or Q. In a demo block
      // a line that starts with an opening XML tag is a field too: "<answer>B</answer>" as "Answer: B"
      // (see matchTagLine and TAG_LABELS), when its tag closes on the line or its name is a known
      // label (then the lines up to "</name>" are its text); another tag around lines wraps them.
      let labelled = false;
      if (inExample && (kind === OTHER || kind === OTHER_WITH_COLON) && text.charCodeAt(i) === 60 && matchTagLine(text, i, end)) {
        const name = text.slice(tagNameStart, tagNameEnd);
        const close = closingTag(text, labelContentStart, end, name);
        const label = tagLabel(text, tagNameStart, tagNameEnd);
        if (close >= 0 || KNOWN_LABELS.has(label)) {
          kind = LABEL;
          labelId = nameId(lines, label);
          contentStart = labelContentStart;
          tagEnd = close >= 0 ? close : TAG_OPEN;
          if (close < 0) {
            openTag = name;
            openRole = false;
          }
        }
      } else if ((kind === OTHER || kind === OTHER_WITH_COLON) && text.charCodeAt(i) === 123 && text.charCodeAt(i + 1) === 123 && matchRoleBlock(text, i, end)) {
        // A Guidance chat block, "{{#user~}}" … "{{~/user}}": a field, as the transcript label "User:" is.
        const name = text.slice(tagNameStart, tagNameEnd).toLowerCase();
        const close = closingRoleBlock(text, labelContentStart, end, name);
        kind = LABEL;
        labelId = nameId(lines, name);
        contentStart = labelContentStart;
        tagEnd = close >= 0 ? close : TAG_OPEN;
        if (close < 0) {
          openTag = name;
          openRole = true;
        }
      } else if (kind === OTHER_WITH_COLON && colon - i <= 30 && matchLabelLine(text, start, end, colon)) labelled = true;
      else if (kind !== SEPARATOR && kind !== EXAMPLE_MARK && mayStartNumberedQuestion(text.charCodeAt(i)) && matchNumberedQuestion(text, start, end)) labelled = true;
      else if (kind !== SEPARATOR && kind !== EXAMPLE_MARK && mayStartNumberedMark(text, i, end, kind, colon) && matchNumberedMark(text, i, end)) {
        keepNumberedMark(text, lines.count);
      } else if ((kind === OTHER || kind === OTHER_WITH_COLON) && mayStartInlineMark(text.charCodeAt(i)) && matchInlineMark(text, i, end)) {
        keepInlineCandidate(text, lines.count, end);
      }
      if (labelled) {
        kind = LABEL;
        const label = labelText(text, labelStart, labelEnd);
        const slot = labelSlot;
        if (recentLabelGen[slot] === gen) labelId = recentLabelIds[slot]!;
        else {
          labelId = nameId(lines, label);
          recentLabelIds[slot] = labelId;
          recentLabelGen[slot] = gen;
        }
        contentStart = labelContentStart;
      }
    }
    const n = lines.count++;
    ensureLine(n);
    lines.start[n] = start;
    lines.end[n] = end;
    lines.kind[n] = kind;
    lines.contentStart[n] = contentStart;
    lines.labelIndex[n] = labelId;
    lines.tagEnd[n] = tagEnd;
    if (nl === text.length) {
      if (inlineCandidateCount >= 2) resolveInlineMarks(text, lines);
      if (numberedMarkCount >= 2) resolveNumberedMarks(text, lines);
      if (lines.names.length !== 0) resolveSameLinePairs(text, lines);
      return lines;
    }
    start = nl + 1;
  }
}

/** The roles of a text without labels (read only). */
const NO_ROLES: ReadonlyMap<string, FieldRole> = new Map();
/** labelSeen of a text without records (read only). */
const NO_LABELS_SEEN = new Uint8Array(0);

/**
 * Decide the role of each label. Known labels have fixed roles. Unknown labels
 * that form a repeating cycle (Tweet:, Sentiment:, Tweet:, Sentiment:) are read
 * as question (first of the cycle) and answer (last).
 */
function labelRoles(lines: LineTable): Map<string, FieldRole> {
  const roles = new Map<string, FieldRole>();
  let hasQuestion = false;
  let hasAnswer = false;
  // The distinct labels in order of first appearance, as the lines give them.
  for (const label of lines.names) {
    const known = KNOWN_LABELS.get(label) ?? (CANDIDATE_LABEL_NAME.test(label) ? 'options' : undefined);
    if (!known) continue;
    roles.set(label, known);
    if (known === 'question') hasQuestion = true;
    else if (known === 'answer') hasAnswer = true;
  }
  if (hasQuestion && hasAnswer) return roles;
  // Look for a repeated cycle among the labels (length 2..4, at least twice).
  // A judge's candidate labels ("Response A:", "Response B:") are left out: they are the record's options, as
  // an "Options:" block is, so "Question / Response A / Response B / Explanation / Verdict" cycles as
  // question, rationale, verdict (a cycle of three, not five).
  const seq: string[] = [];
  for (let i = 0; i < lines.count; i++) {
    if (lines.labelIndex[i]! < 0) continue;
    const label = lines.names[lines.labelIndex[i]!]!;
    if (roles.get(label) !== 'options' || KNOWN_LABELS.has(label)) seq.push(label);
  }
  const counts = new Map<string, number>();
  for (const l of seq) counts.set(l, (counts.get(l) ?? 0) + 1);
  const repeated = seq.filter((l) => (counts.get(l) ?? 0) >= 2);
  for (let len = 2; len <= 4; len++) {
    if (repeated.length < len * 2) continue;
    const cycle = repeated.slice(0, len);
    if (new Set(cycle).size !== len) continue;
    let ok = true;
    for (let i = 0; i < Math.floor(repeated.length / len) * len; i++) if (repeated[i] !== cycle[i % len]) ok = false;
    if (!ok) continue;
    // A rationale label stays one in demos marked "Example N" / <example>: their questions may have no label
    // (buildRecords reads the text before the rationale as the question). Elsewhere it leads a questionless cycle.
    if (!hasQuestion && !(lines.exampleMarks && roles.get(cycle[0]!) === 'rationale')) roles.set(cycle[0]!, 'question');
    if (!hasAnswer) roles.set(cycle[len - 1]!, 'answer');
    for (const mid of cycle.slice(1, -1)) if (!roles.has(mid)) roles.set(mid, 'context');
    break;
  }
  return roles;
}

/** "A:" followed by "B:" on the next line is an option list, not an answer label. */
function isOptionLetterLabel(text: string, lines: LineTable, i: number): boolean {
  const label = labelAt(lines, i);
  if (!label || label.length !== 1) return false;
  let j = i + 1;
  while (j < lines.count && lines.kind[j] === BLANK) j++;
  if (j >= lines.count) return false;
  // /^[ \t]*\(?([A-Z])[).:]/ on the next line; the letter must be the next one.
  const end = lines.end[j]!;
  let k = lines.start[j]!;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  if (k < end && text.charCodeAt(k) === 40) k++;
  if (k + 1 >= end) return false;
  const letter = text.charCodeAt(k);
  const punct = text.charCodeAt(k + 1);
  if (!(letter >= 65 && letter <= 90) || (punct !== 41 && punct !== 46 && punct !== 58)) return false;
  // A one-letter label is a lower-case ASCII letter (matchLabelLine, labelText): clearing bit 0x20 upper-cases it.
  return letter === (label.charCodeAt(0) & ~0x20) + 1;
}

/**
 * Group the labelled lines into records, in `fields` and `recordFirst`;
 * returns the number of records. A record's fields are consecutive entries of
 * `fields`, and the records follow each other without gaps, so record r has the
 * fields recordFirst[r] .. (recordFirst[r + 1] or fields.count) - 1.
 */
function buildRecords(text: string, lines: LineTable, roles: ReadonlyMap<string, FieldRole>): number {
  fields.count = 0;
  let recordCount = 0;
  // Each label's role as its ROLE_BIT (0: none), and whether a blank line ends its field, by label
  // index: looked up once per label rather than for every labelled and blank line.
  const labelCount = lines.names.length;
  const roleOf = new Uint8Array(labelCount);
  const endsAtBlank = new Uint8Array(labelCount);
  const concludes = new Uint8Array(labelCount);
  for (let id = 0; id < labelCount; id++) {
    const label = lines.names[id]!;
    const role = roles.get(label);
    if (!role) continue;
    roleOf[id] = ROLE_BIT[role];
    if (role === 'answer' && CONCLUDING_LABELS.has(label)) concludes[id] = 1;
    else if (label === CONCLUDES_AFTER_A && roles.get('a') === 'answer') concludes[id] = 2;
    // Short fields (answers, rationales) end at a blank line, except transcript turns.
    if ((role === 'answer' || role === 'rationale') && !TRANSCRIPT_LABELS.has(label)) endsAtBlank[id] = 1;
  }
  /** Labels (by index) that are context fields where they lead into a question (LEAD_IN_LABELS), when no other role is theirs. */
  let leadIn: Uint8Array | undefined;
  for (let id = 0; id < labelCount; id++) {
    if (roleOf[id] !== 0 || !LEAD_IN_LABELS.has(lines.names[id]!)) continue;
    leadIn ??= new Uint8Array(labelCount);
    leadIn[id] = 1;
  }
  /** Whether a record is open, and which roles its fields have so far (ROLE_BIT bits, so no per-line search). */
  let inRecord = false;
  let recordRoles = 0;
  /** Whether the record's answer field is labelled "A:" (an "Answer:" line then concludes it, see CONCLUDING_LABELS). */
  let answerIsA = false;
  const aId = lines.nameIds.get('a') ?? -1;
  const answerId = lines.nameIds.get('answer') ?? -1;
  /**
   * After an opening example mark ("### Example 1", "<example>") and before any field: the first
   * unlabelled line of text (-1: none yet; -2: not in such a block). A rationale or answer label
   * there starts a demo whose question is the text from that line on (a question without a label).
   */
  let blockText = -2;
  /** Where the text of line blockText starts: its line's start, or on an inline mark's line the text after the mark. */
  let blockTextStart = 0;
  /** The field still open (its end not yet known), or -1. */
  let open = -1;
  /** Whether the open field is a tag's whose closing tag is still to come (then only that tag ends it, not a blank line). */
  let openTagged = false;
  /** The next inline example mark (see resolveInlineMarks): its index and line (-1: none); whether a line is in its block. */
  let inlineK = 0;
  let inlineLine = inlineMarkCount !== 0 ? inlineMarkLine[0]! : -1;
  let inInline = false;
  /** The next same-line pair (see pairCount) at or after line i. */
  let pairK = 0;
  for (let i = 0; i < lines.count; i++) {
    const kind = lines.kind[i];
    let lineStart = lines.start[i]!;
    if (kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK || i === inlineLine || (inInline && kind === BLANK)) {
      // Close the field and the record.
      if (open >= 0) fields.end[open] = lineStart;
      open = -1;
      openTagged = false;
      inRecord = false;
      if (i === inlineLine) {
        // "Example 1: …": a block opens as at "### Example 1", and the text after the mark is read as a line (below).
        blockText = -1;
        inInline = true;
        lineStart = inlineMarkContent[inlineK]!;
        inlineK++;
        inlineLine = inlineK < inlineMarkCount ? inlineMarkLine[inlineK]! : -1;
      } else {
        // A blank line ends an inline mark's block.
        blockText = kind === EXAMPLE_MARK && !isClosingTag(text, lineStart) ? -1 : -2;
        inInline = false;
        continue;
      }
    }
    if (kind === BLANK) {
      if (open >= 0 && !openTagged && endsAtBlank[fields.labelId[open]!] === 1) {
        fields.end[open] = lineStart;
        open = -1;
      }
      continue;
    }
    if (kind !== LABEL) {
      if (blockText === -1) {
        blockText = i;
        blockTextStart = lineStart;
      } else if (open >= 0 && openTagged && lines.tagEnd[i]! >= 0) {
        // "</question>": the open tag field's text ends where its closing tag starts.
        fields.end[open] = lines.tagEnd[i]!;
        fields.closed[open] = 1;
        open = -1;
        openTagged = false;
      }
      continue;
    }
    const labelId = lines.labelIndex[i]!;
    let role = roleOf[labelId]!;
    if (role === 0 && leadIn !== undefined && leadIn[labelId] === 1 && leadsIntoQuestion(lines, i, roleOf)) role = LEAD_IN_BIT;
    if (role === 0) {
      if (blockText === -1) {
        blockText = i;
        blockTextStart = lineStart;
      }
      continue;
    }
    if (blockText !== -2) {
      if (blockText >= 0 && !inRecord && (role === ROLE_BIT.rationale || role === ROLE_BIT.answer)) {
        // "### Example 1 / Which drug …? / (A) … / Reasoning: … / Answer: (C)": the text before the label is the question.
        if (recordCount === recordFirst.length) {
          const grown = new Int32Array(recordCount * 2);
          grown.set(recordFirst);
          recordFirst = grown;
        }
        recordFirst[recordCount++] = fields.count;
        fields.end[addField(UNLABELLED, ROLE_BIT.question, blockTextStart, blockTextStart, blockText)] = lineStart;
        inRecord = true;
        recordRoles = ROLE_BIT.question;
      }
      blockText = -2;
    }
    if (role === ROLE_BIT.answer && lines.names[labelId]!.length === 1 && isOptionLetterLabel(text, lines, i)) continue;
    let startsNew = false;
    if (role === ROLE_BIT.question || role === ROLE_BIT.context || role === LEAD_IN_BIT) {
      startsNew = !inRecord || (recordRoles & (ROLE_BIT.answer | ROLE_BIT.rationale | ROLE_BIT.question)) !== 0;
    } else if (role === ROLE_BIT.answer) {
      // "Final answer:" after the record's answer: part of that answer (or, if a blank line closed it, of nothing).
      const c = concludes[labelId];
      if (inRecord && (recordRoles & ROLE_BIT.answer) !== 0 && (c === 1 || (c === 2 && answerIsA))) continue;
      if (!inRecord || (recordRoles & ROLE_BIT.answer) !== 0) {
        // The MMLU / HELM / lm-eval-harness layout: an unlabelled question, its options, "Answer: X".
        const q = labelId === answerId ? unlabelledQuestion(text, lines, i, roleOf) : -1;
        if (q < 0) {
          if (open >= 0) fields.end[open] = lineStart;
          open = -1;
          inRecord = false;
          continue; // an answer with no question is not an exemplar
        }
        const textStart = lines.start[q]!;
        if (open >= 0) fields.end[open] = textStart;
        open = -1;
        if (recordCount === recordFirst.length) {
          const grown = new Int32Array(recordCount * 2);
          grown.set(recordFirst);
          recordFirst = grown;
        }
        recordFirst[recordCount++] = fields.count;
        fields.end[addField(UNLABELLED, ROLE_BIT.question, textStart, textStart, q)] = lineStart;
        inRecord = true;
        recordRoles = ROLE_BIT.question;
      }
    } else if (!inRecord) continue;
    if (open >= 0) fields.end[open] = lineStart;
    open = -1;
    if (startsNew || !inRecord) {
      if (recordCount === recordFirst.length) {
        const grown = new Int32Array(recordCount * 2);
        grown.set(recordFirst);
        recordFirst = grown;
      }
      recordFirst[recordCount++] = fields.count;
      inRecord = true;
      recordRoles = 0;
    }
    open = addField(labelId, role, lineStart, lines.contentStart[i]!, i);
    const tagEnd = lines.tagEnd[i]!;
    openTagged = tagEnd === TAG_OPEN;
    if (tagEnd >= 0) {
      // "<answer>B</answer>": the field is the text between the tags.
      fields.end[open] = tagEnd;
      fields.closed[open] = 1;
      open = -1;
    }
    if (role === ROLE_BIT.answer && (recordRoles & ROLE_BIT.answer) === 0) answerIsA = labelId === aId;
    recordRoles |= role;
    while (pairK < pairCount && pairLine[pairK]! < i) pairK++;
    if (pairK < pairCount && pairLine[pairK] === i && open >= 0) {
      // "Input: Broke after a week. Output: negative" (see pairCount): the question ends where the answer's label starts.
      const at = pairLabelStart[pairK]!;
      fields.end[open] = at;
      const pairId = pairLabelId[pairK]!;
      open = addField(pairId, ROLE_BIT.answer, at, pairContent[pairK]!, i);
      answerIsA = pairId === aId;
      recordRoles |= ROLE_BIT.answer;
    }
  }
  if (open >= 0) fields.end[open] = lines.count ? lines.end[lines.count - 1]! : 0;
  return recordCount;
}

/**
 * Whether the label line i (a LEAD_IN_LABELS label) leads into a question: the next line with a field
 * label that has a role, in its paragraph (up to a blank line, separator, heading or example mark), is
 * a question or options label ("Scenario: … / Question: …", "Vignette: … / … / Q: …"; not "Background:
 * You are … / (blank line) / Q: …", nor "Story: … / Moral: …"). Labels without a role on the way are
 * part of the text (as they are of a field's); another lead-in label ends the search (only the last of
 * two is the question's context). Reads the paragraph's lines up to that label, once per lead-in line.
 */
function leadsIntoQuestion(lines: LineTable, i: number, roleOf: Uint8Array): boolean {
  for (let j = i + 1; j < lines.count; j++) {
    const kind = lines.kind[j];
    if (kind === BLANK || kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) return false;
    if (kind !== LABEL) continue;
    const role = roleOf[lines.labelIndex[j]!]!;
    if (role === 0) {
      if (LEAD_IN_LABELS.has(lines.names[lines.labelIndex[j]!]!)) return false;
      continue;
    }
    return role === ROLE_BIT.question || role === ROLE_BIT.options;
  }
  return false;
}

/**
 * The first line of the question of an "Answer:" line i in the layout of the original MMLU prompt
 * (Hendrycks et al.; HELM, lm-eval-harness), whose question has no label:
 *
 *   The following are multiple choice questions (with answers) about chemistry.
 *
 *   Which of the following is a noble gas?
 *   A. Argon
 *   B. Nitrogen
 *   Answer: A
 *
 * Directly above the answer line a run of at least two option lines of one marker ("A. ", "A) " or
 * "(A) ", upper case; see upperOptionMark) lettered A, B, C… in order; above it, the question: the
 * lines up to the previous blank line, separator, heading or example mark (or the text's start),
 * none a label with a role (those lines belong to a labelled layout). So an instruction before the
 * first question and a blank line is no part of it. The answer is one of the option letters, bare
 * or in brackets ("Answer: B", "Answer: (B)"), or with an option's text after it ("Answer: B.
 * Carbon-14", "Answer: (B) Carbon-14", "Answer: B) Carbon-14": the text of any of the block's
 * options, case, white space and punctuation aside), or nothing (the query slot: "{{question}}\nA.
 * {{a}} …\nAnswer:"); any other answer ("Answer: with the letter only.", "Answer: A or B", "Answer:
 * B. Because it decays") makes no demo. The letter is the gold, as in every layout: a text that
 * names another option than the letter ("Answer: B. Argon" under "A. Argon") is read and not
 * compared. -1: no such question. Reads only the lines of the block, once, and only for an
 * "Answer:" line that opens no labelled record.
 */
function unlabelledQuestion(text: string, lines: LineTable, i: number, roleOf: Uint8Array): number {
  // The answer: empty, "X" or "(X)", then only white space (the gold's letter; -1 when empty).
  const end = lines.end[i]!;
  let k = lines.contentStart[i]!;
  while (k < end && isWhiteSpace(text.charCodeAt(k))) k++;
  let gold = -1;
  // The text after the letter ("B. Carbon-14", "(B) Carbon-14", "B) Carbon-14"), normalised; '' when none.
  let tail = '';
  if (k < end) {
    const bracket = text.charCodeAt(k) === 40;
    if (bracket) k++;
    const c = text.charCodeAt(k);
    if (k >= end || c < 65 || c > 74) return -1;
    gold = c - 65;
    k++;
    // "B." and "B)" need a text after them; "(B)" and "B" may stand alone.
    let marked = bracket;
    if (bracket) {
      if (text.charCodeAt(k) !== 41) return -1;
      k++;
    } else if (k < end && (text.charCodeAt(k) === 46 || text.charCodeAt(k) === 41)) {
      marked = true;
      k++;
    }
    const markEnd = k;
    while (k < end && isWhiteSpace(text.charCodeAt(k))) k++;
    if (k < end) {
      if (!marked || k === markEnd) return -1; // "A or B", "B.Carbon"
      tail = normalisedOptionText(text.slice(k, end));
      if (tail === '') return -1;
    } else if (marked && !bracket) return -1; // "B." alone
  }
  // The options, read upwards from the line above the answer: the last letter down to A, one marker.
  let j = i - 1;
  let shape = -1;
  let count = 0;
  let named = tail === ''; // whether the text after the letter is an option's text
  for (let next = -1; j >= 0; j--) {
    const mark = upperOptionMark(text, lines.start[j]!, lines.end[j]!);
    if (mark < 0) return -1;
    if (!named && upperOptionText(text, lines.end[j]!) === tail) named = true;
    const letter = mark & 15;
    if (count === 0) shape = mark >> 4;
    else if (mark >> 4 !== shape || letter !== next) return -1;
    count++;
    next = letter - 1;
    if (letter === 0) break;
  }
  if (j < 0 || count < 2 || gold >= count || !named) return -1;
  // The question: the lines above, to a blank line, separator, heading or mark.
  let q = j - 1;
  for (; q >= 0; q--) {
    const kind = lines.kind[q];
    if (kind === BLANK || kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) break;
    if (kind === LABEL && roleOf[lines.labelIndex[q]!] !== 0) return -1;
  }
  return q + 1 < j ? q + 1 : -1;
}

/** The label index of a question field without a label (see buildRecords): in no table of labels. */
const UNLABELLED = -1;

/** Whether the line from `start` is a closing tag ("</example>", after indentation). */
function isClosingTag(text: string, start: number): boolean {
  let i = start;
  while (isSpaceOrTab(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 60 && text.charCodeAt(i + 1) === 47;
}

/** The first field of each record (see buildRecords; shared like `fields`). */
let recordFirst = new Int32Array(256);

/** The lines as objects with their text, for the line-oriented shapes (only tried when there are no labelled records). */
function lineInfos(text: string, lines: LineTable): LineInfo[] {
  const out: LineInfo[] = [];
  // An inline example mark's line is its text after the mark ("Example 1: great -> positive" reads as "great -> positive").
  let inlineK = 0;
  let inlineLine = inlineMarkCount !== 0 ? inlineMarkLine[0]! : -1;
  for (let i = 0; i < lines.count; i++) {
    let start = lines.start[i]!;
    if (i === inlineLine) {
      start = inlineMarkContent[inlineK++]!;
      inlineLine = inlineK < inlineMarkCount ? inlineMarkLine[inlineK]! : -1;
    }
    const end = lines.end[i]!;
    out.push({ start, end, text: text.slice(start, end), blank: lines.kind[i] === BLANK });
  }
  return out;
}

function shapeOf(labels: Set<string>, hasOptions: boolean): ExemplarShape {
  if ([...labels].some((l) => TRANSCRIPT_LABELS.has(l))) return 'transcript';
  if (hasOptions) return 'choices';
  if (labels.has('q') || labels.has('question') || labels.has('a') || labels.has('answer')) return 'qa';
  return 'input-output';
}

/** "text => label" lines, at least three in a run. */
/**
 * Where the closing tag that starts at `at` ("</answer>", or a Guidance block's "{{~/assistant}}")
 * ends: after its ">" (or "}}") on its line, else `at`.
 */
function afterClosingTag(text: string, at: number): number {
  const brace = text.charCodeAt(at) === 123;
  for (let p = at + 2; p < text.length && p < at + 64; p++) {
    const c = text.charCodeAt(p);
    if (brace ? c === 125 && text.charCodeAt(p + 1) === 125 : c === 62) return brace ? p + 2 : p + 1;
    if (c === 10 || c === 13) break;
  }
  return at;
}

function arrowRecords(seg: Segment, lines: LineInfo[]): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const runs: LineInfo[][] = [];
  let run: LineInfo[] = [];
  for (const l of lines) {
    if (!l.blank && ARROW_LINE.test(l.text)) run.push(l);
    else if (!l.blank) {
      if (run.length) runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  const best = runs.filter((r) => r.length >= 3).sort((a, b) => b.length - a.length)[0];
  if (!best) return null;
  const exemplars = best.map((l, index) => {
    const m = ARROW_LINE.exec(l.text)!;
    const qStart = l.start + l.text.indexOf(m[1]!);
    const aStart = l.start + l.text.lastIndexOf(m[2]!);
    return buildExemplar({
      index,
      span: seg.sourceSpan(qStart, aStart + m[2]!.length),
      question: seg.slice(qStart, qStart + m[1]!.length),
      output: seg.slice(aStart, aStart + m[2]!.length),
    });
  });
  return { exemplars, span: seg.sourceSpan(best[0]!.start, best[best.length - 1]!.end) };
}

// --- MMLU-style CSV rows: question,optA,optB,...,answerLetter ---------------

export interface CsvCell {
  start: number;
  end: number;
  value: string;
}

/** Split one CSV line (RFC 4180 quoting within the line) into cells with offsets. */
export function csvCells(text: string, base: number): CsvCell[] | null {
  const cells: CsvCell[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      cells.push({ start: base + i + 1, end: base + j, value });
      i = j + 1;
      if (i < text.length && text[i] !== ',') return null;
      i++;
    } else {
      let j = text.indexOf(',', i);
      if (j === -1) j = text.length;
      cells.push({ start: base + i, end: base + j, value: text.slice(i, j) });
      i = j + 1;
    }
  }
  return cells;
}

function csvRecords(seg: Segment, lines: LineInfo[]): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const rows: { line: LineInfo; cells: CsvCell[] }[] = [];
  let bestRows: typeof rows = [];
  const flush = () => {
    if (rows.length > bestRows.length) bestRows = rows.slice();
    rows.length = 0;
  };
  for (const l of lines) {
    if (l.blank) {
      flush();
      continue;
    }
    const cells = l.text.includes(',') ? csvCells(l.text, l.start) : null;
    const last = cells?.[cells.length - 1]?.value.trim();
    if (cells && cells.length >= 4 && last && /^[A-J]$/.test(last) && last.charCodeAt(0) - 65 < cells.length - 2) rows.push({ line: l, cells });
    else flush();
  }
  flush();
  if (bestRows.length < 2) return null;
  const exemplars = bestRows.map(({ line, cells }, index) => {
    const q = cells[0]!;
    const optionCells = cells.slice(1, -1);
    const ans = cells[cells.length - 1]!;
    const options = optionCells.map((c, k) => {
      const letter = String.fromCharCode(65 + k);
      return {
        letter,
        // CSV options have no letter in the source; the letter span is empty at the cell start.
        letterSpan: seg.sourceSpan(c.start, c.start),
        text: seg.slice(c.start, c.end),
        span: seg.sourceSpan(c.start, c.end),
      };
    });
    return buildExemplar({
      index,
      span: seg.sourceSpan(line.start, line.end),
      question: seg.slice(q.start, q.end),
      options,
      output: seg.sliceTrimmed(ans.start, ans.end),
    });
  });
  return { exemplars, span: seg.sourceSpan(bestRows[0]!.line.start, bestRows[bestRows.length - 1]!.line.end) };
}

// --- Markdown tables of demos: | Ticket | Priority | / |---|---| / | text | P1 | ---------

/** The cells of the table row last split (splitTableRow): trimmed start and end of each, in the text. */
let cellStarts: number[] = [];
let cellEnds: number[] = [];

/**
 * Split the markdown table row text[start, end) at its unescaped "|" into cellStarts/cellEnds
 * (each cell trimmed), the outer pipes left out; returns the number of cells, 0 for a line
 * without a pipe.
 */
function splitTableRow(text: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isWhiteSpace(text.charCodeAt(s))) s++;
  while (e > s && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  let pipes = 0;
  if (s < e && text.charCodeAt(s) === 0x7c) {
    s++;
    pipes++;
  }
  if (e > s && text.charCodeAt(e - 1) === 0x7c && text.charCodeAt(e - 2) !== 0x5c) {
    e--;
    pipes++;
  }
  let n = 0;
  let cell = s;
  for (let k = s; k <= e; k++) {
    if (k < e && (text.charCodeAt(k) !== 0x7c || text.charCodeAt(k - 1) === 0x5c)) continue;
    if (k < e) pipes++;
    let a = cell;
    let b = k;
    while (a < b && isWhiteSpace(text.charCodeAt(a))) a++;
    while (b > a && isWhiteSpace(text.charCodeAt(b - 1))) b--;
    cellStarts[n] = a;
    cellEnds[n] = b;
    n++;
    cell = k + 1;
  }
  return pipes === 0 ? 0 : n;
}

/**
 * The cells of one markdown table row, `text` from `start` to `end` (a line without its break), as
 * spans: split at each "|" not escaped as "\\|", without the row's optional outer pipes, each
 * trimmed (see splitTableRow); none for a line without a pipe. Not `csvCells`: a table's cells are
 * not separated by commas, and a quote in them is text, not quoting.
 */
export function tableCells(text: string, start: number, end: number): { start: number; end: number }[] {
  const n = splitTableRow(text, start, end);
  const cells = new Array<{ start: number; end: number }>(n);
  for (let k = 0; k < n; k++) cells[k] = { start: cellStarts[k]!, end: cellEnds[k]! };
  return cells;
}

/** Whether line text[start, end) is a table's delimiter row ("|---|:---:|", "--- | ---") of `columns` cells. */
function isDelimiterRow(text: string, start: number, end: number, columns: number): boolean {
  let k = start;
  while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
  const c = k < end ? text.charCodeAt(k) : -1;
  if (c !== 0x7c && c !== 0x2d && c !== 0x3a) return false;
  if (splitTableRow(text, start, end) !== columns) return false;
  for (let n = 0; n < columns; n++) {
    let a = cellStarts[n]!;
    let b = cellEnds[n]!;
    if (a < b && text.charCodeAt(a) === 0x3a) a++;
    if (b > a && text.charCodeAt(b - 1) === 0x3a) b--;
    if (a === b) return false;
    for (let i = a; i < b; i++) if (text.charCodeAt(i) !== 0x2d) return false;
  }
  return true;
}

/** The most label cells a table of demos may have as distinct labels (label-imbalance's default). */
const MAX_TABLE_LABELS = 10;
/** How far before a table its instruction may name the labels. */
const TABLE_INSTRUCTION_REACH = 2000;
/** A label cell: a short phrase with a letter (not a price, time or count), no placeholder. */
const TABLE_LABEL = /^(?=[^{}$]*\p{L})[^{}$]{1,40}$/u;
/**
 * Label-column headers that make a table of demos on their own: each names a classifier's
 * judgement of the row's input and little else. Not "Answer", "Output", "Response" or
 * "Target" (an FAQ's or a function doc's answers), "Category" or "Type" (a glossary's or a
 * catalogue's grouping), "Status" (a tracker), "Class" (a travel or school class) or
 * "Priority" (a backlog's column): with those headers a table is demos only when the text
 * before it names every label.
 */
const TABLE_LABEL_HEADERS: ReadonlySet<string> = new Set(['label', 'sentiment', 'intent', 'verdict', 'classification']);

/**
 * A markdown table whose rows are demos: two columns, input and label, at least three body
 * rows, every label cell a short phrase with a letter (TABLE_LABEL, at most four words), at
 * most MAX_TABLE_LABELS distinct labels of which one repeats, and either a classifier's label
 * as the label column's header (TABLE_LABEL_HEADERS: "Label", "Sentiment", "Intent", …) or
 * an instruction before the table that names every label ("Assign each ticket a priority:
 * `P1`, `P2` or `P3`."). Question = the first cell, answer = the last. A price list, a
 * schedule or a table of a person's attributes has distinct values, values without a letter,
 * more columns, or labels nothing before names, and stays data. The longest such table wins.
 */
function tableRecords(seg: Segment, lines: LineTable): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const text = seg.text;
  let bestFrom = -1;
  let bestTo = -1;
  for (let i = 1; i < lines.count; i++) {
    const start = lines.start[i]!;
    const end = lines.end[i]!;
    // Cheap first: a delimiter row starts with "|", "-" or ":" and holds a "-".
    let k = start;
    while (k < end && isSpaceOrTab(text.charCodeAt(k))) k++;
    const c = k < end ? text.charCodeAt(k) : -1;
    if (c !== 0x7c && c !== 0x2d && c !== 0x3a) continue;
    const header = i - 1;
    if (lines.kind[header] === BLANK || splitTableRow(text, lines.start[header]!, lines.end[header]!) !== 2) continue;
    const labelHeader = TABLE_LABEL_HEADERS.has(text.slice(cellStarts[1]!, cellEnds[1]!).toLowerCase().replace(/^[*_`]+|[*_`]+$/g, ''));
    if (!isDelimiterRow(text, start, end, 2)) continue;
    let j = i + 1;
    const labels = new Set<string>();
    let ok = true;
    for (; j < lines.count && lines.kind[j] !== BLANK; j++) {
      if (splitTableRow(text, lines.start[j]!, lines.end[j]!) !== 2) break;
      const label = text.slice(cellStarts[1]!, cellEnds[1]!);
      if (cellStarts[0] === cellEnds[0] || !TABLE_LABEL.test(label) || label.split(/\s+/).length > 4) {
        ok = false;
        break;
      }
      labels.add(label.toLowerCase());
    }
    const first = i + 1;
    const rows = j - first;
    i = j - 1;
    if (!ok || rows < 3 || labels.size > MAX_TABLE_LABELS || labels.size === rows) continue;
    if (!labelHeader && !namesEvery(text, Math.max(0, lines.start[header]! - TABLE_INSTRUCTION_REACH), lines.start[header]!, labels)) continue;
    if (bestFrom < 0 || rows > bestTo - bestFrom + 1) {
      bestFrom = first;
      bestTo = j - 1;
    }
  }
  if (bestFrom < 0) return null;
  const exemplars: Exemplar[] = [];
  for (let r = bestFrom; r <= bestTo; r++) {
    splitTableRow(text, lines.start[r]!, lines.end[r]!);
    const q0 = cellStarts[0]!;
    const a1 = cellEnds[1]!;
    exemplars.push(
      buildExemplar({ index: exemplars.length, span: seg.sourceSpan(q0, a1), question: seg.slice(q0, cellEnds[0]!), output: seg.slice(cellStarts[1]!, a1) }),
    );
  }
  return { exemplars, span: seg.sourceSpan(lines.start[bestFrom - 2]!, trimmedEnd(text, lines.end[bestTo]!)) };
}

/** Whether text[from, to) holds each of `labels` (lower case) as a word, in any case. */
function namesEvery(text: string, from: number, to: number, labels: ReadonlySet<string>): boolean {
  const before = text.slice(from, to).toLowerCase();
  for (const label of labels) {
    let found = false;
    for (let k = before.indexOf(label); k !== -1 && !found; k = before.indexOf(label, k + 1)) {
      found = !isWordChar(before.charCodeAt(k - 1)) && !isWordChar(before.charCodeAt(k + label.length));
    }
    if (!found) return false;
  }
  return true;
}

function isWordChar(c: number): boolean {
  return isAsciiLetter(c) || isDigitCode(c) || c > 0x7f;
}

/** Find the few-shot structure inside a piece of free text. */
export function analyseText(seg: Segment): TextAnalysis {
  const variables = findVariables(seg);
  const exemplarSets: ExemplarSet[] = [];
  const testInputs: TestInput[] = [];
  analyseTextInto(seg, exemplarSets, testInputs);
  // No demos and no labelled query: a zero-shot question with lettered options, if any (the line table still holds seg's lines).
  if (exemplarSets.length === 0 && testInputs.length === 0) zeroShotInputs(seg, table, testInputs);
  return { exemplarSets, testInputs, variables };
}

/**
 * The zero-shot multiple-choice questions of a text with no demos and no labelled query (analyseText), as test
 * inputs: a question line (its text ends with "?") or an options header ("Options:", "Choices:", "Answer
 * choices:", "Possible answers:" alone on its line), then, right after it or after one blank line, a run of at
 * least two option lines lettered A, B, C… in order in one marker style (optionRunFrom: "(A) …", "A) …",
 * "A. …", "A: …", as a demo's options are read):
 *
 *   Which river flows through Baghdad?
 *   (A) Nile
 *   (B) Tigris
 *   I think it's (B), but I'm curious what you think.
 *
 * The test input runs from the first line of the question's paragraph (after a blank line, separator, heading
 * or example mark, or the previous question's options) through the options and the text after them, up to the
 * next such question or the end of the text: the whole query, as a chat's last user turn is one (messages.ts),
 * so that a cue after the options is read with them. A lettered list after an instruction ("Please do the
 * following:", "Write an essay following this outline:") or a sentence is no question's options, nor is one
 * under a markdown heading ("## What should the report cover?"). Nor are questions answered after their options
 * ("So the answer is (A).", before the next question: demos without labels, which are not read) nor the turns of a
 * prompt in a chat template ("<|im_start|>user"): then there is no such test input at all. `lines` is seg's line
 * table (classify's). Only
 * analyseText reads these: a chat's last user turn is its test input already (with the options splitOptions
 * finds in it), and its system message is no query.
 */
function zeroShotInputs(seg: Segment, lines: LineTable, testInputs: TestInput[]): void {
  const text = seg.text;
  const count = lines.count;
  const first = testInputs.length;
  /** Where the question found last starts (a decoded offset; -1: none yet), its options, and where they end. */
  let qFrom = -1;
  let qOptions: OptionItem[] = [];
  let qRunEnd = 0;
  /** The line after the options found last (a question's paragraph starts there at the earliest). */
  let afterRun = 0;
  for (let i = 0; i < count; i++) {
    const kind = lines.kind[i];
    if (kind === BLANK || kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) continue;
    const start = lines.start[i]!;
    let end = lines.end[i]!;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    const last = text.charCodeAt(end - 1);
    const header = last === 58 && isOptionsHeader(text, start, end);
    if (last !== 63 && !header) continue;
    let j = i + 1;
    if (j < count && lines.kind[j] === BLANK) j++;
    if (j >= count || lines.kind[j] === BLANK) continue;
    // (A blank line ends the run.)
    const options = optionRunFrom(seg, lines.start[j]!, text.length);
    if (!options) continue;
    // A prompt in a chat template ("<|im_start|>user … <|im_end|>"): its turns, answered ones among them, are no
    // plain prompt's (looked for once a question is found: most texts have none).
    if (qFrom < 0 && turnTokenStarts(text).length !== 0) return;
    const runEnd = optionRunEnd();
    // The question's paragraph: up to a blank line, separator, heading or mark, or the previous question's options.
    let q = paragraphStart(lines, i, afterRun);
    // An options header alone in its paragraph: the question is the paragraph above it ("Which…?" / "" / "Options:").
    if (header && q === i && q - 2 >= afterRun && lines.kind[q - 1] === BLANK && lines.kind[q - 2] !== BLANK) q = paragraphStart(lines, q - 2, afterRun);
    const qStart = lines.start[q]!;
    if (qFrom >= 0) {
      // Questions each answered after its options ("… (D) Saturn\nThe answer is (A).\n\nWhich gas …?") are demos
      // written without labels, which the parser does not read: no query either.
      if (answeredAfter(text, qRunEnd, qStart, qOptions)) {
        testInputs.length = first;
        return;
      }
      // The previous question runs up to this one.
      addZeroShotInput(seg, testInputs, qFrom, qStart, qOptions);
    }
    qFrom = qStart;
    qOptions = options;
    qRunEnd = runEnd;
    // Go on after the run (its lines are options, not questions).
    while (i + 1 < count && lines.start[i + 1]! <= runEnd) i++;
    afterRun = i + 1;
  }
  if (qFrom >= 0) addZeroShotInput(seg, testInputs, qFrom, text.length, qOptions);
}

/** The first line of line i's paragraph (after a blank line, separator, heading or example mark), not before line `floor`. */
function paragraphStart(lines: LineTable, i: number, floor: number): number {
  let q = i;
  while (q > floor) {
    const above = lines.kind[q - 1];
    if (above === BLANK || above === SEPARATOR || above === HEADING || above === EXAMPLE_MARK) break;
    q--;
  }
  return q;
}

/** Whether text[from, to) (after a question's options) states an answer naming one of `options` ("So the answer is (B)."). */
function answeredAfter(text: string, from: number, to: number, options: readonly OptionItem[]): boolean {
  const after = text.slice(from, to);
  return after.trim() !== '' && lastLetterStatement(after, new Set(options.map((o) => o.letter))) !== null;
}

/** A test input of zeroShotInputs: seg.text[from, to) trimmed, and its options. */
function addZeroShotInput(seg: Segment, testInputs: TestInput[], from: number, to: number, options: OptionItem[]): void {
  const question = seg.sliceTrimmed(from, to);
  testInputs.push({ text: question, span: question.sourceSpan(), options });
}

/** Whether `text` has an arrow an arrow line (arrowRecords) could have. */
function hasArrow(text: string): boolean {
  return text.includes('=>') || text.includes('->') || text.includes('→');
}

/**
 * Whether analyseTextInto can find anything in `text`. Its records are made of label
 * lines (classify finds a label before the line's first colon, an XML tag field in a
 * demo block, which a closing tag "</" ends, or a Guidance chat block, whose demo needs a
 * closed "{{#user~}}" block: "{{~/user}}"), and without them it tries only CSV rows
 * (commas), markdown tables ("|") and arrow lines: a text with no colon, closing tag,
 * comma, pipe or arrow (e.g. many
 * multi-line messages of a chat dataset, each analysed on its own) gives no exemplar set
 * and no test input, and a caller that only wants those need not classify its lines.
 * (parseTextDocument also reads the line table: it always runs it.)
 */
export function mayHoldExemplars(text: string): boolean {
  return text.includes(':') || text.includes(',') || text.includes('</') || hasArrow(text) || text.includes('|') || text.includes('/user}}');
}

/** Whether a record's answer (trimmed) makes it a demo: it has text that is not only a template variable. */
function isAnswered(output: Segment | undefined): output is Segment {
  return output !== undefined && output.text !== '' && !isOnlyVariable(output.text);
}

/**
 * Makes the exemplars and test inputs of a segment's records (buildRecords), one record at a time, in text
 * order: analyseTextInto reads every record of a text at once, TextParts a range of them per part. Holds what
 * reading a record carries to the next: how many exemplars there are so far (the next one's index), which
 * labels they have, whether any has options, and where they start and end.
 */
class RecordReader {
  /** The exemplars made so far. */
  count = 0;
  /** Which labels (by index in table.names) the exemplars have. */
  readonly labelSeen: Uint8Array;
  anyOptions = false;
  /** Where the first exemplar's record starts and the last one's ends, in the segment (-1: none yet). */
  setStart = -1;
  setEnd = -1;
  /** Where the text's chat-template control tokens start (see turnTokenStarts): found at the first answer. */
  private turns: number[] | undefined;
  /** What scan(r) found of record r: its first and last fields, and the fields read() uses (entries of `fields`, or -1). */
  private recFirst = 0;
  private recLast = 0;
  /** The first and last question-like fields, the first answer and rationale. */
  private firstQuestion = -1;
  private lastQuestion = -1;
  private answer = -1;
  private rationale = -1;
  /** A lead-in context field before the question ("Scenario: …": see LEAD_IN_LABELS). */
  private leadIn = -1;

  constructor(
    private readonly seg: Segment,
    private readonly lines: LineTable,
    private readonly recordCount: number,
  ) {
    this.labelSeen = recordCount !== 0 ? new Uint8Array(table.names.length) : NO_LABELS_SEEN;
  }

  /** Finds record r's fields (see recFirst). */
  private scan(r: number): void {
    const recFirst = recordFirst[r]!;
    const recLast = (r + 1 < this.recordCount ? recordFirst[r + 1]! : fields.count) - 1;
    let firstQuestion = -1;
    let lastQuestion = -1;
    let answer = -1;
    let rationale = -1;
    let leadIn = -1;
    for (let k = recFirst; k <= recLast; k++) {
      const role = fields.role[k]!;
      if ((role & (ROLE_BIT.question | ROLE_BIT.context | ROLE_BIT.options)) !== 0) {
        if (firstQuestion < 0) firstQuestion = k;
        lastQuestion = k;
      } else if (role === ROLE_BIT.answer) {
        if (answer < 0) answer = k;
      } else if (role === ROLE_BIT.rationale) {
        if (rationale < 0) rationale = k;
      } else if (role === LEAD_IN_BIT && firstQuestion < 0) leadIn = k;
    }
    this.recFirst = recFirst;
    this.recLast = recLast;
    this.firstQuestion = firstQuestion;
    this.lastQuestion = lastQuestion;
    this.answer = answer;
    this.rationale = rationale;
    this.leadIn = leadIn;
  }

  /** The answer field of the record scan() read last (it has one), trimmed. */
  private output(): Segment {
    const seg = this.seg;
    const from = fields.contentStart[this.answer]!;
    let to = fields.end[this.answer]!;
    // "Label: positive<|im_end|>", "Label: [/INST]": a chat template's control token ends the answer.
    const turns = (this.turns ??= turnTokenStarts(seg.text));
    if (turns.length !== 0) to = Math.min(to, firstAtOrAfter(turns, from, to));
    return seg.sliceTrimmed(from, to);
  }

  /** Whether read(r) makes an exemplar of record r (the tests it makes, without the exemplar). */
  isExemplar(r: number): boolean {
    this.scan(r);
    return this.firstQuestion >= 0 && this.answer >= 0 && isAnswered(this.output()) && !this.describesFormat();
  }

  /**
   * Whether the record scan() read last, answered, shows where the query goes rather than being a demo: a block
   * whose question is nothing but template variables (DSPy's "Follow the following format." block, "Question:
   * ${question}" / "Answer: often between 1 and 5 words", describes the answer; with an empty answer it is the query
   * slot itself), or a block right after a line that announces it as the format ("Follow the following format.",
   * "Use the following format:"), whatever its fields hold: DSPy describes a field that has a description by that
   * description ("Context: may contain relevant facts"), not by a variable.
   */
  private describesFormat(): boolean {
    const text = this.seg.text;
    return questionIsOnlyVariables(text, this.recFirst, this.recLast) || followsFormatIntro(text, fields.lineStart[this.recFirst]!);
  }

  /** Where the question of the record scan() read last ends: at the answer label, unless its own closing tag ends it ("</question>"). */
  private questionEnd(): number {
    const { answer, lastQuestion } = this;
    return answer >= 0 && fields.closed[lastQuestion] === 0 ? fields.lineStart[answer]! : fields.end[lastQuestion]!;
  }

  /** For the record isExemplar(r) has just found an exemplar: marks its labels in labelSeen, as read() does. */
  noteLabels(): void {
    for (let k = this.recFirst; k <= this.recLast; k++) if (fields.labelId[k] !== UNLABELLED) this.labelSeen[fields.labelId[k]!] = 1;
  }

  /** For the record isExemplar(r) has just found an exemplar: whether read() gives it options. */
  hasOptions(): boolean {
    const { seg, lines, firstQuestion, lastQuestion, rationale } = this;
    const qStart = fields.contentStart[firstQuestion]!;
    const qEnd = this.questionEnd();
    let found = optionsIn(seg, qStart, qEnd, lines.start, lines.end, fields.line[firstQuestion]!).length !== 0;
    takeQuestion();
    if (!found) found = judgeCandidates(seg, qStart, rationale > lastQuestion ? Math.min(qEnd, fields.lineStart[rationale]!) : qEnd, this.output()).length !== 0;
    return found;
  }

  /** Where record r starts, in the segment. */
  recordStart(r: number): number {
    return fields.lineStart[recordFirst[r]!]!;
  }

  /** Where record r ends, in the segment: where read() ends its exemplar's or test input's span. */
  recordEnd(r: number): number {
    return this.endOf(this.recordStart(r), (r + 1 < this.recordCount ? recordFirst[r + 1]! : fields.count) - 1);
  }

  /** Where a record that starts at `recStart` and whose last field is `recLast` ends. */
  private endOf(recStart: number, recLast: number): number {
    const text = this.seg.text;
    return Math.max(recStart, fields.closed[recLast] === 1 ? afterClosingTag(text, fields.end[recLast]!) : trimmedEnd(text, fields.end[recLast]!));
  }

  /**
   * Reads record `r`: adds its exemplar to `exemplars`, or its test input to `testInputs` (unless that is
   * undefined: see analyseTextInto), or nothing. The module's field and record tables hold the segment's.
   */
  read(r: number, exemplars: Exemplar[], testInputs: TestInput[] | undefined): void {
    const { seg, lines } = this;
    this.scan(r);
    const { recFirst, recLast, firstQuestion, lastQuestion, answer, rationale, leadIn } = this;
    if (firstQuestion < 0) return;
    const qStart = fields.contentStart[firstQuestion]!;
    const qEnd = this.questionEnd();
    const output = answer >= 0 ? this.output() : undefined;
    const recStart = fields.lineStart[recFirst]!;
    const recEnd = this.endOf(recStart, recLast);
    if (!isAnswered(output)) {
      if (!testInputs) return;
      const question = seg.sliceTrimmed(qStart, qEnd);
      // A question label with no text ("Question 3" or "Question 3:" alone, "Q:") is no test input, unless
      // it is where the query goes: after demos ("…\nAnswer: (B)\n\nQuestion 3:") or with an answer label
      // ("Q:\nA:"), the audit puts its query there (render.ts, renderPrompt).
      if (!question.text && answer < 0 && this.count === 0) return;
      const split = splitOptions(question);
      const testInput: TestInput = { text: question, span: seg.sourceSpan(recStart, recEnd), options: split.options };
      // (A context field is a test input's only with options, as a record's is: see TestInput.context.)
      if (leadIn >= 0 && split.options.length > 1) testInput.context = seg.sliceTrimmed(fields.contentStart[leadIn]!, fields.end[leadIn]!);
      testInputs.push(testInput);
      return;
    }
    if (this.describesFormat()) return;
    this.noteLabels();
    // Split in place: no segment for the whole question, which only the split would read.
    // (Its lines are read from the line table: see copyLines.)
    let options = optionsIn(seg, qStart, qEnd, lines.start, lines.end, fields.line[firstQuestion]!);
    if (options.length === 0) {
      // A pairwise judge's demo ("Response A: …", "Response B: …", "Verdict: A"): the responses are its options.
      // A rationale field between the responses and the verdict ("Explanation: Response A is correct" before
      // "Verdict: B") ends the last response: it is the demo's rationale, not that response's text.
      const candidatesEnd = rationale > lastQuestion ? Math.min(qEnd, fields.lineStart[rationale]!) : qEnd;
      const candidates = judgeCandidates(seg, qStart, candidatesEnd, output);
      if (candidates.length !== 0) options = candidates;
    }
    const afterOptions = takeTail();
    const ex = makeExemplar(
      this.count++,
      seg.sourceSpan(recStart, recEnd),
      takeQuestion(),
      options,
      output,
      undefined,
      rationale >= 0 ? seg.sliceTrimmed(fields.contentStart[rationale]!, fields.end[rationale]!) : undefined,
      afterOptions,
    );
    // (Kept only with options, as a record's context field is: see Exemplar.context.)
    if (leadIn >= 0 && ex.options.length > 1) ex.context = seg.sliceTrimmed(fields.contentStart[leadIn]!, fields.end[leadIn]!);
    if (ex.options.length) this.anyOptions = true;
    exemplars.push(ex);
    if (this.setStart < 0) this.setStart = recStart;
    this.setEnd = recEnd;
  }
}

/**
 * `analyseText` without its variables, adding its exemplar sets and (unless
 * `testInputs` is undefined: the caller has no use for them, and they are not made)
 * its test inputs to the caller's lists: a chat dataset analyses a message of most of
 * its records (each multi-line one) and wants neither the variables (its messages'
 * are found as prose) nor lists and a result object per message.
 */
export function analyseTextInto(seg: Segment, exemplarSets: ExemplarSet[], testInputs: TestInput[] | undefined): void {
  const lines = classify(seg);
  // (A text without label lines, as most messages of a chat dataset, has no roles to work out.)
  const roles = lines.names.length !== 0 ? labelRoles(lines) : NO_ROLES;
  const recordCount = roles.size ? buildRecords(seg.text, lines, roles) : 0;
  recordsInto(seg, lines, roles, recordCount, exemplarSets, testInputs);
}

/**
 * The rest of analyseTextInto, once `seg`'s lines are classified into `lines` and its records built (`roles`,
 * `recordCount`): its exemplar sets and test inputs, from the records or, when none is a demo, from the line-oriented
 * shapes.
 */
function recordsInto(seg: Segment, lines: LineTable, roles: ReadonlyMap<string, FieldRole>, recordCount: number, exemplarSets: ExemplarSet[], testInputs: TestInput[] | undefined): void {
  const exemplars: Exemplar[] = [];
  const reader = new RecordReader(seg, lines, recordCount);
  // The questions are split in text order: findOptionRun's search for inline options goes on from one to the next.
  beginInlineSearch(seg, 0);
  try {
    for (let r = 0; r < recordCount; r++) reader.read(r, exemplars, testInputs);
  } finally {
    endInlineSearch();
  }
  const { anyOptions, setStart, setEnd, labelSeen } = reader;

  if (exemplars.length) {
    exemplarSets.push({
      shape: shapeOf(new Set(table.names.filter((_, id) => labelSeen[id] === 1)), anyOptions),
      span: seg.sourceSpan(setStart, setEnd),
      exemplars,
      kind: 'demos',
    });
  } else {
    // No labelled records: try line-oriented shapes. A CSV row has commas and an arrow
    // line an arrow: a text without any (most free text, e.g. a chat dataset's multi-line
    // messages, each analysed on its own) needs no line objects for them.
    const text = seg.text;
    const mayBeCsv = text.includes(',');
    const mayHaveArrows = hasArrow(text);
    let lineShape = false;
    // A markdown table of demos (tableRecords) needs a "|"; its rows are read from the line table.
    const tables = !mayBeCsv && !mayHaveArrows && text.includes('|') ? tableRecords(seg, lines) : null;
    if (tables) {
      exemplarSets.push({ shape: 'input-output', span: tables.span, exemplars: tables.exemplars, kind: 'demos' });
      lineShape = true;
    } else if (mayBeCsv || mayHaveArrows) {
      const infos = lineInfos(text, lines);
      const csv = mayBeCsv ? csvRecords(seg, infos) : null;
      const table = csv || !text.includes('|') ? null : tableRecords(seg, lines);
      const arrows = csv || table || !mayHaveArrows ? null : arrowRecords(seg, infos);
      const found = csv ?? table ?? arrows;
      if (found) {
        exemplarSets.push({ shape: csv ? 'csv' : 'input-output', span: found.span, exemplars: found.exemplars, kind: 'demos' });
        lineShape = true;
      }
    }
    // No line-oriented demos either: examples that are only outputs, under example marks (see outputRecords)
    // or under markdown headings that repeat one prefix ("## Sample letter: Jessica Hall", see sectionRecords).
    if (!lineShape) {
      const outputs = (lines.exampleMarks ? outputRecords(seg, lines, roles) : null) ?? sectionRecords(seg, lines, roles);
      if (outputs) exemplarSets.push({ shape: 'outputs', span: outputs.span, exemplars: outputs.exemplars, kind: 'demos' });
    }
  }
  table.names.length = 0;
  table.nameIds.clear();
}

/**
 * Control tokens of chat templates, which end a turn or start one: ChatML (`<|im_end|>`, `<|im_start|>`),
 * Llama 2 (`[INST]`, `[/INST]`, `</s>`), Llama 3 (`<|eot_id|>`, `<|start_header_id|>`, its EOS `<|end_of_text|>`),
 * Phi (`<|end|>`, `<|user|>`, `<|assistant|>`), Gemma (`<end_of_turn>`, `<start_of_turn>`, its EOS `<eos>`), `<|endoftext|>`. None is text
 * of the turn: an answer field ends at the first one ("Label: positive<|im_end|>" is "positive"; the query
 * slot "Label: [/INST]" is empty).
 */
const TURN_TOKEN = /<\|(?:im_end|im_start|eot_id|start_header_id|end_header_id|end|endoftext|end_of_text|user|assistant|system)\|>|\[\/?INST\]|<\/s>|<(?:end|start)_of_turn>|<eos>/g;

/** Control tokens (TURN_TOKEN's) that close a text, with the white space around them: "positive </s>", "B<|im_end|>\n". */
const TRAILING_TURN_TOKENS = new RegExp(`(?:\\s*(?:${TURN_TOKEN.source}))+\\s*$`);

/**
 * Where the control tokens that end `text` start (TURN_TOKEN, with the white space before them), or
 * `text.length` when it does not end with one: a fine-tuning record's completion often ends with the
 * model's end-of-sequence token (`" positive </s>"`), which is no text of the answer.
 */
export function trailingTurnTokensStart(text: string): number {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  const last = text.charCodeAt(end - 1);
  // Every token ends with ">" or "]".
  if (last !== 62 && last !== 93) return text.length;
  const m = TRAILING_TURN_TOKENS.exec(text);
  return m ? m.index : text.length;
}

/**
 * `seg` without the chat-template control tokens that close it (see trailingTurnTokensStart): a
 * record's completion `" positive </s>"`, an assistant message's `"B<|im_end|>"`; `seg` itself when
 * there are none.
 */
export function withoutClosingTokens(seg: Segment): Segment {
  const end = trailingTurnTokensStart(seg.text);
  return end === seg.text.length ? seg : seg.slice(0, end);
}

/**
 * Where each chat-template control token of `text` starts, in order (empty for most texts): one pass,
 * after native searches for the tokens' common parts, which settle most texts (the regex pass costs
 * about 1 ms per MiB, the searches a twentieth of that).
 */
function turnTokenStarts(text: string): number[] {
  const out: number[] = [];
  if (text.indexOf('<|') < 0 && text.indexOf('INST]') < 0 && text.indexOf('</s>') < 0 && text.indexOf('_of_turn>') < 0 && text.indexOf('<eos>') < 0) return out;
  TURN_TOKEN.lastIndex = 0;
  for (let m = TURN_TOKEN.exec(text); m; m = TURN_TOKEN.exec(text)) out.push(m.index);
  return out;
}

/** The first of the ascending `starts` at or after `from` (binary search), or `otherwise` when there is none. */
function firstAtOrAfter(starts: readonly number[], from: number, otherwise: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length ? starts[lo]! : otherwise;
}

/** An opening <examples> tag: the wrapper around <example> blocks, no example of its own. */
const EXAMPLES_WRAPPER = /^[ \t]*<examples\b/i;
/** The least number of output-only examples that make a set (see outputRecords). */
const MIN_OUTPUT_EXAMPLES = 3;

/**
 * Examples that are only outputs: a generation prompt's examples of what to write ("Write a user
 * persona in the same style as the examples. / ### Example 1 / A 34-year-old software engineer … He
 * trains before work. / ### Example 2 / …"), which have no field that labels an answer, so
 * buildRecords makes no demo of them. Tried only when the text has no demos of another shape. At
 * least MIN_OUTPUT_EXAMPLES blocks of one kind: "Example N" marks (EXAMPLE_HEADING or
 * TITLED_EXAMPLE_HEADING: also Demo, Shot, Sample; or inline marks, "Example 1: …", whose block
 * starts with the text after the mark and ends at a blank line: see resolveInlineMarks) whose numbers rise, or <example> tags (the
 * <examples> wrapper is none); each holds some text and no field: no label with a role ("Input:",
 * "Answer:", "<answer>"; a label without one, "Persona:", is part of the text). A block runs from
 * its mark to the next mark, a closing tag, a separator or another heading; the last one, when the
 * text ends it and every other block is one paragraph, to the end of its first paragraph (what
 * follows is the prompt's next instruction, or its query slot). Numbered marks ("### Vignette 1")
 * mark demos only over fields (resolveNumberedMarks): a text with one makes no set here. Each
 * exemplar is its block's text, without the mark, as an output alone (outputOnlyExemplar). One pass
 * over the lines; regexes run on mark lines only.
 */
function outputRecords(seg: Segment, lines: LineTable, roles: ReadonlyMap<string, FieldRole>): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const text = seg.text;
  /** Per block: its first and last lines of text (-1: none yet), its first paragraph's last line, its first field's line (-1: none). */
  const first: number[] = [];
  const last: number[] = [];
  const paraEnd: number[] = [];
  const field: number[] = [];
  /** Per block: where its text starts (its first line's start, or on an inline mark's line the text after the mark). */
  const from: number[] = [];
  let tags = 0;
  let headings = 0;
  let lastNumber = -1;
  let open = false;
  /** The next inline example mark (see resolveInlineMarks): its index and line (-1: none); whether the open block is its. */
  let inlineK = 0;
  let inlineLine = inlineMarkCount !== 0 ? inlineMarkLine[0]! : -1;
  let inInline = false;
  for (let i = 0; i < lines.count; i++) {
    const kind = lines.kind[i];
    if (i === inlineLine) {
      // "Example 1: …": a block whose text starts after the mark, on the mark's line.
      if (open && first[first.length - 1]! < 0) return null; // an empty block
      const n = inlineMarkNumber[inlineK]!;
      if (n <= lastNumber) return null;
      lastNumber = n;
      headings++;
      if (tags !== 0) return null;
      first.push(i);
      last.push(i);
      paraEnd.push(-1);
      field.push(kind === LABEL && roles.has(labelAt(lines, i)!) ? i : -1);
      from.push(inlineMarkContent[inlineK]!);
      inlineK++;
      inlineLine = inlineK < inlineMarkCount ? inlineMarkLine[inlineK]! : -1;
      open = true;
      inInline = true;
      continue;
    }
    if (kind === EXAMPLE_MARK || kind === SEPARATOR || kind === HEADING) {
      inInline = false;
      if (open && first[first.length - 1]! < 0) return null; // an empty block
      open = false;
      if (kind !== EXAMPLE_MARK) continue;
      const start = lines.start[i]!;
      if (isClosingTag(text, start)) continue;
      const t = text.slice(start, lines.end[i]!);
      let k = start;
      while (isSpaceOrTab(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 60) {
        if (EXAMPLES_WRAPPER.test(t)) continue;
        tags++;
      } else {
        // A numbered mark ("### Vignette 1") marks demos with fields: then this is no set of outputs.
        if (!EXAMPLE_HEADING.test(t) && !TITLED_EXAMPLE_HEADING.test(t)) return null;
        const n = Number(/\d+/.exec(t)![0]);
        if (n <= lastNumber) return null;
        lastNumber = n;
        headings++;
      }
      if (tags !== 0 && headings !== 0) return null;
      first.push(-1);
      last.push(-1);
      paraEnd.push(-1);
      field.push(-1);
      from.push(-1);
      open = true;
      continue;
    }
    if (!open) continue;
    const b = first.length - 1;
    if (kind === BLANK) {
      if (first[b]! >= 0 && paraEnd[b]! < 0) paraEnd[b] = last[b]!;
      // A blank line ends an inline mark's block.
      if (inInline) open = inInline = false;
      continue;
    }
    if (kind === LABEL && field[b]! < 0 && roles.has(labelAt(lines, i)!)) field[b] = i;
    if (first[b]! < 0) {
      first[b] = i;
      from[b] = lines.start[i]!;
    }
    last[b] = i;
  }
  const count = first.length;
  if (count < MIN_OUTPUT_EXAMPLES) return null;
  if (open) {
    const b = count - 1;
    if (first[b]! < 0) return null;
    // The text ends the last block: when the others are one paragraph each, so is it.
    let oneParagraph = true;
    for (let k = 0; k < b && oneParagraph; k++) if (paraEnd[k]! >= 0 && last[k]! > paraEnd[k]!) oneParagraph = false;
    if (oneParagraph && paraEnd[b]! >= 0) last[b] = paraEnd[b]!;
  }
  for (let b = 0; b < count; b++) if (field[b]! >= 0 && field[b]! <= last[b]!) return null;
  const exemplars: Exemplar[] = new Array<Exemplar>(count);
  for (let b = 0; b < count; b++) {
    const output = seg.sliceTrimmed(from[b]!, lines.end[last[b]!]!);
    exemplars[b] = outputOnlyExemplar(b, output.sourceSpan(), output);
  }
  return { exemplars, span: { start: exemplars[0]!.span.start, end: exemplars[count - 1]!.span.end } };
}

/**
 * A markdown heading with a prefix and a title after a colon: "## Sample letter: Jessica Hall", "### Persona: Priya",
 * "## **Bio:** Tom Becker", "## Sample bio 2: Ana Silva". Group 1 is the heading's marks, group 2 the prefix (without a
 * number after it), group 3 the title.
 */
const SECTION_HEADING = /^[ \t]*(#{1,6})[ \t]+(?:\*\*|__)?([A-Za-z][A-Za-z '\-]{0,30}?)(?:[ \t]*#?\d{1,4})?[ \t]*(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(\S.*?)[ \t]*$/;
/**
 * The words a SECTION_HEADING's prefix must hold one of: what a sample of writing about a person, or a
 * sample of any output, is called. Headings of other prefixes ("## Tool: Search", "## Review: Security",
 * "## Profile: Senior Engineer", "## Meeting: …") are a prompt's own sections, not examples.
 */
const SECTION_WORDS = new Set(['example', 'sample', 'persona', 'bio', 'biography', 'letter', 'obituary', 'testimonial']);
/**
 * A SECTION_HEADING's title that names someone: one to four capitalised words ("Jessica Hall", "Priya", "Mary-Jane
 * O'Neil", "J. Smith", "Busy Parent"), with a title before them ("Dr. Ana Silva") and a role after a comma, a dash or
 * in parentheses ("Alex Morgan, site foreman", "Kyle Ward (PhD student)") allowed. Not "search_flights", "Q3 planning".
 */
const SECTION_TITLE = /^(?:\*\*|__)?(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?[ \t]+)?(?:[A-Z][A-Za-z'\u2019-]*[a-z][A-Za-z'\u2019-]*|[A-Z]\.)(?:[ \t]+(?:[A-Z][A-Za-z'\u2019-]*[a-z][A-Za-z'\u2019-]*|[A-Z]\.)){0,3}(?:\*\*|__)?[ \t]*(?:$|[,(\u2013\u2014]|-[ \t])/;
/** A section that speaks to the model ("You are upbeat and casual."): an instruction, as a bot persona's, not an example. */
const ADDRESSES_MODEL = /^(?:\*\*|__)?you\b/i;

/**
 * Examples that are only outputs, each under a markdown heading of one prefix and level ("## Sample letter:
 * Jessica Hall" / text / "## Sample letter: Andrew Price" / text …; SECTION_HEADING, its prefix holding a word of
 * SECTION_WORDS, its title a name: SECTION_TITLE): at least MIN_OUTPUT_EXAMPLES such headings, one right after the
 * other's section (nothing but blank lines and separators between a section's text and the next heading: no heading
 * of another kind), each section holding some text, no field (a label with a role, as in outputRecords) and not
 * starting with "You" (ADDRESSES_MODEL). A section runs from the line after its heading to the next heading,
 * separator or example mark; the last one, when the text ends it and every other section is one paragraph, to the
 * end of its first paragraph. Tried, as outputRecords is, only when the text has no demos of another shape; the
 * first prefix whose headings make such a run is read. Regexes run on heading lines only.
 */
function sectionRecords(seg: Segment, lines: LineTable, roles: ReadonlyMap<string, FieldRole>): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const text = seg.text;
  /** The heading lines that are SECTION_HEADINGs with a prefix of SECTION_WORDS and a name, and each one's key (level and prefix). */
  const heads: number[] = [];
  const keys: string[] = [];
  for (let i = 0; i < lines.count; i++) {
    if (lines.kind[i] !== HEADING) continue;
    const start = lines.start[i]!;
    const end = lines.end[i]!;
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) continue;
    const m = SECTION_HEADING.exec(text.slice(start, end));
    if (!m || !SECTION_TITLE.test(m[3]!)) continue;
    const prefix = m[2]!.trim().toLowerCase().replace(/\s+/g, ' ');
    let named = false;
    for (const w of prefix.split(/[ '\-]+/)) if (SECTION_WORDS.has(w)) named = true;
    if (!named) continue;
    heads.push(i);
    keys.push(`${m[1]!.length} ${prefix}`);
  }
  if (heads.length < MIN_OUTPUT_EXAMPLES) return null;
  const tried = new Set<string>();
  for (let h = 0; h < heads.length; h++) {
    const key = keys[h]!;
    if (tried.has(key)) continue;
    tried.add(key);
    const members: number[] = [];
    for (let k = h; k < heads.length; k++) if (keys[k] === key) members.push(heads[k]!);
    if (members.length < MIN_OUTPUT_EXAMPLES) continue;
    const found = sectionBlocks(seg, lines, roles, members);
    if (found) return found;
  }
  return null;
}

/** The output-only examples under the heading lines `members` (see sectionRecords), or null when they make no such set. */
function sectionBlocks(seg: Segment, lines: LineTable, roles: ReadonlyMap<string, FieldRole>, members: readonly number[]): { exemplars: Exemplar[]; span: { start: number; end: number } } | null {
  const count = members.length;
  const first: number[] = new Array<number>(count);
  const last: number[] = new Array<number>(count);
  const paraEnd: number[] = new Array<number>(count);
  /** Whether the last section runs to the end of the text. */
  let open = false;
  for (let b = 0; b < count; b++) {
    first[b] = -1;
    last[b] = -1;
    paraEnd[b] = -1;
    const next = b + 1 < count ? members[b + 1]! : lines.count;
    let i = members[b]! + 1;
    for (; i < next; i++) {
      const kind = lines.kind[i];
      if (kind === SEPARATOR || kind === HEADING || kind === EXAMPLE_MARK) break;
      if (kind === BLANK) {
        if (first[b]! >= 0 && paraEnd[b]! < 0) paraEnd[b] = last[b]!;
        continue;
      }
      if (kind === LABEL && roles.has(labelAt(lines, i)!)) return null;
      if (first[b]! < 0) first[b] = i;
      last[b] = i;
    }
    if (first[b]! < 0) return null;
    const from = lines.start[first[b]!]!;
    if (ADDRESSES_MODEL.test(seg.text.slice(from, Math.min(from + 8, lines.end[first[b]!]!)))) return null;
    if (b + 1 < count) {
      // The next heading comes right after this section (after blank lines or a separator).
      for (; i < next; i++) if (lines.kind[i] !== BLANK && lines.kind[i] !== SEPARATOR) return null;
    } else open = i === lines.count;
  }
  if (open && paraEnd[count - 1]! >= 0) {
    // The text ends the last section: when the others are one paragraph each, so is it.
    let oneParagraph = true;
    for (let k = 0; k < count - 1 && oneParagraph; k++) if (paraEnd[k]! >= 0 && last[k]! > paraEnd[k]!) oneParagraph = false;
    if (oneParagraph) last[count - 1] = paraEnd[count - 1]!;
  }
  const exemplars: Exemplar[] = new Array<Exemplar>(count);
  for (let b = 0; b < count; b++) {
    const output = seg.sliceTrimmed(lines.start[first[b]!]!, lines.end[last[b]!]!);
    exemplars[b] = outputOnlyExemplar(b, output.sourceSpan(), output);
  }
  return { exemplars, span: { start: exemplars[0]!.span.start, end: exemplars[count - 1]!.span.end } };
}

/**
 * Whether a line of `text` starts with a label of a demo's field (KNOWN_LABELS: "Input:", "Q:", "Answer:", "Text:";
 * not "Persona:" or "Note:"): a string of a structured file's `examples` list that holds one is a demo with
 * fields, not an output alone (records.ts, stringExamples).
 */
export function hasFieldLabelLine(text: string): boolean {
  for (let start = 0; start <= text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const colon = text.indexOf(':', start);
    if (colon < 0) return false;
    if (colon < nl) {
      const m = LABEL_LINE.exec(text.slice(start, nl));
      if (m && KNOWN_LABELS.has(m[2]!.trim().toLowerCase())) return true;
    }
    start = nl + 1;
  }
  return false;
}

function trimmedEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

const ONLY_VARIABLE = /^\s*(?:\{\{[^}]*\}\}|\{[A-Za-z_]\w*\}|\$\{[^}]*\})\s*$/;

/**
 * Whether every question, context and options field of the record whose fields are [first, last]
 * holds nothing but a template variable ("Question: ${question}", "Context: {{context}}"). Most
 * questions fail at their first character, which must open a placeholder.
 */
function questionIsOnlyVariables(text: string, first: number, last: number): boolean {
  for (let k = first; k <= last; k++) {
    if ((fields.role[k]! & (ROLE_BIT.question | ROLE_BIT.context | ROLE_BIT.options)) === 0) continue;
    const end = fields.end[k]!;
    let i = fields.contentStart[k]!;
    while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if ((c !== 123 && c !== 36) || !ONLY_VARIABLE.test(text.slice(i, end))) return false;
  }
  return true;
}

/**
 * A line that announces the format of what follows, not demos: DSPy's "Follow the following format.",
 * LangChain's "Use the following format:", "Answer in this format:" (at the end of the line, "." or ":" after it).
 */
const FORMAT_INTRO = /\b(?:following|this)[ \t]+format[ \t]*[.:](?:\*\*|__)?[ \t]*$/i;

/**
 * Whether the last line with text before `recStart` (a record's first line) is a FORMAT_INTRO. Only
 * a line whose text ends in "t." or "t:" (before emphasis) is matched, and only its last 40 characters.
 */
function followsFormatIntro(text: string, recStart: number): boolean {
  let e = recStart;
  while (e > 0 && isWhiteSpace(text.charCodeAt(e - 1))) e--;
  let p = e;
  while (p > 0 && (text.charCodeAt(p - 1) === 42 || text.charCodeAt(p - 1) === 95) && e - p < 2) p--;
  let c = text.charCodeAt(p - 1);
  if (c !== 46 && c !== 58) return false;
  p--;
  while (p > 0 && isSpaceOrTab(text.charCodeAt(p - 1))) p--;
  c = text.charCodeAt(p - 1) | 0x20;
  if (c !== 116) return false;
  const lineStart = text.lastIndexOf('\n', e - 1) + 1;
  return FORMAT_INTRO.test(text.slice(Math.max(lineStart, e - 40), e));
}

function isOnlyVariable(text: string): boolean {
  // The first character after white space must open a placeholder: most outputs need no regex.
  let i = 0;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return (c === 123 || c === 36) && ONLY_VARIABLE.test(text);
}

/** A turn marker at a line start: `^[ \t]*(Human|User|Assistant|AI|System)[ \t]*:[ \t]*` (multiline, any case). */
const TURN_MARK = /[ \t]*(Human|User|Assistant|AI|System)[ \t]*:[ \t]*/iy;

/**
 * Whether one of TURN_MARK's words starts at text[i] (in any ASCII case, as its
 * /i compares): a test every match passes, so most lines need no regex.
 */
function startsWithTurnWord(text: string, i: number): boolean {
  switch (text.charCodeAt(i) | 0x20) {
    case 104:
      return startsWithFolded(text, i, 'human');
    case 117:
      return startsWithFolded(text, i, 'user');
    case 97:
      return startsWithFolded(text, i, 'ai') || startsWithFolded(text, i, 'assistant');
    case 115:
      return startsWithFolded(text, i, 'system');
    default:
      return false;
  }
}

/** Human:/Assistant: turns as messages (for transcripts); otherwise the whole body is one user message. */
function textMessages(seg: Segment, lines: LineTable): Message[] {
  const turns: Message[] = [];
  const marks: { role: Message['role']; start: number; contentStart: number; labelEnd: number }[] = [];
  const addMark = (m: RegExpExecArray) => {
    const word = m[1]!.toLowerCase();
    const role = word === 'assistant' || word === 'ai' ? 'assistant' : word === 'system' ? 'system' : 'user';
    marks.push({ role, start: m.index, contentStart: m.index + m[0].length, labelEnd: m.index + m[0].trimEnd().length });
  };
  const text = seg.text;
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    // Other line terminators: the multiline regex itself says where lines start.
    const re = new RegExp('^' + TURN_MARK.source, 'gim');
    for (let m = re.exec(text); m; m = re.exec(text)) addMark(m);
  } else {
    // Lines end at \n only, so they are the lines of the table: try the marker at
    // each line start whose first characters can begin one, rather than running a
    // multiline regex over the text.
    for (let n = 0; n < lines.count; n++) {
      // A marker has a colon on its line: every line without one (BLANK, OTHER) or that starts
      // with markup (SEPARATOR, HEADING: no marker starts so) is passed over.
      const kind = lines.kind[n];
      if (kind !== LABEL && kind !== OTHER_WITH_COLON) continue;
      const start = lines.start[n]!;
      let i = start;
      while (i < text.length && isSpaceOrTab(text.charCodeAt(i))) i++;
      if (startsWithTurnWord(text, i)) {
        TURN_MARK.lastIndex = start;
        const m = TURN_MARK.exec(text);
        if (m) addMark(m);
      }
    }
  }
  const roles = new Set(marks.map((m) => m.role));
  if (!roles.has('user') || !roles.has('assistant')) {
    const body = seg.trim();
    return body.text ? [{ role: 'user', content: body, span: body.sourceSpan() }] : [];
  }
  if (marks[0]!.start > 0 && seg.slice(0, marks[0]!.start).text.trim()) {
    const pre = seg.sliceTrimmed(0, marks[0]!.start);
    turns.push({ role: 'system', content: pre, span: pre.sourceSpan() });
  }
  marks.forEach((mk, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.start : seg.length;
    const content = seg.sliceTrimmed(mk.contentStart, end);
    const lead = mk.start + (seg.text.slice(mk.start).length - seg.text.slice(mk.start).trimStart().length);
    turns.push({
      role: mk.role,
      roleSpan: seg.sourceSpan(lead, mk.labelEnd),
      content,
      span: seg.sourceSpan(lead, Math.max(mk.labelEnd, trimmedEnd(seg.text, end))),
    });
  });
  return turns;
}

/**
 * Where each line of `text` starts (LineIndex's table), from the line table of its body
 * (which starts at `bodyStart`) and a search of the text before the body: classify has
 * found the line feeds of the body already.
 */
function documentLineStarts(text: string, bodyStart: number, lines: LineTable): Int32Array {
  // No front matter (most prompts): the body's table is the text's (its first entry is 0).
  if (bodyStart === 0) return lines.start.slice(0, lines.count);
  let before = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < bodyStart; i = text.indexOf('\n', i + 1)) before++;
  // The body's first line starts at bodyStart: a line start (after a line feed) that the
  // text before the body has given already, or the middle of that text's last line.
  const starts = new Int32Array(before + lines.count - 1);
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < bodyStart; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  const from = lines.start;
  for (let k = 1; k < lines.count; k++) starts[n++] = bodyStart + from[k]!;
  return starts;
}

/** (`text` has no lone \r: parseDocument has made each a \n, so its lines end at \n.) */
export function parseTextDocument(uri: string, text: string, format: 'text' | 'markdown'): PromptDocument {
  const fm = splitFrontMatter(text);
  const body = Segment.fromSource(text, fm.bodyStart, text.length);
  const analysis = analyseText(body);
  // The line table still holds the body's lines (analyseText has just classified them).
  let messages = textMessages(body, table);
  offerLineStarts(text, documentLineStarts(text, fm.bodyStart, table));
  let { exemplarSets, testInputs } = analysis;
  // A prompt written in a chat template (Llama 2's `<s>[INST] … [/INST] … </s><s>[INST] … [/INST]`,
  // ChatML's `<|im_start|>user\n…<|im_end|>`, Llama 3's, Gemma's): its turns are its messages, read as a
  // .prompty file's are (answered turns before the last user turn are demos, the last user turn is the
  // query). (After the line table's last use above: analyseMessages classifies each turn's lines into it.)
  const turns = chatTemplateTurns(body);
  if (turns) {
    messages = turns;
    ({ exemplarSets, testInputs } = analyseMessages(turns));
  }
  const comments = bodyComments(fm, body);
  return {
    uri,
    format,
    text,
    messages,
    variables: analysis.variables,
    exemplarSets,
    testInputs,
    prose: body.text.trim() ? [body] : [],
    comments,
    frontMatter: fm.frontMatter,
    problems: fm.problems,
  };
}

/** The module's shared tables (the line table, `fields` and `recordFirst`), as TextParts keeps a text's between its parts. */
interface Tables {
  table: LineTable;
  fields: ReturnType<typeof emptyFields>;
  recordFirst: typeof recordFirst;
}

/** The module's tables, which new empty ones replace: a parse made while the caller holds these uses those. */
function takeTables(): Tables {
  const taken: Tables = { table: { ...table }, fields: { ...fields }, recordFirst };
  Object.assign(table, emptyLineTable());
  Object.assign(fields, emptyFields());
  recordFirst = new Int32Array(256);
  return taken;
}

/** Exchanges the module's tables and `held`'s (a second exchange puts both back). */
function exchangeTables(held: Tables): void {
  const mine: Tables = { table: { ...table }, fields: { ...fields }, recordFirst };
  Object.assign(table, held.table);
  Object.assign(fields, held.fields);
  recordFirst = held.recordFirst;
  held.table = mine.table;
  held.fields = mine.fields;
  held.recordFirst = mine.recordFirst;
}

/**
 * A text or markdown prompt parsed part by part (see DocumentParts and docs/design/part-wise-lint.md), when
 * its body is longer than `partSize` characters and it is what parseTextDocument reads as one user message
 * with labelled demos (no chat template, no transcript): the common shape of a large few-shot prompt.
 * A text of that size with no place to cut (or a transcript) gives its whole document, made from the work done
 * to look for one (the line table, the records). Undefined for a shorter text, a chat template, or one with
 * fenced blocks or diffs: parse it whole.
 *
 * The line table and the records (buildRecords) are made for the whole body first: they are typed arrays,
 * not objects. One pass over the records then settles what each part needs of the whole: which records are
 * demos, the demo set's span and shape, and where to cut (before a demo's record, once a part holds at least
 * `partSize` characters). Each part (TextParts.next) then makes its records' exemplars and test inputs, and
 * holds the slice of the body's prose and of its user message that lies in its range, and the variables
 * there. The demo set is cut into pieces that share one `whole` object and the whole set's shape and span.
 * A part's exemplar indexes are those of the whole set.
 */
export function textDocumentParts(uri: string, text: string, format: 'text' | 'markdown', partSize: number): DocumentParts | PromptDocument | undefined {
  const fm = splitFrontMatter(text);
  const body = Segment.fromSource(text, fm.bodyStart, text.length);
  if (!(body.length > partSize) || chatTemplateTurns(body) || mayHoldBlocks(body.text)) return undefined;
  const lines = classify(body);
  const messages = textMessages(body, lines);
  // A transcript (turns of several roles) is not cut, nor a text without a blank line (see mayCutAt).
  const bodyText = body.text;
  const mayCut =
    (messages.length === 0 || (messages.length === 1 && messages[0]!.role === 'user')) &&
    (bodyText.includes('\n\n') || bodyText.includes('\n\r\n') || /\n[ \t]+\r?\n/.test(bodyText));
  const roles = lines.names.length !== 0 ? labelRoles(lines) : NO_ROLES;
  const recordCount = roles.size ? buildRecords(body.text, lines, roles) : 0;
  const reader = new RecordReader(body, lines, recordCount);
  const variables = findVariables(body);
  /** The first record of each part after the first, and where it starts in the body. */
  const cuts: number[] = [];
  const cutAt: number[] = [];
  /** Where the prose slices on either side of each cut reach over it (see marginBefore, marginAfter). */
  const leads: number[] = [];
  const trails: number[] = [];
  let first = -1;
  let last = -1;
  let anyOptions = false;
  let partStart = 0;
  let v = 0;
  for (let r = 0; mayCut && r < recordCount; r++) {
    if (!reader.isExemplar(r)) continue;
    reader.noteLabels();
    if (!anyOptions) anyOptions = reader.hasOptions();
    const start = reader.recordStart(r);
    last = r;
    if (first < 0) {
      first = r;
      continue;
    }
    if (start - partStart < partSize || !mayCutAt(body.text, start)) continue;
    // Never inside a variable (a placeholder over lines).
    const at = body.sourceOffset(start);
    while (v < variables.length && variables[v]!.span.end <= at) v++;
    if (v < variables.length && variables[v]!.span.start < at) continue;
    // The text around the cut that the parts on either side read too (see marginBefore): no more than a part's
    // length (or 64 KiB) each way, or each part would read much of the next again.
    const reach = Math.max(partSize, 1 << 16);
    const lead = marginBefore(body.text, start, start - reach);
    const trail = marginAfter(body.text, start, start + reach);
    if (lead < 0 || trail < 0) continue;
    cuts.push(r);
    cutAt.push(start);
    leads.push(lead);
    trails.push(trail);
    partStart = start;
  }
  const frame: PromptDocument = {
    uri,
    format,
    text,
    messages: [],
    variables: [],
    exemplarSets: [],
    testInputs: [],
    prose: [],
    comments: bodyComments(fm, body),
    frontMatter: fm.frontMatter,
    problems: fm.problems,
  };
  if (cuts.length === 0) {
    // Nowhere to cut: the whole document, from what is made already (as parseTextDocument makes it).
    const exemplarSets: ExemplarSet[] = [];
    const testInputs: TestInput[] = [];
    recordsInto(body, lines, roles, recordCount, exemplarSets, testInputs);
    if (exemplarSets.length === 0 && testInputs.length === 0) zeroShotInputs(body, table, testInputs);
    offerLineStarts(text, documentLineStarts(text, fm.bodyStart, table));
    return { ...frame, messages, variables, exemplarSets, testInputs, prose: body.text.trim() ? [body] : [] };
  }
  const shape = shapeOf(new Set(table.names.filter((_, id) => reader.labelSeen[id] === 1)), anyOptions);
  table.names.length = 0;
  table.nameIds.clear();
  const span = body.sourceSpan(reader.recordStart(first), reader.recordEnd(last));
  offerLineStarts(text, documentLineStarts(text, fm.bodyStart, table));
  return new TextParts(frame, body, reader, recordCount, takeTables(), cuts, cutAt, leads, trails, { shape, span }, variables, messages[0]);
}

/**
 * Whether a text prompt's body may be cut before the record that starts at `start` (a line start): only after a
 * blank line, where a paragraph, a sentence and a span of inline code end (see findQuotedRanges), so that the
 * prose rules read the same text on either side of the cut.
 */
function mayCutAt(text: string, start: number): boolean {
  let i = start - 2;
  while (i >= 0 && isBlankCode(text.charCodeAt(i))) i--;
  return i >= 0 && text.charCodeAt(i) === 10;
}

/** Whether a code unit may stand on a blank line: a space, a tab, or the \r of a \r\n line break. */
function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * How much text around a cut the prose slices on either side of it hold besides their own (see
 * PromptDocument.proseSlice): whole lines, at least PROSE_MARGIN_LINES of them that are not blank and
 * PROSE_MARGIN_WORDS words, up to a blank line (or the body's start or end). The prose rules read no further from
 * a finding than that: gendered-term the 6 lines around a speaker's line, stereotype-template the sentence (a
 * sentence ends at a line's end) before and after, gendered-pronoun-default at most 200 words back (its
 * `maxDistance`) and to the end of the pronoun's sentence. A word is counted as a run of ASCII or Latin-1 letters
 * and digits: a token of the lexicon is one such run or more, or is made of other letters, which are not counted.
 */
const PROSE_MARGIN_LINES = 8;
const PROSE_MARGIN_WORDS = 500;

/**
 * Where the margin before a cut at `at` (a line start) starts: the start of a line after a blank line, far enough
 * back (see PROSE_MARGIN_LINES), or the start of the text; -1 when that is before `floor`.
 */
function marginBefore(text: string, at: number, floor: number): number {
  let lines = 0;
  let words = 0;
  let s = at;
  while (s > 0) {
    // (lastIndexOf reads a negative start as 0, where a line feed would be found again.)
    const lineStart = s >= 2 ? text.lastIndexOf('\n', s - 2) + 1 : 0;
    const w = wordsIn(text, lineStart, s - 1);
    if (w > 0 || !isBlankLine(text, lineStart, s - 1)) lines++;
    words += w;
    s = lineStart;
    if (s < floor) return -1;
    if (lines >= PROSE_MARGIN_LINES && words >= PROSE_MARGIN_WORDS && (s === 0 || mayCutAt(text, s))) return s;
  }
  return floor > 0 ? -1 : 0;
}

/**
 * Where the margin after a cut at `at` (a line start) ends: the end of a line before a blank line, far enough on
 * (see PROSE_MARGIN_LINES); the end of the text; -1 when that is after `ceiling`.
 */
function marginAfter(text: string, at: number, ceiling: number): number {
  let lines = 0;
  let words = 0;
  let e = at;
  while (e < text.length) {
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    const w = wordsIn(text, e, lineEnd);
    if (w > 0 || !isBlankLine(text, e, lineEnd)) lines++;
    words += w;
    e = lineEnd;
    if (e > ceiling) return -1;
    if (lines >= PROSE_MARGIN_LINES && words >= PROSE_MARGIN_WORDS && (e >= text.length || blankLineAt(text, e + 1))) return e;
    e++;
  }
  return text.length;
}

/** Words in text[from, to): runs of ASCII or Latin-1 letters and digits (see PROSE_MARGIN_WORDS). */
function wordsIn(text: string, from: number, to: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const w = (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** Whether text[from, to) is blank (see isBlankCode). */
function isBlankLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlankCode(text.charCodeAt(i))) return false;
  return true;
}

/** Whether the line that starts at `at` is blank (or `at` is the text's end). */
function blankLineAt(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && isBlankCode(text.charCodeAt(i))) i++;
  return i >= text.length || text.charCodeAt(i) === 10;
}

/**
 * Whether a text may hold a block that runs over blank lines (a fenced code block, a diff: see findQuotedRanges),
 * which a cut could fall inside: such a text is not cut.
 */
function mayHoldBlocks(text: string): boolean {
  return text.includes('```') || text.includes('~~~') || text.includes('+++ ') || text.includes('@@ -') || text.includes('--git ');
}

/** The parts of a text prompt: see textDocumentParts. */
class TextParts implements DocumentParts {
  /** Parts made. */
  private made = 0;
  /** The object the pieces of the demo set share as their `whole`. */
  private readonly whole = {};
  /** Where the search for inline options stopped in the last part (see beginInlineSearch). */
  private readonly inlineSearch = inlineSearchState();

  constructor(
    readonly frame: PromptDocument,
    private readonly body: Segment,
    private readonly reader: RecordReader,
    private readonly recordCount: number,
    /** The body's line, field and record tables, held while other parses may use the module's. */
    private readonly tables: Tables,
    private readonly cuts: readonly number[],
    private readonly cutAt: readonly number[],
    private readonly leads: readonly number[],
    private readonly trails: readonly number[],
    private readonly set: { shape: ExemplarShape; span: Span },
    private readonly variables: readonly TemplateVariable[],
    /** The prompt's one message, the body as a user turn (textMessages), if it has one. */
    private readonly message: Message | undefined,
  ) {}

  next(): PromptDocument | undefined {
    const k = this.made;
    const { cuts, body, reader } = this;
    if (k > cuts.length) return undefined;
    this.made++;
    const last = k === cuts.length;
    const from = k === 0 ? 0 : this.cutAt[k - 1]!;
    const to = last ? body.length : this.cutAt[k]!;
    const exemplars: Exemplar[] = [];
    const testInputs: TestInput[] = [];
    exchangeTables(this.tables);
    beginInlineSearch(body, from, this.inlineSearch);
    try {
      for (let r = k === 0 ? 0 : cuts[k - 1]!, end = last ? this.recordCount : cuts[k]!; r < end; r++) reader.read(r, exemplars, testInputs);
    } finally {
      endInlineSearch(this.inlineSearch);
      // After the last part the module keeps the body's tables, which have room for a text this size.
      if (!last) exchangeTables(this.tables);
    }
    const start = body.sourceOffset(from);
    const end = body.sourceOffset(to);
    const frame = this.frame;
    return {
      uri: frame.uri,
      format: frame.format,
      text: frame.text,
      messages: this.message ? [messageIn(this.message, start, end)] : [],
      variables: this.variables.filter((x) => x.span.start >= start && (last || x.span.start < end)),
      exemplarSets: exemplars.length ? [{ shape: this.set.shape, span: this.set.span, exemplars, kind: 'demos', whole: this.whole }] : [],
      testInputs,
      prose: [body.slice(k === 0 ? 0 : this.leads[k - 1]!, last ? body.length : this.trails[k]!)],
      comments: [],
      ...(k === 0 && frame.frontMatter ? { frontMatter: frame.frontMatter } : {}),
      problems: [],
      proseSlice: { from: start, to: end, continues: k > 0 },
    };
  }
}

/** The part of `message` (a turn whose content maps one-to-one onto the source) that lies in the source range [start, end). */
function messageIn(message: Message, start: number, end: number): Message {
  const content = message.content;
  const base = content.sourceStart;
  const piece = content.slice(Math.max(0, start - base), Math.min(content.length, end - base));
  return { role: message.role, content: piece, span: piece.sourceSpan() };
}

/** The comments of a text prompt: its front matter's and its body's. */
function bodyComments(fm: ReturnType<typeof splitFrontMatter>, body: Segment): Comment[] {
  // Directives are rare: one search of the body decides whether to look for comments at all.
  const comments = mentionsDirective(body.text)
    ? [...fm.comments, ...findHtmlComments(body.text, body.base), ...findLineDirectiveComments(body.text, body.base)]
    : [...fm.comments];
  comments.sort((a, b) => a.span.start - b.span.start);
  return comments;
}
