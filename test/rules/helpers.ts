/**
 * A small RuleTester for Bias Lens rules, in the spirit of ESLint's.
 *
 *   ruleTester(myRule).run({
 *     valid: ['Q: ...\nA: ...', { text, uri: 'x.prompt.md', options: { alpha: 0.01 } }],
 *     invalid: [{
 *       text,
 *       errors: [{ messageId: 'skewed', data: { letter: 'A' }, range: [3, 0, 3, 20], text: 'So the answer is (A)' }],
 *       output: '...',        // optional: exact text after applying the first fix
 *     }],
 *   });
 *
 * For every invalid case it checks, per expected error (in document order):
 *   - the rule id;
 *   - `messageId`: the message equals the rule's template for that id filled with the diagnostic's data;
 *   - `message`: the exact message (string) or a pattern;
 *   - `data`: a subset match on the diagnostic's data;
 *   - `range`: exact 0-based positions, `[startLine, startChar, endLine, endChar]` or an LSP-style object;
 *   - `text`: the exact source text the range covers;
 *   - `severity`, when given;
 *   - `fix: false`: the diagnostic offers no fix.
 * And for every diagnostic with a fix: applying its first fix yields `output` when given, and the
 * fixed text re-lints clean for that rule (unless `fixedClean: false`).
 *
 * Options are passed straight to the rule (parsed by its zod schema), so default severities and
 * strength adjustments stay as in production; pass `config` to test severity overrides.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, formatMessage, lint, type LintDiagnostic, type LintResult } from '../../server/src/engine/lint';
import { defaultConfig, type ResolvedConfig } from '../../server/src/config/schema';
import type { DocumentFormat } from '../../server/src/model/types';
import type { Range } from '../../server/src/model/lines';
import type { Rule, Severity } from '../../server/src/rules/types';

export type RangeTuple = [startLine: number, startCharacter: number, endLine: number, endCharacter: number];

export interface ExpectedError {
  messageId?: string;
  message?: string | RegExp;
  /** Subset of the diagnostic's data. */
  data?: Record<string, unknown>;
  range?: RangeTuple | Range;
  /** The exact source text of the range. */
  text?: string;
  severity?: Severity;
  /** `false`: the diagnostic must offer no fix. `true`: it must offer one. */
  fix?: boolean;
}

export interface CaseInput {
  /** Test title; defaults to the first line of the text. */
  name?: string;
  text: string;
  /** Decides the format; default `x.prompt` (plain text). */
  uri?: string;
  format?: DocumentFormat;
  /** The rule's options (validated by its schema; `{}` gives the defaults). */
  options?: Record<string, unknown>;
  /** A full config (severity overrides etc.). Rule options in it apply when `options` is absent. */
  config?: ResolvedConfig;
  /** Other rules to run alongside (e.g. to test interplay); only this rule's diagnostics are asserted. */
  withRules?: readonly Rule<any>[];
  only?: boolean;
}

export type ValidCase = string | CaseInput;

export interface InvalidCase extends CaseInput {
  /** Expected diagnostics of this rule, in document order, or just their count. */
  errors: ExpectedError[] | number;
  /** Exact text after applying the first fix of the first fixable diagnostic. */
  output?: string;
  /** Set false when a fixed text is allowed to still report (rare; say why in the test). */
  fixedClean?: boolean;
}

/** Run one rule (with its options applied, severity left to the engine) over a text. */
export function lintWithRule(rule: Rule<any>, c: CaseInput): LintResult {
  const rules = [c.options ? withOptions(rule, c.options) : rule, ...(c.withRules ?? [])];
  return lint({ uri: c.uri ?? 'x.prompt', text: c.text, format: c.format }, c.config ?? defaultConfig(), { rules });
}

/** Diagnostics of `rule` only. */
export function diagnosticsOf(rule: Rule<any>, c: CaseInput): LintDiagnostic[] {
  return lintWithRule(rule, c).diagnostics.filter((d) => d.ruleId === rule.meta.id);
}

/** The rule with its options fixed (still parsed by its schema, so invalid options fail the test). */
export function withOptions<O>(rule: Rule<O>, options: Record<string, unknown>): Rule<O> {
  const parsed = rule.meta.options.parse(options);
  if (rule.start) return { meta: rule.meta, start: (ctx) => rule.start!({ ...ctx, options: parsed }) };
  return { meta: rule.meta, check: (ctx) => rule.check!({ ...ctx, options: parsed }) };
}

/** Text after applying a diagnostic's fix (the first by default). */
export function applyFix(text: string, d: LintDiagnostic, index = 0): string {
  const fix = d.fixes[index];
  if (!fix) throw new Error(`diagnostic ${d.ruleId} at ${d.range.start.line}:${d.range.start.character} has no fix #${index}`);
  return applyEdits(text, fix.edits).text;
}

