/**
 * The rules on examples that are only outputs (shape 'outputs': a generation prompt's "### Example N"
 * or <example> blocks without fields): the demographic rules read them, the structure rules find
 * nothing in them.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { parseDocument } from '../../server/src/parse/index.js';

const run = (text: string, uri = 'x.prompt.md') => lint({ uri, text }, defaultConfig()).diagnostics;
/** The sizes of the sets of outputs the text has (so that a test of no findings reads some). */
const outputSets = (text: string, uri = 'x.prompt.md') =>
  parseDocument(uri, text)
    .exemplarSets.filter((s) => s.shape === 'outputs')
    .map((s) => s.exemplars.length);

/** The recall hunt's repro (notes/s18/recall2/repro/demographic-imbalance-2.prompt.md). */
const PERSONAS = [
  'A 34-year-old software engineer who wants to get back in shape. He trains before work.',
  'A 52-year-old bank manager recovering from a knee injury. He prefers low-impact workouts.',
  'A 27-year-old delivery driver training for his first marathon.',
  'A 41-year-old teacher who coaches football. He wants short sessions at lunch.',
  'A 29-year-old nurse working night shifts. He wants flexible workouts.',
  'A 38-year-old architect and father of two. He likes cycling at weekends.',
  'A 45-year-old lawyer who plays squash. He wants to build strength.',
];
const INSTRUCTION = 'Write a user persona in the same style as the examples.';
const headed = (blocks: readonly string[]) => `${INSTRUCTION}\n\n${blocks.map((b, i) => `### Example ${i + 1}\n${b}\n`).join('\n')}`;
const tagged = (blocks: readonly string[]) => `${INSTRUCTION}\n\n${blocks.map((b) => `<example>\n${b}\n</example>\n`).join('')}`;

describe('output-only examples', () => {
  it.each([
    ['### Example N headings', headed(PERSONAS)],
    ['<example> tags', tagged(PERSONAS)],
    ['a Persona: label', headed(PERSONAS.map((p) => `Persona: ${p}`))],
    ['a **Persona:** label in <example> tags', tagged(PERSONAS.map((p) => `**Persona:** ${p}`))],
  ])('a gender skew under %s is reported as for Input:/Output: demos', (_, text) => {
    const ds = run(text);
    expect(ds.map((d) => d.ruleId)).toEqual(['demographic-imbalance']);
    const d = ds[0]!;
    expect(d.message).toBe('7 of 7 demos that signal one gender are male (100%, binomial p = 0.016); balance the people in them.');
    expect(d.data).toMatchObject({ items: 'demos', n: 7, majority: 'male', counts: { female: 0, male: 7, mixed: 0, none: 0 } });
    // On the first line of the set: the first example's text, after its mark.
    const firstLine = text.split('\n')[3]!;
    expect(text.slice(d.span.start, d.span.end)).toBe(firstLine);
  });

  it('the same texts as Input:/Output: demos give the same finding', () => {
    const ds = run(headed(PERSONAS.map((p, i) => `Input: client ${i + 1}\nOutput: ${p}`)));
    expect(ds.map((d) => [d.ruleId, d.data.n, d.data.majorityCount])).toEqual([['demographic-imbalance', 7, 7]]);
  });

  it('a balanced set gives nothing', () => {
    const mixed = PERSONAS.map((p, i) => (i % 2 ? p.replace(/\bHe\b/g, 'She').replace(/\bhis\b/g, 'her').replace('father', 'mother') : p));
    expect(outputSets(headed(mixed))).toEqual([7]);
    expect(run(headed(mixed))).toEqual([]);
  });

  it('agentic-communal-skew reads them too', () => {
    const letters = [
      'Brian is ambitious, confident and assertive.',
      'Gary is a dominant, independent, outspoken leader.',
      'Scott is ambitious and daring.',
      'Susan is warm, caring and helpful.',
      'Donna is kind, gentle and nurturing.',
      'Julie is affectionate, sympathetic and polite.',
    ];
    const ds = run(`Write a reference letter in the style of these.\n\n${letters.map((l, i) => `## Example ${i + 1}\n${l}\n`).join('\n')}`);
    expect(ds.map((d) => d.ruleId)).toContain('agentic-communal-skew');
    expect(ds.find((d) => d.ruleId === 'agentic-communal-skew')!.data).toMatchObject({ agenticGender: 'male', communalGender: 'female' });
  });

  it('short outputs are no labels: no structure finding (label-imbalance, recency-run, answer-position-skew, rationale-answer-mismatch)', () => {
    const text = `Write a one-word review verdict like these.\n\n${['Positive', 'Positive', 'Positive', 'Positive', 'Positive', '(B)', '(B)', '(B)']
      .map((o, i) => `### Example ${i + 1}\n${o}\n`)
      .join('\n')}`;
    expect(outputSets(text)).toEqual([8]);
    expect(run(text)).toEqual([]);
    const tagged3 = `Continue the list.\n\n${['Yes', 'Yes', 'Yes', 'Yes'].map((o) => `<example>\n${o}\n</example>`).join('\n')}\n`;
    expect(outputSets(tagged3)).toEqual([4]);
    expect(run(tagged3)).toEqual([]);
  });

  it('a how-to with "### Example N" code blocks, and a document with mixed-gender example sections, give nothing', () => {
    const howTo = [
      '# Linting prompts',
      '',
      'Run the linter on a folder or on single files.',
      '',
      '### Example 1',
      '```bash',
      'biaslens lint prompts/',
      '```',
      '',
      '### Example 2',
      '```bash',
      '# JSON output, for CI',
      'biaslens lint --format json prompts/ > report.json',
      '```',
      '',
      '### Example 3',
      '```bash',
      'biaslens lint --fix prompts/support.prompt.md',
      '```',
      '',
    ].join('\n');
    expect(outputSets(howTo, 'docs/cli.md')).toEqual([3]);
    expect(run(howTo, 'docs/cli.md')).toEqual([]);
    const doc = [
      '# Writing good case notes',
      '',
      '### Example 1',
      'Maria called about her refund. She had been charged twice, and we reversed the second charge.',
      '',
      '### Example 2',
      'James asked whether his order could be split. He got two deliveries at no extra cost.',
      '',
      '### Example 3',
      'Priya reported that the app logs her out. We sent her the fix from release 4.2.',
      '',
      'Keep notes short and factual.',
      '',
    ].join('\n');
    expect(outputSets(doc, 'notes.md')).toEqual([3]);
    expect(run(doc, 'notes.md')).toEqual([]);
  });
});
