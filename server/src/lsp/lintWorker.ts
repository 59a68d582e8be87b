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
import { writeOptionSpans } from '../parse/exemplars.js';
import { packFindings, packedFindingsTransfer, unpackFindings, type PackedFindings } from './packedFindings.js';

/** Documents at least this long (UTF-16 units) go to the worker. */
export const WORKER_THRESHOLD = 128 * 1024;

/** A replacement in a text, in UTF-16 offsets of the text before it. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The text of a request: whole, or as the edits since the version the worker holds.
 * Posting a 1 MiB text each keystroke cost the server ~3 ms of serialising and both
 * threads a 1 MiB string of garbage; an open document's edits are a few bytes.
 */
type TextSync = { text: string; keep: boolean } | { base: number; edits: TextEdit[] };

interface Request {
  id: number;
  uri: string;
  /** The document version the text is (the worker keeps it under this version when `keep`). */
  version: number;
  format?: LintInput['format'];
  sync: TextSync;
  config: ResolvedConfig;
}

/** The worker no longer needs its copy of a document (it was closed). */
interface Forget {
  forget: string;
}

/** A lint result without its document and line index: what the diagnostics need. */
export type LintFindings = Omit<LintResult, 'lines' | 'document'>;

/**
 * A job's replies: its findings as soon as the rules are done (packed: see
 * packedFindings.ts), then its document, packed (the server publishes the diagnostics without waiting for the document: packing and
 * sending a 1 MiB few-shot file's exemplars took 2-4 ms of every keystroke's latency).
 * Or an error; or `resync`: the worker does not hold the base version of an edit
 * request, send the whole text.
 */
type Reply =
  | { id: number; findings: PackedFindings }
  | { id: number; document: PackedDocument | undefined }
  | { id: number; error: string }
  | { id: number; resync: true };

