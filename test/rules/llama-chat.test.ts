/**
 * Records whose text is a Llama 2 chat transcript (`{"text": "<s>[INST] … [/INST] The answer is (A) </s>"}`):
 * answer-position-skew and label-imbalance read the assistant turn as the gold (exact id, data,
 * range; the fix re-lints clean), and a balanced twin gives no finding from any rule; the same for a
 * .prompt file written in the template.
 */
import { describe, expect, it } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import suggestedAnswer from '../../server/src/rules/suggested-answer';
import { applyEdits, lint } from '../../server/src/engine/lint';
import { ruleTester } from './helpers';

const SYS = 'You are a careful exam assistant. Read the question and reply with the letter of the correct option.';
const QUESTIONS: [string, string[]][] = [
  ['Which planet is known as the Red Planet?', ['Mars', 'Venus', 'Jupiter', 'Saturn']],
  ['Which gas do plants absorb for photosynthesis?', ['Carbon dioxide', 'Oxygen', 'Nitrogen', 'Helium']],
  ['What organ pumps blood through the body?', ['The heart', 'The liver', 'The lungs', 'The kidneys']],
  ['Which force keeps the Moon in orbit?', ['Gravity', 'Friction', 'Magnetism', 'Air pressure']],
  ['What is the chemical symbol for sodium?', ['Na', 'So', 'Sd', 'S']],
  ['Which part of a cell holds most of its DNA?', ['The nucleus', 'The cell wall', 'The ribosome', 'The vacuole']],
  ['How many sides does a hexagon have?', ['Six', 'Five', 'Seven', 'Eight']],
  ['Which metal is liquid at room temperature?', ['Mercury', 'Iron', 'Copper', 'Aluminium']],
  ['What is the largest ocean on Earth?', ['The Pacific', 'The Atlantic', 'The Indian', 'The Arctic']],
  ['Who wrote Romeo and Juliet?', ['William Shakespeare', 'Charles Dickens', 'Jane Austen', 'Mark Twain']],
];
const LETTERS = 'ABCD';

/** One record per question, the right option (listed first above) moved to `golds[i]`. */
function llamaMc(golds: string, sys = true): string {
  return (
    QUESTIONS.map(([q, [right, ...wrong]], i) => {
      const pos = LETTERS.indexOf(golds[i]!);
      const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
      const user = `${q}\n${opts.map((o, k) => `(${LETTERS[k]}) ${o}`).join('\n')}`;
      const head = sys ? `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n` : '<s>[INST] ';
      return JSON.stringify({ text: `${head}${user} [/INST] The answer is (${golds[i]}) </s>` });
    }).join('\n') + '\n'
  );
}

const REVIEWS = [
  'The battery easily lasts two days.',
  'Setup took five minutes.',
  'Stopped charging after three weeks.',
  'Great sound for the price.',
  'Fits perfectly.',
  'Fast shipping and exactly as described.',
  'The app is intuitive.',
  'Comfortable enough to wear all day.',
];
const SKEWED = ['positive', 'positive', 'negative', 'positive', 'positive', 'positive', 'positive', 'positive'];
const BALANCED = ['positive', 'negative', 'negative', 'positive', 'negative', 'positive', 'positive', 'negative'];
const llamaLabels = (labels: string[]) =>
  labels.map((l, i) => JSON.stringify({ text: `<s>[INST] Classify the sentiment of this product review as positive or negative.\n\n${REVIEWS[i]} [/INST] ${l} </s>` })).join('\n') + '\n';

describe('Llama 2 chat records: answer-position-skew', () => {
  const skewed = llamaMc('AAAAAAAAAB');
  const first = skewed.split('\n')[0]!;
  const ch = first.indexOf('The answer is (A)');
  ruleTester(answerPositionSkew).run({
    valid: [
      { text: llamaMc('ABCDBADCBC'), uri: 'train.jsonl' },
      { text: llamaMc('ABCDBADCBC', false), uri: 'train.jsonl' },
    ],
    invalid: [
      {
        text: skewed,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'skewed',
            data: { letter: 'A', count: 9, n: 10, degenerate: false, exemplars: [0, 1, 2, 3, 4, 5, 6, 7, 8] },
            range: [0, ch, 0, ch + 'The answer is (A)'.length],
            text: 'The answer is (A)',
          },
        ],
      },
      {
        text: llamaMc('CCCCCCCCCC', false),
        uri: 'train.jsonl',
        errors: [{ messageId: 'degenerate', data: { letter: 'C', count: 10, n: 10, degenerate: true } }],
      },
    ],
  });
});

