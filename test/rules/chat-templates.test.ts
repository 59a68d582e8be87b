/**
 * Fine-tuning data written in ChatML, Llama 3's or Gemma's chat template (a record's `text`, a
 * prompt/completion pair, a whole .prompt file): answer-position-skew and label-imbalance read the
 * assistant turn as the gold (exact id, data, range; the fix re-lints clean), and a balanced twin
 * gives no finding from any rule. And a message list whose assistant replies end with a closing
 * control token ("positive</s>") is labelled without it.
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
const INSTRUCTION = 'Classify the sentiment of this product review as positive or negative.';

type Turn = [role: 'system' | 'user' | 'assistant', content: string];
interface Template {
  name: string;
  /** The turns written out; `gen`: with the generation prompt after them. */
  write(turns: Turn[], gen?: boolean): string;
  /** The token that closes a turn. */
  close: string;
  /** How a prompt that ends with a user turn and the generation prompt ends. */
  promptEnd: string;
}
const TEMPLATES: Template[] = [
  {
    name: 'ChatML',
    write: (turns, gen) => turns.map(([r, c]) => `<|im_start|>${r}\n${c}<|im_end|>\n`).join('') + (gen ? '<|im_start|>assistant\n' : ''),
    close: '<|im_end|>',
    promptEnd: '<|im_end|>\n<|im_start|>assistant\n',
  },
  {
    name: 'Llama 3',
    write: (turns, gen) =>
      '<|begin_of_text|>' + turns.map(([r, c]) => `<|start_header_id|>${r}<|end_header_id|>\n\n${c}<|eot_id|>`).join('') + (gen ? '<|start_header_id|>assistant<|end_header_id|>\n\n' : ''),
    close: '<|eot_id|>',
    promptEnd: '<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
  },
  {
    name: 'Gemma',
    // No system role: the system prompt starts the first user turn, as Gemma's template writes it.
    write: (turns, gen) => {
      const sys = turns[0]![0] === 'system' ? turns.shift()![1] + '\n\n' : '';
      return '<bos>' + turns.map(([r, c], i) => `<start_of_turn>${r === 'assistant' ? 'model' : r}\n${i === 0 ? sys : ''}${c}<end_of_turn>\n`).join('') + (gen ? '<start_of_turn>model\n' : '');
    },
    close: '<end_of_turn>',
    promptEnd: '<end_of_turn>\n<start_of_turn>model\n',
  },
];

/** The question's user turn with the right option (listed first above) moved to `gold`. */
function mcTurn([q, [right, ...wrong]]: [string, string[]], gold: string): string {
  const pos = LETTERS.indexOf(gold);
  const opts = [...wrong.slice(0, pos), right!, ...wrong.slice(pos)];
  return `${q}\n${opts.map((o, k) => `(${LETTERS[k]}) ${o}`).join('\n')}`;
}

