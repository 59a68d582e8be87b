/**
 * Packages only some CLI runs need, kept out of the CLI bundle `dist/cli-main.js` in
 * bundles of their own (scripts/cli-chunks.mjs): zod (`dist/cli-zod.js`), which validates
 * config files and rule options, and the `openai` SDK (`dist/cli-openai.js`), which only
 * `biaslens audit` uses. Together they were 60% of the bundle (1.4 of 2.3 MB), which
 * every run read, checksummed and turned into a string before compiling it with its code
 * cache, used or not. The CLI bundle requires such a package through `requireChunk`, on
 * its first use, which loads the chunk with its own code cache as the CLI bundle is.
 * This file runs from the CLI bundle only (its `__dirname` is `dist/`).
 */
import * as path from 'node:path';
import { codeCacheDir, requireWithCodeCache } from './codeCache.js';

/** `require` of the chunk `file` (a name in dist/, e.g. `cli-zod.js`), with its code cache. */
export function requireChunk(file: string): unknown {
  // The cache slot is the chunk's name (`cli-zod`): one cache per chunk, whatever command loads it.
  return requireWithCodeCache(path.join(__dirname, file), { cacheDir: codeCacheDir(process.env), slot: file.replace(/\.js$/, '') });
}
