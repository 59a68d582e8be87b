/**
 * Large documents are linted on a worker thread, so parsing a 1 MiB file never
 * holds up hovers, code actions or the diagnostics of other documents. The worker
 * is the same bundle (dist/server.js) started with `isMainThread === false`.
 *
 * Jobs run one at a time; a job whose document changed while it waited is
 * dropped before it starts (its `isStale` is checked when its turn comes).
 */
import { Worker, parentPort } from 'node:worker_threads';
import { lint, type LintInput, type LintResult } from '../engine/lint.js';
import type { ResolvedConfig } from '../config/schema.js';
import { LineIndex } from '../model/lines.js';
import { Segment, type Span } from '../model/segment.js';
import type { AnswerRef, Exemplar, ExemplarSet, OptionItem, PromptDocument } from '../model/types.js';

/** Documents at least this long (UTF-16 units) go to the worker. */
export const WORKER_THRESHOLD = 128 * 1024;

interface Request {
  id: number;
  input: LintInput;
  config: ResolvedConfig;
}

/** A lint result as the worker sends it: no line index (the server makes its own), the document packed. */
type WorkerResult = Omit<LintResult, 'lines' | 'document'> & { document?: PackedDocument };

type Reply = { id: number; result: WorkerResult } | { id: number; error: string };

/** The worker side: lint what the server posts, reply with the result (lines and text are the server's own). */
export function runLintWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: Request) => {
    let reply: Reply;
    let transfer: ArrayBuffer[] = [];
    try {
      const { lines: _lines, document, ...rest } = lint(req.input, req.config);
      const packed = document ? packDocument(document) : undefined;
      if (packed) transfer = [packed.ints.buffer as ArrayBuffer];
      reply = { id: req.id, result: { ...rest, document: packed } };
    } catch (error) {
      reply = { id: req.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply, transfer);
  });
}

/**
 * What the server keeps of a document linted on the worker: its exemplar structure
 * (for hovers, CodeLenses and the report), comments and front matter (for disable
 * edits). The bulky text-bearing parts (segments, prose, messages) stay behind;
 * `text` is the server's own copy. Option texts are empty segments.
 * (This is what unpackDocument(packDocument(doc), text) gives.)
 */
export function slimDocument(doc: PromptDocument, text: string): PromptDocument {
  return {
    uri: doc.uri,
    format: doc.format,
    text,
    messages: [],
    variables: [],
    testInputs: [],
    prose: [],
    comments: doc.comments,
    frontMatter: doc.frontMatter ? { span: doc.frontMatter.span, value: null } : undefined,
    problems: doc.problems,
    exemplarSets: doc.exemplarSets.map((set) => ({
      shape: set.shape,
      span: set.span,
      kind: set.kind,
      exemplars: set.exemplars.map((e) => ({
        index: e.index,
        span: e.span,
        options: e.options.map((o) => ({ letter: o.letter, letterSpan: o.letterSpan, span: o.span, text: EMPTY })),
        answer: e.answer,
        letterCitations: [],
      })),
    })),
  };
}

const EMPTY = new Segment('', 0);

/**
 * The slim document in a form that is cheap to send between threads. Structured
 * cloning thousands of small exemplar objects cost more than the rest of a large
 * document's round trip (a 1 MiB few-shot file: 1.8 MB of clone data, about 15 ms to
 * write on the worker and 30 ms to read on the server, plus the garbage); the
 * exemplars' numbers go in one Int32Array, which is transferred rather than copied,
 * and their letters and labels in a small string table.
 */
export interface PackedDocument {
  uri: string;
  format: PromptDocument['format'];
  comments: PromptDocument['comments'];
  frontMatterSpan?: Span;
  problems: PromptDocument['problems'];
  sets: { shape: ExemplarSet['shape']; span: Span; kind: ExemplarSet['kind']; exemplars: number }[];
  /**
   * Per exemplar: index, span (2), option count, per option: letter, letterSpan (2), span (2);
   * then the answer: present (1/0), letter, letterSpan (2), label, labelSpan (2), span (2).
   * Strings are indexes into `strings`.
   */
  ints: Int32Array;
  strings: string[];
}

/** An absent optional span or string (offsets and string indexes are never negative). */
const NONE = -1;
const EXEMPLAR_INTS = 4;
const OPTION_INTS = 5;
const ANSWER_INTS = 9;

