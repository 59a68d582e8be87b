import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import rule, { optionLength } from '../../server/src/rules/option-length-cue';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { poissonBinomialUpperTail } from '../../server/src/stats/exact';
import { lint } from '../../server/src/engine/lint';
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

describe('option-length-cue: an edge cue that is a gold-letter skew is left to answer-position-skew', () => {
  // The hunt10 repro (r4-position-skew-also-edge-cue.jsonl): 10 of 12 golds (A), 2 (B). answer-position-skew reports the
  // letter; the edge test saw the same golds as "first or last in 10 of 12" (p = 0.039) and reported them again.
  const r4 = [
    ['Which port does HTTPS use by default?', ['443', '80', '21', '8080'], 'A'],
    ["Which Python keyword defines a generator function's output?", ['yield', 'return', 'async', 'lambda'], 'A'],
    ['Which data format uses key-value pairs in braces?', ['JSON', 'CSV', 'TSV', 'INI'], 'A'],
    ['What does CPU stand for?', ['Central processing unit', 'Computer personal unit', 'Core power unit', 'Central peripheral unit'], 'A'],
    ['Which command lists files in a Unix directory?', ['ls', 'cd', 'rm', 'mv'], 'A'],
    ['Which company created the Java language?', ['Oracle', 'Sun Microsystems', 'Microsoft', 'IBM'], 'B'],
    ['Which of these is a NoSQL database?', ['MongoDB', 'PostgreSQL', 'MySQL', 'SQLite'], 'A'],
    ['What is 2 to the power of 10?', ['1024', '1000', '512', '2048'], 'A'],
    ['Which tag creates a hyperlink in HTML?', ['<a>', '<link>', '<href>', '<p>'], 'A'],
    ['Which layer of the OSI model handles routing?', ['Transport', 'Network', 'Session', 'Data link'], 'B'],
    ['Which symbol starts a comment in Python?', ['#', '//', '--', '/*'], 'A'],
    ['Which algorithm finds shortest paths with non-negative weights?', ["Dijkstra's algorithm", "Kruskal's algorithm", "Prim's algorithm", 'Depth-first search'], 'A'],
  ]
    .map(([prompt, options, answer]) => JSON.stringify({ prompt, options, correct_answer: answer, difficulty: 'easy' }))
    .join('\n') + '\n';
  const IDS = ['answer-position-skew', 'option-length-cue'];
  /** Both rules' findings with the whole registry, as the CLI and the editor run it. */
  const findings = (text: string, uri: string, rules: Record<string, unknown> = {}) =>
    lint({ uri, text }, mergeConfig(defaultConfig(), { rules } as never))
      .diagnostics.filter((d) => IDS.includes(d.ruleId))
      .sort((a, b) => IDS.indexOf(a.ruleId) - IDS.indexOf(b.ruleId));
  const apsOff = mergeConfig(defaultConfig(), { rules: { 'answer-position-skew': 'off' } });

  it('reports the repro once, as answer-position-skew', () => {
    const ds = findings(r4, 'r4.jsonl');
    expect(ds.map((d) => [d.ruleId, d.data.letter])).toEqual([['answer-position-skew', 'A']]);
  });

  it('reports the edge cue when answer-position-skew is off, or does not report the skew with its own options', () => {
    const expected = { kind: 'edge', edgeCount: 10, n: 12, expectedEdge: 6 };
    const off = findings(r4, 'r4.jsonl', { 'answer-position-skew': 'off' });
    expect(off.map((d) => d.ruleId)).toEqual(['option-length-cue']);
    expect(off[0]!.data).toMatchObject(expected);
    expect(off[0]!.data.pValue).toBeCloseTo(2 * poissonBinomialUpperTail(new Array(12).fill(0.5), 10), 15); // 0.0386
    // The same through the rule tester's config (the rule run alone reads the other rule's setting from the config).
    expect(diagnosticsOf(rule, { text: r4, uri: 'r4.jsonl', config: apsOff }).map((d) => d.data.kind)).toEqual(['edge']);
    // On, but with an alpha its skew (p = 1.1e-5) does not pass: nothing reports the letters, so the edge cue is reported.
    const strict = findings(r4, 'r4.jsonl', { 'answer-position-skew': ['warning', { alpha: 1e-6 }] });
    expect(strict.map((d) => d.ruleId)).toEqual(['option-length-cue']);
    // Too few demos for answer-position-skew's minExemplars: likewise.
    expect(findings(r4, 'r4.jsonl', { 'answer-position-skew': ['warning', { minExemplars: 13 }] }).map((d) => d.ruleId)).toEqual(['option-length-cue']);
  });

  it('reports a set whose golds are all (A) as an edge cue only when answer-position-skew is off', () => {
    const allA = demos(Array.from({ length: 6 }, (_, i) => ({ options: [`w${i}yz`, `a${i}cd`, `e${i}gh`, `i${i}kl`], gold: 0 })));
    expect(findings(allA, 'x.prompt').map((d) => d.ruleId)).toEqual(['answer-position-skew']);
    expect(diagnosticsOf(rule, { text: allA, config: apsOff }).map((d) => d.data)).toMatchObject([{ kind: 'edge', edgeCount: 6, n: 6 }]);
  });

  it('still reports an edge cue that is no letter skew: golds alternating (A) and (D)', () => {
    // 4 of 8 golds (A) and 4 (D): each letter's excess is p = 4 x 0.114 = 0.45 for answer-position-skew, while
    // first-or-last in 8 of 8 is p = 2 x 0.5^8 = 0.0078. The letter test splits the evidence over two letters.
    const ds = findings(edges, 'x.prompt');
    expect(ds.map((d) => [d.ruleId, d.data.kind])).toEqual([['option-length-cue', 'edge']]);
  });

  it('keeps the length cue of a set whose edge cue it leaves to answer-position-skew', () => {
    // Golds (A) in 9 of 10 demos, and always the long option.
    const text = demos([0, 0, 0, 0, 1, 0, 0, 0, 0, 0].map((g) => ({ options: ['s', 't', 'u', 'v'].map((o, j) => (j === g ? LONG : o)), gold: g })));
    const ds = findings(text, 'x.prompt');
    expect(ds.map((d) => [d.ruleId, d.data.kind ?? d.data.letter])).toEqual([
      ['answer-position-skew', 'A'],
      ['option-length-cue', 'longest'],
    ]);
    expect(ds[1]!.message).toBe('The gold option is the longest option in 10 of 10 demos (2.5 expected by chance; p < 0.001).');
    expect(ds[1]!.data).toMatchObject({ longestCount: 10, edgeCount: 9, n: 10 });
    expect(diagnosticsOf(rule, { text, config: apsOff }).map((d) => d.data.kind)).toEqual(['both']);
  });

  it('reports an edge cue that the reported letter skew does not explain', () => {
    // Golds (C) in all 20 three-option demos (the last option there) and in one four-option demo (a middle option
    // there): answer-position-skew reports (C). The other 20 four-option demos alternate (A) and (D): an edge cue of
    // their own, which rebalancing (C) would not remove. Not every (C) demo is at an edge, so the cue is reported.
    const items = [
      ...Array.from({ length: 20 }, (_, i) => ({ options: [`a${i}`, `b${i}`, `c${i}`], gold: 2 })),
      { options: ['e', 'f', 'g', 'h'], gold: 2 },
      ...Array.from({ length: 20 }, (_, i) => ({ options: [`i${i}`, `j${i}`, `k${i}`, `l${i}`], gold: i % 2 ? 3 : 0 })),
    ];
    const ds = findings(demos(items), 'x.prompt');
    expect(ds.map((d) => [d.ruleId, d.data.letter ?? d.data.kind])).toEqual([
      ['answer-position-skew', 'C'],
      ['option-length-cue', 'edge'],
    ]);
    expect(ds[1]!.data).toMatchObject({ edgeCount: 40, n: 41 });
    // Without the middle (C), every (C) gold is an edge one, and the whole edge count is left to the letter skew, the
    // (A)/(D) demos' share included: a documented limit (rebalancing the letters, then linting again, shows what is left).
    expect(findings(demos(items.filter((d) => d.options.length === 3 || d.gold !== 2)), 'x.prompt').map((d) => d.ruleId)).toEqual(['answer-position-skew']);
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
    expect(rule.meta.options.parse({})).toEqual({ alpha: 0.05, minExemplars: 5, minExcess: 0.05, check: ['longest', 'edge'] });
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

describe('option-length-cue: an effect-size floor next to the p-value (large datasets)', () => {
  /** MMLU-style JSONL of four equal-length options (no strict longest); `edge` of `n` golds first or last, spread over A/D and B/C. */
  const records = (n: number, edge: number) =>
    Array.from({ length: n }, (_, i) => {
      const g = i < edge ? (i % 2 ? 3 : 0) : i % 2 ? 2 : 1;
      return JSON.stringify({ question: `Which value is ${i}?`, choices: ['w', 'x', 'y', 'z'].map((c) => `${c}${String(i).padStart(4, '0')}`), answer: g });
    }).join('\n') + '\n';

  it('does not report a significant but trivial edge excess: 53% of 2,000 records at an edge (50% by chance)', () => {
    const text = records(2000, 1060);
    expect(diagnosticsOf(rule, { text, uri: 'x.jsonl' })).toEqual([]);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl', options: { minExcess: 0 } });
    expect(d!.data).toMatchObject({ kind: 'edge', edgeCount: 1060, n: 2000, expectedEdge: 1000 });
    expect(d!.data!.pEdge as number).toBeLessThan(0.05);
  });

  it('still reports a real one: 60% of 2,000 records at an edge', () => {
    // With four options such an edge excess is also a letter skew (A in 30%), which answer-position-skew reports
    // when it is on; with it off, the edge cue is reported here.
    const config = mergeConfig(defaultConfig(), { rules: { 'answer-position-skew': 'off' } } as never);
    const [d] = diagnosticsOf(rule, { text: records(2000, 1200), uri: 'x.jsonl', config });
    expect(d!.data).toMatchObject({ kind: 'edge', edgeCount: 1200, n: 2000 });
  });

  it('measures the longest cue over the demos with a strict longest option', () => {
    // 1,000 records with a strict longest option, the gold longest in 330 (33%, 25% by chance), and 1,000 with
    // equal lengths (no cue possible): over all 2,000 the excess would look like 4 points; it is 8.
    const lines = Array.from({ length: 2000 }, (_, i) => {
      const g = i % 4;
      const tag = String(i).padStart(4, '0');
      const choices = ['w', 'x', 'y', 'z'].map((c) => `${c}${tag}`);
      if (i < 1000) {
        const long = i < 330 ? g : (g + 1 + (i % 3)) % 4;
        choices[long] = `${choices[long]} and more`;
      }
      return JSON.stringify({ question: `Which value is ${i}?`, choices, answer: g });
    });
    const text = lines.join('\n') + '\n';
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ kind: 'longest', expectedLongest: 250 });
    expect(diagnosticsOf(rule, { text, uri: 'x.jsonl', options: { minExcess: 0.09 } })).toEqual([]);
  });
});
