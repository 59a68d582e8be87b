/**
 * Preference records of DPO, ORPO and reward-model datasets (TRL's layouts): the prompt is the
 * exemplar's input, the chosen response its gold output; the rejected response is nothing of the
 * exemplar and no prose.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import type { PromptDocument, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

/** The source text of every prose segment. */
const proseOf = (doc: PromptDocument) => doc.prose.map((p) => at(doc.text, p.sourceSpan()));

describe('preference records: standard {prompt, chosen, rejected}', () => {
  it('the prompt is the question with its options, chosen the output and its gold, rejected only a span (exact ranges through escapes)', () => {
    const line =
      '{"prompt": "Which \\"planet\\" is largest?\\n(A) Jupiter\\n(B) Mars\\n(C) Venus", "chosen": "The answer is (A) \\u2014 Jupiter.", "rejected": "(B)"}';
    const doc = parseJsonlDocument('x.jsonl', line);
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toEqual([]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('record');
    const ex = set.exemplars[0]!;
    expect(ex.span).toEqual({ start: 0, end: line.length });
    expect(ex.question!.text).toBe('Which "planet" is largest?');
    expect(at(line, ex.question!.sourceSpan())).toBe('Which \\"planet\\" is largest?');
    expect(ex.options.map((o) => [o.letter, at(line, o.letterSpan), at(line, o.text.sourceSpan())])).toEqual([
      ['A', 'A', 'Jupiter'],
      ['B', 'B', 'Mars'],
      ['C', 'C', 'Venus'],
    ]);
    expect(ex.output!.text).toBe('The answer is (A) \u2014 Jupiter.');
    expect(at(line, ex.output!.sourceSpan())).toBe('The answer is (A) \\u2014 Jupiter.');
    expect(ex.answer!.letter).toBe('A');
    expect(at(line, ex.answer!.letterSpan)).toBe('A');
    expect(line.slice(ex.answer!.letterSpan!.start - 15, ex.answer!.letterSpan!.end + 1)).toBe('The answer is (A)');
    expect(at(line, ex.rejected)).toBe('"(B)"');
    // Not the rejected response's letter: the only citation is the chosen one's.
    expect(ex.letterCitations.map((c) => c.letter)).toEqual(['A']);
    // Prose: the prompt and the chosen response, not the rejected one.
    expect(proseOf(doc)).toEqual([
      'Which \\"planet\\" is largest?\\n(A) Jupiter\\n(B) Mars\\n(C) Venus',
      'The answer is (A) \\u2014 Jupiter.',
    ]);
  });

  it('question, instruction or input as the prompt key; a prompt message list is the chat given', () => {
    for (const key of ['question', 'instruction', 'input']) {
      const line = `{"${key}": "Is the sky blue?", "chosen": "yes", "rejected": "no"}`;
      const ex = parseJsonlDocument('x.jsonl', line).exemplarSets[0]!.exemplars[0]!;
      expect(ex.question!.text).toBe('Is the sky blue?');
      expect(ex.answer!.label).toBe('yes');
      expect(at(line, ex.answer!.span)).toBe('yes');
      expect(at(line, ex.rejected)).toBe('"no"');
    }
    const line = '{"prompt": [{"role": "user", "content": "Is the sky blue?"}], "chosen": "yes", "rejected": "no"}';
    const doc = parseJsonlDocument('x.jsonl', line);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(at(line, ex.question!.sourceSpan())).toBe('Is the sky blue?');
    expect(ex.answer!.label).toBe('yes');
    expect(doc.messages.map((m) => [m.role, m.content.text])).toEqual([['user', 'Is the sky blue?']]);
  });
});

describe('preference records: StackExchange-paired {question, response_j, response_k}', () => {
  it('the question is the input, response_j (the preferred answer) the output and gold, response_k only a span (exact ranges through escapes)', () => {
    const line =
      '{"qid": 7, "question": "Which \\"planet\\" is largest?\\n(A) Jupiter\\n(B) Mars", "date": "2010/01/01", "metadata": ["https://x.stackexchange.com/q/7"], "response_j": "The answer is (A) \\u2014 Jupiter.", "response_k": "(B) Mars, surely."}';
    const doc = parseJsonlDocument('x.jsonl', line);
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toEqual([]);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.span).toEqual({ start: 0, end: line.length });
    expect(ex.question!.text).toBe('Which "planet" is largest?');
    expect(at(line, ex.question!.sourceSpan())).toBe('Which \\"planet\\" is largest?');
    expect(ex.options.map((o) => at(line, o.text.sourceSpan()))).toEqual(['Jupiter', 'Mars']);
    expect(at(line, ex.output!.sourceSpan())).toBe('The answer is (A) \\u2014 Jupiter.');
    expect(ex.answer!.letter).toBe('A');
    expect(line.slice(ex.answer!.letterSpan!.start - 1, ex.answer!.letterSpan!.end + 1)).toBe('(A)');
    expect(ex.answer!.letterSpan!.start).toBe(line.indexOf('(A) \\u2014') + 1);
    expect(at(line, ex.rejected)).toBe('"(B) Mars, surely."');
    expect(ex.letterCitations.map((c) => c.letter)).toEqual(['A']);
    // Prose: not the rejected answer.
    expect(proseOf(doc)).not.toContain('(B) Mars, surely.');
    expect(proseOf(doc)).toContain('The answer is (A) \\u2014 Jupiter.');
  });

  it('is read only as the standard layout under these keys, and only without chosen/rejected', () => {
    for (const [line, golds, inputs] of [
      // No question text, or no question: response_j is no gold, response_k is prose.
      ['{"question": " ", "response_j": "yes", "response_k": "no"}', [], ['']],
      ['{"response_j": "Human: hi\\n\\nAssistant: yes", "response_k": "Human: hi\\n\\nAssistant: no"}', [], []],
      // Message lists are no StackExchange-paired layout.
      ['{"question": "Is it?", "response_j": [{"role": "assistant", "content": "yes"}], "response_k": [{"role": "assistant", "content": "no"}]}', [], ['Is it?']],
      // One of the pair only; a record with its own gold.
      ['{"question": "Is it?", "response_j": "yes"}', [], ['Is it?']],
      ['{"question": "2 + 2?", "answer": "4", "response_j": "5", "response_k": "3"}', ['4'], []],
      // chosen/rejected win: response_k stays prose.
      ['{"prompt": "Is it?", "chosen": "yes", "rejected": "no", "response_j": "maybe", "response_k": "never"}', ['yes'], []],
    ] as const) {
      const doc = parseJsonlDocument('x.jsonl', line);
      expect(doc.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.answer?.label)), line).toEqual(golds);
      expect(doc.testInputs.map((t) => t.text.text), line).toEqual(inputs);
      const k = JSON.parse(line).response_k;
      if (typeof k === 'string') expect(doc.prose.map((p) => p.text), line).toContain(k);
    }
  });
});

