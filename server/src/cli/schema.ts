/**
 * `biaslens schema`: the JSON Schema of `.biaslens.json` / `.biaslens.yaml`.
 * The schema generator is imported when this command runs: it pulls in the audit
 * settings schemas, whose zod objects are built when their module loads (about 5 ms),
 * and the other commands (lint above all) must not pay for that at start-up.
 */
import { EXIT_OK, parseCommandArgs, type Command } from './context.js';

const HELP = `Usage: biaslens schema

Print the JSON Schema of the config file (.biaslens.json, .biaslens.yaml),
e.g. to point an editor's "$schema" at it.`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of the config file',
  help: HELP,
  async run(args, ctx) {
    const { values } = parseCommandArgs('schema', args, { help: { type: 'boolean', short: 'h' } }, false);
    if (values.help) {
      ctx.stdout.write(HELP + '\n');
      return EXIT_OK;
    }
    const { configJsonSchema } = await import('../config/jsonSchema.js');
    ctx.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
    return EXIT_OK;
  },
};
