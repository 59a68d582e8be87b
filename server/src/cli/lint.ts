/**
 * `biaslens lint [paths|globs...]`: lint files, print them in one of three
 * formats, optionally apply fixes. Exit 0 clean, 1 findings (errors, or
 * warnings past --max-warnings), 2 usage, config or I/O error.
 */
import * as path from 'node:path';
import { ConfigResolver, describeFsError, formatConfigError, loadConfigFile, type ConfigFileError } from '../config/load.js';
import { fileErrorDiagnostic, fixAll, lint, type LintResult } from '../engine/lint.js';
import { encodeFileText } from '../engine/fileText.js';
import {
  colors,
  EXIT_ERROR,
  EXIT_FINDINGS,
  EXIT_OK,
  parseCommandArgs,
  UsageError,
  useColor,
  type CliContext,
  type Command,
} from './context.js';
import { collectFiles, fileUri, ioError, readLintTarget, writeFileAtomic } from './files.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { formatText } from './format/text.js';
import { countDiagnostics, displayPath, type FileReport, type LintRun } from './report.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
type OutputFormat = (typeof FORMATS)[number];

const HELP = `Usage: biaslens lint [paths|globs...] [options]

Lint prompt and few-shot files. Folders are walked for files matching the
config's include globs (minus exclude; with the default globs, also .csv files
whose header has an __expected column: promptfoo tests); explicit files are
always linted; globs are expanded relative to the current folder. No path: the
current folder.

Options:
  --format <text|json|sarif>  Output format (default: text)
  --config <file>             Use only this config file (no discovery)
  --max-warnings <n>          Exit 1 when there are more than n warnings (-1: no limit)
  --fix                       Apply fixes to the files, then report what remains
  --quiet                     Report errors only (warnings, info and hints are dropped)
  --no-color                  No colour in text output (also NO_COLOR=1)
  -h, --help                  Show this help

Exit codes: 0 no errors; 1 errors found, or more warnings than --max-warnings;
2 usage error, invalid config, or a file that could not be read or written.`;

const OPTIONS = {
  format: { type: 'string' },
  config: { type: 'string' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  quiet: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Lint prompt and few-shot files',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('lint', args, OPTIONS, true);
    if (values.help) {
      ctx.stdout.write(HELP + '\n');
      return EXIT_OK;
    }
    const format = (values.format ?? 'text') as OutputFormat;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`Unknown format "${values.format}"; use one of ${FORMATS.join(', ')}.`, 'lint');
    }
    if (values.config !== undefined && values.config.trim() === '') throw new UsageError('--config needs a file name.', 'lint');
    // An empty argument (an unset shell variable, "$FILES") would otherwise lint the current folder.
    if (positionals.some((p) => p.trim() === '')) throw new UsageError('An empty path names no file; give files, folders or globs.', 'lint');
    let maxWarnings = -1;
    if (values['max-warnings'] !== undefined) {
      const raw = values['max-warnings'];
      if (!/^-?\d+$/.test(raw) || Number(raw) < -1) {
        throw new UsageError(`--max-warnings needs a whole number: 0 or more, or -1 for no limit (got "${raw}").`, 'lint');
      }
      maxWarnings = Number(raw);
    }
    return runLint(ctx, {
      patterns: positionals,
      format,
      configFile: values.config,
      maxWarnings,
      fix: values.fix === true,
      quiet: values.quiet === true,
      noColor: values['no-color'] === true,
    });
  },
};

export interface LintOptions {
  patterns: string[];
  format: OutputFormat;
  configFile?: string;
  maxWarnings: number;
  fix: boolean;
  quiet: boolean;
  noColor: boolean;
}

