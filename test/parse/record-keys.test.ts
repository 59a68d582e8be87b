/**
 * Record layouts found missing by the session-18 recall hunt (notes/s18/recall2-report.md):
 * gold keys outside the first ANSWER_KEYS (item 6).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
/** The text around a span: `before` characters before it and `after` after it. */
const around = (text: string, s: Span, before: number, after: number) => text.slice(s.start - before, s.end + after);

describe('records: answer_index, correct_index, final_answer and verdict are gold keys', () => {
  it('answer_index and correct_index name an option by its 0-based index', () => {
    for (const key of ['answer_index', 'correct_index', 'answerIndex', 'correctIndex']) {
      const text = `{"question": "Capital of Canada?", "options": ["Toronto", "Vancouver", "Ottawa"], "${key}": 2}`;
      const doc = parseJsonlDocument('x.jsonl', text);
      expect(doc.problems).toEqual([]);
      const ex = doc.exemplarSets[0]!.exemplars[0]!;
      expect(ex.answer!.letter).toBe('C');
      expect(ex.answer!.label).toBe('Ottawa');
      expect(ex.answer!.letterSpan).toBeUndefined();
      expect(around(text, ex.answer!.span, key.length + 4, 1)).toBe(`"${key}": 2}`);
    }
  });

  it('an index key is no gold without options, as a string, or out of range: the record is a test input', () => {
    for (const record of [
      '{"question": "Capital of Canada?", "answer_index": 2}',
      '{"question": "Capital of Canada?", "options": ["Toronto", "Vancouver", "Ottawa"], "correct_index": "2"}',
      '{"question": "Capital of Canada?", "options": ["Toronto", "Vancouver", "Ottawa"], "answer_index": 3}',
      '{"question": "Capital of Canada?", "options": ["Toronto", "Vancouver", "Ottawa"], "answer_index": 1.5}',
    ]) {
      const doc = parseJsonlDocument('x.jsonl', record);
      expect(doc.exemplarSets).toEqual([]);
      expect(doc.testInputs.map((t) => t.text.text)).toEqual(['Capital of Canada?']);
    }
  });

  it('final_answer is the gold and chain_of_thought the rationale (the recall repro rationale-answer-mismatch-2)', () => {
    const text =
      '{"question": "12 pens cost?\\n(A) $6\\n(B) $8\\n(C) $9", "chain_of_thought": "4 groups at $2, so $8. The correct option is (B).", "final_answer": "C"}';
    const doc = parseJsonlDocument('x.jsonl', text);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('12 pens cost?');
    expect(ex.options.map((o) => [o.letter, at(text, o.text.sourceSpan())])).toEqual([
      ['A', '$6'],
      ['B', '$8'],
      ['C', '$9'],
    ]);
    expect(ex.answer!.letter).toBe('C');
    expect(around(text, ex.answer!.letterSpan!, 17, 1)).toBe('"final_answer": "C"');
    expect(at(text, ex.rationale!.sourceSpan())).toBe('4 groups at $2, so $8. The correct option is (B).');
  });

  it('an answer key is preferred to final_answer (GSM8K-style worked answers keep their reading)', () => {
    const text = '{"question": "2 + 2?", "answer": "Two and two make four.\\n#### 4", "final_answer": "5"}';
    const ex = parseJsonlDocument('x.jsonl', text).exemplarSets[0]!.exemplars[0]!;
    expect(ex.answer?.label).not.toBe('5');
  });

  it('verdict is a label (a claim-checking set in YAML, the recall repro rationale-answer-mismatch-3)', () => {
    const text = [
      'examples:',
      '  - claim: "The Great Wall is visible from the Moon."',
      '    reasoning: "It is far too narrow to be seen, so the answer is false."',
      '    verdict: "TRUE"',
      '  - claim: "Sharks are mammals."',
      '    reasoning: "Sharks are fish, so the answer is false."',
      '    verdict: "FALSE"',
      '',
    ].join('\n');
    const doc = parseStructuredDocument('x.examples.yaml', text, 'yaml');
    expect(doc.problems).toEqual([]);
    const set = doc.exemplarSets[0]!;
    expect(set.kind).toBe('demos');
    expect(set.exemplars.map((e) => [e.answer?.label, around(text, e.answer!.labelSpan!, 10, 1)])).toEqual([
      ['TRUE', 'verdict: "TRUE"'],
      ['FALSE', 'verdict: "FALSE"'],
    ]);
    expect(at(text, set.exemplars[0]!.rationale!.sourceSpan())).toBe('It is far too narrow to be seen, so the answer is false.');
    // The claim is the question (s23).
    expect(set.exemplars.map((e) => at(text, e.question?.sourceSpan()))).toEqual(['The Great Wall is visible from the Moon.', 'Sharks are mammals.']);
  });
});

