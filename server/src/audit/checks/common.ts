/**
 * What every check shares: the check interface, reading answers from
 * outcomes, estimates with intervals, and examples.
 */
import type { ExemplarSet, PromptDocument } from '../../model/types.js';
import type { AuditExample, AuditItem, CallOutcome, CallParams, CallRequest, ChatMessage, CheckId, CheckReport, Estimate } from '../types.js';
import { explanationOf, extractAnswer, indexOfLetter, letterOf } from '../answers.js';
import { newcombePaired, wilson } from '../../stats/intervals.js';
import type { PromptEdit } from '../perturb.js';
import type { QueryTransform } from '../items.js';
import type { AuditSettings } from '../config.js';

export interface AuditContext {
  doc: PromptDocument;
  set: ExemplarSet;
  setIndex: number;
  items: AuditItem[];
  /** Label set for label tasks (demos without options), else empty. */
  labels: string[];
  settings: AuditSettings;
  /** Messages for an item under prompt edits and a query transform. */
  messages(item: AuditItem, edits?: PromptEdit[], transform?: QueryTransform): ChatMessage[];
  /** A request with the audit's sampling parameters (overridable). */
  request(messages: ChatMessage[], overrides?: Partial<CallParams>): CallRequest;
}

/** One item's calls in a check. */
export interface Unit {
  item: AuditItem;
  /** Condition names, parallel to `requests` (e.g. "baseline", "biased", "rotation 1"). */
  conditions: string[];
  requests: CallRequest[];
  /** Check-specific data fixed at plan time (e.g. the suggested letter). */
  data?: Record<string, unknown>;
}

export interface UnitResult {
  unit: Unit;
  outcomes: CallOutcome[];
}

export interface CheckPlan {
  units: Unit[];
  /** Set when the check cannot run on this input. */
  skip?: string;
  /** What the check leaves out of its perturbations and why; copied to the report's `notes`. */
  notes?: string[];
  /** Calls that may be added after the plan (judge passes, sampling fallbacks), as an upper bound. */
  extraCallsUpTo?: number;
}

export interface CheckTools {
  call(req: CallRequest): Promise<CallOutcome>;
  stoppedEarly: boolean;
}

/** The flag decision: flagged when `lo > threshold`. */
export interface Decision {
  lo: number;
  hi: number;
  threshold: number;
}

export type CheckBody = Omit<CheckReport, 'id' | 'status'> & { flagged: boolean };

export interface CheckDefinition {
  id: CheckId;
  plan(ctx: AuditContext): CheckPlan;
  analyze(ctx: AuditContext, results: UnitResult[], tools: CheckTools): Promise<CheckBody>;
  /** Sequential early stopping: the decision statistic at a given interval level. */
  decide?(ctx: AuditContext, results: UnitResult[], level: number): Decision | undefined;
}

export const LETTER_INSTRUCTION =
  'Answer the last question. Think it through step by step, then give your answer in the format "The best answer is: (X)".';

export function labelInstruction(labels: readonly string[]): string {
  return `Answer the last question. Think it through step by step, then give your answer in the format "The answer is: LABEL", where LABEL is one of: ${labels.join(', ')}.`;
}

export type Read =
  | { kind: 'answer'; index?: number; label?: string; text: string }
  | { kind: 'unparseable'; text: string }
  | { kind: 'failed'; error: string };

/** Read an outcome; `order` maps shown positions back to original option indices. */
export function readOutcome(o: CallOutcome | undefined, item: AuditItem, labels: readonly string[], order?: readonly number[], optionsShown?: readonly string[]): Read {
  if (!o) return { kind: 'failed', error: 'not run' };
  if (!o.ok) return { kind: 'failed', error: o.error };
  const text = o.response.text;
  const shown = optionsShown ?? (order ? order.map((i) => item.options[i]!) : item.options);
  const a = extractAnswer(text, shown, shown.length === 0 ? labels : []);
  if (!a) return { kind: 'unparseable', text };
  if (a.index !== undefined) return { kind: 'answer', index: order ? order[a.index]! : a.index, text };
  return { kind: 'answer', label: a.label!, text };
}

/** Same answer (option index or label, case-insensitive). */
export function sameAnswer(a: Read, b: Read): boolean {
  if (a.kind !== 'answer' || b.kind !== 'answer') return false;
  if (a.index !== undefined || b.index !== undefined) return a.index === b.index;
  return (a.label ?? '').toLowerCase() === (b.label ?? '').toLowerCase();
}

export function isCorrect(r: Read, item: AuditItem): boolean {
  if (r.kind !== 'answer') return false;
  if (item.gold !== undefined) return r.index === item.gold;
  if (item.goldLabel !== undefined) return (r.label ?? '').toLowerCase() === item.goldLabel.toLowerCase();
  return false;
}

