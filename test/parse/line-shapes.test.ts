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

describe('example headings between demos', () => {
  it('each heading word (any case) ends a demo; a line that only starts with the word does not', () => {
    const demos = (heading: string) => {
      const text = `${heading.replace('N', '1')}\nTweet: I love it\nSentiment: positive\n${heading.replace('N', '2')}\nTweet: I hate it\nSentiment: negative\n`;
      const sets = analyseText(Segment.fromSource(text, 0, text.length)).exemplarSets;
      return sets.flatMap((s) => s.exemplars.map((e) => [e.question?.text, e.output?.text]));
    };
    const expected = [
      ['I love it', 'positive'],
      ['I hate it', 'negative'],
    ];
    for (const h of ['Example N:', 'EXAMPLE N', 'demo N', 'Demonstration N:', 'Shot N', 'sample #N', '**Example N**', '## Example N']) expect(demos(h)).toEqual(expected);
    // Not headings: the text runs on into the labelled field before it.
    const text = 'Tweet: I love it\nSentiment: positive\nExamples follow here\nTweet: I hate it\nSentiment: negative\nShould be done\n';
    const sets = analyseText(Segment.fromSource(text, 0, text.length)).exemplarSets;
    expect(sets.flatMap((s) => s.exemplars.map((e) => e.output?.text))).toEqual(['positive\nExamples follow here', 'negative\nShould be done']);
  });
});
