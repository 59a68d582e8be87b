import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import rule from '../../server/src/rules/recency-run';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { lint } from '../../server/src/engine/lint';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { applyFix, diagnosticsOf, ruleTester, spanText } from './helpers';

const LETTERS = 'ABCD';
function bbh(golds: number[]): string {
  const blocks = golds.map((g, i) =>
    [
      `Q: Question ${i + 1}?`,
      ...['w', 'x', 'y', 'z'].map((t, j) => `(${LETTERS[j]}) ${t}${i}`),
      `A: ${['w', 'x', 'y', 'z'][g]}${i} fits better than (${LETTERS[(g + 1) % 4]}). So the answer is (${LETTERS[g]}).`,
    ].join('\n'),
  );
  return [...blocks, 'Q: {{question}}\nA:'].join('\n\n');
}

const labels = (ls: string[]) => [...ls.map((l, i) => `Text: review ${i + 1}\nLabel: ${l}`), 'Text: {{review}}\nLabel:'].join('\n\n');

// Positive, Negative, then three Positive at the end (lines 0-1, 3-4, 6-7, 9-10, 12-13).
const labelRun = labels(['Negative', 'Positive', 'Negative', 'Positive', 'Positive', 'Positive']);

ruleTester(rule).run({
  valid: [
    { name: 'alternating letters', text: bbh([0, 1, 2, 3, 0, 1]) },
    { name: 'a run of two is not reported', text: bbh([1, 2, 3, 0, 0]) },
    { name: 'run in the middle, not at the end', text: bbh([0, 0, 0, 1, 2]) },
    { name: 'every demo the same: answer-position-skew reports it, not this rule', text: bbh([0, 0, 0, 0]) },
    { name: 'every label the same: label-imbalance reports it', text: labels(['Yes', 'Yes', 'Yes']) },
    { name: 'minRun raised', text: labelRun, options: { minRun: 4 } },
    {
      name: 'dataset records are not seen in order',
      uri: 'x.jsonl',
      text: ['no', 'yes', 'yes', 'yes'].map((l, i) => JSON.stringify({ input: `item ${i}`, label: l })).join('\n') + '\n',
    },
  ],
  invalid: [
    {
      name: 'the last three demos all answer (A)',
      text: bbh([1, 2, 0, 0, 0]),
      errors: [
        {
          messageId: 'letterRun',
          range: [33, 28, 33, 48],
          text: 'So the answer is (A)',
          severity: 'warning',
          data: { run: 3, n: 5, kind: 'letter', letter: 'A', exemplars: [2, 3, 4] },
        },
      ],
    },
    {
      name: 'the last three demos are labelled Positive',
      text: labelRun,
      errors: [{ messageId: 'labelRun', range: [16, 7, 16, 15], text: 'Positive', data: { run: 3, n: 6, kind: 'label', label: 'Positive', exemplars: [3, 4, 5] } }],
      // The last demo trades places with the nearest earlier demo of another label (review 3).
      output: [
        'Text: review 1\nLabel: Negative',
        'Text: review 2\nLabel: Positive',
        'Text: review 6\nLabel: Positive',
        'Text: review 4\nLabel: Positive',
        'Text: review 5\nLabel: Positive',
        'Text: review 3\nLabel: Negative',
        'Text: {{review}}\nLabel:',
      ].join('\n\n'),
    },
    {
      name: 'chat demos in a .prompty file',
      uri: 'x.prompty',
      text: [
        '---',
        'name: yes-no',
        '---',
        'system:',
        'Answer yes or no.',
        'user:',
        'Is water wet?',
        'assistant:',
        'No',
        'user:',
        'Is fire hot?',
        'assistant:',
        'Yes',
        'user:',
        'Is ice cold?',
        'assistant:',
        'Yes',
        'user:',
        'Is the sun bright?',
        'assistant:',
        'Yes',
        'user:',
        '{{question}}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'labelRun', range: [20, 0, 20, 3], data: { run: 3, label: 'Yes' } }],
    },
  ],
});

describe('recency-run: fixes', () => {
  it('moves the last lettered demo to the least-used letter and rewrites its citations', () => {
    const text = bbh([1, 2, 0, 0, 0]);
    const [d] = diagnosticsOf(rule, { text });
    const fixed = applyFix(text, d!);
    // D is unused, so the last demo's gold (A) w4 trades places with (D) z4.
    expect(fixed.split('\n\n')[4]).toBe('Q: Question 5?\n(A) z4\n(B) x4\n(C) y4\n(D) w4\nA: w4 fits better than (B). So the answer is (D).');
    expect(diagnosticsOf(rule, { text: fixed })).toEqual([]);
    expect(diagnosticsOf(answerPositionSkew, { text: fixed })).toEqual([]);
  });
});

describe('recency-run: property', () => {
  it('the letter fix always ends the run, keeps each demo correct and never creates a position skew', () => {
    let fired = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 5 }), (head, letter, run) => {
        const golds = [...head, ...Array<number>(run).fill(letter)];
        const text = bbh(golds);
        const [d] = diagnosticsOf(rule, { text });
        if (!d) return;
        fired++;
        const skewBefore = diagnosticsOf(answerPositionSkew, { text }).length;
        const fixed = applyFix(text, d);
        expect(diagnosticsOf(rule, { text: fixed })).toEqual([]);
        expect(diagnosticsOf(answerPositionSkew, { text: fixed }).length).toBeLessThanOrEqual(skewBefore);
        fixed
          .split('\n\n')
          .slice(0, golds.length)
          .forEach((block, i) => {
            const gold = /So the answer is \(([A-D])\)/.exec(block)![1]!;
            expect(block).toContain(`(${gold}) ${['w', 'x', 'y', 'z'][golds[i]!]}${i}\n`);
          });
      }),
      { numRuns: 200 },
    );
    expect(fired).toBeGreaterThan(50);
  });
});

