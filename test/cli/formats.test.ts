/**
 * The output formats write a report in pieces (ChunkedOutput), never as one string: the
 * pieces must make exactly what one JSON.stringify of the whole report makes, and a report
 * of hundreds of thousands of problems must be written, not crash.
 */
import { describe, expect, it } from 'vitest';
import { formatJson, toJsonReport } from '../../server/src/cli/format/json.js';
import { formatSarif, toSarif } from '../../server/src/cli/format/sarif.js';
import { formatText } from '../../server/src/cli/format/text.js';
import { colors } from '../../server/src/cli/context.js';
import type { FileReport, LintRun } from '../../server/src/cli/report.js';
import type { LintDiagnostic } from '../../server/src/engine/lint.js';

function diagnostic(i: number, fixes = 1): LintDiagnostic {
  const span = { start: i * 10, end: i * 10 + 8 };
  return {
    ruleId: i % 3 === 0 ? 'gendered-term' : i % 3 === 1 ? 'answer-position-skew' : 'parse-error',
    severity: i % 2 === 0 ? 'warning' : 'error',
    message: `Problem "${i}"\nwith a line break`,
    span,
    range: { start: { line: i, character: 2 }, end: { line: i, character: 10 } },
    data: { i, list: ['a', 'b'], nested: { ok: true } },
    fixes: Array.from({ length: fixes }, (_, k) => ({ title: `Fix ${k}`, edits: [{ span, newText: `x${k}` }] })),
    docsUrl: 'https://example.invalid/rule',
  };
}

function file(path: string, diagnostics: LintDiagnostic[], extra: Partial<FileReport> = {}): FileReport {
  return { absPath: `/p/${path}`, path, format: diagnostics.length ? 'text' : null, diagnostics, fixed: 0, ...extra };
}

function run(files: FileReport[]): LintRun {
  return { files, cwd: '/p', maxWarnings: -1, fixMode: false };
}

function collect(format: (write: (chunk: string) => void) => void): { text: string; chunks: number } {
  const parts: string[] = [];
  format((chunk) => parts.push(chunk));
  return { text: parts.join(''), chunks: parts.length };
}

const mixed = run([
  file('a b/ä.prompt', [diagnostic(0), diagnostic(1, 0), diagnostic(2, 3)], { bom: true }),
  file('clean.prompt', []),
  file('gone.prompt', [diagnostic(3)], { ioError: 'no such file or directory (ENOENT)' }),
]);

describe('the formats write what one JSON.stringify of the report would', () => {
  it('JSON', () => {
    expect(collect((w) => formatJson(mixed, w)).text).toBe(JSON.stringify(toJsonReport(mixed)) + '\n');
    expect(collect((w) => formatJson(run([]), w)).text).toBe('{"version":1,"files":[]}\n');
  });

  it('SARIF, with and without results', () => {
    expect(collect((w) => formatSarif(mixed, w)).text).toBe(JSON.stringify(toSarif(mixed), null, 2) + '\n');
    const none = run([file('clean.prompt', [])]);
    expect(collect((w) => formatSarif(none, w)).text).toBe(JSON.stringify(toSarif(none), null, 2) + '\n');
  });
});

describe('a report far larger than one string should be', () => {
  // 300,000 problems: spreading that many values into Math.max overflowed the call stack.
  const many = run([file('big.prompt', Array.from({ length: 300_000 }, (_, i) => diagnostic(i, 0)))]);

  it('text: written in chunks, every problem on its line', () => {
    const { text, chunks } = collect((w) => formatText(many, colors(false), w));
    expect(chunks).toBeGreaterThan(100);
    const lines = text.split('\n');
    expect(lines[0]).toBe('big.prompt');
    expect(lines[1]).toMatch(/^ +1:3 {2}warning {2}Problem "0" with a line break +gendered-term$/);
    expect(lines.filter((l) => l.includes('Problem "')).length).toBe(300_000);
    expect(text).toContain('\u2716 300000 problems (150000 errors, 150000 warnings)');
  });

  it('JSON and SARIF: written in chunks of about 64 Ki characters that parse back to every problem', () => {
    const fewer = run([file('big.prompt', many.files[0]!.diagnostics.slice(0, 20_000))]);
    for (const format of [formatJson, formatSarif]) {
      const parts: string[] = [];
      format(fewer, (chunk) => parts.push(chunk));
      expect(parts.length).toBeGreaterThan(10);
      for (const p of parts.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(65536);
      for (const p of parts) expect(p.length).toBeLessThan(65536 + 4096);
      const parsed = JSON.parse(parts.join(''));
      expect(format === formatJson ? parsed.files[0].diagnostics : parsed.runs[0].results).toHaveLength(20_000);
    }
  });
});
