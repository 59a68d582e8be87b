/**
 * Examples that are only outputs: a generation prompt's "### Example N" / <example> blocks without
 * fields are a set of shape 'outputs' (text.ts, outputRecords).
 */
import { describe, expect, it } from 'vitest';
import { parseTextDocument } from '../../server/src/parse/text';
import { parseDocument } from '../../server/src/parse/index';
import type { PromptDocument } from '../../server/src/model/types';

const PERSONAS = [
  'A 34-year-old software engineer who wants to get back in shape. He trains before work.',
  'A 52-year-old bank manager recovering from a knee injury. He prefers low-impact workouts.',
  'A 27-year-old delivery driver training for his first marathon.',
];
const INSTRUCTION = 'Write a user persona in the same style as the examples.';

const headed = (blocks: string[], mark = (i: number) => `### Example ${i + 1}`) =>
  `${INSTRUCTION}\n\n${blocks.map((b, i) => `${mark(i)}\n${b}\n`).join('\n')}`;
const tagged = (blocks: string[]) => `${INSTRUCTION}\n\n${blocks.map((b) => `<example>\n${b}\n</example>\n`).join('')}`;

const parse = (text: string): PromptDocument => parseTextDocument('x.prompt.md', text, 'markdown');
const outputs = (doc: PromptDocument) => doc.exemplarSets.filter((s) => s.shape === 'outputs');
const texts = (doc: PromptDocument) => outputs(doc).flatMap((s) => s.exemplars.map((e) => doc.text.slice(e.span.start, e.span.end)));

describe('output-only examples', () => {
  it('reads "### Example N" blocks without fields as one set of outputs, without the marks', () => {
    const text = headed(PERSONAS);
    const doc = parse(text);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('outputs');
    expect(set.kind).toBe('demos');
    expect(texts(doc)).toEqual(PERSONAS);
    expect(text.slice(set.span.start, set.span.end)).toBe(text.slice(text.indexOf(PERSONAS[0]!), text.indexOf(PERSONAS[2]!) + PERSONAS[2]!.length));
    for (const e of set.exemplars) {
      expect(e.output!.text).toBe(text.slice(e.span.start, e.span.end));
      expect(e.question).toBeUndefined();
      expect(e.answer).toBeUndefined();
      expect(e.rationale).toBeUndefined();
      expect(e.conclusion).toBeUndefined();
      expect(e.options).toEqual([]);
      expect(e.letterCitations).toEqual([]);
    }
    expect(doc.testInputs).toEqual([]);
  });

  it('reads <example> blocks (inside an <examples> wrapper too), titled and bold marks, and a "Persona:" label as text', () => {
    expect(texts(parse(tagged(PERSONAS)))).toEqual(PERSONAS);
    const wrapped = `${INSTRUCTION}\n\n<examples>\n${PERSONAS.map((b) => `<example>\n${b}\n</example>`).join('\n')}\n</examples>\n\nNow write one persona.\n`;
    expect(texts(parse(wrapped))).toEqual(PERSONAS);
    expect(texts(parse(headed(PERSONAS, (i) => `## Example ${i + 1}: client ${i + 1}`)))).toEqual(PERSONAS);
    expect(texts(parse(headed(PERSONAS, (i) => `**Example ${i + 1}:**`)))).toEqual(PERSONAS);
    const labelled = PERSONAS.map((p) => `Persona: ${p}`);
    expect(texts(parse(headed(labelled)))).toEqual(labelled);
    const bold = PERSONAS.map((p) => `**Persona:** ${p}`);
    expect(texts(parse(tagged(bold)))).toEqual(bold);
  });

  it('ends the last block at its first paragraph when the others are one paragraph each', () => {
    const text = `${headed(PERSONAS)}\nNow write a persona for {{topic}}.\n`;
    expect(texts(parse(text))).toEqual(PERSONAS);
    // A query slot after the examples is a test input, and does not make the last block hold a field.
    const slot = parse(`${headed(PERSONAS)}\nInput: {{topic}}\nOutput:\n`);
    expect(texts(slot)).toEqual(PERSONAS);
    expect(slot.testInputs).toHaveLength(1);
    // Blocks of several paragraphs: the last one runs to the end.
    const long = [`${PERSONAS[0]}\n\nHe likes tennis.`, PERSONAS[1]!, `${PERSONAS[2]}\n\nHe runs daily.`];
    expect(texts(parse(headed(long)))).toEqual(long);
  });

  it('is read in a structured prompt\'s message too (one with a colon, comma, closing tag or arrow: mayHoldExemplars)', () => {
    const content = headed(PERSONAS).replace('examples.', 'examples, one per line:');
    const doc = parseDocument('x.prompt.json', JSON.stringify({ messages: [{ role: 'system', content }] }));
    expect(outputs(doc).map((s) => s.exemplars.map((e) => e.output!.text))).toEqual([PERSONAS]);
  });

  it('needs three blocks, rising numbers, one kind of mark, text in each and no field', () => {
    expect(outputs(parse(headed(PERSONAS.slice(0, 2))))).toEqual([]);
    expect(outputs(parse(headed(PERSONAS, (i) => `### Example ${[1, 2, 2][i]}`)))).toEqual([]);
    expect(outputs(parse(headed(PERSONAS, (i) => `### Example ${[1, 3, 2][i]}`)))).toEqual([]);
    // Two examples numbered from 1 again (two lists).
    expect(outputs(parse(headed([...PERSONAS, ...PERSONAS], (i) => `### Example ${(i % 3) + 1}`)))).toEqual([]);
    const mixed = `${INSTRUCTION}\n\n### Example 1\n${PERSONAS[0]}\n\n<example>\n${PERSONAS[1]}\n</example>\n\n### Example 2\n${PERSONAS[2]}\n`;
    expect(outputs(parse(mixed))).toEqual([]);
    expect(outputs(parse(headed([PERSONAS[0]!, '', PERSONAS[2]!, PERSONAS[1]!])))).toEqual([]);
    // A block with a field: demos of another shape, or none.
    expect(outputs(parse(headed([PERSONAS[0]!, `Input: a nurse\nOutput: ${PERSONAS[1]}`, PERSONAS[2]!])))).toEqual([]);
    expect(outputs(parse(tagged([PERSONAS[0]!, `<answer>${PERSONAS[1]}</answer>`, PERSONAS[2]!])))).toEqual([]);
    // Numbered marks of another word mark demos over fields only.
    expect(outputs(parse(headed(PERSONAS, (i) => `### Vignette ${i + 1}`)))).toEqual([]);
  });

  it('leaves demos with fields as they were', () => {
    const doc = parse(headed(PERSONAS.map((p, i) => `Input: client ${i + 1}\nOutput: ${p}`)));
    expect(doc.exemplarSets.map((s) => s.shape)).toEqual(['input-output']);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.output!.text)).toEqual(PERSONAS);
  });
});
