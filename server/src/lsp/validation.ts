/**
 * Validation of open documents: at most one run per document at a time, runs
 * coalesced (throttled), superseded runs abandoned, and every result tagged with
 * the document version it was computed for, so a stale result is never used.
 *
 * A run's findings (its diagnostics) are delivered as soon as they are known, before
 * its result: a run on the lint worker sends its document after them.
 *
 * A run parses, yields to the event loop, then runs the rules: a large document
 * does not hold up other requests for its whole lint, and a run whose document
 * changed in between stops before the rules.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lint, lintDocument, looksBinary, type LintResult } from '../engine/lint.js';
import { parseDocument } from '../parse/index.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { DocumentFormat } from '../model/types.js';
import { LineIndex } from '../model/lines.js';
import { traceMark } from './trace.js';
import { WORKER_THRESHOLD, type LintFindings, type LintWorkerPool } from './lintWorker.js';

export interface VersionedResult {
  uri: string;
  version: number;
  result: LintResult;
}

/** A run's diagnostics, for the document version they were computed for. */
export interface VersionedFindings {
  uri: string;
  version: number;
  diagnostics: LintResult['diagnostics'];
}

/** Thrown (as a rejection) when a run is superseded by a newer version or cancelled. */
export class Superseded extends Error {
  constructor(readonly uri: string) {
    super(`validation of ${uri} was superseded`);
  }
}

interface Job {
  version: number;
  cancelled: boolean;
  promise: Promise<VersionedResult>;
  /** Settles with the run's findings (first) or its failure. */
  findings: Promise<VersionedFindings>;
}

export interface ValidatorHost {
  /** The current open document, if any. */
  document(uri: string): TextDocument | undefined;
  /** The config for a document, and whether it is excluded from linting. */
  config(uri: string): Promise<{ config: ResolvedConfig; excluded: boolean }>;
  /** The format to parse a document as (from its language or file name). */
  format(doc: TextDocument): DocumentFormat | undefined;
  /** Called with each run's findings as soon as they are known, before its result (still current when called). */
  onFindings?(findings: VersionedFindings): void;
  /** Called with each fresh result (still current when called). */
  onResult(result: VersionedResult): void;
  onError(uri: string, error: unknown): void;
  /** Where large documents are linted, if anywhere. */
  worker?: LintWorkerPool;
}

/** Documents shorter than this (UTF-16 units) are linted without yielding. */
const INLINE_LIMIT = 32 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lint text without holding up the server: a large document goes to the worker
 * thread (when there is one); otherwise parse, yield, then run the rules.
 * `isStale` is checked at each step; undefined means the run was abandoned.
 */
export async function lintYielding(
  /** `version`: an open document's (the worker then keeps its text and is sent only edits next time). */
  input: { uri: string; text: string; format?: DocumentFormat; version?: number },
  config: ResolvedConfig,
  isStale: () => boolean,
  worker?: LintWorkerPool,
  /** Called with the findings of a run on the worker as soon as it has them (before its document arrives). */
  onFindings?: (findings: LintFindings) => void,
  /**
   * The last result for this file, if any: a lint here reuses what it can of its document
   * (see `LintOptions.earlier`). Read only when linting here, not on the worker, which keeps
   * its own (a worker result's document is unpacked when first read).
   */
  last?: LintResult,
): Promise<LintResult | undefined> {
  // A small document lints in a few milliseconds: do it at once (the throttle already coalesces edits).
  if (input.text.length < INLINE_LIMIT) return isStale() ? undefined : lint(input, config, { earlier: last?.document });
  await yieldToEventLoop();
  if (isStale()) return undefined;
  if (worker && input.text.length >= WORKER_THRESHOLD) {
    const result = await worker.lint({ uri: input.uri, text: input.text, format: input.format }, config, isStale, input.version, onFindings);
    return result && !isStale() ? result : undefined;
  }
  // Size and binary checks are the engine's; those results are cheap.
  if (Buffer.byteLength(input.text, 'utf8') > config.maxFileSize || looksBinary(input.text)) return lint(input, config);
  const doc = parseDocument(input.uri, input.text, input.format);
  await yieldToEventLoop();
  if (isStale()) return undefined;
  return lintDocument(doc, config, { earlier: last?.document });
}

/** The result for a document that is excluded from linting (or in a folder with linting off): no findings. */
export function excludedResult(uri: string, text: string): LintResult {
  return { uri, format: null, diagnostics: [], lines: new LineIndex(text) };
}

export class Validator {
  private readonly results = new Map<string, VersionedResult>();
  /** The findings of the last run that delivered them (possibly before its result). */
  private readonly findingsByUri = new Map<string, VersionedFindings>();
  private readonly jobs = new Map<string, Job>();
  /** Documents changed while a run was in flight: validate again once it ends. */
  private readonly pending = new Set<string>();

  constructor(private readonly host: ValidatorHost) {}

  /** The cached result for exactly this version, if any. */
  cached(uri: string, version: number): VersionedResult | undefined {
    const r = this.results.get(uri);
    return r && r.version === version ? r : undefined;
  }

