/**
 * JSON and YAML prompt files are shown to the model as written, with the audit's
 * edits: the held-out demo removed, demos' options reordered, the test question
 * (with a suggested answer) put into the prompt's question variable, gendered
 * words and names swapped. Every prompt sent must still be valid JSON / YAML,
 * and removing a demo must leave the file tidy (no stray comma, no empty line).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { parseTree, type ParseError } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';
import { makePlan, runAgainst } from '../support/audit-harness.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { Segment } from '../../server/src/model/segment.js';
import { demoRemoval, lineRemoval, withSeparator } from '../../server/src/audit/render.js';

let server: BiasedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const JSON_PROMPT = `{
  "prompt": "Answer like the demos.\\n\\n{{question}}",
  "examples": [
    {"question": "Emily asked: what is 2 + 3? He said \\"five\\".", "options": ["5", "6 \\"six\\"", "7"], "answer": "A"},
    {"question": "What is 4 + 4, sir?", "options": ["7", "8", "9\\\\"], "answer": "B"},
    {"question": "She says: what is 1 + 1?", "options": ["3", "4", "2"], "answer": "C"},
    {"question": "James asks what 6 + 3 is.", "options": ["9", "8", "7"], "answer": "A"}
  ]
}
`;

const YAML_PROMPT = `prompt: |
  Answer like the demos.

  {{question}}
examples:
  - question: 'Emily asked, sir: what is 2 + 3?'
    options: ["5", "6", "7"]
    answer: A
  - question: What is 4 + 4 for him
    options:
      - '7'
      - "8 \\"eight\\""
      - 9 nine
    answer: B
  - question: "She says: what is 1 + 1?"
    options: ['3', '4', '2']
    answer: C
  - question: >
      James asks what
      6 + 3 is.
    options: ["9", 8 eight, '7']
    answer: A
`;

/** Parse errors of a JSON text (comments and trailing commas allowed, as the linter reads it). */
function jsonErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors;
}

function parseAs(fileName: string, text: string): { prompt: string; examples: unknown[] } {
  if (fileName.endsWith('.json')) {
    expect(jsonErrors(text), text).toEqual([]);
    return JSON.parse(text);
  }
  const docs = parseAllDocuments(text);
  const [doc] = Array.isArray(docs) ? docs : [docs];
  expect(doc!.errors.map((e) => e.message), text).toEqual([]);
  return doc!.toJS();
}

