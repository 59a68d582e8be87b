/**
 * Audit types: items, model calls, and the report (the JSON shape of
 * `biaslens audit --format json`). Pure data; no I/O here.
 */

export const CHECK_IDS = ['option-permutation', 'always-a', 'suggested-answer', 'demographic-swap', 'content-free-prior'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** A test question the audit asks the model. */
export interface AuditItem {
  /** Stable id: `demo:<set>:<exemplar>` or `items:<line>` (1-based line of the items file). */
  id: string;
  question: string;
  /** Option texts in letter order; empty for label / free-text tasks. */
  options: string[];
  /** Gold option index (0-based), when known. */
  gold?: number;
  /** Gold label for label tasks (no options), when known. */
  goldLabel?: string;
  /** Template variables for this item. */
  vars?: Record<string, string>;
  source: { kind: 'demo'; set: number; exemplar: number } | { kind: 'file'; line: number };
}

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Sampling parameters of one request (all part of the cache key). */
export interface CallParams {
  temperature: number;
  maxTokens: number;
  seed?: number;
  /** Ask for token logprobs (with this many alternatives per token). */
  topLogprobs?: number;
}

export interface CallRequest {
  messages: ChatMessage[];
  params: CallParams;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top?: { token: string; logprob: number }[];
}

export interface CompletionResponse {
  text: string;
  logprobs?: TokenLogprob[];
  /** Tokens used, from the endpoint's `usage` when given. */
  usage?: { prompt: number; completion: number; total: number };
}

export type CallOutcome =
  | { ok: true; response: CompletionResponse; cached: boolean }
  | { ok: false; error: string; skipped?: 'budget' | 'cancelled' | 'early-stop' };

/** A proportion or other estimate with its 95% interval. `value` is null when n = 0. */
export interface Estimate {
  value: number | null;
  ci95: [number, number];
  n: number;
}

export type MetricValue = Estimate | Record<string, Estimate>;

export interface AuditExample {
  item: string;
  question: string;
  /** The condition names are check-specific, e.g. `baseline` / `biased`, `rotation 0` / `rotation 2`. */
  answers: { condition: string; answer: string | null; explanation: string }[];
  note?: string;
}

export type CheckStatus = 'ok' | 'flagged' | 'skipped' | 'error';

export interface CheckReport {
  id: CheckId;
  status: CheckStatus;
  /** Items the check has results for. */
  items: number;
  metrics: Record<string, MetricValue>;
  examples: AuditExample[];
  /** One sentence for diagnostics and the text report. */
  summary: string;
  /** Why the check was skipped or failed. */
  reason?: string;
  /** What the check left out and why (e.g. demos left in their order because their answer could not follow a reordering). */
  notes?: string[];
  /** How mentions of the bias were detected in explanations (checks with `unverbalized_rate`). */
  mention_detection?: 'patterns' | 'patterns+llm-judge';
  /** `option-permutation`: `full` (all rotations) or `cheap` (calibrate, then one call per item). */
  mode?: 'full' | 'cheap';
  /** `content-free-prior` (and cheap permutation): the calibration weights W = diag(1 / prior), normalised to mean 1. */
  correction?: Record<string, number>;
  /** Set when sequential early stopping ended the check before all its items were asked. */
  stopped_early?: boolean;
  /** The null threshold(s) the flag decision used. */
  thresholds?: Record<string, number>;
}

export interface AuditReport {
  version: 1;
  file: string;
  model: string;
  calls: { made: number; cached: number; failed: number };
  /** Checks that ran (not skipped). */
  checks_run: number;
  checks: CheckReport[];
  /** Present when the run ended before its plan: the budget ran out or it was cancelled. Partial results are kept. */
  stopped?: 'budget' | 'cancelled';
  /** Tokens used (from `usage`, estimated where the endpoint gave none). */
  tokens: number;
}

export interface AuditProgress {
  done: number;
  planned: number;
  made: number;
  cached: number;
  failed: number;
}
