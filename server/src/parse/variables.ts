/**
 * Template variables: `{{ name }}` (mustache/handlebars/jinja expressions),
 * `{% ... %}` is not a variable, `{name}` (Python str.format / f-string style),
 * `${name}` (JS template / promptfoo nunjucks-less). Found in one pass.
 */
import type { Segment, TemplateVariable } from '../model/types.js';

// Order matters: `{{...}}` before `{...}`; `{{{x}}}` (triple mustache) included.
export const VARIABLE = /\{\{\{\s*([A-Za-z_][\w.]*)\s*\}\}\}|\{\{\s*([#/^>&]?)\s*([A-Za-z_][\w.]*)((?:\s*\|[^}]*)?|[^}]*)\}\}|\$\{\s*([A-Za-z_][\w.]*)\s*\}|(?<![{\\$])\{([A-Za-z_][\w]*)(?:![rsa])?(?::[^{}\n]{0,20})?\}(?!\})/g;

/**
 * VARIABLE, sticky: tried only where a match can start. Every alternative
 * starts with "{" or "$", so the leftmost match at or after an offset is the
 * first such character where the sticky pattern matches; the global pattern
 * would read every character of a large text in between.
 */
const VARIABLE_AT = new RegExp(VARIABLE.source, 'y');

/** The next match of VARIABLE at or after `from` (what `VARIABLE.exec` finds with lastIndex `from`). */
function nextVariable(text: string, from: number): RegExpExecArray | null {
  let brace = text.indexOf('{', from);
  let dollar = text.indexOf('$', from);
  while (brace !== -1 || dollar !== -1) {
    const at = dollar === -1 || (brace !== -1 && brace < dollar) ? brace : dollar;
    VARIABLE_AT.lastIndex = at;
    const m = VARIABLE_AT.exec(text);
    if (m) return m;
    if (at === brace) brace = text.indexOf('{', at + 1);
    else dollar = text.indexOf('$', at + 1);
  }
  return null;
}

export function findVariables(seg: Segment): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const text = seg.text;
  if (!text.includes('{')) return out;
  // Matches are never empty, so each search goes on from the end of the last one.
  for (let m = nextVariable(text, 0); m; m = nextVariable(text, m.index + m[0].length)) {
    let name: string;
    let syntax: TemplateVariable['syntax'];
    if (m[1] !== undefined) {
      name = m[1];
      syntax = 'mustache';
    } else if (m[3] !== undefined) {
      // Section closers and partials name a section, not a value.
      if (m[2] === '/' || m[2] === '>') continue;
      name = m[3];
      const rest = m[4] ?? '';
      syntax = /\|/.test(rest) || /\(/.test(rest) || /\s(?:if|else|for|in)\s/.test(rest) ? 'jinja' : 'mustache';
    } else if (m[5] !== undefined) {
      name = m[5];
      syntax = 'dollar';
    } else {
      name = m[6]!;
      syntax = 'format';
    }
    const nameAt = m.index + m[0].indexOf(name);
    out.push({
      name,
      syntax,
      span: seg.sourceSpan(m.index, m.index + m[0].length),
      nameSpan: seg.sourceSpan(nameAt, nameAt + name.length),
    });
  }
  return out;
}
