/**
 * The lint engine: parse a file, run the rules, and apply everything that is
 * not a rule's business (size limits, severity overrides, suppression comments,
 * message formatting, positions). Knows nothing about LSP or the terminal.
 */
import { LineIndex, type Range } from '../model/lines.js';
import type { DocumentFormat, DocumentParts, PromptDocument, Span } from '../model/types.js';
import { parseDocument, parseDocumentParts } from '../parse/index.js';
import { allRules, ruleById, PSEUDO_RULES } from '../rules/index.js';
import type { Fix, Report, Rule, RulePass, Severity } from '../rules/types.js';
import type { ResolvedConfig, RuleSetting } from '../config/schema.js';
import { defaultConfig } from '../config/schema.js';
import { findSuppressions, isSuppressed, unknownDirectiveIds } from './suppress.js';
import { docsUrl } from './docs.js';
import { binaryFileResult, fileTooLargeResult, looksBinary } from './fileErrors.js';
import { endLexiconReuse, reuseLexicon } from '../lexicon/lexicon.js';
import { documentParts } from './parts.js';

export interface LintDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  /** Measured facts (counts, p-values, letters). */
  data: Record<string, unknown>;
  /** Preferred fix first. */
  fixes: Fix[];
  docsUrl: string;
}

export interface LintInput {
  uri: string;
  text: string;
  /** Overrides detection from the file name. */
  format?: DocumentFormat;
}

export interface LintResult {
  uri: string;
  format: DocumentFormat | null;
  diagnostics: LintDiagnostic[];
  /** Absent when the file could not be parsed at all (file-error). */
  document?: PromptDocument;
  lines: LineIndex;
}

export { binaryFileResult, fileErrorDiagnostic, fileTooLargeResult, looksBinary } from './fileErrors.js';

export interface RuleOptionsError {
  ruleId: string;
  message: string;
  /** Path inside the rule's options object, for options errors (empty for the options object itself). */
  optionPath?: PropertyKey[];
}

export interface LintOptions {
  /** Rules to run instead of the registry (for tests and tools). */
  rules?: readonly Rule<any>[];
  /**
   * The document of an earlier lint of the same file (the language server passes the
   * last version's after each edit): analyses that depend only on a piece of text
   * (its tokens and the people and trait words in it) are taken from it for every
   * text that did not change, instead of being made again. The results are the same
   * as without it. Only borrowed during this call: nothing keeps `earlier` alive.
   */
  earlier?: PromptDocument;
  /**
   * Lint the document in parts of about this many characters each, when every rule that runs can
   * (`Rule.start`): `lint` parses a document its parser can give in parts part by part (see
   * DocumentParts), and lets each part's model go before the next; `lintDocument` cuts the parsed
   * document (see parts.ts). The findings are the same as the whole document's: the differential
   * tests (test/engine/parts.test.ts) lint with small parts to check that they are. 0: whole.
   * Default: `lint` DEFAULT_PART_SIZE (a caller that reads the result's `document` for each lint,
   * as the language server does, gives 0: it would be parsed again), `lintDocument` whole.
   */
  partSize?: number;
}

/** Parse and lint one file. Never throws for bad input. */
export function lint(input: LintInput, config: ResolvedConfig = defaultConfig(), options: LintOptions = {}): LintResult {
  // UTF-8 takes one to three bytes per UTF-16 code unit (four per surrogate pair), so the
  // exact size (a pass over the text: 0.1 ms per MiB) is needed only between those bounds.
  const units = input.text.length;
  if (units * 3 > config.maxFileSize) {
    const size = Buffer.byteLength(input.text, 'utf8');
    if (size > config.maxFileSize) return fileTooLargeResult(input.uri, size, config.maxFileSize);
  }
  if (looksBinary(input.text)) return binaryFileResult(input.uri, input.text);
  // A document its parser can give in parts, when every rule that runs can take it so (see parts.ts): parsed
  // part by part, each part's model let go before the next is made.
  const partSize = options.partSize ?? PART_SIZE_FROM_ENV ?? DEFAULT_PART_SIZE;
  if (partSize > 0 && !options.earlier) {
    const runs = ruleRuns(config, options);
    if (runs.partWise) {
      const parsed = parseDocumentParts(input.uri, input.text, partSize, input.format);
      if (parsed && 'next' in parsed) return lintFrom(parsed.frame, parsed, runs, config, options);
      if (parsed) return lintFrom(parsed, undefined, runs, config, options);
    }
  }
  const doc = parseDocument(input.uri, input.text, input.format);
  return lintDocument(doc, config, options);
}

