/**
 * The `.biaslens.json` / `.biaslens.yaml` schema. The JSON Schema that VS Code
 * uses for completion is generated from this (see scripts/build.mjs).
 */
import { z } from 'zod';

/** The severities a config may set, in the order messages list them. */
export const SEVERITY_SETTINGS = ['off', 'error', 'warning', 'warn', 'info', 'hint'] as const;

// The schemas below are z.lazy: building zod schemas costs milliseconds at start-up, and most
// runs (no config file, no rule settings from the editor) never parse with them.
export const severitySetting = z.lazy(() => z.enum(SEVERITY_SETTINGS));
export type SeveritySetting = z.infer<typeof severitySetting>;

/** `"warning"`, or `["warning", { ...options }]`, as in ESLint. */
export const ruleSetting = z.lazy(() =>
  z.union([
    severitySetting.unwrap(),
    z.tuple([severitySetting.unwrap()]),
    z.tuple([severitySetting.unwrap(), z.record(z.string(), z.unknown())]),
  ]),
);
export type RuleSetting = z.infer<typeof ruleSetting>;

export const DEFAULT_INCLUDE = [
  '**/*.prompt',
  '**/*.prompt.md',
  '**/*.prompt.txt',
  '**/*.prompty',
  '**/*.jsonl',
  '**/*.prompt.yaml',
  '**/*.prompt.yml',
  '**/*.prompt.json',
  '**/examples.{yaml,yml,json}',
  '**/*.examples.{yaml,yml,json}',
  '**/promptfooconfig.{yaml,yml}',
];

export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'];

export const configSchema = z.lazy(() =>
  z
    .object({
      $schema: z.string().optional(),
      /** Set in a config file to stop the upward search for more config files. */
      root: z.boolean().optional(),
      rules: z.record(z.string(), ruleSetting.unwrap()).optional(),
      /** Globs (relative to the config file) of files to lint when given a folder. */
      include: z.array(z.string()).optional(),
      /** Globs of files never to lint. */
      exclude: z.array(z.string()).optional(),
      /** Files larger than this many bytes get a `file-error` instead of being linted. */
      maxFileSize: z.number().int().positive().optional(),
      /** Words and phrases that demographic rules never report (e.g. product names like "Postman"). */
      allow: z.array(z.string()).optional(),
      /** Counterfactual audit settings (model endpoint etc.). */
      audit: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
);

export type ConfigFile = z.infer<typeof configSchema>;

/** The configuration the engine runs with, after discovery and merging. */
export interface ResolvedConfig {
  rules: Record<string, RuleSetting>;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  allow: string[];
  audit: Record<string, unknown>;
  /** Config files that contributed, nearest last. */
  sources: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

export function defaultConfig(): ResolvedConfig {
  return {
    rules: {},
    include: [...DEFAULT_INCLUDE],
    exclude: [...DEFAULT_EXCLUDE],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    allow: [],
    audit: {},
    sources: [],
  };
}

/** Merge `over` onto `base`: rules per key, arrays replaced, scalars replaced. */
export function mergeConfig(base: ResolvedConfig, over: ConfigFile, source?: string): ResolvedConfig {
  return {
    rules: { ...base.rules, ...(over.rules ?? {}) },
    include: over.include ?? base.include,
    exclude: over.exclude ?? base.exclude,
    maxFileSize: over.maxFileSize ?? base.maxFileSize,
    allow: [...base.allow, ...(over.allow ?? [])],
    audit: { ...base.audit, ...(over.audit ?? {}) },
    sources: source ? [...base.sources, source] : base.sources,
  };
}
