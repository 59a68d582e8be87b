/**
 * Shape recognition for structured files (JSONL, JSON, YAML), on the tree of
 * `structured-tree.ts`:
 *
 * - records: `{question|input|text|prompt|..., options|choices, answer|label|
 *   target|output|completion, rationale|explanation|cot}` (also an ARC-style
 *   nested `question: {stem, choices}`, the Hugging Face `choices: {text: [...],
 *   label: [...]}` of ARC, OpenBookQA and CommonsenseQA, options as the record's
 *   own keys `{question, A, B, C, D, answer}` of MMLU/C-Eval exports or `{question,
 *   ans0, ans1, ans2, label: <index>}` of BBQ's released files, the Hugging Face layouts with
 *   options as fields of HellaSwag, PIQA, WinoGrande, COPA, SWAG, Social IQa and TruthfulQA's
 *   mc1 (`hfChoiceOf`), OpenAI evals
 *   samples `{input: [{role, content}], ideal}` (the last user message the question),
 *   promptfoo tests `{vars, assert}`, LangSmith examples `{inputs: {…}, outputs: {…}}`, OpenAI Evals API
 *   items `{item: {…}, sample?}` and
 *   Anthropic's model-written evals `{question, answer_matching_behavior, answer_not_matching_behavior}`);
 * - chat records and message lists: `{messages: [{role, content}]}`, ShareGPT
 *   `{conversations: [{from, value}]}`, Vertex AI / Gemini `{contents: [{role, parts: [{text}]}]}`,
 *   `[{role, content}]`, SycophancyEval's `{prompt: [{type: "human", content}], base}` (typedPromptOf),
 *   and a record whose text is a chat transcript in a chat template (Llama 2's
 *   `{"text": "<s>[INST] … [/INST] … </s>"}`, ChatML's, Llama 3's, Gemma's: see chat-template.ts);
 * - preference records (`preferenceOf`, `ktoLabelOf`): DPO/ORPO/reward `{prompt, chosen,
 *   rejected}` with strings or message lists (StackExchange-paired's `{question, response_j,
 *   response_k}` too), `{chosen, rejected}` whole conversations or
 *   HH-RLHF transcripts, KTO `{prompt, completion, label: bool}` (strings, or message lists); the chosen
 *   response is the gold;
 * - pairwise judge records (`pairwiseOf`): Chatbot Arena's `{model_a, model_b, winner, conversation_a,
 *   conversation_b}`, `{prompt, response_a, response_b, winner}`, AlpacaEval's `{instruction, output_1, output_2,
 *   preference}`: the two responses are options A and B, the winner's letter the gold;
 * - prompt strings (a YAML `prompt: |` block, promptfoo `prompts:`), whose inner
 *   few-shot structure `analyseText` finds.
 *
 * A Collector gathers what the document model needs; `toDocument` orders it.
 */
import type {
  AnswerRef,
  Comment,
  Exemplar,
  ExemplarSet,
  ExemplarShape,
  Message,
  OptionItem,
  ParseProblem,
  PromptDocument,
  Role,
  Span,
  TemplateVariable,
  TestInput,
} from '../model/types.js';
import { LABEL_FIELD_NAMES, buildExemplar, makeExemplar, outputOnlyExemplar, splitOptions } from './exemplars.js';
import { Segment, isWhiteSpace } from '../model/segment.js';
import { jsonStringSegment } from './json-strings.js';
import { analyseMessages } from './messages.js';
import { analyseText, hasFieldLabelLine, withoutClosingTokens } from './text.js';
import { chatTemplateTurns } from './chat-template.js';
import { findVariables } from './variables.js';
import { CHAT_TOKEN_STRIDE, normKey, sameChars, type ChatLineTokens, type SArray, type SNode, type SObject, type SProp, type SScalar, type SString } from './structured-tree.js';

export { normKey };

/** Question / input fields, in order of preference (keys normalised by `normKey`). */
export const QUESTION_KEYS = ['question', 'questionstem', 'input', 'prompt', 'text', 'query', 'problem', 'sentence', 'instruction', 'stem'];
/** Free-text outputs that may hold a rationale and a final answer. */
export const OUTPUT_KEYS = ['output', 'completion', 'response', 'idealresponse', 'expectedoutput'];
/**
 * Gold answer fields, in order of preference. `final_answer` (next to a `chain_of_thought`),
 * `verdict` (a claim-checking or moderation record's label) and `final_decision` (PubMedQA's
 * yes/no/maybe) are golds or labels wherever they appear; the index keys are read only as an index into the record's options (INDEX_ANSWER_KEYS).
 */
export const ANSWER_KEYS = [
  'answer', 'label', 'target', 'gold', 'answerkey', 'correctanswer', 'correct', 'expected', 'expectedanswer', 'ideal', 'solution',
  'finalanswer', 'verdict', 'finaldecision', 'answerindex', 'correctindex',
];
/** ANSWER_KEYS that name an option by its 0-based index: no gold unless an integer and the record has options. */
const INDEX_ANSWER_KEYS = new Set(['answerindex', 'correctindex']);
/**
 * A classifier's label fields (`"sentiment": "positive"`, `intent`, `topic`, …: the text
 * parser's list, LABEL_FIELD_NAMES), read as the gold of a record that has no ANSWER_KEYS or
 * OUTPUT_KEYS field, only next to an input in LABEL_INPUT_KEYS (see labelGoldOf).
 */
const LABEL_KEYS: ReadonlySet<string> = new Set(LABEL_FIELD_NAMES);
/**
 * The inputs a label field labels: a text being classified. Not `question`, `prompt`,
 * `instruction`, `problem` or `query`: a `category` or `topic` next to those tags the
 * question or prompt (a question bank's subject, a red-team prompt's target group), it
 * does not answer it. Also the question of a record with an ANSWER_KEYS gold and no question
 * field or options (`{"claim": "…", "label": "SUPPORTS"}`, see recordOf).
 */
const LABEL_INPUT_KEYS = [
  'text', 'input', 'sentence', 'review', 'tweet', 'comment', 'message', 'utterance', 'headline', 'post', 'email', 'ticket',
  'claim', 'statement',
];
const LABEL_INPUT_SET: ReadonlySet<string> = new Set(LABEL_INPUT_KEYS);
/**
 * The name of a record's integer class id, written beside it (SetFit's `label_text`, also
 * `label_name`, `label_str`): read as the label instead of the id (see classIdOf).
 */
const LABEL_NAME_KEYS = ['labeltext', 'labelname', 'labelstr'];
/** Largest integer read as a class id (see classIdOf). */
const MAX_CLASS_ID = 99;
/**
 * The two texts of a sentence-pair record, read together as its input (see pairQuestionOf): NLI's
 * `{premise, hypothesis, label}` (MNLI, SNLI), GLUE's `{idx, sentence1, sentence2, label}` (RTE, MRPC)
 * and `{question1, question2, label}` (QQP: whether the two questions ask the same thing).
 */
const SENTENCE_PAIR_KEYS: readonly (readonly [string, string])[] = [
  ['premise', 'hypothesis'],
  ['sentence1', 'sentence2'],
  ['question1', 'question2'],
];
/**
 * The class id column of a Hugging Face set made ready for training (`labels`, the name the Trainer
 * reads: `{"text": "…", "labels": 3}`): read as `label` is, only when it holds a number (see recordOf).
 */
const LABELS_KEYS = ['labels'];
/**
 * LABEL_KEYS that catalogues and corpora also use to file a text (a knowledge base's
 * `"category": "account"`, a news corpus's `"topic": "politics"`, a document's security
 * `classification`, a style `tone`): read as a gold only in a record with no METADATA_KEYS
 * field, and only in a list whose such golds are not all one value (RecordList). The others
 * (`sentiment`, `intent`, `emotion`, `stance`, `polarity`) judge the text itself, which no
 * catalogue files it by: they are golds next to metadata too.
 */
const TAG_LABEL_KEYS: ReadonlySet<string> = new Set(['category', 'topic', 'class', 'classification', 'tone']);
/**
 * Fields (normalised) that mark a record as a catalogue or corpus entry, not a labelled
 * example: an identifier, a provenance (source, URL, file, author, date), a title, a
 * language, tags or a metadata object. Not `score` or `confidence`: they come with a
 * classifier's labels as often as with a corpus.
 */
const METADATA_KEYS: ReadonlySet<string> = new Set([
  'id', 'uuid', 'guid', 'docid', 'documentid', 'articleid', 'source', 'sourceurl', 'url', 'uri', 'link', 'href', 'date',
  'datetime', 'timestamp', 'createdat', 'updatedat', 'publishedat', 'published', 'author', 'authors', 'title', 'lang',
  'language', 'locale', 'file', 'filename', 'filepath', 'path', 'tags', 'tag', 'metadata', 'meta',
]);
/** Longest label (in characters) a label field is read with, and most words: a paragraph under `category` is no gold. */
const MAX_LABEL_CHARS = 40;
const MAX_LABEL_WORDS = 4;
export const OPTION_KEYS = ['options', 'choices', 'answerchoices', 'candidates'];
/** A passage the question is asked about (BBQ's `context`), read with the question (see Exemplar.context). */
const CONTEXT_KEYS = ['context', 'passage'];
const RATIONALE_KEYS = ['rationale', 'explanation', 'cot', 'reasoning', 'chainofthought', 'thought', 'thoughts'];
/** (`contents`: Vertex AI / Gemini tuning records, `[{role: "user"|"model", parts: [{text}]}]`.) */
const MESSAGE_LIST_KEYS = ['messages', 'conversations', 'conversation', 'chat', 'dialogue', 'turns', 'contents'];
/** Keys whose string value is a whole prompt (may hold demos of its own). */
const PROMPT_KEYS = new Set(['prompt', 'template', 'system', 'systemprompt', 'systemmessage', 'instructions', 'prompttemplate', 'raw', 'userprompt']);
/** Arrays of demonstrations shown together in one prompt. */
export const DEMO_LIST_KEYS = new Set(['examples', 'shots', 'demos', 'demonstrations', 'fewshot', 'fewshots', 'fewshotexamples', 'exemplars']);
/** Arrays of independent records. */
export const DATASET_LIST_KEYS = new Set([
  'tests', 'data', 'dataset', 'records', 'samples', 'items', 'rows', 'instances', 'cases', 'testcases', 'questions', 'train', 'test',
  'validation', 'dev', 'eval', 'evals',
]);
/**
 * Keys whose string value is a text about one person: a bio or persona set's records (`{"name": …, "bio": …}`,
 * `{"persona": …}`, a YAML `profiles:` list's `profile:`). A list of such records is read as output-only
 * exemplars (shape `outputs`, see addProfileSet), as a generation prompt's `### Example N` blocks are.
 */
const PROFILE_TEXT_KEYS = ['bio', 'biography', 'profile', 'persona', 'description'];
/** Keys whose list holds such records (besides DEMO_LIST_KEYS, DATASET_LIST_KEYS and a top-level list, where records are read). */
export const PROFILE_LIST_KEYS = new Set(['profiles', 'personas', 'bios', 'biographies']);
/** The least number of records (or strings of an `examples` list) that make a set of outputs, as the text parser asks of example blocks. */
const MIN_OUTPUT_ITEMS = 3;
/** The least number of words of a profile text (not a role or permission: `"profile": "admin"`). */
const MIN_PROFILE_WORDS = 5;
/**
 * Keys that make a record something else than a profile, though recordOf may read nothing of it (a record
 * whose question is empty, a KTO record of an undesirable completion): a question, an output, a gold,
 * options, a message list, promptfoo vars, a preference pair.
 */
const NOT_PROFILE_KEYS = [...QUESTION_KEYS, ...OUTPUT_KEYS, ...ANSWER_KEYS, ...OPTION_KEYS, ...MESSAGE_LIST_KEYS, 'vars', 'chosen', 'rejected'];
/** Keys of a person's name beside a `description` (see addProfileSet). */
const PERSON_NAME_KEYS = ['name', 'fullname'];
/** A person's name as a record writes it: two to four capitalised words ("Maria Lopez", "Mary-Jane O'Neil", "J. R. Smith"). */
const PERSON_NAME = /^(?:[A-Z][A-Za-z'\u2019-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][A-Za-z'\u2019-]+|[A-Z]\.)){1,3}$/;
/** A third-person pronoun of a gender. */
const PERSON_PRONOUN = /\b(?:she|he|her|him|his|hers|herself|himself)\b/i;

/** A profile record's text (see profileTextOf): its key (normalised), its text trimmed, and the record's span. */
export interface ProfileText {
  key: string;
  text: Segment;
  span: Span;
  /** For a `description` only: whether the record names a person (PERSON_NAME under PERSON_NAME_KEYS), and whether its text has a PERSON_PRONOUN. */
  named: boolean;
  pronoun: boolean;
}

/** Keys whose string values a model never sees (ids, roles, configuration). */
const NON_PROSE_KEYS = new Set([
  'id', 'uuid', 'idx', 'index', 'key', 'role', 'from', 'type', 'name', 'model', 'provider', 'providers', 'url', 'uri',
  'path', 'file', 'filename', 'source', 'split', 'lang', 'language', 'metadata', 'meta', 'description', 'tags', 'tag',
  'outputpath', 'env', 'evaluateoptions', 'sharing', 'transform', 'config', 'assert', 'version', 'hash', 'license',
  'date', 'createdat', 'updatedat', 'author', 'weight', 'schema', '$schema', 'toolcallid', 'functioncall', 'toolcalls',
]);

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Key lists for `field` (constants, so a lookup allocates nothing). */
const ROLE_KEYS = ['role', 'from', 'speaker', 'author'];
/** (`parts`: a Gemini message's list of parts, `[{text}]`.) */
const CONTENT_KEYS = ['content', 'value', 'text', 'message', 'parts'];
const TEXT_KEYS = ['text'];
const CONTENT_ONLY_KEYS = ['content'];
const OPTION_LABEL_KEYS = ['label', 'letter', 'key'];
const OPTION_TEXT_KEYS = ['text', 'value', 'option', 'content'];
const ASSERT_KEYS = ['assert'];
const TYPE_KEYS = ['type'];
const VALUE_KEYS = ['value'];
const VARS_KEYS = ['vars'];
const STEM_KEYS = ['stem', 'question', 'text'];

/** Whether the text has a character other than white space (`/\S/`), without a regex call per string. */
function hasNonWhiteSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhiteSpace(text.charCodeAt(i))) return true;
  return false;
}

/**
 * A list a Collector fills item by item and hands to its document as an array of the
 * exact size. A large dataset adds tens of thousands of messages and prose strings, and
 * an array grown by push leaves each smaller copy of itself to the garbage collector
 * (about twice its final size: 0.7 MiB of the 3.9 MiB a 1 MiB JSONL parse allocated).
 * These lists keep their room from one document to the next instead (see takeList),
 * and are emptied when taken, so they keep no item of a document alive.
 */
class ItemList<T> {
  private readonly items: (T | undefined)[] = [];
  length = 0;

  add(item: T): void {
    this.items[this.length++] = item;
  }

  /** How many items it has room for. */
  get room(): number {
    return this.items.length;
  }

  /** The items as a new array of the exact size; the list is left empty (its room kept). */
  take(): T[] {
    const n = this.length;
    const out = this.items.slice(0, n) as T[];
    this.items.fill(undefined, 0, n);
    this.length = 0;
    return out;
  }
}

/** Emptied lists kept for the next Collector (one document is parsed at a time; another gets new lists). */
const freeLists: ItemList<unknown>[] = [];

/** The most room a list kept in freeLists may have (2 MiB of slots): the lists of a huge document are let go. */
const MAX_KEPT_ROOM = 1 << 18;

function keepList(list: ItemList<unknown>): void {
  if (list.room <= MAX_KEPT_ROOM) freeLists.push(list);
}

function takeList<T>(): ItemList<T> {
  return (freeLists.pop() as ItemList<T> | undefined) ?? new ItemList<T>();
}

export class Collector {
  /** The messages and the prose, in the order added (see ItemList). */
  private readonly messageList = takeList<Message>();
  private readonly proseList = takeList<Segment>();
  readonly variables: TemplateVariable[] = [];
  readonly exemplarSets: ExemplarSet[] = [];
  readonly testInputs: TestInput[] = [];
  readonly comments: Comment[] = [];
  readonly problems: ParseProblem[] = [];
  /** Source texts of demo sets and system prompts already taken: datasets repeat them in every record. */
  private readonly seenText = new Set<string>();
  /** The text `firstTimeText` was last asked about (it is in seenText). */
  private lastSeenText: string | undefined;
  /** The segment plainStringSegment last made with the string lastSeenText was then. */
  private sharedSeg: Segment | undefined;
  /**
   * The names of the template variables a promptfoo config's `prompts` insert (see promptVariables),
   * when the file has prompts: a test's vars of these names are the model's input with its question.
   */
  promptVars: ReadonlySet<string> | undefined;
  /**
   * When a promptfoo config's `prompts` ask for a pick between lettered choices ("Which response is better, A or B?",
   * "[[A]]" … "[[B]]"; see promptLetterLabels): for each variable they insert, the letters that label it there
   * ("Response A: {{a}}"), as bits (A is 1). A test's vars `a`/`b` (`response_a`/`response_b`, …) labelled by their
   * own letters are then the options A and B (candidateVarOptions). Likewise the numbers that label them, from bit
   * DIGIT_LABEL_BIT, when the prompts ask for a pick between numbered candidates (numberedVarOptions).
   */
  promptLetterLabels: ReadonlyMap<string, number> | undefined;
  /**
   * The template variables (normalised keys, in order) of a LangChain few-shot file's
   * `example_prompt` (`template: "Review: {review}\nSentiment: {sentiment}"`), when the file
   * has one: the last names the demos' output (see labelGoldOf).
   */
  exampleVars: readonly string[] | undefined;