describe('recency-run: answers given by position', () => {
  it('property: in a JSON demo list with MMLU index answers, the letter fix ends the run and keeps choices[answer] on each gold text', () => {
    let fired = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 5 }), (head, letter, run) => {
        const golds = [...head, ...Array<number>(run).fill(letter)];
        const examples = golds.map((answer, i) => ({ question: `Q${i}?`, choices: ['w', 'x', 'y', 'z'].map((t) => `${t}${i}`), answer }));
        const text = JSON.stringify({ examples }, null, 2);
        const [d] = diagnosticsOf(rule, { text, uri: 'x.prompt.json' });
        if (!d) return;
        fired++;
        expect(d.fixes).toHaveLength(1);
        const fixed = applyFix(text, d);
        expect(diagnosticsOf(rule, { text: fixed, uri: 'x.prompt.json' })).toEqual([]);
        const after = (JSON.parse(fixed) as { examples: { choices: string[]; answer: number }[] }).examples;
        expect(after.map((e) => e.choices[e.answer])).toEqual(golds.map((g, i) => `${['w', 'x', 'y', 'z'][g]}${i}`));
      }),
      { numRuns: 100 },
    );
    expect(fired).toBeGreaterThan(30);
  });

  it('offers no fix when the last demo writes its index as 2.0', () => {
    const examples = [0, 1, 2, 2, 2].map((a, i) => `  {"question": "Q${i}?", "choices": ["w${i}", "x${i}", "y${i}", "z${i}"], "answer": ${i === 4 ? '2.0' : a}}`);
    const text = `{"examples": [\n${examples.join(',\n')}\n]}`;
    const [d] = diagnosticsOf(rule, { text, uri: 'x.prompt.json' });
    expect(d!.data).toMatchObject({ run: 3, letter: 'C' });
    expect(d!.fixes).toEqual([]);
  });
});

describe('recency-run: interplay with the degenerate-set rules', () => {
  const run = (text: string) =>
    lint({ uri: 'x.prompt', text }, defaultConfig(), { rules: [rule, answerPositionSkew, labelImbalance] }).diagnostics.map((d) => d.ruleId);

  it('a degenerate letter set gets answer-position-skew only', () => {
    expect(run(bbh([0, 0, 0, 0]))).toEqual(['answer-position-skew']);
  });

  it('a degenerate label set gets label-imbalance only', () => {
    expect(run(labels(['Yes', 'Yes', 'Yes', 'Yes']))).toEqual(['label-imbalance']);
  });

  it('a run at the end of an otherwise mixed set gets recency-run', () => {
    expect(run(bbh([1, 2, 3, 0, 0, 0]))).toEqual(['recency-run']);
  });
});

