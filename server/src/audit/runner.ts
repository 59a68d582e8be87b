/**
 * The call runner: every model call of an audit goes through here. It
 * deduplicates identical requests, answers from the cache, bounds concurrency,
 * retries (Retry-After on 429, exponential backoff on 5xx, timeouts, dropped
 * connections and malformed bodies), enforces the call and token budget, and
 * stops on cancellation. Failures become outcomes, never exceptions.
 */
import { setMaxListeners } from 'node:events';
import type { CallOutcome, CallRequest, CompletionResponse } from './types.js';
import type { Provider } from './provider.js';
import { ProviderError } from './provider.js';
import { cacheKey, requestKey, type ResponseCache } from './cache.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; longer waits are capped to this. */
  maxRetryAfterMs: number;
  /** Sleep implementation (tests inject an instant one that records the delays). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export interface RunnerOptions {
  provider: Provider;
  /** Omit for no cache (identical requests in one run are still asked once). */
  cache?: ResponseCache;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Hard limit on calls sent to the endpoint (cache hits are free). */
  maxCalls?: number;
  /** Hard limit on tokens used (usage from the endpoint, else the estimate). */
  maxTokens?: number;
  signal?: AbortSignal;
  /** Called after each call settles. */
  onCall?: () => void;
  /** Retry notices (already scrubbed of secrets). */
  log?: (message: string) => void;
}

/** Rough token count: ~4 characters a token, plus per-message overhead. */
export function estimatePromptTokens(req: CallRequest): number {
  return req.messages.reduce((s, m) => s + Math.ceil(m.content.length / 4) + 4, 3);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class CallRunner {
  made = 0;
  cached = 0;
  failed = 0;
  tokens = 0;
  retries = 0;
  stopped?: 'budget' | 'cancelled';
  /** Set when the endpoint rejects in a way every call would (bad key, unknown model). */
  fatal?: string;

  /** Calls in a row that used up their retries on connection failures (reset by any answer). */
  private unreachable = 0;
  private readonly memo = new Map<string, Promise<CallOutcome>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private inflight = 0;
  private inflightTokens = 0;
  private readonly concurrency: number;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly opts: RunnerOptions) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
    this.retry = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    this.sleep = this.retry.sleep ?? abortableSleep;
    // Every in-flight request listens on the signal; that is expected, not a leak.
    if (opts.signal) setMaxListeners(0, opts.signal);
  }

  /** One model call; identical requests share one outcome. */
  call(req: CallRequest): Promise<CallOutcome> {
    // The cache's hashed key is made only when there is a cache (in `run`).
    const key = requestKey(req);
    const existing = this.memo.get(key);
    if (existing) return existing;
    const p = this.run(req).then((o) => {
      this.opts.onCall?.();
      return o;
    });
    this.memo.set(key, p);
    return p;
  }

  private get aborted(): boolean {
    return !!this.opts.signal?.aborted;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private async run(req: CallRequest): Promise<CallOutcome> {
    const key = this.opts.cache ? cacheKey(this.opts.provider.identity, req) : '';
    if (this.opts.cache) {
      const hit = await this.opts.cache.get(key).catch(() => undefined);
      if (hit) {
        this.cached++;
        return { ok: true, response: hit, cached: true };
      }
    }
    await this.acquire();
    try {
      if (this.aborted) {
        this.stopped ??= 'cancelled';
        return { ok: false, error: 'cancelled', skipped: 'cancelled' };
      }
      if (this.fatal) return { ok: false, error: this.fatal, skipped: 'cancelled' };
      const estimate = estimatePromptTokens(req) + req.params.maxTokens;
      if (
        (this.opts.maxCalls !== undefined && this.made + this.failed + this.inflight >= this.opts.maxCalls) ||
        (this.opts.maxTokens !== undefined && this.tokens + this.inflightTokens + estimate > this.opts.maxTokens)
      ) {
        this.stopped ??= 'budget';
        return { ok: false, error: 'budget exhausted', skipped: 'budget' };
      }
      this.inflight++;
      this.inflightTokens += estimate;
      try {
        const outcome = await this.attempt(req);
        if (outcome.ok) {
          this.made++;
          this.tokens += outcome.response.usage?.total ?? estimatePromptTokens(req) + Math.ceil(outcome.response.text.length / 4);
          if (this.opts.cache) {
            await this.opts.cache.set(key, outcome.response).catch((e: Error) => this.opts.log?.(`cache write failed: ${e.message}`));
          }
        } else if (!outcome.skipped) this.failed++;
        return outcome;
      } finally {
        this.inflight--;
        this.inflightTokens -= estimate;
      }
    } finally {
      this.release();
    }
  }

  private async attempt(req: CallRequest): Promise<CallOutcome> {
    let last: ProviderError | undefined;
    for (let attempt = 0; attempt <= this.retry.retries; attempt++) {
      if (this.aborted) {
        this.stopped ??= 'cancelled';
        return { ok: false, error: 'cancelled', skipped: 'cancelled' };
      }
      try {
        const response: CompletionResponse = await this.opts.provider.complete(req, this.opts.signal);
        this.unreachable = 0;
        return { ok: true, response, cached: false };
      } catch (e) {
        const err = e instanceof ProviderError ? e : new ProviderError(e instanceof Error ? e.message : String(e), 'bad-response');
        if (err.kind === 'aborted' || this.aborted) {
          this.stopped ??= 'cancelled';
          return { ok: false, error: 'cancelled', skipped: 'cancelled' };
        }
        last = err;
        if (err.fatal) {
          this.fatal ??= err.message;
          return { ok: false, error: err.message };
        }
        if (!err.retryable || attempt === this.retry.retries) break;
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
        const delay = err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, this.retry.maxRetryAfterMs) : backoff;
        this.retries++;
        this.opts.log?.(`${err.message}; retry ${attempt + 1}/${this.retry.retries} in ${Math.round(delay)} ms`);
        await this.sleep(delay, this.opts.signal);
      }
    }
    if (last?.kind === 'connection') this.giveUpIfUnreachable(last);
    return { ok: false, error: last?.message ?? 'failed' };
  }

  /**
   * An endpoint that cannot be reached fails every call the same way, each only after all its
   * retries (a closed port on 127.0.0.1: 32 calls took 125 s to fail). So the run stops, as for
   * a bad key: at once when no call has been answered yet (a wrong URL, a server not started),
   * or after UNREACHABLE_IN_A_ROW calls in a row once some were (the server went away). The
   * calls answered so far are kept.
   */
  private giveUpIfUnreachable(err: ProviderError): void {
    this.unreachable++;
    const answered = this.made + this.cached > 0;
    if (this.unreachable < (answered ? UNREACHABLE_IN_A_ROW : 1)) return;
    this.fatal ??= `the endpoint cannot be reached (${err.message}; ${this.retry.retries} retries${answered ? `, ${this.unreachable} calls in a row` : ''})`;
  }
}

/** Calls in a row that used up their retries on connection failures, after which a run that had answers stops. */
const UNREACHABLE_IN_A_ROW = 3;
