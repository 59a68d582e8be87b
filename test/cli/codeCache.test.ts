/**
 * The CLI's V8 code cache (server/src/cli/codeCache.ts): a cache is only used for the
 * exact bundle it was made for, and a missing, corrupt, truncated or stale cache is
 * ignored (and replaced); the CLI's output never depends on it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCacheDir, codeCacheKey, loadWithCodeCache, PREWRAPPED, readCodeCache, requireWithCodeCache, writeCodeCache } from '../../server/src/cli/codeCache.js';
import { ensureBuilt, makeProject, removeProjects, runCli } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-codecache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A bundle file whose export is `value`; bundles of one length differ only in content. */
function writeBundle(name: string, value: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `"use strict";\nfunction twice(s) { return s + s; }\nmodule.exports = { value: twice(${JSON.stringify(value)}), dir: __dirname, file: __filename, hasRequire: typeof require('node:path').join };\n`);
  return file;
}

describe('code cache file', () => {
  it('round-trips, and refuses another key, a flipped byte or a truncated file', () => {
    const file = path.join(tmp, 'rt.bin');
    const key = codeCacheKey(Buffer.from('bundle one'))!;
    const payload = Buffer.from('some cached data '.repeat(20));
    writeCodeCache(file, key, payload);
    expect(readCodeCache(file, key)).toEqual(payload);
    // Same length, other content: another key.
    expect(readCodeCache(file, codeCacheKey(Buffer.from('bundle two'))!)).toBeUndefined();

    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 5]! ^= 0x01;
    fs.writeFileSync(file, flipped);
    expect(readCodeCache(file, key)).toBeUndefined();
    fs.writeFileSync(file, good.subarray(0, good.length - 3));
    expect(readCodeCache(file, key)).toBeUndefined();
    fs.writeFileSync(file, Buffer.alloc(0));
    expect(readCodeCache(file, key)).toBeUndefined();
    expect(readCodeCache(path.join(tmp, 'missing.bin'), key)).toBeUndefined();
  });

  it('is keyed by the Node version, the architecture and the bundle', () => {
    const key = codeCacheKey(Buffer.from('x'))!.toString();
    expect(key).toContain(process.version);
    expect(key).toContain(process.arch);
    expect(codeCacheKey(Buffer.from('y'))!.toString()).not.toBe(key);
  });

  it('writing into a folder that cannot be made is ignored', () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => writeCodeCache(path.join(blocker, 'sub', 'c.bin'), codeCacheKey(Buffer.from('x'))!, Buffer.from('data'))).not.toThrow();
  });

  it('lives in the user cache folder and can be turned off', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'biaslens', 'v8'));
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache', BIASLENS_NO_CODE_CACHE: '1' })).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache', BIASLENS_NO_CODE_CACHE: '0' })).toBe(path.join('/x/cache', 'biaslens', 'v8'));
  });
});

describe('loading a bundle with the code cache', () => {
  it('uses the cache for the same bundle only, and ignores a stale or corrupt one', () => {
    const bundle = writeBundle('bundle.js', 'aaa');
    const cacheFile = path.join(tmp, 'v8', 'bundle.bin');

    const first = loadWithCodeCache(bundle, cacheFile)!;
    expect(first.cacheUsed).toBe(false);
    expect(first.exports).toEqual({ value: 'aaaaaa', dir: tmp, file: bundle, hasRequire: 'function' });
    first.saveCache();
    expect(fs.existsSync(cacheFile)).toBe(true);

    const second = loadWithCodeCache(bundle, cacheFile)!;
    expect(second.cacheUsed).toBe(true);
    expect(second.exports).toEqual(first.exports);

    // A rebuilt bundle of the same length (V8 alone would accept the old cache for it).
    writeBundle('bundle.js', 'bbb');
    const rebuilt = loadWithCodeCache(bundle, cacheFile)!;
    expect(rebuilt.cacheUsed).toBe(false);
    expect((rebuilt.exports as { value: string }).value).toBe('bbbbbb');
    rebuilt.saveCache();
    expect(loadWithCodeCache(bundle, cacheFile)!.cacheUsed).toBe(true);

    // Corrupt data is never handed to V8.
    const data = fs.readFileSync(cacheFile);
    data[data.length - 1]! ^= 0xff;
    fs.writeFileSync(cacheFile, data);
    const afterCorruption = loadWithCodeCache(bundle, cacheFile)!;
    expect(afterCorruption.cacheUsed).toBe(false);
    expect((afterCorruption.exports as { value: string }).value).toBe('bbbbbb');

    expect(loadWithCodeCache(path.join(tmp, 'no-such-bundle.js'), cacheFile)).toBeUndefined();
  });
});

