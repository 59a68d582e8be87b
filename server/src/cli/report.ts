/** What the lint command hands to its output formats. */
import * as path from 'node:path';
import type { LintDiagnostic } from '../engine/lint.js';
import type { DocumentFormat } from '../model/types.js';

export interface FileReport {
  absPath: string;
  /** Relative to the working folder, with forward slashes. */
  path: string;
  format: DocumentFormat | null;
  diagnostics: LintDiagnostic[];
  /** Set when the file could not be read or written (exit code 2). */
  ioError?: string;
  /** Problems fixed by --fix in this file. */
  fixed: number;
  /** The file starts with a byte order mark (not part of the linted text; offsets exclude it). */
  bom?: boolean;
}

export interface LintRun {
  files: FileReport[];
  cwd: string;
  maxWarnings: number;
  fixMode: boolean;
}

/**
 * Where a format writes its output: in pieces of about 64 Ki characters, never as one string.
 * A report can be far larger than its input (a 6 MB prompt with 360,000 problems made 160 MB
 * of JSON and more SARIF than a V8 string can hold, 2^29 - 24 characters), so the formats write
 * it file by file and problem by problem.
 */
export class ChunkedOutput {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: string) => void) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 65536) this.flush();
  }

  /** Writes what is held (call once at the end). */
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export interface Counts {
  errors: number;
  warnings: number;
  /** info and hint */
  infos: number;
  /** Counted only when asked for (see countDiagnostics); absent otherwise. */
  fixable?: number;
  fixed: number;
}

/**
 * Counts by severity; `fixable` only with `countFixable`: a diagnostic's fixes are built
 * when first read (see withLazyFixes in engine/lint.ts), and some are costly (rebalancing
 * every demo of a large set), so only the text summary, which prints the count, reads them.
 */
export function countDiagnostics(files: FileReport[], countFixable = false): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fixed: 0 };
  let fixable = 0;
  for (const f of files) {
    c.fixed += f.fixed;
    for (const d of f.diagnostics) {
      if (d.severity === 'error') c.errors++;
      else if (d.severity === 'warning') c.warnings++;
      else c.infos++;
      if (countFixable && d.fixes.length > 0) fixable++;
    }
  }
  if (countFixable) c.fixable = fixable;
  return c;
}

/** Path relative to `cwd` with forward slashes (as in JSON and SARIF output). */
export function displayPath(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath) || path.basename(absPath);
  return rel.split(path.sep).join('/');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
