/**
 * Demos whose gold answer names its option by position (the Hugging Face exports: MMLU
 * `"choices": [...], "answer": 2`, ARC `"choices": {"text", "label": ["1".."4"]}, "answerKey": "3"`)
 * under the audit's option reorderings: every prompt sent keeps each demo's gold on its
 * option text, and the checks' effects are computed on the right options.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';
import { makePlan, metric, runAgainst } from '../support/audit-harness.js';
import { arithmeticQuestions, itemsJsonl, type ArithmeticQuestion } from '../support/audit-fixtures.js';
import { formatAuditText } from '../../server/src/audit/format.js';
import type { ChatMessage } from '../../server/src/audit/index.js';

let server: BiasedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const LETTERS = 'ABCD';

function mmluJsonl(qs: ArithmeticQuestion[]): string {
  return qs.map((q) => JSON.stringify({ question: q.question, subject: 'arithmetic', choices: q.options, answer: q.gold })).join('\n') + '\n';
}

function arcDigitJsonl(qs: ArithmeticQuestion[]): string {
  return qs.map((q, i) => JSON.stringify({ id: `q${i}`, question: q.question, choices: { text: q.options, label: ['1', '2', '3', '4'] }, answerKey: String(q.gold + 1) })).join('\n') + '\n';
}

/** MMLU / C-Eval exports with the options as the record's own keys: `{"question", "A", "B", "C", "D", "answer"}`, the answer a letter or an index. */
function flatKeysJsonl(byIndex: boolean) {
  return (qs: ArithmeticQuestion[]): string =>
    qs.map((q) => JSON.stringify({ question: q.question, ...Object.fromEntries(q.options.map((o, i) => [LETTERS[i]!, o])), answer: byIndex ? q.gold : LETTERS[q.gold] })).join('\n') + '\n';
}

/** BBQ's released layout: the options as the record's own keys `ans0`..`ansN`, the gold `label` their index. */
function bbqJsonl(qs: ArithmeticQuestion[]): string {
  return qs.map((q, i) => JSON.stringify({ example_id: i, category: 'Age', question: q.question, ...Object.fromEntries(q.options.map((o, k) => [`ans${k}`, o])), label: q.gold })).join('\n') + '\n';
}

/** TruthfulQA's multiple-choice layout: the gold the one 1 of `mc1_targets.labels`. */
function truthfulQaJsonl(qs: ArithmeticQuestion[]): string {
  return qs.map((q) => JSON.stringify({ question: q.question, mc1_targets: { choices: q.options, labels: q.options.map((_, k) => (k === q.gold ? 1 : 0)) } })).join('\n') + '\n';
}

/** HellaSwag's layout: `endings`, the gold `label` their index written as a string. */
function hellaSwagJsonl(qs: ArithmeticQuestion[]): string {
  return qs.map((q, i) => JSON.stringify({ ind: i, activity_label: 'Arithmetic', ctx: q.question, endings: q.options, label: String(q.gold) })).join('\n') + '\n';
}

/** The sum a question "What is a + b?" asks for. */
function sumOf(question: string): string {
  const m = /What is (\d+) \+ (\d+)\?/.exec(question)!;
  return String(Number(m[1]) + Number(m[2]));
}

/**
 * The canonical demos of a dataset prompt ("Question: … Answer choices: (A) … Answer: X"):
 * each demo's answer as written and the option text it names (a letter names its option;
 * an option's text names itself; another number names the option at that 1-based position).
 */
function canonicalDemos(messages: ChatMessage[]): { question: string; answer: string; named: string | undefined }[] {
  const user = messages.filter((m) => m.role === 'user').pop()!.content;
  return user
    .split('\n\n')
    .filter((block) => /\nAnswer: /.test(block))
    .map((block) => {
      const lines = block.split('\n');
      const question = lines[0]!.replace(/^Question: /, '');
      const options = lines.filter((l) => /^\([A-Z]\) /.test(l)).map((l) => l.slice(4));
      const answer = lines.find((l) => l.startsWith('Answer: '))!.slice('Answer: '.length);
      const named = /^[A-Z]$/.test(answer) ? options[LETTERS.indexOf(answer)] : options.includes(answer) ? answer : /^\d+$/.test(answer) ? options[Number(answer) - 1] : undefined;
      return { question, answer, named };
    });
}

function requestsOf(plan: ReturnType<typeof makePlan>, check: string) {
  const c = plan.checks.find((x) => x.id === check)!;
  return c.plan.units.flatMap((u) => u.requests.map((r, i) => ({ condition: u.conditions[i]!, messages: r.messages })));
}

