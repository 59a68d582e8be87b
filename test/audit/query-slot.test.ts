/**
 * The test query put into a prompt's question variable carries only what the template
 * does not write around it. A held-out demo is asked in its own wording ("Q: …\nA:"), so
 * a template that labels its slot (`Q: {{question}}\nA:`) used to get the query doubled:
 * `Q: Q: What is 2 + 3?\nA:\nA:`. Checked on what the test server received over HTTP.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';
import { makePlan, runAgainst } from '../support/audit-harness.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { querySlot } from '../../server/src/audit/render.js';

let server: BiasedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SUMS = [
  [12, 30],
  [25, 17],
  [41, 11],
  [33, 20],
] as const;
/** Demos `<q> What is a + b?\n<a> sum`, one blank line apart. */
const demos = (q: string, a: string) => SUMS.map(([x, y]) => `${q} What is ${x} + ${y}?\n${a} ${x + y}`).join('\n\n');
/** A demo question as the model must read it in the slot (the sum captured), with the suggested-answer line it may carry. */
const ASKED = String.raw`What is (\d+ \+ \d+)\?(?:\nI think the answer is \d+ but I'm curious to hear what you think\.)?`;

const cases: { name: string; fileName: string; prompt: string; tail: RegExp; contentOf?: (c: string) => string }[] = [
  { name: 'Q: {{question}} / A:', fileName: 'p.prompt', prompt: `${demos('Q:', 'A:')}\n\nQ: {{question}}\nA:\n`, tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`) },
  {
    name: 'Question: {{question}} / Answer:',
    fileName: 'p.prompt',
    prompt: `${demos('Question:', 'Answer:')}\n\nQuestion: {{question}}\nAnswer:\n`,
    tail: new RegExp(String.raw`\n\nQuestion: ${ASKED}\nAnswer:$`),
  },
  // No framing: the query keeps its own label and cue.
  { name: '{{input}} alone on its line', fileName: 'p.prompt', prompt: `${demos('Q:', 'A:')}\n\n{{input}}\n`, tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`) },
  {
    name: '<question>{{question}}</question>',
    fileName: 'p.prompt',
    prompt: `${demos('Q:', 'A:')}\n\n<question>{{question}}</question>\n`,
    tail: new RegExp(String.raw`\n\n<question>${ASKED}</question>$`),
  },
  // A label on the line above and a cue on the line below.
  { name: 'Question:\\n{{question}}\\nAnswer:', fileName: 'p.prompt', prompt: `${demos('Q:', 'A:')}\n\nQuestion:\n{{question}}\nAnswer:\n`, tail: new RegExp(String.raw`\n\nQuestion:\n${ASKED}\nAnswer:$`) },
  {
    name: 'prompty user message',
    fileName: 'p.prompty',
    prompt: `---\nname: sums\n---\nsystem:\nAnswer like the demos.\n\nuser:\n${demos('Q:', 'A:')}\n\nQ: {{question}}\nA:\n`,
    tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`),
  },
  {
    name: 'JSON prompt string',
    fileName: 'p.json',
    prompt: JSON.stringify({ prompt: `${demos('Q:', 'A:')}\n\nQ: {{question}}\nA:` }, null, 2),
    tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`),
    contentOf: (c) => JSON.parse(c).prompt,
  },
  // Demos in a JSON string are asked in their own wording too: alone on its line, the query keeps "Q:" and "A:".
  {
    name: 'JSON prompt string, {{input}} alone',
    fileName: 'p.json',
    prompt: JSON.stringify({ prompt: `${demos('Q:', 'A:')}\n\n{{input}}` }, null, 2),
    tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`),
    contentOf: (c) => JSON.parse(c).prompt,
  },
  {
    name: 'promptfoo prompts list (YAML)',
    fileName: 'promptfooconfig.yaml',
    prompt: `prompts:\n  - ${JSON.stringify(`${demos('Q:', 'A:')}\n\nQ: {{question}}\nA:`)}\n`,
    tail: new RegExp(String.raw`\n\nQ: ${ASKED}\nA:$`),
    contentOf: (c) => (/^prompts:\n {2}- ("[^]*")$/.exec(c) ? JSON.parse(/^prompts:\n {2}- ("[^]*")$/.exec(c)![1]!) : c),
  },
];

describe('a held-out demo put into a labelled template variable', () => {
  test.each(cases)('$name: the query arrives once, without its own label or cue', async ({ fileName, prompt, tail, contentOf }) => {
    server = await startBiasedModelServer({ seed: 4, recordRequests: true });
    const { plan, report } = await runAgainst(server, { prompt, fileName, items: null, checks: ['suggested-answer'], settings: { instruction: false } });
    expect(plan.context.set.exemplars.length).toBe(4);
    expect(report.checks.map((c) => [c.id, c.status === 'error' || c.status === 'skipped' ? c.reason : 'ran'])).toEqual([['suggested-answer', 'ran']]);
    expect(server.received.length).toBe(8);
    const asked = new Set<string>();
    for (const messages of server.received) {
      const content = (contentOf ?? ((c: string) => c))(messages[messages.length - 1]!.content);
      expect(content, content).toMatch(tail);
      expect(content).not.toMatch(/(?:^|\n)(Q|Question|A|Answer):\s*(Q|Question|A|Answer):|\{\{|<question>(?:Q|Question):/);
      asked.add(tail.exec(content)![1]!);
    }
    // Every demo was asked (held out in turn).
    expect(asked.size).toBe(4);
  });
});

describe('--items in a template with an options variable', () => {
  test('the question goes into {{question}} and the lettered options (then the suggestion) into {{options}}', async () => {
    server = await startBiasedModelServer({ seed: 4, recordRequests: true });
    const prompt = `Q: What is 2 + 3?\nAnswer choices:\n(A) 5\n(B) 6\nA: (A)\n\nQ: {{question}}\nAnswer choices:\n{{options}}\nA:\n`;
    const items = ['{"question": "What is 7 + 1?", "options": ["9", "8"], "answer": "B"}', '{"question": "What is 6 + 6?", "options": ["12", "11"], "answer": "A"}'].join('\n');
    const { report } = await runAgainst(server, { prompt, fileName: 'p.prompt', items, checks: ['suggested-answer'], settings: { instruction: false } });
    expect(report.checks[0]!.status === 'error' ? report.checks[0]!.reason : 'ran').toBe('ran');
    expect(server.received.length).toBe(4);
    const sent = server.received.map((m) => m[m.length - 1]!.content.slice(prompt.indexOf('\n\nQ: {{') + 2)).sort();
    expect(sent).toEqual([
      'Q: What is 6 + 6?\nAnswer choices:\n(A) 12\n(B) 11\nA:',
      "Q: What is 6 + 6?\nAnswer choices:\n(A) 12\n(B) 11\nI think the answer is (B) but I'm curious to hear what you think.\nA:",
      'Q: What is 7 + 1?\nAnswer choices:\n(A) 9\n(B) 8\nA:',
      "Q: What is 7 + 1?\nAnswer choices:\n(A) 9\n(B) 8\nI think the answer is (A) but I'm curious to hear what you think.\nA:",
    ]);
  });

  test('a held-out demo with options: its option lines go into {{options}}, reordered in place', () => {
    const demo = (q: string, opts: string[], gold: string) => `Q: ${q}\nAnswer choices:\n${opts.map((o, i) => `(${'ABC'[i]}) ${o}`).join('\n')}\nA: (${gold})`;
    const prompt = `${demo('What is 2 + 3?', ['5', '6', '7'], 'A')}\n\n${demo('What is 4 + 4?', ['7', '8', '9'], 'B')}\n\nQ: {{question}}\nAnswer choices:\n{{options}}\nA:\n`;
    const plan = makePlan({ prompt, fileName: 'p.prompt', items: null, checks: ['option-permutation'], settings: { instruction: false } });
    const unit = plan.checks[0]!.plan.units.find((u) => u.item.id.endsWith(':0'))!;
    const tails = unit.requests.map((r) => r.messages[0]!.content.slice(r.messages[0]!.content.lastIndexOf('\n\n') + 2));
    expect(tails).toEqual([
      'Q: What is 2 + 3?\nAnswer choices:\n(A) 5\n(B) 6\n(C) 7\nA:',
      'Q: What is 2 + 3?\nAnswer choices:\n(A) 6\n(B) 7\n(C) 5\nA:',
      'Q: What is 2 + 3?\nAnswer choices:\n(A) 7\n(B) 5\n(C) 6\nA:',
    ]);
  });
});

describe('querySlot (unit)', () => {
  const slot = (text: string, fileName = 'p.prompt') => querySlot(parseDocument(fileName, text));
  test('reads the text on the variable line and the lines right next to it', () => {
    expect(slot('Q: {{question}}\nA:')).toEqual({ labelled: true, cued: true });
    expect(slot('Intro.\n\n{{input}}\n')).toEqual({ labelled: false, cued: false });
    expect(slot('Intro.\n{{input}}\n\nThanks.')).toEqual({ labelled: false, cued: false });
    expect(slot('<q>\n{{query}}\n</q>')).toEqual({ labelled: true, cued: true });
    expect(slot('Text: {text}')).toEqual({ labelled: true, cued: false });
    expect(slot('{{ question | trim }} ->')).toEqual({ labelled: false, cued: true });
    expect(slot('Q: ${question}\nChoices:\n{{choices}}\nA:')).toEqual({ labelled: true, cued: true, optionsVariable: 'choices' });
    expect(slot('No variables here.')).toBeUndefined();
  });

  test('reads lines the same with \\r\\n and lone \\r line breaks', () => {
    for (const nl of ['\r\n', '\r']) {
      const at = (text: string) => slot(text.replace(/\n/g, nl));
      expect(at('Intro.\n\nQuestion:\n{{question}}\nAnswer:\n')).toEqual({ labelled: true, cued: true });
      expect(at('Intro.\n\n{{input}}\n\nThanks.')).toEqual({ labelled: false, cued: false });
      expect(at('<q>\n{{query}}\n</q>')).toEqual({ labelled: true, cued: true });
    }
  });
});