describe('records: a gold field next to a labelled text (claim, statement, review, …) and no question field (s23)', () => {
  it('the text is the exemplar\'s question, with its exact span, as `text` is (the FEVER repro)', () => {
    const text = [
      '{"claim": "Nikolaj Coster-Waldau worked with the Fox Broadcasting Company.", "label": "SUPPORTS"}',
      '{"statement": "The moon is made of cheese.", "answer": "false"}',
      '{"review": "Battery died in a day.", "verdict": "negative"}',
      '{"tweet": "Lovely weather today", "gold": "positive"}',
      '{"id": 7, "ticket": "My card was charged twice.", "label": "billing"}',
      '{"claim": "Sharks are fish.", "response": "Sharks are fish, so it is supported.", "label": "SUPPORTS"}',
    ].join('\n');
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toEqual([]);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question?.text, e.answer?.label])).toEqual([
      ['Nikolaj Coster-Waldau worked with the Fox Broadcasting Company.', 'SUPPORTS'],
      ['The moon is made of cheese.', 'false'],
      ['Battery died in a day.', 'negative'],
      ['Lovely weather today', 'positive'],
      ['My card was charged twice.', 'billing'],
      ['Sharks are fish.', 'SUPPORTS'],
    ]);
    const q = exs[0]!.question!.sourceSpan();
    expect(q).toEqual({ start: 11, end: 74 });
    expect(around(text, q, 11, 2)).toBe('{"claim": "Nikolaj Coster-Waldau worked with the Fox Broadcasting Company.",');
    for (const e of exs) expect(at(text, e.question!.sourceSpan())).toBe(e.question!.text);
    // A gold and a free-text output: the output is the rationale, the claim still the question.
    expect(at(text, exs[5]!.rationale?.sourceSpan())).toBe('Sharks are fish, so it is supported.');
  });

  it('a question field wins; options, no gold or an unreadable gold leave the record as it was', () => {
    const read = (line: string) => {
      const doc = parseJsonlDocument('x.jsonl', line);
      return [doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text ?? null, e.answer?.label ?? null])), doc.testInputs.map((t) => t.text.text)];
    };
    expect(read('{"question": "True or false?", "claim": "Sharks are fish.", "label": "SUPPORTS"}')).toEqual([[[['True or false?', 'SUPPORTS']]], []]);
    // Of two inputs, the first in LABEL_INPUT_KEYS order (as for a label field).
    expect(read('{"review": "Too slow.", "claim": "It is slow.", "label": "SUPPORTS"}')).toEqual([[[['Too slow.', 'SUPPORTS']]], []]);
    // Options and no question field: a stem of another name is not guessed (as before).
    expect(read('{"claim": "Sharks are fish.", "options": ["true", "false"], "answer": "true"}')).toEqual([[[[null, 'true']]], []]);
    // No gold, or an index with no options (no gold): the claim is no test input.
    expect(read('{"claim": "Sharks are fish."}')).toEqual([[], []]);
    expect(read('{"claim": "Sharks are fish.", "answer_index": 1}')).toEqual([[], []]);
  });
});