  /** The findings for exactly this version, if known (they may come before the result). */
  cachedFindings(uri: string, version: number): VersionedFindings | undefined {
    const f = this.findingsByUri.get(uri);
    return f && f.version === version ? f : undefined;
  }

  /** Any cached result (possibly for an older version). */
  latest(uri: string): VersionedResult | undefined {
    return this.results.get(uri);
  }

  all(): VersionedResult[] {
    return [...this.results.values()];
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.findingsByUri.delete(uri);
    const job = this.jobs.get(uri);
    if (job) job.cancelled = true;
    this.jobs.delete(uri);
    this.pending.delete(uri);
  }

  /** Drop all results (config changed); open documents must be validated again. */
  invalidateAll(): void {
    this.results.clear();
    this.findingsByUri.clear();
    for (const job of this.jobs.values()) job.cancelled = true;
    this.jobs.clear();
  }

  /**
   * Throttled validation for push diagnostics: starts a run now when none is in
   * flight for the document; otherwise the in-flight run is cancelled if it is for
   * an older version and a run for the newest version follows when it ends.
   */
  schedule(uri: string): void {
    const job = this.jobs.get(uri);
    if (job) {
      const doc = this.host.document(uri);
      if (doc && job.version === doc.version) return;
      job.cancelled = true;
      this.pending.add(uri);
      return;
    }
    this.validate(uri).catch(() => undefined);
  }

  /**
   * The result for the document's current version: cached, in flight, or a new run.
   * Rejects with Superseded when the document changes before the run completes.
   */
  validate(uri: string, isCancelled: () => boolean = () => false): Promise<VersionedResult> {
    const doc = this.host.document(uri);
    if (!doc) return Promise.reject(new Superseded(uri));
    const cached = this.cached(uri, doc.version);
    if (cached) return Promise.resolve(cached);
    return this.job(uri, doc.version, isCancelled).promise;
  }

  /**
   * The findings for the document's current version, as soon as they are known: a run
   * on the worker has them before its result. Rejects like `validate`.
   */
  findings(uri: string, isCancelled: () => boolean = () => false): Promise<VersionedFindings> {
    const doc = this.host.document(uri);
    if (!doc) return Promise.reject(new Superseded(uri));
    const known = this.cachedFindings(uri, doc.version);
    if (known) return Promise.resolve(known);
    const cached = this.cached(uri, doc.version);
    if (cached) return Promise.resolve(findingsOf(cached));
    return this.job(uri, doc.version, isCancelled).findings;
  }

  /** The run for this version: the one in flight, or a new one (cancelling an older one). */
  private job(uri: string, version: number, isCancelled: () => boolean): Job {
    const inflight = this.jobs.get(uri);
    if (inflight && inflight.version === version && !inflight.cancelled) return inflight;
    if (inflight) inflight.cancelled = true;

    let settleFindings!: { resolve: (f: VersionedFindings) => void; reject: (e: unknown) => void };
    const findings = new Promise<VersionedFindings>((resolve, reject) => (settleFindings = { resolve, reject }));
    findings.catch(() => undefined); // nobody need be waiting for them
    const job: Job = { version, cancelled: false, promise: undefined as unknown as Promise<VersionedResult>, findings };
    const isStale = () => job.cancelled || isCancelled() || this.host.document(uri)?.version !== job.version;
    let delivered = false;
    /** Hands out the findings once, while they are current. */
    const deliver = (diagnostics: LintResult['diagnostics']) => {
      if (delivered || isStale()) return;
      delivered = true;
      traceMark('findings');
      const f: VersionedFindings = { uri, version: job.version, diagnostics };
      this.findingsByUri.set(uri, f);
      settleFindings.resolve(f);
      this.host.onFindings?.(f);
    };
    job.promise = (async () => {
      try {
        traceMark('validate');
        const { config, excluded } = await this.host.config(uri);
        traceMark('config');
        if (isStale()) throw new Superseded(uri);
        const current = this.host.document(uri)!;
        const result = excluded
          ? excludedResult(uri, current.getText())
          : await lintYielding(
              { uri, text: current.getText(), format: this.host.format(current), version: job.version },
              config,
              isStale,
              this.host.worker,
              (f) => deliver(f.diagnostics),
              this.results.get(uri)?.result,
            );
        traceMark('linted');
        if (!result || isStale()) throw new Superseded(uri);
        deliver(result.diagnostics);
        const versioned: VersionedResult = { uri, version: job.version, result };
        this.results.set(uri, versioned);
        this.host.onResult(versioned);
        return versioned;
      } catch (error) {
        settleFindings.reject(error);
        if (!(error instanceof Superseded)) this.host.onError(uri, error);
        throw error;
      } finally {
        if (this.jobs.get(uri) === job) this.jobs.delete(uri);
        if (this.pending.delete(uri) && this.host.document(uri)) this.schedule(uri);
      }
    })();
    // A pull asks only for the findings (`findings`), so a run that is then superseded may have no
    // one waiting for its result: its rejection is expected, not an error to report.
    job.promise.catch(() => undefined);
    this.jobs.set(uri, job);
    return job;
  }
}

function findingsOf(r: VersionedResult): VersionedFindings {
  return { uri: r.uri, version: r.version, diagnostics: r.result.diagnostics };
}
