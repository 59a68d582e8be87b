/**
 * Suppression comments, handled by the engine for every rule:
 *   biaslens-disable-next-line [ids]   the next line
 *   biaslens-disable-line [ids]        this line
 *   biaslens-disable [ids] ... biaslens-enable [ids]
 *   biaslens-disable-file [ids]        the whole file
 * ids are separated by commas or spaces; none means every rule. Anything after
 * `--` is a free-text reason. Comments come from the parser (`<!-- -->`, `#`,
 * `//`, as the format allows).
 */
import type { LineIndex } from '../model/lines.js';
import type { Comment, DocumentFormat, PromptDocument, Span } from '../model/types.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Empty means all rules. */
  ruleIds: string[];
  /** Line the comment starts on. */
  line: number;
  /** Line the comment ends on. */
  endLine: number;
}

interface Suppression {
  /** Empty means all rules (but those in `except`). */
  ruleIds: string[];
  /** Rules an enable comment re-enabled inside an all-rules block. */
  except?: string[];
  fromLine: number;
  /** Inclusive; Infinity for open-ended. */
  toLine: number;
}

export type Suppressions = Suppression[];

const DIRECTIVE = /\bbiaslens-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n]*)/;

export function parseDirective(commentText: string): { kind: DirectiveKind; ruleIds: string[] } | null {
  const m = DIRECTIVE.exec(commentText);
  if (!m) return null;
  const rest = (m[2] ?? '').split('--')[0]!.replace(/-->\s*$/, '');
  // Every word is an id as written: one that names no rule ("gendered_term", "Gendered-Term") suppresses
  // nothing (and the engine says so), rather than being dropped, which left "all rules".
  const ruleIds = rest.split(/[\s,]+/).filter((s) => s !== '');
  return { kind: m[1] as DirectiveKind, ruleIds };
}

/** A suppression comment's words that name no rule (`isRuleId` says which do). */
export interface UnknownDirectiveIds {
  kind: DirectiveKind;
  ids: string[];
  /** The comment's span. */
  span: Span;
}

export function unknownDirectiveIds(doc: PromptDocument, isRuleId: (id: string) => boolean): UnknownDirectiveIds[] {
  const out: UnknownDirectiveIds[] = [];
  for (const c of doc.comments) {
    const d = parseDirective(c.text);
    const ids = d?.ruleIds.filter((id) => !isRuleId(id));
    if (d && ids!.length > 0) out.push({ kind: d.kind, ids: ids!, span: c.span });
  }
  return out;
}

export function findDirectives(doc: PromptDocument, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  for (const c of doc.comments) {
    const d = parseDirective(c.text);
    if (!d) continue;
    out.push({ ...d, line: lines.positionAt(c.span.start).line, endLine: lines.positionAt(c.span.end).line });
  }
  return out;
}

export function findSuppressions(doc: PromptDocument, lines: LineIndex): Suppressions {
  const out: Suppression[] = [];
  const open: Omit<Suppression, 'toLine'>[] = [];
  for (const d of findDirectives(doc, lines)) {
    switch (d.kind) {
      case 'disable-file':
        out.push({ ruleIds: d.ruleIds, fromLine: 0, toLine: Infinity });
        break;
      case 'disable-line':
        out.push({ ruleIds: d.ruleIds, fromLine: d.line, toLine: d.line });
        break;
      case 'disable-next-line':
        out.push({ ruleIds: d.ruleIds, fromLine: d.endLine + 1, toLine: d.endLine + 1 });
        break;
      case 'disable':
        open.push({ ruleIds: d.ruleIds, fromLine: d.line });
        break;
      case 'enable': {
        // An enable without ids closes every open block. With ids, it re-enables those rules alone: a block
        // of other rules as well goes on for them, and an all-rules block goes on for every other rule.
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i]!;
          if (d.ruleIds.length === 0) {
            out.push({ ...o, toLine: d.line });
            open.splice(i, 1);
          } else if (o.ruleIds.length === 0) {
            out.push({ ...o, toLine: d.line });
            open[i] = { ruleIds: [], except: [...(o.except ?? []), ...d.ruleIds], fromLine: d.line };
          } else if (o.ruleIds.some((id) => d.ruleIds.includes(id))) {
            out.push({ ...o, toLine: d.line });
            const rest = o.ruleIds.filter((id) => !d.ruleIds.includes(id));
            if (rest.length > 0) open[i] = { ruleIds: rest, fromLine: d.line };
            else open.splice(i, 1);
          }
        }
        break;
      }
    }
  }
  for (const o of open) out.push({ ...o, toLine: Infinity });
  return out;
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return suppressions.some(
    (s) =>
      line >= s.fromLine &&
      line <= s.toLine &&
      (s.ruleIds.length === 0 ? !s.except?.includes(ruleId) : s.ruleIds.includes(ruleId)),
  );
}

// ---------------------------------------------------------------------------
// Writing directives (used by the editor's "Disable <rule> ..." code actions)

/** The comment syntax a format's parser reads directives from. */
export type CommentSyntax = 'html' | 'hash' | 'slash';

export function commentSyntaxFor(format: DocumentFormat): CommentSyntax {
  switch (format) {
    case 'markdown':
      return 'html';
    case 'json':
    case 'jsonl':
      return 'slash';
    case 'yaml':
    case 'prompty':
    case 'text':
      return 'hash';
  }
}

export function formatDirectiveComment(syntax: CommentSyntax, body: string): string {
  if (syntax === 'html') return `<!-- ${body} -->`;
  return `${syntax === 'hash' ? '#' : '//'} ${body}`;
}