/** Applies edits (each in offsets of the text before it) in order, as TextDocument.update does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

/** The worker side: lint what the server posts, reply with the result (lines and text are the server's own). */
export function runLintWorker(): void {
  const port = parentPort;
  if (!port) return;
  /**
   * Open documents' texts, by uri, at the version of their last request, and the
   * document its lint parsed (the next lint of the file reuses the analyses of the
   * text in it that did not change: see `LintOptions.earlier`).
   */
  const held = new Map<string, { version: number; text: string; document?: PromptDocument }>();
  port.on('message', (req: Request | Forget) => {
    if ('forget' in req) {
      held.delete(req.forget);
      return;
    }
    let text: string;
    const earlier = held.get(req.uri)?.document;
    if ('text' in req.sync) {
      text = req.sync.text;
      if (req.sync.keep) held.set(req.uri, { version: req.version, text });
      else held.delete(req.uri);
    } else {
      const base = held.get(req.uri);
      if (!base || base.version !== req.sync.base) {
        held.delete(req.uri);
        port.postMessage({ id: req.id, resync: true } satisfies Reply);
        return;
      }
      text = applyTextEdits(base.text, req.sync.edits);
      held.set(req.uri, { version: req.version, text });
    }
    try {
      // Whole (partSize 0): the document is kept and sent for hovers and code actions.
      const { lines: _lines, document, ...findings } = lint({ uri: req.uri, text, format: req.format }, req.config, { earlier, partSize: 0 });
      const entry = held.get(req.uri);
      if (entry && entry.version === req.version) entry.document = document;
      const packedFindings = packFindings(findings);
      port.postMessage({ id: req.id, findings: packedFindings } satisfies Reply, packedFindingsTransfer(packedFindings));
      const packed = document ? packDocument(document) : undefined;
      port.postMessage({ id: req.id, document: packed } satisfies Reply, packed ? [packed.ints.buffer as ArrayBuffer] : []);
    } catch (error) {
      port.postMessage({ id: req.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
    }
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
        // Written as numbers: most options' span objects are never made otherwise.
        writeOptionSpans(o, ints, at);
        at += 4;
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
  input: LintInput;
  /** The open document's version, when the input is an open document (the worker then keeps its text). */
  version?: number;
  config: ResolvedConfig;
  id: number;
  isStale: () => boolean;
  /** Called with the findings before the result resolves (when the job is not stale by then). */
  onFindings?: (findings: LintFindings) => void;
  /** The findings, once they arrived (the result is made of them and the document that follows). */
  findings?: LintFindings;
  resolve: (r: LintResult | undefined) => void;
  reject: (e: Error) => void;
}

/** Edits of an open document since the version the worker holds. */
interface EditLog {
  /** The version the worker holds. */
  base: number;
  /** The version after the last recorded edit. */
  version: number;
  edits: TextEdit[];
  chars: number;
}

/** Past this much edit text since the worker's copy, the next request sends the whole text instead. */
const MAX_LOG_CHARS = 64 * 1024;
const MAX_LOG_EDITS = 1024;

export class LintWorkerPool {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;
  /** Per open document the worker holds a copy of: the edits made since. */
  private readonly logs = new Map<string, EditLog>();

  constructor(private readonly script: string) {}

  /**
   * Lints on the worker; resolves undefined when the job went stale before it started.
   * With `version` (an open document's), the worker keeps the text, and later requests
   * for the document send only the edits recorded with `recordEdits` since.
   * `onFindings` gets the diagnostics as soon as the worker has them, before its document.
   */
  lint(
    input: LintInput,
    config: ResolvedConfig,
    isStale: () => boolean,
    version?: number,
    onFindings?: (findings: LintFindings) => void,
  ): Promise<LintResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, version, config, id: this.nextId++, isStale, onFindings, resolve, reject });
      this.pump();
    });
  }

  /** Whether edits of this document are worth recording (the worker holds a copy). */
  holds(uri: string): boolean {
    return this.logs.has(uri);
  }

  /**
   * Edits that took an open document from `version - 1`-ish to `version` (any versions
   * in between are fine: the log only needs to end at the version a request is for).
   */
  recordEdits(uri: string, version: number, edits: readonly TextEdit[]): void {
    const log = this.logs.get(uri);
    if (!log) return;
    for (const e of edits) {
      log.edits.push(e);
      log.chars += e.text.length;
    }
    log.version = version;
    // A big paste or a whole-text change: cheaper to send the text than to replay the edits.
    if (log.chars > MAX_LOG_CHARS || log.edits.length > MAX_LOG_EDITS) this.forget(uri);
  }

  /** The document was closed (or its copy is out of date): the worker drops its copy. */
  forget(uri: string): void {
    if (!this.logs.delete(uri)) return;
    this.worker?.postMessage({ forget: uri } satisfies Forget);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.logs.clear();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    // Only the current worker's end is a crash of the running job: a crashed worker's 'exit' follows its
    // 'error', by when the next job may already run on a new worker, which must not be failed or lost.
    worker.on('error', (error) => {
      if (this.worker === worker) this.onCrash(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.logs.clear();
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
      this.post(job, false);
    }
  }

  /** Posts a job: as edits when the worker holds the document's previous text and the log reaches this version. */
  private post(job: Job, wholeText: boolean): void {
    const worker = this.ensureWorker();
    const { uri, text, format } = job.input;
    const log = this.logs.get(uri);
    let sync: TextSync;
    if (job.version === undefined) {
      // Not an open document (a workspace lint): the worker keeps nothing, and an open copy stays as it was.
      sync = { text, keep: false };
      if (log) this.logs.delete(uri);
    } else if (!wholeText && log && log.version === job.version) {
      sync = { base: log.base, edits: log.edits };
    } else {
      sync = { text, keep: true };
    }
    // From now the worker holds this version; record edits from it on. (Edits already recorded past
    // this version, possible only when a resync crossed a keystroke, cannot be split: send the text next time.)
    if (job.version !== undefined) {
      if (!log || log.version === job.version) this.logs.set(uri, { base: job.version, version: job.version, edits: [], chars: 0 });
      else this.forget(uri);
    }
    worker.postMessage({ id: job.id, uri, version: job.version ?? 0, format, sync, config: job.config } satisfies Request);
  }

  private onReply(reply: Reply): void {
    const job = this.running;
    if (!job || job.id !== reply.id) return;
    if ('resync' in reply) {
      this.post(job, true);
      return;
    }
    if ('findings' in reply) {
      // The job keeps the worker until its document follows.
      job.findings = unpackFindings(reply.findings);
      if (job.onFindings && !job.isStale()) job.onFindings(job.findings);
      return;
    }
    this.running = undefined;
    if ('error' in reply) job.reject(new Error(reply.error));
    else if (!job.findings) job.reject(new Error('lint worker sent a document without findings'));
    else job.resolve(serverResult(job.findings, reply.document, job.input.text));
    this.pump();
  }

  private onCrash(error: Error): void {
    const job = this.running;
    this.running = undefined;
    this.worker = undefined;
    this.logs.clear();
    job?.reject(error);
    this.pump();
  }
}

/**
 * The server's result from the worker's: the document is unpacked only when something
 * reads it (a hover, code action, CodeLens or the report), not for every keystroke's
 * diagnostics; the line index is built lazily too.
 */
function serverResult(findings: LintFindings, packed: PackedDocument | undefined, text: string): LintResult {
  const result: LintResult = { ...findings, document: undefined, lines: new LineIndex(text) };
  if (packed) {
    let unpacked: PromptDocument | undefined;
    let done = false;
    Object.defineProperty(result, 'document', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!done) {
          unpacked = unpackDocument(packed, text);
          done = true;
        }
        return unpacked;
      },
      set: (value: PromptDocument | undefined) => {
        unpacked = value;
        done = true;
      },
    });
  }
  return result;
}
