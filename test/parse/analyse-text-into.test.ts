import { describe, expect, it } from 'vitest';
import { Segment } from '../../server/src/model/segment';
import { analyseText, analyseTextInto } from '../../server/src/parse/text';
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