/** An insertion or replacement in the document text. */
export interface DirectiveEdit {
  span: Span;
  newText: string;
}

/** Where the rule ids of a directive comment end, in source offsets (to append another id). */
function idListEnd(docText: string, comment: Comment, kind: DirectiveKind): number | null {
  const source = docText.slice(comment.span.start, comment.span.end);
  const m = new RegExp(`biaslens-${kind}\\b((?:[ \\t]*,?[ \\t]*[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*)`).exec(source);
  return m ? comment.span.start + m.index + m[0].length : null;
}

/**
 * The line break to write after an inserted line: the one that ends `line` (\n, \r\n or a
 * lone \r), or for the last line (which has none) the file's first, or \n.
 */
function eolOf(text: string, lines: LineIndex, line: number): string {
  if (line + 1 < lines.lineCount) return text.slice(lines.lineEnd(line), lines.lineStart(line + 1));
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

function existingDirective(doc: PromptDocument, lines: LineIndex, kind: DirectiveKind, onEndLine?: number) {
  for (const c of doc.comments) {
    const d = parseDirective(c.text);
    if (!d || d.kind !== kind) continue;
    if (onEndLine !== undefined && lines.positionAt(c.span.end).line !== onEndLine) continue;
    return { comment: c, directive: d };
  }
  return undefined;
}

/**
 * The edit that suppresses `ruleId` on `line`: appends the id to a
 * `biaslens-disable-next-line` comment on the previous line when there is one,
 * otherwise inserts such a comment (indented like the line) above it.
 * Returns null when the line is already suppressed for that rule.
 */
export function disableNextLineEdit(doc: PromptDocument, lines: LineIndex, line: number, ruleId: string): DirectiveEdit | null {
  if (line > 0) {
    const existing = existingDirective(doc, lines, 'disable-next-line', line - 1);
    if (existing) {
      const ids = existing.directive.ruleIds;
      if (ids.length === 0 || ids.includes(ruleId)) return null;
      const at = idListEnd(doc.text, existing.comment, 'disable-next-line');
      if (at !== null) return { span: { start: at, end: at }, newText: `, ${ruleId}` };
    }
  }
  const start = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(doc.text.slice(start, lines.lineEnd(line)))![0];
  const comment = formatDirectiveComment(commentSyntaxFor(doc.format), `biaslens-disable-next-line ${ruleId}`);
  return { span: { start, end: start }, newText: `${indent}${comment}${eolOf(doc.text, lines, line)}` };
}

/**
 * The edit that suppresses `ruleId` in the whole file: appends the id to an existing
 * `biaslens-disable-file` comment, otherwise inserts one at the top (inside YAML front
 * matter when the format reads `#` comments there, else after the front matter).
 * Returns null when the file already suppresses that rule.
 */
export function disableFileEdit(doc: PromptDocument, lines: LineIndex, ruleId: string): DirectiveEdit | null {
  const existing = existingDirective(doc, lines, 'disable-file');
  if (existing) {
    const ids = existing.directive.ruleIds;
    if (ids.length === 0 || ids.includes(ruleId)) return null;
    const at = idListEnd(doc.text, existing.comment, 'disable-file');
    if (at !== null) return { span: { start: at, end: at }, newText: `, ${ruleId}` };
  }
  const syntax = commentSyntaxFor(doc.format);
  const comment = formatDirectiveComment(syntax, `biaslens-disable-file ${ruleId}`) + eolOf(doc.text, lines, 0);
  let at = 0;
  if (doc.frontMatter && /^---[ \t]*[\r\n]/.test(doc.text)) {
    if (syntax === 'hash') {
      at = lines.lineStart(1); // just inside the opening `---`: a YAML comment
    } else {
      // On the line after the closing `---`.
      const fmEndLine = lines.positionAt(doc.frontMatter.span.end).line;
      for (let l = Math.max(1, fmEndLine); l < lines.lineCount; l++) {
        if (/^(?:---|\.\.\.)[ \t]*$/.test(doc.text.slice(lines.lineStart(l), lines.lineEnd(l)))) {
          at = l + 1 < lines.lineCount ? lines.lineStart(l + 1) : doc.text.length;
          break;
        }
      }
    }
  }
  return { span: { start: at, end: at }, newText: comment };
}

/**
 * The same-line alternative: appends `<!-- biaslens-disable-line <id> -->` at the end of
 * `line` (or the id to such a comment already there). For text formats only, where an
 * inline HTML comment is read; used when a comment line above would change how the
 * block around it parses. Returns null for other formats or when already suppressed.
 */
export function disableSameLineEdit(doc: PromptDocument, lines: LineIndex, line: number, ruleId: string): DirectiveEdit | null {
  if (doc.format !== 'text' && doc.format !== 'markdown' && doc.format !== 'prompty') return null;
  for (const c of doc.comments) {
    const d = parseDirective(c.text);
    if (!d || d.kind !== 'disable-line' || lines.positionAt(c.span.start).line !== line) continue;
    if (d.ruleIds.length === 0 || d.ruleIds.includes(ruleId)) return null;
    const at = idListEnd(doc.text, c, 'disable-line');
    if (at !== null) return { span: { start: at, end: at }, newText: `, ${ruleId}` };
  }
  const end = lines.lineEnd(line);
  return { span: { start: end, end }, newText: ` ${formatDirectiveComment('html', `biaslens-disable-line ${ruleId}`)}` };
}
