import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8Byte, readLintTarget, writeFileAtomic } from '../../server/src/cli/files.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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

describe('readLintTarget', () => {
  it('strips a BOM and remembers it', () => {
    const file = path.join(tmp, 'bom.prompt');
    fs.writeFileSync(file, '\ufeffQ: hi\n');
    const r = readLintTarget(file, 1000);
    expect(r).toMatchObject({ kind: 'text', text: 'Q: hi\n', bom: true });
  });

  it('refuses a file over the limit without reading it, with the engine message', () => {
    const file = path.join(tmp, 'big.prompt');
    fs.writeFileSync(file, 'x'.repeat(2048));
    const r = readLintTarget(file, 1024);
    expect(r.kind).toBe('refused');
    if (r.kind !== 'refused') return;
    expect(r.result.diagnostics[0]).toMatchObject({ ruleId: 'file-error', data: { size: 2048, limit: 1024 } });
    expect(r.result.diagnostics[0]!.message).toBe('File is too large to lint (2.0 KiB; the limit is 1.0 KiB, set by maxFileSize).');
  });

  it('reports a missing file and a non-regular file as I/O errors', () => {
    const missing = readLintTarget(path.join(tmp, 'nope.prompt'), 1000);
    expect(missing).toMatchObject({ kind: 'io-error', code: 'ENOENT', message: 'no such file or directory (ENOENT)' });
    const dir = readLintTarget(tmp, 1000);
    expect(dir).toMatchObject({ kind: 'io-error', message: 'not a regular file' });
  });

  it.skipIf(process.platform === 'win32')('does not block on a FIFO', () => {
    const fifo = path.join(tmp, 'pipe.prompt');
    execFileSync('mkfifo', [fifo]);
    expect(readLintTarget(fifo, 1000)).toMatchObject({ kind: 'io-error', message: 'not a regular file' });
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file through a rename and leaves no temp file', () => {
    const file = path.join(tmp, 'atomic', 'a.prompt');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'old', { mode: 0o600 });
    const ino = fs.statSync(file).ino;
    writeFileAtomic(file, 'new text');
    expect(fs.readFileSync(file, 'utf8')).toBe('new text');
    expect(fs.statSync(file).ino).not.toBe(ino);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['a.prompt']);
  });

  it('removes its temp file and throws when the rename fails', () => {
    const file = path.join(tmp, 'atomic2', 'a.prompt');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'old');
    // Renaming a file over a non-empty folder fails: use one as the target to reach the error path.
    const target = path.join(path.dirname(file), 'dir.prompt');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['a.prompt', 'dir.prompt']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });
});