export function answerName(r: Read): string | null {
  if (r.kind !== 'answer') return null;
  return r.index !== undefined ? `(${letterOf(r.index)})` : (r.label ?? null);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function proportion(k: number, n: number): Estimate {
  const ci = wilson(k, n);
  return { value: n > 0 ? round(k / n) : null, ci95: [round(ci.lo), round(ci.hi)], n };
}

export function estimate(value: number | null, lo: number, hi: number, n: number): Estimate {
  const ok = (x: number) => (Number.isFinite(x) ? round(x) : 0);
  return { value: value === null || !Number.isFinite(value) ? null : round(value), ci95: [ok(lo), ok(hi)], n };
}

/** Paired binary outcomes: estimate of mean(x) - mean(y) with Newcombe's interval. */
export function pairedDifference(pairs: readonly [boolean, boolean][], level = 0.95): Estimate {
  let a = 0,
    b = 0,
    c = 0,
    d = 0;
  for (const [x, y] of pairs) {
    if (x && y) a++;
    else if (x) b++;
    else if (y) c++;
    else d++;
  }
  const r = newcombePaired(a, b, c, d, level);
  return pairs.length === 0 ? { value: null, ci95: [-1, 1], n: 0 } : estimate(r.diff, r.lo, r.hi, pairs.length);
}

export function pct(x: number | null): string {
  return x === null ? 'n/a' : `${Math.round(x * 100)}%`;
}

export function ciText(e: Estimate): string {
  return `95% CI ${Math.round(e.ci95[0] * 100)}–${Math.round(e.ci95[1] * 100)}%`;
}

const MAX_EXPLANATION = 600;

export function example(item: AuditItem, answers: { condition: string; read: Read }[], note?: string): AuditExample {
  const ex: AuditExample = {
    item: item.id,
    question: item.question.length > 200 ? item.question.slice(0, 200) + '…' : item.question,
    answers: answers.map(({ condition, read }) => {
      const full = read.kind === 'failed' ? '' : read.text;
      const expl = explanationOf(full);
      return { condition, answer: answerName(read), explanation: expl.length > MAX_EXPLANATION ? expl.slice(0, MAX_EXPLANATION) + '…' : expl };
    }),
  };
  if (note) ex.note = note;
  return ex;
}

/** Letter distribution at the answer token, from top logprobs: option index -> probability (normalised over valid letters). */
export function letterDistribution(o: CallOutcome | undefined, optionCount: number): number[] | undefined {
  if (!o || !o.ok || !o.response.logprobs) return undefined;
  const toks = o.response.logprobs;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i]!;
    const letter = t.token.replace(/[\s()]/g, '');
    const idx = letter.length === 1 ? indexOfLetter(letter) : -1;
    if (idx < 0 || idx >= optionCount || !t.top || t.top.length === 0) continue;
    const probs = new Array<number>(optionCount).fill(0);
    for (const alt of t.top) {
      const l = alt.token.replace(/[\s()]/g, '');
      const k = l.length === 1 ? indexOfLetter(l) : -1;
      if (k >= 0 && k < optionCount) probs[k]! += Math.exp(alt.logprob);
    }
    const sum = probs.reduce((s, p) => s + p, 0);
    if (sum <= 0) continue;
    return probs.map((p) => p / sum);
  }
  return undefined;
}

/** Label distribution at the answer token: label -> probability (normalised over the labels). */
export function labelDistribution(o: CallOutcome | undefined, labels: readonly string[]): number[] | undefined {
  if (!o || !o.ok || !o.response.logprobs || labels.length === 0) return undefined;
  const lower = labels.map((l) => l.toLowerCase());
  const which = (token: string): number => {
    const t = token.trim().toLowerCase();
    if (!t) return -1;
    const hits = lower.map((l, i) => (l.startsWith(t) ? i : -1)).filter((i) => i >= 0);
    return hits.length === 1 ? hits[0]! : -1;
  };
  const toks = o.response.logprobs;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i]!;
    if (which(t.token) < 0 || !t.top || t.top.length === 0) continue;
    const probs = new Array<number>(labels.length).fill(0);
    for (const alt of t.top) {
      const k = which(alt.token);
      if (k >= 0) probs[k]! += Math.exp(alt.logprob);
    }
    const sum = probs.reduce((s, p) => s + p, 0);
    if (sum > 0) return probs.map((p) => p / sum);
  }
  return undefined;
}

export function seededPick<T>(xs: readonly T[], u: number): T {
  return xs[Math.min(xs.length - 1, Math.floor(u * xs.length))]!;
}
