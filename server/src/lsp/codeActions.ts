/**
 * Code actions for findings, in this order for each finding:
 *   1. the rule's fixes (the first is preferred),
 *   2. "Disable <rule> for this line" (appends to an existing disable-next-line comment),
 *   3. "Fix all <rule> in file" (edit computed on resolve),
 *   4. "Disable <rule> for file",
 *   5. "Show documentation".
 * A range over more than SUMMARY_THRESHOLD findings (a select-all) is answered per rule instead:
 * the full list of the findings at the range's start, then for each other rule in the range its
 * fix (when it has a single one in the file), "Fix all", "Disable for file" and the docs.
 * Plus `source.fixAll.biaslens`, which applies every preferred fix.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { applyEdits, fixAll, lint, type LintDiagnostic, type LintResult } from '../engine/lint.js';
import { disableFileEdit, disableNextLineEdit, disableSameLineEdit, type DirectiveEdit } from '../engine/suppress.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { DocumentFormat, Span } from '../model/types.js';
import type { LineIndex } from '../model/lines.js';
import { ruleById } from '../rules/index.js';
import { Commands, FIX_ALL_KIND } from './protocol.js';
import { toLspDiagnostic } from './diagnostics.js';

/** Larger documents skip the check that a suppression comment really suppresses. */
const VERIFY_LIMIT = 64 * 1024;

/**
 * How much text one request may lint to check suppression edits (each check lints the whole
 * edited text). A selection over many findings (the editor asks for the lightbulb of every
 * selection, so Ctrl+A asks for all of them) checked every finding's edit: a 60 KB prompt
 * with 3,000 findings took a minute of the server's main thread. Once it is spent, edits
 * not yet checked are not offered.
 */
const VERIFY_BUDGET = 512 * 1024;

/**
 * Above this many findings in a request's range, the answer is per rule rather than per
 * finding. The editor asks for the actions of every selection, and each finding brings five
 * or more (a gendered term with three wordings, seven): a select-all over a 200 KiB prompt with
 * 9,800 findings was 49,000 actions, 41 MB of JSON and 4-5 s, for a menu no one can use.
 * 50 findings (the prompts in examples/ have at most 4) is a paragraph or a few-shot block with
 * a finding on nearly every line: up to ~250 entries, still the whole list. Past
 * that, one entry per finding cannot be read, and what a wide selection is for is acting on a
 * rule at once.
 */
export const SUMMARY_THRESHOLD = 50;

/** A request's suppression checks: what is left of the budget, and the edits checked so far. */
interface Verification {
  budget: number;
  checked: Map<string, boolean>;
}

export interface ActionContext {
  uri: string;
  version: number;
  result: LintResult;
  config: ResolvedConfig;
  format: DocumentFormat | undefined;
}

export interface ResolveData {
  kind: 'fixAllRule';
  uri: string;
  version: number;
  ruleId: string;
}

function toLspEdit(lines: LineIndex, e: { span: Span; newText: string }): LspTextEdit {
  return { range: lines.rangeOf(e.span), newText: e.newText };
}

function workspaceEdit(uri: string, version: number, lines: LineIndex, edits: { span: Span; newText: string }[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits: edits.map((e) => toLspEdit(lines, e)) }] };
}

