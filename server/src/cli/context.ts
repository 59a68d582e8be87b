/**
 * What a CLI command gets from the outside world, so commands never touch
 * `process` directly (and can be run in-process).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** Exit codes, as documented in docs/cli.md. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Bad command-line usage: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A subcommand: registered in the table in cli/main.ts. */
export interface Command {
  name: string;
  /** One line for `biaslens --help`. */
  summary: string;
  /** Full help text for `biaslens <name> --help`. */
  help: string;
  /** Returns the exit code. Throw UsageError for bad arguments. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** `node:util` parseArgs, with its errors turned into UsageErrors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals: boolean,
) {
  // A value option followed by a negative number takes it as its value ("--max-warnings -1"), as
  // "--max-warnings=-1" does: parseArgs would read "-1" as an option of its own and refuse it.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      joined.push(...args.slice(i));
      break;
    }
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && /^-\d+$/.test(args[i + 1] ?? '')) joined.push(`${a}=${args[++i]}`);
    else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '.');
    throw new UsageError(message, command);
  }
}

/** Colour on a TTY; NO_COLOR disables, FORCE_COLOR forces (FORCE_COLOR=0 disables), --no-color wins. */
export function useColor(stream: OutputStream, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
}

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function colors(enabled: boolean): Colors {
  if (!enabled) {
    const id = (s: string) => s;
    return { red: id, yellow: id, blue: id, dim: id, bold: id, underline: id };
  }
  return { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}
