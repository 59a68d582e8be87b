import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTextDocument } from '../../server/src/parse/text.js';
import { LineIndex } from '../../server/src/model/lines.js';
import { parseDocument } from '../../server/src/parse/index.js';

/** The line starts as the obvious split gives them (after each \n, \r\n and lone \r, as LSP counts them). */
function naiveStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

const body = fc
  .array(fc.tuple(fc.constantFrom('Q: x?', 'A: (B)', '(A) one', '(B) two', '', ' ', '\r', 'text', '---', 'Answer choices:'), fc.constantFrom('\n', '\r', '\r\n')), { maxLength: 30 })
  .map((l) => l.map(([line, eol]) => line + eol).join(''));
const frontMatter = fc.constantFrom('', '---\nname: x\n---\n', '---\r\nname: x\r\n---\r\n', '---\rname: x\r---\r', '---\nname: x\n---', '---\n---\n\n');

describe('the line table the text parser offers to the next LineIndex of its text', () => {
  it('is the table LineIndex finds itself, with or without front matter', () => {
    fc.assert(
      fc.property(frontMatter, body, fc.boolean(), (fm, b, lf) => {
        const text = fm + b + (lf ? '\n' : '');
        // (Through parseDocument, which gives the text parser a text with each lone \r made a \n.)
        parseDocument('t.prompt', text, 'text');
        const lines = new LineIndex(text);
        const starts = naiveStarts(text);
        expect(lines.lineCount).toBe(starts.length);
        for (let l = 0; l < starts.length; l++) expect(lines.lineStart(l)).toBe(starts[l]);
      }),
      { numRuns: 400 },
    );
  });

  it('goes only to an index of the same text (any other drops it)', () => {
    parseTextDocument('t.prompt', 'a\nb\nc', 'text');
    const other = new LineIndex('x\ny');
    expect(other.lineCount).toBe(2);
    // The offer is gone: an index of the parsed text made now finds its own lines.
    const same = new LineIndex('a\nb\nc');
    expect(same.lineCount).toBe(3);
    expect(same.lineStart(2)).toBe(4);
  });
});