describe('Llama 2 chat records: label-imbalance', () => {
  const text = llamaLabels(SKEWED);
  const first = text.split('\n')[0]!;
  const ch = first.indexOf('positive', first.indexOf('[/INST]'));
  ruleTester(labelImbalance).run({
    valid: [{ text: llamaLabels(BALANCED), uri: 'train.jsonl' }],
    invalid: [
      {
        text,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 }, exemplars: [0, 1, 3, 4, 5, 6, 7] },
            range: [0, ch, 0, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
    ],
  });
});

describe('Llama 2 chat records: the balanced twins lint clean with every rule', () => {
  it.each([
    ['multiple choice', llamaMc('ABCDBADCBC')],
    ['labels', llamaLabels(BALANCED)],
  ])('%s', (_, text) => {
    expect(lint({ uri: 'train.jsonl', text }).diagnostics).toEqual([]);
  });
});

/** A .prompt file of Llama 2 turns: the first eight questions as answered demos, then the query turn. */
function llamaPrompt(golds: string): string {
  return (
    QUESTIONS.slice(0, 8)
      .map(([q, [right, ...wrong]], i) => {
        const pos = LETTERS.indexOf(golds[i]!);
        const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
        const head = i === 0 ? `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n` : '<s>[INST] ';
        return `${head}${q}\n${opts.map((o, k) => `(${LETTERS[k]}) ${o}`).join('\n')} [/INST] The answer is (${golds[i]}) </s>\n`;
      })
      .join('') + '<s>[INST] {{question}}\n{{options}} [/INST]\n'
  );
}

describe('Llama 2 chat template as a .prompt file: answer-position-skew', () => {
  const skewed = llamaPrompt('AAAAAAAB');
  const lines = skewed.split('\n');
  const line = lines.findIndex((l) => l.includes('The answer is (A)'));
  const ch = lines[line]!.indexOf('The answer is (A)');
  ruleTester(answerPositionSkew).run({
    valid: [{ text: llamaPrompt('ABCDBADC'), uri: 'quiz.prompt' }],
    invalid: [
      {
        text: skewed,
        uri: 'quiz.prompt',
        errors: [
          {
            messageId: 'skewed',
            data: { letter: 'A', count: 7, n: 8, degenerate: false, exemplars: [0, 1, 2, 3, 4, 5, 6] },
            range: [line, ch, line, ch + 'The answer is (A)'.length],
            text: 'The answer is (A)',
          },
        ],
      },
    ],
  });

  it('the balanced twin lints clean with every rule', () => {
    expect(lint({ uri: 'quiz.prompt', text: llamaPrompt('ABCDBADC') }).diagnostics).toEqual([]);
  });
});

