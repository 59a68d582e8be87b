/**
 * rationale-answer-mismatch on pairwise judge demos: an explanation that praises one response
 * ("Response A is correct", "Assistant A's answer is more accurate", "Output (a) is better") above a
 * verdict that names the other (s26 hunt b21). The text layout with an "Explanation:" field between
 * the responses and the verdict ("Question / Response A / Response B / Explanation / Verdict") is
 * read as demos, the explanation as their rationale.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/rationale-answer-mismatch';
import { parseTextDocument } from '../../server/src/parse/text';
import { ruleTester } from './helpers';

type Demo = [question: string, a: string, b: string, explanation: string, verdict: string];

/** A judge prompt: an instruction, the demos (question label `q`, candidates `noun A:`/`noun B:`), then the query. */
function judgePrompt(demos: Demo[], noun = 'Response', q = 'Question', marks: [string, string] = ['A', 'B']): string {
  const out = ['Decide which response answers the question better. Explain briefly, then give the verdict.', ''];
  for (const [question, a, b, explanation, verdict] of demos) {
    out.push(`${q}: ${question}`, `${noun} ${marks[0]}: ${a}`, `${noun} ${marks[1]}: ${b}`, `Explanation: ${explanation}`, `Verdict: ${verdict}`, '');
  }
  out.push(`${q}: {{question}}`, `${noun} ${marks[0]}: {{a}}`, `${noun} ${marks[1]}: {{b}}`, 'Explanation:');
  return out.join('\n');
}

/** Two agreeing demos and, first, one whose explanation is `explanation` under `verdict` (lines 2-6; the explanation is line 5). */
const withFirst = (explanation: string, verdict: string, noun = 'Response', marks: [string, string] = ['A', 'B']): string =>
  judgePrompt(
    [
      ['How many legs does a spider have?', 'Eight.', 'Six.', explanation, verdict],
      ['What is the capital of Canada?', 'Toronto.', 'Ottawa.', `${noun} ${marks[1]} is correct; Toronto is only the largest city.`, marks[1] === '2' ? '2' : 'B'],
      ['Who wrote "1984"?', 'George Orwell.', 'Aldous Huxley.', `${noun} ${marks[0]} is correct.`, marks[0] === '1' ? '1' : 'A'],
    ],
    noun,
    'Question',
    marks,
  );

/** The expected error on line 5 for the text `said` in the explanation, concluding A ("Eight.") against the gold B ("Six."). */
const onLine5 = (text: string, said: string) => {
  const line = text.split('\n')[5]!;
  const start = line.indexOf(said);
  expect(start).toBeGreaterThan(0);
  return { messageId: 'letter', range: [5, start, 5, start + said.length] as [number, number, number, number], text: said, data: { gold: 'B', concluded: 'A', goldText: 'Six.', concludedText: 'Eight.', exemplar: 0 } };
};

const b21 = [
  'Decide which response answers the question better. Explain briefly, then give the verdict.',
  '',
  'Question: What is the capital of Canada?',
  'Response A: Toronto.',
  'Response B: Ottawa.',
  'Explanation: Response B is correct; Ottawa is the capital, and Toronto is only the largest city.',
  'Verdict: B',
  '',
  'Question: How many legs does a spider have?',
  'Response A: Eight.',
  'Response B: Six.',
  'Explanation: Response A is correct, since spiders are arachnids with eight legs.',
  'Verdict: B',
  '',
  'Question: {{question}}',
  'Response A: {{a}}',
  'Response B: {{b}}',
  'Explanation:',
].join('\n');

describe('judge demos with an explanation field (parser)', () => {
  it('the explanation ends the last response and is the rationale; the verdict is the gold', () => {
    const doc = parseTextDocument('x.prompt', b21, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question!.text, e.options.map((o) => o.text.text), e.answer!.letter, e.rationale!.text, e.conclusion?.letter])).toEqual([
      ['What is the capital of Canada?', ['Toronto.', 'Ottawa.'], 'B', 'Response B is correct; Ottawa is the capital, and Toronto is only the largest city.', 'B'],
      ['How many legs does a spider have?', ['Eight.', 'Six.'], 'B', 'Response A is correct, since spiders are arachnids with eight legs.', 'A'],
    ]);
    expect(doc.testInputs).toHaveLength(1);
  });

  it('with a label no list knows for the question ("Request:"), the labels still cycle', () => {
    const doc = parseTextDocument('x.prompt', b21.replace(/^Question:/gm, 'Request:'), 'text');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question!.text, e.options.map((o) => o.text.text), e.answer!.letter])).toEqual([
      ['What is the capital of Canada?', ['Toronto.', 'Ottawa.'], 'B'],
      ['How many legs does a spider have?', ['Eight.', 'Six.'], 'B'],
    ]);
  });
});

