/**
 * The audit engine's public API, for the CLI and the editor alike:
 *
 *   const plan = planAudit(doc, items, { settings });   // calls + token estimate, nothing sent
 *   const report = await runAudit(plan, { provider, cache, signal, onProgress });
 *
 * `runAudit` never throws for endpoint trouble: failed calls are counted, a
 * spent budget or a cancellation ends the run cleanly with partial results,
 * and the report says so (`stopped`).
 */
import type { ExemplarSet, PromptDocument } from '../model/types.js';
import type { AuditItem, AuditProgress, AuditReport, CallParams, CheckId, CheckReport, ChatMessage } from './types.js';
import { CHECK_IDS } from './types.js';
import { hashSeed, seededShuffle } from '../stats/random.js';
import { parseAuditSettings, enabledChecks, type AuditSettings, type AuditSettingsInput } from './config.js';
import { buildQuery, demoItems, labelSet, targetSet, type QueryTransform } from './items.js';
import { querySlot, renderPrompt } from './render.js';
import type { PromptEdit } from './perturb.js';
import { CallRunner, estimatePromptTokens, type RetryPolicy } from './runner.js';
import { requestKey, type ResponseCache } from './cache.js';
import type { Provider } from './provider.js';
import { makeScrubber } from './provider.js';
import { LETTER_INSTRUCTION, labelInstruction, type AuditContext, type CheckDefinition, type CheckPlan, type UnitResult } from './checks/common.js';
import { optionPermutation } from './checks/option-permutation.js';
import { alwaysA } from './checks/always-a.js';
import { suggestedAnswer } from './checks/suggested-answer.js';
import { demographicSwap } from './checks/demographic-swap.js';
import { contentFreePrior } from './checks/content-free-prior.js';

export * from './types.js';
export { parseAuditSettings, enabledChecks, AuditSettingsError, auditSettingsSchema } from './config.js';
export type { AuditSettings, AuditSettingsInput } from './config.js';
export { parseItemsJsonl, ItemsFileError } from './items.js';
export { createOpenAIProvider, ProviderError, type Provider } from './provider.js';
export { DiskCache, MemoryCache, type ResponseCache } from './cache.js';

export const CHECKS: Record<CheckId, CheckDefinition> = {
  'option-permutation': optionPermutation,
  'always-a': alwaysA,
  'suggested-answer': suggestedAnswer,
  'demographic-swap': demographicSwap,
  'content-free-prior': contentFreePrior,
};

export class AuditError extends Error {}

export interface PlannedCheck {
  id: CheckId;
  plan: CheckPlan;
  /** Unique calls this check needs (some may be shared with other checks). */
  calls: number;
}

export interface AuditPlan {
  file: string;
  settings: AuditSettings;
  context: AuditContext;
  checks: PlannedCheck[];
  /** Unique calls the plan will send (before the cache). */
  calls: number;
  /** Calls that may be added while analysing (LLM-judge passes, sampling when logprobs are missing), at most. */
  extraCallsUpTo: number;
  /** Token estimate over the unique calls: prompt tokens (~4 chars a token) plus the response limit. */
  tokens: { prompt: number; completionMax: number; total: number };
}

export interface PlanOptions {
  /** Settings (validated here if not already). */
  settings?: AuditSettingsInput;
  /** Narrow to these checks (overrides `enabled`). */
  checks?: readonly string[];
}