/** Lint an already-parsed document. */
export function lintDocument(doc: PromptDocument, config: ResolvedConfig = defaultConfig(), options: LintOptions = {}): LintResult {
  return lintFrom(doc, undefined, ruleRuns(config, options), config, options);
}

/**
 * Lint a document: `doc` itself (`parts` undefined), or the document that its parser gives in `parts`, whose
 * frame `doc` is (see DocumentParts). The whole document is then parsed again only when something asks for it:
 * a rule's `whole()`, or the result's `document`.
 */
function lintFrom(doc: PromptDocument, parts: DocumentParts | undefined, runs: RuleRuns, config: ResolvedConfig, options: LintOptions): LintResult {
  const lines = new LineIndex(doc.text);
  const diagnostics: LintDiagnostic[] = [];
  let whole: PromptDocument | undefined = parts ? undefined : doc;
  const wholeDocument = () => (whole ??= parseDocument(doc.uri, doc.text, doc.format));

  for (const p of doc.problems) {
    diagnostics.push({
      ruleId: 'parse-error',
      severity: p.severity,
      message: p.message,
      span: p.span,
      range: lines.rangeOf(p.span),
      data: {},
      fixes: [],
      docsUrl: docsUrl('parse-error'),
    });
  }

  if (options.earlier) reuseLexicon(doc, options.earlier);
  try {
    runRules(doc, parts, wholeDocument, runs, options, lines, diagnostics);
  } finally {
    if (options.earlier) endLexiconReuse(doc);
  }

  // Most documents have no suppression comment: then there is nothing to filter.
  const suppressions = doc.comments.length ? findSuppressions(doc, lines) : [];
  if (suppressions.length) addUnknownDirectiveIds(doc, options, lines, diagnostics);
  const kept = suppressions.length
    ? diagnostics.filter((d) => d.ruleId === 'parse-error' || !isSuppressed(suppressions, d.ruleId, d.range.start.line))
    : diagnostics;
  kept.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  const result: LintResult = { uri: doc.uri, format: doc.format, diagnostics: kept, lines };
  // A document linted in parts is parsed whole when its result's document is first read (by the language
  // server, for hovers and code actions): a one-shot lint (the CLI) never reads it.
  if (whole || !parts) result.document = wholeDocument();
  else Object.defineProperty(result, 'document', { get: wholeDocument, enumerable: true, configurable: true });
  return result;
}

/**
 * A suppression comment naming no rule ("gendered_term", "Gendered-Term", a reason without `--`)
 * suppresses nothing for that word: a `parse-error` warning on the comment says so, with the id
 * meant when the word is one written differently, so that a finding left standing is explained.
 */
function addUnknownDirectiveIds(doc: PromptDocument, options: LintOptions, lines: LineIndex, diagnostics: LintDiagnostic[]): void {
  const known = (id: string) => ruleById.has(id) || PSEUDO_RULES.some((r) => r.id === id) || !!options.rules?.some((r) => r.meta.id === id);
  for (const u of unknownDirectiveIds(doc, known)) {
    const words = u.ids.map((id) => {
      const meant = id.toLowerCase().replace(/_/g, '-');
      return known(meant) ? `"${id}" (did you mean "${meant}"?)` : `"${id}"`;
    });
    diagnostics.push({
      ruleId: 'parse-error',
      severity: 'warning',
      message: `biaslens-${u.kind} names no rule ${words.join(', ')}: it suppresses nothing for ${u.ids.length === 1 ? 'it' : 'them'}. Rule ids are lower case with hyphens (\`biaslens rules\` lists them); write a reason after \`--\`.`,
      span: u.span,
      range: lines.rangeOf(u.span),
      data: { directive: `biaslens-${u.kind}`, unknownIds: u.ids },
      fixes: [],
      docsUrl: docsUrl('parse-error'),
    });
  }
}

