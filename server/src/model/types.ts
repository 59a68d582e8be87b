/**
 * The prompt document model: what a parser extracts from one file.
 * Pure data; nothing here knows about LSP or the CLI.
 *
 * Every element carries a source Span (UTF-16 offsets into `PromptDocument.text`).
 * Text-bearing elements are Segments, which map decoded text back to the source.
 */
import type { Segment, Span } from './segment.js';

export type { Span } from './segment.js';
export { Segment } from './segment.js';

export type DocumentFormat =
  | 'text' // .prompt, .prompt.txt, .txt
  | 'markdown' // .prompt.md, .md
  | 'prompty' // .prompty: YAML front matter + role sections
  | 'jsonl' // chat / completion / input-output datasets
  | 'yaml' // example sets, promptfoo files, message lists
  | 'json'; // same shapes as yaml

export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'developer';

export interface Message {
  role: Role;
  /** The role marker or `"role"` key, when there is one. */
  roleSpan?: Span;
  content: Segment;
  /** Whole message: marker + content, or the JSON/YAML object. */
  span: Span;
}

export type VariableSyntax = 'mustache' | 'jinja' | 'format' | 'dollar';

export interface TemplateVariable {
  /** Variable name, e.g. `question` for `{{ question | trim }}`. */
  name: string;
  syntax: VariableSyntax;
  /** The whole placeholder including braces. */
  span: Span;
  /** Only the name inside the braces. */
  nameSpan: Span;
}

export interface OptionItem {
  /** Upper-case letter, `A`..`Z`. */
  letter: string;
  /** Span of the letter itself (without brackets), for rewriting. */
  letterSpan: Span;
  /** The option's text, without the letter marker. */
  text: Segment;
  /**
   * `text.text.length`, when the option can tell it without building `text` (options
   * parsed from lines build it on first read; a rule that only compares lengths need not).
   */
  readonly textLength?: number;
  /**
   * `text.text`, when the option can give it without building `text` (options parsed from
   * lines build it on first read; a rule that only reads the string need not).
   */
  textString?(): string;
  /** The whole option: marker and text. */
  span: Span;
}

export interface AnswerRef {
  /** Letter the answer names, if any (upper case). */
  letter?: string;
  /** Span of that letter in the source, for rewriting. */
  letterSpan?: Span;
  /** Label or value the answer names (e.g. "Positive", "yes", option text). */
  label?: string;
  /** Span of the label text. */
  labelSpan?: Span;
  /** The whole answer statement (e.g. "So the answer is (B)."). */
  span: Span;
  /**
   * Set when the gold is a one-hot list beside the options (TruthfulQA's `mc1_targets.labels`,
   * `[1, 0, 0, 0]`): its items' spans, one per option in order (`span` is the 1's). A reordering
   * of the options moves the items with them (positionAnswerEdit).
   */
  oneHot?: Span[];
  /**
   * Set when the gold is an integer class id of a Hugging Face classification export
   * (`{"text": "…", "label": 1}`, see records.ts classIdOf): `label` is its digits. Such a number
   * is a class only when every demo of its set has one (label-imbalance reads them so); other
   * numbers are values (GSM8K's `"answer": 72`), and labelKey reads none of them.
   */
  classId?: true;
}

/** A letter cited anywhere in an exemplar's answer or rationale, e.g. the `B` in "(B) is wrong". */
export interface LetterCitation {
  letter: string;
  span: Span;
}

export interface Exemplar {
  /** 0-based position within its set. */
  index: number;
  /** Whole exemplar. */
  span: Span;
  /** The question / input text, without its options (when options were split out). */
  question?: Segment;
  /** Lettered options in order of appearance. */
  options: OptionItem[];
  /**
   * The input's text after its option list, when there is any besides white space: a closing
   * instruction or a cue ("Options: (A) … (B) …\nI think the answer is (A) but I'm curious to hear
   * what you think."), from the line break that ends the options, without white space at its end.
   * Absent (not set) when the options end the input or were not split out of it.
   */
  afterOptions?: Segment;
  /** The gold answer as stated by the exemplar (answer field, label field, final "the answer is (X)"). */
  answer?: AnswerRef;
  /** Chain-of-thought / explanation text, excluding the final answer statement. */
  rationale?: Segment;
  /** What the rationale itself concludes, when it states a conclusion separate from `answer`. */
  conclusion?: AnswerRef;
  /** Every letter citation in the answer and rationale (including answer.letterSpan). */
  letterCitations: LetterCitation[];
  /** The raw answer/output text as a whole (what follows `A:` / `Answer:` / the assistant turn). */
  output?: Segment;
  /**
   * A record's separate context field (BBQ's `context`, a `passage`), read with the question: the
   * people it introduces are introduced to the question. Set (trimmed, not empty) only on records
   * with a question, lettered options and such a field; in text formats a `Context:` line is part of
   * `question` itself, and a line labelled with another name for a context ("Scenario:", "Vignette:",
   * … that leads into the question: see LEAD_IN_LABELS in parse/text.ts) is this field.
   */
  context?: Segment;
  /**
   * The other template variables' values that the file's prompt template inserts into the model's
   * input along with the question (a promptfoo test's `hint` when a prompt of the file writes
   * `{{hint}}`), trimmed, in source order. Set only when there is one. Read by suggested-answer.
   */
  insertedVars?: Segment[];
  /**
   * Set on a YAML record that has an anchor (`&name`) or an alias (`*name`) in it (a gold read
   * from an alias, `output: *pos`, is one): rewriting or moving its text would change or break
   * what the other values refer to, so no fix edits it (reordering its options, swapping it with
   * another demo) and the audit leaves its options in place.
   */
  yamlRefs?: true;
  /**
   * The span of a preference record's rejected response (`"rejected"` of a DPO, ORPO or reward
   * dataset, StackExchange-paired's `"response_k"`; the `"answer_not_matching_behavior"` of Anthropic's model-written
   * evals; the `"incorrect_answer"` beside a `"correct_answer"` gold, as SycophancyEval's records have it), set only on such records. The rejected response is not a gold: it is read as no
   * output, answer, rationale or label, and (a preference record's) is not prose. It is kept as a span because it names
   * options as the prompt letters them and no fix rewrites it: no fix reorders the options of such
   * a record (the rejected "(B)" would then name another option, maybe the gold one).
   */
  rejected?: Span;
  /**
   * Set on a pairwise judge's demo whose options are the responses it compares (`Response A: …`,
   * MT-Bench's `[The Start of Assistant A's Answer]` blocks) when it says more than its bare verdict
   * (a rationale, "Response A is correct because …", text after the responses) or names a response
   * by its letter outside the responses' blocks: such text may name a response in words no fix
   * rewrites, so no fix reorders its options and the audit leaves them in place. Also set on every record of a
   * pairwise judge dataset (Chatbot Arena's `winner: "model_a"`, AlpacaEval's `preference: 1`; records.ts pairwiseOf):
   * its winner field and the model names beside it (`model_a`, `generator_1`) name the responses by position.
   */
  namesOptions?: true;
}

