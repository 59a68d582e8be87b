/**
 * decodeFileText / encodeFileText: how every reader of files on disk turns bytes into
 * the linted text (encoding by byte order mark, refusals with their positions), and back (--fix).
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFileText, encodeFileText, firstInvalidUtf8Byte, type TextEncoding } from '../../server/src/engine/fileText.js';
import { lint } from '../../server/src/engine/lint.js';

const URI = 'file:///p/a.prompt';
const CHAIRMAN = 'Q: Who chairs it?\nA: The chairman.\n';

describe('firstInvalidUtf8Byte', () => {
  it('agrees with Buffer isUtf8, and the prefix before it is valid', () => {
    // Bytes biased towards UTF-8 lead and continuation bytes, so both outcomes are common.
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 }), (bytes, strings) => {
        const buf = Buffer.concat([Buffer.from(bytes), ...strings.map((s) => Buffer.from(s, 'utf8'))]);
        const at = firstInvalidUtf8Byte(buf);
        expect(at === buf.length).toBe(isUtf8(buf));
        expect(isUtf8(buf.subarray(0, at))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds overlong forms, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8Byte(Buffer.from([0xe0, 0x80, 0xaf]))).toBe(0); // overlong
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1); // UTF-16 surrogate
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2); // truncated €
    expect(firstInvalidUtf8Byte(Buffer.from('€ ok', 'utf8'))).toBe(6);
  });
});

describe('decodeFileText', () => {
  it('reads UTF-8, with or without a byte order mark, and leaves the mark out of the text', () => {
    expect(decodeFileText(URI, Buffer.from(CHAIRMAN))).toEqual({ kind: 'text', text: CHAIRMAN, encoding: 'utf8', bom: false });
    expect(decodeFileText(URI, Buffer.from('\ufeff' + CHAIRMAN))).toEqual({ kind: 'text', text: CHAIRMAN, encoding: 'utf8', bom: true });
  });

  it('reads UTF-16 little- and big-endian by their byte order marks', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CHAIRMAN, 'utf16le')]);
    const be = Buffer.from(le).swap16(); // FE FF, then each code unit big-endian
    expect(be.subarray(0, 4)).toEqual(Buffer.from([0xfe, 0xff, 0x00, 0x51]));
    expect(decodeFileText(URI, le)).toEqual({ kind: 'text', text: CHAIRMAN, encoding: 'utf16le', bom: true });
    const copy = Buffer.from(be);
    expect(decodeFileText(URI, be)).toEqual({ kind: 'text', text: CHAIRMAN, encoding: 'utf16be', bom: true });
    expect(be).toEqual(copy); // the bytes read are left as they were
  });

  it('finds the same problems at the same positions in every encoding', () => {
    const expected = lint({ uri: URI, text: CHAIRMAN }).diagnostics.map((d) => [d.ruleId, d.range]);
    expect(expected).toEqual([['gendered-term', { start: { line: 1, character: 7 }, end: { line: 1, character: 15 } }]]);
    for (const encoding of ['utf8', 'utf16le', 'utf16be'] as const) {
      const decoded = decodeFileText(URI, encodeFileText(CHAIRMAN, encoding, true));
      if (decoded.kind !== 'text') throw new Error(`refused as ${encoding}`);
      expect(lint({ uri: URI, text: decoded.text }).diagnostics.map((d) => [d.ruleId, d.range])).toEqual(expected);
    }
  });

  it('refuses UTF-16 with an odd number of bytes at the byte left over', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Q: hi\nA: yo', 'utf16le'), Buffer.from([0x41])]);
    const r = decodeFileText(URI, bytes);
    if (r.kind !== 'refused') throw new Error('not refused');
    expect(r.problem).toBe('File is not valid UTF-16LE (an odd number of bytes at line 2, column 6)');
    expect(r.result.diagnostics).toMatchObject([
      {
        ruleId: 'file-error',
        severity: 'error',
        message: 'File is not valid UTF-16LE (an odd number of bytes at line 2, column 6); it was not linted.',
        range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } },
        data: { invalidUtf16: true, byteOffset: bytes.length - 1 },
      },
    ]);
  });

  it('refuses binary content in any encoding, and invalid UTF-8 at the bad byte', () => {
    for (const encoding of ['utf8', 'utf16le', 'utf16be'] as const) {
      const r = decodeFileText(URI, encodeFileText('Q: a\u0000b', encoding, encoding !== 'utf8'));
      expect(r.kind === 'refused' && r.result.diagnostics[0]!.data).toEqual({ binary: true });
    }
    const r = decodeFileText(URI, Buffer.concat([Buffer.from('Q: fine\nA: caf'), Buffer.from([0xc3, 0x28])]));
    expect(r.kind === 'refused' && r.result.diagnostics[0]).toMatchObject({
      message: 'File is not valid UTF-8 (invalid byte 0xc3 at line 2, column 7); it was not linted.',
      range: { start: { line: 1, character: 6 } },
      data: { invalidUtf8: true, byteOffset: 14 },
    });
  });

  it('reads back exactly what encodeFileText wrote, in every encoding', () => {
    const encodings: TextEncoding[] = ['utf8', 'utf16le', 'utf16be'];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...encodings), fc.boolean(), (text, encoding, bom) => {
        // A text that starts with U+FEFF written as UTF-8 without a mark reads back as marked (as in editors).
        fc.pre(!text.includes('\u0000') && (bom || encoding !== 'utf8' || !text.startsWith('\ufeff')));
        const r = decodeFileText(URI, encodeFileText(text, encoding, bom));
        expect(r).toEqual({ kind: 'text', text, encoding, bom: bom || encoding !== 'utf8' });
      }),
      { numRuns: 1000 },
    );
  });
});
