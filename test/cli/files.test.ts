import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { readLintTarget, writeFileAtomic } from '../../server/src/cli/files.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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

  it('writes the target of a symbolic link, and the link stays a link', () => {
    const dir = path.join(tmp, 'atomic-link');
    fs.mkdirSync(path.join(dir, 'real'), { recursive: true });
    const target = path.join(dir, 'real', 'target.prompt');
    fs.writeFileSync(target, 'old');
    const link = path.join(dir, 'link.prompt');
    fs.symlinkSync(path.join('real', 'target.prompt'), link);
    writeFileAtomic(link, 'new text');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('new text');
    expect(fs.readdirSync(path.join(dir, 'real'))).toEqual(['target.prompt']);
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
