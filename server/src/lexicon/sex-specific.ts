/**
 * Sex-specific terms (`server/data/sex_specific_terms.csv`): words of one sex's body, reproduction or
 * medicine ("pregnant", "menstrual", "antenatal"; "prostate", "testicular"), and a few two-word terms
 * whose first word alone is not ("cervical screening", not "cervical spine"). A person they are said
 * of, or a clinic they name, has that sex by the text, not by default.
 */
import { lazy, readDataCsv } from './data.js';
import { FLAG_SENTENCE_START, scanTokens, tokenLower, WordSet, type Tokens } from './tokens.js';

interface SexTerms {
  /** One-word terms. */
  words: WordSet;
  /** First words of two-word terms, and the terms ("cervical screening"). */
  firsts: WordSet;
  pairs: Set<string>;
}

const terms = lazy((): { female: SexTerms; male: SexTerms } => {
  const lists = { female: { words: [] as string[], firsts: [] as string[], pairs: new Set<string>() }, male: { words: [] as string[], firsts: [] as string[], pairs: new Set<string>() } };
  for (const r of readDataCsv('sex_specific_terms.csv')) {
    const sex = r.sex;
    if (sex !== 'female' && sex !== 'male') throw new Error(`sex_specific_terms.csv: sex must be female or male, not "${sex}" (term "${r.term}")`);
    const term = r.term!.trim().toLowerCase();
    const words = term.split(/\s+/);
    const list = lists[sex];
    if (words.length === 1) list.words.push(term);
    else if (words.length === 2) {
      list.firsts.push(words[0]!);
      list.pairs.add(words.join(' '));
    } else throw new Error(`sex_specific_terms.csv: "${r.term}" has more than two words`);
  }
  const make = (l: typeof lists.female): SexTerms => ({ words: new WordSet(l.words), firsts: new WordSet(l.firsts), pairs: l.pairs });
  return { female: make(lists.female), male: make(lists.male) };
});

/**
 * The number of tokens of a sex-specific term of that sex at token k (1 or 2), or 0: hash lookups,
 * the pair's string built only when its first word matches.
 */
export function sexTermAt(t: Tokens, k: number, female: boolean): number {
  const s = female ? terms().female : terms().male;
  if (s.words.has(t, k)) return 1;
  if (k + 1 < t.count && s.firsts.has(t, k) && !(t.flags[k + 1]! & FLAG_SENTENCE_START) && s.pairs.has(`${tokenLower(t, k)} ${tokenLower(t, k + 1)}`)) return 2;
  return 0;
}

/**
 * Whether `text` holds a sex-specific term of that sex ("antenatal", "prostate"). Scans the text's tokens:
 * for rare paths only (a finding about to be reported), not for every segment.
 */
export function hasSexTerm(text: string, female: boolean): boolean {
  const t = scanTokens(text);
  for (let k = 0; k < t.count; k++) if (sexTermAt(t, k, female) > 0) return true;
  return false;
}
