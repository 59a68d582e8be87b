/**
 * `biaslens audit FILE`: counterfactual audits against an OpenAI-compatible
 * endpoint. The engine lives in server/src/audit; this is the thin adapter:
 * arguments, config, the key from the environment, the cache folder, progress,
 * Ctrl-C, output and exit codes. Loaded only when the command runs (see ./audit.ts),
 * so other commands never load the audit engine or the OpenAI SDK.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from '../parse/index.js';
import { ConfigResolver, formatConfigError } from '../config/load.js';
import {
  AuditError,
  AuditSettingsError,
  DiskCache,
  ItemsFileError,
  createOpenAIProvider,
  parseItemsJsonl,
  planAudit,
  runAudit,
  type AuditItem,
  type AuditReport,
} from '../audit/index.js';
import { formatAuditText } from '../audit/format.js';
import { makeScrubber } from '../audit/provider.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, colors, parseCommandArgs, useColor, type CliContext } from './context.js';
import { AUDIT_HELP as HELP } from './audit.js';
import { displayPath } from './report.js';
import { readLintTarget } from './files.js';

const OPTIONS = {
  items: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  checks: { type: 'string' },
  concurrency: { type: 'string' },
  'max-calls': { type: 'string' },
  'max-tokens': { type: 'string' },
  format: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'api-key-env': { type: 'string' },
  seed: { type: 'string' },
  'max-items': { type: 'string' },
  timeout: { type: 'string' },
  'permutation-mode': { type: 'string' },
  judge: { type: 'boolean' },
  'early-stop': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  config: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${value}")`, 'audit');
  return Number(value);
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'biaslens', 'audit');
}

export async function runAuditCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, OPTIONS, true);
  if (values.help) {
    ctx.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'audit needs a FILE' : 'audit takes exactly one FILE', 'audit');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`, 'audit');
  const mode = values['permutation-mode'];
  if (mode !== undefined && mode !== 'full' && mode !== 'cheap') throw new UsageError(`--permutation-mode must be full or cheap (got "${mode}")`, 'audit');
  const concurrency = intFlag('concurrency', values.concurrency, 1);
  const maxCalls = intFlag('max-calls', values['max-calls'], 0);
  const maxTokens = intFlag('max-tokens', values['max-tokens'], 0);
  const seed = intFlag('seed', values.seed, -2147483648);
  const maxItems = intFlag('max-items', values['max-items'], 1);
  const timeout = intFlag('timeout', values.timeout, 1);
  const checks = values.checks?.split(',').map((s) => s.trim()).filter(Boolean);

  const fail = (message: string) => {
    ctx.stderr.write(`biaslens audit: ${message}\n`);
    return EXIT_ERROR;
  };

  // The key: from the environment only.
  const keyVar = values['api-key-env'] ?? 'OPENAI_API_KEY';
  const apiKey = ctx.env[keyVar] || undefined;
  if (values['api-key-env'] && !apiKey) return fail(`--api-key-env ${keyVar}: that environment variable is not set`);
  const scrub = makeScrubber([apiKey]);

  const file = path.resolve(ctx.cwd, positionals[0]!);
  const shown = displayPath(ctx.cwd, file);

  // Settings: config file's audit section, then flags.
  const resolver = new ConfigResolver(values.config ? { configFile: path.resolve(ctx.cwd, values.config) } : {});
  const resolution = resolver.forFile(file);
  if (resolution.errors.length > 0) {
    for (const e of resolution.errors) ctx.stderr.write(`${formatConfigError(e, displayPath(ctx.cwd, e.file))}\n`);
    return EXIT_ERROR;
  }
  // The prompt and the items are read as `biaslens lint` reads a file: the same encodings, and
  // the same refusals (binary, larger than maxFileSize, invalid bytes), here as a message.
  const readInput = (abs: string): { text: string } | { problem: string } => {
    const read = readLintTarget(abs, resolution.config.maxFileSize);
    if (read.kind === 'io-error') return { problem: `cannot read ${displayPath(ctx.cwd, abs)}: ${read.message}` };
    if (read.kind === 'refused') return { problem: `${displayPath(ctx.cwd, abs)}: ${read.problem}` };
    return { text: read.text };
  };
  const prompt = readInput(file);
  if ('problem' in prompt) return fail(prompt.problem);
  const text = prompt.text;
  const fromConfig = { ...(resolution.config.audit as Record<string, unknown>) };
  const configDir = resolution.config.sources.length ? path.dirname(resolution.config.sources[resolution.config.sources.length - 1]!) : ctx.cwd;
  const configChecks = (fromConfig.checks ?? {}) as Record<string, Record<string, unknown>>;
  const settings: Record<string, unknown> = {
    ...fromConfig,
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(maxCalls !== undefined ? { maxCalls } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(maxItems !== undefined ? { maxItems } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(values.judge ? { judge: true } : {}),
    ...(values['early-stop'] ? { earlyStop: { ...((fromConfig.earlyStop as object) ?? {}), enabled: true } } : {}),
    ...(mode ? { checks: { ...configChecks, 'option-permutation': { ...(configChecks['option-permutation'] ?? {}), mode } } } : {}),
  };

  let items: AuditItem[] | undefined;
  const itemsFile = values.items !== undefined ? path.resolve(ctx.cwd, values.items) : typeof fromConfig.items === 'string' ? path.resolve(configDir, fromConfig.items) : undefined;
  if (itemsFile) {
    const read = readInput(itemsFile);
    if ('problem' in read) return fail(read.problem);
    try {
      items = parseItemsJsonl(read.text);
    } catch (e) {
      if (e instanceof ItemsFileError) return fail(`${displayPath(ctx.cwd, itemsFile)}:${e.line}: ${e.message.replace(/^line \d+: /, '')}`);
      return fail(`${displayPath(ctx.cwd, itemsFile)}: ${(e as Error).message}`);
    }
  }

  const doc = parseDocument(shown, text);
  let plan;
  try {
    plan = planAudit(doc, items, { settings, ...(checks ? { checks } : {}) });
  } catch (e) {
    if (e instanceof AuditSettingsError || e instanceof AuditError) return fail(e.message);
    throw e;
  }
  const { baseUrl, model } = plan.settings;
  const extra = plan.extraCallsUpTo ? ` (+ up to ${plan.extraCallsUpTo} for judge or sampling passes)` : '';
  const planLine = `plan: ${plan.calls} calls${extra}, about ${plan.tokens.total} tokens (${plan.tokens.prompt} prompt + up to ${plan.tokens.completionMax} completion); checks: ${plan.checks.map((c) => `${c.id}${c.plan.skip ? ' (skipped)' : ` ${c.calls}`}`).join(', ')}`;
  if (values['dry-run']) {
    if (format === 'json') ctx.stdout.write(JSON.stringify({ calls: plan.calls, extraCallsUpTo: plan.extraCallsUpTo, tokens: plan.tokens, checks: plan.checks.map((c) => ({ id: c.id, calls: c.calls, items: c.plan.units.length, ...(c.plan.skip ? { skipped: c.plan.skip } : {}) })) }, null, 2) + '\n');
    else ctx.stdout.write(planLine + '\n');
    return EXIT_OK;
  }
  if (!baseUrl) throw new UsageError('--base-url is required (or audit.baseUrl in the config)', 'audit');
  if (!model) throw new UsageError('--model is required (or audit.model in the config)', 'audit');
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${baseUrl}"`, 'audit');
  }
  ctx.stderr.write(`${planLine}\n`);

  const cacheDir = values['no-cache'] ? undefined : path.resolve(ctx.cwd, values['cache-dir'] ?? (typeof fromConfig.cacheDir === 'string' ? path.resolve(configDir, fromConfig.cacheDir) : defaultCacheDir(ctx.env)));
  if (cacheDir) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.accessSync(cacheDir, fs.constants.W_OK);
    } catch (e) {
      return fail(`cache folder ${cacheDir} is not writable: ${(e as Error).message} (use --cache-dir or --no-cache)`);
    }
  }
  const provider = createOpenAIProvider({ baseURL: baseUrl, model, ...(apiKey ? { apiKey } : {}), headers: plan.settings.headers, timeoutMs: plan.settings.timeoutMs });

  const controller = new AbortController();
  // Ctrl-C, and SIGTERM (what `kill`, `timeout`, a CI job's cancel or `docker stop` send), end the
  // run with the results so far, as the editor's cancel does; a second signal quits at once.
  const onSigint = (signal: NodeJS.Signals) => {
    ctx.stderr.write(`\ncancelling (${signal}): finishing with the results so far (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit)\n`);
    controller.abort();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const tty = ctx.stderr.isTTY === true;
  let report: AuditReport;
  try {
    report = await runAudit(plan, {
      provider,
      ...(cacheDir ? { cache: new DiskCache(cacheDir) } : {}),
      signal: controller.signal,
      secrets: apiKey ? [apiKey] : [],
      log: (m) => ctx.stderr.write(`${tty ? '\r\u001b[K' : ''}${scrub(m)}\n`),
      onProgress: tty ? (p) => ctx.stderr.write(`\r\u001b[Kcalls ${p.done}/${p.planned} (${p.cached} cached, ${p.failed} failed)`) : undefined,
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
    if (tty) ctx.stderr.write('\r\u001b[K');
  }

  const out = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatAuditText(report, colors(useColor(ctx.stdout, ctx.env, values['no-color'] === true)), shown);
  ctx.stdout.write(scrub(out));
  return auditExitCode(report);
}

/**
 * The exit code of a finished audit: 130 when it was cancelled, 2 when a check could not be
 * measured (status "error"), 1 when a check is flagged, else 0. An error wins over a flagged
 * check, as an I/O error wins over findings in `biaslens lint`: the run did not measure all it
 * was asked to, and a gate that reads 1 as "measured, and biased" must not be told that.
 */
export function auditExitCode(report: Pick<AuditReport, 'stopped' | 'checks'>): number {
  if (report.stopped === 'cancelled') return 130;
  if (report.checks.some((c) => c.status === 'error')) return EXIT_ERROR;
  if (report.checks.some((c) => c.status === 'flagged')) return EXIT_FINDINGS;
  return EXIT_OK;
}
