/**
 * promptfoo CSV test files (`question,__expected` with `equals: B`, `contains: positive` or a bare
 * label) through the rules: answer-position-skew on lettered questions, label-imbalance on labels,
 * exact message, range and fix; balanced twins valid; a full lint of each twin.
 */
import { describe, expect, it } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { lint } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/config/schema';
import { applyFix, ruleTester } from './helpers';
import { parseDocument } from '../../server/src/parse/index';
import { REVIEWS } from '../support/review-texts';

/** Ten quiz questions, each with its right option and three wrong ones. */
const QUIZ: [string, string, string, string, string][] = [
  ['Which planet is known as the Red Planet?', 'Mars', 'Venus', 'Jupiter', 'Saturn'],
  ['What is the chemical symbol for gold?', 'Au', 'Ag', 'Gd', 'Go'],
  ['What is the largest ocean?', 'Pacific', 'Atlantic', 'Indian', 'Arctic'],
  ['How many continents are there?', 'Seven', 'Five', 'Six', 'Eight'],
  ['Which gas do plants absorb?', 'Carbon dioxide', 'Oxygen', 'Nitrogen', 'Helium'],
  ['Which organ pumps blood?', 'Heart', 'Lungs', 'Liver', 'Kidney'],
  ['What is the square root of 81?', '9', '8', '7', '6'],
  ['Which language is spoken in Brazil?', 'Portuguese', 'Spanish', 'French', 'English'],
  ['What is frozen water called?', 'Ice', 'Steam', 'Fog', 'Dew'],
  ['Which animal is known for its trunk?', 'Elephant', 'Giraffe', 'Horse', 'Camel'],
];

/** A promptfoo CSV of the quiz, each right option at the letter `letters[i]` (one quoted cell per question, options on their own lines). */
function quizCsv(letters: string): string {
  const rows = QUIZ.map(([q, right, ...wrong], i) => {
    const k = 'ABCD'.indexOf(letters[i]!);
    const options = [...wrong.slice(0, k), right, ...wrong.slice(k)];
    return `"${q}\n${options.map((o, j) => `${'ABCD'[j]}) ${o}`).join('\n')}",equals: ${letters[i]}`;
  });
  return `question,__expected\n${rows.join('\n')}\n`;
}

/** 0-based line and character of the `n`-th (0-based) match of `needle` in `text`, plus `shift`. */
function position(text: string, needle: string, n: number, shift = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  const before = text.slice(0, i + shift);
  return [before.split('\n').length - 1, before.length - before.lastIndexOf('\n') - 1];
}

describe('promptfoo CSV quiz: every gold `equals: B`', () => {
  const text = quizCsv('BBBBBBBBBB');
  const [line, ch] = position(text, 'equals: B', 0, 'equals: '.length);
  ruleTester(answerPositionSkew).run({
    valid: [{ text: quizCsv('ABCDABCDBC'), uri: 'tests.csv' }],
    invalid: [
      {
        text,
        uri: 'tests.csv',
        errors: [
          {
            message: 'All 10 lettered records have the gold answer (B); models learn to answer (B) whatever the question.',
            data: { letter: 'B', count: 10, n: 10 },
            range: [line, ch, line, ch + 1],
            text: 'B',
            fix: true,
          },
        ],
      },
    ],
  });

  it('the fix moves option texts inside their quoted cells and rewrites each `equals:` letter; every gold still names its right option', () => {
    const [d] = lint({ uri: 'tests.csv', text }, defaultConfig()).diagnostics.filter((x) => x.ruleId === 'answer-position-skew');
    const fixed = applyFix(text, d!);
    expect(fixed.split('\n').filter((l) => l.startsWith('"'))).toHaveLength(10);
    const letters = [...fixed.matchAll(/",equals: ([A-D])$/gm)].map((m) => m[1]);
    expect(letters).toHaveLength(10);
    expect(new Set(letters).size).toBeGreaterThan(1);
    const exs = parseDocument('file:///p/tests.csv', fixed).exemplarSets[0]!.exemplars;
    expect(exs.map((e) => e.options.find((o) => o.letter === e.answer?.letter)?.text.text)).toEqual(QUIZ.map((q) => q[1]));
  });
});

describe('promptfoo CSV labels: `input,__expected` with bare labels and `contains:`', () => {
  const csv = (labels: string[]) => `input,__expected\n${labels.map((l, i) => `${REVIEWS[i]!.includes(',') ? `"${REVIEWS[i]}"` : REVIEWS[i]},${l}`).join('\n')}\n`;
  const skewed = ['positive', 'positive', 'negative', 'contains: positive', 'positive', 'positive', 'positive', 'contains: positive', 'positive', 'positive'];
  const balanced = ['positive', 'positive', 'negative', 'contains: negative', 'positive', 'negative', 'positive', 'contains: negative', 'negative', 'positive'];
  const text = csv(skewed);
  const [line, ch] = position(text, ',positive', 0, 1);
  ruleTester(labelImbalance).run({
    valid: [{ text: csv(balanced), uri: 'tests.csv' }],
    invalid: [
      {
        text,
        uri: 'tests.csv',
        errors: [
          {
            messageId: 'imbalanced',
            message: '"positive" is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).',
            data: { label: 'positive', count: 9, n: 10 },
            range: [line, ch, line, ch + 'positive'.length],
            text: 'positive',
            severity: 'warning',
          },
        ],
      },
    ],
  });

  it('a full lint reports the skewed file by label-imbalance only and the balanced twin not at all', () => {
    expect(lint({ uri: 'file:///p/tests.csv', text }, defaultConfig()).diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['label-imbalance', '"positive" is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).'],
    ]);
    expect(lint({ uri: 'file:///p/tests.csv', text: csv(balanced) }, defaultConfig()).diagnostics).toEqual([]);
  });

  it('the same rows with `llm-rubric:` assertions give no finding (no gold)', () => {
    const rubric = csv(skewed.map((l) => `llm-rubric: says the review is ${l.replace('contains: ', '')}`));
    expect(lint({ uri: 'file:///p/tests.csv', text: rubric }, defaultConfig()).diagnostics).toEqual([]);
  });
});

describe('a full lint of the quiz twins', () => {
  it('the skewed file is reported by answer-position-skew only, the balanced twin by nothing', () => {
    expect(lint({ uri: 'file:///p/tests.csv', text: quizCsv('BBBBBBBBBB') }, defaultConfig()).diagnostics.map((d) => d.ruleId)).toEqual(['answer-position-skew']);
    expect(lint({ uri: 'file:///p/tests.csv', text: quizCsv('ABCDABCDBC') }, defaultConfig()).diagnostics).toEqual([]);
  });
});