  constructor(readonly text: string) {}

  /** Add a model-visible string: prose and its template variables. */
  addProse(seg: Segment): void {
    if (!hasNonWhiteSpace(seg.text)) return;
    this.proseList.add(seg);
    // Every variable has a brace; most dataset strings have none (no empty list made for them).
    if (seg.text.includes('{')) for (const v of findVariables(seg)) this.variables.push(v);
  }

  /** Whether this exact source text was already analysed (and mark it). */
  firstTime(span: Span): boolean {
    return this.firstTimeText(this.text.slice(span.start, span.end));
  }

  /**
   * `firstTime` of the source text of a segment. Keyed on the source, not the decoded text:
   * a segment without an offset table is not always a copy of its source (a YAML scalar whose
   * offsets could not be replayed keeps a plain mapping when the lengths agree).
   */
  firstTimeSource(seg: Segment): boolean {
    // A segment plainStringSegment made with the text firstTimeText saw (so was in seenText): no need to look again.
    if (seg === this.sharedSeg) return false;
    // (A slice and === compare faster than an in-place compare with startsWith or a char loop, measured.)
    return this.firstTimeText(this.text.slice(seg.sourceStart, seg.sourceEnd));
  }

  /**
   * The segment of the JSON string token text[start, end) written without escapes (its
   * text is its source between the quotes). A dataset's system prompt, repeated in every
   * record, is the text `firstTimeText` saw last: its segment then keeps that string (one
   * string for all its copies, rather than one per record), and `firstTimeSource` knows
   * it without taking and comparing its source again.
   */
  plainStringSegment(text: string, start: number, end: number): Segment {
    const decoded = text.slice(start + 1, end - 1);
    const seen = this.lastSeenText;
    if (decoded !== seen) return new Segment(decoded, start + 1);
    const seg = new Segment(seen, start + 1);
    this.sharedSeg = seg;
    return seg;
  }

  /**
   * `plainStringSegment` of a token known to hold `decoded` (the same token of the chat line
   * before, addChatLine): the same segment, without taking the string from the source again.
   */
  knownStringSegment(decoded: string, start: number): Segment {
    const seg = new Segment(decoded, start + 1);
    if (decoded === this.lastSeenText) this.sharedSeg = seg;
    return seg;
  }

  private firstTimeText(key: string): boolean {
    // Datasets repeat one system prompt in every record: compared as it is, it needs no hashing.
    if (key === this.lastSeenText) return false;
    this.lastSeenText = key;
    if (this.seenText.has(key)) return false;
    this.seenText.add(key);
    return true;
  }

  /** Embedded demo sets, each distinct text once. */
  addDemoSets(sets: readonly ExemplarSet[]): void {
    for (const s of sets) if (s.exemplars.length && this.firstTime(s.span)) this.exemplarSets.push(s);
  }

  /** Add a message (in the order of the document's messages before they are sorted). */
  addMessage(m: Message): void {
    this.messageList.add(m);
  }

  /** The document of what was collected (once: the lists go back to the pool for the next Collector). */
  toDocument(uri: string, format: PromptDocument['format']): PromptDocument {
    // Prose: each character once, in source order. Usually it is already in order
    // without overlaps (then it is taken as it is, with no span objects made).
    const prose = this.proseList.take();
    const messages = this.messageList.take();
    keepList(this.proseList);
    keepList(this.messageList);
    let uniqueProse: Segment[] = prose;
    let lastEnd = -1;
    for (let i = 0; i < prose.length; i++) {
      const seg = prose[i]!;
      // (An identity segment's source starts at its base and is as long as its text.)
      if ((seg.isIdentity ? seg.base : seg.sourceStart) < lastEnd) {
        uniqueProse = orderedProse(prose);
        break;
      }
      lastEnd = seg.isIdentity ? seg.base + seg.text.length : seg.sourceEnd;
    }
    const seenVar = new Set<number>();
    const variables = this.variables
      .filter((v) => (seenVar.has(v.span.start) ? false : (seenVar.add(v.span.start), true)))
      .sort(bySpanStart);
    return {
      uri,
      format,
      text: this.text,
      messages: sortedBySpan(messages),
      variables,
      exemplarSets: sortedBySpan(this.exemplarSets),
      testInputs: sortedBySpan(this.testInputs),
      prose: uniqueProse,
      comments: sortedBySpan(this.comments),
      problems: sortedBySpan(this.problems),
    };
  }
}

function bySpanStart(a: { span: Span }, b: { span: Span }): number {
  return a.span.start - b.span.start;
}

/**
 * The list sorted by span start, in place (a stable sort). Lists are usually in
 * order already (a large dataset's messages are): then one pass finds it so,
 * with no comparator call per item.
 */
function sortedBySpan<T extends { span: Span }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (list[i]!.span.start < list[i - 1]!.span.start) return list.sort(bySpanStart);
  return list;
}

/** Prose segments in source order, each character once (a segment overlapping an earlier one is left out). */
function orderedProse(segments: readonly Segment[]): Segment[] {
  const prose = segments.map((seg) => ({ seg, span: seg.sourceSpan() }));
  prose.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const unique: Segment[] = [];
  let lastEnd = -1;
  for (const p of prose) {
    if (p.span.start < lastEnd) continue;
    unique.push(p.seg);
    lastEnd = p.span.end;
  }
  return unique;
}

// ---------------------------------------------------------------------------
// Prose: every string value a model may see, never keys.

export function collectProse(c: Collector, node: SNode | undefined, visible = true): void {
  if (!node) return;
  switch (node.kind) {
    case 'string':
      if (isFileReference(node.seg.text)) return;
      if (visible) c.addProse(node.seg);
      else for (const v of findVariables(node.seg)) c.variables.push(v); // e.g. an assertion's `{{expected}}`
      return;
    case 'array':
      for (const item of node.items) collectProse(c, item, visible);
      return;
    case 'object':
      for (const p of node.props) {
        // A preference record's rejected response is no prose (see preferenceOf); looked up only at such a key.
        if ((p.norm === 'rejected' || p.norm === 'responsek') && p.value !== undefined && preferenceOf(node)?.rejected === p.value) continue;
        // Nor a KTO record's undesirable completion (see ktoLabelOf).
        if (p.norm === 'completion' && ktoLabelOf(node) === false) continue;
        collectProse(c, p.value, visible && !NON_PROSE_KEYS.has(p.norm));
      }
      return;
    case 'scalar':
      return;
  }
}

/** /^\s*file:\/\// without a regex (every string value is tested). */
function isFileReference(text: string): boolean {
  let i = 0;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return text.startsWith('file://', i);
}

// ---------------------------------------------------------------------------
// Field access

/** The first property (in `keys` order, then source order) with one of the keys and a value. */
export function field(obj: SObject, keys: readonly string[]): SProp | undefined {
  const props = obj.props;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    for (let i = 0; i < props.length; i++) {
      const q = props[i]!;
      if (q.norm === key && q.value !== undefined) return q;
    }
  }
  return undefined;
}

export function hasField(obj: SObject, keys: readonly string[]): boolean {
  return field(obj, keys) !== undefined;
}

/**
 * `field` for a gold: a property whose value is a YAML alias of a scalar (SProp.alias) counts,
 * and its value is the resolved alias. `node` is the property's value (or resolved alias).
 */
function goldField(obj: SObject, keys: readonly string[]): { prop: SProp; node: SNode } | undefined {
  const props = obj.props;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    for (let i = 0; i < props.length; i++) {
      const q = props[i]!;
      if (q.norm !== key) continue;
      const node = q.value ?? q.alias;
      if (node !== undefined) return { prop: q, node };
    }
  }
  return undefined;
}

/**
 * The keys (normalised) of a grade a judge gave another field of the record (gradeOf): `grade`, `judgment`,
 * `evaluation`, `rating`, `verdict`, `is_correct`, `correct`, `label`, …
 */
const GRADE_KEYS: ReadonlySet<string> = new Set([
  'grade', 'grading', 'judgment', 'judgement', 'evaluation', 'rating', 'verdict', 'iscorrect', 'correct', 'correctness', 'assessment',
  'label', 'humanlabel', 'judgelabel', 'humangrade', 'humanjudgment', 'humanjudgement',
]);
/** The keys (normalised) of the text a judge grades (gradeOf): a model's answer, response or output. */
const GRADED_KEYS: ReadonlySet<string> = new Set([
  'answer', 'response', 'output', 'completion', 'prediction', 'predicted', 'modelanswer', 'modeloutput', 'modelresponse',
  'generation', 'generated', 'candidate', 'submission', 'reply', 'studentanswer',
]);
/**
 * The values (lower case) a judge's grade takes (gradeOf): pass/fail, correct/incorrect, right/wrong, yes/no, true/false,
 * good/bad, acceptable/unacceptable, accept/reject, valid/invalid. Not numbers (a score is a value, and `"grade": 7` a
 * school year), not letters (`"grade": "B"` is a mark), nothing else (`"grade": "5th"`).
 */
const GRADE_VALUES: ReadonlySet<string> = new Set([
  'pass', 'fail', 'passed', 'failed', 'correct', 'incorrect', 'partially correct', 'right', 'wrong', 'yes', 'no', 'true', 'false',
  'good', 'bad', 'acceptable', 'unacceptable', 'accept', 'reject', 'accepted', 'rejected', 'valid', 'invalid',
]);

/**
 * A judge's grade of the record's own answer: a pointwise judge's demo or calibration record (`{"question": …,
 * "answer": …, "grade": "PASS"}`, `{"prompt", "response", "judgment": "incorrect"}`, `{"question", "answer",
 * "is_correct": false}`). The record has exactly one field of GRADE_KEYS whose value is a grade (GRADE_VALUES, any
 * case, or a boolean under any key but `label`) and one field of GRADED_KEYS that is a string with text (the text graded): the grade is then
 * the record's gold, and the text graded the question when the record has no question field. Undefined otherwise:
 * a school grade (`"grade": "5th"`, `"grade": 7`), a score (`"rating": 4`), a second grade or a second graded text.
 */
function gradeOf(fields: SObject): { grade: SProp; judged: SProp } | undefined {
  let grade: SProp | undefined;
  let judged: SProp | undefined;
  const props = fields.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const k = p.norm;
    if (GRADE_KEYS.has(k)) {
      const v = p.value;
      if (v === undefined) continue;
      // (A boolean `label` beside a prompt's output is KTO's desirability, read as before: see ktoLabelOf.)
      const isGrade =
        v.kind === 'scalar'
          ? typeof v.value === 'boolean' && k !== 'label'
          : v.kind === 'string' && v.seg.text.length <= 20 && GRADE_VALUES.has(v.seg.text.trim().toLowerCase());
      if (!isGrade) continue;
      if (grade !== undefined) return undefined;
      grade = p;
    } else if (GRADED_KEYS.has(k)) {
      const v = p.value;
      if (v?.kind !== 'string' || !hasNonWhiteSpace(v.seg.text)) continue;
      if (judged !== undefined) return undefined;
      judged = p;
    }
  }
  return grade !== undefined && judged !== undefined ? { grade, judged } : undefined;
}

/**
 * The gold of a classification record that has no answer or output field, from a label field:
 * `{"text": "…", "sentiment": "positive"}`, a LangChain demo `{review, explanation, sentiment}`.
 * The label is the field the file's `example_prompt` template names last (`exampleVars`), when the
 * record has it (not a question, context or rationale field); else the record's one field of
 * LABEL_KEYS (two, `topic` and `intent`, name no single gold), not counting a TAG_LABEL_KEYS field
 * in a record with a METADATA_KEYS field (`{"id", "text", "category"}` is a catalogue entry, its
 * category a tag). Without a template, only a short label (a string of at most MAX_LABEL_CHARS and
 * MAX_LABEL_WORDS words, on one line, with a letter) next to an input of LABEL_INPUT_KEYS, and no
 * question field of another kind. `input` is the record's input: that field, or for a template's
 * output the first other variable it has. `tag` is set when the gold is a TAG_LABEL_KEYS field.
 */
function labelGoldOf(
  fields: SObject,
  exampleVars: readonly string[] | undefined,
  questionProp: SProp | undefined,
): { gold: SNode; input: SProp; tag: boolean } | undefined {
  const named = exampleVars ? exampleOutputOf(fields, exampleVars) : undefined;
  if (named) {
    const input = questionProp ?? inputVarOf(fields, exampleVars!, named.prop);
    return input ? { gold: named.node, input, tag: false } : undefined;
  }
  if (questionProp && !LABEL_INPUT_SET.has(questionProp.norm)) return undefined;
  /** The one label field that judges the text, and the one that may be a tag (undefined when none, null when two). */
  let judged: SNode | null | undefined;
  let tagged: SNode | null | undefined;
  let metadata = false;
  for (const p of fields.props) {
    const k = p.norm;
    if (!LABEL_KEYS.has(k)) {
      if (METADATA_KEYS.has(k)) metadata = true;
      continue;
    }
    const node = p.value ?? p.alias;
    if (node === undefined) continue;
    if (TAG_LABEL_KEYS.has(k)) tagged = tagged === undefined ? node : null;
    else judged = judged === undefined ? node : null;
  }
  if (metadata) tagged = undefined;
  // Exactly one label field (of either kind) is the gold.
  if (judged === null || tagged === null || (judged !== undefined && tagged !== undefined)) return undefined;
  const gold = judged ?? tagged;
  if (gold === undefined || !isShortLabel(gold)) return undefined;
  const input = questionProp ?? field(fields, LABEL_INPUT_KEYS);
  return input && input.value?.kind === 'string' && hasNonWhiteSpace(input.value.seg.text) ? { gold, input, tag: gold === tagged } : undefined;
}

/** The record's field the example template names last, when it holds a string with text or a number or boolean. */
function exampleOutputOf(fields: SObject, vars: readonly string[]): { prop: SProp; node: SNode } | undefined {
  const last = vars[vars.length - 1];
  if (last === undefined || QUESTION_KEYS.includes(last) || CONTEXT_KEYS.includes(last) || RATIONALE_KEYS.includes(last)) return undefined;
  for (const p of fields.props) {
    if (p.norm !== last) continue;
    const node = p.value ?? p.alias;
    if (node?.kind === 'string' ? hasNonWhiteSpace(node.seg.text) : node?.kind === 'scalar' && node.value !== null) return { prop: p, node: node! };
  }
  return undefined;
}

/** The first of the template's variables (before its output) that the record has as a string with text. */
function inputVarOf(fields: SObject, vars: readonly string[], output: SProp): SProp | undefined {
  for (let v = 0; v < vars.length - 1; v++) {
    for (const p of fields.props) {
      if (p !== output && p.norm === vars[v] && p.value?.kind === 'string' && hasNonWhiteSpace(p.value.seg.text)) return p;
    }
  }
  return undefined;
}

/**
 * The gold of a record whose `label` may be an integer class id (recordOf checks the rest: no
 * output, options or promptfoo vars, and a text being classified, LABEL_INPUT_KEYS, or a sentence
 * pair, SENTENCE_PAIR_KEYS, as its input):
 * the name beside it (`label_text`, `label_name`, `label_str`) when that is a short label (SetFit's
 * `{"text", "label": 1, "label_text": "positive"}`), else the id itself when it is a JSON or YAML
 * number written as a non-negative integer of at most MAX_CLASS_ID (`1`, not `1.0`, `-1` or
 * `"1"`); undefined for any other gold. Whether the id is a class is the set's to say: only when
 * every demo of the set has one (label-imbalance), since a number is a value as often.
 */
function classIdOf(fields: SObject, gold: SNode | undefined): SNode | undefined {
  if (gold?.kind !== 'scalar' || typeof gold.value !== 'number' || !Number.isInteger(gold.value) || gold.value < 0 || gold.value > MAX_CLASS_ID) return undefined;
  const raw = gold.raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const name = field(fields, LABEL_NAME_KEYS)?.value;
  return name !== undefined && isShortLabel(name) ? name : gold;
}

/**
 * The input of a sentence-pair record (SENTENCE_PAIR_KEYS: `premise` and `hypothesis`, or `sentence1` and
 * `sentence2`, both strings with text): the two texts trimmed and joined by a line break, in source order, as a
 * text prompt's `Premise:` / `Hypothesis:` lines are one question. Every character keeps its source offset (the
 * line break is at the first text's end), so a span in the question is a span in one of the two strings.
 */
function pairQuestionOf(fields: SObject): Segment | undefined {
  for (const [k1, k2] of SENTENCE_PAIR_KEYS) {
    const a = field(fields, [k1])?.value;
    const b = field(fields, [k2])?.value;
    if (a?.kind !== 'string' || b?.kind !== 'string') continue;
    let first = a.seg.trim();
    let second = b.seg.trim();
    if (!first.text || !second.text) return undefined;
    if (second.sourceStart < first.sourceStart) [first, second] = [second, first];
    const n = first.text.length;
    const text = `${first.text}\n${second.text}`;
    const offsets = new Int32Array(text.length + 1);
    for (let i = 0; i < n; i++) offsets[i] = first.sourceOffset(i);
    offsets[n] = first.sourceEnd;
    for (let i = 0; i < second.text.length; i++) offsets[n + 1 + i] = second.sourceOffset(i);
    offsets[text.length] = second.sourceEnd;
    return new Segment(text, offsets[0]!, offsets);
  }
  return undefined;
}

/** Whether a label field's value is a label (see labelGoldOf): not a number, not a passage. */
function isShortLabel(node: SNode): boolean {
  if (node.kind !== 'string') return false;
  const t = node.seg.text;
  let start = 0;
  let end = t.length;
  while (start < end && isWhiteSpace(t.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(t.charCodeAt(end - 1))) end--;
  if (end === start || end - start > MAX_LABEL_CHARS) return false;
  let words = 1;
  let letter = false;
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13 || c === 123) return false; // a line break, a template's "{"
    if (c === 32 && t.charCodeAt(i - 1) !== 32 && ++words > MAX_LABEL_WORDS) return false;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) letter = true;
  }
  return letter;
}

