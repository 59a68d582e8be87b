import { describe, expect, it } from 'vitest';
import { analyseText } from '../../server/src/parse/text.js';
import { Segment } from '../../server/src/model/segment.js';

const shapes = (text: string) => analyseText(Segment.fromSource(text, 0, text.length)).exemplarSets.map((s) => [s.shape, s.exemplars.length]);

describe('line-oriented shapes (tried when a text has no labelled records)', () => {
  it('finds CSV rows and arrow lines of every arrow, and nothing in free text without commas or arrows', () => {
    expect(shapes('What is 2+2?,3,4,5,B\nWhat is 1+1?,2,3,4,A\n')).toEqual([['csv', 2]]);
    for (const arrow of ['=>', '->', '→']) {
      expect(shapes(`I love it ${arrow} positive\nI hate it ${arrow} negative\nIt is fine ${arrow} neutral\n`)).toEqual([['input-output', 3]]);
    }
    // Two arrow lines are not a run of three; commas alone make no CSV row.
    expect(shapes('a => b\nc => d\n')).toEqual([]);
    expect(shapes('one, two\nthree, four\nfive, six\n')).toEqual([]);
    expect(shapes('Just some words\nover two lines\nand a third one\n')).toEqual([]);
  });
});