/**
 * The part size `lint` cuts a document its parser can give in parts into (see LintOptions.partSize): a text
 * prompt of more than 1 Mi characters of labelled demos. Smaller documents are linted whole. Large parts make
 * the few places where the parts meet (see textDocumentParts) a small share of the work; at this size the model
 * of a part is about 3 MiB, and dies before the next part's is made (docs/benchmarks.md, session 31).
 */
export const DEFAULT_PART_SIZE = 1 << 20;

/**
 * `LintOptions.partSize` for every lint that does not give one: the environment variable BIASLENS_PART_SIZE, for
 * running a test suite with its documents cut into parts (see docs/design/part-wise-lint.md). Unset: whole.
 */
const PART_SIZE_FROM_ENV: number | undefined = (() => {
  const v = typeof process !== 'undefined' ? process.env.BIASLENS_PART_SIZE : undefined;
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
})();

/** One rule's run in a lint: its settings, its pass (a part-wise rule's), what it reported, and how it failed. */
interface RuleRun {
  rule: Rule<any>;
  resolved: ResolvedRule;
  options: Record<string, unknown>;
  pass: RulePass | undefined;
  reports: Report[];
  error: unknown;
}

/** The runs of the rules a lint runs, and whether every one of them can lint a document in parts (`Rule.start`). */
interface RuleRuns {
  runs: RuleRun[];
  partWise: boolean;
  optionsOf: (id: string) => Record<string, unknown> | undefined;
}

/** The rules `config` enables (of `options.rules`, or the registry's), each with its settings. */
function ruleRuns(config: ResolvedConfig, options: LintOptions): RuleRuns {
  // Read from the config and the registry, whichever rules this run is given (`options.rules`).
  const optionsOf = (id: string): Record<string, unknown> | undefined => {
    const other = ruleById.get(id);
    return other ? resolveRuleSetting(other, config.rules[id])?.options : undefined;
  };
  const runs: RuleRun[] = [];
  let partWise = true;
  for (const rule of options.rules ?? allRules) {
    const resolved = resolveRuleSetting(rule, config.rules[rule.meta.id]);
    if (!resolved) continue;
    runs.push({ rule, resolved, options: withAllowList(rule, resolved.options, config), pass: undefined, reports: [], error: undefined });
    if (!rule.start) partWise = false;
  }
  return { runs, partWise, optionsOf };
}

/**
 * Run the rules of `ruleRuns` on a document, adding their diagnostics to `diagnostics`: on `doc`, or on the
 * parts its parser gives (`parts`, when every rule is part-wise), or, with `options.partSize` and only
 * part-wise rules, on the parts cut from `doc` (see parts.ts). Each part is read by every rule before the
 * next. `whole` gives the whole document, parsed again when a document in parts is asked for.
 */
function runRules(
  doc: PromptDocument,
  parts: DocumentParts | undefined,
  whole: () => PromptDocument,
  ruleRuns: RuleRuns,
  options: LintOptions,
  lines: LineIndex,
  diagnostics: LintDiagnostic[],
): void {
  const { runs, partWise, optionsOf } = ruleRuns;
  let nextPart: () => PromptDocument | undefined;
  if (parts) nextPart = () => parts.next();
  else {
    const partSize = options.partSize ?? PART_SIZE_FROM_ENV ?? 0;
    const cut = partWise && partSize > 0 ? documentParts(doc, partSize) : [doc];
    let i = 0;
    nextPart = () => cut[i++];
  }
  for (const run of runs) {
    if (!run.rule.start) continue;
    const reports = run.reports;
    try {
      run.pass = run.rule.start({ options: run.options, report: (r) => reports.push(r), optionsOf, whole });
    } catch (err) {
      run.error = err ?? new Error(String(err));
    }
  }
  for (let part = nextPart(); part; part = nextPart())
    for (const run of runs) {
      if (run.error !== undefined) continue;
      const reports = run.reports;
      try {
        if (run.pass) run.pass.part(part);
        else run.rule.check!({ doc: part, options: run.options, report: (r) => reports.push(r), optionsOf });
      } catch (err) {
        run.error = err ?? new Error(String(err));
      }
    }
  for (const run of runs) {
    if (run.error !== undefined || !run.pass?.finish) continue;
    try {
      run.pass.finish();
    } catch (err) {
      run.error = err ?? new Error(String(err));
    }
  }
  for (const run of runs) addDiagnostics(run, doc.text.length, lines, diagnostics);
}