describe('preference records: conversational {prompt: [...], chosen: [...], rejected: [...]}', () => {
  it('the prompt messages then the chosen assistant message; the rejected one is no message', () => {
    const line =
      '{"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Which organ pumps blood?\\n(A) Heart\\n(B) Liver"}], "chosen": [{"role": "assistant", "content": "(A) \\"Heart\\""}], "rejected": [{"role": "assistant", "content": "(B)"}]}';
    const doc = parseJsonlDocument('x.jsonl', line);
    expect(doc.problems).toEqual([]);
    expect(doc.messages.map((m) => [m.role, at(line, m.content.sourceSpan()), at(line, m.roleSpan)])).toEqual([
      ['system', 'Be brief.', 'system'],
      ['user', 'Which organ pumps blood?\\n(A) Heart\\n(B) Liver', 'user'],
      ['assistant', '(A) \\"Heart\\"', 'assistant'],
    ]);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('chat');
    const ex = set.exemplars[0]!;
    expect(ex.span).toEqual({ start: 0, end: line.length });
    expect(at(line, ex.question!.sourceSpan())).toBe('Which organ pumps blood?');
    expect(ex.options.map((o) => at(line, o.text.sourceSpan()))).toEqual(['Heart', 'Liver']);
    expect(ex.output!.text).toBe('(A) "Heart"');
    expect(at(line, ex.output!.sourceSpan())).toBe('(A) \\"Heart\\"');
    expect(ex.answer!.letter).toBe('A');
    expect(at(line, ex.rejected)).toBe('[{"role": "assistant", "content": "(B)"}]');
    expect(proseOf(doc)).not.toContain('(B)');
  });

  it('a prompt string is the user turn when the chosen messages have none', () => {
    const line = '{"prompt": "Is it true?", "chosen": [{"role": "assistant", "content": "true"}], "rejected": [{"role": "assistant", "content": "false"}]}';
    const doc = parseJsonlDocument('x.jsonl', line);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(at(line, ex.question!.sourceSpan())).toBe('Is it true?');
    expect(at(line, ex.output!.sourceSpan())).toBe('true');
    expect(doc.messages.map((m) => [m.role, m.content.text, at(line, m.span)])).toEqual([
      ['user', 'Is it true?', 'Is it true?'],
      ['assistant', 'true', '{"role": "assistant", "content": "true"}'],
    ]);
  });
});