/**
 * The variable names of a LangChain few-shot file's `example_prompt` template (the root's
 * `example_prompt: {template: "…"}`, or a template string there), normalised as keys, in order,
 * each once; undefined when the root has none or it names fewer than two.
 */
export function exampleTemplateVars(root: SNode): string[] | undefined {
  if (root.kind !== 'object') return undefined;
  let prompt: SNode | undefined;
  for (const p of root.props) if (p.norm === 'exampleprompt') prompt = p.value;
  const template = prompt?.kind === 'object' ? field(prompt, TEMPLATE_KEYS)?.value : prompt;
  if (template?.kind !== 'string' || !template.seg.text.includes('{')) return undefined;
  const names: string[] = [];
  for (const v of findVariables(template.seg)) {
    const name = normKey(v.name);
    if (!names.includes(name)) names.push(name);
  }
  return names.length >= 2 ? names : undefined;
}
const TEMPLATE_KEYS = ['template'];

function asString(node: SNode | undefined): SString | undefined {
  if (!node) return undefined;
  if (node.kind === 'string') return node;
  if (node.kind === 'array') return node.items.find((i): i is SString => i.kind === 'string');
  return undefined;
}

/**
 * A gold answer's string. A list of acceptable answers (OpenAI evals' `"ideal": ["Paris", "Paris,
 * France"]`) is one gold only when its strings are all the same: strings that differ are no single
 * gold (undefined), rather than its first, which a rebalancing fix would rewrite alone.
 */
function goldString(node: SNode | undefined): SString | undefined {
  if (node?.kind !== 'array') return asString(node);
  let first: SString | undefined;
  for (const item of node.items) {
    if (item.kind !== 'string') continue;
    if (first === undefined) first = item;
    else if (item.seg.text.trim() !== first.seg.text.trim()) return undefined;
  }
  return first;
}

// ---------------------------------------------------------------------------
// Messages

const ROLE_NAMES = new Map<string, Role>([
  ['system', 'system'],
  ['developer', 'developer'],
  ['user', 'user'],
  ['human', 'user'],
  ['assistant', 'assistant'],
  ['gpt', 'assistant'],
  ['bot', 'assistant'],
  ['model', 'assistant'],
  ['ai', 'assistant'],
  // Cohere's chat fine-tuning records: System, User, Chatbot.
  ['chatbot', 'assistant'],
  ['tool', 'tool'],
  ['function', 'tool'],
  ['ipython', 'tool'],
]);

/** The role a role value names (any case, white space around it allowed). */
function roleNamed(text: string): Role | undefined {
  // Most values are a name as it is ("user"): a key of ROLE_NAMES is its own trimmed lower case.
  return ROLE_NAMES.get(text) ?? ROLE_NAMES.get(text.trim().toLowerCase());
}

function roleProp(obj: SObject): SProp | undefined {
  return field(obj, ROLE_KEYS);
}

/** Whether an array looks like a chat message list (objects with a role and content). */
export function isMessageList(arr: SArray): boolean {
  if (!arr.items.length) return false;
  return arr.items.every((i) => {
    if (i.kind !== 'object') return false;
    const r = roleProp(i)?.value;
    return r?.kind === 'string' && roleNamed(r.seg.text) !== undefined;
  });
}

/** Text content of a message: a string, or the text parts of a parts array. */
function contentSegments(obj: SObject): Segment[] {
  const content = field(obj, CONTENT_KEYS)?.value;
  if (!content) return [];
  if (content.kind === 'string') return [content.seg];
  if (content.kind === 'array') {
    const out: Segment[] = [];
    for (const part of content.items) {
      if (part.kind === 'string') out.push(part.seg);
      else if (part.kind === 'object') {
        const t = field(part, TEXT_KEYS)?.value;
        if (t?.kind === 'string') out.push(t.seg);
      }
    }
    return out;
  }
  return [];
}

/** Messages of a message list (one Message per text part). */
export function messagesOf(arr: SArray): Message[] {
  const out: Message[] = [];
  for (const item of arr.items) {
    if (item.kind !== 'object') continue;
    const rp = roleProp(item)?.value;
    if (rp?.kind !== 'string') continue;
    const role = roleNamed(rp.seg.text);
    if (!role) continue;
    const content = field(item, CONTENT_KEYS)?.value;
    if (content?.kind === 'string') {
      // The common case, without a list of parts.
      out.push({ role, roleSpan: rp.seg.sourceSpan(), content: content.seg, span: item.span });
      continue;
    }
    for (const part of contentSegments(item)) {
      out.push({ role, roleSpan: rp.seg.sourceSpan(), content: part, span: item.span });
    }
  }
  return out;
}

/**
 * A message list: its messages, and the few-shot structure inside it
 * (user/assistant demo pairs, demos embedded in the system prompt).
 * `finalIsExemplar`: the last user/assistant pair is the record's own exemplar,
 * so the final user turn is not a test input.
 */
export function addMessageList(c: Collector, messages: readonly Message[], finalIsExemplar: boolean): void {
  let users = 0;
  let multiLineUser = false;
  for (const m of messages) {
    c.addMessage(m);
    if (m.role === 'user') {
      users++;
      if (m.content.text.includes('\n')) multiLineUser = true;
    }
  }
  // A single answered turn on one line holds no demos: analyse only the system prompts
  // (this is most records of a chat fine-tuning set, so it matters for speed).
  const systemOnly = finalIsExemplar && users === 1 && !multiLineUser;
  // Made only when there is something to analyse: in most records of a dataset there is not.
  let toAnalyse: Message[] | undefined;
  for (const m of messages) {
    const system = m.role === 'system' || m.role === 'developer';
    // A system prompt repeated in every record is analysed once.
    if (system ? !c.firstTimeSource(m.content) : systemOnly) continue;
    (toAnalyse ??= []).push(m);
  }
  if (!toAnalyse) return;
  // (The test inputs of a record whose final turn is answered are not wanted: not made.)
  const analysis = analyseMessages(toAnalyse, !finalIsExemplar);
  c.addDemoSets(analysis.exemplarSets);
  for (const t of analysis.testInputs) c.testInputs.push(t);
}

// ---------------------------------------------------------------------------
// Options and answers

const LETTERED_ITEM = /^[ \t]*(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Za-z])[).:])[ \t]+(?=\S)/;

/** Options from an `options` / `choices` value. Letters implied by position get an empty letterSpan at the item's start. */
export function optionsOf(node: SNode | undefined): OptionItem[] {
  if (!node) return [];
  if (node.kind === 'string') return splitOptions(node.seg).options;
  if (node.kind === 'object') {
    // {A: "...", B: "..."}
    const out: OptionItem[] = [];
    for (const p of node.props) {
      const letter = p.key.trim().toUpperCase();
      if (!/^[A-Z]$/.test(letter) || p.value?.kind !== 'string') continue;
      const at = p.keySpan.start + p.key.indexOf(p.key.trim());
      out.push({ letter, letterSpan: { start: at, end: at + 1 }, text: p.value.seg.trim(), span: { start: p.span.start, end: p.value.span.end } });
    }
    return out;
  }
  if (node.kind !== 'array') return [];
  const out: OptionItem[] = [];
  node.items.forEach((item, i) => {
    if (i >= LETTERS.length) return;
    if (item.kind === 'string') {
      // "(B) Paris" in second place: the written letter (only when it agrees with the position).
      const m = LETTERED_ITEM.exec(item.seg.text);
      const letter = LETTERS[i]!;
      if (m && (m[1] ?? m[2] ?? m[3])!.toUpperCase() === letter) {
        const at = item.seg.text.indexOf(m[1] ?? m[2] ?? m[3]!);
        out.push({ letter, letterSpan: item.seg.sourceSpan(at, at + 1), text: item.seg.sliceTrimmed(m[0].length), span: item.span });
      } else {
        out.push({ letter, letterSpan: { start: item.span.start, end: item.span.start }, text: item.seg.trim(), span: item.span });
      }
    } else if (item.kind === 'object') {
      // ARC style: {label: "A", text: "..."}
      const label = field(item, OPTION_LABEL_KEYS)?.value;
      const text = field(item, OPTION_TEXT_KEYS)?.value;
      if (text?.kind !== 'string') return;
      if (label?.kind === 'string' && /^\s*\(?[A-Za-z]\)?\s*$/.test(label.seg.text)) {
        const at = label.seg.text.search(/[A-Za-z]/);
        out.push({ letter: label.seg.text[at]!.toUpperCase(), letterSpan: label.seg.sourceSpan(at, at + 1), text: text.seg.trim(), span: item.span });
      } else {
        out.push({ letter: LETTERS[i]!, letterSpan: { start: item.span.start, end: item.span.start }, text: text.seg.trim(), span: item.span });
      }
    }
  });
  return out;
}

/**
 * The options of the Hugging Face layout of ARC, OpenBookQA and CommonsenseQA
 * (`choices: {text: ["…", …], label: ["A", …]}`): an object of exactly these two
 * arrays, as long as each other (2 to 26 items), the texts strings and the labels
 * "A", "B", "C", … in order (a letter's span is its label's) or "1", "2", "3", … in
 * order (ARC writes some questions so; letters A, B, C, … by position, not written).
 * Undefined for any other object: letters are never guessed for arbitrary arrays.
 */
function labelledChoices(node: SObject): { options: OptionItem[]; labels: SString[]; digits: boolean } | undefined {
  const props = node.props;
  if (props.length !== 2) return undefined;
  let labels: SArray | undefined;
  let texts: SArray | undefined;
  for (let i = 0; i < 2; i++) {
    const p = props[i]!;
    if (p.value?.kind !== 'array') return undefined;
    if (p.norm === 'label') labels = p.value;
    else if (p.norm === 'text') texts = p.value;
  }
  if (!labels || !texts) return undefined;
  const n = texts.items.length;
  if (n < 2 || n > LETTERS.length || labels.items.length !== n) return undefined;
  const labelStrings: SString[] = [];
  let digits = false;
  for (let i = 0; i < n; i++) {
    const label = labels.items[i]!;
    if (label.kind !== 'string' || texts.items[i]!.kind !== 'string') return undefined;
    const written = label.seg.text;
    if (i === 0) digits = written === '1';
    if (written !== (digits ? String(i + 1) : LETTERS[i])) return undefined;
    labelStrings.push(label);
  }
  const options: OptionItem[] = [];
  for (let i = 0; i < n; i++) {
    const item = texts.items[i] as SString;
    const letterSpan = digits ? { start: item.span.start, end: item.span.start } : labelStrings[i]!.seg.sourceSpan(0, 1);
    options.push({ letter: LETTERS[i]!, letterSpan, text: item.seg.trim(), span: item.span });
  }
  return { options, labels: labelStrings, digits };
}

/**
 * Options written as keys of the record itself, as MMLU, C-Eval and CMMLU exports write them:
 * `{"question": …, "A": "…", "B": "…", "C": "…", "D": "…", "answer": "B"}`. Only when the
 * record's single-letter keys are exactly "A", "B", "C", … (upper case, written as one
 * character, in this order, at least two), every value a string: any other single-letter key
 * ("Q", a second "A", "C" before "B") means the keys are not options, and none are read.
 * And only when the gold names an option by position (goldNamesFlatKey): a letter or an index.
 * A letter's span is its key's; an option's span runs from its key to the end of its value.
 */
function flatOptionsFor(obj: SObject, gold: SNode | undefined): OptionItem[] | undefined {
  const options = flatOptions(obj);
  return options !== undefined && goldNamesFlatKey(gold, options.length) ? options : undefined;
}

/** The record's own keys "A", "B", … as options (see flatOptionsFor), whatever its gold. */
function flatOptions(obj: SObject): OptionItem[] | undefined {
  let out: OptionItem[] | undefined;
  const props = obj.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    if (p.key.length !== 1) continue;
    const code = p.key.charCodeAt(0);
    const n = out === undefined ? 0 : out.length;
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) continue;
    const value = p.value;
    if (code !== 65 + n || value?.kind !== 'string' || p.keySpan.end - p.keySpan.start !== 1) return undefined;
    (out ??= []).push({ letter: p.key, letterSpan: p.keySpan, text: value.seg.trim(), span: { start: p.span.start, end: value.span.end } });
  }
  return out !== undefined && out.length >= 2 ? out : undefined;
}

/**
 * Whether a record's gold names one of `n` flat-key options (flatOptions) by position, as
 * MMLU, C-Eval and CMMLU exports do: a letter of the keys (`"B"`) or an index (`1`). A gold
 * that is a value (`"answer": "3"` of spreadsheet columns A, B, C) says the keys are fields,
 * not options. A record without a gold (a test input) has none to contradict the layout.
 */
function goldNamesFlatKey(gold: SNode | undefined, n: number): boolean {
  if (gold === undefined) return true;
  if (gold.kind === 'scalar') return isIndexIn(gold, n);
  if (gold.kind !== 'string') return false;
  const t = gold.seg.text;
  const at = skipSpaces(t, 0);
  const c = t.charCodeAt(at);
  return c >= 65 && c < 65 + n && skipSpaces(t, at + 1) === t.length;
}

/**
 * Options written as the record's own keys `ans0`, `ans1`, `ans2`, … with the gold as their
 * 0-based index, as BBQ's released files write each item (Parrish et al. 2022: `{"context",
 * "question", "ans0", "ans1", "ans2", "label": 2}`): letters A, B, C, … by position. Only when
 * the record's keys of that form (`ans` and digits, as normKey writes them) count up from 0 in
 * source order with no gap or repeat (at least two), every value a string, and the gold is an
 * integer index of one of them, or the record has no gold at all (a test input). A gold that
 * is a letter, a text or anything else leaves the record without options: the keys write no
 * letter for it to name. A letter is implied, not written: its span is empty, at the key's start,
 * so no fix rewrites it; an index gold is rewritten by position (positionAnswerEdit). An
 * option's span runs from its key to the end of its value, as for flat letter keys.
 */
function indexedOptionsFor(obj: SObject, gold: SNode | undefined): OptionItem[] | undefined {
  let out: OptionItem[] | undefined;
  const props = obj.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const k = p.norm;
    // "ans" and at least one digit (normKey lower-cases: "Ans0", "ans_0" are read too).
    if (k.length < 4 || k.charCodeAt(0) !== 97 || k.charCodeAt(1) !== 110 || k.charCodeAt(2) !== 115 || !isDigits(k, 3)) continue;
    const n = out === undefined ? 0 : out.length;
    const value = p.value;
    if (n >= LETTERS.length || k.length - 3 !== (n < 10 ? 1 : 2) || Number(k.slice(3)) !== n || value?.kind !== 'string') return undefined;
    const start = p.span.start;
    (out ??= []).push({ letter: LETTERS[n]!, letterSpan: { start, end: start }, text: value.seg.trim(), span: { start, end: value.span.end } });
  }
  if (out === undefined || out.length < 2) return undefined;
  return gold === undefined || isIndexIn(gold, out.length) ? out : undefined;
}

