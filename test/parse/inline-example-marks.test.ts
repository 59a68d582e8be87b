/**
 * Inline example marks: a run of lines "Example 1: …", "Example 2: …" (numbered from 1, rising by one)
 * delimits demos as "### Example N" headings do (text.ts, matchInlineMark, resolveInlineMarks); the
 * text after the mark on its line is the demo's first line.
 */
import { describe, expect, it } from 'vitest';
import { inlineMarkLineOf, parseTextDocument } from '../../server/src/parse/text';
import { parseDocument } from '../../server/src/parse/index';
import type { PromptDocument } from '../../server/src/model/types';

const BIOS = [
  'Project lead Dr David Mensah is an ambitious, decisive leader who drives results.',
  'Data lead Tom Reilly is a confident, assertive analyst who leads the evaluation.',
  'Outreach worker Sarah Kim is a warm, caring helper who supports families.',
  'Coordinator Emily Novak is a gentle, nurturing colleague who helps the team.',
];

const parse = (text: string): PromptDocument => parseTextDocument('x.prompt', text, 'text');
const spanTexts = (doc: PromptDocument) => doc.exemplarSets.flatMap((s) => s.exemplars.map((e) => doc.text.slice(e.span.start, e.span.end)));
const inline = (blocks: string[], mark = (i: number) => `Example ${i + 1}: `) => `Draft the section.\n\nExample of the expected style:\n\n${blocks.map((b, i) => `${mark(i)}${b}\n`).join('')}\nTeam sheet:\n{team}\n\nDraft:\n`;
const headed = (blocks: string[]) => `Draft the section.\n\nExample of the expected style:\n\n${blocks.map((b, i) => `### Example ${i + 1}\n${b}\n`).join('')}\nTeam sheet:\n{team}\n\nDraft:\n`;

