/**
 * Code actions for findings, in this order for each finding:
 *   1. the rule's fixes (the first is preferred),
 *   2. "Disable <rule> for this line" (appends to an existing disable-next-line comment),
 *   3. "Fix all <rule> in file" (edit computed on resolve),
 *   4. "Disable <rule> for file",
 *   5. "Show documentation".
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

/** Whether more than one finding of `ruleId` has a fix (stops at the second: reading a finding's fixes builds them). */
function severalFixable(result: LintResult, ruleId: string): boolean {
  let n = 0;
  for (const d of result.diagnostics) if (d.ruleId === ruleId && d.fixes.length > 0 && ++n > 1) return true;
  return false;
}

function diagnosticsIn(result: LintResult, range: Range): LintDiagnostic[] {
  return result.diagnostics.filter((d) => intersects(d.range, range));
}

export function codeActions(ctx: ActionContext, range: Range, only: string[] | undefined): CodeAction[] {
  const { result, uri, version } = ctx;
  const doc = result.document;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];

  if (doc && wants(CodeActionKind.QuickFix)) {
    const offeredFixAll = new Set<string>();
    const offeredFileDisable = new Set<string>();
    const verification: Verification = { budget: VERIFY_BUDGET, checked: new Map() };
    for (const d of diagnosticsIn(result, range)) {
      if (d.ruleId === 'file-error') continue;
      const diagnostic: Diagnostic = toLspDiagnostic(d);
      d.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0,
          edit: workspaceEdit(uri, version, result.lines, fix.edits),
        });
      });
      // A parse error cannot be disabled (the engine reports it whatever the comments say); its documentation is offered.
      const disablable = d.ruleId !== 'parse-error';

      // A comment line above, or (when that would change how the block parses) one at the end of the line.
      const line = d.range.start.line;
      const candidates = !disablable ? [] : [disableNextLineEdit(doc, result.lines, line, d.ruleId), disableSameLineEdit(doc, result.lines, line, d.ruleId)];
      const lineEdit = candidates.find((e): e is DirectiveEdit => !!e && suppresses(ctx, e, d.ruleId, verification));
      if (lineEdit) {
        actions.push({
          title: `Disable ${d.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(uri, version, result.lines, [lineEdit]),
        });
      }

      if (!offeredFixAll.has(d.ruleId)) {
        offeredFixAll.add(d.ruleId);
        if (severalFixable(result, d.ruleId)) {
          const data: ResolveData = { kind: 'fixAllRule', uri, version, ruleId: d.ruleId };
          actions.push({ title: `Fix all ${d.ruleId} in file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data });
        }
      }

      if (disablable && !offeredFileDisable.has(d.ruleId)) {
        offeredFileDisable.add(d.ruleId);
        const fileEdit = disableFileEdit(doc, result.lines, d.ruleId);
        if (fileEdit && suppresses(ctx, fileEdit, d.ruleId, verification)) {
          actions.push({
            title: `Disable ${d.ruleId} for file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: workspaceEdit(uri, version, result.lines, [fileEdit]),
          });
        }
      }

      if (ruleById.has(d.ruleId) || d.ruleId === 'parse-error') {
        actions.push({
          title: `Show documentation for ${d.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${d.ruleId}`, command: Commands.openRuleDocumentation, arguments: [d.ruleId] },
        });
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
