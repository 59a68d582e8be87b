/**
 * The audit request: runs the counterfactual audit engine (server/src/audit) on
 * an open document. Two steps, so nothing is sent before the user agrees:
 * `planOnly` returns the planned call count and token estimate; the real run
 * reports progress, honours cancellation and returns the report.
 *
 * Settings: the `audit` section of `.biaslens.*` (ignored in Restricted Mode,
 * where the request is refused anyway), then the `biaslens.audit.*` settings.
 * The API key comes with the request (from SecretStorage) and is only handed to
 * the provider; the engine scrubs it from everything it reports.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AuditError,
  AuditSettingsError,
  DiskCache,
  createOpenAIProvider,
  planAudit,
  runAudit as runAuditEngine,
  type AuditReport,
} from '../audit/index.js';
import { formatAuditText } from '../audit/format.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { DocumentFormat } from '../model/types.js';
import { parseDocument } from '../parse/index.js';
import { blockRef, locateBlock } from './auditBlock.js';
import { ProgressNotification, asAuditBlockRef, type AuditParams, type AuditResult, type ClientSettings } from './protocol.js';

export interface AuditRequestContext {
  connection: Connection;
  params: AuditParams;
  doc: TextDocument;
  /** The document's version and text as the request read them (the audit reads this text). */
  version: number;
  text: string;
  format: DocumentFormat;
  /** The resolved config of the document (its `audit` section comes from `.biaslens.*`). */
  config: ResolvedConfig;
  settings: ClientSettings['audit'];
  token: CancellationToken;
  /** Called with the finished report and the audited block (source offsets in the text the audit read; undefined without an exemplar set). */
  onReport?: (report: AuditReport, block: { start: number; end: number } | undefined) => void;
}

/** Editor settings over the config file's audit section; paths that only make sense to the CLI are left out. */
export function auditSettingsFor(config: ResolvedConfig, settings: ClientSettings['audit'], exemplarSet?: number): Record<string, unknown> {
  const fromFile: Record<string, unknown> = { ...config.audit };
  delete fromFile.items;
  delete fromFile.cacheDir;
  return {
    ...fromFile,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.maxCalls !== undefined ? { maxCalls: settings.maxCalls } : {}),
    ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
    ...(exemplarSet !== undefined ? { set: exemplarSet } : {}),
  };
}

function summarise(report: AuditReport): string {
  const flagged = report.checks.filter((c) => c.status === 'flagged');
  const errors = report.checks.filter((c) => c.status === 'error');
  const parts = [
    `${report.checks_run} check${report.checks_run === 1 ? '' : 's'} run on ${report.model}`,
    flagged.length ? `flagged: ${flagged.map((c) => c.id).join(', ')}` : 'nothing flagged',
  ];
  if (errors.length) parts.push(`errors: ${errors.map((c) => c.id).join(', ')}`);
  parts.push(`${report.calls.made} calls made, ${report.calls.cached} cached, ${report.calls.failed} failed`);
  if (report.stopped) parts.push(`stopped early (${report.stopped}); results are partial`);
  return parts.join('; ') + '.';
}

export async function runAuditRequest(ctx: AuditRequestContext): Promise<AuditResult> {
  const { params, doc } = ctx;
  const parsed = parseDocument(doc.uri, ctx.text, ctx.format);
  // The block a lens or plan named (maybe in an older version): found again in this text, or refused.
  let exemplarSet = params.exemplarSet;
  /** The lens's block was edited since the lens was shown (see `locateBlock`): the plan says so. */
  let edited = false;
  const ref = params.block === undefined ? undefined : asAuditBlockRef(params.block);
  if (params.block !== undefined) {
    if (!ref) return { status: 'refused', message: 'The audit request names its block in a form this version of Bias Lens does not read: run the audit again from the lens.' };
    const located = locateBlock(parsed, ctx.version, ref);
    if ('refused' in located) return { status: 'refused', message: located.refused };
    exemplarSet = located.index;
    edited = located.edited === true;
  }
  let plan;
  try {
    plan = planAudit(parsed, undefined, { settings: auditSettingsFor(ctx.config, ctx.settings, exemplarSet), ...(ctx.settings.checks?.length ? { checks: ctx.settings.checks } : {}) });
  } catch (error) {
    if (error instanceof AuditError || error instanceof AuditSettingsError) return { status: 'refused', message: `The audit cannot run: ${error.message}.` };
    throw error;
  }
  const { baseUrl, model } = plan.settings;
  if (!baseUrl || !model) {
    return { status: 'refused', message: 'Set "biaslens.audit.baseUrl" and "biaslens.audit.model" in your user settings to run an audit.' };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { status: 'refused', message: `"biaslens.audit.baseUrl" is not a URL: ${baseUrl}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { status: 'refused', message: `"biaslens.audit.baseUrl" must be an http(s) URL, not ${url.protocol}` };

  const planned = {
    calls: plan.calls,
    tokens: plan.tokens.total,
    checks: plan.checks.map((c) => ({ id: c.id, calls: c.calls, ...(c.plan.skip ? { skipped: c.plan.skip } : {}) })),
    model,
    baseUrl: url.origin + url.pathname,
    ...(plan.context.setIndex >= 0 ? { block: blockRef(parsed, ctx.version, plan.context.setIndex, ref?.from ?? 'plan') } : {}),
  };
  if (params.planOnly) {
    const extra = plan.extraCallsUpTo ? ` (+ up to ${plan.extraCallsUpTo} for judge or sampling passes)` : '';
    // doc is still ctx.text here: nothing was awaited since the request read it.
    const set = plan.context.setIndex >= 0 ? plan.context.set : undefined;
    const on = set ? `, on the few-shot block at line ${doc.positionAt(set.span.start).line + 1} (${set.exemplars.length} ${set.kind === 'dataset' ? 'record' : 'demo'}${set.exemplars.length === 1 ? '' : 's'}${edited ? ', edited since the lens was shown' : ''})` : '';
    return { status: 'planned', message: `${plan.calls} calls${extra}, about ${plan.tokens.total} tokens, to ${model} at ${planned.baseUrl}${on}.`, plan: planned };
  }

  const controller = new AbortController();
  const cancelled = ctx.token.onCancellationRequested(() => controller.abort());
  const progress = (kind: 'begin' | 'report' | 'end', extra: { message?: string; done?: number; total?: number } = {}) =>
    void ctx.connection.sendNotification(ProgressNotification, { token: params.token, kind, title: 'Bias Lens: counterfactual audit', ...extra });
  progress('begin', { message: `${plan.calls} calls planned`, done: 0, total: plan.calls });
  try {
    const provider = createOpenAIProvider({ baseURL: baseUrl, model, ...(params.apiKey ? { apiKey: params.apiKey } : {}), headers: plan.settings.headers, timeoutMs: plan.settings.timeoutMs });
    const report = await runAuditEngine(plan, {
      provider,
      ...(params.cacheDir ? { cache: new DiskCache(params.cacheDir) } : {}),
      signal: controller.signal,
      secrets: params.apiKey ? [params.apiKey] : [],
      onProgress: (p) => progress('report', { message: `${p.done} of ${p.planned} calls (${p.cached} cached, ${p.failed} failed)`, done: p.done, total: p.planned }),
    });
    ctx.onReport?.(report, plan.context.setIndex >= 0 ? { start: plan.context.set.span.start, end: plan.context.set.span.end } : undefined);
    return { status: 'done', message: summarise(report), report, text: formatAuditText(report) };
  } finally {
    cancelled.dispose();
    progress('end');
  }
}