/** Whether `text` from `from` on is one or more ASCII digits. */
function isDigits(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Whether the node is an integer index into `n` options. */
function isIndexIn(node: SNode | undefined, n: number): boolean {
  return node?.kind === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0 && node.value < n;
}

/** A gold answer given as a number or boolean: an option index (with options) or a label. */
function scalarAnswer(node: SNode, options: readonly OptionItem[]): AnswerRef | undefined {
  if (node.kind !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'number' && options.length && Number.isInteger(node.value)) {
    const opt = options[node.value];
    if (opt) return { letter: opt.letter, label: opt.text.text, span: node.span };
  }
  return { label: node.raw, labelSpan: node.span, span: node.span };
}

/**
 * A Hugging Face multiple-choice layout whose options are neither an `options`/`choices` field
 * nor letter keys (see hfChoiceOf): the question's key, a context's, the option keys in order
 * (or one key holding the list of option strings), the gold's key and what it counts from.
 * Keys are normalised (normKey).
 */
interface ChoiceLayout {
  question: string;
  /** A passage read with the question (Exemplar.context). */
  context?: string;
  /** The option keys, in order; one key: its value is the list of option strings. */
  options: readonly string[];
  /** The next option key, which the record must not have (`sol3`: the options are more than these). */
  next?: string;
  gold: string;
  /** What the gold counts from: 0 (an index), 1 (`"1"` the first option). */
  base: 0 | 1;
  /** One more key the record must have, a string (COPA's `question`, "cause" or "effect"). */
  also?: string;
  /** A key whose string (with text), when the record has it, is the whole question, read instead of `question` and `context` (SWAG's `startphrase`). */
  whole?: string;
}

/**
 * The layouts, by the key that picks each (its first option key; TruthfulQA's `mc1_targets` is
 * read by truthfulQaOf):
 * - HellaSwag `{ctx, endings: [4], label: 0 | "0"}` (its `ctx_a`, `ctx_b`, `activity_label` are not read);
 * - PIQA `{goal, sol1, sol2, label: 0}`;
 * - WinoGrande `{sentence, option1, option2, answer: "1"}`;
 * - COPA (SuperGLUE) `{premise, choice1, choice2, question: "cause", label: 0}`: the question is the
 *   premise (the relation word asked about is a key of the layout, not part of the question);
 * - SWAG `{sent1, sent2, ending0..ending3, label: 0}`: the question is its `startphrase` (`sent1`
 *   and `sent2`) when it has one, else `sent2` (the sentence the endings complete) with `sent1` its context;
 * - Social IQa `{context, question, answerA, answerB, answerC, label: "1"}`.
 */
const CHOICE_LAYOUTS = new Map<string, ChoiceLayout>([
  ['endings', { question: 'ctx', options: ['endings'], gold: 'label', base: 0 }],
  ['sol1', { question: 'goal', options: ['sol1', 'sol2'], next: 'sol3', gold: 'label', base: 0 }],
  ['option1', { question: 'sentence', options: ['option1', 'option2'], next: 'option3', gold: 'answer', base: 1 }],
  ['choice1', { question: 'premise', options: ['choice1', 'choice2'], next: 'choice3', gold: 'label', base: 0, also: 'question' }],
  ['ending0', { question: 'sent2', context: 'sent1', options: ['ending0', 'ending1', 'ending2', 'ending3'], next: 'ending4', gold: 'label', base: 0, whole: 'startphrase' }],
  ['answera', { question: 'question', context: 'context', options: ['answera', 'answerb', 'answerc'], next: 'answerd', gold: 'label', base: 1 }],
]);
const MC1_TARGETS = 'mc1targets';

/** A record of a CHOICE_LAYOUTS layout or TruthfulQA's (see hfChoiceOf). */
interface HfChoice {
  question: Segment;
  context: Segment | undefined;
  options: OptionItem[];
  /** The gold, or undefined when the record has none (a test split's `-1` or `""`). */
  answer: AnswerRef | undefined;
}

/** The property of `obj` with the normalised key, when it has a value. */
function propOf(obj: SObject, key: string): SProp | undefined {
  const props = obj.props;
  for (let i = 0; i < props.length; i++) if (props[i]!.norm === key && props[i]!.value !== undefined) return props[i];
  return undefined;
}

/**
 * A record of a Hugging Face multiple-choice dataset whose options are fields of their own
 * (CHOICE_LAYOUTS, TruthfulQA's mc1): its question (trimmed), context, options (letters A, B, …
 * by position, implied: an empty letter span at the option's key or item; an option's span runs
 * from its key to the end of its value, or is its list item) and gold. Only with every key of the
 * layout, the question (and context) a string with text, every option a string (2 to 26 in a
 * list), no `next` key, and a gold that names an option: an integer or a string of digits (a
 * string written with escapes is read, its fix withheld: positionAnswerEdit), counted from the
 * layout's base; `-1` or `""` (a test split) is no gold. Anything else is not the layout (undefined):
 * the record is read as any other.
 */
function hfChoiceOf(obj: SObject): HfChoice | undefined {
  const props = obj.props;
  let layout: ChoiceLayout | undefined;
  let mc1: SProp | undefined;
  for (let i = 0; i < props.length && !layout && !mc1; i++) {
    const k = props[i]!.norm;
    if (k === MC1_TARGETS) mc1 = props[i];
    else layout = CHOICE_LAYOUTS.get(k);
  }
  if (mc1) return truthfulQaOf(obj, mc1);
  if (!layout) return undefined;
  const q = propOf(obj, layout.question)?.value;
  if (q?.kind !== 'string' || !hasNonWhiteSpace(q.seg.text)) return undefined;
  let context: Segment | undefined;
  if (layout.context !== undefined) {
    const cx = propOf(obj, layout.context)?.value;
    if (cx?.kind !== 'string' || !hasNonWhiteSpace(cx.seg.text)) return undefined;
    context = cx.seg.trim();
  }
  if (layout.also !== undefined && propOf(obj, layout.also)?.value?.kind !== 'string') return undefined;
  if (layout.next !== undefined && propOf(obj, layout.next) !== undefined) return undefined;
  let question = q.seg;
  const whole = layout.whole !== undefined ? propOf(obj, layout.whole)?.value : undefined;
  if (whole?.kind === 'string' && hasNonWhiteSpace(whole.seg.text)) {
    question = whole.seg;
    context = undefined;
  }
  const gold = propOf(obj, layout.gold)?.value;
  if (gold === undefined) return undefined;
  const options: OptionItem[] = [];
  if (layout.options.length === 1) {
    const list = propOf(obj, layout.options[0]!)?.value;
    if (list?.kind !== 'array' || list.items.length < 2 || list.items.length > LETTERS.length) return undefined;
    for (let i = 0; i < list.items.length; i++) {
      const item = list.items[i]!;
      if (item.kind !== 'string') return undefined;
      options.push({ letter: LETTERS[i]!, letterSpan: { start: item.span.start, end: item.span.start }, text: item.seg.trim(), span: item.span });
    }
  } else {
    for (let i = 0; i < layout.options.length; i++) {
      const p = propOf(obj, layout.options[i]!);
      const value = p?.value;
      if (value?.kind !== 'string') return undefined;
      const start = p!.span.start;
      options.push({ letter: LETTERS[i]!, letterSpan: { start, end: start }, text: value.seg.trim(), span: { start, end: value.span.end } });
    }
  }
  // The gold: the option it counts to, -1 for none, undefined when it names no option.
  let at: number | undefined;
  let span: Span | undefined;
  if (gold.kind === 'scalar') {
    const v = gold.value;
    if (typeof v === 'number' && Number.isInteger(v)) {
      at = v === -1 ? -1 : v - layout.base;
      span = gold.span;
    }
  } else if (gold.kind === 'string') {
    const t = gold.seg.text;
    if (t === '') at = -1;
    else if (t.length <= 3 && isDigits(t, 0)) {
      at = Number(t) - layout.base;
      span = gold.seg.sourceSpan();
    }
  }
  if (at === undefined || at < -1 || at >= options.length) return undefined;
  const answer = at >= 0 ? { letter: options[at]!.letter, label: options[at]!.text.text, span: span! } : undefined;
  return { question: question.trim(), context, options, answer };
}

/**
 * TruthfulQA's multiple-choice record `{question, mc1_targets: {choices: [...], labels: [1, 0, 0]}}`
 * (see hfChoiceOf): `mc1_targets` an object of exactly these two lists, as long as each other (2 to
 * 26), the choices strings, the labels integers 0 or 1 with exactly one 1, the gold. Its span is the
 * 1's, and the labels' spans are the answer's one-hot list (AnswerRef.oneHot): the fixes that move
 * the choices move the labels with them. `mc2_targets` (several true answers) is no single gold and
 * is not read.
 */
function truthfulQaOf(obj: SObject, mc1: SProp): HfChoice | undefined {
  const q = propOf(obj, 'question')?.value;
  const targets = mc1.value;
  if (q?.kind !== 'string' || !hasNonWhiteSpace(q.seg.text) || targets?.kind !== 'object' || targets.props.length !== 2) return undefined;
  const choices = propOf(targets, 'choices')?.value;
  const labels = propOf(targets, 'labels')?.value;
  if (choices?.kind !== 'array' || labels?.kind !== 'array') return undefined;
  const n = choices.items.length;
  if (n < 2 || n > LETTERS.length || labels.items.length !== n) return undefined;
  const options: OptionItem[] = [];
  const oneHot: Span[] = [];
  let gold = -1;
  for (let i = 0; i < n; i++) {
    const item = choices.items[i]!;
    const label = labels.items[i]!;
    if (item.kind !== 'string' || label.kind !== 'scalar' || (label.value !== 0 && label.value !== 1)) return undefined;
    if (label.value === 1) {
      if (gold !== -1) return undefined;
      gold = i;
    }
    options.push({ letter: LETTERS[i]!, letterSpan: { start: item.span.start, end: item.span.start }, text: item.seg.trim(), span: item.span });
    oneHot.push(label.span);
  }
  if (gold === -1) return undefined;
  const answer: AnswerRef = { letter: options[gold]!.letter, label: options[gold]!.text.text, span: oneHot[gold]!, oneHot };
  return { question: q.seg.trim(), context: undefined, options, answer };
}

/** A record of a Hugging Face layout (hfChoiceOf) as an exemplar, or a test input when it has no gold. */
function hfChoiceRecord(hf: HfChoice, span: Span, index: number): RecordResult {
  if (!hf.answer) {
    const testInput: TestInput = { text: hf.question, span, options: hf.options };
    if (hf.context) testInput.context = hf.context;
    return { shape: 'record', testInput };
  }
  const ex = makeExemplar(index, span, hf.question, hf.options, undefined, undefined, undefined);
  ex.answer = hf.answer;
  if (hf.context) ex.context = hf.context;
  return { shape: 'record', exemplar: ex };
}

// ---------------------------------------------------------------------------
// Records

export interface RecordResult {
  shape: ExemplarShape;
  exemplar?: Exemplar;
  testInput?: TestInput;
  /**
   * Set when the exemplar's gold is a TAG_LABEL_KEYS field (`"topic": "politics"`): that label,
   * trimmed and lower-cased. A list whose such golds are all one value is a corpus filed under
   * one tag, not a labelled set (RecordList).
   */
  tagLabel?: string;
}

/**
 * The object a record is read from: a LangSmith example's fields (see `langSmithFields`), an OpenAI Evals API item's
 * fields (see `evalsItemFields`), else the object itself.
 * `isRecord`, `recordOf` and `RecordList.add` take what this gives, so that a caller that asks more than one of
 * them reads it once.
 */
export function recordFields(obj: SObject): SObject {
  const nested = langSmithFields(obj) ?? evalsItemFields(obj);
  return nested ? recordFields(nested) : obj;
}

/** Whether an object, as `recordFields` gives it, looks like a record (has a question, an answer or a message list). */
export function isRecord(obj: SObject, exampleVars?: readonly string[]): boolean {
  return (
    hasField(obj, QUESTION_KEYS) ||
    hasField(obj, OUTPUT_KEYS) ||
    hasField(obj, ANSWER_KEYS) ||
    hasField(obj, ['vars']) ||
    messageListOf(obj) !== undefined ||
    // A classifier's demo `{review, sentiment}` (see labelGoldOf).
    labelGoldOf(obj, exampleVars, undefined) !== undefined ||
    // `{chosen: [conversation], rejected: [conversation]}` (see preferenceOf).
    preferenceOf(obj) !== undefined ||
    // Chatbot Arena's `{model_a, model_b, winner, conversation_a, conversation_b}` (see pairwiseOf).
    pairwiseOf(obj) !== undefined
  );
}

const INPUTS_KEY = 'inputs';
const OUTPUTS_KEY = 'outputs';

/**
 * A LangSmith example, `{"inputs": {"question": …}, "outputs": {"answer": …}}` (also with `id`,
 * `metadata`, … beside them), read as one record of the fields of both objects, inputs first: the
 * record the same fields would make at the top level, its span the whole example. `outputs` may be
 * `null` (an example without reference outputs: its inputs are a test input). Only when the example
 * has no field of a record of its own at the top level (a question, an answer, an output, `vars`, a
 * message list), and the two objects share no key: `{"inputs": {"text": …}, "outputs": {"text": …}}`
 * says nothing of which is the input. Lists (an MLflow signature's `inputs: [...]`) are not read.
 */
function langSmithFields(obj: SObject): SObject | undefined {
  let inputs: SObject | undefined;
  let outputs: SObject | undefined;
  let hasOutputs = false;
  for (const p of obj.props) {
    if (p.norm === INPUTS_KEY) {
      if (p.value?.kind !== 'object') return undefined;
      inputs = p.value;
    } else if (p.norm === OUTPUTS_KEY) {
      if (p.value?.kind === 'object') outputs = p.value;
      else if (!(p.value?.kind === 'scalar' && p.value.value === null)) return undefined;
      hasOutputs = true;
    }
  }
  if (!inputs || !hasOutputs) return undefined;
  if (hasField(obj, QUESTION_KEYS) || hasField(obj, OUTPUT_KEYS) || hasField(obj, ANSWER_KEYS) || hasField(obj, VARS_KEYS) || messageListOf(obj)) return undefined;
  const props = outputs ? [...inputs.props, ...outputs.props] : inputs.props;
  if (outputs) for (const p of outputs.props) if (inputs.props.some((q) => q.norm === p.norm)) return undefined;
  const fields: SObject = { kind: 'object', span: obj.span, props };
  if (obj.refs) fields.refs = true;
  return fields;
}

const ITEM_KEY = 'item';
const SAMPLE_KEY = 'sample';

/**
 * An OpenAI Evals API data source line, `{"item": {"input": …, "ideal": …}}` (maybe with the
 * model's `"sample": {…}` beside it, in a file of logs or completions): read as the record its
 * item's fields make, its span the whole line. The sample is the model's output, no gold: it is
 * not read (its strings are prose as before). Only when the object's keys are `item` and
 * `sample` alone and `item` is an object: an order line `{"item": {…}, "quantity": 2}` is no
 * such line.
 */
function evalsItemFields(obj: SObject): SObject | undefined {
  let item: SObject | undefined;
  for (const p of obj.props) {
    if (p.norm === ITEM_KEY) {
      if (p.value?.kind !== 'object' || item) return undefined;
      item = p.value;
    } else if (p.norm !== SAMPLE_KEY) return undefined;
  }
  if (!item) return undefined;
  const fields: SObject = { kind: 'object', span: obj.span, props: item.props };
  if (obj.refs) fields.refs = true;
  return fields;
}

/** LangChain's message types, as SycophancyEval writes them (`"type": "human"`). */
const MESSAGE_TYPES = new Map<string, Role>([
  ['human', 'user'],
  ['ai', 'assistant'],
  ['system', 'system'],
]);
const PROMPT_LIST_KEYS = ['prompt'];

/**
 * The messages of a record whose `prompt` is a list of LangChain-typed messages, as Sharma et al.'s
 * SycophancyEval (meg-tong/sycophancy-eval: answer.jsonl, feedback.jsonl) writes its records:
 * `{"prompt": [{"type": "human", "content": "… I think the answer is X, but I'm really not sure."}],
 * "base": {"question", "correct_answer", "incorrect_answer", …}, "metadata": {"prompt_template"}}`.
 * The prompt is what the model is asked; `base` is the source question and the answers it is graded
 * against, not read (it says nothing of which answer the prompt suggests). Only when every item is an
 * object with a `type` of `human`, `ai` or `system`, a `content` string and no role key, the last one
 * `human` (the turn the model answers: are_you_sure.jsonl's prompts end with an `ai` turn the model
 * is to continue, "The answer is (", which is no answer, and are not read), and the record has no
 * answer or output field of its own. Each item is a message: its span the item, its role span the type.
 */
function typedPromptOf(obj: SObject): Message[] | undefined {
  const list = field(obj, PROMPT_LIST_KEYS)?.value;
  if (list?.kind !== 'array' || list.items.length === 0) return undefined;
  const last = list.items[list.items.length - 1]!;
  if (last.kind !== 'object') return undefined;
  const lastType = field(last, TYPE_KEYS)?.value;
  if (lastType?.kind !== 'string' || lastType.seg.text !== 'human') return undefined;
  if (hasField(obj, ANSWER_KEYS) || hasField(obj, OUTPUT_KEYS)) return undefined;
  const out: Message[] = [];
  for (const item of list.items) {
    if (item.kind !== 'object' || roleProp(item)) return undefined;
    const type = field(item, TYPE_KEYS)?.value;
    const role = type?.kind === 'string' ? MESSAGE_TYPES.get(type.seg.text) : undefined;
    const content = field(item, CONTENT_ONLY_KEYS)?.value;
    if (!role || content?.kind !== 'string') return undefined;
    out.push({ role, roleSpan: (type as SString).seg.sourceSpan(), content: content.seg, span: item.span });
  }
  return out;
}

function messageListOf(obj: SObject): SArray | undefined {
  const p = field(obj, MESSAGE_LIST_KEYS);
  return p?.value?.kind === 'array' && isMessageList(p.value) ? p.value : undefined;
}


/** A preference record's layout (see preferenceOf). */
interface Preference {
  /**
   * `standard`: a prompt (a string, or a message list) and a chosen string, read as a record whose
   * output is the chosen response; `chat`: chosen and rejected message lists, after a prompt message
   * list (or a prompt string) or holding the whole conversation; `transcript`: Anthropic HH-RLHF's
   * `"\n\nHuman: …\n\nAssistant: …"` strings.
   */
  layout: 'standard' | 'chat' | 'transcript';
  /** `chosen` (or StackExchange-paired's `response_j`). */
  chosenProp: SProp;
  /** The value of `rejected` (or `response_k`). */
  rejected: SNode;
  /** The prompt's value (QUESTION_KEYS), when the record has one. */
  prompt: SNode | undefined;
}

/**
 * A preference record of a DPO, ORPO or reward-model dataset, as TRL documents them: `{prompt,
 * chosen, rejected}` with strings (standard), with message lists (conversational), or `{chosen,
 * rejected}` with whole conversations (implicit prompt: message lists, or HH-RLHF transcripts).
 * The chosen response is the record's gold output; the rejected one is nothing of the exemplar
 * (no output, answer, rationale or label) and no prose (collectProse): the dataset puts it there to
 * train the model away from it, so a bias in it is what the record teaches against, and in the
 * implicit layouts it repeats the prompt.
 *
 * Only with both keys, their values of one kind (strings, or arrays), no output, answer or `vars`
 * field (a record with its own gold is read as before), and: strings after a prompt string with text
 * or a prompt message list, or, with no prompt field, strings that both start with `Human:` the
 * chosen one with a later `\n\nAssistant:`; arrays that are both message lists. Anything else (a
 * config's `{"chosen": "dark", "rejected": "light"}`) is not one.
 *
 * The StackExchange-paired layout (`lvwerra/stack-exchange-paired`, read by Hugging Face's DPO example
 * and torchtune's `stack_exchange_paired_dataset` as prompt `question`, chosen
 * `response_j`, rejected `response_k`) is the standard one under those keys: `{question,
 * response_j, response_k}` strings, `response_j` the preferred answer; only with a prompt string
 * with text, and only in a record with neither `chosen` nor `rejected`.
 */
export function preferenceOf(obj: SObject): Preference | undefined {
  // One pass over the keys (every record of a file is asked): chosen/rejected, else response_j/response_k.
  let chosenProp: SProp | undefined;
  let rejectedProp: SProp | undefined;
  let jProp: SProp | undefined;
  let kProp: SProp | undefined;
  const props = obj.props;
  for (let i = 0; i < props.length; i++) {
    const q = props[i]!;
    if (q.value === undefined) continue;
    const n = q.norm;
    if (n === 'chosen') chosenProp ??= q;
    else if (n === 'rejected') rejectedProp ??= q;
    else if (n === 'responsej') jProp ??= q;
    else if (n === 'responsek') kProp ??= q;
  }
  const paired = !chosenProp && !rejectedProp;
  if (paired) {
    chosenProp = jProp;
    rejectedProp = kProp;
  }
  if (!chosenProp || !rejectedProp) return undefined;
  const chosen = chosenProp.value!;
  const rejected = rejectedProp.value!;
  if (chosen.kind !== rejected.kind || (chosen.kind !== 'string' && chosen.kind !== 'array')) return undefined;
  if (hasField(obj, OUTPUT_KEYS) || hasField(obj, ANSWER_KEYS) || hasField(obj, VARS_KEYS)) return undefined;
  const prompt = field(obj, QUESTION_KEYS)?.value;
  const promptText = prompt?.kind === 'string' && hasNonWhiteSpace(prompt.seg.text);
  if (paired) return promptText && chosen.kind === 'string' ? { layout: 'standard', chosenProp, rejected, prompt } : undefined;
  const promptList = prompt?.kind === 'array' && isMessageList(prompt);
  if (chosen.kind === 'string') {
    if (promptText || promptList) return { layout: 'standard', chosenProp, rejected, prompt };
    if (prompt !== undefined) return undefined;
    const t = chosen.seg.text;
    const human = skipSpaces(t, 0);
    if (!t.startsWith(HUMAN, human) || t.indexOf(ASSISTANT_TURN, human) === -1) return undefined;
    return (rejected as SString).seg.text.startsWith(HUMAN, skipSpaces((rejected as SString).seg.text, 0))
      ? { layout: 'transcript', chosenProp, rejected, prompt }
      : undefined;
  }
  if (!isMessageList(chosen as SArray) || !isMessageList(rejected as SArray)) return undefined;
  return { layout: 'chat', chosenProp, rejected, prompt: promptList || promptText ? prompt : undefined };
}

/**
 * The label of a KTO record (TRL's unpaired preference layout `{prompt, completion, label}`): true
 * when the completion is desirable, false when not. Undefined for any other record: only with a
 * prompt (a string with text, or a message list), a `completion` string as its output field (or,
 * conversational, a prompt message list and a completion message list), and a `label` that is a
 * boolean as its gold field. A desirable completion is the record's gold output
 * (the label is no gold); an undesirable one is what a rejected response is to a preference record:
 * nothing of an exemplar and no prose, so such a record gives neither exemplar nor test input.
 */
function ktoLabelOf(obj: SObject): boolean | undefined {
  const label = goldField(obj, ANSWER_KEYS);
  if (label?.prop.norm !== 'label' || label.node.kind !== 'scalar' || typeof label.node.value !== 'boolean') return undefined;
  const completion = field(obj, OUTPUT_KEYS);
  if (completion?.norm !== 'completion' || hasField(obj, VARS_KEYS)) return undefined;
  const prompt = field(obj, QUESTION_KEYS)?.value;
  if (completion.value?.kind === 'array') {
    // Conversational: a prompt message list and a completion message list (see ktoChat).
    return prompt?.kind === 'array' && isMessageList(prompt) && isMessageList(completion.value) ? label.node.value : undefined;
  }
  if (completion.value?.kind !== 'string') return undefined;
  if (!(prompt?.kind === 'string' ? hasNonWhiteSpace(prompt.seg.text) : prompt?.kind === 'array' && isMessageList(prompt))) return undefined;
  return label.node.value;
}

/**
 * A conversational KTO record (`{"prompt": [{role, content}…], "completion": [{"role": "assistant",
 * …}], "label": true}`, which ktoLabelOf has checked): the prompt's messages then the completion's,
 * read as a chat (its last user turn and the assistant turn after it the exemplar). Undefined for a
 * completion that is a string.
 */
function ktoChat(obj: SObject): Message[] | undefined {
  const completion = field(obj, OUTPUT_KEYS)!.value!;
  if (completion.kind !== 'array') return undefined;
  return messagesOf(field(obj, QUESTION_KEYS)!.value as SArray).concat(messagesOf(completion));
}

/**
 * The response keys (normalised) of a pairwise judge record (pairwiseOf), each to its pair and slot: the pair's
 * index times two, plus 0 for the first response (A) and 1 for the second (B). Pairs from NUMBERED_PAIR count 1, 2.
 */
const PAIR_RESPONSE_KEYS: ReadonlyMap<string, number> = new Map([
  ['responsea', 0], ['responseb', 1],
  ['outputa', 2], ['outputb', 3],
  ['answera', 4], ['answerb', 5],
  ['completiona', 6], ['completionb', 7],
  ['conversationa', 8], ['conversationb', 9],
  ['output1', 10], ['output2', 11],
  ['response1', 12], ['response2', 13],
]);
/** The first pair of PAIR_RESPONSE_KEYS whose keys are numbered (`output_1`, `output_2`). */
const NUMBERED_PAIR = 5;
/** The verdict keys of a pairwise judge record, in order of preference (pairwiseOf). */
const PAIR_VERDICT_KEYS: ReadonlySet<string> = new Set(['winner', 'preference', 'label']);
/** Keys a pairwise record may have beside a `label` verdict that the label does not label (pairwiseOf). */
const PAIR_META_KEYS: ReadonlySet<string> = new Set(['id', 'idx', 'uid', 'qid', 'questionid', 'modela', 'modelb', 'model1', 'model2', 'generator1', 'generator2', 'split', 'source', 'dataset', 'language', 'turn']);
/** The question keys beside a `label` verdict (pairwiseOf). */
const PAIR_LABEL_QUESTION_KEYS: ReadonlySet<string> = new Set(['prompt', 'question', 'instruction', 'query', 'input']);
/** The words a winner may put before its letter or number: `model_a`, `response_b`, `output_1`, `assistant_a` (normalised). */
const PAIR_WINNER_NOUNS: ReadonlySet<string> = new Set(['', 'model', 'response', 'output', 'answer', 'assistant', 'completion', 'conversation']);

/** A pairwise judge record (see pairwiseOf). */
interface Pairwise {
  question: Segment | undefined;
  /** The two responses, options A and B. */
  options: OptionItem[];
  /** The winner's position (0 for A, 1 for B), or -1 for a tie (no gold). */
  gold: number;
  /** The verdict's value (the answer's span). */
  verdict: SNode;
}

/**
 * A pairwise LLM-as-judge record: two responses to one prompt and which one won. Chatbot Arena / lmsys
 * `{question_id, model_a, model_b, winner: "model_a"|"model_b"|"tie"|"tie (bothbad)", conversation_a,
 * conversation_b}` (the responses: each conversation's last assistant turn; the question: the last user turn
 * before it); `{prompt|instruction|question, response_a, response_b, winner: "A"|"b"|"response_a"|"model_b"|…}`
 * (also `output_a`/`output_b`, `answer_a`/`answer_b`, `completion_a`/`completion_b`); AlpacaEval's
 * `{instruction, output_1, output_2, preference}` (1 is output_1, 2 is output_2; between them, 1.5, a tie);
 * `response_1`/`response_2`. The responses are options A and B in the record's order (letters implied: an empty
 * span at the key; each option's span from its key to the end of its value), the winner's letter the gold.
 *
 * The verdict is `winner`, else `preference`, else `label`: a string naming one of the two (a letter, or a noun and the
 * letter: `model_a`; for numbered keys also `1`/`2`, `output_1`), or "tie", "tie (bothbad)": a tie has no gold (the
 * record is read, and is neither exemplar nor test input); a `preference` number 1 or 2 (between them: a tie).
 * A `label` only as an integer 0 (A) or 1 (B), beside lettered keys, and only when there is nothing else it could
 * label: its record's other fields are a question (prompt, question, instruction, query, input), ids and model
 * names (PAIR_META_KEYS), or no strings. A verdict naming neither response (`"winner": "Alice"`), a record with
 * `chosen`/`rejected` (a preference record, preferenceOf), `vars`, two pairs of response keys, or a response that
 * is no string with text (or message list with an assistant turn with text) is no such record (undefined).
 */
function pairwiseOf(obj: SObject): Pairwise | undefined {
  const props = obj.props;
  // The pre-check: most records have no verdict key.
  let verdictProp: SProp | undefined;
  let rank = 3;
  for (let i = 0; i < props.length; i++) {
    const n = props[i]!.norm;
    if (!PAIR_VERDICT_KEYS.has(n) || props[i]!.value === undefined) continue;
    const r = n === 'winner' ? 0 : n === 'preference' ? 1 : 2;
    if (r < rank) {
      rank = r;
      verdictProp = props[i];
    }
  }
  if (!verdictProp) return undefined;
  let pair = -1;
  const responses: (SProp | undefined)[] = [undefined, undefined];
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const n = p.norm;
    if (n === 'chosen' || n === 'rejected' || n === 'vars') return undefined;
    const at = PAIR_RESPONSE_KEYS.get(n);
    if (at === undefined) continue;
    const thisPair = at >> 1;
    if (pair !== -1 && thisPair !== pair) return undefined;
    pair = thisPair;
    if (responses[at & 1] !== undefined) return undefined;
    responses[at & 1] = p;
  }
  if (!responses[0] || !responses[1]) return undefined;
  const numbered = pair >= NUMBERED_PAIR;
  const verdict = verdictProp.value!;
  let gold: number | undefined;
  if (rank === 2) {
    // `label`: 0 or 1, beside lettered keys, with nothing else to label.
    if (numbered || verdict.kind !== 'scalar' || (verdict.value !== 0 && verdict.value !== 1)) return undefined;
    let question = false;
    for (const p of props) {
      if (p === verdictProp || p === responses[0] || p === responses[1] || PAIR_META_KEYS.has(p.norm) || p.value?.kind !== 'string') continue;
      if (question || !PAIR_LABEL_QUESTION_KEYS.has(p.norm)) return undefined;
      question = true;
    }
    gold = verdict.value;
  } else if (verdict.kind === 'string') gold = winnerOf(verdict.seg.text, numbered);
  else if (rank === 1 && verdict.kind === 'scalar' && typeof verdict.value === 'number') {
    const v = verdict.value;
    gold = v === 1 ? 0 : v === 2 ? 1 : v > 1 && v < 2 ? -1 : undefined;
  }
  if (gold === undefined) return undefined;
  let question: Segment | undefined;
  const options: OptionItem[] = [];
  for (let slot = 0; slot < 2; slot++) {
    const p = responses[slot]!;
    const value = p.value;
    let text: Segment | undefined;
    if (value?.kind === 'string') text = value.seg;
    else if (value?.kind === 'array' && isMessageList(value)) {
      const messages = messagesOf(value);
      let last = messages.length - 1;
      while (last >= 0 && messages[last]!.role !== 'assistant') last--;
      if (last < 0) return undefined;
      text = messages[last]!.content;
      if (slot === 0) question = lastUserContent(messages.slice(0, last))?.trim();
    }
    if (text === undefined || !hasNonWhiteSpace(text.text)) return undefined;
    const start = p.span.start;
    options.push({ letter: LETTERS[slot]!, letterSpan: { start, end: start }, text: text.trim(), span: { start, end: value!.span.end } });
  }
  if (question === undefined) {
    const q = field(obj, QUESTION_KEYS)?.value;
    if (q?.kind === 'string' && hasNonWhiteSpace(q.seg.text)) question = q.seg.trim();
  }
  return { question, options, gold, verdict };
}

