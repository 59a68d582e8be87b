import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/rationale-answer-mismatch';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { diagnosticsOf, ruleTester } from './helpers';

const mismatch = [
  'Q: Which unit measures force?', // 0
  'Answer choices:',
  '(A) Newton',
  '(B) Joule',
  '(C) Watt',
  "A: Let's think step by step. A joule measures energy and a watt measures power, so the correct option is (B). So the answer is (A).", // 5
  '',
  'Q: {{question}}',
  'A:',
].join('\n');

ruleTester(rule).run({
  valid: [
    "Q: Which is a fruit?\n(A) Apple\n(B) Carrot\nA: Let's think step by step. Apples grow on trees. So the answer is (A).",
    // The rationale concludes the gold itself.
    'Q: Pick one.\n(A) red\n(B) blue\nA: The best answer is: (B)\nExplanation: blue is calm, so the answer is (B).\n',
    // A conclusion that is not one of the task's labels is not compared.
    'Text: ok food\nExplanation: the answer is not obvious here.\nLabel: Positive\n\nText: bad food\nLabel: Negative\n',
  ],
  invalid: [
    {
      name: 'the rationale concludes (B) but the gold is (A)',
      text: mismatch,
      errors: [
        {
          messageId: 'letter',
          range: [5, 83, 5, 108],
          text: 'the correct option is (B)',
          severity: 'error',
          fix: false,
          message: 'The rationale concludes (B) "Joule", but the gold answer is (A) "Newton".',
          data: { gold: 'A', concluded: 'B', goldText: 'Newton', concludedText: 'Joule', exemplar: 0 },
        },
      ],
    },
    {
      name: 'a conclusion naming another option by its text counts',
      text: 'Q: Which is a mammal?\n(A) Whale\n(B) Shark\nA: (A)\nExplanation: Sharks breathe air, so the answer is Shark.\n',
      errors: [{ messageId: 'letter', range: [4, 36, 4, 55], text: 'the answer is Shark', data: { gold: 'A', concluded: 'B' } }],
    },
    {
      name: 'an explanation field that concludes the other label',
      text: 'Text: The soup was cold and the waiter rude.\nExplanation: Both complaints are strong, so the answer is negative.\nLabel: Positive\n\nText: Lovely terrace.\nLabel: Positive\n\nText: Awful.\nLabel: Negative\n',
      errors: [{ messageId: 'label', range: [1, 44, 1, 66], text: 'the answer is negative', data: { gold: 'Positive', concluded: 'negative', exemplar: 0 } }],
    },
  ],
});

describe('rationale-answer-mismatch: engine integration', () => {
  it('is suppressed by comments and follows configured severity', () => {
    const lines = mismatch.split('\n');
    const md = [...lines.slice(0, 5), '<!-- biaslens-disable-next-line rationale-answer-mismatch -->', ...lines.slice(5)].join('\n');
    expect(diagnosticsOf(rule, { text: md, uri: 'x.prompt.md' })).toEqual([]);
    expect(diagnosticsOf(rule, { text: '# biaslens-disable-file rationale-answer-mismatch\n' + mismatch })).toEqual([]);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'rationale-answer-mismatch': 'warn' } });
    expect(diagnosticsOf(rule, { text: mismatch, config: cfg }).map((d) => d.severity)).toEqual(['warning']);
    expect(rule.meta.options.parse({})).toEqual({});
  });
});
