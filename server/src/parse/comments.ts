/**
 * Comments that can carry suppression directives, per format:
 * `<!-- -->` (markdown, text), whole-line `#` and `//` comments (text, prompty),
 * YAML `#` comments and JSONC `//` / `/* *\/` comments come from their parsers.
 * Only comments that mention `biaslens-` matter, so this scans for that first.
 */
import type { Comment } from '../model/types.js';

/**
 * `text.includes('biaslens-')`, found from the hyphens: a hyphen is much rarer
 * in prose than the "b" a substring search steps through, and the native search
 * for one character is far faster. Text with many hyphens goes back to the
 * substring search, so no input costs much more than it.
 */
export function mentionsDirective(text: string): boolean {
  let hyphens = 0;
  for (let i = text.indexOf('-', 8); i !== -1; i = text.indexOf('-', i + 1)) {
    if (text.startsWith('biaslens', i - 8)) return true;
    if (++hyphens === 256) return text.includes('biaslens-', i - 8);
  }
  return false;
}

export function findHtmlComments(text: string, base = 0): Comment[] {
  const out: Comment[] = [];
  if (!text.includes('biaslens-')) return out;
  const re = /<!--([\s\S]*?)-->/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]!.includes('biaslens-')) out.push({ text: m[1]!.trim(), span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

/** Whole-line `#` or `//` comments that hold a biaslens directive. */
export function findLineDirectiveComments(text: string, base = 0, markers: readonly ('#' | '//')[] = ['#', '//']): Comment[] {
  const out: Comment[] = [];
  if (!text.includes('biaslens-')) return out;
  const re = /^[ \t]*(#|\/\/)[ \t]*(biaslens-[^\n]*)$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!markers.includes(m[1] as '#' | '//')) continue;
    const body = m[2]!.replace(/\r$/, '');
    const start = base + m.index + m[0].indexOf(m[1]!);
    out.push({ text: body, span: { start, end: base + m.index + m[0].replace(/\r$/, '').length } });
  }
  return out;
}