/** One edit replacing only the part of `before` that differs from `after`. */
export function minimalEdit(before: string, after: string): { span: Span; newText: string } | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Keep surrogate pairs whole.
  if (start > 0 && /[\uD800-\uDBFF]/.test(before[start - 1]!)) start--;
  return { span: { start, end: endB }, newText: after.slice(start, endA) };
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether applying `edit` removes at least one finding of `ruleId` (guards against comments the parser cannot see, e.g. inside a YAML block scalar). */
function suppresses(ctx: ActionContext, edit: DirectiveEdit, ruleId: string, verification: Verification): boolean {
  const text = ctx.result.document!.text;
  if (text.length > VERIFY_LIMIT) return true;
  // Findings of one rule on one line share their edit: checked once.
  const key = `${ruleId} ${edit.span.start} ${edit.span.end} ${edit.newText}`;
  const known = verification.checked.get(key);
  if (known !== undefined) return known;
  if (verification.budget < text.length) return false;
  verification.budget -= text.length;
  const before = ctx.result.diagnostics.filter((d) => d.ruleId === ruleId).length;
  const after = lint({ uri: ctx.uri, text: applyEdits(text, [edit]).text, format: ctx.format }, ctx.config).diagnostics.filter((d) => d.ruleId === ruleId).length;
  verification.checked.set(key, after < before);
  return after < before;
}

/** What one request has offered so far, and its suppression checks. */
interface Offered {
  /** Per rule: whether the file has more than one fixable finding of it. */
  severalFixable: Map<string, boolean>;
  fixAll: Set<string>;
  fileDisable: Set<string>;
  /** "<rule> <line>" of each "Disable <rule> for this line" offered: two findings of a rule on one line share it. */
  lineDisable: Set<string>;
  docs: Set<string>;
  verification: Verification;
}

/** Whether more than one finding of `ruleId` has a fix (stops at the second: reading a finding's fixes builds them); decided once per request. */
function severalFixable(result: LintResult, ruleId: string, offered: Offered): boolean {
  let several = offered.severalFixable.get(ruleId);
  if (several === undefined) {
    let n = 0;
    for (const d of result.diagnostics) if (d.ruleId === ruleId && d.fixes.length > 0 && ++n > 1) break;
    several = n > 1;
    offered.severalFixable.set(ruleId, several);
  }
  return several;
}

function diagnosticsIn(result: LintResult, range: Range): LintDiagnostic[] {
  return result.diagnostics.filter((d) => intersects(d.range, range));
}

function fixActions(ctx: ActionContext, d: LintDiagnostic, diagnostic: Diagnostic, actions: CodeAction[]): void {
  const { result, uri, version } = ctx;
  d.fixes.forEach((fix, i) => {
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: i === 0,
      edit: workspaceEdit(uri, version, result.lines, fix.edits),
    });
  });
}

/** A parse error cannot be disabled (the engine reports it whatever the comments say); its documentation is offered. */
const disablable = (ruleId: string) => ruleId !== 'parse-error';

/** "Fix all", "Disable for file" and docs of `d`'s rule, each once per request. */
function ruleActions(ctx: ActionContext, d: LintDiagnostic, diagnostic: Diagnostic, offered: Offered, actions: CodeAction[]): void {
  const { result, uri, version } = ctx;
  const doc = result.document!;
  if (!offered.fixAll.has(d.ruleId)) {
    offered.fixAll.add(d.ruleId);
    if (severalFixable(result, d.ruleId, offered)) {
      const data: ResolveData = { kind: 'fixAllRule', uri, version, ruleId: d.ruleId };
      actions.push({ title: `Fix all ${d.ruleId} in file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data });
    }
  }

  if (disablable(d.ruleId) && !offered.fileDisable.has(d.ruleId)) {
    offered.fileDisable.add(d.ruleId);
    const fileEdit = disableFileEdit(doc, result.lines, d.ruleId);
    if (fileEdit && suppresses(ctx, fileEdit, d.ruleId, offered.verification)) {
      actions.push({
        title: `Disable ${d.ruleId} for file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(uri, version, result.lines, [fileEdit]),
      });
    }
  }

  if ((ruleById.has(d.ruleId) || d.ruleId === 'parse-error') && !offered.docs.has(d.ruleId)) {
    offered.docs.add(d.ruleId);
    actions.push({
      title: `Show documentation for ${d.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${d.ruleId}`, command: Commands.openRuleDocumentation, arguments: [d.ruleId] },
    });
  }
}