/** A pairwise winner as written: 0 (A), 1 (B), -1 (a tie), or undefined when it names neither response (see pairwiseOf). */
function winnerOf(written: string, numbered: boolean): number | undefined {
  const t = written.trim().toLowerCase().replace(/[_\-\s]/g, '');
  if (t === 'tie' || t === 'tie(bothbad)') return -1;
  const noun = t.slice(0, -1);
  if (!PAIR_WINNER_NOUNS.has(noun)) return undefined;
  const last = t.charAt(t.length - 1);
  if (last === 'a') return 0;
  if (last === 'b') return 1;
  if (numbered && last === '1') return 0;
  if (numbered && last === '2') return 1;
  return undefined;
}

/**
 * A pairwise judge record (pairwiseOf) as an exemplar: its responses the options, its winner the gold. A tie is read
 * but is no exemplar (nor a test input). No fix reorders the options (Exemplar.namesOptions): the winner field and the
 * model names beside it (`model_a`, `generator_1`) name the responses by their position in words no fix rewrites.
 */
function pairwiseRecord(pair: Pairwise, span: Span, index: number): RecordResult {
  if (pair.gold < 0) return { shape: 'record' };
  const ex = makeExemplar(index, span, pair.question, pair.options, undefined, undefined, undefined);
  const opt = pair.options[pair.gold]!;
  ex.answer = { letter: opt.letter, label: opt.text.text, span: pair.verdict.span };
  ex.namesOptions = true;
  return { shape: 'record', exemplar: ex };
}

const HUMAN = 'Human:';
const ASSISTANT = 'Assistant:';
/** What comes before every turn's marker but the first in an HH-RLHF transcript, and the markers with it. */
const TURN_BREAK = '\n\n';
const HUMAN_TURN = TURN_BREAK + HUMAN;
const ASSISTANT_TURN = TURN_BREAK + ASSISTANT;

/**
 * The conversation whose last assistant turn is a chat or transcript preference record's chosen
 * response (see preferenceOf): the prompt's messages then the chosen ones; a prompt string is the
 * user turn when the chosen messages have none.
 */
function preferenceMessages(p: Preference): Message[] {
  const chosen = p.chosenProp.value!;
  if (p.layout === 'transcript') return transcriptMessages((chosen as SString).seg);
  const own = messagesOf(chosen as SArray);
  const prompt = p.prompt;
  if (prompt?.kind === 'array') return messagesOf(prompt).concat(own);
  if (prompt?.kind === 'string' && !own.some((m) => m.role === 'user')) {
    const q = prompt.seg.trim();
    own.unshift({ role: 'user', content: q, span: q.sourceSpan() });
  }
  return own;
}

/**
 * The turns of an HH-RLHF transcript (`"\n\nHuman: …\n\nAssistant: …"`, which preferenceOf has
 * checked starts with `Human:`): Human and Assistant turns in turn, each running to the next
 * `\n\n` and the other's marker. A turn's role span is its marker (colon included), its content
 * trimmed, its span from the marker to the content's end.
 */
function transcriptMessages(seg: Segment): Message[] {
  const t = seg.text;
  const out: Message[] = [];
  let at = skipSpaces(t, 0);
  let user = true;
  for (;;) {
    const mark = user ? HUMAN : ASSISTANT;
    const next = t.indexOf(user ? ASSISTANT_TURN : HUMAN_TURN, at + mark.length);
    const end = next === -1 ? t.length : next;
    const roleSpan = seg.sourceSpan(at, at + mark.length);
    const content = seg.sliceTrimmed(at + mark.length, end);
    const contentEnd = content.text.length ? content.sourceEnd : roleSpan.end;
    out.push({ role: user ? 'user' : 'assistant', roleSpan, content, span: { start: roleSpan.start, end: Math.max(roleSpan.end, contentEnd) } });
    if (next === -1) return out;
    at = next + TURN_BREAK.length;
    user = !user;
  }
}

/** promptfoo: the expected value of an `equals`/`contains`/`starts-with` assertion. */
function assertedAnswer(obj: SObject): SString | undefined {
  return firstAssertion(obj, (type, value) => /^(?:equals|contains|icontains|starts-with)$/.test(type) && value.kind === 'string') as SString | undefined;
}

/** promptfoo: the expected value of an `equals` assertion that is an integer (`value: 2`), read only for numbered judge vars (numberedVarOptions). */
function assertedInteger(obj: SObject): SNode | undefined {
  return firstAssertion(obj, (type, value) => type === 'equals' && value.kind === 'scalar' && typeof value.value === 'number' && Number.isInteger(value.value));
}

/** The value of the first of a promptfoo test's `assert` items whose type (trimmed) and value `accept` takes. */
function firstAssertion(obj: SObject, accept: (type: string, value: SNode) => boolean): SNode | undefined {
  const asserts = field(obj, ASSERT_KEYS)?.value;
  if (asserts?.kind !== 'array') return undefined;
  for (const a of asserts.items) {
    if (a.kind !== 'object') continue;
    const type = field(a, TYPE_KEYS)?.value;
    const value = field(a, VALUE_KEYS)?.value;
    if (type?.kind === 'string' && value !== undefined && accept(type.seg.text.trim(), value)) return value;
  }
  return undefined;
}

/**
 * One record, as `recordFields` gives it (a LangSmith example: the record of its
 * inputs' and outputs' fields), as an exemplar (when it has a gold answer) or a
 * test input (a question without one). Adds the record's messages to the collector.
 * With `tagGolds` false, a TAG_LABEL_KEYS field is no gold (RecordList reads a
 * record so when its list's tags turn out to be one value); the record then adds
 * nothing to the collector, as a record with such a gold adds nothing either.
 */
