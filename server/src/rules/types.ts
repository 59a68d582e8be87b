/**
 * The rule API. A rule is a small object: `meta` plus `check`.
 * Rules report facts and fixes as data; the engine does everything cross-cutting
 * (severity overrides, suppression comments, size limits, position conversion).
 *
 * An analysis several rules share is computed once per document and kept on the
 * document or the exemplar set it is about, with an `AnalysisSlot`
 * (../model/analysis-slot.ts), not in a module-level WeakMap, and a function given
 * to a shared helper should not capture the document: either kept a finished lint's
 * document alive for the garbage collector (see docs/benchmarks.md, session 9).
 */
import type { z } from 'zod';
import type { PromptDocument, Span } from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Citation {
  /** e.g. "Turpin et al. 2023" */
  short: string;
  title: string;
  url?: string;
}

export interface RuleMeta<O> {
  /** Fixed id: file name, docs page, config key, SARIF ruleId. */
  id: string;
  /** One line, shown in `biaslens rules` and SARIF. */
  description: string;
  /** Why this matters, shown in hovers; a few sentences. */
  rationale: string;
  sources: Citation[];
  defaultSeverity: Severity;
  /** zod schema of the options object; must accept `{}` and fill defaults. */
  options: z.ZodType<O>;
  /**
   * What `options.parse({})` gives, as plain data (same keys, same order). The engine runs a
   * rule that has no options configured (the usual case) on these, without building or running
   * its zod schema. Optional; rules under test/rules are checked to agree with their schema.
   */
  defaultOptions?: O;
  /** Message templates keyed by messageId; `{{name}}` is filled from report data. */
  messages: Record<string, string>;
  /** Whether `check` can offer fixes. */
  fixable: boolean;
  category: 'structure' | 'demographic';
}

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A fix as data: a title and the edits that make it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Report {
  messageId: string;
  span: Span;
  /** Measured facts: counts, p-values, letters. Must be JSON-serialisable. Also fills message placeholders. */
  data?: Record<string, unknown>;
  /**
   * Placeholder values for the message only, over `data`'s: the words a reader needs where
   * `data` keeps the value programs read ("men" where data.agenticGender is "male").
   */
  messageData?: Record<string, unknown>;
  /**
   * The preferred fix first, alternatives after. `fixAll` (CLI --fix, source.fixAll)
   * applies only the first.
   */
  fixes?: Fix[];
  /**
   * How strong the evidence is. With no severity configured by the user, `strong`
   * raises warning to error, `weak` lowers warning to info.
   */
  strength?: 'weak' | 'normal' | 'strong';
}

export interface RuleContext<O> {
  doc: PromptDocument;
  options: O;
  report(r: Report): void;
  /**
   * The options another rule runs with under this lint's config (its defaults when the config
   * names it without options), or undefined when the config turns it off or no rule has the id.
   * For a rule that leaves a finding to another rule: it reports the finding itself when the
   * other rule is off. Suppression comments are not considered.
   */
  optionsOf(ruleId: string): Record<string, unknown> | undefined;
}

/**
 * What a rule that works part by part is given once per lint (see `Rule.start`): a RuleContext
 * without the document, which comes one part at a time.
 */
export interface RuleRunContext<O> {
  options: O;
  report(r: Report): void;
  /** As RuleContext.optionsOf. */
  optionsOf(ruleId: string): Record<string, unknown> | undefined;
  /**
   * The whole document, for what only it can give (a fix that rewrites every demo of a set):
   * call it when the fix is read, not while linting. Made again from the text when the
   * document was linted in parts whose models are gone.
   */
  whole(): PromptDocument;
}

/**
 * One lint's run of a rule that works part by part. `part` is called with each part of the
 * document in source order; `finish` once after the last. A part is a PromptDocument over the
 * whole text (offsets are the file's) holding only that part's exemplars, test inputs, prose,
 * messages and variables. State kept from one part to the next must be facts (numbers, keys,
 * spans), never a part's objects: a part's model is let go before the next is linted.
 */
export interface RulePass {
  part(doc: PromptDocument): void;
  finish?(): void;
}

/**
 * A rule: `meta` plus either `check`, run once on the whole document, or `start`, which
 * returns the pass that sees the document part by part (docs/design/part-wise-lint.md). A
 * document is linted in parts only when every rule that runs on it has `start`.
 */
export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta<O>;
  check?(ctx: RuleContext<O>): void;
  start?(ctx: RuleRunContext<O>): RulePass;
}

/**
 * A value built on first use instead of at import, for options schemas: building zod
 * schemas is slow, and a run whose rules have no options configured never needs them.
 * Use it behind a getter, `get options() { return options(); }`, so `meta.options` stays a schema.
 */
export function lazily<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** Identity helper that keeps option types inferred from the zod schema. */
export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}
