import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import rule, { optionLength } from '../../server/src/rules/option-length-cue';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { poissonBinomialUpperTail } from '../../server/src/stats/exact';
import { diagnosticsOf, ruleTester, spanText } from './helpers';

const LETTERS = 'ABCD';
function demos(items: { options: string[]; gold: number }[]): string {
  return [
    ...items.map((d, i) =>
      [`Q: Question ${i + 1}?`, ...d.options.map((o, j) => `(${LETTERS[j]}) ${o}`), `A: So the answer is (${LETTERS[d.gold]}).`].join('\n'),
    ),
    'Q: {{question}}\nA:',
  ].join('\n\n');
}

const LONG = 'a much longer and more careful option';
/** Six demos whose gold is the long option, at positions B, C, B, C, B, C (never an edge). */
const longest = demos([1, 2, 1, 2, 1, 2].map((g) => ({ options: ['short', 'brief', 'terse', 'small'].map((o, j) => (j === g ? LONG : o)), gold: g })));
/**
 * Eight demos whose gold alternates first/last, options of equal length. Each demo has its own texts: with
 * the same list in every demo the gold letter would be a label, which the rule leaves alone (fixedOptionList).
 */
const edges = demos([0, 3, 0, 3, 0, 3, 0, 3].map((g, i) => ({ options: [`w${i}yz`, `a${i}cd`, `e${i}gh`, `i${i}kl`], gold: g })));

ruleTester(rule).run({
  valid: [
    {
      name: 'gold options of ordinary length in middle positions',
      text: demos([1, 2, 1, 2, 1, 2].map((g, i) => ({ options: ['one', 'three', 'fives', `s${i}`], gold: g }))),
    },
    { name: 'too few demos', text: demos([1, 2, 1].map((g) => ({ options: ['s', 's', 's', 's'].map((o, j) => (j === g ? LONG : o)), gold: g }))) },
    { name: 'check option excludes the cue', text: longest, options: { check: ['edge'] } },
    // Every gold is (A): answer-position-skew's finding, not repeated here as an edge cue.
    { name: 'all (A) is left to answer-position-skew', text: demos(Array.from({ length: 6 }, () => ({ options: ['wxyz', 'abcd', 'efgh', 'ijkl'], gold: 0 }))) },
  ],
  invalid: [
    {
      name: 'the gold is always the longest option',
      text: longest,
      errors: [
        {
          messageId: 'longest',
          range: [2, 0, 2, 41],
          text: `(B) ${LONG}`,
          data: { kind: 'longest', longestCount: 6, edgeCount: 0, n: 6, expectedLongest: 1.5, exemplars: [0, 1, 2, 3, 4, 5] },
          fix: false,
        },
      ],
    },
    {
      name: 'the gold is always first or last',
      text: edges,
      errors: [{ messageId: 'edge', range: [1, 0, 1, 8], text: '(A) w0yz', data: { kind: 'edge', edgeCount: 8, n: 8, expectedEdge: 4, longestCount: 0 } }],
    },
  ],
});

describe('option-length-cue: statistics', () => {
  it('uses per-demo chances: 1/k for a unique longest option, 0 on ties, 2/k for edges', () => {
    const [d] = diagnosticsOf(rule, { text: longest });
    expect(d!.data.pValue).toBeCloseTo(2 * 0.25 ** 6, 15);
    const [e] = diagnosticsOf(rule, { text: edges });
    expect(e!.data.pValue).toBeCloseTo(2 * poissonBinomialUpperTail(new Array(8).fill(0.5), 8), 15);
    // With ties for longest, no demo can have a strictly longest gold: the longest test has nothing to find.
    const tied = demos([1, 2, 1, 2, 1, 2].map((g, i) => ({ options: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], gold: g })));
    expect(diagnosticsOf(rule, { text: tied })).toEqual([]);
  });

  it('reports both cues in one diagnostic', () => {
    const text = demos([0, 3, 0, 3, 0, 3, 0, 3].map((g) => ({ options: ['s', 't', 'u', 'v'].map((o, j) => (j === g ? LONG : o)), gold: g })));
    const [d] = diagnosticsOf(rule, { text });
    expect(d!.data).toMatchObject({ kind: 'both', longestCount: 8, edgeCount: 8 });
    expect(d!.severity).toBe('error');
  });
});

