/**
 * A file's bytes as the text the engine lints, for every reader of files on disk (the
 * CLI's `lint` and `audit`, the language server's workspace lint, and config files), so
 * all of them read a file alike:
 *
 * - the encoding comes from the byte order mark: UTF-16 little- or big-endian
 *   (`FF FE`, `FE FF`; what Windows PowerShell 5 writes with `>` and `Out-File`), else UTF-8;
 * - the mark is not part of the text: positions do not count it, as in an editor;
 * - binary content (a NUL in the first 8 KiB of the text) and bytes that are not valid in
 *   the encoding are refused with a `file-error` diagnostic, the latter at the bad byte.
 *
 * `encodeFileText` writes a text back the way it was read (`--fix`).
 */
import { isUtf8 } from 'node:buffer';
import { LineIndex } from '../model/lines.js';
import { BINARY_FILE_PROBLEM, binaryFileResult, fileErrorDiagnostic, looksBinary } from './fileErrors.js';
import type { LintResult } from './lint.js';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export type DecodedFile =
  | { kind: 'text'; text: string; encoding: TextEncoding; bom: boolean }
  /**
   * Not linted: `problem` says why, as a sentence without a full stop (for messages of
   * other commands: "File looks binary (it contains NUL bytes)"); the result holds the
   * lint's `file-error` diagnostic.
   */
  | { kind: 'refused'; problem: string; result: LintResult };

const ENCODING_NAMES: Record<TextEncoding, string> = { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE' };

/** The text of a file's bytes (see the module comment). Never throws. */
export function decodeFileText(uri: string, buf: Buffer): DecodedFile {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const encoding: TextEncoding = buf[0] === 0xff ? 'utf16le' : 'utf16be';
    const units = buf.length - 2;
    if (units % 2 !== 0) {
      // The text up to the last whole code unit, to place the problem at the byte left over.
      const before = utf16(buf.subarray(2, buf.length - 1), encoding);
      return invalidEncoding(uri, encoding, before, buf.length - 1, 'an odd number of bytes');
    }
    const text = utf16(buf.subarray(2), encoding);
    if (looksBinary(text)) return binary(uri);
    return { kind: 'text', text, encoding, bom: true };
  }
  if (looksBinary(buf.subarray(0, 8192).toString('latin1'))) return binary(uri);
  if (!isUtf8(buf)) {
    const byteOffset = firstInvalidUtf8Byte(buf);
    const reason = `invalid byte 0x${buf[byteOffset]!.toString(16).padStart(2, '0')}`;
    return invalidEncoding(uri, 'utf8', buf.toString('utf8', 0, byteOffset), byteOffset, reason);
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  return { kind: 'text', text: buf.toString('utf8', bom ? 3 : 0), encoding: 'utf8', bom };
}

/**
 * The bytes of `text` in `encoding`, with a byte order mark when `bom`, and always for UTF-16:
 * `decodeFileText` tells UTF-16 by its mark, so it is never written without one.
 */
export function encodeFileText(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  const marked = bom || encoding !== 'utf8' ? `\ufeff${text}` : text;
  if (encoding === 'utf8') return Buffer.from(marked, 'utf8');
  const bytes = Buffer.from(marked, 'utf16le');
  return encoding === 'utf16be' ? bytes.swap16() : bytes;
}

function utf16(bytes: Buffer, encoding: TextEncoding): string {
  // swap16 works in place: on a copy, so the caller's bytes stay as they were read.
  return (encoding === 'utf16be' ? Buffer.from(bytes).swap16() : bytes).toString('utf16le');
}

function binary(uri: string): DecodedFile {
  return { kind: 'refused', problem: BINARY_FILE_PROBLEM, result: binaryFileResult(uri) };
}

/** The refusal of bytes not valid in `encoding`: `before` is the text up to `byteOffset`, where the problem is placed. */
function invalidEncoding(uri: string, encoding: TextEncoding, before: string, byteOffset: number, reason: string): DecodedFile {
  const lines = new LineIndex(before);
  const pos = lines.positionAt(before.length);
  const problem = `File is not valid ${ENCODING_NAMES[encoding]} (${reason} at line ${pos.line + 1}, column ${pos.character + 1})`;
  const data = encoding === 'utf8' ? { invalidUtf8: true, byteOffset } : { invalidUtf16: true, byteOffset };
  return { kind: 'refused', problem, result: { uri, format: null, lines, diagnostics: [fileErrorDiagnostic(`${problem}; it was not linted.`, data, lines, before.length)] } };
}

/** Byte offset of the first byte that starts an invalid UTF-8 sequence (the length when there is none). */
export function firstInvalidUtf8Byte(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return buf.length;
}
