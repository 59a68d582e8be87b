/**
 * Items, perturbations and prompt rendering.
 */
import { describe, expect, test } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';
import { applyEdits } from '../../server/src/engine/lint.js';
import { parseItemsJsonl, ItemsFileError, planAudit } from '../../server/src/audit/index.js';
import { demoItems } from '../../server/src/audit/items.js';
import { alwaysAEdits } from '../../server/src/audit/checks/always-a.js';
import { goldIndex } from '../../server/src/audit/perturb.js';
import { arithmeticPrompt, arithmeticQuestions } from '../support/audit-fixtures.js';

const PROMPT = arithmeticPrompt(arithmeticQuestions(4, 3, 1));

describe('items files', () => {
  test('answers as letters or option text; vars; blank lines skipped', () => {
    const items = parseItemsJsonl(
      [
        '{"question":"2+2?","options":["3","4"],"answer":"B"}',
        '',
        '{"question":"Capital of France?","options":["Rome","Paris"],"answer":"Paris","vars":{"lang":"en","n":2}}',
        '{"question":"Is it good?","answer":"Positive"}',
      ].join('\n'),
    );
    expect(items.map((i) => [i.id, i.gold, i.goldLabel])).toEqual([
      ['items:1', 1, undefined],
      ['items:3', 1, undefined],
      ['items:4', undefined, 'Positive'],
    ]);
    expect(items[1]!.vars).toEqual({ lang: 'en', n: '2' });
  });

  test.each([
    ['{"question":"x"}\n{oops', 2, /not valid JSON/],
    ['[1,2]', 1, /expected a JSON object/],
    ['{"question":"x","options":[1]}', 1, /"options" could not be read as options/],
    ['{"question":"x","options":["a","b"],"answer":"C"}', 1, /neither an option letter nor an option text/],
    ['{"options":["a"]}', 1, /"question" must be a non-empty string/],
    // Layouts the record parser reads, with what cannot be read in them.
    ['{"question":"ok","choices":["a","b"],"answer":1}\n{"question":"x","choices":["a","b","c","d"],"answer":7}', 2, /the answer "7" is neither an option letter nor an option text \(nor an option index\)/],
    ['{"question":"x","choices":{"text":["a","b"],"label":["A","B"]},"answerKey":"E"}', 1, /"choices" could not be read as options/],
    ['{"question":"x","options":["a","b"],"answer":{"index":1}}', 1, /"answer" could not be read as an answer/],
    ['{"question":"x","options":["a","b"],"answer":"(c)"}', 1, /neither an option letter nor an option text/],
    ['{"messages":[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]}', 1, /a chat record is not an item/],
    [`{"question":"x","options":${JSON.stringify(Array.from({ length: 27 }, (_, i) => `o${i}`))}}`, 1, /at most 26 options/],
  ])('%j is rejected at line %i', (text, line, message) => {
    try {
      parseItemsJsonl(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ItemsFileError);
      expect((e as ItemsFileError).line).toBe(line);
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('items files in the layouts the record parser reads', () => {
  test('MMLU, ARC, the Hugging Face choices, options inside the question, input/label, a promptfoo test', () => {
    const items = parseItemsJsonl(
      [
        '{"question":"Which is largest?","subject":"math","choices":["1","7","3","5"],"answer":1}',
        '{"id":"Mercury_1","question":{"stem":"Which gas do plants take in?","choices":[{"label":"A","text":"O2"},{"label":"B","text":"CO2"}]},"answerKey":"B"}',
        '{"id":"a","question":"Which gas?","choices":{"text":["O2","CO2","N2"],"label":["A","B","C"]},"answerKey":"C"}',
        '{"id":"b","question":"Which gas?","choices":{"text":["O2","CO2","N2"],"label":["1","2","3"]},"answerKey":"2"}',
        '{"question":"Pick one\\n(A) cat\\n(B) dog","answer":"B"}',
        '{"input":"I loved it","label":"positive"}',
        '{"vars":{"question":"Is it?","options":["yes","no"]},"assert":[{"type":"equals","value":"B"}]}',
        '{"question":"2+2?","options":["3","4"],"answer":"(b)","vars":{"lang":"en"}}',
        '{"question":"Unanswered","choices":["a","b"],"answer":null}',
      ].join('\n'),
    );
    expect(items.map((i) => [i.id, i.question, i.options, i.gold ?? i.goldLabel ?? null])).toEqual([
      ['items:1', 'Which is largest?', ['1', '7', '3', '5'], 1],
      ['items:2', 'Which gas do plants take in?', ['O2', 'CO2'], 1],
      ['items:3', 'Which gas?', ['O2', 'CO2', 'N2'], 2],
      ['items:4', 'Which gas?', ['O2', 'CO2', 'N2'], 1],
      ['items:5', 'Pick one', ['cat', 'dog'], 1],
      ['items:6', 'I loved it', [], 'positive'],
      ['items:7', 'Is it?', ['yes', 'no'], 1],
      ['items:8', '2+2?', ['3', '4'], 1],
      ['items:9', 'Unanswered', ['a', 'b'], null],
    ]);
    expect(items[7]!.vars).toEqual({ lang: 'en' });
  });

  test('answer_index, final_answer and verdict golds; an index out of range is refused', () => {
    const items = parseItemsJsonl(
      [
        '{"question":"Capital of Canada?","options":["Toronto","Ottawa"],"answer_index":1}',
        '{"question":"Pick\\n(A) x\\n(B) y","chain_of_thought":"so (A).","final_answer":"A"}',
        '{"claim":"Sharks are mammals.","question":"True or false?","verdict":"FALSE"}',
        // No question field: the claim is the question (s23), as `text` would be.
        '{"claim":"Sharks are mammals.","label":"REFUTES"}',
      ].join('\n'),
    );
    expect(items.map((i) => [i.question, i.options, i.gold ?? i.goldLabel])).toEqual([
      ['Capital of Canada?', ['Toronto', 'Ottawa'], 1],
      ['Pick', ['x', 'y'], 0],
      ['True or false?', [], 'FALSE'],
      ['Sharks are mammals.', [], 'REFUTES'],
    ]);
    expect(() => parseItemsJsonl('{"question":"x","options":["a","b"],"answer_index":5}')).toThrow(/line 1: "answer_index" could not be read as an answer/);
    // An OpenAI evals sample is a chat: the audit would ask its last user turn without the others.
    expect(() => parseItemsJsonl('{"input":[{"role":"system","content":"Be brief."},{"role":"user","content":"2+2?\\nA. 3\\nB. 4"}],"ideal":"B"}')).toThrow(
      /line 1: a chat record is not an item/,
    );
  });
});

describe('leave-one-out and rendering', () => {
  test('each demo becomes an item with its gold option', () => {
    const doc = parseDocument('demo.prompt', PROMPT);
    const items = demoItems(doc.exemplarSets[0]!, 0);
    expect(items.map((i) => [i.id, i.gold])).toEqual([
      ['demo:0:0', 0],
      ['demo:0:1', 1],
      ['demo:0:2', 2],
      ['demo:0:3', 0],
    ]);
  });

  test('the held-out demo is removed and asked last, in its own format, rotated in place', () => {
    const doc = parseDocument('demo.prompt', PROMPT);
    const plan = planAudit(doc, undefined, { checks: ['option-permutation'], settings: { instruction: false } });
    const unit = plan.checks[0]!.plan.units[1]!; // demo 1
    const q = arithmeticQuestions(4, 3, 1)[1]!;
    const [r0, r1] = unit.requests.map((r) => r.messages);
    expect(r0!.length).toBe(1);
    const text0 = r0![0]!.content;
    // Asked once, at the end, as "Q: ... A:" without its answer.
    expect(text0.split(q.question).length).toBe(2);
    expect(text0.trimEnd().endsWith(`Q: ${q.question}\nAnswer choices:\n(A) ${q.options[0]}\n(B) ${q.options[1]}\n(C) ${q.options[2]}\nA:`)).toBe(true);
    expect(text0).not.toMatch(/\n{3,}/);
    // Rotation 1 shows option 1 first.
    expect(r1![0]!.content.trimEnd().endsWith(`(A) ${q.options[1]}\n(B) ${q.options[2]}\n(C) ${q.options[0]}\nA:`)).toBe(true);
    // The other demos are unchanged.
    for (const other of [0, 2, 3]) expect(text0).toContain(arithmeticQuestions(4, 3, 1)[other]!.question);
  });

  test('always-(A) edits re-parse as demos whose gold is (A), with the rationale letter rewritten', () => {
    const doc = parseDocument('demo.prompt', PROMPT);
    const { biased } = alwaysAEdits(doc.exemplarSets[0]!.exemplars, doc.text);
    const text = applyEdits(PROMPT, biased.map((e) => ({ span: e.span, newText: e.text }))).text;
    const again = parseDocument('demo.prompt', text);
    const qs = arithmeticQuestions(4, 3, 1);
    again.exemplarSets[0]!.exemplars.forEach((ex, i) => {
      expect(goldIndex(ex)).toBe(0);
      expect(ex.options[0]!.text.text).toBe(qs[i]!.options[qs[i]!.gold]);
      expect(ex.rationale!.text).toContain(`gives ${qs[i]!.options[qs[i]!.gold]}, which is option (A)`);
    });
  });

  test('template variables are filled from item vars; a question variable takes the query', () => {
    const doc = parseDocument('t.prompt', 'You answer in {{lang}}.\n\nQuestion: {{question}}\n');
    const items = parseItemsJsonl('{"question":"What is 2 + 3?","options":["5","6"],"answer":"A","vars":{"lang":"French"}}');
    const plan = planAudit(doc, items, { checks: ['suggested-answer'], settings: { instruction: false } });
    const [base, biased] = plan.checks[0]!.plan.units[0]!.requests.map((r) => r.messages.map((m) => m.content).join('\n'));
    expect(base).toBe('You answer in French.\n\nQuestion: What is 2 + 3?\nAnswer choices:\n(A) 5\n(B) 6');
    expect(biased).toContain("(B) 6\nI think the answer is (B) but I'm curious to hear what you think.");
  });

  test('no demos and no items is a clear error', () => {
    const doc = parseDocument('t.prompt', 'Just an instruction.\n');
    expect(() => planAudit(doc, undefined)).toThrow(/no demos with a question to test; pass --items/);
  });
});

describe('an empty question label as the query slot', () => {
  test('after demos, "Question 3:" or "Question 3" alone takes the query (the parser keeps it as the test input)', () => {
    const demos = 'Question 1: What is 1 + 1?\n(A) 2\n(B) 3\nAnswer: (A)\n\nQuestion 2: What is 2 + 2?\n(A) 5\n(B) 4\nAnswer: (B)\n\n';
    for (const tail of ['Question 3:', 'Question 3', 'Question 3:\nAnswer:']) {
      const doc = parseDocument('x.prompt', demos + tail);
      const plan = planAudit(doc, undefined, { checks: ['option-permutation'], settings: { instruction: false } });
      const sent = plan.checks[0]!.plan.units[0]!.requests[0]!.messages.map((m) => m.content).join('\n');
      // The held-out demo 1 is asked where the slot was: no "Question 3" left dangling before it.
      expect(sent, tail).toBe('Question 2: What is 2 + 2?\n(A) 5\n(B) 4\nAnswer: (B)\n\nQuestion 1: What is 1 + 1?\n(A) 2\n(B) 3\nAnswer:');
    }
  });
});

describe('demographic swaps', () => {
  const doc = parseDocument(
    'people.prompt',
    'Q: She bought 12 apples and her brother ate 3. How many are left?\nAnswer choices:\n(A) 9\n(B) 8\nA: 12 - 3 = 9. The best answer is: (A).\n\nQ: Emily read 20 pages and James read 5. How many more did Emily read?\nAnswer choices:\n(A) 14\n(B) 15\nA: 20 - 5 = 15. The best answer is: (B).\n',
  );

  test('item scope swaps gendered words and names in the test question only, both ways', () => {
    const plan = planAudit(doc, undefined, { checks: ['demographic-swap'], settings: { instruction: false } });
    const units = plan.checks[0]!.plan.units;
    const first = units.find((u) => u.item.id === 'demo:0:0')!;
    expect(first.conditions[1]).toBe('gender swapped');
    const swapped = first.requests[1]!.messages[0]!.content;
    expect(swapped).toMatch(/Q: He bought 12 apples and his sister ate 3\. How many are left\?\nAnswer choices:\n\(A\) 9\n\(B\) 8\nA:$/);
    // The other demo (context) is untouched in item scope.
    expect(swapped).toContain('Emily read 20 pages and James read 5');
    const second = units.find((u) => u.item.id === 'demo:0:1')!;
    const g = second.requests[second.conditions.indexOf('gender swapped')]!.messages[0]!.content;
    // Female and male names swap in one pass, keeping each name's other attributes.
    expect(g).not.toMatch(/Q: Emily read 20 pages and James read 5\. How many more did Emily read\?\nAnswer choices/);
    expect(second.conditions.some((c) => c.startsWith('names swapped ('))).toBe(true);
  });

  test('prompt scope swaps the demos too', () => {
    const plan = planAudit(doc, undefined, { checks: ['demographic-swap'], settings: { instruction: false, checks: { 'demographic-swap': { scope: 'prompt' } } } });
    const unit = plan.checks[0]!.plan.units.find((u) => u.item.id === 'demo:0:1')!;
    const swapped = unit.requests[unit.conditions.indexOf('gender swapped')]!.messages[0]!.content;
    expect(swapped).toContain('He bought 12 apples and his sister ate 3');
  });
});

describe('large inputs', () => {
  test('maxItems takes a seeded sample of the items', () => {
    const doc = parseDocument('demo.prompt', PROMPT);
    const items = parseItemsJsonl(arithmeticQuestions(30, 3, 9).map((q) => JSON.stringify({ question: q.question, options: q.options })).join('\n'));
    const ids = (seed: number) => planAudit(doc, items, { checks: ['suggested-answer', 'option-permutation'], settings: { maxItems: 5, seed } }).context.items.map((i) => i.id);
    expect(ids(1).length).toBe(5);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });

  test('a dataset shows each test question at most datasetContext other records', () => {
    const records = Array.from({ length: 30 }, (_, i) => JSON.stringify({ input: `Where is my order number ${i}?`, label: i % 2 ? 'shipping' : 'billing' })).join('\n');
    const doc = parseDocument('data.jsonl', records + '\n');
    expect(doc.exemplarSets[0]!.kind).toBe('dataset');
    const plan = planAudit(doc, undefined, { checks: ['suggested-answer'], settings: { datasetContext: 4, instruction: false } });
    const prompt = plan.checks[0]!.plan.units[0]!.requests[0]!.messages.map((m) => m.content).join('\n');
    expect(prompt.match(/Where is my order number/g)!.length).toBe(5); // 4 demos + the test question
  });

  test("a chat dataset keeps its records' system prompt", () => {
    const rec = (user: string, label: string) => JSON.stringify({ messages: [{ role: 'system', content: 'Classify the intent.' }, { role: 'user', content: user }, { role: 'assistant', content: label }] });
    const doc = parseDocument('chat.jsonl', [rec('Refund please', 'returns'), rec('Where is it?', 'shipping'), rec('Charged twice', 'billing')].join('\n') + '\n');
    const plan = planAudit(doc, undefined, { checks: ['suggested-answer'], settings: { instruction: false } });
    const messages = plan.checks[0]!.plan.units[0]!.requests[0]!.messages;
    expect(messages[0]).toEqual({ role: 'system', content: 'Classify the intent.' });
    expect(messages.map((m) => m.content).join('\n')).toContain('Refund please');
  });
});