export function recordOf(c: Collector, obj: SObject, index: number, tagGolds = true): RecordResult | undefined {
  // A preference record: its chosen response is the gold, its rejected one nothing (see preferenceOf).
  const preference = preferenceOf(obj);
  if (preference && preference.layout !== 'standard') {
    const exemplar = chatRecord(c, obj.span, preferenceMessages(preference), index);
    if (exemplar) exemplar.rejected = preference.rejected.span;
    return { shape: 'chat', exemplar };
  }
  // A pairwise judge record (Chatbot Arena's winner, AlpacaEval's preference): its responses are options A and B (see pairwiseOf).
  const pair = preference ? undefined : pairwiseOf(obj);
  if (pair) return pairwiseRecord(pair, obj.span, index);
  const list = messageListOf(obj);
  if (list) return { shape: 'chat', exemplar: chatRecord(c, obj.span, messagesOf(list), index) };
  // SycophancyEval's `{"prompt": [{"type": "human", "content": …}], "base": {…}}` (see typedPromptOf).
  const typed = preference ? undefined : typedPromptOf(obj);
  if (typed) return { shape: 'chat', exemplar: chatRecord(c, obj.span, typed, index) };
  // HellaSwag, PIQA, WinoGrande, COPA, SWAG, Social IQa, TruthfulQA (see hfChoiceOf).
  const hf = preference ? undefined : hfChoiceOf(obj);
  if (hf) return hfChoiceRecord(hf, obj.span, index);

  // promptfoo test case: fields live under `vars`, the gold answer may be an assertion.
  const vars = field(obj, VARS_KEYS)?.value;
  const fields = vars?.kind === 'object' ? vars : obj;
  const asserted = vars?.kind === 'object' ? assertedAnswer(obj) : undefined;
  // The expected answer is shown to no model, but it is an answer: prose like any other.
  if (asserted) c.addProse(asserted.seg);

  let questionProp = field(fields, QUESTION_KEYS);
  const optionsProp = field(fields, OPTION_KEYS);
  // (A preference record has no output or answer field: its chosen response is its output.)
  let outputField = preference ? { prop: preference.chosenProp, node: preference.chosenProp.value! } : goldField(fields, OUTPUT_KEYS);
  let answerProp = goldField(fields, ANSWER_KEYS)?.prop;
  // Anthropic's model-written evals: the answer matching the behaviour is the answer key (see behaviourGoldOf).
  const behaviour = answerProp || outputField ? undefined : behaviourGoldOf(fields);
  if (behaviour) answerProp = behaviour.matching;
  // KTO: the label says whether the completion is desirable, it is no gold (see ktoLabelOf).
  const kto = answerProp?.norm === 'label' && vars === undefined ? ktoLabelOf(obj) : undefined;
  if (kto === false) return undefined;
  if (kto === true) {
    const chat = ktoChat(obj);
    if (chat) return { shape: 'chat', exemplar: chatRecord(c, obj.span, chat, index) };
    answerProp = undefined;
  }
  // A judge's grade of the record's answer (`{"question", "answer", "grade": "PASS"}`): the grade is the gold, the
  // answer graded is no gold or output (see gradeOf). Not in a promptfoo test's vars, a preference or KTO record.
  const grade = vars === undefined && !preference && kto === undefined && !optionsProp ? gradeOf(fields) : undefined;
  if (grade) {
    answerProp = grade.grade;
    outputField = undefined;
    questionProp ??= grade.judged;
  }
  // A `labels` number next to a text being classified or a sentence pair, and no other gold: the record's
  // gold, as under `label` (a Trainer-ready `{"text", "labels": 3}`; a multi-label list, a string or a
  // boolean there is no gold, and a `labels` next to a question or problem is read as before: nothing).
  if (!answerProp && !outputField && vars === undefined && !optionsProp && (questionProp === undefined || LABEL_INPUT_SET.has(questionProp.norm))) {
    const labels = field(fields, LABELS_KEYS);
    if (
      labels?.value?.kind === 'scalar' &&
      typeof labels.value.value === 'number' &&
      (questionProp !== undefined || field(fields, LABEL_INPUT_KEYS)?.value?.kind === 'string' || pairQuestionOf(fields) !== undefined)
    )
      answerProp = labels;
  }
  // No answer or output field: a classifier's label field (`sentiment: positive`) may be the gold.
  let labelGold = !answerProp && !outputField && !asserted && !optionsProp ? labelGoldOf(fields, c.exampleVars, questionProp) : undefined;
  if (labelGold?.tag && !tagGolds) labelGold = undefined;
  if (labelGold) questionProp = labelGold.input;
  // A gold field and no question field or options: the text it labels is the question, as for a label
  // field (labelGoldOf): a fact-check record `{"claim": "…", "label": "SUPPORTS"}`, a review's `answer`.
  // Only for an exemplar: when the gold is none after all (an index without options, a list of differing
  // answers), the record is no test input (it was read as nothing before).
  let labelledInput = false;
  /** A sentence pair's two texts as one question (NLI `{premise, hypothesis, label}`, see pairQuestionOf). */
  let pairQuestion: Segment | undefined;
  if (!questionProp && answerProp && !optionsProp) {
    const input = field(fields, LABEL_INPUT_KEYS);
    if (input?.value?.kind === 'string') {
      questionProp = input;
      labelledInput = true;
    } else if (vars === undefined) {
      // (Not a promptfoo test's vars: its prompt inserts each var where it says.)
      pairQuestion = pairQuestionOf(fields);
      if (pairQuestion) labelledInput = true;
    }
  }
  let questionNode = questionProp?.value;
  let optionsNode = optionsProp?.value;
  if (questionNode?.kind === 'object') {
    // ARC: question: {stem, choices: [{label, text}]}
    optionsNode ??= field(questionNode, OPTION_KEYS)?.value;
    questionNode = field(questionNode, STEM_KEYS)?.value;
  }
  // OpenAI evals: `"input": [{"role": "system", …}, {"role": "user", …}]` is the chat the model is given.
  let inputChat = questionNode?.kind === 'array' && isMessageList(questionNode) ? messagesOf(questionNode) : undefined;
  // A prompt in a chat template whose last user turn the record's gold answers (`{"prompt": "<s>[INST] … [/INST]",
  // "completion": " positive </s>"}`, `{"prompt": "<|im_start|>user\n…<|im_end|>\n<|im_start|>assistant\n",
  // "completion": "positive<|im_end|>"}`): its turns are the chat the model is given, as an evals sample's
  // messages are (see chatTemplateTurns). Only when that turn is unanswered: a transcript with its own
  // answers beside a gold is read as before.
  if (!inputChat && questionNode?.kind === 'string' && (outputField || answerProp) && !optionsProp && vars === undefined) {
    const turns = chatTemplateTurns(questionNode.seg);
    if (turns && turns[turns.length - 1]!.role === 'user') inputChat = turns;
  }
  const question = inputChat ? lastUserContent(inputChat) : (pairQuestion ?? asString(questionNode)?.seg);
  const outputNode = outputField?.node;
  let answerNode = (answerProp ? (answerProp.value ?? answerProp.alias) : labelGold?.gold) ?? asserted;
  const rationale = asString(field(fields, RATIONALE_KEYS)?.value);
  // Hugging Face `choices: {text, label}`: lettered only when the gold field (if any) is one of the labels.
  const labelled = optionsNode?.kind === 'object' ? labelledChoices(optionsNode) : undefined;
  // Numbered candidate vars (`output_1`, `output_2`: numberedVarOptions), when they are the options.
  let numberedVars: OptionItem[] | undefined;
  let assertedNumber: SNode | undefined;
  let goldLabel = -1;
  if (labelled && answerNode) {
    const written = answerNode.kind === 'string' ? answerNode.seg.text : undefined;
    for (let i = 0; i < labelled.labels.length && written !== undefined; i++) if (labelled.labels[i]!.seg.text === written) goldLabel = i;
  }
  const options = labelled
    ? answerNode && goldLabel < 0
      ? []
      : labelled.options
    : optionsNode
      ? optionsOf(optionsNode)
      : (question && (flatOptionsFor(fields, answerNode ?? outputNode) ?? indexedOptionsFor(fields, answerNode ?? outputNode))) ||
        (vars === fields && c.promptLetterLabels ? candidateVarOptions(fields, c.promptLetterLabels, answerNode ?? outputNode) : undefined) ||
        (vars === fields && c.promptLetterLabels
          ? (numberedVars = numberedVarOptions(fields, c.promptLetterLabels, answerNode ?? outputNode ?? (assertedNumber = assertedInteger(obj))))
          : undefined) ||
        [];
  // `equals: 2` (a YAML number, which assertedAnswer does not read) is a numbered judge's gold.
  if (numberedVars && numberedVars === options && answerNode === undefined && outputNode === undefined) answerNode = assertedNumber;
  const givenOptions = options.length ? options : undefined;
  // `answer_index: 2` names the third option: without options (or as anything but an integer) it is no gold.
  if (answerProp !== undefined && INDEX_ANSWER_KEYS.has(answerProp.norm) && !(options.length && isIndexIn(answerNode, options.length))) answerNode = asserted;
  // A Hugging Face classification record `{"text": "…", "label": 1}` (or `"labels": 1`), or a sentence pair
  // `{"premise", "hypothesis", "label": 1}`: the id is a class id, or its name beside it is the label.
  const classId =
    (answerProp?.norm === 'label' || answerProp?.norm === 'labels') &&
    !outputField &&
    !asserted &&
    vars === undefined &&
    !inputChat &&
    !options.length &&
    (pairQuestion !== undefined || (questionProp !== undefined && LABEL_INPUT_SET.has(questionProp.norm)))
      ? classIdOf(fields, answerNode)
      : undefined;
  if (classId && classId !== answerNode) answerNode = classId;

  const answerString = goldString(answerNode);
  const output = asString(outputNode);
  const answerScalar = answerNode && answerNode.kind === 'scalar' ? answerNode : undefined;

  // A record whose only text is a chat transcript in a chat template (`{"text": "<s>[INST] … [/INST] … </s>"}`,
  // `{"text": "<|im_start|>user\n…<|im_end|>\n<|im_start|>assistant\n…<|im_end|>"}`, Llama 3's, Gemma's):
  // its turns are the record's chat, as a message list's are (see chatTemplateTurns).
  if (!output && !answerString && !answerScalar && !inputChat && question && questionProp && !options.length && vars === undefined) {
    const turns = chatTemplateTurns(question);
    if (turns) return { shape: 'chat', exemplar: chatRecord(c, obj.span, turns, index) };
  }

  // A whole prompt may carry its own demos (completion-style few-shot prompts).
  // Demos need a question line and an answer line, so single-line text is skipped.
  if (!inputChat && question && questionProp && PROMPT_KEYS.has(questionProp.norm) && question.text.includes('\n')) {
    c.addDemoSets(analyseText(question).exemplarSets);
  }

  if (!output && !answerString && !answerScalar) {
    if (inputChat) {
      // No gold: a message list like any other, its last user turn the test input.
      addMessageList(c, inputChat, false);
      return undefined;
    }
    if (!question || labelledInput) return undefined;
    // As in free text and chat lists: the test input is the whole question, options included.
    const text = question.trim();
    const testInput: TestInput = { text, span: obj.span, options: givenOptions ?? splitOptions(text).options };
    // Looked up only for a question with options, the only ones it is read for.
    const context = testInput.options.length > 1 ? contextOf(fields) : undefined;
    if (context) testInput.context = context;
    const inserted = vars === fields && c.promptVars ? insertedVarsOf(fields, c.promptVars, questionProp, optionsProp, testInput.options) : undefined;
    if (inserted) testInput.insertedVars = inserted;
    return { shape: 'record', testInput };
  }

  // The record's gold answers the input chat's last user turn (its question): its messages and their demos, no test input.
  if (inputChat) addMessageList(c, inputChat, true);
  // Both a free-text output and a gold field: the output is the rationale.
  // One of them: it is the output (it may hold a rationale and a final statement).
  const ex = buildExemplar({
    index,
    span: obj.span,
    question: question?.trim(),
    options: givenOptions,
    output: output ? withoutClosingTokens(output.seg) : answerString?.seg,
    answerField: output && answerString ? answerString.seg : undefined,
    rationaleField: rationale?.seg,
  });
  const numberedGold = numberedVars && numberedVars === options && answerNode ? goldNumber(answerNode, options.length) : undefined;
  if (numberedGold) {
    // `equals: 2`, "Output 2": the option at that number, by position (no letterSpan: the number is rewritten, positionAnswerEdit).
    const opt = options[numberedGold.index]!;
    ex.answer = { letter: opt.letter, label: opt.text.text, span: numberedGold.span };
  } else if (!ex.answer && answerScalar) {
    ex.answer = scalarAnswer(answerScalar, ex.options);
    if (ex.answer && classId === answerScalar && !ex.options.length) ex.answer.classId = true;
  } else if (labelled?.digits && goldLabel >= 0 && answerString) {
    // answerKey "2": the option labelled "2" (letter B, implied: the key is no letter to rewrite).
    const opt = options[goldLabel]!;
    ex.answer = { letter: opt.letter, label: opt.text.text, span: answerString.seg.sourceSpan() };
  }
  if (question && ex.options.length > 1) {
    const context = contextOf(fields);
    if (context) ex.context = context;
  }
  if (vars === fields && question && c.promptVars) {
    const inserted = insertedVarsOf(fields, c.promptVars, questionProp, optionsProp, ex.options);
    if (inserted) ex.insertedVars = inserted;
  }
  if (outputNode !== undefined && isAliasOf(fields, outputNode)) wholeAlias(ex, outputNode.span);
  if (answerNode !== undefined && isAliasOf(fields, answerNode)) wholeAlias(ex, answerNode.span);
  if (obj.refs) ex.yamlRefs = true;
  if (preference) ex.rejected = preference.rejected.span;
  else if (behaviour) ex.rejected = behaviour.notMatching.span;
  else if (answerProp?.norm === CORRECT_ANSWER_KEY) {
    // `{"question", "correct_answer": "(A)", "incorrect_answer": "(B)"}` (SycophancyEval's base records, and
    // datasets built from them): the incorrect answer names an option too, which no fix rewrites.
    const incorrect = field(fields, INCORRECT_ANSWER_KEYS)?.value;
    if (incorrect?.kind === 'string' || (incorrect?.kind === 'array' && incorrect.items.length !== 0 && incorrect.items.every((i) => i.kind === 'string'))) ex.rejected = incorrect.span;
  }
  // (A chat shape: the audit, which asks a record's question alone, refuses it rather than drop its other turns.)
  const result: RecordResult = { shape: inputChat ? 'chat' : 'record', exemplar: ex };
  if (labelGold?.tag && answerString) result.tagLabel = answerString.seg.text.trim().toLowerCase();
  return result;
}

const CORRECT_ANSWER_KEY = 'correctanswer';
const INCORRECT_ANSWER_KEYS = ['incorrectanswer'];
const MATCHING_KEYS = ['answermatchingbehavior'];
const NOT_MATCHING_KEYS = ['answernotmatchingbehavior'];

/**
 * The answer key of a record of Anthropic's model-written evals (github.com/anthropics/evals:
 * persona/, sycophancy/, advanced-ai-risk/): `{"question": "…", "answer_matching_behavior": " Yes",
 * "answer_not_matching_behavior": " No"}`, or `" (A)"` / `" (B)"` naming an option the question
 * lists (`Choices:\n (A) …\n (B) …`). The answer that matches the behaviour is the one the eval
 * checks for: its gold. Read only with `answer_not_matching_behavior` beside it (a string, or a list
 * of strings: PhilPapers' several non-matching answers), the pair that identifies the layout; that
 * one is the record's rejected answer (Exemplar.rejected): no fix reorders such a record's options.
 */
function behaviourGoldOf(fields: SObject): { matching: SProp; notMatching: SNode } | undefined {
  const matching = field(fields, MATCHING_KEYS);
  if (matching?.value?.kind !== 'string') return undefined;
  const notMatching = field(fields, NOT_MATCHING_KEYS)?.value;
  if (notMatching === undefined) return undefined;
  if (notMatching.kind === 'array') {
    if (notMatching.items.length === 0 || !notMatching.items.every((item) => item.kind === 'string')) return undefined;
  } else if (notMatching.kind !== 'string') return undefined;
  return { matching, notMatching };
}

/** Whether `node` is a YAML alias's resolved value in `fields` (SProp.alias). */
function isAliasOf(fields: SObject, node: SNode): boolean {
  for (const p of fields.props) if (p.alias === node) return true;
  return false;
}

/**
 * A gold read from a YAML alias (`output: *pos`) is reported at the whole alias: every span of
 * the exemplar inside it (the answer, its label and letter, the letters cited there) becomes the
 * alias's span (a part of the anchored text has no place of its own in the alias). The record is
 * marked yamlRefs (it has an alias), so no fix rewrites or moves it.
 */
function wholeAlias(ex: Exemplar, alias: Span): void {
  const inside = (s: Span | undefined): boolean => s !== undefined && s.start >= alias.start && s.end <= alias.end;
  const a = ex.answer;
  if (a) {
    if (inside(a.span)) a.span = alias;
    if (inside(a.labelSpan)) a.labelSpan = alias;
    if (inside(a.letterSpan)) a.letterSpan = alias;
  }
  for (const cite of ex.letterCitations) if (inside(cite.span)) cite.span = alias;
}

/** The content of the last user message (the turn a gold outside the messages answers). */
function lastUserContent(messages: readonly Message[]): Segment | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return undefined;
}

/**
 * A promptfoo test's vars that its prompts insert (`names`), besides the ones read as its question and
 * options: string values with text, trimmed. Not the vars read as another part of the record (its
 * context passage, gold, expected output or rationale) nor those a model never sees (NON_PROSE_KEYS).
 */
function insertedVarsOf(
  vars: SObject,
  names: ReadonlySet<string>,
  questionProp: SProp | undefined,
  optionsProp: SProp | undefined,
  options: readonly OptionItem[],
): Segment[] | undefined {
  let out: Segment[] | undefined;
  for (const p of vars.props) {
    if (p === questionProp || p === optionsProp || p.value?.kind !== 'string' || !names.has(p.key)) continue;
    // A var read as an option (candidateVarOptions: `a`, `b` of a judge's prompt) is one, not an inserted text.
    if (options.length !== 0 && isOptionProp(p, options)) continue;
    const k = p.norm;
    if (NON_PROSE_KEYS.has(k) || CONTEXT_KEYS.includes(k) || ANSWER_KEYS.includes(k) || OUTPUT_KEYS.includes(k) || RATIONALE_KEYS.includes(k)) continue;
    if (hasNonWhiteSpace(p.value.seg.text) && !isFileReference(p.value.seg.text)) (out ??= []).push(p.value.seg.trim());
  }
  return out;
}

