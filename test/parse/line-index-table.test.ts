import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/model/lines.js';

/** The line starts as the obvious split gives them. */
function naiveStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

describe('LineIndex line table (shared scratch table)', () => {
  it('holds every line start of a text with more lines than the scratch table first has, and of smaller texts after it', () => {
    // Lines of varying length, more than the initial 1024 entries of the shared table (so it grows).
    const big = Array.from({ length: 5000 }, (_, i) => 'x'.repeat(i % 7) + (i % 3 === 0 ? '\r' : '')).join('\n');
    const small = 'one\ntwo\n\nthree';
    const none = 'no line break';
    for (const text of [big, small, none, '', '\n', big]) {
      const lines = new LineIndex(text);
      const starts = naiveStarts(text);
      expect(lines.lineCount).toBe(starts.length);
      for (let l = 0; l < starts.length; l++) expect(lines.lineStart(l)).toBe(starts[l]);
      // Each index keeps its own table: a later index of another text changes nothing in it.
      new LineIndex('a\nb\nc\nd').lineCount;
      expect(lines.lineStart(starts.length - 1)).toBe(starts[starts.length - 1]);
      expect(lines.positionAt(text.length)).toEqual({ line: starts.length - 1, character: text.length - starts[starts.length - 1]! });
    }
  });
});
