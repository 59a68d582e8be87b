import { describe, expect, it } from 'vitest';
import { countDiagnostics, type FileReport } from '../../server/src/cli/report.js';
import type { LintDiagnostic } from '../../server/src/engine/lint.js';

/** A diagnostic whose fixes, like the engine's, are built when read; `reads` counts the builds. */
function diagnostic(severity: LintDiagnostic['severity'], fixCount: number, reads: { n: number }): LintDiagnostic {
  const d = {
    ruleId: 'answer-position-skew',
    severity,
    message: 'm',
    span: { start: 0, end: 0 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    data: {},
    docsUrl: '',
  } as Omit<LintDiagnostic, 'fixes'>;
  Object.defineProperty(d, 'fixes', {
    enumerable: true,
    get() {
      reads.n++;
      return Array.from({ length: fixCount }, () => ({ title: 'fix', edits: [] }));
    },
  });
  return d as LintDiagnostic;
}

function report(diagnostics: LintDiagnostic[], fixed = 0): FileReport {
  return { absPath: '/x.prompt', path: 'x.prompt', format: 'text', diagnostics, fixed };
}

describe('countDiagnostics', () => {
  it('counts severities without building fixes unless the fixable count is asked for', () => {
    const reads = { n: 0 };
    const files = [report([diagnostic('error', 1, reads), diagnostic('warning', 0, reads), diagnostic('info', 2, reads), diagnostic('hint', 0, reads)], 3)];
    expect(countDiagnostics(files)).toEqual({ errors: 1, warnings: 1, infos: 2, fixed: 3 });
    expect(reads.n).toBe(0);
    expect(countDiagnostics(files, true)).toEqual({ errors: 1, warnings: 1, infos: 2, fixable: 2, fixed: 3 });
    expect(reads.n).toBe(4);
  });
});
