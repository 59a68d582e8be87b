/** Engine findings as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
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
