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
import { Segment } from '../model/segment.js';
import type { PromptDocument } from '../model/types.js';

/** Documents at least this long (UTF-16 units) go to the worker. */
export const WORKER_THRESHOLD = 128 * 1024;

interface Request {
  id: number;
  input: LintInput;
  config: ResolvedConfig;
}

type Reply = { id: number; result: Omit<LintResult, 'lines'> } | { id: number; error: string };

/** The worker side: lint what the server posts, reply with the result (lines are rebuilt by the server). */
export function runLintWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: Request) => {
    let reply: Reply;
    try {
      const { lines: _lines, document, ...rest } = lint(req.input, req.config);
      reply = { id: req.id, result: { ...rest, document: document ? slimDocument(document) : undefined } };
    } catch (error) {
      reply = { id: req.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}

/**
 * What the server keeps of a document linted on the worker: its exemplar structure
 * (for hovers, CodeLenses and the report), comments and front matter (for disable
 * edits). The bulky text-bearing parts (segments, prose, messages) stay behind, so
 * the reply costs little to copy; `text` is restored from the server's own copy.
 * Option texts are empty segments.
 */
export function slimDocument(doc: PromptDocument): PromptDocument {
  return {
    uri: doc.uri,
    format: doc.format,
    text: '',
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

function restoreDocument(doc: PromptDocument, text: string): void {
  doc.text = text;
  for (const set of doc.exemplarSets) for (const e of set.exemplars) for (const o of e.options) o.text = EMPTY;
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
      const result = reply.result as LintResult;
      if (result.document) restoreDocument(result.document, job.request.input.text);
      result.lines = new LineIndex(result.document?.text ?? job.request.input.text);
      job.resolve(result);
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
