/**
 * Which files to lint, and reading them safely: stat before reading, refuse
 * files over maxFileSize without reading them, detect binary content and
 * invalid UTF-8, strip a BOM, and write fixes atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { pathToFileURL } from 'node:url';
import { describeFsError, type ConfigResolver } from '../config/load.js';
import { isExcluded, prunableExcludes, shouldLint } from '../config/globs.js';
import { binaryFileResult, fileTooLargeResult, looksBinary, type LintDiagnostic, type LintResult } from '../engine/lint.js';
import { LineIndex } from '../model/lines.js';
import { docsUrl } from '../engine/docs.js';

/**
 * tinyglobby (with fdir and picomatch), loaded when a folder or glob is expanded: a
 * run on explicit files does not load it. `require`, so that esbuild bundles its
 * CommonJS build (the ESM build needs import.meta) and initialises it on first use.
 */
let globber: typeof import('tinyglobby') | undefined;
function tinyglobby(): typeof import('tinyglobby') {
  return (globber ??= require('tinyglobby') as typeof import('tinyglobby'));
}

export interface TargetProblem {
  /** The argument or path as the user gave it (or the absolute path for walked files). */
  path: string;
  message: string;
  /** OS error code, e.g. ENOENT. */
  code?: string;
}

export interface CollectedFiles {
  /** Absolute paths, unique, sorted. */
  files: string[];
  /** Paths that do not exist or cannot be read: I/O errors. */
  missing: TargetProblem[];
  /** Glob arguments that matched no file. */
  unmatched: string[];
  /** Folders that were walked (their config chose the files). */
  folders: string[];
}

/**
 * Expand the command-line arguments: explicit files are always linted; folders
 * are walked and filtered by each file's config `include`/`exclude`; globs are
 * expanded (relative to cwd) and filtered by `exclude`.
 */
export function collectFiles(args: string[], cwd: string, resolver: ConfigResolver): CollectedFiles {
  const files = new Set<string>();
  const missing: TargetProblem[] = [];
  const unmatched: string[] = [];
  const folders: string[] = [];
  for (const arg of args.length > 0 ? args : ['.']) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && tinyglobby().isDynamicPattern(arg)) {
        const found = expandGlob(arg, cwd, resolver);
        if (found.length === 0) unmatched.push(arg);
        for (const f of found) files.add(f);
      } else {
        missing.push({ path: arg, message: describeFsError(err), code });
      }
      continue;
    }
    if (stat.isDirectory()) {
      folders.push(abs);
      for (const f of walkFolder(abs, resolver)) files.add(f);
    }
    else files.add(abs); // explicit files are always linted (non-regular files fail when read)
  }
  return { files: uniqueByRealPath(files), missing, unmatched, folders };
}

/** One path per file: symlinks (e.g. a link back to a parent folder) must not lint a file twice. Keeps the shortest path. */
function uniqueByRealPath(files: Iterable<string>): string[] {
  const byReal = new Map<string, string>();
  for (const f of files) {
    let real = f;
    try {
      real = fs.realpathSync(f);
    } catch {
      // unreadable: keep the path as given; reading it reports the error
    }
    const seen = byReal.get(real);
    if (seen === undefined || f.length < seen.length || (f.length === seen.length && f < seen)) byReal.set(real, f);
  }
  return [...byReal.values()].sort();
}

function walkFolder(folder: string, resolver: ConfigResolver): string[] {
  const { config } = resolver.forFolder(folder);
  const found = tinyglobby().globSync('**', {
    cwd: folder,
    absolute: true,
    dot: true,
    onlyFiles: true,
    ignore: prunableExcludes(config),
  });
  return found.map((f) => path.resolve(f)).filter((f) => shouldLint(f, resolver.forFile(f).config, folder));
}

function expandGlob(pattern: string, cwd: string, resolver: ConfigResolver): string[] {
  const found = tinyglobby().globSync(pattern.split(path.sep).join('/'), { cwd, absolute: true, dot: true, onlyFiles: true });
  return found.map((f) => path.resolve(f)).filter((f) => !isExcluded(f, resolver.forFile(f).config, cwd));
}

export type ReadOutcome =
  | { kind: 'text'; uri: string; text: string; bom: boolean }
  /** The file was not linted; the result holds its `file-error` diagnostic. */
  | { kind: 'refused'; result: LintResult }
  | { kind: 'io-error'; result: LintResult; message: string; code?: string };

export function fileUri(absPath: string): string {
  return pathToFileURL(absPath).href;
}

/** Reads a file for linting. Never throws. */
export function readLintTarget(absPath: string, maxFileSize: number): ReadOutcome {
  const uri = fileUri(absPath);
  let fd: number | undefined;
  try {
    const st = fs.statSync(absPath);
    if (!st.isFile()) return ioError(uri, 'not a regular file', undefined);
    if (st.size > maxFileSize) return { kind: 'refused', result: fileTooLargeResult(uri, st.size, maxFileSize) };
    fd = fs.openSync(absPath, 'r');
    const buf = fs.readFileSync(fd);
    if (buf.length > maxFileSize) return { kind: 'refused', result: fileTooLargeResult(uri, buf.length, maxFileSize) };
    const head = buf.subarray(0, 8192).toString('latin1');
    if (looksBinary(head)) return { kind: 'refused', result: binaryFileResult(uri) };
    if (!isUtf8(buf)) return { kind: 'refused', result: invalidUtf8Result(uri, buf) };
    const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    return { kind: 'text', uri, text: buf.toString('utf8', bom ? 3 : 0), bom };
  } catch (err) {
    return ioError(uri, describeFsError(err), (err as NodeJS.ErrnoException).code);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

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

export function ioError(uri: string, message: string, code: string | undefined): Extract<ReadOutcome, { kind: 'io-error' }> {
  const text = `Cannot read file: ${message}.`;
  return {
    kind: 'io-error',
    message,
    code,
    result: { uri, format: null, lines: new LineIndex(''), diagnostics: [fileErrorDiagnostic(text, { ioError: code ?? 'unknown' })] },
  };
}

function invalidUtf8Result(uri: string, buf: Buffer): LintResult {
  const byteOffset = firstInvalidUtf8Byte(buf);
  const before = buf.toString('utf8', 0, byteOffset);
  const lines = new LineIndex(before);
  const pos = lines.positionAt(before.length);
  const message = `File is not valid UTF-8 (invalid byte 0x${buf[byteOffset]!.toString(16).padStart(2, '0')} at line ${pos.line + 1}, column ${pos.character + 1}); it was not linted.`;
  return {
    uri,
    format: null,
    lines,
    diagnostics: [fileErrorDiagnostic(message, { invalidUtf8: true, byteOffset }, lines, before.length)],
  };
}

/** Byte offset of the first byte that starts an invalid UTF-8 sequence. */
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

/** Write a file by writing a temp file in the same folder and renaming it over the original. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const dir = path.dirname(file);
  // node:crypto only here (--fix): loading it costs a lint run a few milliseconds.
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = fs.statSync(file).mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
