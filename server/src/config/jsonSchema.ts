/**
 * JSON Schema for `.biaslens.json` / `.biaslens.yaml`, generated from the zod
 * schemas (the config schema and each rule's options), so editors complete
 * rule ids, severities and option names, and the audit settings (the config
 * schema keeps `audit` open; audit/config.ts validates it when an audit runs).
 */
import { z } from 'zod';
import { configSchema, severitySetting } from './schema.js';
import { allRules } from '../rules/index.js';
import { ruleOptionsJsonSchema } from './ruleOptionsJsonSchema.js';
import { auditSettingsSchema } from '../audit/config.js';

export function configJsonSchema(): Record<string, unknown> {
  const base = z.toJSONSchema(configSchema.unwrap(), { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  const severity = z.toJSONSchema(severitySetting.unwrap());
  const ruleProps: Record<string, unknown> = {};
  for (const rule of allRules) {
    const options = ruleOptionsJsonSchema(rule);
    ruleProps[rule.meta.id] = {
      description: `${rule.meta.description} (default: ${rule.meta.defaultSeverity})`,
      anyOf: [
        severity,
        { type: 'array', prefixItems: [severity, options], items: false, minItems: 1, maxItems: 2 },
      ],
    };
  }
  base.properties.rules = {
    type: 'object',
    description: 'Rule severities and options, as in ESLint: "warning" or ["warning", { ...options }].',
    properties: ruleProps,
    additionalProperties: false,
  };
  const audit = z.toJSONSchema(auditSettingsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete audit.$schema;
  base.properties.audit = {
    ...audit,
    description: 'Counterfactual audit settings: endpoint, model, budget and checks (see docs/audit.md). The API key never goes here; it comes from OPENAI_API_KEY or the editor\'s secret storage.',
  };
  base.title = 'Bias Lens configuration';
  return base;
}
