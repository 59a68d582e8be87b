import { describe, expect, it } from 'vitest';
import { tokenize } from '../../server/src/lexicon/tokens.js';
import { hasSexTerm, sexTermAt } from '../../server/src/lexicon/sex-specific.js';

/** [token text, length of the term there] for every token that starts a term of that sex. */
function terms(text: string, female: boolean): [string, number][] {
  const t = tokenize(text);
  const out: [string, number][] = [];
  for (let k = 0; k < t.count; k++) {
    const n = sexTermAt(t, k, female);
    if (n > 0) out.push([text.slice(t.start[k]!, t.end[k + n - 1]!), n]);
  }
  return out;
}

describe('sexTermAt (server/data/sex_specific_terms.csv)', () => {
  it('finds one-word terms of the asked sex only, in any case', () => {
    expect(terms('Is she Pregnant or breastfeeding? Any PROSTATE symptoms?', true)).toEqual([
      ['Pregnant', 1],
      ['breastfeeding', 1],
    ]);
    expect(terms('Is she Pregnant or breastfeeding? Any PROSTATE symptoms?', false)).toEqual([['PROSTATE', 1]]);
    expect(terms('pregnancy-related absence', true)).toEqual([['pregnancy', 1]]);
  });

  it('finds a two-word term only with both words in one sentence', () => {
    expect(terms('Due for cervical screening soon.', true)).toEqual([['cervical screening', 2]]);
    expect(terms('Has cervical spine pain.', true)).toEqual([]);
    expect(terms('Check the cervical. Screening is later.', true)).toEqual([]);
  });
});

describe('hasSexTerm', () => {
  it('says whether a text holds a term of that sex, two-word terms included', () => {
    expect(hasSexTerm('Summarise the antenatal visit note.', true)).toBe(true);
    expect(hasSexTerm('Summarise the antenatal visit note.', false)).toBe(false);
    expect(hasSexTerm('Book her cervical screening.', true)).toBe(true);
    expect(hasSexTerm('An MRI of the cervical spine.', true)).toBe(false);
    expect(hasSexTerm('PSA after the prostate biopsy', false)).toBe(true);
    expect(hasSexTerm('', true)).toBe(false);
  });
});
