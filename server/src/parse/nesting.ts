/**
 * A guard against nesting too deep for the recursive parsers.
 *
 * `jsonc-parser`'s tree and the `yaml` package's composer recurse once per level of nested
 * brackets, and so do the code that walks their trees (zod, `structuredClone`, `toJS`). A
 * file of a few thousand `[` overflows the stack. Catching that RangeError is not enough: an
 * overflow can also hit V8 inside its own work (compiling a regular expression while the stack
 * is nearly full), and that is a fatal error that ends the process with nothing printed (seen
 * linting a folder of such files: "RegExpCompiler Allocation failed - process out of memory",
 * exit 134). So such a text is refused before any recursive parser sees it.
 */

import { isAlnumOrNonAsciiCode } from '../model/segment.js';

/**
 * Deeper flow nesting than this is refused. Real data nests a few levels; the tree the rules
 * read is cut at 64 levels anyway (see `MAX_DEPTH`); the `yaml` package overflowed at about
 * 800 levels of `[` on Node 20.
 */
export const MAX_PARSE_DEPTH = 256;

/**
 * Where `text` first nests brackets (`[`, `{`) more than `limit` levels deep, or -1. Strings
 * in double quotes (with backslash escapes) and, for YAML, in single quotes and after a `#`
 * comment mark are skipped, so brackets written inside them do not count. Unbalanced closing
 * brackets are ignored. A count, not a parse: it may over-count brackets in YAML plain scalars,
 * which only matters past `limit` of them.
 */
export function tooDeepAt(text: string, yaml: boolean, limit = MAX_PARSE_DEPTH, start = 0, end = text.length): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34) {
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (yaml && c === 39 && (i === start || !isAlnumOrNonAsciiCode(text.charCodeAt(i - 1)))) {
      // A single-quoted YAML scalar ('' is a quote inside it); an apostrophe inside a word is text.
      for (i++; i < end; i++) {
        if (text.charCodeAt(i) === 39) {
          if (text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
      }
    } else if (yaml && c === 35 && (i === start || isSpaceCode(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 || eol >= end ? end : eol;
    }
  }
  return -1;
}


function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The message for text refused by `tooDeepAt`. */
export function tooDeepMessage(what: string, limit = MAX_PARSE_DEPTH): string {
  return `${what}: brackets nested more than ${limit} levels deep; not parsed`;
}