/** A rule run's reports as diagnostics; a failed run's error as one, in place of what it reported. */
function addDiagnostics(run: RuleRun, textLength: number, lines: LineIndex, diagnostics: LintDiagnostic[]): void {
  const id = run.rule.meta.id;
  if (run.error !== undefined) {
    // A rule bug must not take the whole file (or the language server) down.
    const err = run.error;
    diagnostics.push({
      ruleId: id,
      severity: 'error',
      message: `Rule "${id}" failed on this file (a Bias Lens bug; please report it): ${(err as Error)?.message ?? String(err)}`,
      span: { start: 0, end: 0 },
      range: lines.rangeOf({ start: 0, end: 0 }),
      data: { internalError: true },
      fixes: [],
      docsUrl: docsUrl(id),
    });
    return;
  }
  const reports = run.reports;
  const ruleDocsUrl = reports.length ? docsUrl(id) : '';
  for (const r of reports) {
    const data = r.data ?? {};
    const span = clampSpan(r.span, textLength);
    const diagnostic = {
      ruleId: id,
      severity: run.resolved.configured ?? adjustSeverity(run.rule.meta.defaultSeverity, r.strength),
      message: formatMessage(run.rule.meta.messages[r.messageId] ?? r.messageId, r.messageData ? { ...data, ...r.messageData } : data),
      span,
      range: lines.rangeOf(span),
      data,
    } as LintDiagnostic;
    withLazyFixes(diagnostic, r, textLength, id);
    diagnostic.docsUrl = ruleDocsUrl;
    diagnostics.push(diagnostic);
  }
}

/**
 * `diagnostic.fixes` is computed on first read, not when the rule reports: a rule may
 * give `fixes` as a getter (answer-position-skew's rebalancing fix rewrites every
 * demo of a large set), and most lint runs (editor diagnostics, CI checks) never read
 * the fixes. Reading it (code actions, --fix, SARIF, a spread or a structured clone)
 * computes the same array as before, once. The property is enumerable, comes after
 * `data` as before, and can be assigned.
 *
 * The accessor's functions are shared by all diagnostics and their state is one hidden
 * object per diagnostic, so every diagnostic keeps one fast shape. With a getter and a
 * setter made per diagnostic, V8 turned each one into a dictionary: on a file with
 * 120,000 findings they took 52 MB of property dictionaries, and the closures with their
 * contexts 21 MB more.
 */
function withLazyFixes(diagnostic: LintDiagnostic, report: Report, textLength: number, ruleId: string): void {
  const state: LazyFixes = { report, textLength, ruleId, fixes: undefined };
  Object.defineProperty(diagnostic, LAZY_FIXES, { value: state });
  Object.defineProperty(diagnostic, 'fixes', { enumerable: true, configurable: true, get: readLazyFixes, set: writeLazyFixes });
}

const LAZY_FIXES = Symbol('lazyFixes');

interface LazyFixes {
  /** Let go of once the fixes are built. */
  report: Report | undefined;
  textLength: number;
  ruleId: string;
  fixes: Fix[] | undefined;
}

type WithLazyFixes = LintDiagnostic & { [LAZY_FIXES]: LazyFixes };