export async function runLint(ctx: CliContext, opts: LintOptions): Promise<number> {
  const configFile = opts.configFile === undefined ? undefined : path.resolve(ctx.cwd, opts.configFile);
  const resolver = new ConfigResolver({ configFile });

  // --config F: F must be readable and valid before anything else happens.
  if (configFile) {
    const loaded = loadConfigFile(configFile);
    if (loaded.errors.length > 0) return reportConfigErrors(ctx, loaded.errors);
  }

  const collected = collectFiles(opts.patterns, ctx.cwd, resolver);
  for (const glob of collected.unmatched) ctx.stderr.write(`biaslens: no files match the pattern "${glob}".\n`);

  // Config errors stop the run: linting with a half-read config would mislead.
  const configErrors = new Map<string, ConfigFileError>();
  const configsUsed = [...collected.folders.map((d) => resolver.forFolder(d)), ...collected.files.map((f) => resolver.forFile(f))];
  for (const resolution of configsUsed) {
    for (const e of resolution.errors) configErrors.set(`${e.file}:${e.span.start}:${e.keyPath}:${e.message}`, e);
  }
  if (configErrors.size > 0) return reportConfigErrors(ctx, [...configErrors.values()]);

  const reports: FileReport[] = [];
  let ioErrors = 0;
  for (const m of collected.missing) {
    ioErrors++;
    const abs = path.resolve(ctx.cwd, m.path);
    reports.push(ioErrorReport(ctx.cwd, abs, m.message, m.code));
  }
  for (const abs of collected.files) {
    const report = lintOneFile(ctx.cwd, abs, resolver, opts.fix);
    if (report.ioError) ioErrors++;
    reports.push(report);
  }
  reports.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  if (opts.quiet) for (const r of reports) r.diagnostics = r.diagnostics.filter((d) => d.severity === 'error');

  const run: LintRun = { files: reports, cwd: ctx.cwd, maxWarnings: opts.maxWarnings, fixMode: opts.fix };
  const counts = countDiagnostics(reports);
  const write = (chunk: string) => ctx.stdout.write(chunk);
  if (opts.format === 'json') formatJson(run, write);
  else if (opts.format === 'sarif') formatSarif(run, write);
  else formatText(run, colors(useColor(ctx.stdout, ctx.env, opts.noColor)), write);

  if (opts.format !== 'text') {
    for (const r of reports) if (r.ioError) ctx.stderr.write(`biaslens: ${r.path}: ${r.ioError}\n`);
    if (opts.maxWarnings >= 0 && counts.warnings > opts.maxWarnings) {
      ctx.stderr.write(`biaslens: too many warnings (${counts.warnings}; maximum: ${opts.maxWarnings}).\n`);
    }
  }
  if (collected.files.length === 0 && collected.missing.length === 0 && collected.unmatched.length === 0) {
    ctx.stderr.write('biaslens: no files to lint.\n');
  }

  if (ioErrors > 0 || collected.unmatched.length > 0) return EXIT_ERROR;
  if (counts.errors > 0) return EXIT_FINDINGS;
  if (opts.maxWarnings >= 0 && counts.warnings > opts.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

function reportConfigErrors(ctx: CliContext, errors: ConfigFileError[]): number {
  const sorted = [...errors].sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start);
  for (const e of sorted) ctx.stderr.write(`${formatConfigError(e, displayPath(ctx.cwd, e.file))}\n`);
  ctx.stderr.write(`biaslens: invalid configuration (${sorted.length} ${sorted.length === 1 ? 'error' : 'errors'}); nothing was linted.\n`);
  return EXIT_ERROR;
}

function ioErrorReport(cwd: string, abs: string, message: string, code: string | undefined): FileReport {
  const { result } = ioError(fileUri(abs), message, code);
  return { absPath: abs, path: displayPath(cwd, abs), format: null, diagnostics: result.diagnostics, ioError: message, fixed: 0 };
}

/** Read, (fix,) and lint one file. Never throws: failures become file-error diagnostics. */
function lintOneFile(cwd: string, abs: string, resolver: ConfigResolver, fix: boolean): FileReport {
  const shown = displayPath(cwd, abs);
  const { config } = resolver.forFile(abs);
  const read = readLintTarget(abs, config.maxFileSize);
  if (read.kind === 'io-error') {
    return { absPath: abs, path: shown, format: null, diagnostics: read.result.diagnostics, ioError: read.message, fixed: 0 };
  }
  if (read.kind === 'refused') return { absPath: abs, path: shown, format: null, diagnostics: read.result.diagnostics, fixed: 0 };

  let text = read.text;
  let fixed = 0;
  let ioError: string | undefined;
  try {
    if (fix) {
      const out = fixAll({ uri: read.uri, text }, config);
      if (out.text !== text) {
        try {
          writeFileAtomic(abs, encodeFileText(out.text, read.encoding, read.bom));
          text = out.text;
          fixed = out.fixed;
        } catch (err) {
          ioError = `Cannot write fixes: ${describeFsError(err)}.`;
        }
      }
    }
    const result: LintResult = lint({ uri: read.uri, text }, config);
    const diagnostics = ioError ? [...result.diagnostics, fileErrorDiagnostic(ioError, { ioError: true })] : result.diagnostics;
    return { absPath: abs, path: shown, format: result.format, diagnostics, ioError, fixed, bom: read.bom };
  } catch (err) {
    // The engine promises not to throw; if it does, report it against the file, go on, and exit 2.
    const message = `Internal error while linting (please report it): ${(err as Error)?.message ?? String(err)}`;
    return {
      absPath: abs,
      path: shown,
      format: null,
      diagnostics: [fileErrorDiagnostic(message, { internalError: true })],
      ioError: message,
      fixed: 0,
    };
  }
}
