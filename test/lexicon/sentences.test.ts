import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isClosingCode, sentenceAt, sentencesOf, type Sentence } from '../../server/src/lexicon/sentences.js';
import { FLAG_SENTENCE_START, tokenize, type Tokens } from '../../server/src/lexicon/tokens.js';

/** The sentence end as the regexes found it (before `isClosingCode`), from the first and one-past-last token. */
function referenceClose(t: Tokens, first: number, last: number): Sentence {
  let end = t.end[last - 1]!;
  const limit = last < t.count ? t.start[last]! : t.text.length;
  let question = false;
  while (end < limit) {
    const c = t.text[end]!;
    if (c === '\n' || c === '\r') break;
    if (c === '?') question = true;
    if (!/[?.!"'\u201d\u2019)\]\s…_]/.test(c)) break;
    end++;
  }
  while (end > t.end[last - 1]! && /\s/.test(t.text[end - 1]!)) end--;
  return { first, last, start: t.start[first]!, end, question };
}

function referenceSentences(t: Tokens): Sentence[] {
  const out: Sentence[] = [];
  let first = 0;
  for (let i = 1; i <= t.count; i++) {
    if (i === t.count || t.flags[i]! & FLAG_SENTENCE_START) {
      if (i > first) out.push(referenceClose(t, first, i));
      first = i;
    }
  }
  return out;
}

describe('sentences', () => {
  it('isClosingCode agrees with /[?.!"\'\\u201d\\u2019)\\]\\s…_]/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isClosingCode(c) !== /[?.!"'\u201d\u2019)\]\s…_]/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('sentencesOf and sentenceAt give the sentences the regex-based closing gave, for any text', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 5 }),
      fc.constantFrom('The nurse', ' she', 'Why are men', ' lazy', '?', '.', '!', '"', "'", '\u201d', '\u2019', ')', ']', '…', '_', ' ', '\u00a0', '\u2028', '\n', '\r', '\t', '?!', '. ', 'e.g.', '3.5'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        const t = tokenize(text);
        const want = referenceSentences(t);
        // A fresh Tokens, so the cache of sentencesOf is not what is tested.
        expect(sentencesOf(tokenize(text))).toEqual(want);
        for (let i = 0; i < t.count; i++) expect(sentenceAt(t, i)).toEqual(want.find((s) => s.first <= i && i < s.last));
      }),
      { numRuns: 400 },
    );
  });
});
