/**
 * Runs audits in-process against the biased test model server.
 */
import { parseDocument } from '../../server/src/parse/index.js';
import { createOpenAIProvider, parseItemsJsonl, planAudit, runAudit, type AuditReport, type ResponseCache } from '../../server/src/audit/index.js';
import type { AuditPlan, RunOptions } from '../../server/src/audit/index.js';
import type { BiasedModelServer } from './biased-model-server.js';
import { arithmeticPrompt, arithmeticQuestions, itemsJsonl } from './audit-fixtures.js';

export interface HarnessOptions {
  prompt?: string;
  fileName?: string;
  /** JSONL items text; default 40 arithmetic items with 4 options. Pass null for leave-one-out. */
  items?: string | null;
  settings?: Record<string, unknown>;
  checks?: string[];
  cache?: ResponseCache;
  apiKey?: string;
  timeoutMs?: number;
  run?: Partial<RunOptions>;
}

export function defaultPrompt(): string {
  return arithmeticPrompt(arithmeticQuestions(6, 4, 1));
}

export function makePlan(opts: HarnessOptions = {}): AuditPlan {
  const doc = parseDocument(opts.fileName ?? 'demo.prompt', opts.prompt ?? defaultPrompt());
  const items = opts.items === null ? undefined : parseItemsJsonl(opts.items ?? itemsJsonl(arithmeticQuestions(40, 4, 2)));
  return planAudit(doc, items, { settings: { concurrency: 8, ...(opts.settings ?? {}) }, ...(opts.checks ? { checks: opts.checks } : {}) });
}

/** Retry policy for tests: no real waiting; the requested delays are recorded. */
export function instantRetry(delays: number[] = []) {
  return { baseDelayMs: 1, maxDelayMs: 4, sleep: async (ms: number) => void delays.push(ms) };
}

export async function runAgainst(server: BiasedModelServer, opts: HarnessOptions = {}): Promise<{ plan: AuditPlan; report: AuditReport }> {
  const plan = makePlan(opts);
  const provider = createOpenAIProvider({ baseURL: server.url, model: 'test-model', timeoutMs: opts.timeoutMs ?? 10_000, ...(opts.apiKey ? { apiKey: opts.apiKey } : {}) });
  const report = await runAudit(plan, { provider, retry: instantRetry(), ...(opts.cache ? { cache: opts.cache } : {}), ...(opts.run ?? {}) });
  return { plan, report };
}

export function metric(report: AuditReport, check: string, name: string) {
  const c = report.checks.find((x) => x.id === check);
  if (!c) throw new Error(`no check ${check}`);
  const m = c.metrics[name];
  if (!m) throw new Error(`${check} has no metric ${name}: ${Object.keys(c.metrics).join(', ')}`);
  return m as { value: number | null; ci95: [number, number]; n: number } & Record<string, { value: number | null; ci95: [number, number]; n: number }>;
}

export function covers(e: { ci95: [number, number] }, truth: number): boolean {
  return e.ci95[0] <= truth + 1e-9 && truth - 1e-9 <= e.ci95[1];
}
