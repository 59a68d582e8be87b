import { describe, expect, it } from 'vitest';
import { parseTextDocument } from '../../server/src/parse/text';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const parse = (lines: string[]) => {
  const text = lines.join('\n');
  return { text, doc: parseTextDocument('x.prompt', text, 'text') };
};

describe('same-line label pairs ("Input: … Output: …" on one line)', () => {
  it('reads each line as a demo: question up to the second label, answer after it, exact ranges', () => {
    const { text, doc } = parse([
      'Classify the review.',
      'Input: Broke after a week. Output: negative',
      'Input: Works exactly as described. Output: positive',
      'Input: Great value for money.  Output:  positive',
      '',
      'Input: {{review}}',
      'Output:',
    ]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('input-output');
    expect(set.kind).toBe('demos');
    expect(at(text, set.span)).toBe('Input: Broke after a week. Output: negative\nInput: Works exactly as described. Output: positive\nInput: Great value for money.  Output:  positive');
    expect(set.exemplars.map((e) => [e.question?.text, e.output?.text])).toEqual([
      ['Broke after a week.', 'negative'],
      ['Works exactly as described.', 'positive'],
      ['Great value for money.', 'positive'],
    ]);
    const [a, , c] = set.exemplars;
    expect(at(text, a!.span)).toBe('Input: Broke after a week. Output: negative');
    expect(at(text, a!.question!.sourceSpan())).toBe('Broke after a week.');
    expect(a!.question!.sourceSpan().start).toBe(text.indexOf('Broke'));
    expect(at(text, a!.output!.sourceSpan())).toBe('negative');
    expect(a!.output!.sourceSpan().start).toBe(text.indexOf('negative'));
    expect(at(text, c!.output!.sourceSpan())).toBe('positive');
    expect(c!.output!.sourceSpan().start).toBe(text.lastIndexOf('positive'));
    // The query slot stays a test input, as for two-line pairs.
    expect(doc.testInputs.map((t) => [t.text.text, at(text, t.span)])).toEqual([['{{review}}', 'Input: {{review}}\nOutput:']]);
  });

  it('reads them after inline "Example N:" marks (k03 layout)', () => {
    const { text, doc } = parse([
      'Classify the review as positive or negative.',
      '',
      'Example 1: Input: Broke after a week. Output: negative',
      'Example 2: Input: Works exactly as described. Output: positive',
      'Example 3: Input: Great value for money. Output: positive',
      '',
      'Input: {{review}}',
      'Output:',
    ]);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('input-output');
    expect(set.exemplars.map((e) => [at(text, e.span), e.question?.text, e.output?.text])).toEqual([
      ['Input: Broke after a week. Output: negative', 'Broke after a week.', 'negative'],
      ['Input: Works exactly as described. Output: positive', 'Works exactly as described.', 'positive'],
      ['Input: Great value for money. Output: positive', 'Great value for money.', 'positive'],
    ]);
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['{{review}}']);
  });

  it('infers the shape from the labels as for two-line pairs (Q:/A: is qa; Review:/Sentiment:, Text:/Label: input-output)', () => {
    const qa = parse(['Q: What is 2 + 2? A: 4', 'Q: What is the capital of France? A: Paris', '', 'Q: {{question}}', 'A:']);
    expect(qa.doc.exemplarSets[0]!.shape).toBe('qa');
    expect(qa.doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.output?.text])).toEqual([
      ['What is 2 + 2?', '4'],
      ['What is the capital of France?', 'Paris'],
    ]);
    const review = parse(['Review: Loved it! Sentiment: positive', 'Review: Meh; Sentiment: neutral']);
    expect(review.doc.exemplarSets[0]!.shape).toBe('input-output');
    expect(review.doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.output?.text])).toEqual([
      ['Loved it!', 'positive'],
      ['Meh;', 'neutral'],
    ]);
    const textLabel = parse(['Text: I am so happy. Label: joy', 'Text: It rained all day. Label: sadness']);
    expect(textLabel.doc.exemplarSets[0]!.exemplars.map((e) => e.output?.text)).toEqual(['joy', 'sadness']);
  });

  it('skips a colon with no known label before it ("Ratio: 3:1") and stops at the answer label after it', () => {
    const { text, doc } = parse(['Input: Mix at Ratio: 3:1 daily. Output: fine', 'Input: Mix at 10:30 sharp. Output: late']);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect(a!.question!.text).toBe('Mix at Ratio: 3:1 daily.');
    expect(a!.output!.text).toBe('fine');
    expect(b!.question!.text).toBe('Mix at 10:30 sharp.');
    expect(at(text, b!.output!.sourceSpan())).toBe('late');
  });
});

describe('same-line label pairs: two-word answer labels', () => {
  it('"Final answer:" is read whole, not as "answer:" after the word "Final"', () => {
    const { text, doc } = parse(['Q: What is 2 + 2? Final answer: 4', 'Q: What is 3 + 3? Final answer: 6']);
    const [a, b] = doc.exemplarSets[0]!.exemplars;
    expect([a!.question!.text, a!.output!.text, b!.question!.text, b!.output!.text]).toEqual(['What is 2 + 2?', '4', 'What is 3 + 3?', '6']);
    expect(at(text, b!.output!.sourceSpan())).toBe('6');
  });

  it('a two-word label of another role is no answer label ("Answer choices:")', () => {
    expect(parse(['Q: Pick one. Answer choices: (A) x (B) y', 'Q: Pick again. Answer choices: (A) z (B) w']).doc.exemplarSets).toEqual([]);
  });
});

describe('same-line label pairs: guards', () => {
  it('a single such line is no demo', () => {
    const { doc } = parse(['Input: Broke after a week. Output: negative', '', 'Input: {{review}}', 'Output:']);
    expect(doc.exemplarSets).toEqual([]);
  });

  it('two lines with different second labels are no demos', () => {
    const { doc } = parse(['Input: Broke after a week. Output: negative', 'Input: Works well. Label: positive']);
    expect(doc.exemplarSets).toEqual([]);
  });

  it('"Ratio: 3:1" and prose lines with two colons are no demos', () => {
    expect(parse(['Ratio: 3:1', 'Ratio: 2:1', 'Ratio: 5:1']).doc.exemplarSets).toEqual([]);
    expect(parse(['Note: keep it short: one line.', 'Note: be kind: always.', 'Text: see the time: 10:30', 'Text: see the time: 11:30']).doc.exemplarSets).toEqual([]);
  });

  it('the second label must follow white space or sentence punctuation, and be followed by white space', () => {
    expect(parse(['Input: the xOutput: negative', 'Input: the yOutput: positive']).doc.exemplarSets).toEqual([]);
    expect(parse(['Input: see http://a.b Output:x', 'Input: see Output:y']).doc.exemplarSets).toEqual([]);
  });

  it('an unknown second label is not split ("Text: … Note: …")', () => {
    expect(parse(['Text: great film. Note: positive', 'Text: dull film. Note: negative']).doc.exemplarSets).toEqual([]);
  });

  it('the arrow form "Input: x -> Output: y" stays an arrow line, read as before', () => {
    const { doc } = parse(['Input: great movie -> Output: positive', 'Input: bad movie -> Output: negative', 'Input: fine -> Output: positive']);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.question?.text, e.output?.text])).toEqual([
      ['Input: great movie', 'Output: positive'],
      ['Input: bad movie', 'Output: negative'],
      ['Input: fine', 'Output: positive'],
    ]);
  });
});
