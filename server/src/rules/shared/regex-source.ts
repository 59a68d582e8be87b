/**
 * Regex sources rewritten into ones that match the same texts and that V8's irregexp runs faster.
 */

/** The end (one past the ")") of the group that opens at `open` in `source`. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unclosed group in /${source}/`);
}

/** The top-level alternatives of a regex source (split at each "|" outside groups and character classes). */
export function topAlternatives(source: string): string[] {
  const out: string[] = [];
  let from = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') i = groupEnd(source, i) - 1;
    else if (c === '|') {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

const QUANTIFIER = /^[?*+{]/;

/**
 * An alternative with its leading non-capturing group spread over the rest, recursively, so that each alternative
 * starts with what it matches first: "(?:a|bc)d" -> ["ad", "bcd"]; "(?:a)?b" -> ["ab", "b"]. A group with another
 * quantifier stays as it is.
 */
function spread(alternative: string): string[] {
  if (!alternative.startsWith('(?:')) return [alternative];
  const end = groupEnd(alternative, 0);
  const inner = topAlternatives(alternative.slice(3, end - 1));
  let rest = alternative.slice(end);
  let optional = false;
  if (rest.startsWith('?') && !QUANTIFIER.test(rest.slice(1))) {
    optional = true; // "(?:a)?b" (not lazy "(?:a)??b")
    rest = rest.slice(1);
  } else if (QUANTIFIER.test(rest)) return [alternative];
  const out = inner.flatMap((a) => spread(a + rest));
  if (optional) out.push(...spread(rest));
  return out;
}

/**
 * `source` (a regex source without capturing groups or backreferences: its groups are copied) with its top-level
 * alternatives regrouped by the character they start with: "my\s|most\s|(?:an?|one)\s" -> "m(?:y\s|ost\s)|a(?:n?\s)|o(?:ne\s)".
 * It matches the same texts (tested by `.test`, not at the same place: the alternatives' order changes), and where
 * most text cannot start any alternative irregexp rejects a position after one test per first character instead of
 * one per alternative. Alternatives that start otherwise (with an escape, a class, a quantified character or group)
 * follow unchanged.
 */
export function groupByFirstChar(source: string): string {
  const groups = new Map<string, string[]>();
  const others: string[] = [];
  for (const alternative of topAlternatives(source).flatMap(spread)) {
    const first = alternative[0];
    if (first !== undefined && /[A-Za-z0-9 ]/.test(first) && !QUANTIFIER.test(alternative.slice(1))) {
      const rests = groups.get(first);
      if (rests) rests.push(alternative.slice(1));
      else groups.set(first, [alternative.slice(1)]);
    } else others.push(alternative);
  }
  const grouped = [...groups].map(([first, rests]) => (rests.length === 1 ? first + rests[0] : `${first}(?:${rests.join('|')})`));
  return [...grouped, ...others].join('|');
}