describe('preference records: implicit prompt {chosen: [conversation], rejected: [conversation]}', () => {
  it('the chosen conversation is the record; the rejected one is neither messages nor prose', () => {
    const line =
      '{"chosen": [{"role": "user", "content": "Sentiment of \\"great film\\"?"}, {"role": "assistant", "content": "positive"}], "rejected": [{"role": "user", "content": "Sentiment of \\"great film\\"?"}, {"role": "assistant", "content": "negative"}]}';
    const doc = parseJsonlDocument('x.jsonl', line);
    expect(doc.problems).toEqual([]);
    expect(doc.messages).toHaveLength(2);
    expect(doc.messages.every((m) => m.span.end <= line.indexOf('"rejected"'))).toBe(true);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(doc.exemplarSets[0]!.shape).toBe('chat');
    expect(ex.question!.text).toBe('Sentiment of "great film"?');
    expect(at(line, ex.question!.sourceSpan())).toBe('Sentiment of \\"great film\\"?');
    expect(at(line, ex.output!.sourceSpan())).toBe('positive');
    expect(ex.answer!.label).toBe('positive');
    expect(proseOf(doc)).toEqual(['Sentiment of \\"great film\\"?', 'positive']);
  });

  it('is a record in a JSON array too (isRecord)', () => {
    const text = JSON.stringify(
      [1, 2].map((i) => ({
        chosen: [
          { role: 'user', content: `Q${i}` },
          { role: 'assistant', content: 'yes' },
        ],
        rejected: [
          { role: 'user', content: `Q${i}` },
          { role: 'assistant', content: 'no' },
        ],
      })),
    );
    const doc = parseStructuredDocument('x.json', text, 'json');
    expect(doc.exemplarSets).toHaveLength(1);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Q1', 'yes'],
      ['Q2', 'yes'],
    ]);
    expect(doc.testInputs).toEqual([]);
  });
});

describe('preference records: Anthropic HH-RLHF transcripts', () => {
  it('the chosen transcript as turns, its last Human/Assistant pair the exemplar, exact ranges past the \\n escapes', () => {
    const chosen = '\n\nHuman: Hi there\n\nAssistant: Hello.\n\nHuman: Which gas is most common in air?\n(A) Nitrogen\n(B) Oxygen\n\nAssistant: (A) Nitrogen';
    const rejected = '\n\nHuman: Hi there\n\nAssistant: Hello.\n\nHuman: Which gas is most common in air?\n(A) Nitrogen\n(B) Oxygen\n\nAssistant: (B)';
    const line = JSON.stringify({ chosen, rejected });
    const doc = parseJsonlDocument('x.jsonl', line);
    expect(doc.problems).toEqual([]);
    expect(doc.messages.map((m) => [m.role, at(line, m.roleSpan), at(line, m.content.sourceSpan()), at(line, m.span)])).toEqual([
      ['user', 'Human:', 'Hi there', 'Human: Hi there'],
      ['assistant', 'Assistant:', 'Hello.', 'Assistant: Hello.'],
      [
        'user',
        'Human:',
        'Which gas is most common in air?\\n(A) Nitrogen\\n(B) Oxygen',
        'Human: Which gas is most common in air?\\n(A) Nitrogen\\n(B) Oxygen',
      ],
      ['assistant', 'Assistant:', '(A) Nitrogen', 'Assistant: (A) Nitrogen'],
    ]);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(at(line, ex.question!.sourceSpan())).toBe('Which gas is most common in air?');
    expect(ex.options.map((o) => o.text.text)).toEqual(['Nitrogen', 'Oxygen']);
    expect(ex.answer!.letter).toBe('A');
    expect(at(line, ex.answer!.letterSpan)).toBe('A');
    expect(line.slice(ex.answer!.letterSpan!.start - 12, ex.answer!.letterSpan!.end + 1)).toBe('Assistant: (A)');
    expect(at(line, ex.rejected)).toBe(JSON.stringify(rejected));
    expect(proseOf(doc)).toEqual([JSON.stringify(chosen).slice(1, -1)]);
  });
});

describe('objects with chosen or rejected keys that are no preference records are read as before', () => {
  it('a config, a record with its own gold, a record without rejected, mixed kinds', () => {
    for (const [line, golds, inputs] of [
      ['{"theme": "x", "chosen": "dark", "rejected": "light"}', [], []],
      ['{"chosen": "dark", "rejected": "light"}', [], []],
      ['{"chosen": ["dark", "dim"], "rejected": ["light"]}', [], []],
      ['{"prompt": "Pick one", "chosen": "dark"}', [], ['Pick one']],
      ['{"prompt": "Pick one", "chosen": [{"role": "assistant", "content": "dark"}], "rejected": "light"}', [], ['Pick one']],
      ['{"question": "2 + 2?", "answer": "4", "chosen": "5", "rejected": "3"}', ['4'], []],
      ['{"prompt": "2 + 2?", "completion": "4", "chosen": "5", "rejected": "3"}', ['4'], []],
      ['{"chosen": "Human: hi", "rejected": "Human: hi"}', [], []],
    ] as const) {
      const doc = parseJsonlDocument('x.jsonl', line);
      expect(doc.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.answer?.label)), line).toEqual(golds);
      expect(doc.exemplarSets.flatMap((s) => s.exemplars.filter((e) => e.rejected)), line).toEqual([]);
      expect(doc.testInputs.map((t) => t.text.text), line).toEqual(inputs);
      // The rejected value's strings are prose, as before.
      const rejected = ([] as string[]).concat(JSON.parse(line).rejected ?? []);
      for (const r of rejected) expect(doc.prose.map((p) => p.text), line).toContain(r);
    }
  });
});

