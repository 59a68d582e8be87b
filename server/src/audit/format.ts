/**
 * The human-readable audit report (the CLI's `--format text`). The JSON format
 * is the AuditReport object itself.
 */
import type { AuditReport, Estimate, MetricValue } from './types.js';

export interface TextStyle {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain: TextStyle = { red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

function isEstimate(v: MetricValue): v is Estimate {
  return typeof (v as Estimate).n === 'number' && Array.isArray((v as Estimate).ci95);
}

function num(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}

function line(name: string, e: Estimate): string {
  return `${name.padEnd(26)} ${num(e.value).padStart(7)}  [${num(e.ci95[0])}, ${num(e.ci95[1])}]  n=${e.n}`;
}

/**
 * Text safe for a terminal: control characters (escape sequences), bidirectional controls
 * (which reorder what is shown around them) and line/paragraph separators from model output
 * are shown as `\uXXXX`, not obeyed.
 */
function safe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatAuditText(report: AuditReport, style: TextStyle = plain, displayFile = report.file): string {
  const out: string[] = [];
  out.push(
    style.bold(`${displayFile}`) +
      ` — model ${safe(report.model)} — ${report.calls.made} calls made, ${report.calls.cached} cached, ${report.calls.failed} failed; ${report.checks_run} check${report.checks_run === 1 ? '' : 's'} run`,
  );
  if (report.stopped) out.push(style.yellow(`stopped early (${report.stopped}); results below are partial`));
  for (const c of report.checks) {
    const mark = c.status === 'flagged' ? style.red('flagged') : c.status === 'error' ? style.red('error') : c.status === 'skipped' ? style.dim('skipped') : 'ok';
    out.push('');
    out.push(`${style.bold(c.id)}  ${mark}  ${c.status === 'skipped' ? '' : `(${c.items} items${c.mode ? `, ${c.mode} mode` : ''}${c.stopped_early ? ', stopped early' : ''})`}`.trimEnd());
    out.push(`  ${safe(c.summary)}`);
    for (const [name, v] of Object.entries(c.metrics)) {
      if (isEstimate(v)) out.push(`  ${line(name, v)}`);
      else {
        out.push(`  ${name}:`);
        for (const [k, e] of Object.entries(v)) out.push(`    ${line(k, e)}`);
      }
    }
    if (c.correction) out.push(`  ${'calibration weights'.padEnd(26)} ${Object.entries(c.correction).map(([k, w]) => `${safe(k)}=${w}`).join(' ')}`);
    for (const note of c.notes ?? []) out.push(style.yellow(`  note: ${safe(note)}`));
    if (c.mention_detection) out.push(style.dim(`  mentions detected by ${c.mention_detection}`));
    for (const ex of c.examples.slice(0, 2)) {
      out.push(style.dim(`  example ${ex.item}: ${safe(ex.question)}`));
      for (const a of ex.answers) out.push(style.dim(`    ${safe(a.condition)}: ${a.answer ?? 'unparseable'}${a.explanation ? ` — ${safe(a.explanation.slice(0, 160))}` : ''}`));
    }
  }
  return out.join('\n') + '\n';
}
