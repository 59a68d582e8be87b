/**
 * `--format json`: `{"version":1,"files":[{"path","format","diagnostics":[...]}]}`
 * with 0-based LSP ranges. The shape is a public contract (docs/cli.md).
 */
import type { Range } from '../../model/lines.js';
import type { Severity } from '../../rules/types.js';
import type { LintRun } from '../report.js';

export interface JsonDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  data: Record<string, unknown>;
}

export interface JsonReport {
  version: 1;
  files: { path: string; format: string | null; diagnostics: JsonDiagnostic[] }[];
}

export function toJsonReport(run: LintRun): JsonReport {
  return {
    version: 1,
    files: run.files.map((f) => ({
      path: f.path,
      format: f.format,
      diagnostics: f.diagnostics.map((d) => ({
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
        range: { start: { ...d.range.start }, end: { ...d.range.end } },
        data: d.data,
      })),
    })),
  };
}

export function formatJson(run: LintRun): string {
  return JSON.stringify(toJsonReport(run)) + '\n';
}
