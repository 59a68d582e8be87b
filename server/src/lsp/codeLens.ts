/**
 * CodeLenses above each few-shot block: a findings summary (opens the report)
 * and "Run counterfactual audit" (runs the audit command on that block). Above a set of
 * output-only examples, the summary only when it has findings, and no audit.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { LintResult } from '../engine/lint.js';
import { blockRef } from './auditBlock.js';
import { Commands } from './protocol.js';

/**
 * The lenses of `result`, the lint result of `version` of the document. The audit lens's
 * arguments are `[uri, index, block]`: `block` (an AuditBlockRef) names the block by that
 * version, its text and the document's number of blocks, so the audit runs on this block even
 * when blocks were added or removed above it, or the block itself was edited, before it runs. Without `version` (comparing titles only) there is no
 * `block`, and no block text is hashed.
 */
export function codeLenses(uri: string, result: LintResult, version?: number): CodeLens[] {
  const doc = result.document;
  if (!doc) return [];
  const lenses: CodeLens[] = [];
  doc.exemplarSets.forEach((set, index) => {
    if (set.exemplars.length === 0) return;
    const line = result.lines.positionAt(set.span.start).line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const inside = result.diagnostics.filter((d) => d.span.start < set.span.end && d.span.end > set.span.start);
    // Examples that are only outputs (a generation prompt's, or a document's "### Example 1" sections): a lens only
    // over findings, and no audit, which has no question to ask them.
    const outputs = set.shape === 'outputs';
    if (outputs && inside.length === 0) return;
    const noun = set.kind === 'dataset' ? 'record' : outputs ? 'example' : 'demo';
    const count = `${set.exemplars.length} ${noun}${set.exemplars.length === 1 ? '' : 's'}`;
    const rules = [...new Set(inside.map((d) => d.ruleId))];
    const title = inside.length
      ? `Bias Lens: ${inside.length} finding${inside.length === 1 ? '' : 's'} in ${count} (${rules.join(', ')})`
      : `Bias Lens: no findings in ${count}`;
    lenses.push({ range, command: { title, command: Commands.showReport, arguments: [] } });
    if (outputs) return;
    const args: unknown[] = version === undefined ? [uri, index] : [uri, index, blockRef(doc, version, index, 'lens', true)];
    lenses.push({ range, command: { title: 'Run counterfactual audit', command: Commands.runAudit, arguments: args } });
  });
  return lenses;
}
