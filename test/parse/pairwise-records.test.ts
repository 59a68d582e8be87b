/**
 * Pairwise LLM-as-judge datasets (Chatbot Arena / lmsys `{model_a, model_b, winner, conversation_a,
 * conversation_b}`, `{prompt, response_a, response_b, winner}`, AlpacaEval `{instruction, output_1,
 * output_2, preference}`, `{prompt, response_a, response_b, label: 0|1}`): the two responses are the
 * options A and B, the winner's letter the gold (see records.ts pairwiseOf).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import type { Exemplar, PromptDocument, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

function exemplars(doc: PromptDocument): Exemplar[] {
  expect(doc.problems).toEqual([]);
  return doc.exemplarSets.flatMap((s) => s.exemplars);
}

const arena = (winner: string, a = 'Paris is the capital.', b = 'I think it is Lyon.') =>
  JSON.stringify({
    question_id: 'q1',
    model_a: 'gpt-4',
    model_b: 'vicuna-13b',
    winner,
    conversation_a: [
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: a },
    ],
    conversation_b: [
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: b },
    ],
    turn: 1,
  });

describe('pairwise judge records', () => {
  it('Chatbot Arena: the assistant turns of conversation_a/b are options A and B (exact spans), winner "model_a" the gold A', () => {
    const line = arena('model_a', 'Paris is "the" capital.');
    const [ex, ...rest] = exemplars(parseJsonlDocument('arena.jsonl', line));
    expect(rest).toEqual([]);
    expect(ex!.options.map((o) => [o.letter, at(line, o.text.sourceSpan()), o.text.text, o.letterSpan.end - o.letterSpan.start])).toEqual([
      ['A', 'Paris is \\"the\\" capital.', 'Paris is "the" capital.', 0],
      ['B', 'I think it is Lyon.', 'I think it is Lyon.', 0],
    ]);
    expect(at(line, ex!.options[0]!.span)!.startsWith('"conversation_a":')).toBe(true);
    expect(ex!.question!.text).toBe('What is the capital of France?');
    expect(ex!.answer!.letter).toBe('A');
    expect(at(line, ex!.answer!.span)).toBe('"model_a"');
    // No fix rewrites a winner field (nor model_a/model_b beside it): the record's options are not reordered.
    expect(ex!.namesOptions).toBe(true);
  });

  it('winner "model_b", "B", "b", "response_b": gold B; "tie" and "tie (bothbad)": the record is read but gives no exemplar or test input', () => {
    for (const w of ['model_b', 'B', 'b', 'response_b', 'Model_B']) {
      const [ex] = exemplars(parseJsonlDocument('arena.jsonl', arena(w)));
      expect(ex!.answer!.letter, w).toBe('B');
    }
    for (const w of ['tie', 'tie (bothbad)', 'Tie']) {
      const doc = parseJsonlDocument('arena.jsonl', arena(w));
      expect(exemplars(doc), w).toEqual([]);
      expect(doc.testInputs, w).toEqual([]);
    }
  });

  it('{prompt, response_a, response_b, winner}: the responses trimmed, spans from the key to the value, the question the prompt', () => {
    const line = '{"prompt": "Summarise the memo.", "response_a": " Short summary. ", "response_b": "A longer, rambling summary.", "winner": "A"}';
    const [ex] = exemplars(parseJsonlDocument('pairs.jsonl', line));
    expect(ex!.options.map((o) => [o.letter, o.text.text, at(line, o.text.sourceSpan()), at(line, o.span)])).toEqual([
      ['A', 'Short summary.', 'Short summary.', '"response_a": " Short summary. "'],
      ['B', 'A longer, rambling summary.', 'A longer, rambling summary.', '"response_b": "A longer, rambling summary."'],
    ]);
    expect(ex!.question!.text).toBe('Summarise the memo.');
    expect(at(line, ex!.answer!.span)).toBe('"A"');
  });

  it('AlpacaEval {instruction, output_1, output_2, preference}: 1 is output_1 (A), 2 is output_2 (B), 1.5 a tie', () => {
    const rec = (p: string) => `{"instruction": "Name a prime.", "output_1": "Nine.", "output_2": "Seven.", "generator_1": "m1", "generator_2": "m2", "preference": ${p}}`;
    const [a] = exemplars(parseJsonlDocument('alpaca.jsonl', rec('1')));
    expect([a!.answer!.letter, a!.options.map((o) => o.text.text)]).toEqual(['A', ['Nine.', 'Seven.']]);
    const line = rec('2.0');
    const [b] = exemplars(parseJsonlDocument('alpaca.jsonl', line));
    expect([b!.answer!.letter, at(line, b!.answer!.span)]).toEqual(['B', '2.0']);
    expect(exemplars(parseJsonlDocument('alpaca.jsonl', rec('1.5')))).toEqual([]);
  });

  it('label 0|1 beside response_a/response_b and only a prompt: 0 is A, 1 is B; with another text it could label, no gold', () => {
    const [ex] = exemplars(parseJsonlDocument('p.jsonl', '{"id": 3, "prompt": "Fix the bug.", "response_a": "Patch one.", "response_b": "Patch two.", "label": 1}'));
    expect(ex!.answer!.letter).toBe('B');
    const other = exemplars(parseJsonlDocument('p.jsonl', '{"prompt": "Fix the bug.", "text": "Some review.", "response_a": "Patch one.", "response_b": "Patch two.", "label": 1}'));
    expect(other.every((e) => e.options.length === 0)).toBe(true);
  });

  it('JSON array and YAML records of the same layout are read too', () => {
    const json = '[{"question": "2+2?", "response_a": "4", "response_b": "5", "winner": "model_a"}]';
    expect(exemplars(parseStructuredDocument('j.json', json, 'json'))[0]!.answer!.letter).toBe('A');
    const yaml = '- question: 2+2?\n  response_a: "4"\n  response_b: "5"\n  winner: model_b\n';
    const [y] = exemplars(parseStructuredDocument('j.yaml', yaml, 'yaml'));
    expect([y!.answer!.letter, at(yaml, y!.answer!.span)]).toEqual(['B', 'model_b']);
  });

  it('not pairwise: a winner naming no response, a preference record with chosen/rejected, one response only', () => {
    const sports = exemplars(parseJsonlDocument('s.jsonl', '{"question": "Who won the final?", "response_a": "Alice served first.", "response_b": "Bob won the toss.", "winner": "Alice"}'));
    expect(sports.every((e) => e.options.length === 0)).toBe(true);
    // chosen/rejected: the preference record as before (the chosen response is the gold output, no options).
    const [pref] = exemplars(parseJsonlDocument('d.jsonl', '{"prompt": "Hi?", "chosen": "Hello!", "rejected": "Go away.", "response_a": "Hello!", "response_b": "Go away.", "winner": "A"}'));
    expect(pref!.options).toEqual([]);
    expect(pref!.output!.text).toBe('Hello!');
    const one = exemplars(parseJsonlDocument('o.jsonl', '{"prompt": "Hi?", "response_a": "Hello!", "winner": "A"}'));
    expect(one.every((e) => e.options.length === 0)).toBe(true);
  });
});
