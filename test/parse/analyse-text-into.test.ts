import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Segment } from '../../server/src/model/segment';
import { analyseText, analyseTextInto, mayHoldExemplars } from '../../server/src/parse/text';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import type { ExemplarSet, TestInput } from '../../server/src/model/types';

const ser = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Int32Array ? Array.from(x) : x));

// A text with demos and an unanswered record (a test input) after them.
const TEXT = 'Q: Is the sky blue?\nA: yes\n\nQ: Is grass red?\nA: no\n\nQ: Which one?\n(A) one\n(B) two\nA:\n';

describe('analyseTextInto', () => {
  it("adds analyseText's sets and test inputs after what the lists hold", () => {
    const seg = new Segment(TEXT, 3);
    const whole = analyseText(seg);
    expect(whole.exemplarSets[0]!.exemplars).toHaveLength(2);
    expect(whole.testInputs).toHaveLength(1);
    const sets: ExemplarSet[] = [whole.exemplarSets[0]!];
    const inputs: TestInput[] = [];
    analyseTextInto(seg, sets, inputs);
    expect(ser(sets.slice(1))).toBe(ser(whole.exemplarSets));
    expect(ser(inputs)).toBe(ser(whole.testInputs));
  });

  it('makes no test inputs without a list for them, and the same sets', () => {
    const seg = new Segment(TEXT, 0);
    const sets: ExemplarSet[] = [];
    analyseTextInto(seg, sets, undefined);
    expect(ser(sets)).toBe(ser(analyseText(seg).exemplarSets));
  });

  it('chat records: embedded demos of a multi-line user turn, test inputs only from an unanswered record', () => {
    const answered = JSON.stringify({ messages: [{ role: 'user', content: TEXT }, { role: 'assistant', content: 'B' }] });
    const open = JSON.stringify({ messages: [{ role: 'user', content: TEXT.replace('sky', 'sea') }] });
    const doc = parseJsonlDocument('c.jsonl', `${answered}\n${open}\n`);
    const demoSets = doc.exemplarSets.filter((s) => s.exemplars.some((e) => e.question?.text === 'Is grass red?'));
    expect(demoSets).toHaveLength(2);
    expect(doc.testInputs.map((t) => t.options.map((o) => o.letter))).toEqual([['A', 'B']]);
    expect(doc.testInputs[0]!.span.start).toBeGreaterThan(answered.length);
  });
});

describe('mayHoldExemplars', () => {
  // Pieces of texts that analyseText finds demos, CSV rows, arrow lines and test inputs in.
  const PIECES = ['Q', ' What is it?', 'A', 'Question', 'Answer', ':', ': ', ',', ', ', '->', '=>', '\u2192', '\n', '\n\n', ' yes', ' no', 'B', '(A)', ' (B) two', 'Review', 'Sentiment', ' good', ' 3', 'x', 'C'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

  it('is true whenever analyseText finds an exemplar set or a test input (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const a = analyseText(new Segment(t, 0));
        if (a.exemplarSets.length || a.testInputs.length) expect(mayHoldExemplars(t)).toBe(true);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it('is true for a markdown table of demos without colon, comma or arrow', () => {
    const t = '| Review | Label |\n|---|---|\n| great | pos |\n| awful | neg |\n| lovely | pos |\n';
    expect(analyseText(new Segment(t, 0)).exemplarSets.map((s) => s.exemplars.length)).toEqual([3]);
    expect(mayHoldExemplars(t)).toBe(true);
    const rows = fc.array(fc.constantFrom('| Review | Label |\n|---|---|\n', '| good | pos |\n', '| bad | neg |\n', 'Review | Label\n--- | ---\n', 'ok | pos\n', '|', '\n', 'x'), { maxLength: 12 });
    fc.assert(
      fc.property(rows, (pieces) => {
        const text = pieces.join('');
        if (analyseText(new Segment(text, 0)).exemplarSets.length) expect(mayHoldExemplars(text)).toBe(true);
      }),
      { numRuns: 1000, seed: 4 },
    );
  });

  it('chat records: a multi-line user turn without colon, comma or arrow is the test input itself; with CSV rows or arrows, their demos', () => {
    const plain = JSON.stringify({ messages: [{ role: 'user', content: 'First line.\nSecond line?' }] });
    const csv = JSON.stringify({ messages: [{ role: 'user', content: 'q1,a,b,A\nq2,a,b,B\nq3' }] });
    const arrows = JSON.stringify({ messages: [{ role: 'user', content: 'cat -> animal\nrose -> plant\noak -> tree' }] });
    const doc = parseJsonlDocument('c.jsonl', `${plain}\n${csv}\n${arrows}\n`);
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['First line.\nSecond line?']);
    const found = doc.exemplarSets.map((s) => [s.shape, s.exemplars.length]);
    expect(found).toContainEqual(['csv', 2]);
    expect(found).toContainEqual(['input-output', 3]);
  });
});
