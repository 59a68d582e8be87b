/** `biaslens rules [--format text|json]`: the registered rules. */
import { allRules } from '../rules/index.js';
import { docsUrl } from '../engine/docs.js';
import { ruleOptionsJsonSchema } from '../config/ruleOptionsJsonSchema.js';
import { colors, EXIT_OK, parseCommandArgs, UsageError, useColor, type Command } from './context.js';

const HELP = `Usage: biaslens rules [--format text|json] [--no-color]

List every rule: id, default severity, category, whether it can fix, and a
one-line description. JSON adds the docs URL and the options' JSON Schema.`;

export interface RuleListing {
  id: string;
  defaultSeverity: string;
  category: string;
  fixable: boolean;
  description: string;
  docsUrl: string;
  options: Record<string, unknown>;
}

export function ruleListing(): RuleListing[] {
  // Registry order: few-shot structure rules first, then demographic rules.
  return allRules.map((r) => {
    const options = ruleOptionsJsonSchema(r);
    return {
      id: r.meta.id,
      defaultSeverity: r.meta.defaultSeverity,
      category: r.meta.category,
      fixable: r.meta.fixable,
      description: r.meta.description,
      docsUrl: docsUrl(r.meta.id),
      options,
    };
  });
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'List the rules',
  help: HELP,
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      'rules',
      args,
      { format: { type: 'string' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      false,
    );
    if (values.help) {
      ctx.stdout.write(HELP + '\n');
      return EXIT_OK;
    }
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format "${format}"; use text or json.`, 'rules');
    const rules = ruleListing();
    if (format === 'json') {
      ctx.stdout.write(JSON.stringify({ version: 1, rules }, null, 2) + '\n');
      return EXIT_OK;
    }
    const c = colors(useColor(ctx.stdout, ctx.env, values['no-color'] === true));
    const header = ['Rule', 'Severity', 'Category', 'Fixable', 'Description'];
    const rows = rules.map((r) => [r.id, r.defaultSeverity, r.category, r.fixable ? 'yes' : 'no', r.description]);
    const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ');
    const out = [c.bold(line(header)), ...rows.map(line)];
    if (rules.length === 0) out.push('(no rules registered)');
    out.push('', c.dim(`${rules.length} rules. Docs: biaslens rules --format json lists each rule's docs URL and options.`));
    ctx.stdout.write(out.join('\n') + '\n');
    return EXIT_OK;
  },
};
