/**
 * Llama 2's chat template written out in a record's text (`{"text": "<s>[INST] <<SYS>>\n…\n<</SYS>>\n\n…
 * [/INST] … </s>"}`, as SFT datasets hold it): the [INST] part is the user turn, the text after
 * [/INST] the assistant's, the <<SYS>> block the system prompt (llama-chat.ts, records.ts recordOf);
 * and the same template as a whole .prompt file (text.ts parseTextDocument).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { parseTextDocument } from '../../server/src/parse/text';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

const SYS = 'You are a careful exam assistant. Reply with the letter of the correct option.';
const MC = 'Which planet is known as the Red Planet?\n(A) Venus\n(B) Mars\n(C) Jupiter';

describe('Llama 2 chat template in a record: {"text": "<s>[INST] … [/INST] … </s>"}', () => {
  it('reads the system block, the user turn and the answer, with their source spans', () => {
    const text = jsonl([{ text: `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n${MC} [/INST] The answer is (B) </s>` }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.testInputs).toEqual([]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('chat');
    expect(set.kind).toBe('dataset');
    const ex = set.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(ex.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Venus'],
      ['B', 'Mars'],
      ['C', 'Jupiter'],
    ]);
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.span)).toBe('The answer is (B)');
    expect(at(text, ex.answer!.letterSpan)).toBe('B');
    expect(at(text, ex.span)).toBe(text.trimEnd());
    expect(doc.messages.map((m) => [m.role, m.content.text])).toEqual([
      ['system', SYS],
      ['user', MC],
      ['assistant', 'The answer is (B)'],
    ]);
    // Spans in the source (the JSON escapes "\n" as two characters): in order, only white space between turns.
    expect(doc.messages.map((m) => at(text, m.span))).toEqual([
      `<s>[INST] <<SYS>>\\n${SYS}\\n<</SYS>>`,
      MC.replace(/\n/g, '\\n'),
      '[/INST] The answer is (B) </s>',
    ]);
    expect(doc.messages.map((m) => at(text, m.roleSpan))).toEqual(['<<SYS>>', '[INST]', '[/INST]']);
  });

  it('reads a record without <<SYS>> (a classifier demo) as a user turn and its label', () => {
    const text = jsonl([
      { text: '<s>[INST] Classify the sentiment of this review as positive or negative.\n\nBattery lasts two days. [/INST] positive </s>' },
      { text: '<s>[INST] Classify the sentiment of this review as positive or negative.\n\nBroke after a week. [/INST] negative </s>' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label]))).toEqual([
      [
        ['Classify the sentiment of this review as positive or negative.\n\nBattery lasts two days.', 'positive'],
        ['Classify the sentiment of this review as positive or negative.\n\nBroke after a week.', 'negative'],
      ],
    ]);
    const second = doc.exemplarSets[0]!.exemplars[1]!;
    expect(at(text, second.answer!.span)).toBe('negative');
    expect(second.answer!.span.start).toBe(text.lastIndexOf('negative'));
  });

  it('reads several turns: the last answered one is the record, the earlier ones its demos', () => {
    const text = jsonl([
      { text: '<s>[INST] Is 7 prime? [/INST] yes </s><s>[INST] Is 9 prime? [/INST] no </s>' },
      { text: '[INST] Is 4 prime? [/INST] no</s>[INST] Is 5 prime? [/INST] yes' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const dataset = doc.exemplarSets.find((s) => s.kind === 'dataset')!;
    expect(dataset.exemplars.map((e) => [e.question?.text, e.answer?.label])).toEqual([
      ['Is 9 prime?', 'no'],
      ['Is 5 prime?', 'yes'],
    ]);
    expect(doc.messages.map((m) => [m.role, m.content.text])).toEqual([
      ['user', 'Is 7 prime?'],
      ['assistant', 'yes'],
      ['user', 'Is 9 prime?'],
      ['assistant', 'no'],
      ['user', 'Is 4 prime?'],
      ['assistant', 'no'],
      ['user', 'Is 5 prime?'],
      ['assistant', 'yes'],
    ]);
    expect(doc.messages.map((m) => at(text, m.span))).toEqual([
      '<s>[INST] Is 7 prime?',
      '[/INST] yes </s>',
      '<s>[INST] Is 9 prime?',
      '[/INST] no </s>',
      '[INST] Is 4 prime?',
      '[/INST] no</s>',
      '[INST] Is 5 prime?',
      '[/INST] yes',
    ]);
  });

  it('an unanswered last turn is a test input: the user turn alone', () => {
    const text = jsonl([{ text: `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n${MC} [/INST]` }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs).toHaveLength(1);
    const t = doc.testInputs[0]!;
    expect(t.text.text).toBe(MC);
    expect(at(text, t.span)).toBe(MC.replace(/\n/g, '\\n'));
    expect(t.options.map((o) => o.letter)).toEqual(['A', 'B', 'C']);
  });

  it('maps spans through JSON escapes', () => {
    const text = '{"text": "<s>[INST] Caf\\u00e9 review: \\"great\\" [/INST] positive </s>"}\n{"text": "[INST] Awful. [/INST] negative"}\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('Café review: "great"');
    expect(at(text, a!.question!.sourceSpan())).toBe('Caf\\u00e9 review: \\"great\\"');
    expect(at(text, a!.answer!.span)).toBe('positive');
    expect(at(text, b!.answer!.span)).toBe('negative');
  });

  it('reads the same records in a JSON array', () => {
    const text = JSON.stringify([{ text: '<s>[INST] Loved it. [/INST] positive </s>' }, { text: '<s>[INST] Hated it. [/INST] negative </s>' }], null, 2);
    const doc = parseStructuredDocument('x.json', text, 'json');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => e.answer?.label))).toEqual([['positive', 'negative']]);
  });

  it('is not read when the text is not only such a transcript', () => {
    const texts = [
      // Text before the first [INST]: a prompt that mentions the format.
      'Wrap each user turn in [INST] and [/INST], e.g. [INST] Hi [/INST] Hello </s>',
      // Words after the last </s>.
      '<s>[INST] Is 7 prime? [/INST] yes </s> (from the maths set)',
      // <<SYS>> without <</SYS>>, and <<SYS>> in a later turn.
      '<s>[INST] <<SYS>>\nBe brief.\n\nIs 7 prime? [/INST] yes </s>',
      '<s>[INST] Is 7 prime? [/INST] yes </s><s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nIs 9 prime? [/INST] no </s>',
      // An [INST] never closed, an unanswered turn before another, an empty user turn.
      '<s>[INST] Is 7 prime? yes </s>',
      '<s>[INST] Is 7 prime? [/INST] </s><s>[INST] Is 9 prime? [/INST] no </s>',
      '<s>[INST]  [/INST] yes </s>',
    ];
    for (const t of texts) {
      const doc = parseJsonlDocument('x.jsonl', jsonl([{ text: t }]));
      expect(doc.messages, t).toEqual([]);
      expect(doc.exemplarSets, t).toEqual([]);
      // Read as before: the text is the record's test input.
      expect(doc.testInputs.map((i) => i.text.text), t).toEqual([t.trim()]);
    }
  });

  it('a record with a gold of its own is read as before', () => {
    const text = jsonl([{ text: '<s>[INST] Loved it. [/INST] positive </s>', label: 'positive' }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.messages).toEqual([]);
    expect(doc.exemplarSets[0]!.shape).toBe('record');
    expect(doc.exemplarSets[0]!.exemplars[0]!.question!.text).toBe('<s>[INST] Loved it. [/INST] positive </s>');
  });
});

describe('Llama 2 chat template as a whole .prompt file', () => {
  const prompt =
    `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n${MC} [/INST] The answer is (B) </s>` +
    '<s>[INST] Which gas do plants absorb?\n(A) Carbon dioxide\n(B) Oxygen\n(C) Helium [/INST] The answer is (A) </s>\n' +
    '<s>[INST] {{question}} [/INST]\n';

  it('reads the answered turns as demos and the last user turn as the query', () => {
    const doc = parseTextDocument('x.prompt', prompt, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('chat');
    expect(set.kind).toBe('demos');
    expect(set.exemplars.map((e) => [e.question?.text, e.answer?.letter, at(prompt, e.answer?.span)])).toEqual([
      ['Which planet is known as the Red Planet?', 'B', 'The answer is (B)'],
      ['Which gas do plants absorb?', 'A', 'The answer is (A)'],
    ]);
    expect(at(prompt, set.exemplars[1]!.span)).toBe('<s>[INST] Which gas do plants absorb?\n(A) Carbon dioxide\n(B) Oxygen\n(C) Helium [/INST] The answer is (A) </s>');
    expect(doc.testInputs.map((t) => [t.text.text, at(prompt, t.span)])).toEqual([['{{question}}', '<s>[INST] {{question}}']]);
    expect(doc.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(at(prompt, doc.messages[0]!.span)).toBe(`<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>`);
    expect(doc.variables.map((v) => v.name)).toEqual(['question']);
  });

  it('reads the labels of classifier turns ("… [/INST] positive </s>"), which the labelled-field reading did not', () => {
    const text =
      ['Loved it.', 'Broke at once.', 'Works well.'].map((r, i) => `<s>[INST] Review: ${r}\nSentiment: [/INST] ${['positive', 'negative', 'positive'][i]} </s>\n`).join('') +
      '<s>[INST] Review: {{review}}\nSentiment: [/INST]\n';
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label]))).toEqual([
      [
        ['Review: Loved it.\nSentiment:', 'positive'],
        ['Review: Broke at once.\nSentiment:', 'negative'],
        ['Review: Works well.\nSentiment:', 'positive'],
      ],
    ]);
    // The query's labelled fields are read as in any user turn: its question is the review slot.
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['{{review}}']);
  });

  it('a prompt that describes the template, or has text around the turns, is read as before', () => {
    for (const text of [
      'Convert the log to the Llama 2 format: wrap each user turn in [INST] and [/INST] and end each answer with </s>.\n',
      'Examples:\n<s>[INST] Loved it. [/INST] positive </s>\n<s>[INST] Hated it. [/INST] negative </s>\n',
      '<s>[INST] Loved it. [/INST] positive </s>\nNow classify the next review.\n',
    ]) {
      const doc = parseTextDocument('x.prompt', text, 'text');
      expect(doc.messages.map((m) => m.role), text).toEqual(['user']);
      expect(doc.exemplarSets, text).toEqual([]);
    }
  });
});

describe('Llama 2 prompt/completion records: {"prompt": "<s>[INST] … [/INST]", "completion": " positive </s>"}', () => {
  it('reads the prompt\'s last [INST] turn as the question and the completion, without its </s>, as the answer', () => {
    const text = jsonl([
      { prompt: `<s>[INST] <<SYS>>\n${SYS}\n<</SYS>>\n\n${MC} [/INST]`, completion: ' The answer is (B) </s>' },
      { prompt: '<s>[INST] Is 9 prime? [/INST]', completion: ' no</s>' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const [mc, yn] = doc.exemplarSets[0]!.exemplars;
    expect(doc.exemplarSets[0]!.shape).toBe('chat');
    expect(mc!.question!.text).toBe('Which planet is known as the Red Planet?');
    // The last option ends before " [/INST]".
    expect(mc!.options.map((o) => at(text, o.text.sourceSpan()))).toEqual(['Venus', 'Mars', 'Jupiter']);
    expect(at(text, mc!.answer!.span)).toBe('The answer is (B)');
    expect(mc!.answer!.letter).toBe('B');
    expect(yn!.question!.text).toBe('Is 9 prime?');
    expect(yn!.answer!.label).toBe('no');
    expect(at(text, yn!.answer!.span)).toBe('no');
    expect(doc.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(doc.testInputs).toEqual([]);
  });

  it('a completion\'s closing control tokens are no part of its answer, whatever the prompt', () => {
    const text = jsonl([
      { prompt: 'Review: Loved it.\nSentiment:', completion: ' positive </s>' },
      { prompt: 'Review: Hated it.\nSentiment:', completion: ' negative<|im_end|>\n' },
      { prompt: 'Review: Fine.\nSentiment:', completion: ' neutral' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.answer?.label, at(text, e.answer?.span)])).toEqual([
      ['positive', 'positive'],
      ['negative', 'negative'],
      ['neutral', 'neutral'],
    ]);
  });

  it('earlier answered turns in the prompt are its demos', () => {
    const text = jsonl([{ prompt: '<s>[INST] Loved it. [/INST] positive </s><s>[INST] Hated it. [/INST]', completion: ' negative </s>' }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets.map((s) => [s.kind, s.exemplars.map((e) => [e.question?.text, e.answer?.label])])).toEqual([
      ['dataset', [['Hated it.', 'negative']]],
      ['demos', [['Loved it.', 'positive']]],
    ]);
  });

  it('a prompt that ends with an answer, or has text before [INST], is read as before', () => {
    const text = jsonl([
      { prompt: '<s>[INST] Loved it. [/INST] positive </s>', completion: ' ok' },
      { prompt: 'Answer in one word. [INST] Is 9 prime? [/INST]', completion: ' no' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.messages).toEqual([]);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.question?.text)).toEqual([
      '<s>[INST] Loved it. [/INST] positive </s>',
      'Answer in one word. [INST] Is 9 prime? [/INST]',
    ]);
  });
});
