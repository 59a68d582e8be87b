import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTextDocument } from '../../server/src/parse/text.js';

/** Lines with and without turn markers, labels, markup and colons in various places. */
const line = fc.constantFrom(
  'User: hi',
  'User:hi',
  '  Assistant : ok',
  '\tHuman:x',
  'System: be brief',
  'AI:',
  'ai: lower case',
  'Q: what?',
  'A: (B)',
  'foo: bar',
  'plain text',
  'Username is not a turn',
  '### User: a heading',
  '---',
  '**User:** bold',
  '',
  '   ',
  'User',
  'the user: said',
);

describe('turn markers of a text prompt (textMessages)', () => {
  it('are found on the lines of the line table as the multiline regex finds them', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), (lines) => {
        const text = lines.join('\n');
        // A trailing U+2028 sends the text down the regex path (other line terminators) and
        // changes no message: it is white space at the end of the last one.
        // (An empty content's base is where trimming left it, which the extra character moves: compared by its text.)
        const shape = (t: string) =>
          parseTextDocument('t.prompt', t, 'text').messages.map((m) => ({ role: m.role, roleSpan: m.roleSpan, span: m.span, text: m.content.text, at: m.content.text ? m.content.sourceSpan() : null }));
        expect(shape(text)).toEqual(shape(text + '\u2028'));
      }),
      { numRuns: 500 },
    );
  });
});
