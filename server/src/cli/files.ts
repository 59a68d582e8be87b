/**
 * Which files to lint, and reading them safely: stat before reading, refuse
 * files over maxFileSize without reading them, decode the rest as the engine's
 * `decodeFileText` does (encoding, byte order mark, binary content, invalid
 * bytes), and write fixes atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFsError, type ConfigResolver } from '../config/load.js';
import { isExcluded, prunableExcludes, shouldLint } from '../config/globs.js';
import { fileErrorDiagnostic, fileTooLargeResult, type LintResult } from '../engine/lint.js';
import { sizeOverLimit } from '../engine/fileErrors.js';
import { decodeFileText, type TextEncoding } from '../engine/fileText.js';
import { LineIndex } from '../model/lines.js';
import { isCsvName, isPromptfooCsvHeader } from '../parse/promptfoo-csv.js';

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
 *
 * A walk or a glob finds regular files only, through symbolic links to files and
 * folders (each file once, however many links lead to it; a link loop is walked
 * once). What else it finds is skipped without a word and never opened (opening a
 * FIFO blocks): FIFOs, sockets and devices, links to them, dangling links and link
 * loops. A glob matches files, not folders: `io/*.prompt` does not walk a folder
 * named `dir.prompt`. Named explicitly, any of these is linted or gets a file-error.
 */
export function collectFiles(args: string[], cwd: string, resolver: ConfigResolver): CollectedFiles {
  const files = new Set<string>();
  const named = new Set<string>();
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
    else {
      // Explicit files are always linted (non-regular files fail when read).
      files.add(abs);
      named.add(abs);
    }
  }
  return { files: uniqueByRealPath(files, named), missing, unmatched, folders };
}

/**
 * One path per file: symlinks (e.g. a link back to a parent folder) must not lint a file twice. Keeps the shortest path.
 * A found (not named) path reached through a link is kept only when the link leads to a regular file: the crawler
 * takes every link that is not to a folder for a file, a link to a FIFO or a device too.
 */
function uniqueByRealPath(files: Iterable<string>, named: ReadonlySet<string>): string[] {
  const byReal = new Map<string, string>();
  for (const f of files) {
    let real = f;
    try {
      real = fs.realpathSync(f);
      if (real !== f && !named.has(f) && !fs.statSync(real, { throwIfNoEntry: false })?.isFile()) continue;
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
  return found
    .map((f) => path.resolve(f))
    .filter((f) => {
      const config = resolver.forFile(f).config;
      return shouldLint(f, config, folder) || (isCsvName(f) && config.includeBase === undefined && !isExcluded(f, config, folder) && isPromptfooCsvFile(f));
    });
}

/** How much of a `.csv` file is read to find its header (see isPromptfooCsvFile). */
const CSV_HEADER_BYTES = 4096;

/**
 * Whether a `.csv` file found by a folder walk is a promptfoo test file: its header (in its first
 * CSV_HEADER_BYTES bytes, UTF-8) has an `__expected` column. Such files are linted with the default
 * `include` (no config file sets one), which names no `.csv` glob: any other CSV is a data table.
 */
function isPromptfooCsvFile(file: string): boolean {
  let fd: number | undefined;
  try {
    // Non-blocking, as readLintTarget opens files (a FIFO must not wait for a writer); the walk found a regular file.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(CSV_HEADER_BYTES);
    const n = fs.readSync(fd, buf, 0, CSV_HEADER_BYTES, 0);
    return isPromptfooCsvHeader(buf.toString('utf8', 0, n));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function expandGlob(pattern: string, cwd: string, resolver: ConfigResolver): string[] {
  // expandDirectories would add `/**` to the pattern: `io/*.prompt` would then lint every file in a folder `io/dir.prompt`.
  const found = tinyglobby().globSync(pattern.split(path.sep).join('/'), { cwd, absolute: true, dot: true, onlyFiles: true, expandDirectories: false });
  return found.map((f) => path.resolve(f)).filter((f) => !isExcluded(f, resolver.forFile(f).config, cwd));
}

export type ReadOutcome =
  | { kind: 'text'; uri: string; text: string; encoding: TextEncoding; bom: boolean }
  /** The file was not linted: `problem` says why (see DecodedFile); the result holds its `file-error` diagnostic. */
  | { kind: 'refused'; problem: string; result: LintResult }
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
    if (st.size > maxFileSize) return tooLarge(uri, st.size, maxFileSize);
    // Non-blocking: should the path have become a FIFO since the stat, opening it must not wait for a writer.
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const buf = fs.readFileSync(fd);
    if (buf.length > maxFileSize) return tooLarge(uri, buf.length, maxFileSize);
    const decoded = decodeFileText(uri, buf);
    return decoded.kind === 'text' ? { ...decoded, uri } : decoded;
  } catch (err) {
    return ioError(uri, describeFsError(err), (err as NodeJS.ErrnoException).code);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function tooLarge(uri: string, size: number, limit: number): ReadOutcome {
  return { kind: 'refused', problem: `File is too large (${sizeOverLimit(size, limit)})`, result: fileTooLargeResult(uri, size, limit) };
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

/**
 * Write a file by writing a temp file in the same folder and renaming it over the original.
 * A symbolic link is followed: its target is written, and the link stays a link (a rename
 * over the link's own path would replace the link with a file and leave the target as it was).
 */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const target = fs.realpathSync(file);
  const dir = path.dirname(target);
  // node:crypto only here (--fix): loading it costs a lint run a few milliseconds.
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = fs.statSync(target).mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