function readLazyFixes(this: WithLazyFixes): Fix[] {
  const state = this[LAZY_FIXES];
  if (state.fixes === undefined) {
    let raw: Fix[] = [];
    try {
      raw = state.report?.fixes ?? [];
    } catch (err) {
      // A fix that fails to build (a rule bug) must not take the finding or its caller down:
      // the finding stays, without a fix, and says why in its data.
      this.data = { ...this.data, fixError: `Rule "${state.ruleId}" failed to build its fix (a Bias Lens bug; please report it): ${(err as Error)?.message ?? String(err)}` };
    }
    state.fixes = raw.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: clampSpan(e.span, state.textLength) })) }));
    state.report = undefined;
  }
  return state.fixes;
}

function writeLazyFixes(this: WithLazyFixes, value: Fix[]): void {
  this[LAZY_FIXES].fixes = value;
  this[LAZY_FIXES].report = undefined;
}

/**
 * Demographic rules also honour the top-level `allow` list (words never reported):
 * it is appended to the rule's own `allow` option, which every demographic rule has.
 */
function withAllowList(rule: Rule<any>, options: Record<string, unknown>, config: ResolvedConfig): Record<string, unknown> {
  if (rule.meta.category !== 'demographic' || config.allow.length === 0) return options;
  const own = Array.isArray(options.allow) ? (options.allow as string[]) : [];
  return { ...options, allow: [...own, ...config.allow] };
}

interface ResolvedRule {
  options: Record<string, unknown>;
  /** Severity the user set, if any. */
  configured?: Severity;
}

function normaliseSeverity(s: string): Severity | 'off' {
  return s === 'warn' ? 'warning' : (s as Severity | 'off');
}

/** Turns a config entry into options + severity, or null when the rule is off. Invalid options fall back to the defaults (config validation reports them). */
export function resolveRuleSetting(rule: Rule<any>, setting: RuleSetting | undefined): ResolvedRule | null {
  let severity: Severity | 'off' | undefined;
  let rawOptions: unknown;
  if (typeof setting === 'string') severity = normaliseSeverity(setting);
  else if (Array.isArray(setting)) {
    severity = normaliseSeverity(setting[0]);
    rawOptions = setting[1];
  }
  if (severity === 'off') return null;
  return { options: ruleOptions(rule, rawOptions), configured: severity };
}

/**
 * Parsed options, cached per rule and raw options object: the same config is linted with
 * again and again (every keystroke in the editor, every file of a CLI run), and zod parsing
 * costs more than many rules. No options (the usual case) is one entry per rule. A raw
 * object is remembered with a JSON snapshot, so one changed in place is parsed again.
 * Callers must not mutate the returned options (rules only read them).
 */
const defaultOptionsCache = new WeakMap<Rule<any>, Record<string, unknown>>();
const optionsCache = new WeakMap<Rule<any>, WeakMap<object, { json: string; options: Record<string, unknown> }>>();

function ruleOptions(rule: Rule<any>, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return defaultOptions(rule);
  if (typeof raw !== 'object') return parseRuleOptions(rule, raw);
  let byRaw = optionsCache.get(rule);
  if (!byRaw) optionsCache.set(rule, (byRaw = new WeakMap()));
  let json: string;
  try {
    json = JSON.stringify(raw);
  } catch {
    return parseRuleOptions(rule, raw); // not JSON data (a cycle, a BigInt): not cached
  }
  const hit = byRaw.get(raw);
  if (hit && hit.json === json) return hit.options;
  const options = parseRuleOptions(rule, raw);
  byRaw.set(raw, { json, options });
  return options;
}

/** What `{}` parses to; a rule's `defaultOptions` when it declares them (no zod schema to build or run). */
function defaultOptions(rule: Rule<any>): Record<string, unknown> {
  let options = defaultOptionsCache.get(rule);
  if (!options) {
    options = (rule.meta.defaultOptions as Record<string, unknown> | undefined) ?? parseRuleOptions(rule, {});
    defaultOptionsCache.set(rule, options);
  }
  return options;
}

// Each schema is parsed a few times per process at most: zod's compiled fast path
// (built with `new Function` on a schema's first parse) costs more than it saves.
const PARSE_ONCE = { jitless: true };