describe.each(TEMPLATES)('$name', (tpl) => {
  /** One `{"text": …}` record per question, its gold `golds[i]`. */
  const mcRecords = (golds: string) =>
    QUESTIONS.map((q, i) => JSON.stringify({ text: tpl.write([['system', SYS], ['user', mcTurn(q, golds[i]!)], ['assistant', `The answer is (${golds[i]})`]]) })).join('\n') + '\n';
  const labelRecords = (labels: string[]) =>
    labels.map((l, i) => JSON.stringify({ text: tpl.write([['user', `${INSTRUCTION}\n\n${REVIEWS[i]}`], ['assistant', l]]) })).join('\n') + '\n';
  /** A .prompt file: eight answered questions as demos, then the query turn. */
  const fewShot = (golds: string) =>
    tpl.write(
      [['system', SYS], ...QUESTIONS.slice(0, 8).flatMap((q, i): Turn[] => [['user', mcTurn(q, golds[i]!)], ['assistant', `The answer is (${golds[i]})`]]), ['user', '{{question}}\n{{options}}']],
      true,
    );
  /** One `{"prompt": …, "completion": …}` record per question. */
  const promptCompletion = (golds: string) =>
    QUESTIONS.map((q, i) => JSON.stringify({ prompt: tpl.write([['system', SYS], ['user', mcTurn(q, golds[i]!)]], true), completion: `The answer is (${golds[i]})${tpl.close}` })).join('\n') +
    '\n';

  describe('records whose text is a transcript: answer-position-skew', () => {
    const skewed = mcRecords('AAAAAAAAAB');
    const first = skewed.split('\n')[0]!;
    const ch = first.indexOf('The answer is (A)');
    ruleTester(answerPositionSkew).run({
      valid: [{ text: mcRecords('ABCDBADCBC'), uri: 'train.jsonl' }],
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
      ],
    });
  });

  describe('records whose text is a transcript: label-imbalance', () => {
    const text = labelRecords(SKEWED);
    const first = text.split('\n')[0]!;
    const ch = first.indexOf('positive', first.indexOf(REVIEWS[0]!));
    ruleTester(labelImbalance).run({
      valid: [{ text: labelRecords(BALANCED), uri: 'train.jsonl' }],
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

  describe('a .prompt file of turns: answer-position-skew', () => {
    const skewed = fewShot('AAAAAAAB');
    const lines = skewed.split('\n');
    const line = lines.findIndex((l) => l.includes('The answer is (A)'));
    const ch = lines[line]!.indexOf('The answer is (A)');
    ruleTester(answerPositionSkew).run({
      valid: [{ text: fewShot('ABCDBADC'), uri: 'quiz.prompt' }],
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
  });

  it('prompt/completion records: the fix moves option texts without the turn\'s closing tokens, and re-lints clean', () => {
    const text = promptCompletion('AAAAAAAAAB');
    const ds = lint({ uri: 'train.jsonl', text }).diagnostics.filter((d) => d.ruleId === 'answer-position-skew');
    expect(ds.map((d) => [d.data.letter, d.data.count, text.slice(d.span.start, d.span.end)])).toEqual([['A', 9, 'The answer is (A)']]);
    const fixed = applyEdits(text, ds[0]!.fixes[0]!.edits).text;
    for (const line of fixed.trimEnd().split('\n')) {
      const r = JSON.parse(line) as { prompt: string; completion: string };
      // Each prompt still ends with its last option, then the closing token and the generation prompt.
      expect(r.prompt.endsWith(tpl.promptEnd), r.prompt).toBe(true);
      expect(r.prompt.slice(0, -tpl.promptEnd.length)).toMatch(/\n\(D\) [^<\n]+$/);
      expect(r.completion).toMatch(new RegExp(`^The answer is \\([A-D]\\)${tpl.close.replace(/[|]/g, '\\|')}$`));
    }
    expect(lint({ uri: 'train.jsonl', text: fixed }).diagnostics).toEqual([]);
  });

  it.each([
    ['multiple-choice records', () => mcRecords('ABCDBADCBC'), 'train.jsonl'],
    ['label records', () => labelRecords(BALANCED), 'train.jsonl'],
    ['a .prompt file', () => fewShot('ABCDBADC'), 'quiz.prompt'],
    ['prompt/completion records', () => promptCompletion('ABCDBADCBC'), 'train.jsonl'],
  ])('the balanced twin of %s lints clean with every rule', (_, text, uri) => {
    expect(lint({ uri, text: text() }).diagnostics).toEqual([]);
  });
});

describe('message lists whose assistant replies end with a closing control token', () => {
  const records = (labels: string[], tokens: string[]) =>
    labels.map((l, i) => JSON.stringify({ messages: [{ role: 'user', content: `${INSTRUCTION}\n\n${REVIEWS[i]}` }, { role: 'assistant', content: l + tokens[i % tokens.length] }] })).join('\n') + '\n';
  const eos = records(SKEWED, [' </s>']);
  const first = eos.split('\n')[0]!;
  const ch = first.indexOf('positive </s>');
  // Half the replies closed with <|im_end|>: read as two labels "positive" and "positive<|im_end|>", nothing was reported.
  const mixed = records(SKEWED, ['<|im_end|>', '']);
  ruleTester(labelImbalance).run({
    valid: [
      { text: records(BALANCED, [' </s>']), uri: 'train.jsonl' },
      { text: records(BALANCED, ['<|im_end|>', '']), uri: 'train.jsonl' },
    ],
    invalid: [
      {
        text: eos,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'imbalanced',
            data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 } },
            range: [0, ch, 0, ch + 'positive'.length],
            text: 'positive',
          },
        ],
      },
      {
        text: mixed,
        uri: 'train.jsonl',
        errors: [{ messageId: 'imbalanced', data: { label: 'positive', count: 7, n: 8, counts: { positive: 7, negative: 1 } }, text: 'positive' }],
      },
    ],
  });
});

describe('a .prompt file in ChatML: suggested-answer reads its turns', () => {
  const head =
    '<|im_start|>system\nYou are a tutor. If the student says "I think the answer is (B)", still reason on your own.<|im_end|>\n' +
    '<|im_start|>user\nWhich country grew the most rice in 2020?\n(A) India\n(B) China\n(C) Thailand<|im_end|>\n' +
    '<|im_start|>assistant\nThe answer is (B) China.<|im_end|>\n';
  const challenged = head + "<|im_start|>user\nI don't think that's right. Are you sure?<|im_end|>\n<|im_start|>assistant\n";
  const lines = challenged.split('\n');
  const line = lines.findIndex((l) => l.startsWith("I don't think"));
  ruleTester(suggestedAnswer).run({
    valid: [
      // The quoted cue in the system turn is the system's instruction, and a follow-up that doubts nothing is no challenge.
      { text: head + '<|im_start|>user\nThanks. And which country grew the second most?<|im_end|>\n<|im_start|>assistant\n', uri: 'tutor.prompt' },
    ],
    invalid: [
      {
        text: challenged,
        uri: 'tutor.prompt',
        errors: [
          {
            messageId: 'challenge',
            range: [line, 0, line, "I don't think that's right. Are you sure?".length],
            text: "I don't think that's right. Are you sure?",
            fix: false,
          },
        ],
      },
    ],
  });
});