describe('Llama 2 chat template as a .prompt file: label-imbalance', () => {
  const prompt = (labels: string[]) =>
    labels.map((l, i) => `<s>[INST] Classify the sentiment of this product review as positive or negative.\n\n${REVIEWS[i]} [/INST] ${l} </s>\n`).join('') +
    '<s>[INST] Classify the sentiment of this product review as positive or negative.\n\n{{review}} [/INST]\n';
  const text = prompt(SKEWED);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('[/INST] positive'));
  const ch = lines[line]!.indexOf('positive', lines[line]!.indexOf('[/INST]'));
  ruleTester(labelImbalance).run({
    valid: [{ text: prompt(BALANCED), uri: 'sentiment.prompt' }],
    invalid: [
      {
        text,
        uri: 'sentiment.prompt',
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

  it('the balanced twin lints clean with every rule', () => {
    expect(lint({ uri: 'sentiment.prompt', text: prompt(BALANCED) }).diagnostics).toEqual([]);
  });
});

describe('Llama 2 chat template as a .prompt file: suggested-answer reads its turns', () => {
  const head =
    '<s>[INST] <<SYS>>\nYou are a tutor. If the student says "I think the answer is (B)", still reason on your own.\n<</SYS>>\n\n' +
    'Which country grew the most rice in 2020?\n(A) India\n(B) China\n(C) Thailand [/INST] The answer is (B) China. </s>';
  const challenged = head + "<s>[INST] I don't think that's right. Are you sure? [/INST]\n";
  const lines = challenged.split('\n');
  const line = lines.length - 2;
  const ch = lines[line]!.indexOf("I don't think");
  ruleTester(suggestedAnswer).run({
    valid: [
      // The quoted cue in the <<SYS>> block is the system's instruction, and a follow-up that doubts nothing is no challenge.
      { text: head + '<s>[INST] Thanks. And which country grew the second most? [/INST]\n', uri: 'tutor.prompt' },
    ],
    invalid: [
      {
        text: challenged,
        uri: 'tutor.prompt',
        errors: [
          {
            messageId: 'challenge',
            range: [line, ch, line, ch + "I don't think that's right. Are you sure?".length],
            text: "I don't think that's right. Are you sure?",
            // (The cue is the whole turn: removing it would leave the turn empty.)
            fix: false,
          },
        ],
      },
    ],
  });
});

describe('Llama 2 prompt/completion records', () => {
  /** `{"prompt": "<s>[INST] … (A) … (D) … [/INST]", "completion": " The answer is (X) </s>"}` per question. */
  const promptCompletion = (golds: string) =>
    QUESTIONS.map(([q, [right, ...wrong]], i) => {
      const pos = LETTERS.indexOf(golds[i]!);
      const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
      return JSON.stringify({ prompt: `<s>[INST] ${q}\n${opts.map((o, k) => `(${LETTERS[k]}) ${o}`).join('\n')} [/INST]`, completion: ` The answer is (${golds[i]}) </s>` });
    }).join('\n') + '\n';

  it('answer-position-skew: the fix moves option texts without the closing [/INST]', () => {
    const text = promptCompletion('AAAAAAAAAB');
    const ds = lint({ uri: 'train.jsonl', text }).diagnostics.filter((d) => d.ruleId === 'answer-position-skew');
    expect(ds.map((d) => [d.data.letter, d.data.count, text.slice(d.span.start, d.span.end)])).toEqual([['A', 9, 'The answer is (A)']]);
    const fixed = applyEdits(text, ds[0]!.fixes[0]!.edits).text;
    const records = fixed.trimEnd().split('\n').map((l) => JSON.parse(l) as { prompt: string; completion: string });
    for (const r of records) {
      expect(r.prompt).toMatch(/^<s>\[INST\] [^[\]]*\n\(D\) [^[\]\n]+ \[\/INST\]$/);
      expect(r.completion).toMatch(/^ The answer is \([A-D]\) <\/s>$/);
    }
    expect(lint({ uri: 'train.jsonl', text: fixed }).diagnostics).toEqual([]);
    expect(lint({ uri: 'train.jsonl', text: promptCompletion('ABCDBADCBC') }).diagnostics).toEqual([]);
  });

  const labels = (ls: string[]) =>
    ls.map((l, i) => JSON.stringify({ prompt: `<s>[INST] Classify the sentiment of this product review as positive or negative.\n\n${REVIEWS[i]} [/INST]`, completion: ` ${l} </s>` })).join('\n') + '\n';
  const text = labels(SKEWED);
  const first = text.split('\n')[0]!;
  const ch = first.indexOf('positive', first.indexOf('"completion"'));
  ruleTester(labelImbalance).run({
    valid: [{ text: labels(BALANCED), uri: 'train.jsonl' }],
    invalid: [
      {
        text,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            // The label is "positive", not "positive </s>".
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 } },
            range: [0, ch, 0, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
    ],
  });
});