function parseRuleOptions(rule: Rule<any>, raw: unknown): Record<string, unknown> {
  const parsed = rule.meta.options.safeParse(raw, PARSE_ONCE);
  // Config validation reports bad options with positions; here fall back to defaults.
  return (parsed.success ? parsed.data : rule.meta.options.parse({}, PARSE_ONCE)) as Record<string, unknown>;
}

/** Validate every rule entry in a config. Unknown ids and bad options become errors. */
export function validateRuleSettings(rules: Record<string, RuleSetting>): RuleOptionsError[] {
  const errors: RuleOptionsError[] = [];
  for (const [id, setting] of Object.entries(rules)) {
    const rule = ruleById.get(id);
    if (!rule) {
      if (!PSEUDO_RULES.some((p) => p.id === id)) errors.push({ ruleId: id, message: `Unknown rule "${id}".` });
      continue;
    }
    if (Array.isArray(setting) && setting[1] !== undefined) {
      const parsed = rule.meta.options.safeParse(setting[1], PARSE_ONCE);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = issue.path.length ? issue.path.join('.') : '(options)';
          errors.push({ ruleId: id, message: `Invalid option ${key} for rule "${id}": ${issue.message}`, optionPath: issue.path });
        }
      }
    }
  }
  return errors;
}

function adjustSeverity(base: Severity, strength: Report['strength']): Severity {
  if (strength === 'strong' && base === 'warning') return 'error';
  if (strength === 'weak' && base === 'warning') return 'info';
  return base;
}

/** p-values are placeholders named so; below this they read "p < 0.001", not "p = 6.1e-5" or "p = 0". */
const P_FLOOR = 0.001;

export function formatMessage(template: string, data: Record<string, unknown>): string {
  return template.replace(/(= )?\{\{\s*(\w+)\s*\}\}/g, (m, eq: string | undefined, key: string) => {
    const v = data[key];
    if (v === undefined) return m;
    if (typeof v === 'number' && key === 'pValue' && v < P_FLOOR) return `< ${P_FLOOR}`;
    const text = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : formatNumber(v)) : typeof v === 'string' ? v : JSON.stringify(v);
    return (eq ?? '') + text;
  });
}

function formatNumber(v: number): string {
  if (Math.abs(v) < 0.001 && v !== 0) return v.toExponential(1);
  return String(Math.round(v * 1000) / 1000);
}

function clampSpan(span: Span, len: number): Span {
  const start = Math.max(0, Math.min(span.start, len));
  const end = Math.max(start, Math.min(span.end, len));
  return { start, end };
}

/**
 * Apply non-overlapping edits to a text. Overlapping edits after the first are
 * dropped (as ESLint does), so a fix-all pass may need to run again.
 */
export function applyEdits(text: string, edits: { span: Span; newText: string }[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let applied = 0;
  for (const e of sorted) {
    if (e.span.start < pos) continue;
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    applied++;
  }
  return { text: out + text.slice(pos), applied };
}

/**
 * Apply the preferred fix of every fixable diagnostic (optionally of one rule),
 * re-linting until nothing changes (at most 10 passes). Fixes whose edits overlap
 * another fix wait for the next pass.
 */
export function fixAll(
  input: LintInput,
  config: ResolvedConfig = defaultConfig(),
  onlyRule?: string,
  options: LintOptions = {},
): { text: string; fixed: number } {
  let text = input.text;
  let fixed = 0;
  for (let pass = 0; pass < 10; pass++) {
    const result = lint({ ...input, text }, config, options);
    const fixes = result.diagnostics.filter((d) => d.fixes.length > 0 && (!onlyRule || d.ruleId === onlyRule)).map((d) => d.fixes[0]!);
    if (fixes.length === 0) break;
    // Take whole fixes only: a fix is applied when none of its edits overlap an already-taken fix.
    const taken: { span: Span; newText: string }[] = [];
    let count = 0;
    for (const f of fixes) {
      const overlaps = f.edits.some((e) => taken.some((t) => e.span.start < t.span.end && t.span.start < e.span.end));
      if (overlaps) continue;
      taken.push(...f.edits);
      count++;
    }
    if (count === 0) break;
    text = applyEdits(text, taken).text;
    fixed += count;
  }
  return { text, fixed };
}

export { allRules };
