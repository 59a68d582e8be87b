/**
 * The `.biaslens.json` / `.biaslens.yaml` schema. The JSON Schema that VS Code
 * uses for completion is generated from this (see scripts/build.mjs).
 */
import { z } from 'zod';

/** The severities a config may set, in the order messages list them. */
export const SEVERITY_SETTINGS = ['off', 'error', 'warning', 'warn', 'info', 'hint'] as const;

/**
 * A zod schema built on first use. Building zod schemas costs milliseconds, and most runs
 * (no config file, no rule settings from the editor) never validate with them: then zod
 * itself is not even initialised (see scripts/lazy-zod.mjs). `unwrap()` is the schema
 * (as with `z.lazy`); `safeParse` validates with it.
 */
export interface LazySchema<T extends z.ZodType> {
  unwrap(): T;
  safeParse(value: unknown): ReturnType<T['safeParse']>;
}

function lazySchema<T extends z.ZodType>(build: () => T): LazySchema<T> {
  let schema: T | undefined;
  const unwrap = () => (schema ??= build());
  return { unwrap, safeParse: (value) => unwrap().safeParse(value) as ReturnType<T['safeParse']> };
}

export const severitySetting = lazySchema(() => z.enum(SEVERITY_SETTINGS));
export type SeveritySetting = z.infer<ReturnType<typeof severitySetting.unwrap>>;

/** `"warning"`, or `["warning", { ...options }]`, as in ESLint. */
export const ruleSetting = lazySchema(() =>
  z.union([
    severitySetting.unwrap(),
    z.tuple([severitySetting.unwrap()]),
    z.tuple([severitySetting.unwrap(), z.record(z.string(), z.unknown())]),
  ]),
);
export type RuleSetting = z.infer<ReturnType<typeof ruleSetting.unwrap>>;

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

export const configSchema = lazySchema(() =>
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

export type ConfigFile = z.infer<ReturnType<typeof configSchema.unwrap>>;

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
