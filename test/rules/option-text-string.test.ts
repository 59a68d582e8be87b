import { describe, expect, it } from 'vitest';
import { optionTextString } from '../../server/src/rules/shared/fewshot.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { Segment } from '../../server/src/model/segment.js';
import type { OptionItem } from '../../server/src/model/types.js';

describe('optionTextString', () => {
  it('gives the text of options parsed from lines, the same as text.text', () => {
    const doc = parseDocument('a.prompt', 'Q: Who came first?\n(A) The  nurse\n(B) The doctor \nA: (B)\n\nQ: Which?\n(A) one\n(B) two\nA: (A)\n');
    const options = doc.exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options));
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(typeof o.textString).toBe('function');
      const viaString = optionTextString(o);
      expect(viaString).toBe(o.text.text);
    }
  });

  it('falls back to text.text for an option without textString', () => {
    const o: OptionItem = { letter: 'A', letterSpan: { start: 1, end: 2 }, text: new Segment('Paris', 4), span: { start: 0, end: 9 } };
    expect(optionTextString(o)).toBe('Paris');
  });
});
