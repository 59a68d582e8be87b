/**
 * `--format text`: grouped by file, one aligned line per problem
 * (`line:col  severity  message  rule-id`, 1-based), then a summary, in the
 * manner of ESLint's "stylish" formatter.
 */
import type { Severity } from '../../rules/types.js';
import type { Colors } from '../context.js';
import { ChunkedOutput, countDiagnostics, plural, type LintRun } from '../report.js';

/** Writes the report (see ChunkedOutput): nothing when there is nothing to say. */
export function formatText(run: LintRun, c: Colors, write: (chunk: string) => void): void {
  const out = new ChunkedOutput(write);
  const line = (text: string) => out.add(text + '\n');
  const counts = countDiagnostics(run.files, !run.fixMode);
  for (const file of run.files) {
    if (file.diagnostics.length === 0) continue;
    const rows = file.diagnostics.map((d) => ({
      pos: `${d.range.start.line + 1}:${d.range.start.character + 1}`,
      severity: d.severity,
      message: d.message.replace(/\s*\r?\n\s*/g, ' ').trim(),
      ruleId: d.ruleId,
    }));
    // Loops, not Math.max(...widths): spreading 100,000 values overflows the call stack.
    let posWidth = 0;
    let sevWidth = 0;
    let msgWidth = 0;
    for (const r of rows) {
      posWidth = Math.max(posWidth, r.pos.length);
      sevWidth = Math.max(sevWidth, r.severity.length);
      msgWidth = Math.max(msgWidth, r.message.length);
    }
    line(c.underline(file.path));
    for (const r of rows) {
      const sev = colorSeverity(r.severity, r.severity.padEnd(sevWidth), c);
      line(`  ${c.dim(r.pos.padStart(posWidth))}  ${sev}  ${r.message.padEnd(msgWidth)}  ${c.dim(r.ruleId)}`);
    }
    line('');
  }
  const total = counts.errors + counts.warnings + counts.infos;
  if (total > 0) {
    const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
    if (counts.infos > 0) parts.push(`${counts.infos} info`);
    const summary = `\u2716 ${plural(total, 'problem')} (${parts.join(', ')})`;
    line(counts.errors > 0 ? c.red(c.bold(summary)) : counts.warnings > 0 ? c.yellow(c.bold(summary)) : c.bold(summary));
    if (!run.fixMode && counts.fixable) {
      line(c.dim(`  ${plural(counts.fixable, 'problem')} potentially fixable with the \`--fix\` option.`));
    }
  }
  if (run.fixMode && counts.fixed > 0) {
    const files = run.files.filter((f) => f.fixed > 0).length;
    line(`Fixed ${plural(counts.fixed, 'problem')} in ${plural(files, 'file')}.`);
  }
  if (run.maxWarnings >= 0 && counts.warnings > run.maxWarnings) {
    line(c.red(`Bias Lens found too many warnings (maximum: ${run.maxWarnings}).`));
  }
  out.flush();
}

function colorSeverity(severity: Severity, padded: string, c: Colors): string {
  switch (severity) {
    case 'error':
      return c.red(padded);
    case 'warning':
      return c.yellow(padded);
    default:
      return c.blue(padded);
  }
}
