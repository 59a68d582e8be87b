/**
 * ChatML, Llama 3, Gemma, Phi-3 and Phi-4 chat templates written out in a record's text, in a prompt/completion
 * pair's prompt, and as a whole .prompt file, read as their turns as Llama 2's is (chat-template.ts,
 * records.ts recordOf, text.ts parseTextDocument); and an assistant message's closing control token
 * ("positive</s>", "(B)<|im_end|>") is no part of its label (records.ts chatRecord, messages.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { parseTextDocument } from '../../server/src/parse/text';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
/** A JSON string's source text for `s` (line breaks escaped). */
const esc = (s: string) => s.replace(/\n/g, '\\n');

const SYS = 'You are a careful exam assistant. Reply with the letter of the correct option.';
const MC = 'Which planet is known as the Red Planet?\n(A) Venus\n(B) Mars\n(C) Jupiter';

type Turn = [role: string, content: string];
const chatml = (turns: Turn[], gen = false) => turns.map(([r, c]) => `<|im_start|>${r}\n${c}<|im_end|>\n`).join('') + (gen ? '<|im_start|>assistant\n' : '');
const llama3 = (turns: Turn[], gen = false) =>
  '<|begin_of_text|>' + turns.map(([r, c]) => `<|start_header_id|>${r}<|end_header_id|>\n\n${c}<|eot_id|>`).join('') + (gen ? '<|start_header_id|>assistant<|end_header_id|>\n\n' : '');
const gemma = (turns: Turn[], gen = false) => '<bos>' + turns.map(([r, c]) => `<start_of_turn>${r}\n${c}<end_of_turn>\n`).join('') + (gen ? '<start_of_turn>model\n' : '');
/** Phi-3 / Phi-3.5 (Hugging Face chat template: `<s>`, then `<|role|>\n{content}<|end|>\n` per turn). */
const phi3 = (turns: Turn[], gen = false) => '<s>' + turns.map(([r, c]) => `<|${r}|>\n${c}<|end|>\n`).join('') + (gen ? '<|assistant|>\n' : '');
/** Phi-4: ChatML with `<|im_sep|>` after the role. */
const phi4 = (turns: Turn[], gen = false) => turns.map(([r, c]) => `<|im_start|>${r}<|im_sep|>${c}<|im_end|>`).join('') + (gen ? '<|im_start|>assistant<|im_sep|>' : '');

