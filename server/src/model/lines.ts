/** Offset <-> (line, character) conversion, 0-based as in LSP (line breaks: \n, \r\n, \r). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The line starts LineIndex.starts is finding (entry 0 is always 0); shared, never re-entered, only grown. */
let scratchStarts = new Int32Array(1024);

/**
 * A line table a parser has just made for a text (see offerLineStarts), waiting for the
 * next LineIndex: of that text it takes the table, of any other it drops it.
 */
let offeredText: string | undefined;
let offeredStarts: Int32Array | undefined;

/**
 * Give the next `new LineIndex(text)` the table of `text`'s line starts, as its `starts`
 * (every offset after a line break, after a first entry 0; the array is the index's from
 * then on). A parser that has split the whole text into lines (the text parser's line
 * table) has found them all; lint() then makes its LineIndex of the same text, which
 * would find every line feed again (a third of a millisecond for a 1 MiB prompt). The
 * offer is held only until the next index is made, whatever its text.
 */
export function offerLineStarts(text: string, starts: Int32Array): void {
  offeredText = text;
  offeredStarts = starts;
}

/**
 * Hand an offer made for `parsed` to `text` instead: parseDocument parses a copy of a text with
 * its lone \r made \n, whose line starts are the text's own (see parseDocument).
 */
export function moveLineStartsOffer(parsed: string, text: string): void {
  if (offeredText === parsed) offeredText = text;
}

/** The shared scratch table, twice as long, with its first `n` entries. */
function growScratch(n: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(n * 2);
  grown.set(scratchStarts.subarray(0, n));
  return (scratchStarts = grown);
}

/**
 * The start of the line that holds `at` in a document's own text: just after the nearest line
 * break before `at` (\n, or a \r: a lone one or that of a \r\n), or 0. It looks back only as
 * far as that break. A document's text keeps the file's own line breaks (parseDocument); code
 * that finds lines in it uses this and `lineEndFrom`, not a search for \n alone, which in a file
 * of \r breaks would find none and look through the whole text before each offset.
 */
export function lineStartBefore(text: string, at: number): number {
  for (let i = Math.min(at, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return 0;
}

/** The offset of the first line break (\n or \r) at or after `at` and before `limit`, or `limit` (default: the text's end). */
export function lineEndFrom(text: string, at: number, limit = text.length): number {
  const end = Math.min(limit, text.length);
  for (let i = Math.max(0, at); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return end;
}

/**
 * Line breaks are \n, \r\n and a lone \r (one not followed by \n: classic Mac OS, or a
 * mixed file), as in LSP and VS Code: the index counts all three.
 */
export class LineIndex {
  private lineStarts: Int32Array | undefined;

  /**
   * The line table is built on first use: the language server makes an index for every
   * result, and most results (a 1 MiB document with few findings) never convert a position.
   */
  constructor(readonly text: string) {
    if (offeredText !== undefined) {
      // (The same string, usually: then `===` compares no characters.)
      if (text === offeredText) this.lineStarts = offeredStarts;
      offeredText = undefined;
      offeredStarts = undefined;
    }
  }

  /**
   * Where each line starts, in a typed array of the exact size: the starts are found in
   * one pass into a scratch table that every index shares (and keeps), then copied, so a
   * large document's table is not grown by push (each growth a copy left for the garbage
   * collector), and it lives outside the JS heap, which a scavenge copies.
   */
  private get starts(): Int32Array {
    if (this.lineStarts) return this.lineStarts;
    const text = this.text;
    let scratch = scratchStarts;
    let n = 1;
    let cr = text.indexOf('\r');
    if (cr === -1) {
      // Line feeds only (most texts): one search.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
        if (n === scratch.length) scratch = growScratch(n);
        scratch[n++] = i + 1;
      }
    } else {
      // As LSP counts them: \r\n, \r and \n each end a line (\r\r\n is two breaks).
      let lf = text.indexOf('\n');
      for (;;) {
        let end: number; // the last character of the break
        if (cr !== -1 && (lf === -1 || cr < lf)) {
          end = lf === cr + 1 ? lf : cr;
          cr = text.indexOf('\r', cr + 1);
          if (end === lf) lf = text.indexOf('\n', lf + 1);
        } else if (lf !== -1) {
          end = lf;
          lf = text.indexOf('\n', lf + 1);
        } else break;
        if (n === scratch.length) scratch = growScratch(n);
        scratch[n++] = end + 1;
      }
    }
    return (this.lineStarts = scratch.slice(0, n));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    let o = Math.max(0, Math.min(offset, this.text.length));
    // Between the \r and \n of a \r\n: the end of the line, as LSP's TextDocument says.
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line]!;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + pos.character, lineEnd));
  }

  rangeOf(span: { start: number; end: number }): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
