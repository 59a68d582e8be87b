/**
 * The `file-error` results: a file the engine does not lint (binary, larger than
 * `maxFileSize`, or, from the readers of files on disk, not valid in its encoding or
 * unreadable). Apart from the engine proper, so that reading a file (engine/fileText.ts,
 * config files included) does not load the rules.
 */
import { LineIndex } from '../model/lines.js';
import { docsUrl } from './docs.js';
import type { LintDiagnostic, LintResult } from './lint.js';

/** Returns true when the text looks binary (a NUL in its first 8 KiB). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** A result that is one `file-error` diagnostic at the start of the file. */
function fileError(uri: string, text: string, message: string, data: Record<string, unknown>): LintResult {
  return { uri, format: null, lines: new LineIndex(text.length > 1_000_000 ? '' : text), diagnostics: [fileErrorDiagnostic(message, data)] };
}

/** A `file-error` diagnostic at `offset` of the text `lines` index (the start of the file without them). */
export function fileErrorDiagnostic(message: string, data: Record<string, unknown>, lines?: LineIndex, offset = 0): LintDiagnostic {
  const pos = lines ? lines.positionAt(offset) : { line: 0, character: 0 };
  return {
    ruleId: 'file-error',
    severity: 'error',
    message,
    span: { start: offset, end: offset },
    range: { start: pos, end: pos },
    data,
    fixes: [],
    docsUrl: docsUrl('file-error'),
  };
}

/** How large a file over `maxFileSize` is, and the limit: the part of its messages in parentheses. */
export function sizeOverLimit(size: number, limit: number): string {
  return `${formatBytes(size)}; the limit is ${formatBytes(limit)}, set by maxFileSize`;
}

/** The `file-error` result for a file over `maxFileSize` (callers that stat before reading use this directly). */
export function fileTooLargeResult(uri: string, size: number, limit: number): LintResult {
  return fileError(uri, '', `File is too large to lint (${sizeOverLimit(size, limit)}).`, { size, limit });
}

/** What is wrong with a binary file (the `file-error` message adds that it was not linted). */
export const BINARY_FILE_PROBLEM = 'File looks binary (it contains NUL bytes)';

/** The `file-error` result for a binary file (callers that check bytes before decoding use this directly). */
export function binaryFileResult(uri: string, text = ''): LintResult {
  return fileError(uri, text, `${BINARY_FILE_PROBLEM}; it was not linted.`, { binary: true });
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
