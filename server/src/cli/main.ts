/**
 * The `biaslens` command line: a table of subcommands and the dispatch around it
 * (global --help / --version, usage errors, exit codes). Commands get a
 * CliContext and return their exit code; they never call process.exit.
 */
import { EXIT_ERROR, EXIT_OK, UsageError, type CliContext, type Command } from './context.js';
import { lintCommand } from './lint.js';
import { rulesCommand } from './rules.js';
import { schemaCommand } from './schema.js';
import { auditCommand } from './audit.js';
import { toolVersion } from './version.js';

/**
 * The subcommands, in the order `biaslens --help` lists them.
 * To add one, write `server/src/cli/<name>.ts` exporting a `Command`, import it
 * above, and add it to this list (one line).
 */
export const commands: Command[] = [
  lintCommand,
  rulesCommand,
  schemaCommand,
  auditCommand,
];

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: biaslens <command> [options]

Bias Lens ${toolVersion()}: finds what in a prompt or few-shot file biases a model.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     Show help (also: biaslens <command> --help)
  -v, --version  Show the version

Exit codes: 0 clean, 1 findings, 2 usage, config or I/O error.`;
}

export function processContext(): CliContext {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      ctx.stderr.write(mainHelp() + '\n');
      return EXIT_ERROR;
    }
    if (first === '--help' || first === '-h') {
      ctx.stdout.write(mainHelp() + '\n');
      return EXIT_OK;
    }
    if (first === '--version' || first === '-v') {
      ctx.stdout.write(toolVersion() + '\n');
      return EXIT_OK;
    }
    if (first === 'help') {
      const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
      if (rest[0] !== undefined && !target) throw new UsageError(`Unknown command "${rest[0]}".`);
      ctx.stdout.write((target ? target.help : mainHelp()) + '\n');
      return EXIT_OK;
    }
    const command = commands.find((c) => c.name === first);
    if (!command) {
      throw new UsageError(
        first.startsWith('-') ? `Unknown option "${first}" (options go after the command).` : `Unknown command "${first}".`,
      );
    }
    return await command.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      const hint = err.command ? `biaslens ${err.command} --help` : 'biaslens --help';
      // A message ends its sentence before the hint ("… (got "x"). Run …"), whichever parser wrote it.
      const message = /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
      ctx.stderr.write(`biaslens: ${message}\nRun '${hint}' for usage.\n`);
      return EXIT_ERROR;
    }
    ctx.stderr.write(`biaslens: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT_ERROR;
  }
}
