import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, lineEndFrom, lineStartBefore } from '../../server/src/model/lines.js';

/**
 * The line starts as the obvious split gives them (what LineIndex's table must hold): after
 * each \n, \r\n and lone \r, as LSP counts them.
 */
function naiveStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

const texts = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', 'xyz'), { maxLength: 40 }).map((p) => p.join(''));

describe('LineIndex', () => {
  it('converts offsets and positions as a plain line split does', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: -3, max: 50 }), (text, offset) => {
        const lines = new LineIndex(text);
        const starts = naiveStarts(text);
        expect(lines.lineCount).toBe(starts.length);
        for (let l = 0; l < starts.length; l++) {
          expect(lines.lineStart(l)).toBe(starts[l]);
          const next = l + 1 < starts.length ? starts[l + 1]! - 1 : text.length;
          expect(lines.lineEnd(l)).toBe(next > starts[l]! && text[next - 1] === '\r' ? next - 1 : next);
        }
        const clamped = Math.max(0, Math.min(offset, text.length));
        // Between the \r and \n of a \r\n: the end of the line.
        const o = text[clamped - 1] === '\r' && text[clamped] === '\n' ? clamped - 1 : clamped;
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1]! <= o) line++;
        const pos = lines.positionAt(offset);
        expect(pos).toEqual({ line, character: o - starts[line]! });
        expect(lines.offsetAt(pos)).toBe(o);
        // What VS Code shows (the LSP library's own counting).
        const lsp = TextDocument.create('file:///x', 'plaintext', 1, text);
        expect(lines.lineCount).toBe(lsp.lineCount);
        expect(pos).toEqual(lsp.positionAt(offset));
      }),
    );
  });

  it('counts \r\n, a lone \r and \n as one break each (\r\r\n is two)', () => {
    const lines = new LineIndex('a\r\r\nb\rc\n\rd');
    expect([0, 1, 2, 3, 4].map((l) => [lines.lineStart(l), lines.lineEnd(l)])).toEqual([[0, 1], [2, 2], [4, 5], [6, 7], [8, 8]]);
    expect(lines.lineCount).toBe(6);
    expect(lines.positionAt(9)).toEqual({ line: 5, character: 0 });
    // Between \r and \n: the end of the line (as LSP's TextDocument).
    expect(lines.positionAt(3)).toEqual({ line: 1, character: 0 });
  });

  it('clamps out-of-range lines', () => {
    const lines = new LineIndex('ab\ncd');
    expect(lines.lineStart(-1)).toBe(0);
    expect(lines.lineStart(9)).toBe(3);
    expect(lines.offsetAt({ line: 9, character: 0 })).toBe(5);
    expect(lines.offsetAt({ line: -1, character: 4 })).toBe(0);
    expect(lines.offsetAt({ line: 0, character: 9 })).toBe(3);
  });
});

describe('lineStartBefore / lineEndFrom: lines of a text with the file\'s own breaks', () => {
  it('treat \\n, \\r\\n and a lone \\r as line breaks', () => {
    const text = 'ab\ncd\r\nef\rgh';
    // Each line's start and end, from any offset inside it.
    const lines = [
      [0, 2],
      [3, 5],
      [7, 9],
      [10, 12],
    ];
    for (const [start, end] of lines) {
      for (let at = start!; at <= end!; at++) {
        expect(lineStartBefore(text, at)).toBe(start);
        expect(lineEndFrom(text, at)).toBe(end);
      }
    }
  });

  it('stop at the limit and at the text\'s ends', () => {
    expect(lineEndFrom('abc\rdef', 0, 2)).toBe(2);
    expect(lineEndFrom('abc\rdef', 0, 99)).toBe(3);
    expect(lineEndFrom('abc', 1)).toBe(3);
    expect(lineStartBefore('abc', 0)).toBe(0);
    expect(lineStartBefore('abc', 99)).toBe(0);
  });
});
