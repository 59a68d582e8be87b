/** Engine findings as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { docsUrl } from '../engine/docs.js';
import type { LintDiagnostic } from '../engine/lint.js';
import type { Severity } from '../rules/types.js';

export const DIAGNOSTIC_SOURCE = 'biaslens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: LintDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.ruleId,
    codeDescription: { href: d.docsUrl },
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    data: d.data,
  };
}

/**
 * At most this many of one file's problems go to the editor. A dataset can have hundreds of
 * thousands (a 6 MB file with a gendered term every few words has 360,000, whose JSON in the
 * CLI's format is 160 MB: a denser 16 MiB file would pass what a V8 string can hold), and no
 * one reads more than a few thousand in a Problems panel. `biaslens lint` lists them all.
 */
export const MAX_EDITOR_PROBLEMS = 5000;

const SEVERITY_RANK: Record<LintDiagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * A file's findings as the editor gets them: all of them up to MAX_EDITOR_PROBLEMS (`max`).
 * Beyond that, the most severe first (errors, then warnings, then the rest, each in document
 * order), in document order, after a notice at the start of the file that says how many
 * there are.
 */
export function editorDiagnostics(findings: readonly LintDiagnostic[], max = MAX_EDITOR_PROBLEMS): Diagnostic[] {
  if (findings.length <= max) return findings.map(toLspDiagnostic);
  const byPosition = (a: LintDiagnostic, b: LintDiagnostic) =>
    a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  const shown = [...findings]
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byPosition(a, b))
    .slice(0, max)
    .sort(byPosition);
  const start = { line: 0, character: 0 };
  const notice: Diagnostic = {
    range: { start, end: start },
    severity: DiagnosticSeverity.Information,
    code: 'too-many-problems',
    codeDescription: { href: docsUrl('too-many-problems') },
    source: DIAGNOSTIC_SOURCE,
    message: `Bias Lens shows ${max} of the ${findings.length} problems in this file, the most severe first. Run "biaslens lint" on it to list them all.`,
    data: { shown: max, total: findings.length },
  };
  return [notice, ...shown.map(toLspDiagnostic)];
}
