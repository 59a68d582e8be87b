/** `biaslens schema`: the JSON Schema of `.biaslens.json` / `.biaslens.yaml`. */
import { configJsonSchema } from '../config/jsonSchema.js';
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
    ctx.stdout.write(values.help ? HELP + '\n' : JSON.stringify(configJsonSchema(), null, 2) + '\n');
    return EXIT_OK;
  },
};
