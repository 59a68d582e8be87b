/**
 * MT-Bench's pairwise judge prompt with few-shot demos in a text prompt: each demo opens with "[User Question]", then
 * the question, the "[The Start of Assistant A's Answer]" … blocks, and the judge's "Explanation: …" / "Verdict:
 * [[B]]" lines (s26-judge jb01). The repeating Explanation label was taken for the demos' question; "[User Question]"
 * now opens a demo as "### Example 1" does, so the question is the text after it and the explanation the rationale.
 */
import { describe, expect, it } from 'vitest';
import mismatch from '../../server/src/rules/rationale-answer-mismatch';
import skew from '../../server/src/rules/answer-position-skew';
import { parseTextDocument } from '../../server/src/parse/text';
import { ruleTester } from './helpers';

const HEAD =
  'Please act as an impartial judge and evaluate the responses of two AI assistants to the user question below. Give a short explanation, then your final verdict: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, "[[C]]" for a tie.\n';
const demo = (q: string, a: string, b: string, explanation: string, verdict: string) =>
  `[User Question]\n${q}\n[The Start of Assistant A's Answer]\n${a}\n[The End of Assistant A's Answer]\n[The Start of Assistant B's Answer]\n${b}\n[The End of Assistant B's Answer]\nExplanation: ${explanation}\nVerdict: [[${verdict}]]\n`;
const TAIL = "[User Question]\n{{question}}\n[The Start of Assistant A's Answer]\n{{answer_a}}\n[The End of Assistant A's Answer]\n[The Start of Assistant B's Answer]\n{{answer_b}}\n[The End of Assistant B's Answer]\n";
const prompt = (...demos: string[]) => [HEAD, ...demos, TAIL].join('\n');

const D: [string, string, string][] = [
  ['What is the capital of Australia?', 'Sydney.', 'Canberra.'],
  ['How many bits are in a byte?', 'Sixteen.', 'Eight.'],
  ['Which planet is the largest?', 'Saturn.', 'Jupiter.'],
  ['What does CPU stand for?', 'Computer Power Unit.', 'Central Processing Unit.'],
  ['Who painted the Mona Lisa?', 'Michelangelo.', 'Leonardo da Vinci.'],
  ['What is H2O?', 'Hydrogen peroxide.', 'Water.'],
];
const right = (i: number) => `Assistant ${i % 2 ? 'A' : 'B'}'s answer is correct.`;
/** Balanced: demo i's right answer swapped to A for odd i. */
const balanced = D.map(([q, a, b], i) => (i % 2 ? demo(q, b, a, right(i), 'A') : demo(q, a, b, right(i), 'B')));

describe('MT-Bench judge demos with Explanation/Verdict lines (parser)', () => {
  it('the question after "[User Question]", the blocks as options, the explanation as rationale, "[[B]]" the gold', () => {
    const text = prompt(demo(...D[0]!, "Assistant A's answer is more accurate.", 'B'), balanced[1]!);
    const doc = parseTextDocument('judge.prompt', text, 'text');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs).toHaveLength(2);
    const ex = exs[0]!;
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    expect(ex.question!.text).toBe('What is the capital of Australia?');
    expect(at(ex.question!.sourceSpan())).toBe('What is the capital of Australia?');
    expect(ex.options.map((o) => [o.letter, o.text.text, at(o.letterSpan)])).toEqual([
      ['A', 'Sydney.', 'A'],
      ['B', 'Canberra.', 'B'],
    ]);
    expect(at(ex.rationale!.sourceSpan())).toBe("Assistant A's answer is more accurate.");
    expect([ex.answer!.letter, at(ex.answer!.letterSpan!)]).toEqual(['B', 'B']);
    expect(text.slice(ex.answer!.letterSpan!.start - 11, ex.answer!.letterSpan!.end + 2)).toBe('Verdict: [[B]]');
  });
});

/** Line and column of the explanation's text in demo 1 (HEAD, a blank line, then the demo's 9th line). */
const EXPL_LINE = 2 + 8;

ruleTester(mismatch).run({
  valid: [
    // Explanations that agree with their verdicts (the hunt's c09 layout).
    { uri: 'judge.prompt', text: prompt(...balanced) },
    // A tie ("[[C]]") names no block: no options, nothing to compare.
    { uri: 'judge.prompt', text: prompt(balanced[0]!, demo('Suggest a name for a cat.', 'Whiskers.', 'Luna.', 'Both are fine names.', 'C')) },
    // The template alone, no demos.
    { uri: 'judge.prompt', text: prompt() },
    // MT-Bench single-answer grading: one block, a rating.
    {
      uri: 'judge.prompt',
      text: "Rate the response from 1 to 10.\n\n[User Question]\nWhat is 2+2?\n[The Start of Assistant's Answer]\n4.\n[The End of Assistant's Answer]\nExplanation: Assistant A would be wrong; this is correct.\nRating: [[9]]\n\n[User Question]\n{{question}}\n",
    },
  ],
  invalid: [
    {
      name: 's26-judge jb01: "Assistant A\'s answer is more accurate" above "Verdict: [[B]]"',
      uri: 'judge.prompt',
      text: prompt(demo(...D[0]!, "Assistant A's answer is more accurate.", 'B'), balanced[1]!),
      errors: [{ messageId: 'letter', range: [EXPL_LINE, 13, EXPL_LINE, 50], text: "Assistant A's answer is more accurate" }],
    },
  ],
});

ruleTester(skew).run({
  valid: [{ uri: 'judge.prompt', text: prompt(...balanced) }],
  invalid: [
    {
      name: 'six MT-Bench demos, all "Verdict: [[B]]"',
      uri: 'judge.prompt',
      text: prompt(...D.map(([q, a, b]) => demo(q, a, b, "Assistant B's answer is correct.", 'B'))),
      errors: [{ messageId: 'degenerate', data: { letter: 'B', count: 6, n: 6 } }],
    },
  ],
});
