/**
 * Small text tests that stand in for end-anchored regexes, which V8 runs forwards from
 * every character of the text: these look back from the end instead.
 */

/**
 * Whether `text` has `word` just before `at`, its ASCII letters in either case, as a regex
 * with the i flag (and without u) matches them; `word` is lower case, other characters are
 * matched as they are.
 */
export function endsWithWord(text: string, at: number, word: string): boolean {
  const from = at - word.length;
  if (from < 0) return false;
  for (let i = 0; i < word.length; i++) {
    const w = word.charCodeAt(i);
    const c = text.charCodeAt(from + i);
    if (c !== w && !(w >= 97 && w <= 122 && c === w - 32)) return false;
  }
  return true;
}

/** The word of `words` that `text` has just before `at` (see `endsWithWord`), or undefined. */
export function endingWord(text: string, at: number, words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) if (endsWithWord(text, at, words[i]!)) return words[i];
  return undefined;
}

/** Whether `s[i]` is a letter or a digit (false past the end). */
export function isAlnumAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /[\p{L}\p{N}]/u.test(s[i]!);
}