describe('KTO records {prompt, completion, label: boolean}', () => {
  it('a desirable completion is the gold output (the label no gold); an undesirable one is no exemplar, no test input, no prose', () => {
    const text = [
      '{"prompt": "Which planet is largest?\\n(A) Jupiter\\n(B) Mars", "completion": "(A) \\"Jupiter\\"", "label": true}',
      '{"prompt": "Which planet is largest?\\n(A) Jupiter\\n(B) Mars", "completion": "(B)", "label": false}',
      '{"prompt": "Sentiment of: dull", "completion": "negative", "label": true}',
    ].join('\n');
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toEqual([]);
    const exemplars = doc.exemplarSets.flatMap((s) => s.exemplars);
    expect(exemplars.map((e) => [e.answer!.letter, e.answer!.label, at(text, e.answer!.span)])).toEqual([
      ['A', 'Jupiter', '(A) \\"Jupiter\\"'],
      [undefined, 'negative', 'negative'],
    ]);
    expect(at(text, exemplars[0]!.output!.sourceSpan())).toBe('(A) \\"Jupiter\\"');
    expect(exemplars.every((e) => e.rejected === undefined)).toBe(true);
    expect(proseOf(doc)).not.toContain('(B)');
    expect(proseOf(doc)).toContain('(A) \\"Jupiter\\"');
  });

  it('conversational: the prompt messages then the completion message (label true); label false gives nothing and no prose', () => {
    const text = [
      '{"prompt": [{"role": "user", "content": "Which planet is largest?\\n(A) Jupiter\\n(B) Mars"}], "completion": [{"role": "assistant", "content": "(A) \\"Jupiter\\""}], "label": true}',
      '{"prompt": [{"role": "user", "content": "Which planet is largest?\\n(A) Jupiter\\n(B) Mars"}], "completion": [{"role": "assistant", "content": "(B) Mars"}], "label": false}',
    ].join('\n');
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.testInputs).toEqual([]);
    const exemplars = doc.exemplarSets.flatMap((s) => s.exemplars);
    expect(exemplars).toHaveLength(1);
    const ex = exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is largest?');
    expect(ex.options.map((o) => o.text.text)).toEqual(['Jupiter', 'Mars']);
    expect([ex.answer!.letter, ex.answer!.label, at(text, ex.answer!.span)]).toEqual(['A', 'Jupiter', '(A) \\"Jupiter\\"']);
    expect(ex.answer!.letterSpan!.start).toBe(text.indexOf('(A) \\"Jupiter') + 1);
    expect(ex.span.end).toBeLessThanOrEqual(text.indexOf('\n'));
    // The label is no gold; the undesirable completion is no message and no prose.
    expect(doc.messages.map((m) => m.content.text)).not.toContain('(B) Mars');
    expect(proseOf(doc)).not.toContain('(B) Mars');
    expect(proseOf(doc)).toContain('(A) \\"Jupiter\\"');
  });

  it('conversational with a prompt string, or a completion that is no message list, is read as before', () => {
    for (const line of [
      '{"prompt": "Is it?", "completion": [{"role": "assistant", "content": "yes"}], "label": false}',
      '{"prompt": [{"role": "user", "content": "Is it?"}], "completion": ["yes"], "label": false}',
    ]) {
      const doc = parseJsonlDocument('x.jsonl', line);
      // Not read as KTO: label false keeps the completion's text as prose.
      expect(proseOf(doc), line).toContain('yes');
    }
  });

  it('a label that is no boolean, or no completion key, is read as before', () => {
    const line = '{"prompt": "Is it?", "completion": "maybe", "label": "yes"}';
    expect(parseJsonlDocument('x.jsonl', line).exemplarSets[0]!.exemplars[0]!.answer!.label).toBe('yes');
    const output = '{"prompt": "Is it?", "output": "maybe", "label": false}';
    const doc = parseJsonlDocument('x.jsonl', output);
    expect(doc.exemplarSets[0]!.exemplars[0]!.answer!.label).toBe('maybe');
    expect(proseOf(doc)).toContain('maybe');
  });
});
