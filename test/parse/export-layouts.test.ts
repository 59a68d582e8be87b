/**
 * Record layouts of popular tools' exports that were not read (s24 format hunt,
 * notes/s24/formats-report.md): Vertex AI / Gemini tuning records `{contents: [{role, parts}]}`,
 * LangSmith examples `{inputs: {…}, outputs: {…}}`, Cohere chat records (role `Chatbot`); and
 * (s25) OpenAI Evals API items `{item: {…}, sample?: {…}}`.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('Vertex AI / Gemini tuning records: {contents: [{role, parts: [{text}]}]}', () => {
  const line = (review: string, label: string) =>
    JSON.stringify({
      systemInstruction: { role: 'system', parts: [{ text: 'Classify the review as positive or negative.' }] },
      contents: [
        { role: 'user', parts: [{ text: review }] },
        { role: 'model', parts: [{ text: label }] },
      ],
    });

  it('reads the user turn as the question and the model turn as the answer', () => {
    const text = [line('Great battery life.', 'positive'), line('Broke in a week.', 'negative')].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('chat');
    expect(set.exemplars).toHaveLength(2);
    const ex = set.exemplars[1]!;
    expect(ex.question!.text).toBe('Broke in a week.');
    expect(ex.answer!.label).toBe('negative');
    expect(at(text, ex.answer!.span)).toBe('negative');
    expect(doc.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('reads the same records in a JSON array', () => {
    const text = '[\n' + [line('Great battery life.', 'positive'), line('Broke in a week.', 'negative')].join(',\n') + '\n]\n';
    const doc = parseStructuredDocument('x.json', text, 'json');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => e.answer?.label))).toEqual([['positive', 'negative']]);
  });

  it('a contents list without roles (a table of contents) is no chat', () => {
    const text = JSON.stringify({ contents: [{ title: 'Intro', parts: [{ text: 'Welcome' }] }, { title: 'Setup', parts: [{ text: 'Install' }] }] }) + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.messages).toEqual([]);
  });
});

describe('LangSmith examples: {inputs: {…}, outputs: {…}}', () => {
  it('reads the inputs as the question and the outputs as the gold', () => {
    const text =
      [
        JSON.stringify({ inputs: { question: 'Is the sky green?' }, outputs: { answer: 'no' }, metadata: { split: 'dev' } }),
        JSON.stringify({ inputs: { question: 'Is water wet?' }, outputs: { answer: 'yes' }, metadata: null }),
      ].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toHaveLength(1);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('Is the sky green?');
    expect(a!.answer!.label).toBe('no');
    expect(at(text, b!.answer!.span)).toBe('yes');
    expect(at(text, a!.span)).toBe(text.split('\n')[0]);
  });

  it('reads a classifier label field in the outputs ({review} / {sentiment})', () => {
    const text =
      '[\n' +
      [
        JSON.stringify({ inputs: { review: 'Loved it.' }, outputs: { sentiment: 'positive' } }),
        JSON.stringify({ inputs: { review: 'Hated it.' }, outputs: { sentiment: 'negative' } }),
      ].join(',\n') +
      '\n]\n';
    const doc = parseStructuredDocument('x.json', text, 'json');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label]))).toEqual([
      [
        ['Loved it.', 'positive'],
        ['Hated it.', 'negative'],
      ],
    ]);
  });

  it('is not read when inputs or outputs is no object, or they share a key (a workflow step, a model signature)', () => {
    const text =
      [
        JSON.stringify({ inputs: ['text'], outputs: ['label'] }),
        JSON.stringify({ inputs: { text: 'a' }, outputs: { text: 'b' } }),
        JSON.stringify({ inputs: { parameters: [{ name: 'message' }] }, outputs: { parameters: [{ name: 'result' }] } }),
      ].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
  });
});

describe('Cohere chat fine-tuning records: roles System, User, Chatbot', () => {
  const line = (review: string, label: string) =>
    JSON.stringify({ messages: [{ role: 'System', content: 'Label the review positive or negative.' }, { role: 'User', content: review }, { role: 'Chatbot', content: label }] });
  const text = [line('Great battery life.', 'positive'), line('Broke in a week.', 'negative')].join('\n') + '\n';

  it('reads the Chatbot turn as the answer (direct chat-line path and tree path alike)', () => {
    for (const directChatLines of [true, false]) {
      const doc = parseJsonlDocument('x.jsonl', text, { directChatLines });
      expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label]))).toEqual([
        [
          ['Great battery life.', 'positive'],
          ['Broke in a week.', 'negative'],
        ],
      ]);
      expect(doc.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'system', 'user', 'assistant']);
    }
  });
});

describe('OpenAI Evals API items: {item: {…}} (maybe with the model\'s sample)', () => {
  const MCQ = 'Which planet is known as the Red Planet?\n(A) Venus\n(B) Mars\n(C) Jupiter';

  it('reads the item\'s fields as the record: input, options in it, ideal', () => {
    const text =
      [JSON.stringify({ item: { input: MCQ, ideal: 'B' } }), JSON.stringify({ item: { question: 'Is water wet?', answer: 'yes' } })].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toHaveLength(1);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(a!.options.map((o) => o.letter)).toEqual(['A', 'B', 'C']);
    expect(a!.answer!.letter).toBe('B');
    expect(at(text, a!.answer!.span)).toBe('B');
    expect(a!.answer!.span.start).toBe(text.indexOf('"B"') + 1);
    expect(at(text, a!.span)).toBe(text.split('\n')[0]);
    expect([b!.question!.text, b!.answer!.label, at(text, b!.answer!.span)]).toEqual(['Is water wet?', 'yes', 'yes']);
  });

  it('reads a chat input in the item; the sample beside it is the model\'s output, no gold', () => {
    const text =
      [
        JSON.stringify({ item: { input: [{ role: 'system', content: 'Answer with a letter.' }, { role: 'user', content: MCQ }], ideal: 'B' }, sample: { output_text: 'A' } }),
        JSON.stringify({ item: { input: MCQ }, sample: { model: 'gpt-4o-mini', output_text: 'B' } }),
      ].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.letter]))).toEqual([[['Which planet is known as the Red Planet?', 'B']]]);
    // The second line has no gold: its input is a test input, the sample's "B" is not read.
    expect(doc.testInputs.map((t) => [t.text.text, at(text, t.span)])).toEqual([[MCQ, text.split('\n')[1]]]);
  });

  it('reads the same items in a JSON array', () => {
    const text = JSON.stringify([{ item: { text: 'Loved it.', label: 'positive' } }, { item: { text: 'Hated it.', label: 'negative' } }], null, 2);
    const doc = parseStructuredDocument('x.json', text, 'json');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label]))).toEqual([
      [
        ['Loved it.', 'positive'],
        ['Hated it.', 'negative'],
      ],
    ]);
  });

  it('is not read when the line has other keys or the item is no object (an order line, a list)', () => {
    const text =
      [
        JSON.stringify({ item: { text: 'Desk lamp', category: 'lighting' }, quantity: 2 }),
        JSON.stringify({ item: { text: 'Oak bookshelf', category: 'furniture' }, quantity: 1 }),
        JSON.stringify({ item: { input: 'Is water wet?', ideal: 'yes' }, id: 7 }),
        JSON.stringify({ item: 'Is water wet?', sample: { output_text: 'yes' } }),
        JSON.stringify({ item: [{ input: 'Is water wet?', ideal: 'yes' }] }),
      ].join('\n') + '\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs).toEqual([]);
  });
});
