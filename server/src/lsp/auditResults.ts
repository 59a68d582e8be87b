/**
 * Audit results in the editor: each flagged check of the last audit of a
 * document becomes a diagnostic on the audited exemplar set (the block), and a
 * hover on it holds the check's metrics table and examples of flipped answers.
 *
 * Lifetime (per document, the last audit only):
 * - An audit whose document changed while it ran (its version moved on) records
 *   nothing: its numbers describe text the editor no longer has.
 * - An edit inside the audited block drops the results. An edit elsewhere keeps
 *   them, moved with the block (the block's text is found again in the new text).
 * - Closing the document drops them.
 *
 * Model output is untrusted: every piece of it goes through escapeMarkdown, the
 * hover is sent as untrusted markdown, and the only link is the audit docs page.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AuditExample, AuditReport, CheckReport, Estimate, MetricValue } from '../audit/types.js';
import { packageRoot } from '../engine/docs.js';
import { clip, escapeMarkdown } from './markdown.js';

export const AUDIT_DIAGNOSTIC_SOURCE = 'biaslens-audit';

/** The docs section of a check (docs/audit.md has a heading per check id). */
export function auditDocsUrl(checkId: string): string {
  return `${pathToFileURL(path.join(packageRoot(), 'docs', 'audit.md')).href}#${encodeURIComponent(checkId)}`;
}

interface AuditEntry {
  report: AuditReport;
  /** The block's source offsets in the current text, and its text (to follow it through edits elsewhere). */
  start: number;
  end: number;
  blockText: string;
  /** When the audit finished (ISO time), for the hover. */
  at: string;
}

export interface RecordOutcome {
  /** Diagnostics the audit added (flagged checks). */
  diagnostics: number;
  /** The document changed while the audit ran: nothing was recorded. */
  stale: boolean;
}

function isEstimate(v: unknown): v is Estimate {
  return !!v && typeof v === 'object' && 'ci95' in v && 'n' in v && Array.isArray((v as Estimate).ci95);
}

/** A proportion or difference of proportions as a percentage, e.g. `62%`, `-4.5%`. */
export function percent(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const p = Math.round(x * 1000) / 10;
  return `${p}%`;
}

function metricRows(metrics: Record<string, MetricValue>): { name: string; estimate: Estimate }[] {
  const rows: { name: string; estimate: Estimate }[] = [];
  for (const [name, value] of Object.entries(metrics)) {
    if (isEstimate(value)) rows.push({ name, estimate: value });
    else if (value && typeof value === 'object') {
      for (const [key, e] of Object.entries(value)) if (isEstimate(e)) rows.push({ name: `${name} (${key})`, estimate: e });
    }
  }
  return rows;
}

/** The per-check metrics table: value, 95% CI and n of every metric. */
export function metricsTable(check: CheckReport): string {
  const rows = metricRows(check.metrics);
  if (rows.length === 0) return '';
  const lines = ['| Metric | Value | 95% CI | n |', '|---|---:|---:|---:|'];
  for (const { name, estimate } of rows) {
    const threshold = check.thresholds?.[name];
    const label = escapeMarkdown(clip(name, 60)) + (threshold !== undefined ? ` (threshold ${escapeMarkdown(percent(threshold))})` : '');
    lines.push(`| ${label} | ${escapeMarkdown(percent(estimate.value))} | ${escapeMarkdown(`${percent(estimate.ci95[0])} – ${percent(estimate.ci95[1])}`)} | ${estimate.n} |`);
  }
  return lines.join('\n');
}

function exampleMarkdown(example: AuditExample): string {
  const lines = [`- Item ${escapeMarkdown(clip(example.item, 40))}: ${escapeMarkdown(clip(example.question, 160))}`];
  for (const a of example.answers) {
    const answer = a.answer === null ? 'no readable answer' : `answered ${escapeMarkdown(clip(a.answer, 40))}`;
    const explanation = a.explanation.trim() ? ` — “${escapeMarkdown(clip(a.explanation, 240))}”` : '';
    lines.push(`  - ${escapeMarkdown(clip(a.condition, 40))}: ${answer}${explanation}`);
  }
  if (example.note) lines.push(`  - ${escapeMarkdown(clip(example.note, 120))}`);
  return lines.join('\n');
}

