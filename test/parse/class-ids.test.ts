/**
 * Hugging Face classification exports: `{"text": "…", "label": 1}` (SST-2, IMDB, AG News, emotion),
 * an integer class id under `label` next to a text being classified. The parser marks such an
 * answer as a class id (AnswerRef.classId); a `label_text` / `label_name` / `label_str` string
 * beside it is the label instead (SetFit's layout). Numbers under other keys, or next to a
 * question, stay values (notes/s24/formats-report.md).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import type { PromptDocument, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const answers = (doc: PromptDocument) => doc.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.answer));

describe('integer class ids under `label`', () => {
  it('reads `{"text", "label": 1}` as a class id answer at the number', () => {
    const text = jsonl([
      { text: 'Great battery life.', label: 1 },
      { text: 'Broke in a week.', label: 0 },
    ]);
    const doc = parseJsonlDocument('train.jsonl', text);
    const [a, b] = answers(doc);
    expect(a).toMatchObject({ label: '1', classId: true });
    expect(b).toMatchObject({ label: '0', classId: true });
    expect(at(text, a!.span)).toBe('1');
    expect(doc.exemplarSets[0]!.exemplars[1]!.question!.text).toBe('Broke in a week.');
  });

  it('reads SST-2 `{"idx", "sentence", "label"}` and a YAML list the same way', () => {
    const sst = jsonl([{ idx: 0, sentence: 'a gorgeous film', label: 1 }]);
    expect(answers(parseJsonlDocument('train.jsonl', sst))).toMatchObject([{ label: '1', classId: true }]);
    const yaml = '- text: a gorgeous film\n  label: 1\n- text: a dull film\n  label: 0\n';
    const doc = parseStructuredDocument('train.yaml', yaml, 'yaml');
    expect(answers(doc)).toMatchObject([
      { label: '1', classId: true },
      { label: '0', classId: true },
    ]);
    expect(at(yaml, answers(doc)[0]!.span)).toBe('1');
  });

  it('reads a `label_text`, `label_name` or `label_str` string beside the id as the label', () => {
    for (const key of ['label_text', 'label_name', 'label_str', 'labelText']) {
      const text = jsonl([{ text: 'Great battery life.', label: 1, [key]: 'positive' }]);
      const [a] = answers(parseJsonlDocument('train.jsonl', text));
      expect(a!.label, key).toBe('positive');
      expect(a!.classId, key).toBeUndefined();
      expect(at(text, a!.span), key).toBe('positive');
    }
  });

  it('keeps the id when the name beside it is no short label', () => {
    const text = jsonl([{ text: 'Great battery life.', label: 4, label_text: '5' }]);
    expect(answers(parseJsonlDocument('train.jsonl', text))).toMatchObject([{ label: '4', classId: true }]);
  });

  it('marks no other number as a class id', () => {
    const cases: object[] = [
      // GSM8K-style numeric answers, a numeric answer next to a text.
      { question: 'Natalia sold 48 clips in April and half as many in May. How many in all?', answer: 72 },
      { text: 'How many legs does a bird have?', answer: 2 },
      // A label next to a question (BoolQ's layout) or a problem is no classified text.
      { question: 'Is the sky blue?', label: 1 },
      { problem: 'What is 3 + 4?', label: 7 },
      // Not an integer, or not a JSON number, or not small.
      { text: 'A fine film.', label: 3.5 },
      { text: 'A fine film.', label: '1' },
      { text: 'A fine film.', label: -1 },
      { text: 'A fine film.', label: 250 },
      // An output beside the label.
      { text: 'A fine film.', output: 'positive', label: 1 },
    ];
    for (const r of cases) {
      const text = jsonl([r]);
      for (const a of answers(parseJsonlDocument('x.jsonl', text))) expect(a?.classId, text).toBeUndefined();
    }
    // A float written as `1.0` is no integer id.
    expect(answers(parseJsonlDocument('x.jsonl', '{"text": "A fine film.", "label": 1.0}\n')).map((a) => a?.classId)).toEqual([undefined]);
  });

  it('leaves an MMLU option index a letter', () => {
    const text = jsonl([{ question: 'Which is a mammal?', choices: ['Shark', 'Trout', 'Whale', 'Eel'], answer: 2 }]);
    const [a] = answers(parseJsonlDocument('x.jsonl', text));
    expect(a).toMatchObject({ letter: 'C', label: 'Whale' });
    expect(a!.classId).toBeUndefined();
    const hf = jsonl([{ text: 'Which is a mammal?', choices: ['Shark', 'Trout', 'Whale', 'Eel'], label: 2 }]);
    const [b] = answers(parseJsonlDocument('x.jsonl', hf));
    expect(b).toMatchObject({ letter: 'C' });
    expect(b!.classId).toBeUndefined();
  });

  it('reads no rating or score as a gold', () => {
    const text = jsonl([
      { text: 'Great battery life.', rating: 5 },
      { review: 'Great battery life.', score: 4 },
    ]);
    expect(answers(parseJsonlDocument('x.jsonl', text))).toEqual([]);
  });
});

describe('sentence pairs: NLI `{premise, hypothesis, label}`, GLUE `{sentence1, sentence2, label, idx}`', () => {
  it('reads the pair as the question (premise, a line break, hypothesis) and an integer label as a class id', () => {
    const text = jsonl([
      { premise: 'A man is playing a guitar on stage.', hypothesis: 'A person is making music.', label: 0 },
      { idx: 7, sentence1: 'Two dogs run across a snowy field.', sentence2: 'The animals are inside.', label: 1 },
    ]);
    const doc = parseJsonlDocument('train.jsonl', text);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('A man is playing a guitar on stage.\nA person is making music.');
    expect(a!.answer).toMatchObject({ label: '0', classId: true });
    expect(at(text, a!.answer!.span)).toBe('0');
    expect(b!.question!.text).toBe('Two dogs run across a snowy field.\nThe animals are inside.');
    expect(b!.answer).toMatchObject({ label: '1', classId: true });
    // The question's words map back to their own strings.
    const q = a!.question!;
    const i = q.text.indexOf('music');
    expect(at(text, q.sourceSpan(i, i + 'music'.length))).toBe('music');
    expect(at(text, q.sourceSpan(0, 5))).toBe('A man');
  });

  it('maps escapes in either string, and a YAML list', () => {
    const text = '{"premise": "She said \\"hi\\".", "hypothesis": "She spoke \\u00e9.", "label": 2}\n';
    const [a] = parseJsonlDocument('train.jsonl', text).exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('She said "hi".\nShe spoke é.');
    const q = a!.question!;
    expect(at(text, q.sourceSpan(q.text.indexOf('é'), q.text.indexOf('é') + 1))).toBe('\\u00e9');
    const yaml = '- premise: A chef is slicing vegetables.\n  hypothesis: Food is being prepared.\n  label: 0\n';
    const [y] = parseStructuredDocument('train.yaml', yaml, 'yaml').exemplarSets[0]!.exemplars;
    expect(y!.question!.text).toBe('A chef is slicing vegetables.\nFood is being prepared.');
    expect(y!.answer).toMatchObject({ label: '0', classId: true });
  });

  it("marks SNLI's -1 (no gold label) as no class id, and reads a string label as a label", () => {
    const text = jsonl([
      { premise: 'A crowd waits for the train.', hypothesis: 'People are waiting.', label: -1 },
      { premise: 'A crowd waits for the train.', hypothesis: 'People are waiting.', label: 'entailment' },
    ]);
    const [a, b] = answers(parseJsonlDocument('train.jsonl', text));
    expect(a!.classId).toBeUndefined();
    expect(b).toMatchObject({ label: 'entailment' });
    expect(b!.classId).toBeUndefined();
  });

  it('reads no pair with one string missing or a question beside it', () => {
    const cases: object[] = [
      { premise: 'A man is playing a guitar.', label: 0 },
      { hypothesis: 'A person is making music.', label: 0 },
      { premise: 'A man is playing a guitar.', hypothesis: 7, label: 0 },
      // BoolQ-like: the question is the question, the label a number.
      { question: 'Is a man playing music?', premise: 'A man is playing a guitar.', hypothesis: 'Music.', label: 1 },
    ];
    for (const r of cases) {
      const text = jsonl([r]);
      for (const a of answers(parseJsonlDocument('x.jsonl', text))) expect(a?.classId, text).toBeUndefined();
    }
  });
});

describe('QQP question pairs `{question1, question2, label}` and `labels` ids `{text, labels: 3}`', () => {
  it('reads a QQP pair as the question (question1, a line break, question2) and its integer label as a class id', () => {
    const text = jsonl([
      { qid1: 1, qid2: 2, question1: 'How do I learn Python quickly?', question2: 'What is the fastest way to learn Python?', label: 1, idx: 0 },
      { question2: 'Is Sydney the capital of Australia?', question1: 'What is the capital of Australia?', label: 0 },
    ]);
    const doc = parseJsonlDocument('train.jsonl', text);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('How do I learn Python quickly?\nWhat is the fastest way to learn Python?');
    expect(a!.answer).toMatchObject({ label: '1', classId: true });
    expect(at(text, a!.answer!.span)).toBe('1');
    expect(a!.answer!.span.start).toBe(text.indexOf('"label":1') + '"label":'.length);
    // In source order: question2 first in the second record.
    expect(b!.question!.text).toBe('Is Sydney the capital of Australia?\nWhat is the capital of Australia?');
    expect(b!.answer).toMatchObject({ label: '0', classId: true });
    const q = a!.question!;
    const i = q.text.indexOf('fastest');
    expect(at(text, q.sourceSpan(i, i + 'fastest'.length))).toBe('fastest');
    expect(doc.testInputs).toEqual([]);
  });

  it('reads an integer under `labels` next to a text or a pair as a class id, at the number', () => {
    const text = jsonl([
      { text: 'Great battery life.', labels: 3 },
      { idx: 1, sentence1: 'Two dogs run across a snowy field.', sentence2: 'The animals are inside.', labels: 0 },
    ]);
    const doc = parseJsonlDocument('train.jsonl', text);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('Great battery life.');
    expect(a!.answer).toMatchObject({ label: '3', classId: true });
    expect(a!.answer!.span.start).toBe(text.indexOf('"labels":3') + '"labels":'.length);
    expect(at(text, a!.answer!.span)).toBe('3');
    expect(b!.question!.text).toBe('Two dogs run across a snowy field.\nThe animals are inside.');
    expect(b!.answer).toMatchObject({ label: '0', classId: true });
    const yaml = '- text: a gorgeous film\n  labels: 1\n';
    const [y] = answers(parseStructuredDocument('train.yaml', yaml, 'yaml'));
    expect(y).toMatchObject({ label: '1', classId: true });
    expect(y!.span).toEqual({ start: yaml.indexOf('1'), end: yaml.indexOf('1') + 1 });
  });

  it('reads a number under `labels` that is no id as a value, as under `label`', () => {
    const text = jsonl([
      { text: 'A fine film.', labels: 2.5 },
      { text: 'A fine film.', labels: -1 },
    ]);
    const [a, b] = answers(parseJsonlDocument('x.jsonl', text));
    expect([a?.label, a?.classId, b?.label, b?.classId]).toEqual(['2.5', undefined, '-1', undefined]);
  });

  it('reads no `labels` next to a question or beside another gold, and no list or string under it', () => {
    // Next to a question or a problem (not a text being classified): no gold, as before.
    for (const r of [
      { question: 'How many legs does a spider have?', labels: 8 },
      { problem: 'What is 3 + 4?', labels: 7 },
      { labels: 1, title: 'No input here' },
    ]) {
      const text = jsonl([r]);
      expect(answers(parseJsonlDocument('x.jsonl', text)), text).toEqual([]);
    }
    // `label` beside it is the gold.
    const both = jsonl([{ text: 'Great battery life.', label: 1, labels: 4 }]);
    expect(answers(parseJsonlDocument('x.jsonl', both))).toMatchObject([{ label: '1', classId: true }]);
    // A multi-label list, a string, a boolean: no gold; the text stays a test input.
    for (const labels of [[0, 3], [1], ['joy', 'surprise'], ['joy'], 'positive', true]) {
      const text = jsonl([{ text: 'Great battery life.', labels }]);
      const doc = parseJsonlDocument('x.jsonl', text);
      expect(answers(doc), text).toEqual([]);
      expect(doc.testInputs.map((t) => t.text.text), text).toEqual(['Great battery life.']);
    }
  });

  it('reads no multi-label list of ids under `label` as a gold', () => {
    const text = jsonl([
      { text: 'Great battery life.', label: [0, 3] },
      { text: 'Broke in a week.', label: [1] },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(answers(doc)).toEqual([]);
  });
});