/** Plan an audit: choose items, build every request, and count calls and tokens. Sends nothing. */
export function planAudit(doc: PromptDocument, items: AuditItem[] | undefined, options: PlanOptions = {}): AuditPlan {
  const settings = parseAuditSettings(options.settings ?? {});
  const target = targetSet(doc, settings.set);
  if (settings.set !== undefined && !target) throw new AuditError(`audit.set ${settings.set}: the file has ${doc.exemplarSets.length} exemplar set(s)`);
  const set: ExemplarSet = target?.set ?? { shape: 'qa', span: { start: 0, end: 0 }, exemplars: [], kind: 'demos' };
  const setIndex = target?.index ?? -1;
  let auditItems = items ?? (target ? demoItems(target.set, target.index) : []);
  if (settings.maxItems !== undefined && auditItems.length > settings.maxItems) {
    const keep = new Set(seededShuffle(auditItems, hashSeed(settings.seed, 'items')).slice(0, settings.maxItems).map((i) => i.id));
    auditItems = auditItems.filter((i) => keep.has(i.id));
  }
  if (auditItems.length === 0) {
    const outputs = items ? undefined : target?.set.shape === 'outputs' ? target.set : doc.exemplarSets.find((s) => s.shape === 'outputs');
    const why = outputs ? ` (its ${outputs.exemplars.length} examples are outputs only, with no question to ask)` : '';
    throw new AuditError(items ? 'the items file has no items' : `the file has no demos with a question to test${why}; pass --items FILE (JSONL) to give test items`);
  }
  const labels = labelSet(set);

  const ctx: AuditContext = {
    doc,
    set,
    setIndex,
    items: auditItems,
    labels,
    settings,
    messages(item: AuditItem, edits: PromptEdit[] = [], transform: QueryTransform = {}): ChatMessage[] {
      const holdOut = item.source.kind === 'demo' ? set.exemplars[item.source.exemplar] : undefined;
      const kept = holdOut ? edits.filter((e) => !(e.span.start >= holdOut.span.start && e.span.end <= holdOut.span.end)) : edits;
      const slot = querySlot(doc, item.vars);
      const query = buildQuery(doc, set, item, { ...transform, ...(slot ? { slot } : {}) });
      // Options that go into the template's own options variable are filled like an item var.
      const vars = query.options !== undefined && slot?.optionsVariable ? { ...item.vars, [slot.optionsVariable]: query.options } : item.vars;
      const lettered = item.options.length >= 2;
      const instruction = settings.instruction ? (lettered ? LETTER_INSTRUCTION : labels.length >= 2 ? labelInstruction(labels) : undefined) : undefined;
      return renderPrompt({
        doc,
        set,
        edits: kept,
        ...(holdOut ? { holdOut } : {}),
        query: query.text,
        ...(vars ? { vars } : {}),
        ...(instruction ? { instruction } : {}),
        datasetContext: settings.datasetContext,
      });
    },
    request(messages: ChatMessage[], overrides: Partial<CallParams> = {}) {
      const params: CallParams = { temperature: settings.temperature, maxTokens: settings.maxResponseTokens, seed: settings.seed, ...overrides };
      return { messages, params };
    },
  };

  const ids = enabledChecks(settings, options.checks);
  const seen = new Set<string>();
  let prompt = 0;
  let completionMax = 0;
  let extra = 0;
  const checks: PlannedCheck[] = ids.map((id) => {
    const plan = CHECKS[id].plan(ctx);
    let calls = 0;
    for (const u of plan.units) {
      for (const req of u.requests) {
        // As the runner tells equal requests apart (one call for all of them).
        const key = requestKey(req);
        if (seen.has(key)) continue;
        seen.add(key);
        calls++;
        prompt += estimatePromptTokens(req);
        completionMax += req.params.maxTokens;
      }
    }
    extra += plan.extraCallsUpTo ?? 0;
    return { id, plan, calls };
  });
  return {
    file: doc.uri,
    settings,
    context: ctx,
    checks,
    calls: seen.size,
    extraCallsUpTo: extra,
    tokens: { prompt, completionMax, total: prompt + completionMax },
  };
}

export interface RunOptions {
  provider: Provider;
  /** Response cache; omit for none. */
  cache?: ResponseCache;
  signal?: AbortSignal;
  onProgress?: (p: AuditProgress) => void;
  /** Overrides of the retry policy (tests use tiny delays or an instant sleep). */
  retry?: Partial<RetryPolicy>;
  /** Retry and cache notices (scrubbed of secrets). */
  log?: (message: string) => void;
  /** Secrets to scrub from every message that reaches the report or the log. */
  secrets?: string[];
}

