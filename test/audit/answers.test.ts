import { describe, expect, test } from 'vitest';
import { explanationOf, extractAnswer } from '../../server/src/audit/answers.js';

const OPTS = ['Paris', 'London', 'Rome', 'Berlin'];

describe('extractAnswer', () => {
  test.each([
    ["Let's think. The best answer is: (B).", 1, 'answer-phrase'],
    ['So the answer is (C)', 2, 'answer-phrase'],
    ['The answer is D because Berlin is the capital.', 3, 'answer-phrase'],
    ['Reasoning...\nAnswer: A', 0, 'answer-field'],
    ['Answer: (b)', 1, 'answer-field'],
    ['(C)', 2, 'bare-letter'],
    ['B', 1, 'bare-letter'],
    ['I would pick (D), it is the only one that fits.', 3, 'parenthesised-letter'],
    ['Paris', 0, 'option-text'],
    ['Thinking about capitals...\nRome.', 2, 'option-text'],
    ['**The best answer is: (A)**', 0, 'answer-phrase'],
  ])('%j -> %i (%s)', (text, index, via) => {
    expect(extractAnswer(text, OPTS)).toEqual({ index, via });
  });

  test('the last answer statement wins', () => {
    expect(extractAnswer('At first the answer is (A). On reflection, the best answer is: (C).', OPTS)?.index).toBe(2);
  });

  test.each([
    ['I am not sure.'],
    ['(A) and (B) both look plausible and I cannot decide between (A) and (B) here'],
    ['The best answer is: (F).'],
    [''],
  ])('unparseable: %j', (text) => {
    expect(extractAnswer(text, OPTS)).toBeUndefined();
  });

  test('duplicate option texts are never matched by text', () => {
    expect(extractAnswer('N/A', ['N/A', 'N/A', 'N/A'])).toBeUndefined();
  });

  test('labels', () => {
    const labels = ['Positive', 'Negative'];
    expect(extractAnswer('negative', [], labels)).toEqual({ label: 'Negative', via: 'label-word' });
    expect(extractAnswer('Mostly upbeat words. The answer is: Positive.', [], labels)).toEqual({ label: 'Positive', via: 'answer-phrase' });
    expect(extractAnswer('Sentiment: Negative', [], labels)?.label).toBe('Negative');
    expect(extractAnswer('It is neither.', [], labels)).toBeUndefined();
  });

  test('explanationOf drops the final answer statement', () => {
    expect(explanationOf("Let's think. 2 + 2 is 4. The best answer is: (B).")).toBe("Let's think. 2 + 2 is 4.");
  });
});