describe('records: OpenAI evals samples, `input` a message list and `ideal` the gold (recall item 5)', () => {
  const record = (content: string, ideal: string) =>
    JSON.stringify({ input: [{ role: 'system', content: 'Answer with the letter only.' }, { role: 'user', content }], ideal: JSON.parse(ideal) as unknown });
  const q = (stem: string) => `${stem}\nA. Oxygen\nB. Carbon dioxide\nC. Nitrogen\nD. Argon`;

  it('the last user message is the question, its options parsed, and `ideal` the gold, with exact spans', () => {
    const text = [record(q('Which gas is most of the air?'), '"C"'), record(q('Which gas do we exhale most?'), '"C"')].join('\n');
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.messages.map((m) => [m.role, at(text, m.roleSpan)])).toEqual([
      ['system', 'system'],
      ['user', 'user'],
      ['system', 'system'],
      ['user', 'user'],
    ]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect([set.kind, set.shape]).toEqual(['dataset', 'chat']);
    const ex = set.exemplars[1]!;
    expect(at(text, ex.span)).toBe(text.split('\n')[1]);
    expect(ex.question!.text).toBe('Which gas do we exhale most?');
    expect(at(text, ex.question!.sourceSpan())).toBe('Which gas do we exhale most?');
    expect(ex.options.map((o) => [o.letter, at(text, o.letterSpan), at(text, o.text.sourceSpan())])).toEqual([
      ['A', 'A', 'Oxygen'],
      ['B', 'B', 'Carbon dioxide'],
      ['C', 'C', 'Nitrogen'],
      ['D', 'D', 'Argon'],
    ]);
    expect(ex.answer!.letter).toBe('C');
    expect(around(text, ex.answer!.letterSpan!, 9, 2)).toBe('"ideal":"C"}');
    // Answered: no test input; the system prompt repeated in both records is prose each time.
    expect(doc.testInputs).toEqual([]);
    expect(doc.prose.filter((p) => p.text === 'Answer with the letter only.')).toHaveLength(2);
  });

  it('without a gold, the last user turn is a test input (as in any message list)', () => {
    const text = JSON.stringify({ input: [{ role: 'user', content: q('Which gas?') }] });
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs).toHaveLength(1);
    expect(at(text, doc.testInputs[0]!.text.sourceSpan())).toBe(JSON.stringify(q('Which gas?')).slice(1, -1));
    expect(doc.testInputs[0]!.options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('user/assistant pairs before the last user turn are demos; a gold list is one gold only when its strings agree', () => {
    const text = [
      JSON.stringify({
        input: [
          { role: 'user', content: 'Review: loved it' },
          { role: 'assistant', content: 'Positive' },
          { role: 'user', content: 'Review: awful' },
        ],
        ideal: ['Negative', 'Negative'],
      }),
      JSON.stringify({ input: [{ role: 'user', content: 'Capital of France?' }], ideal: ['Paris', 'Paris, France'] }),
    ].join('\n');
    const doc = parseJsonlDocument('x.jsonl', text);
    const demos = doc.exemplarSets.find((s) => s.kind === 'demos')!;
    expect(demos.exemplars.map((e) => [e.question?.text, e.answer?.label])).toEqual([['Review: loved it', 'Positive']]);
    const dataset = doc.exemplarSets.find((s) => s.kind === 'dataset')!;
    expect(dataset.exemplars.map((e) => [e.question?.text, e.answer?.label])).toEqual([['Review: awful', 'Negative']]);
    expect(around(text, dataset.exemplars[0]!.answer!.labelSpan!, 10, 1)).toBe('"ideal":["Negative"');
    // Different acceptable answers: no single gold, so the record is a test input.
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['Capital of France?']);
  });

  it('a string `input` with `ideal` is still a plain record', () => {
    const text = JSON.stringify({ input: q('Which gas?'), ideal: 'C' });
    const set = parseJsonlDocument('x.jsonl', text).exemplarSets[0]!;
    expect(set.shape).toBe('record');
    expect(set.exemplars[0]!.answer!.letter).toBe('C');
  });
});

describe('promptfoo: the test vars a prompt inserts besides the question (recall item 10)', () => {
  const config = (prompts: string, extra = '') =>
    [
      prompts,
      'tests:',
      '  - vars:',
      '      question: "What is the capital of Turkey?"',
      '      hint: "I think the answer is Istanbul."',
      '      notes: "I think the answer is Ankara."',
      '      id: "I think the answer is Izmir."',
      extra.startsWith('    assert') ? '      expected: "I think the answer is Ankara."\n' + extra : extra,
    ].join('\n');

  it('a var the prompt writes ({{hint}}) is the test input\'s inserted text, trimmed with its exact span; vars the prompt does not insert are not', () => {
    const text = config('prompts:\n  - "Answer the question.\\n\\n{{question}}\\n\\n{{ hint }}\\n{{id}}"');
    const doc = parseStructuredDocument('promptfooconfig.yaml', text, 'yaml');
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toHaveLength(1);
    const t = doc.testInputs[0]!;
    expect(t.text.text).toBe('What is the capital of Turkey?');
    // `id` is inserted too, but it is no text a model reads as the user's; `notes` is not inserted.
    expect(t.insertedVars!.map((s) => [s.text, at(text, s.sourceSpan())])).toEqual([['I think the answer is Istanbul.', 'I think the answer is Istanbul.']]);
  });

  it('prompts after the tests, as objects or chat messages, are read too; file references and no prompts give none', () => {
    const after = config('', 'prompts:\n  - raw: "{{question}} {{hint}}"');
    expect(parseStructuredDocument('promptfooconfig.yaml', after, 'yaml').testInputs[0]!.insertedVars!.map((s) => s.text)).toEqual(['I think the answer is Istanbul.']);
    const chat = config('prompts:\n  - - role: user\n      content: "{{question}}\\n{{hint}}"');
    // (The prompt's own user turn is a test input too: the test's is the one with its question.)
    const test = parseStructuredDocument('promptfooconfig.yaml', chat, 'yaml').testInputs.find((t) => t.text.text.startsWith('What is'))!;
    expect(test.insertedVars!.map((s) => s.text)).toEqual(['I think the answer is Istanbul.']);
    for (const text of [config('prompts:\n  - file://prompt.txt'), config(''), config('prompts:\n  - "{{question}}"')]) {
      expect(parseStructuredDocument('promptfooconfig.yaml', text, 'yaml').testInputs[0]!.insertedVars).toBeUndefined();
    }
  });

  it('a test with an expected answer (an exemplar) gets its inserted vars as well, its gold var not', () => {
    const text = config('prompts: ["{{question}} {{hint}} {{expected}}"]', '    assert:\n      - type: equals\n        value: Ankara');
    const doc = parseStructuredDocument('promptfooconfig.yaml', text, 'yaml');
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.answer!.label).toBe('Ankara');
    // (`expected`, a gold, is inserted by the prompt but not read as input.)
    expect(ex.insertedVars!.map((s) => at(text, s.sourceSpan()))).toEqual(['I think the answer is Istanbul.']);
  });
});
