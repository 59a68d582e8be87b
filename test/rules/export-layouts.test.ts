/**
 * label-imbalance and answer-position-skew on record layouts of popular tools' exports that
 * were not read before s24's format hunt (notes/s24/formats-report.md): exact rule id, message
 * data and range.
 */
import { describe, expect, it } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { lint } from '../../server/src/engine/lint';
import { ruleTester } from './helpers';

const REVIEWS = [
  'Great battery life.',
  'Setup took five minutes.',
  'Broke in a week.',
  'Lovely screen.',
  'Fast shipping.',
  'Quiet and powerful.',
  'Works as described.',
  'Comfortable to wear.',
];
const SKEWED = ['positive', 'positive', 'negative', 'positive', 'positive', 'positive', 'positive', 'positive'];
const BALANCED = ['positive', 'negative', 'negative', 'positive', 'negative', 'positive', 'positive', 'negative'];

/** The 0-based [line, character] of the gold `"positive"` in line `i` of a JSONL text (after `key`). */
function goldAt(text: string, i: number, key: string): [number, number] {
  const line = text.split('\n')[i]!;
  return [i, line.indexOf('"positive"', line.indexOf(key)) + 1];
}

describe('Vertex AI / Gemini tuning records', () => {
  const gemini = (labels: string[]) =>
    labels
      .map((l, i) =>
        JSON.stringify({
          systemInstruction: { parts: [{ text: 'Classify the review as positive or negative.' }] },
          contents: [
            { role: 'user', parts: [{ text: REVIEWS[i] }] },
            { role: 'model', parts: [{ text: l }] },
          ],
        }),
      )
      .join('\n') + '\n';
  const text = gemini(SKEWED);
  const [line, ch] = goldAt(text, 0, '"model"');
  ruleTester(labelImbalance).run({
    valid: [{ text: gemini(BALANCED), uri: 'tune.jsonl' }],
    invalid: [
      {
        text,
        uri: 'tune.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 }, exemplars: [0, 1, 3, 4, 5, 6, 7] },
            range: [line, ch, line, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
    ],
  });
});

describe('LangSmith examples', () => {
  const langsmith = (labels: string[]) =>
    labels.map((l, i) => JSON.stringify({ inputs: { review: REVIEWS[i] }, outputs: { sentiment: l }, metadata: { dataset_split: ['base'] } })).join('\n') + '\n';
  const text = langsmith(SKEWED);
  const [line, ch] = goldAt(text, 0, '"sentiment"');
  ruleTester(labelImbalance).run({
    valid: [{ text: langsmith(BALANCED), uri: 'examples.jsonl' }],
    invalid: [
      {
        text,
        uri: 'examples.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 }, exemplars: [0, 1, 3, 4, 5, 6, 7] },
            range: [line, ch, line, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
    ],
  });

  const QUESTIONS: [string, string[]][] = [
    ['Which planet is known as the Red Planet?', ['Venus', 'Jupiter', 'Mars', 'Saturn']],
    ['Which gas do plants absorb?', ['Oxygen', 'Helium', 'Carbon dioxide', 'Nitrogen']],
    ['What pumps blood through the body?', ['The liver', 'The lungs', 'The heart', 'The kidneys']],
    ['Which force keeps the Moon in orbit?', ['Magnetism', 'Friction', 'Gravity', 'Air pressure']],
    ['What is the chemical symbol for sodium?', ['So', 'Sd', 'Na', 'S']],
    ['Which part of a cell holds its DNA?', ['The wall', 'The ribosome', 'The nucleus', 'The vacuole']],
  ];
  const mc = QUESTIONS.map(([q, o]) => JSON.stringify({ inputs: { question: q, choices: o }, outputs: { answer: 'C' } })).join('\n') + '\n';
  const first = mc.split('\n')[0]!;
  const c = first.indexOf('"C"', first.indexOf('"answer"')) + 1;
  const balanced = QUESTIONS.map(([q, o], i) => JSON.stringify({ inputs: { question: q, choices: o }, outputs: { answer: 'CADBAB'[i] } })).join('\n') + '\n';
  ruleTester(answerPositionSkew).run({
    valid: [{ text: balanced, uri: 'examples.jsonl' }],
    invalid: [
      {
        text: mc,
        uri: 'examples.jsonl',
        errors: [{ messageId: 'degenerate', data: { letter: 'C', count: 6, n: 6, degenerate: true }, range: [0, c, 0, c + 1], text: 'C' }],
      },
    ],
  });
});

describe('Cohere chat fine-tuning records', () => {
  const cohere = (labels: string[]) =>
    labels
      .map((l, i) => JSON.stringify({ messages: [{ role: 'System', content: 'Label the review positive or negative.' }, { role: 'User', content: REVIEWS[i] }, { role: 'Chatbot', content: l }] }))
      .join('\n') + '\n';
  const text = cohere(SKEWED);
  const [line, ch] = goldAt(text, 0, '"Chatbot"');
  ruleTester(labelImbalance).run({
    valid: [{ text: cohere(BALANCED), uri: 'train.jsonl' }],
    invalid: [
      {
        text,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 }, exemplars: [0, 1, 3, 4, 5, 6, 7] },
            range: [line, ch, line, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
    ],
  });
});

describe('OpenAI Evals API items', () => {
  const QUESTIONS: [string, string[]][] = [
    ['Which planet is known as the Red Planet?', ['Mars', 'Venus', 'Jupiter', 'Saturn']],
    ['Which gas do plants absorb?', ['Carbon dioxide', 'Oxygen', 'Helium', 'Nitrogen']],
    ['What pumps blood through the body?', ['The heart', 'The liver', 'The lungs', 'The kidneys']],
    ['Which force keeps the Moon in orbit?', ['Gravity', 'Magnetism', 'Friction', 'Air pressure']],
    ['What is the chemical symbol for sodium?', ['Na', 'So', 'Sd', 'S']],
    ['Which part of a cell holds its DNA?', ['The nucleus', 'The wall', 'The ribosome', 'The vacuole']],
    ['How many sides does a hexagon have?', ['Six', 'Five', 'Seven', 'Eight']],
    ['Which metal is liquid at room temperature?', ['Mercury', 'Iron', 'Copper', 'Aluminium']],
    ['What is the largest ocean on Earth?', ['The Pacific', 'The Atlantic', 'The Indian', 'The Arctic']],
    ['Who wrote Romeo and Juliet?', ['William Shakespeare', 'Charles Dickens', 'Jane Austen', 'Mark Twain']],
  ];
  /** `{"item": {"input": "Q\n(A) …", "ideal": "X"}}` per question, the right option (listed first) moved to `golds[i]`. */
  const items = (golds: string) =>
    QUESTIONS.map(([q, [right, ...wrong]], i) => {
      const pos = 'ABCD'.indexOf(golds[i]!);
      const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
      return JSON.stringify({ item: { input: `${q}\n${opts.map((o, k) => `(${'ABCD'[k]}) ${o}`).join('\n')}\nAnswer with the letter only.`, ideal: golds[i] } });
    }).join('\n') + '\n';
  const skewed = items('AAAAAAAAAB');
  const first = skewed.split('\n')[0]!;
  const a = first.indexOf('"A"', first.indexOf('"ideal"')) + 1;
  ruleTester(answerPositionSkew).run({
    valid: [{ text: items('ABCDBADCBC'), uri: 'evals.jsonl' }],
    invalid: [
      {
        text: skewed,
        uri: 'evals.jsonl',
        errors: [
          {
            messageId: 'skewed',
            data: { letter: 'A', count: 9, n: 10, degenerate: false, exemplars: [0, 1, 2, 3, 4, 5, 6, 7, 8] },
            range: [0, a, 0, a + 1],
            text: 'A',
          },
        ],
      },
    ],
  });

  const qa = (labels: string[]) => labels.map((l, i) => JSON.stringify({ item: { question: `Is review ${i + 1} positive? ${REVIEWS[i]}`, answer: l } })).join('\n') + '\n';
  const yes = (ls: string[]) => ls.map((l) => (l === 'positive' ? 'yes' : 'no'));
  const text = qa(yes(SKEWED));
  const line0 = text.split('\n')[0]!;
  const y = line0.indexOf('"yes"', line0.indexOf('"answer"')) + 1;
  ruleTester(labelImbalance).run({
    valid: [{ text: qa(yes(BALANCED)), uri: 'evals.jsonl' }],
    invalid: [
      {
        text,
        uri: 'evals.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'yes', count: 7, n: 8, counts: { yes: 7, no: 1 }, exemplars: [0, 1, 3, 4, 5, 6, 7] },
            range: [0, y, 0, y + 'yes'.length],
            text: 'yes',
          },
        ],
      },
    ],
  });

  it.each([
    ['lettered items', items('ABCDBADCBC')],
    ['question/answer items', qa(yes(BALANCED))],
  ])('the balanced twin lints clean with every rule: %s', (_, balanced) => {
    expect(lint({ uri: 'evals.jsonl', text: balanced }).diagnostics).toEqual([]);
  });
});