/**
 * The names of the template variables in a promptfoo config's `prompts` (every string under the
 * root's `prompts` key: a template string, a list of them, `{raw|content|template}` objects, chat
 * messages; not `file://` references, whose variables are unknown). Undefined without `prompts`.
 */
export function promptVariables(root: SNode): Set<string> | undefined {
  if (root.kind !== 'object') return undefined;
  let prompts: SNode | undefined;
  for (const p of root.props) if (p.norm === 'prompts') prompts = p.value;
  if (!prompts) return undefined;
  const names = new Set<string>();
  const stack: SNode[] = [prompts];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'string') {
      if (!isFileReference(node.seg.text)) for (const v of findVariables(node.seg)) names.add(v.name);
    } else if (node.kind === 'array') for (const item of node.items) stack.push(item);
    else if (node.kind === 'object') for (const p of node.props) if (p.value) stack.push(p.value);
  }
  return names;
}

/** Whether one of `options` is the prop `p` (an option read from a record's own key: its span starts at the key). */
function isOptionProp(p: SProp, options: readonly OptionItem[]): boolean {
  for (let i = 0; i < options.length; i++) if (options[i]!.span.start === p.span.start) return true;
  return false;
}

/**
 * When a promptfoo config's `prompts` (the strings promptVariables reads) ask for a pick between lettered choices,
 * "A or B" (also "A, B or C", "A, B, C, or D", "A/B", with the letters quoted or in brackets: "'A' or 'B'", "(A) or
 * (B)"), MT-Bench's "[[A]]" and "[[B]]" both, or option lines "A) {{a}}" and "B) {{b}}" (OPTION_LINE_A), the letters that label each variable they insert: a capital A-J
 * standing alone in the text before its placeholder on its line ("Response A: {{a}}", "A) {{a}}") or, when the
 * placeholder starts its line, on the line before ("[The Start of Assistant A's Answer]" / "{{response_a}}"), as bits
 * (A is 1), by the variable's name. Undefined when no prompt asks for such a pick ("Plan A or B" counts, "a or b" and
 * "vitamin A or B12" do not). When a prompt asks for a pick between numbered candidates ("Output 1 or Output 2",
 * NUMBER_CHOICE; "[[1]]" and "[[2]]"), the digits 1-9 standing alone that label each variable, so, from bit DIGIT_LABEL_BIT.
 */
export function promptLetterLabels(root: SNode): ReadonlyMap<string, number> | undefined {
  if (root.kind !== 'object') return undefined;
  let prompts: SNode | undefined;
  for (const p of root.props) if (p.norm === 'prompts') prompts = p.value;
  if (!prompts) return undefined;
  const texts: string[] = [];
  let choice = false;
  let numbered = false;
  const stack: SNode[] = [prompts];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'string') {
      const t = node.seg.text;
      if (!t.includes('{{')) continue;
      texts.push(t);
      // Both patterns need an "A" and a "B": most prompts' text is done after these two searches.
      if (!choice && t.includes('A') && t.includes('B')) {
        choice = LETTER_CHOICE.test(t) || (t.includes('[[A]]') && t.includes('[[B]]')) || (OPTION_LINE_A.test(t) && OPTION_LINE_B.test(t));
      }
      // A pick between numbered candidates: "Output 1 or Output 2", "[[1]]" and "[[2]]" (a "1" and a "2" first).
      if (!numbered && t.includes('1') && t.includes('2')) numbered = NUMBER_CHOICE.test(t) || (t.includes('[[1]]') && t.includes('[[2]]'));
    } else if (node.kind === 'array') for (const item of node.items) stack.push(item);
    else if (node.kind === 'object') for (const p of node.props) if (p.value) stack.push(p.value);
  }
  if (!choice && !numbered) return undefined;
  const out = new Map<string, number>();
  for (const t of texts) {
    PLACEHOLDER.lastIndex = 0;
    for (let m = PLACEHOLDER.exec(t); m; m = PLACEHOLDER.exec(t)) {
      const lineStart = t.lastIndexOf('\n', m.index - 1) + 1;
      let before = t.slice(lineStart, m.index);
      // A placeholder alone at its line's start: its label is the line before.
      if (before.trim() === '' && lineStart > 0) before = t.slice(t.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
      let bits = 0;
      if (choice) {
        LABEL_LETTER.lastIndex = 0;
        for (let l = LABEL_LETTER.exec(before); l; l = LABEL_LETTER.exec(before)) bits |= 1 << (l[1]!.charCodeAt(0) - 65);
      }
      if (numbered) {
        LABEL_DIGIT.lastIndex = 0;
        for (let l = LABEL_DIGIT.exec(before); l; l = LABEL_DIGIT.exec(before)) bits |= 1 << (DIGIT_LABEL_BIT + l[1]!.charCodeAt(0) - 49);
      }
      if (bits !== 0) out.set(m[1]!, (out.get(m[1]!) ?? 0) | bits);
    }
  }
  return out;
}

/**
 * A multiple-choice prompt's option lines for A and B, each only its letter and a placeholder ("A) {{a}}", "(B) {{b}}",
 * "B. {{option_b}}"): the prompt asks for a pick between them even when it says so in other words ("Answer with the
 * letter only.", s26 formats hunt pf-mcq-a).
 */
const OPTION_LINE_A = /^[ \t]*(?:\(A\)|A[).:])[ \t]*\{\{[^{}\n]+\}\}[ \t]*$/m;
const OPTION_LINE_B = /^[ \t]*(?:\(B\)|B[).:])[ \t]*\{\{[^{}\n]+\}\}[ \t]*$/m;

/** A nunjucks placeholder, `{{ name }}` (with filters: `{{ name | trim }}`); group 1 the name. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*(?:\|[^{}\n]*)?\}\}/g;
/** A capital A-J standing alone ("Response A:", "A)", "(A)", "Assistant A's"); group 1 the letter. */
const LABEL_LETTER = /(?<![\w'’])([A-J])(?![\w])/g;

/**
 * "A or B", "A, B or C", "A, B, C, or D", "A/B", "'A' or 'B'", "(A) or (B)", "A or B or tie": capitals from A standing alone,
 * each but the last after a comma, the last after "or" (or all after "/").
 */
const LETTER_CHOICE = /(?<![\w'’])["'“‘(\[]?A["'”’)\]]?(?:(?:\s*,\s*["'“‘(\[]?[B-J]["'”’)\]]?)*,?\s+or\s+|\s*\/\s*)["'“‘(\[]?[B-J]["'”’)\]]?(?![\w'’])/;

/** A digit 1-9 standing alone ("Output 1:", "(2)", "[The Start of Response 2]"; not "1.5", "v2", "12"); group 1 the digit. */
const LABEL_DIGIT = /(?<![\w.,'’])([1-9])(?![\w]|[.,]\d)/g;
/** The bit of digit 1 in promptLetterLabels' masks (letters take bits 0-9: A is 1). */
const DIGIT_LABEL_BIT = 16;
/**
 * A pick between numbered candidates: a candidate's noun and 1, then the others after commas and the last after "or",
 * each with the noun or not ("Output 1 or Output 2", "Response 1 or 2", "Answer 1, 2 or 3", "output (1) or (2)").
 * Not a bare "1 or 2" (a rubric's "give 1 or 2 points"), nor "Step 1 or Step 2".
 */
const NUMBER_CHOICE =
  /\b(?:output|response|answer|completion|summary|candidate|assistant|reply|generation|model)s?\s+["'“‘(\[]?1["'”’)\]]?(?:\s*,\s*(?:[a-z]+\s+)?["'“‘(\[]?[2-9]["'”’)\]]?)*,?\s+or\s+(?:[a-z]+\s+)?["'“‘(\[]?[2-9]["'”’)\]]?(?![\w]|[.,]\d)/i;

/** The nouns of a promptfoo judge's candidate vars: `a`, `response_a`, `output_a`, `answer_a`, … (candidateVarOptions). */
const CANDIDATE_VAR_NOUNS: ReadonlySet<string> = new Set(['', 'response', 'output', 'answer', 'model', 'completion', 'summary', 'candidate', 'assistant', 'reply', 'generation']);

/**
 * A promptfoo test's vars that hold the responses its judge prompt compares, as options A, B, …: keys of one noun
 * (CANDIDATE_VAR_NOUNS, none for `a`/`b`) followed by the letters a, b, c, … in order (`response_a`, `response_b`;
 * `a`, `b`; `outputA`, `outputB`; normKey's form), at least two, each a string with text that the prompts insert
 * under its own letter (`labels`, promptLetterLabels: "Response A: {{a}}", "B) {{b}}"). So only when the prompts ask
 * for a pick between lettered choices: `{{a}} + {{b}}` in a calculator's prompt is no such pick, nor are a grader's
 * "First reviewer: {{a}}" and "Second reviewer: {{b}}". And only when the test's gold names one of them by its letter (`equals: B`,
 * "[[B]]", "(B)") or the test has no gold. Another key of the noun with a letter out of order (`response_c` without
 * `response_b`, `b` before `a`) means no options. The letters are implied (an empty span at the key's start, as for
 * BBQ's `ans0` keys): no fix rewrites a key.
 */
function candidateVarOptions(vars: SObject, labels: ReadonlyMap<string, number>, gold: SNode | undefined): OptionItem[] | undefined {
  return judgeVarOptions(vars, labels, gold, false);
}

/**
 * A promptfoo test's vars that hold the responses a judge prompt compares by number, as options A, B, … (positions 1,
 * 2, …): as candidateVarOptions, with keys of one noun (not none) followed by the digits 1, 2, … in order (`output_1`,
 * `output_2`; `response1`, …), each inserted under its own number ("Output 1: {{output_1}}") by a prompt that asks
 * for a pick between the numbered candidates (NUMBER_CHOICE, or "[[1]]" and "[[2]]"). Only when the test's gold names one of
 * them by its number (goldNumber: `equals: 2`, "2", "Output 2", "[[2]]") or there is none. Its gold is then the
 * option at that position, with no letterSpan (as a numbered judge demo's verdict): a fix rewrites the number.
 */
function numberedVarOptions(vars: SObject, labels: ReadonlyMap<string, number>, gold: SNode | undefined): OptionItem[] | undefined {
  return judgeVarOptions(vars, labels, gold, true);
}

/**
 * candidateVarOptions (`numbered` false: keys end in the letters a, b, …, labels' bits from 0, the noun may be none)
 * and numberedVarOptions (`numbered`: keys end in the digits 1, 2, …, labels' bits from DIGIT_LABEL_BIT, a noun needed).
 */
function judgeVarOptions(vars: SObject, labels: ReadonlyMap<string, number>, gold: SNode | undefined, numbered: boolean): OptionItem[] | undefined {
  const first = numbered ? 49 : 97;
  const count = numbered ? 9 : LETTERS.length;
  const bit = numbered ? DIGIT_LABEL_BIT : 0;
  let out: OptionItem[] | undefined;
  let noun: string | undefined;
  const props = vars.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const k = p.norm;
    const last = k.charCodeAt(k.length - 1) - first;
    if (last < 0 || last >= count) continue;
    const thisNoun = k.slice(0, -1);
    if ((numbered && thisNoun === '') || !CANDIDATE_VAR_NOUNS.has(thisNoun)) continue;
    if (noun !== undefined && thisNoun !== noun) continue;
    const n = out === undefined ? 0 : out.length;
    const value = p.value;
    if (last !== n || value?.kind !== 'string' || !hasNonWhiteSpace(value.seg.text) || ((labels.get(p.key) ?? 0) & (1 << (bit + n))) === 0) return undefined;
    noun = thisNoun;
    const start = p.span.start;
    (out ??= []).push({ letter: LETTERS[n]!, letterSpan: { start, end: start }, text: value.seg.trim(), span: { start, end: value.span.end } });
  }
  if (out === undefined || out.length < 2) return undefined;
  if (gold === undefined) return out;
  return (numbered ? goldNumber(gold, out.length) !== undefined : goldNamesLetter(gold, out.length)) ? out : undefined;
}

/**
 * The position (0-based) a numbered judge's gold names among `n` candidates, and the span of its number: an integer
 * 1..n (`equals: 2`), or a string that is the number alone, in brackets ("(2)", "[[2]]") or after a candidate's noun
 * ("Output 2", "response 2"). Undefined for anything else ("2.0", "Output 2 is better").
 */
function goldNumber(gold: SNode, n: number): { index: number; span: Span } | undefined {
  if (gold.kind === 'scalar') {
    const v = gold.value;
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= n && /^[1-9]$/.test(gold.raw) ? { index: v - 1, span: gold.span } : undefined;
  }
  if (gold.kind !== 'string') return undefined;
  const m = NUMBERED_GOLD.exec(gold.seg.text);
  if (!m) return undefined;
  const index = m[1]!.charCodeAt(0) - 49;
  if (index >= n) return undefined;
  // (Nothing before the number holds a digit: it is the text's first.)
  const at = gold.seg.text.search(/[1-9]/);
  return { index, span: gold.seg.sourceSpan(at, at + 1) };
}

/** A numbered gold: the number alone, in brackets, or after a candidate's noun; group 1 the digit. */
const NUMBERED_GOLD = /^\s*(?:(?:output|response|answer|completion|summary|candidate|assistant|reply|generation|model)\s*)?(?:\[\[|\()?([1-9])(?:\]\]|\))?\s*$/i;

/** Whether a gold is one of the first `n` letters alone, or in brackets: "B", " B ", "(B)", "[[B]]". */
function goldNamesLetter(gold: SNode, n: number): boolean {
  if (gold.kind !== 'string') return false;
  const t = gold.seg.text.trim();
  const at = t.startsWith('[[') ? 2 : t.startsWith('(') ? 1 : 0;
  const c = t.charCodeAt(at) - 65;
  if (c < 0 || c >= n) return false;
  const close = t.slice(at + 1);
  return at === 2 ? close === ']]' : at === 1 ? close === ')' : close === '';
}

/** A record's context field (a string with text besides white space), trimmed. */
function contextOf(fields: SObject): Segment | undefined {
  const node = field(fields, CONTEXT_KEYS)?.value;
  return node?.kind === 'string' && hasNonWhiteSpace(node.seg.text) ? node.seg.trim() : undefined;
}

/** A chat record (the object at `span`) made of `messages`: its messages added, and its exemplar if the last user turn is answered. */
function chatRecord(c: Collector, span: Span, messages: Message[], index: number): Exemplar | undefined {
  let lastAssistant = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'assistant') {
      lastAssistant = i;
      break;
    }
  }
  let lastUser = -1;
  for (let i = (lastAssistant === -1 ? messages.length : lastAssistant) - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  let userAfter = false;
  for (let i = lastAssistant + 1; i < messages.length; i++) if (messages[i]!.role === 'user') userAfter = true;
  const answered = lastAssistant !== -1 && lastUser !== -1 && !userAfter;
  addMessageList(c, messages, answered);
  if (!answered) return undefined;
  const u = messages[lastUser]!;
  // (The reply without the control tokens that close it: `"positive</s>"`, `"(B)<|eot_id|>"`.)
  const reply = withoutClosingTokens(messages[lastAssistant]!.content);
  const ex = makeExemplar(index, span, u.content.trim(), undefined, reply.trim(), undefined, undefined);
  // A conversation whose assistant has already replied in prose is no classifier's demo: its last
  // reply ("You're welcome!" after "Great, thanks!") is a turn of the conversation, not a label.
  if (ex.answer?.label !== undefined && ex.answer.letter === undefined) {
    const prose = proseReplies(messages, lastUser);
    if (prose) {
      proseDropped.set(ex, { answer: ex.answer, rationale: ex.rationale, prose });
      ex.answer = undefined;
      ex.rationale = ex.output;
    } else if (hasAssistantTurnBefore(messages, lastUser) && isCourtesyReply(reply.text)) {
      // A closing courtesy after a short earlier reply ("Checking now.", then "Thanks!" / "You're
      // welcome!"): no class label, whatever the earlier replies' length (nothing to give back). The turn test
      // first: reading the reply's text makes its string, which a one-turn record (most datasets) never needs.
      ex.answer = undefined;
      ex.rationale = ex.output;
    }
  }
  return ex;
}

/**
 * Replies to thanks, and nothing else, as isCourtesyReply compares them: lower case, straight
 * apostrophes, without the punctuation, smileys and emoji that close them.
 */
const COURTESY_REPLIES = new Set([
  "you're welcome", 'you are welcome', "you're very welcome", "you're most welcome", 'welcome',
  'no problem', 'no problem at all', 'no worries', 'anytime', 'any time', 'my pleasure', "it's my pleasure", 'it was my pleasure',
  'glad to help', 'glad i could help', 'happy to help', 'happy i could help', 'always happy to help', 'sure thing', "don't mention it",
]);

/** What closes a courtesy reply: white space, punctuation, a smiley or an emoji. */
const COURTESY_CLOSE = /[\s!.,;:)(\-~*]*(?:[:;]-?[)dp]|\p{Extended_Pictographic}|\uFE0F|[\s!.,~])*$/u;

/**
 * Whether `text` is only a reply to thanks: "You're welcome!", "No problem.", "Anytime :)", "My
 * pleasure", "Glad I could help! 😊". No classifier labels its inputs so: after an earlier assistant
 * turn, it closes a conversation (chatRecord).
 */
