/**
 * answer-position-skew on a promptfoo judge's calibration tests whose candidates are numbered: the prompt asks "Which
 * output is better, Output 1 or Output 2?" and inserts vars `output_1`/`output_2` (`response_1`/`response_2`, …): those
 * vars are options A and B (positions 1 and 2), so tests whose `equals` assertion is always 2 are an always-second
 * judge set. The gold is a number: it has no letter to rewrite (the fix rewrites the number).
 */
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/answer-position-skew';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { ruleTester } from './helpers';
import { config, SIX } from './promptfoo-judge-fixtures';

const JUDGE = 'Which output is better, Output 1 or Output 2? Answer 1 or 2.\nQuestion: {{question}}\nOutput 1: {{x1}}\nOutput 2: {{x2}}';
const KEYS: [string, string] = ['output_1', 'output_2'];
const all = (gold: string, prompt = JUDGE, keys: [string, string] = KEYS) =>
  config(prompt.replaceAll('{{x1}}', `{{${keys[0]}}}`).replaceAll('{{x2}}', `{{${keys[1]}}}`), SIX.map(([q, a, b]) => [q, a, b, gold]), keys);
/** Line of the first test's gold (`value: 2`): 3 header lines, the prompt's lines, 3 more, then 6 lines into the test. */
const goldLine = (prompt: string) => 3 + prompt.split('\n').length + 3 + 6;

describe('promptfoo judge vars numbered (parser)', () => {
  it('output_1/output_2 of a prompt that asks "Output 1 or Output 2": options A and B, the gold `2` the second by position', () => {
    const text = all('2');
    const doc = parseStructuredDocument('promptfooconfig.yaml', text, 'yaml');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs).toHaveLength(6);
    const first = exs[0]!;
    expect(first.options.map((o) => [o.letter, o.text.text, text.slice(o.span.start, o.span.end)])).toEqual([
      ['A', '54', 'output_1: "54"'],
      ['B', '56', 'output_2: "56"'],
    ]);
    const a = first.answer!;
    expect([a.letter, a.letterSpan, text.slice(a.span.start, a.span.end)]).toEqual(['B', undefined, '2']);
    expect(first.insertedVars).toBeUndefined();
  });
  it('a gold "Output 2": its number is the answer\'s span', () => {
    const text = all('Output 2');
    const a = parseStructuredDocument('promptfooconfig.yaml', text, 'yaml').exemplarSets[0]!.exemplars[0]!.answer!;
    expect([a.letter, a.letterSpan, a.span.end - a.span.start, text.slice(a.span.start, a.span.end)]).toEqual(['B', undefined, 1, '2']);
  });
});

ruleTester(rule).run({
  valid: [
    // Balanced verdicts.
    { uri: 'promptfooconfig.yaml', text: config(JUDGE.replace('{{x1}}', '{{output_1}}').replace('{{x2}}', '{{output_2}}'), SIX.map(([q, a, b], i) => (i % 2 ? [q, a, b, '2'] : [q, b, a, '1'])), KEYS) },
    // No pick between numbered candidates: a rubric's "1 or 2", steps, a sum.
    { uri: 'promptfooconfig.yaml', text: all('2', 'Score the pair. Give 1 or 2 points.\nQuestion: {{question}}\nOutput 1: {{x1}}\nOutput 2: {{x2}}') },
    { uri: 'promptfooconfig.yaml', text: all('2', 'Which step has the error, Step 1 or Step 2? Answer 1 or 2.\n{{question}}\nStep 1: {{x1}}\nStep 2: {{x2}}', ['step_1', 'step_2']) },
    { uri: 'promptfooconfig.yaml', text: all('2', 'Compute {{x1}} + {{x2}} for: {{question}}. Is output 1 or 2 larger?', ['answer_1', 'answer_2']) },
    // Unlabelled placeholders; vars out of order; a gold that is no number of a candidate.
    { uri: 'promptfooconfig.yaml', text: all('2', 'Which output is better, Output 1 or Output 2?\n{{question}}\n\n{{x1}}\n\n{{x2}}') },
    { uri: 'promptfooconfig.yaml', text: all('2', JUDGE, ['output_2', 'output_1']) },
    { uri: 'promptfooconfig.yaml', text: all('"2.0"') },
    { uri: 'promptfooconfig.yaml', text: all('Output 2 is better') },
  ],
  invalid: [
    {
      name: 'output_1/output_2, "Output 1 or Output 2", equals 2 in 6 of 6',
      uri: 'promptfooconfig.yaml',
      text: all('2'),
      errors: [{ messageId: 'degenerate', range: [goldLine(JUDGE), 15, goldLine(JUDGE), 16], text: '2', data: { letter: 'B', count: 6, n: 6 } }],
    },
    {
      name: 'response_1/response_2, "Response 1 or 2", a gold "Response 2"',
      uri: 'promptfooconfig.yaml',
      text: all('Response 2', 'Which response is better, response 1 or 2?\n{{question}}\nResponse 1: {{x1}}\nResponse 2: {{x2}}', ['response_1', 'response_2']),
      errors: [{ messageId: 'degenerate', range: [goldLine(JUDGE), 24, goldLine(JUDGE), 25], data: { letter: 'B', count: 6, n: 6 } }],
    },
    {
      name: 'answer_1/answer_2 and an MT-Bench prompt ("[[1]]" … "[[2]]"), gold "[[2]]"',
      uri: 'promptfooconfig.yaml',
      text: all('"[[2]]"', 'Output "[[1]]" if the first answer is better, "[[2]]" if the second is.\n[Question]\n{{question}}\n[Answer 1]\n{{x1}}\n[Answer 2]\n{{x2}}', ['answer_1', 'answer_2']),
      errors: [{ messageId: 'degenerate', data: { letter: 'B', count: 6, n: 6 } }],
    },
  ],
});
