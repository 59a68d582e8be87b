/**
 * Loads a CommonJS bundle with V8's code cache, so a CLI run does not compile
 * the bundle's JavaScript again each time (Node 20 has no module.enableCompileCache).
 *
 * The cache is a file per (bundle path, command) in the user's cache folder. As in
 * Node's own compile cache, it is only used when it was made for this exact bundle
 * (its length and CRC-32), Node version and architecture, and when its data is intact
 * (a CRC-32 of the data): V8 itself checks little (its checksum is off in release
 * builds, and its source check is only the length), and running code from a cache of
 * another bundle would be wrong. Anything unusual (missing, truncated, corrupt, stale,
 * rejected by V8, unwritable folder, a Node without zlib.crc32) means compiling from
 * source as usual, never an error.
 *
 * The cache is written at exit, after the command ran, so it also holds the functions
 * V8 compiled lazily while running: a later run of the same command skips those too.
 * Writes are atomic (temporary file, then rename), so concurrent runs never see half a file.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
// zlib rather than crypto: a CRC-32 is all that is needed, and it is several times faster than a SHA.
import * as zlib from 'node:zlib';

const MAGIC = Buffer.from('BLV8CC02');

/** Where code caches go: `$XDG_CACHE_HOME/biaslens/v8` (default `~/.cache/biaslens/v8`); undefined when turned off. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const off = env.BIASLENS_NO_CODE_CACHE;
  if (off !== undefined && off !== '' && off !== '0') return undefined;
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    const home = os.homedir();
    if (!home) return undefined;
    base = path.join(home, '.cache');
  }
  return path.join(base, 'biaslens', 'v8');
}

/** zlib.crc32 (Node >= 20.15); undefined on older Node, which then runs without a cache. */
const crc32: ((data: Buffer | string) => number) | undefined = (zlib as { crc32?: (data: Buffer | string) => number }).crc32;

/** What a cache must have been made for: Node (hence V8) version, CPU, and the bundle's length and CRC-32. */
export function codeCacheKey(bundle: Buffer): Buffer | undefined {
  if (!crc32) return undefined;
  return Buffer.from(`${process.version}|${process.arch}|${bundle.length}|${crc32(bundle).toString(16)}`);
}

/** File layout: MAGIC, key length (u16), key, CRC-32 of the data (u32), data. */
function headerLength(key: Buffer): number {
  return MAGIC.length + 2 + key.length + 4;
}

/** The cached data in `file` if it is intact and was made for `key`; otherwise undefined. */
export function readCodeCache(file: string, key: Buffer): Buffer | undefined {
  if (!crc32) return undefined;
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const start = headerLength(key);
  if (data.length <= start || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (data.readUInt16BE(MAGIC.length) !== key.length || !data.subarray(MAGIC.length + 2, MAGIC.length + 2 + key.length).equals(key)) return undefined;
  const payload = data.subarray(start);
  if (crc32(payload) !== data.readUInt32BE(start - 4)) return undefined;
  return payload;
}

/** Writes the cache atomically; failures are ignored (the cache is only an optimisation). */
export function writeCodeCache(file: string, key: Buffer, payload: Buffer): void {
  if (!crc32) return;
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const header = Buffer.alloc(headerLength(key));
    MAGIC.copy(header);
    header.writeUInt16BE(key.length, MAGIC.length);
    key.copy(header, MAGIC.length + 2);
    header.writeUInt32BE(crc32(payload), header.length - 4);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, Buffer.concat([header, payload]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}

export interface CachedRequireOptions {
  /** Folder of the cache files; undefined: plain require, no cache. */
  cacheDir: string | undefined;
  /** Which cache slot of the bundle to use, e.g. the command name ([a-z-]+). */
  slot: string;
}

/**
 * `require(file)` for a self-contained CommonJS bundle (it may only require Node
 * built-ins and files by absolute path), compiled with the code cache when there is
 * one. Without a usable cache, the cache is written when the process exits.
 */
export function requireWithCodeCache(file: string, options: CachedRequireOptions): unknown {
  const useCache = !!options.cacheDir && /^[a-z][a-z-]{0,31}$/.test(options.slot) && !!crc32;
  // One file per bundle path and slot: a newer bundle at the same path replaces its cache rather than adding one.
  const cacheFile = useCache ? path.join(options.cacheDir!, `${crc32!(file).toString(16)}-${options.slot}.bin`) : undefined;
  // Not `require` without a cache: a bundle written already wrapped (see PREWRAPPED) must be compiled as it is.
  const loaded = loadWithCodeCache(file, cacheFile);
  if (!loaded) return require(file); // unreadable: let require report it
  if (cacheFile && !loaded.cacheUsed) process.once('exit', () => loaded.saveCache());
  return loaded.exports;
}

/**
 * How a CommonJS bundle that is written already wrapped starts: Node's module wrapper,
 * `(function (exports, require, module, __filename, __dirname) { ` ... `\n});` (see
 * scripts/build.mjs, which writes dist/cli-main.js so). Wrapping at run time makes the
 * source a concatenation, which V8 copies into one flat string before compiling it: for
 * the 2.3 MB CLI bundle, compiling with its cache took 18.8-19.7 ms wrapped at run time and
 * 5.6-7.7 ms written wrapped, with 600 fewer page faults. A bundle that does not start so (the
 * tests' bundles, for one) is wrapped here, as `require` would.
 */
export const PREWRAPPED = '(function (exports, require, module, __filename, __dirname) { ';

export interface LoadedBundle {
  exports: unknown;
  /** V8 compiled the bundle from the cache file (false: from source). */
  cacheUsed: boolean;
  /** Writes the cache file from what V8 has compiled so far; never throws. */
  saveCache(): void;
}

/**
 * Compiles and runs a CommonJS bundle (written already wrapped, see PREWRAPPED, or not)
 * with the code cache in `cacheFile` when it is valid, or without one when `cacheFile`
 * is undefined; undefined when the bundle cannot be read.
 */
export function loadWithCodeCache(file: string, cacheFile: string | undefined): LoadedBundle | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const key = cacheFile === undefined ? undefined : codeCacheKey(bytes);
  const cached = key && readCodeCache(cacheFile!, key);
  const source = bytes.toString('utf8');
  const script = new vm.Script(source.startsWith(PREWRAPPED) ? source : Module.wrap(source), {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
    // A bundle should not import() at run time, but if it does, it gets Node's loader, as under require.
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const cacheUsed = !!cached && !script.cachedDataRejected;

  const mod = new Module(file, require.main);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  compiled.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return {
    exports: mod.exports,
    cacheUsed,
    saveCache() {
      if (!key) return;
      try {
        writeCodeCache(cacheFile!, key, script.createCachedData());
      } catch {
        // ignore: see writeCodeCache
      }
    },
  };
}
