/**
 * Comments that can carry suppression directives, per format:
 * `<!-- -->` (markdown, text), whole-line `#` and `//` comments (text, prompty),
 * YAML `#` comments and JSONC `//` / `/* *\/` comments come from their parsers.
 * Only comments that mention `biaslens-` matter, so this scans for that first.
 */
import type { Comment } from '../model/types.js';

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
