import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { editorDiagnostics, toLspDiagnostic } from '../../server/src/lsp/diagnostics.js';
import type { LintDiagnostic } from '../../server/src/engine/lint.js';

function finding(line: number, severity: LintDiagnostic['severity']): LintDiagnostic {
  const at = { line, character: 1 };
  return { ruleId: 'r', severity, message: `${severity} on ${line}`, span: { start: 0, end: 1 }, range: { start: at, end: at }, data: {}, fixes: [], docsUrl: 'file:///r.md' };
}

describe('editorDiagnostics', () => {
  it('gives every finding up to the limit, unchanged', () => {
    const findings = [finding(3, 'warning'), finding(1, 'error')];
    expect(editorDiagnostics(findings, 2)).toEqual(findings.map(toLspDiagnostic));
  });

  it('beyond it, the most severe first, in document order, after a notice of how many there are', () => {
    const findings = [finding(9, 'warning'), finding(5, 'info'), finding(7, 'error'), finding(1, 'warning'), finding(4, 'hint'), finding(2, 'error')];
    const shown = editorDiagnostics(findings, 3);
    expect(shown).toHaveLength(4);
    expect(shown[0]).toMatchObject({ code: 'too-many-problems', severity: DiagnosticSeverity.Information, data: { shown: 3, total: 6 }, range: { start: { line: 0, character: 0 } } });
    expect(shown[0]!.message).toBe('Bias Lens shows 3 of the 6 problems in this file, the most severe first. Run "biaslens lint" on it to list them all.');
    expect(shown[0]!.codeDescription!.href).toMatch(/\/docs\/rules\/too-many-problems\.md$/);
    expect(shown.slice(1).map((d) => d.message)).toEqual(['warning on 1', 'error on 2', 'error on 7']);
  });
});