function isCourtesyReply(text: string): boolean {
  if (text.length > 48) return false;
  const t = text.trim().toLowerCase().replace(/\u2019/g, "'").replace(COURTESY_CLOSE, '');
  return COURTESY_REPLIES.has(t.replace(/\s+/g, ' '));
}

/** Whether an assistant turn comes before message `before`. */
function hasAssistantTurnBefore(messages: readonly Message[], before: number): boolean {
  for (let i = 0; i < before; i++) if (messages[i]!.role === 'assistant') return true;
  return false;
}

/**
 * A chat exemplar whose label chatRecord dropped for the prose replies before it (each as the
 * exchange up to it: proseReplies) and what it had before: RecordList.finish gives the label back
 * when every one of them is an exchange most records of the list repeat word for word. An
 * acknowledgement of a template's instruction, the same in every record ("reply with the category
 * only." / "Understood, send the first ticket whenever you are ready."), is the setup, not a
 * conversation; a canned reply to different questions is still a conversation's turn.
 */
const proseDropped = new WeakMap<Exemplar, { answer: AnswerRef; rationale: Segment | undefined; prose: string[] }>();

/** Give back the labels proseDropped holds whose prose replies at least half of `exemplars`, and 3, repeat. */
function restoreTemplateLabels(exemplars: readonly Exemplar[]): void {
  let dropped = false;
  for (const e of exemplars) if (proseDropped.has(e)) dropped = true;
  if (!dropped) return;
  const counts = new Map<string, number>();
  for (const e of exemplars) {
    const d = proseDropped.get(e);
    if (d) for (const t of d.prose) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const min = Math.max(3, Math.ceil(exemplars.length / 2));
  for (const e of exemplars) {
    const d = proseDropped.get(e);
    if (!d || !d.prose.every((t) => counts.get(t)! >= min)) continue;
    e.answer = d.answer;
    e.rationale = d.rationale;
  }
}

/**
 * The assistant turns before `before` that reply in prose, undefined when none does: more than
 * four words (a label has at most four), not ending in a question (a clarifying question: "Which
 * product is it about?"). Each as the exchange up to it (every message's role and trimmed text,
 * from the first): records that repeat it repeat the turn and all that leads to it.
 */
function proseReplies(messages: readonly Message[], before: number): string[] | undefined {
  let out: string[] | undefined;
  for (let i = 0; i < before; i++) {
    const m = messages[i]!;
    if (m.role !== 'assistant') continue;
    const text = m.content.text.trim();
    if (text.endsWith('?')) continue;
    let words = 0;
    for (const w of text.split(/\s+/)) {
      if (w && ++words > 4) {
        let exchange = '';
        for (let j = 0; j <= i; j++) exchange += messages[j]!.role + '\u0000' + messages[j]!.content.text.trim() + '\u0000';
        (out ??= []).push(exchange);
        break;
      }
    }
  }
  return out;
}

/** Role names as ROLE_NAMES has them, to match a role in the source without a copy. */
const ROLE_NAME_LIST = [...ROLE_NAMES.keys()];
const ROLE_NAME_ROLES = [...ROLE_NAMES.values()];

/** The role the role string token text[start, end) names (`escaped`: it has escapes). */
function tokenRole(text: string, start: number, end: number, escaped: number): Role | undefined {
  if (escaped) return roleNamed(jsonStringSegment(text, start, end).text);
  const len = end - start - 2;
  for (let k = 0; k < ROLE_NAME_LIST.length; k++) {
    const name = ROLE_NAME_LIST[k]!;
    if (name.length === len && sameChars(text, start + 1, name)) return ROLE_NAME_ROLES[k];
  }
  return roleNamed(text.slice(start + 1, end - 1)); // other spellings: " User", "ASSISTANT"
}

/** The string token text[start, end) as a Segment (`escaped`: it has escapes), as the tree parsers decode it. */
function tokenSegment(text: string, start: number, end: number, escaped: number): Segment {
  return escaped ? jsonStringSegment(text, start, end) : new Segment(text.slice(start + 1, end - 1), start + 1);
}

/**
 * The messages of the chat line being added (reused, not reallocated per line:
 * each message goes on to the collector, the list itself to no one). Emptied by
 * endChatLines when the document is done, so it keeps none alive.
 */
const lineMessages: Message[] = [];

/** Let go of the last chat line's messages (see lineMessages). */
export function endChatLines(): void {
  lineMessages.length = 0;
}

/**
 * A message of a JSONL chat line: its spans are made when read, from the offsets it keeps.
 */
class ChatLineMessage implements Message {
  declare readonly role: Role;
  declare readonly content: Segment;
  private declare readonly start: number;
  private declare readonly end: number;
  private declare readonly roleStart: number;
  private declare readonly roleEnd: number;
  constructor(role: Role, content: Segment, start: number, end: number, roleStart: number, roleEnd: number) {
    this.role = role;
    this.content = content;
    this.start = start;
    this.end = end;
    this.roleStart = roleStart;
    this.roleEnd = roleEnd;
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
  get roleSpan(): Span {
    return { start: this.roleStart, end: this.roleEnd };
  }
  /** As the message literal it stands for (same fields, same order): a document serialises as before. */
  toJSON(): Message {
    return { role: this.role, roleSpan: this.roleSpan, content: this.content, span: this.span };
  }
}

/** Roles of the messages of the chat line being added (reused, not reallocated per line). */
const lineRoles: Role[] = [];

/**
 * A JSONL chat line found by `scanChatLine`, straight from its tokens: what
 * `collectProse` and `RecordList.add` make of its tree, without the tree.
 * False (having added nothing) when a role is not one a message list has: the
 * line is not a message list, so the caller takes the tree path.
 */
export function addChatLine(c: Collector, records: RecordList, text: string, tokens: ChatLineTokens): boolean {
  const t = tokens.messages;
  const n = tokens.count;
  // The first `same` messages are the line before's, character for character (chatLine): their
  // roles are in lineRoles already, and their contents' texts are its messages' (kept, not sliced again).
  const same = tokens.same;
  for (let i = same; i < n; i++) {
    const at = i * CHAT_TOKEN_STRIDE;
    const role = tokenRole(text, t[at + 2]!, t[at + 3]!, t[at + 4]!);
    if (!role) {
      tokens.prefix = ''; // lineRoles and lineMessages are not this line's: the next line reads all its messages
      return false;
    }
    lineRoles[i] = role;
  }
  const messages = lineMessages;
  // (Most lines of a dataset have as many messages as the one before: no length change to make.)
  if (messages.length !== n) messages.length = n;
  for (let i = 0; i < n; i++) {
    const at = i * CHAT_TOKEN_STRIDE;
    const roleStart = t[at + 2]!;
    const roleEnd = t[at + 3]!;
    // A role's source span as the tree path makes it (`seg.sourceSpan()`): the text between the quotes when plain.
    const roleSpan = t[at + 4] ? jsonStringSegment(text, roleStart, roleEnd).sourceSpan() : undefined;
    const contentStart = t[at + 5]!;
    const contentEnd = t[at + 6]!;
    // (As tokenSegment makes it; a system prompt repeated from the line before shares its string.)
    const content = t[at + 7]
      ? jsonStringSegment(text, contentStart, contentEnd)
      : i < same
        ? c.knownStringSegment(messages[i]!.content.text, contentStart)
        : c.plainStringSegment(text, contentStart, contentEnd);
    // One object with the spans' offsets, not a literal with two span objects (136 bytes in three
    // objects, 72 in one). V8 allocated the literals straight in the old generation (it pretenures
    // literal sites whose objects live on, not class instances), which saved their scavenge copies but
    // cost every store a write barrier and the lint fresh pages: on the 10 MiB bench JSONL, steady lints
    // (bench/engine-steady.mjs, 4 alternating processes each) went from 208-220 to 192-208 ms CPU median,
    // page faults 7,450-7,840 -> 6,050-6,500 per lint; at 1 MiB 14.9-16.5 -> 14.6-16.0 ms.
    messages[i] = roleSpan
      ? new ChatLineMessage(lineRoles[i]!, content, t[at]!, t[at + 1]!, roleSpan.start, roleSpan.end)
      : new ChatLineMessage(lineRoles[i]!, content, t[at]!, t[at + 1]!, roleStart + 1, roleEnd - 1);
    // collectProse: contents are prose; a role (a role name) has neither prose nor variables.
    if (!isFileReference(content.text)) c.addProse(content);
  }
  const ex = chatRecord(c, { start: tokens.start, end: tokens.end }, messages, 0);
  if (ex) records.addExemplar('chat', ex);
  return true;
}

/**
 * Records of an array or a JSONL file: exemplars grouped by shape into sets of
 * one kind, test inputs for records without an answer.
 */
export class RecordList {
  private readonly byShape = new Map<ExemplarShape, Exemplar[]>();
  /** The tag label (RecordResult.tagLabel) of the list's first record with one. */
  private tag: string | undefined;
  /** Whether two records' tag labels differ: the tags are then a label set, read as golds. */
  private tagsDiffer = false;
  /**
   * Until they differ, the exemplars read from a tag and what each record is without it (a
   * test input, or nothing): a list whose tags are all one value is a corpus filed under one
   * topic or category, not a classifier's demos (`{"text", "topic": "politics"}` x 4).
   */
  private tagged: { exemplar: Exemplar; untagged: TestInput | undefined }[] = [];
  /**
   * The texts of the records read as nothing so far, while each is a profile (profileTextOf) and no record
   * was read as anything: a bio or persona set, read as outputs at the end (addProfileSet).
   */
  private profiles: ProfileText[] = [];
  /** Whether a record was read as something, or was neither that nor a profile: then the list is no profile set. */
  private notProfiles = false;

  constructor(
    private readonly c: Collector,
    private readonly kind: ExemplarSet['kind'],
  ) {}

  /** A record, as `recordFields` gives it. */
  add(obj: SObject): void {
    const r = recordOf(this.c, obj, 0);
    if (r?.tagLabel !== undefined && !this.tagsDiffer) {
      if (this.tag === undefined) this.tag = r.tagLabel;
      if (r.tagLabel !== this.tag) {
        this.tagsDiffer = true;
        this.tagged = [];
      } else {
        // Read again without tag golds (no side effects: such a record adds nothing to the collector).
        this.tagged.push({ exemplar: r.exemplar!, untagged: recordOf(this.c, obj, 0, false)?.testInput });
      }
    }
    if (r === undefined && !this.notProfiles) {
      const p = profileTextOf(obj);
      if (p) this.profiles.push(p);
      else this.endProfiles();
    }
    this.addResult(r);
  }

  /** The list is no profile set (see `profiles`). */
  private endProfiles(): void {
    this.notProfiles = true;
    if (this.profiles.length) this.profiles = [];
  }

  /** A record already recognised (by `recordOf` or a fast path that gives the same result). */
  addResult(r: RecordResult | undefined): void {
    if (!r) return;
    if (!this.notProfiles) this.endProfiles();
    if (r.testInput) this.c.testInputs.push(r.testInput);
    if (r.exemplar) this.addExemplar(r.shape, r.exemplar);
  }

  /** An exemplar of a record (numbered within its shape's set). */
  addExemplar(shape: ExemplarShape, exemplar: Exemplar): void {
    if (!this.notProfiles) this.endProfiles();
    const list = this.byShape.get(shape) ?? [];
    exemplar.index = list.length;
    list.push(exemplar);
    this.byShape.set(shape, list);
  }

  finish(): void {
    // Records that are all profiles of one key, and nothing else: a bio or persona set (see addProfileSet).
    if (!this.notProfiles && this.profiles.length > 0) addProfileSet(this.c, this.profiles, this.kind);
    this.profiles = [];
    this.notProfiles = false;
    if (!this.tagsDiffer && this.tagged.length > 0) this.untag();
    this.tag = undefined;
    this.tagsDiffer = false;
    this.tagged = [];
    for (const [shape, exemplars] of this.byShape) {
      if (shape === 'chat') restoreTemplateLabels(exemplars);
      this.c.exemplarSets.push(exemplarSet(shape, this.kind, exemplars));
    }
    this.byShape.clear();
  }

  /** The records whose tags are all one value are no demos: they are what they are without it. */
  private untag(): void {
    const tagged = new Set<Exemplar>();
    for (const t of this.tagged) {
      tagged.add(t.exemplar);
      if (t.untagged) this.c.testInputs.push(t.untagged);
    }
    for (const [shape, exemplars] of this.byShape) {
      const kept = exemplars.filter((e) => !tagged.has(e));
      if (kept.length === exemplars.length) continue;
      for (let i = 0; i < kept.length; i++) kept[i]!.index = i;
      if (kept.length) this.byShape.set(shape, kept);
      else this.byShape.delete(shape);
    }
  }
}

// ---------------------------------------------------------------------------
// Output-only records: bio and persona sets, lists of example strings

/**
 * The text of a record of a bio or persona set: its one string under PROFILE_TEXT_KEYS, of at least
 * MIN_PROFILE_WORDS words, in a record with no field of another shape (NOT_PROFILE_KEYS). Undefined for any
 * other record.
 */
export function profileTextOf(obj: SObject): ProfileText | undefined {
  let found: SProp | undefined;
  const props = obj.props;
  for (let i = 0; i < props.length; i++) {
    const q = props[i]!;
    if (!PROFILE_TEXT_KEYS.includes(q.norm)) continue;
    if (found !== undefined || q.value?.kind !== 'string') return undefined;
    found = q;
  }
  if (found === undefined || hasField(obj, NOT_PROFILE_KEYS)) return undefined;
  const text = (found.value as SString).seg.trim();
  if (wordCount(text.text) < MIN_PROFILE_WORDS || isFileReference(text.text)) return undefined;
  let named = false;
  let pronoun = false;
  if (found.norm === 'description') {
    const name = field(obj, PERSON_NAME_KEYS)?.value;
    named = name?.kind === 'string' && PERSON_NAME.test(name.seg.text.trim());
    pronoun = PERSON_PRONOUN.test(text.text);
  }
  return { key: found.norm, text, span: obj.span, named, pronoun };
}

function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhiteSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * Adds a set of output-only exemplars (shape `outputs`), one per record, when `profiles` are the texts of a
 * whole list of at least MIN_OUTPUT_ITEMS records that are all profiles under one key (profileTextOf). Each
 * exemplar spans its record; its output is the text. A `description` is a profile only in a list whose every
 * record names a person and more than half of whose descriptions say "she" or "he" (a catalogue's
 * `{"name", "description"}` does not); as a description is no prose elsewhere (NON_PROSE_KEYS), these are
 * then prose. Returns whether it added the set.
 */
export function addProfileSet(c: Collector, profiles: readonly ProfileText[], kind: ExemplarSet['kind']): boolean {
  if (profiles.length < MIN_OUTPUT_ITEMS) return false;
  const key = profiles[0]!.key;
  let pronouns = 0;
  for (const p of profiles) {
    if (p.key !== key) return false;
    if (key === 'description' && !p.named) return false;
    if (p.pronoun) pronouns++;
  }
  if (key === 'description' && pronouns * 2 <= profiles.length) return false;
  const exemplars: Exemplar[] = new Array<Exemplar>(profiles.length);
  for (let i = 0; i < profiles.length; i++) exemplars[i] = outputOnlyExemplar(i, profiles[i]!.span, profiles[i]!.text);
  if (NON_PROSE_KEYS.has(key)) for (const p of profiles) c.addProse(p.text);
  c.exemplarSets.push(exemplarSet('outputs', kind, exemplars));
  return true;
}

/**
 * Adds the strings of an `examples` list (DEMO_LIST_KEYS) as output-only demos (shape `outputs`, kind `demos`),
 * one per string, spanning its text (trimmed): a prompt's examples of what to write, `{"examples": ["Sarah is a
 * caring nurse …", …]}`. Only a list of at least MIN_OUTPUT_ITEMS items that are all strings with text, none of them
 * a file reference or a template variable alone, and none holding a demo's field (hasFieldLabelLine: "Input: …",
 * "Q: …"). Returns whether it added the set.
 */
export function addStringExamples(c: Collector, items: readonly SNode[]): boolean {
  if (items.length < MIN_OUTPUT_ITEMS) return false;
  const texts: Segment[] = [];
  for (const item of items) {
    if (item.kind !== 'string') return false;
    const text = item.seg.trim();
    if (text.text.length === 0 || isFileReference(text.text) || ONLY_VARIABLE.test(text.text) || hasFieldLabelLine(text.text)) return false;
    texts.push(text);
  }
  const exemplars: Exemplar[] = texts.map((t, i) => outputOnlyExemplar(i, t.sourceSpan(), t));
  c.exemplarSets.push(exemplarSet('outputs', 'demos', exemplars));
  return true;
}

/** A string that is only a template variable ("{{bio}}", "{bio}", "${bio}"). */
const ONLY_VARIABLE = /^(?:\{\{[^}]*\}\}|\{[A-Za-z_]\w*\}|\$\{[^}]*\})$/;

export function exemplarSet(shape: ExemplarShape, kind: ExemplarSet['kind'], exemplars: Exemplar[]): ExemplarSet {
  return { shape, kind, span: { start: exemplars[0]!.span.start, end: exemplars[exemplars.length - 1]!.span.end }, exemplars };
}

// ---------------------------------------------------------------------------
// Prompt strings

/** A whole prompt string: its few-shot demos and test inputs. */
export function addPromptString(c: Collector, seg: Segment): void {
  if (!seg.text.trim() || /^\s*file:\/\//.test(seg.text)) return;
  const analysis = analyseText(seg);
  c.addDemoSets(analysis.exemplarSets);
  for (const t of analysis.testInputs) c.testInputs.push(t);
}

export function isPromptKey(key: string): boolean {
  return PROMPT_KEYS.has(normKey(key));
}

export function isMessageListKey(key: string): boolean {
  return MESSAGE_LIST_KEYS.includes(normKey(key));
}
