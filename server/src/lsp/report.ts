/** The per-file overview behind the report webview. */
import type { LintResult } from '../engine/lint.js';
import type { ReportFile } from './protocol.js';

export function reportFile(uri: string, result: LintResult): ReportFile {
  const doc = result.document;
  return {
    uri,
    format: result.format,
    findings: result.diagnostics.map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      line: d.range.start.line,
      character: d.range.start.character,
    })),
    exemplarSets: (doc?.exemplarSets ?? []).map((set) => {
      const letterHistogram: Record<string, number> = {};
      const labelDistribution: Record<string, number> = {};
      for (const e of set.exemplars) {
        // Every offered letter appears in the histogram, so unused positions show as 0.
        for (const o of e.options) letterHistogram[o.letter] ??= 0;
        if (e.answer?.letter) letterHistogram[e.answer.letter] = (letterHistogram[e.answer.letter] ?? 0) + 1;
        else if (e.answer?.label !== undefined) {
          const label = e.answer.label.trim().slice(0, 60);
          labelDistribution[label] = (labelDistribution[label] ?? 0) + 1;
        }
      }
      const sorted = Object.fromEntries(Object.entries(letterHistogram).sort(([a], [b]) => a.localeCompare(b)));
      return {
        line: result.lines.positionAt(set.span.start).line,
        shape: set.shape,
        exemplars: set.exemplars.length,
        letterHistogram: sorted,
        labelDistribution,
      };
    }),
  };
}
