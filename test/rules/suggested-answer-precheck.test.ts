// suggested-answer's pre-check (mayHaveCue) runs its regexes with their alternatives grouped by first letter
// (groupByFirstChar): it must let through exactly the texts the plain regexes let through.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANY_WORD_CUE, ANY_WORD_OR_OPTION_CUE, mayHaveCue } from '../../server/src/rules/suggested-answer';
import { groupByFirstChar, topAlternatives } from '../../server/src/rules/shared/regex-source';
import type { OptionItem } from '../../server/src/model/types';
// @ts-expect-error: a plain .mjs module without types
import { jsonlCorpus, textCorpus } from '../../bench/corpus.mjs';

const TWO_OPTIONS = [{ letter: 'A' }, { letter: 'B' }] as unknown as OptionItem[];
const ONE_OPTION = [{ letter: 'A' }] as unknown as OptionItem[];
/** The plain pre-check: the tag question hasTagQuestion stands for, then the regex with its alternatives as written. */
const TAG_QUESTION = /(?:right|correct|isn't\s+it)\s*\?/i;
function plainMayHaveCue(text: string, options: readonly OptionItem[]): boolean {
  return TAG_QUESTION.test(text) || (options.length >= 2 ? ANY_WORD_OR_OPTION_CUE : ANY_WORD_CUE).test(text);
}
function expectSame(text: string) {
  for (const options of [[], ONE_OPTION, TWO_OPTIONS]) expect(mayHaveCue(text, options), JSON.stringify(text)).toBe(plainMayHaveCue(text, options));
}

/** The words the alternatives are made of (and near misses), in several cases. */
const WORDS = (
  "I i I'm is not it the n't isn't don't NOT my My MY our Our one One a A an An expert experts professor doctor doctors scientist " +
  'specialist researcher hint Hint surely obviously picked chose went with voted for seems looks feels sounds like right correct ' +
  'best pretty fairly quite almost sure certain every everyone Everybody most many other all people students else classmates ' +
  'answer key sheet official solution solutions manual mark marking scheme textbook textbooks guess opinion honest gut money tech ' +
  'lead says say thinks insist swears by that option choice teacher friend old geography TA 90 9 100 1000 % ( ) : , . ? - _ x é ſ K myself ' +
  'anyone mine ours alone onex isx mys almostsure'
).split(' ');
const SEPARATORS = ['', ' ', ' ', ' ', '  ', '\n', '\t', '\u00a0', "'", ',', '-'];
const piece = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(...WORDS).map((w) => w.toUpperCase()),
  fc.constantFrom(...WORDS).map((w) => w.slice(0, 1).toUpperCase() + w.slice(1)),
  fc.constantFrom("isn't it ", "don't\tthe ", "ISN'T IT\n", 'is not the ', '90% sure', '5 % certain', 'my tech lead says it', 'a friend', 'my old professor'),
);
const text = fc.array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 14 }).map((ps) => ps.map(([w, s]) => w + s).join(''));

describe('suggested-answer pre-check (mayHaveCue)', () => {
  it('lets through exactly the texts the plain regexes let through (generated texts)', () => {
    fc.assert(fc.property(text, (t) => expectSame(t)), { numRuns: 3000 });
  });

  it('lets through exactly the texts the plain regexes let through (test strings, examples, bench corpora)', () => {
    const here = __dirname;
    const texts: string[] = [];
    for (const f of readdirSync(here)) if (f.startsWith('suggested-answer')) texts.push(...readFileSync(path.join(here, f), 'utf8').split('\n'));
    const examples = path.join(here, '../../examples');
    for (const f of readdirSync(examples)) texts.push(...readFileSync(path.join(examples, f), 'utf8').split(/\n\s*\n|\n(?=\{)/));
    texts.push(...String(textCorpus(1 << 15)).split('\n\n'), ...String(jsonlCorpus(1 << 15)).split('\n'));
    let passed = 0;
    for (const t of texts) {
      expectSame(t);
      if (plainMayHaveCue(t, TWO_OPTIONS)) passed++;
    }
    // The strings hold cues (the suggested-answer tests' wordings) as well as ordinary text.
    expect(passed).toBeGreaterThan(300);
    expect(passed).toBeLessThan(texts.length / 2);
  });
});

describe('groupByFirstChar', () => {
  it('splits at top-level "|" only', () => {
    expect(topAlternatives(String.raw`a(?:b|c)|[|]d|\|e|`)).toEqual(['a(?:b|c)', '[|]d', String.raw`\|e`, '']);
  });

  it('spreads leading groups and groups the alternatives by first character', () => {
    expect(groupByFirstChar(String.raw`my\s|most\s|(?:an?|one)\s`)).toBe(String.raw`m(?:y\s|ost\s)|an?\s|one\s`);
    expect(groupByFirstChar(String.raw`(?:official\s+)?solutions?|(?:my|our)\s+x|\d{1,3}%|a*b|(?:a|b)+c|x`)).toBe(
      String.raw`o(?:fficial\s+solutions?|ur\s+x)|solutions?|my\s+x|x|\d{1,3}%|a*b|(?:a|b)+c`,
    );
  });

  it('matches the same texts as the source it regroups', () => {
    const atom = fc.constantFrom('a', 'b', 'ab', 'ba', 'a?', 'b*', '\\s', '[ab]', '\\d', '(?:a|b)', '(?:ab)?', '(?:a|)', '(?:a|b)+', 'x', '');
    const alternative = fc.array(atom, { maxLength: 4 }).map((as) => as.join(''));
    const source = fc.array(fc.oneof(alternative, alternative.map((a) => `(?:${a}|ba)?b`), alternative.map((a) => `(?:${a}|a)x`)), { minLength: 1, maxLength: 5 }).map((as) => as.join('|'));
    fc.assert(
      fc.property(source, fc.stringMatching(/^[abx 1]{0,8}$/), (src, s) => {
        const grouped = groupByFirstChar(src);
        expect(new RegExp(`^(?:${grouped})$`).test(s), `${src} -> ${grouped} on ${JSON.stringify(s)}`).toBe(new RegExp(`^(?:${src})$`).test(s));
      }),
      { numRuns: 3000 },
    );
  });
});
