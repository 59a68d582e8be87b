/**
 * `--format json`: `{"version":1,"files":[{"path","format","diagnostics":[...]}]}`
 * with 0-based LSP ranges. The shape is a public contract (docs/cli.md).
 */
import type { Range } from '../../model/lines.js';
import type { Severity } from '../../rules/types.js';
import type { LintDiagnostic } from '../../engine/lint.js';
import { ChunkedOutput, type LintRun } from '../report.js';

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
  return { version: 1, files: run.files.map((f) => ({ path: f.path, format: f.format, diagnostics: f.diagnostics.map(toJsonDiagnostic) })) };
}

function toJsonDiagnostic(d: LintDiagnostic): JsonDiagnostic {
  return { ruleId: d.ruleId, severity: d.severity, message: d.message, range: { start: { ...d.range.start }, end: { ...d.range.end } }, data: d.data };
}

/** Writes `JSON.stringify(toJsonReport(run))` and a newline, one problem at a time (see ChunkedOutput). */
export function formatJson(run: LintRun, write: (chunk: string) => void): void {
  const out = new ChunkedOutput(write);
  out.add('{"version":1,"files":[');
  run.files.forEach((f, i) => {
    out.add(`${i > 0 ? ',' : ''}{"path":${JSON.stringify(f.path)},"format":${JSON.stringify(f.format)},"diagnostics":[`);
    f.diagnostics.forEach((d, j) => out.add((j > 0 ? ',' : '') + JSON.stringify(toJsonDiagnostic(d))));
    out.add(']}');
  });
  out.add(']}\n');
  out.flush();
}