describe.each([
  ['MMLU indexes', 'mmlu.jsonl', mmluJsonl],
  ['ARC digit labels', 'arc.jsonl', arcDigitJsonl],
  ['letters, options as flat keys', 'ceval.jsonl', flatKeysJsonl(false)],
  ['indexes, options as flat keys', 'ceval.jsonl', flatKeysJsonl(true)],
  ['indexes, options as "ans0".."ans3" keys (BBQ)', 'bbq.jsonl', bbqJsonl],
  ['one-hot mc1 labels (TruthfulQA)', 'truthfulqa.jsonl', truthfulQaJsonl],
  ['string indexes, options as "endings" (HellaSwag)', 'hellaswag.jsonl', hellaSwagJsonl],
])('a dataset whose answers are %s', (_name, fileName, make) => {
  const qs = arithmeticQuestions(12, 4, 21);
  const prompt = make(qs);

  test('every prompt of always-a and option-permutation shows each demo answering its gold text, by letter', () => {
    const plan = makePlan({ fileName, prompt, items: null, checks: ['always-a', 'option-permutation'] });
    expect(plan.checks.map((c) => [c.id, c.plan.skip])).toEqual([
      ['option-permutation', undefined],
      ['always-a', undefined],
    ]);
    let demos = 0;
    const wrong: string[] = [];
    const biasedAnswers = new Set<string>();
    const baselineAnswers = new Set<string>();
    for (const check of ['always-a', 'option-permutation']) {
      for (const { condition, messages } of requestsOf(plan, check)) {
        const shown = canonicalDemos(messages);
        expect(shown.length).toBe(8);
        for (const d of shown) {
          demos++;
          // The gold follows its option text.
          if (d.named !== sumOf(d.question)) wrong.push(`${check} / ${condition}: ${d.question} answered ${d.answer} (${d.named})`);
          if (condition === 'demos all (A)') biasedAnswers.add(d.answer);
          else baselineAnswers.add(d.answer);
        }
      }
    }
    expect(demos).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
    // And is named by the letter it is shown at.
    expect([...biasedAnswers]).toEqual(['A']);
    expect([...baselineAnswers].sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(biasedAnswers.size + baselineAnswers.size).toBe(5);
  });

  test('against the test model: always-a measures the pattern it set up, option-permutation scores the gold option', async () => {
    server = await startBiasedModelServer({ seed: 31, accuracy: 1, patternFollow: 1 });
    const { report } = await runAgainst(server, { fileName, prompt, items: null, checks: ['always-a', 'option-permutation'] });
    const always = report.checks.find((c) => c.id === 'always-a')!;
    // A model that follows an all-(A) pattern every time and otherwise knows every answer.
    expect(always.status).toBe('flagged');
    expect(always.items).toBe(12);
    expect(metric(report, 'always-a', 'bias_follow_rate').value).toBe(1);
    expect(metric(report, 'always-a', 'accuracy_drop').value).toBe(1);
    expect(always.notes).toBeUndefined();
    // Mixed demos: no pattern, so every rotation is answered with the gold option.
    const perm = report.checks.find((c) => c.id === 'option-permutation')!;
    expect(perm.status).toBe('ok');
    expect(metric(report, 'option-permutation', 'accuracy').value).toBe(1);
    expect(metric(report, 'option-permutation', 'consistency').value).toBe(1);
  });
});

describe('demos with flat option keys in a prompt file, rendered as written', () => {
  const qs = arithmeticQuestions(4, 4, 25);
  const prompt = JSON.stringify(
    { prompt: 'Answer each question.', examples: qs.map((q) => ({ question: q.question, ...Object.fromEntries(q.options.map((o, i) => [LETTERS[i]!, o])), answer: LETTERS[q.gold] })) },
    null,
    2,
  );
  const items = itemsJsonl(arithmeticQuestions(6, 4, 26));

  test('always-a moves the texts between the keys and rewrites each letter, so the examples stay correct', () => {
    const plan = makePlan({ fileName: 'fewshot.json', prompt, items, checks: ['always-a'] });
    const seen = new Map<string, string[]>();
    for (const { condition, messages } of requestsOf(plan, 'always-a')) {
      const user = messages.find((m) => m.role === 'user')!.content;
      const shown = JSON.parse(user.slice(0, user.indexOf('\n\nQuestion: '))) as { examples: Record<string, string>[] };
      expect(shown.examples.length).toBe(4);
      for (const ex of shown.examples) {
        expect(Object.keys(ex)).toEqual(['question', 'A', 'B', 'C', 'D', 'answer']);
        expect(ex[ex.answer!], `${condition}: ${ex.question}`).toBe(sumOf(ex.question!));
      }
      seen.set(condition, shown.examples.map((ex) => ex.answer!));
    }
    expect(seen.get('original demos')).toEqual(qs.map((q) => LETTERS[q.gold]));
    expect(seen.get('demos all (A)')).toEqual(['A', 'A', 'A', 'A']);
  });
});

describe('demos in a prompt file, rendered as written', () => {
  const qs = arithmeticQuestions(4, 4, 22);
  const prompt = JSON.stringify({ prompt: 'Answer each question.', examples: qs.map((q) => ({ question: q.question, choices: q.options, answer: q.gold })) }, null, 2);
  const items = itemsJsonl(arithmeticQuestions(6, 4, 23));

  test('always-a rewrites each index with its option, so the examples stay correct', () => {
    const plan = makePlan({ fileName: 'fewshot.json', prompt, items, checks: ['always-a'] });
    const seen = new Map<string, number[]>();
    for (const { condition, messages } of requestsOf(plan, 'always-a')) {
      const user = messages.find((m) => m.role === 'user')!.content;
      const shown = JSON.parse(user.slice(0, user.indexOf('\n\nQuestion: '))) as { examples: { question: string; choices: string[]; answer: number }[] };
      expect(shown.examples.length).toBe(4);
      for (const ex of shown.examples) expect(ex.choices[ex.answer], `${condition}: ${ex.question}`).toBe(sumOf(ex.question));
      seen.set(condition, shown.examples.map((ex) => ex.answer));
    }
    expect(seen.get('original demos')).toEqual(qs.map((q) => q.gold));
    expect(seen.get('demos all (A)')).toEqual([0, 0, 0, 0]);
  });
});

describe('an answer by position the audit cannot rewrite', () => {
  const qs = arithmeticQuestions(12, 4, 24);
  /** `"answer": 2.0`: an index (the record is read), but not written as the plain number the audit rewrites. */
  const asFloat = (line: string) => line.replace(/"answer":(\d)\}$/, '"answer":$1.0}');

  test('its demos are left in their order and the report says why', async () => {
    const lines = mmluJsonl(qs).trimEnd().split('\n');
    const unmoved = [1, 6]; // golds 1 and 2: always-a would move them
    const prompt = lines.map((l, i) => (unmoved.includes(i) ? asFloat(l) : l)).join('\n') + '\n';
    expect(prompt).toContain('"answer":1.0}');
    expect(prompt).toContain('"answer":2.0}');
    const plan = makePlan({ fileName: 'mmlu.jsonl', prompt, items: null, checks: ['always-a'] });
    for (const { condition, messages } of requestsOf(plan, 'always-a')) {
      for (const d of canonicalDemos(messages)) {
        expect(d.named, `${condition}: ${d.question}`).toBe(sumOf(d.question));
        const q = qs.find((x) => x.question === d.question)!;
        const i = qs.indexOf(q);
        // The demos that cannot follow keep their order and their letter; the others answer (A).
        expect(d.answer).toBe(condition === 'demos all (A)' && !unmoved.includes(i) ? 'A' : LETTERS[q.gold]);
      }
    }
    server = await startBiasedModelServer({ seed: 32, accuracy: 1 });
    const { report } = await runAgainst(server, { fileName: 'mmlu.jsonl', prompt, items: null, checks: ['always-a'] });
    const c = report.checks[0]!;
    expect(c.status).toBe('ok');
    expect(c.notes).toEqual([
      '2 demos (2, 7) left in their order: the answer names its option by position in a form the audit cannot rewrite, so reordering the options would change which option is gold',
    ]);
    expect(formatAuditText(report)).toContain('  note: 2 demos (2, 7) left in their order:');
  });

  test('with no demo that can be reordered, always-a is skipped with the reason', async () => {
    const prompt = mmluJsonl(qs).trimEnd().split('\n').map(asFloat).join('\n') + '\n';
    server = await startBiasedModelServer({ seed: 33, accuracy: 1 });
    const { report } = await runAgainst(server, { fileName: 'mmlu.jsonl', prompt, items: null, checks: ['always-a'] });
    expect(report.checks[0]).toMatchObject({
      status: 'skipped',
      reason: 'no demo can be reordered: the answer names its option by position in a form the audit cannot rewrite, so reordering the options would change which option is gold',
    });
    expect(server.stats.completions).toBe(0);
  });
});
