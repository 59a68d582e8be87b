import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTextDocument } from '../../server/src/parse/text.js';
import { splitOptions } from '../../server/src/parse/exemplars.js';
import { Segment } from '../../server/src/model/segment.js';

/** Question lines: plain, inline options (in order or not), "(A)" in passing, a list of option lines. */
const questionLine = fc.constantFrom(
  'Which city is largest?',
  'Pick one: (A) Paris (B) London (C) Rome',
  'Pick (A) Paris or (B) Rome, then explain.',
  'I think it is (A) but maybe not.',
  'Options (B) x (A) y',
  '(A) red (B) blue',
  'Choose:\n(A) yes\n(B) no',
  'Line one\nthen (A) up (B) down',
  // Inline marks right at a line start (no space after them: not an option line), after a "(A)" passed on the line before.
  '(A)red (B)blue',
  'I think (A) maybe\n(A)red (B)blue',
  // Marks without brackets: after "?", a label or at a line start; passed over in prose.
  'Which? A. red  B. blue',
  'Choices: A) up B) down C) left',
  'Plan A. Then B. Then C.',
  'Vitamin A. is it? A. yes B. no',
  'Line one\nA. red B. blue',
);

describe('inline options searched once through a document (analyseText)', () => {
  it('finds the same options and questions as splitting each question on its own', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(questionLine, fc.constantFrom('A', 'B', 'C', 'Paris')), { minLength: 1, maxLength: 8 }), (records) => {
        const text = records.map(([q, a]) => `Q: ${q}\nA: ${a}\n`).join('\n');
        const doc = parseTextDocument('t.prompt', text, 'text');
        const exemplars = doc.exemplarSets.flatMap((s) => s.exemplars);
        expect(exemplars).toHaveLength(records.length);
        exemplars.forEach((ex, i) => {
          // The question alone, as its own segment at its place in the document.
          const q = records[i]![0];
          const at = text.indexOf(`Q: ${q}\nA: ${records[i]![1]}`, i === 0 ? 0 : exemplars[i - 1]!.span.end) + 3;
          const alone = splitOptions(new Segment(q, at));
          expect(ex.question?.text).toBe(alone.question.text);
          expect(ex.question?.sourceSpan()).toEqual(alone.question.sourceSpan());
          expect(ex.options.map((o) => [o.letter, o.text.text, o.span, o.letterSpan])).toEqual(alone.options.map((o) => [o.letter, o.text.text, o.span, o.letterSpan]));
        });
      }),
      { numRuns: 300 },
    );
  });
});
