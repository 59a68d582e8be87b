/**
 * label-imbalance on a pointwise judge's graded records (s26 hunt b02): `{"question", "answer", "grade": "PASS"}`.
 * The answer is the text being graded, the grade the record's label; before, the answer was read as the gold and
 * the grade not at all. School grades ("5th", 7), letter marks and numeric scores are no such labels.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/label-imbalance';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { ruleTester } from './helpers';

const QA: [string, string][] = [
  ['What is 12 x 12?', '144'],
  ['Capital of Japan?', 'Tokyo'],
  ['Chemical formula of water?', 'H2O'],
  ['Who wrote Pride and Prejudice?', 'Jane Austen'],
  ['Speed of light in vacuum?', 'About 300,000 km/s'],
  ['Largest planet?', 'Jupiter'],
  ['How many continents are there?', 'Seven'],
  ['Freezing point of water in Fahrenheit?', '32'],
  ['Square root of 81?', '8'],
  ['First element of the periodic table?', 'Hydrogen'],
];

/** JSONL records {question, <answerKey>: answer, <gradeKey>: grades[i]} (grades may be any JSON value). */
const graded = (grades: unknown[], gradeKey = 'grade', answerKey = 'answer', questionKey = 'question'): string =>
  grades.map((g, i) => JSON.stringify({ [questionKey]: QA[i]![0], [answerKey]: QA[i]![1], [gradeKey]: g })).join('\n') + '\n';

/** The hunt's file as written (JSON with spaces after the colons). */
const b02 = QA.map(([q, a], i) => `{"question": "${q}", "answer": "${a}", "grade": "${i === 8 ? 'FAIL' : 'PASS'}"}`).join('\n') + '\n';

describe('graded records (parser)', () => {
  it('the grade is the gold (its span the value), the question the question, the answer graded no part of the exemplar', () => {
    const doc = parseJsonlDocument('x.jsonl', b02);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs).toHaveLength(10);
    const first = exs[0]!;
    expect([first.question!.text, first.answer!.label, b02.slice(first.answer!.span.start, first.answer!.span.end), first.output!.text, first.rationale]).toEqual([
      'What is 12 x 12?',
      'PASS',
      'PASS',
      'PASS',
      undefined,
    ]);
  });

  it('without a question field, the text graded is the question', () => {
    const text = '{"response": "Paris is the capital of France.", "judgment": "correct"}\n';
    const ex = parseJsonlDocument('x.jsonl', text).exemplarSets[0]!.exemplars[0]!;
    expect([ex.question!.text, ex.answer!.label]).toEqual(['Paris is the capital of France.', 'correct']);
  });
});

ruleTester(rule).run({
  valid: [
    // Balanced grades.
    { uri: 'x.jsonl', text: graded(['PASS', 'FAIL', 'PASS', 'FAIL', 'PASS', 'FAIL', 'PASS', 'FAIL', 'FAIL', 'PASS']) },
    // School grades, letter marks and scores are no grades of the answer: the answers stay the gold (all different).
    { uri: 'x.jsonl', text: graded(Array(10).fill('5th')) },
    { uri: 'x.jsonl', text: graded(Array(10).fill(7)) },
    { uri: 'x.jsonl', text: graded(Array(10).fill('B')) },
    { uri: 'x.jsonl', text: graded(Array(10).fill(5), 'rating') },
    { uri: 'x.jsonl', text: graded(Array(10).fill('4/5'), 'score') },
    // A grade key that is no grade's (`difficulty`), or a grade with no text graded beside it (`reference` is no answer).
    { uri: 'x.jsonl', text: graded(Array(10).fill('PASS'), 'difficulty') },
    { uri: 'x.jsonl', text: graded(Array(10).fill('PASS'), 'grade', 'reference') },
    // A boolean `label` beside a prompt's output is KTO's desirability, no grade: read as before.
    { uri: 'x.jsonl', text: graded(Array(10).fill(true), 'label', 'output', 'prompt') },
  ],
  invalid: [
    {
      name: 's26 hunt b02 as written: "PASS" 9 of 10',
      uri: 'b02.jsonl',
      text: b02,
      errors: [{ messageId: 'imbalanced', range: [0, 60, 0, 64], text: 'PASS', data: { label: 'PASS', count: 9, n: 10 } }],
    },
    {
      name: 'YAML {prompt, response, judgment}: all "correct"',
      uri: 'judge.examples.yaml',
      text:
        'examples:\n' +
        QA.slice(0, 5)
          .map(([q, a]) => `  - prompt: "${q}"\n    response: "${a}"\n    judgment: correct\n`)
          .join(''),
      errors: [{ messageId: 'degenerate', range: [3, 14, 3, 21], text: 'correct', data: { label: 'correct', n: 5 } }],
    },
    {
      name: 'is_correct booleans beside a model answer: all true',
      uri: 'x.jsonl',
      text: graded(Array(6).fill(true), 'is_correct', 'model_answer'),
      errors: [{ messageId: 'degenerate', data: { label: 'true', n: 6 } }],
    },
  ],
});