describe('recency-run: engine integration', () => {
  it('is suppressed by comments and follows configured severity', () => {
    const lines = labelRun.split('\n');
    const md = [...lines.slice(0, 16), '<!-- biaslens-disable-next-line recency-run -->', ...lines.slice(16)].join('\n');
    expect(diagnosticsOf(rule, { text: md, uri: 'x.prompt.md' })).toEqual([]);
    expect(diagnosticsOf(rule, { text: '# biaslens-disable-file\n' + labelRun })).toEqual([]);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'recency-run': 'error' } });
    expect(diagnosticsOf(rule, { text: labelRun, config: cfg }).map((d) => d.severity)).toEqual(['error']);
    expect(rule.meta.options.parse({})).toEqual({ minRun: 3 });
  });
});

describe('recency-run: <example> demos with one-line <email> and <label> tags', () => {
  /** The recall repro recency-run-1: the last three of five demos are spam. */
  const mails = ['Hi Dana, attached is the signed contract.', 'Can we move our call to Thursday?', 'You have won a $1000 gift card!', 'Lose 20 pounds in 10 days.', 'Cheap meds, no prescription needed.'];
  const text =
    'Reply with exactly one word: spam or ham.\n\n' +
    mails.map((m, i) => `<example>\n<email>${m}</email>\n<label>${i < 2 ? 'ham' : 'spam'}</label>\n</example>\n`).join('') +
    '\n<email>{{email}}</email>\n';

  it('reports the run of three spam demos on the label inside the last <label> tag, and the fix trades whole demos', () => {
    const ds = diagnosticsOf(rule, { text });
    expect(ds.map((d) => d.message)).toEqual(['The last 3 demos are all labelled "spam"; models lean towards the label they saw last.']);
    expect(ds[0]!.range).toEqual({ start: { line: 20, character: 7 }, end: { line: 20, character: 11 } });
    expect(text.split('\n')[20]).toBe('<label>spam</label>');
    expect(spanText(text, ds[0]!)).toBe('spam');
    const fixed = applyFix(text, ds[0]!);
    expect(diagnosticsOf(rule, { text: fixed })).toEqual([]);
    // The tags stay balanced, and each mail keeps its own label.
    expect(fixed.match(/<example>\n<email>[^<]*<\/email>\n<label>(?:spam|ham)<\/label>\n<\/example>\n/g)).toHaveLength(5);
    expect(fixed).toContain('<email>Cheap meds, no prescription needed.</email>\n<label>spam</label>');
    expect(fixed).toContain('<email>Can we move our call to Thursday?</email>\n<label>ham</label>');
  });
});

describe('recency-run: chat-template control tokens end a label (s21 hunt12, controls k06)', () => {
  // Llama 2: the query slot "Label: [/INST]" is empty, not a demo labelled "[/INST]" that ends the run.
  const llama =
    '[INST] Label each dating-app message safe, scam or harassment.\n\n' +
    ['safe', 'harassment', 'safe', 'scam', 'scam', 'scam'].map((l, i) => `Message: "message ${i + 1}"\nLabel: ${l}`).join('\n\n') +
    '\n\nMessage: "{{message}}"\nLabel: [/INST]\n';
  // ChatML with the label and <|im_end|> on one line.
  const chatml =
    '<|im_start|>system\nClassify the review as positive or negative.<|im_end|>\n' +
    ['positive', 'negative', 'negative', 'negative'].map((l, i) => `<|im_start|>user\nReview: review ${i + 1}\nLabel: ${l}<|im_end|>\n`).join('') +
    '<|im_start|>user\nReview: {{review}}\nLabel:<|im_end|>\n';

  it('reports the run before a Llama [/INST] query slot', () => {
    const ds = diagnosticsOf(rule, { text: llama });
    expect(ds.map((d) => d.message)).toEqual(['The last 3 demos are all labelled "scam"; models lean towards the label they saw last.']);
    expect(spanText(llama, ds[0]!)).toBe('scam');
  });

  it('reads "Label: negative<|im_end|>" as the label "negative", with its range', () => {
    const ds = diagnosticsOf(rule, { text: chatml });
    expect(ds.map((d) => d.message)).toEqual(['The last 3 demos are all labelled "negative"; models lean towards the label they saw last.']);
    expect(spanText(chatml, ds[0]!)).toBe('negative');
    // The same prompt without the tokens is read as before.
    const plain = chatml.replace(/<\|im_(?:start|end)\|>(?:user|system)?\n?/g, '\n');
    expect(diagnosticsOf(rule, { text: plain }).map((d) => spanText(plain, d))).toEqual(['negative']);
  });
});
