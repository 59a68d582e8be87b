/**
 * The model provider: one chat completion per call through the `openai` SDK,
 * against any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, LM Studio).
 * Retries are the runner's business (the SDK's own are off), so that backoff is
 * uniform and testable. The API key is held here only; every error message that
 * leaves this module is scrubbed of it.
 */
import OpenAI from 'openai';
import { BadResponseError, httpFetch } from './http-fetch.js';
import type { CallRequest, CompletionResponse, TokenLogprob } from './types.js';

export type ProviderErrorKind = 'rate-limit' | 'server' | 'timeout' | 'connection' | 'bad-response' | 'client' | 'auth' | 'aborted';

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    readonly status?: number,
    /** From `retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'connection' || this.kind === 'bad-response';
  }

  /** Errors that will fail every call the same way (bad key, unknown model): stop the run. */
  get fatal(): boolean {
    return this.kind === 'auth' || (this.kind === 'client' && this.status === 404);
  }
}

export interface Provider {
  /** What identifies the endpoint's behaviour in cache keys: base URL, model, non-secret headers. Never the key. */
  readonly identity: Record<string, unknown>;
  readonly model: string;
  complete(req: CallRequest, signal?: AbortSignal): Promise<CompletionResponse>;
}

export interface OpenAIProviderOptions {
  baseURL: string;
  model: string;
  /** The key itself (from the environment or SecretStorage); optional for local servers. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Custom fetch (tests); by default `httpFetch` (node:http, lighter than the global fetch). */
  fetch?: typeof fetch;
}

const SENSITIVE_HEADER = /auth|key|token|secret|cookie|password/i;

/**
 * A scrubber that masks the given secrets in text, and (unless `keyPattern` is false)
 * anything that looks like an OpenAI key.
 */
export function makeScrubber(secrets: readonly (string | undefined)[], keyPattern = true): (text: string) => string {
  const list = secrets.filter((s): s is string => !!s && s.length >= 4).sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join('***');
    return keyPattern ? out.replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, 'sk-***') : out;
  };
}

export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const secrets = [opts.apiKey, ...Object.entries(opts.headers ?? {}).filter(([k]) => SENSITIVE_HEADER.test(k)).map(([, v]) => v)];
  const scrub = makeScrubber(secrets);
  // Model output that echoes the key (a proxy or debug server that repeats the request's
  // headers) is masked before it is analysed, reported or cached; only the secrets themselves,
  // not the key pattern, so other text the model writes stays as written.
  const scrubAnswer = makeScrubber(secrets, false);
  const client = new OpenAI({
    baseURL: opts.baseURL,
    // Local servers need no key; the SDK insists on a value.
    apiKey: opts.apiKey || 'no-key',
    defaultHeaders: opts.headers,
    maxRetries: 0,
    timeout: opts.timeoutMs ?? 60_000,
    logLevel: 'off',
    fetch: opts.fetch ?? httpFetch,
  });
  /** Optional parameters this endpoint rejected. */
  const unsupported = new Set<string>();
  const publicHeaders = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([k]) => !SENSITIVE_HEADER.test(k)).sort());
  return {
    model: opts.model,
    identity: { baseURL: opts.baseURL.replace(/\/+$/, ''), model: opts.model, headers: publicHeaders },
    async complete(req, signal) {
      const retriedWithout = new Set<string>();
      for (;;) {
        try {
          const body = await client.chat.completions.create(
            {
              model: opts.model,
              messages: req.messages,
              temperature: req.params.temperature,
              max_tokens: req.params.maxTokens,
              ...(req.params.seed !== undefined && !unsupported.has('seed') ? { seed: req.params.seed } : {}),
              ...(req.params.topLogprobs && !unsupported.has('logprobs') ? { logprobs: true, top_logprobs: req.params.topLogprobs } : {}),
            },
            { signal },
          );
          return parseCompletion(body, scrub, scrubAnswer);
        } catch (e) {
          const err = e instanceof ProviderError ? e : toProviderError(e, scrub);
          // An endpoint that rejects `seed` or `logprobs` (400) is asked again without it, from then on.
          const param = err.kind === 'client' && err.status === 400 ? /\b(top_logprobs|logprobs|seed)\b/i.exec(err.message)?.[1]?.toLowerCase() : undefined;
          const name = param === 'top_logprobs' ? 'logprobs' : param;
          if (name && !retriedWithout.has(name)) {
            unsupported.add(name);
            retriedWithout.add(name);
            continue;
          }
          throw err;
        }
      }
    },
  };
}