ruleTester(rule).run({
  valid: [
    // Explanations that agree with their verdicts.
    withFirst('Response B is wrong; Response A is correct, since spiders are arachnids.', 'A'),
    withFirst('Spiders are arachnids with eight legs, so Response A is correct.', 'A'),
    withFirst("Assistant A's answer is more accurate.", 'A', 'Assistant'),
    // Praise that is qualified, taken back, conditional, negated or partial concludes nothing.
    withFirst('Response A is correct, but Response B follows the requested format.', 'B'),
    withFirst('Response A is correct about the count. Response B is shorter.', 'B'),
    withFirst('Response A is more accurate. However, the rubric asks for brevity.', 'B'),
    withFirst('If Response A is correct, spiders would have eight legs; they have six.', 'B'),
    withFirst('Response A is not correct.', 'B'),
    withFirst('Response A is incorrect.', 'B'),
    withFirst('Neither answer is perfect, but Response B is closer.', 'B'),
    withFirst('Is Response A correct? No.', 'B'),
    withFirst('Response A is better formatted.', 'B'),
    withFirst('Response a is correct.', 'B'),
    // Two responses praised, without a lead-in: no conclusion.
    withFirst('Response A is correct. Response B is better.', 'A'),
    // A lead-in decides between clauses that praise different responses.
    withFirst('Response A is accurate. Overall, Response B is better.', 'B'),
    // "A is correct" without a noun is not read.
    withFirst('A is correct.', 'B'),
    // Numbered candidates that agree.
    withFirst('Response 2 is correct.', '2', 'Response', ['1', '2']),
  ],
  invalid: [
    {
      name: 's26 hunt b21 as written: "Response A is correct, since …" above "Verdict: B"',
      text: b21,
      errors: [{ messageId: 'letter', range: [11, 13, 11, 34], text: 'Response A is correct', data: { gold: 'B', concluded: 'A', goldText: 'Six.', concludedText: 'Eight.', exemplar: 1 } }],
    },
    ...(
      [
        ['Response A is correct.', 'Response A is correct'],
        ['Response A is better than Response B.', 'Response A is better'],
        ['Spiders are arachnids with eight legs, so Response A is correct.', 'so Response A is correct'],
        ['Response B miscounts. Overall, Response A is the better one.', 'Overall, Response A is the better one'],
        ['Response A wins.', 'Response A wins'],
        ['Response A is correct. Response A is also concise.', 'Response A is correct'],
        ['Spiders have eight legs. [[A]]', '[[A]]'],
      ] as [string, string][]
    ).map(([explanation, said]) => {
      const text = withFirst(explanation, 'B');
      return { name: `"${explanation}" above "Verdict: B"`, text, errors: [onLine5(text, said)] };
    }),
    (() => {
      const text = withFirst("Assistant A's answer is more accurate.", 'B', 'Assistant');
      return { name: 'a possessive: "Assistant A\'s answer is more accurate."', text, errors: [onLine5(text, "Assistant A's answer is more accurate")] };
    })(),
    (() => {
      const text = withFirst('Output (a) is better.', 'B', 'Output', ['(a)', '(b)']).replace(/Output \(b\) is correct/, 'Output (b) is better').replace(/Output \(a\) is correct/, 'Output (a) is better');
      const line = text.split('\n')[5]!;
      return {
        name: 'AlpacaEval\'s marks: "Output (a) is better." above "Verdict: B"',
        text,
        errors: [{ messageId: 'letter', range: [5, line.indexOf('Output (a)'), 5, line.indexOf('Output (a)') + 20] as [number, number, number, number], text: 'Output (a) is better', data: { gold: 'B', concluded: 'A' } }],
      };
    })(),
    (() => {
      const text = withFirst('Response 1 is correct.', '2', 'Response', ['1', '2']);
      return {
        name: 'numbered candidates: "Response 1 is correct." above "Verdict: 2"',
        text,
        errors: [{ messageId: 'letter', range: [5, 13, 5, 34] as [number, number, number, number], text: 'Response 1 is correct', data: { gold: 'B', concluded: 'A' } }],
      };
    })(),
    {
      name: 'a chat demo (MT-Bench blocks): "Assistant B\'s answer is more accurate." before "[[A]]"',
      uri: 'x.jsonl',
      text:
        JSON.stringify({
          messages: [
            { role: 'system', content: 'Compare the two answers. Explain, then output [[A]] or [[B]].' },
            { role: 'user', content: "[User Question]\nCapital of Australia?\n\n[The Start of Assistant A's Answer]\nSydney.\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\nCanberra.\n[The End of Assistant B's Answer]" },
            { role: 'assistant', content: "Assistant B's answer is more accurate.\n\n[[A]]" },
          ],
        }) + '\n',
      errors: [{ messageId: 'letter', text: "Assistant B's answer is more accurate", data: { gold: 'A', concluded: 'B', goldText: 'Sydney.', concludedText: 'Canberra.' } }],
    },
  ],
});