export type ExemplarShape =
  | 'qa' // Q:/A:, Question:/Answer:
  | 'input-output' // Input:/Output:, Text:/Label:
  | 'choices' // BBH-style answer choices / options lists
  | 'transcript' // Human:/Assistant:
  | 'chat' // user/assistant message pairs
  | 'csv' // MMLU-style CSV rows
  | 'record' // JSONL / YAML / JSON records
  | 'outputs'; // examples that are only outputs, with no fields ("### Example 1" / "<example>" blocks of a generation prompt): no question, options or answer

/** A group of demonstrations that a model sees together (a few-shot block, or a dataset). */
export interface ExemplarSet {
  shape: ExemplarShape;
  /** The whole block (used for CodeLens and audit targets). */
  span: Span;
  exemplars: Exemplar[];
  /**
   * Whether the exemplars are shown together in one prompt (few-shot demos), or are
   * independent records (a fine-tuning dataset). Order-based rules (recency) only
   * apply to prompts.
   */
  kind: 'demos' | 'dataset';
  /**
   * Set on each piece of a set that a document linted in parts (docs/design/part-wise-lint.md)
   * has cut across them: the same object in every piece, which rules key what they gather about
   * the whole set by. Absent on a set that is whole.
   */
  whole?: object;
}

/** A user query that is not a demonstration: the slot the model answers (may hold variables). */
export interface TestInput {
  text: Segment;
  span: Span;
  options: OptionItem[];
  /** As Exemplar.context: a record's separate context field, when it has one and options. */
  context?: Segment;
  /** As Exemplar.insertedVars. */
  insertedVars?: Segment[];
}

export interface Comment {
  /** Comment body without delimiters. */
  text: string;
  span: Span;
}

export interface ParseProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export interface FrontMatter {
  span: Span;
  /** Parsed YAML value (plain JS). */
  value: unknown;
}

export interface PromptDocument {
  uri: string;
  format: DocumentFormat;
  text: string;
  messages: Message[];
  variables: TemplateVariable[];
  exemplarSets: ExemplarSet[];
  testInputs: TestInput[];
  /**
   * All model-visible text, each character at most once: the whole file for text
   * formats, the body for prompty, every message content / string value for
   * structured formats. Rules that scan wording (cues, gendered terms) read these.
   */
  prose: Segment[];
  comments: Comment[];
  frontMatter?: FrontMatter;
  problems: ParseProblem[];
  /**
   * On a part of a text prompt given in parts (see DocumentParts): its one prose segment is a slice of the prompt's
   * body that holds the part's own text, source offsets [from, to), and some text around it (see
   * textDocumentParts). A rule reports only what it finds in the part's own text (see rules/shared/own-text.ts):
   * the text around it is there for the checks that read the lines, sentences and words around a finding, as they
   * would in the whole document. `continues`: the slice goes on from the previous part's own text (every part but
   * the first), so a rule carries what it reads of a text's earlier parts (a role noun that names one person).
   */
  proseSlice?: { from: number; to: number; continues: boolean };
}

/**
 * A document that its parser gives part by part (docs/design/part-wise-lint.md): each part is a
 * PromptDocument over the same text holding the elements of its range of the file, made when it
 * is asked for, so that a lint can let each part's model go before the next is made.
 */
export interface DocumentParts {
  /**
   * The document without its elements (no messages, variables, exemplars, test inputs or prose):
   * its uri, format, text, comments, front matter and parse problems.
   */
  readonly frame: PromptDocument;
  /** The next part, or undefined after the last. */
  next(): PromptDocument | undefined;
}
