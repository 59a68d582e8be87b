/**
 * CodeLenses above each few-shot block: a findings summary (opens the report)
 * and "Run counterfactual audit" (runs the audit command on that block).
 */
import type { CodeLens } from 'vscode-languageserver';
import type { LintResult } from '../engine/lint.js';
import { Commands } from './protocol.js';

export function codeLenses(uri: string, result: LintResult): CodeLens[] {
  const doc = result.document;
  if (!doc) return [];
  const lenses: CodeLens[] = [];
  doc.exemplarSets.forEach((set, index) => {
    if (set.exemplars.length === 0) return;
    const line = result.lines.positionAt(set.span.start).line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const inside = result.diagnostics.filter((d) => d.span.start < set.span.end && d.span.end > set.span.start);
    const noun = set.kind === 'dataset' ? 'record' : 'demo';
    const count = `${set.exemplars.length} ${noun}${set.exemplars.length === 1 ? '' : 's'}`;
    const rules = [...new Set(inside.map((d) => d.ruleId))];
    const title = inside.length
      ? `Bias Lens: ${inside.length} finding${inside.length === 1 ? '' : 's'} in ${count} (${rules.join(', ')})`
      : `Bias Lens: no findings in ${count}`;
    lenses.push({ range, command: { title, command: Commands.showReport, arguments: [] } });
    lenses.push({ range, command: { title: 'Run counterfactual audit', command: Commands.runAudit, arguments: [uri, index] } });
  });
  return lenses;
}
