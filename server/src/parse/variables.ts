/**
 * Template variables: `{{ name }}` (mustache/handlebars/jinja expressions),
 * `{% ... %}` is not a variable, `{name}` (Python str.format / f-string style),
 * `${name}` (JS template / promptfoo nunjucks-less). Found in one pass.
 */
import type { Segment, TemplateVariable } from '../model/types.js';

// Order matters: `{{...}}` before `{...}`; `{{{x}}}` (triple mustache) included.
const VARIABLE = /\{\{\{\s*([A-Za-z_][\w.]*)\s*\}\}\}|\{\{\s*([#/^>&]?)\s*([A-Za-z_][\w.]*)((?:\s*\|[^}]*)?|[^}]*)\}\}|\$\{\s*([A-Za-z_][\w.]*)\s*\}|(?<![{\\$])\{([A-Za-z_][\w]*)(?:![rsa])?(?::[^{}\n]{0,20})?\}(?!\})/g;

export function findVariables(seg: Segment): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const text = seg.text;
  if (!text.includes('{')) return out;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(text); m; m = VARIABLE.exec(text)) {
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