/** Every action of one finding, in the order of the module comment. */
function findingActions(ctx: ActionContext, d: LintDiagnostic, offered: Offered, actions: CodeAction[]): void {
  const { result, uri, version } = ctx;
  const doc = result.document!;
  const diagnostic = toLspDiagnostic(d);
  fixActions(ctx, d, diagnostic, actions);

  // A comment line above, or (when that would change how the block parses) one at the end of the line.
  const line = d.range.start.line;
  const lineKey = `${d.ruleId} ${line}`;
  const candidates = !disablable(d.ruleId) || offered.lineDisable.has(lineKey) ? [] : [disableNextLineEdit(doc, result.lines, line, d.ruleId), disableSameLineEdit(doc, result.lines, line, d.ruleId)];
  const lineEdit = candidates.find((e): e is DirectiveEdit => !!e && suppresses(ctx, e, d.ruleId, offered.verification));
  if (lineEdit) {
    offered.lineDisable.add(lineKey);
    actions.push({
      title: `Disable ${d.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(uri, version, result.lines, [lineEdit]),
    });
  }
  ruleActions(ctx, d, diagnostic, offered, actions);
}

export function codeActions(ctx: ActionContext, range: Range, only: string[] | undefined): CodeAction[] {
  const { result } = ctx;
  const doc = result.document;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];

  if (doc && wants(CodeActionKind.QuickFix)) {
    const offered: Offered = { severalFixable: new Map(), fixAll: new Set(), fileDisable: new Set(), lineDisable: new Set(), docs: new Set(), verification: { budget: VERIFY_BUDGET, checked: new Map() } };
    const findings = diagnosticsIn(result, range).filter((d) => d.ruleId !== 'file-error');
    if (findings.length <= SUMMARY_THRESHOLD) {
      for (const d of findings) findingActions(ctx, d, offered, actions);
    } else {
      // The findings at the range's start get their own list, as at a cursor there.
      const start: Range = { start: range.start, end: range.start };
      const atStart = new Set<LintDiagnostic>();
      for (const d of findings) {
        if (!intersects(d.range, start)) continue;
        atStart.add(d);
        findingActions(ctx, d, offered, actions);
      }
      // Then each rule once, at its first finding in the range (what the start listed is not repeated).
      const firstOfRule = new Map<string, LintDiagnostic>();
      for (const d of findings) if (!firstOfRule.has(d.ruleId)) firstOfRule.set(d.ruleId, d);
      for (const [ruleId, first] of firstOfRule) {
        // A rule with a single fix in the file gets no "Fix all": that fix is offered instead, when it is in the range.
        if (!severalFixable(result, ruleId, offered)) {
          const fixable = findings.find((d) => d.ruleId === ruleId && d.fixes.length > 0);
          if (fixable && !atStart.has(fixable)) fixActions(ctx, fixable, toLspDiagnostic(fixable), actions);
        }
        ruleActions(ctx, first, toLspDiagnostic(first), offered, actions);
      }
    }
  }

  // Only on request (the source action menu, or editor.codeActionsOnSave).
  if (doc && only && wants(FIX_ALL_KIND) && result.diagnostics.some((d) => d.fixes.length > 0)) {
    const edit = fixAllEdit(ctx);
    if (edit) actions.push({ title: 'Fix all Bias Lens findings', kind: FIX_ALL_KIND, edit });
  }
  return actions;
}

/** The workspace edit applying every preferred fix (optionally of one rule), or null when nothing changes. */
export function fixAllEdit(ctx: ActionContext, ruleId?: string): WorkspaceEdit | null {
  const text = ctx.result.document?.text;
  if (text === undefined) return null;
  const fixed = fixAll({ uri: ctx.uri, text, format: ctx.format }, ctx.config, ruleId);
  const edit = minimalEdit(text, fixed.text);
  return edit ? workspaceEdit(ctx.uri, ctx.version, ctx.result.lines, [edit]) : null;
}