describe('a record whose text is a ChatML, Llama 3 or Gemma transcript is a chat record', () => {
  it('ChatML: system, user and assistant turns with their source spans', () => {
    const text = jsonl([{ text: chatml([['system', SYS], ['user', MC], ['assistant', 'The answer is (B)']]) }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.testInputs).toEqual([]);
    expect(doc.exemplarSets.map((s) => [s.shape, s.kind])).toEqual([['chat', 'dataset']]);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(ex.options.map((o) => [o.letter, at(text, o.text.sourceSpan())])).toEqual([
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
    expect(doc.messages.map((m) => at(text, m.span))).toEqual([
      `<|im_start|>system\\n${SYS}<|im_end|>`,
      `<|im_start|>user\\n${esc(MC)}<|im_end|>`,
      '<|im_start|>assistant\\nThe answer is (B)<|im_end|>',
    ]);
    expect(doc.messages.map((m) => at(text, m.roleSpan))).toEqual(['<|im_start|>system', '<|im_start|>user', '<|im_start|>assistant']);
  });

  it('Llama 3: the BOS is part of the first turn, each header is its role span', () => {
    const text = jsonl([{ text: llama3([['system', SYS], ['user', MC], ['assistant', 'The answer is (B)']]) }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.span)).toBe('The answer is (B)');
    expect(ex.options.map((o) => at(text, o.text.sourceSpan()))).toEqual(['Venus', 'Mars', 'Jupiter']);
    expect(doc.messages.map((m) => [m.role, m.content.text])).toEqual([
      ['system', SYS],
      ['user', MC],
      ['assistant', 'The answer is (B)'],
    ]);
    expect(doc.messages.map((m) => at(text, m.span))).toEqual([
      `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\\n\\n${SYS}<|eot_id|>`,
      `<|start_header_id|>user<|end_header_id|>\\n\\n${esc(MC)}<|eot_id|>`,
      '<|start_header_id|>assistant<|end_header_id|>\\n\\nThe answer is (B)<|eot_id|>',
    ]);
    expect(doc.messages.map((m) => at(text, m.roleSpan))).toEqual([
      '<|start_header_id|>system<|end_header_id|>',
      '<|start_header_id|>user<|end_header_id|>',
      '<|start_header_id|>assistant<|end_header_id|>',
    ]);
  });

  it('Gemma: the model turn is the assistant\'s', () => {
    const text = jsonl([
      { text: gemma([['user', 'Classify the sentiment of this review as positive or negative.\n\nBattery lasts two days.'], ['model', 'positive']]) },
      { text: gemma([['user', 'Classify the sentiment of this review as positive or negative.\n\nBroke after a week.'], ['model', 'negative']]) },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const set = doc.exemplarSets[0]!;
    expect(set.exemplars.map((e) => [e.question?.text, e.answer?.label])).toEqual([
      ['Classify the sentiment of this review as positive or negative.\n\nBattery lasts two days.', 'positive'],
      ['Classify the sentiment of this review as positive or negative.\n\nBroke after a week.', 'negative'],
    ]);
    expect(at(text, set.exemplars[1]!.answer!.span)).toBe('negative');
    expect(set.exemplars[1]!.answer!.span.start).toBe(text.lastIndexOf('negative'));
    expect(doc.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(doc.messages.slice(0, 2).map((m) => at(text, m.span))).toEqual([
      '<bos><start_of_turn>user\\nClassify the sentiment of this review as positive or negative.\\n\\nBattery lasts two days.<end_of_turn>',
      '<start_of_turn>model\\npositive<end_of_turn>',
    ]);
    expect(doc.messages.slice(0, 2).map((m) => at(text, m.roleSpan))).toEqual(['<start_of_turn>user', '<start_of_turn>model']);
  });

  it('several turns: the last answered one is the record, the earlier ones its demos', () => {
    const text = jsonl([{ text: chatml([['user', 'Is 7 prime?'], ['assistant', 'yes'], ['user', 'Is 9 prime?'], ['assistant', 'no']]) }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets.map((s) => [s.kind, s.exemplars.map((e) => [e.question?.text, e.answer?.label])])).toEqual([
      ['dataset', [['Is 9 prime?', 'no']]],
      ['demos', [['Is 7 prime?', 'yes']]],
    ]);
  });

  it('the EOS after the last turn, and a last turn left unclosed, are read', () => {
    const text = jsonl([
      { text: chatml([['user', 'Loved it.'], ['assistant', 'positive']]) + '<|endoftext|>' },
      { text: llama3([['user', 'Hated it.'], ['assistant', 'negative']]) + '<|end_of_text|>' },
      { text: gemma([['user', 'Fine.'], ['model', 'neutral']]) + '<eos>\n' },
      { text: '<|im_start|>user\nMeh.<|im_end|>\n<|im_start|>assistant\nneutral' },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const labels = doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.answer?.label, at(text, e.answer?.span)]);
    expect(labels).toEqual([
      ['Loved it.', 'positive', 'positive'],
      ['Hated it.', 'negative', 'negative'],
      ['Fine.', 'neutral', 'neutral'],
      ['Meh.', 'neutral', 'neutral'],
    ]);
    // The unclosed turn's span ends with its content.
    expect(at(text, doc.messages[7]!.span)).toBe('<|im_start|>assistant\\nneutral');
  });

  it('an unanswered last turn (the generation prompt after it) is a test input', () => {
    for (const t of [chatml([['system', SYS], ['user', MC]], true), llama3([['system', SYS], ['user', MC]], true), gemma([['user', MC]], true)]) {
      const text = jsonl([{ text: t }]);
      const doc = parseJsonlDocument('x.jsonl', text);
      expect(doc.exemplarSets, t).toEqual([]);
      expect(doc.testInputs.map((i) => [i.text.text, i.options.map((o) => o.letter)]), t).toEqual([[MC, ['A', 'B', 'C']]]);
      expect(doc.messages.map((m) => m.role), t).toEqual(t.includes('system') ? ['system', 'user'] : ['user']);
    }
  });

  it('maps spans through JSON escapes, and reads the records of a JSON array', () => {
    const text = '{"text": "<|im_start|>user\\nCaf\\u00e9 review: \\"great\\"<|im_end|>\\n<|im_start|>assistant\\npositive<|im_end|>"}\n';
    const a = parseJsonlDocument('x.jsonl', text).exemplarSets[0]!.exemplars[0]!;
    expect(a.question!.text).toBe('Café review: "great"');
    expect(at(text, a.question!.sourceSpan())).toBe('Caf\\u00e9 review: \\"great\\"');
    expect(at(text, a.answer!.span)).toBe('positive');
    const json = JSON.stringify([{ text: llama3([['user', 'Loved it.'], ['assistant', 'positive']]) }, { text: llama3([['user', 'Hated it.'], ['assistant', 'negative']]) }], null, 2);
    const doc = parseStructuredDocument('x.json', json, 'json');
    expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => e.answer?.label))).toEqual([['positive', 'negative']]);
  });

  it('is not read when the text is not only such a transcript', () => {
    const texts = [
      // Text before the first turn, and a note after the last.
      'Format:\n<|im_start|>user\nLoved it.<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>',
      '<|im_start|>user\nLoved it.<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>\n(from the review set)',
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nLoved it.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\npositive<|eot_id|> ok',
      // A role the template has no reading for (a tool turn), a role name from another template, a system turn after the first.
      '<|im_start|>user\nWeather in Oslo?<|im_end|>\n<|im_start|>tool\n{"temp_c": 18}<|im_end|>\n<|im_start|>assistant\n18 C<|im_end|>',
      '<bos><start_of_turn>user\nLoved it.<end_of_turn>\n<start_of_turn>assistant\npositive<end_of_turn>',
      '<|im_start|>user\nLoved it.<|im_end|>\n<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>',
      // User turns one after another (a hand-written prompt with a demo in each), an assistant turn first, two assistant turns.
      '<|im_start|>user\nReview: great\nLabel: positive<|im_end|>\n<|im_start|>user\nReview: awful\nLabel: negative<|im_end|>\n<|im_start|>assistant\nok<|im_end|>',
      '<|im_start|>assistant\nHow can I help?<|im_end|>\n<|im_start|>user\nLoved it.<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>',
      '<start_of_turn>user\nLoved it.<end_of_turn>\n<start_of_turn>model\npositive<end_of_turn>\n<start_of_turn>model\nnegative<end_of_turn>',
      // A turn not closed before the next one; closed with another template's token.
      '<|im_start|>user\nLoved it.\n<|im_start|>assistant\npositive<|im_end|>',
      '<|im_start|>user\nLoved it.<|eot_id|><|im_start|>assistant\npositive<|eot_id|>',
      // An empty user turn; an empty assistant turn before another turn.
      '<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>',
      '<start_of_turn>user\nLoved it.<end_of_turn>\n<start_of_turn>model\n<end_of_turn>\n<start_of_turn>user\nHated it.<end_of_turn>\n<start_of_turn>model\nnegative<end_of_turn>',
      // Another control token of the template inside a turn; a system turn alone.
      '<|start_header_id|>user<|end_header_id|>\n\nLoved <|end_header_id|> it.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\npositive<|eot_id|>',
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>',
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
    const t = chatml([['user', 'Loved it.'], ['assistant', 'positive']]);
    const doc = parseJsonlDocument('x.jsonl', jsonl([{ text: t, label: 'positive' }]));
    expect(doc.messages).toEqual([]);
    expect(doc.exemplarSets[0]!.shape).toBe('record');
    expect(doc.exemplarSets[0]!.exemplars[0]!.question!.text).toBe(t.trim());
  });
});

describe('ChatML, Llama 3 and Gemma as a whole .prompt file', () => {
  const demos: Turn[] = [
    ['user', MC],
    ['assistant', 'The answer is (B)'],
    ['user', 'Which gas do plants absorb?\n(A) Carbon dioxide\n(B) Oxygen\n(C) Helium'],
    ['assistant', 'The answer is (A)'],
    ['user', '{{question}}'],
  ];

  it.each([
    ['ChatML', chatml([['system', SYS], ...demos], true), '<|im_start|>user\n{{question}}<|im_end|>'],
    ['Llama 3', llama3([['system', SYS], ...demos], true), '<|start_header_id|>user<|end_header_id|>\n\n{{question}}<|eot_id|>'],
    ['Gemma', gemma(demos.map(([r, c]): Turn => [r === 'assistant' ? 'model' : r, c]), true), '<start_of_turn>user\n{{question}}<end_of_turn>'],
  ])('%s: answered turns are demos, the last user turn the query', (_, prompt, query) => {
    const doc = parseTextDocument('x.prompt', prompt, 'text');
    expect(doc.exemplarSets.map((s) => [s.shape, s.kind])).toEqual([['chat', 'demos']]);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.answer?.letter, at(prompt, e.answer?.span)])).toEqual([
      ['Which planet is known as the Red Planet?', 'B', 'The answer is (B)'],
      ['Which gas do plants absorb?', 'A', 'The answer is (A)'],
    ]);
    expect(doc.testInputs.map((t) => [t.text.text, at(prompt, t.span)])).toEqual([['{{question}}', query]]);
    expect(doc.variables.map((v) => v.name)).toEqual(['question']);
    expect(doc.messages.map((m) => m.role)).toEqual([...(prompt.includes('system') ? ['system'] : []), 'user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('a prompt that describes the template, or has text around the turns, is read as before', () => {
    for (const text of [
      'Write each turn as <|im_start|>ROLE, a line break, the message, then <|im_end|>.\n',
      'Examples:\n<|im_start|>user\nLoved it.<|im_end|>\n<|im_start|>assistant\npositive<|im_end|>\n',
      '<start_of_turn>user\nLoved it.<end_of_turn>\n<start_of_turn>model\npositive<end_of_turn>\nNow classify the next review.\n',
    ]) {
      const doc = parseTextDocument('x.prompt', text, 'text');
      expect(doc.messages.map((m) => m.role), text).toEqual(['user']);
      expect(doc.exemplarSets, text).toEqual([]);
    }
  });
});

describe('prompt/completion records whose prompt is a ChatML, Llama 3 or Gemma transcript', () => {
  it.each([
    ['ChatML', chatml([['system', SYS], ['user', MC]], true), 'The answer is (B)<|im_end|>'],
    ['Llama 3', llama3([['system', SYS], ['user', MC]], true), 'The answer is (B)<|eot_id|><|end_of_text|>'],
    ['Gemma', gemma([['user', MC]], true), 'The answer is (B)<end_of_turn>\n<eos>'],
  ])('%s: the last user turn is the question, the completion without its closing tokens the answer', (_, prompt, completion) => {
    const text = jsonl([{ prompt, completion }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets.map((s) => s.shape)).toEqual(['chat']);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is known as the Red Planet?');
    // The last option ends before the turn's closing token.
    expect(ex.options.map((o) => at(text, o.text.sourceSpan()))).toEqual(['Venus', 'Mars', 'Jupiter']);
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.span)).toBe('The answer is (B)');
    expect(doc.testInputs).toEqual([]);
  });

  it('a prompt whose last turn is answered is read as before', () => {
    const prompt = chatml([['user', 'Loved it.'], ['assistant', 'positive']]);
    const doc = parseJsonlDocument('x.jsonl', jsonl([{ prompt, completion: 'ok' }]));
    expect(doc.messages).toEqual([]);
    expect(doc.exemplarSets[0]!.exemplars[0]!.question!.text).toBe(prompt.trim());
  });
});

describe('an assistant message\'s closing control token is no part of its label', () => {
  it('in the record\'s last reply ({"messages": […, {"role": "assistant", "content": "positive</s>"}]})', () => {
    const text = jsonl([
      { messages: [{ role: 'user', content: 'Loved it.' }, { role: 'assistant', content: 'positive </s>' }] },
      { messages: [{ role: 'user', content: 'Which is red?\n(A) Mars\n(B) Venus' }, { role: 'assistant', content: '(A)<|im_end|>\n' }] },
      { messages: [{ role: 'user', content: 'Hated it.' }, { role: 'assistant', content: 'negative<|eot_id|>' }] },
      { messages: [{ role: 'user', content: 'Fine.' }, { role: 'assistant', content: 'neutral<end_of_turn>' }] },
      { messages: [{ role: 'user', content: 'Meh.' }, { role: 'assistant', content: 'neutral' }] },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.answer?.letter ?? e.answer?.label, at(text, e.answer?.span)])).toEqual([
      ['positive', 'positive'],
      ['A', '(A)'],
      ['negative', 'negative'],
      ['neutral', 'neutral'],
      ['neutral', 'neutral'],
    ]);
    // The message itself is as written.
    expect(doc.messages[1]!.content.text).toBe('positive </s>');
  });

  it('in a demo turn of a message list', () => {
    const text = JSON.stringify([
      { role: 'user', content: 'Loved it.' },
      { role: 'assistant', content: 'positive</s>' },
      { role: 'user', content: 'Hated it.' },
      { role: 'assistant', content: 'negative<|im_end|>' },
      { role: 'user', content: '{{review}}' },
    ]);
    const doc = parseStructuredDocument('x.json', text, 'json');
    const demos = doc.exemplarSets.find((s) => s.kind === 'demos')!;
    expect(demos.exemplars.map((e) => [e.answer?.label, at(text, e.answer?.span)])).toEqual([
      ['positive', 'positive'],
      ['negative', 'negative'],
    ]);
  });
});

describe('Phi-3 and Phi-4 chat templates', () => {
  it('Phi-3: a record\'s text is its turns, the `<s>` part of the first, each `<|role|>` its role span', () => {
    const text = jsonl([{ text: phi3([['system', SYS], ['user', MC], ['assistant', 'The answer is (B)']]) + '<|endoftext|>' }]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.testInputs).toEqual([]);
    expect(doc.exemplarSets.map((s) => [s.shape, s.kind])).toEqual([['chat', 'dataset']]);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(ex.options.map((o) => at(text, o.text.sourceSpan()))).toEqual(['Venus', 'Mars', 'Jupiter']);
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.span)).toBe('The answer is (B)');
    expect(doc.messages.map((m) => [m.role, m.content.text])).toEqual([
      ['system', SYS],
      ['user', MC],
      ['assistant', 'The answer is (B)'],
    ]);
    expect(doc.messages.map((m) => at(text, m.span))).toEqual([
      `<s><|system|>\\n${SYS}<|end|>`,
      `<|user|>\\n${esc(MC)}<|end|>`,
      '<|assistant|>\\nThe answer is (B)<|end|>',
    ]);
    expect(doc.messages.map((m) => at(text, m.roleSpan))).toEqual(['<|system|>', '<|user|>', '<|assistant|>']);
  });

  it('Phi-3 without `<s>`, and Phi-4: labelled records', () => {
    for (const make of [(t: Turn[]) => phi3(t).slice('<s>'.length), phi4]) {
      const text = jsonl([{ text: make([['user', 'Loved it.'], ['assistant', 'positive']]) }, { text: make([['user', 'Hated it.'], ['assistant', 'negative']]) }]);
      const doc = parseJsonlDocument('x.jsonl', text);
      expect(doc.exemplarSets.map((s) => s.exemplars.map((e) => [e.question?.text, e.answer?.label, at(text, e.answer?.span)])), text).toEqual([
        [
          ['Loved it.', 'positive', 'positive'],
          ['Hated it.', 'negative', 'negative'],
        ],
      ]);
    }
    const text = jsonl([{ text: phi4([['user', MC], ['assistant', 'B']]) }]);
    expect(parseJsonlDocument('x.jsonl', text).messages.map((m) => at(text, m.roleSpan))).toEqual(['<|im_start|>user<|im_sep|>', '<|im_start|>assistant<|im_sep|>']);
  });

  it.each([
    ['Phi-3', phi3, '<|user|>\n{{question}}<|end|>'],
    ['Phi-4', phi4, '<|im_start|>user<|im_sep|>{{question}}<|im_end|>'],
  ])('%s as a whole .prompt: answered turns are demos, the last user turn the query', (_, make, query) => {
    const prompt = make(
      [
        ['system', SYS],
        ['user', MC],
        ['assistant', 'The answer is (B)'],
        ['user', 'Which gas do plants absorb?\n(A) Carbon dioxide\n(B) Oxygen\n(C) Helium'],
        ['assistant', 'The answer is (A)'],
        ['user', '{{question}}'],
      ],
      true,
    );
    const doc = parseTextDocument('x.prompt', prompt, 'text');
    expect(doc.exemplarSets.map((s) => [s.shape, s.kind])).toEqual([['chat', 'demos']]);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.answer?.letter])).toEqual([
      ['Which planet is known as the Red Planet?', 'B'],
      ['Which gas do plants absorb?', 'A'],
    ]);
    expect(doc.testInputs.map((t) => [t.text.text, at(prompt, t.span)])).toEqual([['{{question}}', query]]);
  });

  it('Phi-3 prompt/completion: the completion without `<|end|>` is the answer', () => {
    const text = jsonl([{ prompt: phi3([['user', MC]], true), completion: 'The answer is (B)<|end|>' }]);
    const ex = parseJsonlDocument('x.jsonl', text).exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.span)).toBe('The answer is (B)');
  });

  it('is not read when the text is not only such a transcript', () => {
    for (const t of [
      // A role Phi-3 has no such turn for; a turn not closed before the next; another header inside a turn.
      '<|user|>\nWeather?<|end|>\n<|tool|>\n{"t": 18}<|end|>\n<|assistant|>\n18 C<|end|>',
      '<|user|>\nLoved it.\n<|assistant|>\npositive<|end|>',
      '<|user|>\nLoved <|system|> it.<|end|>\n<|assistant|>\npositive<|end|>',
      // Text after the turns; a Llama 2 `</s>` inside a Phi-3 turn; Phi-4's separator inside a turn.
      '<|user|>\nLoved it.<|end|>\n<|assistant|>\npositive<|end|>\nMore to come.',
      '<s><|user|>\nLoved it.</s><|end|>\n<|assistant|>\npositive<|end|>',
      '<|im_start|>user<|im_sep|>Loved <|im_sep|>it.<|im_end|><|im_start|>assistant<|im_sep|>positive<|im_end|>',
      // Angle-bracket text that is no template at all.
      '<|not a template|> Loved it.',
    ]) {
      const doc = parseJsonlDocument('x.jsonl', jsonl([{ text: t }]));
      expect(doc.messages, t).toEqual([]);
      expect(doc.testInputs.map((i) => i.text.text), t).toEqual([t.trim()]);
    }
  });
});
