/**
 * label-imbalance on integer class ids under keys other than a text's `label`: QQP question pairs
 * `{question1, question2, label}` (GLUE) and a Trainer-ready `{"text", "labels": 3}`; multi-label
 * lists (`"label": [0, 3]`, `"labels": [..]`) are no gold. Exact rule id, message, data and range,
 * balanced twins valid, and a full lint of each twin.
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { lint } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/config/schema';
import { diagnosticsOf, ruleTester } from './helpers';
import { REVIEWS } from '../support/review-texts';

const SKEWED = [1, 1, 0, 1, 1, 1, 1, 1, 1, 1];
const BALANCED = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0];
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Ten QQP-like question pairs. */
const QUESTIONS: [string, string][] = [
  ['How do I learn Python quickly?', 'What is the fastest way to learn Python?'],
  ['Why is the sky blue?', 'What makes the sky look blue?'],
  ['What is the capital of Australia?', 'Is Sydney the capital of Australia?'],
  ['How can I reset my iPhone?', 'How do I factory reset an iPhone?'],
  ['How do airplanes stay in the air?', 'What keeps a plane flying?'],
  ['Is coffee bad for your health?', 'Does drinking coffee harm you?'],
  ['What are good books on economics?', 'Which economics books should a beginner read?'],
  ['How do I improve my handwriting?', 'What are tips for neater handwriting?'],
  ['What causes earthquakes?', 'Why does the ground shake in an earthquake?'],
  ['How do I cook rice?', 'What is the best way to make rice?'],
];
const qqp = (labels: number[]) => jsonl(labels.map((label, idx) => ({ question1: QUESTIONS[idx]![0], question2: QUESTIONS[idx]![1], label, idx })));
const trainer = (labels: number[]) => jsonl(labels.map((labels, i) => ({ text: REVIEWS[i], labels })));

/** 0-based [line, character] of the value of `key` in line `i` of a JSONL text (JSON.stringify's `"key":`, no space). */
function valueAt(text: string, i: number, key: string): [number, number] {
  const line = text.split('\n')[i]!;
  return [i, line.indexOf(`"${key}":`) + key.length + 3];
}

describe('QQP-like JSONL: {question1, question2, label: 0|1, idx}', () => {
  const text = qqp(SKEWED);
  const [line, ch] = valueAt(text, 0, 'label');
  ruleTester(labelImbalance).run({
    valid: [{ text: qqp(BALANCED), uri: 'qqp.jsonl' }],
    invalid: [
      {
        text,
        uri: 'qqp.jsonl',
        errors: [
          {
            messageId: 'imbalancedId',
            message: 'Label 1 is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).',
            data: { label: '1', count: 9, n: 10, counts: { '1': 9, '0': 1 }, labels: 2, classIds: true, exemplars: [0, 1, 3, 4, 5, 6, 7, 8, 9] },
            range: [line, ch, line, ch + 1],
            text: '1',
            severity: 'warning',
          },
        ],
      },
    ],
  });
});

describe('Trainer-ready JSONL: {text, labels: 0|1}', () => {
  const text = trainer(SKEWED);
  const [line, ch] = valueAt(text, 0, 'labels');
  ruleTester(labelImbalance).run({
    valid: [{ text: trainer(BALANCED), uri: 'train.jsonl' }],
    invalid: [
      {
        text,
        uri: 'train.jsonl',
        errors: [
          {
            messageId: 'imbalancedId',
            message: 'Label 1 is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).',
            data: { label: '1', count: 9, n: 10, counts: { '1': 9, '0': 1 }, labels: 2, classIds: true },
            range: [line, ch, line, ch + 1],
            text: '1',
          },
        ],
      },
    ],
  });
});

describe('a full lint', () => {
  for (const [name, make] of [['qqp', qqp], ['trainer', trainer]] as const) {
    it(`${name}: the skewed twin is reported by label-imbalance, the balanced twin by nothing`, () => {
      const skewed = lint({ uri: `${name}.jsonl`, text: make(SKEWED) }, defaultConfig()).diagnostics;
      expect(skewed.map((d) => [d.ruleId, d.message])).toEqual([['label-imbalance', 'Label 1 is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).']]);
      expect(lint({ uri: `${name}.jsonl`, text: make(BALANCED) }, defaultConfig()).diagnostics).toEqual([]);
    });
  }
});

describe('numbers and lists that stay no class ids', () => {
  const cases: { name: string; text: string }[] = [
    // GSM8K-like answers under `labels` next to a question: values, not read.
    { name: 'labels next to a question', text: jsonl(SKEWED.map((l, i) => ({ question: `A shelf holds ${i + 2} boxes of ${l + 3} cans. How many cans?`, labels: (i + 2) * (l + 3) }))) },
    // Counts 2..6 (no 0 or 1) under `labels`.
    { name: 'counts under labels', text: jsonl(SKEWED.map((l, i) => ({ text: REVIEWS[i], labels: l + 3 }))) },
    // A -1 among the ids (an unlabelled record) makes the set no id set.
    { name: 'a -1 under labels', text: jsonl(SKEWED.map((l, i) => ({ text: REVIEWS[i], labels: i === 4 ? -1 : l }))) },
    // Ratings with a 2.5 among them.
    { name: 'a 2.5 under labels', text: jsonl(SKEWED.map((l, i) => ({ text: REVIEWS[i], labels: i === 4 ? 2.5 : l }))) },
    // QQP-like scores (STS-B) under `label`.
    { name: 'QQP-like pairs with float scores', text: jsonl(SKEWED.map((l, i) => ({ question1: QUESTIONS[i]![0], question2: QUESTIONS[i]![1], label: l + 0.5 }))) },
    // Multi-label lists: a list of ids is no single gold.
    { name: 'label: [..] lists', text: jsonl(SKEWED.map((l, i) => ({ text: REVIEWS[i], label: i % 3 === 0 ? [l, 3] : [l] }))) },
    { name: 'labels: [..] lists', text: jsonl(SKEWED.map((l, i) => ({ text: REVIEWS[i], labels: i % 3 === 0 ? [l, 3] : [l] }))) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(diagnosticsOf(labelImbalance, { text: c.text, uri: 'x.jsonl' }).map((d) => d.message)).toEqual([]);
    });
  }
});
