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
import type { PromptDocument } from '../model/types.js';

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
  ruleIds: string[];
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
  const ruleIds = rest
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
  return { kind: m[1] as DirectiveKind, ruleIds };
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
  const open: { ruleIds: string[]; fromLine: number }[] = [];
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
        // Close every open block that the enable covers (all, or the named ids).
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i]!;
          const closesAll = d.ruleIds.length === 0;
          const same = o.ruleIds.length === d.ruleIds.length && o.ruleIds.every((id) => d.ruleIds.includes(id));
          if (closesAll || same) {
            out.push({ ruleIds: o.ruleIds, fromLine: o.fromLine, toLine: d.line });
            open.splice(i, 1);
          }
        }
        break;
      }
    }
  }
  for (const o of open) out.push({ ruleIds: o.ruleIds, fromLine: o.fromLine, toLine: Infinity });
  return out;
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return suppressions.some(
    (s) => line >= s.fromLine && line <= s.toLine && (s.ruleIds.length === 0 || s.ruleIds.includes(ruleId)),
  );
}
