import { describe, expect, it } from 'vitest';
import { Segment } from '../../server/src/model/segment';
import { analyseText } from '../../server/src/parse/text';

const ser = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Int32Array ? Array.from(x) : x));

// classify remembers the line-table id of each recently met label (16 of them); a text with
// more distinct labels than that replaces them while it is read, and the next text starts
// with the last one's.
const NOTES = 'abcdefghijklmnopqrst'.split('').map((c) => `note ${c}`);
function manyLabels(rounds: number): string {
  let s = '';
  for (let r = 0; r < rounds; r++) {
    s += `Question: What is ${r} plus one?\nAnswer: ${r + 1}\n\n`;
    // 20 other labels between the records push Question and Answer out of the recent ones.
    for (const n of NOTES) s += `${n}: remark ${r}\n`;
    s += '\n';
  }
  return s;
}

describe('label ids of texts with many distinct labels', () => {
  it('finds every record, whatever labels the texts before it had', () => {
    const text = manyLabels(4);
    const first = ser(analyseText(new Segment(text, 0)));
    const ex = analyseText(new Segment(text, 0)).exemplarSets.flatMap((s) => s.exemplars);
    expect(ex.map((e) => [e.question?.text, e.output?.text])).toEqual([0, 1, 2, 3].map((r) => [`What is ${r} plus one?`, `${r + 1}`]));
    analyseText(new Segment('Review: good\nSentiment: positive\n\nReview: bad\nSentiment: negative\n', 0));
    expect(ser(analyseText(new Segment(text, 0)))).toBe(first);
    analyseText(new Segment(manyLabels(1).replace(/note/g, 'other'), 0));
    expect(ser(analyseText(new Segment(text, 0)))).toBe(first);
  });
});