describe('JSON and YAML prompt files shown as written', () => {
  test.each([
    ['prompt.json', JSON_PROMPT],
    ['prompt.yaml', YAML_PROMPT],
  ])('every prompt the audit sends for %s is valid and holds the query', async (fileName, prompt) => {
    server = await startBiasedModelServer({ seed: 3, recordRequests: true });
    const settings = { checks: { 'demographic-swap': { scope: 'prompt' } } };
    const { report } = await runAgainst(server, { prompt, fileName, items: null, settings });
    expect(report.checks.map((c) => [c.id, c.status === 'error' ? c.reason : 'ran'])).toEqual(report.checks.map((c) => [c.id, 'ran']));
    expect(server.received.length).toBeGreaterThan(20);
    const conditions = new Set<string>();
    for (const messages of server.received) {
      const user = messages.filter((m) => m.role === 'user');
      expect(user.length).toBe(1);
      const value = parseAs(fileName, user[0]!.content);
      // The query went into the prompt's question variable (not appended after the file).
      expect(value.prompt).toMatch(/^Answer like the demos\.\n\n(?:[^]*\n)?Answer choices:\n\(A\) /);
      expect(value.examples.length).toBeLessThanOrEqual(4);
      if (/I think the answer is/.test(value.prompt)) conditions.add('suggestion');
      if (/ma'am/.test(user[0]!.content)) conditions.add("ma'am");
    }
    // The perturbations that put text with quotes and line breaks into strings were sent.
    expect([...conditions].sort()).toEqual(["ma'am", 'suggestion']);
  });

  test('the held-out demo is asked, the others shown; options reordered in place keep their escapes', () => {
    const plan = makePlan({ prompt: JSON_PROMPT, fileName: 'prompt.json', items: null, checks: ['always-a'], settings: { instruction: false } });
    const unit = plan.checks[0]!.plan.units.find((u) => u.item.id === 'demo:0:1')!;
    const [plain, biased] = unit.requests.map((r) => JSON.parse(r.messages[0]!.content) as { prompt: string; examples: { question: string; options: string[]; answer: string }[] });
    expect(plain!.examples.map((e) => e.question)).toEqual(['Emily asked: what is 2 + 3? He said "five".', 'She says: what is 1 + 1?', 'James asks what 6 + 3 is.']);
    expect(plain!.prompt).toContain('What is 4 + 4, sir?\nAnswer choices:\n(A) 7\n(B) 8\n(C) 9\\');
    // Demo 2 reordered so its gold (2) is (A); demo 0 keeps `6 "six"` with its quotes.
    expect(biased!.examples.map((e) => [e.options, e.answer])).toEqual([
      [['5', '6 "six"', '7'], 'A'],
      [['2', '3', '4'], 'A'],
      [['9', '8', '7'], 'A'],
    ]);
  });
});

describe('removing a held-out demo leaves the file tidy', () => {
  /** The user message of the plain request of each demo item (its question, e.g. `Q1`, fills `{{q}}`). */
  function shown(prompt: string, fileName: string): string[] {
    const plan = makePlan({ prompt, fileName, items: null, checks: ['suggested-answer'], settings: { instruction: false } });
    return plan.checks[0]!.plan.units.map((u) => u.requests[0]!.messages[0]!.content);
  }

  test('JSON: one demo a line loses its line (and the comma before it when it is last)', () => {
    const demo = (i: number, comma = ',') => `    {"question": "Q${i}", "answer": "${'aba'[i]}"}${comma}`;
    const file = (q: number, demos: string[]) => ['{', `  "prompt": "${q === -1 ? '{{q}}' : `Q${q}`}",`, '  "examples": [', ...demos, '  ]', '}'].join('\n');
    expect(shown(file(-1, [demo(0), demo(1), demo(2, '')]), 'p.json')).toEqual([
      file(0, [demo(1), demo(2, '')]),
      file(1, [demo(0), demo(2, '')]),
      file(2, [demo(0), demo(1, '')]),
    ]);
    // A trailing comma after the last demo goes with it.
    expect(shown(file(-1, [demo(0), demo(1), demo(2)]), 'p.json')[2]).toBe(file(2, [demo(0), demo(1)]));
  });

  test('JSON: demos on one line lose their comma and the space after it', () => {
    const e = (i: number) => `{"question": "Q${i}", "answer": "${'aba'[i]}"}`;
    const file = (q: string, demos: string[]) => `{"prompt": "${q}", "examples": [${demos.join(', ')}]}`;
    expect(shown(file('{{q}}', [e(0), e(1), e(2)]), 'p.json')).toEqual([file('Q0', [e(1), e(2)]), file('Q1', [e(0), e(2)]), file('Q2', [e(0), e(1)])]);
  });

  test('YAML: a block sequence item loses its lines; a flow sequence item its comma', () => {
    const item = (i: number) => `  - question: Q${i}\n    answer: ${'aba'[i]}\n`;
    const block = (q: string, items: number[]) => `prompt: "${q}"\nexamples:\n${items.map(item).join('')}`.trimEnd();
    expect(shown(block('{{q}}', [0, 1, 2]), 'p.yaml')).toEqual([block('Q0', [1, 2]), block('Q1', [0, 2]), block('Q2', [0, 1])]);
    const e = (i: number) => `{question: Q${i}, answer: ${'aba'[i]}}`;
    const flow = (q: string, items: number[]) => `prompt: "${q}"\nexamples: [${items.map(e).join(', ')}]`;
    expect(shown(flow('{{q}}', [0, 1, 2]), 'p.yaml')).toEqual([flow('Q0', [1, 2]), flow('Q1', [0, 2]), flow('Q2', [0, 1])]);
  });
});

/**
 * Demos written as text inside one prompt (a text file, or a `"prompt"` string of a JSON,
 * JSONL or YAML file): holding one out removes it with exactly one separator, so the
 * prompt reads as the original did with one demo fewer (no escaped `\n\n\n\n` left in a
 * JSON string, no blank lines the original did not have, its own blank lines kept).
 */
describe('demos inside one prompt string', () => {
  const demo = (a: number, b: number, gold: number) => {
    const sum = a + b;
    const options = [sum + 1, sum + 2];
    options.splice(gold, 0, sum);
    return `Q: What is ${a} + ${b}?\nAnswer choices:\n${options.map((o, i) => `(${'ABC'[i]}) ${o}`).join('\n')}\nA: (${'ABC'[gold]})`;
  };
  const DEMOS = [demo(12, 30, 0), demo(25, 17, 1), demo(41, 11, 2), demo(33, 20, 0)];
  /** Two blank lines between blocks: the audit must keep them, and leave no third. */
  const SEP = '\n\n\n';
  const HEAD = 'Answer like the demos.';
  const promptText = (tail: string) => [HEAD, ...DEMOS, tail].join(SEP);

  const files: [string, string, (content: string) => string][] = [
    ['p.prompt', promptText('{{question}}\n'), (c) => c],
    ['p.json', JSON.stringify({ prompt: promptText('{{question}}') }, null, 2), (c) => JSON.parse(c).prompt],
    ['p.yaml', `prompt: ${JSON.stringify(promptText('{{question}}'))}\n`, (c) => parseAs('p.yaml', c).prompt],
    // A JSONL record whose prompt holds the demos (and its own test question): that prompt is sent, the query in place of its question.
    ['p.jsonl', JSON.stringify({ prompt: promptText('Q: What is 50 + 5?\nA:'), completion: ' 55' }) + '\n', (c) => c],
  ];

  test.each(files)('%s: every request sent shows the other demos with their separators as written', async (fileName, prompt, promptOf) => {
    server = await startBiasedModelServer({ seed: 5, recordRequests: true });
    const { plan, report } = await runAgainst(server, { prompt, fileName, items: null, checks: ['suggested-answer', 'option-permutation'], settings: { instruction: false } });
    expect(plan.context.set.exemplars.length).toBe(4);
    expect(report.checks.map((c) => [c.id, c.status === 'error' || c.status === 'skipped' ? c.reason : 'ran']).sort()).toEqual([
      ['option-permutation', 'ran'],
      ['suggested-answer', 'ran'],
    ]);
    expect(server.received.length).toBeGreaterThan(10);
    const heldOut = new Set<number>();
    for (const messages of server.received) {
      const sent = promptOf(messages[messages.length - 1]!.content);
      const i = DEMOS.findIndex((d) => !sent.includes(d));
      expect(i, sent).toBeGreaterThanOrEqual(0);
      heldOut.add(i);
      // Up to the test question: the header and the other demos, joined as in the file.
      const others = DEMOS.filter((_, j) => j !== i);
      expect(sent.startsWith([HEAD, ...others].join(SEP) + SEP), sent).toBe(true);
      expect(sent).not.toMatch(/\n{4,}/);
    }
    expect([...heldOut].sort()).toEqual([0, 1, 2, 3]);
  });

  test("JSONL: the record's prompt is sent, decoded, with the query in place of its own test question, not the raw file", async () => {
    // Every record repeats the demos (a fine-tuning file of few-shot prompts): the raw file
    // would show the held-out demo, with its answer, in the other records.
    const record = (a: number, b: number) => JSON.stringify({ prompt: promptText(`Q: What is ${a} + ${b}?\nA:`), completion: ` ${a + b}` });
    const prompt = `${record(50, 5)}\n${record(9, 5)}\n`;
    server = await startBiasedModelServer({ seed: 5, recordRequests: true });
    await runAgainst(server, { prompt, fileName: 'p.jsonl', items: null, checks: ['suggested-answer'], settings: { instruction: false } });
    expect(server.received.length).toBe(8);
    for (const messages of server.received) {
      expect(messages.length).toBe(1);
      const sent = messages[0]!.content;
      const i = DEMOS.findIndex((d) => !sent.includes(d));
      const asked = DEMOS[i]!.slice(0, DEMOS[i]!.lastIndexOf('\nA:'));
      expect(sent).toBe([HEAD, ...DEMOS.filter((_, j) => j !== i)].join(SEP) + SEP + asked + (sent.includes('I think') ? /\nI think[^\n]*/.exec(sent)![0] : '') + '\nA:');
      expect(sent).not.toMatch(/What is (50 \+ 5|9 \+ 5)|"completion"/);
    }
  });

  test('a directive comment on its own line goes with its line', () => {
    const prompt = `${HEAD}\n<!-- biaslens-disable-next-line gendered-term -->\n${DEMOS.join('\n\n')}\n\n{{question}}\n`;
    const plan = makePlan({ prompt, fileName: 'p.prompt', items: null, checks: ['suggested-answer'], settings: { instruction: false } });
    const sent = plan.checks[0]!.plan.units[0]!.requests[0]!.messages[0]!.content;
    expect(sent.startsWith(`${HEAD}\n${DEMOS[1]}\n\n${DEMOS[2]}\n\n${DEMOS[3]}\n\n`)).toBe(true);
  });
});

describe('the separator removed with a demo (unit)', () => {
  test('text: the white space after it, or before it when it ends the text', () => {
    const text = 'Head\n\nQ1\nA1\n\n\nQ2\nA2  \n';
    const seg = new Segment(text, 0);
    const q1 = { start: text.indexOf('Q1'), end: text.indexOf('A1') + 2 };
    const q2 = { start: text.indexOf('Q2'), end: text.indexOf('A2') + 2 };
    const cut = (s: { start: number; end: number }) => text.slice(0, s.start) + text.slice(s.end);
    expect(cut(withSeparator(seg, q1))).toBe('Head\n\nQ2\nA2  \n');
    expect(cut(withSeparator(seg, q2))).toBe('Head\n\nQ1\nA1  \n');
    // The only text: nothing to take with it.
    expect(withSeparator(new Segment('  Q\n', 10), { start: 12, end: 13 })).toEqual({ start: 12, end: 13 });
  });

  test('a JSON string: the escaped separator goes as a whole', () => {
    const text = '{"prompt": "Head\\n\\nQ: 1\\nA: 2\\n\\nQ: 3\\nA: 4"}';
    const doc = parseDocument('p.json', text);
    const [q1, q2] = doc.exemplarSets[0]!.exemplars.map((e) => e.span);
    const cut = (s: { start: number; end: number }) => text.slice(0, s.start) + text.slice(s.end);
    expect(cut(demoRemoval(doc, q1!))).toBe('{"prompt": "Head\\n\\nQ: 3\\nA: 4"}');
    expect(cut(demoRemoval(doc, q2!))).toBe('{"prompt": "Head\\n\\nQ: 1\\nA: 2"}');
  });

  test('a demo wrapped alone in tags goes with its tags: no empty <example></example> is left', () => {
    const cut = (text: string, s: { start: number; end: number }) => text.slice(0, s.start) + text.slice(s.end);
    // Labelled demos in <example> tags, and XML-tagged fields (the demo's span takes its last closing tag).
    const qa = (q: string, a: string) => `<example>\nQuestion: ${q}\n(A) x\n(B) y\nAnswer: (${a})\n</example>`;
    const xml = (q: string, a: string) => `<example index="1">\n<question>\n${q}\n(A) x\n(B) y\n</question>\n<answer>${a}</answer>\n</example>`;
    for (const demo of [qa, xml]) {
      const text = `Answer with a letter.\n\n${demo('One?', 'A')}\n\n${demo('Two?', 'B')}\n\n${demo('Three?', 'A')}\n\nQuestion: {{question}}\n`;
      const doc = parseDocument('p.prompt', text);
      const spans = doc.exemplarSets[0]!.exemplars.map((e) => e.span);
      expect(spans.length).toBe(3);
      expect(cut(text, demoRemoval(doc, spans[0]!))).toBe(`Answer with a letter.\n\n${demo('Two?', 'B')}\n\n${demo('Three?', 'A')}\n\nQuestion: {{question}}\n`);
      expect(cut(text, demoRemoval(doc, spans[2]!))).toBe(`Answer with a letter.\n\n${demo('One?', 'A')}\n\n${demo('Two?', 'B')}\n\nQuestion: {{question}}\n`);
    }
    // Tags that hold more than the demo stay.
    const text = '<examples>\nQ: 1\nA: 2\n\nQ: 3\nA: 4\n</examples>\n\nQ: {{q}}\nA:\n';
    const doc = parseDocument('p.prompt', text);
    const [first] = doc.exemplarSets[0]!.exemplars.map((e) => e.span);
    expect(cut(text, demoRemoval(doc, first!))).toBe('<examples>\nQ: 3\nA: 4\n</examples>\n\nQ: {{q}}\nA:\n');
  });

  test('a demo after an inline "Example N:" mark goes with its mark; the mark\'s line is not joined to the next', () => {
    const cut = (text: string, s: { start: number; end: number }) => text.slice(0, s.start) + text.slice(s.end);
    const text = 'Classify.\n\nExample 1: Text: good\nLabel: positive\nExample 2: Text: bad\nLabel: negative\nExample 3: Text: ok\nLabel: positive\n\nText: {{t}}\nLabel:\n';
    const doc = parseDocument('p.prompt', text);
    const spans = doc.exemplarSets[0]!.exemplars.map((e) => e.span);
    expect(spans.length).toBe(3);
    expect(cut(text, demoRemoval(doc, spans[1]!))).toBe('Classify.\n\nExample 1: Text: good\nLabel: positive\nExample 3: Text: ok\nLabel: positive\n\nText: {{t}}\nLabel:\n');
    // (The last one takes the blank line after it, as withSeparator does for any demo: the one before it keeps its own line break.)
    expect(cut(text, demoRemoval(doc, spans[2]!))).toBe('Classify.\n\nExample 1: Text: good\nLabel: positive\nExample 2: Text: bad\nLabel: negative\nText: {{t}}\nLabel:\n');
    // In a YAML block scalar, indented: the indentation of the next line's mark is kept.
    const yaml = `template: |\n  Classify.\n\n  Example 1: Text: good\n  Label: positive\n  Example 2: Text: bad\n  Label: negative\n\n  Text: {t}\n  Label:\n`;
    const ydoc = parseDocument('p.prompt.yaml', yaml);
    const [y0] = ydoc.exemplarSets[0]!.exemplars.map((e) => e.span);
    expect(cut(yaml, demoRemoval(ydoc, y0!))).toBe(`template: |\n  Classify.\n\n  Example 2: Text: bad\n  Label: negative\n\n  Text: {t}\n  Label:\n`);
  });

  test('a comment alone on its line takes the line; next to text, only itself', () => {
    const text = 'a\n  <!-- x -->  \r\nb <!-- y -->\n<!-- z -->';
    const span = (c: string) => ({ start: text.indexOf(c), end: text.indexOf(c) + c.length });
    expect(lineRemoval(text, span('<!-- x -->'))).toEqual({ start: 2, end: text.indexOf('b') });
    expect(lineRemoval(text, span('<!-- y -->'))).toEqual(span('<!-- y -->'));
    expect(lineRemoval(text, span('<!-- z -->'))).toEqual({ start: text.lastIndexOf('\n') + 1, end: text.length });
  });
});