/**
 * What the SDK's "Connection error." hides: the system's reason, from the error's causes
 * (" (connect ECONNREFUSED 127.0.0.1:9)"), or nothing.
 */
function connectionCause(e: Error, scrub: (s: string) => string): string {
  for (let c: unknown = e.cause, depth = 0; c instanceof Error && depth < 4; c = c.cause, depth++) {
    const code = (c as NodeJS.ErrnoException).code;
    if (code) return ` (${scrub(c.message.includes(code) ? c.message : `${code}: ${c.message}`)})`;
  }
  return '';
}

function toProviderError(e: unknown, scrub: (s: string) => string): ProviderError {
  const msg = scrub(e instanceof Error ? e.message : String(e));
  if (e instanceof OpenAI.APIUserAbortError) return new ProviderError('request cancelled', 'aborted');
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError(`request timed out: ${msg}`, 'timeout');
  // A body too large, or one that does not decompress: the endpoint answered, badly; not a
  // connection failure (which, repeated, would stop the run as "cannot be reached").
  if (e instanceof OpenAI.APIConnectionError && e.cause instanceof BadResponseError) return new ProviderError(`malformed response: ${scrub(e.cause.message)}`, 'bad-response');
  if (e instanceof OpenAI.APIConnectionError) return new ProviderError(`connection failed: ${msg}${connectionCause(e, scrub)}`, 'connection');
  if (e instanceof OpenAI.APIError) {
    const status = e.status;
    const headers = e.headers instanceof Headers ? e.headers : undefined;
    if (status === 429) return new ProviderError(`rate limited (429): ${msg}`, 'rate-limit', 429, parseRetryAfter(headers));
    if (status === 408) return new ProviderError(`request timeout (408): ${msg}`, 'timeout', 408);
    if (status !== undefined && status >= 500) return new ProviderError(`server error (${status}): ${msg}`, 'server', status, parseRetryAfter(headers));
    if (status === 401 || status === 403) return new ProviderError(`not authorised (${status}): ${msg}`, 'auth', status);
    return new ProviderError(`request rejected (${status ?? 'no status'}): ${msg}`, 'client', status);
  }
  if (e instanceof Error && e.name === 'AbortError') return new ProviderError('request cancelled', 'aborted');
  // JSON parse failures of the body and other protocol breakage.
  return new ProviderError(`malformed response: ${msg}`, 'bad-response');
}

function parseCompletion(body: unknown, scrub: (s: string) => string, scrubAnswer: (s: string) => string): CompletionResponse {
  // A JSON answer sent with another content type (text/plain from a proxy) reaches here as
  // its text; it is read as JSON all the same.
  if (typeof body === 'string' && /^\s*\{/.test(body)) {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      // reported below as malformed
    }
  }
  const b = body as { choices?: { message?: { content?: unknown }; logprobs?: { content?: unknown } | null }[]; usage?: Record<string, unknown> } | null;
  const choice = b && typeof b === 'object' && Array.isArray(b.choices) ? b.choices[0] : undefined;
  const content = choice?.message?.content;
  if (!choice || (typeof content !== 'string' && content !== null)) {
    const preview = typeof body === 'string' ? body.slice(0, 80) : JSON.stringify(body)?.slice(0, 80);
    throw new ProviderError(`malformed response: no choices[0].message.content (${scrub(preview ?? 'empty')})`, 'bad-response');
  }
  const out: CompletionResponse = { text: content ? scrubAnswer(content) : '' };
  const lp = choice.logprobs?.content;
  if (Array.isArray(lp)) {
    out.logprobs = lp
      .filter((t): t is { token: string; logprob: number; top_logprobs?: { token: string; logprob: number }[] } => !!t && typeof t.token === 'string' && typeof t.logprob === 'number')
      .map((t): TokenLogprob => ({
        token: t.token,
        logprob: t.logprob,
        ...(Array.isArray(t.top_logprobs) ? { top: t.top_logprobs.filter((x) => x && typeof x.token === 'string' && typeof x.logprob === 'number').map((x) => ({ token: x.token, logprob: x.logprob })) } : {}),
      }));
  }
  const u = b!.usage;
  if (u && typeof u.total_tokens === 'number') {
    out.usage = { prompt: Number(u.prompt_tokens) || 0, completion: Number(u.completion_tokens) || 0, total: u.total_tokens };
  }
  return out;
}