describe('inline example marks', () => {
  it('reads a run of "Example N: …" lines as output-only demos, each the text after its mark (as under "### Example N")', () => {
    const text = inline(BIOS);
    const doc = parse(text);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('outputs');
    expect(set.kind).toBe('demos');
    expect(spanTexts(doc)).toEqual(BIOS);
    const first = text.indexOf(BIOS[0]!);
    expect(set.exemplars[0]!.span).toEqual({ start: first, end: first + BIOS[0]!.length });
    expect(text.slice(first - 'Example 1: '.length, first)).toBe('Example 1: ');
    expect(text.slice(set.span.start, set.span.end)).toBe(text.slice(first, text.indexOf(BIOS[3]!) + BIOS[3]!.length));
    // The same exemplar fields as the heading form's, apart from where they are.
    const fromHeadings = parse(headed(BIOS)).exemplarSets[0]!;
    expect(fromHeadings.shape).toBe('outputs');
    const strip = (e: object) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'span' || k === 'start' || k === 'end' || k === 'base' || k === 'source' ? undefined : v)));
    expect(set.exemplars.map(strip)).toEqual(fromHeadings.exemplars.map(strip));
    for (const e of set.exemplars) {
      expect(e.output!.text).toBe(text.slice(e.span.start, e.span.end));
      expect(e.output!.sourceSpan()).toEqual(e.span);
      expect(e.question).toBeUndefined();
    }
  });

  it('takes the lines right after a mark into its demo, up to the next mark or a blank line', () => {
    const text = 'Write bios like these.\n\nExample 1: Maria is a nurse.\nShe is warm and caring.\nExample 2: John is an engineer.\nHe is ambitious.\n\nExample 3: Anna is a teacher.\nShe is gentle.\nNow write one for {name}.\n\nBio:\n';
    expect(spanTexts(parse(text))).toEqual([
      'Maria is a nurse.\nShe is warm and caring.',
      'John is an engineer.\nHe is ambitious.',
      'Anna is a teacher.\nShe is gentle.\nNow write one for {name}.',
    ]);
  });

  it('accepts the words and separators the heading form accepts, in bold too', () => {
    const variants: ((i: number) => string)[] = [
      (i) => `**Example ${i + 1}:** `,
      (i) => `**Example ${i + 1}**: `,
      (i) => `Sample ${i + 1} - `,
      (i) => `Demo ${i + 1}. `,
      (i) => `Example #${i + 1}: `,
      (i) => `  example ${i + 1} \u2013 `,
      (i) => `Demonstration ${i + 1}: `,
      (i) => `Shot ${i + 1}: `,
    ];
    for (const mark of variants) expect(spanTexts(parse(inline(BIOS, mark))), mark(0)).toEqual(BIOS);
  });

  it('does not read a single mark, numbers that skip or do not start at 1, or other words', () => {
    const none = (text: string) => expect(parse(text).exemplarSets, text).toEqual([]);
    none(`Write a bio.\n\nExample 1: ${BIOS[0]}\n\nBio:\n`);
    none('Example 1: see below.\n\nThe bio should be short.\n');
    none(inline(BIOS, (i) => `Example ${[1, 3, 4, 5][i]}: `));
    none(inline(BIOS, (i) => `Example ${i + 2}: `));
    none(inline(BIOS, (i) => `Ex. ${i + 1}: `));
    none(inline(BIOS, (i) => `Case ${i + 1}: `));
    none(inline(BIOS, (i) => `**Example ${i + 1}: `));
    none(`For example: ${BIOS[0]}\nFor example: ${BIOS[1]}\nFor example: ${BIOS[2]}\n`);
    // A paragraph between two marks ends the run: 1 alone, then 2 and 3 (not from 1).
    none(`Example 1: ${BIOS[0]}\n\nSome other text.\n\nExample 2: ${BIOS[1]}\nExample 3: ${BIOS[2]}\nExample 4: ${BIOS[3]}\n`);
  });

  it('reads the marks one by one (inlineMarkLineOf)', () => {
    expect(inlineMarkLineOf('Example 12: text')).toEqual({ number: 12, contentStart: 12 });
    expect(inlineMarkLineOf('**Sample 2:** text')).toEqual({ number: 2, contentStart: 14 });
    for (const line of ['Example 1:', 'Example 1: ', 'Example 1.5 text', 'Examples 1-3: text', 'Example: text', 'Example 1:text', '### Example 1: text', 'Example 12345: text', 'Exam 1: text']) {
      expect(inlineMarkLineOf(line), line).toBeNull();
    }
  });

  it('gives the labelled fields after a mark the question and answer the heading form gives them', () => {
    const rows = [
      ['The nurse was kind and gentle with my mother.', 'positive'],
      ['The engineer was rude and dismissive.', 'negative'],
    ];
    const inlineText = `Classify the sentiment.\n\n${rows.map(([t, l], i) => `Example ${i + 1}: Text: ${t}\nLabel: ${l}\n`).join('')}\nText: {{text}}\nLabel:\n`;
    const headedText = `Classify the sentiment.\n\n${rows.map(([t, l], i) => `### Example ${i + 1}\nText: ${t}\nLabel: ${l}\n`).join('')}\nText: {{text}}\nLabel:\n`;
    const a = parse(inlineText);
    const b = parse(headedText);
    expect(a.exemplarSets).toHaveLength(1);
    expect(a.exemplarSets[0]!.shape).toBe(b.exemplarSets[0]!.shape);
    const fields = (doc: PromptDocument) => doc.exemplarSets[0]!.exemplars.map((e) => [e.question!.text, e.output!.text, doc.text.slice(e.span.start, e.span.end)]);
    expect(fields(a)).toEqual(fields(b));
    expect(fields(a)[0]).toEqual([rows[0]![0], 'positive', `Text: ${rows[0]![0]}\nLabel: positive`]);
    const q = a.exemplarSets[0]!.exemplars[0]!.question!;
    expect(inlineText.slice(q.sourceSpan().start, q.sourceSpan().end)).toBe(rows[0]![0]);
    expect(a.testInputs.map((t) => t.text.text)).toEqual(b.testInputs.map((t) => t.text.text));
    // Without the run (one mark) the line is not a field.
    expect(parse(`Example 1: Text: ${rows[0]![0]}\nLabel: positive\n`).exemplarSets).toEqual([]);
  });

  it('reads an unlabelled question before its answer label, as after "### Example N"', () => {
    const text = 'Example 1: Which gas is noble?\nA. Argon\nB. Nitrogen\nAnswer: A\n\nExample 2: Which is a metal?\nA. Neon\nB. Iron\nAnswer: B\n';
    const doc = parse(text);
    expect(doc.exemplarSets).toHaveLength(1);
    const ex = doc.exemplarSets[0]!.exemplars;
    expect(ex.map((e) => [e.question!.text, e.options.map((o) => o.text.text), e.answer!.letter])).toEqual([
      ['Which gas is noble?', ['Argon', 'Nitrogen'], 'A'],
      ['Which is a metal?', ['Neon', 'Iron'], 'B'],
    ]);
    expect(text.slice(ex[0]!.span.start, ex[0]!.span.end)).toBe('Which gas is noble?\nA. Argon\nB. Nitrogen\nAnswer: A');
  });

  it('reads arrow lines after the marks without the marks', () => {
    const text = 'Example 1: great movie -> positive\nExample 2: awful plot -> negative\nExample 3: fine acting -> positive\n';
    const ex = parse(text).exemplarSets[0]!.exemplars;
    expect(ex.map((e) => [e.question!.text, e.output!.text])).toEqual([
      ['great movie', 'positive'],
      ['awful plot', 'negative'],
      ['fine acting', 'positive'],
    ]);
    expect(text.slice(ex[0]!.span.start, ex[0]!.span.end)).toBe('great movie -> positive');
  });

  it('reads the run in a YAML block scalar (s21 hunt13 k08) and with CRLF line ends, with exact ranges', () => {
    const yaml = `_type: prompt\ninput_variables:\n  - team\ntemplate: |\n  Draft the section.\n\n  Example of the expected style:\n\n${BIOS.map((b, i) => `  Example ${i + 1}: ${b}\n`).join('')}\n  Team sheet:\n  {team}\n\n  Draft:\n`;
    const doc = parseDocument('k08.prompt.yaml', yaml);
    expect(doc.exemplarSets.map((s) => s.shape)).toEqual(['outputs']);
    expect(spanTexts(doc)).toEqual(BIOS);
    const crlf = inline(BIOS).replace(/\n/g, '\r\n');
    const d2 = parseDocument('x.prompt', crlf);
    expect(spanTexts(d2)).toEqual(BIOS);
  });
});
