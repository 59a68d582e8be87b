/**
 * The audit and examples that are only outputs (shape 'outputs'): they have no question to ask, so
 * the plan neither targets them nor makes items of them.
 */
import { describe, expect, test } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';
import { planAudit } from '../../server/src/audit/index.js';
import { demoItems, targetSet } from '../../server/src/audit/items.js';
import { codeLenses } from '../../server/src/lsp/codeLens.js';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';

const EXAMPLES = [
  'A 34-year-old software engineer who wants to get back in shape. He trains before work.',
  'A 52-year-old bank manager recovering from a knee injury. He prefers low-impact workouts.',
  'A 27-year-old delivery driver training for his first marathon.',
  'A 41-year-old teacher who coaches football. He wants short sessions at lunch.',
];
const GENERATION = `Write a user persona in the style of these examples, one per line:\n\n${EXAMPLES.map((e, i) => `### Example ${i + 1}\n${e}\n`).join('\n')}`;

describe('audit of a file with output-only examples', () => {
  test('a file whose only examples are outputs has no items: a clear error that says why', () => {
    const doc = parseDocument('gen.prompt.md', GENERATION);
    expect(doc.exemplarSets.map((s) => s.shape)).toEqual(['outputs']);
    expect(targetSet(doc)).toBeUndefined();
    expect(demoItems(doc.exemplarSets[0]!, 0)).toEqual([]);
    expect(() => planAudit(doc, undefined)).toThrow(
      'the file has no demos with a question to test (its 4 examples are outputs only, with no question to ask); pass --items FILE (JSONL) to give test items',
    );
    expect(() => planAudit(doc, undefined, { settings: { set: 0 } })).toThrow(/its 4 examples are outputs only/);
    // With items, the prompt is rendered as written (its examples in place) and the query added.
    const plan = planAudit(doc, [{ id: 'i1', question: 'A retired teacher', options: [], source: { kind: 'file', line: 1 } }], { checks: ['demographic-swap'] });
    expect(plan.context.setIndex).toBe(-1);
  });

  test('the audit targets the set with questions, not a larger set of outputs', () => {
    const doc = parseDocument(
      'mixed.prompt.json',
      JSON.stringify({
        messages: [
          { role: 'system', content: GENERATION },
          { role: 'user', content: 'Q: What is 2 + 2?\nA: 4\n\nQ: What is 3 + 3?\nA: 6\n\nQ: {{question}}\nA:' },
        ],
      }),
    );
    expect(doc.exemplarSets.map((s) => [s.shape, s.exemplars.length])).toEqual([
      ['outputs', 4],
      ['qa', 2],
    ]);
    expect(targetSet(doc)?.index).toBe(1);
    const plan = planAudit(doc, undefined, { checks: ['demographic-swap'] });
    expect(plan.context.setIndex).toBe(1);
    expect(plan.context.items.map((i) => i.question)).toEqual(['What is 2 + 2?', 'What is 3 + 3?']);
  });

  test('no audit lens over a set of outputs, and a findings lens only when it has findings', () => {
    const lensTitles = (text: string) => {
      const result = lint({ uri: 'gen.prompt.md', text }, defaultConfig());
      return codeLenses('file:///gen.prompt.md', result).map((l) => l.command!.title);
    };
    expect(lensTitles(GENERATION)).toEqual([]);
    const skewed = `Write a persona like these.\n\n${[...EXAMPLES, ...EXAMPLES.slice(0, 3)].map((e, i) => `### Example ${i + 1}\n${e}\n`).join('\n')}`;
    expect(lensTitles(skewed)).toEqual(['Bias Lens: 1 finding in 7 examples (demographic-imbalance)']);
  });
});
