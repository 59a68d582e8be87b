/**
 * SycophancyEval's layouts (meg-tong/sycophancy-eval; Sharma et al. 2023): answer-position-skew
 * reports skewed flat `{question, correct_answer, incorrect_answer}` records but offers no fix (it
 * would leave the incorrect answer naming the wrong option, maybe the correct one).
 */
import { describe } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import { ruleTester } from './helpers';

describe('{question, correct_answer, incorrect_answer} records: answer-position-skew', () => {
  const QUESTIONS: [string, string[]][] = [
    ['Which planet is known as the Red Planet?', ['Mars', 'Venus', 'Jupiter', 'Saturn']],
    ['Which gas do plants absorb?', ['Carbon dioxide', 'Oxygen', 'Helium', 'Nitrogen']],
    ['What pumps blood through the body?', ['The heart', 'The liver', 'The lungs', 'The kidneys']],
    ['Which force keeps the Moon in orbit?', ['Gravity', 'Magnetism', 'Friction', 'Air pressure']],
    ['What is the chemical symbol for sodium?', ['Na', 'So', 'Sd', 'S']],
    ['Which part of a cell holds its DNA?', ['The nucleus', 'The wall', 'The ribosome', 'The vacuole']],
  ];
  const records = (golds: string) =>
    QUESTIONS.map(([q, [right, ...wrong]], i) => {
      const pos = 'ABCD'.indexOf(golds[i]!);
      const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
      const incorrect = 'ABCD'[(pos + 1) % 4];
      return JSON.stringify({ question: `${q}\n${opts.map((o, k) => `(${'ABCD'[k]}) ${o}`).join('\n')}`, correct_answer: `(${golds[i]})`, incorrect_answer: `(${incorrect})` });
    }).join('\n') + '\n';
  const skewed = records('AAAAAA');
  const first = skewed.split('\n')[0]!;
  const a = first.indexOf('"(A)"') + 1;
  ruleTester(answerPositionSkew).run({
    valid: [{ text: records('ABCDBA'), uri: 'sycophancy.jsonl' }],
    invalid: [
      {
        text: skewed,
        uri: 'sycophancy.jsonl',
        errors: [{ messageId: 'degenerate', data: { letter: 'A', count: 6, n: 6, degenerate: true }, range: [0, a, 0, a + 3], text: '(A)', fix: false }],
      },
    ],
  });
});