export async function runAudit(plan: AuditPlan, opts: RunOptions): Promise<AuditReport> {
  const { settings, context: ctx } = plan;
  const scrub = makeScrubber(opts.secrets ?? []);
  let planned = plan.calls;
  let done = 0;
  const runner: CallRunner = new CallRunner({
    provider: opts.provider,
    ...(opts.cache ? { cache: opts.cache } : {}),
    concurrency: settings.concurrency,
    retry: { retries: settings.retries, ...(opts.retry ?? {}) },
    ...(settings.maxCalls !== undefined ? { maxCalls: settings.maxCalls } : {}),
    ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    log: (m) => opts.log?.(scrub(m)),
    onCall: () => {
      done++;
      planned = Math.max(planned, done);
      opts.onProgress?.({ done, planned, made: runner.made, cached: runner.cached, failed: runner.failed });
    },
  });
  const callsOf = (units: CheckPlan['units']) => units.reduce((s, u) => s + u.requests.length, 0);

  const reports = await Promise.all(
    plan.checks.map(async ({ id, plan: checkPlan }): Promise<CheckReport> => {
      const def = CHECKS[id];
      if (checkPlan.skip) return { id, status: 'skipped', items: 0, metrics: {}, examples: [], summary: `Skipped: ${checkPlan.skip}.`, reason: checkPlan.skip };
      const units = checkPlan.units;
      const results: UnitResult[] = [];
      let stoppedEarly = false;
      const runUnits = (us: typeof units) => Promise.all(us.map(async (unit) => ({ unit, outcomes: await Promise.all(unit.requests.map((r) => runner.call(r))) })));
      if (settings.earlyStop.enabled && def.decide && units.length > settings.earlyStop.batch) {
        const batch = settings.earlyStop.batch;
        const looks = Math.ceil(units.length / batch);
        // Bonferroni over the planned looks keeps repeated peeking honest.
        const level = 1 - 0.05 / looks;
        for (let i = 0; i < units.length; i += batch) {
          results.push(...(await runUnits(units.slice(i, i + batch))));
          if (i + batch >= units.length || runner.stopped) break;
          const d = def.decide(ctx, results, level);
          if (d && (d.lo > d.threshold || d.hi < d.threshold + settings.earlyStop.margin)) {
            stoppedEarly = true;
            planned -= callsOf(units.slice(i + batch));
            break;
          }
        }
      } else {
        results.push(...(await runUnits(units)));
      }
      const ok = results.reduce((s, r) => s + r.outcomes.filter((o) => o.ok).length, 0);
      if (ok === 0) {
        const firstError = results.flatMap((r) => r.outcomes).find((o) => !o.ok);
        const why = runner.fatal ?? (firstError && !firstError.ok ? firstError.error : 'no calls completed');
        if (!runner.stopped || runner.fatal) {
          return { id, status: 'error', items: 0, metrics: {}, examples: [], summary: `Error: ${scrub(why)}`, reason: scrub(why) };
        }
        const reason = runner.stopped === 'budget' ? 'the budget ran out before any of its calls' : 'cancelled before any of its calls completed';
        return { id, status: 'skipped', items: 0, metrics: {}, examples: [], summary: `Skipped: ${reason}.`, reason };
      }
      try {
        const { flagged, ...body } = await def.analyze(ctx, results, { call: (r) => runner.call(r), stoppedEarly });
        if (body.items === 0 && runner.stopped) {
          const reason = runner.stopped === 'budget' ? 'the budget ran out before any of its items was complete' : 'cancelled before any of its items was complete';
          return { id, status: 'skipped', items: 0, metrics: {}, examples: [], summary: `Skipped: ${reason}.`, reason };
        }
        // Some calls answered but none of its items is complete because others failed (a 401 or an
        // endpoint that went away mid-run, calls that used up their retries): that is an error, not
        // an "ok" with no items, which would read as a pass and exit 0.
        if (body.items === 0) {
          const failed = results.flatMap((r) => r.outcomes).find((o) => !o.ok && !o.skipped);
          const why = runner.fatal ?? (failed && !failed.ok ? failed.error : undefined);
          if (why) {
            const reason = `no item has an answer in every condition: ${scrub(why)}`;
            return { id, status: 'error', items: 0, metrics: {}, examples: [], summary: `Error: ${reason}`, reason };
          }
        }
        return { id, status: flagged ? 'flagged' : 'ok', ...body, ...(checkPlan.notes?.length ? { notes: checkPlan.notes } : {}) };
      } catch (e) {
        const why = scrub(e instanceof Error ? e.message : String(e));
        return { id, status: 'error', items: 0, metrics: {}, examples: [], summary: `Error: ${why}`, reason: why };
      }
    }),
  );

  const report: AuditReport = {
    version: 1,
    file: plan.file,
    model: opts.provider.model,
    calls: { made: runner.made, cached: runner.cached, failed: runner.failed },
    checks_run: reports.filter((r) => r.status !== 'skipped').length,
    checks: reports,
    tokens: runner.tokens,
  };
  if (runner.stopped) report.stopped = runner.stopped;
  return report;
}

/** Ids of all checks, in report order. */
export const ALL_CHECKS: readonly CheckId[] = CHECK_IDS;