describe('option-length-cue: the same options in every demo', () => {
  // The precision hunt's repro (hunt4 option-length-cue-1): rubric records whose top band is simply the longest text,
  // gold A in 5 of 6: "gold option is the longest in 5 of 6 demos" (p = 0.036). The letter there is a label, not a choice.
  const topics = ['the sky is blue', 'ice floats', 'metals conduct', 'bread rises', 'salt melts ice', 'we have seasons'];
  const records = (bands: (i: number) => string[]) =>
    topics
      .map((t, i) => JSON.stringify({ question: `Explain why ${t}.`, response: '(student response)', A: bands(i)[0], B: bands(i)[1], C: bands(i)[2], answer: i === 5 ? 'C' : 'A' }))
      .join('\n') + '\n';

  it('gives nothing for a fixed rubric', () => {
    expect(diagnosticsOf(rule, { text: records(() => ['Correct and complete', 'Partly correct', 'Incorrect']), uri: 'x.jsonl' })).toEqual([]);
  });

  it('still reports when the options differ between demos', () => {
    const text = records((i) => [`Correct and complete, case ${i}`, `Partly correct ${i}`, `Incorrect ${i}`]);
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ kind: 'longest', longestCount: 5, n: 6 });
  });
});

describe('option-length-cue: engine integration', () => {
  it('is suppressed by comments and follows configured severity', () => {
    // A comment line inside an option list would split the list, so use a block around the demos.
    const md = '<!-- biaslens-disable option-length-cue -- lengths are intended -->\n' + longest;
    expect(diagnosticsOf(rule, { text: md, uri: 'x.prompt.md' })).toEqual([]);
    const other = '<!-- biaslens-disable answer-position-skew -->\n' + longest;
    expect(diagnosticsOf(rule, { text: other, uri: 'x.prompt.md' })).toHaveLength(1);
    expect(diagnosticsOf(rule, { text: '# biaslens-disable-file option-length-cue\n' + longest })).toEqual([]);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'option-length-cue': 'info' } });
    expect(diagnosticsOf(rule, { text: longest, config: cfg }).map((d) => d.severity)).toEqual(['info']);
    expect(rule.meta.options.parse({})).toEqual({ alpha: 0.05, minExemplars: 5, check: ['longest', 'edge'] });
  });
});

describe('option-length-cue: perceived option length', () => {
  /** The definition: white space (space, \t-\r, NBSP) trimmed, inner runs counted once. */
  const reference = (t: string) => t.replace(/^[ \t-\r\u00a0]+|[ \t-\r\u00a0]+$/g, '').replace(/[ \t-\r\u00a0]+/g, ' ').length;
  it('counts what a reader sees, with or without uneven white space', () => {
    expect(optionLength('Paris')).toBe(5);
    expect(optionLength('New  York \t')).toBe(8);
    expect(optionLength('\u00a0a\u2003b ')).toBe(3); // an em space is text here, as before
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'B', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', 'é'), { maxLength: 12 }), (parts) => {
        const t = parts.join('');
        expect(optionLength(t)).toBe(reference(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('option-length-cue: inline options without brackets', () => {
  it('reports the recall repro (option-length-cue-1): "Choices: A. …  B. …" with the gold always the longest', () => {
    const demo = (q: string, opts: string[], gold: number) => `Question: ${q}\nChoices: ${opts.map((o, i) => `${'ABCD'[i]}. ${o}`).join('  ')}\nAnswer: ${'ABCD'[gold]}\n`;
    const text = [
      demo('When may you use your horn while stationary?', ['To greet a friend', 'When another road user poses a danger and you need to warn them', 'At night', 'Never'], 1),
      demo('What should you do at a zebra crossing with pedestrians waiting?', ['Speed up', 'Flash your lights', 'Slow down and be prepared to stop to let them cross safely', 'Sound the horn'], 2),
      demo('What does a red and white triangle sign usually mean?', ['It warns of a hazard or change in road conditions ahead that drivers must watch for', 'Parking', 'Speed limit', 'Motorway'], 0),
      demo('What is the safest way to overtake a cyclist?', ['Quickly', 'Close to the kerb', 'With the horn', 'Leave at least 1.5 metres of space and pass at a low, steady speed'], 3),
      demo('Why should you check your mirrors before signalling?', ['To see your hair', 'To know what is behind and beside you before you change speed or direction', 'It is optional', 'For passengers'], 1),
      demo('What should you do in fog?', ['Use full beam', 'Drive close to the car ahead', 'Use dipped headlights, slow down and leave a larger gap to the car in front', 'Turn off lights'], 2),
    ].join('\n');
    const ds = diagnosticsOf(rule, { text });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ kind: 'longest', longestCount: 6, n: 6 });
    expect(ds[0]!.severity).toBe('error');
    expect(spanText(text, ds[0]!)).toBe('B. When another road user poses a danger and you need to warn them');
    // Prose with a capital A before a full stop is no option list: the same demos with the options written so give nothing.
    const prose = text.replace(/Choices: A\. /g, 'Choices are listed in Plan A. ');
    expect(diagnosticsOf(rule, { text: prose })).toEqual([]);
  });
});
