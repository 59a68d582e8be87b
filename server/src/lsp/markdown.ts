/**
 * Safe markdown for hovers. Everything that comes from the document (labels,
 * option text, model output) is untrusted: it is escaped so it renders as
 * literal text, and hovers are sent with `isTrusted: false` so no command link
 * can run. HTML is escaped too (VS Code renders a subset of HTML in markdown).
 */

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>&~"'=:$]/g;

/** Escape text for use inline in markdown: no formatting, links, HTML or entities survive. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(MARKDOWN_SPECIAL, (c) => {
      if (c === '<') return '&lt;';
      if (c === '>') return '&gt;';
      if (c === '&') return '&amp;';
      return `\\${c}`;
    });
}

/** Shorten long untrusted text before escaping it. */
export function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Text for a fenced code block: a fence longer than any backtick run inside. */
export function codeBlock(text: string, language = 'text'): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A link only for http(s) URLs from trusted metadata (rule sources); anything else is plain text. */
export function safeLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s()<>]+$/.test(url)) return escapeMarkdown(label);
  return `[${escapeMarkdown(label)}](${url})`;
}

/** A horizontal bar chart in a code block, e.g. `A  ████████  8`. */
export function barChart(counts: [string, number][], width = 20): string {
  if (counts.length === 0) return '';
  const max = Math.max(1, ...counts.map(([, n]) => n));
  const keyWidth = Math.max(...counts.map(([k]) => k.length));
  const numWidth = Math.max(...counts.map(([, n]) => String(n).length));
  const rows = counts.map(([k, n]) => {
    const bar = '█'.repeat(Math.round((n / max) * width));
    return `${k.padEnd(keyWidth)}  ${String(n).padStart(numWidth)}  ${bar}`;
  });
  return codeBlock(rows.join('\n'));
}