/** The source text a diagnostic's span covers. */
export function spanText(text: string, d: LintDiagnostic): string {
  return text.slice(d.span.start, d.span.end);
}

export function toRange(r: RangeTuple | Range): Range {
  return Array.isArray(r) ? { start: { line: r[0], character: r[1] }, end: { line: r[2], character: r[3] } } : r;
}

/** A template as a pattern: its text exactly, each placeholder (with formatMessage's "= " before a p-value) anything. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/(?:= )?\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^]+?')}$`);
}

/** Assert one diagnostic against an expectation (usable outside `run`). */
export function expectDiagnostic(rule: Rule<any>, text: string, d: LintDiagnostic, e: ExpectedError): void {
  expect(d.ruleId).toBe(rule.meta.id);
  if (e.messageId !== undefined) {
    const template = rule.meta.messages[e.messageId];
    expect(template, `rule ${rule.meta.id} has no message "${e.messageId}"`).toBeDefined();
    // A rule may fill placeholders with message-only words (Report.messageData: "records" where data
    // has no noun, "men" where data says "male"), so the message is the template with every
    // placeholder filled by something; where data alone fills it, exactly as data gives.
    expect(d.message, `message "${e.messageId}"`).toMatch(templatePattern(template!));
    const fromData = formatMessage(template!, d.data);
    if (!/\{\{\s*\w+\s*\}\}/.test(fromData)) expect(d.message).toBe(fromData);
    expect(d.message, 'every placeholder is filled').not.toMatch(/\{\{\s*\w+\s*\}\}/);
  }
  if (e.message instanceof RegExp) expect(d.message).toMatch(e.message);
  else if (e.message !== undefined) expect(d.message).toBe(e.message);
  if (e.data) expect(d.data).toMatchObject(e.data);
  if (e.range) expect(d.range).toEqual(toRange(e.range));
  if (e.text !== undefined) expect(spanText(text, d)).toBe(e.text);
  if (e.severity) expect(d.severity).toBe(e.severity);
  if (e.fix === false) expect(d.fixes).toEqual([]);
  if (e.fix === true) expect(d.fixes.length).toBeGreaterThan(0);
  // Data must survive JSON (CLI, SARIF and LSP serialise it).
  expect(JSON.parse(JSON.stringify(d.data))).toEqual(d.data);
}

/** Assert that the first fix of every fixable diagnostic leaves text that re-lints clean for the rule. */
export function expectFixesClean(rule: Rule<any>, c: CaseInput, diagnostics: LintDiagnostic[]): void {
  for (const d of diagnostics) {
    if (!d.fixes.length) continue;
    const fixed = applyFix(c.text, d);
    expect(fixed, 'the fix changes the text').not.toBe(c.text);
    const again = diagnosticsOf(rule, { ...c, text: fixed });
    expect(
      again.map((a) => `${a.range.start.line}:${a.range.start.character} ${a.message}`),
      `fixed text re-lints clean for ${rule.meta.id}:\n${fixed}`,
    ).toEqual([]);
  }
}

function title(c: ValidCase): string {
  const t = typeof c === 'string' ? c : (c.name ?? c.text);
  const first = t.split('\n').find((l) => l.trim()) ?? '(empty)';
  return first.length > 70 ? first.slice(0, 67) + '...' : first;
}

export function ruleTester(rule: Rule<any>) {
  return {
    run(cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
      describe(rule.meta.id, () => {
        describe('valid', () => {
          for (const v of cases.valid) {
            const c: CaseInput = typeof v === 'string' ? { text: v } : v;
            (c.only ? it.only : it)(title(v), () => {
              const ds = diagnosticsOf(rule, c);
              expect(ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`)).toEqual([]);
            });
          }
        });
        describe('invalid', () => {
          for (const c of cases.invalid) {
            (c.only ? it.only : it)(title(c), () => {
              const ds = diagnosticsOf(rule, c);
              if (typeof c.errors === 'number') expect(ds).toHaveLength(c.errors);
              else {
                expect(ds.map((d) => d.message)).toHaveLength(c.errors.length);
                c.errors.forEach((e, i) => expectDiagnostic(rule, c.text, ds[i]!, e));
              }
              if (c.output !== undefined) {
                const fixable = ds.find((d) => d.fixes.length > 0);
                expect(fixable, 'a diagnostic offers a fix').toBeDefined();
                expect(applyFix(c.text, fixable!)).toBe(c.output);
              }
              if (c.fixedClean !== false) expectFixesClean(rule, c, ds);
            });
          }
        });
      });
    },
  };
}