export function packDocument(doc: PromptDocument): PackedDocument {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (s: string | undefined): number => {
    if (s === undefined) return NONE;
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      stringIndex.set(s, i);
    }
    return i;
  };
  let size = 0;
  for (const set of doc.exemplarSets) for (const e of set.exemplars) size += EXEMPLAR_INTS + e.options.length * OPTION_INTS + ANSWER_INTS;
  const ints = new Int32Array(size);
  let at = 0;
  const span = (s: Span | undefined) => {
    ints[at++] = s ? s.start : NONE;
    ints[at++] = s ? s.end : NONE;
  };
  for (const set of doc.exemplarSets) {
    for (const e of set.exemplars) {
      ints[at++] = e.index;
      span(e.span);
      ints[at++] = e.options.length;
      for (const o of e.options) {
        ints[at++] = intern(o.letter);
        span(o.letterSpan);
        span(o.span);
      }
      const a = e.answer;
      ints[at++] = a ? 1 : 0;
      ints[at++] = intern(a?.letter);
      span(a?.letterSpan);
      ints[at++] = intern(a?.label);
      span(a?.labelSpan);
      span(a?.span);
    }
  }
  return {
    uri: doc.uri,
    format: doc.format,
    comments: doc.comments,
    frontMatterSpan: doc.frontMatter?.span,
    problems: doc.problems,
    sets: doc.exemplarSets.map((set) => ({ shape: set.shape, span: set.span, kind: set.kind, exemplars: set.exemplars.length })),
    ints,
    strings,
  };
}

/** The slim document back from its packed form, with the server's copy of the text. */
export function unpackDocument(packed: PackedDocument, text: string): PromptDocument {
  const { ints, strings } = packed;
  let at = 0;
  const span = (): Span | undefined => {
    const start = ints[at++]!;
    const end = ints[at++]!;
    return start === NONE ? undefined : { start, end };
  };
  const string = (): string | undefined => {
    const i = ints[at++]!;
    return i === NONE ? undefined : strings[i];
  };
  const exemplarSets: ExemplarSet[] = packed.sets.map((set) => {
    const exemplars: Exemplar[] = new Array(set.exemplars);
    for (let k = 0; k < set.exemplars; k++) {
      const index = ints[at++]!;
      const exemplarSpan = span()!;
      const options: OptionItem[] = new Array(ints[at++]!);
      for (let j = 0; j < options.length; j++) options[j] = { letter: string()!, letterSpan: span()!, span: span()!, text: EMPTY };
      const hasAnswer = ints[at++] === 1;
      const letter = string();
      const letterSpan = span();
      const label = string();
      const labelSpan = span();
      const answerSpan = span();
      let answer: AnswerRef | undefined;
      if (hasAnswer) {
        answer = { span: answerSpan! };
        if (letter !== undefined) answer.letter = letter;
        if (letterSpan) answer.letterSpan = letterSpan;
        if (label !== undefined) answer.label = label;
        if (labelSpan) answer.labelSpan = labelSpan;
      }
      exemplars[k] = { index, span: exemplarSpan, options, answer, letterCitations: [] };
    }
    return { shape: set.shape, span: set.span, kind: set.kind, exemplars };
  });
  return {
    uri: packed.uri,
    format: packed.format,
    text,
    messages: [],
    variables: [],
    testInputs: [],
    prose: [],
    comments: packed.comments,
    frontMatter: packed.frontMatterSpan ? { span: packed.frontMatterSpan, value: null } : undefined,
    problems: packed.problems,
    exemplarSets,
  };
}

interface Job {
  request: Request;
  isStale: () => boolean;
  resolve: (r: LintResult | undefined) => void;
  reject: (e: Error) => void;
}

export class LintWorkerPool {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;

  constructor(private readonly script: string) {}

  /** Lints on the worker; resolves undefined when the job went stale before it started. */
  lint(input: LintInput, config: ResolvedConfig, isStale: () => boolean): Promise<LintResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, input, config }, isStale, resolve, reject });
      this.pump();
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (error) => this.onCrash(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (code !== 0) this.onCrash(new Error(`lint worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    while (!this.running && this.queue.length) {
      const job = this.queue.shift()!;
      if (job.isStale()) {
        job.resolve(undefined);
        continue;
      }
      this.running = job;
      this.ensureWorker().postMessage(job.request);
    }
  }

  private onReply(reply: Reply): void {
    const job = this.running;
    if (!job || job.request.id !== reply.id) return;
    this.running = undefined;
    if ('error' in reply) job.reject(new Error(reply.error));
    else {
      const { document, ...rest } = reply.result;
      const text = job.request.input.text;
      job.resolve({ ...rest, document: document ? unpackDocument(document, text) : undefined, lines: new LineIndex(text) });
    }
    this.pump();
  }

  private onCrash(error: Error): void {
    const job = this.running;
    this.running = undefined;
    this.worker = undefined;
    job?.reject(error);
    this.pump();
  }
}
