/**
 * The JSON Schema of one rule's options, as `biaslens schema` (and dist/biaslens.schema.json) and
 * `biaslens rules --format json` give it. Closed to unknown keys for every rule: the config loader
 * reports an option a rule does not take as an error (config/parse.ts, "Unknown option"), whether or
 * not the rule's zod object is `.strict()`, so the schema an editor validates with says the same.
 */
import { z } from 'zod';
import type { Rule } from '../rules/types.js';

export function ruleOptionsJsonSchema(rule: Rule<any>): Record<string, unknown> {
  const options = z.toJSONSchema(rule.meta.options, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete options.$schema;
  if (options.type === 'object') options.additionalProperties = false;
  return options;
}