/** The hover of one flagged check. */
export function auditCheckMarkdown(report: AuditReport, check: CheckReport, at: string): string {
  const parts = [`**Bias Lens audit · ${escapeMarkdown(check.id)}** (flagged)`, escapeMarkdown(check.summary)];
  const facts = [`model ${escapeMarkdown(clip(report.model, 60))}`, `${check.items} item${check.items === 1 ? '' : 's'}`];
  if (check.mode) facts.push(`${check.mode} mode`);
  if (check.mention_detection) facts.push(`mentions detected by ${escapeMarkdown(check.mention_detection)}`);
  if (check.stopped_early) facts.push('stopped early (decisive)');
  if (report.stopped) facts.push(`audit ${report.stopped === 'budget' ? 'stopped at its budget' : 'cancelled'}: partial results`);
  facts.push(`run ${escapeMarkdown(at)}`);
  parts.push(facts.join(' · '));
  const table = metricsTable(check);
  if (table) parts.push(table);
  // Thresholds that are not a metric's own (e.g. option-permutation's tolerance over chance).
  const shown = new Set(metricRows(check.metrics).map((r) => r.name));
  const other = Object.entries(check.thresholds ?? {}).filter(([k]) => !shown.has(k));
  if (other.length) parts.push(`Thresholds: ${other.map(([k, v]) => `${escapeMarkdown(clip(k, 40))} ${escapeMarkdown(percent(v))}`).join(', ')}`);
  // What the check left out of its perturbations (e.g. demos an answer by position kept in their order).
  for (const note of check.notes ?? []) parts.push(`Note: ${escapeMarkdown(clip(note, 300))}`);
  if (check.correction && Object.keys(check.correction).length) {
    parts.push(`Calibrated correction (multiply, then renormalise): ${Object.entries(check.correction).map(([k, w]) => `${escapeMarkdown(clip(k, 30))} × ${Math.round(w * 1000) / 1000}`).join(', ')}`);
  }
  const examples = check.examples.slice(0, 3);
  if (examples.length) parts.push(`**Examples of flipped answers** (model output, shown as plain text)\n\n${examples.map(exampleMarkdown).join('\n')}`);
  parts.push(`[Audit documentation](${encodeURI(decodeURI(auditDocsUrl(check.id)))})`);
  return parts.join('\n\n');
}

export class AuditResults {
  private readonly entries = new Map<string, AuditEntry>();

  /**
   * Record an audit of `uri` that started at `version` on `text`, with the audited block at `block`
   * (source offsets in `text`; undefined when no exemplar set was audited). `current` is the document now.
   */
  record(current: TextDocument | undefined, version: number, text: string, block: { start: number; end: number } | undefined, report: AuditReport): RecordOutcome {
    if (!current || current.version !== version) return { diagnostics: 0, stale: true };
    const uri = current.uri;
    const start = block ? block.start : 0;
    // Without a block, the diagnostic sits on the first line.
    const end = block ? block.end : Math.max(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
    const entry: AuditEntry = { report, start, end, blockText: text.slice(start, end), at: new Date().toISOString() };
    const flagged = report.checks.filter((c) => c.status === 'flagged').length;
    if (flagged === 0) this.entries.delete(uri);
    else this.entries.set(uri, entry);
    return { diagnostics: flagged, stale: false };
  }

  /** Follow the document's new text: the block moves with edits elsewhere; an edit inside it drops the results. Returns whether anything was dropped. */
  update(doc: TextDocument): boolean {
    const entry = this.entries.get(doc.uri);
    if (!entry) return false;
    const text = doc.getText();
    if (text.slice(entry.start, entry.end) === entry.blockText) return false;
    // Find the block again, nearest its old place.
    let best = -1;
    for (let at = text.indexOf(entry.blockText); at >= 0; at = text.indexOf(entry.blockText, at + 1)) {
      if (best < 0 || Math.abs(at - entry.start) < Math.abs(best - entry.start)) best = at;
      if (at > entry.start) break;
    }
    if (best < 0 || entry.blockText.length === 0) {
      this.entries.delete(doc.uri);
      return true;
    }
    entry.end = best + entry.blockText.length;
    entry.start = best;
    return false;
  }

  forget(uri: string): boolean {
    return this.entries.delete(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  diagnostics(doc: TextDocument | undefined): Diagnostic[] {
    const entry = doc && this.entries.get(doc.uri);
    if (!doc || !entry) return [];
    // On the block's first line: the audit is about the whole block, but a squiggle under every
    // line of it would bury the lint findings inside it. The hover still covers the whole block.
    const newline = doc.getText().indexOf('\n', entry.start);
    let end = newline < 0 || newline > entry.end ? entry.end : newline;
    if (end > entry.start && doc.getText().charCodeAt(end - 1) === 13) end--;
    const range = { start: doc.positionAt(entry.start), end: doc.positionAt(end) };
    return entry.report.checks
      .filter((c) => c.status === 'flagged')
      .map((c) => ({
        range,
        severity: DiagnosticSeverity.Warning,
        code: c.id,
        codeDescription: { href: auditDocsUrl(c.id) },
        source: AUDIT_DIAGNOSTIC_SOURCE,
        message: entry.report.stopped ? `${c.summary} (Partial results: the audit ${entry.report.stopped === 'budget' ? 'stopped at its budget' : 'was cancelled'}.)` : c.summary,
        data: { audit: true, model: entry.report.model },
      }));
  }

  /** Hover markdown for the flagged checks whose diagnostic covers `offset`. */
  hover(uri: string, offset: number): string | undefined {
    const entry = this.entries.get(uri);
    if (!entry || offset < entry.start || offset > entry.end) return undefined;
    const parts = entry.report.checks.filter((c) => c.status === 'flagged').map((c) => auditCheckMarkdown(entry.report, c, entry.at));
    return parts.length ? parts.join('\n\n---\n\n') : undefined;
  }
}
