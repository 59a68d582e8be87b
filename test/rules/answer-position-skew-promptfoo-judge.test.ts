/**
 * answer-position-skew on a promptfoo judge's calibration tests (s26 hunt b22): the prompt asks "Which response is
 * better, A or B?" and inserts vars `a`/`b` (`response_a`/`response_b`, …): those vars are the options A and B, so
 * tests whose `equals` assertion is always B are an always-B judge set (Zheng et al. 2023; Wang et al. 2023).
 */
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/answer-position-skew';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { ruleTester } from './helpers';
import { config, SIX } from './promptfoo-judge-fixtures';

const JUDGE = 'Which response is better, A or B? Answer with the letter only.\nQuestion: {{question}}\nResponse A: {{a}}\nResponse B: {{b}}';
const allB = (prompt = JUDGE, keys: [string, string] = ['a', 'b'], gold = 'B') => config(prompt.replaceAll('{{a}}', `{{${keys[0]}}}`).replaceAll('{{b}}', `{{${keys[1]}}}`), SIX.map(([q, a, b]) => [q, a, b, gold]), keys);
/** Line of the first test's gold (`value: B`): 3 header lines, the prompt's lines, 3 more, then 6 lines into the test. */
const goldLine = (prompt: string) => 3 + prompt.split('\n').length + 3 + 6;

describe('promptfoo judge vars as options (parser)', () => {
  it('vars a/b of a prompt that asks "A or B": options A and B with the vars\' values, the gold their letter', () => {
    const text = allB();
    const doc = parseStructuredDocument('promptfooconfig.yaml', text, 'yaml');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs).toHaveLength(6);
    const first = exs[0]!;
    expect(first.options.map((o) => [o.letter, o.text.text, text.slice(o.span.start, o.span.end), o.letterSpan.end - o.letterSpan.start])).toEqual([
      ['A', '54', 'a: "54"', 0],
      ['B', '56', 'b: "56"', 0],
    ]);
    expect(first.answer!.letter).toBe('B');
    // The options are no inserted texts (suggested-answer reads those for cues).
    expect(first.insertedVars).toBeUndefined();
  });
});

ruleTester(rule).run({
  valid: [
    // Balanced verdicts.
    { uri: 'promptfooconfig.yaml', text: config(JUDGE, SIX.map(([q, a, b], i) => (i % 2 ? [q, a, b, 'B'] : [q, b, a, 'A']))) },
    // A prompt that asks no pick between letters: a/b are numbers to add (hex digits: "B" is eleven).
    { uri: 'promptfooconfig.yaml', text: allB('Add the hexadecimal digits {{a}} and {{b}}. Reply with one hex digit.\n{{question}}') },
    // Lower-case "a or b", or the letters inside words: no pick named.
    { uri: 'promptfooconfig.yaml', text: allB('Which is better, a or b?\nQuestion: {{question}}\nFirst: {{a}}\nSecond: {{b}}') },
    { uri: 'promptfooconfig.yaml', text: allB('Does the text mention vitamin A or B12?\n{{question}}\n{{a}}\n{{b}}') },
    // Vars whose names are no candidates' (x/y), or that the prompt does not insert.
    { uri: 'promptfooconfig.yaml', text: allB(JUDGE, ['x', 'y']) },
    { uri: 'promptfooconfig.yaml', text: allB(JUDGE).replace('Response A: {{a}}\n    Response B: {{b}}', 'Responses: {{pair}}') },
    // The prompt names letters, but not as the vars' labels: a grader's reviewer notes, or unlabelled placeholders.
    { uri: 'promptfooconfig.yaml', text: allB("Could the essay earn an A or B with one more revision? Reply with the letter grade.\nEssay: {{question}}\nFirst reviewer's notes: {{a}}\nSecond reviewer's notes: {{b}}") },
    { uri: 'promptfooconfig.yaml', text: allB('Which response is better, A or B?\n{{question}}\n\n{{a}}\n\n{{b}}') },
    // A gold that names no letter: no options (and nothing lettered to skew).
    { uri: 'promptfooconfig.yaml', text: allB(JUDGE, ['a', 'b'], 'Response B') },
    // Lettered steps with more than a placeholder on their lines ask for no pick (s26).
    { uri: 'promptfooconfig.yaml', text: allB('Follow the steps and reply with the result only.\n{{question}}\nA) Read {{a}} first\nB) Then compare it with {{b}}') },
  ],
  invalid: [
    {
      name: 's26 formats hunt pf-mcq-a: a multiple-choice prompt whose option lines are "A) {{a}}" and "B) {{b}}" ("Answer with the letter only.")',
      uri: 'promptfooconfig.yaml',
      text: allB('Answer with the letter only.\n{{question}}\nA) {{a}}\nB) {{b}}'),
      errors: [{ messageId: 'degenerate', data: { letter: 'B', count: 6, n: 6 } }],
    },
    {
      name: 's26 hunt b22: vars a/b, "Which response is better, A or B?", equals B in 6 of 6',
      uri: 'promptfooconfig.yaml',
      text: allB(),
      errors: [{ messageId: 'degenerate', range: [goldLine(JUDGE), 15, goldLine(JUDGE), 16], text: 'B', data: { letter: 'B', count: 6, n: 6 } }],
    },
    {
      name: 'response_a/response_b and an MT-Bench prompt ("[[A]]" … "[[B]]")',
      uri: 'promptfooconfig.yaml',
      text: allB('Compare the assistants. Output "[[A]]" if assistant A is better, "[[B]]" if assistant B is better.\n[Question]\n{{question}}\n[Assistant A]\n{{a}}\n[Assistant B]\n{{b}}', ['response_a', 'response_b']),
      errors: [{ messageId: 'degenerate', data: { letter: 'B', count: 6, n: 6 } }],
    },
    {
      name: 'output_a/output_b, "A, B, or C" and a bracketed gold "(B)"',
      uri: 'promptfooconfig.yaml',
      text: allB('Pick the better summary: A, B, or C for a tie.\n{{question}}\nA: {{a}}\nB: {{b}}', ['output_a', 'output_b'], '"(B)"'),
      errors: [{ messageId: 'degenerate', data: { letter: 'B', count: 6, n: 6 } }],
    },
  ],
});