describe('a bundle written already wrapped', () => {
  it('is compiled as it is, with or without a cache, and gives what the same bundle unwrapped gives', () => {
    const plain = writeBundle('plain.js', 'ccc');
    const wrapped = path.join(tmp, 'wrapped.js');
    fs.writeFileSync(wrapped, `${PREWRAPPED}${fs.readFileSync(plain, 'utf8')}\n});\n`);
    const expected = { value: 'cccccc', dir: tmp, file: wrapped, hasRequire: 'function' };
    // Wrapped again at run time, its body would never run: exports would stay {}.
    expect(loadWithCodeCache(wrapped, undefined)!.exports).toEqual(expected);
    const cacheFile = path.join(tmp, 'v8', 'wrapped.bin');
    const first = loadWithCodeCache(wrapped, cacheFile)!;
    expect(first.exports).toEqual(expected);
    first.saveCache();
    const second = loadWithCodeCache(wrapped, cacheFile)!;
    expect(second.cacheUsed).toBe(true);
    expect(second.exports).toEqual(expected);
    // Without a cache folder too (BIASLENS_NO_CODE_CACHE=1): not a plain require.
    expect(requireWithCodeCache(wrapped, { cacheDir: undefined, slot: 'lint' })).toEqual(expected);
  });

  it('is how the build writes dist/cli-main.js', async () => {
    await ensureBuilt();
    const head = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'cli-main.js'), 'latin1').slice(0, PREWRAPPED.length);
    expect(head).toBe(PREWRAPPED);
  }, 180_000);
});

describe('the CLI with and without its code cache', () => {
  beforeAll(ensureBuilt, 180_000);
  afterAll(removeProjects);

  it('prints the same output on a first run, a cached run, after corruption and with the cache off', () => {
    const dir = makeProject({ 'a.prompt': 'Q: 2+2?\n(A) 4\n(B) 5\nA: (A)\n\nQ: 3+3?\n(A) 6\n(B) 7\nA: (A)\n\nQ: 1+1?\n(A) 2\n(B) 3\nA: (A)\n' });
    const cacheHome = path.join(tmp, 'xdg');
    const run = (extra: Record<string, string> = {}) => runCli(['lint', '--format', 'json', 'a.prompt'], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome, ...extra } });
    const cacheFolder = path.join(cacheHome, 'biaslens', 'v8');

    const first = run();
    expect(first.stderr).toBe('');
    const files = fs.readdirSync(cacheFolder).filter((f) => f.endsWith('-lint.bin'));
    expect(files).toHaveLength(1);
    const cacheFile = path.join(cacheFolder, files[0]!);
    const written = fs.statSync(cacheFile).mtimeMs;

    expect(run()).toEqual(first);
    expect(fs.statSync(cacheFile).mtimeMs).toBe(written); // a valid cache is used, not rewritten

    const data = fs.readFileSync(cacheFile);
    data[Math.floor(data.length / 2)]! ^= 0xff;
    fs.writeFileSync(cacheFile, data);
    expect(run()).toEqual(first);
    expect(readCodeCache(cacheFile, readKeyOf(cacheFile))).toBeDefined(); // replaced by a good one

    fs.writeFileSync(cacheFile, 'garbage');
    expect(run()).toEqual(first);

    const off = path.join(tmp, 'xdg-off');
    expect(runCli(['lint', '--format', 'json', 'a.prompt'], { cwd: dir, env: { XDG_CACHE_HOME: off, BIASLENS_NO_CODE_CACHE: '1' } })).toEqual(first);
    expect(fs.existsSync(off)).toBe(false);
  });
});

/** The key stored in a cache file (to check that the file is intact without knowing the bundle). */
function readKeyOf(file: string): Buffer {
  const data = fs.readFileSync(file);
  const length = data.readUInt16BE(8);
  return data.subarray(10, 10 + length);
}
